//! The page state and the only place it changes. Every change recomputes the report, so what
//! is shown always follows from the pastes.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::report::Report;
use crate::engine::{diagnose, Paste};

#[derive(Clone, Debug, PartialEq)]
pub struct PasteSlot {
    /// Stable across removals, for keyed rendering.
    pub id: u32,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub pastes: Vec<PasteSlot>,
    next_id: u32,
    pub report: Rc<Report>,
}

pub enum Action {
    Edit { id: u32, text: String },
    Add,
    Remove(u32),
    Clear,
}

impl Default for State {
    fn default() -> State {
        State::with_pastes(vec![String::new()])
    }
}

impl State {
    fn with_pastes(texts: Vec<String>) -> State {
        let pastes: Vec<PasteSlot> = texts.into_iter().zip(1..).map(|(text, id)| PasteSlot { id, text }).collect();
        let next_id = pastes.len() as u32 + 1;
        let report = Rc::new(report_for(&pastes));
        State { pastes, next_id, report }
    }
}

fn report_for(pastes: &[PasteSlot]) -> Report {
    let pastes: Vec<Paste> = pastes.iter().map(|p| Paste::new(p.text.clone())).collect();
    diagnose(&pastes)
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit { id, text } => {
                if let Some(slot) = next.pastes.iter_mut().find(|p| p.id == id) {
                    slot.text = text;
                }
            }
            Action::Add => {
                next.pastes.push(PasteSlot { id: next.next_id, text: String::new() });
                next.next_id += 1;
            }
            Action::Remove(id) => {
                next.pastes.retain(|p| p.id != id);
                if next.pastes.is_empty() {
                    return Rc::new(State::default());
                }
            }
            Action::Clear => return Rc::new(State::default()),
        }
        next.report = Rc::new(report_for(&next.pastes));
        Rc::new(next)
    }
}
