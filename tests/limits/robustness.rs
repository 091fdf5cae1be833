//! No input makes the engine panic, and hostile input is handled in proportion to its size.
#![cfg(not(target_arch = "wasm32"))]

use kvdoctor::engine::{diagnose, diagnose_texts, render, Paste};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let report = diagnose_texts(&[&text]);
        let _ = render::json(&report);
        let _ = render::markdown(&report);
    }

    #[test]
    fn nslookup_shaped_noise_never_panics(lines in proptest::collection::vec(
        prop_oneof![
            Just("Server:  UnKnown".to_string()),
            Just("Address:  168.63.129.16".to_string()),
            Just("Aliases:  a.vault.azure.net".to_string()),
            Just("          a.privatelink.vaultcore.azure.net".to_string()),
            Just("Name:".to_string()),
            Just("> ".to_string()),
            Just("** server can't find : NXDOMAIN".to_string()),
            "[ -~]{0,40}",
            "(Address|Name|Server|Aliases): *[0-9a-z.:<>#]{0,30}",
        ], 0..40)) {
        let report = diagnose_texts(&[&lines.join("\r\n")]);
        prop_assert_eq!(report.steps.len(), kvdoctor::engine::checks::ALL.len());
    }
}

#[test]
fn megabytes_of_input_are_read() {
    let block = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    kv.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  kv.vault.azure.net\n\n";
    let big = block.repeat(5 * 1024 * 1024 / block.len());
    let report = diagnose(&[Paste::new(big)]);
    assert_eq!(report.vault.unwrap().name, "kv");
    assert!(report.inputs[0].facts > 100_000);
}

#[test]
fn script_tags_stay_text() {
    let report = diagnose_texts(&["<script>alert(1)</script>\nServer: <img src=x onerror=alert(1)>"]);
    let json = render::json(&report);
    assert!(json.contains("<script>alert(1)</script>") || json.contains("not recognised"));
}

/// Found by `scripts/fuzz` (target `parsers`): curl output with control bytes, read as a forced kind.
#[test]
fn fuzz_regression_forced_kind_on_binary_looking_input() {
    use kvdoctor::engine::facts::Facts;
    use kvdoctor::engine::input::{self, Kind};
    let bytes = include_bytes!("../fixtures/regressions/fuzz-parsers-forced-binary.bin");
    let text = String::from_utf8_lossy(&bytes[1..]);
    for kind in Kind::ALL {
        let mut facts = Facts::default();
        let summary = input::read(1, &text, Some(*kind), &mut facts);
        assert!(summary.kind == *kind || summary.notes.iter().any(|n| n.contains("binary")), "{kind:?}: {summary:?}");
    }
}

/// Found by `scripts/fuzz` (target `redact`, its first two runs): a connection string with
/// accented text after `Password=` made secret removal slice inside a character.
#[test]
fn fuzz_regression_accented_password_is_redacted_without_panic() {
    use kvdoctor::engine::redact::redact;
    let text = String::from_utf8_lossy(include_bytes!("../fixtures/regressions/fuzz-redact-accented-password.bin"))
        .into_owned();
    let (clean, _) = redact(std::slice::from_ref(&text));
    assert!(clean[0].contains("Name=Zoë"), "{}", clean[0]);
    let (again, removed) = redact(&clean);
    assert_eq!(again, clean);
    assert!(removed.is_empty(), "{removed:?}");
}

/// Found by `scripts/fuzz` (target `redact`, campaign): removing a token from a share link
/// left its first half behind, a long random-looking value of its own.
#[test]
fn fuzz_regression_no_part_of_a_token_is_left_behind() {
    use kvdoctor::engine::redact::redact;
    let text = String::from_utf8_lossy(include_bytes!("../fixtures/regressions/fuzz-redact-token-left-behind.bin"))
        .into_owned();
    let (clean, removed) = redact(std::slice::from_ref(&text));
    assert!(!removed.is_empty());
    assert!(!clean[0].contains("xVVNb9QwEP0rUbiAtM7XZj"), "{}", &clean[0][..200.min(clean[0].len())]);
    let (again, more) = redact(&clean);
    assert!(more.is_empty(), "{more:?}");
    assert_eq!(again, clean);
}

/// Found by `scripts/fuzz` (target `links`): a paste shrunk to its used lines may shrink
/// further when its link is decoded and shared again; its pastes and vault must survive.
#[test]
fn fuzz_regression_a_shared_case_survives_being_shared_again() {
    use kvdoctor::engine::share::{build_link, parse_fragment, SharedCase};
    let text =
        String::from_utf8_lossy(include_bytes!("../fixtures/regressions/fuzz-links-shrink-twice.bin")).into_owned();
    let mut parts = text.split('\u{c}');
    let vault = parts.next().map(str::to_string);
    let case = SharedCase { pastes: parts.map(Paste::new).collect(), vault, host: None };
    let link = build_link("https://kvdoctor.example/", &case).unwrap();
    let back = parse_fragment(&link.url).unwrap().unwrap();
    let again = build_link("https://kvdoctor.example/", &back).unwrap();
    let twice = parse_fragment(&again.url).unwrap().unwrap();
    assert_eq!((twice.pastes.len(), &twice.vault), (back.pastes.len(), &back.vault));
    assert_eq!(back.pastes.len(), case.pastes.len());
}
