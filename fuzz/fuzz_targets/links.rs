//! Share links: arbitrary fragments decode to a case or a named error, never a panic; and a
//! case built from arbitrary pastes survives encode → decode with the same pastes (as cleaned).
#![no_main]

use kvdoctor::engine::share::{build_link, parse_fragment, SharedCase};
use kvdoctor::engine::Paste;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_fragment(&text);
    let _ = parse_fragment(&format!("#v1.{text}"));
    let mut parts = text.split('\u{c}');
    let vault = parts.next().map(str::to_string);
    let case = SharedCase { pastes: parts.map(Paste::new).collect(), vault };
    if let Ok(link) = build_link("https://kvdoctor.example/", &case) {
        let back = parse_fragment(&link.url).expect("a link we built decodes").expect("and holds a case");
        let again = build_link("https://kvdoctor.example/", &back).expect("a decoded case re-encodes");
        assert_eq!(again.url, link.url, "encode → decode → encode is stable");
    }
});
