//! Vault host names per cloud and service, as Microsoft's private DNS zone tables and the Azure
//! CLI's cloud definitions (`keyvault_dns`, `mhsm_dns`) give them. Knowing the cloud decides which
//! private DNS zone, forwarder zone and token audience a vault needs.

use serde::{Deserialize, Serialize};

/// One sovereign cloud's Key Vault names.
#[derive(Debug, PartialEq, Eq)]
pub struct Cloud {
    /// Stable id used in the JSON output.
    pub id: &'static str,
    pub vault_suffix: &'static str,
    /// Private DNS zone for sub-resource `vault`, where Microsoft documents one.
    pub vault_zone: Option<&'static str>,
    pub hsm_suffix: Option<&'static str>,
    pub hsm_zone: Option<&'static str>,
}

/// The public cloud: what a bare vault name means when nothing says otherwise.
pub const PUBLIC_CLOUD: Cloud = Cloud {
    id: "public",
    vault_suffix: "vault.azure.net",
    vault_zone: Some("privatelink.vaultcore.azure.net"),
    hsm_suffix: Some("managedhsm.azure.net"),
    hsm_zone: Some("privatelink.managedhsm.azure.net"),
};

pub const CLOUDS: &[Cloud] = &[
    PUBLIC_CLOUD,
    Cloud {
        id: "china",
        vault_suffix: "vault.azure.cn",
        vault_zone: Some("privatelink.vaultcore.azure.cn"),
        hsm_suffix: Some("managedhsm.azure.cn"),
        hsm_zone: None,
    },
    Cloud {
        id: "usgov",
        vault_suffix: "vault.usgovcloudapi.net",
        vault_zone: Some("privatelink.vaultcore.usgovcloudapi.net"),
        hsm_suffix: Some("managedhsm.usgovcloudapi.net"),
        hsm_zone: None,
    },
    Cloud {
        id: "germany",
        vault_suffix: "vault.microsoftazure.de",
        vault_zone: None,
        hsm_suffix: Some("managedhsm.microsoftazure.de"),
        hsm_zone: None,
    },
    Cloud {
        id: "usnat",
        vault_suffix: "vault.cloudapi.eaglex.ic.gov",
        vault_zone: None,
        hsm_suffix: None,
        hsm_zone: None,
    },
    Cloud {
        id: "ussec",
        vault_suffix: "vault.cloudapi.microsoft.scloud",
        vault_zone: None,
        hsm_suffix: None,
        hsm_zone: None,
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    Vault,
    ManagedHsm,
}

/// Which of a vault's names a host is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostForm {
    /// `<v>.vault.azure.net`: the name clients must call.
    Public,
    /// `<v>.privatelink.vaultcore.azure.net`: the alias published once a private endpoint is approved.
    PrivateLink,
}

/// A host name that belongs to a Key Vault or Managed HSM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultHost {
    pub name: String,
    pub cloud: &'static Cloud,
    pub service: Service,
    pub form: HostForm,
}

impl VaultHost {
    /// Recognises `<name>.<suffix>` for every cloud and service; `None` for anything else.
    pub fn parse(host: &str) -> Option<VaultHost> {
        let host = normalise_host(host);
        for cloud in CLOUDS {
            let forms = [
                (Some(cloud.vault_suffix), Service::Vault, HostForm::Public),
                (cloud.vault_zone, Service::Vault, HostForm::PrivateLink),
                (cloud.hsm_suffix, Service::ManagedHsm, HostForm::Public),
                (cloud.hsm_zone, Service::ManagedHsm, HostForm::PrivateLink),
            ];
            for (suffix, service, form) in forms {
                let Some(suffix) = suffix else { continue };
                if let Some(name) = host.strip_suffix(suffix).and_then(|h| h.strip_suffix('.')) {
                    if !name.is_empty() && !name.contains('.') {
                        return Some(VaultHost { name: name.to_string(), cloud, service, form });
                    }
                }
            }
        }
        None
    }

    /// Vault `name` in `cloud`, as its public host names it; `None` when the name cannot be one
    /// label of a host name.
    pub fn named(name: &str, cloud: &'static Cloud) -> Option<VaultHost> {
        let name = name.trim().to_ascii_lowercase();
        (!name.is_empty() && !name.contains('.')).then_some(VaultHost {
            name,
            cloud,
            service: Service::Vault,
            form: HostForm::Public,
        })
    }

    /// A bare vault name, which the public cloud's is unless other evidence names the cloud.
    pub fn named_public(name: &str) -> Option<VaultHost> {
        VaultHost::named(name, &PUBLIC_CLOUD)
    }

    /// The host name clients must use (`vaultUri`).
    pub fn public_host(&self) -> String {
        let suffix = match self.service {
            Service::Vault => self.cloud.vault_suffix,
            Service::ManagedHsm => self.cloud.hsm_suffix.unwrap_or(self.cloud.vault_suffix),
        };
        format!("{}.{}", self.name, suffix)
    }

    /// The private DNS zone this vault's private endpoint needs, where documented.
    pub fn zone(&self) -> Option<&'static str> {
        match self.service {
            Service::Vault => self.cloud.vault_zone,
            Service::ManagedHsm => self.cloud.hsm_zone,
        }
    }

    pub fn privatelink_host(&self) -> Option<String> {
        self.zone().map(|zone| format!("{}.{}", self.name, zone))
    }

    /// Whether `host` is one of this vault's own names.
    pub fn owns(&self, host: &str) -> bool {
        VaultHost::parse(host).is_some_and(|other| other.same_vault(self))
    }

    pub fn same_vault(&self, other: &VaultHost) -> bool {
        self.name == other.name && self.cloud.id == other.cloud.id && self.service == other.service
    }

    /// A name someone left as a template (`<vault-name>`, `{vault}`, `YOUR_VAULT`).
    pub fn is_placeholder(&self) -> bool {
        is_placeholder(&self.name)
    }
}

pub fn is_placeholder(label: &str) -> bool {
    label.contains(['<', '>', '{', '}', '[', ']', '*']) || label.starts_with("your") || label.starts_with("YOUR")
}

/// Why a vault name a person gave (the vault field, a link, `--vault`) was set aside. The
/// text itself is never repeated: it may be a secret pasted into the wrong field.
pub const REFUSED_NAME: &str = "The vault name given is neither a Key Vault name (3–24 letters, digits and hyphens, starting with a letter) nor one of its host names (<name>.vault.azure.net, or another cloud's), so it was set aside: it fills no command and travels in no link.";

/// A vault a person named: a bare name within Azure's rules, one of its host names in a known
/// cloud, or its URI (`https://kv1.vault.azure.net/`). `Ok(None)` when nothing was given;
/// `Err` for anything else, so a link's `kv1.vault.azure.net.attacker.example` never becomes a
/// host kvdoctor tells anyone to contact. Every source of a typed name goes through here.
pub fn typed(value: &str) -> Result<Option<VaultHost>, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let host = match value.split_once("://") {
        Some((scheme, _)) if !scheme.eq_ignore_ascii_case("https") => return Err(REFUSED_NAME),
        Some(_) if value.contains('@') => return Err(REFUSED_NAME),
        Some(_) => url_host(value).ok_or(REFUSED_NAME)?,
        None => value,
    };
    let vault = if host.contains('.') { VaultHost::parse(host) } else { VaultHost::named_public(host) };
    vault
        .filter(|v| crate::engine::names::problem(crate::engine::names::NameKind::Vault, &v.name).is_none())
        .map(Some)
        .ok_or(REFUSED_NAME)
}

impl VaultHost {
    /// How a link or a command line writes this vault: the bare name in the public cloud's Key
    /// Vault, else its public host name (which names the cloud and the service).
    pub fn typed_form(&self) -> String {
        if self.cloud.id == PUBLIC_CLOUD.id && self.service == Service::Vault {
            self.name.clone()
        } else {
            self.public_host()
        }
    }
}

/// The host a command names when the vault is not known: the public cloud's form.
pub fn placeholder_host() -> String {
    format!("<vault-name>.{}", PUBLIC_CLOUD.vault_suffix)
}

/// The host of a URL, without user info or port: `https://kv.vault.azure.net:443/secrets?x` →
/// `kv.vault.azure.net`, `https://[fd00::4]/` → `fd00::4`. `None` without a scheme.
pub fn url_host(url: &str) -> Option<&str> {
    let (_, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(bracketed),
        None => host_port.split(':').next().unwrap_or(host_port),
    };
    (!host.is_empty()).then_some(host)
}

/// Lower-case, no trailing root dot: how DNS tools print names differs only in these.
pub fn normalise_host(host: &str) -> String {
    host.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a host belongs to another Azure service's private link zone (`privatelink.blob…`).
pub fn other_privatelink_service(host: &str) -> Option<String> {
    let host = normalise_host(host);
    let zone = host.find(".privatelink.").and_then(|i| host.get(i + 1..))?;
    let ours = CLOUDS.iter().flat_map(|c| [c.vault_zone, c.hsm_zone]).flatten().any(|z| z == zone);
    (!ours).then(|| zone.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_cloud_and_form() {
        let v = VaultHost::parse("Fabrikam.vault.azure.net.").unwrap();
        assert_eq!((v.name.as_str(), v.cloud.id, v.form), ("fabrikam", "public", HostForm::Public));
        let v = VaultHost::parse("fabrikam.privatelink.vaultcore.azure.net").unwrap();
        assert_eq!(v.form, HostForm::PrivateLink);
        assert_eq!(v.public_host(), "fabrikam.vault.azure.net");
        let v = VaultHost::parse("kv-gov.vault.usgovcloudapi.net").unwrap();
        assert_eq!((v.cloud.id, v.zone()), ("usgov", Some("privatelink.vaultcore.usgovcloudapi.net")));
        let v = VaultHost::parse("kv1.vault.azure.cn").unwrap();
        assert_eq!(v.cloud.id, "china");
        let v = VaultHost::parse("hsm1.managedhsm.azure.net").unwrap();
        assert_eq!((v.service, v.zone()), (Service::ManagedHsm, Some("privatelink.managedhsm.azure.net")));
    }

    #[test]
    fn rejects_names_that_are_not_vaults() {
        assert!(VaultHost::parse("data-prod-eus.vaultcore.azure.net").is_none());
        assert!(VaultHost::parse("vault.azure.net").is_none());
        assert!(VaultHost::parse("a.b.vault.azure.net").is_none());
        assert!(VaultHost::parse("fabrikam.blob.core.windows.net").is_none());
        assert_eq!(
            other_privatelink_service("acct.privatelink.blob.core.windows.net").as_deref(),
            Some("privatelink.blob.core.windows.net")
        );
        assert_eq!(other_privatelink_service("kv.privatelink.vaultcore.azure.net"), None);
    }

    #[test]
    fn builds_hosts_for_any_cloud() {
        let china = CLOUDS.iter().find(|c| c.id == "china").unwrap();
        let v = VaultHost::named(" Contoso ", china).unwrap();
        assert_eq!(
            (v.public_host(), v.privatelink_host()),
            ("contoso.vault.azure.cn".into(), Some("contoso.privatelink.vaultcore.azure.cn".into()))
        );
        assert!(VaultHost::parse(&v.public_host()).unwrap().same_vault(&v));
        assert_eq!(VaultHost::named_public("kv1").unwrap().public_host(), "kv1.vault.azure.net");
        assert!(VaultHost::named("a.b", china).is_none() && VaultHost::named(" ", china).is_none());
        assert_eq!(placeholder_host(), "<vault-name>.vault.azure.net");
    }

    #[test]
    fn finds_url_hosts() {
        assert_eq!(url_host("https://kv.vault.azure.net/secrets/db"), Some("kv.vault.azure.net"));
        assert_eq!(url_host("https://kv.vault.azure.cn:443?api-version=7.4"), Some("kv.vault.azure.cn"));
        assert_eq!(url_host("https://user@10.1.2.4:8443/x"), Some("10.1.2.4"));
        assert_eq!(url_host("https://[fd00::4]/healthstatus"), Some("fd00::4"));
        assert_eq!(url_host("kv.vault.azure.net/secrets"), None);
        assert_eq!(url_host("https:///secrets"), None);
    }

    #[test]
    fn typed_names_are_vaults_or_nothing() {
        let name = |v: &str| typed(v).map(|h| h.map(|h| h.typed_form()));
        assert_eq!(name(" Contoso "), Ok(Some("contoso".into())));
        assert_eq!(name("contoso.vault.azure.net."), Ok(Some("contoso".into())));
        assert_eq!(name("https://contoso.vault.azure.net/"), Ok(Some("contoso".into())));
        assert_eq!(name("kv-gov.vault.usgovcloudapi.net"), Ok(Some("kv-gov.vault.usgovcloudapi.net".into())));
        assert_eq!(name("hsm1.managedhsm.azure.net"), Ok(Some("hsm1.managedhsm.azure.net".into())));
        assert_eq!(name("kv1.privatelink.vaultcore.azure.net"), Ok(Some("kv1".into())));
        assert_eq!(name(""), Ok(None));
        for hostile in [
            "kv1.vault.azure.net.attacker.example",
            "https://kv1.vault.azure.net@attacker.example/",
            "http://kv1.vault.azure.net/",
            "attacker.example",
            "--debug",
            "-d",
            "kv1;rm -rf ~",
            "Xy8Q~abcdefghijklmnopqrstuvwx",
            "<vault-name>",
            "ab",
            "a.b.vault.azure.net",
        ] {
            assert_eq!(name(hostile), Err(REFUSED_NAME), "{hostile}");
        }
        assert!(!REFUSED_NAME.contains("attacker"));
    }

    #[test]
    fn knows_placeholders() {
        assert!(VaultHost::parse("<vault-name>.vault.azure.net").unwrap().is_placeholder());
        assert!(!VaultHost::parse("contoso.vault.azure.net").unwrap().is_placeholder());
    }
}
