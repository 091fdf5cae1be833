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
