use yew::prelude::*;

use crate::engine::facts::Evidence;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Vec<Evidence>,
    /// Lines found beyond those quoted.
    #[prop_or_default]
    pub omitted: usize,
    /// By position in `evidence`: the line is quoted higher up in the report, so it is referred
    /// to by its place, not quoted again (one error line used to be quoted in eight cards).
    #[prop_or_default]
    pub quoted_above: Vec<bool>,
}

/// The quoted lines a step relied on, each with where it came from; a line already quoted
/// above is named, not repeated.
#[component]
pub fn EvidenceList(props: &Props) -> Html {
    if props.evidence.is_empty() {
        return html! {};
    }
    html! {
        <ul class="evidence" aria-label="Evidence">
            { for props.evidence.iter().enumerate().map(|(i, e)| {
                let lines = e.lines.iter().map(ToString::to_string).collect::<Vec<_>>().join("–");
                let place = if e.lines.len() > 1 { format!("paste {}, lines {lines}", e.input) } else { format!("paste {}, line {lines}", e.input) };
                if props.quoted_above.get(i).copied().unwrap_or(false) {
                    html! { <li class="seen"><span class="where">{ place }{ " (quoted above)" }</span></li> }
                } else {
                    html! { <li><q class="quote">{ &e.quote }</q>{ " " }<span class="where">{ place }</span></li> }
                }
            }) }
            if props.omitted > 0 {
                <li class="where">{ format!("… and {} more lines", props.omitted) }</li>
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
