//! What the checks look at: the facts, narrowed to the vault being diagnosed.

use crate::engine::facts::{DnsLookup, Evidence, Facts};
use crate::engine::vault::{other_privatelink_service, VaultHost};

pub struct Case<'f> {
    pub facts: &'f Facts,
    /// The vault being diagnosed: the first vault name found in the pastes.
    pub vault: Option<VaultHost>,
    /// Lookups of one of the vault's own names.
    pub lookups: Vec<&'f DnsLookup>,
    /// Other names looked up (another vault, another service), reported rather than diagnosed.
    pub other_names: Vec<String>,
}

impl<'f> Case<'f> {
    pub fn new(facts: &'f Facts) -> Case<'f> {
        let mut hosts = facts
            .lookups
            .iter()
            .flat_map(DnsLookup::all_names)
            .filter_map(|n| VaultHost::parse(&n.value));
        let first = hosts.next();
        // A real name wins over a template left in (`<vault-name>.vault.azure.net`).
        let vault = match &first {
            Some(v) if v.is_placeholder() => hosts.find(|h| !h.is_placeholder()).or(first),
            _ => first,
        };
        let about_vault = |l: &DnsLookup| {
            vault
                .as_ref()
                .is_some_and(|v| l.all_names().any(|n| v.owns(&n.value)))
        };
        let lookups = facts.lookups.iter().filter(|l| about_vault(l)).collect();
        let mut other_names: Vec<String> = Vec::new();
        for lookup in facts.lookups.iter().filter(|l| !about_vault(l)) {
            // The query names the lookup; a privatelink alias in its chain names the service.
            let telling = lookup
                .names
                .iter()
                .find(|n| other_privatelink_service(&n.value).is_some())
                .or(lookup.query.as_ref());
            if let Some(name) = telling {
                if !other_names.contains(&name.value) {
                    other_names.push(name.value.clone());
                }
            }
        }
        Case {
            facts,
            vault,
            lookups,
            other_names,
        }
    }

    /// The vault's name for commands, or a placeholder the user fills in.
    pub fn vault_name(&self) -> String {
        self.vault
            .as_ref()
            .map_or_else(|| "<vault-name>".to_string(), |v| v.name.clone())
    }

    /// The host name clients must call.
    pub fn host(&self) -> String {
        self.vault.as_ref().map_or_else(
            || "<vault-name>.vault.azure.net".to_string(),
            VaultHost::public_host,
        )
    }

    pub fn zone(&self) -> &'static str {
        self.vault
            .as_ref()
            .and_then(VaultHost::zone)
            .unwrap_or("privatelink.vaultcore.azure.net")
    }

    /// Lookups that produced at least one address (real or masked).
    pub fn answered(&self) -> impl Iterator<Item = &'f DnsLookup> + '_ {
        self.lookups
            .iter()
            .copied()
            .filter(|l| !l.addresses.is_empty() || !l.masked.is_empty())
    }

    /// Evidence that a private endpoint is in play: the vault's privatelink alias in a chain.
    pub fn private_link(&self) -> Option<Evidence> {
        let vault = self.vault.as_ref()?;
        let alias = vault.privatelink_host()?;
        self.lookups
            .iter()
            .flat_map(|l| l.names.iter())
            .find(|n| n.value == alias)
            .map(|n| n.at.clone())
    }

    /// A message for lookups of names that are not Key Vault names (`privatelink.blob…`).
    pub fn other_names_note(&self) -> Option<String> {
        let name = self.other_names.first()?;
        let what = match other_privatelink_service(name) {
            Some(zone) => {
                format!("{name} belongs to another Azure service ({zone}), not Key Vault")
            }
            None if VaultHost::parse(name).is_some() => format!("{name} is a different vault"),
            None => format!("{name} is not a Key Vault name"),
        };
        Some(what)
    }
}
