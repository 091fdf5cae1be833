use crate::engine::protocol::page_text::VAULT_FIELD_NOTE;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VaultFieldProps {
    pub value: AttrValue,
    /// Why the engine set the name aside, if it did.
    pub problem: Option<AttrValue>,
    pub on_change: Callback<String>,
}

#[component]
pub fn VaultField(props: &VaultFieldProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| on_change.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <div class="vault-field">
            <label for="vault-name">{ "Vault name " }<span class="optional">{ VAULT_FIELD_NOTE }</span></label>
            <input id="vault-name" type="text" placeholder="contoso" autocomplete="off" spellcheck="false"
                value={props.value.clone()} {oninput}
                aria-invalid={props.problem.is_some().then_some("true")}
                aria-describedby={props.problem.is_some().then_some("vault-problem")} />
            if let Some(problem) = &props.problem {
                <p id="vault-problem" class="field-problem">{ problem.clone() }</p>
            }
        </div>
    }
}
