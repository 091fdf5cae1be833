use yew::prelude::*;

use super::state::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Notice,
    pub on_dismiss: Callback<MouseEvent>,
}

#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    // Work under way is announced politely; what happened, at once.
    let (class, role, text) = match &props.notice {
        Notice::Info(t) => ("notice notice-info", "alert", t),
        Notice::Error(t) => ("notice notice-error", "alert", t),
        Notice::Progress(t) => ("notice notice-info", "status", t),
    };
    if text.is_empty() {
        return html! {};
    }
    html! {
        <div {class} {role}>
            <span>{ text }</span>
            <button type="button" class="link" onclick={props.on_dismiss.clone()} aria-label="Dismiss this message">{ "Dismiss" }</button>
        </div>
    }
}
