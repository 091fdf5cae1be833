//! Recognise each paste, parse it into facts, and account for every line.

mod nslookup;
pub mod text;

use serde::Serialize;

use super::facts::Facts;
use text::{excerpt, Line};

/// What a paste was understood as (CHECKS.md `kind` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Nslookup,
    Unknown,
}

impl Kind {
    /// The kinds this version reads, for messages that say what can be pasted.
    pub const READABLE: &'static [Kind] = &[Kind::Nslookup];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Nslookup => "nslookup",
            Kind::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Nslookup => "nslookup output",
            Kind::Unknown => "not recognised",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        [Kind::Nslookup, Kind::Unknown]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

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

/// Collects what a parser could not use, so nothing is dropped silently.
pub struct Reader {
    pub input: usize,
    notes: Vec<String>,
    ignored: usize,
}

/// Ignored lines listed one by one before the rest are counted.
const LISTED_IGNORED: usize = 20;

impl Reader {
    fn new(input: usize) -> Reader {
        Reader {
            input,
            notes: Vec::new(),
            ignored: 0,
        }
    }

    pub fn ignore(&mut self, line: &Line) {
        self.ignored += 1;
        if self.ignored <= LISTED_IGNORED {
            self.notes.push(format!(
                "line {} ignored: {}",
                line.number,
                excerpt(line.text)
            ));
        }
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn into_notes(mut self) -> Vec<String> {
        if self.ignored > LISTED_IGNORED {
            self.notes.push(format!(
                "… and {} more lines ignored",
                self.ignored - LISTED_IGNORED
            ));
        }
        self.notes
    }
}

/// Below this, a paste is not claimed by any parser: one stray `Server:` line is not enough.
const MIN_CONFIDENCE: u8 = 45;

/// Reads paste number `index` (1-based) into `facts`. `kind` forces a parser instead of guessing.
pub fn read(index: usize, paste: &str, kind: Option<Kind>, facts: &mut Facts) -> InputSummary {
    let lines = text::lines(paste);
    let mut reader = Reader::new(index);
    let before = facts.count();
    let (kind, confidence) = match kind {
        Some(forced) => (forced, 100),
        None => recognise(&lines),
    };
    let kind = if paste.contains('\0') {
        Kind::Unknown
    } else {
        kind
    };
    match kind {
        Kind::Nslookup => nslookup::parse(&mut reader, &lines, facts),
        Kind::Unknown => reader.note(unreadable_message(paste)),
    }
    let facts_read = facts.count() - before;
    if kind != Kind::Unknown && facts_read == 0 {
        reader.note(format!(
            "read as {} but no usable values were found",
            kind.label()
        ));
    }
    InputSummary {
        index,
        kind,
        confidence,
        lines: paste.lines().count(),
        facts: facts_read,
        notes: reader.into_notes(),
    }
}

fn recognise(lines: &[Line]) -> (Kind, u8) {
    let score = nslookup::sniff(lines);
    if score >= MIN_CONFIDENCE {
        (Kind::Nslookup, score)
    } else {
        (Kind::Unknown, 0)
    }
}

fn unreadable_message(paste: &str) -> String {
    let accepted: Vec<&str> = Kind::READABLE.iter().map(|k| k.label()).collect();
    let what = if paste.contains('\0')
        || paste
            .chars()
            .filter(|c| c.is_control() && !c.is_whitespace())
            .count()
            > 8
    {
        "this paste looks like binary data, not text"
    } else {
        "this paste was not recognised"
    };
    format!(
        "{what}; kvdoctor reads: {}. Paste the whole output, including the command you ran.",
        accepted.join(", ")
    )
}
