//! The JSON output keeps the shape docs/json-report.md promises to scripts and tickets.

use crate::common;

use common::fixture;
use kvdoctor::engine::{checks, diagnose_texts, render, VERSION};
use serde_json::Value;

#[test]
fn json_has_the_documented_shape() {
    let report = diagnose_texts(&[&fixture("nslookup/windows-public-via-alias.txt")]);
    let json: Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["kvdoctor"], VERSION);
    assert_eq!(json["vault"]["name"], "fabrikam");
    assert_eq!(json["vault"]["host"], "fabrikam.vault.azure.net");
    assert_eq!(json["vault"]["cloud"], "public");
    assert_eq!(json["inputs"][0]["index"], 1);
    assert_eq!(json["inputs"][0]["kind"], "nslookup");
    assert_eq!(json["inputs"][0]["lines"], 12);
    assert!(json["inputs"][0]["notes"].as_array().unwrap().is_empty());
    assert_eq!(json["symptoms"], serde_json::json!([]), "a lookup that answered shows no failure");
    let steps = json["steps"].as_array().unwrap();
    let ids: Vec<&str> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = checks::ALL.iter().map(|c| c.id).collect();
    assert_eq!(ids, expected, "every check, in order");
    let step = &steps[2];
    assert_eq!(step["status"], "fail");
    assert_eq!(step["evidence"][0]["input"], 1);
    assert_eq!(step["evidence"][0]["lines"], serde_json::json!([7]));
    assert_eq!(step["evidence"][0]["quote"], "Address:  52.168.109.101");
    assert!(step["fix"]["commands"].is_array());
    assert!(step["next"].is_null());
    assert!(step["explanation"].as_str().unwrap().len() > 80);
    assert_eq!(steps[0]["fix"], Value::Null);
    assert_eq!(json["verdict"]["status"], "fail");
    assert_eq!(json["verdict"]["primary"], "dns-private-address");
}

const PIPELINE: &str = include_str!("../../static/examples/cases/pipeline-agent-firewall/1.txt");

#[test]
fn symptoms_have_the_documented_shape() {
    let report = diagnose_texts(&[&fixture("nslookup/windows-public-via-alias.txt"), PIPELINE]);
    let json: Value = serde_json::from_str(&render::json(&report)).unwrap();
    let expected = serde_json::json!([{
        "kind": "request-failed",
        "summary": "The request got 403 Forbidden: ForbiddenByFirewall (client address 20.55.143.17)",
        "http_status": 403,
        "code": "ForbiddenByFirewall",
        "client_address": "20.55.143.17",
        "evidence": [
            { "input": 2, "lines": [1], "quote": "##[error]Error: (Forbidden) Client address is not authorized and caller is not a trusted service." },
            { "input": 2, "lines": [2], "quote": "Client address: 20.55.143.17" },
            { "input": 2, "lines": [5], "quote": "Code: Forbidden" },
        ],
    }]);
    assert_eq!(json["symptoms"], expected);
}

#[test]
fn the_documented_example_is_what_kvdoctor_prints() {
    let doc = include_str!("../../docs/json-report.md");
    let example = doc.split("```json\n").nth(1).and_then(|rest| rest.split("\n```").next()).unwrap();
    let example: Value = serde_json::from_str(example).unwrap();
    let json: Value = serde_json::from_str(&render::json(&diagnose_texts(&[PIPELINE]))).unwrap();
    for field in ["version", "vault", "inputs", "symptoms", "verdict"] {
        let (documented, printed) = (&example[field], &json[field]);
        if field == "verdict" {
            assert_eq!(documented["primary"], printed["primary"]);
        } else {
            assert_eq!(documented, printed, "{field}");
        }
    }
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&example), keys(&json), "the documented fields are the printed ones");
    assert_eq!(keys(&example["steps"][0]), keys(&json["steps"][0]));
}

#[test]
fn symptoms_come_first_and_the_version_last() {
    let report = diagnose_texts(&[PIPELINE]);
    let (text, markdown) = (render::text(&report), render::markdown(&report));
    assert!(
        text.starts_with("What fails:\n  - The request got 403 Forbidden: ForbiddenByFirewall (client address 20.55.143.17)\n      > ##[error]Error: (Forbidden) Client address is not authorized and caller is not a trusted service.   (paste 1, line 1)\n"),
        "{text}"
    );
    assert!(text.ends_with(&format!("\nDiagnosed by kvdoctor {VERSION}.\n")), "{text}");
    let body = markdown.strip_prefix("## Key Vault access diagnosis (kvdoctor)\n\n").unwrap();
    let symptom = "**What fails:**\n\n- The request got 403 Forbidden: ForbiddenByFirewall \\(client address 20.55.143.17\\)\n  - `##[error]Error: (Forbidden) Client address is not authorized and caller is not a trusted service.` — paste 1, line 1\n  - `Client address: 20.55.143.17` — paste 1, line 2\n  - `Code: Forbidden` — paste 1, line 5\n\n";
    assert!(body.starts_with(symptom), "{markdown}");
    assert!(body.find("**What fails:**") < body.find("**Verdict:**"), "{markdown}");
    assert!(markdown.ends_with(&format!("\n---\n\n*Diagnosed by kvdoctor {VERSION}.*\n")), "{markdown}");
}

#[test]
fn symptoms_are_redacted_like_every_quote() {
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0In0.c2lnbmF0dXJlc2ln";
    let paste = format!("Status: 401 (Unauthorized)\nErrorCode: Unauthorized {token}");
    let report = diagnose_texts(&[&paste]);
    assert!(
        report.symptoms.iter().any(|s| s.evidence.iter().any(|e| e.quote.contains(token))),
        "the test needs the token quoted"
    );
    for out in [render::text(&report), render::markdown(&report), render::json(&report)] {
        assert!(!out.contains(&token[..20]), "{out}");
    }
    assert!(render::removed(&report).iter().any(|r| r.paste == 1 && r.line == 2), "{:?}", render::removed(&report));
}

#[test]
fn markdown_and_text_carry_every_step() {
    let report = diagnose_texts(&[&fixture("nslookup/windows-public-via-alias.txt")]);
    let markdown = render::markdown(&report);
    let text = render::text(&report);
    for check in checks::ALL {
        assert!(markdown.contains(&format!("`{}`", check.id)), "markdown lacks {}", check.id);
        assert!(text.contains(&format!("[{}]", check.id)), "text lacks {}", check.id);
    }
    assert!(markdown.contains("\n- `Address:  52.168.109.101` — paste 1, line 7\n"), "{markdown}");
    assert!(text.contains("FAIL"));
}

#[test]
fn the_readme_and_seed_coverage_name_every_check() {
    let readme = include_str!("../../README.md");
    let coverage = include_str!("../../docs/seed-coverage.md");
    for check in checks::ALL {
        assert!(readme.contains(&format!("`{}`", check.id)), "README lacks {}", check.id);
        assert!(coverage.contains(&format!("`{}`", check.id)), "docs/seed-coverage.md lacks {}", check.id);
    }
}
