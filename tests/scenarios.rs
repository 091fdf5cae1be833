//! Whole cases, one folder of pastes each (`static/examples/cases/<case>/N.txt`, also the page's examples): the primary
//! cause is asserted, and the full report is snapshot-tested so wording changes are reviewed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use kvdoctor::engine::report::Status::{self, *};
use kvdoctor::engine::{diagnose_texts, render};

fn pastes(case: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/examples/cases").join(case);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt")) // not SOURCES
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
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

#[test]
fn every_case_names_the_right_primary_cause() {
    for (case, status, primary) in CASES {
        let texts = pastes(case);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let report = diagnose_texts(&refs);
        assert_eq!(
            (report.verdict.status, report.verdict.primary),
            (*status, *primary),
            "{case}: {}",
            report.verdict.summary
        );
        for input in &report.inputs {
            assert!(input.facts > 0, "{case}: paste {} read nothing: {:?}", input.index, input.notes);
        }
        insta::assert_snapshot!(*case, common::stable(&render::text(&report)));
    }
}

#[test]
fn the_healthy_case_invents_nothing() {
    let texts = pastes("healthy-private");
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let report = diagnose_texts(&refs);
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
    let index: serde_json::Value = serde_json::from_str(include_str!("../static/examples/index.json")).unwrap();
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
