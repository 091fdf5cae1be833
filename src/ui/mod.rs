//! The page: thin yew components over the engine's report. No Key Vault knowledge lives here.

mod app;
mod evidence_list;
mod input_summary;
mod paste_box;
mod report_view;
mod state;
mod step_card;

pub use app::App;

/// Mounts the page into `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
