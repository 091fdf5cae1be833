//! Native only: the cases are read from disk and proptest is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::engine::{diagnose_case, diagnose_texts, redact, Paste};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
}

/// Every example case of the page (its pastes, with the vault `index.json` gives it) and every
/// input and secret fixture as a one-paste case: their reports as shared, redacted, with what was removed.
fn cases() -> Vec<(String, Report, Vec<Removed>)> {
    let examples = manifest().join("static/examples");
    let index = json::parse(&read(&examples.join("index.json")));
    let listed = index.roots[0].get("examples").unwrap().items();
    let mut out = Vec::new();
    for dir in sorted(&examples.join("cases")).into_iter().filter(|d| d.is_dir()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let vault =
            listed.iter().find(|e| e.get("id").and_then(Node::text) == Some(&name)).and_then(|e| e.get("vault"));
        let pastes: Vec<Paste> = sorted(&dir)
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| Paste::new(read(p)))
            .collect();
        let (report, removed) = redact::report(&diagnose_case(&pastes, vault.and_then(Node::text)));
        out.push((name, report, removed));
    }
    assert!(out.len() >= 20, "the page's example cases were not found");
    // The secret fixtures too: no other case puts a secret in the report for redaction to remove.
    let fixtures = ["inputs", "secrets"].map(|dir| sorted(&manifest().join("tests/fixtures").join(dir)));
    for file in fixtures.iter().flatten().filter(|p| p.extension().is_some_and(|x| x == "txt")) {
        let (report, removed) = redact::report(&diagnose_texts(&[&read(file)]));
        out.push((file.display().to_string(), report, removed));
    }
    assert!(out.len() >= 70, "the input fixtures were not found");
    // The fixtures' secrets stay out of the report (parsers read them, notes shorten them): a
    // token on a line no parser reads is quoted in the report's notes, and removed from them.
    let planted = format!("token {JWT}\n{}", read(&manifest().join("tests/fixtures/inputs/curl-clean.txt")));
    let (report, removed) = redact::report(&diagnose_texts(&[&planted]));
    out.push(("planted token".to_string(), report, removed));
    out
}

/// A token's shape (header, payload, signature); made up.
const JWT: &str =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2lnbmF0dXJlX3Rlc3Q";

#[test]
fn every_case_round_trips() {
    let cases = cases();
    for (name, report, removed) in &cases {
        let text = encode_answer(report, removed);
        assert_eq!(decode_answer(&text).as_ref(), Ok(&(report.clone(), removed.clone())), "{name}");
    }
    // The round trip covers every field only if some case fills it.
    let steps = || cases.iter().flat_map(|(_, r, _)| &r.steps);
    let symptoms = || cases.iter().flat_map(|(_, r, _)| &r.symptoms);
    assert!(cases.iter().any(|(_, _, removed)| !removed.is_empty()), "no case had removals");
    assert!(cases.iter().any(|(_, r, _)| r.vault.is_some() && !r.notes.is_empty()), "no vault with notes");
    assert!(cases.iter().any(|(_, r, _)| r.verdict.primary.is_some()), "no primary cause");
    assert!(cases.iter().flat_map(|(_, r, _)| &r.inputs).any(|i| !i.notes.is_empty()), "no input notes");
    assert!(symptoms().any(|s| s.http_status.is_some() && s.code.is_some()), "no symptom with status and code");
    assert!(symptoms().any(|s| s.client_address.is_some()), "no symptom with a client address");
    assert!(steps().any(|s| s.fix.as_ref().is_some_and(|f| !f.commands.is_empty())), "no fix with commands");
    assert!(steps().any(|s| s.next.is_some()), "no step with next");
    // No case quotes more than MAX_EVIDENCE lines: `awkward_text_round_trips` sets evidence_omitted.
    assert!(symptoms().flat_map(|s| &s.evidence).any(|e| !e.lines.is_empty()), "no symptom evidence");
    assert!(steps().flat_map(|s| &s.evidence).any(|e| !e.lines.is_empty()), "no step evidence");
}

/// The readers the page's message decoder calls on a message it parsed itself.
#[test]
fn report_and_removals_read_from_parsed_nodes() {
    let (_, report, removed) = cases().into_iter().find(|(_, _, removed)| !removed.is_empty()).unwrap();
    let doc = json::parse(&encode_answer(&report, &removed));
    let root = &doc.roots[0];
    assert_eq!(super::report(root.get("report").unwrap()), Ok(report));
    assert_eq!(removed_list(root.get("removed").unwrap()), Ok(removed));
    let steps_object = json::parse(r#"{"steps": {}}"#);
    assert_eq!(removed_list(&steps_object.roots[0]), Err("removed is not a list".to_string()));
}

/// The answer's report is the report exactly as serde writes it (the `--json` contract).
#[test]
fn the_answer_holds_the_serialised_report() {
    let (_, report, removed) = cases().into_iter().find(|(_, _, removed)| !removed.is_empty()).unwrap();
    let expected = format!(
        "{{\"report\":{},\"removed\":{}}}",
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&removed).unwrap()
    );
    assert_eq!(encode_answer(&report, &removed), expected);
}

/// Names every variant, so a new one fails to compile here until the readers know it.
fn listed(status: Status, kind: SymptomKind, service: Service) -> bool {
    let status_listed = match status {
        Status::Pass | Status::Fail | Status::Warn | Status::Unknown | Status::Skip => STATUSES.contains(&status),
    };
    let kind_listed = match kind {
        SymptomKind::RequestFailed
        | SymptomKind::Timeout
        | SymptomKind::ConnectionRefused
        | SymptomKind::ConnectionReset
        | SymptomKind::ProxyRefused
        | SymptomKind::TlsNameMismatch
        | SymptomKind::ChallengeMismatch
        | SymptomKind::NameNotResolved => SYMPTOM_KINDS.contains(&kind),
    };
    let service_listed = match service {
        Service::Vault | Service::ManagedHsm => true,
    };
    status_listed && kind_listed && service_listed
}

#[test]
fn every_variant_reads_back_from_its_serialised_form() {
    let node =
        |value: &dyn erased::Json| json::parse(&format!("[{}]", value.json())).roots.remove(0).items()[0].clone();
    for status in STATUSES {
        assert_eq!(super::status(&node(&status), "s"), Ok(status));
        for kind in SYMPTOM_KINDS {
            assert!(listed(status, kind, Service::Vault));
            assert_eq!(symptom_kind(&node(&kind), "k"), Ok(kind));
        }
    }
    for service in [Service::Vault, Service::ManagedHsm] {
        assert_eq!(super::service(&node(&service), "s"), Ok(service));
    }
    for kind in Kind::ALL.iter().chain([&Kind::Unknown]) {
        assert_eq!(super::kind(&node(kind), "k"), Ok(*kind));
    }
}

/// serde's `Serialize` is not object safe; this is just enough to serialise any of the enums.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

/// Text the JSON must escape, or that survives only if nothing rewrites it.
const AWKWARD: &str =
    "quote \" backslash \\ \\u0041 slash / tab \t nl \n cr \r nul \u{0} bel \u{7} esc \u{1b} del \u{7f} \
     ls \u{2028} ps \u{2029} emoji 🔑🧪 flag 🇩🇪 rtl \u{200f}שלום\u{202e}abc\u{202c} bom \u{feff} 'single' {not: json}";

#[test]
fn awkward_text_round_trips() {
    let (_, mut report, mut removed) = cases().into_iter().find(|(_, r, _)| !r.symptoms.is_empty()).unwrap();
    let awkward = |n: usize| format!("{n}:{AWKWARD}");
    report.kvdoctor = Cow::Owned(awkward(0));
    report.notes.push(awkward(1));
    report.verdict.summary = awkward(2);
    report.verdict.primary = Some(Cow::Owned(awkward(3)));
    let step = &mut report.steps[0];
    (step.id, step.title, step.explanation) = (Cow::Owned(awkward(4)), awkward(5), Cow::Owned(awkward(6)));
    step.evidence.push(Evidence { input: 1, lines: vec![1, 2], quote: awkward(7) });
    step.evidence_omitted = 7;
    step.fix = Some(Action { text: awkward(8), commands: vec![awkward(9), String::new()] });
    let symptom = &mut report.symptoms[0];
    (symptom.summary, symptom.code, symptom.client_address) = (awkward(10), Some(awkward(11)), Some(awkward(12)));
    report.inputs[0].notes.push(awkward(13));
    removed.push(Removed { what: Cow::Owned(awkward(14)), paste: usize::MAX, line: 0 });
    let text = encode_answer(&report, &removed);
    assert_eq!(decode_answer(&text), Ok((report, removed)));
}

/// A real answer with `edit` applied to its JSON.
fn broken(edit: impl FnOnce(&mut serde_json::Value)) -> Result<(Report, Vec<Removed>), String> {
    let (_, report, removed) = cases().into_iter().find(|(_, r, _)| !r.symptoms.is_empty()).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&encode_answer(&report, &removed)).unwrap();
    edit(&mut value);
    decode_answer(&value.to_string())
}

#[test]
fn hostile_answers_name_the_field() {
    let err = |r: Result<(Report, Vec<Removed>), String>| r.unwrap_err();
    assert_eq!(
        err(broken(|v| v["report"]["steps"][3]["status"] = "maybe".into())),
        "report.steps[3].status is not a status"
    );
    assert_eq!(
        err(broken(|v| v["report"]["inputs"][0]["index"] = (-1).into())),
        "report.inputs[0].index is not a whole number that fits usize"
    );
    assert_eq!(
        err(broken(|v| v["report"]["inputs"][0]["index"] = 1.5.into())),
        "report.inputs[0].index is not a whole number that fits usize"
    );
    assert_eq!(
        err(broken(|v| v["report"]["symptoms"][0]["http_status"] = 70000.into())),
        "report.symptoms[0].http_status is not a whole number that fits u16"
    );
    assert_eq!(
        err(broken(|v| v["report"]["inputs"][0]["confidence"] = 256.into())),
        "report.inputs[0].confidence is not a whole number that fits u8"
    );
    assert_eq!(
        err(broken(|v| v["report"]["version"] = "1".into())),
        "report.version is not a whole number that fits u32"
    );
    assert_eq!(err(broken(|v| v["report"]["steps"] = serde_json::json!({"0": {}}))), "report.steps is not a list");
    assert_eq!(
        err(broken(|v| drop(v["report"]["steps"][2].as_object_mut().unwrap().remove("title")))),
        "report.steps[2].title is missing"
    );
    assert_eq!(
        err(broken(|v| v["report"]["verdict"]["status"] = serde_json::Value::Null)),
        "report.verdict.status is not a string"
    );
    assert_eq!(
        err(broken(|v| v["report"]["symptoms"][0]["kind"] = "on-fire".into())),
        "report.symptoms[0].kind is not a symptom kind"
    );
    assert_eq!(
        err(broken(|v| v["report"]["inputs"][0]["kind"] = "fax".into())),
        "report.inputs[0].kind is not a kind of paste"
    );
    assert_eq!(
        err(broken(
            |v| v["report"]["vault"] = serde_json::json!({"name": "v", "host": "h", "cloud": "c", "service": "hsm"})
        )),
        "report.vault.service is not a service"
    );
    assert_eq!(
        err(broken(|v| v["report"]["steps"][0]["fix"] = "do it".into())),
        "report.steps[0].fix is not an object"
    );
    assert_eq!(err(broken(|v| v["removed"] = serde_json::Value::Null)), "removed is not a list");
    assert_eq!(err(broken(|v| drop(v.as_object_mut().unwrap().remove("report")))), "answer.report is missing");
    let (_, report, removed) = cases().into_iter().next().unwrap();
    let line_break = encode_answer(&report, &removed).replacen("\",\"", "\n\",\"", 1);
    assert_eq!(decode_answer(&line_break).unwrap_err(), "the answer holds a raw control character");
    for text in ["", "[]", "null", "{}x", "{} {}", "\"report\"", "{'report': 1}"] {
        assert!(decode_answer(text).is_err(), "{text:?}");
    }
}

/// Optional members may be missing as well as null: they take their defaults.
#[test]
fn missing_optional_fields_take_their_defaults() {
    let (report, _) = broken(|v| {
        for key in ["evidence_omitted", "fix", "next"] {
            v["report"]["steps"][0].as_object_mut().unwrap().remove(key);
        }
        v["report"]["symptoms"][0].as_object_mut().unwrap().remove("http_status");
        v["report"].as_object_mut().unwrap().remove("vault");
    })
    .unwrap();
    let step = &report.steps[0];
    assert_eq!((step.evidence_omitted, &step.fix, &step.next), (0, &None, &None));
    assert_eq!((report.symptoms[0].http_status, &report.vault), (None, &None));
}

#[test]
fn every_cut_of_an_answer_is_refused() {
    let report = redact::report(&diagnose_texts(&["Status: 403 (Forbidden)\nErrorCode: Forbidden"])).0;
    let text = encode_answer(&report, &[Removed { what: Cow::Borrowed("a key"), paste: 1, line: 2 }]);
    assert!(decode_answer(&text).is_ok());
    for (at, _) in text.char_indices().skip(1) {
        let cut = text.get(..at).unwrap();
        assert!(decode_answer(cut).is_err(), "cut at {at}: {cut}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = decode_answer(&text);
    }

    /// Closer to a real answer than random text: one piece of it replaced by arbitrary text.
    #[test]
    fn a_damaged_answer_never_panics(at in any::<prop::sample::Index>(), len in 0usize..40, insert in any::<String>()) {
        let report = diagnose_texts(&["Status: 403 (Forbidden)\nErrorCode: ForbiddenByFirewall\nClient address: 20.1.2.3"]);
        let text = encode_answer(&report, &[]);
        let chars: Vec<char> = text.chars().collect();
        let start = at.index(chars.len());
        let end = (start + len).min(chars.len());
        let damaged: String = chars[..start].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(&chars[end..]).collect();
        let _ = decode_answer(&damaged);
    }
}
