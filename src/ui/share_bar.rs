use yew::prelude::*;

use super::browser;
use super::copy_button::{fixed, CopyButton, Made};
use super::state::ShownDiagnosis;
use super::whole_preview::{PreviewMade, WholePreview};
use crate::engine::protocol::Format;
use crate::engine::protocol::Removed;
use crate::engine::protocol::{Link, AIM};

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The link, or the sentence saying why there is none.
    pub link: Result<Link, String>,
    /// The report and what was removed from it.
    pub answer: std::rc::Rc<ShownDiagnosis>,
    /// The report as text to copy, asked of the engine when a copy button is pressed.
    pub render: Callback<Format, Made>,
    /// What whole pastes would send, asked of the engine when the box is ticked.
    pub preview: Callback<(), PreviewMade>,
    /// The link carries whole pastes (the user asked for it).
    pub whole: bool,
    pub on_whole: Callback<bool>,
}

/// The case's link (when there is one), the version and the time: the lines that close a
/// ticket comment and a printout, so a reader can open the case and knows when it was seen.
fn stamp(link: Option<&str>) -> String {
    let when = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
    let when = when.get(..16).map_or_else(String::new, |w| format!(", {} UTC", w.replace('T', " ")));
    let version = format!("kvdoctor {}{when}", crate::engine::protocol::VERSION);
    match link {
        Some(link) => format!("Case: {link}\n{version}"),
        None => version,
    }
}

/// Take the case away: a link for the ticket, Markdown, JSON, or print.
#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let link = &props.link;
    let json = props.render.reform(|_| Format::Json);
    let stamp = stamp(link.as_ref().ok().map(|l| l.url.as_str()));
    // A ticket comment and the full report carry the case's link, the version and the date: the
    // comment's body ends where the stamp's line goes, the report's Markdown gets a paragraph.
    let stamped = |format: Format| {
        let (render, stamp) = (props.render.clone(), stamp.clone());
        Callback::from(move |_| {
            let (body, stamp) = (render.emit(format), stamp.clone());
            Box::pin(async move {
                body.await.map(|body| match format {
                    Format::Ticket => format!("{body}\n{stamp}\n"),
                    _ => format!("{}\n\n{stamp}\n", body.trim_end()),
                })
            }) as Made
        })
    };
    let (ticket, markdown) = (stamped(Format::Ticket), stamped(Format::Markdown));
    let on_print = Callback::from(|_: MouseEvent| browser::print());
    // Ticking "Include whole pastes" first shows what would leave (`WholePreview`); only its
    // "Include" button makes the link (and the address bar) carry whole pastes.
    let previewing = use_state(|| false);
    let has_preview = link.as_ref().is_ok_and(|l| l.previewable) && !props.whole;
    let on_whole = {
        let (on_whole, previewing) = (props.on_whole.clone(), previewing.clone());
        Callback::from(move |e: Event| {
            let checked = e.target_dyn_into::<web_sys::HtmlInputElement>().is_some_and(|i| i.checked());
            match checked && has_preview {
                true => previewing.set(true),
                false => {
                    previewing.set(false);
                    on_whole.emit(checked)
                }
            }
        })
    };
    let on_include = {
        let (on_whole, previewing) = (props.on_whole.clone(), previewing.clone());
        Callback::from(move |()| {
            previewing.set(false);
            on_whole.emit(true)
        })
    };
    let on_cancel = {
        let previewing = previewing.clone();
        Callback::from(move |()| previewing.set(false))
    };
    let report_removed: Vec<String> = props.answer.removed.iter().map(Removed::describe).collect();
    html! {
        <div class="share-bar">
            <div class="share-actions">
                if let Ok(link) = link {
                    <CopyButton text={fixed(link.url.clone())} label="Copy link" />
                }
                <CopyButton text={ticket} label="Copy for a ticket" />
                <CopyButton text={markdown} label="Copy full report" />
                <CopyButton text={json} label="Copy as JSON" />
                <button type="button" class="secondary" onclick={on_print}>{ "Print" }</button>
            </div>
            { match link {
                Ok(link) => html! {
                    <div class="link-info">
                        <label for="share-link">{ format!("Link to this case ({} characters{})", link.url.len(), if link.url.len() > AIM { ", long" } else { "" }) }</label>
                        <input id="share-link" type="text" readonly=true value={link.url.clone()} />
                        <p class="link-note">{ "The link holds the case itself (after #, never sent to a server). It is also kept in the address bar, and so in this browser's history, with secrets removed." }</p>
                        <p class="link-scope">
                            { match (props.whole, link.left_out.describe()) {
                                (true, _) => "The link holds the whole pastes, with secrets removed.".to_string(),
                                (false, Some(left_out)) => format!("{left_out} Only what the diagnosis understood is shared."),
                                (false, None) => "The link holds what the diagnosis used: every line was.".to_string(),
                            } }
                            if !props.whole && !link.left_out.left.is_empty() {
                                { " The recipient sees which pastes you left out and why. What kvdoctor did not understand is often what support needs: to send it, include whole pastes; you see exactly what would leave before the link carries it." }
                            }
                        </p>
                        <label class="share-whole"><input id="share-whole" type="checkbox" checked={props.whole || *previewing} onchange={on_whole} />{ " Include whole pastes (secrets are still removed; you see what would leave first)" }</label>
                        if *previewing && has_preview {
                            <WholePreview ask={props.preview.clone()} link={AttrValue::from(link.url.clone())} {on_include} {on_cancel} />
                        }
                        if link.long {
                            <p class="notice-warn">{ "This link is long: some ticket fields and chats cut links over 8,000 characters. Copy the full report if it gets cut." }</p>
                        }
                        if !link.removed.is_empty() {
                            <ul class="removed" aria-label="Removed from the link">
                                { for link.removed.iter().map(|r| html! { <li>{ format!("Removed {} from the link", r.describe()) }</li> }) }
                            </ul>
                        }
                    </div>
                },
                Err(e) => html! { <p class="notice-warn">{ format!("No link: {e}.") }</p> },
            } }
            <p class="print-stamp">{ stamp }</p>
            if !report_removed.is_empty() {
                <ul class="removed" aria-label="Removed from the report">
                    { for report_removed.iter().map(|r| html! { <li>{ format!("The report (shown, printed and copied) leaves out {r}") }</li> }) }
                </ul>
            }
        </div>
    }
}
