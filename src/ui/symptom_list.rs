use yew::prelude::*;

use super::evidence_list::evidence_list;
use crate::engine::report::Symptom;

/// What the user is experiencing, as their pastes show it: after what to fix (whose cards quote
/// the same lines first: `quoted_above`, by symptom then by line), before the folded steps. A
/// function, not a component (see [`evidence_list`]).
pub fn symptom_list(symptoms: &[Symptom], quoted_above: &[Vec<bool>]) -> Html {
    if symptoms.is_empty() {
        return html! {};
    }
    html! {
        <section class="symptoms" aria-labelledby="symptoms-heading">
            <h3 id="symptoms-heading">{ "What fails" }</h3>
            <ul>
                { for symptoms.iter().enumerate().map(|(i, s)| html! {
                    <li class="symptom" data-kind={s.kind.id()}>
                        <span class="symptom-summary">{ &s.summary }</span>
                        { evidence_list(&s.evidence, 0, quoted_above.get(i).map_or(&[][..], Vec::as_slice)) }
                    </li>
                }) }
            </ul>
        </section>
    }
}
