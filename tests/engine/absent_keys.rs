//! Where ARM leaves a key out because the vault has none of it, absent means what `null` and
//! `[]` mean (issue 22): a whole vault resource without `privateEndpointConnections` has no
//! private endpoint connection, and one without `networkAcls` has no firewall. A `--query`
//! projection leaves out what was not asked: there absence says nothing.

use crate::common::fixture;
use kvdoctor::engine::diagnose_texts;
use kvdoctor::engine::report::Status;

fn status(pastes: &[&str], id: &str) -> Status {
    diagnose_texts(pastes).step(id).map(|s| s.status).expect("a known step")
}

/// The REST body with `key` added to its properties as `value` (after `"publicNetworkAccess"`).
fn with_key(body: &str, key: &str, value: &str) -> String {
    body.replace(
        "\"publicNetworkAccess\": \"Disabled\"",
        &format!("\"publicNetworkAccess\": \"Disabled\",\n    \"{key}\": {value}"),
    )
}

#[test]
fn public_access_disabled_without_connections_is_unreachable_whichever_way_azure_says_none() {
    let absent = fixture("config/rest-get-vault.json");
    let null = with_key(&absent, "privateEndpointConnections", "null");
    let empty = with_key(&absent, "privateEndpointConnections", "[]");
    for (shape, body) in [("absent", &absent), ("null", &null), ("[]", &empty)] {
        let report = diagnose_texts(&[body]);
        let step = report.step("net-public-access").expect("the step");
        assert_eq!(step.status, Status::Fail, "{shape}: {}", step.title);
        assert!(step.title.contains("no private endpoint connection"), "{shape}: {}", step.title);
        assert_eq!(report.verdict.primary.as_deref(), Some("net-public-access"), "{shape}");
    }
}

#[test]
fn a_projection_without_the_key_does_not_say_there_is_none() {
    let projection = r#"{"name": "sample-vault", "publicNetworkAccess": "Disabled", "vaultUri": "https://sample-vault.vault.azure.net"}"#;
    assert_eq!(status(&[projection], "net-public-access"), Status::Pass);
    let asked = r#"{"name": "sample-vault", "publicNetworkAccess": "Disabled", "vaultUri": "https://sample-vault.vault.azure.net", "privateEndpointConnections": null}"#;
    assert_eq!(status(&[asked], "net-public-access"), Status::Fail);
}

#[test]
fn an_approved_endpoint_beside_absent_network_acls_is_open_to_all_networks() {
    let connection = r#"[{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-resource-group/providers/Microsoft.KeyVault/vaults/sample-vault/privateEndpointConnections/pe-1", "properties": {"provisioningState": "Succeeded", "privateEndpoint": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-resource-group/providers/Microsoft.Network/privateEndpoints/pe-1"}, "privateLinkServiceConnectionState": {"status": "Approved", "actionsRequired": "None"}}}]"#;
    let enabled = fixture("config/rest-get-vault.json").replace("\"Disabled\"", "\"Enabled\"");
    let absent = enabled.replace(
        "\"publicNetworkAccess\": \"Enabled\"",
        &format!("\"publicNetworkAccess\": \"Enabled\",\n    \"privateEndpointConnections\": {connection}"),
    );
    let null = absent.replace(
        "\"publicNetworkAccess\": \"Enabled\"",
        "\"publicNetworkAccess\": \"Enabled\",\n    \"networkAcls\": null",
    );
    let firewalled = absent.replace("\"publicNetworkAccess\": \"Enabled\"", "\"publicNetworkAccess\": \"Enabled\",\n    \"networkAcls\": {\"defaultAction\": \"Deny\", \"bypass\": \"None\", \"ipRules\": [], \"virtualNetworkRules\": []}");
    assert_eq!(status(&[&absent], "net-exposure"), Status::Warn);
    assert_eq!(status(&[&null], "net-exposure"), Status::Warn);
    assert_eq!(status(&[&firewalled], "net-exposure"), Status::Pass);
}

/// Removing a key whose value is `null` or `[]` from a whole vault resource never changes a
/// step's status: absent, `null` and `[]` say the same there.
#[test]
fn removing_an_empty_key_from_a_whole_vault_changes_no_step() {
    let base = fixture("config/rest-get-vault.json");
    let variants = [
        ("privateEndpointConnections", "null"),
        ("privateEndpointConnections", "[]"),
        ("networkAcls", "null"),
        ("accessPolicies", "[]"),
    ];
    let without = diagnose_texts(&[&base]);
    for public in ["Disabled", "Enabled"] {
        let base = base.replace("\"Disabled\"", &format!("\"{public}\""));
        let without = diagnose_texts(&[&base]);
        for (key, value) in variants {
            let body = base.replace(
                &format!("\"publicNetworkAccess\": \"{public}\""),
                &format!("\"publicNetworkAccess\": \"{public}\",\n    \"{key}\": {value}"),
            );
            let with = diagnose_texts(&[&body]);
            for (a, b) in without.steps.iter().zip(&with.steps) {
                assert_eq!(a.status, b.status, "{public}, {key}: {value} changes {}: {} / {}", a.id, a.title, b.title);
            }
        }
    }
    assert!(without.steps.iter().any(|s| s.status == Status::Fail), "the base case is the unreachable vault");
}
