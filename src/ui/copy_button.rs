use std::future::Future;
use std::pin::Pin;

use yew::platform::spawn_local;
use yew::prelude::*;

use super::browser;

/// The text a button copies, made when it is pressed (the report's Markdown, say, is asked of
/// the engine then); `None` when it could not be made.
pub type Made = Pin<Box<dyn Future<Output = Option<String>>>>;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What to copy, made when clicked (rendering a whole report per keystroke would waste time).
    pub text: Callback<(), Made>,
    pub label: AttrValue,
    /// What is copied, for screen readers ("Copy command: nslookup …").
    #[prop_or_default]
    pub describe: Option<AttrValue>,
}

/// Copies fixed text.
pub fn fixed(text: impl Into<String>) -> Callback<(), Made> {
    let text = text.into();
    Callback::from(move |_| Box::pin(std::future::ready(Some(text.clone()))) as Made)
}

/// Copies its text and says so; if the browser refuses, says how to copy by hand.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let outcome = use_state(|| None::<&'static str>);
    let onclick = {
        let (text, outcome) = (props.text.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let (made, outcome) = (text.emit(()), outcome.clone());
            spawn_local(async move {
                outcome.set(Some(match made.await {
                    Some(text) if browser::copy(&text).await => "Copied",
                    Some(_) => "Select and copy it by hand",
                    None => "Could not be made: try again",
                }))
            });
        })
    };
    let shown = outcome.map_or_else(|| props.label.clone(), AttrValue::Static);
    let aria = props.describe.clone().map(|d| AttrValue::from(format!("{}: {d}", props.label)));
    html! {
        <button type="button" class="copy" aria-label={aria} {onclick}>{ shown }</button>
    }
}
