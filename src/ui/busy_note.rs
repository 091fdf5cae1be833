use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BusyNoteProps {
    pub message: AttrValue,
}

/// Says what a large case is waiting on, while the previous report stays in view.
#[component]
pub fn BusyNote(props: &BusyNoteProps) -> Html {
    html! {
        <p class="busy" data-busy="true"><span class="spinner" aria-hidden="true"></span>{ &props.message }</p>
    }
}
