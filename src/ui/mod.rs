//! The page: thin yew components over the engine's report. No Key Vault knowledge lives here.

//!
//! The reducer (`state`) and the request policy (`policy`) are plain Rust, compiled and tested
//! natively too; everything else needs a browser.

/// Modules that need a browser (yew, web-sys): the wasm build only.
macro_rules! web {
    ($($module:ident),* $(,)?) => { $( #[cfg(target_arch = "wasm32")] mod $module; )* };
}

web!(
    app,
    asking,
    browser,
    busy_note,
    collect_panel,
    copy_button,
    crash,
    engine,
    examples_menu,
    host_picker,
    input_summary,
    kind_picker,
    link_version_note,
    notice_bar,
    paste_box,
    portal_form,
    public_dns,
    report_view,
    run_commands,
    share_bar,
    vault_field,
    whole_preview,
);
pub mod policy;
pub mod state;
#[cfg(test)]
mod tests;

#[cfg(target_arch = "wasm32")]
pub use app::{App, AppProps};

/// Mounts the page in place of the static first screen (`#app` in index.html), or into
/// `<body>` when there is none.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    crash::install();
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            let early = std::rc::Rc::new(browser::early_input());
            root.set_inner_html("");
            yew::Renderer::<App>::with_root_and_props(root, AppProps { early }).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
