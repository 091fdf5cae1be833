//! `--query` projections: JSON whose keys the user renamed (`{nicId: networkInterfaces[0].id,
//! connectionStatus: …status}`). The key says little; the value's shape says what it is — an
//! ARM id names its resource type, `Approved`/`Pending` can only be a connection state, a list of
//! addresses is addresses. Each value read this way is reported, so the user sees how.

use super::json::{Node, Value};
use crate::engine::azure_id;
use crate::engine::net::parse_addr;

/// What a projected value is, by its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `/subscriptions/…/providers/Microsoft.KeyVault/vaults/<name>`: a connection's target.
    VaultTarget,
    /// `…/Microsoft.Network/networkInterfaces/<name>`.
    NicId,
    /// `…/Microsoft.Network/privateEndpoints/<name>`.
    EndpointId,
    /// `…/virtualNetworks/<vnet>/subnets/<subnet>`.
    SubnetId,
    /// `Approved`, `Pending`, `Rejected`, `Disconnected` under a status-like key.
    ConnectionStatus,
    /// `Succeeded`, `Failed`, `Updating`… under a provisioning- or state-like key.
    Provisioning,
    /// A list of IP addresses (or one address).
    Addresses,
}

impl Shape {
    pub fn describe(self) -> &'static str {
        match self {
            Shape::VaultTarget => "the private link target (a Key Vault id)",
            Shape::NicId => "the endpoint's network interface id",
            Shape::EndpointId => "the private endpoint's id",
            Shape::SubnetId => "the endpoint's subnet id",
            Shape::ConnectionStatus => "the connection status",
            Shape::Provisioning => "the provisioning state",
            Shape::Addresses => "the endpoint's private addresses",
        }
    }
}

const STATUSES: &[&str] = &["approved", "pending", "rejected", "disconnected"];
const PROVISIONING: &[&str] = &["succeeded", "failed", "updating", "deleting", "creating", "canceled"];

/// The shape of `value` under `key`, if it has one this reader knows. An object's own `id` is
/// its identity and a role assignment's `scope` its reach, never a target.
pub fn shape(key: &str, value: &Node) -> Option<Shape> {
    let key = key.to_ascii_lowercase();
    if let Value::Array(items) = &value.value {
        let ips = !items.is_empty() && items.iter().all(|i| i.text().and_then(parse_addr).is_some());
        return ips.then_some(Shape::Addresses);
    }
    let text = value.text()?.trim();
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("/subscriptions/") {
        return if lower.contains("/subnets/") {
            Some(Shape::SubnetId)
        } else if lower.contains("/providers/microsoft.network/networkinterfaces/") {
            Some(Shape::NicId)
        } else if lower.contains("/providers/microsoft.network/privateendpoints/") && !lower.contains("connections/") {
            Some(Shape::EndpointId)
        } else if azure_id::vault(text).is_some()
            && !lower.contains("/privateendpointconnections/")
            && !matches!(key.as_str(), "id" | "scope")
        {
            Some(Shape::VaultTarget)
        } else {
            None
        };
    }
    let status_key = ["status", "state", "connection", "approval"].iter().any(|k| key.contains(k));
    if status_key && STATUSES.contains(&lower.as_str()) {
        return Some(Shape::ConnectionStatus);
    }
    if (key.contains("provision") || key.contains("state")) && PROVISIONING.contains(&lower.as_str()) {
        return Some(Shape::Provisioning);
    }
    parse_addr(text).is_some().then_some(Shape::Addresses)
}

/// Every member of a projected object with a known shape, in paste order.
pub fn members(node: &Node) -> Vec<(&str, &Node, Shape)> {
    node.members().iter().filter_map(|(key, value)| Some((key.as_str(), value, shape(key, value)?))).collect()
}

/// Whether an object with no `type` is a projection of a private endpoint: it names a vault as
/// a target, or a connection status beside an endpoint-side id.
pub fn is_endpoint(node: &Node) -> bool {
    let shapes: Vec<Shape> = members(node).into_iter().map(|(_, _, s)| s).collect();
    shapes.contains(&Shape::VaultTarget)
        || shapes.contains(&Shape::ConnectionStatus)
            && shapes.iter().any(|s| matches!(s, Shape::NicId | Shape::EndpointId | Shape::SubnetId))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::input::json;

    #[test]
    fn values_are_read_by_their_shape_not_their_key() {
        let doc = json::parse(
            r#"{"connectionStatus": "Pending", "name": "pe-kv", "nicId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/pe-kv.nic.1", "target": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso", "ips": ["10.1.2.5"], "phase": "Pending"}"#,
        );
        let root = &doc.roots[0];
        let shapes: Vec<(&str, Shape)> = members(root).into_iter().map(|(k, _, s)| (k, s)).collect();
        assert_eq!(
            shapes,
            vec![
                ("connectionStatus", Shape::ConnectionStatus),
                ("nicId", Shape::NicId),
                ("target", Shape::VaultTarget),
                ("ips", Shape::Addresses)
            ]
        );
        assert!(is_endpoint(root));
    }
}
