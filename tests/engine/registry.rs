//! The input-kind registry: every kind has one row with an id, a label, a parser that
//! recognises it, a line for "kvdoctor reads: …", and a fixture it is read from.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use std::collections::HashSet;

use common::fixture;
use kvdoctor::engine::facts::Facts;
use kvdoctor::engine::input::{self, Kind};
use kvdoctor::engine::input::{parser::Source, registry::ROWS};

#[test]
fn every_kind_has_exactly_one_row_in_picker_order() {
    let kinds: Vec<Kind> = ROWS.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, Kind::ALL);
    assert_eq!(kinds.iter().collect::<HashSet<_>>().len(), kinds.len(), "a kind registered twice");
    assert!(Kind::Unknown.row().is_none());
    for kind in Kind::ALL {
        assert_eq!(kind.row().map(|r| r.kind), Some(*kind));
    }
}

#[test]
fn ids_and_labels_are_unique_and_round_trip() {
    let mut ids = HashSet::new();
    let mut labels = HashSet::new();
    for row in ROWS {
        assert!(!row.id.is_empty() && row.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", row.id);
        assert!(ids.insert(row.id), "id {} used twice", row.id);
        assert!(!row.label.trim().is_empty() && labels.insert(row.label), "label {:?}", row.label);
        assert!(!row.reads.trim().is_empty(), "{} has no 'reads' line", row.id);
        assert_eq!(Kind::from_id(row.id), Some(row.kind));
        assert_eq!(row.kind.id(), row.id);
        assert_eq!(row.kind.label(), row.label);
        // The report's JSON names a kind by its id.
        assert_eq!(serde_json::to_string(&row.kind).unwrap(), format!("\"{}\"", row.id));
    }
    assert_eq!(Kind::from_id("unknown"), Some(Kind::Unknown));
    assert_eq!(serde_json::to_string(&Kind::Unknown).unwrap(), "\"unknown\"");
    assert_eq!(Kind::from_id("nope"), None);
}

/// The ids are a JSON contract (reports, share links, `--kind`): they never change.
#[test]
fn ids_are_the_published_ones() {
    let ids: Vec<&str> = ROWS.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "nslookup",
            "dig",
            "host",
            "resolve-dnsname",
            "test-netconnection",
            "curl",
            "http-headers",
            "error",
            "portal",
            "az-keyvault",
            "az-private-endpoint",
            "az-pe-connection",
            "az-nic",
            "az-dns-zone",
            "az-dns-link",
            "az-dns-record",
            "az-dns-zone-group",
            "az-role-assignments",
            "az-network-rules",
            "az-identity",
            "az-federated-credential",
            "kubectl-describe-pod",
            "env",
            "access-token",
            "public-dns",
            "kvdoctor-bundle",
        ]
    );
}

/// Each row's parser claims the kind's clean fixture, and reading it (recognised, and forced
/// to the kind) names that kind and reads values from it.
#[test]
fn every_kind_is_recognised_and_read_from_its_fixture() {
    for row in ROWS {
        let text = fixture(&format!("inputs/{}-clean.txt", row.id));
        let score = row.parser.sniff(&Source::new(&text));
        assert!(score >= 45, "{}: its parser scores its own fixture {score}", row.id);

        let mut facts = Facts::default();
        let summary = input::read(1, &text, None, &mut facts);
        assert_eq!(summary.kind, row.kind, "{}: recognised as {:?}", row.id, summary.kind);
        assert!(summary.facts > 0, "{}: no values read", row.id);

        let mut forced = Facts::default();
        let summary = input::read(1, &text, Some(row.kind), &mut forced);
        assert_eq!(summary.kind, row.kind);
        assert_eq!(forced, facts, "{}: forcing the kind reads the same facts", row.id);
    }
}

/// A paste nobody recognises is told everything kvdoctor reads, from the rows.
#[test]
fn the_unrecognised_note_lists_every_row() {
    let mut facts = Facts::default();
    let summary = input::read(1, "hello there\nnothing to see", None, &mut facts);
    assert_eq!(summary.kind, Kind::Unknown);
    let note = &summary.notes[0];
    for row in ROWS {
        assert!(note.contains(row.reads), "{} missing from {note}", row.reads);
    }
}
