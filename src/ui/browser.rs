//! The few browser calls the page makes: the URL fragment and the clipboard.

use wasm_bindgen::JsValue;

fn window() -> web_sys::Window {
    web_sys::window().expect("the page runs in a window")
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
