//! The engine as the components reach it: a [`Request`] and the pastes' texts, answered later.
//! In the page the engine runs in a Web Worker (`window.kvdoctorEngine`, static/boot.js), so
//! this module is all the page's shell knows of it: requests and answers go through
//! [`crate::engine::protocol`]. With `local-engine` (the wasm-bindgen tests) the same encoded
//! requests are answered in this module, so those tests go through the same bytes both ways.

use crate::engine::protocol::Kind;
use crate::engine::protocol::{self, Answer, Collected, Diagnosis, Format, LinkOpened, Request};
use crate::engine::protocol::Preview;

pub use super::state::Failure;

#[cfg(feature = "local-engine")]
async fn call_encoded(request: Vec<u8>, texts: Vec<String>) -> Result<Vec<u8>, Failure> {
    thread_local! {
        static SESSION: std::cell::RefCell<protocol::Session> = std::cell::RefCell::default();
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
        pub async fn call(request: Vec<u8>, texts: Vec<String>) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = kvdoctorEngine, js_name = crashNotice, catch)]
        pub fn crash_notice(header: &str, texts: Vec<String>) -> Result<(), JsValue>;
    }
}

/// The failure boot.js reports: `{ kind: "crashed" | "unavailable" | "stalled", message }`.
#[cfg(not(feature = "local-engine"))]
fn failure(value: &wasm_bindgen::JsValue) -> Failure {
    let field = |key: &str| js_sys::Reflect::get(value, &key.into()).ok().and_then(|v| v.as_string());
    let message = field("message").unwrap_or_else(|| "the engine failed without saying why".to_string());
    match field("kind").as_deref() {
        Some("crashed") => Failure::Crashed(message),
        Some("unavailable") => Failure::Unavailable(message),
        Some("stalled") => Failure::Stalled(message),
        _ => Failure::Other(message),
    }
}

#[cfg(not(feature = "local-engine"))]
async fn call_encoded(request: Vec<u8>, texts: Vec<String>) -> Result<Vec<u8>, Failure> {
    match worker::call(request, texts).await {
        Ok(answer) => Ok(js_sys::Uint8Array::new(&answer).to_vec()),
        Err(e) => Err(failure(&e)),
    }
}

/// One request and its answer; a request the engine refused, or an answer that cannot be
/// read, is `Failure::Other`.
async fn call(request: &Request, texts: Vec<String>) -> Result<Answer, Failure> {
    let answer = call_encoded(protocol::encode(request), texts).await?;
    match protocol::decode(&answer) {
        Ok(Answer::Refused(why)) => Err(Failure::Other(why)),
        Ok(answer) => Ok(answer),
        Err(e) => Err(Failure::Other(e.to_string())),
    }
}

/// An answer to another question (never sent by the engine this shell was built with). Not
/// quoted: formatting it would put the report's `Debug` code in the shell.
fn unexpected<T>(_: Answer) -> Result<T, Failure> {
    Err(Failure::Other("the engine answered another question".to_string()))
}

/// Shows the bug notice: `header`, then the pastes with secrets removed by the worker. With
/// `local-engine` (tests) there is no boot.js and no notice: the test runner reports the panic.
pub fn crash_notice(header: &str, texts: Vec<String>) {
    #[cfg(not(feature = "local-engine"))]
    let _ = worker::crash_notice(header, texts);
    #[cfg(feature = "local-engine")]
    let _ = (header, texts);
}

/// The diagnosis of the pastes, with the share link (whole pastes when `whole`);
/// `test_panic` makes the engine panic (the bug notice's browser test).
pub async fn diagnose(
    slots: Vec<u32>,
    kinds: Vec<Option<Kind>>,
    texts: Vec<String>,
    (vault, host): (String, String),
    whole: bool,
    test_panic: bool,
) -> Result<Diagnosis, Failure> {
    let request = Request::Diagnose { slots, kinds, vault, host, whole, base: super::browser::base_url(), test_panic };
    match call(&request, texts).await? {
        Answer::Diagnosis(diagnosis) => Ok(*diagnosis),
        other => unexpected(other),
    }
}

/// The report of the pastes as text to copy (asked for when a copy button is pressed).
pub async fn render(
    format: Format,
    slots: Vec<u32>,
    kinds: Vec<Option<Kind>>,
    texts: Vec<String>,
    (vault, host): (String, String),
) -> Result<String, Failure> {
    match call(&Request::Render { format, slots, kinds, vault, host }, texts).await? {
        Answer::Rendered(text) => Ok(text),
        other => unexpected(other),
    }
}

/// What a link with whole pastes would send for the pastes (asked when the user ticks "Include
/// whole pastes"); `None` when it would send nothing more than the link.
pub async fn whole_preview(kinds: Vec<Option<Kind>>, texts: Vec<String>, vault: String) -> Result<Option<Preview>, Failure> {
    match call(&Request::Preview { kinds, vault }, texts).await? {
        Answer::Preview(preview) => Ok(preview),
        other => unexpected(other),
    }
}

/// What a link's fragment opens to: its case, no link, or the sentence saying why not.
pub async fn open(fragment: &str) -> Result<LinkOpened, Failure> {
    match call(&Request::Open { fragment: fragment.to_string() }, Vec::new()).await? {
        Answer::Opened(opened) => Ok(opened),
        other => unexpected(other),
    }
}

/// A public resolver's answer as a paste, or the sentence saying why not.
pub async fn dns(resolver: &str, host: &str, when: &str, body: &str) -> Result<String, String> {
    let request = Request::PublicDns {
        resolver: resolver.to_string(),
        host: host.to_string(),
        when: when.to_string(),
        body: body.to_string(),
    };
    match call(&request, Vec::new()).await {
        Ok(Answer::PublicDns(made)) => made,
        Ok(other) => unexpected(other).map_err(|f: Failure| f.message().to_string()),
        Err(failure) => Err(failure.message().to_string()),
    }
}

/// The collector for `shell` and `vault`, or a request link's (`fragment`), served next to the
/// page at `base`; a failure of the engine is told as the reason there is none.
pub async fn collect(fragment: String, shell: String, vault: String, base: String) -> Collected {
    match call(&Request::Collect { fragment, shell, vault, base }, Vec::new()).await {
        Ok(Answer::Collect(collected)) => collected,
        Ok(other) => unexpected(other).unwrap_or_else(|f: Failure| Collected::Refused(f.message().to_string())),
        Err(failure) => Collected::Refused(failure.message().to_string()),
    }
}

/// A support engineer's request link for `vault`, `shell` and `note`, to the page at `base`.
pub async fn request_link(base: String, shell: String, vault: String, note: String) -> Result<String, String> {
    match call(&Request::RequestLink { base, shell, vault, note }, Vec::new()).await {
        Ok(Answer::RequestLink(made)) => made,
        Ok(other) => unexpected(other).map_err(|f: Failure| f.message().to_string()),
        Err(failure) => Err(failure.message().to_string()),
    }
}
