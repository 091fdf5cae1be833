//! Role assignments above the vault (issue 22): one on the subscription, resource group or
//! management group reaches every vault below it, so authz-rbac counts it and says where it
//! is; one on another group or vault does not reach this vault.

use crate::common::fixture;
use kvdoctor::engine::diagnose_texts;
use kvdoctor::engine::report::{Status, Step};

fn step(pastes: &[&str], id: &str) -> Step {
    diagnose_texts(pastes).step(id).cloned().expect("a known step")
}

/// A whole vault resource (RBAC) in `group` of the REST sample's subscription.
fn vault_in(group: &str) -> String {
    fixture("config/rest-get-vault.json")
        .replace(
            "00000000-0000-0000-0000-000000000000/resourceGroups/sample-resource-group",
            &format!("a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/{group}"),
        )
        .replace("\"tenantId\"", "\"enableRbacAuthorization\": true,\n    \"tenantId\"")
}

#[test]
fn a_rest_body_with_role_definition_ids_only_is_read_as_role_assignments() {
    let roles = fixture("config/role-assignments-list-for-resource-group.json");
    let step = step(&[&roles], "authz-rbac");
    assert_eq!(step.status, Status::Pass, "{}", step.title);
    assert!(
        step.title.contains("Key Vault Secrets User on the subscription a925f2f7-5c63-4b7b-8799-25a5f97bc3b2"),
        "{}",
        step.title
    );
}

#[test]
fn a_data_role_on_the_subscription_is_inherited_by_a_vault_in_it() {
    let roles = fixture("config/role-assignments-list-for-resource-group.json");
    let vault = vault_in("testrg");
    let step = step(&[&vault, &roles], "authz-rbac");
    assert_eq!(step.status, Status::Pass, "{}", step.title);
    assert!(step.title.contains("(the vault inherits it)"), "{}", step.title);
    assert!(
        step.evidence.iter().any(|e| e.quote.contains("/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2\"")),
        "the scope is quoted: {:?}",
        step.evidence
    );
}

#[test]
fn a_data_role_on_another_subscription_does_not_reach_the_vault() {
    let roles = fixture("config/role-assignments-list-for-resource-group.json").replace(
        "\"scope\": \"/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2\"",
        "\"scope\": \"/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/other-rg\"",
    );
    let vault = vault_in("testrg");
    let step = step(&[&vault, &roles], "authz-rbac");
    assert_eq!(step.status, Status::Fail, "{}", step.title);
    assert!(step.title.contains("the resource group other-rg, which this vault does not inherit"), "{}", step.title);
}

#[test]
fn a_data_role_on_a_management_group_counts_and_says_so() {
    let roles = fixture("config/role-assignments-management-group.txt");
    let step = step(&[&roles], "authz-rbac");
    assert_eq!(step.status, Status::Pass, "{}", step.title);
    assert!(
        step.title.contains(
            "on the management group marketing-group (the vault inherits it if its subscription is in that group)"
        ),
        "{}",
        step.title
    );
}
