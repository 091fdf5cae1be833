//! PowerShell `Resolve-DnsName`: the default table (Name/Type/TTL/Section/NameHost/IPAddress,
//! wrapped or cut by narrow consoles), `| Format-List` records, and its error records
//! ("DNS name does not exist", time-outs).

use std::collections::HashSet;

use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{DnsFailure, DnsLookup, Evidence, Facts, Located};
use crate::engine::net::parse_addr;
use crate::engine::vault::normalise_host;

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::ResolveDnsname, sniff, parse).dns_tool();

pub fn sniff(lines: &[Line]) -> u8 {
    let mut score = 0u8;
    for line in lines.iter().take(400) {
        let lower = line.text.to_ascii_lowercase();
        if lower.contains("resolve-dnsname") {
            score = score.saturating_add(60);
        }
        if lower.starts_with("name") && lower.contains("type") && lower.contains("ttl") && lower.contains("section") {
            score = score.saturating_add(60);
        }
        if lower.starts_with("querytype") || lower.starts_with("ip4address") || lower.starts_with("namehost") {
            score = score.saturating_add(25);
        }
    }
    score.min(100)
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let mut lookup = DnsLookup::default();
    let mut list_name: Option<Located<String>> = None;
    // Names already in the chain: a set, so a table of many rows stays linear.
    let mut known: HashSet<String> = HashSet::new();
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let lower = text.to_ascii_lowercase();
        let at = Evidence::line(reader.input, line.number, text);
        let command = lower.find("resolve-dnsname ").and_then(|i| text.get(i + "resolve-dnsname ".len()..));
        let used = if let Some(args) = command {
            let args: Vec<&str> = args.split_whitespace().collect();
            if let Some(q) = args.iter().find(|a| a.contains('.') && !a.starts_with('-')) {
                if lookup.query.is_none() {
                    lookup.query = Some(Located::new(normalise_host(q), at.clone()));
                }
            }
            if let Some(pos) = args.iter().position(|a| a.eq_ignore_ascii_case("-server")) {
                if let Some(server) = args.get(pos + 1).and_then(|s| parse_addr(s)) {
                    lookup.server = Some(Located::new(server, at.clone()));
                    lookup.server_chosen = true;
                }
            }
            if lower.contains("dns name does not exist") || lower.contains("timeout period expired") {
                read_error(&mut lookup, &lower, at);
            }
            true
        } else if lower.contains("dns name does not exist")
            || lower.contains("dns_error_rcode_name_error")
            || lower.contains("timeout period expired")
            || lower.contains("error_timeout")
        {
            read_error(&mut lookup, &lower, at);
            true
        } else if is_framing(&lower, text) {
            true
        } else if let Some((key, value)) = text.split_once(':').map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
        {
            // `Format-List` (and the list blocks the default view prints for A records).
            match key.as_str() {
                "name" => {
                    list_name = Some(Located::new(normalise_host(value), at));
                    true
                }
                "namehost" => {
                    push_name(&mut lookup, &mut known, list_name.take());
                    add_name(&mut lookup, &mut known, Located::new(normalise_host(value), at));
                    true
                }
                "ip4address" | "ip6address" | "ipaddress" => {
                    push_name(&mut lookup, &mut known, list_name.take());
                    lookup.addresses.extend(parse_addr(value).map(|a| Located::new(a, at)));
                    true
                }
                "type" | "querytype" | "ttl" | "section" | "datalength" | "characterset" => true,
                _ => false,
            }
        } else {
            table_row(&mut lookup, &mut known, text, at)
        };
        if used {
            reader.use_line(line.number);
        }
    }
    if lookup.query.is_none() {
        lookup.query = lookup.names.first().cloned();
    }
    super::viewpoint::label(reader, lines, std::slice::from_mut(&mut lookup));
    if lookup.has_result() || lookup.query.is_some() {
        facts.lookups.push(lookup);
    }
}

/// PowerShell's error-record framing, and the table's header and underline.
fn is_framing(lower: &str, text: &str) -> bool {
    lower.starts_with("+ ")
        || lower.starts_with("~~")
        || lower.starts_with("at line:")
        || lower.starts_with("name ") && lower.contains(" type ")
        || text.chars().all(|c| c == '-' || c.is_whitespace())
}

/// Adds a name to the chain unless it is there already.
fn push_name(lookup: &mut DnsLookup, known: &mut HashSet<String>, name: Option<Located<String>>) {
    if let Some(name) = name.filter(|n| !known.contains(&n.value)) {
        add_name(lookup, known, name);
    }
}

/// Adds a name to the chain (a CNAME target may repeat an earlier name: the chain keeps it).
fn add_name(lookup: &mut DnsLookup, known: &mut HashSet<String>, name: Located<String>) {
    known.insert(name.value.clone());
    lookup.names.push(name);
}

fn read_error(lookup: &mut DnsLookup, lower: &str, at: Evidence) {
    let failure = if lower.contains("timeout") { DnsFailure::Timeout } else { DnsFailure::NxDomain };
    if lookup.query.is_none() {
        let name = lower.split(" : ").find(|p| p.contains('.') && !p.contains(' ')).map(normalise_host);
        lookup.query = name.map(|n| Located::new(n, at.clone()));
    }
    lookup.failure = Some(Located::new(failure, at));
}

/// `name  TYPE  ttl  Section  data`; a wrapped row may hold the name alone.
fn table_row(lookup: &mut DnsLookup, known: &mut HashSet<String>, text: &str, at: Evidence) -> bool {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let Some(type_at) = fields.iter().position(|f| matches!(*f, "A" | "AAAA" | "CNAME" | "SOA")) else {
        return match fields.as_slice() {
            [alone] if alone.contains('.') && !alone.contains("...") => {
                add_name(lookup, known, Located::new(normalise_host(alone), at));
                true
            }
            _ => false,
        };
    };
    let (Some(name), Some(kind), true) = (fields.first().copied(), fields.get(type_at).copied(), type_at > 0) else {
        return false;
    };
    let data = fields.last().copied().unwrap_or_default();
    if !name.contains("...") {
        push_name(lookup, known, Some(Located::new(normalise_host(name), at.clone())));
    }
    match kind {
        "CNAME" if !data.contains("...") => add_name(lookup, known, Located::new(normalise_host(data), at)),
        "A" | "AAAA" => lookup.addresses.extend(parse_addr(data).map(|a| Located::new(a, at))),
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(paste: &str) -> DnsLookup {
        crate::engine::input::read_with(parse, paste).lookups.remove(0)
    }

    #[test]
    fn table_then_list_block() {
        let out = "PS C:\\> Resolve-DnsName fabrikam.vault.azure.net\n\nName                           Type   TTL   Section    NameHost\n----                           ----   ---   -------    --------\nfabrikam.vault.azure.net       CNAME  60    Answer     fabrikam.privatelink.vaultcore.azure.net\n\nName       : fabrikam.privatelink.vaultcore.azure.net\nQueryType  : A\nTTL        : 10\nSection    : Answer\nIP4Address : 10.1.2.4\n";
        let l = lookup(out);
        assert_eq!(l.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
        assert!(l.names.iter().any(|n| n.value == "fabrikam.privatelink.vaultcore.azure.net"));
        assert_eq!(l.addresses[0].value.to_string(), "10.1.2.4");
    }

    #[test]
    fn plain_table_and_errors() {
        let out = "Name                                      Type   TTL   Section    IPAddress\n----                                      ----   ---   -------    ---------\nfabrikam.privatelink.vaultcore.azure.net  A      10    Answer     10.1.2.4\n";
        assert_eq!(lookup(out).addresses[0].value.to_string(), "10.1.2.4");
        let err = "Resolve-DnsName : fabrikam.vault.azure.net : DNS name does not exist\nAt line:1 char:1\n+ Resolve-DnsName fabrikam.vault.azure.net\n+ CategoryInfo          : ResourceUnavailable: (fabrikam.vault.azure.net:String) [Resolve-DnsName], Win32Exception\n+ FullyQualifiedErrorId : DNS_ERROR_RCODE_NAME_ERROR,Microsoft.DnsClient.Commands.ResolveDnsName\n";
        let l = lookup(err);
        assert_eq!(l.failure.as_ref().unwrap().value, DnsFailure::NxDomain);
        assert_eq!(l.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
    }
}
