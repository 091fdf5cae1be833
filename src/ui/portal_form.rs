use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::protocol::page_text::PORTAL_FIELDS;

#[derive(Properties, PartialEq)]
pub struct PortalFormProps {
    pub values: Vec<(String, String)>,
    pub on_change: Callback<(String, String)>,
}

/// For values read off the portal rather than copied: the fields come from the engine.
#[component]
pub fn PortalForm(props: &PortalFormProps) -> Html {
    let value_of = |key: &str| props.values.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    html! {
        <div class="portal-form">
            { for PORTAL_FIELDS.iter().map(|field| {
                let id = format!("portal-{}", field.key);
                let key = field.key.to_string();
                let on_change = props.on_change.clone();
                let current = value_of(field.key);
                let help = format!("{id}-hint");
                html! {
                    <div class="field">
                        <label for={id.clone()}>{ field.label }</label>
                        if field.choices.is_empty() {
                            <input id={id.clone()} type="text" value={current} aria-describedby={help.clone()} autocomplete="off"
                                oninput={Callback::from(move |e: InputEvent| on_change.emit((key.clone(), e.target_unchecked_into::<HtmlInputElement>().value())))} />
                        } else {
                            <select id={id.clone()} aria-describedby={help.clone()}
                                onchange={Callback::from(move |e: Event| on_change.emit((key.clone(), e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())))}>
                                <option value="" selected={current.is_empty()}>{ "Not known" }</option>
                                { for field.choices.iter().map(|c| html! { <option value={*c} selected={current == *c}>{ *c }</option> }) }
                            </select>
                        }
                        <small id={help}>{ field.hint }</small>
                    </div>
                }
            }) }
        </div>
    }
}
