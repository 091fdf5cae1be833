use super::commands::{access_token_for, vault_resource};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The token's audience is Key Vault's resource for the vault's cloud: `https://vault.azure.net`
    /// (China `https://vault.azure.cn`, US Government `https://vault.usgovcloudapi.net`).
    /// AKV10022 "Invalid audience" says it is not.
    ///
    /// ## Why it matters
    /// A token for Azure Resource Manager (`https://management.azure.com/`), for the vault's URL
    /// itself, or for an application id is refused. (One Microsoft page names the resource
    /// `https://vault.keyvault.net`; that is a typo.)
    ///
    /// ## Fix
    /// Request the token for resource `https://vault.azure.net` (scope
    /// `https://vault.azure.net/.default`), or the cloud's own Key Vault resource.
    pub AUTH_AUDIENCE { id: "auth-audience", title: "The token is for Key Vault", run: run }
}

fn run(case: &Case) -> Outcome {
    if let Some(found) = case.signal(SignalKind::FoundAudience).or_else(|| case.code("AKV10022")) {
        let resource = vault_resource(case);
        let what = if found.kind == SignalKind::FoundAudience {
            format!("The token is for {}, not Key Vault", found.value)
        } else {
            "The token is not for Key Vault (AKV10022)".to_string()
        };
        return Outcome::fail(what).evidence([found.at.clone()]).fix(
            format!("Request the token for resource {resource} (scope {resource}/.default)."),
            vec![access_token_for(&resource)],
        );
    }
    match case.signal(SignalKind::CallerObjectId) {
        Some(c) => {
            Outcome::pass("The vault accepted the token's audience (it named the caller)").evidence([c.at.clone()])
        }
        None => Outcome::skip("No audience evidence in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    #[test]
    fn wrong_audience_fails() {
        let step = step(
            &["AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/."],
            "auth-audience",
        );
        insta::assert_snapshot!(shown(&["AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/."],
            "auth-audience"), @r"
                fail: The token is for https://management.azure.com/, not Key Vault
                  > AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/.   (paste 1, line 1)
                fix: Request the token for resource https://vault.azure.net (scope https://vault.azure.net/.default).
                  $ az account get-access-token --resource https://vault.azure.net
                ");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("https://management.azure.com/"));
        insta::assert_snapshot!(shown(&["Caller: appid=1;oid=2;iss=x\nForbiddenByRbac"], "auth-audience"), @r"
            pass: The vault accepted the token's audience (it named the caller)
              > Caller: appid=1;oid=2;iss=x   (paste 1, line 1)
            ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "auth-audience"), @r"skip: No audience evidence in the pastes");
    }
}
