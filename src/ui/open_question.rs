use yew::prelude::*;

use super::copy_button::command_list;
use crate::engine::report::OpenQuestion;

/// One thing to paste next, asked once for every open step it would decide. A function, not a
/// component: it has no state, and each component type costs the shell its own copy of yew's
/// lifecycle.
pub fn open_question(question: &OpenQuestion<'_>) -> Html {
    // Open steps waiting on the same paste often give the same reason as their title: said once
    // (it was "No name lookup of the vault was pasted, …" three times in a row).
    let mut decides: Vec<&str> = Vec::new();
    for step in &question.steps {
        if !decides.contains(&step.title.as_str()) {
            decides.push(&step.title);
        }
    }
    let label = match question.steps.len() {
        1 => "Decides: ".to_string(),
        n => format!("Decides {n} steps: "),
    };
    html! {
        <li class="question">
            <p>{ &question.action.text }</p>
            { command_list(&question.action.commands) }
            <p class="decides">{ label }{ decides.join("; ") }</p>
        </li>
    }
}
