use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkVersionNoteProps {
    pub note: AttrValue,
}

/// Says that the case came from a link made by another kvdoctor and is diagnosed with this
/// one's rules: its sender may have seen a different report.
#[component]
pub fn LinkVersionNote(props: &LinkVersionNoteProps) -> Html {
    html! { <p class="note version-note" role="note">{ props.note.clone() }</p> }
}
