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
mod tests {
    use crate::engine::checks::testing::step;
    use crate::engine::report::Status;

    const DENIED: &str = r#"{"error":{"code":"Forbidden","message":"The user, group or application 'appid=1;oid=5d3f;iss=https://sts.windows.net/t/' does not have secrets get permission on key vault 'contoso;location=eastus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"ForbiddenByPolicy"}}}"#;

    #[test]
    fn missing_get_fails_with_set_policy() {
        let step = step(&[DENIED], "authz-access-policy");
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
}
