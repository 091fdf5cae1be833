//! Commands suggested to users, with their names filled in. Kept in one place so every check
//! words the same command the same way. Every name passes [`names::arg`]: checked against
//! Azure's naming rules and quoted, or replaced by its placeholder (see [`name_notes`]).

use crate::engine::names::{self, arg, NameKind};
use crate::engine::net::AZURE_DNS;

use super::Case;

/// Works in Windows cmd, PowerShell, Linux and macOS alike.
pub fn nslookup(host: &str) -> String {
    let host = arg(NameKind::Host, host);
    format!("nslookup {host}")
}

/// The lookup asked of Azure DNS itself, which applies the private zones linked to the VNet.
pub fn nslookup_via_azure_dns(host: &str) -> String {
    nslookup_via(host, &AZURE_DNS.to_string())
}

pub fn nslookup_via(host: &str, server: &str) -> String {
    let host = arg(NameKind::Host, host);
    let server = arg(NameKind::Address, server);
    format!("nslookup {host} {server}")
}

pub fn zone_list(zone: &str) -> String {
    let zone = arg(NameKind::Host, zone);
    format!("az network private-dns zone list --query \"[?name=='{zone}'].{{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}}\" -o table")
}

pub fn zone_links(zone: &str) -> String {
    let zone = arg(NameKind::Host, zone);
    format!("az network private-dns link vnet list -g <zone-resource-group> -z {zone} --query \"[].{{vnet:virtualNetwork.id, state:virtualNetworkLinkState}}\" -o table")
}

pub fn link_vnet(zone: &str) -> String {
    let zone = arg(NameKind::Host, zone);
    format!("az network private-dns link vnet create -g <zone-resource-group> -z {zone} -n <link-name> --virtual-network <client-vnet-id> --registration-enabled false")
}

pub fn record_show(zone: &str, vault: &str) -> String {
    let zone = arg(NameKind::Host, zone);
    let vault = arg(NameKind::Vault, vault);
    format!("az network private-dns record-set a show -g <zone-resource-group> -z {zone} -n {vault}")
}

pub fn vault_show(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!(
        "az keyvault show --name {vault} --query \"{{uri:properties.vaultUri, pna:properties.publicNetworkAccess}}\""
    )
}

/// Everything about the vault, for a first look.
pub fn vault_show_all(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault show --name {vault}")
}

pub fn deleted_vaults(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault list-deleted --query \"[?name=='{vault}']\"")
}

pub fn endpoint_show(rg: &str) -> String {
    let rg = arg(NameKind::ResourceGroup, rg);
    format!("az network private-endpoint show -g {rg} -n <private-endpoint> --query \"{{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}, manual:manualPrivateLinkServiceConnections[].{{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}}}\"")
}

pub fn vault_connections(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault show --name {vault} --query \"properties.privateEndpointConnections[].{{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}}\"")
}

pub fn approve_connection(vault: &str, rg: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    let rg = arg(NameKind::ResourceGroup, rg);
    format!("az keyvault private-endpoint-connection approve -g {rg} --vault-name {vault} -n <connection-name>")
}

pub fn record_replace(zone: &str, vault: &str, old: &str, new: &str) -> String {
    let zone = arg(NameKind::Host, zone);
    let vault = arg(NameKind::Vault, vault);
    let old = arg(NameKind::Address, old);
    let new = arg(NameKind::Address, new);
    format!("az network private-dns record-set a remove-record -g <zone-resource-group> -z {zone} -n {vault} -a {old} && az network private-dns record-set a add-record -g <zone-resource-group> -z {zone} -n {vault} -a {new}")
}

pub fn record_add(zone: &str, vault: &str, ip: &str) -> String {
    let zone = arg(NameKind::Host, zone);
    let vault = arg(NameKind::Vault, vault);
    let ip = arg(NameKind::Address, ip);
    format!("az network private-dns record-set a add-record -g <zone-resource-group> -z {zone} -n {vault} -a {ip}")
}

pub fn records_list(zone: &str) -> String {
    let zone = arg(NameKind::Host, zone);
    format!("az network private-dns record-set a list -g <zone-resource-group> -z {zone} --query \"[].{{name:name, ttl:ttl, ips:aRecords[].ipv4Address}}\"")
}

pub fn zone_group_create(rg: &str, zone: &str) -> String {
    let rg = arg(NameKind::ResourceGroup, rg);
    let zone = arg(NameKind::Host, zone);
    format!("az network private-endpoint dns-zone-group create -g {rg} --endpoint-name <private-endpoint> -n default --private-dns-zone {zone} --zone-name vault")
}

pub fn vault_network(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault show --name {vault} --query \"{{pna:properties.publicNetworkAccess, default:properties.networkAcls.defaultAction, bypass:properties.networkAcls.bypass, ips:properties.networkAcls.ipRules[].value, vnets:properties.networkAcls.virtualNetworkRules[].id}}\"")
}

pub fn vault_access(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault show --name {vault} --query \"{{rbac:properties.enableRbacAuthorization, tenant:properties.tenantId, policies:properties.accessPolicies[].{{oid:objectId, perms:permissions}}}}\"")
}

pub fn healthstatus(host: &str) -> String {
    let host = arg(NameKind::Host, host);
    format!("curl -sv https://{host}/healthstatus")
}

/// Why a name the case would put into commands was left out, one note per name.
pub fn name_notes(case: &Case) -> Vec<String> {
    let mut notes = Vec::new();
    let vault = case.vault.as_ref().map(|v| (NameKind::Vault, v.name.clone()));
    let rg = case.config.id.as_ref().and_then(|id| crate::engine::azure_id::resource_group(&id.value));
    for (kind, value) in vault.into_iter().chain(rg.map(|rg| (NameKind::ResourceGroup, rg))) {
        if let Some(problem) = names::problem(kind, &value) {
            notes.push(format!("{problem}: it is shown as text and left out of the suggested commands."));
        }
    }
    notes
}
