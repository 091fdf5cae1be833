//! The diagnosis as users see it: ordered steps and one verdict.

use serde::Serialize;

use super::facts::Evidence;
use super::input::InputSummary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Warn,
    Unknown,
    Skip,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::Unknown => "unknown",
            Status::Skip => "skip",
        }
    }

    /// A symbol that reads without colour (the word is always shown beside it).
    pub fn icon(self) -> &'static str {
        match self {
            Status::Pass => "✔",
            Status::Fail => "✖",
            Status::Warn => "▲",
            Status::Unknown => "?",
            Status::Skip => "–",
        }
    }

    /// Higher is worse; combines several findings of one check.
    pub fn severity(self) -> u8 {
        match self {
            Status::Skip => 0,
            Status::Pass => 1,
            Status::Unknown => 2,
            Status::Warn => 3,
            Status::Fail => 4,
        }
    }
}

/// What to do: a sentence and commands ready to copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    pub text: String,
    pub commands: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: &'static str,
    pub status: Status,
    pub title: String,
    pub explanation: &'static str,
    pub evidence: Vec<Evidence>,
    /// Evidence lines found beyond those quoted (see `MAX_EVIDENCE`); absent from JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub evidence_omitted: usize,
    pub fix: Option<Action>,
    pub next: Option<Action>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VaultInfo {
    pub name: String,
    pub host: String,
    pub cloud: &'static str,
    pub service: super::vault::Service,
}

/// An observed failure (HTTP status, error code, client address); filled by error parsers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Symptom {
    pub http_status: Option<u16>,
    pub code: Option<String>,
    pub client_address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub status: Status,
    pub primary: Option<&'static str>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub version: u32,
    pub vault: Option<VaultInfo>,
    pub inputs: Vec<InputSummary>,
    pub symptoms: Vec<Symptom>,
    pub steps: Vec<Step>,
    pub verdict: Verdict,
    /// Things the reader should know that belong to no single step.
    pub notes: Vec<String>,
}

impl Report {
    pub fn has_fail(&self) -> bool {
        self.steps.iter().any(|s| s.status == Status::Fail)
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// Primary cause: the first `fail` in request order, else the first `warn`, else no fault.
pub fn verdict(steps: &[Step], any_input: bool) -> Verdict {
    let first = |status| steps.iter().find(|s| s.status == status);
    if let Some(step) = first(Status::Fail).or_else(|| first(Status::Warn)) {
        let action = step.fix.as_ref().map(|f| format!(" {}", f.text)).unwrap_or_default();
        return Verdict { status: step.status, primary: Some(step.id), summary: format!("{}.{action}", step.title) };
    }
    let summary = if !any_input {
        "Nothing to diagnose yet: paste the output of nslookup for your vault's name.".to_string()
    } else if let Some(unknown) = first(Status::Unknown) {
        let next = unknown.next.as_ref().map(|n| format!(" Next: {}", n.text)).unwrap_or_default();
        format!("No fault found in the evidence given.{next}")
    } else {
        "No fault found in the evidence given.".to_string()
    };
    let status = if first(Status::Unknown).is_some() || !any_input { Status::Unknown } else { Status::Pass };
    Verdict { status, primary: None, summary }
}
