//! Removing a key whose value is empty (`null`, `[]`, `{}`, `""`) from a whole Azure resource
//! never changes a step's status (issue 22): az and ARM leave such keys out as often as they
//! print them, and absent, `null` and `[]` say the same there.

use crate::common::fixture;
use kvdoctor::engine::diagnose_texts;
use kvdoctor::engine::report::Status;
use serde_json::Value;

/// Every JSON fixture of a whole resource (az show/list output, REST bodies).
const WHOLE: [&str; 12] = [
    "config/rest-get-vault.json",
    "config/role-assignments-list-for-scope.json",
    "config/role-assignments-list-for-resource-group.json",
    "config/identity-user-assigned.json",
    "config/nsp-configuration-vault.json",
    "config/nsp-association.json",
    "config/record-set-a-list-custom-zone.json",
    "config/vnet-link-get-custom-zone.json",
    "inputs/az-keyvault-clean.txt",
    "inputs/az-private-endpoint-clean.txt",
    "inputs/az-dns-zone-group-clean.txt",
    "inputs/az-nic-clean.txt",
];

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        Value::String(text) => text.is_empty(),
        _ => false,
    }
}

/// The paths (`[key, index…]` as JSON pointers) of every member whose value is empty.
fn empty_members(value: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                if is_empty(child) {
                    out.push((pointer.to_string(), key.clone()));
                }
                empty_members(child, &format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                empty_members(child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn statuses(paste: &str) -> Vec<(String, Status)> {
    diagnose_texts(&[paste]).steps.iter().map(|s| (s.id.to_string(), s.status)).collect()
}

#[test]
fn removing_an_empty_key_from_a_whole_resource_changes_no_step() {
    let mut tried = 0;
    for name in WHOLE {
        let paste = fixture(name);
        let start = paste.find(['{', '[']).expect("JSON");
        let (command, json) = paste.split_at(start);
        let document: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let base = statuses(&paste);
        let mut empty = Vec::new();
        empty_members(&document, "", &mut empty);
        for (pointer, key) in empty {
            let mut without = document.clone();
            if let Some(Value::Object(parent)) = without.pointer_mut(&pointer) {
                parent.remove(&key);
            }
            let text = format!("{command}{}", serde_json::to_string_pretty(&without).expect("JSON"));
            let changed: Vec<_> = statuses(&text).into_iter().zip(&base).filter(|(a, b)| a != *b).collect();
            assert!(changed.is_empty(), "{name}: removing {pointer}/{key} changed {changed:?}");
            tried += 1;
        }
    }
    assert!(tried >= 10, "only {tried} empty keys were tried");
}
