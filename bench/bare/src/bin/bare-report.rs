//! The yardstick for "typical case -> report" (scripts/bench): yew alone rendering the report's
//! DOM, with no engine, no decoding and no components of kvdoctor's. The bench captures the
//! report that kvdoctor rendered for the typical case in the same run (a JSON tree: a text node
//! is a string, an element `[tag, [name, value, ...], child, ...]`), hands it to this page as
//! `window.benchReport`, presses "Load" (reading the tree is not timed), then times "Show" (one
//! render of the whole tree, from nothing) against kvdoctor's paste -> report, and checks that
//! both pages hold the same elements and text. A separate binary, so the bare page that is the
//! load-time yardstick (src/main.rs) stays one component.
use std::rc::Rc;

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;
use yew::prelude::*;
use yew::virtual_dom::{AttrValue, AttributeOrProperty, Attributes, VTag, VText};

enum Node {
    Text(AttrValue),
    Element {
        tag: AttrValue,
        /// Attribute names, leaked once when the tree is read: yew's dynamic attributes take
        /// `'static` names, as the `html!` macro's are.
        keys: &'static [&'static str],
        values: Vec<AttrValue>,
        children: Vec<Node>,
    },
}

fn read(value: &JsValue) -> Node {
    if let Some(text) = value.as_string() {
        return Node::Text(text.into());
    }
    let array = Array::from(value);
    let attributes = Array::from(&array.get(1));
    let mut keys = Vec::new();
    let mut values = Vec::new();
    for i in (0..attributes.length()).step_by(2) {
        let key = attributes.get(i).as_string().unwrap_or_default();
        keys.push(&*Box::leak(key.into_boxed_str()));
        values.push(attributes.get(i + 1).as_string().unwrap_or_default().into());
    }
    Node::Element {
        tag: array.get(0).as_string().unwrap_or_default().into(),
        keys: Box::leak(keys.into_boxed_slice()),
        values,
        children: (2..array.length()).map(|i| read(&array.get(i))).collect(),
    }
}

fn render(node: &Node) -> Html {
    match node {
        Node::Text(text) => VText::new(text.clone()).into(),
        Node::Element { tag, keys, values, children } => {
            let mut element = VTag::new(tag.clone());
            element.set_attributes(Attributes::Dynamic {
                keys,
                values: values.iter().map(|v| Some(AttributeOrProperty::Attribute(v.clone()))).collect(),
            });
            element.add_children(children.iter().map(render));
            element.into()
        }
    }
}

#[component]
fn App() -> Html {
    let tree = use_state(|| None::<Rc<Node>>);
    let shown = use_state(|| false);
    let load = {
        let tree = tree.clone();
        Callback::from(move |_| {
            let text =
                Reflect::get(&js_sys::global(), &JsValue::from_str("benchReport")).ok().and_then(|t| t.as_string());
            tree.set(text.and_then(|t| JSON::parse(&t).ok()).map(|v| Rc::new(read(&v))));
        })
    };
    let show = |value: bool| {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(value))
    };
    html! {
        <main>
            <h1>{ "bare yew: a report from JSON" }</h1>
            <button id="load" onclick={load}>{ "Load" }</button>
            <button id="show" onclick={show(true)}>{ "Show" }</button>
            <button id="clear" onclick={show(false)}>{ "Clear" }</button>
            <div id="out" data-loaded={tree.is_some().then_some("true")}>
                if *shown {
                    if let Some(tree) = &*tree {
                        { render(tree) }
                    }
                }
            </div>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
