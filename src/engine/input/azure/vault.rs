//! Key Vault resources: the vault (`az keyvault show`, its network rules, access policies and
//! private endpoint connections) and a connection read on its own.

use super::Ctx;
use crate::engine::facts::*;
use crate::engine::input::json::{Node, Value};

impl Ctx<'_> {
    pub(super) fn vault(&self, node: &Node) -> VaultConfig {
        let acls = node.prop("networkAcls").unwrap_or(node);
        let rules = |key: &str| -> Vec<LocatedText> {
            acls.prop(key)
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|r| self.text(r.get("value").or_else(|| r.get("id")).or(Some(r))))
                .collect()
        };
        let policies = node.prop("accessPolicies");
        let connections = node.prop("privateEndpointConnections");
        // The whole resource as ARM returns it (`az keyvault show`, a REST GET): there, a list
        // the vault does not have is left out, so its absence says the same as `null` or `[]`.
        // A `--query` projection leaves out what was not asked, so there it says nothing.
        let whole = ["vaultUri", "tenantId", "sku"].iter().all(|key| node.prop(key).is_some());
        let whole_at = || node.prop("vaultUri").map(|n| self.at_node(n));
        VaultConfig {
            name: self.text(node.get("name")),
            id: self.text(node.get("id")),
            uri: self.text(node.prop("vaultUri").or_else(|| node.prop("hsmUri"))),
            tenant: self.text(node.prop("tenantId")),
            rbac: node
                .prop("enableRbacAuthorization")
                .and_then(|n| n.as_bool().map(|b| Located::new(b, self.at_node(n)))),
            public_access: self.value(node.prop("publicNetworkAccess"), PublicNetworkAccess::parse),
            default_action: self.value(acls.prop("defaultAction"), DefaultAction::parse),
            bypass: self.value(acls.prop("bypass"), Bypass::parse),
            ip_rules: rules("ipRules"),
            vnet_rules: rules("virtualNetworkRules"),
            acls_shown: acls.prop("ipRules").is_some() || acls.prop("defaultAction").is_some(),
            acls_null: match node.prop("networkAcls") {
                Some(acls) => (acls.value == Value::Null).then(|| self.at_node(acls)),
                None if whole => whole_at(),
                None => None,
            },
            access_policies: policies
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|p| self.policy(p))
                .collect(),
            policies_shown: policies.is_some(),
            connections: connections
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .map(|c| self.connection(c, Side::Vault))
                .collect(),
            connections_shown: connections.is_some() || whole,
            connections_at: connections.map(|n| self.at_node(n)).or_else(|| whole.then(whole_at).flatten()),
        }
    }

    fn policy(&self, node: &Node) -> Option<AccessPolicy> {
        let object_id = self.text(node.prop("objectId"))?;
        let object = EntraId::parse(&object_id.value);
        let application_id = self.id(node.prop("applicationId"));
        let mut permissions = Vec::new();
        if let Some(perms) = node.prop("permissions") {
            for (kind, verbs) in perms.members() {
                for verb in verbs.items() {
                    if let Some(v) = verb.text() {
                        permissions.push((kind.to_ascii_lowercase(), v.to_ascii_lowercase()));
                    }
                }
            }
        }
        Some(AccessPolicy { object_id, object, application_id, permissions })
    }

    pub(super) fn connection(&self, node: &Node, side: Side) -> PeConnection {
        PeConnection {
            side,
            name: self.text(node.get("name")),
            endpoint_id: self.text(node.path("privateEndpoint.id")),
            target: self.text(node.prop("privateLinkServiceId")),
            group_ids: node
                .prop("groupIds")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|g| self.value(Some(g), GroupId::parse))
                .collect(),
            status: self.value(node.path("privateLinkServiceConnectionState.status"), ConnectionStatus::parse),
            provisioning: self.value(node.prop("provisioningState"), ProvisioningState::parse),
        }
    }
}
