//! The rule engine: pastes → recognise → parse → facts → checks → report.
#![deny(clippy::string_slice, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//!
//! Pure Rust with no web dependency, deterministic, shared by the page and the CLI.

pub mod azure_id;
pub mod checks;
pub mod collector;
pub mod facts;
pub mod input;
pub mod kind;
pub mod names;
pub mod net;
pub mod page_text;
pub mod protocol;
pub mod public_dns;
pub mod redact;
pub mod render;
pub mod report;
pub mod share;
pub mod size;
pub mod symptoms;
pub mod vault;

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use facts::Facts;
use kind::Kind;
use report::{InputSummary, Report, Step, VaultInfo};

/// Which kvdoctor this is: the crate version, and the short commit when built from git
/// (`0.1.0+3f2a1bc`). Reports and the page name it, so two answers can be told apart.
pub const VERSION: &str = env!("KVDOCTOR_VERSION");

/// One paste as the user gave it, with an optional override of the recognised kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    diagnose_case_on(pastes, vault, None)
}

/// [`diagnose_case`] with where the user said the code runs ([`facts::HOST_CHOICES`]): it
/// decides the commands when no paste shows the host.
pub fn diagnose_case_on(pastes: &[Paste], vault: Option<&str>, host: Option<facts::Platform>) -> Report {
    let reads: Vec<PasteRead> =
        pastes.iter().enumerate().filter_map(|(i, p)| read_paste(i + 1, &p.text, p.kind)).collect();
    diagnose_reads_on(&reads.iter().collect::<Vec<_>>(), vault, host)
}

/// One paste read on its own: how it was understood and the facts it holds. The page keeps
/// these, so an edit re-reads only the paste that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasteRead {
    pub summary: InputSummary,
    pub facts: Facts,
}

/// Reads paste number `index` (1-based); `None` for a blank paste, which keeps its number but
/// is not listed.
pub fn read_paste(index: usize, text: &str, kind: Option<Kind>) -> Option<PasteRead> {
    if text.trim().is_empty() {
        return None;
    }
    PASTES_READ.fetch_add(1, Ordering::Relaxed);
    let mut facts = Facts::default();
    let summary = input::read(index, text, kind, &mut facts);
    Some(PasteRead { summary, facts })
}

static PASTES_READ: AtomicUsize = AtomicUsize::new(0);

/// How many non-blank pastes were read since the program started: lets the page's tests prove
/// that an edit re-reads only the paste that changed.
pub fn pastes_read() -> usize {
    PASTES_READ.load(Ordering::Relaxed)
}

/// The diagnosis of pastes already read, in paste order: their facts merged into one case.
pub fn diagnose_reads(reads: &[&PasteRead], vault: Option<&str>) -> Report {
    diagnose_reads_on(reads, vault, None)
}

/// [`diagnose_reads`] with the user's choice of host.
pub fn diagnose_reads_on(reads: &[&PasteRead], vault: Option<&str>, host: Option<facts::Platform>) -> Report {
    let facts = Facts::merged(reads.iter().map(|r| &r.facts));
    let inputs: Vec<InputSummary> = reads.iter().map(|r| r.summary.clone()).collect();
    let case = checks::Case::with_host(&facts, vault, host);
    let mut steps: Vec<Step> = checks::ALL
        .iter()
        .map(|check| {
            let outcome = (check.run)(&case);
            Step {
                id: Cow::Borrowed(check.id),
                status: outcome.status,
                title: outcome.title,
                explanation: Cow::Borrowed(checks::explanation(check.id)),
                evidence: outcome.evidence,
                evidence_omitted: outcome.omitted,
                fix: outcome.fix,
                next: outcome.next,
            }
        })
        .collect();
    let weighed = checks::weight::weigh(&case, &mut steps);
    let vault = case.vault.as_ref().map(|v| VaultInfo {
        name: v.name.clone(),
        host: v.public_host(),
        cloud: Cow::Borrowed(v.cloud.id),
        service: v.service,
    });
    let mut notes = Vec::new();
    if case.refused_hint {
        notes.push(vault::REFUSED_NAME.to_string());
    }
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
    notes.extend(case.host_note());
    notes.extend(case.history_note());
    notes.extend(checks::commands::name_notes(&case));
    let refused =
        facts.signals(facts::SignalKind::HttpStatus).filter_map(|s| s.value.parse::<u16>().ok()).find(|s| *s >= 400);
    let mut verdict = report::verdict(&steps, &inputs, refused);
    if let Some((reached, set_aside)) = weighed {
        verdict.summary = format!("{} {}", verdict.summary, checks::weight::sentence(&reached, &set_aside));
    }
    let symptoms = symptoms::symptoms(&facts);
    Report { version: 1, kvdoctor: Cow::Borrowed(VERSION), vault, inputs, symptoms, steps, verdict, notes }
}

/// Where the code runs: what the pastes show (the first that shows it), else the user's choice,
/// as the diagnosis of the same reads decides it ([`checks::Case::platform`]).
pub fn platform_of(reads: &[&PasteRead], host: Option<facts::Platform>) -> Option<facts::Platform> {
    let pasted = reads.iter().find_map(|r| r.facts.signal(facts::SignalKind::Platform));
    pasted.map(|p| facts::Platform::parse(&p.value)).or(host)
}

/// Convenience for callers holding plain text (CLI, tests).
pub fn diagnose_texts(texts: &[&str]) -> Report {
    let pastes: Vec<Paste> = texts.iter().map(|t| Paste::new(*t)).collect();
    diagnose(&pastes)
}
