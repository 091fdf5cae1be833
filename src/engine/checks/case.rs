//! What the checks look at: the facts, narrowed to the one vault being diagnosed.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::engine::azure_id;
use crate::engine::facts::*;
use crate::engine::net::{scope, Scope};
use crate::engine::vault::{
    other_privatelink_service, placeholder_host, typed, url_host, Cloud, VaultHost, CLOUDS, PUBLIC_CLOUD,
};

pub struct Case<'f> {
    pub facts: &'f Facts,
    /// The vault being diagnosed: the one most of the evidence names.
    pub vault: Option<VaultHost>,
    /// The client's own lookups of one of the vault's names (never a public resolver's).
    pub lookups: Vec<&'f DnsLookup>,
    /// Answers about the vault from a public resolver (`public-dns` pastes): what the internet
    /// sees, by design never what the client's network resolves.
    pub public: Vec<&'f DnsLookup>,
    /// Other names looked up (another vault, another service), reported rather than diagnosed.
    pub other_names: Vec<String>,
    /// Other vaults the pastes name.
    pub other_vaults: Vec<String>,
    /// Everything known about the vault's configuration, merged from all pastes.
    pub config: VaultConfig,
    /// The vault name given was not a vault's ([`crate::engine::vault::typed`]): set aside.
    pub refused_hint: bool,
    /// The identity that called, when the pastes name it (a 403's caller, a token's claims).
    pub caller: Option<Caller>,
    /// Where the user said the code runs (the page's host control, the CLI's `--host`): used
    /// only when no paste shows it ([`Case::platform`]).
    pub host_choice: Option<Platform>,
    /// Each paste's current App Service reference status (the last one it shows): an earlier
    /// one of another kind in the same paste is history ([`Case::is_history`]).
    current_reference: BTreeMap<usize, (SignalKind, usize)>,
}

/// App Service reference statuses that follow one another as the app's identity is set up
/// (`MSINotEnabled`, then `AccessToKeyVaultDenied` once the identity exists, `OtherReasons`):
/// a portal copy holding two of them was copied at two moments, and the later one is current.
/// Statuses of one reference's own definition (syntax, a missing secret) and `Resolved` are
/// left out: several references listed at once each have their own.
const REFERENCE_PROGRESS: &[SignalKind] =
    &[SignalKind::ReferenceIdentityMissing, SignalKind::ReferenceAccessDenied, SignalKind::ReferenceUnresolved];

/// A reference status signal as the portal writes the status (`MSINotEnabled`).
pub fn reference_status(signal: &Signal) -> String {
    match signal.kind {
        SignalKind::ReferenceIdentityMissing => ResolveStatus::MsiNotEnabled.to_string(),
        SignalKind::ReferenceAccessDenied => ResolveStatus::AccessToKeyVaultDenied.to_string(),
        _ => match ResolveStatus::parse(&signal.value) {
            ResolveStatus::Other(_) => "a status the platform gave no reason for".to_string(),
            status => status.to_string(),
        },
    }
}

fn first_line(signal: &Signal) -> usize {
    signal.at.lines.first().copied().unwrap_or(0)
}

/// The last reference status of [`REFERENCE_PROGRESS`] in each paste, with its line.
fn current_references(facts: &Facts) -> BTreeMap<usize, (SignalKind, usize)> {
    let mut current: BTreeMap<usize, (SignalKind, usize)> = BTreeMap::new();
    for signal in facts.signals.iter().filter(|s| REFERENCE_PROGRESS.contains(&s.kind)) {
        let line = first_line(signal);
        let entry = current.entry(signal.at.input).or_insert((signal.kind, line));
        if line >= entry.1 {
            *entry = (signal.kind, line);
        }
    }
    current
}

impl<'f> Case<'f> {
    /// `hint` is the vault name the user typed (or a link carried); the evidence wins when it
    /// names a vault, and a different name is then reported.
    pub fn new(facts: &'f Facts, hint: Option<&str>) -> Case<'f> {
        let (found, mut other_vaults) = choose_vault(facts);
        let typed = hint.map_or(Ok(None), typed);
        let refused_hint = typed.is_err();
        let hinted = typed.ok().flatten();
        let vault = match (found, hinted) {
            (Some(found), Some(hinted)) => {
                if !found.same_vault(&hinted) && !other_vaults.contains(&hinted.name) {
                    other_vaults.push(hinted.name.clone());
                }
                Some(found)
            }
            (found, hinted) => found.or(hinted),
        };
        let about_vault = |l: &DnsLookup| vault.as_ref().is_some_and(|v| l.all_names().any(|n| v.owns(&n.value)));
        let public_dns = |l: &&DnsLookup| l.public_resolver;
        let lookups = facts.lookups.iter().filter(|l| about_vault(l) && !public_dns(l)).collect();
        let public = facts.lookups.iter().filter(|l| about_vault(l) && public_dns(l)).collect();
        let mut other_names: Vec<String> = Vec::new();
        for lookup in facts.lookups.iter().filter(|l| !about_vault(l)) {
            // The query names the lookup; a privatelink alias in its chain names the service.
            let telling =
                lookup.names.iter().find(|n| other_privatelink_service(&n.value).is_some()).or(lookup.query.as_ref());
            // An empty query (`nslookup` alone) names nothing: no ": is not a Key Vault name".
            if let Some(name) = telling.filter(|n| !n.value.trim().is_empty()) {
                if !other_names.contains(&name.value) {
                    other_names.push(name.value.clone());
                }
            }
        }
        let config = merge_configs(facts, vault.as_ref());
        let caller = caller(facts);
        Case {
            facts,
            vault,
            lookups,
            public,
            other_names,
            other_vaults,
            config,
            refused_hint,
            caller,
            host_choice: None,
            current_reference: current_references(facts),
        }
    }

    /// [`Case::new`] with the user's choice of host (`None`: no choice).
    pub fn with_host(facts: &'f Facts, hint: Option<&str>, host: Option<Platform>) -> Case<'f> {
        Case { host_choice: host, ..Case::new(facts, hint) }
    }

    /// The vault's name for commands, or a placeholder the user fills in.
    pub fn vault_name(&self) -> String {
        self.vault.as_ref().map_or_else(|| "<vault-name>".to_string(), |v| v.name.clone())
    }

    /// The vault's cloud; the public cloud when no vault is known.
    pub fn cloud(&self) -> &'static Cloud {
        self.vault.as_ref().map_or(&PUBLIC_CLOUD, |v| v.cloud)
    }

    /// The zone a custom DNS server forwards to Azure DNS (`vaultcore.azure.net`).
    pub fn forwarded_zone(&self) -> &'static str {
        let zone = self.zone();
        zone.strip_prefix("privatelink.").unwrap_or(zone)
    }

    /// The host name clients must call.
    pub fn host(&self) -> String {
        self.vault.as_ref().map_or_else(placeholder_host, VaultHost::public_host)
    }

    pub fn zone(&self) -> &'static str {
        self.vault.as_ref().and_then(VaultHost::zone).or(PUBLIC_CLOUD.vault_zone).unwrap_or_default()
    }

    /// The vault's resource group, when a resource id showed it.
    pub fn resource_group(&self) -> String {
        self.config
            .id
            .as_ref()
            .and_then(|id| azure_id::resource_group(&id.value))
            .unwrap_or_else(|| "<resource-group>".to_string())
    }

    /// The vault's resource group for commands about the vault itself: the vault's own id, else
    /// a private endpoint connection's target that is this vault (`privateLinkServiceId`).
    pub fn vault_resource_group(&self) -> String {
        let own = self.config.id.as_ref().and_then(|id| azure_id::resource_group(&id.value));
        let name = self.vault.as_ref().map(|v| v.name.as_str());
        let target = || {
            let targets = self.facts.endpoints.iter().flat_map(|e| &e.connections).filter_map(|c| c.target.as_ref());
            targets
                .filter(|t| azure_id::vault(&t.value).is_some_and(|v| name.is_some_and(|n| v.eq_ignore_ascii_case(n))))
                .find_map(|t| azure_id::resource_group(&t.value))
        };
        own.or_else(target).unwrap_or_else(|| "<resource-group>".to_string())
    }

    /// Lookups that produced at least one address (real or masked).
    pub fn answered(&self) -> impl Iterator<Item = &'f DnsLookup> + '_ {
        self.lookups.iter().copied().filter(|l| !l.addresses.is_empty() || !l.masked.is_empty())
    }

    /// Addresses the vault name resolved to, and where a connection actually went.
    pub fn resolved(&self) -> impl Iterator<Item = Located<IpAddr>> + '_ {
        let answered = self.answered().flat_map(|l| l.addresses.iter().cloned());
        let connected = self
            .facts
            .signals(SignalKind::ConnectedAddress)
            .filter_map(|s| crate::engine::net::parse_addr(&s.value).map(|ip| Located::new(ip, s.at.clone())));
        answered.chain(connected)
    }

    /// Evidence that an approved private endpoint exists: the vault's privatelink alias in the
    /// client's chain, else in a public resolver's (Azure publishes the alias in public DNS, so
    /// it means the same from anywhere).
    pub fn private_link(&self) -> Option<Evidence> {
        self.alias_in(&self.lookups).or_else(|| self.public_private_link())
    }

    /// The privatelink alias as a public resolver showed it.
    pub fn public_private_link(&self) -> Option<Evidence> {
        self.alias_in(&self.public)
    }

    fn alias_in(&self, lookups: &[&DnsLookup]) -> Option<Evidence> {
        let alias = self.vault.as_ref()?.privatelink_host()?;
        lookups.iter().flat_map(|l| l.names.iter()).find(|n| n.value == alias).map(|n| n.at.clone())
    }

    /// A public resolver's answer of one kind: `NxDomain` proves the name does not exist.
    pub fn public_failure(&self, failure: DnsFailure) -> Option<Evidence> {
        self.public.iter().filter_map(|l| l.failure.as_ref()).find(|f| f.value == failure).map(|f| f.at.clone())
    }

    /// Public answers that resolved the name to an address.
    pub fn public_answered(&self) -> impl Iterator<Item = &'f DnsLookup> + '_ {
        self.public.iter().copied().filter(|l| !l.addresses.is_empty())
    }

    /// Evidence that the vault has (or needs) a private endpoint, from any paste.
    pub fn private_endpoint_evidence(&self) -> Option<Evidence> {
        self.private_link()
            .or_else(|| self.endpoints().first().and_then(|e| e.name.as_ref().or(e.id.as_ref())).map(|n| n.at.clone()))
            .or_else(|| {
                self.config
                    .connections
                    .first()
                    .and_then(|c| c.status.as_ref().map(|s| &s.at).or(c.name.as_ref().map(|n| &n.at)))
                    .cloned()
            })
            .or_else(|| self.code("ForbiddenByConnection").map(|s| s.at.clone()))
            .or_else(|| self.signal(SignalKind::TcpConnectionDenied).map(|s| s.at.clone()))
    }

    /// Private endpoints that target this vault (or that name no target at all).
    pub fn endpoints(&self) -> Vec<&'f PrivateEndpoint> {
        self.facts
            .endpoints
            .iter()
            .filter(|e| {
                let targets: Vec<String> = e
                    .connections
                    .iter()
                    .filter_map(|c| c.target.as_ref())
                    .filter_map(|t| azure_id::vault(&t.value))
                    .collect();
                targets.is_empty() || self.vault.as_ref().is_none_or(|v| targets.contains(&v.name))
            })
            .collect()
    }

    /// Every private endpoint connection seen, vault side and endpoint side.
    pub fn connections(&self) -> Vec<&PeConnection> {
        self.config.connections.iter().chain(self.endpoints().into_iter().flat_map(|e| e.connections.iter())).collect()
    }

    /// The private endpoint's address as Azure assigned it: `customDnsConfigs` for the vault's
    /// name, else the endpoint NIC's address.
    pub fn endpoint_addresses(&self) -> Vec<Located<IpAddr>> {
        let host = self.host();
        let mut out: Vec<Located<IpAddr>> = self
            .endpoints()
            .into_iter()
            .flat_map(|e| e.dns_configs.iter())
            .filter(|(fqdn, _)| fqdn.is_empty() || fqdn.trim_end_matches('.') == host)
            .flat_map(|(_, ips)| ips.iter().cloned())
            .collect();
        for nic in &self.facts.nics {
            if nic.fqdns.is_empty() || nic.fqdns.iter().any(|f| f.trim_end_matches('.') == host) {
                out.extend(nic.addresses.iter().cloned());
            }
        }
        out
    }

    /// A records in the private zone named after this vault (any casing), and ones named wrongly.
    pub fn records(&self) -> Vec<&'f ARecord> {
        self.facts.records.iter().filter(|r| r.zone.as_deref().is_none_or(is_vault_zone)).collect()
    }

    /// The vault's network security perimeter associations (or configurations): those whose
    /// resource is this vault, or names no vault.
    pub fn perimeters(&self) -> Vec<&'f PerimeterAssociation> {
        self.facts
            .perimeters
            .iter()
            .filter(|p| {
                let named = p.resource.as_ref().and_then(|r| azure_id::vault(&r.value));
                match (named, &self.vault) {
                    (Some(named), Some(vault)) => named == vault.name,
                    _ => true,
                }
            })
            .collect()
    }

    /// The first signal of a kind, history aside ([`Case::is_history`]).
    pub fn signal(&self, kind: SignalKind) -> Option<&'f Signal> {
        if REFERENCE_PROGRESS.contains(&kind) {
            return self.facts.signals(kind).find(|s| !self.is_history(s));
        }
        self.facts.signal(kind)
    }

    /// An App Service reference status that a later one of another kind in the same paste
    /// replaced: the portal panel copied before and after a change (`MSINotEnabled`, the
    /// identity enabled, then `AccessToKeyVaultDenied`). The later one is the current status.
    pub fn is_history(&self, signal: &Signal) -> bool {
        REFERENCE_PROGRESS.contains(&signal.kind)
            && self
                .current_reference
                .get(&signal.at.input)
                .is_some_and(|(kind, line)| *kind != signal.kind && *line > first_line(signal))
    }

    /// The reference statuses the pastes show that later ones replaced, each with the one that
    /// replaced it.
    pub fn reference_history(&self) -> Vec<(&'f Signal, &'f Signal)> {
        let mut out: Vec<(&'f Signal, &'f Signal)> = Vec::new();
        for old in self.facts.signals.iter().filter(|s| self.is_history(s)) {
            if out.iter().any(|(seen, _)| seen.kind == old.kind && seen.at.input == old.at.input) {
                continue;
            }
            let Some((kind, _)) = self.current_reference.get(&old.at.input) else { continue };
            let now = self.facts.signals(*kind).find(|s| s.at.input == old.at.input && first_line(s) > first_line(old));
            if let Some(now) = now {
                out.push((old, now));
            }
        }
        out
    }

    /// The sentence for the report when a paste shows a reference status and a later one:
    /// the earlier is history, the later is what the checks read.
    pub fn history_note(&self) -> Option<String> {
        let (old, now) = self.reference_history().into_iter().next()?;
        Some(format!(
            "Paste {} shows the Key Vault reference's status twice: {} (line {}), then {} (line {}). The later one is the current status; {} is history (fixed between the two copies), so the steps read {}.",
            old.at.input,
            reference_status(old),
            first_line(old),
            reference_status(now),
            first_line(now),
            reference_status(old),
            reference_status(now)
        ))
    }

    /// Where the code runs, when a paste gives it away (a path, a variable, a platform's
    /// wording): it decides how the commands that must run there are written.
    /// What the pastes show wins over the user's choice ([`Case::host_note`] says when they
    /// disagree).
    pub fn platform(&self) -> Option<Platform> {
        self.pasted_platform().or_else(|| self.host_choice.clone())
    }

    /// Where the code runs as the pastes show it, whatever the user chose.
    pub fn pasted_platform(&self) -> Option<Platform> {
        self.signal(SignalKind::Platform).map(|p| Platform::parse(&p.value))
    }

    /// The sentence for the report when the user's choice of host and the pastes disagree: the
    /// pastes win, and the user is told so.
    pub fn host_note(&self) -> Option<String> {
        let (chosen, pasted) = (self.host_choice.as_ref()?, self.pasted_platform()?);
        let at = self.signal(SignalKind::Platform).map_or(0, |s| s.at.input);
        (chosen != &pasted).then(|| {
            format!("You said the code runs on {chosen}, but paste {at} shows {pasted}: the commands follow the paste. Check where the failing code really runs.")
        })
    }

    /// The environment of the pod the code runs in, when one was pasted (`kubectl describe
    /// pod`, or an `env` listing with `KUBERNETES_SERVICE_HOST`).
    pub fn pod_environment(&self) -> Option<&'f Environment> {
        self.facts.environments.iter().find(|e| {
            e.source == EnvironmentSource::DescribePod
                || e.variable(EnvVariable::KubernetesServiceHost).is_some()
                || e.token_mount.is_some()
        })
    }

    /// A pasted pod environment without workload identity: no `AZURE_FEDERATED_TOKEN_FILE`,
    /// no webhook mark, no projected token mount.
    pub fn pod_without_workload_identity(&self) -> Option<&'f Environment> {
        self.pod_environment().filter(|e| e.workload_identity().is_none())
    }

    /// The first sign that the code's identity never got a token (its credential, managed
    /// identity, federation, app registration or a sign-in policy failed): no request reached
    /// the vault with one, so the vault's DNS and network are not what to ask about next.
    pub fn no_token(&self) -> Option<&'f Signal> {
        use SignalKind as S;
        const NO_TOKEN: &[SignalKind] = &[
            S::CredentialChainFailed,
            S::EnvironmentIncomplete,
            S::DeveloperSignInMissing,
            S::ManagedIdentityUnavailable,
            S::ManagedIdentityTimeout,
            S::ManagedIdentityNotAssigned,
            S::ManagedIdentityAmbiguous,
            S::ManagedIdentityClientIdEmpty,
            S::PodIdentityNotBound,
            S::ReferenceIdentityMissing,
            S::CsiCredentialMissing,
            S::FederationIssuer,
            S::FederationAudience,
            S::FederationSubject,
            S::FederationNoMatch,
            S::FederatedTokenTooLong,
            S::FederatedTokenMissing,
            S::AppNotFound,
            S::ClientSecretInvalid,
            S::ClientSecretExpired,
            S::ClientCertificateInvalid,
            S::TenantNotFound,
            S::UserPasswordInvalid,
            S::ConditionalAccess,
            S::MfaRequired,
            S::DeviceRequired,
        ];
        NO_TOKEN.iter().find_map(|kind| self.signal(*kind))
    }

    pub fn signals(&self, kind: SignalKind) -> Vec<&'f Signal> {
        self.facts.signals(kind).filter(|s| !self.is_history(s)).collect()
    }

    /// An inner code (`ForbiddenByFirewall`, `AKV10032`…) named in an error.
    pub fn code(&self, code: &str) -> Option<&'f Signal> {
        self.facts.signals(SignalKind::InnerCode).find(|s| s.value.eq_ignore_ascii_case(code))
    }

    /// Whether any paste shows an HTTP status from the service.
    pub fn status(&self, status: u16) -> Option<&'f Signal> {
        let status = status.to_string();
        self.facts.signals(SignalKind::HttpStatus).find(|s| s.value == status)
    }

    /// A 403 whose layer nothing in the pastes tells (no inner code, no telling message): only
    /// then do the firewall and permission checks ask for more.
    pub fn unexplained_403(&self) -> Option<&'f Signal> {
        let explained = self.signal(SignalKind::InnerCode).is_some()
            || [
                SignalKind::TcpConnectionDenied,
                SignalKind::PublicAccessDisabled,
                SignalKind::Perimeter,
                SignalKind::MissingPermission,
                SignalKind::ObjectDisabled,
            ]
            .into_iter()
            .any(|k| self.signal(k).is_some());
        self.status(403).filter(|_| !explained)
    }

    /// Whether the vault name resolved only to private addresses.
    pub fn dns_private(&self) -> Option<bool> {
        let addresses: Vec<_> = self.answered().flat_map(|l| l.addresses.iter()).collect();
        (!addresses.is_empty()).then(|| addresses.iter().all(|a| scope(a.value) == Scope::Private))
    }

    /// A message for lookups of names that are not Key Vault names (`privatelink.blob…`).
    pub fn other_names_note(&self) -> Option<String> {
        let name = self.other_names.first()?;
        let what = match other_privatelink_service(name) {
            Some(zone) => format!("{name} belongs to another Azure service ({zone}), not Key Vault"),
            None if VaultHost::parse(name).is_some() => format!("{name} is a different vault"),
            // `nslookup https://kv1.vault.azure.net/` looks up the URL, which never resolves.
            None if url_host(name).is_some_and(|h| VaultHost::parse(h).is_some()) => format!(
                "{name} is a URL, which a name lookup cannot resolve: look up the host name alone ({})",
                url_host(name).unwrap_or_default()
            ),
            None => format!("{name} is not a Key Vault name"),
        };
        Some(what)
    }
}

/// A private DNS zone name Key Vault uses in any cloud.
pub fn is_vault_zone(zone: &str) -> bool {
    CLOUDS
        .iter()
        .flat_map(|c| [c.vault_zone, c.hsm_zone])
        .flatten()
        .any(|z| z.eq_ignore_ascii_case(zone.trim_end_matches('.')))
}

/// Counts every vault name the evidence mentions and picks the most mentioned real one.
fn choose_vault(facts: &Facts) -> (Option<VaultHost>, Vec<String>) {
    let mut hosts: Vec<VaultHost> = Vec::new();
    hosts.extend(facts.lookups.iter().flat_map(DnsLookup::all_names).filter_map(|n| VaultHost::parse(&n.value)));
    for vault in &facts.vaults {
        if let Some(host) = vault.uri.as_ref().and_then(|u| url_host(&u.value)).and_then(VaultHost::parse) {
            hosts.push(host);
        } else if let Some(name) = &vault.name {
            hosts.extend(VaultHost::named_public(&name.value));
        }
    }
    for signal in &facts.signals {
        hosts.extend(match signal.kind {
            SignalKind::VaultName => VaultHost::named_public(&signal.value),
            SignalKind::TcpConnectionDenied | SignalKind::NameNotResolved | SignalKind::HostHeader => {
                VaultHost::parse(&signal.value)
            }
            SignalKind::RequestUrl => url_host(&signal.value).and_then(VaultHost::parse),
            _ => continue,
        });
    }
    for target in facts.endpoints.iter().flat_map(|e| &e.connections).filter_map(|c| c.target.as_ref()) {
        if let Some(name) = azure_id::vault(&target.value) {
            hosts.extend(VaultHost::named_public(&name));
        }
    }
    for record in facts.records.iter().filter(|r| r.zone.as_deref().is_some_and(is_vault_zone)) {
        hosts.extend(VaultHost::parse(&format!(
            "{}.{}",
            record.name.value,
            record.zone.as_deref().unwrap_or_default()
        )));
    }
    let fqdns = facts
        .nics
        .iter()
        .flat_map(|n| n.fqdns.iter())
        .chain(facts.endpoints.iter().flat_map(|e| e.dns_configs.iter().map(|(f, _)| f)));
    hosts.extend(fqdns.filter_map(|f| VaultHost::parse(f)));
    // A name seen with its cloud (from a host) beats the public-cloud guess made from a bare name.
    let mut counts: BTreeMap<String, (usize, usize, VaultHost)> = BTreeMap::new();
    for (order, host) in hosts.into_iter().enumerate() {
        if host.is_placeholder() {
            continue;
        }
        let entry = counts.entry(host.name.clone()).or_insert((0, order, host.clone()));
        entry.0 += 1;
        if entry.2.cloud.id == "public" && host.cloud.id != "public" {
            entry.2 = host;
        }
    }
    let mut ranked: Vec<(usize, usize, VaultHost)> = counts.into_values().collect();
    ranked.sort_by_key(|(count, order, _)| (std::cmp::Reverse(*count), *order));
    let others = ranked.iter().skip(1).map(|(_, _, h)| h.name.clone()).collect();
    let chosen = ranked.into_iter().next().map(|(_, _, h)| h).or_else(|| {
        facts.lookups.iter().flat_map(DnsLookup::all_names).filter_map(|n| VaultHost::parse(&n.value)).next()
    });
    (chosen, others)
}

/// One view of the vault's configuration: every paste about this vault (or about no named
/// vault, like `network-rule list`) contributes what it showed.
fn merge_configs(facts: &Facts, vault: Option<&VaultHost>) -> VaultConfig {
    let mut merged = VaultConfig::default();
    let ours = |c: &VaultConfig| {
        let name = c
            .name
            .as_ref()
            .map(|n| n.value.to_ascii_lowercase())
            .or_else(|| c.uri.as_ref().and_then(|u| VaultHost::parse(url_host(&u.value)?).map(|h| h.name)));
        match (name, vault) {
            (Some(name), Some(v)) => name == v.name,
            _ => true,
        }
    };
    for c in facts.vaults.iter().filter(|c| ours(c)) {
        let c = c.clone();
        merged.name = merged.name.or(c.name);
        merged.id = merged.id.or(c.id);
        merged.uri = merged.uri.or(c.uri);
        merged.tenant = merged.tenant.or(c.tenant);
        merged.rbac = merged.rbac.or(c.rbac);
        merged.public_access = merged.public_access.or(c.public_access);
        merged.default_action = merged.default_action.or(c.default_action);
        merged.bypass = merged.bypass.or(c.bypass);
        merged.ip_rules.extend(c.ip_rules);
        merged.vnet_rules.extend(c.vnet_rules);
        merged.acls_shown |= c.acls_shown;
        merged.acls_null = merged.acls_null.or(c.acls_null);
        merged.access_policies.extend(c.access_policies);
        merged.policies_shown |= c.policies_shown;
        merged.connections.extend(c.connections);
        merged.connections_shown |= c.connections_shown;
        merged.connections_at = merged.connections_at.or(c.connections_at);
    }
    merged
}

/// Azure CLI's and Azure PowerShell's public application ids: a caller with one of them is a
/// user signed in to that tool, not the application's own identity.
const USER_TOOLS: [(&str, &str); 2] = [
    ("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "the Azure CLI"),
    ("1950a258-227b-4e31-a9cf-717495945fc2", "Azure PowerShell"),
];

/// The identity that called, as the pastes name it.
///
/// Built once, in [`Case::new`], and read by every step that grants to it or names it
/// (authz-caller, authz-rbac).
pub struct Caller {
    pub object_id: Option<EntraId>,
    pub app_id: Option<EntraId>,
    /// What kind of principal called, when the pastes tell (a user signed in to a tool, a
    /// token's `idtyp`, a pasted managed identity): the authz steps grant to it as that kind.
    pub kind: Option<PrincipalType>,
    /// Who it is, in words ("a user signed in to the Azure CLI (oid …)").
    pub words: String,
    pub evidence: Vec<Evidence>,
}

/// The caller named by the 403 (its `oid` and `appid`), else by a pasted token's claims.
fn caller(facts: &Facts) -> Option<Caller> {
    let id_signal = |kind| facts.signals(kind).find_map(|s| EntraId::parse(&s.value).map(|id| (id, s)));
    let oid = id_signal(SignalKind::CallerObjectId);
    let appid = id_signal(SignalKind::CallerAppId);
    let token = facts.tokens.iter().find(|t| oid.is_none_or(|(id, _)| t.object_id == Some(id)));
    let object_id = oid.map(|(id, _)| id).or(token.and_then(|t| t.object_id));
    let app_id = appid.map(|(id, _)| id).or(token.and_then(|t| t.app_id));
    if object_id.is_none() && app_id.is_none() {
        return None;
    }
    let tool = app_id.and_then(|app| USER_TOOLS.iter().find(|(id, _)| EntraId::parse(id) == Some(app)));
    let kind = token.and_then(|t| t.principal_type.clone()).or(tool.map(|_| PrincipalType::User)).or(identity_of(
        &facts.identities,
        object_id,
        app_id,
    )
    .map(|_| PrincipalType::ServicePrincipal));
    let ids = match (object_id, app_id) {
        (Some(oid), Some(app)) => format!("object id {oid}, app {app}"),
        (Some(oid), None) => format!("object id {oid}"),
        (None, Some(app)) => format!("app {app}, object id not shown"),
        (None, None) => String::new(),
    };
    let words = if let Some(identity) = identity_of(&facts.identities, object_id, app_id) {
        format!("{} ({ids})", identity_words(identity))
    } else if let Some((_, tool)) = tool {
        format!("a user signed in to {tool} ({ids})")
    } else if let Some(kind) = &kind {
        format!("{} ({ids})", kind.noun())
    } else {
        ids
    };
    let mut evidence: Vec<Evidence> = oid.iter().chain(appid.iter()).map(|(_, s)| s.at.clone()).collect();
    evidence.dedup();
    evidence.extend(token.map(|t| t.at.clone()));
    Some(Caller { object_id, app_id, kind, words, evidence })
}

/// The pasted managed identity that is this principal (by object id or client id).
pub(super) fn identity_of(
    identities: &[ManagedIdentity],
    object_id: Option<EntraId>,
    app_id: Option<EntraId>,
) -> Option<&ManagedIdentity> {
    let is =
        |id: &Option<Located<EntraId>>, want: Option<EntraId>| want.is_some() && id.as_ref().map(|i| i.value) == want;
    identities.iter().find(|i| is(&i.principal_id, object_id) || is(&i.client_id, app_id))
}

/// "the user-assigned managed identity id-contoso".
pub(super) fn identity_words(identity: &ManagedIdentity) -> String {
    match &identity.name {
        Some(name) => format!("the {} {name}", identity.kind.noun()),
        None => format!("the host's {}", identity.kind.noun()),
    }
}
