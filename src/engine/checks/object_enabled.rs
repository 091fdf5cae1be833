use super::commands::object_enable;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The object is enabled: no `SecretDisabled` "Operation get is not allowed on a disabled
    /// secret".
    ///
    /// ## Why it matters
    /// A disabled secret (or one disabled version) answers 403 like a permission problem, yet
    /// no role or policy will fix it.
    ///
    /// ## Fix
    /// Enable the object (or the version the application asks for).
    pub OBJECT_ENABLED { id: "object-enabled", title: "The object is enabled", run: run }
}

fn run(case: &Case) -> Outcome {
    let kind = case.signal(SignalKind::ObjectKind).map_or("secret", |k| k.value.as_str());
    let name = case.signal(SignalKind::ObjectName).map_or(format!("<{kind}-name>"), |n| n.value.clone());
    match case.signal(SignalKind::ObjectDisabled) {
        Some(disabled) => Outcome::fail("The object is disabled")
            .evidence([disabled.at.clone()])
            .fix("Enable it (or the version requested).", vec![object_enable(kind, &case.vault_name(), &name)]),
        None => Outcome::skip("No disabled object in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::shown;

    #[test]
    fn disabled_fails() {
        insta::assert_snapshot!(shown(&[
                    r#"{"error":{"code":"Forbidden","message":"Operation get is not allowed on a disabled secret.","innererror":{"code":"SecretDisabled"}}}"#
                ],
                "object-enabled"), @r#"
                    fail: The object is disabled
                      > {"error":{"code":"Forbidden","message":"Operation get is not allowed on a disabled secret.","innererror":{"code":"SecretDisabled"}}}   (paste 1, line 1)
                    fix: Enable it (or the version requested).
                      $ az keyvault secret set-attributes --vault-name <vault-name> --name <secret-name> --enabled true
                    "#);
        insta::assert_snapshot!(shown(&["Status: 404\nSecretNotFound"], "object-enabled"), @r"skip: No disabled object in the pastes");
    }
}
