//! The page ships only the examples its menu lists: every file under `static/examples` (which
//! trunk copies whole into the site) is `index.json`, a file an example of `index.json` names,
//! or the `SOURCES` beside such files (where those pastes come from). Cases only tests read live
//! in `tests/fixtures/cases`. `e2e/hosting.test.mjs` checks the same of the built `dist/examples`.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files under `dir`, relative to it, with `/` between folders.
fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                out.insert(relative.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    out
}

/// What the example menu's data lists: `index.json`, each example's files, and a `SOURCES`
/// beside them.
fn listed(index: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::from(["index.json".to_string()]);
    for example in index["examples"].as_array().expect("an examples list") {
        for file in example["files"].as_array().expect("a files list") {
            let file = file.as_str().expect("a file name").to_string();
            if let Some((folder, _)) = file.rsplit_once('/') {
                out.insert(format!("{folder}/SOURCES"));
            }
            out.insert(file);
        }
    }
    out
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/examples")
}

#[test]
fn every_file_the_page_ships_in_examples_is_listed_by_its_menu() {
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(examples().join("index.json")).unwrap()).unwrap();
    let listed = listed(&index);
    let shipped = files_under(&examples());
    let unlisted: Vec<&String> = shipped.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "static/examples ships files its index.json does not list (test-only cases go to tests/fixtures/cases): {unlisted:?}"
    );
    let missing: Vec<&String> =
        listed.iter().filter(|f| !f.ends_with("SOURCES")).filter(|f| !shipped.contains(*f)).collect();
    assert!(missing.is_empty(), "index.json lists files that are not there: {missing:?}");
    let without_sources: Vec<&String> =
        listed.iter().filter(|f| f.ends_with("SOURCES")).filter(|f| !shipped.contains(*f)).collect();
    assert!(without_sources.is_empty(), "listed examples without their SOURCES: {without_sources:?}");
}

/// The check above catches what it is for: a case folder the menu does not list.
#[test]
fn an_unlisted_case_is_caught() {
    let index = serde_json::json!({ "examples": [{ "id": "a", "files": ["cases/a/1.txt"] }] });
    let listed = listed(&index);
    assert!(listed.contains("cases/a/1.txt") && listed.contains("cases/a/SOURCES") && listed.contains("index.json"));
    assert!(!listed.contains("cases/b/1.txt") && !listed.contains("cases/b/SOURCES"));
}
