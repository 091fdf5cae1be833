//! Whole cases: each fixture's full set of DNS step statuses and its primary cause.

use crate::common;

use common::fixture;
use kvdoctor::engine::diagnose_texts;
use kvdoctor::engine::report::Status::{self, *};

const DNS_STEPS: [&str; 4] = ["dns-resolves", "dns-privatelink-alias", "dns-private-address", "dns-resolver"];

fn statuses(name: &str) -> (Vec<Status>, Option<String>) {
    let report = diagnose_texts(&[&fixture(&format!("nslookup/{name}"))]);
    let statuses = DNS_STEPS.iter().map(|id| report.step(id).unwrap().status).collect();
    (statuses, report.verdict.primary.map(String::from))
}

#[test]
fn every_case_gets_the_right_steps() {
    let cases: &[(&str, [Status; 4], Option<&str>)] = &[
        ("windows-private-healthy.txt", [Pass, Pass, Pass, Pass], None),
        ("linux-private-healthy.txt", [Pass, Pass, Pass, Pass], None),
        ("appservice-console.txt", [Pass, Pass, Pass, Pass], None),
        ("german-windows.txt", [Pass, Pass, Pass, Pass], None),
        ("interactive-session.txt", [Pass, Pass, Pass, Pass], None),
        ("windows-public-via-alias.txt", [Pass, Pass, Fail, Pass], Some("dns-private-address")),
        ("linux-aks-public.txt", [Pass, Pass, Fail, Pass], Some("dns-private-address")),
        ("windows-custom-dns-public.txt", [Pass, Pass, Fail, Fail], Some("dns-private-address")),
        ("quoted-and-wrapped.txt", [Pass, Pass, Fail, Pass], Some("dns-private-address")),
        ("windows-nonexistent-domain.txt", [Fail, Skip, Skip, Skip], Some("dns-resolves")),
        ("linux-nxdomain.txt", [Fail, Skip, Skip, Skip], Some("dns-resolves")),
        ("windows-timeout.txt", [Fail, Skip, Skip, Skip], Some("dns-resolves")),
        ("linux-no-servers.txt", [Fail, Skip, Skip, Skip], Some("dns-resolves")),
        ("masked-placeholder.txt", [Pass, Pass, Unknown, Pass], None),
        ("other-service.txt", [Unknown, Skip, Skip, Skip], None),
    ];
    for (name, expected, primary) in cases {
        let (actual, actual_primary) = statuses(name);
        assert_eq!(&actual, expected, "{name}");
        assert_eq!(actual_primary.as_deref(), *primary, "{name}");
    }
}

#[test]
fn verdict_names_the_cause_and_the_fix() {
    let report = diagnose_texts(&[&fixture("nslookup/windows-custom-dns-public.txt")]);
    let summary = &report.verdict.summary;
    assert!(summary.starts_with("fabrikam.vault.azure.net resolves to public address"), "{summary}");
    assert!(summary.contains("10.50.0.4") && summary.contains("conditional forwarder"), "{summary}");
    assert_eq!(report.vault.as_ref().unwrap().name, "fabrikam");
}

#[test]
fn another_service_is_named_not_diagnosed() {
    let report = diagnose_texts(&[&fixture("nslookup/other-service.txt")]);
    assert!(report.vault.is_none());
    let title = &report.step("dns-resolves").unwrap().title;
    assert!(title.contains("another Azure service (privatelink.blob.core.windows.net)"), "{title}");
}

#[test]
fn the_vault_is_diagnosed_not_other_names_queried() {
    let report = diagnose_texts(&[&fixture("nslookup/interactive-session.txt")]);
    assert_eq!(report.vault.as_ref().unwrap().host, "fabrikam.vault.azure.net");
    assert!(report.step("dns-resolves").unwrap().title.contains("10.1.2.4"));
    assert!(report.notes.iter().any(|n| n.contains("microsoft.com")), "{:?}", report.notes);
}

#[test]
fn evidence_points_at_the_right_paste() {
    let report = diagnose_texts(&["", &fixture("nslookup/linux-aks-public.txt")]);
    let step = report.step("dns-private-address").unwrap();
    assert_eq!(step.evidence[0].input, 2);
    assert_eq!(step.evidence[0].quote, "Address: 20.61.103.228");
    assert_eq!(report.inputs.len(), 1, "empty pastes are not listed");
    assert_eq!(report.inputs[0].index, 2);
}

#[test]
fn empty_input_asks_for_a_lookup() {
    let report = diagnose_texts(&[]);
    assert_eq!(report.verdict.primary, None);
    assert!(report.verdict.summary.contains("nslookup"));
    assert_eq!(report.steps[0].status, Unknown);
    assert!(report.steps[1..].iter().all(|s| s.status == Skip), "{:?}", report.steps);
}

#[test]
fn pastes_about_different_vaults_are_called_out() {
    let other = fixture("nslookup/windows-private-healthy.txt").replace("fabrikam", "contoso");
    let report =
        diagnose_texts(&[&fixture("nslookup/linux-aks-public.txt"), &fixture("nslookup/linux-nxdomain.txt"), &other]);
    assert_eq!(report.vault.as_ref().unwrap().name, "fabrikam");
    assert!(report.notes.iter().any(|n| n.contains("more than one vault (fabrikam, contoso)")), "{:?}", report.notes);
}
