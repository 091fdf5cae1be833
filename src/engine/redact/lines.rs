//! Secret removal from text, line by line, with what each line says about the next (a key
//! block, a YAML secret's name, a Kubernetes `data:` map). Apart from the report, so the
//! readers can clean a line before they quote part of it, without depending on the report.

use super::blocks::Blocks;
use super::{options, rules, safe, tokens};
use rules::MARK;

/// Passes over a text at most: each pass that finds something removes characters, so the
/// loop ends anyway; the bound keeps a crafted text from costing more than a few passes.
const MAX_PASSES: usize = 8;

/// One text, line by line, until a pass finds nothing more (removing one token can leave a
/// part of it that reads as a token of its own — found by the `redact` fuzz target); returns
/// what was removed on which 1-based line.
pub fn clean(text: &str) -> (String, Vec<(&'static str, usize)>) {
    clean_with(text, false)
}

/// [`clean`] for whole pastes, which carry lines no reader used (issue 27 item 3): also every
/// value that stands where a secret's does, whatever its shape (`secret: hunter`, `key: word`,
/// `token is word`, `/p:word`; `mask::placed`), which [`clean`] keeps when it reads as a plain
/// word, since prose uses those words too ("Key: vault").
pub fn clean_whole(text: &str) -> (String, Vec<(&'static str, usize)>) {
    clean_with(text, true)
}

fn clean_with(text: &str, whole: bool) -> (String, Vec<(&'static str, usize)>) {
    let (mut out, mut found) = clean_once(text, whole);
    for _ in 1..MAX_PASSES {
        let (next, more) = clean_once(&out, whole);
        if more.is_empty() {
            break;
        }
        out = next;
        found.extend(more);
    }
    (out, found)
}

/// One pass over a text, line by line: every rule walks a line once.
fn clean_once(text: &str, whole: bool) -> (String, Vec<(&'static str, usize)>) {
    let mut found = Vec::new();
    let mut blocks = Blocks::default();
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(n, line)| {
            let mut spans = Vec::new();
            let lower = line.to_ascii_lowercase();
            let context = blocks.context();
            blocks.line(line, &lower, &mut spans);
            rules::keyed(line, context, &mut spans);
            options::options(line, &lower, &mut spans);
            tokens::bearer(line, &lower, &mut spans);
            tokens::tokens(line, &lower, &mut spans);
            if whole {
                spans.extend(super::mask::placed(line));
            }
            let known = spans.clone();
            safe::random_tokens(line, &known, &mut spans);
            let (out, whats) = apply(line, spans);
            found.extend(whats.into_iter().map(|w| (w, n + 1)));
            out
        })
        .collect();
    (lines.join("\n"), found)
}

/// Replaces the merged spans by [`MARK`]; one entry per removal.
fn apply(line: &str, mut spans: Vec<rules::Span>) -> (String, Vec<&'static str>) {
    spans.retain(|(s, e, _)| s < e && line.is_char_boundary(*s) && line.is_char_boundary(*e));
    // A value a link already masked (all `x`, `redact::mask::FILL`) holds nothing to remove.
    spans.retain(|(s, e, _)| !line.get(*s..*e).is_some_and(|v| v.bytes().all(|b| b == super::mask::FILL as u8)));
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
