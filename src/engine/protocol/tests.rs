//! Both halves of the protocol together: what the shell reads back is what the engine made,
//! for every whole case; every request and answer encodes and decodes to itself; a cut or
//! damaged message is an error, never a panic or another value. Native only: proptest and the
//! example files are not there in wasm.
#![cfg(not(target_arch = "wasm32"))]

use std::borrow::Cow;
use std::path::Path;

use proptest::prelude::*;

use super::super::input::marker::{Marker, Why};
use super::super::input::Kind;
use super::super::page_text::{evidence_commands, evidence_commands_on, CommandGroup};
use super::super::public_dns;
use super::super::redact::Removed;
use super::super::report::InputSummary;
use super::super::share::{self, LeftOut, Link, PreviewPaste, SharedCase};
use super::super::{diagnose_case, platform_of, read_paste, redact, render, Paste};
use super::*;

/// Every whole case's pastes, in order: the page's examples, then the test-only cases.
fn cases() -> Vec<(String, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = ["static/examples/cases", "tests/fixtures/cases"].iter().flat_map(|home| {
        let mut dirs: Vec<_> = std::fs::read_dir(root.join(home)).unwrap().map(|e| e.unwrap().path()).collect();
        dirs.retain(|dir| dir.is_dir());
        dirs.sort();
        dirs
    });
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

const BASE: &str = "https://x.test/";

fn diagnose_request(slots: &[u32], texts: &[String], vault: &str, whole: bool) -> Vec<u8> {
    encode(&Request::Diagnose {
        slots: slots.to_vec(),
        kinds: vec![None; texts.len()],
        vault: vault.to_string(),
        host: String::new(),
        whole,
        base: BASE.to_string(),
        test_panic: false,
    })
}

/// The answer as the shell reads it: through the encoded bytes both ways.
fn asked(session: &mut Session, request: &[u8], texts: &[String]) -> Answer {
    decode(&session.answer(request, texts.to_vec())).unwrap()
}

fn diagnosed(session: &mut Session, slots: &[u32], texts: &[String], vault: &str, whole: bool) -> Diagnosis {
    match asked(session, &diagnose_request(slots, texts, vault, whole), texts) {
        Answer::Diagnosis(d) => *d,
        other => panic!("not a diagnosis: {other:?}"),
    }
}

fn rendered(session: &mut Session, format: Format, slots: &[u32], texts: &[String], vault: &str) -> String {
    let request = Request::Render {
        format,
        slots: slots.to_vec(),
        kinds: vec![None; texts.len()],
        vault: vault.into(),
        host: String::new(),
    };
    match asked(session, &encode(&request), texts) {
        Answer::Rendered(text) => text,
        other => panic!("not a rendering: {other:?}"),
    }
}

#[test]
fn the_shell_reads_back_the_report_the_engine_made_for_every_example() {
    let mut removals = 0;
    for (name, texts) in cases() {
        let slots: Vec<u32> = (1..=texts.len() as u32).collect();
        let mut session = Session::default();
        let got = diagnosed(&mut session, &slots, &texts, "contoso", false);
        let pastes: Vec<Paste> = texts.iter().map(Paste::new).collect();
        let raw = diagnose_case(&pastes, Some("contoso"));
        let (report, removed) = redact::report(&raw);
        // The report as the page shows it, and the little the shell reads of it.
        assert_eq!(got.html, render::html::body(&report), "{name}");
        assert_eq!(got.summary, Summary::of(&report), "{name}");
        assert_eq!(got.removed, removed, "{name}");
        // What the copy buttons ask for is what the CLI prints for the same pastes (the
        // removals are listed in the Markdown), from the readings the session keeps.
        for (format, cli) in [
            (Format::Markdown, render::markdown(&raw)),
            (Format::Ticket, render::ticket_redacted(&report)),
            (Format::Json, render::json(&raw)),
        ] {
            assert_eq!(rendered(&mut session, format, &slots, &texts, "contoso"), cli, "{name} {format:?}");
        }
        // "contoso" was typed: the commands name it, whatever vault the pastes name, and lead
        // with the host's own group when a paste shows where the code runs.
        let reads: Vec<_> = texts.iter().enumerate().filter_map(|(i, t)| read_paste(i + 1, t, None)).collect();
        let platform = platform_of(&reads.iter().collect::<Vec<_>>(), None);
        assert_eq!(got.commands, evidence_commands_on("contoso", platform.as_ref()), "{name}");
        assert_eq!(got.public_dns_host, public_dns::host_of(&report), "{name}");
        // The link the CLI makes for the same case.
        let case = SharedCase { pastes, vault: Some("contoso".into()), host: None };
        assert_eq!(got.link, Some(share::build_link_with(BASE, &case, false).map_err(|e| e.to_string())), "{name}");
        removals += removed.len();
    }
    assert!(removals > 0, "some example has a secret removed, so the removal list is read back too");
}

#[test]
fn without_a_typed_name_the_commands_name_the_vault_the_pastes_name() {
    let (_, texts) = planted();
    let got = diagnosed(&mut Session::default(), &[1], &texts, " ", false);
    let host = got.summary.vault_host.clone().expect("curl output names its vault");
    assert_eq!(got.commands, evidence_commands(&host));
    assert!(got.commands.iter().flat_map(|g| &g.commands).any(|(_, c)| c.contains(&host)), "{host}");
    assert_eq!(got.public_dns_host.as_deref(), Some(host.as_str()));
}

#[test]
fn an_edit_rereads_only_the_paste_that_changed() {
    let (_, texts) = cases().into_iter().find(|(_, t)| t.len() >= 2).unwrap();
    let mut session = Session::default();
    let first = diagnosed(&mut session, &[7, 9], &texts[..2], "", false);
    let kept = session.reading(7).unwrap();
    let mut edited = texts[..2].to_vec();
    edited[1].push_str("\nAddress: 10.1.2.3\n");
    let second = diagnosed(&mut session, &[7, 9], &edited, "", false);
    assert!(std::rc::Rc::ptr_eq(&kept, &session.reading(7).unwrap()), "paste 1 was not read again");
    assert_ne!(first.summary, second.summary, "the edit reached the report");
    // Asking for whole pastes in the link reads nothing again, and changes only the link.
    let whole = diagnosed(&mut session, &[7, 9], &edited, "", true);
    assert!(std::rc::Rc::ptr_eq(&kept, &session.reading(7).unwrap()));
    assert_eq!((&whole.html, &whole.summary), (&second.html, &second.summary));
    assert_ne!(whole.link, second.link);
    // Moved to another position, a paste is read again (its evidence names its number).
    diagnosed(&mut session, &[9, 7], &[edited[1].clone(), edited[0].clone()], "", false);
    assert!(!std::rc::Rc::ptr_eq(&kept, &session.reading(7).unwrap()));
    // A slot no longer sent is forgotten.
    diagnosed(&mut session, &[9], &[edited[1].clone()], "", false);
    assert!(session.reading(7).is_none());
}

#[test]
fn links_come_with_the_diagnosis_and_open_as_the_cli_opens_them() {
    // And a case with a paste nothing understood: the link leaves it out, and says so.
    let unread = (
        "unread".to_string(),
        vec!["Error code: ForbiddenByConnection".to_string(), "Name  Ttl\n----  ---\nkv    10".to_string()],
    );
    let mut left = 0;
    for (name, texts) in cases().into_iter().take(6).chain(std::iter::once(unread)) {
        let slots: Vec<u32> = (1..=texts.len() as u32).collect();
        for whole in [false, true] {
            let got = diagnosed(&mut Session::default(), &slots, &texts, "contoso", whole);
            let case = SharedCase {
                pastes: texts.iter().map(Paste::new).collect(),
                vault: Some("contoso".into()),
                host: None,
            };
            let expected = share::build_link_with(BASE, &case, whole).map_err(|e| e.to_string());
            assert_eq!(got.link, Some(expected.clone()), "{name}");
            let expected = expected.unwrap();
            left += expected.left_out.left.len();
            let request = encode(&Request::Open { fragment: expected.url.clone() });
            let Answer::Opened(opened) = asked(&mut Session::default(), &request, &[]) else { panic!() };
            let direct = share::open_link(&expected.url).unwrap().unwrap();
            assert_eq!(opened, LinkOpened::Case { note: direct.note(), case: direct.case }, "{name}");
        }
    }
    assert_eq!(left, 1, "the unread paste is left out of the default link only");
}

#[test]
fn an_empty_case_has_no_link_and_link_failures_are_the_sentence_the_page_shows() {
    let blank = vec!["  \n".to_string()];
    assert_eq!(diagnosed(&mut Session::default(), &[1], &blank, " ", false).link, None);
    assert!(diagnosed(&mut Session::default(), &[1], &blank, "contoso", false).link.is_some());
    let open =
        |fragment: &str| asked(&mut Session::default(), &encode(&Request::Open { fragment: fragment.into() }), &[]);
    let expected = share::open_link("#v2.!!!").unwrap_err().to_string();
    assert_eq!(open("#v2.!!!"), Answer::Opened(LinkOpened::Broken(expected)));
    assert_eq!(open(""), Answer::Opened(LinkOpened::NoLink));
    let huge = vec!["x".repeat(3 << 20)];
    let link = diagnosed(&mut Session::default(), &[1], &huge, "", true).link.unwrap();
    assert!(link.unwrap_err().contains("over the"));
}

#[test]
fn public_dns_answers_go_through_the_worker() {
    let body = include_str!("../../../tests/fixtures/inputs/public-dns-clean.txt");
    let host = "contoso.vault.azure.net";
    let ask = |body: &str, when: &str| {
        let request =
            Request::PublicDns { resolver: "r.test".into(), host: host.into(), when: when.into(), body: body.into() };
        asked(&mut Session::default(), &encode(&request), &[])
    };
    let direct = public_dns::compose("r.test", host, "2026-11-23 10:00 UTC", body);
    assert_eq!(ask(body, "2026-11-23 10:00 UTC"), Answer::PublicDns(direct));
    let Answer::PublicDns(Err(refused)) = ask("<html>", "now") else { panic!() };
    assert!(refused.contains("not a DNS answer"), "{refused}");
}

#[test]
fn a_request_it_cannot_read_is_refused_with_what_was_wrong() {
    let request = diagnose_request(&[1], &["a".into()], "", false);
    let mut cut = request.clone();
    cut.pop();
    let mut flipped = request.clone();
    flipped[2] ^= 0x40;
    for (bytes, texts, says) in [
        (b"nslookup".to_vec(), 0, "damaged"),
        (Vec::new(), 0, "cut short"),
        (cut, 1, "damaged"),
        (flipped, 1, "damaged"),
        (request.clone(), 2, "1 slots and 1 kinds for 2 pastes"),
        // A well-formed message of another type: an answer sent back as a request.
        (encode(&Answer::Refused("x".into())), 0, "not one kvdoctor understands"),
    ] {
        let answer = asked(&mut Session::default(), &bytes, &vec![String::new(); texts]);
        assert!(matches!(&answer, Answer::Refused(why) if why.contains(says)), "{says}: {answer:?}");
    }
}

/// Where to cut or change a message of `len` bytes: every place near either end, and every
/// 37th in between (every place of a real answer, checksummed each time, takes minutes).
fn places(len: usize) -> impl Iterator<Item = usize> {
    (0..len).filter(move |&at| at < 256 || at + 256 >= len || at % 37 == 0)
}

/// `body` with its checksum made right again, so the decoder itself reads what is left.
fn framed(body: &[u8]) -> Vec<u8> {
    let mut bytes = body.to_vec();
    bytes.extend_from_slice(&share::crc32(body).to_le_bytes());
    bytes
}

/// Cuts and changed bytes of a real answer are refused: as damaged by the checksum, and as
/// malformed by the decoder when the checksum is made to match what is left.
#[test]
fn every_cut_and_every_changed_byte_of_a_real_answer_is_an_error() {
    let (_, texts) = planted();
    let answer = Session::default().answer(&diagnose_request(&[1], &texts, "", false), texts);
    assert!(decode::<Answer>(&answer).is_ok());
    let body = &answer[..answer.len() - 4];
    for end in places(answer.len()) {
        assert!(decode::<Answer>(&answer[..end]).is_err(), "cut at {end}");
        if end < body.len() {
            assert!(
                matches!(decode::<Answer>(&framed(&body[..end])), Err(ProtocolError::Malformed(_))),
                "body cut at {end}"
            );
        }
    }
    for at in places(answer.len()) {
        let mut changed = answer.clone();
        changed[at] ^= 0x5a;
        assert!(decode::<Answer>(&changed).is_err(), "byte {at} changed");
    }
}

// Arbitrary values of every type the protocol carries.

fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

fn few<T: std::fmt::Debug>(item: impl Strategy<Value = T>) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(item, 0..3)
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL)
}

/// `removed` is not sent: the report's removal list names what it held.
fn input() -> impl Strategy<Value = InputSummary> {
    (any::<usize>(), kind(), any::<u8>(), any::<usize>(), any::<usize>(), few(text())).prop_map(
        |(index, kind, confidence, lines, facts, notes)| InputSummary {
            index,
            kind,
            confidence,
            lines,
            facts,
            notes,
            removed: Vec::new(),
        },
    )
}

fn removed() -> impl Strategy<Value = Removed> {
    (text(), any::<usize>(), any::<usize>()).prop_map(|(what, paste, line)| Removed {
        what: Cow::Owned(what),
        paste,
        line,
    })
}

fn link() -> impl Strategy<Value = Link> {
    let marker = (any::<usize>(), prop::sample::select(&[Why::Unread, Why::Unstated][..]))
        .prop_map(|(lines, why)| Marker { lines, why });
    let left_out = (
        (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()),
        few((any::<usize>(), marker)),
        few(any::<usize>()),
        any::<bool>(),
    )
        .prop_map(|((lines, values, masked, pastes), left, unchecked, vault)| LeftOut {
            lines,
            values,
            masked,
            pastes,
            left,
            unchecked,
            vault,
        });
    (text(), few(removed()), (any::<bool>(), any::<bool>()), left_out)
        .prop_map(|(url, removed, (long, previewable), left_out)| Link { url, removed, long, left_out, previewable })
}

fn preview() -> impl Strategy<Value = Preview> {
    let paste = (any::<usize>(), few((any::<bool>(), text()))).prop_map(|(paste, lines)| PreviewPaste { paste, lines });
    (few(paste), few(removed()), any::<bool>(), any::<usize>())
        .prop_map(|(pastes, removed, too_large, bytes)| Preview { pastes, removed, too_large, bytes })
}

fn diagnosis() -> impl Strategy<Value = Diagnosis> {
    let group = (text(), few((text(), text()))).prop_map(|(title, commands)| CommandGroup { title, commands });
    let link = prop::option::of(prop::result::maybe_ok(link(), text()));
    let summary = (text(), few(input()), prop::option::of(text()))
        .prop_map(|(announcement, inputs, vault_host)| Summary { announcement, inputs, vault_host });
    ((text(), summary, few(removed())), (few(group), prop::option::of(text()), prop::option::of(text()), link))
        .prop_map(|((html, summary, removed), (commands, public_dns_host, vault_problem, link))| Diagnosis {
            html,
            summary,
            removed,
            commands,
            public_dns_host,
            vault_problem,
            link,
        })
}

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(&[Format::Markdown, Format::Ticket, Format::Json][..])
}

fn opened() -> impl Strategy<Value = LinkOpened> {
    let paste = (text(), prop::option::of(kind())).prop_map(|(text, kind)| Paste { text, kind });
    let case = (few(paste), prop::option::of(text()), prop::option::of(text()), prop::option::of(text()))
        .prop_map(|(pastes, vault, host, note)| LinkOpened::Case { case: SharedCase { pastes, vault, host }, note });
    prop_oneof![case, Just(LinkOpened::NoLink), text().prop_map(LinkOpened::Broken)]
}

fn request() -> impl Strategy<Value = Request> {
    prop_oneof![
        ((few(any::<u32>()), few(prop::option::of(kind())), text(), text()), (any::<bool>(), text(), any::<bool>()))
            .prop_map(|((slots, kinds, vault, host), (whole, base, test_panic))| Request::Diagnose {
                slots,
                kinds,
                vault,
                host,
                whole,
                base,
                test_panic
            }),
        (format(), few(any::<u32>()), few(prop::option::of(kind())), text(), text())
            .prop_map(|(format, slots, kinds, vault, host)| Request::Render { format, slots, kinds, vault, host }),
        (few(prop::option::of(kind())), text()).prop_map(|(kinds, vault)| Request::Preview { kinds, vault }),
        text().prop_map(|fragment| Request::Open { fragment }),
        (text(), text(), text(), text()).prop_map(|(resolver, host, when, body)| Request::PublicDns {
            resolver,
            host,
            when,
            body
        }),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        diagnosis().prop_map(|d| Answer::Diagnosis(Box::new(d))),
        text().prop_map(Answer::Rendered),
        prop::option::of(preview()).prop_map(Answer::Preview),
        opened().prop_map(Answer::Opened),
        prop::result::maybe_ok(text(), text()).prop_map(Answer::PublicDns),
        text().prop_map(Answer::Refused),
    ]
}

/// `message` decodes to itself; every cut of it, every byte changed and anything after it is
/// an error.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    message: &T,
    at: prop::sample::Index,
    flip: u8,
) -> Result<(), TestCaseError> {
    let bytes = encode(message);
    prop_assert_eq!(&decode::<T>(&bytes).unwrap(), message);
    let cut = at.index(bytes.len());
    prop_assert!(decode::<T>(&bytes[..cut]).is_err(), "cut at {}", cut);
    let mut changed = bytes.clone();
    changed[cut] ^= flip.max(1);
    prop_assert!(decode::<T>(&changed).is_err(), "byte {} changed", cut);
    let body = &bytes[..bytes.len() - 4];
    if cut < body.len() {
        // A cut the checksum does not see: the decoder's own typed error.
        prop_assert!(
            matches!(decode::<T>(&framed(&body[..cut])), Err(ProtocolError::Malformed(_))),
            "body cut at {}",
            cut
        );
    }
    let mut longer = bytes;
    longer.push(flip);
    prop_assert!(decode::<T>(&longer).is_err(), "a byte after it");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_request_round_trips(request in request(), at in any::<prop::sample::Index>(), flip in any::<u8>()) {
        round_trips(&request, at, flip)?;
    }

    #[test]
    fn every_answer_round_trips(answer in answer(), at in any::<prop::sample::Index>(), flip in any::<u8>()) {
        round_trips(&answer, at, flip)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        // With a checksum that matches, so postcard itself reads the bytes.
        for bytes in [&bytes, &framed(&bytes)] {
            let _ = decode::<Request>(bytes);
            let _ = decode::<Answer>(bytes);
            let _ = Session::default().answer(bytes, Vec::new());
        }
    }
}

/// The collector through the protocol: for a shell and vault, from a request link, and the
/// refusals (a planted name, an unknown shell) as sentences.
#[test]
fn the_collector_comes_through_the_protocol() {
    let mut session = Session::default();
    let ask = |session: &mut Session, fragment: &str, shell: &str, vault: &str| {
        let request = Request::Collect {
            fragment: fragment.into(),
            shell: shell.into(),
            vault: vault.into(),
            base: "https://kvdoctor.example/tools/index.html?x#old".into(),
        };
        decode::<Answer>(&session.answer(&encode(&request), Vec::new())).unwrap()
    };
    let Answer::Collect(Collected::Made(bash)) = ask(&mut session, "", "bash", "contoso") else { panic!() };
    assert_eq!(bash.script_url, "https://kvdoctor.example/tools/collect.sh");
    assert_eq!(bash.one_liners[0].1, "curl -fsSL 'https://kvdoctor.example/tools/collect.sh' | bash -s -- contoso");
    assert_eq!(bash.steps.len(), crate::engine::collector::STEPS.len());
    let Answer::Collect(Collected::Made(ps)) =
        ask(&mut session, "#vault=fabrikam&collect=powershell&note=From+the+VM+please", "", "")
    else {
        panic!()
    };
    assert_eq!(
        (ps.shell.as_str(), ps.vault.as_str(), ps.note.as_str()),
        ("powershell", "fabrikam", "From the VM please")
    );
    assert!(ps.one_liners[0].1.ends_with(
        "(Invoke-RestMethod -UseBasicParsing 'https://kvdoctor.example/tools/collect.ps1'))) -Vault 'fabrikam'"
    ));
    assert_eq!(ask(&mut session, "", "", ""), Answer::Collect(Collected::NotAsked));
    assert!(matches!(ask(&mut session, "", "bash", "contoso$(id)"), Answer::Collect(Collected::Refused(_))));
    assert!(matches!(ask(&mut session, "", "cmd", "contoso"), Answer::Collect(Collected::Refused(_))));
}

/// The request link through the protocol: made of the vault as typed, the shell and the note,
/// and read back by a Collect request; no link without a vault name.
#[test]
fn a_request_link_comes_through_the_protocol() {
    let mut session = Session::default();
    let mut ask = |request: Request| decode::<Answer>(&session.answer(&encode(&request), Vec::new())).unwrap();
    let made = ask(Request::RequestLink {
        base: "https://kvdoctor.example/#vault=old".into(),
        shell: "powershell".into(),
        vault: "https://Fabrikam.vault.azure.net/".into(),
        note: "From the VM <b>please</b>\n".into(),
    });
    let Answer::RequestLink(Ok(link)) = made else { panic!("{made:?}") };
    assert_eq!(
        link,
        "https://kvdoctor.example/#vault=fabrikam&collect=powershell&note=From+the+VM+%3Cb%3Eplease%3C%2Fb%3E"
    );
    let Answer::Collect(Collected::Made(opened)) = ask(Request::Collect {
        fragment: link,
        shell: String::new(),
        vault: String::new(),
        base: "https://kvdoctor.example/".into(),
    }) else {
        panic!()
    };
    assert_eq!((opened.vault.as_str(), opened.note.as_str()), ("fabrikam", "From the VM <b>please</b>"));
    for (vault, shell) in [("", "bash"), ("contoso;id", "bash"), ("contoso", "cmd")] {
        let refused = ask(Request::RequestLink {
            base: "https://kvdoctor.example/".into(),
            shell: shell.into(),
            vault: vault.into(),
            note: String::new(),
        });
        assert!(matches!(refused, Answer::RequestLink(Err(_))), "{vault} {shell}: {refused:?}");
    }
}

/// The whole-paste preview is asked for on its own (never carried by a diagnosis): the answer
/// is the preview the links make, for a link that leaves something out, and `None` for one that
/// carries everything; kinds that do not match the pastes are refused.
#[test]
fn the_whole_paste_preview_is_asked_for_on_its_own() {
    let mut with_preview = 0;
    for (name, texts) in cases() {
        let slots: Vec<u32> = (1..=texts.len() as u32).collect();
        let mut session = Session::default();
        let link = diagnosed(&mut session, &slots, &texts, "contoso", false).link.unwrap().unwrap();
        let request = Request::Preview { kinds: vec![None; texts.len()], vault: "contoso".into() };
        let Answer::Preview(preview) = asked(&mut session, &encode(&request), &texts) else { panic!("{name}") };
        let case =
            SharedCase { pastes: texts.iter().map(Paste::new).collect(), vault: Some("contoso".into()), host: None };
        assert_eq!(preview, share::whole_preview(&case), "{name}");
        assert_eq!(preview.is_some(), link.previewable, "{name}");
        with_preview += usize::from(preview.is_some());
    }
    assert!(with_preview > 0, "no example leaves anything out");
    let request = Request::Preview { kinds: vec![None], vault: String::new() };
    assert!(matches!(asked(&mut Session::default(), &encode(&request), &[]), Answer::Refused(_)));
}
