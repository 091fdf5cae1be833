//! Federated identity credentials (`az identity federated-credential list/show`, ARM's
//! `federatedIdentityCredentials`, `az ad app federated-credential list`): the issuer, subject
//! and audiences a presented token must match.

use super::Ctx;
use crate::engine::azure_id;
use crate::engine::facts::*;
use crate::engine::input::json::Node;

impl Ctx<'_> {
    pub(super) fn federated_credential(&self, node: &Node) -> FederatedCredential {
        let id = node.get("id").and_then(Node::text).unwrap_or_default();
        FederatedCredential {
            name: node.get("name").and_then(Node::text).map(str::to_string),
            identity: azure_id::after(id, "userAssignedIdentities"),
            resource_group: azure_id::resource_group(id),
            issuer: self.text(node.prop("issuer")),
            subject: self.text(node.prop("subject")),
            audiences: node
                .prop("audiences")
                .map_or_else(Vec::new, |list| list.items().iter().filter_map(|item| self.text(Some(item))).collect()),
        }
    }
}
