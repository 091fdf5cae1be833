use yew::prelude::*;

use crate::engine::facts::Evidence;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Vec<Evidence>,
    /// Lines found beyond those quoted.
    #[prop_or_default]
    pub omitted: usize,
}

/// The quoted lines a step relied on, each with where it came from.
#[component]
pub fn EvidenceList(props: &Props) -> Html {
    if props.evidence.is_empty() {
        return html! {};
    }
    html! {
        <ul class="evidence" aria-label="Evidence">
            { for props.evidence.iter().map(|e| {
                let lines = e.lines.iter().map(ToString::to_string).collect::<Vec<_>>().join("–");
                let place = if e.lines.len() > 1 { format!("paste {}, lines {lines}", e.input) } else { format!("paste {}, line {lines}", e.input) };
                html! { <li><q class="quote">{ &e.quote }</q>{ " " }<span class="where">{ place }</span></li> }
            }) }
            if props.omitted > 0 {
                <li class="where">{ format!("… and {} more lines", props.omitted) }</li>
            }
        </ul>
    }
}
