//! The evidence model: everything the parsers read, each value tied to where it was read.

mod azure;
mod dns;
mod environment;
mod signal;
mod values;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

pub use azure::*;
pub use dns::*;
pub use environment::*;
pub use signal::*;
pub use values::*;

/// Where a fact came from: which paste (1-based), which lines (1-based), and the text itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Evidence {
    pub input: usize,
    pub lines: Vec<usize>,
    pub quote: String,
}

/// Checks pass borrowed evidence to [`crate::engine::checks::Outcome::evidence`], which clones
/// only what it keeps.
impl From<&Evidence> for Evidence {
    fn from(e: &Evidence) -> Evidence {
        e.clone()
    }
}

impl Evidence {
    pub fn line(input: usize, line: usize, quote: &str) -> Evidence {
        Evidence { input, lines: vec![line], quote: quote.trim().to_string() }
    }
}

/// A value and the evidence for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub at: Evidence,
}

impl<T> Located<T> {
    pub fn new(value: T, at: Evidence) -> Located<T> {
        Located { value, at }
    }

    /// The same evidence for a value read from this one (a string typed as an enum).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Located<U> {
        Located { value: f(self.value), at: self.at }
    }
}

/// All facts read from all pastes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub lookups: Vec<DnsLookup>,
    pub signals: Vec<Signal>,
    pub vaults: Vec<VaultConfig>,
    pub endpoints: Vec<PrivateEndpoint>,
    pub nics: Vec<Nic>,
    pub zones: Vec<Zone>,
    pub links: Vec<ZoneLink>,
    pub records: Vec<ARecord>,
    pub role_lists: Vec<RoleAssignmentList>,
    /// Managed identities from identity JSON (`az webapp identity show`, `az aks show`, …).
    pub identities: Vec<ManagedIdentity>,
    /// The claims of pasted access tokens (never the tokens).
    pub tokens: Vec<TokenClaims>,
    /// Actions a refusal named (data plane or Azure Resource Manager), typed where read. Their
    /// text is a signal too (`RbacAction`, `ManagementAction`), so they are not counted twice.
    pub actions: Vec<Located<RbacAction>>,
    /// Network security perimeter associations and configurations.
    pub perimeters: Vec<PerimeterAssociation>,
    /// Federated identity credentials (`az identity federated-credential list`).
    pub federated_credentials: Vec<FederatedCredential>,
    /// The environments pasted (`kubectl describe pod`, `env`): which variables are present.
    pub environments: Vec<Environment>,
    /// Each recorded signal's hash → its index in `signals`, so recording stays linear in their
    /// number without a second copy of every value and quote.
    signal_index: HashMap<u64, usize>,
}

impl Facts {
    /// How many values were read, for "N values read" (each located value counts once).
    pub fn count(&self) -> usize {
        let lookups: usize = self.lookups.iter().map(DnsLookup::count).sum();
        let vaults: usize = self.vaults.iter().map(VaultConfig::count).sum();
        let endpoints: usize = self.endpoints.iter().map(PrivateEndpoint::count).sum();
        let nics: usize = self.nics.iter().map(|n| n.addresses.len() + 1).sum();
        let records: usize = self.records.iter().map(|r| r.addresses.len() + 1).sum();
        let roles: usize = self.role_lists.iter().map(|r| r.assignments.len().max(1)).sum();
        let identities: usize = self
            .identities
            .iter()
            .map(|i| usize::from(i.principal_id.is_some()) + usize::from(i.client_id.is_some()))
            .sum();
        lookups
            + self.signals.len()
            + vaults
            + endpoints
            + nics
            + self.zones.len()
            + self.links.len()
            + records
            + roles
            + identities
            + self.tokens.len()
            + self.perimeters.iter().map(|p| usize::from(p.mode.is_some()) + p.inbound.len()).sum::<usize>()
            + self.environments.iter().map(Environment::count).sum::<usize>()
            + self.federated_credentials.len()
    }

    /// Records a signal once, however many readers notice it.
    pub fn add_signal(&mut self, kind: SignalKind, value: impl Into<String>, at: Evidence) {
        let signal = Signal { kind, value: value.into(), at };
        if signal.value.is_empty() {
            return;
        }
        let mut hasher = DefaultHasher::new();
        signal.hash(&mut hasher);
        let key = hasher.finish();
        let known = match self.signal_index.get(&key).and_then(|&i| self.signals.get(i)) {
            Some(same) if *same == signal => true,
            // Two signals with one hash: rare enough to settle by a scan.
            Some(_) => self.signals.contains(&signal),
            None => false,
        };
        if !known {
            self.signal_index.entry(key).or_insert(self.signals.len());
            self.signals.push(signal);
        }
    }

    /// All facts of several pastes, in the order given.
    pub fn merged<'a>(parts: impl IntoIterator<Item = &'a Facts>) -> Facts {
        let mut all = Facts::default();
        for part in parts {
            all.lookups.extend_from_slice(&part.lookups);
            for signal in &part.signals {
                all.add_signal(signal.kind, signal.value.clone(), signal.at.clone());
            }
            all.vaults.extend_from_slice(&part.vaults);
            all.endpoints.extend_from_slice(&part.endpoints);
            all.nics.extend_from_slice(&part.nics);
            all.zones.extend_from_slice(&part.zones);
            all.links.extend_from_slice(&part.links);
            all.records.extend_from_slice(&part.records);
            all.role_lists.extend_from_slice(&part.role_lists);
            all.identities.extend_from_slice(&part.identities);
            all.tokens.extend_from_slice(&part.tokens);
            all.perimeters.extend_from_slice(&part.perimeters);
            all.environments.extend_from_slice(&part.environments);
            all.federated_credentials.extend_from_slice(&part.federated_credentials);
            for action in &part.actions {
                all.add_action(action.clone());
            }
        }
        all
    }

    /// Every fact in order, as text (signal index aside: its order is the hasher's). Share links
    /// compare it to tell whether a shortened paste still reads the same; every field is named,
    /// so a new one cannot be left out of the comparison.
    pub fn outline(&self) -> String {
        let Facts {
            lookups,
            signals,
            vaults,
            endpoints,
            nics,
            zones,
            links,
            records,
            role_lists,
            identities,
            tokens,
            actions,
            perimeters,
            environments,
            federated_credentials,
            signal_index: _,
        } = self;
        format!(
            "{lookups:?}{signals:?}{vaults:?}{endpoints:?}{nics:?}{zones:?}{links:?}{records:?}{role_lists:?}{identities:?}{tokens:?}{actions:?}{perimeters:?}{environments:?}{federated_credentials:?}"
        )
    }

    /// Records a refused action once, however many lines name it.
    pub fn add_action(&mut self, action: Located<RbacAction>) {
        if !self.actions.contains(&action) {
            self.actions.push(action);
        }
    }

    /// The first action refused on `plane`.
    pub fn action(&self, plane: ActionPlane) -> Option<&Located<RbacAction>> {
        self.actions.iter().find(|a| a.value.plane == plane)
    }

    /// Signals of one kind, in paste order.
    pub fn signals(&self, kind: SignalKind) -> impl Iterator<Item = &Signal> {
        self.signals.iter().filter(move |s| s.kind == kind)
    }

    pub fn signal(&self, kind: SignalKind) -> Option<&Signal> {
        self.signals(kind).next()
    }
}
