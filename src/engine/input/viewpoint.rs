//! Section and machine labels above DNS output (`=== via CoreDNS (10.0.0.10) ===`, "From my
//! laptop:"), given to the lookups below them by the DNS readers that print no such label of
//! their own (dig, host, Resolve-DnsName). nslookup reads the same labels, with the same two
//! functions, while it reads.

use std::net::IpAddr;

use super::text::Line;
use super::Reader;
use crate::engine::facts::{DnsLookup, Evidence, Located};
use crate::engine::net::parse_addr;

/// Gives each lookup the last label printed above its first line (and the resolver the label
/// names, unless the tool named one), and marks the label lines as read.
pub(super) fn label(reader: &mut Reader, lines: &[Line], lookups: &mut [DnsLookup]) {
    let labels: Vec<(usize, Located<String>)> = lines
        .iter()
        .filter(|line| !is_prompt(line.text))
        .filter_map(|line| {
            let label = viewpoint_label(line.text)?;
            Some((line.number, Located::new(label, Evidence::line(reader.input, line.number, line.text))))
        })
        .collect();
    if labels.is_empty() {
        return;
    }
    for lookup in lookups.iter_mut().filter(|l| l.viewpoint.is_none()) {
        let Some(first) = first_line(lookup) else { continue };
        let Some((_, label)) = labels.iter().rev().find(|(number, _)| *number < first) else { continue };
        if lookup.server.is_none() {
            let named: Option<IpAddr> = label_server(&label.value);
            lookup.server = named.map(|ip| Located::new(ip, label.at.clone()));
        }
        lookup.viewpoint = Some(label.clone());
    }
    for (number, _) in &labels {
        reader.use_line(*number);
    }
}

/// A heading that says where the lookups below it were made from: a section
/// (`=== 1. kv public FQDN via CoreDNS (10.0.0.10) ===`, `## via 168.63.129.16`) or a machine
/// (`From my laptop (on the corporate VPN):`, `On the VM:`). Returns it without its markup.
pub(super) fn viewpoint_label(text: &str) -> Option<String> {
    let t = text.trim();
    // Most lines are neither: decide that before allocating.
    if !(t.starts_with(['=', '-', '#']) || t.ends_with(':')) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let fenced =
        ["===", "---", "##"].iter().any(|m| t.starts_with(m)) || t.starts_with("# ") && !lower.contains("nslookup");
    let machine = ["from ", "on ", "via "].iter().any(|p| lower.starts_with(p))
        && t.ends_with(':')
        && t.len() < 100
        && !lower.contains("can't find");
    if !(fenced || machine) || lower.starts_with("*** ") || lower.starts_with("** ") {
        return None;
    }
    let inner = t.trim_matches(|c: char| matches!(c, '=' | '-' | '#' | '*' | ':' | ' '));
    // `1. kv public FQDN via …`: the numbering is the author's, not part of the viewpoint.
    let inner = inner
        .split_once(". ")
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .map_or(inner, |(_, rest)| rest)
        .trim();
    (!inner.is_empty()).then(|| inner.to_string())
}

/// The resolver a label names: an address in it, or Azure DNS by name.
/// A machine label's address is the machine's ("On the VM (10.1.0.4):"), not its resolver's,
/// unless the label says `via`.
pub(super) fn label_server(label: &str) -> Option<IpAddr> {
    let lower = label.to_ascii_lowercase();
    let machine = lower.starts_with("from ") || lower.starts_with("on ");
    let resolver_part = match lower.find("via ") {
        Some(at) => label.get(at..).unwrap_or_default(),
        None if machine => "",
        None => label,
    };
    let named = resolver_part
        .split(|c: char| c.is_whitespace() || "()[],;".contains(c))
        .find_map(|w| parse_addr(w.trim_end_matches(':')));
    named.or_else(|| {
        ["azure dns", "azure internal resolver", "azure-provided dns", "azure provided dns"]
            .iter()
            .any(|n| lower.contains(n))
            .then_some(crate::engine::net::AZURE_DNS)
    })
}

/// `# dig …`, `$ host …`: a shell prompt, not a heading.
fn is_prompt(text: &str) -> bool {
    let command = text.trim().trim_start_matches(['#', '$', '>', ' ']).to_ascii_lowercase();
    ["dig ", "host ", "nslookup", "resolve-dnsname"].iter().any(|c| command.starts_with(c))
}

/// The first line any of the lookup's values was read from.
fn first_line(lookup: &DnsLookup) -> Option<usize> {
    let located = lookup
        .query
        .iter()
        .map(|q| &q.at)
        .chain(lookup.server.iter().map(|s| &s.at))
        .chain(lookup.names.iter().map(|n| &n.at))
        .chain(lookup.addresses.iter().map(|a| &a.at))
        .chain(lookup.masked.iter())
        .chain(lookup.failure.iter().map(|f| &f.at));
    located.filter_map(|at| at.lines.first().copied()).min()
}

#[cfg(test)]
mod tests {
    use crate::engine::input::{dig, host, read_with, LineParser};

    /// Each lookup's viewpoint label and resolver, as read from `text`.
    fn viewpoints(parser: LineParser, text: &str) -> Vec<(Option<String>, Option<String>)> {
        read_with(parser, text)
            .lookups
            .iter()
            .map(|l| (l.viewpoint.as_ref().map(|v| v.value.clone()), l.server.as_ref().map(|s| s.value.to_string())))
            .collect()
    }

    fn expected(rows: &[(Option<&str>, Option<&str>)]) -> Vec<(Option<String>, Option<String>)> {
        rows.iter().map(|(label, server)| (label.map(str::to_string), server.map(str::to_string))).collect()
    }

    #[test]
    fn dig_sections_name_their_resolver() {
        let text = "=== via CoreDNS (10.0.0.10) ===\n$ dig +short contoso.vault.azure.net\n10.22.26.6\n\n=== via Azure DNS ===\n# dig contoso.vault.azure.net\n;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1\n";
        assert_eq!(
            viewpoints(dig::parse, text),
            expected(&[
                (Some("via CoreDNS (10.0.0.10)"), Some("10.0.0.10")),
                (Some("via Azure DNS"), Some("168.63.129.16")),
            ])
        );
    }

    #[test]
    fn host_machine_labels_and_a_named_server_wins() {
        let text = "From my laptop:\n$ host contoso.vault.azure.net\ncontoso.vault.azure.net is an alias for contoso.privatelink.vaultcore.azure.net.\n\nOn the VM (10.1.0.4):\n$ host contoso.vault.azure.net 168.63.129.16\nUsing domain server:\nName: 168.63.129.16\nAddress: 168.63.129.16#53\n\ncontoso.privatelink.vaultcore.azure.net has address 10.1.2.4\n";
        assert_eq!(
            viewpoints(host::parse, text),
            expected(&[(Some("From my laptop"), None), (Some("On the VM (10.1.0.4)"), Some("168.63.129.16"))])
        );
    }

    #[test]
    fn a_machine_labels_address_is_not_its_resolver() {
        let text = "On the VM (10.1.0.4):\n$ dig +short contoso.vault.azure.net\n10.1.2.4\n\nFrom my laptop via 192.168.1.1:\n$ dig +short contoso.vault.azure.net\n52.1.2.3\n";
        assert_eq!(
            viewpoints(dig::parse, text),
            expected(&[
                (Some("On the VM (10.1.0.4)"), None),
                (Some("From my laptop via 192.168.1.1"), Some("192.168.1.1")),
            ])
        );
    }

    #[test]
    fn no_label_no_viewpoint() {
        let text = "# dig contoso.vault.azure.net\n;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1\n";
        assert_eq!(viewpoints(dig::parse, text), expected(&[(None, None)]));
    }
}
