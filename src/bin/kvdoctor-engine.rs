//! The engine alone, as the page's Web Worker runs it: `answer(request, texts)` takes a request
//! built by [`kvdoctor::engine::message`] with the pastes' texts beside it and returns the
//! answer as JSON text. `static/engine-worker.js` calls it for each message. Natively it
//! diagnoses the text on stdin as one paste and prints the worker's answer, for trying it by hand.

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use kvdoctor::engine::message::Session;
    use wasm_bindgen::prelude::wasm_bindgen;

    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::default());
    }

    /// One request and the pastes it is about → the answer (JSON text).
    #[wasm_bindgen]
    pub fn answer(request: &str, texts: Vec<String>) -> String {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            std::panic::set_hook(Box::new(|info| {
                // The module aborts right after this: the worker script reads the message from
                // the worker's global scope and sends it to the page for the bug notice.
                let _ = js_sys::Reflect::set(&js_sys::global(), &"kvdoctorPanic".into(), &info.to_string().into());
            }))
        });
        // A call cut short (a panic, a trap, its execution terminated) never releases this
        // borrow: engine-worker.js then calls this instance no more (`working`).
        SESSION.with(|s| s.borrow_mut().answer(request, texts))
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::{Read, Write};
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("kvdoctor-engine: cannot read stdin: {e}");
        std::process::exit(2);
    }
    let request = kvdoctor::engine::message::diagnose(&[1], &[None], "", false);
    let answer = kvdoctor::engine::message::Session::default().answer(&request, vec![text]);
    // A closed stdout (`| head`) ends the program quietly: println! would panic.
    if writeln!(std::io::stdout(), "{answer}").is_err() {
        std::process::exit(1);
    }
}
