//! Keeps `tests/wasm/snapshots/wasm-parity.json` equal to the native report, so the wasm test that
//! compares against it proves the browser build computes the same diagnosis. The build's commit
//! is stored as `<commit>` (both sides normalise it), so the file does not change per commit.

use crate::common;

use kvdoctor::engine::{diagnose_texts, render};

#[test]
fn wasm_parity_snapshot_is_current() {
    let report = diagnose_texts(&[
        &common::fixture("nslookup/windows-public-via-alias.txt"),
        &common::fixture("nslookup/linux-private-healthy.txt"),
        // An error message, so the symptoms are compared too.
        include_str!("../../static/examples/cases/tenant-mismatch/1.txt"),
    ]);
    let json = common::stable(&render::json(&report));
    assert!(json.contains(r#""kvdoctor": ""#) && json.contains("+<commit>"), "the version is in the JSON");
    assert!(json.contains(r#""code": "AKV10032""#), "the symptom is in the JSON");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wasm/snapshots/wasm-parity.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, format!("{json}\n")).unwrap();
    }
    let stored = std::fs::read_to_string(path).expect("run with UPDATE_SNAPSHOTS=1 to create it");
    assert_eq!(stored.trim_end(), json, "native report changed: review and run with UPDATE_SNAPSHOTS=1");
}
