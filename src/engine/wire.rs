//! The worker's answer to the page: the report and what redaction removed, as text.
//!
//! The rule engine runs in a Web Worker; the page's shell only turns its answer back into the
//! report's types. serde's `Deserialize` and serde_json's reader would cost the shell about
//! 20 KB of wasm, so the answer is decoded with small readers over the engine's own JSON reader
//! ([`json`]), which the shell carries anyway. The worker encodes with serde, so the answer's
//! report is byte for byte the one `kvdoctor --json` prints.
//!
//! The field readers below (`field`, `list`, `string`, …) also read the rest of the worker's
//! answers (`message::decode`).
//!
//! Decoding is strict where the JSON reader is lenient: a cut-off answer, a missing required
//! field, a wrong type or a number out of range is an `Err` that names the field's path
//! (`report.steps[3].status is not a status`), never a half-read report.

use std::borrow::Cow;
use std::str::FromStr;

use serde::Serialize;

use super::facts::Evidence;
use super::input::json::{self, Node, Value};
use super::redact::Removed;
use super::report::{Action, Report, Status, Step, Symptom, SymptomKind, VaultInfo, Verdict};
use super::vault::Service;
use super::{kind::Kind, report::InputSummary};

/// `{"report":…,"removed":[…]}` in compact JSON.
pub fn encode_answer(report: &Report, removed: &[Removed]) -> String {
    #[derive(Serialize)]
    struct Answer<'a> {
        report: &'a Report,
        removed: &'a [Removed],
    }
    // Only maps with non-string keys can fail to serialise; the report has none.
    serde_json::to_string(&Answer { report, removed }).unwrap_or_default()
}

/// The report and removal list of an answer written by [`encode_answer`].
pub fn decode_answer(text: &str) -> Result<(Report, Vec<Removed>), String> {
    let root = answer_root(text)?;
    Ok((report(field(&root, "answer", "report")?)?, removed_list(field(&root, "answer", "removed")?)?))
}

/// The one JSON object of an answer the worker wrote, read strictly: a cut-off or damaged text
/// is an `Err`, never another answer. Every answer of `message::Session` is read through it.
pub fn answer_root(text: &str) -> Result<Node, String> {
    let trimmed = text.trim();
    if !(trimmed.starts_with('{') && trimmed.ends_with('}')) {
        return Err("the answer is not a JSON object".to_string());
    }
    // Compact JSON escapes every control character; the reader would end a string at a raw
    // line break and carry on, reading a damaged answer as another one.
    if trimmed.bytes().any(|b| b < 0x20) {
        return Err("the answer holds a raw control character".to_string());
    }
    let doc = json::parse(trimmed);
    if let Some(problem) = doc.problems.first() {
        return Err(format!("the answer is damaged: {problem}"));
    }
    let mut roots = doc.roots.into_iter();
    match (roots.next(), roots.next()) {
        (Some(root), None) if root.is_object() => Ok(root),
        _ => Err("the answer is not one JSON object".to_string()),
    }
}

/// A report already parsed by [`json::parse`], for a caller that reads the rest of a larger
/// message itself (the worker's answer carries more than the report). Paths start `report.`.
/// The caller must refuse a parse with `problems`: the reader closes a cut-off text silently.
pub fn report(node: &Node) -> Result<Report, String> {
    read_report(node, "report")
}

/// A list of removals already parsed by [`json::parse`]; paths start `removed`.
pub fn removed_list(node: &Node) -> Result<Vec<Removed>, String> {
    list(node, "removed", removal)
}

fn read_report(node: &Node, path: &str) -> Result<Report, String> {
    let node = object(node, path)?;
    Ok(Report {
        version: whole(field(node, path, "version")?, &format!("{path}.version"))?,
        kvdoctor: Cow::Owned(string(field(node, path, "kvdoctor")?, &format!("{path}.kvdoctor"))?),
        vault: optional(node, path, "vault", vault_info)?,
        inputs: list(field(node, path, "inputs")?, &format!("{path}.inputs"), input_summary)?,
        symptoms: list(field(node, path, "symptoms")?, &format!("{path}.symptoms"), symptom)?,
        steps: list(field(node, path, "steps")?, &format!("{path}.steps"), step)?,
        verdict: verdict(field(node, path, "verdict")?, &format!("{path}.verdict"))?,
        notes: list(field(node, path, "notes")?, &format!("{path}.notes"), string)?,
    })
}

fn vault_info(node: &Node, path: &str) -> Result<VaultInfo, String> {
    let node = object(node, path)?;
    Ok(VaultInfo {
        name: string(field(node, path, "name")?, &format!("{path}.name"))?,
        host: string(field(node, path, "host")?, &format!("{path}.host"))?,
        cloud: Cow::Owned(string(field(node, path, "cloud")?, &format!("{path}.cloud"))?),
        service: service(field(node, path, "service")?, &format!("{path}.service"))?,
    })
}

fn input_summary(node: &Node, path: &str) -> Result<InputSummary, String> {
    let node = object(node, path)?;
    Ok(InputSummary {
        index: whole(field(node, path, "index")?, &format!("{path}.index"))?,
        kind: kind(field(node, path, "kind")?, &format!("{path}.kind"))?,
        confidence: whole(field(node, path, "confidence")?, &format!("{path}.confidence"))?,
        lines: whole(field(node, path, "lines")?, &format!("{path}.lines"))?,
        facts: whole(field(node, path, "facts")?, &format!("{path}.facts"))?,
        notes: list(field(node, path, "notes")?, &format!("{path}.notes"), string)?,
        removed: Vec::new(),
    })
}

fn symptom(node: &Node, path: &str) -> Result<Symptom, String> {
    let node = object(node, path)?;
    Ok(Symptom {
        kind: symptom_kind(field(node, path, "kind")?, &format!("{path}.kind"))?,
        summary: string(field(node, path, "summary")?, &format!("{path}.summary"))?,
        http_status: optional(node, path, "http_status", whole)?,
        code: optional(node, path, "code", string)?,
        client_address: optional(node, path, "client_address", string)?,
        evidence: list(field(node, path, "evidence")?, &format!("{path}.evidence"), evidence)?,
    })
}

fn step(node: &Node, path: &str) -> Result<Step, String> {
    let node = object(node, path)?;
    Ok(Step {
        id: Cow::Owned(string(field(node, path, "id")?, &format!("{path}.id"))?),
        status: status(field(node, path, "status")?, &format!("{path}.status"))?,
        title: string(field(node, path, "title")?, &format!("{path}.title"))?,
        explanation: Cow::Owned(string(field(node, path, "explanation")?, &format!("{path}.explanation"))?),
        evidence: list(field(node, path, "evidence")?, &format!("{path}.evidence"), evidence)?,
        // Left out of the JSON when 0.
        evidence_omitted: optional(node, path, "evidence_omitted", whole)?.unwrap_or(0),
        fix: optional(node, path, "fix", action)?,
        next: optional(node, path, "next", action)?,
    })
}

fn action(node: &Node, path: &str) -> Result<Action, String> {
    let node = object(node, path)?;
    Ok(Action {
        text: string(field(node, path, "text")?, &format!("{path}.text"))?,
        commands: list(field(node, path, "commands")?, &format!("{path}.commands"), string)?,
    })
}

fn evidence(node: &Node, path: &str) -> Result<Evidence, String> {
    let node = object(node, path)?;
    Ok(Evidence {
        input: whole(field(node, path, "input")?, &format!("{path}.input"))?,
        lines: list(field(node, path, "lines")?, &format!("{path}.lines"), whole)?,
        quote: string(field(node, path, "quote")?, &format!("{path}.quote"))?,
    })
}

fn verdict(node: &Node, path: &str) -> Result<Verdict, String> {
    let node = object(node, path)?;
    Ok(Verdict {
        status: status(field(node, path, "status")?, &format!("{path}.status"))?,
        primary: optional(node, path, "primary", string)?.map(Cow::Owned),
        summary: string(field(node, path, "summary")?, &format!("{path}.summary"))?,
    })
}

fn removal(node: &Node, path: &str) -> Result<Removed, String> {
    let node = object(node, path)?;
    Ok(Removed {
        what: Cow::Owned(string(field(node, path, "what")?, &format!("{path}.what"))?),
        paste: whole(field(node, path, "paste")?, &format!("{path}.paste"))?,
        line: whole(field(node, path, "line")?, &format!("{path}.line"))?,
    })
}

/// Every status, for reading them back by their word.
const STATUSES: [Status; 5] = [Status::Pass, Status::Fail, Status::Warn, Status::Unknown, Status::Skip];

/// Every symptom kind, for reading them back by their id.
const SYMPTOM_KINDS: [SymptomKind; 8] = [
    SymptomKind::RequestFailed,
    SymptomKind::Timeout,
    SymptomKind::ConnectionRefused,
    SymptomKind::ConnectionReset,
    SymptomKind::ProxyRefused,
    SymptomKind::TlsNameMismatch,
    SymptomKind::ChallengeMismatch,
    SymptomKind::NameNotResolved,
];

fn status(node: &Node, path: &str) -> Result<Status, String> {
    let word = string(node, path)?;
    STATUSES.into_iter().find(|s| s.word() == word).ok_or_else(|| format!("{path} is not a status"))
}

fn symptom_kind(node: &Node, path: &str) -> Result<SymptomKind, String> {
    let id = string(node, path)?;
    SYMPTOM_KINDS.into_iter().find(|k| k.id() == id).ok_or_else(|| format!("{path} is not a symptom kind"))
}

/// The service's id as serde writes it (kebab-case).
fn service(node: &Node, path: &str) -> Result<Service, String> {
    match string(node, path)?.as_str() {
        "vault" => Ok(Service::Vault),
        "managed-hsm" => Ok(Service::ManagedHsm),
        _ => Err(format!("{path} is not a service")),
    }
}

pub(crate) fn kind(node: &Node, path: &str) -> Result<Kind, String> {
    Kind::from_id(&string(node, path)?).ok_or_else(|| format!("{path} is not a kind of paste"))
}

/// `node` itself if it is an object.
fn object<'a>(node: &'a Node, path: &str) -> Result<&'a Node, String> {
    if node.is_object() {
        Ok(node)
    } else {
        Err(format!("{path} is not an object"))
    }
}

/// The member `key` of an object, by its exact name ([`Node::get`] ignores case).
pub(crate) fn member<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.members().iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(crate) fn field<'a>(node: &'a Node, path: &str, key: &str) -> Result<&'a Node, String> {
    member(node, key).ok_or_else(|| format!("{path}.{key} is missing"))
}

/// A member that may be missing or null.
pub(crate) fn optional<T>(
    node: &Node,
    path: &str,
    key: &str,
    read: impl Fn(&Node, &str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    match member(node, key) {
        None | Some(Node { value: Value::Null, .. }) => Ok(None),
        Some(value) => read(value, &format!("{path}.{key}")).map(Some),
    }
}

pub(crate) fn list<T>(
    node: &Node,
    path: &str,
    read: impl Fn(&Node, &str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    match &node.value {
        Value::Array(items) => items.iter().enumerate().map(|(i, item)| read(item, &format!("{path}[{i}]"))).collect(),
        _ => Err(format!("{path} is not a list")),
    }
}

pub(crate) fn string(node: &Node, path: &str) -> Result<String, String> {
    match &node.value {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(format!("{path} is not a string")),
    }
}

/// A whole number that fits `T`: digits only, so no sign, fraction or exponent. The JSON reader
/// keeps a number's text as written (it carries no float parser).
pub(crate) fn whole<T: FromStr>(node: &Node, path: &str) -> Result<T, String> {
    let parsed = match &node.value {
        Value::Num(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits.parse().ok(),
        _ => None,
    };
    let name = std::any::type_name::<T>();
    parsed.ok_or_else(|| format!("{path} is not a whole number that fits {name}"))
}

pub(crate) fn boolean(node: &Node, path: &str) -> Result<bool, String> {
    match node.value {
        Value::Bool(b) => Ok(b),
        _ => Err(format!("{path} is not true or false")),
    }
}

#[cfg(test)]
mod tests;
