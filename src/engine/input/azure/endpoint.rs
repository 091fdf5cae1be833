//! Private endpoints (`az network private-endpoint show`), whole or as a `--query` projection.

use super::Ctx;
use crate::engine::facts::*;
use crate::engine::input::json::{Node, Value};
use crate::engine::input::projection::{self, Shape};

impl Ctx<'_> {
    /// A `--query` projection of a private endpoint (none of its own keys): every value whose
    /// shape says what it is fills the endpoint and its connection, and the summary says how.
    pub(super) fn project_endpoint(&mut self, node: &Node, endpoint: &mut PrivateEndpoint) {
        const OWN: [&str; 4] = [
            "privateLinkServiceConnections",
            "manualPrivateLinkServiceConnections",
            "customDnsConfigs",
            "networkInterfaces",
        ];
        if OWN.iter().any(|k| node.prop(k).is_some()) {
            return;
        }
        let mut connection = PeConnection {
            side: Side::Endpoint,
            name: None,
            endpoint_id: None,
            target: None,
            group_ids: Vec::new(),
            status: None,
            provisioning: None,
        };
        for (key, value, shape) in projection::members(node) {
            let text = self.text(Some(value));
            match shape {
                Shape::VaultTarget => connection.target = connection.target.take().or(text),
                Shape::NicId => endpoint.nic_ids.extend(text),
                Shape::EndpointId => endpoint.id = endpoint.id.take().or(text),
                Shape::SubnetId => endpoint.subnet = endpoint.subnet.take().or(text),
                Shape::ConnectionStatus => {
                    connection.status = connection.status.take().or(self.value(Some(value), ConnectionStatus::parse))
                }
                Shape::Provisioning => {
                    endpoint.provisioning =
                        endpoint.provisioning.take().or(self.value(Some(value), ProvisioningState::parse))
                }
                Shape::Addresses => {
                    let list = if value.is_object() || matches!(value.value, Value::Array(_)) {
                        value.items()
                    } else {
                        std::slice::from_ref(value)
                    };
                    endpoint.dns_configs.push((String::new(), list.iter().filter_map(|ip| self.addr(ip)).collect()));
                }
            }
            if key != "id" {
                self.notes.push(format!("line {}: \"{key}\" read as {}", value.line, shape.describe()));
            }
        }
        if connection.target.is_some() || connection.status.is_some() {
            endpoint.connections.push(connection);
        }
    }

    pub(super) fn endpoint(&self, node: &Node) -> PrivateEndpoint {
        let mut connections = Vec::new();
        for key in ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"] {
            for c in node.prop(key).map(Node::items).unwrap_or_default() {
                connections.push(self.connection(c, Side::Endpoint));
            }
        }
        let dns_configs = node
            .prop("customDnsConfigs")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .map(|c| {
                let fqdn = c.get("fqdn").and_then(Node::text).unwrap_or_default().to_ascii_lowercase();
                let ips = c
                    .get("ipAddresses")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|ip| self.addr(ip))
                    .collect();
                (fqdn, ips)
            })
            .collect();
        PrivateEndpoint {
            name: self.text(node.get("name")),
            id: self.text(node.get("id")),
            provisioning: self.value(node.prop("provisioningState"), ProvisioningState::parse),
            connections,
            dns_configs,
            nic_ids: node
                .prop("networkInterfaces")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|n| self.text(n.get("id")))
                .collect(),
            subnet: self.text(node.path("subnet.id")),
        }
    }
}
