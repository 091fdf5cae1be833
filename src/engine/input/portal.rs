//! Values copied from Azure portal blades. Copying a blade gives `Label` and value on one line
//! (after `:` or a tab) or on consecutive lines; tables (DNS records, virtual network links)
//! come as rows of cells.

use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
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
    /// `Vault name` (an App Service Key Vault reference's panel, the create blade's review).
    VaultName,
}

const LABELS: [(&str, Label); 16] = [
    ("virtual network links", Label::LinkCount),
    ("key vault name", Label::VaultName),
    ("vault name", Label::VaultName),
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

/// The Networking blade's warning when a private endpoint sits beside "all networks"
/// (MicrosoftDocs/azure-docs#85698): "Firewall settings allow access from all networks. The
/// security provided by private endpoints will not be satisfied."
const ALL_NETWORKS_BANNER: &str = "firewall settings allow access from all networks";

/// The secrets, keys and certificates blades' banner when the browser cannot reach the vault
/// (MicrosoftDocs/azure-docs#85698): "The connection to data plane failed. Please refresh and
/// try again. If Private Links are enabled on the vault…"
const DATA_PLANE_BANNER: &str = "the connection to data plane failed";

/// The Networking page's radio choices, as the portal words them.
const NETWORK_CHOICES: [(&str, PublicNetworkAccess, DefaultAction); 3] = [
    ("allow public access from all networks", PublicNetworkAccess::Enabled, DefaultAction::Allow),
    (
        "allow public access from specific virtual networks and ip addresses",
        PublicNetworkAccess::Enabled,
        DefaultAction::Deny,
    ),
    ("disable public access", PublicNetworkAccess::Disabled, DefaultAction::Deny),
];

fn label_of(text: &str) -> Option<(Label, &str)> {
    let lower = text.to_ascii_lowercase();
    LABELS.iter().find_map(|(name, label)| {
        let rest = lower.strip_prefix(name)?;
        let sep = rest.chars().next();
        // `lower` is `text.to_ascii_lowercase()`: the value starts at the same offset in `text`.
        let value = text.get(name.len()..)?;
        matches!(sep, None | Some(':' | '\t' | ' '))
            .then(|| (*label, value.trim_start_matches([':', '\t', ' ']).trim()))
    })
}

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::Portal, sniff, parse).precedence(4);

pub fn sniff(lines: &[Line]) -> u8 {
    let labels = lines.iter().take(500).filter(|l| label_of(l.text.trim()).is_some()).count();
    // `Vault name` is the portal's own label (a Key Vault reference's panel): no tool prints it.
    let vault_names =
        lines.iter().take(500).filter(|l| label_of(l.text.trim()).is_some_and(|(k, _)| k == Label::VaultName)).count();
    let choices = lines
        .iter()
        .take(500)
        .filter(|l| {
            let lower = l.text.to_ascii_lowercase();
            NETWORK_CHOICES.iter().any(|(c, _, _)| lower.contains(c))
                || lower.contains(ALL_NETWORKS_BANNER)
                || lower.contains(DATA_PLANE_BANNER)
        })
        .count();
    let tables = lines.iter().take(500).filter(|l| {
        let lower = l.text.to_ascii_lowercase();
        lower.contains("link status")
            || lower.contains("auto-registration")
            || lower.contains("connection state")
            || lower.starts_with("fqdn") && lower.contains("ip address")
            || lower.starts_with("name") && lower.contains("type") && lower.contains("value")
    });
    // Rows copied without their header: a connection state or a vault name with its address.
    let rows = lines
        .iter()
        .take(500)
        .filter(|l| {
            let mut vault = VaultConfig::default();
            let mut endpoint = PrivateEndpoint::default();
            let at = Evidence::line(0, 0, "");
            connection_row(l.text, &at, &mut vault) || dns_row(l.text, &at, &mut endpoint)
        })
        .count();
    ((labels * 25 + vault_names * 25 + choices * 50 + tables.count() * 40 + rows * 25).min(100)) as u8
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let mut blade = Blade { radio_group: radio_group(reader, lines, facts), ..Blade::default() };
    let mut pending: Option<(Label, usize)> = None;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let at = Evidence::line(reader.input, line.number, text);
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
        let used = match label {
            Some(label) => {
                blade.labelled(label, value, at, reader, facts);
                true
            }
            None => blade.unlabelled(text, &at, reader, facts),
        };
        if used {
            reader.use_line(line.number);
        }
    }
    blade.finish(facts);
}

/// A copied Networking page holds every option of the radio group: the copy cannot show which
/// one is selected, so none is read, and the user is told.
fn radio_group(reader: &mut Reader, lines: &[Line], facts: &mut Facts) -> bool {
    let offers = |l: &&Line| NETWORK_CHOICES.iter().any(|(c, _, _)| l.text.to_ascii_lowercase().contains(c));
    let offered = NETWORK_CHOICES
        .iter()
        .filter(|(c, _, _)| lines.iter().any(|l| l.text.to_ascii_lowercase().contains(c)))
        .count();
    if offered <= 1 {
        return false;
    }
    if let Some(first) = lines.iter().find(offers) {
        facts.add_signal(
            SignalKind::UnreadChoice,
            "public network access",
            Evidence::line(reader.input, first.number, first.text),
        );
    }
    reader.note(format!(
        "the paste lists {offered} options of the Networking choice (Allow public access from all networks / from specific virtual networks and IP addresses / Disable public access): copied text cannot show which one is selected, so none was read. Pick it in the portal form, or paste az keyvault show."
    ));
    true
}

/// Which portal table the rows below a header belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Records,
    Links,
    Connections,
    Dns,
}

/// What one paste of portal blades says, gathered until the paste ends.
#[derive(Default)]
struct Blade {
    vault: VaultConfig,
    endpoint: PrivateEndpoint,
    nic: Option<Nic>,
    radio_group: bool,
    table: Option<Table>,
}

impl Blade {
    /// A `Label: value` line (or a value on the line after its label).
    fn labelled(&mut self, label: Label, value: &str, at: Evidence, reader: &mut Reader, facts: &mut Facts) {
        let located = Located::new(value.to_string(), at.clone());
        let (vault, endpoint) = (&mut self.vault, &mut self.endpoint);
        match label {
            Label::VaultUri => vault.uri = Some(located),
            Label::VaultName => vault.name = Some(located),
            Label::DirectoryId => vault.tenant = Some(located),
            Label::PermissionModel => vault.rbac = Some(Located::new(value.to_ascii_lowercase().contains("role"), at)),
            Label::ConnectionState | Label::ConnectionStatus => {
                let side = if label == Label::ConnectionState { Side::Vault } else { Side::Endpoint };
                let connection = PeConnection {
                    side,
                    name: None,
                    endpoint_id: None,
                    target: None,
                    group_ids: Vec::new(),
                    status: Some(located.map(|v| ConnectionStatus::parse(&v))),
                    provisioning: None,
                };
                if side == Side::Vault {
                    vault.connections.push(connection);
                    vault.connections_shown = true;
                } else {
                    endpoint.connections.push(connection);
                }
            }
            Label::ProvisioningState => {
                let state = Some(located.map(|v| ProvisioningState::parse(&v)));
                match vault.connections.last_mut().filter(|c| c.provisioning.is_none()) {
                    Some(c) => c.provisioning = state,
                    None => endpoint.provisioning = state,
                }
            }
            Label::PrivateEndpoint => endpoint.name = Some(located),
            Label::PrivateIp => {
                let nic = self.nic.get_or_insert_with(|| Nic { name: None, addresses: Vec::new(), fqdns: Vec::new() });
                nic.addresses.extend(parse_addr(value).map(|a| Located::new(a, at)));
            }
            Label::PrivateDnsZone => facts.zones.push(Zone { name: located, resource_group: None, link_count: None }),
            Label::PublicAccess if self.radio_group => {}
            Label::PublicAccess => read_choice(vault, &value.to_ascii_lowercase(), &at),
            Label::LinkCount => {
                let count = value.parse().ok().map(|n| Located::new(n, at.clone()));
                match facts.zones.last_mut().filter(|z| z.link_count.is_none()) {
                    Some(zone) => zone.link_count = count,
                    None => reader.note(format!(
                        "line {}: a link count without the zone's name was not used",
                        at.lines.first().copied().unwrap_or_default()
                    )),
                }
            }
        }
    }

    /// A line without a label: a Networking choice, a tab or table header, or a table row.
    /// Whether it was used.
    fn unlabelled(&mut self, text: &str, at: &Evidence, reader: &mut Reader, facts: &mut Facts) -> bool {
        let lower = text.to_ascii_lowercase();
        let header = if lower.contains("link status") || lower.contains("auto-registration") {
            Some(Table::Links)
        } else if lower.starts_with("name") && lower.contains("type") && lower.contains("ttl") {
            Some(Table::Records)
        } else if lower.contains("connection state") || lower.contains("connection name") {
            Some(Table::Connections)
        } else if lower.starts_with("fqdn") && lower.contains("ip address") {
            Some(Table::Dns)
        } else {
            None
        };
        if NETWORK_CHOICES.iter().any(|(c, _, _)| lower.contains(c)) {
            if !self.radio_group {
                read_choice(&mut self.vault, &lower, at);
            }
        } else if lower.contains(ALL_NETWORKS_BANNER) {
            // The Networking blade's warning beside a private endpoint: the vault takes
            // requests from every network, so the endpoint secures nothing.
            if !self.radio_group {
                self.vault.public_access = Some(Located::new(PublicNetworkAccess::Enabled, at.clone()));
                self.vault.default_action = Some(Located::new(DefaultAction::Allow, at.clone()));
            }
        } else if lower.contains(DATA_PLANE_BANNER) {
            reader.note(format!(
                "line {}: the portal could not reach the vault's data plane from this browser: the browser's machine resolves or reaches the vault the way any client there would (a private endpoint it cannot reach, a firewall that refuses its address). Paste nslookup of the vault's name from that machine, or the vault's network settings.",
                at.lines.first().copied().unwrap_or_default()
            ));
        } else if lower.contains("bypass this firewall") {
            // A checkbox: whether it is ticked does not survive the copy.
            reader.note(format!(
                "line {}: the trusted-services checkbox was copied, but copied text cannot show whether it is ticked",
                at.lines.first().copied().unwrap_or_default()
            ));
        } else if lower.starts_with("firewalls and virtual networks")
            || lower.starts_with("private endpoint connections")
        {
            // the Networking page's tab names
        } else if header.is_some() {
            self.table = header;
        } else {
            return self.row(text, at, facts);
        }
        true
    }

    /// Rows are read under their header, and without one when a row can only be that.
    fn row(&mut self, text: &str, at: &Evidence, facts: &mut Facts) -> bool {
        match self.table {
            Some(Table::Records) => record_row(text, at, facts),
            Some(Table::Links) => link_row(text, at, facts),
            Some(Table::Connections) => connection_row(text, at, &mut self.vault),
            Some(Table::Dns) => dns_row(text, at, &mut self.endpoint),
            None => {
                record_row(text, at, facts)
                    || connection_row(text, at, &mut self.vault)
                    || dns_row(text, at, &mut self.endpoint)
                    || link_row(text, at, facts)
            }
        }
    }

    fn finish(self, facts: &mut Facts) {
        if self.vault.count() > 0 {
            facts.vaults.push(self.vault);
        }
        if self.endpoint.count() > 0 {
            facts.endpoints.push(self.endpoint);
        }
        facts.nics.extend(self.nic.filter(|n| !n.addresses.is_empty()));
    }
}

fn read_choice(vault: &mut VaultConfig, lower: &str, at: &Evidence) {
    if let Some((_, pna, default)) = NETWORK_CHOICES.iter().find(|(c, _, _)| lower.contains(c)) {
        vault.public_access = Some(Located::new(pna.clone(), at.clone()));
        vault.default_action = Some(Located::new(default.clone(), at.clone()));
    } else if lower.contains("disabled") {
        vault.public_access = Some(Located::new(PublicNetworkAccess::Disabled, at.clone()));
    } else if lower.contains("enabled") {
        vault.public_access = Some(Located::new(PublicNetworkAccess::Enabled, at.clone()));
    }
}

/// Table cells: tab- or multi-space-separated; single spaces stay inside a cell.
fn cells(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in text.split('\t') {
        let mut rest = part;
        while let Some((cell, tail)) = rest.split_once("  ") {
            out.push(cell.trim());
            rest = tail.trim_start();
        }
        out.push(rest.trim());
    }
    out.retain(|c| !c.is_empty());
    out
}

/// `pe-fabrikam.2f3c   Pending   Succeeded   pe-fabrikam   Please approve` — Networking >
/// Private endpoint connections (name, state, provisioning state, endpoint, description).
fn connection_row(text: &str, at: &Evidence, vault: &mut VaultConfig) -> bool {
    let cells = cells(text);
    let state = |c: &&str| !matches!(ConnectionStatus::parse(c), ConnectionStatus::Other(_));
    let Some(i) = cells.iter().position(state).filter(|i| *i >= 1 && cells.len() >= 3) else {
        return false;
    };
    let (Some(name), Some(status)) = (cells.first(), cells.get(i)) else {
        return false;
    };
    let located = |c: &str| Located::new(c.to_string(), at.clone());
    let provisioning = cells.get(i + 1).map(|c| ProvisioningState::parse(c)).filter(|p| {
        matches!(
            p,
            ProvisioningState::Succeeded
                | ProvisioningState::Failed
                | ProvisioningState::Updating
                | ProvisioningState::Creating
                | ProvisioningState::Deleting
        )
    });
    let endpoint = cells.get(i + 1 + usize::from(provisioning.is_some()));
    vault.connections.push(PeConnection {
        side: Side::Vault,
        name: Some(located(name)),
        endpoint_id: endpoint.map(|e| located(e)),
        target: None,
        group_ids: Vec::new(),
        status: Some(Located::new(ConnectionStatus::parse(status), at.clone())),
        provisioning: provisioning.map(|p| Located::new(p, at.clone())),
    });
    vault.connections_shown = true;
    true
}

/// `fabrikam.vault.azure.net   10.1.2.4` — the private endpoint's DNS configuration (FQDN, IP
/// addresses).
fn dns_row(text: &str, at: &Evidence, endpoint: &mut PrivateEndpoint) -> bool {
    let cells = cells(text);
    let [fqdn, ips @ ..] = cells.as_slice() else {
        return false;
    };
    let addresses: Vec<_> = ips
        .iter()
        .flat_map(|c| c.split([',', ' ']))
        .filter_map(parse_addr)
        .map(|a| Located::new(a, at.clone()))
        .collect();
    let host = crate::engine::vault::normalise_host(fqdn);
    if addresses.is_empty() || crate::engine::vault::VaultHost::parse(&host).is_none() {
        return false;
    }
    endpoint.dns_configs.push((host, addresses));
    true
}

/// `fabrikam   A   3600   10.1.2.4` (the `@ SOA` row is normal and skipped).
fn record_row(text: &str, at: &Evidence, facts: &mut Facts) -> bool {
    let cells: Vec<&str> = text.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
    match cells.as_slice() {
        [name, "A", ttl, rest @ ..] if ttl.parse::<u64>().is_ok() => {
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
    let Some(state_at) = cells.iter().position(|c| !matches!(LinkState::parse(c), LinkState::Other(_))) else {
        return false;
    };
    let cell = |i: usize| cells.get(i).map(|c| Located::new(c.to_string(), at.clone()));
    let registration = cells.get(state_at + 2).map(|r| Located::new(r.eq_ignore_ascii_case("enabled"), at.clone()));
    facts.links.push(ZoneLink {
        name: cell(0),
        zone: None,
        vnet: cell(state_at + 1),
        state: cell(state_at).map(|s| s.map(|v| LinkState::parse(&v))),
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
        assert_eq!(vault.connections[0].status.as_ref().unwrap().value, ConnectionStatus::Pending);
        assert_eq!(vault.connections[0].provisioning.as_ref().unwrap().value, ProvisioningState::Succeeded);
        assert_eq!(vault.public_access.as_ref().unwrap().value, PublicNetworkAccess::Disabled);
        assert_eq!(facts.nics[0].addresses[0].value.to_string(), "10.1.2.4");
    }

    #[test]
    fn a_copied_radio_group_reads_no_choice() {
        let paste = "Public network access\nAllow public access from all networks\nAllow public access from specific virtual networks and IP addresses\nDisable public access\n";
        let facts = read(paste);
        assert!(facts.vaults.iter().all(|v| v.public_access.is_none() && v.default_action.is_none()), "{facts:?}");
        let one = read("Public network access\nDisable public access\n");
        assert_eq!(one.vaults[0].public_access.as_ref().unwrap().value, PublicNetworkAccess::Disabled);
    }

    #[test]
    fn connection_and_dns_tables_with_and_without_headers() {
        let with = read("Connection name\tConnection state\tProvisioning state\tPrivate endpoint\tDescription\npe-fabrikam.2f3c\tPending\tSucceeded\tpe-fabrikam\tPlease approve\n");
        let c = &with.vaults[0].connections[0];
        assert_eq!(c.status.as_ref().unwrap().value, ConnectionStatus::Pending);
        assert_eq!(c.provisioning.as_ref().unwrap().value, ProvisioningState::Succeeded);
        assert_eq!(c.endpoint_id.as_ref().unwrap().value, "pe-fabrikam");
        let without = read("pe-fabrikam.2f3c    Rejected    pe-fabrikam    Auto-Approved by owner\n");
        assert_eq!(without.vaults[0].connections[0].status.as_ref().unwrap().value, ConnectionStatus::Rejected);
        let dns = read("FQDN\tIP addresses\nfabrikam.vault.azure.net\t10.1.2.4\n");
        assert_eq!(dns.endpoints[0].dns_configs[0].0, "fabrikam.vault.azure.net");
        let dns = read("fabrikam.vault.azure.net    10.1.2.4\n");
        assert_eq!(dns.endpoints[0].dns_configs[0].1[0].value.to_string(), "10.1.2.4");
        let records = read("fabrikam  A  10  10.1.2.7\n");
        assert_eq!(records.records[0].addresses[0].value.to_string(), "10.1.2.7");
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
