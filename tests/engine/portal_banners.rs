//! The portal's own texts (issue 22): the Networking blade's warning beside a private
//! endpoint, the data-plane banner of the secrets blades, and the "Vault name" lines of a
//! Key Vault reference's panel, copied as text.

use crate::common::fixture;
use kvdoctor::engine::diagnose_texts;
use kvdoctor::engine::report::Status;

#[test]
fn the_all_networks_warning_beside_a_private_endpoint_warns_of_exposure() {
    let banner = fixture("config/portal-banner-all-networks.txt");
    let connection = fixture("inputs/az-pe-connection-clean.txt");
    let report = diagnose_texts(&[&banner, &connection]);
    let step = report.step("net-exposure").expect("the step");
    assert_eq!(step.status, Status::Warn, "{}", step.title);
    assert!(step.evidence.iter().any(|e| e.input == 1 && e.quote.starts_with("Firewall settings allow access")));
    let alone = diagnose_texts(&[&banner]);
    assert_eq!(alone.step("net-firewall").map(|s| s.status), Some(Status::Pass));
    assert_eq!(alone.inputs[0].kind.id(), "portal");
}

#[test]
fn the_data_plane_banner_is_read_and_explained() {
    let banner = fixture("config/portal-banner-data-plane.txt");
    let report = diagnose_texts(&[&banner]);
    let input = &report.inputs[0];
    assert_eq!(input.kind.id(), "portal");
    assert!(input.notes.iter().any(|n| n.contains("could not reach the vault's data plane")), "{:?}", input.notes);
    assert!(!input.notes.iter().any(|n| n.contains("ignored")), "{:?}", input.notes);
}

#[test]
fn a_vault_name_line_names_the_vault() {
    let panel = "Vault name\nkv-contoso\nSecret name\nAnthropicApiKey\nStatus\nAccessToKeyVaultDenied";
    let report = diagnose_texts(&[panel]);
    assert_eq!(report.vault.as_ref().map(|v| v.name.as_str()), Some("kv-contoso"));
    let labelled = diagnose_texts(&["Vault name: kv-contoso"]);
    assert_eq!(labelled.vault.as_ref().map(|v| v.name.as_str()), Some("kv-contoso"));
}
