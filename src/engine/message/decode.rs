//! The shell's half: the worker's answers read back into the engine's types with the engine's
//! own JSON reader (the page carries no serde deserialiser: it would cost more than the
//! components). A malformed answer is an `Err` saying what was wrong, never a half-read value.

use super::super::guide::CommandGroup;
use super::super::input::json::{self, Node, Value};
use super::super::input::Kind;
use super::super::redact::Removed;
use super::super::report::Report;
use super::super::share::{LeftOut, Link, SharedCase};
use super::super::{wire, Paste};

/// A diagnosis as the worker sends it: the report (secrets removed), what was removed, the
/// report as Markdown and as JSON for the copy buttons, the commands that collect evidence for
/// the vault, and the host "Ask public DNS" may send.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnosis {
    pub report: Report,
    pub removed: Vec<Removed>,
    pub markdown: String,
    pub json: String,
    pub commands: Vec<CommandGroup>,
    pub public_dns_host: Option<String>,
}

/// The answer's one JSON object, or the worker's `{"error":…}` as an `Err`.
fn root(answer: &str) -> Result<Node, String> {
    let doc = json::parse(answer);
    let root = match (doc.roots.into_iter().next(), doc.problems.is_empty()) {
        (Some(root), true) if root.is_object() => root,
        _ => return Err("the engine's answer is not one JSON object".to_string()),
    };
    match root.get("error") {
        Some(e) => Err(e.text().unwrap_or("the engine failed").to_string()),
        None => Ok(root),
    }
}

fn text(node: &Node, key: &str) -> Result<String, String> {
    node.get(key)
        .filter(|n| matches!(n.value, Value::Str(_)))
        .and_then(Node::text)
        .map(str::to_string)
        .ok_or(format!("the engine's answer has no text \"{key}\""))
}

fn count(node: &Node, key: &str) -> Result<usize, String> {
    let value = node.get(key).filter(|n| matches!(n.value, Value::Num(_))).and_then(Node::text);
    value.and_then(|v| v.parse().ok()).ok_or(format!("the engine's answer has no count \"{key}\""))
}

pub fn diagnosis(answer: &str) -> Result<Diagnosis, String> {
    let root = root(answer)?;
    let report = wire::report(root.get("report").ok_or("the engine's answer has no report")?)?;
    let removed = wire::removed_list(root.get("removed").ok_or("the engine's answer has no removal list")?)?;
    Ok(Diagnosis {
        report,
        removed,
        markdown: text(&root, "markdown")?,
        json: text(&root, "json")?,
        commands: list(&root, "commands", command_group)?,
        public_dns_host: optional_text(&root, "public_dns_host")?,
    })
}

fn list<T>(node: &Node, key: &str, read: fn(&Node) -> Result<T, String>) -> Result<Vec<T>, String> {
    let items = node.get(key).filter(|n| matches!(n.value, Value::Array(_)));
    items.ok_or(format!("the engine's answer has no list \"{key}\""))?.items().iter().map(read).collect()
}

fn command_group(node: &Node) -> Result<CommandGroup, String> {
    let pair = |n: &Node| match n.items() {
        [what, command] => Ok((text_of(what)?, text_of(command)?)),
        _ => Err("a command is not a pair of texts".to_string()),
    };
    Ok(CommandGroup { title: text(node, "title")?, commands: list(node, "commands", pair)? })
}

fn text_of(node: &Node) -> Result<String, String> {
    match &node.value {
        Value::Str(s) => Ok(s.clone()),
        _ => Err("a command's text is not text".to_string()),
    }
}

/// A share link, or why there is none (the sentence the page shows).
pub fn link(answer: &str) -> Result<Result<Link, String>, String> {
    let root = root(answer)?;
    if root.get("link_error").is_some() {
        return Ok(Err(text(&root, "link_error")?));
    }
    let link = root.get("link").ok_or("the engine's answer has no link")?;
    let left = link.get("left_out").ok_or("the link has no \"left_out\"")?;
    let whole = left.get("whole").filter(|w| matches!(w.value, Value::Array(_)));
    let whole = whole.ok_or("the link's \"whole\" is not a list")?;
    let whole = whole.items().iter().map(|n| n.text().and_then(|t| t.parse().ok()).ok_or("a paste number is not one"));
    let left_out = LeftOut {
        lines: count(left, "lines")?,
        values: count(left, "values")?,
        pastes: count(left, "pastes")?,
        whole: whole.collect::<Result<_, _>>()?,
    };
    let long = link.get("long").and_then(Node::as_bool).ok_or("the link has no \"long\"")?;
    let removed = wire::removed_list(link.get("removed").ok_or("the link has no removal list")?)?;
    Ok(Ok(Link { url: text(link, "url")?, removed, long, left_out }))
}

/// What a link opened to: the case and what to say about the kvdoctor that made it; `None`
/// for an empty fragment; `Err(sentence)` for a link that could not be opened.
pub type OpenedCase = Result<Option<(SharedCase, Option<String>)>, String>;

pub fn opened(answer: &str) -> Result<OpenedCase, String> {
    let root = root(answer)?;
    if root.get("link_error").is_some() {
        return Ok(Err(text(&root, "link_error")?));
    }
    if root.get("empty").is_some() {
        return Ok(Ok(None));
    }
    let case = root.get("case").ok_or("the engine's answer has no case")?;
    let pastes = case.get("pastes").filter(|p| matches!(p.value, Value::Array(_)));
    let pastes = pastes.ok_or("the case has no list of pastes")?.items().iter().map(|p| {
        let kind = match p.get("kind").map(|k| &k.value) {
            None | Some(Value::Null) => None,
            Some(Value::Str(id)) => Some(Kind::from_id(id).ok_or(format!("\"{id}\" is no kind"))?),
            Some(_) => return Err("a paste kind that is not a name".to_string()),
        };
        Ok(Paste { text: text(p, "text")?, kind })
    });
    let pastes = pastes.collect::<Result<Vec<Paste>, String>>()?;
    let vault = optional_text(case, "vault")?;
    let note = optional_text(&root, "note")?;
    Ok(Ok(Some((SharedCase { pastes, vault }, note))))
}

fn optional_text(node: &Node, key: &str) -> Result<Option<String>, String> {
    match node.get(key).map(|n| &n.value) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("\"{key}\" is not text")),
    }
}

/// The paste made of a public resolver's answer, or why it could not be made.
pub fn dns(answer: &str) -> Result<String, String> {
    text(&root(answer)?, "text")
}

/// The pastes with secrets removed.
pub fn redacted(answer: &str) -> Result<Vec<String>, String> {
    let root = root(answer)?;
    let texts = root.get("texts").filter(|t| matches!(t.value, Value::Array(_))).ok_or("no list of texts")?;
    texts.items().iter().map(|t| t.text().map(str::to_string).ok_or("a text that is not one".to_string())).collect()
}
