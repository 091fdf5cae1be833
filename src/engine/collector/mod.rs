//! The collector: one read-only script per shell (bash, PowerShell) that runs every command
//! "What to run" would ask for, one after another, and prints them as one bundle the bundle
//! reader (`input::bundle`) splits back into pastes with their viewpoints.
//!
//! [`STEPS`] is the one table: each step's id, what it shows, the viewpoint its output has, and
//! its bash and PowerShell forms. Where "What to run" already words a command
//! (`checks::commands`), the step uses that function; the scripts only put test-only variables
//! where an address or port is contacted, so tests point everything at loopback stand-ins.

#[cfg(not(target_arch = "wasm32"))]
pub mod bash;
#[cfg(not(target_arch = "wasm32"))]
pub mod powershell;

use crate::engine::input::bundle::{self, View};
use crate::engine::vault;

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
    /// How a link or a command line writes it: `contoso`, or another cloud's host name.
    pub typed: String,
    /// `contoso.vault.azure.net`
    pub host: String,
}

impl Target {
    /// The vault a person named (`contoso`, `contoso.vault.azure.net`, its URI); the reason
    /// when it is not a vault name.
    pub fn new(typed: &str) -> Result<Target, &'static str> {
        let host = vault::typed(typed)?.ok_or("no vault name was given")?;
        Ok(Target { vault: host.name.clone(), typed: host.typed_form(), host: host.public_host() })
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
    /// The step's body in each shell, naming the vault through the script's own variables
    /// (the script types the name it is given). Every body prints its output and never stops
    /// the script. The page runs no script and only links to the served one, so the bodies are
    /// left out of its wasm.
    #[cfg(not(target_arch = "wasm32"))]
    pub bash: fn() -> String,
    #[cfg(not(target_arch = "wasm32"))]
    pub powershell: fn() -> String,
}

/// A [`Step`] whose bodies are `bash::$body` and `powershell::$body`.
macro_rules! step {
    ($id:literal, $view:ident, $az:literal, $body:ident, $shows:literal) => {
        Step {
            id: $id,
            shows: $shows,
            view: View::$view,
            needs_az: $az,
            #[cfg(not(target_arch = "wasm32"))]
            bash: bash::$body,
            #[cfg(not(target_arch = "wasm32"))]
            powershell: powershell::$body,
        }
    };
}

/// Every step, in the order the scripts run them.
pub const STEPS: &[Step] = &[
    step!("dns-system", SystemResolver, false, dns_system, "the vault's name through the machine's own resolver: the answer the code gets"),
    step!("dns-azure", AzureDns, false, dns_azure, "the vault's name through Azure DNS (168.63.129.16), which applies the private zones linked to the network; only answers inside Azure"),
    step!("dns-public", PublicResolver, false, dns_public, "the vault's name through a public resolver: the internet's view, to compare"),
    step!("dns-privatelink", SystemResolver, false, dns_privatelink, "the privatelink name directly, through the machine's own resolver"),
    step!("hosts-file", HostsFile, false, hosts_file, "hosts-file lines for the vault's names: an entry there overrides every resolver"),
    step!("proxy", Proxy, false, proxy, "the proxy settings the machine's tools use (host names only, never credentials)"),
    step!("tcp-443", Connection, false, tcp, "a TCP connection to port 443 of each address the name resolved to"),
    step!("tls", Connection, false, tls, "the TLS certificate as this machine sees it: subject, names and issuer (interception shows here)"),
    step!("healthstatus", Connection, false, healthstatus, "an unauthenticated GET /healthstatus: the 401 challenge proves the path, x-ms-keyvault-network-info shows how the vault saw the caller"),
    step!("managed-identity", Identity, false, managed_identity, "whether the managed identity endpoint answers: its status only, never a token"),
    step!("az-network", Azure, true, az_network, "the vault's network settings (public access, firewall default, rules)"),
    step!("az-connections", Azure, true, az_connections, "the vault's private endpoint connections and their states"),
    step!("az-zone", Azure, true, az_zone, "the private DNS zone for the vault, its virtual network links and its A records"),
    step!("az-roles", Azure, true, az_roles, "the signed-in identity's role assignments on the vault (inherited ones included)"),
];

/// The file a shell's generic script is served as, next to the page (`static/collect.sh`).
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "collect.sh",
        Shell::PowerShell => "collect.ps1",
    }
}

/// The served script's address for a page at `base` (its own address): the page's directory
/// and [`file_name`]. Only an `https` page, or a loopback `http` one (a local copy, the tests),
/// and only addresses of plain characters, which stand in single quotes in either shell.
pub fn script_url(shell: Shell, base: &str) -> Result<String, &'static str> {
    const REFUSED: &str = "this page's address cannot go into a command line safely: download the script below instead";
    let base = base.split(['#', '?']).next().unwrap_or_default();
    let (scheme, rest) = base.split_once("://").ok_or(REFUSED)?;
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            authority
        }
    });
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    let host_ok =
        !host.is_empty() && (loopback || host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
    let path_ok = rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"._~/-:[]".contains(&b));
    if !(scheme == "https" || (scheme == "http" && loopback)) || !host_ok || !path_ok {
        return Err(REFUSED);
    }
    let dir = match rest.rsplit_once('/') {
        Some((dir, _)) => format!("{scheme}://{dir}/"),
        None => format!("{base}/"),
    };
    Ok(format!("{dir}{}", file_name(shell)))
}

/// One way to run the served script: where it fits, and the line to paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneLiner {
    pub label: &'static str,
    pub command: String,
}

/// The lines that fetch the served script (`url`, from [`script_url`]) and run it for `target`,
/// the most common first. bash: `curl … | bash -s -- <vault>` (the script runs whole or not at
/// all, see `bash::PROLOGUE`); wget for hosts without curl; piped into a pod through `kubectl
/// exec -i` (pods rarely have curl, and may not reach the page); download, read, run.
/// PowerShell 5.1 and 7: the script made a script block from `Invoke-RestMethod` (no file, so
/// no execution policy applies), TLS 1.2 added first for 5.1 on older .NET (3072 is Tls12,
/// by number so .NET 4.0 accepts it too).
pub fn one_liners(shell: Shell, url: &str, target: &Target) -> Vec<OneLiner> {
    let vault = &target.typed;
    match shell {
        Shell::Bash => vec![
            OneLiner {
                label: "Linux, macOS, Cloud Shell, App Service SSH (bash and curl)",
                command: format!("curl -fsSL '{url}' | bash -s -- {vault}"),
            },
            OneLiner { label: "Without curl (wget, busybox with bash)", command: format!("wget -qO- '{url}' | bash -s -- {vault}") },
            OneLiner {
                label: "Inside a Kubernetes pod, fetched from your machine",
                command: format!("curl -fsSL '{url}' | kubectl exec -i <pod-name> -- bash -s -- {vault}"),
            },
            OneLiner {
                label: "Download, read, then run",
                command: format!("curl -fsSLo kvdoctor-collect.sh '{url}' && less kvdoctor-collect.sh && bash kvdoctor-collect.sh {vault}"),
            },
        ],
        Shell::PowerShell => vec![
            OneLiner {
                label: "Windows PowerShell 5.1, PowerShell 7, the App Service Kudu console",
                command: format!("[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072; & ([scriptblock]::Create((Invoke-RestMethod -UseBasicParsing '{url}'))) -Vault '{vault}'"),
            },
            OneLiner {
                label: "Download, read, then run",
                command: format!("Invoke-WebRequest -UseBasicParsing '{url}' -OutFile kvdoctor-collect.ps1; notepad kvdoctor-collect.ps1; powershell -ExecutionPolicy Bypass -File .\\kvdoctor-collect.ps1 -Vault '{vault}'"),
            },
        ],
    }
}

/// The placeholders the shared commands (`checks::commands`) are worded with here; each shell
/// puts its own variable where they stand, so one script serves every vault.
#[cfg(not(target_arch = "wasm32"))]
const PLACEHOLDER_VAULT: &str = "<vault-name>";
#[cfg(not(target_arch = "wasm32"))]
const PLACEHOLDER_HOST: &str = "<vault-name>.vault.azure.net";
#[cfg(not(target_arch = "wasm32"))]
const PLACEHOLDER_PRIVATELINK: &str = "<vault-name>.privatelink.vaultcore.azure.net";

/// `text` with the placeholders replaced by `(privatelink, host, vault)`, longest first.
#[cfg(not(target_arch = "wasm32"))]
fn with_vars(text: &str, vars: (&str, &str, &str)) -> String {
    text.replace(PLACEHOLDER_PRIVATELINK, vars.0).replace(PLACEHOLDER_HOST, vars.1).replace(PLACEHOLDER_VAULT, vars.2)
}

/// The whole script for `shell`: generic (the vault is its first argument, typed by the script
/// itself) when `target` is `None`, which is what the page serves as `collect.sh` and
/// `collect.ps1`; with `target`, the same script whose argument defaults to that vault.
#[cfg(not(target_arch = "wasm32"))]
pub fn script(shell: Shell, target: Option<&Target>) -> String {
    match shell {
        Shell::Bash => bash::script(target),
        Shell::PowerShell => powershell::script(target),
    }
}

/// A whole script: the prologue, one `section` per step, the epilogue; the prologue's
/// `@NAME@`s filled with the collector's constants, the cloud table and the default vault.
#[cfg(not(target_arch = "wasm32"))]
fn assemble(
    prologue: &str,
    epilogue: &str,
    section: fn(&Step) -> String,
    clouds: String,
    target: Option<&Target>,
) -> String {
    let mut out = fill(prologue, &clouds, target);
    for step in STEPS {
        out.push_str(&section(step));
    }
    out.push_str(epilogue);
    out
}

/// The one fill: constants, the cloud table, and the vault (`''` in the generic script).
#[cfg(not(target_arch = "wasm32"))]
fn fill(template: &str, clouds: &str, t: Option<&Target>) -> String {
    let about = match t {
        Some(t) => format!(
            " for the vault {} ({}); another vault's name as the first argument collects about that one instead",
            t.vault, t.host
        ),
        None => ": give it the vault's name (contoso, or its host name contoso.vault.azure.net)".to_string(),
    };
    template
        .replace("@FORMAT@", COLLECTOR_VERSION)
        .replace("@ABOUT@", &about)
        .replace("@DEFAULT@", t.map_or("", |t| t.typed.as_str()))
        .replace("@CLOUDS@", clouds)
        .replace("@AZURE_DNS@", &crate::engine::net::AZURE_DNS.to_string())
        .replace("@PUBLIC_DNS@", bundle::PUBLIC_RESOLVER)
        .replace("@SECONDS@", &STEP_SECONDS.to_string())
}

/// Each vault host suffix the script accepts, per cloud and service, with what it sets:
/// `(suffix, public suffix, privatelink zone, token audience)`, the forms [`vault::VaultHost::parse`] reads.
#[cfg(not(target_arch = "wasm32"))]
fn suffixes() -> Vec<(&'static str, &'static str, Option<&'static str>, String)> {
    let mut out = Vec::new();
    for cloud in vault::CLOUDS {
        let resource = format!("https://{}", cloud.vault_suffix);
        let vault_forms = [Some(cloud.vault_suffix), cloud.vault_zone];
        for suffix in vault_forms.into_iter().flatten() {
            out.push((suffix, cloud.vault_suffix, cloud.vault_zone, resource.clone()));
        }
        if let Some(hsm) = cloud.hsm_suffix {
            for suffix in [Some(hsm), cloud.hsm_zone].into_iter().flatten() {
                out.push((suffix, hsm, cloud.hsm_zone, resource.clone()));
            }
        }
    }
    // The longest first: `privatelink.managedhsm.azure.net` before `managedhsm.azure.net`, so
    // the first match leaves the vault's name alone, as `VaultHost::parse` finds it.
    out.sort_by_key(|(suffix, ..)| std::cmp::Reverse(suffix.len()));
    out
}

#[cfg(not(target_arch = "wasm32"))]
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
        (script(Shell::Bash, Some(&target)), script(Shell::PowerShell, Some(&target)))
    }

    /// Lines of a script without its comments (comments may say "writes no file").
    fn code(script: &str) -> Vec<&str> {
        script.lines().filter(|l| !l.trim_start().starts_with('#')).collect()
    }

    /// Redirections a collector may use: discarding, merging, and bash's socket descriptor.
    const ALLOWED_REDIRECTS: &[&str] = &[">/dev/null", "2>/dev/null", "2>&1", ">&3", ">&2", "2>$null", "3<>"];

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

    /// The PowerShell script runs as a script block in the console it was pasted into, where
    /// `exit` would close that console: it returns instead; it starts with its `param` block.
    #[test]
    fn the_powershell_script_never_exits_the_console() {
        let ps = script(Shell::PowerShell, None);
        for line in code(&ps) {
            // Outside single-quoted text ('kvdoctor: exit ' is a word printed, not run).
            let bare: String = line.split('\'').step_by(2).collect::<Vec<_>>().join(" ");
            assert!(!bare.split_whitespace().any(|w| w.eq_ignore_ascii_case("exit")), "{line}");
        }
        assert_eq!(code(&ps).first().copied(), Some("param([string]$Vault = '')"));
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
            let (in_bash, in_ps) = (format!("kv_default='{lower}'\n"), format!("param([string]$Vault = '{lower}')\n"));
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

    /// The page serves the generic scripts as committed files; they are the engine's output,
    /// byte for byte.
    #[test]
    fn the_served_scripts_are_the_engines() {
        for shell in [Shell::Bash, Shell::PowerShell] {
            let file = format!("{}/static/{}", env!("CARGO_MANIFEST_DIR"), file_name(shell));
            let served = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(
                served == script(shell, None),
                "{file} is not the engine's generic {} script: regenerate it with `cargo run -- collect --shell {} > {file}`",
                shell.id(),
                shell.id()
            );
            assert!(served.is_ascii(), "{file}: PowerShell 5.1 reads a BOM-less script as the system code page");
        }
    }

    /// One template, one fill: the script for a vault is the generic one with its default set.
    #[test]
    fn a_vaults_script_is_the_generic_one_with_a_default() {
        let target = Target::new("https://Fabrikam.vault.azure.cn/").unwrap();
        for (shell, generic, filled) in [
            (Shell::Bash, "kv_default=''", "kv_default='fabrikam.vault.azure.cn'"),
            (Shell::PowerShell, "param([string]$Vault = '')", "param([string]$Vault = 'fabrikam.vault.azure.cn')"),
        ] {
            let (g, f) = (script(shell, None), script(shell, Some(&target)));
            let strip = |s: &str, line: &str| -> String {
                s.lines()
                    .filter(|l| !l.starts_with("# kvdoctor collector v"))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .replacen(line, "", 1)
            };
            assert_eq!(strip(&g, generic), strip(&f, filled), "{shell:?}");
        }
    }

    #[test]
    fn the_served_scripts_address_is_next_to_the_page() {
        let url = |base: &str| script_url(Shell::Bash, base);
        assert_eq!(url("https://kvdoctor.example/"), Ok("https://kvdoctor.example/collect.sh".into()));
        assert_eq!(url("https://kvdoctor.example"), Ok("https://kvdoctor.example/collect.sh".into()));
        assert_eq!(
            url("https://kvdoctor.example/tools/index.html?a=b#vault=x"),
            Ok("https://kvdoctor.example/tools/collect.sh".into())
        );
        assert_eq!(url("http://127.0.0.1:8080/"), Ok("http://127.0.0.1:8080/collect.sh".into()));
        assert_eq!(script_url(Shell::PowerShell, "https://a.example/"), Ok("https://a.example/collect.ps1".into()));
        for refused in [
            "http://kvdoctor.example/",
            "file:///tmp/index.html",
            "https://kvdoctor.example/it's/",
            "https://kvdoctor.example/$(id)/",
            "https://user@kvdoctor.example/",
            "https://kvdoctor.example:x/",
            "",
        ] {
            assert!(url(refused).is_err(), "{refused}");
        }
        let lines = one_liners(Shell::Bash, "https://kvdoctor.example/collect.sh", &Target::new("contoso").unwrap());
        assert_eq!(lines[0].command, "curl -fsSL 'https://kvdoctor.example/collect.sh' | bash -s -- contoso");
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
        assert_eq!(Target::new("contoso").unwrap().host, "contoso.vault.azure.net");
        assert_eq!(Target::new("contoso.vault.azure.cn").unwrap().typed, "contoso.vault.azure.cn");
        assert_eq!(Target::new("https://contoso.vault.azure.net/").unwrap().vault, "contoso");
        for bad in ["", "a", "contoso;id", "$(id)", "contoso.vault.azure.net.evil.example", "it's"] {
            assert!(Target::new(bad).is_err(), "{bad}");
        }
    }
}
