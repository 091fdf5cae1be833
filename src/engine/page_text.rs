//! The page's words: its promise and hints, the evidence commands per platform users should
//! run, and the portal form's fields they fill in. The page renders these generically; the Key
//! Vault knowledge stays here.

use super::checks::{commands, Case};
use super::facts::{Facts, Platform};
use super::names::{self, NameKind, Shell};
use super::vault::{self, placeholder_host, VaultHost, PUBLIC_CLOUD};

/// The page's promise, under its title (also in the static first screen of index.html).
pub const PROMISE: &str =
    "Find out why you cannot reach your Azure Key Vault: paste what you have, get a step-by-step diagnosis.";
/// The privacy note beside it.
pub const PRIVACY: &str = "Everything stays in your browser: nothing you paste is sent anywhere.";
/// The page's hint while nothing is pasted (also in the static first screen): text, the command
/// shown as code, text.
pub const START_HINT: [&str; 3] = [
    "Start with the error message you got, or the output of ",
    "nslookup <your-vault>.vault.azure.net",
    " from the machine that fails. Add more pastes as you collect them: each one sharpens the diagnosis.",
];
/// The note beside the page's vault field (also in the static first screen).
pub const VAULT_FIELD_NOTE: &str = "(optional: fills in every suggested command)";
/// The empty paste area's placeholder (also in the static first screen).
pub const PASTE_PLACEHOLDER: &str = "Paste command output, an error message, or az JSON";

/// A titled group of commands (one platform or tool).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommandGroup {
    pub title: String,
    pub commands: Vec<(String, String)>,
}

/// The commands that collect evidence for `vault` (a name or a full host).
pub fn evidence_commands(vault: &str) -> Vec<CommandGroup> {
    // Only a vault's own name or host reaches a command (`vault::typed`): anything else,
    // `kv1.vault.azure.net.attacker.example` included, leaves the placeholder.
    let named = vault::typed(vault).ok().flatten();
    let host = named.as_ref().map_or_else(placeholder_host, VaultHost::public_host);
    let zone = named.as_ref().and_then(VaultHost::zone).or(PUBLIC_CLOUD.vault_zone).unwrap_or_default();
    let name = named.as_ref().map_or_else(|| "<vault-name>".to_string(), |v| v.name.clone());
    let ps = names::arg_for(Shell::PowerShell, NameKind::Host, &host);
    let sh = names::arg_for(Shell::Posix, NameKind::Host, &host);
    vec![
        CommandGroup {
            title: format!("Windows (PowerShell or cmd), {ON_THE_MACHINE}"),
            commands: vec![
                ("Which address the name resolves to".into(), commands::nslookup(&host)),
                ("The same through Azure DNS (from a VM in Azure)".into(), commands::nslookup_via_azure_dns(&host)),
                ("Whether port 443 is reachable".into(), format!("Test-NetConnection {ps} -Port 443")),
                ("What the vault sees of the connection".into(), format!("curl.exe -sv https://{ps}/healthstatus")),
            ],
        },
        CommandGroup {
            title: format!("Linux or macOS, {ON_THE_MACHINE}"),
            commands: vec![
                ("Which address the name resolves to".into(), commands::nslookup(&host)),
                ("The full answer with the DNS server".into(), format!("dig {sh}")),
                ("What the vault sees of the connection".into(), commands::healthstatus(&host)),
            ],
        },
        CommandGroup {
            title: "Azure CLI (anywhere you are signed in)".into(),
            commands: vec![
                (
                    "The vault: network rules, permission model, endpoint connections".into(),
                    commands::vault_show_all(&name),
                ),
                (
                    "Its private endpoint (address, connection state)".into(),
                    commands::endpoint_show("<resource-group>"),
                ),
                ("The private DNS zone's links".into(), commands::zone_links(zone)),
                ("The zone's A records".into(), commands::records_list(zone)),
            ],
        },
    ]
}

/// [`evidence_commands`], led by the commands that must run where the code runs when that is
/// known (`host`: what the pastes show, else the user's choice): in the pod, the container
/// app, the app's console, Cloud Shell.
/// The generic "on the machine that fails" groups (Windows, Linux) are left out below a host's
/// own group, except on a virtual machine, which is such a machine; the Azure CLI group, run
/// wherever the user is signed in, stays.
pub fn evidence_commands_on(vault: &str, host: Option<&Platform>) -> Vec<CommandGroup> {
    let mut groups = evidence_commands(vault);
    if let Some((host, group)) = host.and_then(|host| host_commands(vault, host).map(|g| (host, g))) {
        if *host != Platform::VirtualMachine {
            groups.retain(|g| !g.title.ends_with(ON_THE_MACHINE));
        }
        groups.insert(0, group);
    }
    groups
}

/// How the generic groups' titles end: run on the machine that fails.
const ON_THE_MACHINE: &str = "on the machine that fails";

/// The lookup, the connection test and the identity, each as it is run on `host`.
fn host_commands(vault: &str, host: &Platform) -> Option<CommandGroup> {
    let facts = Facts::default();
    let named = vault::typed(vault).ok().flatten().map(|v| v.typed_form());
    let case = Case::with_host(&facts, named.as_deref(), Some(host.clone()));
    let title = match host {
        Platform::Kubernetes => "In the failing AKS pod (where the code runs)",
        Platform::ContainerApps => "In the container app (where the code runs)",
        Platform::AppService => "In the App Service or Functions app's console (where the code runs)",
        Platform::CloudShell => "In Cloud Shell (where the code runs)",
        Platform::VirtualMachine => "On the virtual machine (where the code runs)",
        _ => return None,
    };
    let identity = match host {
        Platform::Kubernetes => ("The workload identity injected into the pod", commands::pod_identity_env(&case)),
        Platform::CloudShell => ("The account and tenant Cloud Shell signed you in with", commands::tenant_show()),
        other => ("The managed identities the host has", commands::identity_show(&case, Some(other))),
    };
    let host_name = case.host();
    let mut commands =
        vec![("Which address the name resolves to there".to_string(), commands::lookup_from(&case, &host_name))];
    commands.extend(
        commands::reach_from(&case, &host_name)
            .into_iter()
            .map(|c| ("Whether the vault answers from there".to_string(), c)),
    );
    commands.push((identity.0.to_string(), identity.1));
    Some(CommandGroup { title: title.to_string(), commands })
}

/// One field of the portal form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    /// Where to find it in the portal.
    pub hint: &'static str,
    /// Choices for a drop-down; empty for free text.
    pub choices: &'static [&'static str],
}

const STATES: &[&str] = &["Approved", "Pending", "Rejected", "Disconnected"];
const PROVISIONING: &[&str] = &["Succeeded", "Updating", "Failed"];

pub const PORTAL_FIELDS: &[Field] = &[
    Field { key: "uri", label: "Vault URI", hint: "Key vault > Overview", choices: &[] },
    Field {
        key: "vault_state",
        label: "Connection state (on the vault)",
        hint: "Key vault > Networking > Private endpoint connections",
        choices: STATES,
    },
    Field {
        key: "vault_provisioning",
        label: "Provisioning state (on the vault)",
        hint: "same tab",
        choices: PROVISIONING,
    },
    Field {
        key: "pe_state",
        label: "Connection status (on the private endpoint)",
        hint: "Private endpoint > Overview",
        choices: STATES,
    },
    Field {
        key: "pe_provisioning",
        label: "Provisioning state (on the private endpoint)",
        hint: "Private endpoint > Overview",
        choices: PROVISIONING,
    },
    Field {
        key: "nic_ip",
        label: "Private IP address of the endpoint's network interface",
        hint: "Private endpoint > Network interface > Overview",
        choices: &[],
    },
    Field { key: "zone", label: "Private DNS zone name", hint: "Private DNS zones", choices: &[] },
    Field {
        key: "record_name",
        label: "A record name",
        hint: "Private DNS zone > Overview (record list)",
        choices: &[],
    },
    Field { key: "record_ip", label: "A record address", hint: "same list, Value column", choices: &[] },
    Field {
        key: "linked",
        label: "Zone linked to the client's virtual network?",
        hint: "Private DNS zone > Virtual network links",
        choices: &["Yes", "No"],
    },
    Field {
        key: "public",
        label: "Public network access",
        hint: "Key vault > Networking > Firewalls and virtual networks",
        choices: &[
            "Allow public access from all networks",
            "Allow public access from specific virtual networks and IP addresses",
            "Disable public access",
        ],
    },
];

/// The portal form's values written as the portal shows them, so the portal reader reads them
/// like any paste.
pub fn portal_text(values: &[(&str, &str)]) -> String {
    let get = |key: &str| values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    let mut lines = Vec::new();
    let mut put = |label: &str, key: &str| {
        if let Some(v) = get(key) {
            lines.push(format!("{label}: {v}"));
        }
    };
    put("Vault URI", "uri");
    put("Connection state", "vault_state");
    put("Provisioning state", "vault_provisioning");
    put("Connection status", "pe_state");
    put("Provisioning state", "pe_provisioning");
    put("Private IP address", "nic_ip");
    put("Private DNS zone", "zone");
    if let (Some(name), Some(ip)) = (get("record_name"), get("record_ip")) {
        lines.push("Name\tType\tTTL\tValue".into());
        lines.push(format!("{name}\tA\t3600\t{ip}"));
    }
    match get("linked") {
        Some("Yes") => lines.extend([
            "Link Name\tLink status\tVirtual network\tAuto-registration".to_string(),
            "client-link\tCompleted\tclient-network\tDisabled".to_string(),
        ]),
        Some("No") => lines.push("Virtual network links: 0".into()),
        _ => {}
    }
    if let Some(choice) = get("public") {
        lines.push(choice.to_string());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{diagnose, report::Status, Paste};

    #[test]
    fn commands_carry_the_vault_name() {
        let groups = evidence_commands("contoso");
        assert_eq!(groups[0].commands[0].1, "nslookup contoso.vault.azure.net");
        assert!(groups[2].commands[0].1.contains("--name contoso"));
        assert_eq!(evidence_commands("kv1.vault.azure.cn")[1].commands[1].1, "dig kv1.vault.azure.cn");
    }

    /// A link's vault can be any text: only a vault's own host ever reaches a command.
    #[test]
    fn a_host_that_is_not_the_vaults_never_reaches_a_command() {
        for hostile in ["kv1.vault.azure.net.attacker.example", "attacker.example", "--debug", "kv1;id"] {
            for group in evidence_commands(hostile) {
                for (_, command) in group.commands {
                    assert!(!command.contains("attacker") && !command.contains("debug") && !command.contains(";id"));
                    assert!(command.contains("<vault-name>") || !command.contains("kv1"), "{command}");
                }
            }
        }
    }

    #[test]
    fn the_form_feeds_the_same_engine() {
        let text = portal_text(&[
            ("uri", "https://contoso.vault.azure.net/"),
            ("vault_state", "Pending"),
            ("nic_ip", "10.1.2.4"),
            ("record_name", "contoso"),
            ("record_ip", "10.1.2.9"),
            ("zone", "privatelink.vaultcore.azure.net"),
            ("linked", "No"),
            ("public", "Disable public access"),
        ]);
        let report = diagnose(&[Paste::new(text)]);
        assert_eq!(report.inputs[0].kind.id(), "portal");
        assert_eq!(report.step("pe-connection-approved").unwrap().status, Status::Fail);
        assert_eq!(report.step("zone-a-record-ip").unwrap().status, Status::Fail);
        assert_eq!(report.step("zone-vnet-link").unwrap().status, Status::Fail);
        assert!(report.inputs[0].notes.is_empty(), "{:?}", report.inputs[0].notes);
    }
}
