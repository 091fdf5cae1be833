//! Recognise each paste, parse it into facts, and account for every line.
//!
//! Every parser whose recogniser is confident enough reads the paste and marks the lines it
//! used, so one paste may hold an error message and JSON; lines no parser used are listed.

mod azure;
mod error;
pub mod json;
mod nslookup;
pub mod text;

use serde::Serialize;

use super::facts::Facts;
use text::excerpt;

/// What a paste was understood as (CHECKS.md `kind` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Nslookup,
    Error,
    AzKeyvault,
    AzPrivateEndpoint,
    AzPeConnection,
    AzNic,
    AzDnsZone,
    AzDnsLink,
    AzDnsRecord,
    AzDnsZoneGroup,
    AzRoleAssignments,
    AzNetworkRules,
    Unknown,
}

impl Kind {
    /// Every kind a user may pick to override recognition.
    pub const ALL: &'static [Kind] = &[
        Kind::Nslookup,
        Kind::Error,
        Kind::AzKeyvault,
        Kind::AzPrivateEndpoint,
        Kind::AzPeConnection,
        Kind::AzNic,
        Kind::AzDnsZone,
        Kind::AzDnsLink,
        Kind::AzDnsRecord,
        Kind::AzDnsZoneGroup,
        Kind::AzRoleAssignments,
        Kind::AzNetworkRules,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Nslookup => "nslookup",
            Kind::Error => "error",
            Kind::AzKeyvault => "az-keyvault",
            Kind::AzPrivateEndpoint => "az-private-endpoint",
            Kind::AzPeConnection => "az-pe-connection",
            Kind::AzNic => "az-nic",
            Kind::AzDnsZone => "az-dns-zone",
            Kind::AzDnsLink => "az-dns-link",
            Kind::AzDnsRecord => "az-dns-record",
            Kind::AzDnsZoneGroup => "az-dns-zone-group",
            Kind::AzRoleAssignments => "az-role-assignments",
            Kind::AzNetworkRules => "az-network-rules",
            Kind::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Nslookup => "nslookup output",
            Kind::Error => "error message",
            Kind::AzKeyvault => "key vault (az/ARM JSON)",
            Kind::AzPrivateEndpoint => "private endpoint (az/ARM JSON)",
            Kind::AzPeConnection => "private endpoint connection (az/ARM JSON)",
            Kind::AzNic => "network interface (az/ARM JSON)",
            Kind::AzDnsZone => "private DNS zone (az/ARM JSON)",
            Kind::AzDnsLink => "virtual network link (az/ARM JSON)",
            Kind::AzDnsRecord => "DNS A record (az/ARM JSON)",
            Kind::AzDnsZoneGroup => "DNS zone group (az/ARM JSON)",
            Kind::AzRoleAssignments => "role assignments (az JSON)",
            Kind::AzNetworkRules => "vault network rules (az JSON)",
            Kind::Unknown => "not recognised",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().chain([Kind::Unknown]).find(|k| k.id() == id)
    }

    fn parser(self) -> Parser {
        match self {
            Kind::Nslookup => Parser::Nslookup,
            Kind::Error => Parser::Error,
            Kind::Unknown => Parser::None,
            _ => Parser::Azure,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parser {
    Nslookup,
    Azure,
    Error,
    None,
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

    fn ignored_notes(&self, paste: &str) -> Vec<String> {
        let ignored: Vec<(usize, &str)> = paste
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .filter(|(n, l)| !l.trim().is_empty() && !self.used.get(*n).copied().unwrap_or(false))
            .collect();
        let mut notes: Vec<String> =
            ignored.iter().take(LISTED_IGNORED).map(|(n, l)| format!("line {n} ignored: {}", excerpt(l))).collect();
        if ignored.len() > LISTED_IGNORED {
            notes.push(format!("… and {} more lines ignored", ignored.len() - LISTED_IGNORED));
        }
        notes
    }
}

/// Below this, a paste is not claimed by a parser: one stray `Server:` line is not enough.
const MIN_CONFIDENCE: u8 = 45;

/// Reads paste number `index` (1-based) into `facts`. `kind` forces a parser instead of guessing.
pub fn read(index: usize, paste: &str, kind: Option<Kind>, facts: &mut Facts) -> InputSummary {
    let physical = paste.split('\n').count();
    let mut reader = Reader::new(index, physical);
    let before = facts.count();
    if looks_binary(paste) {
        reader.note(unreadable_message(true));
        return InputSummary {
            index,
            kind: Kind::Unknown,
            confidence: 0,
            lines: paste.lines().count(),
            facts: 0,
            notes: reader.notes,
        };
    }
    let lines = text::lines(paste);
    let mut candidates = match kind {
        Some(forced) => vec![(forced.parser(), 100)],
        None => {
            let mut c = vec![
                (Parser::Nslookup, nslookup::sniff(&lines)),
                (Parser::Azure, azure::sniff(paste)),
                (Parser::Error, error::sniff(&lines)),
            ];
            c.retain(|(_, score)| *score >= MIN_CONFIDENCE);
            c.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
            c
        }
    };
    let mut found = Vec::new();
    for (parser, score) in candidates.drain(..) {
        let kind = match parser {
            Parser::Nslookup => {
                nslookup::parse(&mut reader, &lines, facts);
                Kind::Nslookup
            }
            Parser::Azure => azure::parse(&mut reader, paste, facts),
            Parser::Error => {
                error::parse(&mut reader, &lines, facts);
                Kind::Error
            }
            Parser::None => Kind::Unknown,
        };
        found.push((kind, score));
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
    if kind != Kind::Unknown {
        notes.extend(reader.ignored_notes(paste));
    }
    InputSummary { index, kind, confidence, lines: paste.lines().count(), facts: facts_read, notes }
}

fn looks_binary(paste: &str) -> bool {
    paste.contains('\0') || paste.chars().take(4096).filter(|c| c.is_control() && !c.is_whitespace()).count() > 8
}

fn unreadable_message(binary: bool) -> String {
    let what = if binary { "this paste looks like binary data, not text" } else { "this paste was not recognised" };
    format!(
        "{what}; kvdoctor reads: nslookup output, Key Vault error messages (REST, az, PowerShell, SDKs), and az/ARM JSON of the vault, private endpoint, NIC, private DNS zone, links, A records, zone groups and role assignments. Paste the whole output, including the command you ran."
    )
}
