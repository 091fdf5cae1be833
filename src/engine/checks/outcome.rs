//! What one check decided for one case.

use crate::engine::facts::Evidence;
use crate::engine::report::{Action, Status};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    pub title: String,
    pub evidence: Vec<Evidence>,
    pub fix: Option<Action>,
    pub next: Option<Action>,
}

impl Outcome {
    fn new(status: Status, title: impl Into<String>) -> Outcome {
        Outcome { status, title: title.into(), evidence: Vec::new(), fix: None, next: None }
    }

    pub fn pass(title: impl Into<String>) -> Outcome {
        Outcome::new(Status::Pass, title)
    }

    pub fn fail(title: impl Into<String>) -> Outcome {
        Outcome::new(Status::Fail, title)
    }

    pub fn warn(title: impl Into<String>) -> Outcome {
        Outcome::new(Status::Warn, title)
    }

    pub fn unknown(title: impl Into<String>) -> Outcome {
        Outcome::new(Status::Unknown, title)
    }

    pub fn skip(title: impl Into<String>) -> Outcome {
        Outcome::new(Status::Skip, title)
    }

    /// Adds evidence, once per quoted line.
    pub fn evidence(mut self, items: impl IntoIterator<Item = Evidence>) -> Outcome {
        for item in items {
            if !self.evidence.contains(&item) {
                self.evidence.push(item);
            }
        }
        self
    }

    pub fn fix(mut self, text: impl Into<String>, commands: Vec<String>) -> Outcome {
        self.fix = Some(Action { text: text.into(), commands });
        self
    }

    pub fn next(mut self, text: impl Into<String>, commands: Vec<String>) -> Outcome {
        self.next = Some(Action { text: text.into(), commands });
        self
    }

    /// The worse of two findings (fail over warn over unknown over pass over skip).
    pub fn worst(self, other: Outcome) -> Outcome {
        if other.status.severity() > self.status.severity() {
            other
        } else {
            self
        }
    }
}
