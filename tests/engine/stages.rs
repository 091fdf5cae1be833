//! Each paste is read on its own and the facts are merged when the case is built: that must
//! give exactly what reading every paste into one shared set of facts gave, on every whole
//! case (the page's examples and the test-only ones), whatever order the pastes were read in.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use kvdoctor::engine::facts::Facts;
use kvdoctor::engine::{diagnose_case, diagnose_reads, input, read_paste, render, Paste, PasteRead};

/// Every whole case: the page's examples and the test-only cases.
fn cases() -> Vec<(String, Vec<String>)> {
    let cases: Vec<(String, Vec<String>)> =
        common::case_dirs().into_iter().map(|(name, dir)| (name, common::case_pastes(&dir))).collect();
    assert!(cases.len() >= 20, "the whole cases were not found");
    cases
}

#[test]
fn merged_facts_are_the_facts_read_together() {
    for (name, texts) in cases() {
        let mut shared = Facts::default();
        for (i, text) in texts.iter().enumerate() {
            input::read(i + 1, text, None, &mut shared);
        }
        let reads: Vec<PasteRead> = texts.iter().enumerate().filter_map(|(i, t)| read_paste(i + 1, t, None)).collect();
        // A blank paste area (a held case keeps one: blank-slot-unread) is read as nothing.
        let written = texts.iter().filter(|t| !t.trim().is_empty()).count();
        assert_eq!(reads.len(), written, "{name}: a paste was taken for blank");
        assert_eq!(Facts::merged(reads.iter().map(|r| &r.facts)), shared, "{name}");
    }
}

#[test]
fn reading_pastes_one_by_one_gives_the_report_of_the_whole_case() {
    for (name, texts) in cases() {
        let pastes: Vec<Paste> = texts.iter().map(Paste::new).collect();
        let whole = render::json(&diagnose_case(&pastes, Some("contoso")));
        // Read last paste first, as the page does when the user edits the last one, then put
        // the reads back in paste order.
        let mut reads: Vec<PasteRead> =
            texts.iter().enumerate().rev().filter_map(|(i, t)| read_paste(i + 1, t, None)).collect();
        reads.reverse();
        let one_by_one = render::json(&diagnose_reads(&reads.iter().collect::<Vec<_>>(), Some("contoso")));
        assert_eq!(one_by_one, whole, "{name}");
        assert!(whole.contains("\"steps\""), "{name}: not a report");
    }
}
