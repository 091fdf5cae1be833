use super::commands::{policy_assignments, role_assign, role_assign_to, role_list, vault_id_lookup};
use super::roles::{is_data_role, management_role_for, role_for};
use super::{declare_check, listing, Case, Outcome};
use crate::engine::azure_id;
use crate::engine::facts::{ActionPlane, Evidence, RoleAssignment, ScopeLevel, SignalKind};
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
    // A data role counts where the vault inherits it (its scope is the vault or above it), or
    // where the pastes cannot tell; one on another vault or group does not.
    let data_roles = || assignments.iter().copied().filter(|a| is_data_role(&a.role.value));
    let data_role = data_roles().find(|a| reaches(case, a) != Some(false));
    let elsewhere = data_roles().find(|a| reaches(case, a) == Some(false));
    let oid = case.signal(SignalKind::CallerObjectId).map_or("<caller-object-id>".to_string(), |s| s.value.clone());
    let scope = case
        .config
        .id
        .as_ref()
        .map_or_else(|| vault_id_lookup(&case.vault_name()), |id| arg(NameKind::ResourceId, &id.value));
    let action = case.facts.action(ActionPlane::Data);
    let role = action.map_or("Key Vault Secrets User", |a| role_for(&a.value));
    // A user signed in to the Azure CLI is granted as a user; anything else as a service principal.
    let grant = match case.caller.as_ref().and_then(|c| c.kind.as_ref()) {
        Some(kind) => role_assign_to(role, &oid, kind, &scope),
        None => role_assign(role, &oid, &scope),
    };
    if case.config.rbac.as_ref().is_some_and(|r| !r.value) && denied.is_none() {
        return Outcome::skip("The vault uses access policies, not roles");
    }
    if let Some(denied) = denied {
        if let Some(role) = data_role {
            return Outcome::warn(format!(
                "The vault refused the caller although a {} assignment{} is listed",
                role.role.value,
                scope_words(case, role)
            ))
            .evidence([denied.at.clone(), role.role.at.clone()])
            .evidence(role.scope.as_ref().map(|s| s.at.clone()))
            .fix("Check the assignment is for this caller's object id and covers the vault's scope, and allow a few minutes after a change.", vec![grant]);
        }
        if let Some(other) = elsewhere {
            return another_scope(other, denied.at.clone(), &oid, role, grant);
        }
        let what = action.map_or("the action".to_string(), |a| a.value.to_string());
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
        return Outcome::pass(format!("The caller holds {}{}", role.role.value, scope_words(case, role)))
            .evidence([role.role.at.clone()])
            .evidence(role.scope.as_ref().map(|s| s.at.clone()));
    }
    if let Some(other) = elsewhere {
        return another_scope(other, other.role.at.clone(), &oid, role, grant);
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

/// Whether the vault inherits `assignment`: its scope is the vault or above it. `None` when the
/// pastes cannot tell (no scope shown, no vault id to compare with, a management group).
fn reaches(case: &Case, assignment: &RoleAssignment) -> Option<bool> {
    let scope = &assignment.scope.as_ref()?.value;
    if let Some(id) = &case.config.id {
        return scope.covers(&id.value);
    }
    // Without the vault's id, an assignment on a vault still names which one.
    let named = azure_id::vault(&scope.text).filter(|_| scope.level == ScopeLevel::Resource)?;
    case.vault.as_ref().map(|v| v.name == named)
}

/// Where the assignment is, for a title: " on the vault", " on the subscription … (the vault
/// inherits it)"; nothing when the paste left the scope out.
fn scope_words(case: &Case, assignment: &RoleAssignment) -> String {
    let Some(scope) = &assignment.scope else { return String::new() };
    let scope = &scope.value;
    match (scope.level, reaches(case, assignment)) {
        (ScopeLevel::Resource, Some(true)) => " on the vault".to_string(),
        (ScopeLevel::Resource, _) => format!(" on {}", scope.words()),
        (_, Some(true)) => format!(" on {} (the vault inherits it)", scope.words()),
        (ScopeLevel::ManagementGroup, _) => {
            format!(" on {} (the vault inherits it if its subscription is in that group)", scope.words())
        }
        _ => format!(" on {} (inherited by the vaults below it)", scope.words()),
    }
}

/// A data role assigned where this vault does not inherit it (another vault, another group).
fn another_scope(assignment: &RoleAssignment, first: Evidence, oid: &str, role: &str, grant: String) -> Outcome {
    let scope = assignment.scope.as_ref().map_or_else(String::new, |s| s.value.words());
    Outcome::fail(format!(
        "The {} assignment listed is on {scope}, which this vault does not inherit",
        assignment.role.value
    ))
    .evidence([first, assignment.role.at.clone()])
    .evidence(assignment.scope.as_ref().map(|s| s.at.clone()))
    .fix(
        format!("A role reaches only its scope and what lies below it. Assign \"{role}\" to the caller ({oid}) on this vault (or its resource group or subscription), then wait a few minutes."),
        vec![grant],
    )
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
    let action = case.facts.action(ActionPlane::Management);
    let what = action.map_or("the action".to_string(), |a| a.value.to_string());
    let role = action.map_or("Key Vault Contributor", |a| management_role_for(&a.value));
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
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, pastes, shown, step};
    use crate::engine::report::Status;

    const DENIED: &str = "(Forbidden) Caller is not authorized to perform action on resource.\nCaller: appid=1;oid=9a2c0b6e-0000-4000-8000-000000000001;iss=x\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nAssignment: (not found)\nVault: contoso;location=westeurope\nInner error: {\"code\": \"ForbiddenByRbac\"}";
    const CONTRIBUTOR_ONLY: &str =
        r#"[{"principalName": "app-web", "roleDefinitionName": "Contributor", "scope": "/subscriptions/0"}]"#;

    #[test]
    fn denial_with_only_contributor_fails_with_the_grant() {
        let step = step(&[DENIED, CONTRIBUTOR_ONLY], "authz-rbac");
        insta::assert_snapshot!(shown(&[DENIED, CONTRIBUTOR_ONLY], "authz-rbac"), @r#"
            fail: The caller has no data role for Microsoft.KeyVault/vaults/secrets/getSecret/action (its roles manage the vault but give no data access)
              > (Forbidden) Caller is not authorized to perform action on resource.   (paste 1, line 1)
              > Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'   (paste 1, line 3)
              > "roleDefinitionName": "Contributor" (in [0])   (paste 2, line 1)
            fix: Assign "Key Vault Secrets User" to the caller (9a2c0b6e-0000-4000-8000-000000000001) on the vault, then wait a few minutes.
              $ az role assignment create --role "Key Vault Secrets User" --assignee-object-id 9a2c0b6e-0000-4000-8000-000000000001 --assignee-principal-type ServicePrincipal --scope $(az keyvault show --name contoso --query id -o tsv)
            "#);
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
        insta::assert_snapshot!(shown(&[r#"[{"roleDefinitionName": "Key Vault Secrets User", "principalId": "1"}]"#], "authz-rbac"), @r#"
            pass: The caller holds Key Vault Secrets User
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 1, line 1)
            "#);
        insta::assert_snapshot!(shown(&["$ az role assignment list --assignee 1\n[]"], "authz-rbac"), @r"
            unknown: The role assignment list is empty, which proves nothing: without --all or --scope it shows only subscription-level assignments
              > []   (paste 1, line 2)
            next: List the caller's assignments at the vault's scope, inherited ones included.
              $ az role assignment list --assignee <caller-object-id> --scope $(az keyvault show --name <vault-name> --query id -o tsv) --include-inherited -o table
            ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("static/examples/cases/access-policy-missing-get"), "authz-rbac"), @r"skip: The vault uses access policies, not roles");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/az-role-assignments-messy.txt"), "authz-rbac"), @r#"
            fail: The listed roles (Owner, Key Vault Contributor) manage the vault but give no access to its data
              > "Owner",   (paste 1, line 3)
            fix: Assign a data role such as "Key Vault Secrets User".
              $ az role assignment create --role "Key Vault Secrets User" --assignee-object-id <caller-object-id> --assignee-principal-type ServicePrincipal --scope $(az keyvault show --name <vault-name> --query id -o tsv)
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "authz-rbac"), @r"skip: No role evidence in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // a refusal beside a data role listed
        insta::assert_snapshot!(shown(&[message("rbac-code").as_str(), pastes("tests/fixtures/inputs/az-role-assignments-clean.txt")[0].as_str()], "authz-rbac"), @r#"
            warn: The vault refused the caller although a Key Vault Secrets User assignment on the vault fabrikam is listed
              > "code": "ForbiddenByRbac"   (paste 1, line 1)
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 2, line 2)
              > "scope": "/subscriptions/0b1f/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/fabrikam" (in [0])   (paste 2, line 2)
            fix: Check the assignment is for this caller's object id and covers the vault's scope, and allow a few minutes after a change.
              $ az role assignment create --role "Key Vault Secrets User" --assignee-object-id <caller-object-id> --assignee-principal-type ServicePrincipal --scope $(az keyvault show --name <vault-name> --query id -o tsv)
            "#);
    }
}
