//! Whole cases, one folder of pastes each: the page's examples (`static/examples/cases/<case>/N.txt`,
//! listed in `static/examples/index.json`) and the cases only tests read
//! (`tests/fixtures/cases/<case>/N.txt`). The primary cause is asserted, and the full report is
//! snapshot-tested so wording changes are reviewed.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use std::path::Path;

use kvdoctor::engine::report::Report;
use kvdoctor::engine::report::Status::{self, *};
use kvdoctor::engine::{diagnose_texts, render};

/// The report for a whole case (a page example or a test-only one), every paste read.
fn diagnose_example(case: &str) -> Report {
    let texts = common::case_pastes(&common::case_dir(case));
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    diagnose_texts(&refs)
}

/// The verdict a case must reach, with its summary when it does not.
fn assert_verdict(case: &str, report: &Report, status: Status, primary: Option<&str>) {
    assert_eq!(
        (report.verdict.status, report.verdict.primary.as_deref()),
        (status, primary),
        "{case}: {}",
        report.verdict.summary
    );
}

/// (case, verdict status, primary cause)
const CASES: &[(&str, Status, Option<&str>)] = &[
    ("tcp-wrong-dns-address", Fail, Some("dns-matches-endpoint")),
    ("tcp-host-header", Fail, Some("http-host-header")),
    ("tcp-connection-pending", Fail, Some("pe-connection-approved")),
    ("pe-pending", Fail, Some("pe-connection-approved")),
    ("pe-rejected", Fail, Some("pe-connection-approved")),
    ("pe-disconnected", Fail, Some("pe-connection-approved")),
    ("zone-not-linked", Fail, Some("dns-private-address")),
    ("custom-dns-no-forwarder", Fail, Some("dns-private-address")),
    ("a-record-wrong-ip", Fail, Some("zone-a-record-ip")),
    ("zone-misnamed", Fail, Some("dns-private-address")),
    ("pipeline-agent-firewall", Fail, Some("net-firewall")),
    ("public-access-disabled-laptop", Fail, Some("net-public-access")),
    ("rbac-contributor-only", Fail, Some("authz-rbac")),
    ("access-policy-missing-get", Fail, Some("authz-access-policy")),
    ("tenant-mismatch", Fail, Some("auth-tenant")),
    ("challenge-401-alone", Warn, Some("auth-token-present")),
    ("throttled-429", Fail, Some("throttling")),
    ("firewall-line-with-vault", Fail, Some("net-firewall")),
    ("portal-networking-copy", Unknown, None),
    ("healthy-private", Pass, None),
];

/// Whole real multi-paste cases for issue 10 (reasoning like a support engineer): tested here,
/// not shown on the page (`tests/fixtures/cases`).
/// (case, verdict status, primary cause, pastes expected to read nothing)
const REASONING: &[(&str, Status, Option<&str>, &[usize])] = &[
    ("rbac-403-with-nxdomain-elsewhere", Fail, Some("authz-rbac"), &[]),
    ("coredns-private-azure-dns-nxdomain", Warn, Some("dns-resolver"), &[]),
    ("coredns-no-answer-azure-dns-nxdomain", Fail, Some("dns-resolves"), &[]),
    ("healthy-coredns-wrapped", Unknown, None, &[]),
    ("public-disabled-no-connection", Fail, Some("net-public-access"), &[]),
    ("all-networks-with-approved-pe", Warn, Some("net-exposure"), &[]),
    ("private-answer-curl-35", Fail, Some("net-reachable"), &[]),
    ("private-timeout-and-ping", Fail, Some("net-reachable"), &[]),
    ("private-answer-schannel-closed", Fail, Some("net-reachable"), &[]),
    ("laptop-public-vm-private", Fail, Some("dns-private-address"), &[]),
    ("pe-query-projection-pending", Fail, Some("pe-connection-approved"), &[]),
    // Issue 21: a grant given to the wrong principal is named as such.
    ("caller-not-the-role-holder", Fail, Some("authz-caller"), &[]),
    ("mi-client-id-as-object-id", Fail, Some("authz-caller"), &[]),
    // Issue 21: whole cases of identity and platform texts read with the vault's configuration.
    ("csi-access-policy-403-no-get", Fail, Some("authz-access-policy"), &[]),
    ("app-service-denied-public-disabled", Fail, Some("net-public-access"), &[]),
    // A later reference status supersedes an earlier one in the same copy (MSINotEnabled is
    // history); AccessToKeyVaultDenied beside a deny-all firewall is the firewall's refusal.
    ("app-service-msi-then-firewall", Fail, Some("net-firewall"), &[]),
    // The pod's `kubectl describe pod` shows no injected workload identity.
    ("dac-aks-pod-no-workload-identity", Fail, Some("identity-federation"), &[]),
    // The federated credential list (paste 2) is read: the verdict names the subject that
    // differs, the token's and the credential's.
    ("federated-credential-wrong-subject", Fail, Some("identity-federation"), &[]),
];

/// Every case whose verdict is asserted: the page's examples, then the reasoning cases.
fn whole_cases() -> Vec<&'static str> {
    CASES.iter().map(|(case, ..)| *case).chain(REASONING.iter().map(|(case, ..)| *case)).collect()
}

#[test]
fn every_reasoning_case_names_the_cause_a_support_engineer_would() {
    for (case, status, primary, unread) in REASONING {
        let report = diagnose_example(case);
        assert_verdict(case, &report, *status, *primary);
        for input in &report.inputs {
            assert_eq!(
                input.facts == 0,
                unread.contains(&input.index),
                "{case}: paste {}: {:?}",
                input.index,
                input.notes
            );
        }
        insta::assert_snapshot!(format!("reasoning-{case}"), common::stable(&render::text(&report)));
    }
}

/// The vault's own answer wins over another resolver's NXDOMAIN, and the verdict says why;
/// the DNS steps still report both viewpoints.
#[test]
fn the_vaults_answer_outranks_another_viewpoints_nxdomain() {
    let report = diagnose_example("rbac-403-with-nxdomain-elsewhere");
    assert!(
        report.verdict.summary.contains("Decisive evidence: the vault answered ForbiddenByRbac"),
        "{}",
        report.verdict.summary
    );
    let resolves = report.step("dns-resolves").unwrap();
    assert!(resolves.title.contains("10.22.26.6") && resolves.title.contains("NXDOMAIN"), "{}", resolves.title);
    let resolver = report.step("dns-resolver").unwrap();
    assert!(resolver.title.contains("CoreDNS") && resolver.title.contains("168.63.129.16"), "{}", resolver.title);
    assert!(report
        .steps
        .iter()
        .filter(|s| s.id.starts_with("dns-") || s.id.starts_with("net-"))
        .all(|s| s.status != Fail));
}

/// A `--query` projection with the user's own keys is read as the private endpoint it is, and
/// the summary says how each renamed key was read.
#[test]
fn a_query_projection_of_a_private_endpoint_is_read_as_one() {
    let report = diagnose_example("pe-query-projection-pending");
    let first = &report.inputs[0];
    assert_eq!(first.kind, kvdoctor::engine::input::Kind::AzPrivateEndpoint);
    for key in ["connectionStatus", "nicId", "privateLinkServiceId"] {
        assert!(first.notes.iter().any(|n| n.contains(&format!("\"{key}\" read as"))), "{key}: {:?}", first.notes);
    }
    assert_eq!(report.inputs[2].kind, kvdoctor::engine::input::Kind::AzKeyvault, "a vault projection is the vault");
    let approved = report.step("pe-connection-approved").unwrap();
    assert!(approved.title.contains("Pending"), "{}", approved.title);
    assert_eq!(report.step("pe-targets-vault").unwrap().status, Pass);
}

/// No case marked healthy (every `healthy-*` example) and no healthy fixture gains a `fail`.
#[test]
fn no_healthy_case_gains_a_fail() {
    let healthy: Vec<&str> = whole_cases().into_iter().filter(|n| n.starts_with("healthy-")).collect();
    assert!(healthy.len() >= 2, "{healthy:?}");
    for case in &healthy {
        let report = diagnose_example(case);
        let failed: Vec<_> =
            report.steps.iter().filter(|s| s.status == Fail).map(|s| (s.id.as_ref(), &s.title)).collect();
        assert!(failed.is_empty(), "{case}: {failed:?}");
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for sub in std::fs::read_dir(&fixtures).unwrap() {
        let sub = sub.unwrap().path();
        if !sub.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&sub).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            // A whole case's folder (tests/fixtures/cases/healthy-…) is checked above.
            if !name.contains("healthy") || !file.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let report = diagnose_texts(&[&text]);
            assert!(!report.has_fail(), "{}: {}", file.display(), report.verdict.summary);
            checked += 1;
        }
    }
    assert!(checked >= 2, "no healthy fixture found under tests/fixtures");
}

#[test]
fn every_case_names_the_right_primary_cause() {
    for (case, status, primary) in CASES {
        let report = diagnose_example(case);
        assert_verdict(case, &report, *status, *primary);
        for input in &report.inputs {
            assert!(input.facts > 0, "{case}: paste {} read nothing: {:?}", input.index, input.notes);
        }
        insta::assert_snapshot!(*case, common::stable(&render::text(&report)));
    }
}

#[test]
fn the_healthy_case_invents_nothing() {
    let report = diagnose_example("healthy-private");
    for step in &report.steps {
        assert!(matches!(step.status, Pass | Skip), "{} is {:?}: {}", step.id, step.status, step.title);
    }
    for id in [
        "dns-resolves",
        "dns-private-address",
        "dns-matches-endpoint",
        "pe-connection-approved",
        "zone-name",
        "zone-vnet-link",
        "zone-a-record",
        "zone-a-record-ip",
    ] {
        assert_eq!(report.step(id).unwrap().status, Pass, "{id}");
    }
}

#[test]
fn the_page_examples_are_the_tested_cases() {
    let index: serde_json::Value = serde_json::from_str(include_str!("../../static/examples/index.json")).unwrap();
    let examples = index["examples"].as_array().unwrap();
    assert_eq!(examples.len(), CASES.len());
    for example in examples {
        let id = example["id"].as_str().unwrap();
        assert!(CASES.iter().any(|(case, _, _)| *case == id), "{id} is shown on the page but not asserted");
        for file in example["files"].as_array().unwrap() {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/examples").join(file.as_str().unwrap());
            assert!(path.is_file(), "{}", path.display());
        }
    }
}

/// The reasoning cases are the tests' own: under `tests/fixtures/cases`, which the page does
/// not ship, never among its examples.
#[test]
fn the_reasoning_cases_are_not_shipped() {
    let test_only = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases");
    for (case, ..) in REASONING {
        assert!(common::case_dir(case).starts_with(&test_only), "{case} is not under tests/fixtures/cases");
    }
}

/// The ticket comment of every case fits a ticket: short (the full report is a separate copy),
/// the verdict first, the fix's commands literal, and nothing of the pastes but what the
/// engine's own sentences name. Measured in characters, without the link the page adds.
#[test]
fn every_ticket_comment_fits_a_ticket() {
    let mut sizes = Vec::new();
    for case in whole_cases() {
        let report = kvdoctor::engine::redact::report(&diagnose_example(case)).0;
        let ticket = render::ticket_redacted(&report);
        // The page adds the link (700–1,800 characters, its own budget) and this line.
        let length = ticket.chars().count() + "kvdoctor 0.1.0+abcdef0, 2026-12-07 04:30 UTC".len();
        assert!(ticket.starts_with(&format!("kvdoctor: {}", report.verdict.status.word().to_uppercase())), "{ticket}");
        assert!(!ticket.contains('|') || ticket.contains("\\|"), "no table: {ticket}");
        assert!(!ticket.contains("**"), "no bold: {ticket}");
        sizes.push((length, case, ticket));
    }
    sizes.sort();
    let typical = &sizes[sizes.len() / 2];
    assert!(typical.0 <= 1_500, "the median case's comment is {} characters: {}", typical.0, typical.2);
    let longest = sizes.last().unwrap();
    assert!(longest.0 <= 2_500, "{} is {} characters:\n{}", longest.1, longest.0, longest.2);
}
