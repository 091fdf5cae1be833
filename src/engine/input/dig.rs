//! `dig` output: full (`;; ANSWER SECTION:`, `;; SERVER:`, `status: NXDOMAIN`) and `+short`.

use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{DnsFailure, DnsLookup, Evidence, Facts, Located};
use crate::engine::net::parse_addr;
use crate::engine::vault::normalise_host;

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::Dig, sniff, parse).dns_tool();

pub fn sniff(lines: &[Line]) -> u8 {
    let mut score = 0u8;
    for line in lines.iter().take(400) {
        let lower = line.text.to_ascii_lowercase();
        if lower.contains("<<>> dig")
            || lower.contains(";; answer section")
            || lower.contains(";; server:")
            || lower.contains("->>header<<-")
        {
            score = score.saturating_add(50);
        }
        if command(&lower).is_some() {
            score = score.saturating_add(60);
        }
    }
    score.min(100)
}

/// A `dig` command line: the name it asks for and the `@server` it asks, each if given.
struct DigCommand {
    query: Option<String>,
    server: Option<String>,
}

/// The `dig` command on a line, if the line is one: its name (skipping options) and `@server`.
fn command(lower: &str) -> Option<DigCommand> {
    if lower.starts_with(';') {
        return None; // the `; <<>> DiG 9.18 <<>> name` banner
    }
    let (before, rest) = lower.split_once("dig ")?;
    if !(before.is_empty() || before.ends_with([' ', '$', '#', '>'])) {
        return None;
    }
    let args: Vec<&str> = rest.split_whitespace().collect();
    let query = args.iter().find(|a| !a.starts_with(['+', '-', '@']) && a.contains('.')).map(|a| normalise_host(a));
    let server = args.iter().find_map(|a| a.strip_prefix('@')).map(str::to_string);
    Some(DigCommand { query, server })
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let mut lookups: Vec<DnsLookup> = Vec::new();
    let mut short = false;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let lower = text.to_ascii_lowercase();
        let at = Evidence::line(reader.input, line.number, text);
        let used = if let Some(DigCommand { query, server }) = command(&lower) {
            let mut lookup = DnsLookup { query: query.map(|q| Located::new(q, at.clone())), ..DnsLookup::default() };
            if let Some(server) = server.as_deref().and_then(parse_addr) {
                lookup.server = Some(Located::new(server, at.clone()));
                lookup.server_chosen = true;
            }
            short = lower.contains("+short");
            lookups.push(lookup);
            true
        } else if lower.contains("<<>> dig") {
            let query = lower
                .rsplit("<<>>")
                .next()
                .and_then(|r| r.split_whitespace().find(|w| w.contains('.') && !w.starts_with(['+', '@'])));
            if lookups.last().is_none_or(|l| l.has_result()) {
                lookups.push(DnsLookup::default());
            }
            let lookup = DnsLookup::last_or_new(&mut lookups);
            if lookup.query.is_none() {
                lookup.query = query.map(|q| Located::new(normalise_host(q), at));
            }
            true
        } else if let Some(rest) = lower.strip_prefix(";; server:") {
            let server = rest.split(['#', '(']).next().and_then(parse_addr);
            let lookup = DnsLookup::last_or_new(&mut lookups);
            if let (Some(server), false) = (server, lookup.server_chosen) {
                lookup.server = Some(Located::new(server, at));
            }
            true
        } else if let Some((_, after)) = lower.split_once("status: ") {
            let status = after.split(',').next().unwrap_or_default().trim().to_string();
            let failure = match status.as_str() {
                "nxdomain" => Some(DnsFailure::NxDomain),
                "servfail" | "refused" => Some(DnsFailure::ServerFailure),
                _ => None,
            };
            if let Some(failure) = failure {
                DnsLookup::last_or_new(&mut lookups).failure = Some(Located::new(failure, at));
            }
            true
        } else if lower.contains("timed out") || lower.contains("no servers could be reached") {
            DnsLookup::last_or_new(&mut lookups).failure = Some(Located::new(DnsFailure::Timeout, at));
            true
        } else if lower.starts_with(';') {
            true // comments, question line, section headers, statistics
        } else if let Some((name, kind, data)) = record(text) {
            let lookup = DnsLookup::last_or_new(&mut lookups);
            if lookup.names.is_empty() {
                lookup.names.push(Located::new(normalise_host(name), at.clone()));
            }
            match kind.as_str() {
                "CNAME" => lookup.names.push(Located::new(normalise_host(data), at)),
                "A" | "AAAA" => lookup.addresses.extend(parse_addr(data).map(|a| Located::new(a, at))),
                _ => {}
            }
            true
        } else if short || lookups.last().is_some_and(|l| l.query.is_some()) && text.split_whitespace().count() == 1 {
            // `+short`: one value per line, names end with a dot.
            let lookup = DnsLookup::last_or_new(&mut lookups);
            match parse_addr(text) {
                Some(addr) => lookup.addresses.push(Located::new(addr, at)),
                None if text.ends_with('.') => lookup.names.push(Located::new(normalise_host(text), at)),
                None => {}
            }
            parse_addr(text).is_some() || text.ends_with('.')
        } else {
            false
        };
        if used {
            reader.use_line(line.number);
        }
    }
    super::viewpoint::label(reader, lines, &mut lookups);
    facts.lookups.extend(lookups.into_iter().filter(|l| l.has_result() || l.query.is_some()));
}

/// A resource record line: `name [ttl] [class] type data`.
fn record(text: &str) -> Option<(&str, String, &str)> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let type_at = fields.iter().position(|f| matches!(*f, "A" | "AAAA" | "CNAME" | "SOA" | "NS" | "PTR" | "TXT"))?;
    let (name, kind, data) = (*fields.first()?, *fields.get(type_at)?, *fields.get(type_at + 1)?);
    (type_at > 0 && name.contains('.')).then(|| (name, kind.to_string(), data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookups(paste: &str) -> Vec<DnsLookup> {
        crate::engine::input::read_with(parse, paste).lookups
    }

    #[test]
    fn full_output() {
        let out = "; <<>> DiG 9.18.18-0ubuntu0.22.04.2-Ubuntu <<>> fabrikam.vault.azure.net\n;; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 40115\n\n;; QUESTION SECTION:\n;fabrikam.vault.azure.net.\tIN\tA\n\n;; ANSWER SECTION:\nfabrikam.vault.azure.net. 60\tIN\tCNAME\tfabrikam.privatelink.vaultcore.azure.net.\nfabrikam.privatelink.vaultcore.azure.net. 10 IN A 10.1.2.4\n\n;; Query time: 3 msec\n;; SERVER: 10.0.0.4#53(10.0.0.4) (UDP)\n";
        let l = &lookups(out)[0];
        assert_eq!(l.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
        assert_eq!(l.server.as_ref().unwrap().value.to_string(), "10.0.0.4");
        assert_eq!(l.addresses[0].value.to_string(), "10.1.2.4");
        assert!(l.names.iter().any(|n| n.value == "fabrikam.privatelink.vaultcore.azure.net"));
    }

    #[test]
    fn short_and_nxdomain() {
        let l = &lookups("$ dig +short fabrikam.vault.azure.net @168.63.129.16\nfabrikam.privatelink.vaultcore.azure.net.\n10.1.2.4\n")[0];
        assert_eq!(l.addresses[0].value.to_string(), "10.1.2.4");
        assert!(l.server_chosen);
        let nx =
            &lookups("$ dig fabrikam.vault.azure.net\n;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1\n")[0];
        assert_eq!(nx.failure.as_ref().unwrap().value, DnsFailure::NxDomain);
    }
}
