//! nslookup as Windows prints it in other display languages (fixtures and their real sources in
//! `tests/fixtures/nslookup/SOURCES`): every line is read, the answer is the same as in English,
//! and the whole case is snapshot-tested.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use kvdoctor::engine::facts::Facts;
use kvdoctor::engine::input::{self, Kind};
use kvdoctor::engine::{diagnose_texts, render};

/// (fixture, resolver, addresses, last name of the chain)
const LANGUAGES: &[(&str, &str, &str, &str)] = &[
    ("german-windows.txt", "168.63.129.16", "10.1.2.4", "fabrikam.vault.azure.net"),
    ("windows-french.txt", "168.63.129.16", "10.1.2.4", "fabrikam.vault.azure.net"),
    ("windows-spanish.txt", "192.168.18.1", "52.168.109.101", "data-prod-eus.vaultcore.azure.net"),
    ("windows-portuguese.txt", "10.50.0.4", "10.1.2.4", "fabrikam.vault.azure.net"),
    ("windows-italian.txt", "192.168.10.1", "20.61.103.228", "data-prod-weu.vaultcore.azure.net"),
    ("windows-japanese.txt", "168.63.129.16", "10.1.2.4", "fabrikam.vault.azure.net"),
    ("windows-chinese.txt", "168.63.129.16", "10.1.2.4", "fabrikam.vault.azure.net"),
    ("windows-korean.txt", "168.126.63.1", "20.195.80.5", "data-prod-sea.vaultcore.azure.net"),
    ("windows-russian.txt", "168.63.129.16", "10.1.2.4", "fabrikam.vault.azure.net"),
];

#[test]
fn every_language_is_read_line_by_line() {
    for (file, server, address, last) in LANGUAGES {
        let text = common::fixture(&format!("nslookup/{file}"));
        let mut facts = Facts::default();
        let summary = input::read(1, &text, None, &mut facts);
        assert_eq!(summary.kind, Kind::Nslookup, "{file}: {summary:?}");
        assert!(summary.notes.is_empty(), "{file}: {:?}", summary.notes);
        assert_eq!(facts.lookups.len(), 1, "{file}");
        let lookup = &facts.lookups[0];
        assert_eq!(lookup.query.as_ref().unwrap().value, "fabrikam.vault.azure.net", "{file}");
        assert_eq!(lookup.server.as_ref().unwrap().value.to_string(), *server, "{file}");
        let addresses: Vec<String> = lookup.addresses.iter().map(|a| a.value.to_string()).collect();
        assert_eq!(addresses, [*address], "{file}");
        assert_eq!(lookup.names.last().unwrap().value, *last, "{file}");
    }
}

#[test]
fn every_language_gives_a_whole_diagnosis() {
    for (file, ..) in LANGUAGES {
        let text = common::fixture(&format!("nslookup/{file}"));
        let report = diagnose_texts(&[&text]);
        assert!(!report.verdict.summary.contains("could not read"), "{file}: {}", report.verdict.summary);
        assert!(
            report.step("dns-resolves").is_some_and(|s| s.status == kvdoctor::engine::report::Status::Pass),
            "{file}"
        );
        insta::assert_snapshot!(
            format!("localized-{}", file.trim_end_matches(".txt")),
            common::stable(&render::text(&report))
        );
    }
}
