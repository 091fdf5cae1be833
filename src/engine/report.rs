//! The diagnosis as users see it: ordered steps and one verdict.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::facts::Evidence;
use super::kind::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub text: String,
    pub commands: Vec<String>,
    /// Which of `commands` makes the change the fix is (creates, updates, approves, adds); the
    /// others inspect. Marked where the check writes its fix ([`Change`], through
    /// `Outcome::changing`), never guessed from a command's words; a short copy (the ticket)
    /// shows this one first. In JSON `"change": <index>`, absent when none is marked (the
    /// contract's reports stay as they were; the page's protocol no longer carries steps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// The place in an [`Action`]'s commands of the one that changes something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Change(pub usize);

impl Action {
    /// The command that changes something, when the check marked one.
    pub fn change_command(&self) -> Option<&String> {
        self.change.and_then(|Change(n)| self.commands.get(n))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Step {
    pub id: Cow<'static, str>,
    pub status: Status,
    pub title: String,
    pub explanation: Cow<'static, str>,
    #[serde(deserialize_with = "evidence_list")]
    pub evidence: Vec<Evidence>,
    /// Evidence lines found beyond those quoted (see `MAX_EVIDENCE`); absent from JSON when 0.
    #[serde(default)]
    pub evidence_omitted: usize,
    pub fix: Option<Action>,
    pub next: Option<Action>,
}

/// [`Evidence`] as the page's protocol reads it back, declared here so that `facts` (types the
/// engine writes, never reads) stays as it is.
#[derive(Deserialize)]
#[serde(remote = "Evidence")]
struct EvidenceDef {
    input: usize,
    lines: Vec<usize>,
    quote: String,
}

fn evidence_list<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Evidence>, D::Error> {
    #[derive(Deserialize)]
    struct One(#[serde(with = "EvidenceDef")] Evidence);
    Ok(Vec::<One>::deserialize(deserializer)?.into_iter().map(|One(e)| e).collect())
}

/// Written by hand for one field: the JSON contract leaves `evidence_omitted` out when 0, but
/// the page's protocol (a binary format, `engine::protocol`) reads fields by position, so a
/// format that is not human-readable always gets every field.
impl Serialize for Step {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let omit = serializer.is_human_readable() && self.evidence_omitted == 0;
        let mut step = serializer.serialize_struct("Step", if omit { 7 } else { 8 })?;
        step.serialize_field("id", &self.id)?;
        step.serialize_field("status", &self.status)?;
        step.serialize_field("title", &self.title)?;
        step.serialize_field("explanation", &self.explanation)?;
        step.serialize_field("evidence", &self.evidence)?;
        if omit {
            step.skip_field("evidence_omitted")?;
        } else {
            step.serialize_field("evidence_omitted", &self.evidence_omitted)?;
        }
        step.serialize_field("fix", &self.fix)?;
        step.serialize_field("next", &self.next)?;
        step.end()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultInfo {
    pub name: String,
    pub host: String,
    pub cloud: Cow<'static, str>,
    pub service: super::vault::Service,
}

/// What kind of failure a symptom is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SymptomKind {
    /// An HTTP error status, an error code or a service's error message.
    RequestFailed,
    /// A connection or a test that timed out.
    Timeout,
    ConnectionRefused,
    ConnectionReset,
    /// A proxy refused the tunnel.
    ProxyRefused,
    /// The certificate does not name the host called.
    TlsNameMismatch,
    /// The SDK refused the vault's authentication challenge.
    ChallengeMismatch,
    /// A name lookup gave no address (NXDOMAIN, SERVFAIL, no answer, `no such host`).
    NameNotResolved,
}

impl SymptomKind {
    /// The id the JSON uses (`request-failed`), for the page's markup.
    pub fn id(self) -> &'static str {
        match self {
            SymptomKind::RequestFailed => "request-failed",
            SymptomKind::Timeout => "timeout",
            SymptomKind::ConnectionRefused => "connection-refused",
            SymptomKind::ConnectionReset => "connection-reset",
            SymptomKind::ProxyRefused => "proxy-refused",
            SymptomKind::TlsNameMismatch => "tls-name-mismatch",
            SymptomKind::ChallengeMismatch => "challenge-mismatch",
            SymptomKind::NameNotResolved => "name-not-resolved",
        }
    }
}

/// What the user is experiencing, as their pastes show it: a failure, not its cause (the steps
/// find that). Filled by [`super::symptoms::symptoms`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symptom {
    pub kind: SymptomKind,
    /// One plain sentence: "The request got 403 Forbidden: ForbiddenByFirewall (client address 20.1.2.3)".
    pub summary: String,
    pub http_status: Option<u16>,
    /// The most specific error code shown: the inner code when there is one.
    pub code: Option<String>,
    pub client_address: Option<String>,
    /// The lines that show it, in paste order.
    #[serde(deserialize_with = "evidence_list")]
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub status: Status,
    pub primary: Option<Cow<'static, str>>,
    /// What is wrong and what to do, in one paragraph (text, Markdown and JSON reports).
    pub summary: String,
    /// What is wrong, without the fix or the next paste: the page's verdict box, whose first
    /// failing step (or first question) right under it says how to fix it. A prefix of
    /// `summary` in meaning, never longer.
    pub headline: String,
}

/// How one paste was read, for the report's `inputs` list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSummary {
    pub index: usize,
    pub kind: Kind,
    /// 0–100: how sure the recogniser is of `kind`.
    pub confidence: u8,
    pub lines: usize,
    pub facts: usize,
    pub notes: Vec<String>,
    /// Secrets the notes' quoted lines lost before they were cut (what, 1-based line): the
    /// report's removal list names them. Not part of the JSON: the removal list is.
    #[serde(skip)]
    pub removed: Vec<(&'static str, usize)>,
}

impl InputSummary {
    /// "12 values read from 40 lines", singular where it should be.
    pub fn read_summary(&self) -> String {
        let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
        format!("{} read from {}", plural(self.facts, "value"), plural(self.lines, "line"))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The JSON contract's version: grows only when a field changes meaning or goes away.
    pub version: u32,
    /// Which kvdoctor made the report ([`super::VERSION`]), so two answers can be told apart.
    pub kvdoctor: Cow<'static, str>,
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

    /// What would decide the open (`unknown`) steps: each distinct next action once, with the
    /// steps it settles, in the order they come. Four steps asking for the same nslookup are
    /// one question, not four.
    pub fn open_questions(&self) -> Vec<OpenQuestion<'_>> {
        let mut questions: Vec<OpenQuestion<'_>> = Vec::new();
        for step in self.steps.iter().filter(|s| s.status == Status::Unknown) {
            let Some(next) = &step.next else { continue };
            // The same commands asked for two reasons are one piece of evidence to collect.
            let same = |q: &&mut OpenQuestion<'_>| {
                if next.commands.is_empty() {
                    q.action == next
                } else {
                    q.action.commands == next.commands
                }
            };
            match questions.iter_mut().find(same) {
                Some(question) => question.steps.push(step),
                None => questions.push(OpenQuestion { action: next, steps: vec![step] }),
            }
        }
        questions
    }

    /// The diagnosis in one sentence, for a screen reader's live announcement: never the whole
    /// report, which a reader would hear again on every change.
    pub fn announcement(&self) -> String {
        let count = |status| self.steps.iter().filter(|s| s.status == status).count();
        let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
        let (fail, warn, open) = (count(Status::Fail), count(Status::Warn), count(Status::Unknown));
        let primary = self.verdict.primary.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
        match (fail, warn) {
            (0, 0) if open > 0 => format!("Diagnosis: nothing failed; {} open.", plural(open, "step")),
            (0, 0) => "Diagnosis: nothing failed.".to_string(),
            (0, w) => format!("Diagnosis: {}{primary}.", plural(w, "warning")),
            (f, _) => format!("Diagnosis: {}{primary}.", plural(f, "failing step")),
        }
    }
}

/// One thing to paste next, and the open steps it would decide.
#[derive(Debug, PartialEq, Eq)]
pub struct OpenQuestion<'r> {
    pub action: &'r Action,
    pub steps: Vec<&'r Step>,
}

/// Primary cause: the first `fail` in request order, else the first `warn`. Without either, the
/// verdict says what was read and what was not: "no fault found" only for evidence that was read
/// and passed, never for a paste kvdoctor could not read or a refusal it could not place.
/// `refused` is an HTTP error status (4xx/5xx) the pastes show.
pub fn verdict(steps: &[Step], inputs: &[InputSummary], refused: Option<u16>) -> Verdict {
    let first = |status| steps.iter().find(|s| s.status == status);
    let unread: Vec<usize> =
        inputs.iter().filter(|i| i.kind == Kind::Unknown || i.facts == 0).map(|i| i.index).collect();
    let unread_note = match unread.as_slice() {
        [] => String::new(),
        [one] => format!("kvdoctor could not read paste {one}. "),
        many => format!(
            "kvdoctor could not read pastes {}. ",
            many.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
        ),
    };
    if let Some(step) = first(Status::Fail).or_else(|| first(Status::Warn)) {
        let action = step.fix.as_ref().map(|f| format!(" {}", f.text)).unwrap_or_default();
        let unread = if unread_note.is_empty() { String::new() } else { format!(" ({})", unread_note.trim()) };
        let headline = format!("{}.{unread}", step.title);
        let summary = format!("{}.{action}{unread}", step.title);
        return Verdict { status: step.status, primary: Some(step.id.clone()), summary, headline };
    }
    // An open step that quotes the pastes asks about what the user showed: it goes first.
    let unknown =
        steps.iter().find(|s| s.status == Status::Unknown && !s.evidence.is_empty()).or_else(|| first(Status::Unknown));
    let next = unknown.and_then(|u| u.next.as_ref()).map(|n| format!(" Next: {}", n.text)).unwrap_or_default();
    let passed = steps.iter().filter(|s| s.status == Status::Pass).count();
    // What is wrong (the headline), then what the summary adds: what to paste next.
    let (headline, then) = if inputs.is_empty() {
        ("Nothing to diagnose yet".to_string(), ": paste the output of nslookup for your vault's name.".to_string())
    } else if unread.len() == inputs.len() {
        (
            format!("{unread_note}Nothing was diagnosed"),
            format!(": paste the error message your tool printed, or nslookup of the vault's name from the failing machine.{next}"),
        )
    } else if let Some(status) = refused.filter(|_| unknown.is_some()) {
        // The steps the refusal points at (they quote it) decide its cause.
        let deciding: Vec<&str> = steps
            .iter()
            .filter(|s| s.status == Status::Unknown && !s.evidence.is_empty())
            .map(|s| s.id.as_ref())
            .collect();
        let what = match deciding.as_slice() {
            [] | [_] => unknown.map(|u| u.title.clone()).unwrap_or_default(),
            many => format!("the steps that decide it need more evidence ({})", many.join(", ")),
        };
        (format!("{unread_note}The vault refused the request ({status}); {what}."), next)
    } else if let Some(status) = refused {
        (
            format!("{unread_note}The vault refused the request ({status}) and no step could place it"),
            ": paste the whole error message and the vault's settings (az keyvault show).".to_string(),
        )
    } else if let Some(u) = unknown.filter(|_| passed == 0) {
        (format!("{unread_note}Nothing failed, but nothing could be checked either: {}.", u.title), next)
    } else if unknown.is_some() {
        let open: Vec<&str> = steps.iter().filter(|s| s.status == Status::Unknown).map(|s| s.id.as_ref()).collect();
        let headline = format!(
            "{unread_note}No fault found in the {passed} step{} the evidence covers; not checked: {}.",
            if passed == 1 { "" } else { "s" },
            open.join(", ")
        );
        (headline, next)
    } else {
        (format!("{unread_note}No fault found in the evidence given."), String::new())
    };
    let summary = format!("{headline}{then}");
    // A headline cut before a colon ends as a sentence.
    let headline = if headline.ends_with('.') { headline } else { format!("{headline}.") };
    let status = if unknown.is_some() || inputs.is_empty() || !unread.is_empty() || refused.is_some() {
        Status::Unknown
    } else {
        Status::Pass
    };
    Verdict { status, primary: None, summary, headline }
}

#[cfg(test)]
mod tests {
    use crate::engine::diagnose_texts;

    #[test]
    fn one_question_per_missing_piece() {
        let report = diagnose_texts(&["Error code: ForbiddenByConnection"]);
        let questions = report.open_questions();
        let asked: Vec<&str> = questions.iter().map(|q| q.action.text.as_str()).collect();
        let mut distinct = asked.clone();
        distinct.dedup();
        assert_eq!(asked.len(), distinct.len(), "{asked:?}");
        let open = report.steps.iter().filter(|s| s.status == super::Status::Unknown && s.next.is_some()).count();
        assert_eq!(questions.iter().map(|q| q.steps.len()).sum::<usize>(), open);
        assert!(questions.len() < open, "some steps share a question: {asked:?}");
    }

    /// The page's verdict box says what is wrong; the fix is the first step's, right under it.
    #[test]
    fn the_headline_is_the_verdict_without_its_fix() {
        let failing = diagnose_texts(&["Error code: ForbiddenByConnection"]);
        let step = failing.step("net-public-access").unwrap();
        let fix = &step.fix.as_ref().unwrap().text;
        assert_eq!(failing.verdict.headline, format!("{}.", step.title));
        assert!(failing.verdict.summary.contains(fix.as_str()) && !failing.verdict.headline.contains(fix.as_str()));
        for texts in [&["nslookup x"][..], &["nothing kvdoctor reads"], &[], &["Status: 403 (Forbidden)"]] {
            let verdict = diagnose_texts(texts).verdict;
            assert!(!verdict.headline.contains("Next:") && !verdict.headline.contains(": paste"), "{verdict:?}");
            let stem = verdict.headline.trim_end_matches('.');
            assert!(verdict.summary.starts_with(stem), "{verdict:?}");
            assert!(verdict.headline.ends_with('.'), "{verdict:?}");
        }
    }

    #[test]
    fn the_announcement_is_one_sentence() {
        let failing = diagnose_texts(&["Error code: ForbiddenByConnection"]);
        assert_eq!(failing.announcement(), "Diagnosis: 1 failing step, net-public-access.");
        let nothing = diagnose_texts(&["nslookup x"]);
        assert!(nothing.announcement().starts_with("Diagnosis: nothing failed"), "{}", nothing.announcement());
        assert_eq!(nothing.announcement().matches('.').count(), 1);
    }
}
