//! Shapes that once took time quadratic in their size. Each runs at a size that took seconds
//! (or minutes) before and asserts what the report says; speed itself is measured by
//! `scripts/bench` (its scaling table), never by a timed test.
#![cfg(not(target_arch = "wasm32"))]

use kvdoctor::engine::report::Status;
use kvdoctor::engine::{checks::ALL, diagnose, Paste};

fn address(i: usize) -> String {
    format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
}

/// One `Name:` and 60,000 `Address:` lines (1 MB): 9.6 s in a release build before, now linear.
#[test]
fn one_name_with_many_addresses() {
    let mut text = String::from(
        "Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.vault.azure.net\n",
    );
    for i in 0..60_000 {
        text.push_str(&format!("Address:  {}\n", address(i)));
    }
    let report = diagnose(&[Paste::new(text)]);
    let resolves = report.step("dns-resolves").expect("every report lists every check");
    assert_eq!(resolves.status, Status::Pass);
    // The title names a few addresses and counts the rest; the evidence quotes a few lines.
    assert!(
        resolves.title.starts_with("contoso.vault.azure.net resolves to 10.0.0.0, 10.0.0.1,"),
        "{}",
        resolves.title
    );
    assert!(resolves.title.ends_with(" and 59994 more"), "{}", resolves.title);
    assert_eq!(resolves.evidence.len(), 20);
    assert_eq!(resolves.evidence_omitted, 60_000 - 20);
    assert_eq!(resolves.evidence[0].lines, vec![6]);
}

/// The same lookup printed 20,000 times (2 MB): every line read, one vault, few quotes.
#[test]
fn repeated_lookup_blocks() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  {}\nAliases:  contoso.vault.azure.net\n\n",
            address(i)
        ));
    }
    let report = diagnose(&[Paste::new(text)]);
    assert_eq!(report.vault.as_ref().map(|v| v.name.as_str()), Some("contoso"));
    assert!(report.inputs[0].facts >= 20_000 * 4, "{}", report.inputs[0].facts);
    assert!(report.inputs[0].notes.is_empty(), "{:?}", report.inputs[0].notes);
    assert_eq!(report.steps.len(), ALL.len());
    for step in &report.steps {
        assert!(step.evidence.len() <= 20, "{}: {}", step.id, step.evidence.len());
        assert!(step.title.len() < 400, "{}: {}", step.id, step.title);
    }
}

/// A 4 MB `record-set a list` (30,000 records): its kind was tallied pairwise before.
#[test]
fn large_record_list() {
    let mut text = String::from("[\n");
    for i in 0..30_000 {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "  {{\n    \"aRecords\": [ {{ \"ipv4Address\": \"{}\" }} ],\n    \"fqdn\": \"kv{i}.privatelink.vaultcore.azure.net.\",\n    \"id\": \"/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/kv{i}\",\n    \"name\": \"kv{i}\",\n    \"ttl\": 10,\n    \"type\": \"Microsoft.Network/privateDnsZones/A\"\n  }}",
            address(i)
        ));
    }
    text.push_str("\n]\n");
    let report = diagnose(&[Paste::new(text)]);
    assert_eq!(report.inputs[0].kind.id(), "az-dns-record");
    assert!(report.inputs[0].facts >= 60_000, "{}", report.inputs[0].facts);
    for step in &report.steps {
        assert!(step.title.len() < 400, "{}: {}", step.id, step.title);
    }
}
