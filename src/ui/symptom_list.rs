use yew::prelude::*;

use super::evidence_list::EvidenceList;
use crate::engine::report::Symptom;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub symptoms: Vec<Symptom>,
    /// By symptom, then by evidence line: quoted higher up in the report already.
    #[prop_or_default]
    pub quoted_above: Vec<Vec<bool>>,
}

/// What the user is experiencing, as their pastes show it: after what to fix (whose cards
/// quote the same lines first), before the folded steps.
#[component]
pub fn SymptomList(props: &Props) -> Html {
    if props.symptoms.is_empty() {
        return html! {};
    }
    html! {
        <section class="symptoms" aria-labelledby="symptoms-heading">
            <h3 id="symptoms-heading">{ "What fails" }</h3>
            <ul>
                { for props.symptoms.iter().enumerate().map(|(i, s)| html! {
                    <li class="symptom" data-kind={s.kind.id()}>
                        <span class="symptom-summary">{ &s.summary }</span>
                        <EvidenceList evidence={s.evidence.clone()} quoted_above={props.quoted_above.get(i).cloned().unwrap_or_default()} />
                    </li>
                }) }
            </ul>
        </section>
    }
}
