//! No planted secret leaves kvdoctor: secrets of every shape issue 14 lists, planted at random
//! lines of real fixtures, appear neither in the decoded link (used lines only, or whole) nor in
//! the Markdown, JSON or text report. The corpus of tests/fixtures/secrets/corpus.txt (one
//! entry per shape of docs/secret-removal.md, made-up secrets) is planted on lines of its own
//! and on lines a reader used, and checked through every route: reports, links, the page's
//! answers (address bar, print, copies) and the CLI.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

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

/// Real outputs to plant into: every whole case (the page's examples and the test-only cases)
/// and the reader fixtures.
fn fixtures() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(read_fixtures)
}

fn read_fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in common::CASE_HOMES.into_iter().chain(["tests/fixtures/inputs"]) {
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
        let case = SharedCase { pastes: pastes.to_vec(), vault: None, host: None };
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
    ";Password=",
    "Pwd={",
    "''",
    "sqlcmd -P ",
    "mysql -p",
    "curl -u a:",
    "-Password:",
    "u:p@",
    "dapi0123456789abcdef0123456789abcdef",
    "hooks.slack.com/services/",
    "-----BEGIN PGP PRIVATE KEY BLOCK-----",
    "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
    "Private-Lines: 2\n",
    "MIIKEAIBAzCC",
    "data:\n  ",
    "\"terraform_version\"",
    "az keyvault secret show -o tsv\n",
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
        // Whole pastes' removal leaves nothing it would remove again (as the fuzz target checks).
        let (clean, _) = kvdoctor::engine::redact::redact_whole(std::slice::from_ref(&text));
        let (again, more) = kvdoctor::engine::redact::redact_whole(&clean);
        prop_assert!(more.is_empty() && again == clean, "removed twice: {more:?} in {clean:?}");
        let pastes = vec![Paste::new(text.as_str())];
        let report = kvdoctor::engine::diagnose_case(&pastes, Some(&text));
        let _ = (render::markdown(&report), render::json(&report), render::text(&report));
        for whole in [false, true] {
            let _ = build_link_with("x", &SharedCase { pastes: pastes.clone(), vault: Some(text.clone()), host: None }, whole);
        }
        let _ = kvdoctor::engine::page_text::evidence_commands(&text);
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

/// One shape of tests/fixtures/secrets/corpus.txt: made-up secrets only.
struct Shape {
    id: String,
    secrets: Vec<String>,
    text: String,
}

/// The corpus, read once: `=== id`, `source:`, `secret:` lines, then the text.
fn corpus() -> &'static [Shape] {
    static ALL: std::sync::OnceLock<Vec<Shape>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let file = common::fixture("secrets/corpus.txt");
        file.split("\n=== ")
            .skip(1)
            .map(|entry| {
                let mut lines = entry.lines();
                let id = lines.next().unwrap().trim().to_string();
                let (mut secrets, mut text, mut source) = (Vec::new(), Vec::new(), false);
                for line in lines {
                    match (text.is_empty(), line.strip_prefix("source: "), line.strip_prefix("secret: ")) {
                        (true, Some(_), _) => source = true,
                        (true, _, Some(secret)) => secrets.push(secret.to_string()),
                        _ => text.push(line),
                    }
                }
                while text.last().is_some_and(|l| l.is_empty()) {
                    text.pop();
                }
                assert!(source && !secrets.is_empty() && !text.is_empty(), "{id}: a source, secrets and text");
                let text = text.join("\n");
                for secret in &secrets {
                    assert!(secret.len() >= 6 && text.contains(secret.as_str()), "{id}: {secret} is not in the text");
                }
                Shape { id, secrets, text }
            })
            .collect()
    })
}

/// The whole cases' pastes (the page's examples and the test-only cases), the real outputs the
/// corpus is planted into.
fn examples() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| common::case_dirs().iter().flat_map(|(_, dir)| common::case_pastes(dir)).collect())
}

/// The 1-based lines of `text` a reader used.
fn used_lines(text: &str) -> Vec<usize> {
    let mut facts = kvdoctor::engine::facts::Facts::default();
    let (_, used) = kvdoctor::engine::input::read_marked(1, text, None, &mut facts);
    used.iter().enumerate().filter(|(_, u)| **u).map(|(n, _)| n).collect()
}

/// `paste` with `shape` on lines of its own before line `at` (0-based), and those lines (1-based).
fn on_own_lines(paste: &str, at: usize, shape: &str) -> (String, Vec<usize>) {
    let mut lines: Vec<&str> = paste.split('\n').collect();
    let at = at % (lines.len() + 1);
    let count = shape.split('\n').count();
    lines.insert(at, shape);
    (lines.join("\n"), (at + 1..=at + count).collect())
}

/// `paste` with `shape` appended to a line a reader used, which a reader still uses with it
/// (so the default link carries that line): the first such line, if any.
fn on_a_used_line(paste: &str, shape: &str) -> Option<(String, Vec<usize>)> {
    let lines: Vec<&str> = paste.split('\n').collect();
    used_lines(paste).into_iter().take(12).find_map(|n| {
        let mut planted: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let line = planted.get_mut(n - 1)?;
        line.push(' ');
        line.push_str(shape);
        let text = planted.join("\n");
        used_lines(&text).contains(&n).then(|| (text, (n..n + shape.split('\n').count()).collect()))
    })
}

/// What the page sends out for `pastes`: the diagnosis answer (report, removal list, Markdown,
/// ticket, JSON: what is shown, printed and copied) and the address bar's link, used lines or
/// whole, as the shell reads them back from the engine's encoded answer.
fn page(pastes: &[Paste]) -> Vec<(String, String)> {
    use kvdoctor::engine::protocol::{decode, encode, Answer, Format, Request, Session};
    let texts: Vec<String> = pastes.iter().map(|p| p.text.clone()).collect();
    let mut session = Session::default();
    let mut out = Vec::new();
    for whole in [false, true] {
        let request = Request::Diagnose {
            slots: (1..=texts.len() as u32).collect(),
            kinds: vec![None; texts.len()],
            vault: String::new(),
            host: String::new(),
            whole,
            base: "https://kvdoctor.example/".to_string(),
            test_panic: false,
        };
        let Ok(Answer::Diagnosis(d)) = decode(&session.answer(&encode(&request), texts.clone())) else { panic!() };
        // What the copy buttons ask for, as they ask.
        let copied = [Format::Markdown, Format::Ticket, Format::Json].map(|format| {
            let render = Request::Render {
                format,
                slots: (1..=texts.len() as u32).collect(),
                kinds: vec![None; texts.len()],
                vault: String::new(),
                host: String::new(),
            };
            let Ok(Answer::Rendered(text)) = decode(&session.answer(&encode(&render), texts.clone())) else { panic!() };
            text
        });
        let [markdown, ticket, json] = copied;
        // The report's HTML as the browser reads it (a secret holding `&` or `<` is escaped there).
        let html = ["&lt;", "<", "&gt;", ">", "&quot;", "\"", "&#39;", "'", "&amp;", "&"]
            .chunks(2)
            .fold(d.html.clone(), |html, pair| html.replace(pair[0], pair[1]));
        let summary = serde_json::to_string(&(&d.summary, &d.removed)).unwrap();
        let shown = [html, summary, markdown, ticket, json];
        out.push((format!("page report (whole: {whole})"), shown.join("\n")));
        let url = d.link.unwrap().unwrap().url;
        let back = parse_fragment(&url).unwrap().unwrap();
        out.push((format!("address bar (whole: {whole})"), back.pastes.iter().map(|p| p.text.as_str()).collect()));
    }
    out
}

/// Every shape of the corpus, planted into example pastes on lines of its own and on a line a
/// reader used, leaves by no route: reports, links (used lines and whole), the page's answers.
/// Each is listed as removed where it was planted.
#[test]
fn no_corpus_secret_leaves_by_any_route() {
    let examples = examples();
    let mut never_on_a_used_line = Vec::new();
    for (i, shape) in corpus().iter().enumerate() {
        let mut on_used = false;
        for k in 0..2 {
            let paste = &examples[(i * 7 + k * 31) % examples.len()];
            let mut planted = vec![on_own_lines(paste, i + k * 5, &shape.text)];
            if let Some(used) = on_a_used_line(paste, &shape.text) {
                planted.push(used);
                on_used = true;
            }
            for (text, lines) in planted {
                let pastes = [Paste::new(text.as_str())];
                for (route, out) in shared(&pastes).into_iter().chain(page(&pastes)) {
                    for secret in &shape.secrets {
                        assert!(
                            !out.contains(secret.as_str()),
                            "{}: {secret} leaked through {route}:\n{out}",
                            shape.id
                        );
                    }
                }
                // Whole pastes list every removal (the preview shows them); a plain word where a
                // secret stands is only masked in a default link and in quotes, not listed.
                let (clean, removed) = kvdoctor::engine::redact::redact_whole(&[text]);
                assert!(removed.iter().any(|r| lines.contains(&r.line)), "{}: not listed on lines {lines:?}", shape.id);
                // What leaves is already clean: removing again finds nothing (as the fuzz target checks).
                let (again, more) = kvdoctor::engine::redact::redact_whole(&clean);
                assert!(more.is_empty() && again == clean, "{}: removed twice: {more:?}", shape.id);
            }
        }
        if !on_used && !shape.text.contains('\n') {
            never_on_a_used_line.push(shape.id.as_str());
        }
    }
    assert!(never_on_a_used_line.is_empty(), "no used line kept {never_on_a_used_line:?}");
}

/// The CLI, each format and both links (and the report a link opens to), for the whole corpus
/// in one paste after a real one: no planted value on standard output or error.
#[test]
fn no_corpus_secret_leaves_the_cli() {
    use std::io::Write;
    let all: Vec<&str> = corpus().iter().map(|s| s.text.as_str()).collect();
    let paste = format!("{}\n{}\n", examples()[0], all.join("\n\n"));
    let run = |args: &[&str]| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kvdoctor"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(paste.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let mut outputs = Vec::new();
    for args in [&["--format", "text", "-"][..], &["--format", "markdown", "-"], &["--format", "json", "-"]] {
        outputs.push((args.join(" "), run(args)));
    }
    for args in [&["--link", "-"][..], &["--link", "--whole", "-"]] {
        let (link, stderr) = run(args);
        assert!(stderr.contains("removed"), "{stderr}");
        let back = parse_fragment(link.trim()).unwrap().unwrap();
        let opened = run(&["--from-link", link.trim()]);
        outputs.push((args.join(" "), (back.pastes.iter().map(|p| p.text.as_str()).collect(), stderr)));
        outputs.push((format!("--from-link of {}", args.join(" ")), opened));
    }
    for (args, (stdout, stderr)) in outputs {
        for shape in corpus() {
            for secret in &shape.secrets {
                assert!(
                    !stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()),
                    "{}: {secret} left through kvdoctor {args}",
                    shape.id
                );
            }
        }
    }
}

/// Every kind of removal is in the public list (docs/secret-removal.md), so the list a
/// support team reviews cannot drift from the rules.
#[test]
fn every_kind_of_removal_is_in_the_public_list() {
    let doc = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/secret-removal.md"))
        .unwrap();
    for what in kvdoctor::engine::redact::what::ALL {
        assert!(doc.contains(&format!("| {what} |")), "docs/secret-removal.md does not list \"{what}\"");
    }
    for shape in corpus() {
        for (what, _) in kvdoctor::engine::redact::lines::clean(&shape.text).1 {
            assert!(
                kvdoctor::engine::redact::what::ALL.contains(&what),
                "{}: \"{what}\" is not in what::ALL",
                shape.id
            );
        }
    }
}

/// Shapes that would cost time quadratic in a line's length if a rule rescanned the rest of
/// the line per key, option or marker: each repeated into a line of 1 MB, which takes seconds
/// at worst when linear. Asserted by outcome (the values are gone), never by time.
#[test]
fn removal_stays_linear_on_long_lines_of_every_shape() {
    // (name, the piece repeated, what ends the line)
    let shapes: &[(&str, &str, &str)] = &[
        ("Password=", "Password=Summer2024x;", ""),
        (";Password=a b&c,d)", ";Password=a b&c,d)", ""),
        ("Password=\"", "Password=\"Summer2024x", ""),
        ("Pwd={", "Pwd={Summer2024x", ""),
        ("Password='a''", "Password='Summer2024x''", ""),
        ("--password \"", "--password \"Summer2024x ", ""),
        ("sqlcmd -P '", "sqlcmd -P 'Summer2024x", ""),
        ("mysql -p", "mysql -pSummer2024x", ""),
        ("curl -u a:", "curl -u a:Summer2024x", ""),
        ("proxy=u:", "proxy=u:Summer2024x@", ""),
        ("@", "u:Summer2024x@", ""),
        ("Proxy-Authorization: ", "Proxy-Authorization: Summer2024x ", ""),
        ("DB_SECRET_KEY_X=", "DB_SECRET_KEY_X=Summer2024x ", ""),
        ("x-api-key: ", "x-api-key: Summer2024x ", ""),
        ("dapi", "dapi0123456789abcdef0123456789abcdef ", ""),
        ("hooks.slack.com/services/", "hooks.slack.com/services/Summer2024x", ""),
        ("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----Summer2024x", ""),
        ("MIIK..AIBAz", "MIIKEAIBAzSummer2024x ", ""),
        ("\"value\": \"", "\"value\": \"Summer2024x", ""),
        ("curl -u without a colon", "curl -u a ", "curl -u a:Summer2024x"),
    ];
    for (name, piece, end) in shapes {
        let line = format!("{}{end}", piece.repeat((1 << 20) / piece.len()));
        let (out, removed) = kvdoctor::engine::redact::lines::clean(&line);
        assert!(!removed.is_empty(), "{name}: nothing removed");
        assert!(out.matches("Summer2024x").count() < 2, "{name}: the values stayed");
    }
    // Statuses in capitals (`secret: READ ERROR`) before blanks that run to the line's end.
    let line = format!("{}secret: Summer2024x{}", "secret: ABC ".repeat(1 << 15), " ".repeat(1 << 19));
    assert!(!kvdoctor::engine::redact::lines::clean(&line).0.contains("Summer2024x"), "a status hid a value");
    // Blocks over many lines: each line is read once, with what the lines above said.
    let entries = "  entry: Summer2024x\n".repeat((1 << 20) / 21);
    let (out, _) = kvdoctor::engine::redact::lines::clean(&format!("data:\n{entries}"));
    assert!(!out.contains("Summer2024x"), "a Kubernetes data map kept its values");
    let body = "Summer2024xSummer2024xSummer2024x\n".repeat((1 << 20) / 34);
    let (out, _) = kvdoctor::engine::redact::lines::clean(&format!("-----BEGIN PGP PRIVATE KEY BLOCK-----\n{body}"));
    assert!(!out.contains("Summer2024x"), "a PGP block kept its lines");
}
