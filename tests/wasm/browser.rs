//! In the browser (wasm-bindgen-test, headless Chromium): the engine gives exactly the report it
//! gives natively, and the app mounts and diagnoses a paste.
#![cfg(target_arch = "wasm32")]

use crate::common;

use kvdoctor::engine::{diagnose_texts, render};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PUBLIC: &str = include_str!("../fixtures/nslookup/windows-public-via-alias.txt");
const HEALTHY: &str = include_str!("../fixtures/nslookup/linux-private-healthy.txt");
const ERROR: &str = include_str!("../../static/examples/cases/tenant-mismatch/1.txt");
/// Written by the native test `parity::wasm_parity_snapshot_is_current` from the same fixtures.
const NATIVE_JSON: &str = include_str!("snapshots/wasm-parity.json");

#[wasm_bindgen_test]
fn engine_report_equals_the_native_one() {
    let report = diagnose_texts(&[PUBLIC, HEALTHY, ERROR]);
    assert_eq!(common::stable(&render::json(&report)), NATIVE_JSON.trim_end());
}

/// Mounts the app into a fresh element of the test page.
async fn mount() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<kvdoctor::ui::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn app_mounts_and_diagnoses_a_paste() {
    let root = mount().await;
    let label = root.query_selector("label[for='paste-1']").unwrap().unwrap().text_content().unwrap();
    assert!(label.contains("Paste"));
    type_into(&root, 1, PUBLIC).await;

    let card = wait_for(&root, "[data-check='dns-private-address']").await;
    assert_eq!(card.get_attribute("data-status").as_deref(), Some("fail"));
    assert!(root.query_selector("[role='status']").unwrap().is_some());
}

/// The first element matching `selector` once the engine has answered (its answer arrives
/// after the input event, as it would from the worker).
async fn wait_for(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(10)).await;
        yew::scheduler::flush().await;
    }
    panic!("nothing matched {selector} after 2 s");
}

/// Lets the engine's answer to the last change land (no request left in flight).
async fn settle(root: &web_sys::Element) {
    for _ in 0..200 {
        yew::platform::time::sleep(std::time::Duration::from_millis(10)).await;
        yew::scheduler::flush().await;
        if root.query_selector("[data-pending]").unwrap().is_none() {
            return;
        }
    }
    panic!("the engine did not answer within 2 s");
}

/// Types `text` into paste area `n` (1-based) as a user would, and lets yew render.
async fn type_into(root: &web_sys::Element, n: u32, text: &str) {
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlTextAreaElement, InputEvent, InputEventInit};
    let area: HtmlTextAreaElement =
        root.query_selector(&format!("#paste-{n}")).unwrap().expect("that paste area").dyn_into().unwrap();
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    settle(root).await;
}

#[wasm_bindgen_test]
async fn editing_one_paste_reads_only_that_paste() {
    use kvdoctor::engine::pastes_read;
    use wasm_bindgen::JsCast;

    let root = mount().await;
    type_into(&root, 1, PUBLIC).await;
    let add = root.query_selector(".paste-actions button").unwrap().unwrap();
    add.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;

    // Five keystrokes in paste 2: five reads of paste 2, none of paste 1.
    let before = pastes_read();
    for end in 1..=5 {
        type_into(&root, 2, &HEALTHY[..HEALTHY.len() * end / 5]).await;
    }
    assert_eq!(pastes_read() - before, 5);
    // The report still holds both pastes' evidence.
    let inputs = root.query_selector_all(".understood").unwrap().length();
    assert_eq!(inputs, 2);
}
