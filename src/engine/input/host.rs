//! `host` output: `is an alias for`, `has address`, `not found: 3(NXDOMAIN)`, and the
//! `Using domain server:` block printed when a server is named.

use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{DnsFailure, DnsLookup, Evidence, Facts, Located};
use crate::engine::net::parse_addr;
use crate::engine::vault::normalise_host;

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::Host, sniff, parse).dns_tool();

pub fn sniff(lines: &[Line]) -> u8 {
    let hits = lines
        .iter()
        .take(400)
        .filter(|l| {
            let lower = l.text.to_ascii_lowercase();
            lower.contains(" is an alias for ")
                || lower.contains(" has address ")
                || lower.contains(" has ipv6 address ")
                || lower.contains("not found: ") && lower.starts_with("host ")
                || lower.starts_with("using domain server")
        })
        .count();
    (hits * 50).min(100) as u8
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let mut lookups: Vec<DnsLookup> = Vec::new();
    let mut server_block = false;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let lower = text.to_ascii_lowercase();
        let at = Evidence::line(reader.input, line.number, text);
        let used = if let Some(args) = lower
            .find("host ")
            .filter(|i| lower.get(..*i).is_some_and(|before| before.is_empty() || before.ends_with([' ', '$', '#'])))
            .and_then(|i| text.get(i + "host ".len()..))
            .filter(|_| !lower.contains("not found"))
        {
            let args: Vec<&str> = args.split_whitespace().filter(|a| !a.starts_with('-')).collect();
            let query = args.first().map(|q| Located::new(normalise_host(q), at.clone()));
            let mut lookup = DnsLookup { query, ..DnsLookup::default() };
            if let Some(server) = args.get(1).and_then(|s| parse_addr(s)) {
                lookup.server = Some(Located::new(server, at.clone()));
                lookup.server_chosen = true;
            }
            lookups.push(lookup);
            true
        } else if lower.starts_with("using domain server") {
            server_block = true;
            true
        } else if server_block
            && (lower.starts_with("name:") || lower.starts_with("address:") || lower.starts_with("aliases:"))
        {
            if let Some(addr) = lower.split_once(':').and_then(|(_, v)| parse_addr(v)) {
                let lookup = DnsLookup::last_or_new(&mut lookups);
                if lookup.server.is_none() {
                    lookup.server = Some(Located::new(addr, at));
                }
            }
            server_block = !lower.starts_with("aliases:");
            true
        } else if let Some((from, to)) = text.split_once(" is an alias for ") {
            let lookup = DnsLookup::last_or_new(&mut lookups);
            if lookup.names.is_empty() {
                lookup.names.push(Located::new(normalise_host(from), at.clone()));
            }
            lookup.names.push(Located::new(normalise_host(to), at));
            true
        } else if let Some((name, addr)) =
            text.split_once(" has address ").or_else(|| text.split_once(" has IPv6 address "))
        {
            let lookup = DnsLookup::last_or_new(&mut lookups);
            if lookup.names.is_empty() {
                lookup.names.push(Located::new(normalise_host(name), at.clone()));
            }
            lookup.addresses.extend(parse_addr(addr).map(|a| Located::new(a, at)));
            true
        } else if lower.starts_with("host ") && lower.contains("not found") {
            let failure = if lower.contains("nxdomain") { DnsFailure::NxDomain } else { DnsFailure::ServerFailure };
            let lookup = DnsLookup::last_or_new(&mut lookups);
            if lookup.query.is_none() {
                lookup.query = text.split_whitespace().nth(1).map(|q| Located::new(normalise_host(q), at.clone()));
            }
            lookup.failure = Some(Located::new(failure, at));
            true
        } else if lower.contains("timed out") || lower.contains("no servers could be reached") {
            DnsLookup::last_or_new(&mut lookups).failure = Some(Located::new(DnsFailure::Timeout, at));
            true
        } else {
            lower.contains(" mail is handled by ") || lower.contains(" has no ")
        };
        if used {
            reader.use_line(line.number);
        }
    }
    for lookup in &mut lookups {
        if lookup.query.is_none() {
            lookup.query = lookup.names.first().cloned();
        }
    }
    super::viewpoint::label(reader, lines, &mut lookups);
    facts.lookups.extend(lookups.into_iter().filter(|l| l.has_result() || l.query.is_some()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookups(paste: &str) -> Vec<DnsLookup> {
        crate::engine::input::read_with(parse, paste).lookups
    }

    #[test]
    fn alias_chain_and_server() {
        let out = "$ host fabrikam.vault.azure.net 168.63.129.16\nUsing domain server:\nName: 168.63.129.16\nAddress: 168.63.129.16#53\nAliases: \n\nfabrikam.vault.azure.net is an alias for fabrikam.privatelink.vaultcore.azure.net.\nfabrikam.privatelink.vaultcore.azure.net has address 10.1.2.4\n";
        let l = &lookups(out)[0];
        assert_eq!(l.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
        assert_eq!(l.server.as_ref().unwrap().value.to_string(), "168.63.129.16");
        assert_eq!(l.addresses[0].value.to_string(), "10.1.2.4");
        assert_eq!(l.names[1].value, "fabrikam.privatelink.vaultcore.azure.net");
    }

    #[test]
    fn not_found() {
        let l = &lookups("Host fabrikam.vault.azure.net not found: 3(NXDOMAIN)\n")[0];
        assert_eq!(l.failure.as_ref().unwrap().value, DnsFailure::NxDomain);
        assert_eq!(l.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
    }
}
