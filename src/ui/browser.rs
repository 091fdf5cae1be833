//! The few browser calls the page makes: what the static first screen holds, the URL fragment,
//! and the clipboard.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};

use crate::engine::protocol::page_text::CommandGroup;

fn window() -> web_sys::Window {
    web_sys::window().expect("the page runs in a window")
}

/// What was typed into the static first screen (index.html: `#vault-name`, `#paste-1`) before
/// the app started. The app begins with it, so nothing put in while the wasm loaded is lost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EarlyInput {
    pub vault: String,
    pub paste: String,
    /// The id of the field that had the focus, so the app's field of that id gets it back.
    pub focused: Option<String>,
    /// The commands that collect evidence, as the static screen lists them (generated from the
    /// engine's guide by tests/site/first_screen.rs): shown until the engine's first answer names
    /// the vault in them, so the page carries no second copy of the list.
    pub commands: Rc<Vec<CommandGroup>>,
}

/// Reads [`EarlyInput`] from the static first screen; call before the app replaces it.
pub fn early_input() -> EarlyInput {
    let Some(document) = window().document() else { return EarlyInput::default() };
    let value = |id: &str| {
        let element = document.get_element_by_id(id);
        let area = element.as_ref().and_then(|e| e.dyn_ref::<HtmlTextAreaElement>()).map(HtmlTextAreaElement::value);
        let input = element.as_ref().and_then(|e| e.dyn_ref::<HtmlInputElement>()).map(HtmlInputElement::value);
        area.or(input).unwrap_or_default()
    };
    let focused = document.active_element().map(|e| e.id()).filter(|id| id == "vault-name" || id == "paste-1");
    EarlyInput { vault: value("vault-name"), paste: value("paste-1"), focused, commands: Rc::new(commands(&document)) }
}

/// The static screen's command groups (`.run-commands .command-group`: an `h3`, then items of
/// a `span` saying what and the `code`).
fn commands(document: &web_sys::Document) -> Vec<CommandGroup> {
    let all = |parent: &web_sys::Element, selector: &str| {
        let found = parent.query_selector_all(selector).ok();
        let found: Vec<web_sys::Node> =
            found.map(|l| (0..l.length()).filter_map(|i| l.item(i)).collect()).unwrap_or_default();
        found.into_iter().filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
    };
    let text = |parent: &web_sys::Element, selector: &str| {
        parent.query_selector(selector).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
    };
    let Some(root) = document.document_element() else { return Vec::new() };
    all(&root, ".run-commands .command-group")
        .map(|group| CommandGroup {
            title: text(&group, "h3"),
            commands: all(&group, "li").map(|item| (text(&item, "span"), text(&item, "code"))).collect(),
        })
        .collect()
}

/// Focuses the field `id` with the caret after its text.
pub fn focus_end(id: &str) {
    let Some(element) = window().document().and_then(|d| d.get_element_by_id(id)) else { return };
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        let _ = area.focus();
        let end = area.value().encode_utf16().count() as u32;
        let _ = area.set_selection_range(end, end);
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        let _ = input.focus();
    }
}

/// Brings the first element `selector` matches into view when it is not: the answer after a
/// paste, which on a phone sits below the pastes. Left alone when it is already in view.
pub fn reveal(selector: &str) {
    let Some(element) = window().document().and_then(|d| d.query_selector(selector).ok().flatten()) else { return };
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let top = element.get_bounding_client_rect().top();
    if top < 0.0 || top > height * 0.6 {
        element.scroll_into_view();
    }
}

/// Moves the focus to `id` (a heading with `tabindex="-1"`) and scrolls it into view.
pub fn focus_heading(id: &str) {
    let element = window().document().and_then(|d| d.get_element_by_id(id));
    if let Some(heading) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = heading.focus();
        heading.scroll_into_view();
    }
}

/// Whether the `<details>` `selector` names is open; with `open`, opens it first.
pub fn fold_open(selector: &str, open: bool) -> bool {
    let found = window().document().and_then(|d| d.query_selector(selector).ok().flatten());
    found.is_some_and(|fold| {
        if open {
            let _ = fold.set_attribute("open", "");
        }
        fold.has_attribute("open")
    })
}

/// Focuses the last paste box: the one "Add another paste" just made.
pub fn focus_last_paste() {
    let areas = window().document().and_then(|d| d.query_selector_all(".pastes textarea").ok());
    let last = areas.and_then(|a| a.item(a.length().checked_sub(1)?));
    if let Some(area) = last.and_then(|n| n.dyn_into::<HtmlTextAreaElement>().ok()) {
        let _ = area.focus();
    }
}

/// The fragment without `#`.
pub fn fragment() -> String {
    window().location().hash().unwrap_or_default().trim_start_matches('#').to_string()
}

/// The page's address without fragment: the base of share links.
pub fn base_url() -> String {
    let href = window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// Rewrites the address bar without adding a history entry (`None` removes the fragment).
pub fn replace_fragment(url: Option<&str>) {
    let target = url.map(str::to_string).unwrap_or_else(base_url);
    if window().location().href().ok().as_deref() != Some(target.as_str()) {
        let _ = window().history().and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&target)));
    }
}

/// Copies `text`; resolves to whether the browser allowed it.
pub async fn copy(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

pub fn print() {
    let _ = window().print();
}

/// Why a fetch gave no text.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// No answer at all: offline, blocked by a firewall, an extension or the CSP.
    Unreachable,
    /// An answer with this non-success HTTP status.
    Status(u16),
    /// An answer whose body could not be read as text.
    Unreadable,
}

/// GETs `url` (with an `Accept` header when given) and reads the body as text. The browser's
/// own `fetch`, called directly: an HTTP client crate would weigh more than the page's
/// components for these two requests (the examples and the public DNS answer).
pub async fn fetch_text(url: &str, accept: Option<&str>) -> Result<String, FetchError> {
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    if let Some(accept) = accept {
        let headers = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&headers, &"accept".into(), &accept.into());
        init.set_headers(&headers);
    }
    let response = JsFuture::from(window().fetch_with_str_and_init(url, &init)).await;
    let response: web_sys::Response = response.map_err(|_| FetchError::Unreachable)?.unchecked_into();
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    let text = response.text().map_err(|_| FetchError::Unreadable)?;
    JsFuture::from(text).await.ok().and_then(|t| t.as_string()).ok_or(FetchError::Unreadable)
}
