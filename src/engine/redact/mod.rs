//! Removes secrets from whatever leaves kvdoctor: links, whole pastes, copied and printed
//! reports. Known shapes first (keys and connection strings in [`rules`], command-line options
//! in [`options`], tokens and credentials in URLs in [`tokens`], multi-line blocks in
//! [`blocks`]), then default deny ([`safe`]): any long random-looking value that is not a
//! known-safe shape. Every removal is named by one of [`what::ALL`], and
//! docs/secret-removal.md lists them all. Every rule walks a line once (no rescans of what
//! was already cut), so removal is linear in the text.
//! Pastes are diagnosed as they are; only what is shared is redacted. Never panics: every cut
//! is at an ASCII byte or a line's end.

mod blocks;
pub mod lines;
pub mod mask;
mod options;
mod rules;
mod safe;
mod tokens;
pub mod what;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::report::Report;
pub use lines::{clean, clean_whole};
pub use rules::MARK;

/// What was removed, for the message shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Removed {
    pub what: Cow<'static, str>,
    /// 1-based paste number and line; 0 for text of the report itself.
    pub paste: usize,
    pub line: usize,
}

impl Removed {
    /// "a token (JWT) (paste 1, line 3)".
    pub fn describe(&self) -> String {
        match (self.paste, self.line) {
            (0, _) => format!("{} (report text)", self.what),
            (p, 0) => format!("{} (paste {p})", self.what),
            (p, l) => format!("{} (paste {p}, line {l})", self.what),
        }
    }
}

/// Redacts every paste; returns the cleaned pastes and what was removed where.
pub fn redact(pastes: &[String]) -> (Vec<String>, Vec<Removed>) {
    redact_with(pastes, clean)
}

/// [`redact`] with the stronger removal whole pastes pass ([`clean_whole`]).
pub fn redact_whole(pastes: &[String]) -> (Vec<String>, Vec<Removed>) {
    redact_with(pastes, clean_whole)
}

type Clean = fn(&str) -> (String, Vec<(&'static str, usize)>);

fn redact_with(pastes: &[String], clean: Clean) -> (Vec<String>, Vec<Removed>) {
    let mut removed = Vec::new();
    let cleaned = pastes
        .iter()
        .enumerate()
        .map(|(i, paste)| {
            let (text, found) = clean(paste);
            removed.extend(found.into_iter().map(|(what, line)| Removed {
                what: Cow::Borrowed(what),
                paste: i + 1,
                line,
            }));
            text
        })
        .collect();
    (cleaned, removed)
}

/// A copy of `report` with secrets removed from every text that came from a paste, and the
/// list of removals (evidence keeps its paste and line; other text is "report text").
pub fn report(report: &Report) -> (Report, Vec<Removed>) {
    let mut r = report.clone();
    // Secrets the readers already took out of the lines their notes quote.
    let mut removed: Vec<Removed> = r
        .inputs
        .iter_mut()
        .flat_map(|input| {
            let paste = input.index;
            std::mem::take(&mut input.removed).into_iter().map(move |(what, line)| Removed {
                what: Cow::Borrowed(what),
                paste,
                line,
            })
        })
        .collect();
    // The same quote stands under many steps: each distinct text is cleaned once.
    let mut cleaned: HashMap<String, (String, Vec<&'static str>)> = HashMap::new();
    let mut fix = |text: &mut String, paste: usize, line: usize| {
        let (clean, whats) = cleaned.entry(text.clone()).or_insert_with(|| {
            let (clean, found) = clean(text);
            (clean, found.into_iter().map(|(what, _)| what).collect())
        });
        if !whats.is_empty() {
            text.clone_from(clean);
            removed.extend(whats.iter().map(|&what| Removed { what: Cow::Borrowed(what), paste, line }));
        }
    };
    // A quoted line is reduced to its evidence as a link's used line is (`mask`): the rest of
    // it masked, its length kept. What no rule knows (a new tool's password, a plain word after
    // `secret:`) is masked by its shape or its place, and is not listed: nothing was recognised.
    let vault: Vec<String> = r.vault.iter().flat_map(|v| [v.name.clone(), v.host.clone()]).collect();
    let keep: Vec<&str> = vault.iter().map(String::as_str).collect();
    let mut reduced: HashMap<String, String> = HashMap::new();
    let mut reduce = |text: &mut String| {
        let out = reduced.entry(text.clone()).or_insert_with(|| {
            text.split('\n').map(|line| mask::reduce_keeping(line, &keep)).collect::<Vec<_>>().join("\n")
        });
        text.clone_from(out);
    };
    fix(&mut r.verdict.summary, 0, 0);
    fix(&mut r.verdict.headline, 0, 0);
    for note in &mut r.notes {
        fix(note, 0, 0);
    }
    for input in &mut r.inputs {
        for note in &mut input.notes {
            // "line 7 ignored: …" names its own line.
            let line = note.strip_prefix("line ").and_then(|n| n.split(' ').next()?.parse().ok()).unwrap_or(0);
            fix(note, input.index, line);
            if line > 0 {
                reduce(note);
            }
        }
    }
    for symptom in &mut r.symptoms {
        for text in [&mut symptom.summary].into_iter().chain(&mut symptom.code).chain(&mut symptom.client_address) {
            fix(text, 0, 0);
        }
        for e in &mut symptom.evidence {
            fix(&mut e.quote, e.input, e.lines.first().copied().unwrap_or(0));
            reduce(&mut e.quote);
        }
    }
    for step in &mut r.steps {
        fix(&mut step.title, 0, 0);
        for e in &mut step.evidence {
            fix(&mut e.quote, e.input, e.lines.first().copied().unwrap_or(0));
            reduce(&mut e.quote);
        }
        for action in [&mut step.fix, &mut step.next].into_iter().flatten() {
            fix(&mut action.text, 0, 0);
            for command in &mut action.commands {
                fix(command, 0, 0);
            }
        }
    }
    // A line quoted by a symptom and by steps is listed once.
    let mut listed = HashSet::new();
    removed.retain(|r| listed.insert(r.clone()));
    (r, removed)
}

#[cfg(test)]
mod tests;
