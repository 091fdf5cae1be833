use super::case::{identity_of, identity_words, Caller};
use super::commands::{
    group_member_check, object_id_of_client, role_assign_to, role_list_all, set_policy, signed_in_caller, vault_access,
    vault_id_lookup,
};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{EntraId, Evidence, ManagedIdentity, PrincipalType, SignalKind};
use crate::engine::names::{arg, problem, NameKind};

declare_check! {
    /// ## What it checks
    /// Which identity called, and whether it is the one that holds the grant. The caller comes
    /// from the 403 (`Caller: appid=…;oid=…`, "The user, group or application 'appid=…;oid=…'")
    /// or from the claims of an access token pasted (`oid`, `appid`, `idtyp`: kvdoctor decodes
    /// them and keeps nothing of the token); the grants from a role assignment list and the
    /// vault's access policies; the host's identity from the identity JSON of a web app, a VM,
    /// a user-assigned identity or an AKS cluster (its kubelet identity).
    ///
    /// ## Why it matters
    /// Key Vault grants are per object (principal) id. A role given to a developer's account,
    /// to another app, or to a managed identity's client id instead of its object id, leaves
    /// the identity that really calls with nothing, and the error then reads like a missing
    /// grant although one is listed. A user's grant never covers a service principal, nor the
    /// reverse.
    ///
    /// ## Fix
    /// Grant the role (or the access policy) to the object id the 403 names as `oid`. For a
    /// managed identity that is its principal id (`principalId` in the identity's JSON),
    /// never its client id. If the grant is for the identity that should call, make the code
    /// use it: set `AZURE_CLIENT_ID` (or `ManagedIdentityClientId`) to that identity's client
    /// id, and check which credential DefaultAzureCredential picked.
    pub AUTHZ_CALLER { id: "authz-caller", title: "The identity that called is the one that holds the grant", run: run }
}

/// What a grant is: a role assignment or an access policy.
enum Granted<'f> {
    Role { role: &'f str, scope: Option<&'f str> },
    Policy { permissions: &'f [(String, String)] },
}

/// One grant whose principal is known.
struct Grant<'f> {
    principal: EntraId,
    granted: Granted<'f>,
    name: Option<&'f str>,
    kind: Option<&'f PrincipalType>,
    at: Evidence,
}

impl Grant<'_> {
    /// "The Key Vault Secrets User role assignment", "The access policy".
    fn what(&self) -> String {
        match &self.granted {
            Granted::Role { role, .. } => format!("The \"{role}\" role assignment"),
            Granted::Policy { .. } => "The access policy".to_string(),
        }
    }
}

fn run(case: &Case) -> Outcome {
    let caller = case.caller.as_ref();
    let grants = grants(case);
    let identities = &case.facts.identities;
    if caller.is_none() && grants.is_empty() && identities.is_empty() {
        return Outcome::skip("Neither the identity that called nor the grants are in the pastes");
    }
    if let Some(outcome) = client_id_for_object_id(case, caller, &grants) {
        return outcome;
    }
    match caller {
        Some(caller) => with_caller(case, caller, &grants),
        None => without_caller(&grants, identities),
    }
}

/// The grants with a known principal, in the model the vault uses when the pastes tell it.
fn grants<'a>(case: &'a Case) -> Vec<Grant<'a>> {
    let rbac = case.config.rbac.as_ref().map(|r| r.value).or_else(|| {
        if case.code("ForbiddenByRbac").is_some() {
            Some(true)
        } else if case.code("ForbiddenByPolicy").is_some() || case.code("AccessDenied").is_some() {
            Some(false)
        } else {
            None
        }
    });
    let mut grants = Vec::new();
    if rbac != Some(false) {
        for assignment in case.facts.role_lists.iter().flat_map(|l| &l.assignments) {
            if let Some(principal) = &assignment.principal_id {
                grants.push(Grant {
                    principal: principal.value,
                    granted: Granted::Role {
                        role: &assignment.role.value,
                        scope: assignment.scope.as_ref().map(|s| s.value.text.as_str()),
                    },
                    name: assignment.principal_name.as_deref(),
                    kind: assignment.principal_type.as_ref().map(|t| &t.value),
                    at: assignment.role.at.clone(),
                });
            }
        }
    }
    if rbac != Some(true) {
        for policy in &case.config.access_policies {
            if let Some(principal) = policy.object {
                grants.push(Grant {
                    principal,
                    granted: Granted::Policy { permissions: &policy.permissions },
                    name: None,
                    kind: None,
                    at: policy.object_id.at.clone(),
                });
            }
        }
    }
    grants
}

/// "patlong@contoso.com (User, 2222…)", or the managed identity it is.
fn principal_words(grant: &Grant, identities: &[ManagedIdentity]) -> String {
    if let Some(identity) = identity_of(identities, Some(grant.principal), None) {
        return format!("{}, {}", identity_words(identity), grant.principal);
    }
    match (grant.name, grant.kind) {
        (Some(name), Some(kind)) => format!("{name} ({kind}, {})", grant.principal),
        (Some(name), None) => format!("{name} ({})", grant.principal),
        (None, Some(kind)) => format!("{} {}", kind.noun(), grant.principal),
        (None, None) => format!("object id {}", grant.principal),
    }
}

/// The command that gives `grant`'s permission to `object_id` instead.
fn regrant(case: &Case, grant: &Grant, object_id: &str, kind: &PrincipalType) -> String {
    match &grant.granted {
        Granted::Role { role, scope } => {
            let scope = match scope.filter(|s| problem(NameKind::ResourceId, s).is_none()) {
                Some(scope) => arg(NameKind::ResourceId, scope),
                // A scope with a masked segment still names its vault (`…/vaults/kv-contoso`).
                None => {
                    let named = scope.and_then(crate::engine::azure_id::vault);
                    let vault = case.vault.as_ref().map(|v| v.name.clone()).or(named);
                    vault_id_lookup(&vault.unwrap_or_else(|| case.vault_name()))
                }
            };
            role_assign_to(role, object_id, kind, &scope)
        }
        Granted::Policy { permissions } => {
            // The permission the vault refused, else what the misdirected policy grants.
            if let Some((kind, verb)) = case.signal(SignalKind::MissingPermission).and_then(|m| m.value.split_once(' '))
            {
                return set_policy(&case.vault_name(), object_id, kind, verb);
            }
            let kind = permissions.first().map_or("secrets", |(k, _)| k.as_str());
            let verbs: Vec<&str> =
                permissions.iter().filter(|(k, _)| k == kind).map(|(_, v)| v.as_str()).take(8).collect();
            let verbs = if verbs.is_empty() { "get list".to_string() } else { verbs.join(" ") };
            set_policy(&case.vault_name(), object_id, kind, &verbs)
        }
    }
}

/// A grant made out to an application (client) id: a managed identity's client id where its
/// object id belongs, or the caller's `appid` where its `oid` belongs.
fn client_id_for_object_id(case: &Case, caller: Option<&Caller>, grants: &[Grant]) -> Option<Outcome> {
    for grant in grants {
        let identity =
            case.facts.identities.iter().find(|i| i.client_id.as_ref().is_some_and(|c| c.value == grant.principal));
        if let Some(identity) = identity {
            let object_id = identity.principal_id.as_ref();
            let object = object_id.map_or("<principal-id>".to_string(), |p| p.value.to_string());
            return Some(
                Outcome::fail(format!(
                    "{} names {}'s client id {} where its object (principal) id {object} belongs",
                    grant.what(),
                    identity_words(identity),
                    grant.principal
                ))
                .evidence([grant.at.clone()])
                .evidence(identity.client_id.iter().map(|c| c.at.clone()))
                .evidence(object_id.map(|p| p.at.clone()))
                // The 403 of that identity, when it is the caller: the refusal the mistake explains.
                .evidence(
                    caller
                        .filter(|c| identity_of(std::slice::from_ref(identity), c.object_id, c.app_id).is_some())
                        .into_iter()
                        .flat_map(|c| c.evidence.iter()),
                )
                .fix(
                    format!("Grant it to the identity's principal id {object} instead, then remove the grant made out to the client id."),
                    vec![regrant(case, grant, &object, &PrincipalType::ServicePrincipal)],
                ),
            );
        }
        let Some(caller) = caller else { continue };
        if caller.app_id == Some(grant.principal) && caller.object_id != Some(grant.principal) {
            let object = caller.object_id.map_or("<caller-object-id>".to_string(), |o| o.to_string());
            let app = grant.principal.to_string();
            return Some(
                Outcome::fail(format!(
                    "{} names the caller's application (client) id {app}; the caller's object id is {object}",
                    grant.what()
                ))
                .evidence(caller.evidence.iter())
                .evidence([grant.at.clone()])
                .fix(
                    format!("Grants name object ids: grant it to {object} (the service principal's object id), then remove the one made out to the client id."),
                    vec![object_id_of_client(&app), regrant(case, grant, &object, &PrincipalType::ServicePrincipal)],
                ),
            );
        }
    }
    None
}

fn with_caller(case: &Case, caller: &Caller, grants: &[Grant]) -> Outcome {
    let identities = &case.facts.identities;
    let oid = caller.object_id.map_or("<caller-object-id>".to_string(), |o| o.to_string());
    if grants.is_empty() {
        let host = identities.iter().find(|i| i.principal_id.is_some());
        return match host {
            Some(identity) if identity_of(identities, caller.object_id, caller.app_id).is_none() => {
                Outcome::warn(format!(
                    "The caller is {}, not {} the host's identity JSON shows",
                    caller.words,
                    identity_words(identity)
                ))
                .evidence(caller.evidence.iter())
                .evidence(identity.principal_id.iter().map(|p| p.at.clone()))
                .fix(
                    "The code did not call with the host's managed identity: check which credential DefaultAzureCredential picked (a developer sign-in or EnvironmentCredential come first), and set AZURE_CLIENT_ID to the identity's client id for a user-assigned one.",
                    vec![],
                )
            }
            _ => Outcome::unknown(format!("The caller is {}; no grant was pasted to compare", caller.words))
                .evidence(caller.evidence.iter())
                .next(
                    "List the caller's role assignments (or, for a vault with access policies, its policies) and paste the output.",
                    vec![role_list_all(&oid), vault_access(&case.vault_name())],
                ),
        };
    }
    if let Some(grant) = grants.iter().find(|g| Some(g.principal) == caller.object_id) {
        return Outcome::pass(format!("{} is for the caller, {}", grant.what(), caller.words))
            .evidence(caller.evidence.iter())
            .evidence([grant.at.clone()]);
    }
    let Some(grant) = grants.first() else {
        return Outcome::skip("No grant with a principal in the pastes");
    };
    let kind = caller.kind.clone().unwrap_or(PrincipalType::ServicePrincipal);
    let evidence = |outcome: Outcome| {
        outcome.evidence(caller.evidence.iter()).evidence(grants.iter().map(|g| g.at.clone()).take(6))
    };
    if let Some(group) = grants.iter().find(|g| g.kind == Some(&PrincipalType::Group)) {
        if grants.iter().all(|g| g.kind == Some(&PrincipalType::Group)) {
            return evidence(Outcome::unknown(format!(
                "{} is for the group {}; whether the caller, {}, is a member is not in the pastes",
                group.what(),
                principal_words(group, identities),
                caller.words
            )))
            .next(
                "Check the caller's membership in the group (nested groups count).",
                vec![group_member_check(&group.principal.to_string(), &oid)],
            );
        }
    }
    let mismatch = grants.iter().find_map(|g| {
        let granted = g.kind?;
        let called = caller.kind.as_ref()?;
        let user = PrincipalType::User;
        let sp = PrincipalType::ServicePrincipal;
        ((granted == &user && called == &sp) || (granted == &sp && called == &user)).then_some((g, granted, called))
    });
    let title = match mismatch {
        Some((g, granted, called)) => {
            let caller_words = if caller.words.starts_with(&called.noun()) {
                caller.words.clone()
            } else {
                format!("{} ({})", called.noun(), caller.words)
            };
            format!(
                "{} is for {} ({}), but the caller is {caller_words}",
                g.what(),
                granted.noun(),
                principal_words(g, identities)
            )
        }
        None => {
            format!("The grant is for {}, but the caller is {}", listing_principals(grants, identities), caller.words)
        }
    };
    let shown = mismatch.map_or(grant, |(g, _, _)| g);
    evidence(Outcome::fail(title)).fix(
        format!(
            "Grant the permission to the identity that calls (object id {oid}), or make the code call as {}: for a managed identity set AZURE_CLIENT_ID to its client id; a developer's sign-in to the Azure CLI is a user, not the app.",
            principal_words(shown, identities)
        ),
        vec![regrant(case, shown, &oid, &kind)],
    )
}

/// The principals of the grants, named once each.
fn listing_principals(grants: &[Grant], identities: &[ManagedIdentity]) -> String {
    let mut seen: Vec<EntraId> = Vec::new();
    let mut words = Vec::new();
    for grant in grants {
        if !seen.contains(&grant.principal) {
            seen.push(grant.principal);
            words.push(principal_words(grant, identities));
        }
    }
    super::listing(words)
}

fn without_caller(grants: &[Grant], identities: &[ManagedIdentity]) -> Outcome {
    let ask = "Paste the whole 403 message: its `Caller:` line (or \"The user, group or application 'appid=…;oid=…'\") names the identity that called. If the code signs in as you through the Azure CLI, this prints your object id (no token):";
    let host = identities.iter().find(|i| i.principal_id.is_some());
    let title = match (grants.first(), host) {
        (Some(_), Some(identity)) => {
            let principal = identity.principal_id.as_ref().map(|p| p.value);
            match grants.iter().find(|g| Some(g.principal) == principal) {
                Some(grant) => format!(
                    "{} is for {}; which identity called is not in the pastes",
                    grant.what(),
                    identity_words(identity)
                ),
                None => {
                    return Outcome::warn(format!(
                        "None of the grants is for {}: they are for {}",
                        identity_words(identity),
                        listing_principals(grants, identities)
                    ))
                    .evidence(identity.principal_id.iter().map(|p| p.at.clone()))
                    .evidence(grants.iter().map(|g| g.at.clone()).take(6))
                    .next(ask, vec![signed_in_caller()]);
                }
            }
        }
        (Some(_), None) => {
            format!(
                "Grants are listed for {}; which identity called is not in the pastes",
                listing_principals(grants, identities)
            )
        }
        (None, _) => "The host's identity is pasted; which identity called, and its grants, are not".to_string(),
    };
    Outcome::unknown(title)
        .evidence(grants.iter().map(|g| g.at.clone()).take(6))
        .evidence(host.and_then(|i| i.principal_id.as_ref()).map(|p| p.at.clone()))
        .next(ask, vec![signed_in_caller()])
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    /// The 403 of tests/fixtures/caller/caller-403/azcli-rbac-getsecret-user-via-cli.txt: a
    /// user signed in to the Azure CLI.
    const USER_403: &str = "ERROR: (Forbidden) Caller is not authorized to perform action on resource.\nCaller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nInner error: {\"code\": \"ForbiddenByRbac\"}";
    /// The identity of the azure-rest-api-specs example IdentityGet.json (what the identity show command prints).
    const IDENTITY: &str = r#"{"name": "identityName", "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "clientId": "4024ab25-56a8-4370-aea6-6389221caf29", "principalId": "25cc773c-7f05-40fc-a104-32d2300754ad", "tenantId": "b6c948ef-f6b5-4384-8354-da3a15eca969"}"#;

    fn assignment(principal: &str, kind: &str) -> String {
        format!(
            r#"[{{"principalId": "{principal}", "principalName": "identityName", "principalType": "{kind}", "roleDefinitionName": "Key Vault Secrets User", "scope": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-contoso/providers/Microsoft.KeyVault/vaults/kv-contoso"}}]"#
        )
    }

    #[test]
    fn a_grant_for_another_principal_names_both() {
        let step =
            step(&[USER_403, &assignment("25cc773c-7f05-40fc-a104-32d2300754ad", "ServicePrincipal")], "authz-caller");
        assert_eq!(step.status, Status::Fail);
        assert!(
            step.title.contains("is for a service principal") && step.title.contains("but the caller is a user"),
            "{}",
            step.title
        );
        assert!(step.title.contains("signed in to the Azure CLI"), "{}", step.title);
        let command = &step.fix.unwrap().commands[0];
        assert!(command.contains("22222222-2222-2222-2222-222222222222") && command.contains("User"), "{command}");
    }

    #[test]
    fn the_callers_own_grant_passes() {
        let grant = assignment("22222222-2222-2222-2222-222222222222", "User");
        let step = step(&[USER_403, &grant], "authz-caller");
        assert_eq!(step.status, Status::Pass, "{}", step.title);
        assert!(step.title.contains("Key Vault Secrets User"), "{}", step.title);
    }

    #[test]
    fn a_grant_to_the_client_id_fails_with_the_principal_id() {
        let step =
            step(&[IDENTITY, &assignment("4024ab25-56a8-4370-aea6-6389221caf29", "ServicePrincipal")], "authz-caller");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("client id 4024ab25"), "{}", step.title);
        assert!(step.fix.unwrap().commands[0].contains("25cc773c-7f05-40fc-a104-32d2300754ad"));
    }

    #[test]
    fn a_grant_to_the_callers_app_id_fails() {
        let denied = "Caller: appid=11111111-1111-1111-1111-111111111111;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/\nInner error: {\"code\": \"ForbiddenByRbac\"}";
        let step =
            step(&[denied, &assignment("11111111-1111-1111-1111-111111111111", "ServicePrincipal")], "authz-caller");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("application (client) id"), "{}", step.title);
    }

    /// The web app identity show and AKS cluster show shapes (a system-assigned identity's
    /// principalId/tenantId/type; identityProfile.kubeletidentity's clientId/objectId/
    /// resourceId, as Azure documents them); the ids are ours.
    const WEBAPP_IDENTITY: &str = r#"{"principalId": "33333333-3333-3333-3333-333333333333", "tenantId": "00000000-0000-0000-0000-000000000000", "type": "SystemAssigned", "userAssignedIdentities": null}"#;
    const AKS: &str = r#"{"name": "aks-contoso", "type": "Microsoft.ContainerService/ManagedClusters", "identityProfile": {"kubeletidentity": {"clientId": "44444444-4444-4444-4444-444444444444", "objectId": "55555555-5555-5555-5555-555555555555", "resourceId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/MC_rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-contoso-agentpool"}}}"#;

    #[test]
    fn a_caller_that_is_not_the_hosts_identity_warns() {
        let step = step(&[USER_403, WEBAPP_IDENTITY], "authz-caller");
        assert_eq!(step.status, Status::Warn, "{}", step.title);
        assert!(step.title.contains("not the host's system-assigned managed identity"), "{}", step.title);
    }

    #[test]
    fn a_grant_to_the_kubelet_client_id_fails() {
        let step =
            step(&[AKS, &assignment("44444444-4444-4444-4444-444444444444", "ServicePrincipal")], "authz-caller");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("AKS kubelet identity aks-contoso-agentpool"), "{}", step.title);
        assert!(step.fix.unwrap().commands[0].contains("55555555-5555-5555-5555-555555555555"));
    }

    #[test]
    fn a_pasted_tokens_claims_name_the_caller_and_the_report_never_holds_the_token() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        // A token made here (its signature is no signature) with the claims of a managed identity.
        let claims = r#"{"aud":"https://vault.azure.net","oid":"25cc773c-7f05-40fc-a104-32d2300754ad","appid":"4024ab25-56a8-4370-aea6-6389221caf29","idtyp":"app"}"#;
        let jwt = format!("eyJhbGciOiJub25lIn0.{}.c2ln", URL_SAFE_NO_PAD.encode(claims));
        let paste = format!("Authorization: Bearer {jwt}");
        let grant = assignment("22222222-2222-2222-2222-222222222222", "User");
        let step = step(&[&paste, &grant], "authz-caller");
        assert_eq!(step.status, Status::Fail);
        assert!(
            step.title.contains("is for a user") && step.title.contains("the caller is a service principal"),
            "{}",
            step.title
        );
        let report = crate::engine::diagnose_texts(&[&paste, &grant]);
        let text = format!("{report:?}");
        assert!(!text.contains(&jwt) && !text.contains("c2ln"), "the raw report holds the token");
    }

    #[test]
    fn one_side_alone_asks_for_the_other_and_nothing_skips() {
        let caller = step(&[USER_403], "authz-caller");
        assert_eq!(caller.status, Status::Unknown);
        assert!(caller.next.unwrap().commands[0].contains("--assignee 22222222-2222-2222-2222-222222222222 --all"));
        let grants = step(&[&assignment("25cc773c-7f05-40fc-a104-32d2300754ad", "ServicePrincipal")], "authz-caller");
        assert_eq!(grants.status, Status::Unknown);
        assert!(grants.next.unwrap().commands[0].contains("signed-in-user"));
        assert_eq!(status(&["Status: 429"], "authz-caller"), Status::Skip);
    }

    /// Every outcome as a user reads it (issue 21): the grant for another principal, the
    /// caller's own grant, a client id or app id where an object id belongs, a caller that is
    /// not the host's identity, the kubelet's client id, one side alone, nothing.
    #[test]
    fn outcomes_as_read() {
        use crate::engine::checks::testing::shown;
        let denied = "Caller: appid=11111111-1111-1111-1111-111111111111;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/\nInner error: {\"code\": \"ForbiddenByRbac\"}";
        let other = assignment("25cc773c-7f05-40fc-a104-32d2300754ad", "ServicePrincipal");
        insta::assert_snapshot!(shown(&[USER_403, &other], "authz-caller"), @r#"
            fail: The "Key Vault Secrets User" role assignment is for a service principal (identityName (ServicePrincipal, 25cc773c-7f05-40fc-a104-32d2300754ad)), but the caller is a user signed in to the Azure CLI (object id 22222222-2222-2222-2222-222222222222, app 04b07795-8ddb-461a-bbee-02f9e1bf7b46)
              > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/   (paste 1, line 2)
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 2, line 1)
            fix: Grant the permission to the identity that calls (object id 22222222-2222-2222-2222-222222222222), or make the code call as identityName (ServicePrincipal, 25cc773c-7f05-40fc-a104-32d2300754ad): for a managed identity set AZURE_CLIENT_ID to its client id; a developer's sign-in to the Azure CLI is a user, not the app.
              $ az role assignment create --role "Key Vault Secrets User" --assignee-object-id 22222222-2222-2222-2222-222222222222 --assignee-principal-type User --scope $(az keyvault show --name kv-contoso --query id -o tsv)
            "#);
        insta::assert_snapshot!(shown(&[USER_403, &assignment("22222222-2222-2222-2222-222222222222", "User")], "authz-caller"), @r#"
            pass: The "Key Vault Secrets User" role assignment is for the caller, a user signed in to the Azure CLI (object id 22222222-2222-2222-2222-222222222222, app 04b07795-8ddb-461a-bbee-02f9e1bf7b46)
              > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/   (paste 1, line 2)
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 2, line 1)
            "#);
        insta::assert_snapshot!(shown(&[IDENTITY, &assignment("4024ab25-56a8-4370-aea6-6389221caf29", "ServicePrincipal")], "authz-caller"), @r#"
            fail: The "Key Vault Secrets User" role assignment names the user-assigned managed identity identityName's client id 4024ab25-56a8-4370-aea6-6389221caf29 where its object (principal) id 25cc773c-7f05-40fc-a104-32d2300754ad belongs
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 2, line 1)
              > "clientId": "4024ab25-56a8-4370-aea6-6389221caf29"   (paste 1, line 1)
              > "principalId": "25cc773c-7f05-40fc-a104-32d2300754ad"   (paste 1, line 1)
            fix: Grant it to the identity's principal id 25cc773c-7f05-40fc-a104-32d2300754ad instead, then remove the grant made out to the client id.
              $ az role assignment create --role "Key Vault Secrets User" --assignee-object-id 25cc773c-7f05-40fc-a104-32d2300754ad --assignee-principal-type ServicePrincipal --scope $(az keyvault show --name kv-contoso --query id -o tsv)
            "#);
        insta::assert_snapshot!(shown(&[denied, &assignment("11111111-1111-1111-1111-111111111111", "ServicePrincipal")], "authz-caller"), @r#"
            fail: The "Key Vault Secrets User" role assignment names the caller's application (client) id 11111111-1111-1111-1111-111111111111; the caller's object id is 22222222-2222-2222-2222-222222222222
              > Caller: appid=11111111-1111-1111-1111-111111111111;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/   (paste 1, line 1)
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 2, line 1)
            fix: Grants name object ids: grant it to 22222222-2222-2222-2222-222222222222 (the service principal's object id), then remove the one made out to the client id.
              $ az ad sp show --id 11111111-1111-1111-1111-111111111111 --query "{objectId:id, name:displayName}" -o json
              $ az role assignment create --role "Key Vault Secrets User" --assignee-object-id 22222222-2222-2222-2222-222222222222 --assignee-principal-type ServicePrincipal --scope $(az keyvault show --name kv-contoso --query id -o tsv)
            "#);
        insta::assert_snapshot!(shown(&[USER_403, WEBAPP_IDENTITY], "authz-caller"), @r#"
            warn: The caller is a user signed in to the Azure CLI (object id 22222222-2222-2222-2222-222222222222, app 04b07795-8ddb-461a-bbee-02f9e1bf7b46), not the host's system-assigned managed identity the host's identity JSON shows
              > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/   (paste 1, line 2)
              > "principalId": "33333333-3333-3333-3333-333333333333"   (paste 2, line 1)
            fix: The code did not call with the host's managed identity: check which credential DefaultAzureCredential picked (a developer sign-in or EnvironmentCredential come first), and set AZURE_CLIENT_ID to the identity's client id for a user-assigned one.
            "#);
        insta::assert_snapshot!(shown(&[AKS, &assignment("44444444-4444-4444-4444-444444444444", "ServicePrincipal")], "authz-caller"), @r#"
            fail: The "Key Vault Secrets User" role assignment names the AKS kubelet identity aks-contoso-agentpool's client id 44444444-4444-4444-4444-444444444444 where its object (principal) id 55555555-5555-5555-5555-555555555555 belongs
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 2, line 1)
              > "clientId": "44444444-4444-4444-4444-444444444444" (in identityProfile.kubeletidentity)   (paste 1, line 1)
              > "objectId": "55555555-5555-5555-5555-555555555555" (in identityProfile.kubeletidentity)   (paste 1, line 1)
            fix: Grant it to the identity's principal id 55555555-5555-5555-5555-555555555555 instead, then remove the grant made out to the client id.
              $ az role assignment create --role "Key Vault Secrets User" --assignee-object-id 55555555-5555-5555-5555-555555555555 --assignee-principal-type ServicePrincipal --scope $(az keyvault show --name kv-contoso --query id -o tsv)
            "#);
        insta::assert_snapshot!(shown(&[USER_403], "authz-caller"), @r#"
            unknown: The caller is a user signed in to the Azure CLI (object id 22222222-2222-2222-2222-222222222222, app 04b07795-8ddb-461a-bbee-02f9e1bf7b46); no grant was pasted to compare
              > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/   (paste 1, line 2)
            next: List the caller's role assignments (or, for a vault with access policies, its policies) and paste the output.
              $ az role assignment list --assignee 22222222-2222-2222-2222-222222222222 --all --include-inherited -o json
              $ az keyvault show --name <vault-name> --query "{rbac:properties.enableRbacAuthorization, tenant:properties.tenantId, policies:properties.accessPolicies[].{oid:objectId, perms:permissions}}"
            "#);
        insta::assert_snapshot!(shown(&[&other], "authz-caller"), @r#"
            unknown: Grants are listed for identityName (ServicePrincipal, 25cc773c-7f05-40fc-a104-32d2300754ad); which identity called is not in the pastes
              > "roleDefinitionName": "Key Vault Secrets User" (in [0])   (paste 1, line 1)
            next: Paste the whole 403 message: its `Caller:` line (or "The user, group or application 'appid=…;oid=…'") names the identity that called. If the code signs in as you through the Azure CLI, this prints your object id (no token):
              $ az ad signed-in-user show --query "{id:id, name:userPrincipalName}" -o json
            "#);
        insta::assert_snapshot!(shown(&["Status: 429"], "authz-caller"), @r#"skip: Neither the identity that called nor the grants are in the pastes"#);
    }
}
