use yew::prelude::*;

use super::copy_button::command_list;
use super::evidence_list::evidence_list;
use crate::engine::report::{Action, Status, Step};

#[derive(Properties, PartialEq)]
pub struct StepCardProps {
    /// Shared with the answer: an unchanged step is the same allocation, equal at once.
    pub step: std::rc::Rc<Step>,
    /// By evidence line: quoted higher up in the report, so named rather than quoted again.
    #[prop_or_default]
    pub quoted_above: Vec<bool>,
}

fn action_block(label: &'static str, action: &Option<Action>) -> Html {
    let Some(action) = action else {
        return html! {};
    };
    html! {
        <div class={classes!("action", label.to_ascii_lowercase())}>
            <p><strong>{ label }{ ": " }</strong>{ &action.text }</p>
            { command_list(&action.commands) }
        </div>
    }
}

/// One step of the diagnosis: status as icon and word, the finding, its evidence and what to do.
#[component]
pub fn StepCard(props: &StepCardProps) -> Html {
    let step = &props.step;
    let status = step.status.word();
    html! {
        <li class={classes!("step", format!("step-{status}"))} data-check={step.id.to_string()} data-status={status}>
            <div class="step-head">
                <span class="badge">{ format!("{} {status}", step.status.icon()) }</span>
                <h4 class="step-title">{ &step.title }</h4>
                <code class="step-id">{ step.id.to_string() }</code>
            </div>
            if step.status != Status::Skip {
                { evidence_list(&step.evidence, step.evidence_omitted, &props.quoted_above) }
                { action_block("Fix", &step.fix) }
                { action_block("Next", &step.next) }
                <details>
                    <summary>{ "Why this matters" }</summary>
                    <p>{ step.explanation.to_string() }</p>
                </details>
            }
        </li>
    }
}
