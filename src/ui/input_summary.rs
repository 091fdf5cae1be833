use yew::prelude::*;

use crate::engine::{kind::Kind, report::InputSummary};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub summary: InputSummary,
}

/// What one paste was understood as, and every line that was not used.
#[component]
pub fn InputSummaryView(props: &Props) -> Html {
    let s = &props.summary;
    let kind_class = if s.kind == Kind::Unknown { "chip chip-unknown" } else { "chip" };
    html! {
        <div class="understood" data-kind={s.kind.id()}>
            <span class={kind_class}>{ s.kind.label() }</span>
            <span class="facts">{ s.read_summary() }</span>
            if !s.notes.is_empty() {
                <ul class="notes">
                    { for s.notes.iter().map(|n| html! { <li>{ n }</li> }) }
                </ul>
            }
        </div>
    }
}
