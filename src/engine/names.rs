//! Names that go into suggested commands. Every name is checked against Azure's naming rules
//! where it is used (it may come from a paste, the vault field or a link), then quoted for the
//! shell that runs the command. A name that fails is left out: the command keeps its
//! `<placeholder>` and the report says why, so a copied command never runs planted text.

use std::net::IpAddr;

/// Declares `NameKind` from one list: each kind with its rule (the doc), the placeholder a
/// command keeps without a valid name, and the noun a note uses; `NameKind::ALL` is that list.
macro_rules! name_kinds {
    ($($(#[$doc:meta])* $kind:ident = $placeholder:literal, $noun:literal;)+) => {
        /// What a name is, which decides the rule it must follow and the placeholder used without it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum NameKind {
            $($(#[$doc])* $kind,)+
        }

        impl NameKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [NameKind] = &[$(NameKind::$kind),+];

            pub fn placeholder(self) -> &'static str {
                match self {
                    $(NameKind::$kind => $placeholder,)+
                }
            }

            fn noun(self) -> &'static str {
                match self {
                    $(NameKind::$kind => $noun,)+
                }
            }
        }
    };
}

name_kinds! {
    /// Key Vault or Managed HSM: 3–24 letters, digits and hyphens, a letter first.
    Vault = "<vault-name>", "Key Vault name";
    /// 1–90 letters, digits, `_ ( ) - .`, not ending in `.`.
    ResourceGroup = "<resource-group>", "resource group name";
    /// A DNS name: a host or a private DNS zone.
    Host = "<vault-name>.vault.azure.net", "host name";
    /// An IPv4 or IPv6 address, optionally with a `/prefix`.
    Address = "<address>", "IP address";
    /// An object, application or tenant id.
    Guid = "<object-id>", "object id";
    /// A tenant: a GUID or a domain.
    Tenant = "<tenant-id>", "tenant id";
    /// `/subscriptions/…`: segments of letters, digits and `_ ( ) - .`.
    ResourceId = "<resource-id>", "resource id";
    /// A token audience: `https://host[/]`.
    Audience = "<resource>", "token audience";
    /// A built-in role name: letters, digits, spaces and hyphens.
    Role = "<role>", "role name";
    /// A secret, key or certificate: 1–127 letters, digits and hyphens.
    Object = "<object-name>", "object name";
    /// A Kubernetes pod: a DNS subdomain (lower-case letters, digits, `-` and `.`, ≤ 253).
    Pod = "<pod-name>", "pod name";
    /// A Kubernetes namespace: a DNS label (lower-case letters, digits and `-`, ≤ 63).
    Namespace = "<namespace>", "namespace";
    /// An App Service or Functions app: 2–60 letters, digits and hyphens, a letter or digit at
    /// each end.
    App = "<app-name>", "app name";
}

/// Whether a person masked `value` before pasting: `***`, `[REDACTED]`, `<vault-name>`,
/// `{tenant-id}`, `xxxxx`, `XXXX-XXXX`, an all-zero GUID, and for addresses `a.b.c.d`,
/// `x.x.x.x`, `10.x.x.x`. A masked value is never offered as a value to use (issue 26).
pub fn is_masked(kind: NameKind, value: &str) -> bool {
    let v = value.trim();
    let bracketed = |open: char, close: char| v.starts_with(open) && v.ends_with(close) && v.len() > 2;
    if v.contains('*')
        || v.to_ascii_lowercase().contains("redacted")
        || bracketed('<', '>')
        || bracketed('{', '}')
        || bracketed('[', ']')
    {
        return true;
    }
    // Every letter or digit an x: `xxxxx`, `XXXX-XXXX`, `xxx.xxx.xxx.xxx`.
    let xs = |w: &str| {
        let alnum: Vec<u8> = w.bytes().filter(u8::is_ascii_alphanumeric).collect();
        alnum.len() >= 3 && alnum.iter().all(|c| *c == b'x' || *c == b'X')
    };
    if xs(v) || (is_guid(v) && v.bytes().all(|c| c == b'0' || c == b'-')) {
        return true;
    }
    let masked_segment = |seg: &str| {
        xs(seg) || (is_guid(seg) && seg.bytes().all(|c| c == b'0' || c == b'-')) || seg.starts_with(['<', '{', '['])
    };
    match kind {
        // `/subscriptions/00000000-…/resourceGroups/xxx/…`: any segment masked.
        NameKind::ResourceId => v.split('/').any(masked_segment),
        // The first label of a host is the vault's name: `xxxx.vault.azure.net`, `<vault>.vault…`.
        NameKind::Host => v.split('.').next().is_some_and(|label| xs(label) || label.contains(['<', '{', '['])),
        // `a.b.c.d`, `x.x.x.x`, `10.x.x.x`, `20.x.x`: letters where numbers belong.
        NameKind::Address => {
            let ip = v.split_once('/').map_or(v, |(ip, _)| ip);
            let parts: Vec<&str> = ip.split('.').collect();
            (3..=4).contains(&parts.len())
                && parts.iter().all(|p| {
                    p.parse::<u8>().is_ok()
                        || (!p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_alphabetic()))
                })
                && parts.iter().any(|p| p.parse::<u8>().is_err())
        }
        _ => false,
    }
}

/// The note for a name the paste masked: the commands keep kvdoctor's placeholder.
pub fn masked_note(kind: NameKind, value: &str) -> String {
    format!(
        "The {} was masked in the paste ({}): the commands say {} for you to fill in.",
        kind.noun(),
        shown(value),
        kind.placeholder()
    )
}

/// Why `value` is not a valid name of `kind`; `None` when it is.
pub fn problem(kind: NameKind, value: &str) -> Option<String> {
    if is_masked(kind, value) {
        return Some(format!("{} is masked", shown(value)));
    }
    let ok = match kind {
        NameKind::Vault => is_vault(value),
        NameKind::ResourceGroup => is_resource_group(value),
        NameKind::Host => is_host(value),
        NameKind::Address => is_address(value),
        // Object ids are GUIDs; shortened ones (docs, tests) are still only hex and hyphens, and
        // never begin with one (`-d` would be read as an option).
        NameKind::Guid => {
            (1..=36).contains(&value.len())
                && value.bytes().all(|c| c.is_ascii_hexdigit() || c == b'-')
                && !value.starts_with('-')
        }
        NameKind::Tenant => is_guid(value) || (is_host(value) && value.contains('.')),
        NameKind::ResourceId => is_resource_id(value),
        NameKind::Audience => is_audience(value),
        NameKind::Object => {
            (1..=127).contains(&value.len()) && value.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        }
        NameKind::Pod => is_kubernetes(value, 253, true),
        NameKind::Namespace => is_kubernetes(value, 63, false),
        NameKind::App => {
            let b = value.as_bytes();
            (2..=60).contains(&b.len())
                && b.first().is_some_and(u8::is_ascii_alphanumeric)
                && b.last().is_some_and(u8::is_ascii_alphanumeric)
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        }
        NameKind::Role => {
            (1..=64).contains(&value.len())
                && value.chars().all(|c| c.is_ascii_alphanumeric() || " -".contains(c))
                && !value.starts_with('-')
        }
    };
    let rule = match kind {
        NameKind::Vault => " (3–24 letters, digits and hyphens, starting with a letter)",
        NameKind::ResourceGroup => " (up to 90 letters, digits, underscores, hyphens, periods and parentheses)",
        _ => "",
    };
    (!ok).then(|| format!("{} is not a valid {}{rule}", shown(value), kind.noun()))
}

/// A name as text in a sentence: quoted, control characters shown as `?`, long ones cut.
pub fn shown(value: &str) -> String {
    let clean: String = value.chars().take(80).map(|c| if c.is_control() { '?' } else { c }).collect();
    let cut = if value.chars().count() > 80 { "…" } else { "" };
    format!("\"{clean}{cut}\"")
}

fn is_vault(v: &str) -> bool {
    let b = v.as_bytes();
    (3..=24).contains(&b.len())
        && b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && !v.contains("--")
}

/// A Kubernetes name: lower-case letters, digits and `-` (and `.` where `dots`), beginning
/// and ending with a letter or digit.
fn is_kubernetes(v: &str, max: usize, dots: bool) -> bool {
    let b = v.as_bytes();
    (1..=max).contains(&b.len())
        && b.first().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.last().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || (dots && *c == b'.'))
}

fn is_rg_char(c: char) -> bool {
    c.is_alphanumeric() || "_()-.".contains(c)
}

fn is_resource_group(v: &str) -> bool {
    (1..=90).contains(&v.chars().count()) && v.chars().all(is_rg_char) && !v.ends_with('.')
}

fn is_host(v: &str) -> bool {
    let v = v.strip_suffix('.').unwrap_or(v);
    (1..=253).contains(&v.len())
        && v.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
                && !label.starts_with('-')
        })
}

fn is_address(v: &str) -> bool {
    let (ip, prefix) = v.split_once('/').unwrap_or((v, "0"));
    ip.parse::<IpAddr>().is_ok() && prefix.parse::<u8>().is_ok_and(|p| p <= 128)
}

pub fn is_guid(v: &str) -> bool {
    let groups: Vec<&str> = v.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|c| c.is_ascii_hexdigit()))
}

fn is_resource_id(v: &str) -> bool {
    v.len() <= 1024
        && v.starts_with("/subscriptions/")
        && v.strip_prefix('/')
            .is_some_and(|id| id.trim_end_matches('/').split('/').all(|s| !s.is_empty() && s.chars().all(is_rg_char)))
}

fn is_audience(v: &str) -> bool {
    v.strip_prefix("https://").is_some_and(|rest| is_host(rest.strip_suffix('/').unwrap_or(rest)))
}

/// The shell a command is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    /// bash, zsh, sh: `'…'` with `'\''` for a quote.
    Posix,
    /// PowerShell: `'…'` with `''` for a quote; also treats typographic quotes as quotes.
    PowerShell,
    /// A command that runs in bash and PowerShell alike (the az CLI lines of the report).
    /// Quoting is only possible without a quote inside, which a valid name never has.
    Either,
}

/// Characters that mean nothing to bash, PowerShell or cmd inside a word.
fn plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-./:=,+".contains(c)
}

/// `value` as one word of `shell`; `None` when it cannot be written safely (control characters,
/// or a quote in a command for either shell).
pub fn quote(shell: Shell, value: &str) -> Option<String> {
    if value.is_empty() || value.chars().any(char::is_control) {
        return None;
    }
    if value.chars().all(plain) && !value.starts_with('-') {
        return Some(value.to_string());
    }
    let single = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}');
    match shell {
        Shell::Posix => Some(format!("'{}'", value.replace('\'', r"'\''"))),
        Shell::PowerShell => Some(format!("'{}'", value.replace(single, "''"))),
        Shell::Either => (!value.contains(single)).then(|| format!("'{value}'")),
    }
}

/// The checks' own placeholders beside the kinds' (`<caller-object-id>`, …).
const OWN_PLACEHOLDERS: &[&str] = &[
    "caller-object-id",
    "principal-id",
    "client-id",
    "client-public-ip",
    "secret-name",
    "key-name",
    "certificate-name",
];

/// kvdoctor's own `<vault-name>` or `<vault-name>.vault.azure.net`: left for the user to fill
/// in. A paste's own mask (`<your-vault>`, `<kv>`) is not one: it becomes kvdoctor's.
fn is_placeholder(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('<') else { return false };
    let Some((inner, tail)) = rest.split_once('>') else { return false };
    let own = NameKind::ALL
        .iter()
        .filter_map(|k| k.placeholder().strip_prefix('<').and_then(|p| p.split_once('>')))
        .any(|(p, _)| p == inner)
        || OWN_PLACEHOLDERS.contains(&inner);
    own && tail.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// `value` ready for a command if it is a valid `kind`, else the placeholder.
pub fn arg_for(shell: Shell, kind: NameKind, value: &str) -> String {
    if is_placeholder(value) {
        return value.to_string();
    }
    if problem(kind, value).is_some() {
        return kind.placeholder().to_string();
    }
    quote(shell, value).unwrap_or_else(|| kind.placeholder().to_string())
}

/// [`arg_for`] for the report's commands, which run in bash or PowerShell.
pub fn arg(kind: NameKind, value: &str) -> String {
    arg_for(Shell::Either, kind, value)
}

/// An option and its value for an `az` command: `-g rg-app`, or, for a name that begins with
/// `-` (a resource group or an object may: `--debug`, `-d`), one word joining the value to the
/// option's long name, `'--resource-group=--debug'`. Quotes alone do not help: the shell strips
/// them, in PowerShell too (az is a native command there), and az's argument parser (Python's
/// argparse) reads any word that begins with `-` as an option; it binds `--name=value` whole,
/// and knack's scan for `--debug`, `--verbose` and `--only-show-errors` compares whole words.
pub fn option(flag: &str, long: &str, kind: NameKind, value: &str) -> String {
    let word = arg(kind, value);
    if !value.starts_with('-') || word.starts_with('<') {
        return format!("{flag} {word}");
    }
    quote(Shell::Either, &format!("{long}={value}")).unwrap_or_else(|| format!("{flag} {}", kind.placeholder()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_rules() {
        assert_eq!(problem(NameKind::Vault, "kv-prod-01"), None);
        for bad in ["ab", "1kv", "kv-", "k--v", "contoso;{touch,pwned};x", "contoso$(id)", "a".repeat(25).as_str()] {
            assert!(problem(NameKind::Vault, bad).is_some(), "{bad}");
        }
        assert_eq!(problem(NameKind::ResourceGroup, "rg-(prod)_1.a"), None);
        assert!(problem(NameKind::ResourceGroup, "rg.").is_some());
        assert!(problem(NameKind::ResourceGroup, "rg;rm").is_some());
        assert_eq!(problem(NameKind::Address, "10.0.0.4/32"), None);
        assert!(problem(NameKind::Address, "10.0.0.4;id").is_some());
        assert_eq!(problem(NameKind::Tenant, "contoso.onmicrosoft.com"), None);
        assert!(problem(NameKind::Host, "kv.vault.azure.net`id`").is_some());
    }

    #[test]
    fn quoting_differs_per_shell() {
        assert_eq!(quote(Shell::Posix, "rg(1)").as_deref(), Some("'rg(1)'"));
        assert_eq!(quote(Shell::Posix, "it's").as_deref(), Some(r"'it'\''s'"));
        assert_eq!(quote(Shell::PowerShell, "it’s").as_deref(), Some("'it''s'"));
        assert_eq!(quote(Shell::Either, "it's"), None);
        assert_eq!(quote(Shell::Posix, "a\nb"), None);
        assert_eq!(arg(NameKind::ResourceGroup, "rg;touch x"), "<resource-group>");
        assert_eq!(arg(NameKind::ResourceGroup, "rg(1)"), "'rg(1)'");
    }

    /// A value a person masked is never a value to use: the kind's placeholder stands in.
    #[test]
    fn masked_values_are_placeholders() {
        for (kind, value) in [
            (NameKind::Address, "a.b.c.d"),
            (NameKind::Address, "x.x.x.x"),
            (NameKind::Address, "10.x.x.x"),
            (NameKind::Address, "XXX.XXX.XXX.XXX"),
            (NameKind::Address, "***.***"),
            (NameKind::Address, "<ip>"),
            (NameKind::Vault, "<your-vault>"),
            (NameKind::Vault, "xxxxx"),
            (NameKind::Vault, "***"),
            (NameKind::Vault, "{vault}"),
            (NameKind::Host, "xxxx.vault.azure.net"),
            (NameKind::Host, "<your-vault>.vault.azure.net"),
            (NameKind::ResourceGroup, "[REDACTED]"),
            (NameKind::ResourceGroup, "xxx"),
            (NameKind::Guid, "00000000-0000-0000-0000-000000000000"),
            (NameKind::Guid, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
            (NameKind::Tenant, "{tenant-id}"),
            (NameKind::ResourceId, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"),
            (NameKind::ResourceId, "/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/resourceGroups/xxx/providers/Microsoft.KeyVault/vaults/kv"),
        ] {
            assert!(is_masked(kind, value), "{kind:?} {value}");
            assert_eq!(arg(kind, value), kind.placeholder(), "{kind:?} {value}");
        }
        for (kind, value) in [
            (NameKind::Address, "10.0.0.4"),
            (NameKind::Vault, "kv-prod-01"),
            (NameKind::Vault, "box-vault"),
            (NameKind::Host, "kv.vault.azure.net"),
            (NameKind::ResourceGroup, "rg-xxl"),
            (NameKind::Guid, "6f1e1b7c-2a4d-4c3e-9d3e-2b9b1c6f0a11"),
        ] {
            assert!(!is_masked(kind, value), "{kind:?} {value}");
        }
        // kvdoctor's own placeholders pass through; a paste's own are replaced by them.
        assert_eq!(arg(NameKind::Vault, "<vault-name>"), "<vault-name>");
        assert_eq!(arg(NameKind::Host, "<your-vault>.vault.azure.net"), "<vault-name>.vault.azure.net");
    }

    #[test]
    fn kubernetes_names() {
        assert_eq!(problem(NameKind::Pod, "nginx-deployment-6748746f8f-xdxgg"), None);
        assert_eq!(problem(NameKind::Pod, "web.v2-0"), None);
        assert_eq!(problem(NameKind::Namespace, "aks-keyvault"), None);
        for bad in ["Nginx", "-d", "a;b", "pod-", "a b", "$(id)"] {
            assert!(problem(NameKind::Pod, bad).is_some(), "{bad}");
        }
        assert!(problem(NameKind::Namespace, "a.b").is_some());
        assert_eq!(arg(NameKind::Pod, "--debug"), "<pod-name>");
    }

    /// A name that begins with `-` never stands as a word of its own after an option: it is
    /// joined to the option's long name, or its kind's rules refuse it.
    #[test]
    fn option_shaped_names_are_joined_or_refused() {
        assert_eq!(option("-g", "--resource-group", NameKind::ResourceGroup, "rg-app"), "-g rg-app");
        assert_eq!(option("-g", "--resource-group", NameKind::ResourceGroup, "--debug"), "'--resource-group=--debug'");
        assert_eq!(option("-g", "--resource-group", NameKind::ResourceGroup, "-d"), "'--resource-group=-d'");
        assert_eq!(option("-g", "--resource-group", NameKind::ResourceGroup, "-(x)"), "'--resource-group=-(x)'");
        assert_eq!(option("--name", "--name", NameKind::Object, "-x"), "'--name=-x'");
        assert_eq!(option("-g", "--resource-group", NameKind::ResourceGroup, "-a;b"), "-g <resource-group>");
        assert_eq!(
            option("-g", "--resource-group", NameKind::ResourceGroup, "<resource-group>"),
            "-g <resource-group>"
        );
        for kind in [
            NameKind::Vault,
            NameKind::Host,
            NameKind::Address,
            NameKind::Guid,
            NameKind::Tenant,
            NameKind::ResourceId,
            NameKind::Audience,
            NameKind::Role,
        ] {
            for value in ["-d", "--debug", "-0a1b", "--only-show-errors"] {
                assert!(problem(kind, value).is_some(), "{kind:?} {value}");
            }
        }
    }
}
