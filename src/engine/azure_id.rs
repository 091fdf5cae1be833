//! Azure resource ids: `/subscriptions/…/resourceGroups/<rg>/providers/<type>/<name>/…`.

/// The value after `segment` in a resource id, matched case-insensitively.
pub fn after(id: &str, segment: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    let i = parts.iter().position(|p| p.eq_ignore_ascii_case(segment))?;
    parts.get(i + 1).filter(|p| !p.is_empty()).map(|p| p.to_string())
}

pub fn resource_group(id: &str) -> Option<String> {
    after(id, "resourceGroups")
}

/// The last segment: a resource's own name.
pub fn name(id: &str) -> Option<String> {
    id.trim_end_matches('/').rsplit('/').next().filter(|s| !s.is_empty()).map(str::to_string)
}

/// The private DNS zone a child resource id belongs to.
pub fn zone(id: &str) -> Option<String> {
    after(id, "privateDnsZones").map(|z| z.to_ascii_lowercase())
}

/// A resource code runs in, as its resource id names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostType {
    /// `Microsoft.Web/sites`: an App Service or Functions app (a slot is its app's).
    Site,
    /// `Microsoft.App/containerApps`.
    ContainerApp,
    /// `Microsoft.ContainerService/managedClusters`: an AKS cluster.
    Cluster,
}

/// The host resource `id` names, with its name and resource group: `…/resourceGroups/rg-app/
/// providers/Microsoft.Web/sites/contoso-api` is the site `contoso-api` in `rg-app`.
pub fn host(id: &str) -> Option<(HostType, String, String)> {
    let group = resource_group(id)?;
    let parts: Vec<&str> = id.split('/').collect();
    let provider = parts.iter().position(|p| p.eq_ignore_ascii_case("providers"))?;
    let (namespace, kind, name) = (parts.get(provider + 1)?, parts.get(provider + 2)?, parts.get(provider + 3)?);
    let host = match (namespace.to_ascii_lowercase().as_str(), kind.to_ascii_lowercase().as_str()) {
        ("microsoft.web", "sites") => HostType::Site,
        ("microsoft.app", "containerapps") => HostType::ContainerApp,
        ("microsoft.containerservice", "managedclusters") => HostType::Cluster,
        _ => return None,
    };
    (!name.is_empty()).then(|| (host, name.to_string(), group))
}

/// The vault a private link target id points at (`…/Microsoft.KeyVault/vaults/<name>`).
pub fn vault(id: &str) -> Option<String> {
    after(id, "vaults").or_else(|| after(id, "managedHSMs")).map(|v| v.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hosts() {
        let site = "/subscriptions/0/resourceGroups/rg-app/providers/Microsoft.Web/sites/contoso-api/slots/staging";
        assert_eq!(host(site), Some((HostType::Site, "contoso-api".into(), "rg-app".into())));
        let app = "/subscriptions/0/resourceGroups/RG/providers/Microsoft.App/containerApps/orders";
        assert_eq!(host(app), Some((HostType::ContainerApp, "orders".into(), "RG".into())));
        let aks = "/subscriptions/0/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1";
        assert_eq!(host(aks), Some((HostType::Cluster, "aks1".into(), "rg-aks".into())));
        assert_eq!(host("/subscriptions/0/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv1"), None);
        assert_eq!(host("/subscriptions/0/resourceGroups/r/providers/Microsoft.Web/sites/"), None);
    }

    #[test]
    fn reads_ids() {
        let id = "/subscriptions/0000/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/Fabrikam";
        assert_eq!(resource_group(id).as_deref(), Some("rg-dns"));
        assert_eq!(zone(id).as_deref(), Some("privatelink.vaultcore.azure.net"));
        assert_eq!(name(id).as_deref(), Some("Fabrikam"));
        assert_eq!(
            vault("/subscriptions/0/resourceGroups/r/providers/Microsoft.KeyVault/vaults/Kv1").as_deref(),
            Some("kv1")
        );
    }
}
