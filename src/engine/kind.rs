//! What a paste was understood as.
//!
//! A leaf on purpose: facts, the report and the page name kinds (their id and label) without
//! depending on the readers. What reads a kind (its parser, the line in "kvdoctor reads: …") is
//! its row in `input::registry`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares `Kind` from one list: each kind a parser reads with its id and label, in the
/// picker's order (`Kind::ALL` is that list), then `Unknown`.
macro_rules! kinds {
    ($($kind:ident = $id:literal, $label:literal;)+) => {
        /// One variant per registry row, plus `Unknown` for a paste no parser claimed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($kind,)+
            Unknown,
        }

        impl Kind {
            /// Every kind a user may pick to override recognition, in the picker's order (the
            /// registry's rows follow it; `Unknown` is none of them).
            pub const ALL: &'static [Kind] = &[$(Kind::$kind),+];

            const fn names(self) -> (&'static str, &'static str) {
                match self {
                    $(Kind::$kind => ($id, $label),)+
                    Kind::Unknown => ("unknown", "not recognised"),
                }
            }
        }
    };
}

kinds! {
    Nslookup = "nslookup", "nslookup output";
    Dig = "dig", "dig output";
    Host = "host", "host output";
    ResolveDnsname = "resolve-dnsname", "Resolve-DnsName output";
    TestNetconnection = "test-netconnection", "Test-NetConnection output";
    Curl = "curl", "curl output";
    HttpHeaders = "http-headers", "HTTP response headers";
    Error = "error", "error message";
    Portal = "portal", "values from the Azure portal";
    AzKeyvault = "az-keyvault", "key vault (az/ARM JSON)";
    AzPrivateEndpoint = "az-private-endpoint", "private endpoint (az/ARM JSON)";
    AzPeConnection = "az-pe-connection", "private endpoint connection (az/ARM JSON)";
    AzNic = "az-nic", "network interface (az/ARM JSON)";
    AzDnsZone = "az-dns-zone", "private DNS zone (az/ARM JSON)";
    AzDnsLink = "az-dns-link", "virtual network link (az/ARM JSON)";
    AzDnsRecord = "az-dns-record", "DNS A record (az/ARM JSON)";
    AzDnsZoneGroup = "az-dns-zone-group", "DNS zone group (az/ARM JSON)";
    AzRoleAssignments = "az-role-assignments", "role assignments (az JSON)";
    AzNetworkRules = "az-network-rules", "vault network rules (az JSON)";
    AzIdentity = "az-identity", "managed identity (az JSON)";
    AzFederatedCredential = "az-federated-credential", "federated identity credentials (az JSON)";
    DescribePod = "kubectl-describe-pod", "kubectl describe pod output";
    EnvListing = "env", "environment variables (env, printenv)";
    AccessToken = "access-token", "access token claims (the token itself is not kept)";
    PublicDns = "public-dns", "public DNS answer (DNS over HTTPS)";
    Bundle = "kvdoctor-bundle", "kvdoctor collector bundle";
}

impl Kind {
    /// The kind's id in the report's JSON, in share links and in `--kind`: a contract, never
    /// rename one.
    pub const fn id(self) -> &'static str {
        self.names().0
    }

    /// What the page and the text report call it.
    pub const fn label(self) -> &'static str {
        self.names().1
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
