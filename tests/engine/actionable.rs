//! Every sentence actionable (issue 26 item 5): a masked or placeholder value a paste carries
//! (`a.b.c.d`, `x.x.x.x`, `10.x.x.x`, `***`, `<ip>`, `<vault-name>`, `{tenant-id}`) is never
//! offered as a value to use; once the vault's name is known no command or hint keeps kvdoctor's
//! own `<vault-name>`; no template text (`: is not a Key Vault name` with nothing before it)
//! reaches the screen. Run over every whole case, every held fixture pasted alone, every
//! catalogue line, and masks planted into real pastes.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use crate::common;
use kvdoctor::engine::report::Report;
use kvdoctor::engine::{diagnose_case, Paste};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn texts_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// Every whole case (its pastes together: the page's examples and the test-only cases) and
/// every held fixture (alone), by name.
fn corpus() -> Vec<(String, Vec<String>)> {
    let mut cases = Vec::new();
    for (name, dir) in common::case_dirs() {
        cases.push((format!("example {name}"), common::case_pastes(&dir)));
    }
    let mut stack = vec![root().join("tests/fixtures")];
    while let Some(dir) = stack.pop() {
        // Secrets and fuzz regressions are not pastes of a case.
        if dir.ends_with("secrets") || dir.ends_with("regressions") {
            continue;
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            }
        }
        for file in texts_in(&dir) {
            if file.ends_with("messages/examples.txt") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            let name = file.strip_prefix(root()).unwrap().display().to_string();
            cases.push((name, vec![text]));
        }
    }
    let catalogue = std::fs::read_to_string(root().join("tests/fixtures/messages/examples.txt")).unwrap();
    for line in catalogue.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.splitn(3, '\t');
        let (Some(id), Some(_), Some(text)) = (fields.next(), fields.next(), fields.next()) else { continue };
        cases.push((format!("catalogue {id}"), vec![text.replace("\\n", "\n")]));
    }
    cases
}

fn report(pastes: &[String], vault: Option<&str>) -> Report {
    let pastes: Vec<Paste> = pastes.iter().map(|t| Paste::new(t.as_str())).collect();
    diagnose_case(&pastes, vault)
}

/// Every command the report suggests, with the sentence it belongs to.
fn commands(report: &Report) -> Vec<(String, String)> {
    report
        .steps
        .iter()
        .flat_map(|s| [&s.fix, &s.next])
        .flatten()
        .flat_map(|a| a.commands.iter().map(|c| (a.text.clone(), c.clone())))
        .collect()
}

/// Every sentence a reader sees that kvdoctor wrote (not the quoted evidence).
fn sentences(report: &Report) -> Vec<String> {
    let mut out = vec![report.verdict.summary.clone()];
    out.extend(report.notes.iter().cloned());
    for step in &report.steps {
        out.push(step.title.clone());
        for action in [&step.fix, &step.next].into_iter().flatten() {
            out.push(action.text.clone());
            out.extend(action.commands.iter().cloned());
        }
    }
    for symptom in &report.symptoms {
        out.push(symptom.summary.clone());
    }
    out
}

/// A word a person masked before pasting: `a.b.c.d`, `x.x.x.x`, `10.x.x.x`, `20.x.x`, `***`,
/// `XXXX`, `<ip>`, `{tenant-id}`, `[REDACTED]`. kvdoctor's own `<placeholder>`s are not masks.
fn masks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || "\"'`,;()=".contains(c)) {
        let word = word.trim_matches(|c: char| ".:/[]".contains(c));
        if word.is_empty() {
            continue;
        }
        let parts: Vec<&str> = word.split('.').collect();
        let dotted_mask = parts.len() >= 3
            && parts.iter().all(|p| {
                p.len() == 1 && p.bytes().all(|c| c.is_ascii_alphabetic())
                    || p.parse::<u8>().is_ok()
                    || p.bytes().all(|c| c == b'x' || c == b'X' || c == b'*')
            })
            && parts.iter().any(|p| p.parse::<u8>().is_err());
        let stars = word.contains("***");
        let xs = word.len() >= 4 && word.bytes().all(|c| c == b'X' || c == b'x');
        let braced = word.starts_with('{') && word.ends_with('}') && word.len() > 2;
        let redacted = word.to_ascii_uppercase().contains("REDACTED");
        if dotted_mask || stars || xs || braced || redacted {
            found.push(word.to_string());
        }
    }
    found
}

/// kvdoctor's own placeholders that stand for the vault's name.
const VAULT_PLACEHOLDERS: &[&str] = &["<vault-name>", "<your-vault>", "<vault>", "<key-vault-name>"];

#[test]
fn masked_values_never_reach_a_command() {
    let mut bad = Vec::new();
    for (name, pastes) in corpus() {
        let planted: Vec<String> = pastes.iter().flat_map(|p| masks(p)).collect();
        if planted.is_empty() {
            continue;
        }
        for (text, command) in commands(&report(&pastes, None)) {
            for mask in &planted {
                if command.contains(mask.as_str()) {
                    bad.push(format!("{name}: {mask:?} in {command:?} ({text})"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_known_vault_leaves_no_placeholder_for_its_name() {
    let mut bad = Vec::new();
    for (name, pastes) in corpus() {
        let report = report(&pastes, None);
        let Some(vault) = &report.vault else { continue };
        if kvdoctor::engine::names::problem(kvdoctor::engine::names::NameKind::Vault, &vault.name).is_some() {
            continue;
        }
        for sentence in sentences(&report) {
            for placeholder in VAULT_PLACEHOLDERS {
                if sentence.contains(placeholder) {
                    bad.push(format!("{name} (vault {}): {sentence:?}", vault.name));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn no_template_text_reaches_the_screen() {
    let mut bad = Vec::new();
    for (name, pastes) in corpus() {
        let report = report(&pastes, None);
        for sentence in sentences(&report) {
            let garbled = sentence.starts_with(':')
                || sentence.contains(" : ")
                || sentence.contains("\"\" ")
                || sentence.contains("{}")
                || sentence.contains("{0}")
                || sentence.contains("  ")
                || sentence.contains("<your-");
            if garbled {
                bad.push(format!("{name}: {sentence:?}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

const VAULT_MASKS: &[&str] = &["<your-vault>", "<vault-name>", "***", "xxxxx", "XXXXXXXX", "{vault}", "[REDACTED]"];
const ADDRESS_MASKS: &[&str] =
    &["a.b.c.d", "x.x.x.x", "10.x.x.x", "20.x.x", "***.***", "<ip>", "XXX.XXX.XXX.XXX", "***"];
const GROUP_MASKS: &[&str] = &["***", "xxx", "<rg>", "{resource-group}", "[REDACTED]"];
const GUID_MASKS: &[&str] =
    &["00000000-0000-0000-0000-000000000000", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "<object-id>", "***"];

/// `text` with every IPv4 address replaced by `mask`.
fn mask_addresses(text: &str, mask: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let trimmed = run.trim_end_matches('.');
        if trimmed.parse::<std::net::Ipv4Addr>().is_ok() {
            out.push_str(mask);
            out.push_str(&run[trimmed.len()..]);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || c == '.' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// `text` with every GUID replaced by `mask`.
fn mask_guids(text: &str, mask: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let candidate = rest.get(..36).filter(|c| kvdoctor::engine::names::is_guid(c));
        match candidate {
            Some(_) => {
                out.push_str(mask);
                rest = &rest[36..];
            }
            None => {
                let c = rest.chars().next().unwrap();
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// `text` with the resource group of every resource id replaced by `mask`.
fn mask_groups(text: &str, mask: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.to_ascii_lowercase().find("resourcegroups/") {
        let start = at + "resourcegroups/".len();
        out.push_str(&rest[..start]);
        let end = rest[start..].find(['/', '"', ' ', '\n', '\'']).map_or(rest.len(), |e| start + e);
        out.push_str(mask);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Whether `mask` stands in `command` as (part of) a value: kvdoctor's own placeholders are
/// allowed where the mask happens to be one.
fn offered(command: &str, mask: &str) -> bool {
    let own = ["<vault-name>", "<object-id>"];
    if own.contains(&mask) {
        return false;
    }
    command.split(|c: char| c.is_whitespace() || "'\"=".contains(c)).any(|word| word.contains(mask))
}

/// Masks planted where real pastes name the vault, an address, a resource group or an id: the
/// report never offers them as values, and names the masked vault as masked.
#[test]
fn planted_masks_never_reach_a_command() {
    let mut bad = Vec::new();
    let mut planted_cases = 0;
    for (name, pastes) in corpus().into_iter().filter(|(n, _)| n.starts_with("example") || n.contains("caller-403")) {
        let vault = report(&pastes, None).vault.map(|v| v.name);
        let mut variants: Vec<(String, Vec<String>)> = Vec::new();
        if let Some(vault) = vault.filter(|v| v.len() >= 3) {
            for mask in VAULT_MASKS {
                variants.push((mask.to_string(), pastes.iter().map(|p| p.replace(&vault, mask)).collect()));
            }
        }
        for mask in ADDRESS_MASKS {
            variants.push((mask.to_string(), pastes.iter().map(|p| mask_addresses(p, mask)).collect()));
        }
        for mask in GROUP_MASKS {
            variants.push((mask.to_string(), pastes.iter().map(|p| mask_groups(p, mask)).collect()));
        }
        for mask in GUID_MASKS {
            variants.push((mask.to_string(), pastes.iter().map(|p| mask_guids(p, mask)).collect()));
        }
        for (mask, masked) in variants {
            if masked == pastes {
                continue;
            }
            planted_cases += 1;
            let report = report(&masked, None);
            for (_, command) in commands(&report) {
                if offered(&command, &mask) {
                    bad.push(format!("{name} with {mask:?}: {command:?}"));
                }
            }
        }
    }
    assert!(planted_cases > 200, "only {planted_cases} planted cases");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The vault's resource group a paste states (`/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>`).
fn stated_group(pastes: &[String], vault: &str) -> Option<String> {
    for paste in pastes {
        let lower = paste.to_ascii_lowercase();
        let needle = format!("/providers/microsoft.keyvault/vaults/{}", vault.to_ascii_lowercase());
        let Some(at) = lower.find(&needle) else { continue };
        let head = &paste[..at];
        let start = head.to_ascii_lowercase().rfind("/resourcegroups/")? + "/resourcegroups/".len();
        return Some(head[start..].to_string());
    }
    None
}

/// A resource group a paste states for the vault fills the vault's commands: no command about
/// the vault keeps `<resource-group>` then.
#[test]
fn a_stated_resource_group_fills_the_vaults_commands() {
    let mut bad = Vec::new();
    for (name, pastes) in corpus() {
        let report = report(&pastes, None);
        let Some(vault) = &report.vault else { continue };
        let Some(group) = stated_group(&pastes, &vault.name) else { continue };
        if kvdoctor::engine::names::problem(kvdoctor::engine::names::NameKind::ResourceGroup, &group).is_some() {
            continue;
        }
        for (_, command) in commands(&report) {
            let about_vault = command.contains(&format!(" {}", vault.name));
            if about_vault && command.contains("<resource-group>") {
                bad.push(format!("{name} ({}, {group}): {command:?}", vault.name));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
