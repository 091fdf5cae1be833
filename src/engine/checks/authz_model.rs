use super::commands::vault_access;
use super::roles::is_data_role;
use super::{declare_check, Case, Outcome};

declare_check! {
    /// ## What it checks
    /// Access is granted in the permission model the vault uses: Azure roles when
    /// `enableRbacAuthorization` is true, access policies when it is false.
    ///
    /// ## Why it matters
    /// The two models never combine. With RBAC on, access policies are ignored (adding one may
    /// still "succeed"); with RBAC off, data-plane role assignments are ignored. `ForbiddenByRbac`
    /// means the vault uses roles, `ForbiddenByPolicy` or `AccessDenied` that it uses policies.
    ///
    /// ## Fix
    /// Grant access in the model the vault uses (Access configuration on the vault shows it), or
    /// switch models deliberately: switching to RBAC drops every access policy at once.
    pub AUTHZ_MODEL { id: "authz-model", title: "Access is granted in the model the vault uses", run: run }
}

fn run(case: &Case) -> Outcome {
    let vault = case.vault_name();
    let rbac_error = case.code("ForbiddenByRbac").or_else(|| case.code("DeniedWithNoValidRBAC"));
    let policy_error = case
        .code("ForbiddenByPolicy")
        .or_else(|| case.code("AccessDenied"))
        .filter(|_| case.code("ForbiddenByRbac").is_none());
    let data_roles = case.facts.role_lists.iter().flat_map(|l| &l.assignments).find(|a| is_data_role(&a.role.value));
    let rbac = case.config.rbac.as_ref().map(|r| r.value).or(rbac_error.map(|_| true)).or(policy_error.map(|_| false));
    let setting = case.config.rbac.as_ref().map(|r| r.at.clone());
    match rbac {
        Some(true) if !case.config.access_policies.is_empty() && rbac_error.is_some() => Outcome::fail("The vault uses Azure RBAC, so its access policies are ignored")
            .evidence(rbac_error.map(|e| e.at.clone()))
            .evidence(setting)
            .evidence(case.config.access_policies.first().map(|p| p.object_id.at.clone()))
            .fix(format!("Grant a Key Vault data role instead of an access policy (or switch {vault} back to access policies on purpose)."), vec![]),
        Some(false) if data_roles.is_some() && policy_error.is_some() => Outcome::fail("The vault uses access policies, so role assignments are ignored")
            .evidence(policy_error.map(|e| e.at.clone()))
            .evidence(data_roles.map(|r| r.role.at.clone()))
            .fix(format!("Add an access policy for the caller (or switch {vault} to Azure RBAC on purpose)."), vec![]),
        Some(true) => Outcome::pass("The vault uses Azure RBAC: grant roles, not access policies").evidence(setting.or(rbac_error.map(|e| e.at.clone()))),
        Some(false) => Outcome::pass("The vault uses access policies: grant policies, not roles").evidence(setting.or(policy_error.map(|e| e.at.clone()))),
        None if case.unexplained_403().is_some() => Outcome::unknown("The vault's permission model is not in the pastes")
            .evidence(case.unexplained_403().map(|s| s.at.clone()))
            .next("Paste the vault's access settings.", vec![vault_access(&vault)]),
        None => Outcome::skip("No authorization evidence in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, pastes, shown};

    #[test]
    fn policies_on_an_rbac_vault_fail() {
        let vault = r#"{"name":"contoso","properties":{"vaultUri":"https://contoso.vault.azure.net/","enableRbacAuthorization":true,"accessPolicies":[{"objectId":"2","tenantId":"t","permissions":{"secrets":["get"]}}]}}"#;
        let error = "Status: 403 (Forbidden)\nCaller: appid=1;oid=2;iss=x\nForbiddenByRbac";
        insta::assert_snapshot!(shown(&[vault, error], "authz-model"), @r#"
            fail: The vault uses Azure RBAC, so its access policies are ignored
              > ForbiddenByRbac   (paste 2, line 3)
              > "enableRbacAuthorization":true (in properties)   (paste 1, line 1)
              > "objectId":"2" (in properties.accessPolicies[0])   (paste 1, line 1)
            fix: Grant a Key Vault data role instead of an access policy (or switch contoso back to access policies on purpose).
            "#);
        insta::assert_snapshot!(shown(&[error], "authz-model"), @r"
            pass: The vault uses Azure RBAC: grant roles, not access policies
              > ForbiddenByRbac   (paste 1, line 3)
            ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("static/examples/cases/access-policy-missing-get"), "authz-model"), @r#"
            pass: The vault uses access policies: grant policies, not roles
              > "enableRbacAuthorization": false,   (paste 2, line 13)
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/http-headers-clean.txt"), "authz-model"), @r#"
            unknown: The vault's permission model is not in the pastes
              > HTTP/1.1 403 Forbidden   (paste 1, line 1)
            next: Paste the vault's access settings.
              $ az keyvault show --name <vault-name> --query "{rbac:properties.enableRbacAuthorization, tenant:properties.tenantId, policies:properties.accessPolicies[].{oid:objectId, perms:permissions}}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "authz-model"), @r"skip: No authorization evidence in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // a data role on a vault that uses access policies
        insta::assert_snapshot!(shown(&[message("policy-secrets").as_str(), pastes("tests/fixtures/inputs/az-role-assignments-clean.txt")[0].as_str()], "authz-model"), @r#"
            fail: The vault uses access policies, so role assignments are ignored
              > The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=6f1e1b7c-2a4d-4c3e-9d3e-2b9b1c6f0a11' does not have secrets get permission on key vault 'kv1;location=eastus'.   (paste 1, line 1)
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 2, line 2)
            fix: Add an access policy for the caller (or switch kv1 to Azure RBAC on purpose).
            "#);
    }
}
