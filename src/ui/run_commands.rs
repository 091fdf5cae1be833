use yew::prelude::*;

use super::copy_button::{fixed, CopyButton};
use crate::engine::protocol::page_text::CommandGroup;

#[derive(Properties, PartialEq)]
pub struct RunCommandsProps {
    /// The groups to show: the engine's, naming the vault, or the static screen's placeholders.
    pub groups: std::rc::Rc<Vec<CommandGroup>>,
}

/// The commands that collect evidence, per platform, each ready to copy.
#[component]
pub fn RunCommands(props: &RunCommandsProps) -> Html {
    html! {
        <details class="run-commands">
            <summary>{ "What to run to collect evidence" }</summary>
            { for props.groups.iter().map(|group| html! {
                <section class="command-group">
                    <h3>{ &group.title }</h3>
                    <ul>
                        { for group.commands.iter().cloned().map(|(what, command)| html! {
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
