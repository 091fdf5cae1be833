//! Network interfaces (`az network nic show`): the private endpoint's addresses and names.

use super::Ctx;
use crate::engine::facts::*;
use crate::engine::input::json::Node;

impl Ctx<'_> {
    pub(super) fn nic(&self, node: &Node) -> Nic {
        // `--query "ipConfigurations[].{ip:privateIPAddress, fqdns:…}"` prints the configs themselves.
        let configs = node.prop("ipConfigurations").map(Node::items).unwrap_or(std::slice::from_ref(node));
        Nic {
            name: self.text(node.get("name")),
            addresses: configs
                .iter()
                .filter_map(|c| c.prop("privateIPAddress").or_else(|| c.get("ip")).and_then(|a| self.addr(a)))
                .collect(),
            fqdns: configs
                .iter()
                .flat_map(|c| {
                    c.path("privateLinkConnectionProperties.fqdns")
                        .or_else(|| c.get("fqdns"))
                        .map(Node::items)
                        .unwrap_or_default()
                })
                .filter_map(|f| f.text().map(str::to_ascii_lowercase))
                .collect(),
        }
    }
}
