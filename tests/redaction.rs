//! No planted secret leaves kvdoctor: secrets of every shape issue 14 lists, planted at random
//! lines of real fixtures, appear neither in the decoded link (used lines only, or whole) nor in
//! the Markdown, JSON or text report.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use kvdoctor::engine::share::{build_link_with, parse_fragment, SharedCase};
use kvdoctor::engine::{diagnose, render, Paste};
use proptest::prelude::*;

/// Each shape, `{S}` standing for the secret (see the issue's table).
const SHAPES: &[&str] = &[
    r#"  "value": "{S}","#,
    "-----BEGIN PRIVATE KEY-----\n{S}\n{S}\n-----END PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\n{S}\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{S}\n-----END ENCRYPTED PRIVATE KEY-----",
    "-----BEGIN EC PRIVATE KEY-----\n{S}\n-----END EC PRIVATE KEY-----",
    r#""key": "-----BEGIN PRIVATE KEY-----\n{S}\n-----END PRIVATE KEY-----\n""#,
    "> Cookie: fpc={S}; x-ms-gateway-slice=estsfd",
    "< Set-Cookie: ESTSAUTHPERSISTENT={S}; domain=.login.microsoftonline.com; path=/; secure; HttpOnly",
    "curl -b 'session={S}' https://contoso.vault.azure.net/secrets/a",
    "$env:AZURE_CLIENT_SECRET = \"{S}\"",
    "  AZURE_CLIENT_SECRET: {S}",
    "        - name: AZURE_CLIENT_SECRET\n          value: {S}",
    r#"{"name": "AZURE_CLIENT_SECRET", "value": "{S}"}"#,
    "az login --service-principal -u 00000000-0000-0000-0000-000000000001 -p {S} --tenant contoso.onmicrosoft.com",
    "az login --service-principal -u app --password {S}",
    "$cred = New-Object System.Management.Automation.PSCredential('app', (ConvertTo-SecureString '{S}' -AsPlainText -Force))",
    r#"    "Password" : "{S}","#,
    r#"{\"userName\": \"sa\", \"password\": \"{S}\"}"#,
    r#"    {"keyName": "key1", "permissions": "FULL", "value": "{S}=="}"#,
    r#"  "primaryKey": "{S}=","#,
    r#"  "secondaryKey": "{S}=","#,
    "x-functions-key: {S}==",
    r#"{"sharedKey": "{S}=="}"#,
    "git clone https://{S}@github.com/contoso/infra.git",
    "git clone https://ghp_{S}@github.com/contoso/infra.git",
    r#"{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAiOiJKV1Qi{S}.eyJhdWQiOi{S}.{S}"}"#,
    "https://app.contoso.example/#access_token=eyJ0eXAiOiJKV1Qi{S}.eyJhdWQiOi{S}.{S}&token_type=Bearer",
    "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=eyJ0eXAiOiJKV1Qi{S}.eyJhdWQiOi{S}.{S}",
    "Authorization: Bearer eyJ0eXAiOiJKV1Qi\n{S}.eyJhdWQiOi\n{S}.{S}",
    r#"{"refresh_token": "0.AVAA{S}"}"#,
    r#"Invoke-RestMethod -Uri $uri -Headers @{Authorization="Bearer {S}"}"#,
    r#"  "Authorization": "Bearer {S}","#,
    "> GET /c/b?sv=2022-11-02&sig={S}%3D HTTP/1.1 Authorization: Bearer {S}",
    "the key {S} was rotated yesterday",
];

/// Real outputs to plant into: every example case and the reader fixtures.
fn fixtures() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(read_fixtures)
}

fn read_fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["static/examples/cases", "tests/fixtures/inputs"] {
        let mut stack = vec![root.join(dir)];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "txt") {
                out.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out.sort();
    out
}

fn plant(fixture: &str, line: usize, shape: &str, secret: &str) -> String {
    let mut lines: Vec<&str> = fixture.split('\n').collect();
    let planted = shape.replace("{S}", secret);
    let at = line % (lines.len() + 1);
    lines.insert(at, &planted);
    lines.join("\n")
}

/// Everything that leaves kvdoctor for `pastes`.
fn shared(pastes: &[Paste]) -> Vec<(String, String)> {
    let report = diagnose(pastes);
    let mut out = vec![
        ("markdown".to_string(), render::markdown(&report)),
        ("json".to_string(), render::json(&report)),
        ("text".to_string(), render::text(&report)),
    ];
    for whole in [false, true] {
        let case = SharedCase { pastes: pastes.to_vec(), vault: None };
        let link = build_link_with("https://kvdoctor.example/", &case, whole).expect("a link");
        let back = parse_fragment(&link.url).unwrap().unwrap();
        out.push((format!("link (whole: {whole})"), back.pastes.iter().map(|p| p.text.as_str()).collect()));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_planted_secret_leaves(
        fixture in 0usize..1000,
        line in 0usize..400,
        shape in 0..SHAPES.len(),
        upper in "[A-Z]{8}", lower in "[a-z]{8}", digits in "[0-9]{6}", order in any::<u64>(),
    ) {
        // Random key material: mixed case and digits, shuffled.
        let mut chars: Vec<char> = format!("{upper}{lower}{digits}").chars().collect();
        let mut state = order | 1;
        for i in (1..chars.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chars.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let secret: String = chars.into_iter().collect();
        let all = fixtures();
        let text = plant(&all[fixture % all.len()], line, SHAPES[shape], &secret);
        for (route, out) in shared(&[Paste::new(text)]) {
            prop_assert!(!out.contains(&secret[..12]), "shape {} leaked through {}: {}", SHAPES[shape], route, out);
        }
    }
}

#[test]
fn every_shape_is_removed_from_every_route() {
    let secret = "Q7kZp2XrT9mLw4Nc8VbY3s";
    for shape in SHAPES {
        let text = plant(&common::fixture("inputs/curl-clean.txt"), 3, shape, secret);
        for (route, out) in shared(&[Paste::new(text)]) {
            assert!(!out.contains(&secret[..12]), "{shape} leaked through {route}");
        }
    }
}

#[test]
fn example_diagnoses_do_not_change_with_redaction() {
    // The link test proves links keep the diagnosis; here, redaction keeps every report's
    // steps and verdict for every reader fixture.
    for text in fixtures() {
        let report = diagnose(&[Paste::new(text.as_str())]);
        let (redacted, _) = kvdoctor::engine::redact::report(&report);
        assert_eq!(redacted.verdict.primary, report.verdict.primary);
        let statuses = |r: &kvdoctor::engine::report::Report| r.steps.iter().map(|s| s.status).collect::<Vec<_>>();
        assert_eq!(statuses(&redacted), statuses(&report));
    }
}

/// Real outputs that print a vault's or an account's own secrets (see fixtures/secrets/SOURCES).
#[test]
fn real_secret_outputs_leave_no_value() {
    for (file, secrets) in [
        ("secrets/keyvault-secret-show.txt", &["mysecretvalue"][..]),
        ("secrets/storage-keys-list.txt", &["Xk3mP9qR2sT7vW1y", "Rt6uY8iO2pA4sD7f"][..]),
    ] {
        let text = common::fixture(file);
        for (route, out) in shared(&[Paste::new(text.as_str())]) {
            for secret in secrets {
                assert!(!out.contains(secret), "{file}: {secret} leaked through {route}");
            }
        }
        let (_, removed) = kvdoctor::engine::redact::redact(&[text]);
        assert!(!removed.is_empty(), "{file}: nothing listed");
    }
}

/// Pieces that steer the redaction rules, the JSON blanking and the name checks into their
/// corners, mixed with arbitrary text (accents, astral characters, controls).
const PIECES: &[&str] = &[
    "Password=",
    ";Name=Zoë",
    "\"value\": \"",
    "\\\"password\\\": \\\"",
    "Bearer ",
    "eyJ",
    ".eyJ",
    "-----BEGIN PRIVATE KEY-----",
    "-----END",
    "://",
    "@",
    "sig=",
    "\n",
    "{",
    "[",
    "\"",
    "\\",
    "ConvertTo-SecureString",
    " -p ",
    "curl -b ",
    "az login",
    "é",
    "ë",
    "\u{10348}",
    "\u{1b}[31m",
    "`",
    "|",
    "Authorization: ",
    "$(",
    ";",
    "ghp_",
    "Cookie: ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Issue 15 and its kind: no input makes redaction, links, renderers or name checks panic.
    #[test]
    fn nothing_shared_panics(parts in proptest::collection::vec(prop_oneof![
        proptest::sample::select(PIECES).prop_map(str::to_string),
        any::<String>(),
    ], 0..16)) {
        let text: String = parts.concat();
        let _ = kvdoctor::engine::redact::redact(std::slice::from_ref(&text));
        let pastes = vec![Paste::new(text.as_str())];
        let report = kvdoctor::engine::diagnose_case(&pastes, Some(&text));
        let _ = (render::markdown(&report), render::json(&report), render::text(&report));
        for whole in [false, true] {
            let _ = build_link_with("x", &SharedCase { pastes: pastes.clone(), vault: Some(text.clone()) }, whole);
        }
        let _ = kvdoctor::engine::guide::evidence_commands(&text);
    }
}

/// A note quotes the first 80 characters of a line it ignored. The line is cleaned whole, with
/// the lines above it, before it is cut: cut first, a secret whose context (the `@` of URL
/// credentials far along the line, a YAML secret's name on the line above) fell outside the
/// excerpt stayed in the note. Made-up secrets.
#[test]
fn notes_are_cleaned_before_they_are_cut() {
    let padding = "x".repeat(70);
    let cases = [
        format!("Error code: ForbiddenByConnection\nproxy https://deploy-bot:Summer2024xSummer2024x{padding}@proxy.contoso.example:8080"),
        "Error code: ForbiddenByConnection\n- name: DB_PASSWORD\n  value: Summer2024x".to_string(),
    ];
    for text in cases {
        let report = diagnose(&[Paste::new(text.clone())]);
        assert!(report.inputs[0]
            .notes
            .iter()
            .any(|n| n.starts_with("line 3 ignored") || n.starts_with("line 2 ignored")));
        for shown in [render::text(&report), render::markdown(&report), render::json(&report)] {
            assert!(!shown.contains("Summer2024x"), "{shown}");
        }
        assert!(render::removed(&report).iter().any(|r| r.paste == 1 && r.line >= 2), "the removal is listed");
    }
}
