//! Each paste is read on its own and the facts are merged when the case is built: that must
//! give exactly what reading every paste into one shared set of facts gave, on every example
//! case of the page, whatever order the pastes were read in.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use kvdoctor::engine::facts::Facts;
use kvdoctor::engine::{diagnose_case, diagnose_reads, input, read_paste, render, Paste, PasteRead};

fn cases() -> Vec<(String, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/examples/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    let cases: Vec<(String, Vec<String>)> = dirs
        .into_iter()
        .filter(|d| d.is_dir())
        .map(|dir| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            files.sort();
            let texts = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
            (dir.file_name().unwrap().to_string_lossy().into_owned(), texts)
        })
        .collect();
    assert!(cases.len() >= 20, "the page's example cases were not found");
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
        assert_eq!(reads.len(), texts.len(), "{name}: a paste was taken for blank");
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
