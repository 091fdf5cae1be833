//! Every check, one per file, in the order a request travels (CHECKS.md).
//!
//! Each check is declared with [`declare_check!`]: its doc comment is its documentation in
//! rustdoc *and* the explanation shown on the page and in the CLI, so the two cannot drift.
//! Each file ends with its passing and failing examples.

mod case;
pub mod commands;
mod outcome;

mod dns_private_address;
mod dns_privatelink_alias;
mod dns_resolver;
mod dns_resolves;

pub use case::Case;
pub use outcome::Outcome;

/// A check: a stable id, its documentation and the rule.
pub struct Check {
    pub id: &'static str,
    /// The generic question the step answers (titles in reports are specific to the case).
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
        self.section("Why it matters")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Declares a check whose doc comment is kept as its runtime documentation.
macro_rules! declare_check {
    ($(#[doc = $doc:literal])* $vis:vis $name:ident { id: $id:literal, title: $title:literal, run: $run:path $(,)? }) => {
        $(#[doc = $doc])*
        $vis const $name: $crate::engine::checks::Check = $crate::engine::checks::Check {
            id: $id,
            title: $title,
            docs: concat!($($doc, "\n"),*),
            run: $run,
        };
    };
}
pub(crate) use declare_check;

/// All checks in diagnosis order.
pub const ALL: &[Check] = &[
    dns_resolves::DNS_RESOLVES,
    dns_privatelink_alias::DNS_PRIVATELINK_ALIAS,
    dns_private_address::DNS_PRIVATE_ADDRESS,
    dns_resolver::DNS_RESOLVER,
];

pub fn find(id: &str) -> Option<&'static Check> {
    ALL.iter().find(|c| c.id == id)
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::engine::report::{Status, Step};

    /// Diagnoses `pastes` and returns the step `id`, for the examples beside each check.
    pub fn step(pastes: &[&str], id: &str) -> Step {
        let report = crate::engine::diagnose_texts(pastes);
        report
            .steps
            .into_iter()
            .find(|s| s.id == id)
            .expect("every check reports a step")
    }

    pub fn status(pastes: &[&str], id: &str) -> Status {
        step(pastes, id).status
    }
}

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
                assert!(
                    !check.section(heading).is_empty(),
                    "{} lacks '## {heading}'",
                    check.id
                );
            }
        }
    }
}
