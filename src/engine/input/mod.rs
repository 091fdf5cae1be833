//! Recognise each paste, parse it into facts, and account for every line.
//!
//! Every parser whose recogniser is confident enough reads the paste and marks the lines it
//! used, so one paste may hold an error message and JSON; lines no parser used are listed.

mod azure;
mod dig;
mod error;
mod host;
mod http;
pub mod json;
pub mod messages;
mod nslookup;
mod portal;
mod projection;
pub mod public_dns;
pub mod registry;
mod resolve_dnsname;
pub mod text;

use serde::Serialize;

use super::facts::Facts;
pub use registry::{Kind, Source};
use text::excerpt;

/// How one paste was read, for the report's `inputs` list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputSummary {
    pub index: usize,
    pub kind: Kind,
    /// 0–100: how sure the recogniser is of `kind`.
    pub confidence: u8,
    pub lines: usize,
    pub facts: usize,
    pub notes: Vec<String>,
}

impl InputSummary {
    /// "12 values read from 40 lines", singular where it should be.
    pub fn read_summary(&self) -> String {
        let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
        format!("{} read from {}", plural(self.facts, "value"), plural(self.lines, "line"))
    }
}

/// Collects which lines parsers used and what they noticed, so nothing is dropped silently.
pub struct Reader {
    pub input: usize,
    used: Vec<bool>,
    notes: Vec<String>,
}

/// Ignored lines listed one by one before the rest are counted.
const LISTED_IGNORED: usize = 20;

impl Reader {
    fn new(input: usize, physical_lines: usize) -> Reader {
        Reader { input, used: vec![false; physical_lines + 1], notes: Vec::new() }
    }

    pub fn use_line(&mut self, number: usize) {
        if let Some(slot) = self.used.get_mut(number) {
            *slot = true;
        }
    }

    pub fn use_lines(&mut self, first: usize, last: usize) {
        for n in first..=last {
            self.use_line(n);
        }
    }

    pub fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Lines with text that no reader used; `cleaned` (quote markers removed), when a reader
    /// split the paste, decides what is blank.
    fn ignored_notes(&self, paste: &str, cleaned: Option<&[text::Line]>) -> Vec<String> {
        let mut has_text = vec![false; self.used.len()];
        match cleaned {
            Some(cleaned) => {
                for line in cleaned.iter().filter(|l| !l.text.trim().is_empty()) {
                    if let Some(slot) = has_text.get_mut(line.number) {
                        *slot = true;
                    }
                }
            }
            None => {
                for (i, line) in paste.split('\n').enumerate() {
                    if let Some(slot) = has_text.get_mut(i + 1) {
                        *slot = !line.trim().is_empty();
                    }
                }
            }
        }
        let ignored: Vec<(usize, &str)> = paste
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .filter(|(n, _)| has_text.get(*n).copied().unwrap_or(false) && !self.used.get(*n).copied().unwrap_or(false))
            .collect();
        let mut notes: Vec<String> =
            ignored.iter().take(LISTED_IGNORED).map(|(n, l)| format!("line {n} ignored: {}", excerpt(l))).collect();
        if ignored.len() > LISTED_IGNORED {
            notes.push(format!("… and {} more lines ignored", ignored.len() - LISTED_IGNORED));
        }
        notes
    }
}

/// Reads paste number `index` (1-based) into `facts`. `kind` forces a parser instead of guessing.
pub fn read(index: usize, paste: &str, kind: Option<Kind>, facts: &mut Facts) -> InputSummary {
    read_marked(index, paste, kind, facts).0
}

/// [`read`], and which lines a reader used (indexed by 1-based line number): share links
/// carry only those.
pub fn read_marked(index: usize, paste: &str, kind: Option<Kind>, facts: &mut Facts) -> (InputSummary, Vec<bool>) {
    let physical = paste.split('\n').count();
    let mut reader = Reader::new(index, physical);
    let before = facts.count();
    if looks_binary(paste) {
        reader.note(unreadable_message(true));
        let summary = InputSummary {
            index,
            kind: Kind::Unknown,
            confidence: 0,
            lines: paste.lines().count(),
            facts: 0,
            notes: reader.notes,
        };
        return (summary, reader.used);
    }
    let source = Source::new(paste);
    let candidates = match kind {
        Some(forced) => forced.row().map(|row| vec![(row.parser, 100)]).unwrap_or_default(),
        None => registry::recognise(&source),
    };
    let found: Vec<(Kind, u8)> =
        candidates.into_iter().map(|(parser, score)| ((parser.read)(&mut reader, &source, facts), score)).collect();
    let facts_read = facts.count() - before;
    let (kind, confidence) = match kind {
        Some(forced) => (forced, 100),
        None => found.iter().copied().find(|(k, _)| *k != Kind::Unknown).unwrap_or((Kind::Unknown, 0)),
    };
    if found.len() > 1 {
        let also: Vec<&str> = found.iter().skip(1).map(|(k, _)| k.label()).filter(|l| *l != kind.label()).collect();
        if !also.is_empty() {
            reader.note(format!("also read as: {}", also.join(", ")));
        }
    }
    if kind == Kind::Unknown || facts_read == 0 {
        reader.note(if kind == Kind::Unknown {
            unreadable_message(false)
        } else {
            format!("read as {} but no usable values were found", kind.label())
        });
    }
    let mut notes = reader.notes.clone();
    if kind != Kind::Unknown {
        notes.extend(reader.ignored_notes(paste, source.split()));
    }
    (InputSummary { index, kind, confidence, lines: paste.lines().count(), facts: facts_read, notes }, reader.used)
}

fn looks_binary(paste: &str) -> bool {
    paste.contains('\0') || paste.chars().take(4096).filter(|c| c.is_control() && !c.is_whitespace()).count() > 8
}

fn unreadable_message(binary: bool) -> String {
    let what = if binary { "this paste looks like binary data, not text" } else { "this paste was not recognised" };
    format!(
        "{what}. kvdoctor reads: {}. Paste the whole output, including the command you ran.",
        registry::reads_list()
    )
}

/// The signature every line-based reader shares.
#[cfg(test)]
pub(crate) type LineParser = fn(&mut Reader, &[text::Line], &mut Facts);

/// Runs one reader on `paste` and returns what it read.
#[cfg(test)]
pub(crate) fn read_with(parser: LineParser, paste: &str) -> Facts {
    let mut facts = Facts::default();
    let mut reader = Reader::new(1, paste.lines().count() + 1);
    parser(&mut reader, &text::lines(paste), &mut facts);
    facts
}
