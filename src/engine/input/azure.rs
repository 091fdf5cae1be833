//! `az … show/list` JSON and ARM JSON (portal "JSON view", REST bodies), both shapes: ARM
//! (`properties: {…}`) and flattened (most `az network …` output), objects, lists, `--query`
//! subsets and cut-off fragments.

use std::collections::HashMap;
use std::net::IpAddr;

use super::json::{self, Node, Value};
use super::parser::Parser;
use super::projection::{self, Shape};
use super::{Kind, Reader};
use crate::engine::azure_id;
use crate::engine::facts::*;
use crate::engine::net::parse_addr;

/// This reader's entry in the registry: one parser for every az and ARM JSON kind.
pub static PARSER: Parser = Parser {
    sniff: |source| sniff(source.text),
    read: |reader, source, facts| parse(reader, source.text, facts),
    dns_tool: false,
    precedence: 2,
};

/// How sure we are the paste holds Azure resource JSON (0–100).
pub fn sniff(text: &str) -> u8 {
    if !text.contains('{') && !text.contains('[') {
        return 0;
    }
    const KEYS: [&str; 22] = [
        "\"vaulturi\"",
        "\"privatelinkserviceconnections\"",
        "\"ipconfigurations\"",
        "\"arecords\"",
        "\"virtualnetworklinkstate\"",
        "\"numberofrecordsets\"",
        "\"privatednszoneconfigs\"",
        "\"roledefinitionname\"",
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
    ];
    let head: String = text.chars().take(200_000).collect::<String>().to_ascii_lowercase();
    if command_hint(text).is_some() {
        return 90;
    }
    let hits = KEYS.iter().filter(|k| head.contains(*k)).count() as u8;
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
    let mut ctx =
        Ctx { input: reader.input, lines: &lines, kinds: Vec::new(), hint: hint.map(|(k, _)| k), notes: Vec::new() };
    // Brackets inside the command line (`--query "[].name"`) are not output.
    let command_line = hint.map(|(_, line)| line);
    let mentions_roles = text.to_ascii_lowercase().contains("role assignment");
    let role_lists_before = facts.role_lists.len();
    for root in doc.roots.iter().filter(|r| Some(r.line) != command_line) {
        if root.items().is_empty() && mentions_roles {
            facts.role_lists.push(RoleAssignmentList { assignments: Vec::new(), at: ctx.at(root.line) });
            ctx.kinds.push(Kind::AzRoleAssignments);
        }
        ctx.walk(root, facts, 0);
    }
    if let Some((id, line)) = hint
        .and_then(|(kind, line)| (kind == Kind::AzRoleAssignments).then_some(line))
        .and_then(|line| assignee(text, line))
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
    lines: &'a [&'a str],
    kinds: Vec<Kind>,
    /// What the pasted command line says the output is, for `--query` subsets.
    hint: Option<Kind>,
    /// How renamed `--query` keys were read, for the paste's summary.
    notes: Vec<String>,
}

const ROLE_HINTS: [&str; 6] =
    ["Owner", "Contributor", "Reader", "Key Vault", "User Access Administrator", "Administrator"];

impl Ctx<'_> {
    fn at(&self, line: usize) -> Evidence {
        Evidence::line(self.input, line, self.lines.get(line - 1).copied().unwrap_or(""))
    }

    fn text(&self, node: Option<&Node>) -> Option<LocatedText> {
        let node = node?;
        node.text().filter(|t| !t.is_empty()).map(|t| Located::new(t.to_string(), self.at(node.line)))
    }

    /// An enumerated Azure value, typed here once.
    fn value<T>(&self, node: Option<&Node>, parse: fn(&str) -> T) -> Option<Located<T>> {
        self.text(node).map(|t| t.map(|v| parse(&v)))
    }

    fn addr(&self, node: &Node) -> Option<Located<IpAddr>> {
        node.text().and_then(parse_addr).map(|a| Located::new(a, self.at(node.line)))
    }

    fn walk(&mut self, node: &Node, facts: &mut Facts, depth: usize) {
        if depth > 4 {
            return;
        }
        match &node.value {
            Value::Array(items) => {
                let roles: Vec<&Node> = items
                    .iter()
                    .filter(|i| i.text().is_some_and(|t| ROLE_HINTS.iter().any(|h| t.contains(h))))
                    .collect();
                if !roles.is_empty() && roles.len() == items.len() {
                    // `--query "[].roleDefinitionName"`
                    let assignments = roles
                        .iter()
                        .filter_map(|r| self.text(Some(r)))
                        .map(|role| RoleAssignment {
                            role,
                            principal_id: None,
                            principal_name: None,
                            principal_type: None,
                            scope: None,
                        })
                        .collect();
                    facts.role_lists.push(RoleAssignmentList { assignments, at: self.at(node.line) });
                    self.kinds.push(Kind::AzRoleAssignments);
                    return;
                }
                let before = facts.role_lists.len();
                for item in items {
                    self.walk(item, facts, depth + 1);
                }
                self.merge_role_items(facts, before, node.line);
            }
            Value::Object(_) if !self.resource(node, facts) => {
                for (key, child) in node.members() {
                    if matches!(child.value, Value::Array(_) | Value::Object(_)) && !key.eq_ignore_ascii_case("error") {
                        self.walk(child, facts, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    /// Role assignments found one per object in a list become one list.
    fn merge_role_items(&mut self, facts: &mut Facts, before: usize, line: usize) {
        if facts.role_lists.len() <= before + 1 {
            return;
        }
        let assignments = facts.role_lists.drain(before..).flat_map(|l| l.assignments).collect();
        facts.role_lists.push(RoleAssignmentList { assignments, at: self.at(line) });
    }

    /// Reads `node` as one resource if it is one; false otherwise.
    fn resource(&mut self, node: &Node, facts: &mut Facts) -> bool {
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
            Some(Kind::AzDnsZone) => {
                if let Some(name) = self.text(node.get("name")) {
                    let resource_group = node
                        .get("resourceGroup")
                        .and_then(Node::text)
                        .map(str::to_string)
                        .or_else(|| node.get("id").and_then(Node::text).and_then(azure_id::resource_group));
                    let link_count = node
                        .prop("numberOfVirtualNetworkLinks")
                        .and_then(|n| n.text()?.parse().ok().map(|v| Located::new(v, self.at(n.line))));
                    facts.zones.push(Zone { name, resource_group, link_count });
                }
            }
            Some(Kind::AzDnsLink) => facts.links.push(self.link(node)),
            Some(Kind::AzDnsRecord) => facts.records.extend(self.record(node)),
            Some(Kind::AzDnsZoneGroup) => self.zone_group(node, facts),
            Some(Kind::AzIdentity) => self.identity(node, facts),
            Some(Kind::AzRoleAssignments) => {
                let Some(role) = self.text(node.prop("roleDefinitionName")) else {
                    return true;
                };
                let assignment = RoleAssignment {
                    role,
                    principal_id: self.id(node.prop("principalId")),
                    principal_name: node.prop("principalName").and_then(Node::text).map(str::to_string),
                    principal_type: self.value(node.prop("principalType"), PrincipalType::parse),
                    scope: node.prop("scope").and_then(Node::text).map(str::to_string),
                };
                let at = self.at(node.line);
                facts.role_lists.push(RoleAssignmentList { assignments: vec![assignment], at });
            }
            _ => return false,
        }
        self.kinds.push(kind.unwrap_or(Kind::Unknown));
        true
    }

    fn vault(&self, node: &Node) -> VaultConfig {
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
        let whole_at = || node.prop("vaultUri").map(|n| self.at(n.line));
        VaultConfig {
            name: self.text(node.get("name")),
            id: self.text(node.get("id")),
            uri: self.text(node.prop("vaultUri").or_else(|| node.prop("hsmUri"))),
            tenant: self.text(node.prop("tenantId")),
            rbac: node
                .prop("enableRbacAuthorization")
                .and_then(|n| n.as_bool().map(|b| Located::new(b, self.at(n.line)))),
            public_access: self.value(node.prop("publicNetworkAccess"), PublicNetworkAccess::parse),
            default_action: self.value(acls.prop("defaultAction"), DefaultAction::parse),
            bypass: self.value(acls.prop("bypass"), Bypass::parse),
            ip_rules: rules("ipRules"),
            vnet_rules: rules("virtualNetworkRules"),
            acls_shown: acls.prop("ipRules").is_some() || acls.prop("defaultAction").is_some(),
            acls_null: match node.prop("networkAcls") {
                Some(acls) => (acls.value == Value::Null).then(|| self.at(acls.line)),
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
            connections_at: connections.map(|n| self.at(n.line)).or_else(|| whole.then(whole_at).flatten()),
        }
    }

    /// A Microsoft Entra id, typed here once; a mask or placeholder is none.
    fn id(&self, node: Option<&Node>) -> Option<Located<EntraId>> {
        let node = node?;
        EntraId::parse(node.text()?).map(|id| Located::new(id, self.at(node.line)))
    }

    /// A managed identity block: `az webapp/vm identity show` (`principalId`, `type`,
    /// `userAssignedIdentities`), `az identity show` (`clientId`, `principalId`), an AKS
    /// kubelet identity (`clientId`, `objectId`).
    fn identity(&self, node: &Node, facts: &mut Facts) {
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

    fn connection(&self, node: &Node, side: Side) -> PeConnection {
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

    /// A `--query` projection of a private endpoint (none of its own keys): every value whose
    /// shape says what it is fills the endpoint and its connection, and the summary says how.
    fn project_endpoint(&mut self, node: &Node, endpoint: &mut PrivateEndpoint) {
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

    fn endpoint(&self, node: &Node) -> PrivateEndpoint {
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

    fn nic(&self, node: &Node) -> Nic {
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

    fn link(&self, node: &Node) -> ZoneLink {
        ZoneLink {
            name: self.text(node.get("name")),
            zone: node.get("id").and_then(Node::text).and_then(azure_id::zone),
            vnet: self.text(node.path("virtualNetwork.id")),
            state: self.value(node.prop("virtualNetworkLinkState"), LinkState::parse),
            registration: node
                .prop("registrationEnabled")
                .and_then(|n| n.as_bool().map(|b| Located::new(b, self.at(n.line)))),
            resolution_policy: self.value(node.prop("resolutionPolicy"), ResolutionPolicy::parse),
        }
    }

    fn record(&self, node: &Node) -> Option<ARecord> {
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
        let ttl = node.prop("ttl").and_then(|n| n.text()?.parse().ok().map(|v| Located::new(v, self.at(n.line))));
        Some(ARecord { name, zone, addresses, ttl })
    }

    fn zone_group(&self, node: &Node, facts: &mut Facts) {
        for config in node.prop("privateDnsZoneConfigs").map(Node::items).unwrap_or_default() {
            let zone_id = config.prop("privateDnsZoneId");
            let zone_name = zone_id.and_then(Node::text).and_then(azure_id::zone);
            if let (Some(id), Some(name)) = (zone_id, &zone_name) {
                facts.zones.push(Zone {
                    name: Located::new(name.clone(), self.at(id.line)),
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
        _ if is_identity(node, &ty) => Some(Kind::AzIdentity),
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
        } else if has("roleDefinitionName") {
            Kind::AzRoleAssignments
        } else if projection::is_endpoint(node) {
            Kind::AzPrivateEndpoint
        } else if has("defaultAction") || has("ipRules") || has("bypass") || has("publicNetworkAccess") {
            Kind::AzNetworkRules
        } else {
            return None;
        },
    )
}

/// A managed identity block: a principal id with the identity's `type` (`SystemAssigned`,
/// `SystemAssigned, UserAssigned`), its user-assigned identities, a client id beside the
/// principal id (`az identity show`), or an AKS kubelet identity (`clientId`, `objectId`,
/// `resourceId`). An access policy (`objectId`, `tenantId`, `permissions`) is none of them.
fn is_identity(node: &Node, ty: &str) -> bool {
    let has = |key: &str| node.prop(key).is_some();
    let typed = ty.contains("systemassigned") || ty.contains("userassigned");
    has("principalId") && (typed || has("clientId") || has("userAssignedIdentities"))
        || has("clientId") && has("objectId") && has("resourceId") && !has("permissions")
}

/// The object id the pasted `az role assignment list --assignee <id>` asked for, and its
/// line: the output lists that principal's assignments even when a `--query` left its id out.
fn assignee(text: &str, line: usize) -> Option<(EntraId, usize)> {
    let command = text.lines().nth(line.checked_sub(1)?)?;
    let mut words = command.split_whitespace();
    while let Some(word) = words.next() {
        let value = match word.split_once('=') {
            Some(("--assignee" | "--assignee-object-id", value)) => Some(value),
            None if word == "--assignee" || word == "--assignee-object-id" => words.next(),
            _ => None,
        };
        if let Some(id) = value.and_then(|v| EntraId::parse(v.trim_matches(['"', '\'']))) {
            return Some((id, line));
        }
    }
    None
}

/// The kind of output an `az` command or Az PowerShell cmdlet in the paste prints, and its line.
fn command_hint(text: &str) -> Option<(Kind, usize)> {
    const HINTS: [(&str, Kind); 19] = [
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
