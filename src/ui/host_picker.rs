use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::protocol::host_choices;

#[derive(Properties, PartialEq)]
pub struct HostPickerProps {
    /// The chosen host's id; empty when the user has not said.
    pub value: AttrValue,
    pub on_change: Callback<String>,
}

/// Where the code runs, when the pastes do not show it: the commands to run follow it. What
/// the pastes show wins (the report says so when they disagree).
#[component]
pub fn HostPicker(props: &HostPickerProps) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| on_change.emit(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    html! {
        <div class="host-field">
            <label for="host-choice">{ "Where the code runs " }<span class="optional">{ "(optional: picks the commands to run there)" }</span></label>
            <select id="host-choice" {onchange}>
                <option value="" selected={props.value.is_empty()}>{ "Not said (from the pastes)" }</option>
                { for host_choices().map(|(id, label)| html! {
                    <option value={id} selected={props.value == id}>{ label }</option>
                }) }
            </select>
        </div>
    }
}
