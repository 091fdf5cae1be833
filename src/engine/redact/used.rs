//! Links carry only what the diagnosis used: lines no reader used are emptied (kept as empty
//! lines, so evidence keeps its line numbers), and in az/ARM JSON the string values of keys no
//! reader looks at are blanked with the structure kept. A secret's `"value"` never travels. A
//! paste kvdoctor understood nothing of travels as a [`Marker`]: the recipient's diagnosis
//! counts it as unread, as the sender's did, and says the sender left it out.
//!
//! Safe by construction: a shrunk paste is read again and must give exactly the facts the
//! whole paste gave (so every diagnosis it is part of stays the same); otherwise it travels
//! whole (still redacted). Each paste is shrunk once per content: the page makes a link on
//! every edit, and an unchanged 5 MB paste must not be read again for it.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::engine::facts::Facts;
use crate::engine::input::Kind;
use crate::engine::share::{Marker, Why};
use crate::engine::{input, Paste};

/// JSON keys whose values the az/ARM reader uses (`input/azure.rs`). Keys themselves are kept,
/// so readers that test for a key's presence see the same document.
const READ_KEYS: &[&str] = &[
    "aRecords",
    "accessPolicies",
    "bypass",
    "customDnsConfigs",
    "defaultAction",
    "enableRbacAuthorization",
    "fqdn",
    "fqdns",
    "groupIds",
    "hsmUri",
    "id",
    "ip",
    "ipAddresses",
    "ipConfigurations",
    "ipRules",
    "ipv4Address",
    "name",
    "networkAcls",
    "networkInterfaces",
    "numberOfVirtualNetworkLinks",
    "objectId",
    "permissions",
    "principalId",
    "principalName",
    "privateDnsZoneConfigs",
    "privateDnsZoneId",
    "privateEndpoint",
    "privateEndpointConnections",
    "privateIPAddress",
    "privateLinkConnectionProperties",
    "privateLinkServiceConnectionState",
    "privateLinkServiceId",
    "provisioningState",
    "publicNetworkAccess",
    "recordSetName",
    "recordSets",
    "registrationEnabled",
    "resolutionPolicy",
    "resourceGroup",
    "roleDefinitionName",
    "scope",
    "status",
    "subnet",
    "tenantId",
    "ttl",
    "type",
    "vaultUri",
    "virtualNetwork",
    "virtualNetworkLinkState",
    "keys",
    "secrets",
    "certificates",
    "storage",
    "virtualNetworkRules",
    "location",
];

/// The pastes a link carries by default, and what was left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Minimal {
    pub pastes: Vec<Paste>,
    /// Lines with text that no reader used, emptied.
    pub dropped_lines: usize,
    /// JSON string values of keys no reader uses, blanked.
    pub blanked_values: usize,
    /// 1-based pastes kept whole because their shrunk form read differently.
    pub whole: Vec<usize>,
    /// 1-based pastes left out, each standing in the link as its marker.
    pub left: Vec<(usize, Marker)>,
}

/// One paste shrunk, or why not.
#[derive(Debug)]
enum Shrunk {
    Kept {
        paste: Paste,
        dropped: usize,
        blanked: usize,
    },
    /// The shrunk paste read differently: the whole one travels.
    Whole,
    /// Nothing of it was understood: its marker travels.
    Left(Marker),
}

/// Only what the diagnosis of `pastes` used; every diagnosis stays the same.
pub fn used_only(pastes: &[Paste]) -> Minimal {
    let mut out = Minimal::default();
    for (i, paste) in pastes.iter().enumerate() {
        match &*cached(paste) {
            Shrunk::Whole => {
                out.pastes.push(paste.clone());
                out.whole.push(i + 1);
            }
            Shrunk::Left(marker) => {
                out.pastes.push(Paste::new(marker.text()));
                out.left.push((i + 1, *marker));
            }
            Shrunk::Kept { paste, dropped, blanked } => {
                out.pastes.push(paste.clone());
                out.dropped_lines += dropped;
                out.blanked_values += blanked;
            }
        }
    }
    out
}

/// Shrunk pastes by content, for the pastes of the current case (a link holds at most 50).
const CACHED: usize = 64;

thread_local! {
    static CACHE: RefCell<Vec<(u64, Rc<Shrunk>)>> = const { RefCell::new(Vec::new()) };
}

fn cached(paste: &Paste) -> Rc<Shrunk> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (paste.text.len(), &paste.text, paste.kind.map(|k| k.id())).hash(&mut hasher);
    let key = hasher.finish();
    if let Some(hit) = CACHE.with(|c| c.borrow().iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone())) {
        return hit;
    }
    let shrunk = Rc::new(shrink(paste));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHED {
            c.remove(0);
        }
        c.push((key, shrunk.clone()));
    });
    shrunk
}

/// One paste with unused lines emptied and unused JSON values blanked, checked by reading it
/// again: the facts (values, evidence lines and quotes) must be the same. A paste nothing was
/// understood of is left out (its marker travels); a marker stays the marker it is.
fn shrink(paste: &Paste) -> Shrunk {
    let unchanged = Shrunk::Kept { paste: paste.clone(), dropped: 0, blanked: 0 };
    if paste.text.trim().is_empty() {
        return unchanged;
    }
    if let Some(marker) = Marker::parse(&paste.text) {
        return Shrunk::Left(marker);
    }
    let mut facts = Facts::default();
    let (summary, used) = input::read_marked(1, &paste.text, paste.kind, &mut facts);
    // What the verdict counts as a paste kvdoctor could not read (`report::verdict`).
    if summary.kind == Kind::Unknown || summary.facts == 0 {
        return Shrunk::Left(Marker { lines: summary.lines, why: Why::Unread });
    }
    let mut dropped = 0;
    let lines: Vec<&str> = paste
        .text
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            if used.get(i + 1).copied().unwrap_or(false) || line.trim().is_empty() {
                line
            } else {
                dropped += 1;
                ""
            }
        })
        .collect();
    let mut text = lines.join("\n");
    let mut blanked = 0;
    if summary.kind.id().starts_with("az-") {
        (text, blanked) = blank_json(&text);
    }
    if dropped + blanked == 0 {
        return unchanged;
    }
    let mut again = Facts::default();
    let (summary_again, _) = input::read_marked(1, &text, paste.kind, &mut again);
    if again != facts || summary_again.kind != summary.kind {
        return Shrunk::Whole;
    }
    Shrunk::Kept { paste: Paste { text, kind: paste.kind }, dropped, blanked }
}

/// A container being scanned: object or array, and the key it sits under.
struct Open {
    object: bool,
    key: Option<String>,
}

/// Blanks string values (`"x"` → `""`) of keys not in [`READ_KEYS`]; `"value"` is kept only
/// under `ipRules`. A byte scanner: cuts happen at `"` only, so characters are never split.
fn blank_json(text: &str) -> (String, usize) {
    let b = text.as_bytes();
    let (mut out, mut at, mut blanked) = (String::with_capacity(text.len()), 0, 0);
    let mut stack: Vec<Open> = Vec::new();
    let (mut key, mut expect_key, mut line_start) = (None::<String>, false, true);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'{' | b'[' if !stack.is_empty() || line_start => {
                let parent_key = if stack.last().is_some_and(|o| o.object) { key.take() } else { None };
                stack.push(Open { object: c == b'{', key: parent_key });
                expect_key = c == b'{';
            }
            b'}' | b']' if !stack.is_empty() => {
                stack.pop();
                expect_key = false;
            }
            b',' if stack.last().is_some_and(|o| o.object) => expect_key = true,
            b':' if stack.last().is_some_and(|o| o.object) => expect_key = false,
            b'"' if !stack.is_empty() => {
                let end = string_end(b, i + 1);
                if expect_key {
                    key = text.get(i + 1..end).map(str::to_string);
                } else {
                    let owner = if stack.last().is_some_and(|o| o.object) { key.clone() } else { None };
                    if end > i + 1 && !read(owner.as_deref(), &stack) {
                        out.push_str(text.get(at..=i).unwrap_or_default());
                        at = end;
                        blanked += 1;
                    }
                }
                i = end;
            }
            _ => {}
        }
        line_start = c == b'\n' || (line_start && c.is_ascii_whitespace());
        i += 1;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    (out, blanked)
}

/// The byte index of a string's closing quote (or the line's end for an unterminated one).
fn string_end(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i).filter(|c| !matches!(c, b'"' | b'\n')) {
        i += if *c == b'\\' && b.get(i + 1).is_some_and(|c| *c != b'\n') { 2 } else { 1 };
    }
    i.min(b.len())
}

/// Whether a reader uses a string under `key` (or, in an array, under the array's key).
fn read(key: Option<&str>, stack: &[Open]) -> bool {
    let array_key = stack.last().filter(|o| !o.object).and_then(|o| o.key.as_deref());
    let Some(key) = key.or(array_key) else { return false };
    let known = READ_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
    let under_ip_rules = stack.iter().any(|o| o.key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("ipRules")));
    known || (key.eq_ignore_ascii_case("value") && under_ip_rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_values_no_reader_uses() {
        let secret = "{\n  \"id\": \"https://kv.vault.azure.net/secrets/db/1\",\n  \"value\": \"hunter2é\",\n  \"tags\": {\"owner\": \"zoë\"},\n  \"ipRules\": [{\"value\": \"1.2.3.4/32\"}],\n  \"groupIds\": [\"vault\"]\n}";
        let (out, n) = blank_json(secret);
        assert_eq!(n, 2, "{out}");
        assert!(out.contains("\"value\": \"\",") && out.contains("\"owner\": \"\""), "{out}");
        assert!(out.contains("1.2.3.4/32") && out.contains("[\"vault\"]") && out.contains("secrets/db/1"), "{out}");
        assert_eq!(out.lines().count(), secret.lines().count());
    }

    #[test]
    fn odd_json_never_panics() {
        for text in ["{\"a\": \"é", "[\"\\", "{\"k\":\"\\\"\"}", "\"x\"", "{{{{", "]]}}", "{\"a\"\n:\"b\"}"] {
            let _ = blank_json(text);
        }
    }
}
