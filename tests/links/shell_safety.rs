//! A copied command never runs what a paste planted: hostile names in every name source (the
//! vault field, `#vault=`, the `v` field of a `#v1.` link, pastes: host names, resource ids,
//! caller ids, addresses, object names) never reach a suggested command unquoted, and a name
//! shaped like an option (`--debug`, `-d`) never stands as an argument of its own.
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kvdoctor::engine::page_text::evidence_commands;
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

/// Names shaped like options. `az` (Python's argparse) reads any word that begins with `-` as
/// an option, whether the shell saw it quoted or not (`-g '--debug'` turns on debug output and
/// leaves `-g` without its value), and so does PowerShell's call of the native `az`.
const OPTION_SHAPED: &[&str] = &["--debug", "-d", "--only-show-errors", "-h", "--verbose", "-0a1b"];

/// The words bash hands a command: split at unquoted spaces, quotes removed.
fn shell_words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quote) = (Vec::new(), String::new(), None);
    for c in command.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => words.extend((!word.is_empty()).then(|| std::mem::take(&mut word))),
            _ => word.push(c),
        }
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

/// No word of any command begins with the planted name: it stands only joined to its option.
fn assert_never_an_option(source: &str, name: &str, commands: &[String]) {
    for command in commands {
        for word in shell_words(command) {
            assert!(!word.starts_with(name), "{source} {name:?}: the word {word:?} in {command:?}");
        }
    }
}

/// Error texts that name an object (a secret, deleted or missing) and the caller.
fn object_errors(name: &str) -> Vec<Paste> {
    vec![
        Paste::new(format!("{{\"error\":{{\"code\":\"SecretNotFound\",\"message\":\"A secret with (name/id) {name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.\"}}}}")),
        Paste::new(format!("{{\"error\":{{\"code\":\"Conflict\",\"message\":\"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.\",\"innererror\":{{\"code\":\"ObjectIsDeletedButRecoverable\"}}}}}}")),
        Paste::new("curl -sv https://fabrikam.vault.azure.net/secrets/x"),
    ]
}

#[test]
fn option_shaped_names_never_stand_as_an_argument() {
    let mut joined = Vec::new();
    for name in OPTION_SHAPED {
        // Pastes: a resource group in ARM ids, the caller's object id, an object's name.
        for case in CASES {
            let planted: Vec<Paste> = example(case)
                .iter()
                .map(|p| {
                    let text = p.text.replace("rg-", &format!("{name}-"));
                    let text = text.replace("3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10", name);
                    Paste { text, kind: p.kind }
                })
                .collect();
            let all = commands(&diagnose_case(&planted, None));
            assert_never_an_option(case, name, &all);
            joined.extend(all.into_iter().filter(|c| c.contains(&format!("--resource-group={name}-"))));
        }
        let all = commands(&diagnose_case(&object_errors(name), None));
        assert_never_an_option("object names", name, &all);
        joined.extend(all.into_iter().filter(|c| c.contains(&format!("--name={name}"))));
        // The vault field, the evidence commands and links.
        let lookup = [Paste::new("Error code: ForbiddenByConnection")];
        assert_never_an_option("vault field", name, &commands(&diagnose_case(&lookup, Some(name))));
        let groups = evidence_commands(name);
        let evidence: Vec<String> = groups.iter().flat_map(|g| g.commands.iter().map(|c| c.1.clone())).collect();
        assert_never_an_option("evidence commands", name, &evidence);
        let readable = format!("#vault={}&error=ForbiddenByConnection", percent(name));
        if let Ok(Some(case)) = parse_fragment(&readable) {
            assert_never_an_option("#vault=", name, &commands(&diagnose_case(&case.pastes, case.vault.as_deref())));
        }
        let json = serde_json::json!({"p": [{"t": "Error code: ForbiddenByConnection"}], "v": name}).to_string();
        let v1 = format!("#v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9)));
        let case = parse_fragment(&v1).unwrap().unwrap();
        assert_never_an_option("v field", name, &commands(&diagnose_case(&case.pastes, case.vault.as_deref())));
    }
    // The joined form was met, for resource groups and object names alike.
    assert!(joined.iter().any(|c| c.contains("'--resource-group=--debug-")), "{joined:?}");
    assert!(joined.iter().any(|c| c.contains("'--name=--debug'")), "{joined:?}");
    for command in &joined {
        assert!(live_metacharacters(command).is_empty(), "{command}");
    }
}

#[test]
fn the_word_splitter_reads_quotes_as_bash_does() {
    assert_eq!(shell_words("az x -g '--debug' --name=\"a b\""), ["az", "x", "-g", "--debug", "--name=a b"]);
}

/// The name sources issue 26 added: a 403's `Resource:` id, an App Service reference's
/// `VaultName=` and the config-references `vaultName`, and a private endpoint connection's
/// target as the vault's resource group. Hostile and option-shaped names from them never reach
/// a command unquoted or as an option; the commands run where the pastes show the code runs.
#[test]
fn new_name_sources_stay_safe() {
    for name in HOSTILE.iter().chain(OPTION_SHAPED) {
        let pastes = [
            format!("ERROR: (Forbidden) Caller is not authorized to perform action on resource.\nCaller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=22222222-2222-2222-2222-222222222222\nResource: '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourcegroups/{name}/providers/microsoft.keyvault/vaults/{name}/secrets/db'\nInner error: {{\"code\": \"ForbiddenByRbac\"}}"),
            format!("Status: AccessToKeyVaultDenied\nDetails: Key Vault reference was not able to be resolved because site was denied access to Key Vault reference's vault.\n@Microsoft.KeyVault(VaultName={name};SecretName=db)"),
            format!("{{\"status\": \"AccessToKeyVaultDenied\", \"vaultName\": \"{name}\", \"secretName\": \"db\"}}"),
            // App Service's Kudu path names the app for `az webapp`.
            format!("Status: MSINotEnabled\nat D:\\DWASFiles\\Sites\\{name}\\Temp"),
            // The pod and namespace of a Scheduled event fill `kubectl exec`.
            format!("Warning FailedMount 42s kubelet MountVolume.SetUp failed for volume \"inline\" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name secrets-store.csi.k8s.io not found in the list of registered CSI drivers\nNormal Scheduled 19m default-scheduler Successfully assigned {name}/{name} to aks-node-1"),
        ];
        for paste in &pastes {
            let all = commands(&diagnose_case(&[Paste::new(paste.as_str())], None));
            assert!(!all.is_empty(), "{paste}: no command to check");
            assert_safe("new name sources", name, &all);
            if name.starts_with('-') {
                assert_never_an_option("new name sources", name, &all);
            }
        }
    }
}
