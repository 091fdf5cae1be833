//! The one place an input kind is registered: one [`Row`] per kind in [`ROWS`] gives its id (a
//! JSON contract: never rename one), its label, the [`Parser`] that recognises and reads it, and
//! what the "not recognised" note says kvdoctor reads. Adding a kind = its reader file (with a
//! `PARSER` static), its variant in [`Kind`], and its row here.

use std::cell::OnceCell;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::text::{self, Line};
use super::{azure, dig, error, host, http, nslookup, portal, public_dns, resolve_dnsname, Reader};
use crate::engine::facts::Facts;
pub use crate::engine::kind::Kind;

/// One registered input kind.
pub struct Row {
    pub kind: Kind,
    /// The kind's id in the report's JSON, in share links and in `--kind`.
    pub id: &'static str,
    /// What the page and the text report call it.
    pub label: &'static str,
    pub parser: &'static Parser,
    /// One item of "kvdoctor reads: …", told to a user whose paste was not recognised.
    pub reads: &'static str,
}

/// Every kind, in the order the kind picker lists them (`Kind::Unknown` has no row).
pub const ROWS: &[Row] = &[
    row(Kind::Nslookup, "nslookup", "nslookup output", &nslookup::PARSER, "nslookup output"),
    row(Kind::Dig, "dig", "dig output", &dig::PARSER, "dig output"),
    row(Kind::Host, "host", "host output", &host::PARSER, "host output"),
    row(
        Kind::ResolveDnsname,
        "resolve-dnsname",
        "Resolve-DnsName output",
        &resolve_dnsname::PARSER,
        "Resolve-DnsName output",
    ),
    row(
        Kind::TestNetconnection,
        "test-netconnection",
        "Test-NetConnection output",
        &http::PARSER,
        "Test-NetConnection output",
    ),
    row(Kind::Curl, "curl", "curl output", &http::PARSER, "curl -v output"),
    row(Kind::HttpHeaders, "http-headers", "HTTP response headers", &http::PARSER, "HTTP response headers"),
    row(
        Kind::Error,
        "error",
        "error message",
        &error::PARSER,
        "Key Vault error messages (REST, az, PowerShell, SDKs, Terraform)",
    ),
    row(Kind::Portal, "portal", "values from the Azure portal", &portal::PARSER, "values copied from the Azure portal"),
    row(
        Kind::AzKeyvault,
        "az-keyvault",
        "key vault (az/ARM JSON)",
        &azure::PARSER,
        "az keyvault show JSON (or the vault's ARM JSON)",
    ),
    row(
        Kind::AzPrivateEndpoint,
        "az-private-endpoint",
        "private endpoint (az/ARM JSON)",
        &azure::PARSER,
        "az network private-endpoint show JSON",
    ),
    row(
        Kind::AzPeConnection,
        "az-pe-connection",
        "private endpoint connection (az/ARM JSON)",
        &azure::PARSER,
        "az network private-endpoint-connection show JSON",
    ),
    row(Kind::AzNic, "az-nic", "network interface (az/ARM JSON)", &azure::PARSER, "az network nic show JSON"),
    row(
        Kind::AzDnsZone,
        "az-dns-zone",
        "private DNS zone (az/ARM JSON)",
        &azure::PARSER,
        "az network private-dns zone show JSON",
    ),
    row(
        Kind::AzDnsLink,
        "az-dns-link",
        "virtual network link (az/ARM JSON)",
        &azure::PARSER,
        "az network private-dns link vnet list JSON",
    ),
    row(
        Kind::AzDnsRecord,
        "az-dns-record",
        "DNS A record (az/ARM JSON)",
        &azure::PARSER,
        "az network private-dns record-set a list JSON",
    ),
    row(
        Kind::AzDnsZoneGroup,
        "az-dns-zone-group",
        "DNS zone group (az/ARM JSON)",
        &azure::PARSER,
        "az network private-endpoint dns-zone-group list JSON",
    ),
    row(
        Kind::AzRoleAssignments,
        "az-role-assignments",
        "role assignments (az JSON)",
        &azure::PARSER,
        "az role assignment list JSON",
    ),
    row(
        Kind::AzNetworkRules,
        "az-network-rules",
        "vault network rules (az JSON)",
        &azure::PARSER,
        "az keyvault network-rule list JSON",
    ),
    row(
        Kind::PublicDns,
        "public-dns",
        "public DNS answer (DNS over HTTPS)",
        &public_dns::PARSER,
        "a public resolver's DNS-over-HTTPS JSON answer",
    ),
];

const fn row(kind: Kind, id: &'static str, label: &'static str, parser: &'static Parser, reads: &'static str) -> Row {
    Row { kind, id, label, parser, reads }
}

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

/// Below this, a paste is not claimed by a parser: one stray `Server:` line is not enough.
const MIN_CONFIDENCE: u8 = 45;

/// The parsers confident enough to read `source`, most confident first.
pub fn recognise(source: &Source) -> Vec<(&'static Parser, u8)> {
    let mut scored: Vec<(&'static Parser, u8)> = Vec::new();
    for row in ROWS {
        if !scored.iter().any(|(p, _)| std::ptr::eq(*p, row.parser)) {
            scored.push((row.parser, (row.parser.sniff)(source)));
        }
    }
    let best_dns = scored.iter().filter(|(p, _)| p.dns_tool).max_by_key(|(_, score)| *score).map(|(p, _)| *p);
    scored.retain(|(p, score)| {
        *score >= MIN_CONFIDENCE && (!p.dns_tool || best_dns.is_some_and(|best| std::ptr::eq(best, *p)))
    });
    scored.sort_by_key(|(p, score)| (std::cmp::Reverse(*score), p.precedence));
    scored
}

/// "nslookup, dig, … and az keyvault network-rule list": every row's `reads`.
pub fn reads_list() -> String {
    let items: Vec<&str> = ROWS.iter().map(|r| r.reads).collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// A kind's names without its parser: what [`Kind::id`] and [`Kind::label`] read. Copied from
/// [`ROWS`] at compile time, so this stays the one place a kind is registered, while code that
/// only names kinds (the page's shell, the report) does not link every reader through `ROWS`.
#[derive(Clone, Copy)]
struct Names {
    kind: Kind,
    id: &'static str,
    label: &'static str,
}

// A `while` over a constant slice: an index out of range is a compile error, not a panic.
#[allow(clippy::indexing_slicing)]
const NAMES: [Names; ROWS.len()] = {
    let mut names = [Names { kind: Kind::Unknown, id: "", label: "" }; ROWS.len()];
    let mut i = 0;
    while i < ROWS.len() {
        names[i] = Names { kind: ROWS[i].kind, id: ROWS[i].id, label: ROWS[i].label };
        i += 1;
    }
    names
};

/// The kinds of [`ROWS`], in order.
#[allow(clippy::indexing_slicing)]
const ALL_KINDS: [Kind; ROWS.len()] = {
    let mut kinds = [Kind::Unknown; ROWS.len()];
    let mut i = 0;
    while i < ROWS.len() {
        kinds[i] = NAMES[i].kind;
        i += 1;
    }
    kinds
};

impl Kind {
    /// Every kind a user may pick to override recognition, in registry order.
    pub const ALL: &'static [Kind] = &ALL_KINDS;

    /// The kind's registry row; `None` for `Unknown`.
    pub fn row(self) -> Option<&'static Row> {
        ROWS.iter().find(|r| r.kind == self)
    }

    fn names(self) -> Option<&'static Names> {
        NAMES.iter().find(|n| n.kind == self)
    }

    pub fn id(self) -> &'static str {
        self.names().map_or("unknown", |n| n.id)
    }

    pub fn label(self) -> &'static str {
        self.names().map_or("not recognised", |n| n.label)
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        if id == Kind::Unknown.id() {
            return Some(Kind::Unknown);
        }
        NAMES.iter().find(|n| n.id == id).map(|n| n.kind)
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// A kind by its id, as it is serialised: an id this kvdoctor does not know is an error.
impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        let id = String::deserialize(deserializer)?;
        Kind::from_id(&id).ok_or_else(|| serde::de::Error::custom("a kind kvdoctor does not read"))
    }
}
