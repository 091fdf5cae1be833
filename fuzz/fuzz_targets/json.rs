//! The tolerant JSON reader: any bytes, bounded depth, no panic, every line number in range.
#![no_main]

use kvdoctor::engine::input::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = json::parse(&text);
    let lines = text.split('\n').count();
    for (first, last) in doc.spans {
        assert!(1 <= first && first <= last && last <= lines, "span {first}..{last} of {lines} lines");
    }
});
