//! Both halves of the seam together: what the shell reads back from the worker's answer is
//! what the engine made, for every example case.

use std::path::Path;

use super::super::input::json;
use super::super::share::{self, SharedCase};
use super::super::{diagnose_case, redact, render, Paste};
use super::*;

/// Every example case's pastes, in order.
fn cases() -> Vec<(String, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/examples/cases");
    let mut cases: Vec<_> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    cases
        .into_iter()
        .map(|dir| {
            let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
            files.sort();
            let texts = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
            (dir.file_name().unwrap().to_string_lossy().into_owned(), texts)
        })
        .chain(std::iter::once(planted()))
        .collect()
}

/// A case whose report quotes a secret (a made-up token before curl output), so the removal
/// list has something to carry.
fn planted() -> (String, Vec<String>) {
    let curl = include_str!("../../../tests/fixtures/inputs/curl-clean.txt");
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2lnbmF0dXJlX3Rlc3Q";
    ("planted token".to_string(), vec![format!("token {token}\n{curl}")])
}

fn diagnosed(session: &mut Session, slots: &[u32], texts: &[String], vault: &str) -> decode::Diagnosis {
    let request = diagnose(slots, &vec![None; texts.len()], vault, false);
    decode::diagnosis(&session.answer(&request, texts.to_vec())).unwrap()
}

#[test]
fn the_shell_reads_back_the_report_the_engine_made_for_every_example() {
    let mut removals = 0;
    for (name, texts) in cases() {
        let slots: Vec<u32> = (1..=texts.len() as u32).collect();
        let got = diagnosed(&mut Session::default(), &slots, &texts, "contoso");
        let pastes: Vec<Paste> = texts.iter().map(Paste::new).collect();
        let raw = diagnose_case(&pastes, Some("contoso"));
        let (report, removed) = redact::report(&raw);
        assert_eq!(got.report, report, "{name}");
        assert_eq!(got.removed, removed, "{name}");
        // What the CLI copies for the same pastes: the removals are listed in the Markdown.
        assert_eq!(got.markdown, render::markdown(&raw), "{name}");
        assert_eq!(got.json, render::json(&raw), "{name}");
        // "contoso" was typed: the commands name it, whatever vault the pastes name.
        assert_eq!(got.commands, super::super::page_text::evidence_commands("contoso"), "{name}");
        assert_eq!(got.public_dns_host, super::super::public_dns::host_of(&report), "{name}");
        removals += removed.len();
    }
    assert!(removals > 0, "some example has a secret removed, so the removal list is read back too");
}

#[test]
fn without_a_typed_name_the_commands_name_the_vault_the_pastes_name() {
    let (_, texts) = planted();
    let got = diagnosed(&mut Session::default(), &[1], &texts, " ");
    let host = got.report.vault.as_ref().map(|v| v.host.clone()).expect("curl output names its vault");
    assert_eq!(got.commands, super::super::page_text::evidence_commands(&host));
    assert!(got.commands.iter().flat_map(|g| &g.commands).any(|(_, c)| c.contains(&host)), "{host}");
    assert_eq!(got.public_dns_host.as_deref(), Some(host.as_str()));
}

#[test]
fn an_edit_rereads_only_the_paste_that_changed() {
    let (_, texts) = cases().into_iter().find(|(_, t)| t.len() >= 2).unwrap();
    let mut session = Session::default();
    let first = diagnosed(&mut session, &[7, 9], &texts[..2], "");
    let kept = session.reading(7).unwrap();
    let mut edited = texts[..2].to_vec();
    edited[1].push_str("\nAddress: 10.1.2.3\n");
    let second = diagnosed(&mut session, &[7, 9], &edited, "");
    assert!(std::rc::Rc::ptr_eq(&kept, &session.reading(7).unwrap()), "paste 1 was not read again");
    assert_ne!(first.report, second.report, "the edit reached the report");
    // Moved to another position, a paste is read again (its evidence names its number).
    diagnosed(&mut session, &[9, 7], &[edited[1].clone(), edited[0].clone()], "");
    assert!(!std::rc::Rc::ptr_eq(&kept, &session.reading(7).unwrap()));
    // A slot no longer sent is forgotten.
    diagnosed(&mut session, &[9], &[edited[1].clone()], "");
    assert!(session.reading(7).is_none());
}

#[test]
fn links_are_made_and_opened_as_the_cli_makes_and_opens_them() {
    // And a case with a paste nothing understood: the link leaves it out, and says so.
    let unread = (
        "unread".to_string(),
        vec!["Error code: ForbiddenByConnection".to_string(), "Name  Ttl\n----  ---\nkv    10".to_string()],
    );
    let mut left = 0;
    for (name, texts) in cases().into_iter().take(6).chain(std::iter::once(unread)) {
        let kinds = vec![None; texts.len()];
        for whole in [false, true] {
            let answer =
                Session::default().answer(&link(&kinds, Some("contoso"), whole, "https://x.test/"), texts.clone());
            let case = SharedCase { pastes: texts.iter().map(Paste::new).collect(), vault: Some("contoso".into()) };
            let expected = share::build_link_with("https://x.test/", &case, whole).map_err(|e| e.to_string());
            assert_eq!(decode::link(&answer).unwrap(), expected, "{name}");
            let expected = expected.unwrap();
            left += expected.left_out.left.len();
            let url = expected.url;
            let opened = decode::opened(&Session::default().answer(&open(&url), Vec::new())).unwrap().unwrap().unwrap();
            let direct = share::open_link(&url).unwrap().unwrap();
            let note = direct.note();
            assert_eq!(opened, (direct.case, note), "{name}");
        }
    }
    assert_eq!(left, 1, "the unread paste is left out of the default link only");
}

#[test]
fn link_failures_come_back_as_the_sentence_the_page_shows() {
    let answer = Session::default().answer(&open("#v2.!!!"), Vec::new());
    let expected = share::open_link("#v2.!!!").unwrap_err().to_string();
    assert_eq!(decode::opened(&answer).unwrap(), Err(expected));
    assert_eq!(decode::opened(&Session::default().answer(&open(""), Vec::new())).unwrap(), Ok(None));
    let huge = vec!["x".repeat(3 << 20)];
    let answer = Session::default().answer(&link(&[None], None, true, "https://x.test/"), huge);
    assert!(decode::link(&answer).unwrap().unwrap_err().contains("over the"), "{answer}");
}

#[test]
fn public_dns_answers_and_secrets_go_through_the_worker() {
    let body = include_str!("../../../tests/fixtures/inputs/public-dns-clean.txt");
    let host = "contoso.vault.azure.net";
    let answer = Session::default().answer(&dns("r.test", host, "2026-11-23 10:00 UTC", body), Vec::new());
    let direct = super::super::public_dns::compose("r.test", host, "2026-11-23 10:00 UTC", body);
    assert_eq!(decode::dns(&answer), direct);
    let refused = Session::default().answer(&dns("r.test", host, "now", "<html>"), Vec::new());
    assert!(decode::dns(&refused).unwrap_err().contains("not a DNS answer"), "{refused}");
    let texts = vec!["Password=hunter2;User ID=zoë".to_string(), "nslookup x".to_string()];
    let cleaned = decode::redacted(&Session::default().answer(&redact(), texts.clone())).unwrap();
    assert_eq!(cleaned, redact::redact(&texts).0);
    assert!(!cleaned[0].contains("hunter2"));
}

#[test]
fn a_request_it_cannot_read_is_answered_with_what_was_wrong() {
    for (request, texts, says) in [
        ("nslookup", 0, "not one JSON object"),
        ("{\"op\":\"telnet\"}", 0, "telnet"),
        ("{}", 0, "no operation"),
        ("{\"op\":\"diagnose\",\"slots\":[1]}", 2, "1 slots for 2 pastes"),
        ("{\"op\":\"diagnose\",\"slots\":[1],\"kinds\":[\"ping\"]}", 1, "\\\"ping\\\" is no kind"),
        ("{\"op\":\"diagnose\",\"slots\":[-1]}", 1, "not a slot number"),
        ("{\"op\":\"dns\",\"host\":\"h\"}", 0, "no \\\"resolver\\\""),
    ] {
        let answer = Session::default().answer(request, vec![String::new(); texts]);
        assert!(answer.starts_with("{\"error\":") && answer.contains(says), "{request} → {answer}");
        assert!(decode::diagnosis(&answer).is_err());
    }
}

#[test]
fn quoted_text_reads_back_unchanged() {
    for text in [
        "",
        "plain",
        "\"quotes\" and \\back\\",
        "tab\tline\nreturn\r",
        "\u{0}\u{1f}\u{7f}",
        "zoë 🔑 \u{202e}ltr\u{2028}",
    ] {
        let doc = json::parse(&format!("[{}]", quote(text)));
        assert!(doc.problems.is_empty(), "{text:?}: {:?}", doc.problems);
        assert_eq!(doc.roots[0].items()[0].text(), Some(text), "{text:?}");
    }
}
