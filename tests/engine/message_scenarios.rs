//! Whole-case scenarios for one pasted message line per family (the lines and their sources
//! are in `tests/fixtures/messages/`). These are tests only: two dozen one-line cases would
//! crowd the page's example menu, which keeps the richer `firewall-line-with-vault` case.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use kvdoctor::engine::input::error_catalogue::CATALOGUE;
use kvdoctor::engine::report::Status;
use kvdoctor::engine::{diagnose_texts, render};

/// The first example line of `id` in the fixture.
fn example(id: &str) -> String {
    common::fixture("messages/examples.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&format!("{id}\t")).map(|rest| rest.split_once('\t').unwrap().1.to_string()))
        .unwrap_or_else(|| panic!("no example for {id}"))
}

/// One representative entry per family, with the primary cause the verdict must name (None:
/// the verdict asks the question that decides).
const LONE: &[(&str, Option<&str>)] = &[
    ("firewall", Some("net-firewall")),
    ("public-access-disabled", Some("net-public-access")),
    ("public-access-disabled-v2", Some("net-public-access")),
    ("tcp-connection", None),
    ("perimeter", Some("net-perimeter")),
    ("rbac", Some("authz-rbac")),
    ("policy-secrets", Some("authz-access-policy")),
    ("policy-none", Some("authz-access-policy")),
    ("purge-permission", Some("authz-access-policy")),
    ("key-operation", Some("authz-key-operations")),
    ("disabled-secret", Some("object-enabled")),
    ("not-found-secret", Some("object-exists")),
    ("deleted-recoverable", Some("object-exists")),
    ("purge-protection", Some("object-exists")),
    ("missing-token", Some("auth-token-present")),
    ("audience", Some("auth-audience")),
    ("issuer", Some("auth-tenant")),
    ("throttled", Some("throttling")),
    ("status-forbidden", None),
    ("dns-dotnet", Some("dns-resolves")),
    ("timeout", Some("net-reachable")),
    ("refused", Some("net-reachable")),
    ("reset", Some("net-reachable")),
    ("tls-name", Some("http-vault-url")),
    ("tls-handshake", Some("net-reachable")),
    ("ping", None),
    ("proxy", Some("net-reachable")),
    ("rbac-portal", Some("authz-rbac")),
    ("credential-chain", Some("identity-credential")),
    ("credential-environment", Some("identity-credential")),
    ("mi-no-endpoint", Some("identity-managed")),
    ("mi-not-assigned", Some("identity-managed")),
    ("pod-identity", Some("identity-managed")),
    ("federation-issuer", Some("identity-federation")),
    ("federation-subject", Some("identity-federation")),
    ("app-not-found", Some("identity-app")),
    ("app-secret-invalid", Some("identity-app")),
    ("app-tenant", Some("identity-app")),
    ("signin-conditional-access", Some("identity-signin-policy")),
    ("signin-mfa", Some("identity-signin-policy")),
    ("ref-msi-not-enabled", Some("identity-managed")),
    ("ref-access-denied", None),
    ("ref-unconfirmed", None),
    ("csi-driver-missing", Some("identity-platform")),
    ("kubernetes-rbac", Some("identity-platform")),
    ("containerapp-secret-invalid", Some("identity-platform")),
    ("dapr-identity", Some("identity-managed")),
    ("appconfig-reference", None),
    ("devops-service-connection", Some("identity-platform")),
    ("devops-get-list", None),
    ("management-denied", Some("authz-rbac")),
    ("management-policy", Some("authz-rbac")),
    ("vault-name-held", Some("object-exists")),
    ("vault-not-found", Some("object-exists")),
    ("being-recovered", Some("object-exists")),
    ("federation-lifetime", Some("identity-federation")),
    ("mi-env-missing", Some("identity-managed")),
    ("portal-conflict", Some("object-exists")),
    ("cmk-access", None),
    ("databricks-scope", None),
    ("apim-identity", Some("identity-managed")),
    ("token-resource", Some("http-vault-url")),
    ("tf-deleted-vault-check", None),
];

#[test]
fn every_family_has_a_lone_line_case() {
    for m in CATALOGUE {
        let covered = LONE.iter().any(|(id, _)| CATALOGUE.iter().any(|c| c.id == *id && c.family == m.family));
        assert!(covered, "{:?} has no lone-line scenario", m.family);
    }
}

#[test]
fn a_lone_line_names_the_cause_or_asks_the_question_that_decides() {
    for (id, primary) in LONE {
        let line = example(id);
        let report = diagnose_texts(&[&line]);
        assert_eq!(report.verdict.primary.as_deref(), *primary, "{id}: {}", report.verdict.summary);
        // "No fault found" in what the line covers (its URL) only when the verdict goes on to ask
        // the question of the step the line drives.
        let check = CATALOGUE.iter().find(|m| m.id == *id).unwrap().check;
        let step = report.step(check).unwrap();
        let asks = step.status == Status::Unknown
            && step.next.as_ref().is_some_and(|n| report.verdict.summary.contains(n.text.as_str()));
        assert!(!report.verdict.summary.contains("No fault found") || asks, "{id}: {}", report.verdict.summary);
        if primary.is_none() {
            assert_eq!(report.verdict.status, Status::Unknown, "{id}");
            assert!(report.verdict.summary.contains("Next:"), "{id}: {}", report.verdict.summary);
        }
        insta::assert_snapshot!(format!("lone-{id}"), common::stable(&render::text(&report)));
    }
}

#[test]
fn gibberish_is_said_to_be_unread() {
    let report = diagnose_texts(&["lorem ipsum dolor sit amet"]);
    assert!(report.verdict.summary.starts_with("kvdoctor could not read paste 1"), "{}", report.verdict.summary);
    assert_eq!(report.verdict.status, Status::Unknown);
    let report = diagnose_texts(&["lorem ipsum", "Request is missing a Bearer or PoP token."]);
    assert!(report.verdict.summary.contains("could not read paste 1"), "{}", report.verdict.summary);
}
