//! Every input kind against fixtures modelled on real output: a clean, a messy (CRLF, prompts,
//! quoting, wrapping, cut off) and a hostile (markup, escape codes, huge lines, deep JSON) one.
//! Recognition, the facts read and the lines left unread are all asserted.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use common::fixture;
use kvdoctor::engine::facts::{
    Bypass, ConnectionStatus, DefaultAction, DnsFailure, Facts, PublicNetworkAccess, Side, SignalKind as S,
};
use kvdoctor::engine::input::{self, Kind};
use kvdoctor::engine::report::InputSummary;

fn read(name: &str) -> (InputSummary, Facts) {
    let mut facts = Facts::default();
    let summary = input::read(1, &fixture(&format!("inputs/{name}")), None, &mut facts);
    (summary, facts)
}

fn signal(facts: &Facts, kind: S) -> Vec<&str> {
    facts.signals(kind).map(|s| s.value.as_str()).collect()
}

fn addresses(facts: &Facts) -> Vec<String> {
    facts.lookups.iter().flat_map(|l| l.addresses.iter().map(|a| a.value.to_string())).collect()
}

/// Hostile fixtures end with markup, a 5,000-character line and escape codes: all listed.
fn assert_hostile_tail_listed(summary: &InputSummary) {
    let notes = summary.notes.join("\n");
    assert!(notes.contains("<script>alert(\"x\")</script>"), "{notes}");
    assert!(notes.contains("AAAA…"), "long line shortened in the note: {notes}");
}

#[test]
fn dig() {
    let (s, f) = read("dig-clean.txt");
    assert_eq!(s.kind, Kind::Dig);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_eq!(addresses(&f), ["52.168.109.101"]);
    assert_eq!(f.lookups[0].server.as_ref().unwrap().value.to_string(), "127.0.0.53");
    assert_eq!(f.lookups[0].names.len(), 4);
    let (s, f) = read("dig-messy.txt");
    assert_eq!(s.kind, Kind::Dig);
    assert_eq!(addresses(&f), ["10.1.2.4"]);
    assert!(f.lookups[0].server_chosen);
    let (s, f) = read("dig-hostile.txt");
    assert_eq!(f.lookups[0].failure.as_ref().unwrap().value, DnsFailure::NxDomain);
    assert_eq!(f.lookups[0].server.as_ref().unwrap().value.to_string(), "168.63.129.16");
    assert_hostile_tail_listed(&s);
}

#[test]
fn host() {
    let (s, f) = read("host-clean.txt");
    assert_eq!(s.kind, Kind::Host);
    assert_eq!(addresses(&f), ["10.1.2.4"]);
    let (s, f) = read("host-messy.txt");
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_eq!(f.lookups[0].server.as_ref().unwrap().value.to_string(), "10.50.0.4");
    assert_eq!(addresses(&f), ["20.61.103.228"]);
    let (s, f) = read("host-hostile.txt");
    assert_eq!(f.lookups[0].failure.as_ref().unwrap().value, DnsFailure::NxDomain);
    assert_hostile_tail_listed(&s);
}

#[test]
fn resolve_dnsname() {
    let (s, f) = read("resolve-dnsname-clean.txt");
    assert_eq!(s.kind, Kind::ResolveDnsname);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_eq!(addresses(&f), ["10.1.2.4"]);
    let (_, f) = read("resolve-dnsname-messy.txt");
    assert_eq!(addresses(&f), ["52.168.109.101"]);
    assert_eq!(f.lookups[0].server.as_ref().unwrap().value.to_string(), "10.50.0.4");
    assert!(f.lookups[0].names.iter().any(|n| n.value == "fabrikam.privatelink.vaultcore.azure.net"));
    let (s, f) = read("resolve-dnsname-hostile.txt");
    assert_eq!(f.lookups[0].failure.as_ref().unwrap().value, DnsFailure::NxDomain);
    assert_hostile_tail_listed(&s);
}

#[test]
fn test_netconnection() {
    let (s, f) = read("test-netconnection-clean.txt");
    assert_eq!(s.kind, Kind::TestNetconnection);
    assert_eq!(signal(&f, S::ConnectedAddress), ["10.1.2.4"]);
    assert_eq!(signal(&f, S::Connected).len(), 1);
    let (_, f) = read("test-netconnection-messy.txt");
    assert_eq!(signal(&f, S::ConnectTimeout).len(), 2);
    let (s, f) = read("test-netconnection-hostile.txt");
    assert_eq!(signal(&f, S::NameNotResolved), ["fabrikam.vault.azure.net"]);
    assert_hostile_tail_listed(&s);
}

#[test]
fn curl() {
    let (s, f) = read("curl-clean.txt");
    assert_eq!(s.kind, Kind::Curl);
    assert_eq!(signal(&f, S::HostHeader), ["fabrikam.vault.azure.net"]);
    assert_eq!(signal(&f, S::NetworkConnType), ["PrivateLink"]);
    assert_eq!(signal(&f, S::HttpStatus), ["200"]);
    let (_, f) = read("curl-messy.txt");
    assert_eq!(signal(&f, S::RequestUrl), ["https://10.1.2.4/healthstatus"]);
    assert!(!signal(&f, S::TlsNameMismatch).is_empty());
    let (s, f) = read("curl-hostile.txt");
    assert!(signal(&f, S::NameNotResolved).contains(&"fabrikam.vault.azure.net"));
    assert_hostile_tail_listed(&s);
}

#[test]
fn http_headers() {
    let (s, f) = read("http-headers-clean.txt");
    assert_eq!(s.kind, Kind::HttpHeaders);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_eq!(signal(&f, S::NetworkAddress), ["20.55.143.17"]);
    assert_eq!(signal(&f, S::HttpStatus), ["403"]);
    let (_, f) = read("http-headers-messy.txt");
    assert_eq!(signal(&f, S::NetworkConnType), ["Subnet"]);
    assert_eq!(signal(&f, S::ServiceRegion), ["eastus"]);
    let (s, f) = read("http-headers-hostile.txt");
    assert_eq!(signal(&f, S::HttpStatus), ["401"]);
    assert_hostile_tail_listed(&s);
}

#[test]
fn errors() {
    let (s, f) = read("error-clean.txt");
    assert_eq!(s.kind, Kind::Error);
    assert_eq!(signal(&f, S::ClientAddress), ["20.55.143.17"]);
    assert_eq!(signal(&f, S::InnerCode), ["ForbiddenByFirewall"]);
    let (s, f) = read("error-messy.txt");
    assert_eq!(s.kind, Kind::Error);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_eq!(signal(&f, S::HttpStatus), ["403"]);
    assert_eq!(signal(&f, S::InnerCode), ["ForbiddenByConnection"]);
    assert_eq!(signal(&f, S::VaultName), ["fabrikam"]);
    assert!(!signal(&f, S::PublicAccessDisabled).is_empty());
    let (s, f) = read("error-hostile.txt");
    assert_eq!(signal(&f, S::KeyOperation), ["decrypt"]);
    assert_hostile_tail_listed(&s);
}

#[test]
fn portal() {
    let (s, f) = read("portal-clean.txt");
    assert_eq!(s.kind, Kind::Portal);
    assert_eq!(f.vaults[0].connections[0].status.as_ref().unwrap().value, ConnectionStatus::Pending);
    assert_eq!(f.nics[0].addresses[0].value.to_string(), "10.1.2.4");
    let (_, f) = read("portal-messy.txt");
    assert_eq!(f.vaults[0].default_action.as_ref().unwrap().value, DefaultAction::Deny);
    assert_eq!(f.records[0].addresses[0].value.to_string(), "10.1.2.7");
    assert!(f.links[0].registration.as_ref().unwrap().value);
    let (s, f) = read("portal-hostile.txt");
    assert!(f.vaults[0].rbac.as_ref().unwrap().value);
    assert_eq!(f.vaults[0].public_access.as_ref().unwrap().value, PublicNetworkAccess::Disabled);
    assert_hostile_tail_listed(&s);
}

#[test]
fn az_kinds_beyond_the_scenarios() {
    let (s, f) = read("az-network-rules-clean.txt");
    assert_eq!(s.kind, Kind::AzNetworkRules);
    assert_eq!(f.vaults[0].ip_rules.len(), 2);
    assert_eq!(f.vaults[0].bypass.as_ref().unwrap().value, Bypass::None);
    let (s, f) = read("az-role-assignments-messy.txt");
    assert_eq!(s.kind, Kind::AzRoleAssignments);
    let roles: Vec<&str> = f.role_lists[0].assignments.iter().map(|a| a.role.value.as_str()).collect();
    assert_eq!(roles, ["Owner", "Key Vault Contributor"]);
    assert!(s.notes.iter().any(|n| n.contains("cut off")), "{:?}", s.notes);
    let (s, f) = read("az-dns-zone-group-clean.txt");
    assert_eq!(s.kind, Kind::AzDnsZoneGroup);
    assert_eq!(f.zones[0].name.value, "privatelink.vaultcore.azure.net");
    assert_eq!(f.records[0].addresses[0].value.to_string(), "10.1.2.4");
    assert_eq!(f.records[0].zone.as_deref(), Some("privatelink.vaultcore.azure.net"));
    let (s, f) = read("az-pe-connection-hostile.txt");
    assert_eq!(s.kind, Kind::AzPeConnection);
    let c = &f.vaults[0].connections[0];
    assert_eq!((c.side, &c.status.as_ref().unwrap().value), (Side::Vault, &ConnectionStatus::Disconnected));
    assert!(s.notes.iter().any(|n| n.contains("nesting") || n.contains("cut off")), "{:?}", s.notes);
}

#[test]
fn a_forced_kind_is_obeyed() {
    let mut facts = Facts::default();
    let summary = input::read(1, &fixture("inputs/host-clean.txt"), Some(Kind::Nslookup), &mut facts);
    assert_eq!((summary.kind, summary.confidence), (Kind::Nslookup, 100));
    assert!(facts.lookups.iter().all(|l| l.addresses.is_empty()), "nslookup cannot read host output");
    assert!(summary.notes.iter().any(|n| n.contains("ignored")));
}

/// Every az kind in three variants: clean `az` output, messy (Az PowerShell's PascalCase keys,
/// CRLF, a prompt, cut off near the end) and hostile (deep nesting, markup, junk).
#[test]
fn every_az_kind_in_three_variants() {
    type Probe = fn(&Facts) -> bool;
    let kinds: &[(&str, Kind, Probe)] = &[
        ("az-keyvault", Kind::AzKeyvault, |f| {
            f.vaults.iter().any(|v| v.default_action.as_ref().is_some_and(|d| d.value == DefaultAction::Deny))
        }),
        ("az-private-endpoint", Kind::AzPrivateEndpoint, |f| {
            f.endpoints
                .iter()
                .flat_map(|e| &e.dns_configs)
                .any(|(_, ips)| ips.iter().any(|ip| ip.value.to_string() == "10.1.2.4"))
        }),
        ("az-nic", Kind::AzNic, |f| {
            f.nics.iter().any(|n| n.addresses.iter().any(|a| a.value.to_string() == "10.1.2.4"))
        }),
        ("az-dns-zone", Kind::AzDnsZone, |f| f.zones.iter().any(|z| z.name.value == "privatelink.vaultcore.azure.net")),
        ("az-dns-link", Kind::AzDnsLink, |f| {
            f.links.iter().any(|l| l.vnet.as_ref().is_some_and(|v| v.value.ends_with("vnet-hub")))
        }),
        ("az-dns-record", Kind::AzDnsRecord, |f| {
            f.records.iter().any(|r| r.addresses.iter().any(|a| a.value.to_string() == "10.1.2.7"))
        }),
        ("az-pe-connection", Kind::AzPeConnection, |f| {
            f.vaults.iter().flat_map(|v| &v.connections).any(|c| c.status.is_some())
        }),
        ("az-network-rules", Kind::AzNetworkRules, |f| {
            f.vaults.iter().any(|v| v.default_action.as_ref().is_some_and(|d| d.value == DefaultAction::Deny))
        }),
        ("az-role-assignments", Kind::AzRoleAssignments, |f| f.role_lists.iter().any(|l| !l.assignments.is_empty())),
        ("az-dns-zone-group", Kind::AzDnsZoneGroup, |f| {
            f.records.iter().any(|r| r.addresses.iter().any(|a| a.value.to_string() == "10.1.2.4"))
        }),
    ];
    for (name, kind, probe) in kinds {
        for variant in ["clean", "messy", "hostile"] {
            let file = format!("{name}-{variant}.txt");
            let (summary, facts) = read(&file);
            assert_eq!(summary.kind, *kind, "{file}: {:?}", summary.notes);
            assert!(probe(&facts), "{file}: the key value was not read");
            if variant == "hostile" {
                assert_hostile_tail_listed(&summary);
            }
        }
    }
}

#[test]
fn public_dns() {
    let (s, f) = read("public-dns-clean.txt");
    assert_eq!(s.kind, Kind::PublicDns);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_eq!(addresses(&f), ["52.168.109.101"]);
    assert!(f.lookups[0].public_resolver, "marked as the public resolver's, not the client's");
    let viewpoint = f.lookups[0].viewpoint.as_ref().unwrap();
    assert_eq!(viewpoint.value, "public resolver (Cloudflare, over HTTPS), not your network");
    assert_eq!(viewpoint.at.lines, vec![1], "the header line says where it was asked");
    assert_eq!(f.lookups[0].names[1].value, "contoso.privatelink.vaultcore.azure.net");
    let (s, f) = read("public-dns-nxdomain.txt");
    assert_eq!(s.kind, Kind::PublicDns);
    assert_eq!(f.lookups[0].failure.as_ref().unwrap().value, DnsFailure::NxDomain);
    assert_eq!(f.lookups[0].query.as_ref().unwrap().value, "contoso-typo.vault.azure.net");
    let (_, f) = read("public-dns-servfail.txt");
    assert_eq!(f.lookups[0].failure.as_ref().unwrap().value, DnsFailure::ServerFailure);
    let (s, f) = read("public-dns-truncated.txt");
    assert!(s.notes.iter().any(|n| n.contains("truncated")), "{:?}", s.notes);
    assert_eq!(f.lookups[0].failure.as_ref().unwrap().value, DnsFailure::NoAddress);
    let (s, f) = read("public-dns-messy.txt");
    assert_eq!(s.kind, Kind::PublicDns);
    assert_eq!(addresses(&f), ["2606:2800:220:1:248:1893:25c8:1946"]);
    assert!(s.notes.iter().any(|n| n.contains("curl.exe")), "the command line is listed as ignored: {:?}", s.notes);
    let mut facts = Facts::default();
    let forced = input::read(1, "{\"Status\": \"x\"}", Some(Kind::PublicDns), &mut facts);
    assert!(forced.notes.iter().any(|n| n.contains("DNS response code")), "{:?}", forced.notes);
}

/// A pod's environment: which variables are present (never a secret's value), whether the
/// workload identity webhook injected the token, and the host it tells.
#[test]
fn pod_environment() {
    use kvdoctor::engine::facts::{EnvVariable, EnvironmentSource};
    let (s, f) = read("env-clean.txt");
    assert_eq!(s.kind, Kind::EnvListing);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    let env = &f.environments[0];
    assert_eq!(env.source, EnvironmentSource::Listing);
    assert!(env.variable(EnvVariable::AzureFederatedTokenFile).is_some());
    assert!(env.workload_identity().is_some());
    // The tenant id in this real sample is malformed (`abcdefghi-…`): present, not an id.
    assert!(env.tenant_id.is_none() && env.variable(EnvVariable::AzureTenantId).is_some());
    assert_eq!(signal(&f, S::Platform), ["Kubernetes"]);
    let (s, f) = read("env-messy.txt");
    assert_eq!(s.kind, Kind::EnvListing);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    assert_eq!(f.environments[0].client_id.as_ref().unwrap().value.to_string(), "a5ed94d2-2380-40f3-882c-0a4f85d9ed18");
    let (s, f) = read("env-hostile.txt");
    assert_eq!(s.kind, Kind::EnvListing);
    assert!(f.environments[0].workload_identity().is_some());
    assert_hostile_tail_listed(&s);

    let (s, f) = read("kubectl-describe-pod-clean.txt");
    assert_eq!(s.kind, Kind::DescribePod);
    let env = &f.environments[0];
    assert_eq!(env.source, EnvironmentSource::DescribePod);
    assert!(env.webhook.is_some() && env.token_mount.is_some());
    assert_eq!(env.present.len(), 4, "{:?}", env.present);
    let (s, f) = read("kubectl-describe-pod-messy.txt");
    assert_eq!(s.kind, Kind::DescribePod);
    let env = &f.environments[0];
    // `AZURE_CLIENT_ID:` with nothing after it is not a variable that is set.
    assert!(env.variable(EnvVariable::AzureClientId).is_none());
    assert!(env.variable(EnvVariable::AzureFederatedTokenFile).is_some() && env.token_mount.is_some());
    assert_eq!(signal(&f, S::PodName), ["cert-manager-5dc467c966-v9tcs"]);
    assert_eq!(signal(&f, S::PodNamespace), ["cert-manager"]);
    let (s, f) = read("kubectl-describe-pod-hostile.txt");
    assert_eq!(s.kind, Kind::DescribePod);
    assert!(f.environments[0].workload_identity().is_some());
    assert_hostile_tail_listed(&s);

    let (s, f) = read("az-federated-credential-clean.txt");
    assert_eq!(s.kind, Kind::AzFederatedCredential);
    let credential = &f.federated_credentials[0];
    assert_eq!(credential.subject.as_ref().unwrap().value, "system:serviceaccount:cert-manager:cert-manager");
    assert_eq!(credential.audiences[0].value, "api://AzureADTokenExchange");
    assert_eq!(
        (credential.identity.as_deref(), credential.resource_group.as_deref()),
        (Some("cert-manager"), Some("sgune-rg"))
    );
}
