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

/// The vault a private link target id points at (`…/Microsoft.KeyVault/vaults/<name>`).
pub fn vault(id: &str) -> Option<String> {
    after(id, "vaults").or_else(|| after(id, "managedHSMs")).map(|v| v.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

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
