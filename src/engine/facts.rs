//! The evidence model: everything the parsers read, each value tied to where it was read.

use std::net::IpAddr;

use serde::Serialize;

use super::input::Kind;

/// Where a fact came from: which paste (1-based), which lines (1-based), and the text itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub input: usize,
    pub lines: Vec<usize>,
    pub quote: String,
}

impl Evidence {
    pub fn line(input: usize, line: usize, quote: &str) -> Evidence {
        Evidence {
            input,
            lines: vec![line],
            quote: quote.trim().to_string(),
        }
    }
}

/// A value and the evidence for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub at: Evidence,
}

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsLookup {
    pub tool: Kind,
    /// The name asked for (command line, interactive prompt or the answer's first name).
    pub query: Option<Located<String>>,
    /// The resolver that answered, when the tool names it.
    pub server: Option<Located<IpAddr>>,
    /// Whether the user chose the server on the command line (a comparison, not the app's path).
    pub server_chosen: bool,
    /// Every name in the answer, in chain order (aliases and the canonical name).
    pub names: Vec<Located<String>>,
    pub addresses: Vec<Located<IpAddr>>,
    /// Address lines redacted by hand (`***.***.***.***`).
    pub masked: Vec<Evidence>,
    pub failure: Option<Located<DnsFailure>>,
}

impl DnsLookup {
    pub fn new(tool: Kind) -> DnsLookup {
        DnsLookup {
            tool,
            query: None,
            server: None,
            server_chosen: false,
            names: Vec::new(),
            addresses: Vec::new(),
            masked: Vec::new(),
            failure: None,
        }
    }

    /// Whether anything beyond the resolver header was read.
    pub fn has_result(&self) -> bool {
        !self.names.is_empty()
            || !self.addresses.is_empty()
            || !self.masked.is_empty()
            || self.failure.is_some()
    }

    pub fn all_names(&self) -> impl Iterator<Item = &Located<String>> {
        self.query.iter().chain(self.names.iter())
    }
}

/// All facts read from all pastes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub lookups: Vec<DnsLookup>,
}

impl Facts {
    pub fn count(&self) -> usize {
        self.lookups
            .iter()
            .map(|l| {
                usize::from(l.query.is_some())
                    + usize::from(l.server.is_some())
                    + l.names.len()
                    + l.addresses.len()
                    + l.masked.len()
                    + usize::from(l.failure.is_some())
            })
            .sum()
    }
}
