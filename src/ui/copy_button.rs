use yew::platform::spawn_local;
use yew::prelude::*;

use super::browser;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What to copy, made when clicked (rendering a whole report per keystroke would waste time).
    pub text: Callback<(), String>,
    pub label: AttrValue,
    /// What is copied, for screen readers ("Copy command: nslookup …").
    #[prop_or_default]
    pub describe: Option<AttrValue>,
}

/// Copies fixed text.
pub fn fixed(text: impl Into<String>) -> Callback<(), String> {
    let text = text.into();
    Callback::from(move |_| text.clone())
}

/// Commands, each with its own copy button.
pub fn command_list(commands: &[String]) -> Html {
    html! {
        { for commands.iter().map(|command| html! {
            <div class="command">
                <code>{ command }</code>
                <CopyButton text={fixed(command.clone())} label="Copy" describe={AttrValue::from(command.clone())} />
            </div>
        }) }
    }
}

/// Copies its text and says so; if the browser refuses, says how to copy by hand.
#[component]
pub fn CopyButton(props: &Props) -> Html {
    let outcome = use_state(|| None::<bool>);
    let onclick = {
        let (text, outcome) = (props.text.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, outcome) = (text.emit(()), outcome.clone());
            spawn_local(async move { outcome.set(Some(browser::copy(&text).await)) });
        })
    };
    let shown = match *outcome {
        Some(true) => "Copied".into(),
        Some(false) => "Select and copy it by hand".into(),
        None => props.label.clone(),
    };
    let aria = props.describe.clone().map(|d| AttrValue::from(format!("{}: {d}", props.label)));
    html! {
        <button type="button" class="copy" aria-label={aria} {onclick}>{ shown }</button>
    }
}
