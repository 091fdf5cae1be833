//! "Collect everything": the lines that run the read-only collector served next to the page
//! (`collect.sh`, `collect.ps1`), the vault's name filled in, each with a copy button; a link to
//! the served script to read whole before running it; and a support engineer's request link.
//! The lines, the steps, the script's address and the request link come from the engine through
//! the protocol; this component only shows them. Notes are shown as text.

use std::cell::Cell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use super::browser;
use super::copy_button::{fixed, CopyButton, Made};
use crate::engine::protocol::Collected;

#[derive(Properties, PartialEq)]
pub struct CollectPanelProps {
    /// The vault name as typed (the engine types it; a bad one gets its sentence back).
    pub vault: AttrValue,
}

#[component]
pub fn CollectPanel(props: &CollectPanelProps) -> Html {
    let shell = use_state(|| "bash".to_string());
    let answer = use_state(|| None::<Collected>);
    // The request link's note stays while the vault or the shell changes afterwards.
    let note = use_state(String::new);
    // A request link decides the shell once, when the page opens with it.
    let from_link = use_memo((), |_| Cell::new(true));
    // The engine starts only when there is something to do (issue 24): the panel asks it once
    // opened, or at once when the page opens with a link (which starts the engine anyway).
    let opened = use_state(|| !browser::fragment().is_empty());
    {
        let (answer, shell_state, from_link, note) = (answer.clone(), shell.clone(), Rc::clone(&from_link), note.clone());
        use_effect_with((props.vault.clone(), (*shell).clone(), *opened), move |(vault, shell, opened)| {
            if !*opened {
                return;
            }
            let fragment = if from_link.replace(false) { browser::fragment() } else { String::new() };
            let (vault, shell) = (vault.to_string(), shell.clone());
            spawn_local(async move {
                let got = super::engine::collect(fragment, shell.clone(), vault, browser::base_url()).await;
                if let Collected::Made(made) = &got {
                    if !made.note.is_empty() {
                        note.set(made.note.clone());
                    }
                    if made.shell != shell {
                        shell_state.set(made.shell.clone());
                    }
                }
                answer.set(Some(got));
            });
        });
    }
    let pick = |id: &'static str| {
        let shell = shell.clone();
        Callback::from(move |_| shell.set(id.to_string()))
    };
    let body = match &*answer {
        None => html! { <p class="hint">{ "Preparing the collector…" }</p> },
        Some(Collected::NotAsked) => html! {},
        Some(Collected::Refused(why)) => html! { <p class="hint collect-why">{ why.clone() }</p> },
        Some(Collected::Made(made)) => html! {
            <>
                if !note.is_empty() {
                    <p class="request-note"><strong>{ "Note from your support engineer: " }</strong>{ (*note).clone() }</p>
                }
                <p>{ "Run one of these where the code runs, then paste everything it prints into a paste box above: read-only checks, one bundle." }</p>
                <ul class="one-liners">
                    { for made.one_liners.iter().map(|(label, command)| html! {
                        <li>
                            <span class="one-liner-label">{ label.clone() }</span>
                            <div class="command one-liner">
                                <code>{ command.clone() }</code>
                                <CopyButton text={fixed(command.clone())} label="Copy" describe={AttrValue::from(label.clone())} />
                            </div>
                        </li>
                    }) }
                </ul>
                <details class="collect-script">
                    <summary>{ "Read the whole script before running it" }</summary>
                    <p><a class="script-link" href={made.script_url.clone()} target="_blank" rel="noopener">{ made.script_url.clone() }</a>{ ": the file the lines above run, as this page serves it." }</p>
                    <ol class="collect-steps">
                        { for made.steps.iter().map(|(id, shows)| html! { <li><code>{ id.clone() }</code>{ " " }{ shows.clone() }</li> }) }
                    </ol>
                </details>
                <RequestForm vault={props.vault.clone()} shell={AttrValue::from(made.shell.clone())} />
            </>
        },
    };
    let on_open = {
        let opened = opened.clone();
        Callback::from(move |_| opened.set(true))
    };
    html! {
        <details class="collect-panel" open={!note.is_empty()}>
            <summary onclick={on_open}>{ "Collect everything (one line, one paste)" }</summary>
            <div class="shell-choice" role="group" aria-label="Shell">
                <button type="button" aria-pressed={(*shell == "bash").to_string()} onclick={pick("bash")}>{ "bash" }</button>
                <button type="button" aria-pressed={(*shell == "powershell").to_string()} onclick={pick("powershell")}>{ "PowerShell" }</button>
            </div>
            { body }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    pub vault: AttrValue,
    pub shell: AttrValue,
}

/// A support engineer's request: a note, and a link (made by the engine when the button is
/// pressed) that opens this page with the vault, the shell chosen above and the note.
#[component]
pub fn RequestForm(props: &RequestFormProps) -> Html {
    let note = use_state(String::new);
    let made = use_state(|| None::<Result<String, String>>);
    let on_note = {
        let note = note.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                note.set(area.value());
            }
        })
    };
    let text = {
        let (note, made) = ((*note).clone(), made.clone());
        let (vault, shell) = (props.vault.to_string(), props.shell.to_string());
        Callback::from(move |_| {
            let (note, made, vault, shell) = (note.clone(), made.clone(), vault.clone(), shell.clone());
            Box::pin(async move {
                let got = super::engine::request_link(browser::base_url(), shell, vault, note).await;
                made.set(Some(got.clone()));
                got.ok()
            }) as Made
        })
    };
    html! {
        <details class="request-form">
            <summary>{ "Support engineer? Ask a customer for this bundle" }</summary>
            <label for="request-note">{ "A short note to the customer (shown as text)" }</label>
            <textarea id="request-note" rows="2" maxlength="280" value={(*note).clone()} oninput={on_note} />
            <div class="command">
                <span>{ "The link opens this page with the vault name, the shell chosen above and your note." }</span>
                <CopyButton {text} label="Copy request link" />
            </div>
            if let Some(made) = &*made {
                <p class="request-link"><code>{ made.clone().unwrap_or_else(|why| why) }</code></p>
            }
        </details>
    }
}
