//! The engine as the components reach it: a request and the pastes' texts, answered later.
//! In the page the engine runs in a Web Worker (`window.kvdoctorEngine`, static/boot.js), so
//! this module is all the page's shell knows of it: requests are built and answers read by
//! [`crate::engine::message`]. With `local-engine` (the wasm-bindgen tests) the same requests
//! are answered in this module, so those tests go through the same text both ways.

use crate::engine::input::Kind;
use crate::engine::message::{self, decode};
use crate::engine::share::Link;

/// Why the engine gave no answer. `Crashed`: it hit a bug (the page shows the bug notice).
/// `Unavailable`: it could not be loaded (offline, blocked); the next request tries again.
/// `Stalled`: its worker died or stopped answering, and so did a fresh one (boot.js); not a
/// bug in the case, and the next request tries again with a fresh worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    #[cfg_attr(feature = "local-engine", allow(dead_code))]
    Unavailable(String),
    #[cfg_attr(feature = "local-engine", allow(dead_code))]
    Stalled(String),
    // With `local-engine` a bug in the engine is a bug of the page's own module (the hook).
    #[cfg_attr(feature = "local-engine", allow(dead_code))]
    Crashed(String),
    Other(String),
}

#[cfg(feature = "local-engine")]
async fn call(request: String, texts: Vec<String>) -> Result<String, Failure> {
    thread_local! {
        static SESSION: std::cell::RefCell<message::Session> = std::cell::RefCell::default();
    }
    Ok(SESSION.with(|s| s.borrow_mut().answer(&request, texts)))
}

#[cfg(not(feature = "local-engine"))]
mod worker {
    use wasm_bindgen::prelude::wasm_bindgen;
    use wasm_bindgen::JsValue;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = kvdoctorEngine, js_name = call, catch)]
        pub async fn call(request: String, texts: Vec<String>) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = kvdoctorEngine, js_name = crashNotice, catch)]
        pub fn crash_notice(header: &str, texts: Vec<String>) -> Result<(), JsValue>;
    }
}

#[cfg(not(feature = "local-engine"))]
async fn call(request: String, texts: Vec<String>) -> Result<String, Failure> {
    match worker::call(request, texts).await {
        Ok(answer) => answer.as_string().ok_or_else(|| Failure::Other("the engine's answer is not text".into())),
        Err(e) => {
            let message = js_sys::Error::from(e).message().as_string().unwrap_or_default();
            Err(if let Some(bug) = message.strip_prefix("crashed: ") {
                Failure::Crashed(bug.to_string())
            } else if let Some(why) = message.strip_prefix("unavailable: ") {
                Failure::Unavailable(why.to_string())
            } else if let Some(why) = message.strip_prefix("stalled: ") {
                Failure::Stalled(why.to_string())
            } else {
                Failure::Other(message)
            })
        }
    }
}

/// Shows the bug notice: `header`, then the pastes with secrets removed by the worker. With
/// `local-engine` (tests) there is no boot.js and no notice: the test runner reports the panic.
pub fn crash_notice(header: &str, texts: Vec<String>) {
    #[cfg(not(feature = "local-engine"))]
    let _ = worker::crash_notice(header, texts);
    #[cfg(feature = "local-engine")]
    let _ = (header, texts);
}

fn read<T>(answer: Result<String, Failure>, decode: impl Fn(&str) -> Result<T, String>) -> Result<T, Failure> {
    decode(&answer?).map_err(Failure::Other)
}

pub async fn diagnose(
    slots: &[u32],
    kinds: &[Option<Kind>],
    texts: Vec<String>,
    vault: &str,
    test_panic: bool,
) -> Result<decode::Diagnosis, Failure> {
    read(call(message::diagnose(slots, kinds, vault, test_panic), texts).await, decode::diagnosis)
}

/// The share link for the pastes, or the sentence saying why there is none; `Err` when the
/// engine gave no answer.
pub async fn link(
    kinds: &[Option<Kind>],
    texts: Vec<String>,
    vault: Option<&str>,
    whole: bool,
) -> Result<Result<Link, String>, Failure> {
    let request = message::link(kinds, vault, whole, &super::browser::base_url());
    read(call(request, texts).await, decode::link)
}

pub async fn open(fragment: &str) -> Result<decode::OpenedCase, Failure> {
    read(call(message::open(fragment), Vec::new()).await, decode::opened)
}

/// A public resolver's answer as a paste, or the sentence saying why not.
pub async fn dns(resolver: &str, host: &str, when: &str, body: &str) -> Result<String, String> {
    match read(call(message::dns(resolver, host, when, body), Vec::new()).await, decode::dns) {
        Ok(text) => Ok(text),
        Err(Failure::Crashed(e) | Failure::Unavailable(e) | Failure::Stalled(e) | Failure::Other(e)) => Err(e),
    }
}
