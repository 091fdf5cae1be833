//! What a link with whole pastes would send, shown before "Include whole pastes" takes effect:
//! every line as it would leave, the lines only whole pastes carry marked, and what kvdoctor
//! removed. Text kvdoctor did not understand is what support most needs and the riskiest to
//! share: the user sees it before it goes into a link (or the address bar).

use yew::prelude::*;

use crate::engine::redact::Removed;
use crate::engine::share::Preview;

#[derive(Properties, PartialEq)]
pub struct WholePreviewProps {
    pub preview: Preview,
    /// The user agrees: the link carries whole pastes.
    pub on_include: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn WholePreview(props: &WholePreviewProps) -> Html {
    let include = props.on_include.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let preview = &props.preview;
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
        <section class="whole-preview" aria-label="What whole pastes would send">
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
            <div class="share-actions">
                <button type="button" id="whole-include" onclick={include}>{ "Include whole pastes in the link" }</button>
                <button type="button" class="secondary" id="whole-cancel" onclick={cancel}>{ "Keep only what was understood" }</button>
            </div>
        </section>
    }
}
