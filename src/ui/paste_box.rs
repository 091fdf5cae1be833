use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::input_summary::InputSummaryView;
use crate::engine::input::InputSummary;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: u32,
    /// 1-based position, as evidence refers to it ("paste 2, line 5").
    pub number: usize,
    pub text: AttrValue,
    pub summary: Option<InputSummary>,
    pub removable: bool,
    pub on_edit: Callback<(u32, String)>,
    pub on_remove: Callback<u32>,
}

#[component]
pub fn PasteBox(props: &Props) -> Html {
    let field_id = format!("paste-{}", props.id);
    let oninput = {
        let (id, on_edit) = (props.id, props.on_edit.clone());
        Callback::from(move |e: InputEvent| {
            on_edit.emit((id, e.target_unchecked_into::<HtmlTextAreaElement>().value()))
        })
    };
    let onremove = {
        let (id, on_remove) = (props.id, props.on_remove.clone());
        Callback::from(move |_: MouseEvent| on_remove.emit(id))
    };
    html! {
        <div class="paste">
            <div class="paste-head">
                <label for={field_id.clone()}>{ format!("Paste {}", props.number) }</label>
                if props.removable {
                    <button type="button" class="link" onclick={onremove} aria-label={format!("Remove paste {}", props.number)}>{ "Remove" }</button>
                }
            </div>
            <textarea id={field_id} rows="10" spellcheck="false" autocomplete="off"
                placeholder="Command output, error text or az JSON" value={props.text.clone()} {oninput} />
            if let Some(summary) = &props.summary {
                <InputSummaryView summary={summary.clone()} />
            }
        </div>
    }
}
