//! Azure resources as `az … show/list` JSON, ARM JSON or the portal show them.

use std::net::IpAddr;

use super::values::*;
use super::{Evidence, Located};

/// Text with its evidence: most resource properties are read as strings.
pub type LocatedText = Located<String>;

/// Which side reported a private endpoint connection: both must say Approved/Succeeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Vault,
    Endpoint,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeConnection {
    pub side: Side,
    pub name: Option<LocatedText>,
    /// The private endpoint's resource id (vault side) or the connection's target (endpoint side).
    pub endpoint_id: Option<LocatedText>,
    pub target: Option<LocatedText>,
    pub group_ids: Vec<Located<GroupId>>,
    pub status: Option<Located<ConnectionStatus>>,
    pub provisioning: Option<Located<ProvisioningState>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessPolicy {
    pub object_id: LocatedText,
    /// `(kind, verb)` pairs: `("secrets", "get")`.
    pub permissions: Vec<(String, String)>,
}

/// `Microsoft.KeyVault/vaults` (or `managedHSMs`), from `az keyvault show`, ARM or network-rule list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VaultConfig {
    pub name: Option<LocatedText>,
    pub id: Option<LocatedText>,
    pub uri: Option<LocatedText>,
    pub tenant: Option<LocatedText>,
    pub rbac: Option<Located<bool>>,
    pub public_access: Option<Located<PublicNetworkAccess>>,
    pub default_action: Option<Located<DefaultAction>>,
    pub bypass: Option<Located<Bypass>>,
    pub ip_rules: Vec<LocatedText>,
    pub vnet_rules: Vec<LocatedText>,
    /// Whether the paste showed the firewall lists at all (an empty list then means "none").
    pub acls_shown: bool,
    /// `"networkAcls": null`: no firewall at all, the vault takes requests from all networks.
    pub acls_null: Option<Evidence>,
    pub access_policies: Vec<AccessPolicy>,
    pub policies_shown: bool,
    pub connections: Vec<PeConnection>,
    pub connections_shown: bool,
    /// Where the vault's connection list was shown (`"privateEndpointConnections": null` is
    /// evidence that it has none).
    pub connections_at: Option<Evidence>,
}

impl VaultConfig {
    pub fn count(&self) -> usize {
        [&self.name, &self.id, &self.uri, &self.tenant].iter().filter(|f| f.is_some()).count()
            + usize::from(self.public_access.is_some())
            + usize::from(self.default_action.is_some())
            + usize::from(self.bypass.is_some())
            + usize::from(self.rbac.is_some())
            + self.ip_rules.len()
            + self.vnet_rules.len()
            + self.access_policies.len()
            + self.connections.len()
    }
}

/// `Microsoft.Network/privateEndpoints`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrivateEndpoint {
    pub name: Option<LocatedText>,
    pub id: Option<LocatedText>,
    pub provisioning: Option<Located<ProvisioningState>>,
    pub connections: Vec<PeConnection>,
    /// `customDnsConfigs`: the FQDN and the addresses the endpoint was given.
    pub dns_configs: Vec<(String, Vec<Located<IpAddr>>)>,
    pub nic_ids: Vec<LocatedText>,
    pub subnet: Option<LocatedText>,
}

impl PrivateEndpoint {
    pub fn count(&self) -> usize {
        [&self.name, &self.id, &self.subnet].iter().filter(|f| f.is_some()).count()
            + usize::from(self.provisioning.is_some())
            + self.connections.len()
            + self.dns_configs.iter().map(|(_, ips)| ips.len()).sum::<usize>()
            + self.nic_ids.len()
    }
}

/// A network interface, usually the private endpoint's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nic {
    pub name: Option<LocatedText>,
    pub addresses: Vec<Located<IpAddr>>,
    /// `privateLinkConnectionProperties.fqdns`.
    pub fqdns: Vec<String>,
}

/// A private DNS zone (from zone show/list, or named by a zone group or record id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    pub name: LocatedText,
    pub resource_group: Option<String>,
    pub link_count: Option<Located<u64>>,
}

/// A private DNS zone's virtual network link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneLink {
    pub name: Option<LocatedText>,
    pub zone: Option<String>,
    pub vnet: Option<LocatedText>,
    pub state: Option<Located<LinkState>>,
    pub registration: Option<Located<bool>>,
    pub resolution_policy: Option<Located<ResolutionPolicy>>,
}

/// An A record set in a private zone (record-set a list/show, or a zone group's record set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ARecord {
    pub name: LocatedText,
    pub zone: Option<String>,
    pub addresses: Vec<Located<IpAddr>>,
    pub ttl: Option<Located<u64>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleAssignment {
    pub role: LocatedText,
    pub principal: Option<String>,
    pub scope: Option<String>,
}

/// One `az role assignment list` output; an empty list is evidence too (of little weight).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleAssignmentList {
    pub assignments: Vec<RoleAssignment>,
    pub at: Evidence,
}
