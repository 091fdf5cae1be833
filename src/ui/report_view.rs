use std::rc::Rc;

use yew::prelude::*;

use super::busy_note::BusyNote;
use super::copy_button::Made;
use super::link_version_note::LinkVersionNote;
use super::open_question::open_question;
use super::share_bar::ShareBar;
use super::state::Answer;
use super::step_card::StepCard;
use super::symptom_list::SymptomList;
use crate::engine::protocol::Format;
use crate::engine::report::{Status, Step};
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
    /// The report as text to copy, asked of the engine when a copy button is pressed.
    pub render: Callback<Format, Made>,
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

/// One sentence for screen readers, in its own live region: the report itself is not live,
/// or a reader would hear all of it again on every change.
fn announcer(text: &str) -> Html {
    html! { <p class="announcer visually-hidden" role="status" aria-live="polite">{ text.to_string() }</p> }
}

/// The steps' cards; a step shared with the previous answer (`state::Answer::steps`) compares
/// equal at once, so its card is not rebuilt.
fn cards<'a>(steps: impl Iterator<Item = &'a Rc<Step>>) -> Html {
    html! { <ol class="steps">{ for steps.map(|step| html! { <StepCard key={step.id.as_ref()} step={step.clone()} /> }) }</ol> }
}

/// Answer first: the verdict, then what to fix, then what would decide the open steps (each
/// question once), then the passed and inapplicable steps folded; what the pastes show and the
/// share controls after the answer.
#[component]
pub fn ReportView(props: &Props) -> Html {
    let Some(answer) = &props.answer else {
        let waiting = match (props.pending, props.has_input) {
            (true, _) => WORKING,
            (false, true) => NO_ANSWER,
            (false, false) => NOTHING_YET,
        };
        return html! {
            <section class="report" id="diagnosis" aria-labelledby="report-heading"
                aria-busy={props.busy.is_some().then_some("true")} data-pending={props.pending.then_some("true")}>
                <h2 id="report-heading" tabindex="-1">{ "Diagnosis" }</h2>
                { announcer(if props.pending { WORKING } else { "" }) }
                if let Some(message) = &props.busy {
                    <BusyNote message={message.clone()} />
                }
                <p class="hint nothing-yet">{ waiting }</p>
            </section>
        };
    };
    let report = &answer.report;
    let verdict = &report.verdict;
    let with = |status: Status| answer.steps.iter().filter(move |s| s.status == status);
    let to_fix: Vec<&Rc<Step>> = answer.steps.iter().filter(|s| matches!(s.status, Status::Fail | Status::Warn)).collect();
    let questions = report.open_questions();
    let (open, passed, skipped) =
        (with(Status::Unknown).count(), with(Status::Pass).count(), with(Status::Skip).count());
    html! {
        <section class="report" id="diagnosis" aria-labelledby="report-heading"
            aria-busy={props.busy.is_some().then_some("true")} data-pending={props.pending.then_some("true")}>
            <h2 id="report-heading" tabindex="-1">{ "Diagnosis" }</h2>
            { announcer(&report.announcement()) }
            if let Some(message) = &props.busy {
                <BusyNote message={message.clone()} />
            }
            if let Some(note) = &props.link_note {
                <LinkVersionNote note={note.clone()} />
            }
            <h3 class={classes!("verdict", format!("verdict-{}", verdict.status.word()))} data-status={verdict.status.word()}
                data-primary={verdict.primary.as_deref().unwrap_or_default().to_string()}>
                <span class="status-word">{ format!("{} {}", verdict.status.icon(), verdict.status.word()) }</span>
                { " " }{ &verdict.summary }
            </h3>
            if let Some(vault) = &report.vault {
                <p class="vault">{ "Vault: " }<code>{ &vault.host }</code>{ format!(" ({} cloud)", vault.cloud) }</p>
            }
            { for report.notes.iter().map(|n| html! { <p class="note">{ n }</p> }) }
            if !to_fix.is_empty() {
                <h3 class="group-heading">{ if to_fix.len() == 1 { "What to fix".to_string() } else { format!("What to fix ({})", to_fix.len()) } }</h3>
                { cards(to_fix.into_iter()) }
            }
            if !questions.is_empty() {
                <section class="open-questions" aria-labelledby="questions-heading">
                    <h3 id="questions-heading" class="group-heading">{ format!("What would decide the {open} open step{}", if open == 1 { "" } else { "s" }) }</h3>
                    <ol class="questions">
                        { for questions.iter().map(open_question) }
                    </ol>
                </section>
            }
            if open > 0 {
                <details class="open-steps">
                    <summary>{ format!("{open} step{} still open", if open == 1 { " is" } else { "s are" }) }</summary>
                    { cards(with(Status::Unknown)) }
                </details>
            }
            if passed > 0 {
                <details class="passed">
                    <summary>{ format!("{passed} step{} passed", if passed == 1 { "" } else { "s" }) }</summary>
                    { cards(with(Status::Pass)) }
                </details>
            }
            if skipped > 0 {
                <details class="skipped">
                    <summary>{ format!("{skipped} steps do not apply to this case") }</summary>
                    { cards(with(Status::Skip)) }
                </details>
            }
            <SymptomList symptoms={report.symptoms.clone()} />
            if let Some(link) = &props.link {
                <ShareBar link={link.clone()} answer={answer.clone()} render={props.render.clone()} whole={props.share_whole} on_whole={props.on_share_whole.clone()} />
            }
        </section>
    }
}
