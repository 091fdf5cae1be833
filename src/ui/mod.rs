//! The page: thin yew components over the engine's report. No Key Vault knowledge lives here.

mod app;
mod asking;
mod browser;
mod busy_note;
mod copy_button;
mod crash;
mod engine;
mod evidence_list;
mod examples_menu;
mod input_summary;
mod kind_picker;
mod link_version_note;
mod notice_bar;
mod open_question;
mod paste_box;
mod portal_form;
mod public_dns;
mod report_view;
mod run_commands;
mod share_bar;
mod state;
mod step_card;
mod symptom_list;
mod vault_field;

pub use app::{App, AppProps};

/// Mounts the page in place of the static first screen (`#app` in index.html), or into
/// `<body>` when there is none.
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
