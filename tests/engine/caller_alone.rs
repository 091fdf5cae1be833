//! Issue 21's "done when": every caller-side and platform text a customer sees (the real samples
//! in `tests/fixtures/caller/`, sources in each folder's `SOURCES`), pasted alone, is read and
//! gives a step that fails or asks the one question that decides: never "could not read", never
//! a report where every step passed or was skipped.

use std::path::Path;

use kvdoctor::engine::diagnose_texts;
use kvdoctor::engine::input::Kind;
use kvdoctor::engine::report::Status;

fn samples() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/caller");
    let mut found = Vec::new();
    for family in std::fs::read_dir(&root).unwrap() {
        let family = family.unwrap().path();
        if !family.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&family).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|x| x == "txt") {
                let name = file.strip_prefix(&root).unwrap().display().to_string();
                found.push((name, std::fs::read_to_string(&file).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_caller_sample_alone_gives_a_step_that_fails_or_asks() {
    let samples = samples();
    assert!(samples.len() >= 140, "{} samples", samples.len());
    let mut wrong = Vec::new();
    for (name, text) in &samples {
        let report = diagnose_texts(&[text]);
        let read = report.inputs.first().is_some_and(|i| i.kind != Kind::Unknown);
        let deciding = report.steps.iter().any(|s| matches!(s.status, Status::Fail | Status::Unknown | Status::Warn));
        if !read || !deciding || report.verdict.summary.contains("kvdoctor could not read") {
            wrong.push(format!("{name}: {}", report.verdict.summary));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The platforms kvdoctor had no words for before the audit: each sample gives its own step.
#[test]
fn the_audited_platforms_name_their_step() {
    for (name, step, status) in [
        ("databricks/invalid-state-could-not-access-keyvault.txt", "identity-platform", Status::Unknown),
        ("apim/named-value-identityclientid-not-found.txt", "identity-managed", Status::Fail),
        ("hashicorp-vault/helm-seal-privatelink-host-aadsts500011.txt", "http-vault-url", Status::Fail),
        ("hashicorp-vault/helm-seal-privatelink-host-aadsts500011.txt", "auth-audience", Status::Fail),
        ("hashicorp-vault/bank-vaults-unsealer-identity-not-found.txt", "identity-managed", Status::Fail),
        ("data-factory/linked-service-secret-not-found.txt", "object-exists", Status::Fail),
        ("terraform/plan-soft-deleted-check-cut.txt", "identity-platform", Status::Unknown),
    ] {
        let text = samples().into_iter().find(|(n, _)| n == name).unwrap().1;
        let report = diagnose_texts(&[&text]);
        assert_eq!(report.step(step).unwrap().status, status, "{name} {step}: {}", report.verdict.summary);
    }
}
