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
    /// The object id typed, when it is one (a masked or cut id is not).
    pub object: Option<EntraId>,
    /// `applicationId`: set only on a compound (on-behalf-of) entry.
    pub application_id: Option<Located<EntraId>>,
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
    /// `principalId`: the object id the role is granted to; or the `--assignee` of the pasted
    /// command when the output leaves the principal out.
    pub principal_id: Option<Located<EntraId>>,
    /// `principalName`, as az prints it (a user's sign-in name, an app's display name).
    pub principal_name: Option<String>,
    pub principal_type: Option<Located<PrincipalType>>,
    /// Where the role is assigned: the vault, or a resource group, subscription or
    /// management group above it, whose assignments the vault inherits.
    pub scope: Option<Located<RoleScope>>,
}

/// One `az role assignment list` output; an empty list is evidence too (of little weight).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleAssignmentList {
    pub assignments: Vec<RoleAssignment>,
    pub at: Evidence,
}

/// Which managed identity of a host an identity JSON shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityKind {
    /// The host's own identity (`az webapp identity show`, `az vm identity show`, a resource's
    /// `identity` block).
    SystemAssigned,
    /// A user-assigned identity (`az identity show`, a host's `userAssignedIdentities`).
    UserAssigned,
    /// An AKS cluster's kubelet identity (`identityProfile.kubeletidentity`).
    Kubelet,
}

impl IdentityKind {
    pub fn noun(self) -> &'static str {
        match self {
            IdentityKind::SystemAssigned => "system-assigned managed identity",
            IdentityKind::UserAssigned => "user-assigned managed identity",
            IdentityKind::Kubelet => "AKS kubelet identity",
        }
    }
}

/// A managed identity as `az … identity show`, `az identity show` or `az aks show` print it:
/// its object (principal) id, which grants name, and its client (application) id, which code
/// asks a token for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedIdentity {
    pub kind: IdentityKind,
    /// The identity's name (a user-assigned identity's resource name).
    pub name: Option<String>,
    pub principal_id: Option<Located<EntraId>>,
    pub client_id: Option<Located<EntraId>>,
}

/// A federated identity credential of a user-assigned identity or an app registration
/// (`az identity federated-credential list/show`, `az ad app federated-credential list`): the
/// issuer, subject and audiences a presented token must match exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FederatedCredential {
    pub name: Option<String>,
    /// The user-assigned identity it belongs to and that identity's resource group, from the
    /// credential's resource id (an app registration's credential has neither).
    pub identity: Option<String>,
    pub resource_group: Option<String>,
    pub issuer: Option<LocatedText>,
    pub subject: Option<LocatedText>,
    pub audiences: Vec<LocatedText>,
}

/// The non-secret claims of an access token the user pasted, decoded where it was read. The
/// token itself is never kept: the evidence quotes these claims, not the token's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenClaims {
    /// `oid`: the caller's object id.
    pub object_id: Option<EntraId>,
    /// `appid` (v1) or `azp` (v2): the client the token was issued to.
    pub app_id: Option<EntraId>,
    /// `tid`.
    pub tenant: Option<EntraId>,
    /// `idtyp`: a user or an app.
    pub principal_type: Option<PrincipalType>,
    /// `aud`.
    pub audience: Option<String>,
    pub at: Evidence,
}

/// The vault's place in a network security perimeter: an association (`az network perimeter
/// association show/list`) or the vault's own perimeter configuration
/// (`…/vaults/<name>/networkSecurityPerimeterConfigurations`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerimeterAssociation {
    /// The perimeter's name.
    pub perimeter: Option<String>,
    /// The associated resource's id (`privateLinkResource.id`), or the configuration's own id
    /// (under the vault's).
    pub resource: Option<LocatedText>,
    pub mode: Option<Located<PerimeterMode>>,
    /// What the profile's inbound access rules allow: address prefixes and subscriptions.
    pub inbound: Vec<LocatedText>,
}
