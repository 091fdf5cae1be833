//! Share links: golden links made by v1, v2 and v3 must decode to the same diagnosis forever, each
//! saying which kvdoctor made it, and any pastes survive a round trip (minus the secrets the
//! link must not carry).
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kvdoctor::engine::input::marker::{Marker, Why};
use kvdoctor::engine::redact::redact_whole;
use kvdoctor::engine::share::{
    build_link, build_link_with, crc32, open_link, parse_fragment, prepare, v3, LinkError, MadeBy, SharedCase, AIM,
    MAX_FRAGMENT, MAX_LINE, MAX_PASTES,
};
use kvdoctor::engine::{diagnose, diagnose_case, Paste, VERSION};
use proptest::prelude::*;

/// (golden link file, primary cause its case must still yield)
const GOLDEN: &[(&str, Option<&str>)] = &[
    ("tcp-wrong-dns-address.v1.url", Some("dns-matches-endpoint")),
    ("zone-not-linked.v1.url", Some("dns-private-address")),
    ("pipeline-agent-firewall.v1.url", Some("net-firewall")),
    ("rbac-contributor-only.v1.url", Some("authz-rbac")),
    ("pe-pending.v1.url", Some("pe-connection-approved")),
    ("healthy-private.v1.url", None),
];

#[test]
fn golden_links_keep_their_diagnosis() {
    for (file, primary) in GOLDEN {
        let url = common::fixture(&format!("links/{file}"));
        let case = parse_fragment(url.trim()).unwrap_or_else(|e| panic!("{file}: {e}")).expect("a case");
        assert_eq!(case.vault.as_deref(), Some("fabrikam"), "{file}");
        assert_eq!(diagnose(&case.pastes).verdict.primary.as_deref(), *primary, "{file}");
    }
}

/// (golden v2 link file, primary cause, the version it records)
const GOLDEN_V2: &[(&str, Option<&str>, Option<&str>)] = &[
    ("pe-pending.v2.url", Some("pe-connection-approved"), None),
    ("pipeline-agent-firewall.v2.url", Some("net-firewall"), None),
    ("rbac-contributor-only.v2-versioned.url", Some("authz-rbac"), Some("0.1.0+3c2eead")),
];

#[test]
fn golden_v2_links_keep_their_diagnosis_and_name_their_maker() {
    for (file, primary, version) in GOLDEN_V2 {
        let url = common::fixture(&format!("links/{file}"));
        let opened = open_link(url.trim()).unwrap_or_else(|e| panic!("{file}: {e}")).expect("a case");
        assert_eq!(opened.case.vault.as_deref(), Some("fabrikam"), "{file}");
        assert_eq!(diagnose(&opened.case.pastes).verdict.primary.as_deref(), *primary, "{file}");
        assert_eq!(opened.made_by, version.map_or(MadeBy::Unrecorded, |v| MadeBy::Version(v.into())), "{file}");
        let note = opened.made_by.note();
        match version {
            // Built at the very commit that made the link: nothing to say.
            Some(v) if *v == VERSION => assert_eq!(note, None),
            Some(v) => {
                let expected =
                    format!("This link was made by kvdoctor {v}; diagnosed with today's rules (kvdoctor {VERSION}).");
                assert_eq!(note, Some(expected));
            }
            None => {
                let note = note.expect("a note for a link without a version");
                assert!(
                    note.contains("did not record its version") && note.ends_with(&format!("(kvdoctor {VERSION}).")),
                    "{note}"
                );
            }
        }
    }
}

/// (golden v3 link file, primary cause, the version it records): links against the frozen
/// dictionary ([`v3::DICTIONARY`]) open to the same case forever.
const GOLDEN_V3: &[(&str, Option<&str>, &str)] = &[
    ("pe-pending.v3.url", Some("pe-connection-approved"), "0.1.0+0d15706"),
    ("pipeline-agent-firewall.v3.url", Some("net-firewall"), "0.1.0+0d15706"),
    ("zone-not-linked.v3.url", Some("dns-private-address"), "0.1.0+0d15706"),
];

#[test]
fn golden_v3_links_keep_their_diagnosis_and_name_their_maker() {
    for (file, primary, version) in GOLDEN_V3 {
        let url = common::fixture(&format!("links/{file}"));
        let opened = open_link(url.trim()).unwrap_or_else(|e| panic!("{file}: {e}")).expect("a case");
        assert_eq!(opened.case.vault.as_deref(), Some("fabrikam"), "{file}");
        assert_eq!(diagnose(&opened.case.pastes).verdict.primary.as_deref(), *primary, "{file}");
        assert_eq!(opened.made_by, MadeBy::Version((*version).into()), "{file}");
        // The link is shorter than the v2 link of the same document, as it was made to be.
        let json = document(url.trim());
        let v2 = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        let packed = URL_SAFE_NO_PAD.decode(url.trim().split_once("#v3.").unwrap().1).unwrap();
        assert!(packed.len() - 4 < v2.len(), "{file}: {} bytes, {} in v2", packed.len() - 4, v2.len());
    }
}

/// The v3 dictionary earns its place on every case: its link is never longer than the v2 link
/// of the same document, and the median is far shorter. Measured 2026-12-07 (45 cases, the
/// CLI's default link, base https://kvdoctor.example.org/app/): v2 median 804, max 1,772
/// characters; v3 median 418, max 967.
#[test]
fn v3_links_are_shorter_than_v2_on_every_case() {
    let base = "https://kvdoctor.example.org/app/";
    let url = |version: &str, sum: u32, packed: &[u8]| {
        let mut data = sum.to_be_bytes().to_vec();
        data.extend_from_slice(packed);
        format!("{base}#{version}.{}", URL_SAFE_NO_PAD.encode(data)).len()
    };
    let mut sizes: Vec<(usize, usize)> = Vec::new();
    for case in every_case() {
        let shared = SharedCase { pastes: case.pastes, vault: case.vault, host: None };
        let Ok(prepared) = prepare(&shared, false) else { continue };
        let sum = crc32(&prepared.json);
        let (v2, v3) = (
            url("v2", sum, &miniz_oxide::deflate::compress_to_vec(&prepared.json, 9)),
            url("v3", sum, &v3::deflate(&prepared.json)),
        );
        assert!(v3 <= v2, "{}: v3 {v3} characters, v2 {v2}", case.name);
        assert_eq!(build_link(base, &shared).unwrap().url.len(), v3, "{}: the link is the v3 one", case.name);
        sizes.push((v2, v3));
    }
    let median = |mut list: Vec<usize>| {
        list.sort_unstable();
        (list[list.len() / 2], list[list.len() - 1])
    };
    let (v2, v3) = (median(sizes.iter().map(|s| s.0).collect()), median(sizes.iter().map(|s| s.1).collect()));
    println!("links over {} cases: v2 median {}, max {}; v3 median {}, max {}", sizes.len(), v2.0, v2.1, v3.0, v3.1);
    assert!(sizes.len() >= 40, "{} cases", sizes.len());
    assert!(v3.0 * 10 <= v2.0 * 6, "v3's median {} is not under 60% of v2's {}", v3.0, v2.0);
}

#[test]
fn old_and_hand_written_links_say_who_made_them() {
    for (file, _) in GOLDEN {
        let opened = open_link(common::fixture(&format!("links/{file}")).trim()).unwrap().unwrap();
        assert_eq!(opened.made_by, MadeBy::Unrecorded, "{file}");
    }
    let readable = open_link(common::fixture("links/readable-vault-error.url").trim()).unwrap().unwrap();
    assert_eq!((readable.made_by.clone(), readable.made_by.note()), (MadeBy::Hand, None));
}

#[test]
fn a_new_link_records_this_version_and_opens_without_a_note() {
    let case = SharedCase {
        pastes: vec![Paste::new("Error code: ForbiddenByConnection")],
        vault: Some("kv1".into()),
        host: None,
    };
    let url = build_link("https://kvdoctor.example/", &case).unwrap().url;
    let json = document(&url);
    assert!(json.ends_with(&format!(r#","m":"{VERSION}"}}"#)), "{json}");
    let opened = open_link(&url).unwrap().unwrap();
    assert_eq!(opened.made_by, MadeBy::Version(VERSION.to_string()));
    assert_eq!(opened.made_by.note(), None);
    assert_eq!(opened.case, case);
}

#[test]
fn a_maker_that_is_not_a_version_is_damage() {
    for m in [r#"7"#, r#"["0.1.0"]"#, r#""""#, r#""0.1.0 <b>x</b>""#, r#""0.1.0[31m""#] {
        let json = format!(r#"{{"p":[{{"t":"a"}}],"m":{m}}}"#);
        assert!(matches!(open_link(&v1(&json)), Err(LinkError::Damaged(_))), "{json}: {:?}", open_link(&v1(&json)));
    }
    let other = open_link(&v1(r#"{"p":[{"t":"a"}],"m":"0.2.0-beta.1+abcdef0"}"#)).unwrap().unwrap();
    assert_eq!(other.made_by, MadeBy::Version("0.2.0-beta.1+abcdef0".into()));
}

#[test]
fn typical_links_stay_within_the_aim() {
    for (file, _) in GOLDEN.iter().filter(|(f, _)| !f.starts_with("healthy")) {
        let url = common::fixture(&format!("links/{file}"));
        assert!(url.trim().len() <= AIM, "{file}: {} characters", url.trim().len());
    }
}

#[test]
fn a_readable_link_prefills_the_vault() {
    let case = parse_fragment(common::fixture("links/readable-vault-error.url").trim()).unwrap().unwrap();
    assert_eq!(case.vault.as_deref(), Some("fabrikam"));
    let report = diagnose(&case.pastes);
    assert_eq!(report.step("net-public-access").unwrap().status, kvdoctor::engine::report::Status::Fail);
}

/// A case as its sender had it: the pastes and the vault name typed.
struct Held {
    name: String,
    pastes: Vec<Paste>,
    vault: Option<String>,
}

/// Every example case of the page (`static/examples/index.json`: its files and vault) and every
/// test-only case (`tests/fixtures/cases/<case>/N.txt`, `VAULT`): what a link must reproduce.
fn every_case() -> Vec<Held> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("static/examples/index.json")).unwrap()).unwrap();
    let mut cases: Vec<Held> = index["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Held {
            name: e["id"].as_str().unwrap().to_string(),
            pastes: e["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    Paste::new(std::fs::read_to_string(root.join("static/examples").join(f.as_str().unwrap())).unwrap())
                })
                .collect(),
            vault: e["vault"].as_str().map(str::to_string),
        })
        .collect();
    assert!(cases.len() >= 18, "example cases found: {}", cases.len());
    let held = root.join("tests/fixtures/cases");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&held).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 7, "held cases found: {}", dirs.len());
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|f| f.unwrap().path()).collect();
        files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
        files.sort();
        let vault = std::fs::read_to_string(dir.join("VAULT")).ok().map(|v| v.trim().to_string());
        let name = format!("held/{}", dir.file_name().unwrap().to_string_lossy());
        let pastes = files.iter().map(|f| Paste::new(std::fs::read_to_string(f).unwrap())).collect();
        cases.push(Held { name, pastes, vault });
    }
    cases
}

/// Every example case of the page, as (name, pastes).
fn example_cases() -> Vec<(String, Vec<Paste>)> {
    every_case().into_iter().filter(|c| !c.name.starts_with("held/")).map(|c| (c.name, c.pastes)).collect()
}

/// What a page shows of a diagnosis (secrets removed, as the page shows it): the verdict, every
/// step's id, status and title, the symptoms, and which pastes were read.
fn seen(pastes: &[Paste], vault: Option<&str>) -> Vec<String> {
    let (report, _) = kvdoctor::engine::redact::report(&diagnose_case(pastes, vault));
    let mut out = vec![format!(
        "verdict {} {:?} {}",
        report.verdict.status.word(),
        report.verdict.primary,
        report.verdict.summary
    )];
    out.push(format!("vault {:?}", report.vault.map(|v| v.host)));
    out.extend(report.steps.iter().map(|s| format!("step {} {} {}", s.id, s.status.word(), s.title)));
    out.extend(report.symptoms.iter().map(|s| {
        format!("symptom {} {} {:?} {:?} {:?}", s.kind.id(), s.summary, s.http_status, s.code, s.client_address)
    }));
    out.extend(report.inputs.iter().map(|i| {
        let read = i.kind != kvdoctor::engine::input::Kind::Unknown && i.facts > 0;
        format!("paste {} {}", i.index, if read { "read" } else { "not read" })
    }));
    out
}

/// The recipient sees what the sender saw, but for characters a link masks (`x`): a quote in the
/// verdict shows a used line as the link carries it.
fn same_but_masked(sender: &str, recipient: &str) -> bool {
    sender.chars().count() == recipient.chars().count()
        && sender.chars().zip(recipient.chars()).all(|(a, b)| a == b || b == 'x')
}

/// The issue's test: make the default link, open it, diagnose, compare with the sender's page,
/// over every example and held case (held cases have pastes nothing understood).
#[test]
fn every_case_opens_to_the_senders_diagnosis() {
    let mut differ = Vec::new();
    for case in every_case() {
        let shared = SharedCase { pastes: case.pastes.clone(), vault: case.vault.clone(), host: None };
        let link = build_link("https://kvdoctor.example/", &shared).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let back = parse_fragment(&link.url).unwrap().unwrap();
        let sender = seen(&case.pastes, case.vault.as_deref());
        let recipient = seen(&back.pastes, back.vault.as_deref());
        let same = |(s, r): (&String, &String)| same_but_masked(s, r);
        if sender.len() != recipient.len() || !sender.iter().zip(&recipient).all(same) {
            let at = sender.iter().zip(&recipient).position(|p| !same(p));
            let (s, r) = at.map_or((sender.last(), recipient.last()), |i| (sender.get(i), recipient.get(i)));
            differ.push(format!("{}:\n  sender    {s:?}\n  recipient {r:?}", case.name));
        }
    }
    assert!(differ.is_empty(), "{} case(s) open to another diagnosis:\n{}", differ.len(), differ.join("\n"));
}

/// The preview shown before "Include whole pastes" is exactly what a whole-paste link then
/// carries, line for line, and marks the lines the default link does not carry as they are:
/// all of a paste left out, none of a paste carried whole.
#[test]
fn the_whole_paste_preview_is_what_a_whole_link_carries() {
    let mut previewed = 0;
    for case in every_case() {
        let shared = SharedCase { pastes: case.pastes.clone(), vault: case.vault.clone(), host: None };
        let link = build_link("https://kvdoctor.example/", &shared).unwrap();
        let whole = build_link_with("https://kvdoctor.example/", &shared, true).unwrap();
        assert!(!whole.previewable, "{}: a whole link previews nothing", case.name);
        let Some(preview) = kvdoctor::engine::share::whole_preview(&shared) else {
            assert!(
                link.left_out.describe().is_none(),
                "{}: leaves out {:?} with no preview",
                case.name,
                link.left_out
            );
            continue;
        };
        assert!(link.previewable, "{}: a preview for a link that carries everything", case.name);
        previewed += 1;
        assert!(!preview.too_large, "{}", case.name);
        let back = parse_fragment(&whole.url).unwrap().unwrap();
        let shown: Vec<String> = preview
            .pastes
            .iter()
            .map(|p| p.lines.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join("\n"))
            .collect();
        let carried: Vec<&str> = back.pastes.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(shown, carried, "{}: the preview is not what leaves", case.name);
        assert_eq!(preview.removed, whole.removed, "{}", case.name);
        for (n, marker) in &link.left_out.left {
            let paste = &preview.pastes[n - 1];
            assert!(
                paste.lines.iter().all(|(extra, _)| *extra),
                "{}: paste {n} ({marker:?}) not all marked",
                case.name
            );
        }
        let marked = preview.pastes.iter().flat_map(|p| &p.lines).filter(|(extra, line)| *extra && !line.is_empty());
        assert!(marked.count() > 0, "{}: leaves out {:?} and marks nothing", case.name, link.left_out);
    }
    assert!(previewed >= 10, "cases with a preview: {previewed}");
    // Over the limit, only the size.
    let big =
        SharedCase { pastes: vec![Paste::new(format!("{}\nnoise\n", "x ".repeat(40_000)))], vault: None, host: None };
    assert!(build_link("x", &big).unwrap().previewable);
    let preview = kvdoctor::engine::share::whole_preview(&big).unwrap();
    assert!(preview.too_large && preview.pastes.is_empty() && preview.bytes > 64 * 1024);
}

/// The caller-side samples (tests/fixtures/caller, each a paste of its own, as a user pastes a
/// lone error) and every case again with whole pastes: the link opens to the sender's diagnosis.
#[test]
fn caller_samples_and_whole_links_open_to_the_senders_diagnosis() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/caller");
    let mut cases: Vec<Held> = Vec::new();
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|f| f.unwrap().path()).collect();
        files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
        files.sort();
        for file in files {
            let name = format!("caller/{}", file.strip_prefix(&root).unwrap().display());
            cases.push(Held { name, pastes: vec![Paste::new(std::fs::read_to_string(&file).unwrap())], vault: None });
        }
    }
    assert!(cases.len() >= 40, "caller samples found: {}", cases.len());
    let mut differ = Vec::new();
    let mut check = |name: String, case: &SharedCase, whole: bool| {
        let link = build_link_with("https://kvdoctor.example/", case, whole).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!link.url.ends_with('#'), "{name}: a link that holds nothing");
        let back = parse_fragment(&link.url).unwrap().unwrap();
        let sender = seen(&case.pastes, case.vault.as_deref());
        let recipient = seen(&back.pastes, back.vault.as_deref());
        let same = |(s, r): (&String, &String)| same_but_masked(s, r);
        if sender.len() != recipient.len() || !sender.iter().zip(&recipient).all(same) {
            let at = sender.iter().zip(&recipient).position(|p| !same(p));
            let (s, r) = at.map_or((sender.last(), recipient.last()), |i| (sender.get(i), recipient.get(i)));
            differ.push(format!("{name} (whole: {whole}):\n  sender    {s:?}\n  recipient {r:?}"));
        }
    };
    for case in &cases {
        check(case.name.clone(), &SharedCase { pastes: case.pastes.clone(), vault: None, host: None }, false);
    }
    for case in every_case().into_iter().chain(cases) {
        check(case.name, &SharedCase { pastes: case.pastes, vault: case.vault, host: None }, true);
    }
    assert!(differ.is_empty(), "{} link(s) open to another diagnosis:\n{}", differ.len(), differ.join("\n"));
}

/// The wire document a `#v3.` link holds.
fn document(url: &str) -> String {
    let bytes = URL_SAFE_NO_PAD.decode(url.split_once("#v3.").unwrap().1).unwrap();
    String::from_utf8(v3::inflate(&bytes[4..]).unwrap()).unwrap()
}

fn held(name: &str) -> Held {
    every_case().into_iter().find(|c| c.name == format!("held/{name}")).unwrap()
}

/// A paste nothing understood (here one holding secrets) travels as its marker: the link says
/// which paste it left out and why, holds nothing of it, and opens to the sender's verdict.
#[test]
fn a_paste_nothing_understood_travels_as_its_marker() {
    let case = held("unread-with-secret");
    let shared = SharedCase { pastes: case.pastes.clone(), vault: None, host: None };
    let link = build_link("https://kvdoctor.example/", &shared).unwrap();
    let marker = Marker { lines: 5, why: Why::Unread };
    assert_eq!(link.left_out.left, vec![(2, marker)]);
    let said = link.left_out.describe().unwrap();
    assert!(said.contains("paste 2 (5 lines kvdoctor did not understand)"), "{said}");
    let doc = document(&link.url);
    assert!(doc.contains(r#""o":{"n":5,"r":"unread"}"#), "{doc}");
    for secret in ["AccountKey", "q8Zt0mX2", "Wq7Rt2Yp9", "stfabrikam", "appsettings"] {
        assert!(!doc.contains(secret), "{secret} in {doc}");
    }
    let opened = open_link(&link.url).unwrap().unwrap();
    assert_eq!(opened.case.pastes[1].text, marker.text());
    let note = opened.note().unwrap();
    assert!(note.contains("The sender left out paste 2 (5 lines kvdoctor did not understand)"), "{note}");
    let report = diagnose_case(&opened.case.pastes, None);
    assert_eq!((report.inputs[1].index, report.inputs[1].lines, report.inputs[1].facts), (2, 5, 0));
    assert!(
        report.inputs[1].notes[0].starts_with("the sender left this paste out of the link: 5 lines"),
        "{:?}",
        report.inputs[1].notes
    );
    assert!(report.verdict.summary.ends_with("(kvdoctor could not read paste 2.)"), "{}", report.verdict.summary);
    // Shared again, the marker stays the marker it is.
    let again = build_link("x", &opened.case).unwrap();
    assert_eq!(again.left_out.left, vec![(2, marker)]);
    let whole = build_link_with("x", &opened.case, true).unwrap();
    assert_eq!(parse_fragment(&whole.url).unwrap().unwrap().pastes[1].text, marker.text());
}

/// A link whose pastes were all left out still opens to a report: the sender's "could not read
/// pastes 1, 2", never "Nothing to diagnose yet".
#[test]
fn a_link_of_unread_pastes_still_opens_to_the_senders_report() {
    let case = held("only-tables");
    let link = build_link("x", &SharedCase { pastes: case.pastes.clone(), vault: None, host: None }).unwrap();
    assert_eq!(link.left_out.left.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1, 2]);
    let back = parse_fragment(&link.url).unwrap().unwrap();
    let summary = diagnose_case(&back.pastes, None).verdict.summary;
    assert!(summary.starts_with("kvdoctor could not read pastes 1, 2. Nothing was diagnosed"), "{summary}");
}

/// `o` is optional and every v2 reader ignores keys it does not know, so v2 stays the format:
/// a reader that ignores `o` still shows the marker's line and counts the paste as unread. A
/// reason a newer kvdoctor may add opens as one this one cannot state; a malformed `o` is damage.
#[test]
fn a_left_out_paste_in_the_wire_document() {
    let text = Marker { lines: 3, why: Why::Unread }.text();
    let doc =
        serde_json::json!({ "p": [{ "t": "Error code: Forbidden" }, { "t": text, "o": { "n": 3, "r": "unread" } }] });
    let opened = open_link(&packed(&doc.to_string())).unwrap().unwrap();
    assert_eq!(opened.case.pastes[1].text, text);
    let ignored = serde_json::json!({ "p": [{ "t": "Error code: Forbidden" }, { "t": text }] });
    assert_eq!(open_link(&packed(&ignored.to_string())).unwrap().unwrap().case, opened.case);
    let newer = r#"{"p":[{"t":"whatever","o":{"n":12,"r":"too-large"}}]}"#;
    let opened = open_link(&packed(newer)).unwrap().unwrap();
    assert_eq!(opened.case.pastes[0].text, Marker { lines: 12, why: Why::Unstated }.text());
    assert!(opened.note().unwrap().contains("paste 1 (12 lines)"), "{:?}", opened.note());
    for bad in [
        r#"{"n":"3","r":"unread"}"#,
        r#"{"n":3}"#,
        r#"{"n":-1,"r":"unread"}"#,
        r#"{"n":1000000000,"r":"unread"}"#,
        r#"{"n":3,"r":7}"#,
        "[3]",
        "true",
    ] {
        let doc = format!(r#"{{"p":[{{"t":"x","o":{bad}}}]}}"#);
        assert!(
            matches!(open_link(&packed(&doc)), Err(LinkError::Damaged(_))),
            "{doc}: {:?}",
            open_link(&packed(&doc))
        );
    }
}

/// The issue's property, over every example and held case: the default link holds no byte of
/// a line no reader used, and in the lines it carries a token the mask would hide (no evidence
/// shape) shows only if reading needs it: masked, the paste would read otherwise.
#[test]
fn a_default_link_carries_only_what_reading_needs() {
    use kvdoctor::engine::redact::mask;
    use kvdoctor::engine::share::used::reads_the_same;
    let (mut lines, mut needed) = (0, 0);
    for case in every_case() {
        let link = build_link("x", &SharedCase { pastes: case.pastes.clone(), vault: None, host: None }).unwrap();
        let back = parse_fragment(&link.url).unwrap().unwrap();
        for (i, (sent, original)) in back.pastes.iter().zip(&case.pastes).enumerate() {
            let at = format!("{} paste {}", case.name, i + 1);
            if original.text.trim().is_empty() {
                continue;
            }
            let mut facts = kvdoctor::engine::facts::Facts::default();
            let (summary, used) = kvdoctor::engine::input::read_marked(1, &original.text, None, &mut facts);
            if Marker::parse(&sent.text).is_some() {
                assert!(summary.kind == kvdoctor::engine::input::Kind::Unknown || summary.facts == 0, "{at}");
                continue;
            }
            let sent_lines: Vec<&str> = sent.text.split('\n').collect();
            assert_eq!(sent_lines.len(), original.text.split('\n').count(), "{at}: lines keep their numbers");
            for (n, line) in sent_lines.iter().enumerate() {
                if !used.get(n + 1).copied().unwrap_or(false) {
                    // Blank lines stay as they are (a CRLF paste's `\r`): they hold nothing.
                    assert!(line.trim().is_empty(), "{at} line {}: a line no reader used travels: {line}", n + 1);
                    continue;
                }
                lines += 1;
                for (from, to) in mask::candidates(line) {
                    let masked: String =
                        line[..from].to_string() + &"x".repeat(line[from..to].chars().count()) + &line[to..];
                    let mut again = sent_lines.clone();
                    again[n] = &masked;
                    let token = &line[from..to];
                    assert!(
                        !reads_the_same(&sent.text, &again.join("\n"), None),
                        "{at} line {}: {token:?} travels unmasked, but reading does not need it: {line}",
                        n + 1
                    );
                    needed += 1;
                }
            }
        }
    }
    assert!(lines > 300, "{lines} used lines checked");
    eprintln!("{lines} used lines, {needed} tokens kept because reading needs them");
}

/// The issue's planted secrets: a password on the curl line a reader used, an API key beside a
/// vault URL. Neither travels in the default link, which opens to the same diagnosis.
#[test]
fn planted_secrets_on_used_lines_do_not_travel() {
    let case = held("planted-secrets");
    let link = build_link("x", &SharedCase { pastes: case.pastes.clone(), vault: None, host: None }).unwrap();
    let doc = document(&link.url);
    for secret in ["Summer2024x", "0123456789abcdef", "ZGVwbG95"] {
        assert!(!doc.contains(secret), "{secret} in {doc}");
    }
    let back = parse_fragment(&link.url).unwrap().unwrap();
    assert!(
        back.pastes[0]
            .text
            .starts_with("$ curl -sv -u deploy:xxxxxxxxxxx https://fabrikam.vault.azure.net/healthstatus\n"),
        "{}",
        back.pastes[0].text
    );
    assert!(link.left_out.masked >= 1, "{:?}", link.left_out);
    assert!(link.left_out.describe().unwrap().contains("part(s) of the lines it carries with x"));
    // The API key stands beside a vault URL in a paste no reader understands: left out whole.
    let alone = SharedCase { pastes: vec![case.pastes[1].clone(), case.pastes[0].clone()], vault: None, host: None };
    let doc = document(&build_link("x", &alone).unwrap().url);
    assert!(!doc.contains("0123456789abcdef") && !doc.contains("Summer2024x"), "{doc}");
    // Read as a curl paste, it is a used line: the header's name travels, its value is masked.
    let headers = "> GET /secrets/app-db?api-version=7.4 HTTP/1.1\n> Host: fabrikam.vault.azure.net\n> x-api-key: 0123456789abcdef0123456789abcdef\n< HTTP/1.1 403 Forbidden";
    let one = SharedCase { pastes: vec![Paste::new(headers)], vault: None, host: None };
    let sent = parse_fragment(&build_link("x", &one).unwrap().url).unwrap().unwrap().pastes[0].text.clone();
    assert!(!sent.contains("0123456789abcdef"), "{sent}");
    assert_eq!(outline(&[Paste::new(sent)], None), outline(&one.pastes, None));
}

#[test]
fn used_lines_only_links_open_to_the_same_diagnosis() {
    let mut shrank = 0;
    for (name, pastes) in example_cases() {
        let vault = diagnose(&pastes).vault.map(|v| v.name);
        let case = SharedCase { pastes: pastes.clone(), vault: vault.clone(), host: None };
        let link = build_link("https://kvdoctor.example/", &case).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back = parse_fragment(&link.url).unwrap().unwrap();
        assert_eq!(outline(&back.pastes, back.vault.as_deref()), outline(&pastes, vault.as_deref()), "{name}");
        let whole = build_link_with("https://kvdoctor.example/", &case, true).unwrap();
        // A blanked value the v3 dictionary knows (`"actionsRequired": "None"`) can cost a few
        // characters more than the value itself (measured: at most 9 of 512): never more than 5%.
        assert!(
            link.url.len() <= whole.url.len() * 21 / 20,
            "{name}: {} characters, {} whole",
            link.url.len(),
            whole.url.len()
        );
        shrank += usize::from(link.left_out.lines + link.left_out.values > 0);
    }
    assert!(shrank > 0, "no example case had anything left out");
}

/// What a link must keep: every step's status and title, the verdict and the vault.
fn outline(pastes: &[Paste], vault: Option<&str>) -> Vec<String> {
    let report = diagnose_case(pastes, vault);
    let mut out: Vec<String> =
        report.steps.iter().map(|s| format!("{} {} {}", s.id, s.status.word(), s.title)).collect();
    out.push(format!("{:?} {:?} {}", report.vault.map(|v| v.host), report.verdict.primary, report.verdict.summary));
    out
}

#[test]
fn golden_links_rebuilt_with_used_lines_keep_their_diagnosis() {
    for (file, primary) in GOLDEN {
        let case = parse_fragment(common::fixture(&format!("links/{file}")).trim()).unwrap().unwrap();
        let link = build_link("x", &case).unwrap();
        let back = parse_fragment(&link.url).unwrap().unwrap();
        assert_eq!(diagnose(&back.pastes).verdict.primary.as_deref(), *primary, "{file}");
        assert_eq!(
            outline(&back.pastes, back.vault.as_deref()),
            outline(&case.pastes, case.vault.as_deref()),
            "{file}"
        );
    }
}

/// A `#v1.` link holding `json` as it is.
fn v1(json: &str) -> String {
    format!("#v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9)))
}

#[test]
fn damaged_and_odd_links_give_their_named_errors() {
    for json in [
        r#"{"p":"hello"}"#,
        r#"{"p":null}"#,
        "{}",
        "[]",
        r#""x""#,
        r#"{"p":[{"t":1}]}"#,
        r#"{"p":[{"k":"dig"}]}"#,
        r#"{"p":[{"t":"a","k":7}]}"#,
        r#"{"p":[{"t":"a"}],"v":["x"]}"#,
        r#"{"p":[]} {"p":[]}"#,
    ] {
        assert!(
            matches!(parse_fragment(&v1(json)), Err(LinkError::Damaged(_))),
            "{json}: {:?}",
            parse_fragment(&v1(json))
        );
    }
    assert_eq!(parse_fragment(&v1(r#"{"p":[{"t":"a","k":"dig"}],"v":"kv1"}"#)).unwrap().unwrap().pastes.len(), 1);
    let old = parse_fragment("#v0.AAAA").unwrap_err();
    assert_eq!(old, LinkError::NoSuchVersion("v0".into()));
    assert!(!old.to_string().contains("newer"), "{old}");
    assert_eq!(parse_fragment("#v4.AAAA"), Err(LinkError::UnknownVersion("v4".into())));
    let many: Vec<String> = (0..MAX_PASTES + 1).map(|i| format!(r#"{{"t":"p{i}"}}"#)).collect();
    assert_eq!(parse_fragment(&v1(&format!(r#"{{"p":[{}]}}"#, many.join(",")))), Err(LinkError::TooManyPastes(51)));
}

#[test]
fn a_changed_byte_in_a_v3_link_is_damage_not_garbled_text() {
    let case = SharedCase {
        pastes: vec![Paste::new("Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    fabrikam.vault.azure.net")],
        vault: None,
        host: None,
    };
    let url = build_link_with("x", &case, true).unwrap().url;
    let data = url.split_once("#v3.").unwrap().1;
    let mut bytes = URL_SAFE_NO_PAD.decode(data).unwrap();
    let json = v3::inflate(&bytes[4..]).unwrap();
    assert_eq!(u32::from_be_bytes(bytes[..4].try_into().unwrap()), crc32(&json));
    let mut damaged = 0;
    for i in 4..bytes.len() {
        bytes[i] ^= 0x10;
        let result = parse_fragment(&format!("#v3.{}", URL_SAFE_NO_PAD.encode(&bytes)));
        bytes[i] ^= 0x10;
        assert!(!matches!(result, Ok(Some(ref c)) if c != &case), "byte {i} opened changed text");
        damaged += usize::from(matches!(result, Err(LinkError::Damaged(_))));
    }
    assert!(damaged > 0);
}

#[test]
fn a_link_holds_at_most_fifty_pastes_and_says_so() {
    let pastes: Vec<Paste> = (0..60).map(|i| Paste::new(format!("Error code: ForbiddenByConnection {i}"))).collect();
    let link = build_link_with("x", &SharedCase { pastes, vault: None, host: None }, true).unwrap();
    assert_eq!(parse_fragment(&link.url).unwrap().unwrap().pastes.len(), MAX_PASTES);
    assert_eq!(link.left_out.pastes, 10);
    assert!(link.left_out.describe().unwrap().contains("10 paste(s) over the limit of 50"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_pastes_round_trip(texts in proptest::collection::vec(any::<String>(), 0..4), vault in proptest::option::of("[a-z][a-z0-9-]{2,20}")) {
        let case = SharedCase { pastes: texts.iter().map(Paste::new).collect(), vault, host: None };
        match build_link_with("https://kvdoctor.example/", &case, true) {
            Ok(link) => {
                let back = parse_fragment(&link.url).unwrap().unwrap_or_default();
                // A whole-paste link (the `true` above) passes the stronger removal.
                let (expected, _) = redact_whole(&texts);
                let got: Vec<String> = back.pastes.into_iter().map(|p| p.text).collect();
                prop_assert_eq!(got, expected);
                // Only a vault's own name travels; anything else is set aside.
                let typed = case.vault.as_deref().and_then(|v| kvdoctor::engine::vault::typed(v).ok().flatten());
                prop_assert_eq!(back.vault, typed.map(|v| v.typed_form()));
            }
            Err(e) => {
                use kvdoctor::engine::share::LinkError;
                let too_long = matches!(e, LinkError::TooLong { .. } | LinkError::TooMuchText { .. });
                prop_assert!(too_long, "unexpected error: {}", e);
            }
        }
    }

    #[test]
    fn garbage_fragments_never_panic(fragment in ".{0,400}") {
        let _ = parse_fragment(&format!("#{fragment}"));
        let _ = parse_fragment(&format!("#v1.{fragment}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any example case with a password planted at the end of any of its lines: the default link
    /// opens to the sender's diagnosis, and carries the password only if reading needs it.
    #[test]
    fn a_planted_password_travels_only_if_reading_needs_it(
        pick in any::<prop::sample::Index>(),
        line in any::<prop::sample::Index>(),
        secret in "[A-Z][a-z]{3,8}[0-9]{3,6}[a-z!#]{1,3}",
    ) {
        let cases: Vec<Held> = every_case().into_iter().filter(|c| !c.name.starts_with("held/")).collect();
        let case = pick.get(&cases);
        let mut pastes = case.pastes.clone();
        let lines: Vec<(usize, usize)> = pastes
            .iter()
            .enumerate()
            .flat_map(|(p, paste)| (0..paste.text.split('\n').count()).map(move |l| (p, l)))
            .collect();
        let &(p, l) = line.get(&lines);
        let mut text: Vec<String> = pastes[p].text.split('\n').map(str::to_string).collect();
        text[l].push_str(&format!(" {secret}"));
        pastes[p].text = text.join("\n");
        let shared = SharedCase { pastes: pastes.clone(), vault: case.vault.clone(), host: None };
        let link = build_link("x", &shared).unwrap();
        let back = parse_fragment(&link.url).unwrap().unwrap();
        let (sender, recipient) = (seen(&pastes, case.vault.as_deref()), seen(&back.pastes, back.vault.as_deref()));
        prop_assert!(sender.len() == recipient.len() && sender.iter().zip(&recipient).all(|(s, r)| same_but_masked(s, r)),
            "{} line {}: {:?}", case.name, l + 1, sender.iter().zip(&recipient).find(|(s, r)| !same_but_masked(s, r)));
        let sent = &back.pastes[p].text;
        if let Some(at) = sent.find(&secret) {
            let masked = format!("{}{}{}", &sent[..at], "x".repeat(secret.len()), &sent[at + secret.len()..]);
            prop_assert!(
                !kvdoctor::engine::share::used::reads_the_same(sent, &masked, None),
                "{} line {}: {} travels, but reading does not need it", case.name, l + 1, secret
            );
        }
    }
}

/// A v2 link as an attacker would build it: any document, checksum included.
fn packed(json: &str) -> String {
    let mut data = crc32(json.as_bytes()).to_be_bytes().to_vec();
    data.extend(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9));
    format!("https://kvdoctor.example/#v2.{}", URL_SAFE_NO_PAD.encode(data))
}

/// A link's vault is text anyone can write: only a vault's own name survives opening, and
/// nothing the report suggests names another host.
#[test]
fn a_links_vault_never_names_another_host() {
    for hostile in ["kv1.vault.azure.net.attacker.example", "--debug", "kv1;id", "attacker.example"] {
        let json =
            format!(r#"{{"p":[{{"t":"Error code: ForbiddenByConnection"}}],"v":{}}}"#, serde_json::json!(hostile));
        for url in [packed(&json), format!("#vault={}&error=ForbiddenByConnection", hostile.replace(';', "%3B"))] {
            let opened = open_link(&url).unwrap().unwrap();
            assert_eq!(opened.case.vault, None, "{url}");
            assert!(opened.refused_vault);
            assert!(opened.note().unwrap().contains("is not a Key Vault name"));
            let report = diagnose_case(&opened.case.pastes, opened.case.vault.as_deref());
            let shown = kvdoctor::engine::render::markdown(&report);
            assert!(!shown.contains("attacker") && !shown.contains("--debug") && !shown.contains(";id"), "{shown}");
        }
    }
    let good = packed(r#"{"p":[{"t":"x"}],"v":"kv1.vault.azure.cn"}"#);
    assert_eq!(open_link(&good).unwrap().unwrap().case.vault.as_deref(), Some("kv1.vault.azure.cn"));
}

/// Every form of link has the same limits, checked before the pastes are decoded.
#[test]
fn readable_links_have_the_packed_links_limits() {
    let flood = "paste=x&".repeat(16_000);
    assert_eq!(parse_fragment(&format!("#{flood}")), Err(LinkError::TooManyPastes(16_000)));
    let errors = "error=Forbidden&".repeat(MAX_PASTES + 1);
    assert_eq!(parse_fragment(&format!("#{errors}")), Err(LinkError::TooManyPastes(MAX_PASTES + 1)));
    // Counted before decoding: blank ones too (the fuzz target's oracle once forgot them).
    let blanks = format!("{}paste=x", "paste=&".repeat(MAX_PASTES));
    assert_eq!(parse_fragment(&format!("#{blanks}")), Err(LinkError::TooManyPastes(MAX_PASTES + 1)));
    let fifty = "paste=x&".repeat(MAX_PASTES);
    assert_eq!(parse_fragment(&format!("#{fifty}")).unwrap().unwrap().pastes.len(), MAX_PASTES);
    let long_line = format!("#paste={}", "a".repeat(MAX_LINE + 1));
    assert_eq!(parse_fragment(&long_line), Err(LinkError::LineTooLong { bytes: MAX_LINE + 1 }));
    let huge = format!("#v2.{}", "A".repeat(MAX_FRAGMENT + 1));
    assert_eq!(parse_fragment(&huge), Err(LinkError::TooLarge));
    let long_packed = packed(&format!(r#"{{"p":[{{"t":"{}"}}]}}"#, "b".repeat(MAX_LINE + 1)));
    assert_eq!(parse_fragment(&long_packed), Err(LinkError::LineTooLong { bytes: MAX_LINE + 1 }));
}

/// A link is never made that its own limits would refuse when opened.
#[test]
fn a_link_with_a_line_over_the_limit_is_refused_when_made() {
    let case = SharedCase {
        pastes: vec![Paste::new("Error code: Forbidden ".repeat(MAX_LINE / 10))],
        vault: None,
        host: None,
    };
    assert!(matches!(build_link_with("x", &case, true), Err(LinkError::LineTooLong { .. })));
}

/// The bomb of the issue: a short link inflating to 1 MB of one line of `password:` repeated.
/// Removal was quadratic there (minutes); opening it now gives its report and a link back.
/// Asserted by outcome: the report is made, the secrets' values are gone.
#[test]
fn the_password_bomb_opens_to_a_report() {
    let line = format!("Error code: Forbidden {}", "password:".repeat((MAX_LINE - 64) / 9));
    let text = format!("{line}\n").repeat(3);
    let url = packed(&serde_json::json!({ "p": [{ "t": text }] }).to_string());
    assert!(url.len() < 8_000, "the bomb is a short link: {}", url.len());
    let opened = open_link(&url).unwrap().unwrap();
    let report = diagnose_case(&opened.case.pastes, None);
    assert!(report.symptoms.iter().any(|s| s.code.as_deref() == Some("Forbidden")), "{:?}", report.symptoms);
    let shown = kvdoctor::engine::render::text(&report);
    assert!(!shown.contains("password:password:"), "a value left in the report");
    let again = build_link_with("x", &opened.case, true).unwrap();
    assert!(!parse_fragment(&again.url).unwrap().unwrap().pastes[0].text.contains("password:password:"));
}

/// The vault field is input like any paste: a secret typed there never reaches a link.
#[test]
fn a_secret_in_the_vault_field_never_reaches_a_link() {
    for typed in ["Xy8Q~abcdefghijklmnopqrstuvwx", "hunter2!", "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ4IjoxfQ.c2ln"] {
        let case = SharedCase {
            pastes: vec![Paste::new("Error code: ForbiddenByConnection")],
            vault: Some(typed.into()),
            host: None,
        };
        for whole in [false, true] {
            let link = build_link_with("https://kvdoctor.example/", &case, whole).unwrap();
            assert!(link.left_out.vault && link.left_out.describe().unwrap().contains("vault name"));
            let back = parse_fragment(&link.url).unwrap().unwrap();
            assert_eq!(back.vault, None);
        }
        let report = diagnose_case(&case.pastes, Some(typed));
        for shown in [
            kvdoctor::engine::render::text(&report),
            kvdoctor::engine::render::markdown(&report),
            kvdoctor::engine::render::json(&report),
        ] {
            assert!(!shown.contains(typed) && !shown.to_lowercase().contains(&typed.to_lowercase()), "{shown}");
        }
        assert!(report.notes.iter().any(|n| n.contains("set aside")), "{:?}", report.notes);
    }
}

/// Secrets planted in a pod's environment (`env` and `kubectl describe pod`): the readers keep
/// only that AZURE_CLIENT_SECRET is set and never list another variable's line back, so no
/// value reaches the report (every format) or the link.
pub const PLANTED_ENV: &str = "$ kubectl exec app-7d9c -- env\nKUBERNETES_SERVICE_HOST=10.0.0.1\nAZURE_CLIENT_ID=4024ab25-56a8-4370-aea6-6389221caf29\nAZURE_TENANT_ID=b6c948ef-f6b5-4384-8354-da3a15eca969\nAZURE_CLIENT_SECRET=Qx8Q~plantedSecretValue.kvd0ctor\nDB_PASSWORD=hunter2planted\n";
pub const PLANTED_DESCRIBE: &str = "Containers:\n  app:\n    Environment:\n      AZURE_CLIENT_ID:      4024ab25-56a8-4370-aea6-6389221caf29\n      AZURE_CLIENT_SECRET:  Qx8Q~plantedSecretValue.kvd0ctor\n      DB_PASSWORD:          hunter2planted\n    Mounts:\n      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-dz9zd (ro)\nVolumes:\n  kube-api-access-dz9zd:\n";

#[test]
fn planted_secrets_in_a_pod_environment_never_leave() {
    use kvdoctor::engine::input::Kind;
    use kvdoctor::engine::render;
    for paste in [PLANTED_ENV, PLANTED_DESCRIBE] {
        let chain = "DefaultAzureCredential: failed to acquire a token.\\nAttempted credentials:\\n\\tEnvironmentCredential: incomplete environment variable configuration. Only AZURE_TENANT_ID and AZURE_CLIENT_ID are set\\n\\tWorkloadIdentityCredential: no token file specified. Check pod configuration or set TokenFilePath in the options";
        let pastes = vec![Paste::new(chain), Paste::new(paste)];
        let report = diagnose(&pastes);
        assert!(matches!(report.inputs[1].kind, Kind::EnvListing | Kind::DescribePod), "{:?}", report.inputs[1].kind);
        assert_eq!(report.verdict.primary.as_deref(), Some("identity-federation"), "{}", report.verdict.summary);
        let shared = SharedCase { pastes: pastes.clone(), vault: None, host: None };
        let outputs = [
            render::text(&report),
            render::markdown(&report),
            render::json(&report),
            document(&build_link("https://kvdoctor.example/", &shared).unwrap().url),
            document(&build_link_with("https://kvdoctor.example/", &shared, true).unwrap().url),
        ];
        for out in outputs {
            for secret in ["plantedSecretValue", "hunter2planted"] {
                assert!(!out.contains(secret), "{secret} in {out}");
            }
        }
        // The secret is known to be set, by name only.
        assert!(render::text(&report).contains("AZURE_CLIENT_ID"), "{}", render::text(&report));
    }
}
