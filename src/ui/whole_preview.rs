//! What a link with whole pastes would send, shown before "Include whole pastes" takes effect:
//! every line as it would leave, the lines only whole pastes carry marked, and what kvdoctor
//! removed. Text kvdoctor did not understand is what support most needs and the riskiest to
//! share: the user sees it before it goes into a link (or the address bar). The engine makes it
//! when the preview opens (`Request::Preview`), not with every diagnosis: up to 64 KB of text
//! that most answers would carry for nothing.

use std::future::Future;
use std::pin::Pin;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::engine::protocol::Removed;
use crate::engine::protocol::Preview;

/// The preview of the case as it is when asked: `Ok(None)` when whole pastes would carry
/// nothing more, `Err(why)` when the engine could not make it.
pub type PreviewMade = Pin<Box<dyn Future<Output = Result<Option<Preview>, String>>>>;

#[derive(Properties, PartialEq)]
pub struct WholePreviewProps {
    /// Asks the engine for the preview: when the preview opens, and again for a new link.
    pub ask: Callback<(), PreviewMade>,
    /// The link the preview is for: a changed case has a new one, and a new preview.
    pub link: AttrValue,
    /// The user agrees: the link carries whole pastes.
    pub on_include: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn WholePreview(props: &WholePreviewProps) -> Html {
    // The answer and the link it was asked for: an answer about an earlier case is not shown.
    let made = use_state(|| None::<(AttrValue, Result<Option<Preview>, String>)>);
    {
        let (ask, made) = (props.ask.clone(), made.clone());
        use_effect_with(props.link.clone(), move |link| {
            let (asked, link) = (ask.emit(()), link.clone());
            spawn_local(async move { made.set(Some((link, asked.await))) });
        });
    }
    let include = props.on_include.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let shown = (*made).as_ref().filter(|(link, _)| *link == props.link).map(|(_, made)| made);
    // The region (and its "Include" button) appears once the preview is there to read.
    let body = match shown {
        None => return html! { <p class="hint" role="status">{ "Preparing the preview of what whole pastes would send…" }</p> },
        Some(Err(why)) => html! { <p class="notice-warn">{ format!("The preview could not be made ({why}). Untick and tick the box to try again.") }</p> },
        Some(Ok(None)) => html! { <p>{ "A link with whole pastes would send nothing more than this link." }</p> },
        Some(Ok(Some(preview))) => preview_body(preview),
    };
    html! {
        <section class="whole-preview" aria-label="What whole pastes would send">
            { body }
            <div class="share-actions">
                <button type="button" id="whole-include" onclick={include}>{ "Include whole pastes in the link" }</button>
                <button type="button" class="secondary" id="whole-cancel" onclick={cancel}>{ "Keep only what was understood" }</button>
            </div>
        </section>
    }
}

fn preview_body(preview: &Preview) -> Html {
    let marked: usize = preview.pastes.iter().flat_map(|p| &p.lines).filter(|(extra, l)| *extra && !l.is_empty()).count();
    let lead = if preview.too_large {
        format!(
            "Whole pastes would send {} KB, too much to show here. Check the pastes themselves: anything in them that is not a recognised secret travels as it is.",
            preview.bytes.div_ceil(1024)
        )
    } else {
        format!(
            "A link with whole pastes sends exactly this. The {marked} highlighted line(s) leave only with whole pastes: read them first. [removed] marks what kvdoctor took out."
        )
    };
    html! {
        <>
            <p>{ lead }</p>
            if !preview.removed.is_empty() {
                <ul class="removed" aria-label="Removed from whole pastes">
                    { for preview.removed.iter().map(|r| html! { <li>{ format!("Removed {}", Removed::describe(r)) }</li> }) }
                </ul>
            }
            { for preview.pastes.iter().map(|paste| html! {
                <figure>
                    <figcaption>{ format!("Paste {}", paste.paste) }</figcaption>
                    <pre>{ for paste.lines.iter().map(|(extra, line)| if *extra {
                        html! { <><mark>{ line }</mark>{ "\n" }</> }
                    } else {
                        html! { <>{ line }{ "\n" }</> }
                    }) }</pre>
                </figure>
            }) }
        </>
    }
}
