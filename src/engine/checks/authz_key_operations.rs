use super::commands::key_allow_all_operations;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The key's permitted operations (`key_ops`) include the one requested: "Operation is not
    /// allowed" with `Operation: "decrypt"` says they do not.
    ///
    /// ## Why it matters
    /// This 403 (`ForbiddenByPolicy`) looks like a permission problem, but the caller is
    /// authorized: the key itself was created or updated without that operation.
    ///
    /// ## Fix
    /// Update the key's permitted operations to include the one the application needs.
    pub AUTHZ_KEY_OPERATIONS { id: "authz-key-operations", title: "The key allows the requested operation", run: run }
}

fn run(case: &Case) -> Outcome {
    // "Operation is not allowed." alone names no operation; a later `Operation: "decrypt"` does.
    let ops = case.signals(SignalKind::KeyOperation);
    match ops.iter().find(|o| !o.value.starts_with('(')).or(ops.first()) {
        Some(op) => {
            Outcome::fail(format!("The key does not allow the operation {}", op.value)).evidence([op.at.clone()]).fix(
                format!("Add {} to the key's permitted operations.", op.value),
                vec![key_allow_all_operations(&case.vault_name())],
            )
        }
        None => Outcome::skip("No key operation refusal in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::shown;

    #[test]
    fn refused_operation_fails() {
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nOperation is not allowed.\\r\\nOperation: \"decrypt\"\\r\\nCaller: appid=1;oid=2;iss=x\nForbiddenByPolicy"], "authz-key-operations"), @r#"
            fail: The key does not allow the operation decrypt
              > Operation: "decrypt"   (paste 1, line 2)
            fix: Add decrypt to the key's permitted operations.
              $ az keyvault key set-attributes --vault-name <vault-name> --name <key-name> --ops encrypt decrypt wrapKey unwrapKey sign verify
            "#);
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nForbiddenByRbac"], "authz-key-operations"), @r"skip: No key operation refusal in the pastes");
    }
}
