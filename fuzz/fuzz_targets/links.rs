//! Share links: arbitrary fragments decode to a case or a named error, never a panic; and a
//! case built from arbitrary pastes survives encode → decode → encode → decode with its pastes
//! and vault name. (Not byte-stable: a link keeps only the lines the diagnosis used, and a
//! paste shrunk once may shrink further when read again — the diagnosis is what must hold,
//! which tests/links/links.rs checks on every example case.) The readable form (`#vault=…&paste=…`)
//! is fuzzed as the packed one: the same pastes written as parameters open to themselves within
//! the limits, a named error beyond them, and a vault only if it is a vault's own name.
//! Format v3 (deflate against the frozen dictionary, `share::v3`): arbitrary bytes inflate to
//! a document or a named error, never a panic nor more than the limit; any bytes deflate and
//! inflate back to themselves; and a `#v3.` fragment of arbitrary base64 opens or is refused.
#![no_main]

use kvdoctor::engine::share::{
    build_link, build_link_with, open_link, parse_fragment, v3, SharedCase, MAX_DECODED, MAX_LINE, MAX_PASTES,
};
use kvdoctor::engine::vault;
use kvdoctor::engine::Paste;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_fragment(&text);
    let _ = parse_fragment(&format!("#v1.{text}"));
    let _ = parse_fragment(&format!("#v3.{text}"));
    if let Ok(document) = v3::inflate(data) {
        assert!(document.len() <= MAX_DECODED, "inflated past the limit");
    }
    assert_eq!(v3::inflate(&v3::deflate(data)).as_deref(), Ok(data), "v3 round trip");
    let mut parts = text.split('\u{c}');
    let vault = parts.next().map(str::to_string);
    let case = SharedCase { pastes: parts.map(Paste::new).collect(), vault, host: None };
    readable(&case);
    // Whole pastes pass the same removal (and its stronger rules for whole files) and decode.
    if let Ok(link) = build_link_with("https://kvdoctor.example/", &case, true) {
        let back = parse_fragment(&link.url).expect("a whole-paste link decodes").expect("to a case");
        assert_eq!(back.pastes.len(), case.pastes.len().min(MAX_PASTES), "every paste survives");
    }
    if let Ok(link) = build_link("https://kvdoctor.example/", &case) {
        let back = parse_fragment(&link.url).expect("a link we built decodes").expect("and holds a case");
        let again = build_link("https://kvdoctor.example/", &back).expect("a decoded case re-encodes");
        let twice = parse_fragment(&again.url).expect("and decodes again").expect("to a case");
        assert_eq!(twice.pastes.len(), back.pastes.len(), "every paste survives");
        assert_eq!(twice.vault, back.vault, "the vault name survives");
    }
});

/// Every byte that is not a letter or digit as `%XX`, as a browser's address bar may write it.
fn encode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") }).collect()
}

fn readable(case: &SharedCase) {
    let mut fragment = format!("#vault={}", encode(case.vault.as_deref().unwrap_or_default()));
    for paste in &case.pastes {
        fragment.push_str(&format!("&paste={}", encode(&paste.text)));
    }
    let written: Vec<&str> = case.pastes.iter().map(|p| p.text.as_str()).filter(|t| !t.trim().is_empty()).collect();
    // Every `paste=` counts against the limit, blank or not: they are counted before decoding.
    let within = case.pastes.len() <= MAX_PASTES && written.iter().all(|t| t.split('\n').all(|l| l.len() <= MAX_LINE));
    match open_link(&fragment) {
        Ok(Some(opened)) => {
            assert!(within, "a link over the limits was opened");
            let got: Vec<&str> = opened.case.pastes.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(got, written, "every paste opens as written");
            if let Some(name) = &opened.case.vault {
                assert!(matches!(vault::typed(name), Ok(Some(_))), "only a vault's own name is kept: {name}");
            }
        }
        Ok(None) => panic!("a fragment with parameters opened to nothing"),
        Err(_) => assert!(!within || written.is_empty() || fragment.len() > 1 << 20, "refused within the limits"),
    }
}
