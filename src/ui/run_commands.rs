use yew::prelude::*;

use super::copy_button::{fixed, CopyButton};
use crate::engine::guide::evidence_commands;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The vault name or host the commands should name.
    pub vault: AttrValue,
}

/// The commands that collect evidence, per platform, each ready to copy.
#[component]
pub fn RunCommands(props: &Props) -> Html {
    html! {
        <details class="run-commands">
            <summary>{ "What to run to collect evidence" }</summary>
            { for evidence_commands(&props.vault).into_iter().map(|group| html! {
                <section class="command-group">
                    <h3>{ group.title }</h3>
                    <ul>
                        { for group.commands.into_iter().map(|(what, command)| html! {
                            <li>
                                <span>{ what }</span>
                                <div class="command"><code>{ command.clone() }</code>
                                <CopyButton text={fixed(command.clone())} label="Copy" describe={AttrValue::from(command)} /></div>
                            </li>
                        }) }
                    </ul>
                </section>
            }) }
        </details>
    }
}
