use yew::platform::spawn_local;
use yew::prelude::*;

use crate::engine::protocol::SharedCase;
use crate::engine::protocol::Paste;

/// `static/examples/index.json`: the example cases (the same folders the tests assert).
#[derive(Clone, Debug, PartialEq)]
struct Index {
    examples: Vec<Example>,
}

#[derive(Clone, Debug, PartialEq)]
struct Example {
    id: String,
    title: String,
    symptom: String,
    vault: Option<String>,
    files: Vec<String>,
}

#[derive(Properties, PartialEq)]
pub struct ExamplesMenuProps {
    pub on_load: Callback<(SharedCase, String)>,
    /// Open from the start (the empty page's guide).
    #[prop_or_default]
    pub open: bool,
}

/// Reads the index with the browser's JSON parser: the engine's reader would put a second one
/// in the shell (about 1.5 KB brotli of the first download).
fn parse_index(text: &str) -> Result<Index, String> {
    use js_sys::{Array, Reflect, JSON};
    use wasm_bindgen::JsValue;
    let root = JSON::parse(text).map_err(|_| "the examples index is not JSON".to_string())?;
    let get = |node: &JsValue, key: &str| Reflect::get(node, &JsValue::from_str(key)).ok();
    let field = |node: &JsValue, key: &str| get(node, key).and_then(|v| v.as_string());
    let items = |node: Option<JsValue>| node.filter(Array::is_array).map(|v| Array::from(&v).to_vec()).unwrap_or_default();
    let examples = items(get(&root, "examples"))
        .iter()
        .filter_map(|e| {
            Some(Example {
                id: field(e, "id")?,
                title: field(e, "title")?,
                symptom: field(e, "symptom").unwrap_or_default(),
                vault: field(e, "vault"),
                files: items(get(e, "files")).iter().filter_map(JsValue::as_string).collect(),
            })
        })
        .collect();
    Ok(Index { examples })
}

async fn fetch_text(path: &str) -> Result<String, String> {
    use super::browser::{fetch_text, FetchError};
    fetch_text(path, None).await.map_err(|e| match e {
        FetchError::Status(status) => format!("{path}: HTTP {status}"),
        FetchError::Unreachable => format!("{path} could not be fetched"),
        FetchError::Unreadable => format!("{path} could not be read"),
    })
}

/// Example cases, fetched from the page's own origin only when asked for.
#[component]
pub fn ExamplesMenu(props: &ExamplesMenuProps) -> Html {
    // Open while there is nothing to diagnose; folded away once there is input (the answer is
    // what matters then), and the user may open it again. Loading one keeps the list.
    let initially_open = *use_state(|| props.open);
    let details = use_node_ref();
    {
        let details = details.clone();
        use_effect_with(props.open, move |open| {
            if let Some(element) = details.cast::<web_sys::Element>() {
                if *open {
                    let _ = element.set_attribute("open", "");
                } else {
                    let _ = element.remove_attribute("open");
                }
            }
        });
    }
    let index = use_state(|| None::<Result<Index, String>>);
    {
        let index = index.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let loaded = fetch_text("examples/index.json").await.and_then(|t| parse_index(&t));
                index.set(Some(loaded));
            });
        });
    }
    let load = |example: Example| {
        let on_load = props.on_load.clone();
        Callback::from(move |_: MouseEvent| {
            let (example, on_load) = (example.clone(), on_load.clone());
            spawn_local(async move {
                let mut pastes = Vec::new();
                for file in &example.files {
                    match fetch_text(&format!("examples/{file}")).await {
                        Ok(text) => pastes.push(Paste::new(text)),
                        Err(e) => {
                            return on_load
                                .emit((SharedCase::default(), format!("The example could not be loaded: {e}")))
                        }
                    }
                }
                on_load.emit((
                    SharedCase { pastes, vault: example.vault.clone(), host: None },
                    format!("Example loaded: {}", example.title),
                ));
            });
        })
    };
    html! {
        <details class="examples" open={initially_open} ref={details}>
            <summary>{ "Examples: pick a symptom" }</summary>
            { match &*index {
                None => html! { <p>{ "Loading examples…" }</p> },
                Some(Err(e)) => html! { <p class="notice-error">{ format!("Examples are not available: {e}") }</p> },
                Some(Ok(index)) => html! {
                    <ul class="example-list">
                        { for index.examples.iter().map(|ex| html! {
                            <li key={ex.id.clone()}>
                                <button type="button" class="example" data-example={ex.id.clone()} onclick={load(ex.clone())}>
                                    <strong>{ &ex.title }</strong><span>{ &ex.symptom }</span>
                                </button>
                            </li>
                        }) }
                    </ul>
                },
            } }
        </details>
    }
}
