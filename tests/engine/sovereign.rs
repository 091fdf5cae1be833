//! A vault in a sovereign cloud is diagnosed with that cloud's names: every command and fix names
//! its hosts, zone and token resource, never the public cloud's. And the checks keep their
//! commands in `checks/commands.rs`, where the cloud is decided once.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use common::fixture;
use kvdoctor::engine::report::Report;
use kvdoctor::engine::vault::CLOUDS;
use kvdoctor::engine::{diagnose_texts, page_text};

/// Every command and fix text of a report.
fn advice(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for step in &report.steps {
        for action in step.fix.iter().chain(step.next.iter()) {
            out.push(action.text.clone());
            out.extend(action.commands.iter().cloned());
        }
    }
    out
}

fn china(names: &[&str]) -> Report {
    let texts: Vec<String> = names.iter().map(|n| fixture(&format!("sovereign/{n}"))).collect();
    diagnose_texts(&texts.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The public cloud's Key Vault names, which a China vault's advice must never contain.
const PUBLIC: [&str; 3] = ["vault.azure.net", "vaultcore.azure.net", "managedhsm.azure.net"];

fn assert_no_public_names(advice: &[String]) {
    for line in advice {
        assert!(!PUBLIC.iter().any(|p| line.contains(p)), "public-cloud name in: {line}");
    }
}

#[test]
fn china_dns_advice_names_the_china_zone_and_forwarder() {
    let report = china(&["china-custom-dns.txt"]);
    assert_eq!(
        report.vault.as_ref().map(|v| (v.host.as_str(), v.cloud.as_ref())),
        Some(("contoso.vault.azure.cn", "china"))
    );
    let step = report.step("dns-private-address").unwrap();
    let fix = step.fix.as_ref().expect("a custom server without forwarder is a failure with a fix");
    assert!(fix.text.contains("forwarder for vaultcore.azure.cn"), "{}", fix.text);
    assert!(fix.commands.iter().any(|c| c == "nslookup contoso.vault.azure.cn 168.63.129.16"), "{:?}", fix.commands);
    let all = advice(&report);
    assert!(all.iter().any(|c| c.contains("-z privatelink.vaultcore.azure.cn")), "{all:#?}");
    assert_no_public_names(&all);
}

#[test]
fn china_token_commands_ask_for_the_china_resource() {
    let report = china(&["china-custom-dns.txt", "china-audience.txt"]);
    let fix = report.step("auth-audience").unwrap().fix.clone().expect("AKV10022 is a failure");
    assert_eq!(fix.commands, ["az account get-access-token --resource https://vault.azure.cn"]);
    assert_no_public_names(&advice(&report));

    let report = china(&["china-no-token.txt"]);
    let step = report.step("auth-token-present").unwrap();
    let commands: Vec<&String> = step.fix.iter().chain(step.next.iter()).flat_map(|a| &a.commands).collect();
    assert_eq!(commands, ["az account get-access-token --resource https://vault.azure.cn"], "{step:?}");
    assert_no_public_names(&advice(&report));
}

#[test]
fn the_evidence_guide_uses_the_vaults_cloud() {
    let commands: Vec<String> = page_text::evidence_commands("kv1.vault.azure.cn")
        .into_iter()
        .flat_map(|g| g.commands)
        .map(|(_, c)| c)
        .collect();
    assert!(commands.iter().any(|c| c.contains("-z privatelink.vaultcore.azure.cn")), "{commands:#?}");
    assert_no_public_names(&commands);
}

/// Source of each check, from its first line up to its tests.
fn check_sources() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/checks");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "rs") || name == "commands.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        // Doc comments are the check's documentation (the page's text), not what it emits.
        let code: Vec<&str> = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
        out.push((name, code.join("\n")));
    }
    assert!(out.len() > 20, "the checks were not found in {}", dir.display());
    out
}

#[test]
fn no_check_writes_a_command_or_a_cloud_host_itself() {
    let mut hosts: Vec<&str> = vec!["168.63.129.16"];
    for cloud in CLOUDS {
        hosts.push(cloud.vault_suffix);
        hosts.extend(cloud.vault_zone.map(|z| z.trim_start_matches("privatelink.")));
        hosts.extend(cloud.hsm_suffix);
    }
    for (file, code) in check_sources() {
        for (i, line) in code.lines().enumerate() {
            let az = line.match_indices("az ").any(|(at, _)| {
                at == 0 || !line.as_bytes().get(at - 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            });
            assert!(!az, "{file}: an az command outside commands.rs: {line}");
            for host in &hosts {
                assert!(!line.contains(host), "{file}:{}: {host} written in a check: {line}", i + 1);
            }
        }
    }
}

#[test]
fn no_check_compares_azure_values_as_strings() {
    for (file, code) in check_sources() {
        for needle in ["eq_ignore_ascii_case(\"", "to_ascii_lowercase().as_str()", "== \"approved\"", "== \"deny\""] {
            assert!(!code.contains(needle), "{file} compares a value as a string ({needle})");
        }
    }
}
