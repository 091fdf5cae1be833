//! When the page hits a bug anyway: it says so, keeps the pastes on screen, drops a share link
//! that no longer matches what is shown, and offers the failing input for a bug report. A bug
//! in the engine ends its worker (the page stays, and the next change starts a fresh one); a
//! bug in the page's own module ends the module (`panic = "abort"`). Either way boot.js shows
//! the notice and serves its copy button, and the engine's worker removes secrets from the
//! pastes it quotes.

use std::cell::{Cell, RefCell};
use std::panic::PanicHookInfo;

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
/// boot.js builds it (`kvdoctorEngine.crashNotice`): after a bug in the page's own module
/// nothing in it may run again, and the engine's worker removes the secrets from the pastes.
pub fn report(bug: &str) {
    let (pastes, vault) = CASE.with(|c| c.try_borrow().map(|c| c.clone()).unwrap_or_default());
    report_case(bug, &pastes, &vault);
}

/// The bug notice for `bug`, quoting the case that met it.
pub fn report_case(bug: &str, pastes: &[Text], vault: &str) {
    let header = format!("kvdoctor {} hit a bug: {bug}\n", crate::engine::protocol::VERSION);
    // The vault field is input like a paste: it goes first, to have its secrets removed too.
    let texts = std::iter::once(vault.to_string()).chain(pastes.iter().map(|t| t.as_str().to_string()));
    super::engine::crash_notice(&header, texts.collect());
}
