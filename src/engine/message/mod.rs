//! The seam between the page's shell and the engine it runs in a Web Worker (issue 12): the
//! shell holds the components, the worker every reader and check. The shell sends a request
//! (a small JSON document, built here) with the pastes' texts beside it, unescaped; the worker's
//! [`Session`] answers with one JSON document, which the shell reads back into the engine's own
//! types ([`decode`]). Both halves live here, so the format has one place and native tests.
//!
//! | `op`       | request fields (texts: the pastes, in order)        | answer                                   |
//! |------------|------------------------------------------------------|------------------------------------------|
//! | `diagnose` | `slots`, `kinds`, `vault`, `test_panic`              | `report`, `removed`, `markdown`, `ticket`, `json`, `commands`, `public_dns_host`, `vault_problem` |
//! | `link`     | `kinds`, `vault`, `whole`, `base`                    | `link` or `link_error`                   |
//! | `open`     | `fragment`                                           | `case` and `note`, `empty`, or `link_error` |
//! | `dns`      | `resolver`, `host`, `when`, `body`                   | `text` or `error`                        |
//! | `redact`   | — (boot.js sends it itself, for the bug notice)      | `texts`                                  |
//!
//! A request the worker cannot read is answered `{"error":"…"}` naming what was wrong.

pub mod decode;
mod session;
#[cfg(test)]
mod tests;

pub use session::Session;

use super::input::Kind;

/// A string as a JSON string literal (the shell builds requests without a serialiser).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn kinds(kinds: &[Option<Kind>]) -> String {
    let ids: Vec<String> = kinds.iter().map(|k| k.map_or_else(|| "null".to_string(), |k| quote(k.id()))).collect();
    format!("[{}]", ids.join(","))
}

/// Diagnose the pastes sent beside the request; `slots` name them across requests, so the
/// worker re-reads only a paste whose text or kind changed. `test_panic`: the browser tests'
/// way to make the engine fail on purpose (a paste holding `kvdoctor-test-panic`).
pub fn diagnose(slots: &[u32], kinds_: &[Option<Kind>], vault: &str, test_panic: bool) -> String {
    let slots: Vec<String> = slots.iter().map(u32::to_string).collect();
    format!(
        "{{\"op\":\"diagnose\",\"slots\":[{}],\"kinds\":{},\"vault\":{},\"test_panic\":{test_panic}}}",
        slots.join(","),
        kinds(kinds_),
        quote(vault)
    )
}

/// A share link for the pastes sent beside the request, based on the page's address `base`.
pub fn link(kinds_: &[Option<Kind>], vault: Option<&str>, whole: bool, base: &str) -> String {
    let vault = vault.map_or_else(|| "null".to_string(), quote);
    format!(
        "{{\"op\":\"link\",\"kinds\":{},\"vault\":{vault},\"whole\":{whole},\"base\":{}}}",
        kinds(kinds_),
        quote(base)
    )
}

/// The case a link's fragment (or whole address) holds.
pub fn open(fragment: &str) -> String {
    format!("{{\"op\":\"open\",\"fragment\":{}}}", quote(fragment))
}

/// A public resolver's answer turned into a paste.
pub fn dns(resolver: &str, host: &str, when: &str, body: &str) -> String {
    format!(
        "{{\"op\":\"dns\",\"resolver\":{},\"host\":{},\"when\":{},\"body\":{}}}",
        quote(resolver),
        quote(host),
        quote(when),
        quote(body)
    )
}

/// The pastes sent beside the request with secrets removed (the bug report; `boot.js` writes
/// the same request, since the page's own module may be stopped when it is needed).
pub fn redact() -> String {
    "{\"op\":\"redact\"}".to_string()
}
