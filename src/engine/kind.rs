//! What a paste was understood as.
//!
//! A leaf on purpose: facts, the report and the page name kinds (their id and label) without
//! depending on the readers. What reads a kind (its parser, the line in "kvdoctor reads: …") is
//! its row in `input::registry`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    AzIdentity,
    AccessToken,
    PublicDns,
    Bundle,
    Unknown,
}

impl Kind {
    /// Every kind a user may pick to override recognition, in the picker's order (the
    /// registry's rows follow it; `Unknown` is none of them).
    pub const ALL: &'static [Kind] = &[
        Kind::Nslookup,
        Kind::Dig,
        Kind::Host,
        Kind::ResolveDnsname,
        Kind::TestNetconnection,
        Kind::Curl,
        Kind::HttpHeaders,
        Kind::Error,
        Kind::Portal,
        Kind::AzKeyvault,
        Kind::AzPrivateEndpoint,
        Kind::AzPeConnection,
        Kind::AzNic,
        Kind::AzDnsZone,
        Kind::AzDnsLink,
        Kind::AzDnsRecord,
        Kind::AzDnsZoneGroup,
        Kind::AzRoleAssignments,
        Kind::AzNetworkRules,
        Kind::AzIdentity,
        Kind::AccessToken,
        Kind::PublicDns,
        Kind::Bundle,
    ];

    /// The kind's id in the report's JSON, in share links and in `--kind`: a contract, never
    /// rename one.
    pub const fn id(self) -> &'static str {
        self.names().0
    }

    /// What the page and the text report call it.
    pub const fn label(self) -> &'static str {
        self.names().1
    }

    const fn names(self) -> (&'static str, &'static str) {
        match self {
            Kind::Nslookup => ("nslookup", "nslookup output"),
            Kind::Dig => ("dig", "dig output"),
            Kind::Host => ("host", "host output"),
            Kind::ResolveDnsname => ("resolve-dnsname", "Resolve-DnsName output"),
            Kind::TestNetconnection => ("test-netconnection", "Test-NetConnection output"),
            Kind::Curl => ("curl", "curl output"),
            Kind::HttpHeaders => ("http-headers", "HTTP response headers"),
            Kind::Error => ("error", "error message"),
            Kind::Portal => ("portal", "values from the Azure portal"),
            Kind::AzKeyvault => ("az-keyvault", "key vault (az/ARM JSON)"),
            Kind::AzPrivateEndpoint => ("az-private-endpoint", "private endpoint (az/ARM JSON)"),
            Kind::AzPeConnection => ("az-pe-connection", "private endpoint connection (az/ARM JSON)"),
            Kind::AzNic => ("az-nic", "network interface (az/ARM JSON)"),
            Kind::AzDnsZone => ("az-dns-zone", "private DNS zone (az/ARM JSON)"),
            Kind::AzDnsLink => ("az-dns-link", "virtual network link (az/ARM JSON)"),
            Kind::AzDnsRecord => ("az-dns-record", "DNS A record (az/ARM JSON)"),
            Kind::AzDnsZoneGroup => ("az-dns-zone-group", "DNS zone group (az/ARM JSON)"),
            Kind::AzRoleAssignments => ("az-role-assignments", "role assignments (az JSON)"),
            Kind::AzNetworkRules => ("az-network-rules", "vault network rules (az JSON)"),
            Kind::AzIdentity => ("az-identity", "managed identity (az JSON)"),
            Kind::AccessToken => ("access-token", "access token claims (the token itself is not kept)"),
            Kind::PublicDns => ("public-dns", "public DNS answer (DNS over HTTPS)"),
            Kind::Bundle => ("kvdoctor-bundle", "kvdoctor collector bundle"),
            Kind::Unknown => ("unknown", "not recognised"),
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        if id == Kind::Unknown.id() {
            return Some(Kind::Unknown);
        }
        Kind::ALL.iter().copied().find(|k| k.id() == id)
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// A kind by its id, as it is serialised: an id this kvdoctor does not know is an error.
impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        let id = String::deserialize(deserializer)?;
        Kind::from_id(&id).ok_or_else(|| serde::de::Error::custom("a kind kvdoctor does not read"))
    }
}
