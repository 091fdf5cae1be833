//! When the page hits a bug anyway: it says so, keeps the pastes on screen, drops a share link
//! that no longer matches what is shown, and offers the failing input for a bug report. After
//! a panic the module is dead (`panic = "abort"`), so this is plain DOM work done inside the
//! hook, and the copy button is served by `boot.js`, not by the wasm.

use std::cell::{Cell, RefCell};
use std::panic::PanicHookInfo;

use wasm_bindgen::JsValue;

use super::state::Text;
use crate::engine::redact::redact;

thread_local! {
    /// The pastes and vault name being diagnosed, kept for the bug report.
    static CASE: RefCell<(Vec<Text>, String)> = const { RefCell::new((Vec::new(), String::new())) };
    /// Set by the browser tests (sessionStorage `kvdoctor-test-panic`): a paste holding
    /// `kvdoctor-test-panic` then panics, so the message can be tested in the release build.
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

/// Remembers what is about to be diagnosed (cheap: called once per diagnosis).
pub fn remember(texts: impl Iterator<Item = Text>, vault: &str) {
    let texts: Vec<Text> = texts.collect();
    let test_panic = TEST_PANIC.with(Cell::get) && texts.iter().any(|t| t.as_str().contains("kvdoctor-test-panic"));
    CASE.with(|c| c.replace((texts, vault.to_string())));
    if test_panic {
        panic!("a test asked for a panic (kvdoctor-test-panic)");
    }
}

fn on_panic(info: &PanicHookInfo) {
    let (pastes, vault) = CASE.with(|c| c.try_borrow().map(|c| c.clone()).unwrap_or_default());
    let pastes: Vec<String> = pastes.iter().map(|t| t.as_str().to_string()).collect();
    let (pastes, _) = redact(&pastes);
    let mut report = format!("kvdoctor {} hit a bug: {info}\nvault name: {vault}\n", env!("CARGO_PKG_VERSION"));
    for (i, paste) in pastes.iter().enumerate() {
        report.push_str(&format!("\n--- paste {} ---\n{paste}\n", i + 1));
    }
    let _ = show(&report);
}

/// The notice at the top of the page; errors are ignored (there is nothing left to tell).
fn show(report: &str) -> Result<(), JsValue> {
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
    text.set_text_content(Some(report));
    let copy = document.create_element("button")?;
    copy.set_attribute("type", "button")?;
    copy.set_attribute("data-copy-from", "crash-report")?;
    copy.set_text_content(Some("Copy the failing input"));
    for child in [&heading, &help, &text, &copy] {
        notice.append_child(child)?;
    }
    body.prepend_with_node_1(&notice)
}
