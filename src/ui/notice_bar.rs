use yew::prelude::*;

use super::state::Notice;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub notice: Notice,
    pub on_dismiss: Callback<MouseEvent>,
}

#[component]
pub fn NoticeBar(props: &Props) -> Html {
    let (class, text) = match &props.notice {
        Notice::Info(t) => ("notice notice-info", t),
        Notice::Error(t) => ("notice notice-error", t),
    };
    if text.is_empty() {
        return html! {};
    }
    html! {
        <div class={class} role="alert">
            <span>{ text }</span>
            <button type="button" class="link" onclick={props.on_dismiss.clone()} aria-label="Dismiss this message">{ "Dismiss" }</button>
        </div>
    }
}
