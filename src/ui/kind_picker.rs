use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::protocol::Kind;

#[derive(Properties, PartialEq)]
pub struct KindPickerProps {
    pub number: usize,
    pub chosen: Option<Kind>,
    pub recognised: Kind,
    pub on_change: Callback<Option<Kind>>,
}

/// Lets the user correct a wrong guess about what a paste is.
#[component]
pub fn KindPicker(props: &KindPickerProps) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_change.emit(Kind::from_id(&value).filter(|_| !value.is_empty()));
        })
    };
    let id = format!("kind-{}", props.number);
    html! {
        <span class="kind-picker">
            <label for={id.clone()} class="visually-hidden">{ format!("Read paste {} as", props.number) }</label>
            <select {id} {onchange}>
                <option value="" selected={props.chosen.is_none()}>{ format!("Automatic ({})", props.recognised.label()) }</option>
                { for Kind::ALL.iter().map(|k| html! {
                    <option value={k.id()} selected={props.chosen == Some(*k)}>{ k.label() }</option>
                }) }
            </select>
        </span>
    }
}
