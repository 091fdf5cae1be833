use super::commands::login_tenant;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The token was issued by the vault's own tenant (`tenantId`, "Directory ID" on the
    /// Overview page). AKV10032 "Invalid issuer" says it was not.
    ///
    /// ## Why it matters
    /// A vault accepts tokens only from its tenant. The CLI or PowerShell signed in to another
    /// tenant, a guest account authenticating at home, or a subscription moved to a new tenant
    /// without updating the vault all end here.
    ///
    /// ## Fix
    /// Sign in to the vault's tenant (`az login --tenant <tenantId>`, or set `AZURE_TENANT_ID`).
    /// After a subscription move, set the vault's `tenantId` to the new tenant and grant access
    /// again.
    pub AUTH_TENANT { id: "auth-tenant", title: "The token comes from the vault's tenant", run: run }
}

fn run(case: &Case) -> Outcome {
    let expected = case.signal(SignalKind::ExpectedIssuer);
    let found = case.signal(SignalKind::FoundIssuer);
    if let (Some(expected), Some(found)) = (expected, found) {
        return Outcome::fail(format!("The token comes from tenant {}, but the vault belongs to tenant {}", found.value, expected.value))
            .evidence([expected.at.clone()])
            .fix(format!("Sign in to tenant {} (or set AZURE_TENANT_ID); after a subscription move, update the vault's tenantId.", expected.value), vec![login_tenant(&expected.value)]);
    }
    if let (Some(tenant), Some(issuer)) = (&case.config.tenant, case.signal(SignalKind::CallerIssuer)) {
        if !issuer.value.to_ascii_lowercase().contains(&tenant.value.to_ascii_lowercase()) {
            return Outcome::fail(format!(
                "The caller's token issuer {} is not the vault's tenant {}",
                issuer.value, tenant.value
            ))
            .evidence([issuer.at.clone(), tenant.at.clone()])
            .fix(format!("Sign in to tenant {}.", tenant.value), vec![login_tenant(&tenant.value)]);
        }
        return Outcome::pass(format!("The token comes from the vault's tenant {}", tenant.value))
            .evidence([issuer.at.clone(), tenant.at.clone()]);
    }
    match case.signal(SignalKind::CallerIssuer) {
        Some(issuer) if case.signal(SignalKind::InnerCode).is_some() => {
            Outcome::pass("The vault accepted the token's issuer (it named the caller)").evidence([issuer.at.clone()])
        }
        _ => Outcome::skip("No tenant evidence in the pastes"),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::step;
    use crate::engine::report::Status;

    #[test]
    fn akv10032_fails_with_the_tenant_to_use() {
        let text = "Status: 401 (Unauthorized)\nAKV10032: Invalid issuer. Expected one of https://sts.windows.net/11111111-1111-1111-1111-111111111111/, found https://sts.windows.net/22222222-2222-2222-2222-222222222222/.";
        let step = step(&[text], "auth-tenant");
        assert_eq!(step.status, Status::Fail);
        assert_eq!(step.fix.unwrap().commands, vec!["az login --tenant 11111111-1111-1111-1111-111111111111"]);
        let ok =
            "Caller: appid=1;oid=2;iss=https://sts.windows.net/11111111-1111-1111-1111-111111111111/\nForbiddenByRbac";
        let vault = r#"{"name":"contoso","properties":{"vaultUri":"https://contoso.vault.azure.net/","tenantId":"11111111-1111-1111-1111-111111111111"}}"#;
        assert_eq!(crate::engine::checks::testing::status(&[ok, vault], "auth-tenant"), Status::Pass);
    }
}
