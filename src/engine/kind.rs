//! What a paste was understood as.
//!
//! A leaf on purpose: facts, the report and the page name kinds without depending on the
//! readers. Everything else about a kind (its id in the JSON contract, its label, the parser
//! that recognises and reads it, the line in "kvdoctor reads: …") is its one row in
//! `input::registry`, which also implements `Kind::id`, `Kind::label` and `Serialize`.

/// One variant per registry row, plus `Unknown` for a paste no parser claimed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Nslookup,
    Dig,
    Host,
    ResolveDnsname,
    TestNetconnection,
    Curl,
    HttpHeaders,
    Error,
    Portal,
    AzKeyvault,
    AzPrivateEndpoint,
    AzPeConnection,
    AzNic,
    AzDnsZone,
    AzDnsLink,
    AzDnsRecord,
    AzDnsZoneGroup,
    AzRoleAssignments,
    AzNetworkRules,
    PublicDns,
    Unknown,
}
