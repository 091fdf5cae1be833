use yew::prelude::*;

use super::copy_button::command_list;
use crate::engine::report::OpenQuestion;

/// One thing to paste next, asked once for every open step it would decide. A function, not a
/// component: it has no state, and each component type costs the shell its own copy of yew's
/// lifecycle.
pub fn open_question(question: &OpenQuestion<'_>) -> Html {
    let decides: Vec<&str> = question.steps.iter().map(|s| s.title.as_str()).collect();
    html! {
        <li class="question">
            <p>{ &question.action.text }</p>
            { command_list(&question.action.commands) }
            <p class="decides">{ "Decides: " }{ decides.join("; ") }</p>
        </li>
    }
}
