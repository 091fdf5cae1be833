//! Private DNS: virtual network links, A records and a private endpoint's DNS zone group.

use super::Ctx;
use crate::engine::azure_id;
use crate::engine::facts::*;
use crate::engine::input::json::Node;

impl Ctx<'_> {
    /// A private DNS zone (`az network private-dns zone show/list`); none without its name.
    pub(super) fn zone(&self, node: &Node) -> Option<Zone> {
        let name = self.text(node.get("name"))?;
        let resource_group = node
            .get("resourceGroup")
            .and_then(Node::text)
            .map(str::to_string)
            .or_else(|| node.get("id").and_then(Node::text).and_then(azure_id::resource_group));
        let link_count = node
            .prop("numberOfVirtualNetworkLinks")
            .and_then(|n| n.text()?.parse().ok().map(|v| Located::new(v, self.at_node(n))));
        Some(Zone { name, resource_group, link_count })
    }

    pub(super) fn link(&self, node: &Node) -> ZoneLink {
        ZoneLink {
            name: self.text(node.get("name")),
            zone: node.get("id").and_then(Node::text).and_then(azure_id::zone),
            vnet: self.text(node.path("virtualNetwork.id")),
            state: self.value(node.prop("virtualNetworkLinkState"), LinkState::parse),
            registration: node
                .prop("registrationEnabled")
                .and_then(|n| n.as_bool().map(|b| Located::new(b, self.at_node(n)))),
            resolution_policy: self.value(node.prop("resolutionPolicy"), ResolutionPolicy::parse),
        }
    }

    pub(super) fn record(&self, node: &Node) -> Option<ARecord> {
        let name = self.text(node.get("name").or_else(|| node.get("recordSetName")))?;
        let zone = node.get("id").and_then(Node::text).and_then(azure_id::zone).or_else(|| {
            // The fqdn is `<record name>.<zone>.`: strip the name, however many labels it has.
            let fqdn = node.prop("fqdn").and_then(Node::text)?.trim_end_matches('.').to_ascii_lowercase();
            let prefix = format!("{}.", name.value.to_ascii_lowercase());
            Some(
                fqdn.strip_prefix(&prefix)
                    .map(str::to_string)
                    .unwrap_or_else(|| fqdn.split_once('.').map_or(fqdn.clone(), |(_, z)| z.to_string())),
            )
        });
        let list = node.prop("aRecords").or_else(|| node.prop("ipAddresses"));
        let addresses = list
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|r| self.addr(r.get("ipv4Address").unwrap_or(r)))
            .collect();
        let ttl = node.prop("ttl").and_then(|n| n.text()?.parse().ok().map(|v| Located::new(v, self.at_node(n))));
        Some(ARecord { name, zone, addresses, ttl })
    }

    /// The zone a link's or record's resource `id` (`…/privateDnsZones/<zone>/…`) or a record's
    /// `fqdn` names, as a zone of its own: zone checks then judge it even when no zone was
    /// pasted. Once per name and paste.
    pub(super) fn zone_named(&mut self, node: &Node, zone: Option<&str>, facts: &mut Facts) {
        let Some(zone) = zone.filter(|z| !z.is_empty()) else { return };
        // Once per paste: what one paste reads never depends on another's facts.
        if self.zones_named.iter().any(|z| z.eq_ignore_ascii_case(zone)) {
            return;
        }
        self.zones_named.push(zone.to_string());
        let id = node.get("id").filter(|id| id.text().and_then(azure_id::zone).is_some());
        let Some(at) = id.or_else(|| node.prop("fqdn")) else { return };
        facts.zones.push(Zone {
            name: Located::new(zone.to_string(), self.at_node(at)),
            resource_group: id.and_then(Node::text).and_then(azure_id::resource_group),
            link_count: None,
        });
    }

    pub(super) fn zone_group(&self, node: &Node, facts: &mut Facts) {
        for config in node.prop("privateDnsZoneConfigs").map(Node::items).unwrap_or_default() {
            let zone_id = config.prop("privateDnsZoneId");
            let zone_name = zone_id.and_then(Node::text).and_then(azure_id::zone);
            if let (Some(id), Some(name)) = (zone_id, &zone_name) {
                facts.zones.push(Zone {
                    name: Located::new(name.clone(), self.at_node(id)),
                    resource_group: id.text().and_then(azure_id::resource_group),
                    link_count: None,
                });
            }
            for set in config.prop("recordSets").map(Node::items).unwrap_or_default() {
                if let Some(mut record) = self.record(set) {
                    record.zone = record.zone.or_else(|| zone_name.clone());
                    facts.records.push(record);
                }
            }
        }
    }
}
