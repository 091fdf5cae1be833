//! The page state and the only place it changes. Every change recomputes the report, so what
//! is shown always follows from the pastes and the vault name.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::guide::portal_text;
use crate::engine::input::Kind;
use crate::engine::redact::{self, Removed};
use crate::engine::report::Report;
use crate::engine::share::SharedCase;
use crate::engine::{diagnose_case, Paste};

#[derive(Clone, Debug, PartialEq)]
pub struct PasteSlot {
    /// Stable across removals, for keyed rendering.
    pub id: u32,
    pub text: String,
    /// The user's override of the recognised kind.
    pub kind: Option<Kind>,
    /// Field values when this slot is the portal form (its text is generated from them).
    pub form: Option<Vec<(String, String)>>,
    /// Bumped when the text is set from outside the paste area (a link, an example); typing
    /// does not bump it, so a large paste is never written back into the area it came from.
    pub revision: u32,
}

/// A message above the pastes: what a link brought, or why it could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub pastes: Vec<PasteSlot>,
    next_id: u32,
    pub vault: String,
    /// The diagnosis with secrets removed from every text a paste put in it: what the page
    /// shows, prints and copies.
    pub report: Rc<Report>,
    /// What was removed from the report, for the share bar.
    pub report_removed: Rc<Vec<Removed>>,
    pub notice: Option<Notice>,
    /// Share links carry whole pastes, not only what the diagnosis used.
    pub share_whole: bool,
}

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
    Remove(u32),
    Clear,
    SetVault(String),
    ShareWhole(bool),
    Load {
        case: SharedCase,
        message: String,
    },
    Notify(Option<Notice>),
}

impl Default for State {
    fn default() -> State {
        State::from_case(SharedCase::default(), None)
    }
}

impl State {
    fn from_case(case: SharedCase, notice: Option<Notice>) -> State {
        let mut pastes: Vec<PasteSlot> = case
            .pastes
            .into_iter()
            .zip(1..)
            .map(|(p, id)| PasteSlot { id, text: p.text, kind: p.kind, form: None, revision: next_revision() })
            .collect();
        if pastes.is_empty() {
            pastes.push(PasteSlot { id: 1, text: String::new(), kind: None, form: None, revision: next_revision() });
        }
        let next_id = pastes.len() as u32 + 1;
        let vault = case.vault.unwrap_or_default();
        let report = Rc::new(diagnose_case(&[], Some(&vault)));
        let report_removed = Rc::default();
        let mut state = State { pastes, next_id, vault, report, report_removed, notice, share_whole: false };
        state.refresh();
        state
    }

    fn refresh(&mut self) {
        let (report, removed) = redact::report(&diagnose_case(&self.engine_pastes(), Some(&self.vault)));
        (self.report, self.report_removed) = (Rc::new(report), Rc::new(removed));
    }

    pub fn engine_pastes(&self) -> Vec<Paste> {
        self.pastes.iter().map(|p| Paste { text: p.text.clone(), kind: p.kind }).collect()
    }

    /// What a share link should hold.
    pub fn shared_case(&self) -> SharedCase {
        SharedCase {
            pastes: self.engine_pastes(),
            vault: Some(self.vault.clone()).filter(|v| !v.trim().is_empty()),
            whole: self.share_whole,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.vault.trim().is_empty() && self.pastes.iter().all(|p| p.text.trim().is_empty())
    }

    fn slot(&mut self, id: u32) -> Option<&mut PasteSlot> {
        self.pastes.iter_mut().find(|p| p.id == id)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit { id, text } => {
                if let Some(slot) = next.slot(id) {
                    slot.text = text;
                }
            }
            Action::PasteLarge { id, text } => {
                if let Some(slot) = next.slot(id) {
                    slot.text = text;
                    slot.revision = next_revision();
                }
            }
            Action::SetKind { id, kind } => {
                if let Some(slot) = next.slot(id) {
                    slot.kind = kind;
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
                    slot.text = portal_text(&pairs);
                }
            }
            Action::Add | Action::AddForm => {
                let form = matches!(action, Action::AddForm).then(Vec::new);
                let kind = form.as_ref().map(|_| Kind::Portal);
                next.pastes.push(PasteSlot {
                    id: next.next_id,
                    text: String::new(),
                    kind,
                    form,
                    revision: next_revision(),
                });
                next.next_id += 1;
            }
            Action::Remove(id) => {
                next.pastes.retain(|p| p.id != id);
                if next.pastes.is_empty() {
                    return Rc::new(State { vault: next.vault, ..State::default() });
                }
            }
            Action::Clear => return Rc::new(State::default()),
            Action::SetVault(vault) => next.vault = vault,
            Action::ShareWhole(whole) => {
                next.share_whole = whole;
                return Rc::new(next);
            }
            Action::Load { case, message } => return Rc::new(State::from_case(case, Some(Notice::Info(message)))),
            Action::Notify(notice) => {
                next.notice = notice;
                return Rc::new(next);
            }
        }
        next.refresh();
        Rc::new(next)
    }
}
