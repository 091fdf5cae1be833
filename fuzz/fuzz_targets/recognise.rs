//! Arbitrary bytes through the whole engine as the page and the CLI use it: recognise, parse,
//! check, render. Nothing may panic.
#![no_main]

use kvdoctor::engine::{diagnose, render, Paste};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Split into up to three pastes on a form feed, so multi-paste correlation is exercised.
    let pastes: Vec<Paste> = text.splitn(3, '\u{c}').map(Paste::new).collect();
    let report = diagnose(&pastes);
    let _ = render::json(&report);
    let _ = render::markdown(&report);
    let _ = render::text(&report);
});
