use super::commands::{policy_assignments, role_assign, role_list, vault_id_lookup};
use super::roles::{is_data_role, role_for};
use super::{declare_check, listing, Case, Outcome};
use crate::engine::facts::SignalKind;
use crate::engine::names::{arg, NameKind};

declare_check! {
    /// ## What it checks
    /// In an RBAC vault, the caller holds a Key Vault data-plane role that covers the action it
    /// attempted (`Action:` in a `ForbiddenByRbac` error).
    ///
    /// ## Why it matters
    /// Owner, Contributor and Key Vault Contributor manage the vault resource only; they give no
    /// access to secrets, keys or certificates — not even to the vault's creator. Assignments
    /// take a few minutes to apply, and are lost when a vault is deleted and recovered.
    ///
    /// ## Fix
    /// Vault > Access control (IAM) > Add role assignment: e.g. "Key Vault Secrets User" to read
    /// secrets, "Key Vault Secrets Officer" to write them, "Key Vault Crypto User" for key
    /// operations. Assign it to the caller's object id at the vault's scope; wait ~5 minutes.
    ///
    /// A refusal from Azure Resource Manager (`AuthorizationFailed` on `Microsoft.KeyVault/vaults/…`,
    /// `RequestDisallowedByPolicy`) is the management plane: creating, reading or changing the
    /// vault resource. Data roles and access policies do not help there; a management role
    /// (Key Vault Contributor, Reader, Role Based Access Control Administrator) or the policy does.
    pub AUTHZ_RBAC { id: "authz-rbac", title: "The caller holds a Key Vault data role", run: run }
}

fn run(case: &Case) -> Outcome {
    if let Some(outcome) = management_plane(case) {
        return outcome;
    }
    let denied = case.code("ForbiddenByRbac");
    let lists = &case.facts.role_lists;
    let assignments: Vec<_> = lists.iter().flat_map(|l| &l.assignments).collect();
    let data_role = assignments.iter().find(|a| is_data_role(&a.role.value));
    let oid = case.signal(SignalKind::CallerObjectId).map_or("<caller-object-id>".to_string(), |s| s.value.clone());
    let scope = case
        .config
        .id
        .as_ref()
        .map_or_else(|| vault_id_lookup(&case.vault_name()), |id| arg(NameKind::ResourceId, &id.value));
    let action = case.signal(SignalKind::RbacAction);
    let role = action.map_or("Key Vault Secrets User", |a| role_for(&a.value));
    let grant = role_assign(role, &oid, &scope);
    if case.config.rbac.as_ref().is_some_and(|r| !r.value) && denied.is_none() {
        return Outcome::skip("The vault uses access policies, not roles");
    }
    if let Some(denied) = denied {
        if let Some(role) = data_role {
            return Outcome::warn(format!("The vault refused the caller although a {} assignment is listed", role.role.value))
                .evidence([denied.at.clone(), role.role.at.clone()])
                .fix("Check the assignment is for this caller's object id and covers the vault's scope, and allow a few minutes after a change.", vec![grant]);
        }
        let what = action.map_or("the action".to_string(), |a| a.value.clone());
        let only_mgmt = if assignments.is_empty() {
            String::new()
        } else {
            " (its roles manage the vault but give no data access)".to_string()
        };
        return Outcome::fail(format!("The caller has no data role for {what}{only_mgmt}"))
            .evidence([denied.at.clone()])
            .evidence(action.map(|a| a.at.clone()))
            .evidence(assignments.iter().map(|a| a.role.at.clone()).take(3))
            .fix(
                format!("Assign \"{role}\" to the caller ({oid}) on the vault, then wait a few minutes."),
                vec![grant],
            );
    }
    if let Some(role) = data_role {
        return Outcome::pass(format!("The caller holds {}", role.role.value)).evidence([role.role.at.clone()]);
    }
    if let Some(list) = lists.iter().find(|l| l.assignments.is_empty()) {
        return Outcome::unknown("The role assignment list is empty, which proves nothing: without --all or --scope it shows only subscription-level assignments")
            .evidence([list.at.clone()])
            .next("List the caller's assignments at the vault's scope, inherited ones included.", vec![role_list(&oid, &scope)]);
    }
    if let Some(a) = assignments.first() {
        return Outcome::fail(format!(
            "The listed roles ({}) manage the vault but give no access to its data",
            listing(assignments.iter().map(|a| a.role.value.clone()))
        ))
        .evidence([a.role.at.clone()])
        .fix(format!("Assign a data role such as \"{role}\"."), vec![grant]);
    }
    Outcome::skip("No role evidence in the pastes")
}

/// Azure Resource Manager's refusals: the vault as a resource, never its data.
fn management_plane(case: &Case) -> Option<Outcome> {
    if let Some(policy) = case.signal(SignalKind::PolicyDisallowed) {
        return Some(
            Outcome::fail("Azure Policy refused the change to the vault (management plane)")
                .evidence([policy.at.clone()])
                .fix(
                    "Read the policy the error names and make the request comply (for example firewall on, public access off), or ask its owner for an exemption. No role on the vault changes a policy's denial.",
                    vec![policy_assignments()],
                ),
        );
    }
    let denied = case.signal(SignalKind::ManagementDenied)?;
    let action = case.signal(SignalKind::ManagementAction);
    let what = action.map_or("the action".to_string(), |a| a.value.clone());
    let lower = what.to_ascii_lowercase();
    let role = if lower.starts_with("microsoft.authorization/") {
        "Role Based Access Control Administrator"
    } else if lower.ends_with("/read") {
        "Reader"
    } else {
        "Key Vault Contributor"
    };
    let caller =
        case.signal(SignalKind::ManagementCaller).map_or("<caller-object-id>".to_string(), |c| c.value.clone());
    let scope = case
        .config
        .id
        .as_ref()
        .map_or_else(|| vault_id_lookup(&case.vault_name()), |id| arg(NameKind::ResourceId, &id.value));
    Some(
        Outcome::fail(format!(
            "Azure Resource Manager refused {what}: the caller has no management role for it (data roles and access policies do not give it)"
        ))
        .evidence([denied.at.clone()])
        .evidence(action.map(|a| a.at.clone()))
        .fix(
            format!("Assign \"{role}\" to the caller ({caller}) at the vault's scope or above, or run the deployment as a principal that holds it."),
            vec![role_list(&caller, &scope), role_assign(role, &caller, &scope)],
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    const DENIED: &str = "(Forbidden) Caller is not authorized to perform action on resource.\nCaller: appid=1;oid=9a2c0b6e-0000-4000-8000-000000000001;iss=x\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nAssignment: (not found)\nVault: contoso;location=westeurope\nInner error: {\"code\": \"ForbiddenByRbac\"}";
    const CONTRIBUTOR_ONLY: &str =
        r#"[{"principalName": "app-web", "roleDefinitionName": "Contributor", "scope": "/subscriptions/0"}]"#;

    #[test]
    fn denial_with_only_contributor_fails_with_the_grant() {
        let step = step(&[DENIED, CONTRIBUTOR_ONLY], "authz-rbac");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("give no data access"), "{}", step.title);
        let command = &step.fix.unwrap().commands[0];
        assert!(
            command.contains("\"Key Vault Secrets User\"") && command.contains("9a2c0b6e-0000-4000-8000-000000000001"),
            "{command}"
        );
    }

    #[test]
    fn data_role_passes_and_empty_list_is_unknown() {
        assert_eq!(
            status(&[r#"[{"roleDefinitionName": "Key Vault Secrets User", "principalId": "1"}]"#], "authz-rbac"),
            Status::Pass
        );
        assert_eq!(status(&["$ az role assignment list --assignee 1\n[]"], "authz-rbac"), Status::Unknown);
    }
}
