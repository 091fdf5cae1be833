//! Commands suggested to users, with their names filled in. Kept in one place so every check
//! words the same command the same way.

/// Works in Windows cmd, PowerShell, Linux and macOS alike.
pub fn nslookup(host: &str) -> String {
    format!("nslookup {host}")
}

pub fn nslookup_via(host: &str, server: &str) -> String {
    format!("nslookup {host} {server}")
}

pub fn zone_list(zone: &str) -> String {
    format!("az network private-dns zone list --query \"[?name=='{zone}'].{{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}}\" -o table")
}

pub fn zone_links(zone: &str) -> String {
    format!("az network private-dns link vnet list -g <zone-resource-group> -z {zone} --query \"[].{{vnet:virtualNetwork.id, state:virtualNetworkLinkState}}\" -o table")
}

pub fn link_vnet(zone: &str) -> String {
    format!("az network private-dns link vnet create -g <zone-resource-group> -z {zone} -n <link-name> --virtual-network <client-vnet-id> --registration-enabled false")
}

pub fn record_show(zone: &str, vault: &str) -> String {
    format!(
        "az network private-dns record-set a show -g <zone-resource-group> -z {zone} -n {vault}"
    )
}

pub fn vault_show(vault: &str) -> String {
    format!("az keyvault show --name {vault} --query \"{{uri:properties.vaultUri, pna:properties.publicNetworkAccess}}\"")
}

pub fn deleted_vaults(vault: &str) -> String {
    format!("az keyvault list-deleted --query \"[?name=='{vault}']\"")
}
