//! What every reader provides ([`Parser`]) and what it reads ([`Source`]). Apart from the
//! registry, which names every reader's parser: a reader depends on this, never on the rows.

use std::cell::OnceCell;

use super::text::{self, Line};
use super::{Kind, Reader};
use crate::engine::facts::Facts;

/// How one format is recognised and read. Several kinds may share one (curl, headers and
/// Test-NetConnection; every az JSON kind): it runs once per paste, however many rows name it.
pub struct Parser {
    /// 0–100: how sure it is that the paste is its format.
    pub sniff: fn(&Source) -> u8,
    /// Reads the paste into facts, marks the lines it used, and says which kind the paste
    /// turned out to be (`Kind::Unknown` when nothing).
    pub read: fn(&mut Reader, &Source, &mut Facts) -> Kind,
    /// DNS tools print one lookup in different formats: only the likeliest of them reads a paste.
    pub dns_tool: bool,
    /// On equal scores, the lower reads first, so its kind names the paste.
    pub precedence: u8,
}

/// A paste as the parsers see it: the raw text, the head recognition reads, and the whole
/// paste split into lines, made only when a line-based reader needs it (a large JSON paste
/// never does).
pub struct Source<'a> {
    pub text: &'a str,
    head: Vec<Line<'a>>,
    all: OnceCell<Vec<Line<'a>>>,
}

/// How many lines of a paste the recognisers look at.
const SNIFF_LINES: usize = 2_000;

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let head_end = text.match_indices('\n').nth(SNIFF_LINES).map_or(text.len(), |(i, _)| i);
        Source { text, head: text::lines(text.get(..head_end).unwrap_or(text)), all: OnceCell::new() }
    }

    /// The first lines, for recognition.
    pub fn head(&self) -> &[Line<'a>] {
        &self.head
    }

    /// Every line of the paste.
    pub fn lines(&self) -> &[Line<'a>] {
        self.all.get_or_init(|| text::lines(self.text))
    }

    /// The lines, if a reader split the paste (they then decide which lines are blank).
    pub fn split(&self) -> Option<&[Line<'a>]> {
        self.all.get().map(Vec::as_slice)
    }
}
