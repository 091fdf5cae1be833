//! The page state and the only place it changes. Every change asks the engine (a Web Worker)
//! for a new report; the answer lands only if no newer change came meanwhile, so what is shown
//! always follows from the pastes and the vault name. The engine keeps each paste's reading, so
//! typing in one paste never re-reads the others.

use std::rc::Rc;

use crate::engine::protocol::page_text::{portal_text, CommandGroup};
use crate::engine::protocol::Diagnosis;
use crate::engine::protocol::Kind;
use crate::engine::protocol::Paste;
use crate::engine::protocol::Removed;
use crate::engine::protocol::{Link, SharedCase, Summary};

/// Why the engine gave no answer. `Crashed`: it hit a bug (the page shows the bug notice).
/// `Unavailable`: it could not be loaded (offline, blocked); the next request tries again.
/// `Stalled`: its worker died or stopped answering, and so did a fresh one (boot.js); not a
/// bug in the case, and the next request tries again with a fresh worker. `Other`: an answer
/// that could not be read, or a request the engine refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    Crashed(String),
    Unavailable(String),
    Stalled(String),
    Other(String),
}

impl Failure {
    /// What is said about it.
    pub fn message(&self) -> &str {
        match self {
            Failure::Unavailable(m) | Failure::Stalled(m) | Failure::Crashed(m) | Failure::Other(m) => m,
        }
    }
}

/// A paste's text, shared rather than copied between the state, the components and the
/// engine; equal at once when it is the same allocation (a 5 MB paste is not compared).
#[derive(Clone, Debug, Default)]
pub struct Text(Rc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(text.into())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PasteSlot {
    /// Stable across removals, for keyed rendering; the engine keeps its reading by this id.
    pub id: u32,
    pub text: Text,
    /// The user's override of the recognised kind.
    pub kind: Option<Kind>,
    /// Field values when this slot is the portal form (its text is generated from them).
    pub form: Option<Vec<(String, String)>>,
    /// Bumped when the text is set from outside the paste area (a link, an example); typing
    /// does not bump it, so a large paste is never written back into the area it came from.
    pub revision: u32,
    /// Changed since the engine last answered: the engine will read it again.
    pub unread: bool,
}

impl PasteSlot {
    fn new(id: u32, text: String, kind: Option<Kind>, form: Option<Vec<(String, String)>>) -> PasteSlot {
        PasteSlot { id, text: text.into(), kind, form, revision: next_revision(), unread: true }
    }

    fn set_text(&mut self, text: String) {
        self.text = text.into();
        self.unread = true;
    }
}

/// A message above the pastes: what a link brought, or why it could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
    /// Work under way (a link being opened).
    Progress(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub pastes: Vec<PasteSlot>,
    next_id: u32,
    pub vault: String,
    /// Where the user said the code runs (a `HOST_CHOICES` id; empty: not said).
    pub host: String,
    /// The engine's last answer, secrets removed: what the page shows, prints and copies.
    /// `None` until there is something to diagnose (the engine is not even loaded before).
    pub answer: Option<Rc<ShownDiagnosis>>,
    pub notice: Option<Notice>,
    /// Share links carry whole pastes, not only what the diagnosis used.
    pub share_whole: bool,
    /// Bumped by every change to the pastes, the vault name or what links carry.
    pub case_revision: u32,
    /// Set while the engine works on the case; the report shown is the previous one meanwhile.
    pub busy: Option<Busy>,
    /// Said while a case opened from a link made by another kvdoctor is shown.
    pub link_note: Option<String>,
    /// The case is an example just loaded: the examples stay in view to try another; any
    /// other input folds them away, so the answer comes first.
    pub browsing: bool,
}

/// A diagnosis ready to show: the report as the engine rendered it, what was removed from it,
/// and what the page around it shows for the vault. (Its Markdown, JSON and ticket comment are
/// asked for when a copy button is pressed.)
#[derive(Clone, Debug, PartialEq)]
pub struct ShownDiagnosis {
    /// The report's HTML (the engine's `render::html::body`), shared with the previous answer
    /// when it did not change: the same allocation compares equal at once and the report's DOM
    /// is not touched (a fold the reader opened stays open).
    pub html: Rc<str>,
    /// The announcement, each paste's summary and the vault's host.
    pub summary: Rc<Summary>,
    pub removed: Rc<Vec<Removed>>,
    /// The commands that collect evidence, naming the vault.
    pub commands: Rc<Vec<CommandGroup>>,
    /// The vault host "Ask public DNS" may send (a well-formed one only).
    pub public_dns_host: Option<String>,
    /// Why the vault name typed was set aside (shown under the field).
    pub vault_problem: Option<String>,
    /// The share link (the address bar follows it), or why there is none.
    pub link: Option<Result<Link, String>>,
}

/// The engine's work on one revision of the case.
#[derive(Clone, Debug, PartialEq)]
pub struct Busy {
    /// What is being done, shown for large cases only ("Reading paste 1 (5.0 MB)…"): a small
    /// case is answered before a message could be read.
    pub message: Option<String>,
    /// How long to wait first: typing in a large case waits for a pause.
    pub delay_ms: u32,
    /// The case revision the work is for; a newer edit supersedes it.
    pub revision: u32,
}

/// How the notice of a failed diagnosis starts (a later answer takes it away).
const NOT_DIAGNOSED: &str = "The diagnosis could not be made:";
/// The notice when the engine's worker died or stopped answering, and a fresh one did too: not
/// a bug in the case (a later answer takes it away as well).
const STALLED: &str =
    "The diagnosis engine stopped answering; your pastes are kept. Reload the page, or use the kvdoctor command line.";

/// Text to read, in bytes, above which the progress message is shown.
const HEAVY_READ: usize = 256 * 1024;
/// A case this large is re-diagnosed after a pause in typing, not on every keystroke.
const LARGE_CASE: usize = 1024 * 1024;
/// The pause in typing awaited in a large case.
const TYPING_PAUSE_MS: u32 = 150;

/// A fresh revision number: slots are re-keyed by id after a load, so numbers never repeat.
fn next_revision() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

pub enum Action {
    Edit {
        id: u32,
        text: String,
    },
    /// Text put in without the paste area (a paste too large to display).
    PasteLarge {
        id: u32,
        text: String,
    },
    SetKind {
        id: u32,
        kind: Option<Kind>,
    },
    SetField {
        id: u32,
        key: String,
        value: String,
    },
    Add,
    AddForm,
    /// A public resolver's answer, asked for by the user: a new paste of its kind (it fills
    /// the last paste area when that is still empty).
    AddPublicDns(String),
    Remove(u32),
    Clear,
    SetVault(String),
    /// Where the code runs, as the user chose it (a `HOST_CHOICES` id; empty: not said).
    SetHost(String),
    ShareWhole(bool),
    /// A case opened from a link.
    Load {
        case: SharedCase,
        /// The link was made by another kvdoctor (the engine's `share::MadeBy::note`).
        note: Option<String>,
        /// Keep what was typed while the link was being opened, as the last paste(s).
        keep_typed: bool,
    },
    /// An example case, with what to say about it.
    Example {
        case: SharedCase,
        message: String,
    },
    Notify(Option<Notice>),
    /// The engine's answer for `revision`; dropped when a newer change came meanwhile.
    Answered {
        revision: u32,
        answer: Result<Box<Diagnosis>, Failure>,
    },
}

impl Default for State {
    fn default() -> State {
        State::from_case(SharedCase::default(), None, None)
    }
}

/// What the address bar should hold (`State::address`).
#[derive(Clone, Debug, PartialEq)]
pub enum Address {
    /// Leave it as it is.
    Keep,
    /// The page's address without a fragment.
    Bare,
    /// The case's share link.
    Link(String),
}

impl State {
    /// The page's first state: the case typed into the static first screen, if any.
    pub fn opened(case: SharedCase) -> State {
        State::from_case(case, None, None)
    }

    fn from_case(case: SharedCase, notice: Option<Notice>, link_note: Option<String>) -> State {
        let mut pastes: Vec<PasteSlot> =
            case.pastes.into_iter().zip(1..).map(|(p, id)| PasteSlot::new(id, p.text, p.kind, None)).collect();
        if pastes.is_empty() {
            pastes.push(PasteSlot::new(1, String::new(), None, None));
        }
        let next_id = pastes.len() as u32 + 1;
        let mut state = State {
            pastes,
            next_id,
            vault: case.vault.unwrap_or_default(),
            host: case.host.unwrap_or_default(),
            answer: None,
            notice,
            share_whole: false,
            case_revision: next_revision(),
            busy: None,
            link_note,
            browsing: false,
        };
        state.settle(false);
        state
    }

    /// Asks the engine about the case as it now is (the app sends the request); says what is
    /// being read when that takes long enough to notice. An empty case needs no engine.
    fn settle(&mut self, typing: bool) {
        if self.is_empty() {
            (self.busy, self.answer) = (None, None);
            return;
        }
        let unread: usize = self.pastes.iter().filter(|p| p.unread).map(|p| p.text.as_str().len()).sum();
        let total: usize = self.pastes.iter().map(|p| p.text.as_str().len()).sum();
        let delay_ms = if typing && total > LARGE_CASE { TYPING_PAUSE_MS } else { 0 };
        let size = crate::engine::protocol::megabytes;
        let large = |p: &PasteSlot| p.unread && p.text.as_str().len() > HEAVY_READ;
        let message = match self.pastes.iter().position(large) {
            Some(i) => Some(format!(
                "Reading paste {} ({})…",
                i + 1,
                size(self.pastes.get(i).map_or(0, |p| p.text.as_str().len()))
            )),
            None if unread > HEAVY_READ || delay_ms > 0 => {
                Some(format!("Updating the diagnosis ({} of pastes)…", size(total)))
            }
            None => None,
        };
        self.busy = Some(Busy { message, delay_ms, revision: self.case_revision });
    }

    /// Takes the engine's answer if it is for the case as it now is.
    fn answered(&mut self, revision: u32, answer: Result<Box<Diagnosis>, Failure>) {
        if self.busy.as_ref().is_none_or(|b| b.revision != revision) {
            return;
        }
        self.busy = None;
        match answer {
            Ok(diagnosis) => {
                let d = *diagnosis;
                // A failure to diagnose an earlier revision no longer holds.
                if matches!(&self.notice, Some(Notice::Error(m)) if m.starts_with(NOT_DIAGNOSED) || m == STALLED) {
                    self.notice = None;
                }
                self.pastes.iter_mut().for_each(|p| p.unread = false);
                let before = self.answer.as_ref().map(|a| a.html.clone()).filter(|html| **html == *d.html);
                let html = before.unwrap_or_else(|| d.html.into());
                self.answer = Some(Rc::new(ShownDiagnosis {
                    html,
                    summary: Rc::new(d.summary),
                    removed: Rc::new(d.removed),
                    commands: Rc::new(d.commands),
                    public_dns_host: d.public_dns_host,
                    vault_problem: d.vault_problem,
                    link: d.link,
                }));
            }
            Err(Failure::Stalled(_)) => self.notice = Some(Notice::Error(STALLED.to_string())),
            Err(Failure::Unavailable(problem) | Failure::Crashed(problem) | Failure::Other(problem)) => {
                self.notice = Some(Notice::Error(format!("{NOT_DIAGNOSED} {problem}.")))
            }
        }
    }

    /// The state for a case opened from a link; with `keep_typed`, what is in the pastes now
    /// (typed while the page loaded or the link opened) follows as the last paste(s).
    fn opened_link(&self, mut case: SharedCase, note: Option<String>, keep_typed: bool) -> State {
        let n = case.pastes.len();
        let mut message = format!(
            "Opened a shared case with {n} paste(s). Nothing was sent anywhere: the case was in the link itself."
        );
        if keep_typed {
            let typed: Vec<Paste> = self.engine_pastes().into_iter().filter(|p| !p.text.trim().is_empty()).collect();
            match typed.len() {
                0 => {}
                1 => message.push_str(&format!(" What you pasted while the page loaded is paste {}.", n + 1)),
                k => {
                    message.push_str(&format!(" What you pasted while the page loaded is pastes {}–{}.", n + 1, n + k))
                }
            }
            case.pastes.extend(typed);
            if case.vault.as_deref().is_none_or(|v| v.trim().is_empty()) {
                case.vault = Some(self.vault.trim().to_string()).filter(|v| !v.is_empty());
            }
            if case.host.is_none() {
                case.host = Some(self.host.clone()).filter(|h| !h.is_empty());
            }
        }
        State::from_case(case, Some(Notice::Info(message)), note)
    }

    pub fn engine_pastes(&self) -> Vec<Paste> {
        self.pastes.iter().map(|p| Paste { text: p.text.as_str().to_string(), kind: p.kind }).collect()
    }

    /// The share link shown: the last answer's, while there is a case.
    pub fn link(&self) -> Option<Result<Link, String>> {
        self.answer.as_ref().and_then(|a| a.link.clone()).filter(|_| !self.is_empty())
    }

    /// What the address bar should hold: the case's link, no fragment (an emptied case or one
    /// without a link), or what it holds: no answer yet about the case, so a reload while a
    /// link's case is being diagnosed still holds the link.
    pub fn address(&self) -> Address {
        if self.is_empty() {
            return Address::Bare;
        }
        let Some(answer) = self.answer.as_ref() else { return Address::Keep };
        match answer.link.as_ref().and_then(|l| l.as_ref().ok()) {
            Some(link) => Address::Link(link.url.clone()),
            None => Address::Bare,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.vault.trim().is_empty() && self.pastes.iter().all(|p| p.text.as_str().trim().is_empty())
    }

    fn slot(&mut self, id: u32) -> Option<&mut PasteSlot> {
        self.pastes.iter_mut().find(|p| p.id == id)
    }
}

/// The page's reducer: yew's `use_reducer` runs [`State::reduce`].
#[cfg(target_arch = "wasm32")]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        State::reduce(self, action)
    }
}

impl State {
    /// The state after `action`: the only place the page's state changes.
    pub fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let typing = matches!(action, Action::Edit { .. } | Action::SetVault(_));
        let mut next = (*self).clone();
        match action {
            Action::Edit { id, text } => {
                if let Some(slot) = next.slot(id) {
                    slot.set_text(text);
                }
            }
            Action::PasteLarge { id, text } => {
                if let Some(slot) = next.slot(id) {
                    slot.set_text(text);
                    slot.revision = next_revision();
                }
            }
            Action::SetKind { id, kind } => {
                if let Some(slot) = next.slot(id) {
                    slot.kind = kind;
                    slot.unread = true;
                }
            }
            Action::SetField { id, key, value } => {
                if let Some(slot) = next.slot(id) {
                    let values = slot.form.get_or_insert_with(Vec::new);
                    match values.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 = value,
                        None => values.push((key, value)),
                    }
                    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    let text = portal_text(&pairs);
                    slot.set_text(text);
                }
            }
            Action::Add | Action::AddForm => {
                let form = matches!(action, Action::AddForm).then(Vec::new);
                let kind = form.as_ref().map(|_| Kind::Portal);
                next.pastes.push(PasteSlot::new(next.next_id, String::new(), kind, form));
                next.next_id += 1;
            }
            Action::AddPublicDns(text) => {
                match next.pastes.last_mut().filter(|p| p.text.as_str().trim().is_empty() && p.form.is_none()) {
                    Some(empty) => *empty = PasteSlot::new(empty.id, text, Some(Kind::PublicDns), None),
                    None => {
                        next.pastes.push(PasteSlot::new(next.next_id, text, Some(Kind::PublicDns), None));
                        next.next_id += 1;
                    }
                }
            }
            Action::Remove(id) => {
                // The pastes after it move up a number: the engine reads them again.
                let removed = next.pastes.iter().position(|p| p.id == id).unwrap_or(next.pastes.len());
                next.pastes.iter_mut().skip(removed).for_each(|p| p.unread = true);
                next.pastes.retain(|p| p.id != id);
                if next.pastes.is_empty() {
                    return Rc::new(State { vault: next.vault, host: next.host, ..State::default() });
                }
            }
            Action::Clear => return Rc::new(State::default()),
            Action::SetVault(vault) => next.vault = vault,
            Action::SetHost(host) => next.host = host,
            // A new link: the engine answers with it (it keeps its readings, so nothing is
            // read again).
            Action::ShareWhole(whole) => {
                next.share_whole = whole;
                next.case_revision = next_revision();
                next.settle(false);
                return Rc::new(next);
            }
            Action::Load { case, note, keep_typed } => return Rc::new(next.opened_link(case, note, keep_typed)),
            Action::Example { case, message } => {
                let mut loaded = State::from_case(case, Some(Notice::Info(message)), None);
                loaded.browsing = true;
                return Rc::new(loaded);
            }
            Action::Notify(notice) => {
                next.notice = notice;
                return Rc::new(next);
            }
            Action::Answered { revision, answer } => {
                next.answered(revision, answer);
                return Rc::new(next);
            }
        }
        // The user's own input: the examples fold away.
        next.browsing = false;
        next.case_revision = next_revision();
        next.settle(typing);
        Rc::new(next)
    }
}
