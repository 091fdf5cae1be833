//! Removes secrets from whatever leaves kvdoctor: links, whole pastes, copied and printed
//! reports. Known shapes first ([`rules`]: keys, headers, options, JWTs, PEM blocks), then
//! default deny ([`safe`]): any long random-looking value that is not a known-safe shape.
//! Pastes are diagnosed as they are; only what is shared is redacted. Never panics: every cut
//! is at an ASCII byte or a line's end.

mod rules;
mod safe;
pub mod used;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::report::Report;
pub use rules::MARK;

/// What was removed, for the message shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
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

/// Passes over a text at most: each pass that finds something removes characters, so the
/// loop ends anyway; the bound keeps a crafted text from costing more than a few passes.
const MAX_PASSES: usize = 8;

/// One text, line by line, until a pass finds nothing more (removing one token can leave a
/// part of it that reads as a token of its own — found by the `redact` fuzz target); returns
/// what was removed on which 1-based line.
pub fn clean(text: &str) -> (String, Vec<(&'static str, usize)>) {
    let (mut out, mut found) = clean_once(text);
    for _ in 1..MAX_PASSES {
        let (next, more) = clean_once(&out);
        if more.is_empty() {
            break;
        }
        out = next;
        found.extend(more);
    }
    (out, found)
}

/// One pass over a text, line by line.
fn clean_once(text: &str) -> (String, Vec<(&'static str, usize)>) {
    let mut found = Vec::new();
    let mut in_pem = false;
    let mut after_secret_name = false;
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(n, line)| {
            let mut spans = Vec::new();
            let lower = line.to_ascii_lowercase();
            in_pem = pem(&lower, in_pem, &mut spans);
            rules::keyed(line, after_secret_name, &mut spans);
            rules::flags(line, &lower, &mut spans);
            rules::bearer(line, &lower, &mut spans);
            rules::tokens(line, &mut spans);
            let known = spans.clone();
            safe::random_tokens(line, &known, &mut spans);
            after_secret_name = rules::names_secret(&lower);
            let (out, whats) = apply(line, spans);
            found.extend(whats.into_iter().map(|w| (w, n + 1)));
            out
        })
        .collect();
    (lines.join("\n"), found)
}

/// PEM private keys: the body between `BEGIN … PRIVATE KEY-----` and `-----END`, on one line
/// (escaped `\n` in JSON) or many. Returns whether the key goes on past this line.
fn pem(lower: &str, in_pem: bool, out: &mut Vec<rules::Span>) -> bool {
    let begin = rules::find_lower(lower, "private key-----", 0).filter(|_| lower.contains("-----begin"));
    let start = match (in_pem, begin) {
        (true, _) => 0,
        (false, Some(at)) => at + "private key-----".len(),
        (false, None) => return false,
    };
    let end = rules::find_lower(lower, "-----end", start);
    let stop = end.unwrap_or(lower.len());
    if stop > start {
        out.push((start, stop, "a private key (PEM)"));
    }
    end.is_none()
}

/// Replaces the merged spans by [`MARK`]; one entry per removal.
fn apply(line: &str, mut spans: Vec<rules::Span>) -> (String, Vec<&'static str>) {
    spans.retain(|(s, e, _)| s < e && line.is_char_boundary(*s) && line.is_char_boundary(*e));
    spans.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    let (mut out, mut whats, mut at) = (String::with_capacity(line.len()), Vec::new(), 0);
    for (s, e, what) in spans {
        if e <= at {
            continue; // inside a span already removed
        }
        let s = s.max(at);
        out.push_str(line.get(at..s).unwrap_or_default());
        if line.get(s..e) != Some(MARK) {
            out.push_str(MARK);
            whats.push(what);
        } else {
            out.push_str(MARK);
        }
        at = e;
    }
    out.push_str(line.get(at..).unwrap_or_default());
    (out, whats)
}

/// A copy of `report` with secrets removed from every text that came from a paste, and the
/// list of removals (evidence keeps its paste and line; other text is "report text").
pub fn report(report: &Report) -> (Report, Vec<Removed>) {
    let mut r = report.clone();
    let mut removed = Vec::new();
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
    fix(&mut r.verdict.summary, 0, 0);
    for note in &mut r.notes {
        fix(note, 0, 0);
    }
    for input in &mut r.inputs {
        for note in &mut input.notes {
            // "line 7 ignored: …" names its own line.
            let line = note.strip_prefix("line ").and_then(|n| n.split(' ').next()?.parse().ok()).unwrap_or(0);
            fix(note, input.index, line);
        }
    }
    for symptom in &mut r.symptoms {
        for text in [&mut symptom.summary].into_iter().chain(&mut symptom.code).chain(&mut symptom.client_address) {
            fix(text, 0, 0);
        }
        for e in &mut symptom.evidence {
            fix(&mut e.quote, e.input, e.lines.first().copied().unwrap_or(0));
        }
    }
    for step in &mut r.steps {
        fix(&mut step.title, 0, 0);
        for e in &mut step.evidence {
            fix(&mut e.quote, e.input, e.lines.first().copied().unwrap_or(0));
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
