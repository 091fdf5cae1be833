//! Values copied from Azure portal blades. Copying a blade gives `Label` and value on one line
//! (after `:` or a tab) or on consecutive lines; tables (DNS records, virtual network links)
//! come as rows of cells.

use super::text::Line;
use super::Reader;
use crate::engine::facts::*;
use crate::engine::net::parse_addr;

/// Portal labels and where each value goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Label {
    VaultUri,
    DirectoryId,
    PermissionModel,
    ConnectionState,
    ConnectionStatus,
    ProvisioningState,
    PrivateEndpoint,
    PrivateIp,
    PrivateDnsZone,
    LinkCount,
    PublicAccess,
}

const LABELS: [(&str, Label); 14] = [
    ("virtual network links", Label::LinkCount),
    ("vault uri", Label::VaultUri),
    ("directory id", Label::DirectoryId),
    ("permission model", Label::PermissionModel),
    ("connection state", Label::ConnectionState),
    ("connection status", Label::ConnectionStatus),
    ("provisioning state", Label::ProvisioningState),
    ("private endpoint", Label::PrivateEndpoint),
    ("private ip address", Label::PrivateIp),
    ("private ip", Label::PrivateIp),
    ("private dns zone", Label::PrivateDnsZone),
    ("public network access", Label::PublicAccess),
    ("public access", Label::PublicAccess),
    ("networking", Label::PublicAccess),
];

/// The Networking page's radio choices, as the portal words them.
const NETWORK_CHOICES: [(&str, &str, &str); 3] = [
    ("allow public access from all networks", "Enabled", "Allow"),
    ("allow public access from specific virtual networks and ip addresses", "Enabled", "Deny"),
    ("disable public access", "Disabled", "Deny"),
];

fn label_of(text: &str) -> Option<(Label, &str)> {
    let lower = text.to_ascii_lowercase();
    LABELS.iter().find_map(|(name, label)| {
        let rest = lower.strip_prefix(name)?;
        let sep = rest.chars().next();
        matches!(sep, None | Some(':' | '\t' | ' '))
            .then(|| (*label, text[name.len()..].trim_start_matches([':', '\t', ' ']).trim()))
    })
}

pub fn sniff(lines: &[Line]) -> u8 {
    let labels = lines.iter().take(500).filter(|l| label_of(l.text.trim()).is_some()).count();
    let choices = lines
        .iter()
        .take(500)
        .filter(|l| NETWORK_CHOICES.iter().any(|(c, _, _)| l.text.to_ascii_lowercase().contains(c)))
        .count();
    let tables = lines.iter().take(500).filter(|l| {
        let lower = l.text.to_ascii_lowercase();
        lower.contains("link status")
            || lower.contains("auto-registration")
            || lower.starts_with("name") && lower.contains("type") && lower.contains("value")
    });
    ((labels * 25 + choices * 50 + tables.count() * 40).min(100)) as u8
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let mut vault = VaultConfig::default();
    let mut endpoint = PrivateEndpoint::default();
    let mut nic = Nic { name: None, addresses: Vec::new(), fqdns: Vec::new() };
    let mut pending: Option<(Label, usize)> = None;
    let mut table: Option<&str> = None;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let at = Evidence::line(reader.input, line.number, text);
        let lower = text.to_ascii_lowercase();
        let (label, value) = match label_of(text) {
            Some((label, value)) if !value.is_empty() => (Some(label), value),
            Some((label, _)) => {
                pending = Some((label, line.number));
                reader.use_line(line.number);
                continue;
            }
            None => match pending.take() {
                Some((label, _)) => (Some(label), text),
                None => (None, text),
            },
        };
        let used = if let Some(label) = label {
            let located = Located::new(value.to_string(), at.clone());
            match label {
                Label::VaultUri => vault.uri = Some(located),
                Label::DirectoryId => vault.tenant = Some(located),
                Label::PermissionModel => {
                    vault.rbac = Some(Located::new(value.to_ascii_lowercase().contains("role"), at.clone()))
                }
                Label::ConnectionState | Label::ConnectionStatus => {
                    let side = if label == Label::ConnectionState { Side::Vault } else { Side::Endpoint };
                    let connection = PeConnection {
                        side,
                        name: None,
                        endpoint_id: None,
                        target: None,
                        group_ids: Vec::new(),
                        status: Some(located),
                        provisioning: None,
                    };
                    if side == Side::Vault {
                        vault.connections.push(connection);
                        vault.connections_shown = true;
                    } else {
                        endpoint.connections.push(connection);
                    }
                }
                Label::ProvisioningState => match vault.connections.last_mut().filter(|c| c.provisioning.is_none()) {
                    Some(c) => c.provisioning = Some(located),
                    None => endpoint.provisioning = Some(located),
                },
                Label::PrivateEndpoint => endpoint.name = Some(located),
                Label::PrivateIp => nic.addresses.extend(parse_addr(value).map(|a| Located::new(a, at.clone()))),
                Label::PrivateDnsZone => {
                    facts.zones.push(Zone { name: located, resource_group: None, link_count: None })
                }
                Label::PublicAccess => read_choice(&mut vault, &value.to_ascii_lowercase(), &at),
                Label::LinkCount => {
                    let count = value.parse().ok().map(|n| Located::new(n, at.clone()));
                    let zone = facts.zones.last_mut().filter(|z| z.link_count.is_none());
                    match zone {
                        Some(zone) => zone.link_count = count,
                        None => reader
                            .note(format!("line {}: a link count without the zone's name was not used", line.number)),
                    }
                }
            }
            true
        } else if NETWORK_CHOICES.iter().any(|(c, _, _)| lower.contains(c)) {
            read_choice(&mut vault, &lower, &at);
            true
        } else if lower.contains("link status") || lower.contains("auto-registration") {
            table = Some("links");
            true
        } else if lower.starts_with("name") && lower.contains("type") && lower.contains("ttl") {
            table = Some("records");
            true
        } else {
            match table {
                Some("records") => record_row(text, &at, facts),
                Some("links") => link_row(text, &at, facts),
                _ => false,
            }
        };
        if used {
            reader.use_line(line.number);
        }
    }
    if vault.count() > 0 {
        facts.vaults.push(vault);
    }
    if endpoint.count() > 0 {
        facts.endpoints.push(endpoint);
    }
    if !nic.addresses.is_empty() {
        facts.nics.push(nic);
    }
}

fn read_choice(vault: &mut VaultConfig, lower: &str, at: &Evidence) {
    if let Some((_, pna, default)) = NETWORK_CHOICES.iter().find(|(c, _, _)| lower.contains(c)) {
        vault.public_access = Some(Located::new(pna.to_string(), at.clone()));
        vault.default_action = Some(Located::new(default.to_string(), at.clone()));
    } else if lower.contains("disabled") {
        vault.public_access = Some(Located::new("Disabled".to_string(), at.clone()));
    } else if lower.contains("enabled") {
        vault.public_access = Some(Located::new("Enabled".to_string(), at.clone()));
    }
}

/// `fabrikam   A   3600   10.1.2.4` (the `@ SOA` row is normal and skipped).
fn record_row(text: &str, at: &Evidence, facts: &mut Facts) -> bool {
    let cells: Vec<&str> = text.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
    match cells.as_slice() {
        [name, "A", ttl, rest @ ..] => {
            let addresses = rest.iter().filter_map(|a| parse_addr(a)).map(|a| Located::new(a, at.clone())).collect();
            let ttl = ttl.parse().ok().map(|t| Located::new(t, at.clone()));
            facts.records.push(ARecord {
                name: Located::new(name.to_string(), at.clone()),
                zone: None,
                addresses,
                ttl,
            });
            true
        }
        [_, "SOA" | "NS", ..] => true,
        _ => false,
    }
}

/// `link-hub   Completed   vnet-hub   Disabled`.
fn link_row(text: &str, at: &Evidence, facts: &mut Facts) -> bool {
    let cells: Vec<&str> = text.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
    let Some(state_at) = cells
        .iter()
        .position(|c| matches!(c.to_ascii_lowercase().as_str(), "completed" | "inprogress" | "in progress"))
    else {
        return false;
    };
    let cell = |i: usize| cells.get(i).map(|c| Located::new(c.to_string(), at.clone()));
    let registration = cells.get(state_at + 2).map(|r| Located::new(r.eq_ignore_ascii_case("enabled"), at.clone()));
    facts.links.push(ZoneLink {
        name: cell(0),
        zone: None,
        vnet: cell(state_at + 1),
        state: cell(state_at),
        registration,
        resolution_policy: None,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(paste: &str) -> Facts {
        crate::engine::input::read_with(parse, paste)
    }

    #[test]
    fn overview_values_same_line_and_next_line() {
        let facts = read("Vault URI\nhttps://fabrikam.vault.azure.net/\nDirectory ID : 72f988bf-86f1-41af-91ab-2d7cd011db47\nConnection state\tPending\nProvisioning state\tSucceeded\nPrivate IP address: 10.1.2.4\nDisable public access\n");
        let vault = &facts.vaults[0];
        assert_eq!(vault.uri.as_ref().unwrap().value, "https://fabrikam.vault.azure.net/");
        assert_eq!(vault.connections[0].status.as_ref().unwrap().value, "Pending");
        assert_eq!(vault.connections[0].provisioning.as_ref().unwrap().value, "Succeeded");
        assert_eq!(vault.public_access.as_ref().unwrap().value, "Disabled");
        assert_eq!(facts.nics[0].addresses[0].value.to_string(), "10.1.2.4");
    }

    #[test]
    fn record_and_link_tables() {
        let facts = read("Name\tType\tTTL\tValue\n@\tSOA\t3600\tEmail: azureprivatedns-host.microsoft.com\nfabrikam\tA\t10\t10.1.2.7\n");
        assert_eq!(facts.records[0].addresses[0].value.to_string(), "10.1.2.7");
        let facts = read(
            "Link Name\tLink status\tVirtual network\tAuto-registration\nlink-hub\tCompleted\tvnet-hub\tDisabled\n",
        );
        assert_eq!(facts.links[0].vnet.as_ref().unwrap().value, "vnet-hub");
        assert!(!facts.links[0].registration.as_ref().unwrap().value);
    }
}
