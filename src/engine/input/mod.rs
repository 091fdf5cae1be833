//! Recognise each paste, parse it into facts, and account for every line.
//!
//! Every parser whose recogniser is confident enough reads the paste and marks the lines it
//! used, so one paste may hold an error message and JSON; lines no parser used are listed.

mod azure;
pub mod bundle;
mod cloud_shell;
mod describe_pod;
pub(crate) mod dig;
mod env_listing;
mod error;
pub mod error_catalogue;
pub(crate) mod host;
mod http;
pub mod json;
pub mod marker;
mod nslookup;
pub mod parser;
mod portal;
mod projection;
pub mod public_dns;
pub mod registry;
mod resolve_dnsname;
pub mod text;
mod token;
mod viewpoint;

use super::facts::Facts;
use super::report::InputSummary;
pub use parser::Source;
pub use registry::Kind;
use text::excerpt;

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
    fn ignored_notes(&self, paste: &str, cleaned: Option<&[text::Line]>) -> (Vec<String>, Vec<(&'static str, usize)>) {
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
        let lines: Vec<&str> = paste.split('\n').collect();
        let ignored: Vec<usize> = (1..=lines.len())
            .filter(|n| has_text.get(*n).copied().unwrap_or(false) && !self.used.get(*n).copied().unwrap_or(false))
            .collect();
        let mut removed = Vec::new();
        let mut notes: Vec<String> = ignored
            .iter()
            .take(LISTED_IGNORED)
            .map(|n| {
                let (line, found) = cleaned_line(&lines, *n);
                removed.extend(found.into_iter().map(|what| (what, *n)));
                format!("line {n} ignored: {}", excerpt(&line))
            })
            .collect();
        if ignored.len() > LISTED_IGNORED {
            notes.push(format!("… and {} more lines ignored", ignored.len() - LISTED_IGNORED));
        }
        (notes, removed)
    }
}

/// Lines before an ignored one that are cleaned with it: a PEM block's header or a YAML
/// secret's name can stand that far above the line that holds the secret.
const CONTEXT_LINES: usize = 64;
/// And at most this much text of them, so twenty notes never clean more than ~1 MB.
const CONTEXT_BYTES: usize = 48 * 1024;

/// Line `n` (1-based) with its secrets removed as in the whole paste, before a note cuts it
/// to an excerpt: cut first, a token whose context (`user:…@`, `-----BEGIN`) fell outside the
/// excerpt would survive it.
fn cleaned_line(lines: &[&str], n: usize) -> (String, Vec<&'static str>) {
    let mut start = n.saturating_sub(1);
    let mut bytes = 0;
    while start > 0 && n - start < CONTEXT_LINES {
        bytes += lines.get(start - 1).map_or(0, |l| l.len());
        if bytes > CONTEXT_BYTES {
            break;
        }
        start -= 1;
    }
    let window = lines.get(start..n).unwrap_or_default().join("\n");
    let (clean, found) = crate::engine::redact::lines::clean(&window);
    let last = n - start;
    let found = found.into_iter().filter(|(_, line)| *line == last).map(|(what, _)| what).collect();
    (clean.rsplit('\n').next().unwrap_or_default().to_string(), found)
}

/// Reads paste number `index` (1-based) into `facts`. `kind` forces a parser instead of guessing.
pub fn read(index: usize, paste: &str, kind: Option<Kind>, facts: &mut Facts) -> InputSummary {
    read_marked(index, paste, kind, facts).0
}

/// [`read`], and which lines a reader used (indexed by 1-based line number): share links
/// carry only those.
pub fn read_marked(index: usize, paste: &str, kind: Option<Kind>, facts: &mut Facts) -> (InputSummary, Vec<bool>) {
    read_noted(index, paste, kind, facts, true)
}

/// [`read_marked`] without the notes on ignored lines: a link checks a shortened paste by
/// reading it again, often many times, and needs only its facts and used lines, not the notes
/// (cleaning the lines they quote would be most of the work).
pub fn read_facts(index: usize, paste: &str, kind: Option<Kind>, facts: &mut Facts) -> (InputSummary, Vec<bool>) {
    read_noted(index, paste, kind, facts, false)
}

fn read_noted(
    index: usize,
    paste: &str,
    kind: Option<Kind>,
    facts: &mut Facts,
    ignored_notes: bool,
) -> (InputSummary, Vec<bool>) {
    let newlines = paste.bytes().filter(|b| *b == b'\n').count();
    // `split('\n').count()`, counted as bytes (a 20 MB paste: `split` was 4 % of the CLI's time).
    let physical = newlines + 1;
    let mut reader = Reader::new(index, physical);
    // A paste its sender left out of a link: read as one kvdoctor could not read, as theirs was.
    if let Some(marker) = marker::Marker::parse(paste) {
        reader.note(marker.note());
        let summary = InputSummary {
            index,
            kind: Kind::Unknown,
            confidence: 0,
            lines: marker.lines,
            facts: 0,
            notes: reader.notes,
            removed: Vec::new(),
        };
        return (summary, reader.used);
    }
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
            removed: Vec::new(),
        };
        return (summary, reader.used);
    }
    let source = Source::new(paste);
    let candidates = match kind {
        Some(forced) => forced.row().map(|row| vec![(row.parser, 100)]).unwrap_or_default(),
        None => registry::recognise(&source),
    };
    let found: Vec<(Kind, u8)> =
        candidates.into_iter().map(|(parser, score)| (parser.read(&mut reader, &source, facts), score)).collect();
    if cloud_shell::may_hold(paste) && found.iter().any(|(k, _)| *k != Kind::Unknown) {
        cloud_shell::platform(index, source.lines(), facts);
    }
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
    let mut removed = Vec::new();
    if kind != Kind::Unknown && ignored_notes {
        let (ignored, found) = reader.ignored_notes(paste, source.split());
        notes.extend(ignored);
        removed = found;
    }
    // `paste.lines().count()`, from the count above.
    let lines = newlines + usize::from(!paste.is_empty() && !paste.ends_with('\n'));
    (InputSummary { index, kind, confidence, lines, facts: facts_read, notes, removed }, reader.used)
}

/// One part of a container paste (a bundle's section), given as the whole paste with every
/// other line blanked so line numbers stay the container's: recognised and read like a paste
/// of its own, into the same reader. A container is never recognised inside one.
fn read_part(reader: &mut Reader, part: &str, facts: &mut Facts) -> Kind {
    let source = Source::new(part);
    let candidates: Vec<_> = registry::recognise(&source).into_iter().filter(|(p, _)| !p.exclusive).collect();
    let mut kind = Kind::Unknown;
    for (parser, _) in candidates {
        let found = parser.read(reader, &source, facts);
        if kind == Kind::Unknown {
            kind = found;
        }
    }
    kind
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
