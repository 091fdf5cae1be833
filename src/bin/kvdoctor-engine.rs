//! The engine alone, as the page's Web Worker runs it: `answer(request, texts)` takes a request
//! encoded by [`kvdoctor::engine::protocol`] with the pastes' texts beside it and returns the
//! encoded answer. `static/engine-worker.js` calls it for each message. Natively it diagnoses
//! the text on stdin as one paste and prints the report as the page receives it, for trying it
//! by hand.

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use kvdoctor::engine::protocol::Session;
    use wasm_bindgen::prelude::wasm_bindgen;

    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::default());
    }

    /// One encoded request and the pastes it is about → the encoded answer.
    #[wasm_bindgen]
    pub fn answer(request: &[u8], texts: Vec<String>) -> Vec<u8> {
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

    /// The texts with secrets removed, for the bug notice. Not part of the protocol: boot.js
    /// asks for it itself, since after a bug in the page's own module nothing of it may run.
    #[wasm_bindgen]
    pub fn redact(texts: Vec<String>) -> Vec<String> {
        kvdoctor::engine::redact::redact(&texts).0
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::{Read, Write};

    use kvdoctor::engine::protocol::{Answer, Request, Session};
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("kvdoctor-engine: cannot read stdin: {e}");
        std::process::exit(2);
    }
    let request = Request::Diagnose {
        slots: vec![1],
        kinds: vec![None],
        vault: String::new(),
        host: String::new(),
        whole: false,
        base: "https://kvdoctor.example/".to_string(),
        test_panic: false,
    };
    let shown = match Session::default().reply(request, vec![text]) {
        Answer::Diagnosis(diagnosis) => format!("{diagnosis:#?}"),
        other => format!("{other:?}"),
    };
    // A closed stdout (`| head`) ends the program quietly: println! would panic.
    if writeln!(std::io::stdout(), "{shown}").is_err() {
        std::process::exit(1);
    }
}
