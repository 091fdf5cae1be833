//! The `kvdoctor` binary: formats, stdin, files and exit codes (CHECKS.md).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kvdoctor(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kvdoctor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

const PUBLIC: &str = "tests/fixtures/nslookup/windows-public-via-alias.txt";
const HEALTHY: &str = "tests/fixtures/nslookup/linux-private-healthy.txt";

#[test]
fn exit_status_follows_the_diagnosis() {
    assert_eq!(kvdoctor(&[PUBLIC], "").status.code(), Some(1));
    assert_eq!(kvdoctor(&[HEALTHY], "").status.code(), Some(0));
}

#[test]
fn json_on_stdin_matches_the_library() {
    let text = std::fs::read_to_string(PUBLIC).unwrap();
    let out = kvdoctor(&["--format", "json"], &text);
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected = kvdoctor::engine::render::json(&kvdoctor::engine::diagnose_texts(&[&text]));
    assert_eq!(printed, serde_json::from_str::<serde_json::Value>(&expected).unwrap());
    assert_eq!(printed["verdict"]["primary"], "dns-private-address");
}

#[test]
fn several_files_are_several_pastes() {
    let out = kvdoctor(&["-f", "json", HEALTHY, "-"], "garbage");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["inputs"][1]["index"], 2);
    assert_eq!(json["inputs"][1]["kind"], "unknown");
}

#[test]
fn markdown_format() {
    let out = kvdoctor(&["--format=markdown", PUBLIC], "");
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("## Key Vault access diagnosis"));
}

#[test]
fn unusable_invocations_exit_2_with_a_message() {
    let missing = kvdoctor(&["no/such/file.txt"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read no/such/file.txt"));
    let bad_format = kvdoctor(&["--format", "xml"], "");
    assert_eq!(bad_format.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_format.stderr).contains("unknown format"));
    assert_eq!(kvdoctor(&["--bogus"], "").status.code(), Some(2));
}

#[test]
fn binary_files_are_read_without_crashing() {
    let out = kvdoctor(&["-f", "json", "-"], "\u{0}\u{1}\u{2}\u{3}\u{7f}ELF");
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["inputs"][0]["kind"], "unknown");
}
