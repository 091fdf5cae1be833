//! What DNS tools printed.

use std::net::IpAddr;

use super::{Evidence, Located};

/// Why a lookup produced no address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsFailure {
    /// The name does not exist for this resolver (NXDOMAIN, "Non-existent domain").
    NxDomain,
    /// The resolver failed (SERVFAIL, "Server failed").
    ServerFailure,
    /// No resolver answered in time ("timed out", "no servers could be reached").
    Timeout,
    /// The name exists but has no address records of the type asked.
    NoAddress,
}

/// One name lookup as a DNS tool printed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnsLookup {
    /// The name asked for (command line, interactive prompt or the answer's first name).
    pub query: Option<Located<String>>,
    /// The resolver that answered, when the tool names it.
    pub server: Option<Located<IpAddr>>,
    /// Whether the user chose the server on the command line (a comparison, not the app's path).
    pub server_chosen: bool,
    /// Where the lookup was made from, when the paste labels it: a section heading
    /// (`=== via CoreDNS (10.0.0.10) ===`) or a machine ("From my laptop:").
    pub viewpoint: Option<Located<String>>,
    /// Asked of a public resolver (a `public-dns` paste): the internet's view of the name, never
    /// the client's own lookup.
    pub public_resolver: bool,
    /// Every name in the answer, in chain order (aliases and the canonical name).
    pub names: Vec<Located<String>>,
    pub addresses: Vec<Located<IpAddr>>,
    /// Address lines redacted by hand (`***.***.***.***`).
    pub masked: Vec<Evidence>,
    pub failure: Option<Located<DnsFailure>>,
}

impl DnsLookup {
    /// Whether anything beyond the resolver header was read.
    pub fn has_result(&self) -> bool {
        !self.names.is_empty() || !self.addresses.is_empty() || !self.masked.is_empty() || self.failure.is_some()
    }

    /// The lookup being read, or a new one when the output starts without a header.
    // No total std API hands back the element just pushed (`Vec::push_mut` is unstable), and
    // returning `last_mut()` from one match arm while pushing in the other does not borrow-check.
    #[allow(clippy::expect_used)]
    pub fn last_or_new(lookups: &mut Vec<DnsLookup>) -> &mut DnsLookup {
        if lookups.is_empty() {
            lookups.push(DnsLookup::default());
        }
        lookups.last_mut().expect("pushed above when empty")
    }

    pub fn all_names(&self) -> impl Iterator<Item = &Located<String>> {
        self.query.iter().chain(self.names.iter())
    }

    /// How a report names this lookup's viewpoint: its label, else its resolver.
    pub fn viewpoint_name(&self) -> Option<String> {
        match (&self.viewpoint, &self.server) {
            (Some(label), _) => Some(label.value.clone()),
            (None, Some(server)) => Some(format!("via {}", server.value)),
            (None, None) => None,
        }
    }

    pub fn count(&self) -> usize {
        usize::from(self.query.is_some())
            + usize::from(self.server.is_some())
            + self.names.len()
            + self.addresses.len()
            + self.masked.len()
            + usize::from(self.failure.is_some())
    }
}
