//! A kvdoctor collector's bundle (`=== kvdoctor collect v1 host=… ===` and one
//! `=== kvdoctor step <id> view=<view> host=… ===` section per step). Each section is read as
//! its own paste would be, by the reader that recognises it, with its line numbers kept (so
//! evidence points into the bundle), and its lookups get the section's viewpoint: which
//! resolver, on which host. What only the collector prints (getent and hosts-file lines, its
//! TCP, certificate and identity-endpoint lines) is read here.

use std::net::IpAddr;

use super::parser::{Parser, Source};
use super::text::{self, Line};
use super::{Kind, Reader};
use crate::engine::facts::{DnsLookup, Evidence, Facts, Located, SignalKind as S};
use crate::engine::net::parse_addr;

/// The bundle format this reader reads, printed in the header by the collector scripts.
pub const FORMAT: &str = "1";

/// The public resolver the collector asks by default (tests override it with a stand-in).
pub const PUBLIC_RESOLVER: &str = "1.1.1.1";

const HEADER: &str = "=== kvdoctor collect v";
const STEP: &str = "=== kvdoctor step ";
const END: &str = "=== kvdoctor end";
/// Lines the collector prints about itself (`kvdoctor: exit 0`, `kvdoctor: skipped: …`).
const OWN: &str = "kvdoctor: ";

/// Which viewpoint a section's output has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The machine's own resolver: the answer the code gets.
    SystemResolver,
    /// Azure DNS (168.63.129.16), asked by address.
    AzureDns,
    /// A public resolver, asked by address: the internet's view.
    PublicResolver,
    /// The hosts file: overrides every resolver.
    HostsFile,
    Proxy,
    /// TCP, TLS and HTTPS from this machine to the vault.
    Connection,
    /// The managed identity endpoint (status only).
    Identity,
    /// Azure Resource Manager through a signed-in az.
    Azure,
}

impl View {
    pub const ALL: [View; 8] = [
        View::SystemResolver,
        View::AzureDns,
        View::PublicResolver,
        View::HostsFile,
        View::Proxy,
        View::Connection,
        View::Identity,
        View::Azure,
    ];

    pub const fn id(self) -> &'static str {
        match self {
            View::SystemResolver => "system",
            View::AzureDns => "azure-dns",
            View::PublicResolver => "public",
            View::HostsFile => "hosts-file",
            View::Proxy => "proxy",
            View::Connection => "connection",
            View::Identity => "identity",
            View::Azure => "azure",
        }
    }

    fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }
}

pub static PARSER: Parser = Parser::source(sniff, read).exclusive();

/// A bundle's header anywhere in the first lines (a prompt or a note may stand above it).
fn sniff(source: &Source) -> u8 {
    if source.head().iter().any(|l| l.text.trim_start().starts_with(HEADER)) {
        100
    } else {
        0
    }
}

/// The header's and a marker's `key=value` fields.
fn fields(text: &str) -> Vec<(&str, &str)> {
    text.split_whitespace().filter_map(|w| w.split_once('=')).collect()
}

fn field<'a>(fields: &[(&'a str, &'a str)], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// One step's section: its marker and the lines up to the next marker.
struct Section<'l, 'a> {
    id: &'a str,
    view: Option<View>,
    machine: Option<&'a str>,
    marker: &'l Line<'a>,
    body: &'l [Line<'a>],
}

fn read(reader: &mut Reader, source: &Source, facts: &mut Facts) -> Kind {
    let lines = source.lines();
    let Some(start) = lines.iter().position(|l| l.text.trim_start().starts_with(HEADER)) else {
        return Kind::Unknown;
    };
    let Some(header) = lines.get(start) else { return Kind::Unknown };
    reader.use_line(header.number);
    let head = fields(header.text);
    let version = header.text.trim_start().get(HEADER.len()..).and_then(|r| r.split_whitespace().next());
    if version != Some(FORMAT) {
        reader.note(format!(
            "this bundle says collector v{}; this kvdoctor reads v{FORMAT}: sections it does not know are listed as ignored",
            version.unwrap_or("?")
        ));
    }
    if let Some(vault) = field(&head, "vault") {
        let at = Evidence::line(reader.input, header.number, header.text);
        facts.add_signal(S::VaultName, vault, at);
    }
    let rest = lines.get(start + 1..).unwrap_or_default();
    let mut sections = Vec::new();
    let mut markers = rest.iter().enumerate().filter(|(_, l)| is_marker(l.text)).peekable();
    // Lines before the first step: the collector's own notes (tools, az).
    let first = markers.peek().map_or(rest.len(), |(i, _)| *i);
    own_lines(reader, rest.get(..first).unwrap_or_default());
    while let Some((i, marker)) = markers.next() {
        let end = markers.peek().map_or(rest.len(), |(j, _)| *j);
        reader.use_line(marker.number);
        let text = marker.text.trim();
        if text.starts_with(END) {
            continue;
        }
        let inner = text.trim_start_matches(STEP).trim_end_matches('=').trim();
        let id = inner.split_whitespace().next().unwrap_or_default();
        let marked = fields(inner);
        sections.push(Section {
            id,
            view: field(&marked, "view").and_then(View::from_id),
            machine: field(&marked, "host").or_else(|| field(&head, "host")),
            marker,
            body: rest.get(i + 1..end).unwrap_or_default(),
        });
    }
    for section in &sections {
        read_section(reader, source.text, section, facts);
    }
    Kind::Bundle
}

fn is_marker(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(STEP) || t.starts_with(END)
}

/// The collector's own lines: marked as read; a skipped step and missing tools are noted.
fn own_lines(reader: &mut Reader, lines: &[Line]) {
    for line in lines {
        let Some(what) = line.text.trim().strip_prefix(OWN) else { continue };
        reader.use_line(line.number);
        if let Some(tools) = what.strip_prefix("tools:") {
            let missing: Vec<&str> = tools.split_whitespace().filter_map(|t| t.strip_suffix("=missing")).collect();
            if !missing.is_empty() {
                reader.note(format!("the collector's host has no {}: it used what was there", missing.join(", ")));
            }
        } else if what.starts_with("az is not") {
            reader.note(format!("collector: {what}"));
        }
    }
}

fn read_section(reader: &mut Reader, paste: &str, section: &Section, facts: &mut Facts) {
    let input = reader.input;
    let machine = section.machine.unwrap_or("the collector's host");
    for line in section.body {
        let t = line.text.trim();
        if let Some(why) = t.strip_prefix(OWN).and_then(|w| w.strip_prefix("skipped: ")) {
            reader.note(format!("step {} skipped: {why}", section.id));
        }
    }
    let server = section
        .body
        .iter()
        .find_map(|l| l.text.trim().strip_prefix("kvdoctor: server ").and_then(parse_addr).map(|ip| (ip, l)));
    let before = facts.lookups.len();
    match section.view {
        Some(View::SystemResolver | View::AzureDns | View::PublicResolver) => {
            getent(reader, section.body, facts);
        }
        Some(View::HostsFile) => hosts_lines(reader, section.body, facts),
        Some(View::Connection) => connection(reader, section.body, facts),
        Some(View::Identity) => identity(reader, section.body),
        Some(View::Proxy) => proxy(reader, section.body),
        Some(View::Azure) | None => {}
    }
    own_lines(reader, section.body);
    // What the collector's own lines did not cover goes to the reader that recognises it.
    let rest: Vec<&Line> = section
        .body
        .iter()
        .filter(|l| !reader.used.get(l.number).copied().unwrap_or(false))
        .filter(|l| !l.text.trim().is_empty())
        .collect();
    // The collector's own request to /healthstatus carries no token: its 401 is the expected
    // challenge (it proves the path), not the code's failure, so it is not read as a status.
    let rest: Vec<&Line> = rest
        .into_iter()
        .filter(|l| {
            let challenge = section.id == "healthstatus" && is_401(l.text);
            if challenge {
                reader.use_line(l.number);
                reader.note("the vault answered the collector's unauthenticated request with its 401 challenge: the HTTPS path to it works".to_string());
            }
            !challenge
        })
        .collect();
    let has_output = rest.iter().any(|l| !l.text.trim_start().starts_with("$ "));
    if has_output {
        for line in rest.iter().filter(|l| l.text.trim_start().starts_with("$ ")) {
            reader.use_line(line.number);
        }
        let numbers: Vec<usize> = rest.iter().map(|l| l.number).collect();
        super::read_part(reader, &padded(paste, &numbers), facts);
    }
    let label = match section.view {
        Some(View::SystemResolver) => Some(format!("system resolver on {machine}")),
        Some(View::AzureDns) => Some(format!("via Azure DNS{} on {machine}", server_text(server.map(|s| s.0)))),
        Some(View::PublicResolver) => Some(format!("via a public resolver{}", server_text(server.map(|s| s.0)))),
        Some(View::HostsFile) => Some(format!("hosts file on {machine}")),
        _ => None,
    };
    if let Some(label) = label {
        let at = Evidence::line(input, section.marker.number, section.marker.text);
        for lookup in facts.lookups.iter_mut().skip(before) {
            lookup.viewpoint = Some(Located::new(label.clone(), at.clone()));
            if let (None, Some((ip, line))) = (&lookup.server, server) {
                lookup.server = Some(Located::new(ip, Evidence::line(input, line.number, line.text)));
            }
            match section.view {
                Some(View::PublicResolver) => {
                    lookup.public_resolver = true;
                    lookup.server_chosen = true;
                }
                Some(View::AzureDns) => lookup.server_chosen = true,
                _ => {}
            }
        }
    }
}

/// `< HTTP/1.1 401 Unauthorized`, `HTTP/1.1 401 …` (PowerShell's line is the same).
fn is_401(text: &str) -> bool {
    let t = text.trim().trim_start_matches("< ");
    t.starts_with("HTTP/") && t.split_whitespace().nth(1) == Some("401")
}

fn server_text(server: Option<IpAddr>) -> String {
    server.map(|s| format!(" ({s})")).unwrap_or_default()
}

/// The paste with every line but `numbers` blanked: a section read on its own, its line
/// numbers those of the bundle.
fn padded(paste: &str, numbers: &[usize]) -> String {
    let mut out = String::with_capacity(paste.len());
    for (i, line) in paste.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if numbers.binary_search(&(i + 1)).is_ok() {
            out.push_str(line);
        }
    }
    out
}

/// `$ getent hosts <name>` and its `ADDR canonical alias…` lines (glibc prints the aliases,
/// the name asked among them, after the canonical name).
fn getent(reader: &mut Reader, body: &[Line], facts: &mut Facts) {
    let Some(command) = body.iter().position(|l| l.text.trim_start().starts_with("$ getent ")) else { return };
    let Some(cmd_line) = body.get(command) else { return };
    let query = cmd_line.text.split_whitespace().last().unwrap_or_default().to_string();
    reader.use_line(cmd_line.number);
    let mut lookup = DnsLookup {
        query: Some(Located::new(query.clone(), Evidence::line(reader.input, cmd_line.number, cmd_line.text))),
        ..DnsLookup::default()
    };
    for line in body.iter().skip(command + 1) {
        let t = line.text.trim();
        if t.starts_with(OWN) || t.starts_with("$ ") {
            if let Some(code) = t.strip_prefix("kvdoctor: exit ") {
                if code == "124" {
                    lookup.failure = Some(Located::new(
                        crate::engine::facts::DnsFailure::Timeout,
                        Evidence::line(reader.input, line.number, line.text),
                    ));
                } else if code != "0" && lookup.addresses.is_empty() {
                    reader.note(format!(
                        "getent found no address for {query} (exit {code}): it cannot tell a missing name from an unreachable resolver"
                    ));
                }
            }
            break;
        }
        read_address_line(reader, line, facts, &mut lookup);
    }
    facts.lookups.push(lookup);
}

/// One `ADDR name…` line (getent's, or a hosts file's) into `lookup`.
fn read_address_line(reader: &mut Reader, line: &Line, _facts: &mut Facts, lookup: &mut DnsLookup) {
    let text = line.text.split('#').next().unwrap_or_default();
    let mut words = text.split_whitespace();
    let Some(addr) = words.next().and_then(parse_addr) else { return };
    let at = Evidence::line(reader.input, line.number, line.text);
    reader.use_line(line.number);
    if !lookup.addresses.iter().any(|a| a.value == addr) {
        lookup.addresses.push(Located::new(addr, at.clone()));
    }
    let names: Vec<&str> = words.collect();
    // Chain order: the aliases (the name asked first), then the canonical name.
    let ordered = names.iter().skip(1).chain(names.first());
    for name in ordered {
        let name = crate::engine::vault::normalise_host(name);
        if !lookup.names.iter().any(|n| n.value == name) {
            lookup.names.push(Located::new(name, at.clone()));
        }
    }
}

/// Hosts-file lines naming the vault: each a lookup that no resolver is asked.
fn hosts_lines(reader: &mut Reader, body: &[Line], facts: &mut Facts) {
    for line in body {
        let t = line.text.trim();
        if t.is_empty() || t.starts_with(OWN) || t.starts_with('#') {
            continue;
        }
        if t.starts_with("$ ") {
            reader.use_line(line.number);
            continue;
        }
        let mut lookup = DnsLookup::default();
        read_address_line(reader, line, facts, &mut lookup);
        if let Some(name) = lookup.names.iter().find(|n| n.value.contains(".vault")).cloned() {
            lookup.query = Some(name);
        }
        if !lookup.addresses.is_empty() {
            reader.note(format!(
                "the hosts file pins {} to {}: it overrides every resolver on that machine",
                lookup.query.as_ref().map_or("a vault name", |q| q.value.as_str()),
                lookup.addresses.first().map(|a| a.value.to_string()).unwrap_or_default()
            ));
            facts.lookups.push(lookup);
        }
    }
}

/// TCP lines, the certificate (openssl's and .NET's lines; curl's go to the curl reader).
fn connection(reader: &mut Reader, body: &[Line], facts: &mut Facts) {
    let input = reader.input;
    let mut issuer: Option<String> = None;
    for line in body {
        let t = line.text.trim();
        let at = || Evidence::line(input, line.number, line.text);
        if let Some(rest) = t.strip_prefix("kvdoctor: tcp ") {
            reader.use_line(line.number);
            let addr = rest.split_whitespace().next().and_then(parse_addr);
            let outcome = rest.split_once(": ").map_or("", |(_, o)| o);
            if outcome == "connected" {
                facts.add_signal(S::Connected, t, at());
                if let Some(addr) = addr {
                    facts.add_signal(S::ConnectedAddress, addr.to_string(), at());
                }
            } else if outcome == "timed out" {
                facts.add_signal(S::ConnectTimeout, t, at());
            } else if outcome.to_ascii_lowercase().contains("refused") {
                facts.add_signal(S::ConnectionRefused, t, at());
            } else {
                reader.note(format!("TCP test did not connect: {}", text::excerpt(rest)));
            }
        } else if let Some(value) = t.strip_prefix("issuer=") {
            reader.use_line(line.number);
            issuer = Some(value.trim().to_string());
        } else if ["subject=", "subjectAltName=", "DNS:", "X509v3 Subject Alternative Name", "depth="]
            .iter()
            .any(|p| t.starts_with(p))
        {
            reader.use_line(line.number);
        } else if let Some(code) = t.strip_prefix("Verify return code: ") {
            reader.use_line(line.number);
            let number = code.split_whitespace().next().unwrap_or_default();
            let why = code.split_once(' ').map_or("", |(_, w)| w.trim_matches(['(', ')']));
            untrusted(facts, number != "0", number == "62", why, issuer.as_deref(), at());
        } else if let Some(errors) = t.strip_prefix("kvdoctor: certificate errors: ") {
            reader.use_line(line.number);
            let errors = errors.trim();
            let bad = errors != "None" && errors != "not checked";
            untrusted(facts, bad, errors.contains("NameMismatch"), errors, issuer.as_deref(), at());
        } else if t.starts_with("verify error:") {
            reader.use_line(line.number);
        }
    }
}

/// A certificate this machine does not trust: a name it does not cover, or an issuer it does
/// not know (something on the path presents its own certificate: TLS interception).
fn untrusted(facts: &mut Facts, bad: bool, name: bool, why: &str, issuer: Option<&str>, at: Evidence) {
    if !bad {
        return;
    }
    if name {
        facts.add_signal(S::TlsNameMismatch, format!("certificate does not name the vault: {why}"), at);
    } else {
        let by = issuer.map(|i| format!(", issued by {i}")).unwrap_or_default();
        facts.add_signal(S::TlsHandshakeFailed, format!("certificate not trusted ({why}){by}"), at);
    }
}

/// The identity endpoint's status: said as a note, since a machine outside Azure has none.
fn identity(reader: &mut Reader, body: &[Line]) {
    for line in body {
        if let Some(status) = line.text.trim().strip_prefix("kvdoctor: identity endpoint answered: ") {
            reader.use_line(line.number);
            let status = status.trim();
            let code = status.split_whitespace().next().unwrap_or_default();
            let said = match code {
                "200" => "answered 200: the host has a managed identity that can get a token for Key Vault".to_string(),
                "400" => "answered 400: the host has the endpoint, but no identity (or not the one asked) is assigned"
                    .to_string(),
                "000" | "" => {
                    "did not answer: no managed identity endpoint on this host (not in Azure, or none enabled)"
                        .to_string()
                }
                other => format!("answered {other}"),
            };
            reader.note(format!("managed identity endpoint {said}"));
        } else if line.text.trim().starts_with("kvdoctor: identity endpoint ") {
            reader.use_line(line.number);
        }
    }
}

/// Proxy variables (credentials were never printed): read as a note.
fn proxy(reader: &mut Reader, body: &[Line]) {
    for line in body {
        let t = line.text.trim();
        let Some((name, value)) = t.split_once('=') else { continue };
        if ["https_proxy", "http_proxy", "all_proxy", "no_proxy"].contains(&name.to_ascii_lowercase().as_str()) {
            reader.use_line(line.number);
            reader.note(format!("proxy setting on the collector's host: {name}={}", text::excerpt(value)));
        } else if t.starts_with("system proxy for the vault:") {
            reader.use_line(line.number);
            reader.note(t.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::facts::Facts;
    use crate::engine::input::read;
    use crate::engine::kind::Kind;

    const POWERSHELL: &str = include_str!("../../../tests/fixtures/collect/powershell-windows-vm.txt");

    /// Each lookup's viewpoint, resolver and whether a public resolver answered it.
    fn viewpoints(bundle: &str) -> Vec<(String, Option<String>, bool, Vec<String>)> {
        let mut facts = Facts::default();
        let summary = read(1, bundle, None, &mut facts);
        assert_eq!(summary.kind, Kind::Bundle);
        facts
            .lookups
            .iter()
            .map(|l| {
                (
                    l.viewpoint.as_ref().map(|v| v.value.clone()).unwrap_or_default(),
                    l.server.as_ref().map(|s| s.value.to_string()),
                    l.public_resolver,
                    l.addresses.iter().map(|a| a.value.to_string()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn each_section_gets_its_viewpoint() {
        let got = viewpoints(POWERSHELL);
        let want = [
            ("system resolver on vm-app-01", Some("168.63.129.16"), false, vec!["10.1.2.4"]),
            ("via Azure DNS (168.63.129.16) on vm-app-01", Some("168.63.129.16"), false, vec!["10.1.2.4"]),
            ("via a public resolver (1.1.1.1)", Some("1.1.1.1"), true, vec!["52.168.109.101"]),
            ("system resolver on vm-app-01", Some("168.63.129.16"), false, vec!["10.1.2.4"]),
        ];
        let want: Vec<_> = want
            .into_iter()
            .map(|(v, s, p, a)| (v.to_string(), s.map(str::to_string), p, a.into_iter().map(str::to_string).collect()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn getent_and_hosts_file_lines_are_lookups() {
        let bundle = "=== kvdoctor collect v1 host=pod-1 kind=kubernetes-pod time=2026-12-07T14:00:00Z vault=contoso shell=bash ===\n\n=== kvdoctor step dns-system view=system host=pod-1 ===\nkvdoctor: server 10.0.0.10\n$ getent hosts contoso.vault.azure.net\n10.1.2.4        contoso.privatelink.vaultcore.azure.net contoso.vault.azure.net\nkvdoctor: exit 0\n\n=== kvdoctor step hosts-file view=hosts-file host=pod-1 ===\n$ grep -iE x /etc/hosts\n10.9.9.9 contoso.vault.azure.net\nkvdoctor: exit 0\n\n=== kvdoctor end ===\n";
        let mut facts = Facts::default();
        let summary = read(1, bundle, None, &mut facts);
        assert_eq!(summary.notes.iter().filter(|n| n.contains("ignored")).count(), 0, "{:?}", summary.notes);
        let [system, hosts] = facts.lookups.as_slice() else { panic!("{:?}", facts.lookups) };
        assert_eq!(system.query.as_ref().unwrap().value, "contoso.vault.azure.net");
        assert_eq!(system.server.as_ref().unwrap().value.to_string(), "10.0.0.10");
        let names: Vec<&str> = system.names.iter().map(|n| n.value.as_str()).collect();
        assert_eq!(names, ["contoso.vault.azure.net", "contoso.privatelink.vaultcore.azure.net"]);
        assert_eq!(hosts.viewpoint.as_ref().unwrap().value, "hosts file on pod-1");
        assert_eq!(hosts.addresses[0].value.to_string(), "10.9.9.9");
        assert!(summary.notes.iter().any(|n| n.contains("the hosts file pins contoso.vault.azure.net to 10.9.9.9")));
    }

    /// A bundle cut short (no end marker, a section half there) is still read; text that is
    /// no bundle is not claimed.
    #[test]
    fn a_cut_bundle_reads_and_others_are_not_claimed() {
        let cut = POWERSHELL.get(..POWERSHELL.find("=== kvdoctor step tls").unwrap() + 30).unwrap();
        assert_eq!(viewpoints(cut).len(), 4);
        let mut facts = Facts::default();
        assert_ne!(read(1, "=== via CoreDNS (10.0.0.10) ===\nkvdoctor: exit 0\n", None, &mut facts).kind, Kind::Bundle);
    }
}
