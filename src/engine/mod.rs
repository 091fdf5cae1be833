//! The rule engine: pastes → recognise → parse → facts → checks → report.
//!
//! Pure Rust with no web dependency, deterministic, shared by the page and the CLI.

pub mod azure_id;
pub mod checks;
pub mod facts;
pub mod guide;
pub mod input;
pub mod net;
pub mod redact;
pub mod render;
pub mod report;
pub mod share;
pub mod vault;

use facts::Facts;
use input::Kind;
use report::{Report, Step, VaultInfo};

/// One paste as the user gave it, with an optional override of the recognised kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paste {
    pub text: String,
    pub kind: Option<Kind>,
}

impl Paste {
    pub fn new(text: impl Into<String>) -> Paste {
        Paste { text: text.into(), kind: None }
    }
}

/// The whole diagnosis for a set of pastes. Empty pastes keep their number but are not listed.
pub fn diagnose(pastes: &[Paste]) -> Report {
    diagnose_case(pastes, None)
}

/// The diagnosis with the vault name the user gave (fills commands when the pastes name none).
pub fn diagnose_case(pastes: &[Paste], vault: Option<&str>) -> Report {
    let mut facts = Facts::default();
    let inputs: Vec<_> = pastes
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.text.trim().is_empty())
        .map(|(i, p)| input::read(i + 1, &p.text, p.kind, &mut facts))
        .collect();
    let case = checks::Case::new(&facts, vault);
    let steps: Vec<Step> = checks::ALL
        .iter()
        .map(|check| {
            let outcome = (check.run)(&case);
            Step {
                id: check.id,
                status: outcome.status,
                title: outcome.title,
                explanation: check.explanation(),
                evidence: outcome.evidence,
                fix: outcome.fix,
                next: outcome.next,
            }
        })
        .collect();
    let vault = case.vault.as_ref().map(|v| VaultInfo {
        name: v.name.clone(),
        host: v.public_host(),
        cloud: v.cloud.id,
        service: v.service,
    });
    let mut notes = Vec::new();
    if let (Some(vault), false) = (&case.vault, case.other_vaults.is_empty()) {
        notes.push(format!(
            "The pastes are about more than one vault ({}, {}): diagnosing {}, the one most of them name. Diagnose the others separately.",
            vault.name,
            case.other_vaults.join(", "),
            vault.name
        ));
    }
    if let (Some(vault), Some(other)) = (&case.vault, case.other_names_note()) {
        notes.push(format!("Diagnosing {}; {other}, so it was not diagnosed.", vault.public_host()));
    }
    let refused =
        facts.signals(facts::SignalKind::HttpStatus).filter_map(|s| s.value.parse::<u16>().ok()).find(|s| *s >= 400);
    let verdict = report::verdict(&steps, &inputs, refused);
    Report { version: 1, vault, inputs, symptoms: Vec::new(), steps, verdict, notes }
}

/// Convenience for callers holding plain text (CLI, tests).
pub fn diagnose_texts(texts: &[&str]) -> Report {
    let pastes: Vec<Paste> = texts.iter().map(|t| Paste::new(*t)).collect();
    diagnose(&pastes)
}
