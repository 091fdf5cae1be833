//! The shell's half: the worker's answers read back into the engine's types with the engine's
//! own JSON reader and the strict field readers of [`wire`] (the page carries no serde
//! deserialiser: it would cost more than the components). A malformed answer is an `Err` naming
//! the field, never a half-read value.

use super::super::input::json::Node;
use super::super::page_text::CommandGroup;
use super::super::redact::Removed;
use super::super::report::Report;
use super::super::wire::{self, boolean, field, list, optional, string, whole};
use super::super::Paste;
use super::super::{
    input::marker::{Marker, Why},
    share::{LeftOut, Link, SharedCase},
};

/// A diagnosis as the worker sends it: the report (secrets removed), what was removed, the
/// report as Markdown and as JSON for the copy buttons, the commands that collect evidence for
/// the vault, and the host "Ask public DNS" may send.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnosis {
    pub report: Report,
    pub removed: Vec<Removed>,
    pub markdown: String,
    /// The short comment for a ticket (the page adds the link and the date).
    pub ticket: String,
    pub json: String,
    pub commands: Vec<CommandGroup>,
    pub public_dns_host: Option<String>,
    /// Why the vault name typed was set aside, for the field itself.
    pub vault_problem: Option<String>,
}

/// The answer's one JSON object, or the worker's `{"error":…}` as an `Err`.
fn root(answer: &str) -> Result<Node, String> {
    let root = wire::answer_root(answer)?;
    match wire::member(&root, "error") {
        Some(problem) => Err(string(problem, "answer.error")?),
        None => Ok(root),
    }
}

/// A text member of the answer.
fn text(node: &Node, key: &str) -> Result<String, String> {
    string(field(node, "answer", key)?, &format!("answer.{key}"))
}

pub fn diagnosis(answer: &str) -> Result<Diagnosis, String> {
    let root = root(answer)?;
    Ok(Diagnosis {
        report: wire::report(field(&root, "answer", "report")?)?,
        removed: wire::removed_list(field(&root, "answer", "removed")?)?,
        markdown: text(&root, "markdown")?,
        ticket: text(&root, "ticket")?,
        json: text(&root, "json")?,
        commands: list(field(&root, "answer", "commands")?, "answer.commands", command_group)?,
        public_dns_host: optional(&root, "answer", "public_dns_host", string)?,
        vault_problem: optional(&root, "answer", "vault_problem", string)?,
    })
}

fn command_group(node: &Node, path: &str) -> Result<CommandGroup, String> {
    let pair = |n: &Node, path: &str| match n.items() {
        [what, command] => Ok((string(what, path)?, string(command, path)?)),
        _ => Err(format!("{path} is not a pair of texts")),
    };
    let title = string(field(node, path, "title")?, &format!("{path}.title"))?;
    Ok(CommandGroup { title, commands: list(field(node, path, "commands")?, &format!("{path}.commands"), pair)? })
}

/// A share link, or the sentence saying why there is none.
pub fn link(answer: &str) -> Result<Result<Link, String>, String> {
    let root = root(answer)?;
    if wire::member(&root, "link_error").is_some() {
        return Ok(Err(text(&root, "link_error")?));
    }
    let link = field(&root, "answer", "link")?;
    let left = field(link, "answer.link", "left_out")?;
    let count = |key: &str| whole(field(left, "answer.link.left_out", key)?, &format!("answer.link.left_out.{key}"));
    let left_out = LeftOut {
        lines: count("lines")?,
        values: count("values")?,
        masked: count("masked")?,
        pastes: count("pastes")?,
        left: list(field(left, "answer.link.left_out", "left")?, "answer.link.left_out.left", left_paste)?,
        unchecked: list(field(left, "answer.link.left_out", "unchecked")?, "answer.link.left_out.unchecked", whole)?,
        vault: boolean(field(left, "answer.link.left_out", "vault")?, "answer.link.left_out.vault")?,
    };
    Ok(Ok(Link {
        url: string(field(link, "answer.link", "url")?, "answer.link.url")?,
        removed: wire::removed_list(field(link, "answer.link", "removed")?)?,
        long: boolean(field(link, "answer.link", "long")?, "answer.link.long")?,
        left_out,
    }))
}

/// A paste a link leaves out: its number, its lines and why.
fn left_paste(node: &Node, path: &str) -> Result<(usize, Marker), String> {
    let number = |key: &str| whole(field(node, path, key)?, &format!("{path}.{key}"));
    let why = Why::from_id(&string(field(node, path, "why")?, &format!("{path}.why"))?);
    Ok((number("paste")?, Marker { lines: number("lines")?, why }))
}

/// What a link opened to: the case and what to say about the kvdoctor that made it; `None`
/// for an empty fragment; `Err(sentence)` for a link that could not be opened.
pub type OpenedCase = Result<Option<(SharedCase, Option<String>)>, String>;

pub fn opened(answer: &str) -> Result<OpenedCase, String> {
    let root = root(answer)?;
    if wire::member(&root, "link_error").is_some() {
        return Ok(Err(text(&root, "link_error")?));
    }
    if wire::member(&root, "empty").is_some() {
        return Ok(Ok(None));
    }
    let case = field(&root, "answer", "case")?;
    let paste = |node: &Node, path: &str| {
        let text = string(field(node, path, "text")?, &format!("{path}.text"))?;
        Ok(Paste { text, kind: optional(node, path, "kind", wire::kind)? })
    };
    let pastes = list(field(case, "answer.case", "pastes")?, "answer.case.pastes", paste)?;
    let vault = optional(case, "answer.case", "vault", string)?;
    let note = optional(&root, "answer", "note", string)?;
    Ok(Ok(Some((SharedCase { pastes, vault }, note))))
}

/// The paste made of a public resolver's answer, or why it could not be made.
pub fn dns(answer: &str) -> Result<String, String> {
    text(&root(answer)?, "text")
}

/// The pastes with secrets removed.
pub fn redacted(answer: &str) -> Result<Vec<String>, String> {
    list(field(&root(answer)?, "answer", "texts")?, "answer.texts", string)
}
