//! Where an input kind meets its reader: one [`Row`] per kind in [`ROWS`] gives the [`Parser`]
//! that recognises and reads it and what the "not recognised" note says kvdoctor reads. The
//! kind's id (a JSON contract) and label are its own, in `kind.rs`. Adding a kind = its reader
//! file (with a `PARSER` static), its variant, id and label in [`Kind`], and its row here.

use super::parser::{Parser, Source};
use super::{
    azure, bundle, describe_pod, dig, env_listing, error, host, http, nslookup, portal, public_dns, resolve_dnsname,
    token,
};
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
    row(Kind::AzIdentity, &azure::PARSER, "az webapp/vm/aks/identity show JSON (managed identities)"),
    row(Kind::AzFederatedCredential, &azure::PARSER, "az identity federated-credential list JSON"),
    row(
        Kind::DescribePod,
        &describe_pod::PARSER,
        "kubectl describe pod output (the pod's environment, mounts and labels)",
    ),
    row(
        Kind::EnvListing,
        &env_listing::PARSER,
        "env or printenv output where the code runs (secret values are not kept)",
    ),
    row(Kind::AccessToken, &token::PARSER, "an access token's claims (decoded here, never kept)"),
    row(Kind::PublicDns, &public_dns::PARSER, "a public resolver's DNS-over-HTTPS JSON answer"),
    row(Kind::Bundle, &bundle::PARSER, "the bundle kvdoctor's collector prints"),
];

const fn row(kind: Kind, parser: &'static Parser, reads: &'static str) -> Row {
    Row { kind, id: kind.id(), label: kind.label(), parser, reads }
}

/// Below this, a paste is not claimed by a parser: one stray `Server:` line is not enough.
const MIN_CONFIDENCE: u8 = 45;

/// The parsers confident enough to read `source`, most confident first.
pub fn recognise(source: &Source) -> Vec<(&'static Parser, u8)> {
    let mut scored: Vec<(&'static Parser, u8)> = Vec::new();
    for row in ROWS {
        if !scored.iter().any(|(p, _)| std::ptr::eq(*p, row.parser)) {
            scored.push((row.parser, row.parser.sniff(source)));
        }
    }
    let best_dns = scored.iter().filter(|(p, _)| p.dns_tool).max_by_key(|(_, score)| *score).map(|(p, _)| *p);
    scored.retain(|(p, score)| {
        *score >= MIN_CONFIDENCE && (!p.dns_tool || best_dns.is_some_and(|best| std::ptr::eq(best, *p)))
    });
    scored.sort_by_key(|(p, score)| (std::cmp::Reverse(*score), p.precedence));
    if let Some(alone) = scored.iter().find(|(p, _)| p.exclusive).copied() {
        return vec![alone];
    }
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
