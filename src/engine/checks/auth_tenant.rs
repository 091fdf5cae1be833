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
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, pastes, shown, step};
    use crate::engine::report::Status;

    #[test]
    fn akv10032_fails_with_the_tenant_to_use() {
        let text = "Status: 401 (Unauthorized)\nAKV10032: Invalid issuer. Expected one of https://sts.windows.net/11111111-1111-1111-1111-111111111111/, found https://sts.windows.net/22222222-2222-2222-2222-222222222222/.";
        let step = step(&[text], "auth-tenant");
        insta::assert_snapshot!(shown(&[text], "auth-tenant"), @r"
            fail: The token comes from tenant 22222222-2222-2222-2222-222222222222, but the vault belongs to tenant 11111111-1111-1111-1111-111111111111
              > AKV10032: Invalid issuer. Expected one of https://sts.windows.net/11111111-1111-1111-1111-111111111111/, found https://sts.windows.net/22222222-2222-2222-2222-222222222222/.   (paste 1, line 2)
            fix: Sign in to tenant 11111111-1111-1111-1111-111111111111 (or set AZURE_TENANT_ID); after a subscription move, update the vault's tenantId.
              $ az login --tenant 11111111-1111-1111-1111-111111111111
            ");
        assert_eq!(step.status, Status::Fail);
        assert_eq!(step.fix.unwrap().commands, vec!["az login --tenant 11111111-1111-1111-1111-111111111111"]);
        let ok =
            "Caller: appid=1;oid=2;iss=https://sts.windows.net/11111111-1111-1111-1111-111111111111/\nForbiddenByRbac";
        let vault = r#"{"name":"contoso","properties":{"vaultUri":"https://contoso.vault.azure.net/","tenantId":"11111111-1111-1111-1111-111111111111"}}"#;
        assert_eq!(crate::engine::checks::testing::status(&[ok, vault], "auth-tenant"), Status::Pass);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/cases/unread-between"), "auth-tenant"), @r#"
            pass: The token comes from the vault's tenant 72f988bf-86f1-41af-91ab-2d7cd011db47
              > Caller: appid=9c2e4a1b-7d3f-4e8a-b6c5-0f1e2d3c4b5a;oid=3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/   (paste 1, line 3)
              > "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",   (paste 3, line 32)
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/error-clean.txt"), "auth-tenant"), @r"
            pass: The vault accepted the token's issuer (it named the caller)
              > Caller: appid=9c2e4a1b-7d3f-4e8a-b6c5-0f1e2d3c4b5a;oid=3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/   (paste 1, line 1)
            ");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "auth-tenant"), @r"skip: No tenant evidence in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // the caller's issuer is another tenant than the vault's
        insta::assert_snapshot!(shown(&[message("policy-none").as_str(), r#"{"name":"demoTFE","properties":{"vaultUri":"https://demotfe.vault.azure.net/","tenantId":"11111111-1111-1111-1111-111111111111"}}"#], "auth-tenant"), @r#"
            fail: The caller's token issuer https://sts.windows.net/a5aa424e-5d6f-47c9-bf70-a1310f4be302/ is not the vault's tenant 11111111-1111-1111-1111-111111111111
              > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=731b021b-d6c0-41f7-b417-9874875730dc;numgroups=2;iss=https://sts.windows.net/a5aa424e-5d6f-47c9-bf70-a1310f4be302/   (paste 1, line 1)
              > "tenantId":"11111111-1111-1111-1111-111111111111" (in properties)   (paste 2, line 1)
            fix: Sign in to tenant 11111111-1111-1111-1111-111111111111.
              $ az login --tenant 11111111-1111-1111-1111-111111111111
            "#);
    }
}
