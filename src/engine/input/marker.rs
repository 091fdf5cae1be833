//! A paste the sender left out of a link stands in it as one line of text, the marker: the
//! recipient's paste box shows it (never an empty box), the reading of it says what was left
//! out and why, and the diagnosis counts it as a paste kvdoctor could not read, as the sender's
//! did. A kvdoctor that predates markers reads the same line as a paste it does not recognise,
//! so its verdict says the same. The wire document names it too (`"o":{"n":31,"r":"unread"}`).
//! Here with the readers, which recognise it; links (`share`) write it.

/// Why a paste was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Why {
    /// kvdoctor understood nothing of it (no reader recognised it, or it gave no value).
    Unread,
    /// A reason this kvdoctor does not know (a newer one wrote the link).
    Unstated,
}

impl Why {
    /// The reason's id in the wire document.
    pub fn id(self) -> &'static str {
        match self {
            Why::Unread => "unread",
            Why::Unstated => "unstated",
        }
    }

    /// From the wire document: an id this kvdoctor does not know is a reason it cannot state.
    pub fn from_id(id: &str) -> Why {
        match id {
            "unread" => Why::Unread,
            _ => Why::Unstated,
        }
    }
}

/// A left-out paste: how many lines it had and why it was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Marker {
    pub lines: usize,
    pub why: Why,
}

/// Every marker starts so; nothing a tool prints does.
const START: &str = "[left out by the sender: ";
/// A marker's line count has at most this many digits: it fits a `usize` everywhere (the page
/// is 32-bit), so a marker is one on every build.
pub const MOST_DIGITS: usize = 9;
/// What the recipient can do about it.
const ASK: &str = "ask them for it, or for a link with whole pastes";

impl Marker {
    /// "31 lines kvdoctor did not understand".
    pub fn what(&self) -> String {
        let lines = if self.lines == 1 { "1 line".to_string() } else { format!("{} lines", self.lines) };
        match self.why {
            Why::Unread => format!("{lines} kvdoctor did not understand"),
            Why::Unstated => lines,
        }
    }

    /// The paste as the link carries it.
    pub fn text(&self) -> String {
        format!("{START}{}; {ASK}]", self.what())
    }

    /// The marker a paste is, if it is exactly one (surrounding blank space aside).
    pub fn parse(text: &str) -> Option<Marker> {
        let rest = text.trim().strip_prefix(START)?;
        let digits = rest.find(|c: char| !c.is_ascii_digit()).filter(|n| (1..=MOST_DIGITS).contains(n))?;
        let lines = rest.get(..digits)?.parse().ok()?;
        [Why::Unread, Why::Unstated].into_iter().map(|why| Marker { lines, why }).find(|m| m.text() == text.trim())
    }

    /// What the reading of a marker says, in the report's list of pastes.
    pub fn note(&self) -> String {
        format!("the sender left this paste out of the link: {}; {ASK}", self.what())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::input::{registry, Source};

    #[test]
    fn a_marker_reads_back_and_nothing_else_is_one() {
        for m in [Marker { lines: 31, why: Why::Unread }, Marker { lines: 1, why: Why::Unstated }] {
            assert_eq!(Marker::parse(&m.text()), Some(m));
            assert_eq!(Marker::parse(&format!("\n{}\r\n", m.text())), Some(m));
        }
        let text = Marker { lines: 31, why: Why::Unread }.text();
        assert_eq!(
            text,
            "[left out by the sender: 31 lines kvdoctor did not understand; ask them for it, or for a link with whole pastes]"
        );
        for other in [
            format!("{text} and more"),
            text.replace("31", "031x"),
            text.replace("31", "1000000000"),
            START.to_string(),
            String::new(),
        ] {
            assert_eq!(Marker::parse(&other), None, "{other}");
        }
    }

    /// A kvdoctor that predates markers reads one as a paste it does not recognise: no reader
    /// claims it, so its verdict says "could not read paste N" as the sender's did.
    #[test]
    fn no_reader_claims_a_marker() {
        for lines in [0, 1, 31, 403, 429, 20_000] {
            for why in [Why::Unread, Why::Unstated] {
                let text = Marker { lines, why }.text();
                assert!(registry::recognise(&Source::new(&text)).is_empty(), "{text}");
            }
        }
    }
}
