//! Share links: arbitrary fragments decode to a case or a named error, never a panic; and a
//! case built from arbitrary pastes survives encode → decode → encode → decode with its pastes
//! and vault name. (Not byte-stable: a link keeps only the lines the diagnosis used, and a
//! paste shrunk once may shrink further when read again — the diagnosis is what must hold,
//! which tests/links.rs checks on every example case.)
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
        let twice = parse_fragment(&again.url).expect("and decodes again").expect("to a case");
        assert_eq!(twice.pastes.len(), back.pastes.len(), "every paste survives");
        assert_eq!(twice.vault, back.vault, "the vault name survives");
    }
});
