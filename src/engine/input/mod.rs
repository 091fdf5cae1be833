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
pub mod public_dns;
mod resolve_dnsname;
pub mod text;

use serde::Serialize;

use super::facts::Facts;
use text::excerpt;

/// What a paste was understood as (CHECKS.md `kind` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Nslookup,
    Dig,
    Host,
    ResolveDnsname,
    TestNetconnection,
    Curl,
    HttpHeaders,
    Error,
    Portal,
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
    PublicDns,
    Unknown,
}

impl Kind {
    /// Every kind a user may pick to override recognition.
    pub const ALL: &'static [Kind] = &[
        Kind::Nslookup,
        Kind::Dig,
        Kind::Host,
        Kind::ResolveDnsname,
        Kind::TestNetconnection,
        Kind::Curl,
        Kind::HttpHeaders,
        Kind::Error,
        Kind::Portal,
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
        Kind::PublicDns,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Nslookup => "nslookup",
            Kind::Dig => "dig",
            Kind::Host => "host",
            Kind::ResolveDnsname => "resolve-dnsname",
            Kind::TestNetconnection => "test-netconnection",
            Kind::Curl => "curl",
            Kind::HttpHeaders => "http-headers",
            Kind::Error => "error",
            Kind::Portal => "portal",
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
            Kind::PublicDns => "public-dns",
            Kind::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Nslookup => "nslookup output",
            Kind::Dig => "dig output",
            Kind::Host => "host output",
            Kind::ResolveDnsname => "Resolve-DnsName output",
            Kind::TestNetconnection => "Test-NetConnection output",
            Kind::Curl => "curl output",
            Kind::HttpHeaders => "HTTP response headers",
            Kind::Error => "error message",
            Kind::Portal => "values from the Azure portal",
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
            Kind::PublicDns => "public DNS answer (DNS over HTTPS)",
            Kind::Unknown => "not recognised",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().chain([Kind::Unknown]).find(|k| k.id() == id)
    }

    fn parser(self) -> Parser {
        match self {
            Kind::Nslookup => Parser::Nslookup,
            Kind::Dig => Parser::Dig,
            Kind::Host => Parser::Host,
            Kind::ResolveDnsname => Parser::ResolveDnsname,
            Kind::TestNetconnection | Kind::Curl | Kind::HttpHeaders => Parser::Http,
            Kind::Error => Parser::Error,
            Kind::Portal => Parser::Portal,
            Kind::PublicDns => Parser::PublicDns,
            Kind::Unknown => Parser::None,
            _ => Parser::Azure,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parser {
    Nslookup,
    Dig,
    Host,
    ResolveDnsname,
    Http,
    Azure,
    Error,
    Portal,
    PublicDns,
    None,
}

impl Parser {
    /// A line-based reader and the kind it reports; `None` for the JSON reader (it reads the
    /// raw text) and for no reader at all.
    fn line_reader(self) -> Option<(LineParser, Kind)> {
        Some(match self {
            Parser::Nslookup => (nslookup::parse, Kind::Nslookup),
            Parser::Dig => (dig::parse, Kind::Dig),
            Parser::Host => (host::parse, Kind::Host),
            Parser::ResolveDnsname => (resolve_dnsname::parse, Kind::ResolveDnsname),
            Parser::Http => (http::parse, Kind::Curl),
            Parser::Error => (error::parse, Kind::Error),
            Parser::Portal => (portal::parse, Kind::Portal),
            Parser::Azure | Parser::PublicDns | Parser::None => return None,
        })
    }
}

/// Which of the HTTP kinds a paste is: curl output, bare headers, or Test-NetConnection.
fn http_kind(head: &[text::Line]) -> Kind {
    if http::sniff_test_netconnection(head) > http::sniff(head).0 {
        Kind::TestNetconnection
    } else {
        http::sniff(head).1
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

/// How many lines of a paste the recognisers look at.
const SNIFF_LINES: usize = 2_000;

/// Below this, a paste is not claimed by a parser: one stray `Server:` line is not enough.
const MIN_CONFIDENCE: u8 = 45;

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
    // Recognition reads the start of a paste; the line split of the whole paste waits until a
    // line-based reader needs it (a large JSON paste never does).
    let head_end = paste.match_indices('\n').nth(SNIFF_LINES).map_or(paste.len(), |(i, _)| i);
    let head = text::lines(paste.get(..head_end).unwrap_or(paste));
    let mut full: Option<Vec<text::Line>> = None;
    let mut candidates = match kind {
        Some(forced) => vec![(forced.parser(), 100)],
        None => {
            let mut c = vec![
                (Parser::Nslookup, nslookup::sniff(&head)),
                (Parser::Dig, dig::sniff(&head)),
                (Parser::Host, host::sniff(&head)),
                (Parser::ResolveDnsname, resolve_dnsname::sniff(&head)),
                (Parser::Http, http::sniff(&head).0.max(http::sniff_test_netconnection(&head))),
                (Parser::Azure, azure::sniff(paste)),
                (Parser::Error, error::sniff(&head)),
                (Parser::Portal, portal::sniff(&head)),
                (Parser::PublicDns, public_dns::sniff(paste)),
            ];
            // The DNS tools print one thing in different formats: only the likeliest reads it.
            let dns = [Parser::Nslookup, Parser::Dig, Parser::Host, Parser::ResolveDnsname];
            let best_dns = c.iter().filter(|(p, _)| dns.contains(p)).max_by_key(|(_, score)| *score).map(|(p, _)| *p);
            c.retain(|(p, score)| *score >= MIN_CONFIDENCE && (!dns.contains(p) || Some(*p) == best_dns));
            c.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
            c
        }
    };
    let mut found = Vec::new();
    for (parser, score) in candidates.drain(..) {
        let kind = match parser.line_reader() {
            Some((read_lines, kind)) => {
                read_lines(&mut reader, full.get_or_insert_with(|| text::lines(paste)), facts);
                if parser == Parser::Http {
                    http_kind(&head)
                } else {
                    kind
                }
            }
            None if parser == Parser::Azure => azure::parse(&mut reader, paste, facts),
            None if parser == Parser::PublicDns => public_dns::read(&mut reader, paste, facts),
            None => Kind::Unknown,
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
        notes.extend(reader.ignored_notes(paste, full.as_deref()));
    }
    (InputSummary { index, kind, confidence, lines: paste.lines().count(), facts: facts_read, notes }, reader.used)
}

fn looks_binary(paste: &str) -> bool {
    paste.contains('\0') || paste.chars().take(4096).filter(|c| c.is_control() && !c.is_whitespace()).count() > 8
}

fn unreadable_message(binary: bool) -> String {
    let what = if binary { "this paste looks like binary data, not text" } else { "this paste was not recognised" };
    format!(
        "{what}. kvdoctor reads: nslookup, dig, host and Resolve-DnsName output; curl -v, HTTP headers and \
         Test-NetConnection; Key Vault error messages (REST, az, PowerShell, SDKs, Terraform); values copied from the \
         Azure portal; az or ARM JSON of the vault, private endpoint, NIC, private DNS zone, links, A records, zone \
         groups and role assignments. Paste the whole output, including the command you ran."
    )
}

/// The signature every line-based reader shares.
pub(crate) type LineParser = fn(&mut Reader, &[text::Line], &mut Facts);

/// Runs one reader on `paste` and returns what it read.
#[cfg(test)]
pub(crate) fn read_with(parser: LineParser, paste: &str) -> Facts {
    let mut facts = Facts::default();
    let mut reader = Reader::new(1, paste.lines().count() + 1);
    parser(&mut reader, &text::lines(paste), &mut facts);
    facts
}
