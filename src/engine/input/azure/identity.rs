//! Managed identities (`az webapp/vm identity show`, `az identity show`, an AKS kubelet identity).

use super::Ctx;
use crate::engine::facts::*;
use crate::engine::input::json::Node;

impl Ctx<'_> {
    /// A managed identity block: `az webapp/vm identity show` (`principalId`, `type`,
    /// `userAssignedIdentities`), `az identity show` (`clientId`, `principalId`), an AKS
    /// kubelet identity (`clientId`, `objectId`).
    pub(super) fn identity(&self, node: &Node, facts: &mut Facts) {
        let ty = node.get("type").and_then(Node::text).unwrap_or_default().to_ascii_lowercase();
        let client_id = self.id(node.prop("clientId"));
        let kind = if node.prop("objectId").is_some() && node.prop("principalId").is_none() {
            IdentityKind::Kubelet
        } else if ty.contains("userassignedidentities") || client_id.is_some() && !ty.contains("systemassigned") {
            IdentityKind::UserAssigned
        } else {
            IdentityKind::SystemAssigned
        };
        let principal_id = self.id(node.prop("principalId").or_else(|| node.prop("objectId")));
        if principal_id.is_some() || client_id.is_some() {
            // A kubelet identity has no name of its own: its resource id ends with it.
            let name = node.get("name").and_then(Node::text).map(str::to_string).or_else(|| {
                let id = node.prop("resourceId").and_then(Node::text)?;
                id.rsplit('/').next().filter(|n| !n.is_empty()).map(str::to_string)
            });
            facts.identities.push(ManagedIdentity { kind, name, principal_id, client_id });
        }
        if let Some(assigned) = node.prop("userAssignedIdentities") {
            for (resource_id, identity) in assigned.members() {
                let name = resource_id.rsplit('/').next().filter(|n| !n.is_empty()).map(str::to_string);
                let principal_id = self.id(identity.get("principalId"));
                let client_id = self.id(identity.get("clientId"));
                if principal_id.is_some() || client_id.is_some() {
                    facts.identities.push(ManagedIdentity {
                        kind: IdentityKind::UserAssigned,
                        name,
                        principal_id,
                        client_id,
                    });
                }
            }
        }
    }
}

/// A managed identity block: a principal id with the identity's `type` (`SystemAssigned`,
/// `SystemAssigned, UserAssigned`), its user-assigned identities, a client id beside the
/// principal id (`az identity show`), or an AKS kubelet identity (`clientId`, `objectId`,
/// `resourceId`). An access policy (`objectId`, `tenantId`, `permissions`) is none of them.
pub(super) fn is_identity(node: &Node, ty: &str) -> bool {
    let has = |key: &str| node.prop(key).is_some();
    let typed = ty.contains("systemassigned") || ty.contains("userassigned");
    has("principalId") && (typed || has("clientId") || has("userAssignedIdentities"))
        || has("clientId") && has("objectId") && has("resourceId") && !has("permissions")
}
