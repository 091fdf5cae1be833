//! "Ask public DNS about <vault>": the page's one request outside its own origin, made only
//! when the user presses the button. It sends the vault's host name to Cloudflare's DoH
//! resolver and hands the answer to the reducer as a new paste; a failure adds nothing.

use yew::platform::spawn_local;
use yew::prelude::*;

use super::browser::{self, FetchError};
use super::engine;
use crate::engine::protocol::{query_url, utc_minute, ACCEPT, RESOLVER_HOST, RESOLVER_URL};

#[derive(Properties, PartialEq)]
pub struct PublicDnsProps {
    /// The vault host to ask about (validated by the engine); nothing is shown without one.
    pub host: Option<AttrValue>,
    /// Receives the paste to add.
    pub on_answer: Callback<String>,
}

#[derive(Clone, PartialEq)]
enum Asking {
    Idle,
    Busy,
    Done(String),
    Failed(String),
}

/// Browser tests answer from the page's own origin: sessionStorage `kvdoctor-test-doh` holds a
/// path (only values starting with one `/` are taken, so never another origin). A link cannot
/// set it: it is read from storage only, never from the URL.
fn resolver() -> (String, String) {
    let test = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item("kvdoctor-test-doh").ok().flatten())
        .filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'));
    match test {
        Some(path) => (path, "this page's test resolver".to_string()),
        None => (RESOLVER_URL.to_string(), RESOLVER_HOST.to_string()),
    }
}

async fn ask(host: &str) -> Result<String, String> {
    let (base, resolver) = resolver();
    // The same request as the CLI's.
    let url = query_url(&base, host);
    let body = browser::fetch_text(&url, Some(ACCEPT)).await.map_err(|e| match e {
        FetchError::Unreachable => format!("Could not reach {resolver}: the browser is offline, or a firewall or extension blocked it. Nothing was added."),
        FetchError::Status(status) => format!("{resolver} answered HTTP {status}; nothing was added."),
        FetchError::Unreadable => format!("The answer from {resolver} could not be read; nothing was added."),
    })?;
    let now = (js_sys::Date::now() / 1000.0).max(0.0) as u64;
    engine::dns(&resolver, host, &utc_minute(now), &body).await
}

#[component]
pub fn PublicDns(props: &PublicDnsProps) -> Html {
    let asking = use_state(|| Asking::Idle);
    let Some(host) = props.host.clone() else {
        return html! {};
    };
    let onclick = {
        let (asking, on_answer, host) = (asking.clone(), props.on_answer.clone(), host.clone());
        Callback::from(move |_: MouseEvent| {
            let (asking, on_answer, host) = (asking.clone(), on_answer.clone(), host.clone());
            asking.set(Asking::Busy);
            spawn_local(async move {
                match ask(&host).await {
                    Ok(paste) => {
                        on_answer.emit(paste);
                        asking.set(Asking::Done(format!("Added the public answer for {host} as a new paste.")));
                    }
                    Err(message) => asking.set(Asking::Failed(message)),
                }
            });
        })
    };
    let busy = *asking == Asking::Busy;
    html! {
        <div class="public-dns">
            <button type="button" class="secondary" {onclick} disabled={busy} aria-describedby="public-dns-what">
                { format!("Ask public DNS about {host}") }
            </button>
            <p id="public-dns-what" class="hint">
                { format!("Sends only the name {host} to Cloudflare's public DNS resolver ({RESOLVER_HOST}) over HTTPS, and adds its answer as a paste: what the internet sees, not your network. Nothing is sent until you press the button.") }
            </p>
            <p class={classes!("public-dns-status", matches!(&*asking, Asking::Failed(_)).then_some("failed"))} role="status">
                { match &*asking {
                    Asking::Idle => String::new(),
                    Asking::Busy => format!("Asking {RESOLVER_HOST}…"),
                    Asking::Done(message) | Asking::Failed(message) => message.clone(),
                } }
            </p>
        </div>
    }
}
