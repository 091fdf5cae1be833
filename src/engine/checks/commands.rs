//! Commands suggested to users, with their names filled in. Kept in one place so every check
//! words the same command the same way. Every name passes [`names::arg`]: checked against
//! Azure's naming rules and quoted, or replaced by its placeholder (see [`name_notes`]). A
//! resource group, object or object id goes through [`names::option`], so one that begins with
//! `-` is joined to its option (`'--resource-group=--debug'`), never read as an option itself.

use crate::engine::facts::{Platform, PrincipalType, SignalKind};
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
    let rg = names::option("-g", "--resource-group", NameKind::ResourceGroup, rg);
    format!("az network private-endpoint show {rg} -n <private-endpoint> --query \"{{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}, manual:manualPrivateLinkServiceConnections[].{{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}}}\"")
}

pub fn vault_connections(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault show --name {vault} --query \"properties.privateEndpointConnections[].{{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}}\"")
}

pub fn approve_connection(vault: &str, rg: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    let rg = names::option("-g", "--resource-group", NameKind::ResourceGroup, rg);
    format!("az keyvault private-endpoint-connection approve {rg} --vault-name {vault} -n <connection-name>")
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
    let rg = names::option("-g", "--resource-group", NameKind::ResourceGroup, rg);
    let zone = arg(NameKind::Host, zone);
    format!("az network private-endpoint dns-zone-group create {rg} --endpoint-name <private-endpoint> -n default --private-dns-zone {zone} --zone-name vault")
}

pub fn vault_network(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault show --name {vault} --query \"{{pna:properties.publicNetworkAccess, default:properties.networkAcls.defaultAction, bypass:properties.networkAcls.bypass, ips:properties.networkAcls.ipRules[].value, vnets:properties.networkAcls.virtualNetworkRules[].id}}\"")
}

pub fn vault_access(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault show --name {vault} --query \"{{rbac:properties.enableRbacAuthorization, tenant:properties.tenantId, policies:properties.accessPolicies[].{{oid:objectId, perms:permissions}}}}\"")
}

pub fn create_endpoint(vault: &str, rg: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    let rg = names::option("-g", "--resource-group", NameKind::ResourceGroup, rg);
    format!("az network private-endpoint create -g <client-network-resource-group> -n <private-endpoint-name> --vnet-name <client-vnet> --subnet <subnet> --connection-name <connection-name> --group-id vault --private-connection-resource-id $(az keyvault show --name {vault} {rg} --query id -o tsv)")
}

pub fn firewall_deny(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault update --name {vault} --default-action Deny")
}

/// A TCP test of port 443 (PowerShell): the test ping is not.
pub fn test_port(host: &str) -> String {
    let host = arg(NameKind::Host, host);
    format!("Test-NetConnection {host} -Port 443")
}

// Commands that must run where the code runs (issue 21 item 4): a lookup or a connection test
// from a laptop says nothing about an App Service app, a pod or a container app.

/// A lookup of `host` from where the code runs: inside the pod (`kubectl exec`), inside the
/// container app (`az containerapp exec`), in App Service's console (`nameresolver`, Kudu's
/// own tool), else `nslookup` on the machine.
pub fn lookup_from(case: &Case, host: &str) -> String {
    let lookup = nslookup(host);
    match case.platform() {
        Some(Platform::Kubernetes) => in_pod(case, &lookup),
        Some(Platform::ContainerApps) => in_container_app(case, &lookup),
        Some(Platform::AppService) => format!("nameresolver {}", arg(NameKind::Host, host)),
        _ => lookup,
    }
}

/// Connection tests of `host` on port 443 from where the code runs: `Test-NetConnection` and
/// curl on a machine, Kudu's `tcpping` and curl on App Service, curl inside a pod or container app.
pub fn reach_from(case: &Case, host: &str) -> Vec<String> {
    let curl = healthstatus(host);
    match case.platform() {
        Some(Platform::Kubernetes) => vec![in_pod(case, &curl)],
        Some(Platform::ContainerApps) => vec![in_container_app(case, &curl)],
        Some(Platform::AppService) => vec![format!("tcpping {}:443", arg(NameKind::Host, host)), curl],
        _ => vec![test_port(host), curl],
    }
}

/// Where [`lookup_from`] and [`reach_from`] run, for the sentence before them: "on the
/// machine that fails (Windows or Linux)", "in the app's console (…)".
pub fn where_to_run(case: &Case) -> &'static str {
    match case.platform() {
        Some(Platform::Kubernetes) => "in the failing pod (the image needs nslookup and curl)",
        Some(Platform::ContainerApps) => "in the container app's container",
        Some(Platform::AppService) => "in the app's console (Kudu: Advanced Tools > Debug console, or SSH on Linux)",
        Some(Platform::CloudShell) => "in Cloud Shell",
        Some(Platform::VirtualMachine) => "on the virtual machine (Windows or Linux)",
        _ => "on the machine that fails (Windows or Linux)",
    }
}

/// `command` run in the failing pod: the pod and namespace a paste names, else placeholders.
fn in_pod(case: &Case, command: &str) -> String {
    format!("kubectl exec {} -- {command}", pod_args(case))
}

/// `<pod> --namespace <namespace>` for kubectl, filled from the pastes when they name the pod.
fn pod_args(case: &Case) -> String {
    let pod = case.signal(SignalKind::PodName).map_or("<pod-name>", |s| s.value.as_str());
    let namespace = case.signal(SignalKind::PodNamespace).map_or("<namespace>", |s| s.value.as_str());
    let namespace = names::option("--namespace", "--namespace", NameKind::Namespace, namespace);
    format!("{} {namespace}", arg(NameKind::Pod, pod))
}

/// `command` run in the container app's container (it has no quote: names in it are validated).
fn in_container_app(case: &Case, command: &str) -> String {
    format!("az containerapp exec {} --command \"{command}\"", container_app_args(case))
}

/// `--name <app> --resource-group <group>` of the container app the code runs in, filled from
/// the pastes when they name them.
fn container_app_args(case: &Case) -> String {
    let name = named(case, SignalKind::ContainerAppName, NameKind::App, "<app-name>");
    format!("--name {name} {}", group_of(case, SignalKind::ContainerAppResourceGroup))
}

/// `--resource-group <group>` of the resource the code runs in, the group a paste states for
/// it (`kind`: a resource id, Kudu's `WEBSITE_RESOURCE_GROUP`, az JSON), else the placeholder.
fn group_of(case: &Case, kind: SignalKind) -> String {
    let rg = case.signal(kind).map_or("<resource-group>", |s| s.value.as_str());
    let rg = if names::is_masked(NameKind::ResourceGroup, rg) { "<resource-group>" } else { rg };
    names::option("--resource-group", "--resource-group", NameKind::ResourceGroup, rg)
}

/// The name a paste gives (`signal`), checked as `kind`, else `placeholder`.
fn named(case: &Case, signal: SignalKind, kind: NameKind, placeholder: &str) -> String {
    match case.signal(signal) {
        Some(s) if names::problem(kind, &s.value).is_none() && !names::is_masked(kind, &s.value) => arg(kind, &s.value),
        _ => placeholder.to_string(),
    }
}

/// `--name <cluster> --resource-group <group>` of the AKS cluster, filled when a paste names them.
fn cluster_args(case: &Case) -> String {
    let name = named(case, SignalKind::ClusterName, NameKind::App, "<cluster-name>");
    format!("--name {name} {}", group_of(case, SignalKind::ClusterResourceGroup))
}

/// Where the client's traffic really goes (a UDR through a firewall shows here).
pub fn effective_routes() -> String {
    "az network nic show-effective-route-table -g <client-resource-group> -n <client-nic> -o table".to_string()
}

pub fn healthstatus(host: &str) -> String {
    let host = arg(NameKind::Host, host);
    format!("curl -sv https://{host}/healthstatus")
}

/// Why a name the case would put into commands was left out, one note per name.
pub fn name_notes(case: &Case) -> Vec<String> {
    let mut notes = Vec::new();
    let vault = case.vault.as_ref().map(|v| (NameKind::Vault, v.name.clone()));
    let rg = Some(case.vault_resource_group()).filter(|rg| rg != "<resource-group>");
    let caller = case.signal(SignalKind::CallerObjectId).map(|oid| (NameKind::Guid, oid.value.clone()));
    for (kind, value) in vault.into_iter().chain(rg.map(|rg| (NameKind::ResourceGroup, rg))).chain(caller) {
        if names::is_masked(kind, &value) {
            notes.push(names::masked_note(kind, &value));
        } else if let Some(problem) = names::problem(kind, &value) {
            notes.push(format!("{problem}: it is shown as text and left out of the suggested commands."));
        }
    }
    notes
}

/// Key Vault's token resource (the audience) in the vault's cloud: `https://vault.azure.net`,
/// `https://vault.azure.cn`, …; the public cloud's when the vault is not known.
pub fn vault_resource(case: &Case) -> String {
    format!("https://{}", case.cloud().vault_suffix)
}

/// A token for Key Vault in the vault's own cloud.
pub fn access_token(case: &Case) -> String {
    access_token_for(&vault_resource(case))
}

pub fn access_token_for(resource: &str) -> String {
    format!("az account get-access-token --resource {}", arg(NameKind::Audience, resource))
}

pub fn login_tenant(tenant: &str) -> String {
    format!("az login --tenant {}", arg(NameKind::Tenant, tenant))
}

/// The `az keyvault set-policy` flag for a permission kind (`secrets`, `keys`, …).
fn policy_flag(kind: &str) -> &'static str {
    match kind {
        "keys" => "--key-permissions",
        "certificates" => "--certificate-permissions",
        "storage" => "--storage-permissions",
        _ => "--secret-permissions",
    }
}

/// An access policy granting `verbs` (space-separated: `get list`) of `kind` to `object_id`.
pub fn set_policy(vault: &str, object_id: &str, kind: &str, verbs: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    let object_id = names::option("--object-id", "--object-id", NameKind::Guid, object_id);
    // Permission names are single words (`get`, `unwrapKey`); anything else stays a placeholder.
    let verbs: Vec<&str> = verbs
        .split_whitespace()
        .map(|v| if v.chars().all(|c| c.is_ascii_alphabetic()) { v } else { "<permission>" })
        .collect();
    format!("az keyvault set-policy --name {vault} {object_id} {} {}", policy_flag(kind), verbs.join(" "))
}

pub fn key_allow_all_operations(vault: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault key set-attributes --vault-name {vault} --name <key-name> --ops encrypt decrypt wrapKey unwrapKey sign verify")
}

/// `$(…)` that prints the vault's resource id, for `--scope` when no paste showed it.
pub fn vault_id_lookup(vault: &str) -> String {
    format!("$(az keyvault show --name {} --query id -o tsv)", arg(NameKind::Vault, vault))
}

/// `scope` is a resource id already made safe (or [`vault_id_lookup`]).
pub fn role_assign(role: &str, object_id: &str, scope: &str) -> String {
    role_assign_to(role, object_id, &PrincipalType::ServicePrincipal, scope)
}

/// [`role_assign`] for a principal of a known type (a signed-in user is a `User`).
pub fn role_assign_to(role: &str, object_id: &str, principal_type: &PrincipalType, scope: &str) -> String {
    let role = if names::problem(NameKind::Role, role).is_none() { role } else { "<role>" };
    let object_id = names::option("--assignee-object-id", "--assignee-object-id", NameKind::Guid, object_id);
    let principal_type = match principal_type {
        PrincipalType::User => "User",
        PrincipalType::Group => "Group",
        _ => "ServicePrincipal",
    };
    format!("az role assignment create --role \"{role}\" {object_id} --assignee-principal-type {principal_type} --scope {scope}")
}

/// `scope` as for [`role_assign`].
pub fn role_list(object_id: &str, scope: &str) -> String {
    let object_id = names::option("--assignee", "--assignee", NameKind::Guid, object_id);
    format!("az role assignment list {object_id} --scope {scope} --include-inherited -o table")
}

pub fn disable_public_access(vault: &str) -> String {
    format!("az keyvault update --name {} --public-network-access Disabled", arg(NameKind::Vault, vault))
}

/// Public access for selected networks only, with the client's address allowed.
pub fn allow_client_only(vault: &str) -> String {
    let v = arg(NameKind::Vault, vault);
    format!("az keyvault update --name {v} --public-network-access Enabled --default-action Deny && az keyvault network-rule add --name {v} --ip-address <client-public-ip>/32")
}

pub fn network_rule_subnet(vault: &str) -> String {
    format!("az keyvault network-rule add --name {} --subnet <client-subnet-id>", arg(NameKind::Vault, vault))
}

pub fn network_rule_ip(vault: &str, ip: &str) -> String {
    let vault = arg(NameKind::Vault, vault);
    format!("az keyvault network-rule add --name {vault} --ip-address {}/32", arg(NameKind::Address, ip))
}

pub fn bypass_azure_services(vault: &str) -> String {
    format!("az keyvault update --name {} --bypass AzureServices", arg(NameKind::Vault, vault))
}

/// `kind` of a secret, key or certificate as az names it; anything else reads as `secret`.
fn object_kind(kind: &str) -> &'static str {
    match kind {
        "key" => "key",
        "certificate" => "certificate",
        _ => "secret",
    }
}

pub fn object_enable(kind: &str, vault: &str, name: &str) -> String {
    let (kind, vault) = (object_kind(kind), arg(NameKind::Vault, vault));
    let name = names::option("--name", "--name", NameKind::Object, name);
    format!("az keyvault {kind} set-attributes --vault-name {vault} {name} --enabled true")
}

pub fn object_list(kind: &str, vault: &str) -> String {
    format!("az keyvault {} list --vault-name {} -o table", object_kind(kind), arg(NameKind::Vault, vault))
}

/// Deleted objects still recoverable; `table` for a readable list.
pub fn object_list_deleted(kind: &str, vault: &str, table: bool) -> String {
    let table = if table { " -o table" } else { "" };
    format!("az keyvault {} list-deleted --vault-name {}{table}", object_kind(kind), arg(NameKind::Vault, vault))
}

pub fn object_recover(kind: &str, vault: &str, name: &str) -> String {
    let (kind, vault) = (object_kind(kind), arg(NameKind::Vault, vault));
    let name = names::option("--name", "--name", NameKind::Object, name);
    format!("az keyvault {kind} recover --vault-name {vault} {name}")
}

// The caller's side: the identity that must get a token.

/// A developer's sign-in for DefaultAzureCredential's AzureCliCredential, in the vault's tenant
/// when known.
pub fn sign_in(tenant: Option<&str>) -> String {
    match tenant {
        Some(tenant) => login_tenant(tenant),
        None => "az login".to_string(),
    }
}

/// The developer tools DefaultAzureCredential reads, each with the credential that reads it.
pub const DEVELOPER_SIGN_INS: &str =
    "az login for AzureCliCredential, Connect-AzAccount for AzurePowerShellCredential, azd auth login for AzureDeveloperCliCredential";

/// AAD Pod Identity's identities and bindings, to compare with the pod's aadpodidbinding label.
pub fn pod_identity_bindings() -> String {
    "kubectl get azureidentity,azureidentitybinding --all-namespaces".to_string()
}

/// The App Service app a paste names (its Kudu path), checked, else `<app-name>`.
fn app_name(case: &Case) -> String {
    case.signal(SignalKind::AppName).map_or_else(|| "<app-name>".to_string(), |a| arg(NameKind::App, &a.value))
}

/// Turns on the host's system-assigned managed identity, for the platform the paste shows (or
/// the user chose). Off Azure (a laptop, Cloud Shell, a pipeline) none applies: `None`, as for
/// an unknown host, whose commands are [`identity_assign_per_host`].
pub fn identity_assign(case: &Case, platform: Option<&Platform>) -> Option<String> {
    Some(match platform? {
        Platform::AppService => {
            format!("az webapp identity assign --name {} {}", app_name(case), group_of(case, SignalKind::AppResourceGroup))
        }
        Platform::ContainerApps => format!("az containerapp identity assign {} --system-assigned", container_app_args(case)),
        Platform::MachineLearning => "az ml compute update --name <compute-name> --resource-group <resource-group> --workspace-name <workspace> --identity-type SystemAssigned".to_string(),
        // A pod gets its identity through workload identity, not the node's managed identity.
        Platform::Kubernetes => {
            format!("az aks update {} --enable-oidc-issuer --enable-workload-identity", cluster_args(case))
        }
        Platform::VirtualMachine => "az vm identity assign --name <vm-name> --resource-group <resource-group>".to_string(),
        Platform::CloudShell
        | Platform::DeveloperMachine
        | Platform::Pipeline
        | Platform::Databricks
        | Platform::Other(_) => return None,
    })
}

/// When no paste shows where the code runs and the user chose no host: the identity command
/// of each likely host (each names its own: webapp, containerapp, vm), never one guessed.
pub fn identity_assign_per_host(case: &Case) -> Vec<String> {
    [Platform::AppService, Platform::ContainerApps, Platform::VirtualMachine]
        .iter()
        .filter_map(|p| identity_assign(case, Some(p)))
        .collect()
}

/// The identities the host has: which are assigned, with their client and principal ids.
pub fn identity_show(case: &Case, platform: Option<&Platform>) -> String {
    match platform {
        Some(Platform::AppService) => format!("az webapp identity show --name {} {}", app_name(case), group_of(case, SignalKind::AppResourceGroup)),
        Some(Platform::ContainerApps) => format!("az containerapp identity show {}", container_app_args(case)),
        Some(Platform::Kubernetes) => format!("kubectl describe pod {}", pod_args(case)),
        Some(Platform::MachineLearning) => {
            "az ml compute show --name <compute-name> --resource-group <resource-group> --workspace-name <workspace> --query identity".to_string()
        }
        Some(Platform::VirtualMachine) => "az vm identity show --name <vm-name> --resource-group <resource-group>".to_string(),
        // Unknown: the identities of the resource, whatever its type, by its resource id.
        _ => "az resource show --ids <resource-id-of-the-host> --query identity".to_string(),
    }
}

/// What workload identity injected into the pod: its containers' variables, the token's
/// mount, its labels and service account (kvdoctor reads the output; no pipe, so the command
/// reads the same in a ticket).
pub fn pod_identity_env(case: &Case) -> String {
    format!("kubectl describe pod {}", pod_args(case))
}

/// The service account the pod runs as, with its client-id annotation.
pub fn service_account_show() -> String {
    "kubectl get serviceaccount <service-account> --namespace <namespace> -o yaml".to_string()
}

/// A managed identity's federated credentials: issuer, subject and audiences to compare; the
/// identity and its resource group filled when a pasted credential's id names them.
pub fn federated_credentials(case: &Case) -> String {
    let pasted = case.facts.federated_credentials.iter().find(|c| c.identity.is_some());
    let identity = pasted
        .and_then(|c| c.identity.as_deref())
        .filter(|n| names::problem(NameKind::App, n).is_none() && !names::is_masked(NameKind::App, n));
    let rg =
        pasted.and_then(|c| c.resource_group.as_deref()).filter(|rg| !names::is_masked(NameKind::ResourceGroup, rg));
    format!(
        "az identity federated-credential list --identity-name {} {} -o table",
        identity.map_or_else(|| "<identity-name>".to_string(), |n| arg(NameKind::App, n)),
        names::option(
            "--resource-group",
            "--resource-group",
            NameKind::ResourceGroup,
            rg.unwrap_or("<resource-group>")
        )
    )
}

/// An application (client) id for `--id`, or `<client-id>` (not the object id's placeholder)
/// when the paste masked it or gave none.
fn client_arg(client_id: &str) -> String {
    match names::problem(NameKind::Guid, client_id) {
        None => arg(NameKind::Guid, client_id),
        Some(_) if client_id == "<client-id>" => client_id.to_string(),
        Some(_) => "<client-id>".to_string(),
    }
}

/// An app registration's federated credentials (GitHub Actions, Azure DevOps).
pub fn app_federated_credentials(client_id: &str) -> String {
    format!("az ad app federated-credential list --id {} -o table", client_arg(client_id))
}

/// Whether a service principal with this application id exists in the signed-in tenant.
pub fn service_principal_show(client_id: &str) -> String {
    format!(
        "az ad sp show --id {} --query \"{{name:displayName, tenant:appOwnerOrganizationId}}\"",
        client_arg(client_id)
    )
}

/// An app registration's secrets and certificates with their end dates (never their values).
pub fn app_credentials(client_id: &str) -> String {
    format!("az ad app credential list --id {} -o table", client_arg(client_id))
}

/// A new client secret, kept beside the old ones until every client has the new value.
pub fn app_secret_reset(client_id: &str) -> String {
    format!("az ad app credential reset --id {} --append --display-name kvdoctor-rotated", client_arg(client_id))
}

/// The tenant the signed-in account is in, to compare with the one the code asks.
pub fn tenant_show() -> String {
    "az account show --query \"{tenant:tenantId, user:user.name}\"".to_string()
}

// The platform that fetches the secret for the code.

/// Every Key Vault reference of an App Service or Functions app, with its status and details.
pub fn app_service_references(case: &Case) -> String {
    let rg = case.signal(SignalKind::AppResourceGroup).map_or("<resource-group>", |s| s.value.as_str());
    // Inside the quoted URL only plain names: parentheses and masks keep the placeholder.
    let plain = names::problem(NameKind::ResourceGroup, rg).is_none() && !names::is_masked(NameKind::ResourceGroup, rg);
    let rg = if plain && !rg.contains(['(', ')']) { rg } else { "<resource-group>" };
    format!("az rest --method get --url \"/subscriptions/<subscription-id>/resourceGroups/{rg}/providers/Microsoft.Web/sites/{}/config/configreferences/appsettings?api-version=2022-03-01\"", app_name(case))
}

/// The addresses an App Service or Functions app calls out from (without VNet integration):
/// the vault's firewall must list them for the app's Key Vault references.
pub fn app_outbound_addresses(case: &Case) -> String {
    format!(
        "az webapp show --name {} {} --query possibleOutboundIpAddresses -o tsv",
        app_name(case),
        group_of(case, SignalKind::AppResourceGroup)
    )
}

/// Makes App Service resolve references with a user-assigned identity (system-assigned is the default).
pub fn app_service_reference_identity(case: &Case) -> String {
    format!(
        "az webapp update --name {} {} --set keyVaultReferenceIdentity=<user-assigned-identity-resource-id>",
        app_name(case),
        group_of(case, SignalKind::AppResourceGroup)
    )
}

/// The Secrets Store CSI driver and Azure provider pods on the cluster (the AKS add-on's names).
pub fn csi_driver_pods() -> String {
    "kubectl get pods --namespace kube-system -l 'app in (secrets-store-csi-driver,secrets-store-provider-azure)'"
        .to_string()
}

/// Turns on AKS's Key Vault secrets provider add-on (the driver and the Azure provider).
pub fn csi_addon_enable(case: &Case) -> String {
    format!("az aks enable-addons --addons azure-keyvault-secrets-provider {}", cluster_args(case))
}

/// The SecretProviderClass the pod mounts: identity fields, vault name, tenant, objects.
pub fn secret_provider_class_show() -> String {
    "kubectl get secretproviderclass <name> --namespace <namespace> -o yaml".to_string()
}

/// What Kubernetes' RBAC lets a service account do (its own API, not the vault).
pub fn kubernetes_can_i(action: &str) -> String {
    format!("kubectl auth can-i {action} secrets --as system:serviceaccount:<namespace>:<service-account> --namespace <namespace>")
}

/// The AzureDatabricks first-party application: a Key Vault-backed secret scope reads the vault
/// as this application, from Databricks' control plane.
pub const AZURE_DATABRICKS_APP: &str = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

/// A Container App's secrets with their Key Vault URLs and identities (never their values).
pub fn container_app_secrets(case: &Case) -> String {
    format!("az containerapp secret list {} -o table", container_app_args(case))
}

// The vault as a resource (Azure Resource Manager).

/// Where a vault of that name is: its subscription and resource group, or nothing.
pub fn vault_find(vault: &str) -> String {
    format!(
        "az resource list --resource-type Microsoft.KeyVault/vaults --name {} --query \"[].{{group:resourceGroup, id:id}}\" -o table",
        arg(NameKind::Vault, vault)
    )
}

/// Soft-deleted vaults: a name is held until the vault is purged or recovered.
pub fn vault_list_deleted() -> String {
    "az keyvault list-deleted --resource-type vault -o table".to_string()
}

/// Recovers a soft-deleted vault with its objects and settings.
pub fn vault_recover(vault: &str) -> String {
    format!("az keyvault recover --name {}", arg(NameKind::Vault, vault))
}

/// The Azure Policy assignments that apply to the vault's resource group.
pub fn policy_assignments() -> String {
    "az policy assignment list --resource-group <resource-group> --query \"[].{name:displayName, effect:parameters.effect.value}\" -o table".to_string()
}

/// Every role assignment of one principal, in every scope of the subscription, inherited ones
/// included: the grants to compare with the caller.
pub fn role_list_all(object_id: &str) -> String {
    let object_id = names::option("--assignee", "--assignee", NameKind::Guid, object_id);
    format!("az role assignment list {object_id} --all --include-inherited -o json")
}

/// The object id of the signed-in Azure CLI user (the caller when code runs with
/// AzureCliCredential): the id itself, no token.
pub fn signed_in_caller() -> String {
    "az ad signed-in-user show --query \"{id:id, name:userPrincipalName}\" -o json".to_string()
}

/// The object (principal) id of the service principal behind an application (client) id: the
/// id a role assignment or an access policy must name.
pub fn object_id_of_client(client_id: &str) -> String {
    format!("az ad sp show --id {} --query \"{{objectId:id, name:displayName}}\" -o json", client_arg(client_id))
}

/// Whether the caller is a member of the group a grant names (transitively).
pub fn group_member_check(group: &str, member: &str) -> String {
    format!(
        "az ad group member check --group {} --member-id {}",
        arg(NameKind::Guid, group),
        arg(NameKind::Guid, member)
    )
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, shown, shown_on};
    use crate::engine::facts::{Platform, HOST_CHOICES};
    use crate::engine::page_text::evidence_commands_on;
    use crate::engine::{diagnose_case_on, Paste};

    /// The commands of a step as the user reads them (`$ …` lines).
    fn commands(shown: &str) -> Vec<&str> {
        shown.lines().filter_map(|l| l.trim_start().strip_prefix("$ ")).collect()
    }

    #[test]
    fn every_host_choice_reads_back() {
        for (platform, id, _) in HOST_CHOICES {
            assert_eq!(Platform::from_choice(id), Some(platform.clone()));
            assert_eq!(Platform::from_choice(&id.to_ascii_uppercase()), Some(platform.clone()));
            assert_eq!(platform.choice_id(), Some(id));
        }
        for other in ["", "kubernetes;id", "a developer machine", "AppService"] {
            assert_eq!(Platform::from_choice(other), None, "{other}");
        }
    }

    /// A lone DefaultAzureCredential block: each host the user may choose gets its own
    /// command; no choice gets the command of each likely host, never a guessed VM.
    #[test]
    fn the_chosen_host_picks_the_identity_commands() {
        let chain = [message("credential-chain")];
        let on = |host| shown_on(&chain, host, "identity-credential");
        assert_eq!(commands(&on(Some("aks"))), ["kubectl describe pod <pod-name> --namespace <namespace>"]);
        assert_eq!(
            commands(&on(Some("container-apps"))),
            ["az containerapp identity assign --name <app-name> --resource-group <resource-group> --system-assigned"]
        );
        assert_eq!(
            commands(&on(Some("vm"))),
            ["az vm identity assign --name <vm-name> --resource-group <resource-group>"]
        );
        assert_eq!(commands(&on(Some("laptop"))), ["az login"]);
        assert!(on(Some("cloud-shell")).contains("in Cloud Shell your own sign-in should apply"));
        let unknown = on(None);
        assert!(unknown.contains("where does the code run?"), "{unknown}");
        let unknown = commands(&unknown);
        for host in ["az webapp identity assign", "az containerapp identity assign", "az vm identity assign"] {
            assert!(unknown.iter().any(|c| c.starts_with(host)), "{host}: {unknown:?}");
        }
        // No endpoint on a laptop is expected; on a VM it is the VM's identity to enable.
        let none = [message("mi-no-endpoint")];
        assert!(shown_on(&none, Some("laptop"), "identity-managed").starts_with("skip:"));
        assert_eq!(
            commands(&shown_on(&none, Some("vm"), "identity-managed")),
            ["az vm identity assign --name <vm-name> --resource-group <resource-group>"]
        );
    }

    /// What the pastes show wins over the choice, and the report says they disagree.
    #[test]
    fn the_pastes_win_over_the_choice_and_say_so() {
        let app = format!("{}\nat D:\\DWASFiles\\Sites\\CONTOSO-API\\Temp", message("credential-chain"));
        let chosen = shown_on(&[app.as_str()], Some("aks"), "identity-credential");
        assert_eq!(
            commands(&chosen),
            ["az webapp identity assign --name CONTOSO-API --resource-group <resource-group>"]
        );
        assert_eq!(chosen, shown(&[app.as_str()], "identity-credential"));
        let report = diagnose_case_on(&[Paste::new(app.as_str())], None, Platform::from_choice("aks"));
        let note = report.notes.iter().find(|n| n.starts_with("You said the code runs on Kubernetes"));
        assert!(note.is_some_and(|n| n.contains("paste 1 shows App Service")), "{:?}", report.notes);
        // Agreeing, or no choice: no note.
        for host in [Some("app-service"), None] {
            let report = diagnose_case_on(&[Paste::new(app.as_str())], None, host.and_then(Platform::from_choice));
            assert!(!report.notes.iter().any(|n| n.starts_with("You said")), "{host:?}");
        }
    }

    /// A resource group a paste states fills that host's commands (never a placeholder then):
    /// Kudu's environment, az JSON's `id`, a resource id in a line.
    #[test]
    fn the_hosts_resource_group_is_filled_when_a_paste_states_it() {
        let kudu = "WEBSITE_SITE_NAME = contoso-api\nWEBSITE_RESOURCE_GROUP = rg-web";
        let app = commands(&shown(&[message("ref-msi-not-enabled").as_str(), kudu], "identity-managed"))
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>();
        assert_eq!(app[0], "az webapp identity assign --name contoso-api --resource-group rg-web");
        assert!(app[1].starts_with("az webapp update --name contoso-api --resource-group rg-web "), "{app:?}");
        assert!(app[2].contains("/resourceGroups/rg-web/providers/Microsoft.Web/sites/contoso-api/"), "{app:?}");
        let json = r#"{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ca/providers/Microsoft.App/containerApps/orders", "name": "orders", "resourceGroup": "rg-ca"}"#;
        assert_eq!(
            commands(&shown(&[message("containerapp-fetch").as_str(), json], "identity-platform")),
            ["az containerapp secret list --name orders --resource-group rg-ca -o table"]
        );
        let aks = r#"{"id": "/subscriptions/0/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1", "name": "aks1", "nodeResourceGroup": "MC_rg-aks_aks1_eastus"}"#;
        let shown_aks = shown(&[message("csi-driver-missing").as_str(), aks], "identity-platform");
        assert!(
            commands(&shown_aks).contains(
                &"az aks enable-addons --addons azure-keyvault-secrets-provider --name aks1 --resource-group rg-aks"
            ),
            "{shown_aks}"
        );
        // A group that is no group's name stays a placeholder.
        let bad = "WEBSITE_RESOURCE_GROUP = rg;rm";
        let app = shown(&[message("ref-msi-not-enabled").as_str(), bad], "identity-managed");
        assert!(commands(&app)[0].ends_with("--resource-group <resource-group>"), "{app}");
    }

    /// The What-to-run panel leads with the commands that run where the code runs.
    #[test]
    fn the_panel_leads_with_the_hosts_own_commands() {
        let aks = evidence_commands_on("contoso", Some(&Platform::Kubernetes));
        let first: Vec<&str> = aks[0].commands.iter().map(|(_, c)| c.as_str()).collect();
        assert_eq!(
            first,
            [
                "kubectl exec <pod-name> --namespace <namespace> -- nslookup contoso.vault.azure.net",
                "kubectl exec <pod-name> --namespace <namespace> -- curl -sv https://contoso.vault.azure.net/healthstatus",
                "kubectl describe pod <pod-name> --namespace <namespace>",
            ]
        );
        let app = evidence_commands_on("contoso", Some(&Platform::AppService));
        assert!(app[0].commands[0].1.starts_with("nameresolver contoso.vault.azure.net"), "{app:?}");
        // A host's own group replaces the generic machine groups (the Azure CLI group stays),
        // except on a virtual machine, which is such a machine.
        let titles = |groups: &[crate::engine::page_text::CommandGroup]| -> Vec<String> {
            groups.iter().map(|g| g.title.clone()).collect()
        };
        for host in [Platform::Kubernetes, Platform::AppService, Platform::ContainerApps, Platform::CloudShell] {
            let groups = evidence_commands_on("contoso", Some(&host));
            assert_eq!(groups.len(), 2, "{host}: {:?}", titles(&groups));
            assert!(groups[1].title.starts_with("Azure CLI"), "{host}: {:?}", titles(&groups));
        }
        let vm = evidence_commands_on("contoso", Some(&Platform::VirtualMachine));
        assert_eq!(vm.len(), evidence_commands_on("contoso", None).len() + 1, "{:?}", titles(&vm));
        // No host, a laptop: the machine's own groups only.
        assert_eq!(evidence_commands_on("contoso", None), crate::engine::page_text::evidence_commands("contoso"));
        assert_eq!(
            evidence_commands_on("contoso", Some(&Platform::DeveloperMachine)).len(),
            evidence_commands_on("contoso", None).len()
        );
    }
}
