//! Share links: golden links made by v1 must decode to the same diagnosis forever, and any
//! pastes survive a round trip (minus the secrets the link must not carry).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use kvdoctor::engine::redact::redact;
use kvdoctor::engine::share::{build_link, parse_fragment, SharedCase, AIM};
use kvdoctor::engine::{diagnose, Paste};
use proptest::prelude::*;

/// (golden link file, primary cause its case must still yield)
const GOLDEN: &[(&str, Option<&str>)] = &[
    ("tcp-wrong-dns-address.v1.url", Some("dns-matches-endpoint")),
    ("zone-not-linked.v1.url", Some("dns-private-address")),
    ("pipeline-agent-firewall.v1.url", Some("net-firewall")),
    ("rbac-contributor-only.v1.url", Some("authz-rbac")),
    ("pe-pending.v1.url", Some("pe-connection-approved")),
    ("healthy-private.v1.url", None),
];

#[test]
fn golden_links_keep_their_diagnosis() {
    for (file, primary) in GOLDEN {
        let url = common::fixture(&format!("links/{file}"));
        let case = parse_fragment(url.trim()).unwrap_or_else(|e| panic!("{file}: {e}")).expect("a case");
        assert_eq!(case.vault.as_deref(), Some("fabrikam"), "{file}");
        assert_eq!(diagnose(&case.pastes).verdict.primary, *primary, "{file}");
    }
}

#[test]
fn typical_links_stay_within_the_aim() {
    for (file, _) in GOLDEN.iter().filter(|(f, _)| !f.starts_with("healthy")) {
        let url = common::fixture(&format!("links/{file}"));
        assert!(url.trim().len() <= AIM, "{file}: {} characters", url.trim().len());
    }
}

#[test]
fn a_readable_link_prefills_the_vault() {
    let case = parse_fragment(common::fixture("links/readable-vault-error.url").trim()).unwrap().unwrap();
    assert_eq!(case.vault.as_deref(), Some("fabrikam"));
    let report = diagnose(&case.pastes);
    assert_eq!(report.step("net-public-access").unwrap().status, kvdoctor::engine::report::Status::Fail);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_pastes_round_trip(texts in proptest::collection::vec(any::<String>(), 0..4), vault in proptest::option::of("[a-z][a-z0-9-]{2,20}")) {
        let case = SharedCase { pastes: texts.iter().map(Paste::new).collect(), vault };
        match build_link("https://kvdoctor.example/", &case) {
            Ok(link) => {
                let back = parse_fragment(&link.url).unwrap().unwrap_or_default();
                let (expected, _) = redact(&texts);
                let got: Vec<String> = back.pastes.into_iter().map(|p| p.text).collect();
                prop_assert_eq!(got, expected);
                prop_assert_eq!(back.vault, case.vault);
            }
            Err(e) => {
                let too_long = matches!(e, kvdoctor::engine::share::LinkError::TooLong { .. });
                prop_assert!(too_long, "unexpected error: {}", e);
            }
        }
    }

    #[test]
    fn garbage_fragments_never_panic(fragment in ".{0,400}") {
        let _ = parse_fragment(&format!("#{fragment}"));
        let _ = parse_fragment(&format!("#v1.{fragment}"));
    }
}
