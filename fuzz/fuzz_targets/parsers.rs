//! Each reader forced onto arbitrary text: the first byte picks the kind, as a user's override
//! would, so every parser meets input it was never meant for.
#![no_main]

use kvdoctor::engine::facts::Facts;
use kvdoctor::engine::input::{self, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let kind = Kind::ALL[usize::from(pick) % Kind::ALL.len()];
    let text = String::from_utf8_lossy(rest);
    let mut facts = Facts::default();
    let summary = input::read(1, &text, Some(kind), &mut facts);
    // A forced kind is obeyed, except that binary-looking input is refused whatever was chosen.
    assert!(summary.kind == kind || summary.kind == Kind::Unknown && summary.notes.iter().any(|n| n.contains("binary")));
});
