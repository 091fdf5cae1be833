//! The page's portal form: arbitrary values typed into its fields (a field per line of the
//! input, in form order) are written as portal text, read and diagnosed. Nothing may panic.
#![no_main]

use kvdoctor::engine::page_text::{portal_text, PORTAL_FIELDS};
use kvdoctor::engine::{diagnose_case, render, Paste};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let values: Vec<(&str, &str)> = PORTAL_FIELDS.iter().map(|f| f.key).zip(text.split('\n')).collect();
    let paste = portal_text(&values);
    let report = diagnose_case(&[Paste::new(paste)], values.first().map(|(_, v)| *v));
    let _ = render::markdown(&report);
});
