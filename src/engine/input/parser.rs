//! What every reader provides ([`Parser`]) and what it reads ([`Source`]). Apart from the
//! registry, which names every reader's parser: a reader depends on this, never on the rows.

use std::cell::OnceCell;

use super::text::{self, Line};
use super::{Kind, Reader};
use crate::engine::facts::Facts;

/// How one format is recognised and read. Several kinds may share one (curl, headers and
/// Test-NetConnection; every az JSON kind): it runs once per paste, however many rows name it.
/// Built with [`Parser::lines`] (most readers) or [`Parser::source`], in a `PARSER` static.
pub struct Parser {
    how: How,
    /// DNS tools print one lookup in different formats: only the likeliest of them reads a paste.
    pub dns_tool: bool,
    /// On equal scores, the lower reads first, so its kind names the paste.
    pub precedence: u8,
    /// A container of other formats (a collector's bundle): when it recognises a paste, it
    /// alone reads it, handing each part to the reader that recognises that part.
    pub exclusive: bool,
}

enum How {
    Lines { sniff: fn(&[Line]) -> u8, parse: fn(&mut Reader, &[Line], &mut Facts), kind: Kind },
    Source { sniff: fn(&Source) -> u8, read: fn(&mut Reader, &Source, &mut Facts) -> Kind },
}

impl Parser {
    /// A reader of lines, the usual shape: `sniff` (0–100: how sure it is that the paste is
    /// its format) sees the paste's first lines, `parse` reads every line into facts and marks
    /// the lines it used; a paste it reads is a `kind`. Not a DNS tool, precedence 0.
    pub const fn lines(kind: Kind, sniff: fn(&[Line]) -> u8, parse: fn(&mut Reader, &[Line], &mut Facts)) -> Parser {
        Parser { how: How::Lines { sniff, parse, kind }, dns_tool: false, precedence: 0, exclusive: false }
    }

    /// A reader of the whole paste (JSON, or a kind told apart only while reading): `sniff`
    /// scores the [`Source`], `read` reads it and says which kind it turned out to be
    /// (`Kind::Unknown` when nothing). Not a DNS tool, precedence 0.
    pub const fn source(sniff: fn(&Source) -> u8, read: fn(&mut Reader, &Source, &mut Facts) -> Kind) -> Parser {
        Parser { how: How::Source { sniff, read }, dns_tool: false, precedence: 0, exclusive: false }
    }

    /// The same parser, as one of the DNS tools.
    pub const fn dns_tool(self) -> Parser {
        Parser { dns_tool: true, ..self }
    }

    /// The same parser, reading alone what it recognises.
    pub const fn exclusive(self) -> Parser {
        Parser { exclusive: true, ..self }
    }

    /// The same parser with this precedence.
    pub const fn precedence(self, precedence: u8) -> Parser {
        Parser { precedence, ..self }
    }

    /// 0–100: how sure it is that the paste is its format.
    pub fn sniff(&self, source: &Source) -> u8 {
        match self.how {
            How::Lines { sniff, .. } => sniff(source.head()),
            How::Source { sniff, .. } => sniff(source),
        }
    }

    /// Reads the paste into facts, marks the lines it used, and says which kind the paste
    /// turned out to be (`Kind::Unknown` when nothing).
    pub fn read(&self, reader: &mut Reader, source: &Source, facts: &mut Facts) -> Kind {
        match self.how {
            How::Lines { parse, kind, .. } => {
                parse(reader, source.lines(), facts);
                kind
            }
            How::Source { read, .. } => read(reader, source, facts),
        }
    }
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
