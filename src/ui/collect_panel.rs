//! "Collect everything": the read-only collector for bash or PowerShell with the vault's name
//! filled in, to copy and read whole before running. The script, its steps and a support
//! engineer's note (from a request link, `#vault=…&collect=bash&note=…`) come from the engine
//! through the protocol; this component only shows them. The note is shown as text.

use std::cell::Cell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use super::browser;
use super::copy_button::{fixed, CopyButton};
use crate::engine::protocol::Collect;

#[derive(Properties, PartialEq)]
pub struct CollectPanelProps {
    /// The vault name as typed (the engine types it; a bad one gets its sentence back).
    pub vault: AttrValue,
}

/// How to run a saved script, per shell (instructions to the reader, not part of the script).
fn how_to_run(shell: &str) -> &'static str {
    if shell == "powershell" {
        "Save it as kvdoctor-collect.ps1, run it in Windows PowerShell 5.1, PowerShell 7 or the Kudu console (powershell -File .\\kvdoctor-collect.ps1), and paste everything it prints into a paste box above."
    } else {
        "Save it as kvdoctor-collect.sh, run it where the code runs (bash kvdoctor-collect.sh: Linux, macOS, Cloud Shell, kubectl exec into the pod, App Service SSH), and paste everything it prints into a paste box above."
    }
}

#[component]
pub fn CollectPanel(props: &CollectPanelProps) -> Html {
    let shell = use_state(|| "bash".to_string());
    let answer = use_state(|| None::<Result<Option<Collect>, String>>);
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
                let got = super::engine::collect(fragment, shell.clone(), vault).await;
                if let Ok(Some(made)) = &got {
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
        Some(Ok(None)) => html! {},
        Some(Err(why)) => html! { <p class="hint">{ format!("Type the vault's name above to get its collector ({why}).") }</p> },
        Some(Ok(Some(made))) => html! {
            <>
                if !note.is_empty() {
                    <p class="request-note"><strong>{ "Note from your support engineer: " }</strong>{ (*note).clone() }</p>
                }
                <p>{ how_to_run(&made.shell) }</p>
                <div class="command">
                    <code>{ format!("{} collector for {} ({} steps, read-only)", if made.shell == "powershell" { "PowerShell" } else { "bash" }, made.vault, made.steps.len()) }</code>
                    <CopyButton text={fixed(made.script.clone())} label="Copy the script" describe={AttrValue::from(format!("the {} collector", made.shell))} />
                </div>
                <details class="collect-script">
                    <summary>{ "Read the whole script before running it" }</summary>
                    <ol class="collect-steps">
                        { for made.steps.iter().map(|(id, shows)| html! { <li><code>{ id.clone() }</code>{ " " }{ shows.clone() }</li> }) }
                    </ol>
                    <pre><code>{ made.script.clone() }</code></pre>
                </details>
            </>
        },
    };
    let on_open = {
        let opened = opened.clone();
        Callback::from(move |_| opened.set(true))
    };
    html! {
        <details class="collect-panel" open={!note.is_empty()}>
            <summary onclick={on_open}>{ "Collect everything (one script, one paste)" }</summary>
            <div class="shell-choice" role="group" aria-label="Shell">
                <button type="button" aria-pressed={(*shell == "bash").to_string()} onclick={pick("bash")}>{ "bash" }</button>
                <button type="button" aria-pressed={(*shell == "powershell").to_string()} onclick={pick("powershell")}>{ "PowerShell" }</button>
            </div>
            { body }
        </details>
    }
}
