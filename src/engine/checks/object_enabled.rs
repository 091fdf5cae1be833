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
mod tests {
    use crate::engine::checks::testing::status;
    use crate::engine::report::Status;

    #[test]
    fn disabled_fails() {
        assert_eq!(
            status(
                &[
                    r#"{"error":{"code":"Forbidden","message":"Operation get is not allowed on a disabled secret.","innererror":{"code":"SecretDisabled"}}}"#
                ],
                "object-enabled"
            ),
            Status::Fail
        );
        assert_eq!(status(&["Status: 404\nSecretNotFound"], "object-enabled"), Status::Skip);
    }
}
