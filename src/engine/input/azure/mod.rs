//! `az … show/list` JSON and ARM JSON (portal "JSON view", REST bodies), both shapes: ARM
//! (`properties: {…}`) and flattened (most `az network …` output), objects, lists, `--query`
//! subsets and cut-off fragments.
//!
//! Here: recognition, the walk over the JSON and which kind each object is (`classify`, the
//! pasted command's hint); each resource family is read in its own file: `vault.rs` (vaults,
//! network rules, access policies, private endpoint connections), `endpoint.rs` (private
//! endpoints), `network.rs` (network interfaces), `dns.rs` (zones, links, A records, zone
//! groups), `roles.rs` (role assignments).

use std::collections::HashMap;
use std::net::IpAddr;

use super::json::{self, Node, Value};
use super::parser::Parser;
use super::projection;
use super::{Kind, Reader};
use crate::engine::facts::*;
use crate::engine::net::parse_addr;

mod dns;
mod endpoint;
mod federation;
mod identity;
mod network;
mod perimeter;
mod roles;
mod vault;

/// This reader's entry in the registry: one parser for every az and ARM JSON kind.
pub static PARSER: Parser =
    Parser::source(|source| sniff(source.text), |reader, source, facts| parse(reader, source.text, facts))
        .precedence(2);

/// How sure we are the paste holds Azure resource JSON (0–100).
pub fn sniff(text: &str) -> u8 {
    if !text.contains('{') && !text.contains('[') {
        return 0;
    }
    const KEYS: [&str; 27] = [
        "\"vaulturi\"",
        "\"privatelinkserviceconnections\"",
        "\"ipconfigurations\"",
        "\"arecords\"",
        "\"virtualnetworklinkstate\"",
        "\"numberofrecordsets\"",
        "\"privatednszoneconfigs\"",
        "\"roledefinitionname\"",
        "\"roledefinitionid\"",
        "\"privatelinkserviceconnectionstate\"",
        "\"networkacls\"",
        "\"defaultaction\"",
        "\"enablerbacauthorization\"",
        "\"customdnsconfigs\"",
        "\"publicnetworkaccess\"",
        "\"numberofvirtualnetworklinks\"",
        "\"registrationenabled\"",
        "\"accesspolicies\"",
        "microsoft.network/",
        "microsoft.keyvault/",
        "\"userassignedidentities\"",
        "\"kubeletidentity\"",
        "microsoft.managedidentity/",
        "networksecurityperimeter",
        // The resource the code runs in (`az webapp show`, `az containerapp show`, `az aks show`).
        "microsoft.web/sites/",
        "microsoft.app/containerapps/",
        "microsoft.containerservice/managedclusters/",
    ];
    let head: String = text.chars().take(200_000).collect::<String>().to_ascii_lowercase();
    if command_hint(text).is_some() {
        return 90;
    }
    let hits = KEYS.iter().filter(|k| head.contains(*k)).count() as u8;
    // A federated identity credential (`az ad app federated-credential list` names no type).
    let federated = ["\"issuer\":", "\"subject\":", "\"audiences\":"].iter().all(|k| head.contains(*k));
    if federated {
        return 70u8.max(50 + hits.saturating_mul(10)).min(100);
    }
    let role_list = head.contains("role assignment") && head.contains('[');
    // One property only Azure resources carry is already strong evidence.
    let score = if hits == 0 { 0 } else { 50 + hits.saturating_mul(10) };
    score.max(if role_list { 50 } else { 0 }).min(100)
}

/// Reads every resource found; returns the kind most of them were.
pub fn parse(reader: &mut Reader, text: &str, facts: &mut Facts) -> Kind {
    let doc = json::parse(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let hint = command_hint(text);
    if let Some((_, line)) = hint {
        reader.use_line(line);
    }
    let mut ctx = Ctx {
        input: reader.input,
        text,
        lines: &lines,
        roots: &doc.roots,
        kinds: Vec::new(),
        hint: hint.map(|(k, _)| k),
        notes: Vec::new(),
        zones_named: Vec::new(),
    };
    // Brackets inside the command line (`--query "[].name"`) are not output.
    let command_line = hint.map(|(_, line)| line);
    let mentions_roles = text.to_ascii_lowercase().contains("role assignment");
    let role_lists_before = facts.role_lists.len();
    for root in doc.roots.iter().filter(|r| Some(r.line) != command_line) {
        if root.items().is_empty() && mentions_roles {
            facts.role_lists.push(RoleAssignmentList { assignments: Vec::new(), at: ctx.at_node(root) });
            ctx.kinds.push(Kind::AzRoleAssignments);
        }
        ctx.walk(root, facts, 0);
    }
    if let Some((id, line)) = hint
        .and_then(|(kind, line)| (kind == Kind::AzRoleAssignments).then_some(line))
        .and_then(|line| roles::assignee(text, line))
    {
        let at = ctx.at(line);
        for list in facts.role_lists.iter_mut().skip(role_lists_before) {
            for assignment in list.assignments.iter_mut().filter(|a| a.principal_id.is_none()) {
                assignment.principal_id = Some(Located::new(id, at.clone()));
            }
        }
    }
    for span in &doc.spans {
        reader.use_lines(span.0, span.1);
    }
    for problem in doc.problems {
        reader.note(problem);
    }
    for note in ctx.notes {
        reader.note(note);
    }
    most_frequent(&ctx.kinds).unwrap_or(Kind::Unknown)
}

/// The kind read most often; on a tie, the one read first.
fn most_frequent(kinds: &[Kind]) -> Option<Kind> {
    let mut counts: HashMap<Kind, usize> = HashMap::new();
    for kind in kinds {
        *counts.entry(*kind).or_default() += 1;
    }
    let mut best: Option<(Kind, usize)> = None;
    for kind in kinds {
        let n = counts.get(kind).copied().unwrap_or(0);
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((*kind, n));
        }
    }
    best.map(|(kind, _)| kind)
}

struct Ctx<'a> {
    input: usize,
    text: &'a str,
    lines: &'a [&'a str],
    /// Every document of the paste, to name the path to a value quoted on its own.
    roots: &'a [Node],
    kinds: Vec<Kind>,
    /// What the pasted command line says the output is, for `--query` subsets.
    hint: Option<Kind>,
    /// How renamed `--query` keys were read, for the paste's summary.
    notes: Vec<String>,
    /// Zones named by a link's or record's id or fqdn so far (see `zone_named`).
    zones_named: Vec<String>,
}

/// A line up to this long is quoted whole where no member is known (a list's opening line);
/// past it, cut (`…`). A value's evidence is its member whenever its line holds more.
const WHOLE_LINE: usize = 160;

/// The longest member quoted: an object or list value past it is cut (`…`).
const LONGEST_MEMBER: usize = 200;

impl Ctx<'_> {
    fn at(&self, line: usize) -> Evidence {
        let text = self.lines.get(line - 1).copied().unwrap_or("").trim();
        if text.chars().count() <= WHOLE_LINE {
            return Evidence::line(self.input, line, text);
        }
        let cut: String = text.chars().take(LONGEST_MEMBER).collect();
        Evidence::line(self.input, line, &format!("{cut}…"))
    }

    /// Evidence for one value: its line when the line is this member (pretty-printed JSON),
    /// else the member itself (`"publicNetworkAccess":"Disabled"`) and where it sits
    /// (`(in properties)`), whatever the paste's layout: one-line objects, minified
    /// `az … | jq -c`, a REST body on one line.
    fn at_node(&self, node: &Node) -> Evidence {
        let line = self.lines.get(node.line - 1).copied().unwrap_or("").trim();
        let member = self.text.get(node.span.0..node.span.1).unwrap_or("").trim();
        if member.is_empty() || member.contains('\n') || line.trim_end_matches(',').trim_end() == member {
            // Pretty-printed: the line is this member (or more than one line is).
            return Evidence::line(self.input, node.line, line);
        }
        let mut quote: String = member.chars().take(LONGEST_MEMBER).collect();
        if quote.len() < member.len() {
            quote.push('…');
        }
        let path = json::path_to(self.roots, node.span.0);
        if !path.is_empty() {
            quote = format!("{quote} (in {path})");
        }
        Evidence::line(self.input, node.line, &quote)
    }

    fn text(&self, node: Option<&Node>) -> Option<LocatedText> {
        let node = node?;
        node.text().filter(|t| !t.is_empty()).map(|t| Located::new(t.to_string(), self.at_node(node)))
    }

    /// An enumerated Azure value, typed here once.
    /// A Microsoft Entra id, typed here once; a mask or placeholder is none.
    fn id(&self, node: Option<&Node>) -> Option<Located<EntraId>> {
        let node = node?;
        EntraId::parse(node.text()?).map(|id| Located::new(id, self.at_node(node)))
    }

    fn value<T>(&self, node: Option<&Node>, parse: fn(&str) -> T) -> Option<Located<T>> {
        self.text(node).map(|t| t.map(|v| parse(&v)))
    }

    fn addr(&self, node: &Node) -> Option<Located<IpAddr>> {
        node.text().and_then(parse_addr).map(|a| Located::new(a, self.at_node(node)))
    }

    fn walk(&mut self, node: &Node, facts: &mut Facts, depth: usize) {
        if depth > 4 {
            return;
        }
        match &node.value {
            Value::Array(items) => {
                if let Some(list) = self.role_names(items, node.line) {
                    facts.role_lists.push(list);
                    self.kinds.push(Kind::AzRoleAssignments);
                    return;
                }
                let before = facts.role_lists.len();
                for item in items {
                    self.walk(item, facts, depth + 1);
                }
                self.merge_role_items(facts, before, node.line);
            }
            Value::Object(_) if self.host_resource(node, facts) && !self.resource(node, facts) => {
                for (key, child) in node.members() {
                    if matches!(child.value, Value::Array(_) | Value::Object(_)) && !key.eq_ignore_ascii_case("error") {
                        self.walk(child, facts, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    /// An App Service app, container app or AKS cluster (`az webapp show`, `az containerapp
    /// show`, `az aks show`): its name and resource group fill that host's commands. Always
    /// true: the node is read on as whatever else it is (its identity block, …).
    fn host_resource(&mut self, node: &Node, facts: &mut Facts) -> bool {
        let Some(id) = node.get("id").and_then(Node::text) else { return true };
        if let Some((host, name, group)) = crate::engine::azure_id::host(id) {
            let (name_kind, group_kind) = match host {
                crate::engine::azure_id::HostType::Site => (SignalKind::AppName, SignalKind::AppResourceGroup),
                crate::engine::azure_id::HostType::ContainerApp => {
                    (SignalKind::ContainerAppName, SignalKind::ContainerAppResourceGroup)
                }
                crate::engine::azure_id::HostType::Cluster => {
                    (SignalKind::ClusterName, SignalKind::ClusterResourceGroup)
                }
            };
            let at = self.at_node(node);
            facts.add_signal(name_kind, name, at.clone());
            facts.add_signal(group_kind, group, at);
        }
        true
    }

    /// Reads `node` as one resource if it is one; false otherwise.
    fn resource(&mut self, node: &Node, facts: &mut Facts) -> bool {
        // A perimeter association is the vault's network rules, kept apart from the vault's own.
        if perimeter::is_perimeter(node) {
            facts.perimeters.push(self.perimeter(node));
            self.kinds.push(Kind::AzNetworkRules);
            return true;
        }
        // `az keyvault show --query "{name, publicNetworkAccess}"` looks like network rules alone.
        let kind = match (classify(node), self.hint) {
            (Some(Kind::AzNetworkRules), Some(Kind::AzKeyvault)) => Some(Kind::AzKeyvault),
            (classified, hint) => classified.or(hint),
        };
        match kind {
            Some(Kind::AzKeyvault) | Some(Kind::AzNetworkRules) => facts.vaults.push(self.vault(node)),
            Some(Kind::AzPrivateEndpoint) => {
                let mut endpoint = self.endpoint(node);
                self.project_endpoint(node, &mut endpoint);
                facts.endpoints.push(endpoint);
            }
            Some(Kind::AzPeConnection) => {
                let connection = self.connection(node, Side::Vault);
                facts.vaults.push(VaultConfig {
                    connections: vec![connection],
                    connections_shown: true,
                    ..VaultConfig::default()
                });
            }
            Some(Kind::AzNic) => facts.nics.push(self.nic(node)),
            Some(Kind::AzDnsZone) => facts.zones.extend(self.zone(node)),
            Some(Kind::AzDnsLink) => {
                let link = self.link(node);
                self.zone_named(node, link.zone.as_deref(), facts);
                facts.links.push(link);
            }
            Some(Kind::AzDnsRecord) => {
                let record = self.record(node);
                self.zone_named(node, record.as_ref().and_then(|r| r.zone.as_deref()), facts);
                facts.records.extend(record);
            }
            Some(Kind::AzDnsZoneGroup) => self.zone_group(node, facts),
            Some(Kind::AzIdentity) => self.identity(node, facts),
            Some(Kind::AzFederatedCredential) => facts.federated_credentials.push(self.federated_credential(node)),
            Some(Kind::AzRoleAssignments) => match self.role_assignment(node) {
                Some(list) => facts.role_lists.push(list),
                None => return true,
            },
            _ => return false,
        }
        self.kinds.push(kind.unwrap_or(Kind::Unknown));
        true
    }
}

/// What kind of resource an object is, by its `type` or by properties only it has.
fn classify(node: &Node) -> Option<Kind> {
    let ty = node.get("type").and_then(Node::text).unwrap_or_default().to_ascii_lowercase();
    let by_type = match ty.as_str() {
        "microsoft.keyvault/vaults" | "microsoft.keyvault/managedhsms" => Some(Kind::AzKeyvault),
        "microsoft.keyvault/vaults/privateendpointconnections"
        | "microsoft.keyvault/managedhsms/privateendpointconnections" => Some(Kind::AzPeConnection),
        "microsoft.network/privateendpoints" => Some(Kind::AzPrivateEndpoint),
        "microsoft.network/networkinterfaces" => Some(Kind::AzNic),
        "microsoft.network/privatednszones" => Some(Kind::AzDnsZone),
        "microsoft.network/privatednszones/virtualnetworklinks" => Some(Kind::AzDnsLink),
        "microsoft.network/privatednszones/a" => Some(Kind::AzDnsRecord),
        "microsoft.network/privateendpoints/privatednszonegroups" => Some(Kind::AzDnsZoneGroup),
        "microsoft.authorization/roleassignments" => Some(Kind::AzRoleAssignments),
        "microsoft.managedidentity/userassignedidentities" => Some(Kind::AzIdentity),
        "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials" => {
            Some(Kind::AzFederatedCredential)
        }
        _ if identity::is_identity(node, &ty) => Some(Kind::AzIdentity),
        _ => None,
    };
    if by_type.is_some() {
        return by_type;
    }
    let has = |key: &str| node.prop(key).is_some();
    Some(
        if has("vaultUri")
            || has("hsmUri")
            || has("enableRbacAuthorization")
            || has("accessPolicies")
            || has("networkAcls")
            || has("tenantId") && has("sku")
        {
            Kind::AzKeyvault
        } else if has("privateLinkServiceConnections")
            || has("manualPrivateLinkServiceConnections")
            || has("customDnsConfigs")
        {
            Kind::AzPrivateEndpoint
        } else if has("privateLinkServiceConnectionState") && (has("privateEndpoint") || !has("privateLinkServiceId")) {
            Kind::AzPeConnection
        } else if has("ipConfigurations") {
            Kind::AzNic
        } else if has("aRecords") || has("recordSetName") && has("ipAddresses") {
            Kind::AzDnsRecord
        } else if has("virtualNetworkLinkState") || has("registrationEnabled") && has("virtualNetwork") {
            Kind::AzDnsLink
        } else if has("numberOfRecordSets") || has("numberOfVirtualNetworkLinks") {
            Kind::AzDnsZone
        } else if has("privateDnsZoneConfigs") {
            Kind::AzDnsZoneGroup
        } else if has("roleDefinitionName") || has("roleDefinitionId") && has("principalId") {
            Kind::AzRoleAssignments
        } else if has("issuer") && has("subject") {
            Kind::AzFederatedCredential
        } else if projection::is_endpoint(node) {
            Kind::AzPrivateEndpoint
        } else if has("defaultAction") || has("ipRules") || has("bypass") || has("publicNetworkAccess") {
            Kind::AzNetworkRules
        } else {
            return None;
        },
    )
}

/// The kind of output an `az` command or Az PowerShell cmdlet in the paste prints, and its line.
fn command_hint(text: &str) -> Option<(Kind, usize)> {
    const HINTS: [(&str, Kind); 20] = [
        ("federated-credential", Kind::AzFederatedCredential),
        ("network nic", Kind::AzNic),
        ("get-aznetworkinterface", Kind::AzNic),
        ("private-endpoint-connection", Kind::AzPeConnection),
        ("dns-zone-group", Kind::AzDnsZoneGroup),
        ("network private-endpoint", Kind::AzPrivateEndpoint),
        ("get-azprivateendpoint", Kind::AzPrivateEndpoint),
        ("private-dns link", Kind::AzDnsLink),
        ("get-azprivatednsvirtualnetworklink", Kind::AzDnsLink),
        ("private-dns record-set", Kind::AzDnsRecord),
        ("get-azprivatednsrecordset", Kind::AzDnsRecord),
        ("private-dns zone", Kind::AzDnsZone),
        ("get-azprivatednszone", Kind::AzDnsZone),
        ("role assignment", Kind::AzRoleAssignments),
        ("get-azroleassignment", Kind::AzRoleAssignments),
        ("keyvault network-rule", Kind::AzNetworkRules),
        ("keyvault show", Kind::AzKeyvault),
        ("keyvault list", Kind::AzKeyvault),
        ("get-azkeyvault", Kind::AzKeyvault),
        ("identity show", Kind::AzIdentity),
    ];
    text.lines().take(2000).enumerate().find_map(|(i, line)| {
        let lower = line.to_ascii_lowercase();
        let is_command = lower.contains("az ") || lower.contains("get-az");
        let kind = HINTS.iter().find(|(needle, _)| is_command && lower.contains(needle)).map(|(_, k)| *k)?;
        Some((kind, i + 1))
    })
}
