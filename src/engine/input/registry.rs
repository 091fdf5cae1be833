//! Where an input kind meets its reader: one [`Row`] per kind in [`ROWS`] gives the [`Parser`]
//! that recognises and reads it and what the "not recognised" note says kvdoctor reads. The
//! kind's id (a JSON contract) and label are its own, in `kind.rs`. Adding a kind = its reader
//! file (with a `PARSER` static), its variant, id and label in [`Kind`], and its row here.

use std::cell::OnceCell;

use super::text::{self, Line};
use super::{azure, dig, error, host, http, nslookup, portal, public_dns, resolve_dnsname, Reader};
use crate::engine::facts::Facts;
pub use crate::engine::kind::Kind;

/// One registered input kind.
pub struct Row {
    pub kind: Kind,
    /// The kind's id and label ([`Kind::id`], [`Kind::label`]), here so a row reads whole.
    pub id: &'static str,
    pub label: &'static str,
    pub parser: &'static Parser,
    /// One item of "kvdoctor reads: …", told to a user whose paste was not recognised.
    pub reads: &'static str,
}

/// Every kind, in the order the kind picker lists them (`Kind::Unknown` has no row).
pub const ROWS: &[Row] = &[
    row(Kind::Nslookup, &nslookup::PARSER, "nslookup output"),
    row(Kind::Dig, &dig::PARSER, "dig output"),
    row(Kind::Host, &host::PARSER, "host output"),
    row(Kind::ResolveDnsname, &resolve_dnsname::PARSER, "Resolve-DnsName output"),
    row(Kind::TestNetconnection, &http::PARSER, "Test-NetConnection output"),
    row(Kind::Curl, &http::PARSER, "curl -v output"),
    row(Kind::HttpHeaders, &http::PARSER, "HTTP response headers"),
    row(Kind::Error, &error::PARSER, "Key Vault error messages (REST, az, PowerShell, SDKs, Terraform)"),
    row(Kind::Portal, &portal::PARSER, "values copied from the Azure portal"),
    row(Kind::AzKeyvault, &azure::PARSER, "az keyvault show JSON (or the vault's ARM JSON)"),
    row(Kind::AzPrivateEndpoint, &azure::PARSER, "az network private-endpoint show JSON"),
    row(Kind::AzPeConnection, &azure::PARSER, "az network private-endpoint-connection show JSON"),
    row(Kind::AzNic, &azure::PARSER, "az network nic show JSON"),
    row(Kind::AzDnsZone, &azure::PARSER, "az network private-dns zone show JSON"),
    row(Kind::AzDnsLink, &azure::PARSER, "az network private-dns link vnet list JSON"),
    row(Kind::AzDnsRecord, &azure::PARSER, "az network private-dns record-set a list JSON"),
    row(Kind::AzDnsZoneGroup, &azure::PARSER, "az network private-endpoint dns-zone-group list JSON"),
    row(Kind::AzRoleAssignments, &azure::PARSER, "az role assignment list JSON"),
    row(Kind::AzNetworkRules, &azure::PARSER, "az keyvault network-rule list JSON"),
    row(Kind::PublicDns, &public_dns::PARSER, "a public resolver's DNS-over-HTTPS JSON answer"),
];

const fn row(kind: Kind, parser: &'static Parser, reads: &'static str) -> Row {
    Row { kind, id: kind.id(), label: kind.label(), parser, reads }
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

impl Kind {
    /// The kind's registry row; `None` for `Unknown`. Here rather than in `kind.rs`, which
    /// knows no reader.
    pub fn row(self) -> Option<&'static Row> {
        ROWS.iter().find(|r| r.kind == self)
    }
}
