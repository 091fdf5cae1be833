//! Network security perimeters: an association of the vault with a perimeter (`az network
//! perimeter association show/list`) and the vault's own perimeter configuration
//! (`…/vaults/<name>/networkSecurityPerimeterConfigurations`, with its profile's access rules).

use super::Ctx;
use crate::engine::azure_id;
use crate::engine::facts::*;
use crate::engine::input::json::Node;

/// Whether `node` is a perimeter association or a resource's perimeter configuration.
pub(super) fn is_perimeter(node: &Node) -> bool {
    let ty = node.get("type").and_then(Node::text).unwrap_or_default().to_ascii_lowercase();
    let has = |key: &str| node.prop(key).is_some();
    ty.ends_with("/networksecurityperimeters/resourceassociations")
        || ty.ends_with("/networksecurityperimeterconfigurations")
        || has("accessMode") && has("privateLinkResource")
        || has("resourceAssociation") && has("networkSecurityPerimeter")
}

impl Ctx<'_> {
    pub(super) fn perimeter(&self, node: &Node) -> PerimeterAssociation {
        let id = node.get("id").and_then(Node::text);
        let perimeter = node
            .path("networkSecurityPerimeter.id")
            .and_then(Node::text)
            .or(id)
            .and_then(|id| azure_id::after(id, "networkSecurityPerimeters"));
        let rules = node.path("profile.accessRules").map(Node::items).unwrap_or_default();
        let inbound = rules
            .iter()
            .filter(|r| r.prop("direction").and_then(Node::text).is_some_and(|d| d.eq_ignore_ascii_case("Inbound")))
            .flat_map(|r| {
                let prefixes = r.prop("addressPrefixes").map(Node::items).unwrap_or_default().iter();
                let subscriptions = r.prop("subscriptions").map(Node::items).unwrap_or_default().iter();
                prefixes.chain(subscriptions.map(|s| s.get("id").unwrap_or(s)))
            })
            .filter_map(|n| self.text(Some(n)))
            .collect();
        PerimeterAssociation {
            perimeter,
            resource: self.text(node.path("privateLinkResource.id").or_else(|| node.get("id"))),
            mode: self.value(
                node.prop("accessMode").or_else(|| node.path("resourceAssociation.accessMode")),
                PerimeterMode::parse,
            ),
            inbound,
        }
    }
}
