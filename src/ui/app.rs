use yew::prelude::*;

use super::paste_box::PasteBox;
use super::report_view::ReportView;
use super::state::{Action, State};

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |(id, text): (u32, String)| state.dispatch(Action::Edit { id, text }))
    };
    let on_remove = {
        let state = state.dispatcher();
        Callback::from(move |id: u32| state.dispatch(Action::Remove(id)))
    };
    let on_add = {
        let state = state.dispatcher();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Add))
    };
    let on_clear = {
        let state = state.dispatcher();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Clear))
    };
    let removable = state.pastes.len() > 1;
    html! {
        <>
            <header class="masthead">
                <h1>{ "kvdoctor" }</h1>
                <p class="promise">{ "Find out why you cannot reach your Azure Key Vault: paste what you have, get a step-by-step diagnosis." }</p>
                <p class="privacy">{ "Everything stays in your browser: nothing you paste is sent anywhere." }</p>
            </header>
            <main class="layout">
                <section class="pastes" aria-labelledby="pastes-heading">
                    <h2 id="pastes-heading">{ "What you have" }</h2>
                    <p class="hint">{ "Paste the output of nslookup for your vault's name, e.g. " }<code>{ "nslookup contoso.vault.azure.net" }</code>{ "." }</p>
                    { for state.pastes.iter().enumerate().map(|(i, slot)| {
                        let summary = state.report.inputs.iter().find(|s| s.index == i + 1).cloned();
                        html! {
                            <PasteBox key={slot.id} id={slot.id} number={i + 1} text={slot.text.clone()} {summary}
                                {removable} on_edit={on_edit.clone()} on_remove={on_remove.clone()} />
                        }
                    }) }
                    <div class="paste-actions">
                        <button type="button" onclick={on_add}>{ "Add another paste" }</button>
                        <button type="button" class="secondary" onclick={on_clear}>{ "Clear all" }</button>
                    </div>
                </section>
                <ReportView report={state.report.clone()} />
            </main>
        </>
    }
}
