//! The nslookup reader against fixtures modelled on real Windows, Linux and App Service output.

use crate::common;

use common::fixture;
use kvdoctor::engine::facts::{DnsFailure, DnsLookup, Facts};
use kvdoctor::engine::input::{self, Kind};

fn read(name: &str) -> (kvdoctor::engine::report::InputSummary, Facts) {
    let mut facts = Facts::default();
    let summary = input::read(1, &fixture(&format!("nslookup/{name}")), None, &mut facts);
    (summary, facts)
}

fn only_lookup(name: &str) -> DnsLookup {
    let (summary, facts) = read(name);
    assert_eq!(summary.kind, Kind::Nslookup, "{name}: {summary:?}");
    assert_eq!(facts.lookups.len(), 1, "{name}: {:#?}", facts.lookups);
    facts.lookups.into_iter().next().unwrap()
}

fn addresses(lookup: &DnsLookup) -> Vec<String> {
    lookup.addresses.iter().map(|a| a.value.to_string()).collect()
}

fn names(lookup: &DnsLookup) -> Vec<&str> {
    lookup.names.iter().map(|n| n.value.as_str()).collect()
}

#[test]
fn windows_private_answer() {
    let (summary, _) = read("windows-private-healthy.txt");
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);
    assert!(summary.confidence >= 60);
    let lookup = only_lookup("windows-private-healthy.txt");
    assert_eq!(lookup.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
    assert_eq!(lookup.server.as_ref().unwrap().value.to_string(), "168.63.129.16");
    assert_eq!(lookup.server.as_ref().unwrap().at.lines, vec![3]);
    assert_eq!(addresses(&lookup), ["10.1.2.4"]);
    assert_eq!(lookup.addresses[0].at.lines, vec![7]);
    assert_eq!(names(&lookup), ["fabrikam.privatelink.vaultcore.azure.net", "fabrikam.vault.azure.net"]);
    assert!(lookup.failure.is_none());
}

#[test]
fn windows_public_chain_with_indented_aliases() {
    let lookup = only_lookup("windows-public-via-alias.txt");
    assert_eq!(addresses(&lookup), ["52.168.109.101"]);
    assert_eq!(names(&lookup).len(), 5);
    assert!(names(&lookup).contains(&"data-prod-eus-region.vaultcore.azure.net"));
}

#[test]
fn windows_multiple_addresses_and_named_server() {
    let lookup = only_lookup("windows-custom-dns-public.txt");
    assert_eq!(lookup.server.as_ref().unwrap().value.to_string(), "10.50.0.4");
    assert_eq!(addresses(&lookup), ["2603:1020:206:4::3b", "20.61.103.228"]);
}

#[test]
fn failures_are_read_with_their_line() {
    let nx = only_lookup("windows-nonexistent-domain.txt");
    assert_eq!(nx.failure.as_ref().unwrap().value, DnsFailure::NxDomain);
    assert_eq!(nx.failure.as_ref().unwrap().at.lines, vec![5]);
    let nx = only_lookup("linux-nxdomain.txt");
    assert_eq!(nx.failure.as_ref().unwrap().value, DnsFailure::NxDomain);
    assert_eq!(nx.server.as_ref().unwrap().value.to_string(), "10.0.0.4");
    assert_eq!(only_lookup("windows-timeout.txt").failure.unwrap().value, DnsFailure::Timeout);
    assert_eq!(only_lookup("linux-no-servers.txt").failure.unwrap().value, DnsFailure::Timeout);
}

#[test]
fn linux_canonical_name_chain() {
    let lookup = only_lookup("linux-aks-public.txt");
    assert_eq!(lookup.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
    assert_eq!(lookup.server.as_ref().unwrap().value.to_string(), "168.63.129.16");
    assert_eq!(names(&lookup)[..2], ["fabrikam.vault.azure.net", "fabrikam.privatelink.vaultcore.azure.net"]);
    assert_eq!(addresses(&lookup), ["20.61.103.228"]);
    let stub = only_lookup("linux-private-healthy.txt");
    assert_eq!(stub.server.as_ref().unwrap().value.to_string(), "127.0.0.53");
    assert_eq!(addresses(&stub), ["10.1.2.4"]);
}

#[test]
fn app_service_console_order() {
    let lookup = only_lookup("appservice-console.txt");
    assert_eq!(lookup.server.as_ref().unwrap().value.to_string(), "168.63.129.16");
    assert_eq!(addresses(&lookup), ["10.1.2.4"]);
}

#[test]
fn interactive_session_keeps_each_query_and_chosen_server() {
    let (summary, facts) = read("interactive-session.txt");
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);
    assert_eq!(facts.lookups.len(), 2, "{:#?}", facts.lookups);
    assert_eq!(facts.lookups[0].query.as_ref().unwrap().value, "microsoft.com");
    assert_eq!(addresses(&facts.lookups[0]), ["20.70.246.20", "20.112.250.133"]);
    let vault = &facts.lookups[1];
    assert_eq!(vault.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
    assert_eq!(vault.server.as_ref().unwrap().value.to_string(), "168.63.129.16");
    assert_eq!(addresses(vault), ["10.1.2.4"]);
}

#[test]
fn quoted_and_rewrapped_paste() {
    let lookup = only_lookup("quoted-and-wrapped.txt");
    assert_eq!(lookup.query.as_ref().unwrap().value, "fabrikam.vault.azure.net");
    assert_eq!(addresses(&lookup), ["52.168.109.101"]);
    assert!(names(&lookup).contains(&"fabrikam.privatelink.vaultcore.azure.net"));
}

#[test]
fn masked_values_and_placeholders() {
    let lookup = only_lookup("masked-placeholder.txt");
    assert!(lookup.addresses.is_empty());
    assert_eq!(lookup.masked.len(), 1);
    assert_eq!(lookup.query.as_ref().unwrap().value, "<vault-name>.vault.azure.net");
}

#[test]
fn german_labels() {
    let (summary, facts) = read("german-windows.txt");
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);
    assert_eq!(addresses(&facts.lookups[0]), ["10.1.2.4"]);
}

#[test]
fn unrecognised_text_says_what_is_accepted() {
    let mut facts = Facts::default();
    let summary = input::read(2, "hello\nthis is not dns output", None, &mut facts);
    assert_eq!(summary.kind, Kind::Unknown);
    assert_eq!(summary.index, 2);
    assert!(
        summary.notes[0].contains("not recognised") && summary.notes[0].contains("nslookup"),
        "{:?}",
        summary.notes
    );
}

#[test]
fn stray_lines_are_listed_not_dropped() {
    let paste = format!("{}\nsome stray remark\n", fixture("nslookup/linux-nxdomain.txt"));
    let mut facts = Facts::default();
    let summary = input::read(1, &paste, None, &mut facts);
    assert_eq!(summary.notes, vec!["line 8 ignored: some stray remark"]);
}

#[test]
fn binary_input_is_refused_with_a_message() {
    let mut facts = Facts::default();
    let summary = input::read(1, "\0\u{1}\u{2}ELF\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}", None, &mut facts);
    assert_eq!(summary.kind, Kind::Unknown);
    assert!(summary.notes[0].contains("binary"), "{:?}", summary.notes);
}
