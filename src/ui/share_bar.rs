use yew::prelude::*;

use super::browser;
use super::copy_button::{fixed, CopyButton};
use crate::engine::render;
use crate::engine::report::Report;
use crate::engine::share::{Link, LinkError, AIM};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub link: Result<Link, LinkError>,
    pub report: std::rc::Rc<Report>,
}

/// Take the case away: a link for the ticket, Markdown, JSON, or print.
#[component]
pub fn ShareBar(props: &Props) -> Html {
    let link = &props.link;
    let markdown = {
        let report = props.report.clone();
        Callback::from(move |_| render::markdown(&report))
    };
    let json = {
        let report = props.report.clone();
        Callback::from(move |_| render::json(&report))
    };
    let on_print = Callback::from(|_: MouseEvent| browser::print());
    html! {
        <div class="share-bar">
            <div class="share-actions">
                if let Ok(link) = link {
                    <CopyButton text={fixed(link.url.clone())} label="Copy link" />
                }
                <CopyButton text={markdown} label="Copy as Markdown" />
                <CopyButton text={json} label="Copy as JSON" />
                <button type="button" class="secondary" onclick={on_print}>{ "Print" }</button>
            </div>
            { match link {
                Ok(link) => html! {
                    <div class="link-info">
                        <label for="share-link">{ format!("Link to this case ({} characters{})", link.url.len(), if link.url.len() > AIM { ", long" } else { "" }) }</label>
                        <input id="share-link" type="text" readonly=true value={link.url.clone()} />
                        <p class="link-note">{ "The link holds the case itself (after #, never sent to a server). It is also kept in the address bar, and so in this browser's history, with secrets removed." }</p>
                        if link.long {
                            <p class="notice-warn">{ "This link is long: some ticket fields and chats cut links over 8,000 characters. Copy as Markdown if it gets cut." }</p>
                        }
                        if !link.removed.is_empty() {
                            <ul class="removed" aria-label="Removed from the link">
                                { for link.removed.iter().map(|r| html! { <li>{ format!("Removed {} (paste {}, line {}) from the link", r.what, r.paste, r.line) }</li> }) }
                            </ul>
                        }
                    </div>
                },
                Err(e) => html! { <p class="notice-warn">{ format!("No link: {e}.") }</p> },
            } }
        </div>
    }
}
