use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlTextAreaElement};
use yew::prelude::*;

use super::input_summary::InputSummaryView;
use super::kind_picker::KindPicker;
use super::portal_form::PortalForm;
use super::state::PasteSlot;
use crate::engine::protocol::page_text::PASTE_PLACEHOLDER;
use crate::engine::protocol::Kind;
use crate::engine::protocol::InputSummary;

#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    pub slot: PasteSlot,
    /// 1-based position, as evidence refers to it ("paste 2, line 5").
    pub number: usize,
    pub summary: Option<InputSummary>,
    pub removable: bool,
    pub on_edit: Callback<(u32, String)>,
    /// A paste too large to display, taken from the clipboard event instead.
    pub on_large: Callback<(u32, String)>,
    pub on_kind: Callback<(u32, Option<Kind>)>,
    pub on_field: Callback<(u32, String, String)>,
    pub on_remove: Callback<u32>,
}

/// Above this many bytes a paste is not shown: browsers take seconds to lay out such a text
/// area (a bare page freezes just as long), while the engine reads it in a fraction of that.
const DISPLAY_LIMIT: usize = 1_000_000;

/// What the page says instead of showing a large paste (its line count comes with the reading).
fn large_note(bytes: usize, summary: Option<&InputSummary>) -> String {
    let size = crate::engine::protocol::megabytes(bytes);
    match summary {
        Some(s) => {
            format!("{size}, {} lines: read in full, not displayed so the page stays responsive.", s.lines)
        }
        None => format!("{size}: being read; not displayed so the page stays responsive."),
    }
}

#[component]
pub fn PasteBox(props: &PasteBoxProps) -> Html {
    let id = props.slot.id;
    let field_id = format!("paste-{id}");
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            on_edit.emit((id, e.target_unchecked_into::<HtmlTextAreaElement>().value()))
        })
    };
    let onpaste = {
        let on_large = props.on_large.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<ClipboardEvent>() else { return };
            let text = e.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
            if text.len() > DISPLAY_LIMIT {
                e.prevent_default();
                on_large.emit((id, text));
            }
        })
    };
    let onreplace = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit((id, String::new())))
    };
    let onremove = {
        let on_remove = props.on_remove.clone();
        Callback::from(move |_: MouseEvent| on_remove.emit(id))
    };
    // The area is uncontrolled: typing stays in the browser; only outside changes are written.
    let area = use_node_ref();
    {
        let (area, text) = (area.clone(), props.slot.text.clone());
        use_effect_with(props.slot.revision, move |_| {
            if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                area.set_value(text.as_str());
            }
        });
    }
    let on_kind = props.on_kind.reform(move |kind| (id, kind));
    let on_field = props.on_field.reform(move |(key, value)| (id, key, value));
    let recognised = props.summary.as_ref().map_or(Kind::Unknown, |s| s.kind);
    let title = if props.slot.form.is_some() {
        format!("Paste {}: values from the Azure portal", props.number)
    } else {
        format!("Paste {}", props.number)
    };
    html! {
        <div class="paste">
            <div class="paste-head">
                if props.slot.form.is_some() {
                    <h3 class="paste-title">{ title }</h3>
                } else {
                    <label for={field_id.clone()} class="paste-title">{ title }</label>
                    <KindPicker number={props.number} chosen={props.slot.kind} {recognised} on_change={on_kind} />
                }
                if props.removable {
                    <button type="button" class="link" onclick={onremove} aria-label={format!("Remove paste {}", props.number)}>{ "Remove" }</button>
                }
            </div>
            if let Some(values) = &props.slot.form {
                <PortalForm values={values.clone()} on_change={on_field} />
            } else if props.slot.text.as_str().len() > DISPLAY_LIMIT {
                <div class="large-paste" id={field_id} role="group" aria-label={format!("Paste {}", props.number)}>
                    <p>{ large_note(props.slot.text.as_str().len(), props.summary.as_ref()) }</p>
                    <button type="button" class="secondary" onclick={onreplace}>{ "Replace with other text" }</button>
                </div>
            } else {
                <textarea id={field_id} ref={area} rows="9" spellcheck="false" autocomplete="off"
                    placeholder={PASTE_PLACEHOLDER} {oninput} {onpaste} />
            }
            if let Some(summary) = &props.summary {
                <InputSummaryView summary={summary.clone()} />
            }
        </div>
    }
}
