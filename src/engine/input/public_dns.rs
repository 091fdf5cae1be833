//! Public DNS answers: what a DNS-over-HTTPS JSON resolver said about the vault's name.
//!
//! kvdoctor asks Cloudflare's resolver only when the user clicks for it (page) or passes
//! `--public-dns` (CLI), and adds the answer as a paste: one header line it writes, then the
//! resolver's JSON. A bare JSON answer pasted from `curl -H 'accept: application/dns-json' …`
//! (Cloudflare's or Google's, which share the schema) reads the same. The lookup it gives is
//! marked as the public resolver's, so no check takes it for the customer's own lookup.

use std::net::IpAddr;

use super::json::{self, Node, Value};
use super::parser::Parser;
use super::{Kind, Reader};
use crate::engine::facts::{DnsFailure, DnsLookup, Evidence, Facts, Located};
use crate::engine::net::parse_addr;
use crate::engine::vault::normalise_host;

/// Where a public answer was seen from, as reports name it.
pub const VIEWPOINT: &str = "public resolver (Cloudflare, over HTTPS), not your network";
/// The start of the header line kvdoctor writes above an answer.
pub const HEADER: &str = "# Public DNS:";

/// The DNS response code of an answer (`Status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DohStatus {
    NoError,
    /// The name does not exist anywhere in public DNS.
    NxDomain,
    /// The resolver could not get an answer (broken delegation, DNSSEC failure…).
    ServFail,
    Other(u8),
}

impl DohStatus {
    fn from_code(code: u8) -> DohStatus {
        match code {
            0 => DohStatus::NoError,
            2 => DohStatus::ServFail,
            3 => DohStatus::NxDomain,
            other => DohStatus::Other(other),
        }
    }
}

/// What kvdoctor's header line says: who was asked, for which name, when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub resolver: String,
    pub name: String,
    pub line: usize,
}

/// A value and the 1-based line it was read on.
pub type AtLine<T> = (T, usize);

/// One DoH JSON answer, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DohAnswer {
    pub header: Option<Header>,
    pub status: AtLine<DohStatus>,
    /// `TC`: the answer was cut; what is there may be incomplete.
    pub truncated: bool,
    /// The name asked (`Question[0].name`).
    pub question: Option<AtLine<String>>,
    /// The first owner name, then every CNAME target, in the order the answer gives them.
    pub chain: Vec<AtLine<String>>,
    pub addresses: Vec<AtLine<IpAddr>>,
    /// The resolver's free-text remark (`Comment`: a string, or a list of strings).
    pub comment: Option<AtLine<String>>,
    /// The first and last line of the JSON answer: all of it is read.
    pub span: (usize, usize),
}

/// Reads the whole text (a DoH answer is JSON, not lines); not a DNS tool's printout, so it
/// never competes with nslookup or dig for a paste.
pub static PARSER: Parser =
    Parser::source(|source| sniff(source.text), |reader, source, facts| read(reader, source.text, facts)).precedence(1);

/// Recognition: kvdoctor's header line, or the DoH JSON keys.
pub fn sniff(text: &str) -> u8 {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    if head.lines().any(|l| l.trim_start().starts_with(HEADER)) {
        return 100;
    }
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    match (has("Status"), has("Question") || has("Answer"), has("TC") && has("RD")) {
        (true, true, true) => 95,
        (true, true, false) | (true, false, true) => 70,
        _ => 0,
    }
}

/// Reads an answer into `facts` as one lookup seen from the public resolver.
pub fn read(reader: &mut Reader, text: &str, facts: &mut Facts) -> Kind {
    let answer = match parse(text) {
        Ok(answer) => answer,
        Err(problem) => {
            reader.note(problem);
            return Kind::PublicDns;
        }
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let input = reader.input;
    let at = |line: usize| Evidence::line(input, line, lines.get(line.wrapping_sub(1)).copied().unwrap_or(""));
    let (status, status_line) = answer.status;
    // Reports name where a lookup was seen from: here, never the client's network.
    let seen_at = at(answer.header.as_ref().map_or(status_line, |h| h.line));
    let viewpoint = Some(Located::new(VIEWPOINT.to_string(), seen_at));
    let mut lookup = DnsLookup { public_resolver: true, server_chosen: true, viewpoint, ..DnsLookup::default() };
    lookup.query = answer.question.as_ref().map(|(name, line)| Located::new(name.clone(), at(*line)));
    if lookup.query.is_none() {
        lookup.query = answer.header.as_ref().map(|h| Located::new(normalise_host(&h.name), at(h.line)));
    }
    lookup.names = answer.chain.iter().map(|(name, line)| Located::new(name.clone(), at(*line))).collect();
    lookup.addresses = answer.addresses.iter().map(|(addr, line)| Located::new(*addr, at(*line))).collect();
    lookup.failure = match status {
        DohStatus::NxDomain => Some(DnsFailure::NxDomain),
        DohStatus::ServFail => Some(DnsFailure::ServerFailure),
        DohStatus::NoError if answer.addresses.is_empty() => Some(DnsFailure::NoAddress),
        DohStatus::NoError | DohStatus::Other(_) => None,
    }
    .map(|f| Located::new(f, at(status_line)));
    if let DohStatus::Other(code) = status {
        reader.note(format!("the resolver answered with DNS status {code}, which kvdoctor does not read"));
    }
    if answer.truncated {
        reader.note("the answer was truncated (TC): the resolver may have left records out".to_string());
    }
    for line in used_lines(&answer) {
        reader.use_line(line);
    }
    facts.lookups.push(lookup);
    Kind::PublicDns
}

/// The header line and the whole JSON answer (its brackets and flags included).
fn used_lines(answer: &DohAnswer) -> Vec<usize> {
    let mut used: Vec<usize> = (answer.span.0..=answer.span.1).collect();
    used.extend(answer.header.as_ref().map(|h| h.line));
    used
}

/// Parses an answer (with or without kvdoctor's header line); the error says what was wrong.
pub fn parse(text: &str) -> Result<DohAnswer, String> {
    let header = text.split('\n').enumerate().find_map(|(i, l)| read_header(l, i + 1));
    let doc = json::parse(text);
    let found = doc.roots.iter().zip(&doc.spans).find(|(r, _)| r.get("Status").is_some());
    let (root, span) = found.ok_or_else(|| {
        "no DNS-over-HTTPS answer found: expected the resolver's JSON with a \"Status\" field".to_string()
    })?;
    let status_node = root.get("Status").ok_or("no \"Status\" field")?;
    let code = status_node.text().and_then(|s| s.parse::<u8>().ok()).ok_or_else(|| {
        format!("\"Status\" should be a DNS response code (0 to 255), not {}", status_node.text().unwrap_or("that"))
    })?;
    let question = root.get("Question").and_then(|q| q.items().first()).and_then(|q| name_of(q).map(|n| (n, q.line)));
    let mut chain: Vec<AtLine<String>> = Vec::new();
    let mut addresses = Vec::new();
    for record in root.get("Answer").map(Node::items).unwrap_or_default() {
        let (Some(name), Some(kind), Some(data)) = (name_of(record), record_type(record), data_of(record)) else {
            continue;
        };
        if chain.is_empty() {
            chain.push((name, record.line));
        }
        match kind {
            CNAME => chain.push((normalise_host(&data), record.line)),
            A | AAAA => addresses.extend(parse_addr(&data).map(|a| (a, record.line))),
            _ => {}
        }
    }
    let comment = root.get("Comment").and_then(|c| comment_text(c).map(|t| (t, c.line)));
    Ok(DohAnswer {
        header,
        status: (DohStatus::from_code(code), status_node.line),
        truncated: root.get("TC").and_then(Node::as_bool).unwrap_or(false),
        question,
        chain,
        addresses,
        comment,
        span: *span,
    })
}

const A: u16 = 1;
const CNAME: u16 = 5;
const AAAA: u16 = 28;

fn name_of(record: &Node) -> Option<String> {
    record.get("name").and_then(Node::text).map(normalise_host).filter(|n| !n.is_empty())
}

fn record_type(record: &Node) -> Option<u16> {
    record.get("type").and_then(Node::text).and_then(|t| t.parse().ok())
}

fn data_of(record: &Node) -> Option<String> {
    record.get("data").and_then(Node::text).map(|d| d.trim().to_string())
}

fn comment_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Node::text).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        _ => None,
    }
}

/// `# Public DNS: cloudflare-dns.com asked for contoso.vault.azure.net at 2026-11-23 17:40 UTC`
fn read_header(line: &str, number: usize) -> Option<Header> {
    let rest = line.trim().strip_prefix(HEADER)?.trim();
    let (resolver, rest) = rest.split_once(" asked for ")?;
    let name = rest.split_whitespace().next()?;
    Some(Header { resolver: resolver.trim().to_string(), name: name.to_string(), line: number })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAIN: &str = include_str!("../../../tests/fixtures/inputs/public-dns-clean.txt");
    const NXDOMAIN: &str = include_str!("../../../tests/fixtures/inputs/public-dns-nxdomain.txt");
    const SERVFAIL: &str = include_str!("../../../tests/fixtures/inputs/public-dns-servfail.txt");
    const TRUNCATED: &str = include_str!("../../../tests/fixtures/inputs/public-dns-truncated.txt");
    const CLOUDFLARE_DOCS: &str = include_str!("../../../tests/fixtures/inputs/public-dns-messy.txt");

    #[test]
    fn reads_the_privatelink_chain_in_order() {
        let answer = parse(CHAIN).unwrap();
        assert_eq!(answer.status.0, DohStatus::NoError);
        assert_eq!(answer.header.as_ref().unwrap().resolver, "cloudflare-dns.com");
        let chain: Vec<&str> = answer.chain.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            chain,
            [
                "contoso.vault.azure.net",
                "contoso.privatelink.vaultcore.azure.net",
                "data-prod-eus.vaultcore.azure.net",
                "data-prod-eus-region.vaultcore.azure.net",
                "azkms-prod-eus-b.eastus.cloudapp.azure.com",
            ]
        );
        assert_eq!(answer.addresses.iter().map(|a| a.0.to_string()).collect::<Vec<_>>(), ["52.168.109.101"]);
        assert!(!answer.truncated);
    }

    #[test]
    fn reads_nxdomain_with_its_authority_and_comment() {
        let answer = parse(NXDOMAIN).unwrap();
        assert_eq!(answer.status.0, DohStatus::NxDomain);
        assert!(answer.chain.is_empty() && answer.addresses.is_empty());
        assert_eq!(answer.question.unwrap().0, "contoso-typo.vault.azure.net");
        assert!(answer.comment.is_some());
    }

    #[test]
    fn reads_servfail_without_answer_and_truncated_answers() {
        let servfail = parse(SERVFAIL).unwrap();
        assert_eq!(servfail.status.0, DohStatus::ServFail);
        assert!(servfail.comment.unwrap().0.contains("DNSSEC"));
        let truncated = parse(TRUNCATED).unwrap();
        assert!(truncated.truncated);
        assert_eq!(truncated.status.0, DohStatus::NoError);
    }

    #[test]
    fn reads_a_bare_answer_from_the_docs() {
        let answer = parse(CLOUDFLARE_DOCS).unwrap();
        assert!(answer.header.is_none());
        assert_eq!(answer.addresses.len(), 1);
        assert_eq!(answer.addresses[0].0.to_string(), "2606:2800:220:1:248:1893:25c8:1946");
    }

    #[test]
    fn other_status_codes_and_non_answers_are_told() {
        let refused = parse(r#"{"Status": 5, "TC": false, "Question": [{"name": "x.vault.azure.net.", "type": 1}]}"#);
        assert_eq!(refused.unwrap().status.0, DohStatus::Other(5));
        assert!(parse(r#"{"Status": "bad"}"#).unwrap_err().contains("DNS response code"));
        assert!(parse("hello").unwrap_err().contains("no DNS-over-HTTPS answer"));
        assert!(parse(r#"{"Status": 900}"#).is_err());
    }

    #[test]
    fn a_public_nxdomain_is_named_as_the_internets_view_not_the_clients() {
        let report = crate::engine::diagnose_texts(&[NXDOMAIN]);
        let summaries: Vec<&str> = report.symptoms.iter().map(|s| s.summary.as_str()).collect();
        assert_eq!(
            summaries,
            ["Public DNS (not your network) says contoso-typo.vault.azure.net does not exist (NXDOMAIN)"]
        );
    }
}
