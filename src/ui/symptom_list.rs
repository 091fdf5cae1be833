use yew::prelude::*;

use super::evidence_list::EvidenceList;
use crate::engine::report::Symptom;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub symptoms: Vec<Symptom>,
}

/// What the user is experiencing, as their pastes show it: shown before the verdict, so the
/// reader sees the failure the steps go on to explain.
#[component]
pub fn SymptomList(props: &Props) -> Html {
    if props.symptoms.is_empty() {
        return html! {};
    }
    html! {
        <section class="symptoms" aria-labelledby="symptoms-heading">
            <h3 id="symptoms-heading">{ "What fails" }</h3>
            <ul>
                { for props.symptoms.iter().map(|s| html! {
                    <li class="symptom" data-kind={s.kind.id()}>
                        <span class="symptom-summary">{ &s.summary }</span>
                        <EvidenceList evidence={s.evidence.clone()} />
                    </li>
                }) }
            </ul>
        </section>
    }
}
