use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use super::browser;
use super::busy_note::BusyNote;
use super::copy_button::Made;
use super::link_version_note::LinkVersionNote;
use super::share_bar::ShareBar;
use super::state::ShownDiagnosis;
use crate::engine::protocol::Format;
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
/// The folded groups of steps in the engine's HTML: one the reader opened stays open when the
/// next answer brings new HTML.
const FOLDS: [&str; 3] = ["#diagnosis > details.open-steps", "#diagnosis > details.passed", "#diagnosis > details.skipped"];

/// One sentence for screen readers, in its own live region: the report itself is not live,
/// or a reader would hear all of it again on every change.
fn announcer(text: &str) -> Html {
    html! { <p class="announcer visually-hidden" role="status" aria-live="polite">{ text.to_string() }</p> }
}

/// The one click handler of the report's command copy buttons (plain buttons in the engine's
/// HTML, each after the `<code>` it copies): copies and says so on the button. The share bar's
/// buttons are components of their own and are left to them.
fn copy_command(e: MouseEvent) {
    let Some(target) = e.target_dyn_into::<web_sys::Element>() else { return };
    let Some(button) = target.closest(".command > button.copy").ok().flatten() else { return };
    if button.closest(".share-bar").ok().flatten().is_some() {
        return;
    }
    let Some(text) = button.previous_element_sibling().and_then(|code| code.text_content()) else { return };
    spawn_local(async move {
        let said = if browser::copy(&text).await { "Copied" } else { "Select and copy it by hand" };
        button.set_text_content(Some(said));
    });
}

/// Answer first: the verdict, what to fix, what would decide the open steps, what the pastes
/// show and the folded steps, all of it HTML the engine wrote (`render::html::body`, every text
/// escaped); around it the shell's heading, live announcement, notes and share bar.
#[component]
pub fn ReportView(props: &ReportViewProps) -> Html {
    // The HTML shown, and which folds were open in it: read before new HTML replaces it, opened
    // again after.
    let shown = use_mut_ref(|| None::<Rc<str>>);
    let reopen = use_mut_ref(|| [false; 3]);
    let html = props.answer.as_ref().map(|a| a.html.clone());
    if *shown.borrow() != html {
        *reopen.borrow_mut() = FOLDS.map(|fold| browser::fold_open(fold, false));
        *shown.borrow_mut() = html.clone();
    }
    use_effect_with(html.clone(), move |_| {
        for (fold, open) in FOLDS.iter().zip(*reopen.borrow()) {
            if open {
                browser::fold_open(fold, true);
            }
        }
    });
    let section = |body: Html| {
        html! {
            <section class="report" id="diagnosis" aria-labelledby="report-heading" onclick={copy_command}
                aria-busy={props.busy.is_some().then_some("true")} data-pending={props.pending.then_some("true")}>
                <h2 id="report-heading" tabindex="-1">{ "Diagnosis" }</h2>
                { body }
            </section>
        }
    };
    let busy = props.busy.as_ref().map(|message| html! { <BusyNote message={message.clone()} /> });
    let (Some(answer), Some(html)) = (&props.answer, html) else {
        let waiting = match (props.pending, props.has_input) {
            (true, _) => WORKING,
            (false, true) => NO_ANSWER,
            (false, false) => NOTHING_YET,
        };
        return section(html! {
            <>
                { announcer(if props.pending { WORKING } else { "" }) }
                { busy }
                <p class="hint nothing-yet">{ waiting }</p>
            </>
        });
    };
    section(html! {
        <>
            { announcer(&answer.summary.announcement) }
            { busy }
            if let Some(note) = &props.link_note {
                <LinkVersionNote note={note.clone()} />
            }
            { Html::from_html_unchecked(AttrValue::from(html)) }
            if let Some(link) = &props.link {
                <ShareBar link={link.clone()} answer={answer.clone()} render={props.render.clone()} preview={props.preview.clone()} whole={props.share_whole} on_whole={props.on_share_whole.clone()} />
            }
        </>
    })
}
