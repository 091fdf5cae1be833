use yew::prelude::*;

use super::copy_button::command_list;
use crate::engine::report::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What to paste next, with the commands that collect it.
    pub action: Action,
    /// The titles of the open steps it would decide.
    pub steps: Vec<AttrValue>,
}

/// One thing to paste next, asked once for every open step it would decide.
#[component]
pub fn OpenQuestionItem(props: &Props) -> Html {
    html! {
        <li class="question">
            <p>{ &props.action.text }</p>
            { command_list(&props.action.commands) }
            <p class="decides">{ "Decides: " }{ props.steps.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; ") }</p>
        </li>
    }
}
