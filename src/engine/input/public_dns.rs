//! Public DNS answers: what a DNS-over-HTTPS JSON resolver said about the vault's name.
//!
//! kvdoctor asks Cloudflare's resolver only when the user clicks for it (page) or passes
//! `--public-dns` (CLI), and adds the answer as a paste: one header line it writes, then the
//! resolver's JSON. A bare JSON answer pasted from `curl -H 'accept: application/dns-json' …`
//! (Cloudflare's or Google's, which share the schema) reads the same. The lookup it gives is
//! marked as the public resolver's, so no check takes it for the customer's own lookup.

use std::net::IpAddr;

use super::json::{self, Node, Value};
use super::registry::Parser;
use super::{Kind, Reader};
use crate::engine::facts::{DnsFailure, DnsLookup, Evidence, Facts, Located};
use crate::engine::net::parse_addr;
use crate::engine::vault::normalise_host;

/// The resolver kvdoctor asks: Cloudflare's DoH JSON endpoint (see the README for why).
pub const RESOLVER_URL: &str = "https://cloudflare-dns.com/dns-query";
/// Its host, as the page and the CLI name it to the user.
pub const RESOLVER_HOST: &str = "cloudflare-dns.com";
/// The `accept` header the JSON API needs (CORS-safelisted: the browser sends no preflight).
pub const ACCEPT: &str = "application/dns-json";
/// Where a public answer was seen from, as reports name it.
pub const VIEWPOINT: &str = "public resolver (Cloudflare, over HTTPS), not your network";
/// The start of the header line kvdoctor writes above an answer.
const HEADER: &str = "# Public DNS:";

/// The address to ask `base` (the resolver, or a test stand-in) for `host`'s A records.
pub fn query_url(base: &str, host: &str) -> String {
    const NAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'.').remove(b'-');
    let name = percent_encoding::utf8_percent_encode(host.trim(), NAME);
    format!("{base}?name={name}&type=A")
}

/// The host to ask about: the vault the pastes name, else the one the user typed; `None` when
/// neither gives a well-formed vault host (nothing is sent then).
pub fn host_to_ask(pastes: &[crate::engine::Paste], typed: Option<&str>) -> Option<String> {
    host_of(&crate::engine::diagnose_case(pastes, typed))
}

/// The vault host a report is about, if it is a well-formed name to send (the page's button).
pub fn host_of(report: &crate::engine::report::Report) -> Option<String> {
    use crate::engine::names::{problem, NameKind};
    let vault = report.vault.as_ref()?;
    let valid = problem(NameKind::Vault, &vault.name).is_none() && problem(NameKind::Host, &vault.host).is_none();
    valid.then(|| vault.host.clone())
}

/// `2026-11-23 17:40 UTC` for a Unix time in seconds (the header's time; no clock crate needed).
pub fn utc_minute(unix_seconds: u64) -> String {
    let days = i64::try_from(unix_seconds / 86_400).unwrap_or(0);
    let minutes = unix_seconds % 86_400 / 60;
    // Howard Hinnant's days-to-civil: exact for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", minutes / 60, minutes % 60)
}

/// The paste kvdoctor adds: its header line, then the resolver's answer with one record per
/// line (so evidence quotes one record, not the whole answer). `when` is a UTC time as text.
/// A body that is no DoH answer (a captive portal's page, an error text) adds no paste: the
/// error says what came back instead.
pub fn compose(resolver: &str, host: &str, when: &str, body: &str) -> Result<String, String> {
    parse(body).map_err(|problem| {
        format!("{resolver} sent something that is not a DNS answer ({problem}); nothing was added")
    })?;
    let body = tidy(body).unwrap_or_else(|| body.trim().to_string());
    Ok(format!("{HEADER} {resolver} asked for {host} at {when}\n{body}\n"))
}

/// The answer re-written with one record per line, keys in the resolver's order; `None` when
/// it is not one JSON object.
fn tidy(body: &str) -> Option<String> {
    let doc = json::parse(body);
    let [root] = doc.roots.as_slice() else { return None };
    if !root.is_object() || !doc.problems.is_empty() {
        return None;
    }
    let members = root.members();
    let mut lines = vec!["{".to_string()];
    for (i, (key, value)) in members.iter().enumerate() {
        let comma = if i + 1 < members.len() { "," } else { "" };
        let key = quoted(key);
        match &value.value {
            Value::Array(items) if !items.is_empty() => {
                lines.push(format!("  {key}: ["));
                for (j, item) in items.iter().enumerate() {
                    let inner = if j + 1 < items.len() { "," } else { "" };
                    lines.push(format!("    {}{inner}", compact(item)));
                }
                lines.push(format!("  ]{comma}"));
            }
            _ => lines.push(format!("  {key}: {}{comma}", compact(value))),
        }
    }
    lines.push("}".to_string());
    Some(lines.join("\n"))
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// One value on one line, members in their order (depth is bounded by the JSON reader).
fn compact(node: &Node) -> String {
    match &node.value {
        Value::Object(members) => {
            let parts: Vec<String> = members.iter().map(|(k, v)| format!("{}:{}", quoted(k), compact(v))).collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(",")),
        Value::Str(s) => quoted(s),
        Value::Num(n) => n.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
    }
}

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
    fn the_written_paste_reads_back_with_one_record_per_line() {
        let body = r#"{"Status":0,"TC":false,"Question":[{"name":"contoso.vault.azure.net.","type":1}],"Answer":[{"name":"contoso.vault.azure.net.","type":5,"TTL":60,"data":"contoso.privatelink.vaultcore.azure.net."},{"name":"contoso.privatelink.vaultcore.azure.net.","type":1,"TTL":60,"data":"52.168.109.101"}]}"#;
        let paste = compose(RESOLVER_HOST, "contoso.vault.azure.net", "2026-11-23 17:40 UTC", body).unwrap();
        assert!(paste.starts_with("# Public DNS: cloudflare-dns.com asked for contoso.vault.azure.net at 2026-11-23"));
        let answer = parse(&paste).unwrap();
        assert_eq!(answer.chain.len(), 2);
        assert_ne!(answer.chain[1].1, answer.addresses[0].1, "each record on its own line");
        assert!(paste.contains("\n  \"Status\": 0,\n  \"TC\": false,"), "keys keep their order: {paste}");
        assert_eq!(sniff(&paste), 100);
        let portal = compose("r", "h", "t", "<html>Sign in to the hotel Wi-Fi</html>").unwrap_err();
        assert!(portal.starts_with("r sent something that is not a DNS answer"), "{portal}");
        // A cut answer still reads (the JSON reader closes it): kept as the resolver sent it.
        let cut = compose("r", "h", "t", r#"{"Status":0,"TC":false,"Answer":[{"name":"h","type":1,"data":"1.2.3.4"}"#);
        assert!(cut.unwrap().ends_with("\"data\":\"1.2.3.4\"}\n"));
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

    #[test]
    fn times_and_hosts() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_minute(1_795_453_200 + 2_400), "2026-11-23 17:40 UTC");
        let typed = host_to_ask(&[], Some("Contoso"));
        assert_eq!(typed.as_deref(), Some("contoso.vault.azure.net"));
        let read = host_to_ask(&[crate::engine::Paste::new(
            "Get \"https://fabrikam.vault.azure.cn/secrets/db\": dial tcp: lookup fabrikam.vault.azure.cn on 10.0.0.10:53: no such host",
        )], None);
        assert_eq!(read.as_deref(), Some("fabrikam.vault.azure.cn"));
        assert_eq!(host_to_ask(&[], Some("a b;rm")), None);
        assert_eq!(host_to_ask(&[], None), None);
    }

    #[test]
    fn the_query_sends_the_name_only() {
        assert_eq!(
            query_url(RESOLVER_URL, "contoso.vault.azure.net"),
            "https://cloudflare-dns.com/dns-query?name=contoso.vault.azure.net&type=A"
        );
        assert_eq!(query_url("/x", "a b&c"), "/x?name=a%20b%26c&type=A");
    }
}
