//! When the page hits a bug anyway: it says so, keeps the pastes on screen, drops a share link
//! that no longer matches what is shown, and offers the failing input for a bug report. A bug
//! in the engine ends its worker (the page stays, and the next change starts a fresh one); a
//! bug in the page's own module ends the module (`panic = "abort"`), so the notice is plain DOM
//! work done inside the hook. Either way the engine's worker removes secrets from the pastes
//! quoted (`kvdoctorEngine.crashReport` in boot.js) and the copy button is served by boot.js.

use std::cell::{Cell, RefCell};
use std::panic::PanicHookInfo;

use wasm_bindgen::JsValue;

use super::state::Text;

thread_local! {
    /// The pastes and vault name being diagnosed, kept for the bug report.
    static CASE: RefCell<(Vec<Text>, String)> = const { RefCell::new((Vec::new(), String::new())) };
    /// Set by the browser tests (sessionStorage `kvdoctor-test-panic`): the engine then panics
    /// on a paste holding `kvdoctor-test-panic`, so the notice can be tested in the release build.
    static TEST_PANIC: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook; call once, before the app renders.
pub fn install() {
    let flag = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item("kvdoctor-test-panic").ok().flatten());
    TEST_PANIC.with(|t| t.set(flag.as_deref() == Some("1")));
    // yew installs its own hook (a console message) when it renders unless one is set here.
    yew::set_custom_panic_hook(Box::new(on_panic));
}

/// Whether the browser tests asked the engine to fail on `kvdoctor-test-panic`.
pub fn test_panic() -> bool {
    TEST_PANIC.with(Cell::get)
}

/// Remembers what is about to be diagnosed (cheap: the texts are shared, not copied).
pub fn remember(texts: impl Iterator<Item = Text>, vault: &str) {
    let texts: Vec<Text> = texts.collect();
    CASE.with(|c| c.replace((texts, vault.to_string())));
}

/// The page's own module hit a bug: the notice, with the case last remembered.
fn on_panic(info: &PanicHookInfo) {
    report(&info.to_string());
}

/// The bug notice for `bug` (the engine's, or the page's), quoting the case last remembered.
pub fn report(bug: &str) {
    let (pastes, vault) = CASE.with(|c| c.try_borrow().map(|c| c.clone()).unwrap_or_default());
    let header = format!("kvdoctor {} hit a bug: {bug}\nvault name: {vault}\n", env!("CARGO_PKG_VERSION"));
    if show(&header).is_ok() {
        let texts = pastes.iter().map(|t| t.as_str().to_string()).collect();
        super::engine::fill_crash_report("crash-report", &header, texts);
    }
}

/// Sets the bug report's text (the engine's answer with secrets removed).
#[cfg(feature = "local-engine")]
pub fn set_report(id: &str, text: &str) {
    let area = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(area) = area.and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(a).ok()) {
        area.set_value(text);
    }
}

/// The notice at the top of the page; errors are ignored (there is nothing left to tell).
fn show(header: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let document = window.document().ok_or(JsValue::NULL)?;
    let body = document.body().ok_or(JsValue::NULL)?;
    // The address bar must not keep the link of a case that is no longer what is shown.
    let href = window.location().href()?;
    let base = href.split('#').next().unwrap_or_default();
    window.history()?.replace_state_with_url(&JsValue::NULL, "", Some(base))?;
    body.set_attribute("data-crashed", "true")?;
    let notice = document.create_element("section")?;
    notice.set_class_name("crash");
    notice.set_attribute("role", "alert")?;
    let heading = document.create_element("h2")?;
    heading.set_text_content(Some("kvdoctor hit a bug on this input — your pastes are kept"));
    let help = document.create_element("p")?;
    help.set_text_content(Some(
        "The diagnosis stopped. Your pastes are still below: copy them before reloading. The text here \
         (secrets removed) is what a bug report needs.",
    ));
    let text = document.create_element("textarea")?;
    text.set_id("crash-report");
    text.set_attribute("readonly", "")?;
    text.set_attribute("aria-label", "Bug report: the failing input")?;
    text.set_text_content(Some(&format!("{header}\n(Removing secrets from the pastes…)")));
    let copy = document.create_element("button")?;
    copy.set_attribute("type", "button")?;
    copy.set_attribute("data-copy-from", "crash-report")?;
    copy.set_text_content(Some("Copy the failing input"));
    for child in [&heading, &help, &text, &copy] {
        notice.append_child(child)?;
    }
    body.prepend_with_node_1(&notice)
}
