//! Every check, one per file, in the order a request travels (docs/ARCHITECTURE.md).
//! Adding a check = one file here and one line in [`ALL`].
//!
//! Each check is declared with [`declare_check!`]: its doc comment is its documentation in
//! rustdoc *and* the explanation shown on the page and in the CLI, so the two cannot drift.
//! Each file ends with its examples: for every outcome the check can give, what a user reads
//! (status, finding, evidence, fix, next step and commands) pinned as an inline snapshot
//! (`testing::shown`, in `checks/testing.rs`).

mod case;
pub mod commands;
mod outcome;

mod roles;
pub mod weight;

mod auth_audience;
mod auth_tenant;
mod auth_token_present;
mod auth_token_valid;
mod authz_access_policy;
mod authz_caller;
mod authz_key_operations;
mod authz_model;
mod authz_rbac;
mod dns_matches_endpoint;
mod dns_private_address;
mod dns_privatelink_alias;
mod dns_resolver;
mod dns_resolves;
mod http_host_header;
mod http_vault_url;
mod identity_app;
mod identity_credential;
mod identity_federation;
mod identity_managed;
mod identity_platform;
mod identity_signin_policy;
mod net_exposure;
mod net_firewall;
mod net_perimeter;
mod net_public_access;
mod net_reachable;
mod net_trusted_services;
mod object_enabled;
mod object_exists;
mod pe_connection_approved;
mod pe_provisioning_succeeded;
mod pe_targets_vault;
mod throttling;
mod zone_a_record;
mod zone_a_record_ip;
mod zone_name;
mod zone_vnet_link;

pub use case::Case;
pub use outcome::{listing, Outcome};

/// A check: a stable id, its documentation and the rule.
pub struct Check {
    pub id: &'static str,
    /// The generic question the step answers (titles in reports are specific to the case);
    /// `--explain` and `--list-checks` show it.
    pub title: &'static str,
    /// Markdown with `## What it checks`, `## Why it matters` and `## Fix` sections.
    pub docs: &'static str,
    pub run: fn(&Case) -> Outcome,
}

impl Check {
    /// One section of the docs, without its heading, doc-comment indentation removed.
    pub fn section(&self, heading: &str) -> String {
        let mut out = Vec::new();
        let mut inside = false;
        for line in self.docs.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if let Some(h) = line.strip_prefix("## ") {
                inside = h.trim().eq_ignore_ascii_case(heading);
                continue;
            }
            if inside {
                out.push(line);
            }
        }
        out.join("\n").trim().to_string()
    }

    /// The "why it matters" paragraph, flowed onto one line for reports.
    pub fn explanation(&self) -> String {
        self.section("Why it matters").split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The "why it matters" paragraphs, `(id, text)`, flowed onto one line by build.rs from the
/// check files: a table, not work at run time (per diagnosis it cost three quarters of a small
/// case's time), and the page carries these paragraphs without the rest of the docs.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/explanations.rs"));
}

/// The check's explanation for reports: the same text as [`Check::explanation`] (tested).
pub fn explanation(id: &str) -> &'static str {
    generated::EXPLANATIONS.iter().find(|(check, _)| *check == id).map_or("", |(_, text)| text)
}

/// Declares a check whose doc comment is kept as its runtime documentation.
macro_rules! declare_check {
    ($(#[doc = $doc:literal])* $vis:vis $name:ident { id: $id:literal, title: $title:literal, run: $run:path $(,)? }) => {
        $(#[doc = $doc])*
        $vis const $name: $crate::engine::checks::Check = $crate::engine::checks::Check {
            id: $id,
            title: $title,
            // The page shows only the explanation (from build.rs), so it does not carry the docs.
            #[cfg(not(target_arch = "wasm32"))]
            docs: concat!($($doc, "\n"),*),
            #[cfg(target_arch = "wasm32")]
            docs: "",
            run: $run,
        };
    };
}
pub(crate) use declare_check;

/// All checks in diagnosis order: the order a request travels (DNS, private endpoint, zone,
/// HTTP, network, authentication, authorization, object, throttling).
pub const ALL: &[Check] = &[
    dns_resolves::DNS_RESOLVES,
    dns_privatelink_alias::DNS_PRIVATELINK_ALIAS,
    dns_private_address::DNS_PRIVATE_ADDRESS,
    dns_resolver::DNS_RESOLVER,
    dns_matches_endpoint::DNS_MATCHES_ENDPOINT,
    pe_targets_vault::PE_TARGETS_VAULT,
    pe_connection_approved::PE_CONNECTION_APPROVED,
    pe_provisioning_succeeded::PE_PROVISIONING_SUCCEEDED,
    zone_name::ZONE_NAME,
    zone_vnet_link::ZONE_VNET_LINK,
    zone_a_record::ZONE_A_RECORD,
    zone_a_record_ip::ZONE_A_RECORD_IP,
    http_vault_url::HTTP_VAULT_URL,
    http_host_header::HTTP_HOST_HEADER,
    net_reachable::NET_REACHABLE,
    net_public_access::NET_PUBLIC_ACCESS,
    net_firewall::NET_FIREWALL,
    net_trusted_services::NET_TRUSTED_SERVICES,
    net_perimeter::NET_PERIMETER,
    net_exposure::NET_EXPOSURE,
    identity_platform::IDENTITY_PLATFORM,
    identity_credential::IDENTITY_CREDENTIAL,
    identity_managed::IDENTITY_MANAGED,
    identity_federation::IDENTITY_FEDERATION,
    identity_app::IDENTITY_APP,
    identity_signin_policy::IDENTITY_SIGNIN_POLICY,
    auth_token_present::AUTH_TOKEN_PRESENT,
    auth_tenant::AUTH_TENANT,
    auth_audience::AUTH_AUDIENCE,
    auth_token_valid::AUTH_TOKEN_VALID,
    authz_model::AUTHZ_MODEL,
    authz_caller::AUTHZ_CALLER,
    authz_rbac::AUTHZ_RBAC,
    authz_access_policy::AUTHZ_ACCESS_POLICY,
    authz_key_operations::AUTHZ_KEY_OPERATIONS,
    object_exists::OBJECT_EXISTS,
    object_enabled::OBJECT_ENABLED,
    throttling::THROTTLING,
];

/// What the DNS checks after `dns-resolves` say when no lookup of the vault was pasted: they
/// ask for one only when a private endpoint is in evidence, so an authorization case does not
/// get a wall of DNS questions.
fn no_lookup(case: &Case) -> Outcome {
    match case.private_endpoint_evidence() {
        Some(at) => Outcome::unknown("No name lookup of the vault was pasted, and a private endpoint is involved")
            .evidence([at])
            .next(
                format!("Run this {} and paste the whole output.", commands::where_to_run(case)),
                vec![commands::lookup_from(case, &case.host())],
            ),
        None => Outcome::skip("Needs a lookup of the vault's name (see the first step)"),
    }
}

/// The examples' helpers; the examples run natively (insta is a native dev-dependency).
#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut ids: Vec<&str> = ALL.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        for check in ALL {
            for heading in ["What it checks", "Why it matters", "Fix"] {
                assert!(!check.section(heading).is_empty(), "{} lacks '## {heading}'", check.id);
            }
        }
    }

    /// build.rs's table holds every check once, with the paragraph its docs give.
    #[test]
    fn explanations_match_the_docs() {
        assert_eq!(generated::EXPLANATIONS.len(), ALL.len());
        for check in ALL {
            assert_eq!(explanation(check.id), check.explanation(), "{}", check.id);
        }
    }

    /// What the DNS steps after the first say without a lookup of the vault: a question when a
    /// private endpoint is in evidence, else nothing to check.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn no_lookup_examples() {
        use testing::{message, pastes, shown};
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/az-private-endpoint-clean.txt"), "dns-privatelink-alias"), @r#"
            unknown: No name lookup of the vault was pasted, and a private endpoint is involved
              > "name": "pe-fabrikam",   (paste 1, line 3)
            next: Run this on the machine that fails (Windows or Linux) and paste the whole output.
              $ nslookup fabrikam.vault.azure.net
            "#);
        insta::assert_snapshot!(shown(&[message("rbac")], "dns-privatelink-alias"), @r"skip: Needs a lookup of the vault's name (see the first step)");
    }
}
