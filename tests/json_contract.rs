//! The JSON output keeps the shape CHECKS.md promises to scripts and tickets.

mod common;

use common::fixture;
use kvdoctor::engine::{checks, diagnose_texts, render};
use serde_json::Value;

#[test]
fn json_has_the_documented_shape() {
    let report = diagnose_texts(&[&fixture("nslookup/windows-public-via-alias.txt")]);
    let json: Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["vault"]["name"], "fabrikam");
    assert_eq!(json["vault"]["host"], "fabrikam.vault.azure.net");
    assert_eq!(json["vault"]["cloud"], "public");
    assert_eq!(json["inputs"][0]["index"], 1);
    assert_eq!(json["inputs"][0]["kind"], "nslookup");
    assert_eq!(json["inputs"][0]["lines"], 12);
    assert!(json["inputs"][0]["notes"].as_array().unwrap().is_empty());
    assert!(json["symptoms"].is_array());
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

#[test]
fn markdown_and_text_carry_every_step() {
    let report = diagnose_texts(&[&fixture("nslookup/windows-public-via-alias.txt")]);
    let markdown = render::markdown(&report);
    let text = render::text(&report);
    for check in checks::ALL {
        assert!(markdown.contains(&format!("`{}`", check.id)), "markdown lacks {}", check.id);
        assert!(text.contains(&format!("[{}]", check.id)), "text lacks {}", check.id);
    }
    assert!(markdown.contains("> `Address:  52.168.109.101` — paste 1, line 7"), "{markdown}");
    assert!(text.contains("FAIL"));
}

#[test]
fn the_readme_and_seed_coverage_name_every_check() {
    let readme = include_str!("../README.md");
    let coverage = include_str!("../docs/seed-coverage.md");
    for check in checks::ALL {
        assert!(readme.contains(&format!("`{}`", check.id)), "README lacks {}", check.id);
        assert!(coverage.contains(&format!("`{}`", check.id)), "docs/seed-coverage.md lacks {}", check.id);
    }
}
