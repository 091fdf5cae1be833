use yew::prelude::*;

use crate::engine::protocol::Evidence;

/// The quoted lines a step or symptom relied on, each with where it came from (`omitted`: lines
/// found beyond those quoted). A line quoted higher up in the report (`quoted_above`, by
/// position) is named, not repeated: one error line used to be quoted in eight cards. A
/// function, not a component: it has no state, and a component whose output is empty shifted
/// yew's idea of where its next sibling goes when the report around it changed.
pub fn evidence_list(evidence: &[Evidence], omitted: usize, quoted_above: &[bool]) -> Html {
    if evidence.is_empty() {
        return html! {};
    }
    html! {
        <ul class="evidence" aria-label="Evidence">
            { for evidence.iter().enumerate().map(|(i, e)| {
                let lines = e.lines.iter().map(ToString::to_string).collect::<Vec<_>>().join("–");
                let place = if e.lines.len() > 1 { format!("paste {}, lines {lines}", e.input) } else { format!("paste {}, line {lines}", e.input) };
                if quoted_above.get(i).copied().unwrap_or(false) {
                    html! { <li class="seen"><span class="where">{ place }{ " (quoted above)" }</span></li> }
                } else {
                    html! { <li><q class="quote">{ &e.quote }</q>{ " " }<span class="where">{ place }</span></li> }
                }
            }) }
            if omitted > 0 {
                <li class="where">{ format!("… and {omitted} more lines") }</li>
            }
        </ul>
    }
}

/// The lines a report has quoted so far, in the order it shows them: each evidence list asks
/// which of its lines were quoted above it.
#[derive(Default)]
pub struct Quoted<'a>(Vec<(usize, &'a [usize], &'a str)>);

impl<'a> Quoted<'a> {
    /// For each line of `evidence`, whether it was quoted before; then marks them all quoted.
    pub fn mark(&mut self, evidence: &'a [Evidence]) -> Vec<bool> {
        let seen: Vec<bool> = evidence.iter().map(|e| self.0.contains(&(e.input, e.lines.as_slice(), e.quote.as_str()))).collect();
        for e in evidence {
            self.0.push((e.input, e.lines.as_slice(), e.quote.as_str()));
        }
        seen
    }
}
