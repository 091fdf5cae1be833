//! Helpers shared by the test crates (each crate's main.rs includes this file as `mod common`).

use std::path::PathBuf;

#[allow(dead_code)] // not every test file reads a fixture
pub fn fixture(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// `report` (text, Markdown or JSON) with this build's commit replaced by `<commit>`, so
/// snapshots change with the crate version but not with every commit.
#[allow(dead_code)] // not every test file snapshots a report
pub fn stable(report: &str) -> String {
    let version = kvdoctor::engine::VERSION;
    let stable = concat!(env!("CARGO_PKG_VERSION"), "+<commit>");
    report
        .replace(&format!("kvdoctor {version}"), &format!("kvdoctor {stable}"))
        .replace(&format!("\"kvdoctor\": \"{version}\""), &format!("\"kvdoctor\": \"{stable}\""))
}

/// Where whole cases live (one folder a case, pastes `N.txt` in order, its `SOURCES`): the
/// page's examples, listed in `static/examples/index.json` and shipped with the page, and the
/// cases only tests read (`tests/fixtures/cases`), which the page never ships.
#[allow(dead_code)] // not every test file reads whole cases
pub const CASE_HOMES: [&str; 2] = ["static/examples/cases", "tests/fixtures/cases"];

/// Every whole case, as (name, folder): the page's examples, then the test-only cases, each
/// sorted by name.
#[allow(dead_code)]
pub fn case_dirs() -> Vec<(String, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for home in CASE_HOMES {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join(home))
            .unwrap_or_else(|e| panic!("{home}: {e}"))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        out.extend(dirs.into_iter().map(|d| (d.file_name().unwrap().to_string_lossy().into_owned(), d)));
    }
    out
}

/// The folder of the whole case `name`, in whichever home holds it (one only).
#[allow(dead_code)]
pub fn case_dir(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let found: Vec<PathBuf> = CASE_HOMES.iter().map(|home| root.join(home).join(name)).filter(|d| d.is_dir()).collect();
    match found.as_slice() {
        [dir] => dir.clone(),
        _ => panic!("case {name}: found in {} of {CASE_HOMES:?}", found.len()),
    }
}

/// The pastes of the case in `dir`, in order (`N.txt`; not `SOURCES` or `VAULT`).
#[allow(dead_code)]
pub fn case_pastes(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
}
