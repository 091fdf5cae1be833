use std::rc::Rc;

use yew::prelude::*;

use super::busy_note::BusyNote;
use super::copy_button::Made;
use super::evidence_list::Quoted;
use super::link_version_note::LinkVersionNote;
use super::open_question::open_question;
use super::share_bar::ShareBar;
use super::state::ShownDiagnosis;
use super::step_card::StepCard;
use super::symptom_list::symptom_list;
use crate::engine::protocol::Format;
use crate::engine::report::{Status, Step};
use crate::engine::protocol::Link;

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    /// The engine's last answer; `None` while there is nothing to diagnose.
    pub answer: Option<Rc<ShownDiagnosis>>,
    /// The share link, once computed (`None` for an empty case), or why there is none.
    pub link: Option<Result<Link, String>>,
    /// Whether links carry whole pastes, and the switch for it (the share bar shows it).
    pub share_whole: bool,
    pub on_share_whole: Callback<bool>,
    /// The report as text to copy, asked of the engine when a copy button is pressed.
    pub render: Callback<Format, Made>,
    /// What whole pastes would send, asked of the engine when the share bar's box is ticked.
    pub preview: Callback<(), super::whole_preview::PreviewMade>,
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

/// The steps' cards, each told which of its lines were quoted above it; a step shared with the
/// previous answer (`state::ShownDiagnosis::steps`) compares equal at once, so its card is not rebuilt.
fn cards(steps: Vec<(&Rc<Step>, Vec<bool>)>) -> Html {
    html! {
        <ol class="steps">
            { for steps.into_iter().map(|(step, seen)| html! { <StepCard key={step.id.as_ref()} step={step.clone()} quoted_above={seen} /> }) }
        </ol>
    }
}

/// A folded group of steps: its cards are made only once it is opened (less to build and lay
/// out on every answer; most reports are mostly passed and inapplicable steps).
fn fold(class: &'static str, summary: String, open: bool, on_toggle: Callback<Event>, cards: impl FnOnce() -> Html) -> Html {
    html! {
        <details class={class} {open} ontoggle={on_toggle}>
            <summary>{ summary }</summary>
            if open { { cards() } }
        </details>
    }
}

/// Answer first: the verdict, then what to fix, then what would decide the open steps (each
/// question once) and what the pastes show, then the open, passed and inapplicable steps
/// folded; the share controls after the answer. A line of evidence is quoted once, where it is
/// first shown, and named after that.
#[component]
pub fn ReportView(props: &ReportViewProps) -> Html {
    // Which folded groups are open (open steps, passed, do not apply): their cards are built then.
    let opened = use_state(|| [false; 3]);
    let on_toggle = |group: usize| {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            let open = e.target_unchecked_into::<web_sys::Element>().has_attribute("open");
            if opened[group] != open {
                let mut now = *opened;
                now[group] = open;
                opened.set(now);
            }
        })
    };
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
    let questions = report.open_questions();
    let (open, passed, skipped) =
        (with(Status::Unknown).count(), with(Status::Pass).count(), with(Status::Skip).count());
    // Evidence in the order it is shown: what to fix, what fails, then the folded steps.
    let mut quoted = Quoted::default();
    let to_fix: Vec<_> = answer
        .steps
        .iter()
        .filter(|s| matches!(s.status, Status::Fail | Status::Warn))
        .map(|s| (s, quoted.mark(&s.evidence)))
        .collect();
    let fixes = to_fix.len();
    let symptoms_seen: Vec<Vec<bool>> = report.symptoms.iter().map(|s| quoted.mark(&s.evidence)).collect();
    let [open_shown, passed_shown, skipped_shown] = *opened;
    let mut folded = |status: Status| {
        let steps: Vec<_> = with(status).map(|s| (s, quoted.mark(&s.evidence))).collect();
        move || cards(steps)
    };
    let open_cards = folded(Status::Unknown);
    let passed_cards = folded(Status::Pass);
    let skipped_cards = folded(Status::Skip);
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
                // What is wrong; the first step under it says how to fix it.
                { " " }{ &verdict.headline }
            </h3>
            if let Some(vault) = &report.vault {
                <p class="vault">{ "Vault: " }<code>{ &vault.host }</code>{ format!(" ({} cloud)", vault.cloud) }</p>
            }
            { for report.notes.iter().map(|n| html! { <p class="note">{ n }</p> }) }
            if fixes > 0 {
                <h3 class="group-heading">{ if fixes == 1 { "What to fix".to_string() } else { format!("What to fix ({fixes})") } }</h3>
                { cards(to_fix) }
            }
            if !questions.is_empty() {
                <section class="open-questions" aria-labelledby="questions-heading">
                    <h3 id="questions-heading" class="group-heading">{ format!("What would decide the {open} open step{}", if open == 1 { "" } else { "s" }) }</h3>
                    <ol class="questions">
                        { for questions.iter().map(open_question) }
                    </ol>
                </section>
            }
            { symptom_list(&report.symptoms, &symptoms_seen) }
            if open > 0 {
                { fold("open-steps", format!("{open} step{} still open", if open == 1 { " is" } else { "s are" }), open_shown, on_toggle(0), open_cards) }
            }
            if passed > 0 {
                { fold("passed", format!("{passed} step{} passed", if passed == 1 { "" } else { "s" }), passed_shown, on_toggle(1), passed_cards) }
            }
            if skipped > 0 {
                { fold("skipped", if skipped == 1 { "1 step does not apply to this case".to_string() } else { format!("{skipped} steps do not apply to this case") }, skipped_shown, on_toggle(2), skipped_cards) }
            }
            if let Some(link) = &props.link {
                <ShareBar link={link.clone()} answer={answer.clone()} render={props.render.clone()} preview={props.preview.clone()} whole={props.share_whole} on_whole={props.on_share_whole.clone()} />
            }
        </section>
    }
}
