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

/// A whole script: the prologue, one `section` per step, the epilogue, with the target's
/// names and the collector's constants filled into every `@NAME@`.
fn assemble(prologue: &str, epilogue: &str, section: fn(&Step, &Target) -> String, target: &Target) -> String {
    let mut out = fill(prologue, target);
    for step in STEPS {
        out.push_str(&section(step, target));
    }
    out.push_str(epilogue);
    out
}

fn fill(template: &str, t: &Target) -> String {
    template
        .replace("@FORMAT@", COLLECTOR_VERSION)
        .replace("@VAULT@", &t.vault)
        .replace("@HOST@", &t.host)
        .replace("@PRIVATELINK@", t.privatelink.as_deref().unwrap_or(""))
        .replace("@ZONE@", t.zone.unwrap_or(""))
        .replace("@RESOURCE@", &t.resource)
        .replace("@AZURE_DNS@", &crate::engine::net::AZURE_DNS.to_string())
        .replace("@PUBLIC_DNS@", bundle::PUBLIC_RESOLVER)
        .replace("@SECONDS@", &STEP_SECONDS.to_string())
}

/// The marker line a step's section opens with, as both scripts print it (their own variables
/// fill `host`); the reader's [`bundle::step_marker`] reads it.
fn marker_fields(step: &Step) -> String {
    format!("{} view={}", step.id, step.view.id())
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn both(vault: &str) -> (String, String) {
        let target = Target::new(vault).unwrap();
        (script(Shell::Bash, &target), script(Shell::PowerShell, &target))
    }

    /// Lines of a script without its comments (comments may say "writes no file").
    fn code(script: &str) -> Vec<&str> {
        script.lines().filter(|l| !l.trim_start().starts_with('#')).collect()
    }

    /// Redirections a collector may use: discarding, merging, and bash's socket descriptor.
    const ALLOWED_REDIRECTS: &[&str] = &[">/dev/null", "2>/dev/null", "2>&1", ">&3", "2>$null", "3<>"];

    /// Words that write, change or sign in: none may run in a collector.
    const BASH_WRITES: &[&str] = &[
        "rm ",
        "mv ",
        "cp ",
        "tee ",
        "dd ",
        "mkdir",
        "touch ",
        "chmod",
        "chown",
        "ln -",
        "truncate",
        "sed -i",
        "install ",
        "crontab",
        "systemctl",
        "kubectl ",
        "curl -X",
        "--data",
        "-d @",
        "-T ",
        "--upload",
        "-o /tmp",
        "-O ",
    ];
    const PS_WRITES: &[&str] = &[
        "set-item",
        "set-content",
        "add-content",
        "out-file",
        "new-item",
        "new-object",
        "remove-",
        "clear-",
        "copy-item",
        "move-item",
        "rename-item",
        "export-",
        "start-process",
        "invoke-expression",
        "iex ",
        "set-executionpolicy",
        "set-location",
        "set-variable",
        "new-psdrive",
        "uploadstring",
        "uploadfile",
        "downloadfile",
    ];
    const AZ_WRITES: &[&str] = &[
        "create",
        "update",
        "delete",
        "set",
        "add",
        "remove",
        "assign",
        "approve",
        "reject",
        "purge",
        "recover",
        "reset",
        "import",
        "restore",
        "backup",
        "login",
        "logout",
        "get-access-token",
        "rotate",
        "set-policy",
        "delete-policy",
        "add-record",
        "remove-record",
        "set-attributes",
        "start",
        "stop",
        "restart",
        "invoke",
        "rest",
    ];

    fn writes(script: &str, shell: Shell) -> Vec<String> {
        let mut found = Vec::new();
        for line in code(script) {
            let lower = line.to_ascii_lowercase();
            let verbs = if shell == Shell::Bash { BASH_WRITES } else { PS_WRITES };
            let at_word = |v: &str| {
                lower.match_indices(v).any(|(i, _)| {
                    lower
                        .get(..i)
                        .and_then(|s| s.chars().last())
                        .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                })
            };
            found.extend(verbs.iter().filter(|v| at_word(v)).map(|v| format!("{v:?} in {line}")));
            for (at, _) in line.match_indices('>') {
                let around = |w: &str| {
                    ALLOWED_REDIRECTS.iter().any(|a| {
                        a.match_indices('>')
                            .any(|(i, _)| at >= i && line.get(at - i..).is_some_and(|rest| rest.starts_with(a)))
                    }) || w.is_empty()
                };
                // `->>`, `-gt` style comparisons are not PowerShell's; a `>` inside a quoted
                // string or a printf format is text, which the scanner cannot tell apart: only
                // these known spots may hold one.
                let quoted_text =
                    line.contains("printf") && !line.contains(" >") && !line.contains(">&") && !line.contains(">/");
                if !around(line) && !quoted_text {
                    found.push(format!("redirection in {line}"));
                }
            }
            for az in lower.split("az ").skip(1) {
                let command = az.split(['|', ')', '}', ';']).next().unwrap_or_default();
                let command = command.split(" --").next().unwrap_or_default();
                let words: Vec<&str> = command.split_whitespace().collect();
                found.extend(AZ_WRITES.iter().filter(|v| words.contains(v)).map(|v| format!("az {v} in {line}")));
            }
        }
        found
    }

    /// Whatever could print a token: a token request whose answer is not discarded.
    fn token_output(script: &str) -> Vec<String> {
        let mut found = Vec::new();
        for line in code(script) {
            let lower = line.to_ascii_lowercase();
            if lower.contains("access_token") || lower.contains("get-access-token") || lower.contains("accesstoken") {
                found.push(line.to_string());
            }
            // The identity endpoint is asked only with its answer discarded: curl `-o /dev/null`
            // printing the status code, or the status line alone (`head -n 1`), or .NET's
            // StatusCode with the response closed unread.
            let asks = lower.contains("kv_mi_url\"") || lower.contains("$kvmiurl)");
            let discards = lower.contains("-o /dev/null -w '%{http_code}'")
                || lower.contains("head -n 1")
                || lower.contains("webrequest]::create($kvmiurl)");
            if asks && !discards {
                found.push(line.to_string());
            }
            if lower.contains("getresponsestream") || lower.contains("readtoend") || lower.contains(".content") {
                found.push(line.to_string());
            }
        }
        found
    }

    #[test]
    fn scripts_write_nothing_and_print_no_token() {
        for vault in ["contoso", "kv-prod-01", "https://fabrikam.vault.azure.net/", "contoso.vault.azure.cn"] {
            let (bash, ps) = both(vault);
            assert_eq!(writes(&bash, Shell::Bash), Vec::<String>::new(), "{vault}");
            assert_eq!(writes(&ps, Shell::PowerShell), Vec::<String>::new(), "{vault}");
            assert_eq!(token_output(&bash), Vec::<String>::new());
            assert_eq!(token_output(&ps), Vec::<String>::new());
        }
    }

    /// The scanner is not blind: a write, a redirection, an az change and a token print are
    /// each caught.
    #[test]
    fn the_scanner_catches_writes_and_tokens() {
        let (bash, ps) = both("contoso");
        for planted in [
            "rm -f /tmp/x",
            "echo x > /etc/hosts",
            "az keyvault update --name contoso --default-action Allow",
            "az role assignment create --role x",
        ] {
            assert!(!writes(&format!("{bash}\n{planted}\n"), Shell::Bash).is_empty(), "{planted}");
        }
        for planted in
            ["Set-Content -Path x -Value y", "Remove-Item x", "'x' | Out-File y", "az keyvault delete --name contoso"]
        {
            assert!(!writes(&format!("{ps}\n{planted}\n"), Shell::PowerShell).is_empty(), "{planted}");
        }
        assert!(!token_output("curl -s \"$kv_mi_url\"\n").is_empty());
        assert!(!token_output("az account get-access-token\n").is_empty());
    }

    #[test]
    fn every_step_has_its_marker_in_both_scripts() {
        let (bash, ps) = both("contoso");
        for step in STEPS {
            let marker = marker_fields(step);
            assert!(bash.contains(&format!("kv_step '{marker}'")), "{marker}");
            assert!(ps.contains(&format!("kvStep '{marker}'")), "{marker}");
        }
    }

    #[test]
    fn the_bash_script_parses() {
        let (bash, _) = both("contoso");
        let out = std::process::Command::new("bash").args(["-n", "-c", &bash]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    /// What breaks a script in Windows PowerShell 5.1, or expands where it should not.
    #[test]
    fn the_powershell_script_keeps_to_5_1_and_expands_nothing_unplanned() {
        let (_, ps) = both("contoso");
        for line in code(&ps) {
            for pitfall in [
                "??",
                "?.",
                "&&",
                "||",
                "-SkipCertificateCheck",
                "-AsHashtable",
                "Invoke-WebRequest",
                "Invoke-RestMethod",
                "ForEach-Object -Parallel",
                "using namespace",
                "clean {",
            ] {
                assert!(!line.contains(pitfall), "{pitfall:?} in {line}");
            }
            // A ternary (`$a ? b : c`) is 7 only.
            assert!(!line.contains(" ? "), "{line}");
            // In double quotes only the script's own variables expand.
            for quoted in line.split('"').skip(1).step_by(2) {
                for (at, _) in quoted.match_indices('$') {
                    let rest = quoted.get(at + 1..).unwrap_or_default();
                    assert!(
                        rest.starts_with("kv") || rest.starts_with('_') || rest.starts_with("env:"),
                        "unplanned $ in \"{quoted}\": {line}"
                    );
                }
            }
        }
        // Braces and quotes balance (a lost one makes the whole script fail to parse).
        let strip = |s: &str| -> String {
            let mut out = String::new();
            let mut quote: Option<char> = None;
            for c in s.chars() {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == '\'' || c == '"' => quote = Some(c),
                    None => out.push(c),
                }
            }
            out
        };
        let bare: String = code(&ps).iter().map(|l| strip(l) + "\n").collect();
        assert_eq!(bare.matches('{').count(), bare.matches('}').count());
        assert_eq!(bare.matches('(').count(), bare.matches(')').count());
    }

    /// A valid vault name: a letter, then letters, digits and single hyphens, 3–24 long.
    fn vault_name() -> impl Strategy<Value = String> {
        "[a-zA-Z](-?[a-zA-Z0-9]){1,11}".prop_filter("3-24", |n| (3..=24).contains(&n.len()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever the name, it reaches both scripts once, in single quotes, and every other
        /// place it stands is a word of plain characters.
        #[test]
        fn any_valid_name_is_quoted_safely(name in vault_name()) {
            let (bash, ps) = both(&name);
            let lower = name.to_ascii_lowercase();
            let (in_bash, in_ps) = (format!("kv_vault='{lower}'\n"), format!("$kvVault = '{lower}'\n"));
            prop_assert!(bash.contains(&in_bash), "bash: {}", in_bash);
            prop_assert!(ps.contains(&in_ps), "powershell: {}", in_ps);
            for script in [&bash, &ps] {
                for (at, _) in script.match_indices(&lower) {
                    let before = script.get(..at).and_then(|s| s.chars().last()).unwrap_or(' ');
                    let after = script.get(at + lower.len()..).and_then(|s| s.chars().next()).unwrap_or(' ');
                    prop_assert!(!matches!(before, '$' | '`' | '\\'), "{before}{lower}");
                    prop_assert!(!matches!(after, '(' | '`'), "{lower}{after}");
                }
            }
        }

        /// Anything that is not a vault name never makes a script.
        #[test]
        fn anything_else_makes_no_script(name in "[a-z]{1,5}[;$`'\"(){} |&<>][a-z]{1,5}") {
            prop_assert!(Target::new(&name).is_err());
        }
    }

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
