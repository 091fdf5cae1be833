//! The page: thin yew components over the engine's report. No Key Vault knowledge lives here.

mod app;
mod browser;
mod busy_note;
mod copy_button;
mod crash;
mod evidence_list;
mod examples_menu;
mod input_summary;
mod kind_picker;
mod notice_bar;
mod paste_box;
mod portal_form;
mod report_view;
mod run_commands;
mod share_bar;
mod state;
mod step_card;
mod vault_field;

pub use app::App;

/// Mounts the page into `<body>`.
pub fn start() {
    crash::install();
    yew::Renderer::<App>::new().render();
}
