//! The worker's half: reads a request, runs the engine, answers JSON. A session keeps each
//! paste's reading by slot, so an edit re-reads only the paste that changed, as the page did
//! when the engine ran beside it.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{json, Value as Json};

use super::super::input::json::{self, Node, Value};
use super::super::share::{self, Link, SharedCase};
use super::super::{diagnose_reads, page_text, read_paste, redact, render, vault, Paste, PasteRead};
use super::super::{input::Kind, public_dns};

/// What one slot held when it was last read.
struct Cached {
    number: usize,
    kind: Option<Kind>,
    text: String,
    read: Option<Rc<PasteRead>>,
}

/// One worker's state: the readings of the pastes it was last asked about.
#[derive(Default)]
pub struct Session {
    reads: HashMap<u32, Cached>,
}

impl Session {
    /// The answer to `request` about the pastes `texts` (in paste order), as JSON text.
    pub fn answer(&mut self, request: &str, texts: Vec<String>) -> String {
        let doc = json::parse(request);
        let root = match (doc.roots.as_slice(), doc.problems.is_empty()) {
            ([root], true) if root.is_object() => root,
            _ => return error("the request is not one JSON object"),
        };
        let answer = match root.get("op").and_then(string) {
            Some("diagnose") => self.diagnose(root, texts),
            Some("link") => link(root, texts),
            Some("open") => open(root),
            Some("dns") => dns(root),
            Some("redact") => Ok(json!({ "texts": redact::redact(&texts).0 })),
            Some(other) => Err(format!("\"{other}\" is no request kvdoctor's engine answers")),
            None => Err("the request names no operation (\"op\")".to_string()),
        };
        answer.map_or_else(|e| error(&e), |a| a.to_string())
    }

    fn diagnose(&mut self, root: &Node, texts: Vec<String>) -> Result<Json, String> {
        let slots = numbers(root.get("slots"), "slots")?;
        let kinds = kinds(root.get("kinds"), texts.len())?;
        if slots.len() != texts.len() {
            return Err(format!("{} slots for {} pastes", slots.len(), texts.len()));
        }
        let vault = root.get("vault").and_then(string).unwrap_or_default();
        if root.get("test_panic").and_then(Node::as_bool) == Some(true)
            && texts.iter().any(|t| t.contains("kvdoctor-test-panic"))
        {
            #[allow(clippy::panic)] // The browser tests' way to see the bug notice.
            {
                panic!("a test asked for a panic (kvdoctor-test-panic)");
            }
        }
        self.reads.retain(|slot, _| slots.contains(slot));
        let mut reads = Vec::new();
        for (i, ((slot, kind), text)) in slots.iter().zip(kinds).zip(texts).enumerate() {
            if let Some(read) = self.read(*slot, i + 1, kind, text) {
                reads.push(read);
            }
        }
        let reads: Vec<&PasteRead> = reads.iter().map(Rc::as_ref).collect();
        let (report, removed) = redact::report(&diagnose_reads(&reads, Some(vault)));
        // The commands that collect evidence name the vault typed, else the one the pastes name.
        let named = report.vault.as_ref().map(|v| v.host.as_str()).filter(|_| vault.trim().is_empty());
        let commands: Vec<Json> = page_text::evidence_commands(named.unwrap_or(vault))
            .into_iter()
            .map(|g| json!({ "title": g.title, "commands": g.commands }))
            .collect();
        Ok(json!({
            "report": report,
            "removed": removed,
            "markdown": render::markdown_redacted(&report, &removed),
            "ticket": render::ticket_redacted(&report),
            "json": render::json_redacted(&report),
            "commands": commands,
            "public_dns_host": public_dns::host_of(&report),
            "vault_problem": vault::typed(vault).err(),
        }))
    }

    /// What the session keeps for `slot` (tests prove an edit re-reads only its own paste).
    #[cfg(test)]
    pub fn reading(&self, slot: u32) -> Option<Rc<PasteRead>> {
        self.reads.get(&slot).and_then(|c| c.read.clone())
    }

    /// The reading of slot `slot` as paste `number`, made now only if it changed or moved.
    fn read(&mut self, slot: u32, number: usize, kind: Option<Kind>, text: String) -> Option<Rc<PasteRead>> {
        if let Some(cached) = self.reads.get(&slot) {
            if cached.number == number && cached.kind == kind && cached.text == text {
                return cached.read.clone();
            }
        }
        let read = read_paste(number, &text, kind).map(Rc::new);
        self.reads.insert(slot, Cached { number, kind, text, read: read.clone() });
        read
    }
}

fn link(root: &Node, texts: Vec<String>) -> Result<Json, String> {
    let kinds = kinds(root.get("kinds"), texts.len())?;
    let pastes = texts.into_iter().zip(kinds).map(|(text, kind)| Paste { text, kind }).collect();
    let case = SharedCase { pastes, vault: root.get("vault").and_then(string).map(str::to_string) };
    let whole = root.get("whole").and_then(Node::as_bool).unwrap_or(false);
    let base = root.get("base").and_then(string).unwrap_or_default();
    Ok(match share::build_link_with(base, &case, whole) {
        Ok(link) => json!({ "link": link_json(&link) }),
        Err(e) => json!({ "link_error": e.to_string() }),
    })
}

fn link_json(link: &Link) -> Json {
    let left = &link.left_out;
    json!({
        "url": link.url,
        "long": link.long,
        "removed": link.removed,
        "left_out": {
            "lines": left.lines,
            "values": left.values,
            "masked": left.masked,
            "pastes": left.pastes,
            "left": left.left.iter().map(|(n, m)| json!({ "paste": n, "lines": m.lines, "why": m.why.id() })).collect::<Vec<Json>>(),
            "unchecked": left.unchecked,
            "vault": left.vault,
        },
    })
}

fn open(root: &Node) -> Result<Json, String> {
    let fragment = root.get("fragment").and_then(string).ok_or("the request has no fragment")?;
    Ok(match share::open_link(fragment) {
        Ok(None) => json!({ "empty": true }),
        Ok(Some(opened)) => {
            let pastes: Vec<Json> =
                opened.case.pastes.iter().map(|p| json!({ "text": p.text, "kind": p.kind.map(Kind::id) })).collect();
            json!({ "case": { "pastes": pastes, "vault": opened.case.vault }, "note": opened.note() })
        }
        Err(e) => json!({ "link_error": e.to_string() }),
    })
}

fn dns(root: &Node) -> Result<Json, String> {
    let field = |key: &str| root.get(key).and_then(string).ok_or(format!("the request has no \"{key}\""));
    let (resolver, host, when, body) = (field("resolver")?, field("host")?, field("when")?, field("body")?);
    Ok(match public_dns::compose(resolver, host, when, body) {
        Ok(text) => json!({ "text": text }),
        Err(e) => json!({ "error": e }),
    })
}

fn error(problem: &str) -> String {
    json!({ "error": problem }).to_string()
}

fn string(node: &Node) -> Option<&str> {
    matches!(node.value, Value::Str(_)).then(|| node.text()).flatten()
}

fn numbers(node: Option<&Node>, name: &str) -> Result<Vec<u32>, String> {
    let node = node.filter(|n| matches!(n.value, Value::Array(_))).ok_or(format!("\"{name}\" is not a list"))?;
    node.items()
        .iter()
        .map(|n| match &n.value {
            Value::Num(s) => s.parse().map_err(|_| format!("\"{name}\" holds {s}, not a slot number")),
            _ => Err(format!("\"{name}\" holds something that is not a number")),
        })
        .collect()
}

/// One kind override per paste (`null` for none); absent means none for every paste.
fn kinds(node: Option<&Node>, pastes: usize) -> Result<Vec<Option<Kind>>, String> {
    let Some(node) = node else { return Ok(vec![None; pastes]) };
    let items = match &node.value {
        Value::Array(items) => items,
        _ => return Err("\"kinds\" is not a list".to_string()),
    };
    if items.len() != pastes {
        return Err(format!("{} kinds for {pastes} pastes", items.len()));
    }
    items
        .iter()
        .map(|k| match &k.value {
            Value::Null => Ok(None),
            Value::Str(id) => Kind::from_id(id).map(Some).ok_or(format!("\"{id}\" is no kind kvdoctor reads")),
            _ => Err("a kind that is not a name".to_string()),
        })
        .collect()
}
