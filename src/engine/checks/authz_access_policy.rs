use super::commands::set_policy;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// In a vault that uses access policies, a policy for the caller's object id grants the
    /// permission the error names ("does not have secrets get permission").
    ///
    /// ## Why it matters
    /// Policies are per object id: a policy for the app registration's object id does not cover
    /// its service principal, a new managed identity or a deployment slot has a new id, and an
    /// ARM/Bicep redeploy replaces all policies. Purge is never granted by default.
    ///
    /// ## Fix
    /// Vault > Access policies > Create: pick the missing permission and the caller's principal
    /// (by the `oid` in the error), or `az keyvault set-policy`.
    pub AUTHZ_ACCESS_POLICY { id: "authz-access-policy", title: "An access policy grants the caller what it asked", run: run }
}

fn run(case: &Case) -> Outcome {
    let vault = case.vault_name();
    let missing = case.signal(SignalKind::MissingPermission);
    let oid = case.signal(SignalKind::CallerObjectId);
    if case.config.rbac.as_ref().is_some_and(|r| r.value) || case.code("ForbiddenByRbac").is_some() {
        return Outcome::skip("The vault uses Azure RBAC; access policies are ignored");
    }
    if let (None, Some(none)) = (missing, case.signal(SignalKind::NoAccessPolicy)) {
        let oid_value = oid.map_or("<caller-object-id>", |o| o.value.as_str());
        return Outcome::fail(format!("The caller {oid_value} is on none of the vault's access policies"))
            .evidence([none.at.clone()])
            .evidence(oid.map(|o| o.at.clone()))
            .fix(
                "Create an access policy for the caller's object id with the permissions it needs.",
                vec![set_policy(&vault, oid_value, "secrets", "get list")],
            );
    }
    let Some(missing) = missing else {
        return match case.code("ForbiddenByPolicy").or_else(|| case.code("AccessDenied")) {
            Some(code) if case.signal(SignalKind::KeyOperation).is_none() => {
                Outcome::unknown("An access policy denial without the permission it lacked")
                    .evidence([code.at.clone()])
                    .next("Paste the whole error message: it names the missing permission and the caller.", vec![])
            }
            _ => Outcome::skip("No access policy denial in the pastes"),
        };
    };
    let (kind, verb) = missing.value.split_once(' ').unwrap_or(("secrets", missing.value.as_str()));
    let oid_value = oid.map_or("<caller-object-id>", |o| o.value.as_str());
    let grant = set_policy(&vault, oid_value, kind, verb);
    let policy =
        oid.and_then(|o| case.config.access_policies.iter().find(|p| p.object_id.value.eq_ignore_ascii_case(&o.value)));
    match policy {
        Some(p) if p.permissions.iter().any(|(k, v)| k == kind && (v == verb || v == "all")) => Outcome::warn(format!("The policy for {oid_value} grants {kind} {verb}, yet the vault refused it"))
            .evidence([missing.at.clone(), p.object_id.at.clone()])
            .fix("A policy change takes a moment to apply; retry. Group-based grants may need the caller's token to refresh.", vec![]),
        Some(p) => Outcome::fail(format!("The access policy for {oid_value} lacks {kind} {verb}"))
            .evidence([missing.at.clone(), p.object_id.at.clone()])
            .fix(format!("Add {kind} {verb} to the caller's policy."), vec![grant]),
        None => Outcome::fail(format!("The caller {oid_value} has no access policy granting {kind} {verb}"))
            .evidence([missing.at.clone()])
            .evidence(oid.map(|o| o.at.clone()))
            .fix(format!("Create an access policy for the caller's object id with {kind} {verb}."), vec![grant]),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, pastes, shown, step};
    use crate::engine::report::Status;

    const DENIED: &str = r#"{"error":{"code":"Forbidden","message":"The user, group or application 'appid=1;oid=5d3f;iss=https://sts.windows.net/t/' does not have secrets get permission on key vault 'contoso;location=eastus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"ForbiddenByPolicy"}}}"#;

    #[test]
    fn missing_get_fails_with_set_policy() {
        let step = step(&[DENIED], "authz-access-policy");
        insta::assert_snapshot!(shown(&[DENIED], "authz-access-policy"), @r#"
            fail: The caller 5d3f has no access policy granting secrets get
              > {"error":{"code":"Forbidden","message":"The user, group or application 'appid=1;oid=5d3f;iss=https://sts.windows.net/t/' does not have secrets get permission on key vault 'contoso;location=eastus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"ForbiddenByPolicy"}}}   (paste 1, line 1)
            fix: Create an access policy for the caller's object id with secrets get.
              $ az keyvault set-policy --name contoso --object-id 5d3f --secret-permissions get
            "#);
        assert_eq!(step.status, Status::Fail);
        assert_eq!(
            step.fix.unwrap().commands,
            vec!["az keyvault set-policy --name contoso --object-id 5d3f --secret-permissions get"]
        );
        let vault = r#"{"name":"contoso","properties":{"vaultUri":"https://contoso.vault.azure.net/","enableRbacAuthorization":false,"accessPolicies":[{"objectId":"5d3f","permissions":{"secrets":["list"]}}]}}"#;
        let with_policy = crate::engine::checks::testing::step(&[DENIED, vault], "authz-access-policy");
        assert_eq!(with_policy.status, Status::Fail);
        assert!(with_policy.title.contains("lacks secrets get"));
        let granted = vault.replace("[\"list\"]", "[\"Get\", \"List\"]");
        assert_eq!(crate::engine::checks::testing::status(&[DENIED, &granted], "authz-access-policy"), Status::Warn);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/az-keyvault-clean.txt"), "authz-access-policy"), @r"skip: The vault uses Azure RBAC; access policies are ignored");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "authz-access-policy"), @r"skip: No access policy denial in the pastes");
        insta::assert_snapshot!(shown(&pastes("static/examples/cases/access-policy-missing-get"), "authz-access-policy"), @r#"
            fail: The access policy for 3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10 lacks secrets get
              > {"error":{"code":"Forbidden","message":"The user, group or application 'appid=9c2e4a1b-7d3f-4e8a-b6c5-0f1e2d3c4b5a;oid=3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/' does not have secrets get permission on key vault 'fabrikam;location=eastus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"ForbiddenByPolicy"}}}   (paste 1, line 1)
              > "objectId": "3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10",   (paste 2, line 8)
            fix: Add secrets get to the caller's policy.
              $ az keyvault set-policy --name fabrikam --object-id 3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10 --secret-permissions get
            "#);
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // on no policy at all
        insta::assert_snapshot!(shown(&[message("policy-none")], "authz-access-policy"), @r#"
            fail: The caller 731b021b-d6c0-41f7-b417-9874875730dc is on none of the vault's access policies
              > Status=403 Code="Forbidden" Message="Access denied. Caller was not found on any access policy.   (paste 1, line 1)
              > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=731b021b-d6c0-41f7-b417-9874875730dc;numgroups=2;iss=https://sts.windows.net/a5aa424e-5d6f-47c9-bf70-a1310f4be302/   (paste 1, line 1)
            fix: Create an access policy for the caller's object id with the permissions it needs.
              $ az keyvault set-policy --name demotfe --object-id 731b021b-d6c0-41f7-b417-9874875730dc --secret-permissions get list
            "#);
        // a denial that names no permission
        insta::assert_snapshot!(shown(&[message("policy-code")], "authz-access-policy"), @r#"
            unknown: An access policy denial without the permission it lacked
              > "innererror":{"code":"ForbiddenByPolicy"}   (paste 1, line 1)
            next: Paste the whole error message: it names the missing permission and the caller.
            "#);
        // a policy that grants what was refused
        insta::assert_snapshot!(shown(&[message("policy-secrets").as_str(), r#"{"name":"kv1","properties":{"vaultUri":"https://kv1.vault.azure.net/","enableRbacAuthorization":false,"accessPolicies":[{"objectId":"6f1e1b7c-2a4d-4c3e-9d3e-2b9b1c6f0a11","tenantId":"t","permissions":{"secrets":["get","list"]}}]}}"#], "authz-access-policy"), @r#"
            warn: The policy for 6f1e1b7c-2a4d-4c3e-9d3e-2b9b1c6f0a11 grants secrets get, yet the vault refused it
              > The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=6f1e1b7c-2a4d-4c3e-9d3e-2b9b1c6f0a11' does not have secrets get permission on key vault 'kv1;location=eastus'.   (paste 1, line 1)
              > "objectId":"6f1e1b7c-2a4d-4c3e-9d3e-2b9b1c6f0a11" (in properties.accessPolicies[0])   (paste 2, line 1)
            fix: A policy change takes a moment to apply; retry. Group-based grants may need the caller's token to refresh.
            "#);
    }
}
