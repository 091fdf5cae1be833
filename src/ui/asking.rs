//! Sends the case to the engine, one request at a time and only the newest (`policy.rs` decides
//! when; this module waits for the pauses and carries the answers to the reducer).

use std::cell::RefCell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::UseReducerDispatcher;

use super::crash;
use super::engine::{self, Failure};
use super::state::{Action, Busy, State, Text};
use crate::engine::protocol::Kind;

/// Long enough for the browser to paint a frame (the progress message) before heavy work.
const PAINT_MS: u32 = 20;

/// One case as the engine is asked about it.
pub struct Request {
    revision: u32,
    slots: Vec<u32>,
    kinds: Vec<Option<Kind>>,
    texts: Vec<Text>,
    vault: String,
    host: String,
    /// Share links carry whole pastes.
    whole: bool,
}

/// The page's requests (the policy: `policy.rs`).
pub type Queue = super::policy::Queue<Request>;

/// Nothing to ask any more (the case was cleared): a request still in its pause is not sent.
pub fn forget(queue: &RefCell<Queue>) {
    queue.borrow_mut().forget();
}

/// Asks the engine about `state` (after `busy.delay_ms`, unless a newer change came first) and
/// hands each answer to the reducer, which keeps it only if it is still the newest.
pub fn ask(state: &State, busy: &Busy, queue: Rc<RefCell<Queue>>, dispatch: UseReducerDispatcher<State>) {
    queue.borrow_mut().want(busy.revision);
    let request = Request {
        revision: busy.revision,
        slots: state.pastes.iter().map(|p| p.id).collect(),
        kinds: state.pastes.iter().map(|p| p.kind).collect(),
        texts: state.pastes.iter().map(|p| p.text.clone()).collect(),
        vault: state.vault.clone(),
        host: state.host.clone(),
        whole: state.share_whole,
    };
    // Let the progress message paint first; while typing in a large case, wait for a pause.
    let wait = (busy.message.is_some() || busy.delay_ms > 0).then_some(busy.delay_ms.max(PAINT_MS));
    spawn_local(async move {
        if let Some(wait) = wait {
            yew::platform::time::sleep(std::time::Duration::from_millis(u64::from(wait))).await;
        }
        let mut next = queue.borrow_mut().ready(request.revision, request);
        while let Some(request) = next {
            if !send(request, &dispatch).await {
                queue.borrow_mut().failed();
                return;
            }
            next = queue.borrow_mut().answered();
        }
    });
}

/// One request and its answer; `false` when the engine hit a bug (the page shows the notice).
async fn send(request: Request, dispatch: &UseReducerDispatcher<State>) -> bool {
    let Request { revision, slots, kinds, texts, vault, host, whole } = request;
    crash::remember(texts.iter().cloned(), &vault);
    let sent = texts.iter().map(|t| t.as_str().to_string()).collect();
    let answer = match engine::diagnose(slots, kinds, sent, (vault.clone(), host), whole, super::crash::test_panic()).await {
        Ok(diagnosis) => Ok(Box::new(diagnosis)),
        // The bug report quotes the case this request carried, not a newer one.
        Err(Failure::Crashed(bug)) => {
            crash::report_case(&bug, &texts, &vault);
            return false;
        }
        Err(failure) => Err(failure),
    };
    dispatch.dispatch(Action::Answered { revision, answer });
    true
}
