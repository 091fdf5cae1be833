use std::rc::Rc;

use yew::prelude::*;

use super::busy_note::BusyNote;
use super::link_version_note::LinkVersionNote;
use super::share_bar::ShareBar;
use super::state::Answer;
use super::step_card::StepCard;
use super::symptom_list::SymptomList;
use crate::engine::report::Status;
use crate::engine::share::Link;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The engine's last answer; `None` while there is nothing to diagnose.
    pub answer: Option<Rc<Answer>>,
    /// The share link, once computed (`None` for an empty case), or why there is none.
    pub link: Option<Result<Link, String>>,
    /// Whether links carry whole pastes, and the switch for it (the share bar shows it).
    pub share_whole: bool,
    pub on_share_whole: Callback<bool>,
    /// What a large case is waiting on; the report shown is the previous one meanwhile.
    #[prop_or_default]
    pub busy: Option<AttrValue>,
    /// The engine is working on the case (marked `data-pending`, for tests and styles).
    #[prop_or_default]
    pub pending: bool,
    /// There is something to diagnose (a paste or a vault name).
    #[prop_or_default]
    pub has_input: bool,
    /// The case came from a link made by another kvdoctor: what to say about it.
    #[prop_or_default]
    pub link_note: Option<AttrValue>,
}

/// Shown before there is anything to diagnose (the engine is loaded only once there is).
const NOTHING_YET: &str = "Nothing to diagnose yet: paste the error message you got, or nslookup of your vault's name.";
/// Shown while the first answer is on its way (the engine may still be loading).
const WORKING: &str = "Diagnosing…";
/// Shown when the engine gave no answer (the notice above says why).
const NO_ANSWER: &str = "No diagnosis yet: the message above says why. It is tried again when you change a paste.";

#[component]
pub fn ReportView(props: &Props) -> Html {
    let Some(answer) = &props.answer else {
        return html! {
            <section class="report" role="status" aria-live="polite" aria-labelledby="report-heading"
                aria-busy={props.busy.is_some().then_some("true")} data-pending={props.pending.then_some("true")}>
                <h2 id="report-heading">{ "Diagnosis" }</h2>
                if let Some(message) = &props.busy {
                    <BusyNote message={message.clone()} />
                }
                <p class="hint nothing-yet">{ match (props.pending, props.has_input) {
                    (true, _) => WORKING,
                    (false, true) => NO_ANSWER,
                    (false, false) => NOTHING_YET,
                } }</p>
            </section>
        };
    };
    let report = &answer.report;
    let verdict = &report.verdict;
    let skipped = report.steps.iter().filter(|s| s.status == Status::Skip).count();
    html! {
        <section class="report" role="status" aria-live="polite" aria-labelledby="report-heading"
            aria-busy={props.busy.is_some().then_some("true")} data-pending={props.pending.then_some("true")}>
            <h2 id="report-heading">{ "Diagnosis" }</h2>
            if let Some(message) = &props.busy {
                <BusyNote message={message.clone()} />
            }
            if let Some(link) = &props.link {
                <ShareBar link={link.clone()} answer={answer.clone()} whole={props.share_whole} on_whole={props.on_share_whole.clone()} />
            }
            if let Some(note) = &props.link_note {
                <LinkVersionNote note={note.clone()} />
            }
            <SymptomList symptoms={report.symptoms.clone()} />
            <p class={classes!("verdict", format!("verdict-{}", verdict.status.word()))} data-status={verdict.status.word()}
                data-primary={verdict.primary.as_deref().unwrap_or_default().to_string()}>
                <span class="status-word">{ format!("{} {}", verdict.status.icon(), verdict.status.word()) }</span>
                { " " }{ &verdict.summary }
            </p>
            if let Some(vault) = &report.vault {
                <p class="vault">{ "Vault: " }<code>{ &vault.host }</code>{ format!(" ({} cloud)", vault.cloud) }</p>
            }
            { for report.notes.iter().map(|n| html! { <p class="note">{ n }</p> }) }
            <ol class="steps">
                { for report.steps.iter().filter(|s| s.status != Status::Skip).map(|step| html! { <StepCard key={step.id.as_ref()} step={step.clone()} /> }) }
            </ol>
            if skipped > 0 {
                <details class="skipped">
                    <summary>{ format!("{skipped} steps do not apply to this case") }</summary>
                    <ol class="steps">
                        { for report.steps.iter().filter(|s| s.status == Status::Skip).map(|step| html! { <StepCard key={step.id.as_ref()} step={step.clone()} /> }) }
                    </ol>
                </details>
            }
        </section>
    }
}
