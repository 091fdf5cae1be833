//! One component with a text area: what any yew page costs to load and start.
use yew::prelude::*;

#[component]
fn App() -> Html {
    html! {
        <main>
            <h1>{ "bare yew" }</h1>
            <label for="paste">{ "Paste" }</label>
            <textarea id="paste" />
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
