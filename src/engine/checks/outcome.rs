//! What one check decided for one case.

use std::borrow::Borrow;
use std::collections::HashSet;

use crate::engine::facts::Evidence;
use crate::engine::report::{Action, Change, Status};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    pub title: String,
    pub evidence: Vec<Evidence>,
    /// Distinct evidence lines beyond [`MAX_EVIDENCE`], counted rather than quoted.
    pub omitted: usize,
    pub fix: Option<Action>,
    pub next: Option<Action>,
}

/// Evidence lines a step quotes; a paste with 100,000 `Address:` lines proves nothing more
/// with all of them quoted, and would make every report (and the page) that large.
pub const MAX_EVIDENCE: usize = 20;

/// Values shown in a title before the rest are counted.
const MAX_LISTED: usize = 6;

/// `a, b, c` — or `a, b, c, d, e, f and 99 more` when there are many.
/// Only the values shown are formatted: a lookup may hold a million addresses.
pub fn listing<T: std::fmt::Display>(values: impl IntoIterator<Item = T>) -> String {
    let mut shown = Vec::new();
    let mut more = 0usize;
    for value in values {
        if shown.len() < MAX_LISTED {
            shown.push(value.to_string());
        } else {
            more += 1;
        }
    }
    let list = shown.join(", ");
    if more == 0 {
        list
    } else {
        format!("{list} and {more} more")
    }
}

impl Outcome {
    fn new(status: Status, title: impl Into<String>) -> Outcome {
        Outcome { status, title: title.into(), evidence: Vec::new(), omitted: 0, fix: None, next: None }
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

    /// Adds evidence, once per quoted line (a set keeps this linear: a paste may hold
    /// hundreds of thousands of address lines).
    /// Adds evidence, each distinct item once; items may be borrowed, so a check over a lookup
    /// with a million addresses clones only the few it quotes. Beyond [`MAX_EVIDENCE`], distinct
    /// lines (paste and line range) are counted, not kept.
    pub fn evidence<E: Borrow<Evidence> + Into<Evidence>>(mut self, items: impl IntoIterator<Item = E>) -> Outcome {
        let mut counted: HashSet<(usize, Option<usize>, Option<usize>)> = HashSet::new();
        for item in items {
            let e = item.borrow();
            if self.evidence.contains(e) {
                continue;
            }
            if self.evidence.len() < MAX_EVIDENCE {
                self.evidence.push(item.into());
            } else if counted.insert((e.input, e.lines.first().copied(), e.lines.last().copied())) {
                self.omitted += 1;
            }
        }
        self
    }

    pub fn fix(mut self, text: impl Into<String>, commands: Vec<String>) -> Outcome {
        self.fix = Some(Action { text: text.into(), commands, change: None });
        self
    }

    /// Adds to the fix the command that makes its change (after the commands that inspect),
    /// marked as the change ([`Change`]): a short copy shows it first. Without a fix, nothing.
    pub fn changing(mut self, command: String) -> Outcome {
        if let Some(fix) = self.fix.as_mut() {
            let n = fix.commands.iter().position(|c| *c == command).unwrap_or_else(|| {
                fix.commands.push(command);
                fix.commands.len() - 1
            });
            fix.change = Some(Change(n));
        }
        self
    }

    pub fn next(mut self, text: impl Into<String>, commands: Vec<String>) -> Outcome {
        self.next = Some(Action { text: text.into(), commands, change: None });
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
