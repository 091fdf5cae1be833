//! A minified JSON paste (`az … -o json | jq -c`, a REST body on one line) is evidence like a
//! pretty one (issue 22): each fact quotes the one member that decided, `"key": value` and
//! where it sits, never the whole 1 KB line.

use crate::common::fixture;
use kvdoctor::engine::diagnose_texts;

/// The paste with its JSON on one line (what came before it, a command line, kept).
fn minified(paste: &str) -> Option<String> {
    let start = paste.find(['{', '['])?;
    let value: serde_json::Value = serde_json::from_str(paste.get(start..)?).ok()?;
    Some(format!("{}{}", paste.get(..start)?, serde_json::to_string(&value).ok()?))
}

/// `"key": value` alone (or one item of a list, with the list's path): the quote without its
/// `(in path)` parses as an object of one member, or as one scalar.
fn one_member(quote: &str) -> bool {
    let member = quote.rsplit_once(" (in ").map_or(quote, |(member, _)| member);
    if member.ends_with('…') {
        // A long object or list value, cut: it still starts with its one key.
        return member.starts_with('"') && member.contains("\":");
    }
    let item = serde_json::from_str::<serde_json::Value>(member).is_ok_and(|v| !v.is_object() && !v.is_array());
    item || serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&format!("{{{member}}}"))
        .is_ok_and(|object| object.len() == 1)
}

#[test]
fn evidence_from_a_minified_paste_is_one_member_per_fact() {
    let names = [
        "config/rest-get-vault.json",
        "config/role-assignments-list-for-scope.json",
        "config/role-assignments-list-for-resource-group.json",
        "config/identity-user-assigned.json",
        "inputs/az-keyvault-clean.txt",
        "inputs/az-network-rules-clean.txt",
        "inputs/az-private-endpoint-clean.txt",
        "inputs/az-pe-connection-clean.txt",
        "inputs/az-nic-clean.txt",
        "inputs/az-dns-zone-clean.txt",
        "inputs/az-dns-link-clean.txt",
        "inputs/az-dns-record-clean.txt",
        "inputs/az-dns-zone-group-clean.txt",
    ];
    let mut quoted = 0;
    for name in names {
        let Some(paste) = minified(&fixture(name)) else { panic!("{name} is not JSON after its first bracket") };
        let json_line = paste.lines().count();
        let longest = paste.lines().last().map_or(0, str::len);
        let report = diagnose_texts(&[&paste]);
        for step in &report.steps {
            for e in step.evidence.iter().filter(|e| e.input == 1 && e.lines == [json_line]) {
                quoted += 1;
                if longest > 160 {
                    assert!(one_member(&e.quote), "{name}, {}: {}", step.id, e.quote);
                } else {
                    assert!(e.quote.len() <= 160, "{name}, {}: {}", step.id, e.quote);
                }
            }
        }
    }
    assert!(quoted >= 10, "only {quoted} evidence lines were quoted from the minified pastes");
}

#[test]
fn the_minified_rest_body_quotes_the_deciding_key_and_its_path() {
    let paste = minified(&fixture("config/rest-get-vault.json")).expect("JSON");
    let report = diagnose_texts(&[&paste]);
    let step = report.step("net-public-access").expect("the step");
    let quotes: Vec<&str> = step.evidence.iter().map(|e| e.quote.as_str()).collect();
    assert!(quotes.contains(&"\"publicNetworkAccess\":\"Disabled\" (in properties)"), "{quotes:?}");
}
