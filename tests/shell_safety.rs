//! A copied command never runs what a paste planted: hostile names in every name source (the
//! vault field, `#vault=`, the `v` field of a `#v1.` link, pastes: host names, resource ids,
//! caller ids, addresses) never reach a suggested command unquoted.
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kvdoctor::engine::guide::evidence_commands;
use kvdoctor::engine::report::Report;
use kvdoctor::engine::share::parse_fragment;
use kvdoctor::engine::{diagnose_case, Paste};

/// Planted names: bash and PowerShell metacharacters, quotes, newlines. Each runs `pwned`.
const HOSTILE: &[&str] = &[
    "contoso;{touch,pwned};x",
    "contoso$(touch pwned)",
    "contoso`touch pwned`",
    "contoso&touch pwned",
    "contoso&&pwned",
    "contoso|pwned",
    "contoso'; touch pwned; '",
    "contoso\"; touch pwned; \"",
    "contoso\ntouch pwned",
    "contoso$(Start-Process pwned)",
    "contoso; Remove-Item pwned",
    "kv1)(pwned",
    "kv1>pwned",
    "kv1 -o pwned",
];

/// Words of a command as bash reads them; each word says whether a metacharacter appeared
/// outside quotes (or `$`/backtick inside double quotes, where bash still expands them).
fn live_metacharacters(command: &str) -> Vec<String> {
    // kvdoctor's own constructs: placeholders the user fills in, `&&` between two commands,
    // and the vault id looked up by a command of its own.
    let mut cleaned = command.replace(" && ", " ");
    while let Some(start) = cleaned.find('<') {
        let Some(len) = cleaned[start..].find('>') else { break };
        let inner = &cleaned[start + 1..start + len];
        if !inner.bytes().all(|c| c.is_ascii_lowercase() || c == b'-') {
            break;
        }
        cleaned.replace_range(start..=start + len, "PLACEHOLDER");
    }
    if let Some(start) = cleaned.find("$(az keyvault show --name ") {
        if let Some(len) = cleaned[start..].find(" --query id -o tsv)") {
            cleaned.replace_range(start..start + len + " --query id -o tsv)".len(), "VAULTID");
        }
    }
    let mut found = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut chars = cleaned.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '\\' if !single => {
                chars.next();
            }
            '$' | '`' if !single => found.push(format!("{c} in {command:?}")),
            ';' | '&' | '|' | '(' | ')' | '<' | '>' | '\n' | '{' | '}' if !single && !double => {
                found.push(format!("{c:?} in {command:?}"))
            }
            _ => {}
        }
    }
    if single || double {
        found.push(format!("unbalanced quotes in {command:?}"));
    }
    found
}

fn commands(report: &Report) -> Vec<String> {
    report.steps.iter().flat_map(|s| [&s.fix, &s.next]).flatten().flat_map(|a| a.commands.iter().cloned()).collect()
}

fn assert_safe(source: &str, name: &str, commands: &[String]) {
    for command in commands {
        // In a paste a newline starts a real line of its own: `touch pwned.vault.azure.net`
        // then names a (valid) vault, which is not an injection.
        let own_line = name.contains('\n') && !matches!(source, "vault field" | "evidence commands" | "v field");
        // A valid name (`kv1)(pwned-sec` is a valid resource group) may appear, single-quoted.
        let unquoted: String = command.split('\'').step_by(2).collect();
        assert!(own_line || !unquoted.contains("pwned"), "{source} {name:?}: planted text in {command:?}");
        let live = live_metacharacters(command);
        assert!(live.is_empty(), "{source} {name:?}: {live:?}");
    }
}

fn example(case: &str) -> Vec<Paste> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/examples/cases").join(case);
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|f| f.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| Paste::new(std::fs::read_to_string(f).unwrap())).collect()
}

const CASES: &[&str] = &[
    "tcp-connection-pending",
    "tcp-host-header",
    "pe-pending",
    "zone-not-linked",
    "pipeline-agent-firewall",
    "rbac-contributor-only",
    "a-record-wrong-ip",
    "access-policy-missing-get",
    "tenant-mismatch",
    "pe-disconnected",
];

#[test]
fn the_vault_field_and_links_never_put_a_hostile_name_in_a_command() {
    for name in HOSTILE {
        let lookup = [Paste::new("Error code: ForbiddenByConnection")];
        let report = diagnose_case(&lookup, Some(name));
        assert_safe("vault field", name, &commands(&report));
        if report.vault.is_some() {
            assert!(
                report.notes.iter().any(|n| n.contains("left out of the suggested commands")),
                "{name:?}: {:?}",
                report.notes
            );
        }
        let groups = evidence_commands(name);
        assert_safe(
            "evidence commands",
            name,
            &groups.iter().flat_map(|g| g.commands.iter().map(|c| c.1.clone())).collect::<Vec<_>>(),
        );
        let readable = format!("#vault={}&error=ForbiddenByConnection", percent(name));
        if let Ok(Some(case)) = parse_fragment(&readable) {
            assert_safe("#vault=", name, &commands(&diagnose_case(&case.pastes, case.vault.as_deref())));
        }
        let json = serde_json::json!({"p": [{"t": "Error code: ForbiddenByConnection"}], "v": name}).to_string();
        let v1 = format!("#v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9)));
        let case = parse_fragment(&v1).unwrap().unwrap();
        // A link's vault is only a vault's own name (`vault::typed`): a hostile one is set aside.
        assert_eq!(case.vault, None, "{name:?}");
        assert_safe("v field", name, &commands(&diagnose_case(&case.pastes, Some(name))));
    }
}

#[test]
fn hostile_names_in_pastes_never_reach_a_command() {
    for name in HOSTILE {
        for case in CASES {
            let pastes = example(case);
            // The vault's name, every resource group, every object id and address replaced.
            let planted: Vec<Paste> = pastes
                .iter()
                .map(|p| {
                    let text = p.text.replace("fabrikam", name).replace("rg-", &format!("{name}-"));
                    let text = text.replace("10.1.2.4", name).replace("0b1f6471-1bf0-4dda-aec3-111122223333", name);
                    Paste { text, kind: p.kind }
                })
                .collect();
            let report = diagnose_case(&planted, None);
            assert_safe(case, name, &commands(&report));
        }
        let lookup =
            format!("Server:  UnKnown\nAddress:  10.0.0.1\n\nName:    {name}.vault.azure.net\nAddress:  52.1.2.3\n");
        assert_safe("nslookup", name, &commands(&diagnose_case(&[Paste::new(lookup)], None)));
    }
}

#[test]
fn valid_names_that_need_quotes_are_quoted() {
    let pastes: Vec<Paste> = example("tcp-connection-pending")
        .into_iter()
        .map(|p| Paste { text: p.text.replace("rg-sec", "rg(sec)").replace("rg-app", "rg(app)"), kind: p.kind })
        .collect();
    let all = commands(&diagnose_case(&pastes, None));
    let with_rg: Vec<&String> = all.iter().filter(|c| c.contains("rg(")).collect();
    assert!(!with_rg.is_empty(), "{all:?}");
    for command in with_rg {
        assert!(command.contains("'rg(sec)'") || command.contains("'rg(app)'"), "{command}");
        assert!(live_metacharacters(command).is_empty(), "{command}");
    }
}

#[test]
fn the_splitter_finds_what_it_must() {
    assert!(!live_metacharacters("nslookup contoso;touch x").is_empty());
    assert!(!live_metacharacters("az keyvault show --name \"a$(id)\"").is_empty());
    assert!(live_metacharacters("az group show -g 'rg(1)' --query \"[?name=='x']\"").is_empty());
    assert!(live_metacharacters(
        "az x -g <resource-group> && az y --scope $(az keyvault show --name kv --query id -o tsv)"
    )
    .is_empty());
}

fn percent(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
