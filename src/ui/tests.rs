//! The page's own logic, natively: the reducer (`state.rs`) and the request policy
//! (`policy.rs`), driven with answers the engine really gives (through the protocol's session).
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use super::policy::Queue;
use super::state::{Action, Address, Failure, State};
use crate::engine::protocol::Paste;
use crate::engine::protocol::SharedCase;
use crate::engine::protocol::{Answer, Diagnosis, Request, Session};

const CURL: &str = include_str!("../../tests/fixtures/inputs/curl-clean.txt");
const NSLOOKUP: &str = include_str!("../../tests/fixtures/nslookup/linux-private-healthy.txt");

/// What the engine answers for the state's case as it now is.
fn diagnosis(session: &mut Session, state: &State) -> Box<Diagnosis> {
    let request = Request::Diagnose {
        slots: state.pastes.iter().map(|p| p.id).collect(),
        kinds: state.pastes.iter().map(|p| p.kind).collect(),
        vault: state.vault.clone(),
        host: state.host.clone(),
        whole: state.share_whole,
        base: "https://kvdoctor.example/".to_string(),
        test_panic: false,
    };
    let texts = state.pastes.iter().map(|p| p.text.as_str().to_string()).collect();
    match session.reply(request, texts) {
        Answer::Diagnosis(d) => d,
        other => panic!("not a diagnosis: {other:?}"),
    }
}

fn revision(state: &State) -> u32 {
    state.busy.as_ref().expect("the state waits for an answer").revision
}

fn edit(state: Rc<State>, id: u32, text: &str) -> Rc<State> {
    state.reduce(Action::Edit { id, text: text.to_string() })
}

/// The state once the engine answered its newest revision.
fn answered(session: &mut Session, state: Rc<State>) -> Rc<State> {
    let (revision, answer) = (revision(&state), Ok(diagnosis(session, &state)));
    state.reduce(Action::Answered { revision, answer })
}

#[test]
fn only_the_answer_for_the_newest_revision_lands() {
    let mut session = Session::default();
    let first = edit(Rc::new(State::default()), 1, CURL);
    let old = (revision(&first), diagnosis(&mut session, &first));
    let second = edit(first, 1, NSLOOKUP);
    // The answer about the first text arrives after the second edit: dropped.
    let late = second.clone().reduce(Action::Answered { revision: old.0, answer: Ok(old.1) });
    assert!(late.answer.is_none() && late.busy.is_some(), "an older revision's answer is dropped");
    let landed = answered(&mut session, late);
    assert!(landed.busy.is_none());
    let summary = &landed.answer.as_ref().unwrap().summary;
    assert_eq!(summary.inputs.first().map(|i| i.kind.id()), Some("nslookup"), "the newest text's report");
    // A failure for an older revision is dropped too; for the newest it is said.
    let third = edit(landed, 1, CURL);
    let stale = third.clone().reduce(Action::Answered { revision: old.0, answer: Err(Failure::Other("x".into())) });
    assert!(stale.notice.is_none());
    let now = revision(&third);
    let failed = third.reduce(Action::Answered { revision: now, answer: Err(Failure::Other("cut".into())) });
    assert!(failed.notice.is_some() && failed.busy.is_none());
}

#[test]
fn a_report_that_did_not_change_keeps_the_same_html() {
    let mut session = Session::default();
    let one = answered(&mut session, edit(Rc::new(State::default()), 1, CURL));
    // A change that changes nothing in the report (a trailing line): the same allocation, so
    // the report's DOM is not touched and a fold the reader opened stays open.
    let same = answered(&mut session, edit(one.clone(), 1, &format!("{CURL}\n")));
    let html = |s: &State| s.answer.as_ref().unwrap().html.clone();
    assert!(Rc::ptr_eq(&html(&one), &html(&same)));
    // A name lookup changes the report: new HTML.
    let two = answered(&mut session, edit(same.reduce(Action::Add), 2, NSLOOKUP));
    assert!(!Rc::ptr_eq(&html(&one), &html(&two)) && html(&one) != html(&two));
}

#[test]
fn a_link_opened_while_the_engine_loads_keeps_what_was_typed_and_the_address_bar() {
    let mut session = Session::default();
    // Typed into the static first screen before the app started: a request is due.
    let typed = Rc::new(State::opened(SharedCase { pastes: vec![Paste::new(CURL)], vault: None, host: None }));
    let asked = (revision(&typed), diagnosis(&mut session, &typed));
    // The link's case arrives (the engine had to load first) before that answer.
    let link = SharedCase { pastes: vec![Paste::new(NSLOOKUP)], vault: Some("contoso".into()), host: None };
    let opened = typed.reduce(Action::Load { case: link, note: None, keep_typed: true });
    let texts: Vec<&str> = opened.pastes.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, [NSLOOKUP, CURL], "the link's pastes, then what was typed meanwhile");
    assert_eq!(opened.vault, "contoso");
    assert_eq!(opened.address(), Address::Keep, "no answer about the opened case yet: the address bar keeps the link");
    // The answer to the request made before the link opened no longer lands.
    let late = opened.reduce(Action::Answered { revision: asked.0, answer: Ok(asked.1) });
    assert!(late.answer.is_none() && late.busy.is_some());
    let landed = answered(&mut session, late);
    let Address::Link(url) = landed.address() else { panic!("the answer carries the case's link") };
    assert!(url.starts_with("https://kvdoctor.example/#"), "{url}");
    assert_eq!(landed.link().and_then(Result::ok).map(|l| l.url), Some(url));
    // Emptying the case empties the address bar.
    let cleared = landed.reduce(Action::Clear);
    assert_eq!(cleared.address(), Address::Bare);
}

#[test]
fn one_request_is_with_the_engine_and_only_the_newest_waits() {
    let mut queue = Queue::default();
    queue.want(1);
    assert_eq!(queue.ready(1, "r1"), Some("r1"), "idle: sent at once");
    assert!(queue.busy());
    // Two changes while the engine works: the second replaces the first in the queue.
    queue.want(2);
    assert_eq!(queue.ready(2, "r2"), None, "waits behind the request in flight");
    queue.want(3);
    assert_eq!(queue.ready(3, "r3"), None);
    assert_eq!(queue.answered(), Some("r3"), "the newest is sent next, r2 never");
    assert_eq!(queue.answered(), None);
    assert!(!queue.busy());
}

#[test]
fn a_request_superseded_during_its_pause_is_never_sent() {
    let mut queue = Queue::default();
    queue.want(1);
    queue.want(2);
    assert_eq!(queue.ready(1, "r1"), None, "a newer change came during its pause");
    assert_eq!(queue.ready(2, "r2"), Some("r2"));
    // One waits, then a newer change is still in its pause when the engine answers.
    queue.want(3);
    assert_eq!(queue.ready(3, "r3"), None);
    queue.want(4);
    assert_eq!(queue.answered(), None, "r3 is superseded; r4 goes when its pause ends");
    assert_eq!(queue.ready(4, "r4"), Some("r4"));
    // The case was cleared: nothing in a pause is sent.
    queue.forget();
    assert_eq!(queue.ready(4, "r4"), None);
}

#[test]
fn after_a_bug_nothing_waiting_is_sent_and_the_next_change_asks_again() {
    let mut queue = Queue::default();
    queue.want(1);
    assert_eq!(queue.ready(1, "r1"), Some("r1"));
    queue.want(2);
    assert_eq!(queue.ready(2, "r2"), None);
    queue.failed();
    assert!(!queue.busy());
    queue.want(3);
    assert_eq!(queue.ready(3, "r3"), Some("r3"));
    assert_eq!(queue.answered(), None, "r2 was dropped with the bug");
}
