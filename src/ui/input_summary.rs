use yew::prelude::*;

use crate::engine::protocol::Kind;
use crate::engine::protocol::InputSummary;

#[derive(Properties, PartialEq)]
pub struct InputSummaryViewProps {
    pub summary: InputSummary,
}

/// What one paste was understood as, and every line that was not used. The notes are folded
/// behind a word at the end of the summary's one line: shown open, a half-typed paste's "not
/// recognised, kvdoctor reads: …" list (470 px on a phone) came and went under the box with the
/// keystrokes, and a half-typed line's "line 3 ignored" moved everything below by a line.
#[component]
pub fn InputSummaryView(props: &InputSummaryViewProps) -> Html {
    let s = &props.summary;
    let read = s.read_summary();
    let unknown = s.kind == Kind::Unknown;
    let kind_class = if unknown { "chip chip-unknown" } else { "chip" };
    let fold = match (unknown, s.notes.len()) {
        (true, _) => "what it reads".to_string(),
        (false, 1) => "1 note".to_string(),
        (false, n) => format!("{n} notes"),
    };
    html! {
        <div class="understood" data-kind={s.kind.id()}>
            <span class={kind_class}>{ s.kind.label() }</span>
            // One line even on a phone (cut with an ellipsis there): the whole text as a title.
            <span class="facts" title={read.clone()}>{ read }</span>
            if !s.notes.is_empty() {
                <details class="notes-fold">
                    <summary>{ fold }</summary>
                    <ul class="notes">
                        { for s.notes.iter().map(|n| html! { <li>{ n }</li> }) }
                    </ul>
                </details>
            }
        </div>
    }
}
