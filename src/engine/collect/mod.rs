//! The collector: one read-only script per shell (bash, PowerShell) that runs every command
//! "What to run" would ask for, one after another, and prints them as one bundle the bundle
//! reader (`input::bundle`) splits back into pastes with their viewpoints.
//!
//! [`STEPS`] is the one table: each step's id, what it shows, the viewpoint its output has, and
//! its bash and PowerShell forms. Where "What to run" already words a command
//! (`checks::commands`), the step uses that function; the scripts only put test-only variables
//! where an address or port is contacted, so tests point everything at loopback stand-ins.

pub mod bash;
pub mod powershell;

use crate::engine::input::bundle::{self, View};
use crate::engine::vault::{self, VaultHost};

/// The collector's bundle format, printed in its header; the reader accepts this one.
pub const COLLECTOR_VERSION: &str = bundle::FORMAT;

/// Seconds one step may take before it is cut (each network command gets this bound).
pub const STEP_SECONDS: u32 = 10;

/// The vault a script collects about: its name checked by the same typing as every other name
/// a person gives ([`vault::typed`]), so what reaches a script is letters, digits, hyphens and dots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `contoso`
    pub vault: String,
    /// `contoso.vault.azure.net`
    pub host: String,
    /// `contoso.privatelink.vaultcore.azure.net`, when the cloud documents a zone.
    pub privatelink: Option<String>,
    /// `privatelink.vaultcore.azure.net`
    pub zone: Option<&'static str>,
    /// `https://vault.azure.net`: the token audience the identity endpoint is asked about.
    pub resource: String,
}

impl Target {
    /// The vault a person named (`contoso`, `contoso.vault.azure.net`, its URI); the reason
    /// when it is not a vault name.
    pub fn new(typed: &str) -> Result<Target, &'static str> {
        let host = vault::typed(typed)?.ok_or("no vault name was given")?;
        Ok(Target::from_host(&host))
    }

    fn from_host(host: &VaultHost) -> Target {
        Target {
            vault: host.name.clone(),
            host: host.public_host(),
            privatelink: host.privatelink_host(),
            zone: host.zone(),
            resource: format!("https://{}", host.cloud.vault_suffix),
        }
    }
}

/// The shell a script is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    PowerShell,
}

impl Shell {
    pub fn parse(text: &str) -> Option<Shell> {
        match text.trim().to_ascii_lowercase().as_str() {
            "bash" | "sh" => Some(Shell::Bash),
            "powershell" | "pwsh" | "ps" => Some(Shell::PowerShell),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::PowerShell => "powershell",
        }
    }
}

/// One read-only step of the collector.
pub struct Step {
    /// Printed in the section's marker (`=== kvdoctor step dns-system … ===`).
    pub id: &'static str,
    /// What its output shows, for the page and the script's comments.
    pub shows: &'static str,
    /// Which viewpoint its output has: the reader types the section by it.
    pub view: View,
    /// Runs only where `az` is signed in.
    pub needs_az: bool,
    /// The step's body in each shell. Every body prints its output and never stops the script.
    pub bash: fn(&Target) -> String,
    pub powershell: fn(&Target) -> String,
}

/// Every step, in the order the scripts run them.
pub const STEPS: &[Step] = &[
    Step {
        id: "dns-system",
        shows: "the vault's name through the machine's own resolver: the answer the code gets",
        view: View::SystemResolver,
        needs_az: false,
        bash: bash::dns_system,
        powershell: powershell::dns_system,
    },
    Step {
        id: "dns-azure",
        shows: "the vault's name through Azure DNS (168.63.129.16), which applies the private zones linked to the network; only answers inside Azure",
        view: View::AzureDns,
        needs_az: false,
        bash: bash::dns_azure,
        powershell: powershell::dns_azure,
    },
    Step {
        id: "dns-public",
        shows: "the vault's name through a public resolver: the internet's view, to compare",
        view: View::PublicResolver,
        needs_az: false,
        bash: bash::dns_public,
        powershell: powershell::dns_public,
    },
    Step {
        id: "dns-privatelink",
        shows: "the privatelink name directly, through the machine's own resolver",
        view: View::SystemResolver,
        needs_az: false,
        bash: bash::dns_privatelink,
        powershell: powershell::dns_privatelink,
    },
    Step {
        id: "hosts-file",
        shows: "hosts-file lines for the vault's names: an entry there overrides every resolver",
        view: View::HostsFile,
        needs_az: false,
        bash: bash::hosts_file,
        powershell: powershell::hosts_file,
    },
    Step {
        id: "proxy",
        shows: "the proxy settings the machine's tools use (host names only, never credentials)",
        view: View::Proxy,
        needs_az: false,
        bash: bash::proxy,
        powershell: powershell::proxy,
    },
    Step {
        id: "tcp-443",
        shows: "a TCP connection to port 443 of each address the name resolved to",
        view: View::Connection,
        needs_az: false,
        bash: bash::tcp,
        powershell: powershell::tcp,
    },
    Step {
        id: "tls",
        shows: "the TLS certificate as this machine sees it: subject, names and issuer (interception shows here)",
        view: View::Connection,
        needs_az: false,
        bash: bash::tls,
        powershell: powershell::tls,
    },
    Step {
        id: "healthstatus",
        shows: "an unauthenticated GET /healthstatus: the 401 challenge proves the path, x-ms-keyvault-network-info shows how the vault saw the caller",
        view: View::Connection,
        needs_az: false,
        bash: bash::healthstatus,
        powershell: powershell::healthstatus,
    },
    Step {
        id: "managed-identity",
        shows: "whether the managed identity endpoint answers: its status only, never a token",
        view: View::Identity,
        needs_az: false,
        bash: bash::managed_identity,
        powershell: powershell::managed_identity,
    },
    Step {
        id: "az-network",
        shows: "the vault's network settings (public access, firewall default, rules)",
        view: View::Azure,
        needs_az: true,
        bash: bash::az_network,
        powershell: powershell::az_network,
    },
    Step {
        id: "az-connections",
        shows: "the vault's private endpoint connections and their states",
        view: View::Azure,
        needs_az: true,
        bash: bash::az_connections,
        powershell: powershell::az_connections,
    },
    Step {
        id: "az-zone",
        shows: "the private DNS zone for the vault, its virtual network links and its A records",
        view: View::Azure,
        needs_az: true,
        bash: bash::az_zone,
        powershell: powershell::az_zone,
    },
    Step {
        id: "az-roles",
        shows: "the signed-in identity's role assignments on the vault (inherited ones included)",
        view: View::Azure,
        needs_az: true,
        bash: bash::az_roles,
        powershell: powershell::az_roles,
    },
];

/// The whole script for `shell`, the vault filled in.
pub fn script(shell: Shell, target: &Target) -> String {
    match shell {
        Shell::Bash => bash::script(target),
        Shell::PowerShell => powershell::script(target),
    }
}

/// The marker line a step's section opens with, as both scripts print it (their own variables
/// fill `host`); the reader's [`bundle::step_marker`] reads it.
fn marker_fields(step: &Step) -> String {
    format!("{} view={}", step.id, step.view.id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_plain() {
        for (i, step) in STEPS.iter().enumerate() {
            assert!(step.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", step.id);
            assert!(STEPS.iter().skip(i + 1).all(|s| s.id != step.id), "{} twice", step.id);
        }
    }

    #[test]
    fn only_vault_names_make_a_target() {
        assert_eq!(
            Target::new("contoso").unwrap().privatelink.as_deref(),
            Some("contoso.privatelink.vaultcore.azure.net")
        );
        assert_eq!(Target::new("https://contoso.vault.azure.net/").unwrap().vault, "contoso");
        for bad in ["", "a", "contoso;id", "$(id)", "contoso.vault.azure.net.evil.example", "it's"] {
            assert!(Target::new(bad).is_err(), "{bad}");
        }
    }
}
