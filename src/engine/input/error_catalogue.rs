//! The error catalogue: every Key Vault error text the service, the SDKs, az, PowerShell,
//! Terraform and the portal print, keyed by a stable phrase of it, with what the text implies.
//!
//! One table of data, not a chain of `if`s: a lone line such as "Client address is not
//! authorized and caller is not a trusted service." implies 403 `Forbidden` /
//! `ForbiddenByFirewall` even when the JSON around it was not pasted, so the line alone gives
//! the diagnosis the whole body gives. Real example lines of every entry, with their sources,
//! are in `tests/fixtures/messages/` (`examples.txt`, `SOURCES`); the test there proves each one
//! is recognised and drives its check.
//!
//! Matching folds each line once (ASCII lower case, `isn't` → `is not`, curly quotes, escaped
//! quotes, runs of white space) and walks it once, looking phrases up by their first two bytes:
//! linear in the line's length. Values (addresses, names) are never cut from the original text
//! with offsets from the folded copy; the extractors in `error.rs` read them.

use std::sync::OnceLock;

use crate::engine::facts::SignalKind;
use SignalKind as S;

/// Groups of messages, for the catalogue's size by family and the tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Firewall,
    PublicAccess,
    TcpConnection,
    PrivateLink,
    Perimeter,
    Rbac,
    AccessPolicy,
    Purge,
    KeyOperation,
    Disabled,
    NotFound,
    Deleted,
    PurgeProtection,
    Auth,
    Throttling,
    Status,
    Dns,
    Timeout,
    Refused,
    Reset,
    Tls,
    TlsHandshake,
    Icmp,
    Proxy,
    Portal,
    // The caller's side: the token the request needed.
    Credential,
    ManagedIdentity,
    Federation,
    AppRegistration,
    SigninPolicy,
    // The platform that fetches the secret for the code.
    AppServiceReference,
    SecretsStoreCsi,
    ContainerApps,
    Dapr,
    AppConfiguration,
    DevOps,
    Databricks,
    ApiManagement,
    // Azure Resource Manager: the vault as a resource.
    Management,
}

/// Values the text names, read by the extractors when the entry matches (the tests check the
/// example lines yield them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    ClientAddress,
    Vault,
    Host,
    Permission,
    ObjectName,
    Operation,
}

/// One message: a stable phrase of its text and what it means.
#[derive(Debug)]
pub struct Message {
    /// Stable id: the example fixtures refer to it.
    pub id: &'static str,
    pub family: Family,
    /// Folded phrases (see [`fold`]); any one identifies the message. Older and newer wordings.
    pub phrases: &'static [&'static str],
    pub status: Option<u16>,
    pub code: Option<&'static str>,
    pub inner: Option<&'static str>,
    /// Signals the message itself means.
    pub signals: &'static [SignalKind],
    /// `secret`, `key`, `certificate` when the text names the object kind.
    pub object: Option<&'static str>,
    pub captures: &'static [Capture],
    /// The check this message drives.
    pub check: &'static str,
}

macro_rules! msg {
    ($id:literal, $family:ident, [$($p:literal),+ $(,)?], $status:expr, $code:expr, $inner:expr,
     [$($s:ident),* $(,)?], $object:expr, [$($c:ident),* $(,)?], $check:literal) => {
        Message {
            id: $id,
            family: Family::$family,
            phrases: &[$($p),+],
            status: $status,
            code: $code,
            inner: $inner,
            signals: &[$(S::$s),*],
            object: $object,
            captures: &[$(Capture::$c),*],
            check: $check,
        }
    };
}

const F: Option<&str> = Some("Forbidden");
const U: Option<&str> = Some("Unauthorized");
const N: Option<&str> = None;

/// The catalogue. Phrases are folded text: lower case, `n't` spelled `not`, single spaces.
#[rustfmt::skip]
pub static CATALOGUE: &[Message] = &[
    // Network gate.
    msg!("firewall", Firewall, ["is not authorized and caller is not a trusted service"], Some(403), F, Some("ForbiddenByFirewall"), [NotTrustedService], None, [ClientAddress, Vault], "net-firewall"),
    msg!("firewall-code", Firewall, ["forbiddenbyfirewall"], Some(403), F, Some("ForbiddenByFirewall"), [], None, [], "net-firewall"),
    msg!("firewall-portal", Firewall, ["firewall is turned on and your client ip address is not authorized"], Some(403), F, Some("ForbiddenByFirewall"), [], None, [], "net-firewall"),
    msg!("public-access-disabled", PublicAccess, ["public network access is disabled and request is not from a trusted service", "nor via an approved private link", "public access is disabled"], Some(403), F, Some("ForbiddenByConnection"), [PublicAccessDisabled, NotTrustedService], None, [], "net-public-access"),
    msg!("public-access-disabled-v2", PrivateLink, ["connection is not an approved private link", "publicnetworkaccess is set to 'disabled'"], Some(403), F, Some("ForbiddenByConnection"), [PublicAccessDisabled], None, [Vault], "net-public-access"),
    msg!("bypass-not-set", PrivateLink, ["bypass is not set to 'azureservices'"], Some(403), F, Some("ForbiddenByConnection"), [BypassNotSet], None, [], "net-trusted-services"),
    msg!("connection-code", PrivateLink, ["forbiddenbyconnection"], Some(403), F, Some("ForbiddenByConnection"), [], None, [], "net-public-access"),
    msg!("tcp-connection", TcpConnection, ["this tcp connection does not allow access to"], Some(403), F, None, [TcpConnectionDenied], None, [Host], "dns-matches-endpoint"),
    msg!("perimeter", Perimeter, ["security perimeter"], Some(403), F, None, [Perimeter], None, [], "net-perimeter"),
    // Authorization.
    msg!("rbac", Rbac, ["caller is not authorized to perform action on resource"], Some(403), F, Some("ForbiddenByRbac"), [], None, [], "authz-rbac"),
    msg!("rbac-assignment", Rbac, ["assignment: (not found)"], Some(403), F, Some("ForbiddenByRbac"), [], None, [], "authz-rbac"),
    msg!("rbac-deny-assignment", Rbac, ["denyassignmentid:"], Some(403), F, Some("ForbiddenByRbac"), [], None, [], "authz-rbac"),
    msg!("rbac-code", Rbac, ["forbiddenbyrbac"], Some(403), F, Some("ForbiddenByRbac"), [], None, [], "authz-rbac"),
    msg!("rbac-denied-no-valid", Rbac, ["deniedwithnovalidrbac"], Some(403), F, Some("ForbiddenByRbac"), [], None, [], "authz-rbac"),
    msg!("rbac-portal", Portal, ["the operation is not allowed by rbac"], Some(403), F, Some("ForbiddenByRbac"), [], None, [], "authz-rbac"),
    msg!("policy-secrets", AccessPolicy, ["does not have secrets "], Some(403), F, Some("ForbiddenByPolicy"), [], Some("secret"), [Permission, Vault], "authz-access-policy"),
    msg!("policy-keys", AccessPolicy, ["does not have keys "], Some(403), F, Some("ForbiddenByPolicy"), [], Some("key"), [Permission, Vault], "authz-access-policy"),
    msg!("policy-certificates", AccessPolicy, ["does not have certificates "], Some(403), F, Some("ForbiddenByPolicy"), [], Some("certificate"), [Permission, Vault], "authz-access-policy"),
    msg!("policy-any", AccessPolicy, ["permission on key vault"], Some(403), F, Some("ForbiddenByPolicy"), [], None, [Permission, Vault], "authz-access-policy"),
    msg!("policy-code", AccessPolicy, ["forbiddenbypolicy"], Some(403), F, Some("ForbiddenByPolicy"), [], None, [], "authz-access-policy"),
    msg!("policy-code-old", AccessPolicy, ["accessdenied"], Some(403), F, Some("AccessDenied"), [], None, [], "authz-access-policy"),
    msg!("policy-none", AccessPolicy, ["caller was not found on any access policy"], Some(403), F, Some("AccessDenied"), [NoAccessPolicy], None, [], "authz-access-policy"),
    msg!("policy-portal", Portal, ["is not enabled in this key vault's access policy"], Some(403), F, Some("ForbiddenByPolicy"), [], None, [Permission], "authz-access-policy"),
    msg!("purge-permission", Purge, ["purge permission on key vault"], Some(403), F, Some("ForbiddenByPolicy"), [], None, [Permission, Vault], "authz-access-policy"),
    msg!("key-operation", KeyOperation, ["operation is not allowed.", "operation is not allowed\""], Some(403), F, Some("ForbiddenByPolicy"), [KeyOperation], Some("key"), [], "authz-key-operations"),
    msg!("portal-unauthorized", Portal, ["you are unauthorized to view these contents"], Some(403), N, None, [], None, [], "authz-model"),
    // Object state.
    msg!("disabled-secret", Disabled, ["is not allowed on a disabled secret", "secretdisabled"], Some(403), F, Some("SecretDisabled"), [ObjectDisabled], Some("secret"), [], "object-enabled"),
    msg!("disabled-key", Disabled, ["is not allowed on a disabled key", "keydisabled"], Some(403), F, Some("KeyDisabled"), [ObjectDisabled], Some("key"), [], "object-enabled"),
    msg!("disabled-certificate", Disabled, ["is not allowed on a disabled certificate", "certificatedisabled"], Some(403), F, Some("CertificateDisabled"), [ObjectDisabled], Some("certificate"), [], "object-enabled"),
    msg!("not-found-secret", NotFound, ["a secret with (name/id)", "secret not found", "secretnotfound"], Some(404), Some("SecretNotFound"), None, [ObjectNotFound], Some("secret"), [ObjectName], "object-exists"),
    msg!("not-found-key", NotFound, ["a key with (name/id)", "key not found", "keynotfound"], Some(404), Some("KeyNotFound"), None, [ObjectNotFound], Some("key"), [ObjectName], "object-exists"),
    msg!("not-found-certificate", NotFound, ["a certificate with (name/id)", "certificate not found", "certificatenotfound"], Some(404), Some("CertificateNotFound"), None, [ObjectNotFound], Some("certificate"), [ObjectName], "object-exists"),
    msg!("not-found-any", NotFound, ["was not found in this key vault"], Some(404), N, None, [ObjectNotFound], None, [ObjectName], "object-exists"),
    msg!("not-found-deleted", NotFound, ["deleted secret not found", "deleted key not found", "deleted certificate not found", "deletedsecretnotfound", "deletedkeynotfound", "deletedcertificatenotfound"], Some(404), N, None, [ObjectNotFound], None, [], "object-exists"),
    msg!("deleted-recoverable", Deleted, ["deleted but recoverable", "objectisdeletedbutrecoverable"], Some(409), Some("Conflict"), Some("ObjectIsDeletedButRecoverable"), [ObjectDeleted], None, [ObjectName], "object-exists"),
    msg!("being-deleted", Deleted, ["is currently being deleted"], Some(409), Some("Conflict"), None, [ObjectDeleted], None, [ObjectName], "object-exists"),
    msg!("purge-protection", PurgeProtection, ["purge protection is enabled", "has purge protection enabled", "purge protection enabled", "can not be purged"], Some(403), N, None, [PurgeProtected], None, [], "object-exists"),
    // Authentication.
    msg!("missing-token", Auth, ["missing a bearer or pop token"], Some(401), U, None, [MissingToken], None, [], "auth-token-present"),
    msg!("missing-token-code", Auth, ["akv10000"], Some(401), U, Some("AKV10000"), [MissingToken], None, [], "auth-token-present"),
    msg!("audience", Auth, ["akv10022", "invalid audience"], Some(401), U, Some("AKV10022"), [], None, [], "auth-audience"),
    msg!("issuer", Auth, ["akv10032", "invalid issuer"], Some(401), U, Some("AKV10032"), [], None, [], "auth-tenant"),
    msg!("signature", Auth, ["akv10046", "unable to resolve the key used for signature validation"], Some(401), U, Some("AKV10046"), [SigningKey], None, [], "auth-token-valid"),
    msg!("expired-code", Auth, ["tokenexpired"], Some(401), U, Some("TokenExpired"), [TokenExpired], None, [], "auth-token-valid"),
    msg!("expired", Auth, ["token is expired", "s2s12086", "token has expired", "token not yet valid"], Some(401), U, None, [TokenExpired], None, [], "auth-token-valid"),
    msg!("challenge", Auth, ["challenge resource", "does not match the requested domain"], None, N, None, [ChallengeMismatch], None, [], "http-vault-url"),
    // Throttling.
    msg!("throttled", Throttling, ["too many requests"], Some(429), Some("Throttled"), None, [Throttled], None, [], "throttling"),
    msg!("throttled-reason", Throttling, ["vaultrequesttypelimitreached"], Some(429), Some("Throttled"), Some("VaultRequestTypeLimitReached"), [Throttled], None, [], "throttling"),
    // Bare statuses printed by SDKs without the body: the checks ask the question that decides.
    msg!("status-forbidden", Status, ["invalid status code 'forbidden", "status code 403"], Some(403), F, None, [], None, [], "net-firewall"),
    msg!("status-unauthorized", Status, ["invalid status code 'unauthorized", "status code 401"], Some(401), U, None, [], None, [], "auth-token-present"),
    // Transport: name resolution.
    msg!("dns-dotnet", Dns, ["no such host is known", "nameresolutionfailure"], None, N, None, [NameNotResolved], None, [Host], "dns-resolves"),
    msg!("dns-linux", Dns, ["name or service not known", "temporary failure in name resolution", "name does not resolve"], None, N, None, [NameNotResolved], None, [Host], "dns-resolves"),
    msg!("dns-node", Dns, ["getaddrinfo enotfound", "getaddrinfo eai_again"], None, N, None, [NameNotResolved], None, [Host], "dns-resolves"),
    msg!("dns-python", Dns, ["getaddrinfo failed", "failed to resolve", "nodename nor servname"], None, N, None, [NameNotResolved], None, [Host], "dns-resolves"),
    msg!("dns-go", Dns, ["no such host"], None, N, None, [NameNotResolved], None, [Host], "dns-resolves"),
    msg!("dns-java", Dns, ["unknownhostexception"], None, N, None, [NameNotResolved], None, [Host], "dns-resolves"),
    msg!("dns-curl", Dns, ["could not resolve host"], None, N, None, [NameNotResolved], None, [Host], "dns-resolves"),
    // Transport: time-outs, refusals, resets.
    msg!("timeout", Timeout, ["context deadline exceeded", "i/o timeout", "connect timed out", "connection timed out", "operation timed out", "did not properly respond after a period of time", "etimedout", "connecttimeouterror", "statuscode=0", "httpclient.timeout"], None, N, None, [ConnectTimeout], None, [], "net-reachable"),
    msg!("refused", Refused, ["connection refused", "econnrefused", "actively refused"], None, N, None, [ConnectionRefused], None, [], "net-reachable"),
    msg!("reset", Reset, ["connection reset by peer", "econnreset", "forcibly closed by the remote host", "connection was reset"], None, N, None, [ConnectionReset], None, [], "net-reachable"),
    // Transport: TLS name mismatch (calling the privatelink name or an address).
    msg!("tls-name", Tls, ["certificate name mismatch", "no alternative certificate subject name matches", "remotecertificatenamemismatch", "hostname mismatch", "does not match any of the subject alternative names", "does not match certificate's altnames", "x509: certificate is valid for", "no subject alternative dns name matching"], None, N, None, [TlsNameMismatch], None, [], "http-vault-url"),
    // Transport: the TLS handshake cut or refused after TCP connected (a firewall, NVA or proxy on the path).
    msg!("tls-handshake", TlsHandshake, ["ssl_error_syscall", "curl: (35)", "underlying connection was closed: an unexpected error occurred on a send", "schannel: failed to receive handshake", "the ssl connection could not be established", "remote host closed connection during handshake", "tls handshake timeout", "unexpected eof while reading"], None, N, None, [TlsHandshakeFailed], None, [], "net-reachable"),
    // ICMP: ping output proves nothing about TCP 443.
    msg!("ping", Icmp, ["ping statistics for", "bytes of data:", "packets transmitted", "packets: sent =", "destination host unreachable"], None, N, None, [Ping], None, [], "net-reachable"),
    // Transport: proxies.
    msg!("credential-chain", Credential, ["defaultazurecredential failed to retrieve a token", "defaultazurecredential: failed to acquire a token", "defaultazurecredential failed to acquire a token", "chainedtokencredential authentication failed", "chainedtokencredential failed to retrieve a token", "multiple errors were encountered while attempting to authenticate"], None, N, None, [CredentialChainFailed], None, [], "identity-credential"),
    msg!("credential-environment", Credential, ["environment variables are not fully configured", "incomplete environment variable configuration", "incomplete environment configuration", "environmentcredential is unavailable"], None, N, None, [EnvironmentIncomplete], None, [], "identity-credential"),
    msg!("credential-sign-in", Credential, ["please run 'az login'", "run 'az login' to set up", "please run 'connect-azaccount'", "please run 'azd auth login'"], None, N, None, [DeveloperSignInMissing], None, [], "identity-credential"),
    msg!("mi-no-endpoint", ManagedIdentity, ["no managed identity endpoint found", "no response from the imds endpoint", "no response received from the managed identity endpoint", "all managed identity sources are unavailable", "imds endpoint is did not respond", "managed identity authentication is not available", "multiple attempts failed to obtain a token from the managed identity endpoint", "managed identity timed out", "imds token request timed out", "getting managed identity credential timed out", "identity-responder-not-enabled"], None, N, None, [ManagedIdentityUnavailable], None, [], "identity-managed"),
    msg!("mi-env-missing", ManagedIdentity, ["managed identity is unavailable because one or both of the"], None, N, None, [ManagedIdentityUnavailable], None, [], "identity-managed"),
    msg!("mi-slow", ManagedIdentity, ["response from managed identity was successful, but the operation timed out", "(cannotconnect)"], None, N, None, [ManagedIdentityTimeout], None, [], "identity-managed"),
    msg!("mi-not-assigned", ManagedIdentity, ["identity not found", "requested identity has not been assigned to this resource", "no msi found for specified clientid", "managed identity is not assigned to this resource"], None, N, None, [ManagedIdentityNotAssigned], None, [], "identity-managed"),
    msg!("pod-identity", ManagedIdentity, ["nmi response failed with status code: 404", "getting assigned identities for pod", "localhost:2579/host/token", "pod list is empty"], None, N, None, [PodIdentityNotBound], None, [], "identity-managed"),
    msg!("federation-issuer", Federation, ["aadsts700211", "for presented assertion issuer"], None, N, None, [FederationIssuer], None, [], "identity-federation"),
    msg!("federation-audience", Federation, ["aadsts700212", "for presented assertion audience"], None, N, None, [FederationAudience], None, [], "identity-federation"),
    msg!("federation-subject", Federation, ["aadsts700213", "for presented assertion subject"], None, N, None, [FederationSubject], None, [], "identity-federation"),
    msg!("federation-subject-case", Federation, ["aadsts7002138", "matches with case-insensitive comparison, but not with case-sensitive"], None, N, None, [FederationSubject], None, [], "identity-federation"),
    msg!("federation-any", Federation, ["aadsts70021:", "no matching federated identity record found for presented assertion."], None, N, None, [FederationNoMatch], None, [], "identity-federation"),
    msg!("federation-lifetime", Federation, ["aadsts70023", "token must have a lifetime of less than or equal to"], None, N, None, [FederatedTokenTooLong], None, [], "identity-federation"),
    msg!("federation-token-file", Federation, ["no token file specified", "service account tokens not found", "federatedtokenfilepath are required"], None, N, None, [FederatedTokenMissing], None, [], "identity-federation"),
    msg!("app-not-found", AppRegistration, ["aadsts700016", "was not found in the directory"], None, N, None, [AppNotFound], None, [], "identity-app"),
    msg!("app-secret-invalid", AppRegistration, ["aadsts7000215", "invalid client secret provided"], None, N, None, [ClientSecretInvalid], None, [], "identity-app"),
    msg!("app-secret-expired", AppRegistration, ["aadsts7000222", "client secret keys are expired", "client secret keys for app"], None, N, None, [ClientSecretExpired], None, [], "identity-app"),
    msg!("app-certificate", AppRegistration, ["aadsts700027", "client assertion contains an invalid signature", "aadsts7000213", "invalid certificate chain"], None, N, None, [ClientCertificateInvalid], None, [], "identity-app"),
    msg!("app-user-password", AppRegistration, ["aadsts50126", "invalid username or password"], None, N, None, [UserPasswordInvalid], None, [], "identity-app"),
    msg!("app-tenant", AppRegistration, ["aadsts90002", "is neither a valid dns name, nor a valid external domain", "unable to get authority configuration"], None, N, None, [TenantNotFound], None, [], "identity-app"),
    msg!("signin-conditional-access", SigninPolicy, ["aadsts53003", "blocked by conditional access"], None, N, None, [ConditionalAccess], None, [], "identity-signin-policy"),
    msg!("signin-mfa", SigninPolicy, ["aadsts50076", "aadsts50079", "aadsts50078", "must use multi-factor authentication", "required to use multi-factor authentication", "must enroll in multi-factor authentication", "must refresh your multi-factor authentication"], None, N, None, [MfaRequired], None, [], "identity-signin-policy"),
    msg!("signin-device", SigninPolicy, ["aadsts530003", "device is required to be managed"], None, N, None, [DeviceRequired], None, [], "identity-signin-policy"),
    // The platform that fetches the secret: App Service and Functions Key Vault references.
    msg!("ref-msi-not-enabled", AppServiceReference, ["msinotenabled", "because site managed identity not enabled"], None, N, None, [ReferenceIdentityMissing], None, [], "identity-managed"),
    msg!("ref-access-denied", AppServiceReference, ["accesstokeyvaultdenied", "site was denied access to key vault reference's vault"], Some(403), N, None, [ReferenceAccessDenied], None, [], "net-firewall"),
    msg!("ref-unconfirmed", AppServiceReference, ["not able to confirm the status of your key vault reference"], None, N, None, [ReferenceUnresolved], None, [], "identity-platform"),
    // The AKS Secrets Store CSI driver and its Azure provider.
    msg!("csi-driver-missing", SecretsStoreCsi, ["not found in the list of registered csi drivers", "failed to find provider binary"], None, N, None, [CsiDriverMissing], None, [], "identity-platform"),
    msg!("csi-secret-ref", SecretsStoreCsi, ["nodepublishsecretref secret is not set"], None, N, None, [CsiCredentialMissing], None, [], "identity-platform"),
    msg!("csi-management-token", SecretsStoreCsi, ["failed to get management token: nmi response failed"], None, N, None, [PodIdentityNotBound], None, [], "identity-managed"),
    msg!("mi-no-client-id", ManagedIdentity, ["no clientid was specified", "errorcode: no_client_id"], None, N, None, [ManagedIdentityClientIdEmpty], None, [], "identity-managed"),
    msg!("mi-ambiguous", ManagedIdentity, ["multiple user assigned identities exist, please specify"], None, N, None, [ManagedIdentityAmbiguous], None, [], "identity-managed"),
    msg!("kubernetes-rbac", SecretsStoreCsi, ["is forbidden: user "], None, N, None, [KubernetesRbacDenied], None, [], "identity-platform"),
    // Container Apps secrets, Dapr secret stores, App Configuration references, Azure DevOps.
    msg!("containerapp-secret-invalid", ContainerApps, ["containerappsecretinvalid", "containerappsecretkeyvaulturlinvalid", "value or keyvaulturl and identity should be provided"], None, N, None, [ReferenceSyntaxInvalid], None, [], "identity-platform"),
    msg!("containerapp-fetch", ContainerApps, ["unable to get value using managed identity", "unable to fetch secret"], None, N, None, [ReferenceUnresolved], None, [], "identity-platform"),
    msg!("dapr-identity", Dapr, ["no user assigned or delegated managed identity found for specified"], None, N, None, [ManagedIdentityNotAssigned], None, [], "identity-managed"),
    msg!("appconfig-reference", AppConfiguration, ["keyvaultreferenceexception"], None, N, None, [InnerErrorHidden], None, [], "identity-platform"),
    msg!("devops-get-list", DevOps, ["needs to have get, list secret management permissions"], Some(403), F, None, [], Some("secret"), [], "authz-model"),
    msg!("cmk-access", Management, ["keyvaultaccessforbidden", "unable to access key vault resource"], Some(403), F, None, [], Some("key"), [], "authz-model"),
    msg!("devops-service-connection", DevOps, ["input required: connectedservicename"], None, N, None, [ServiceConnectionMissing], None, [], "identity-platform"),
    msg!("databricks-scope", Databricks, ["databricks could not access keyvault", "databricks could not access key vault"], None, N, None, [ReferenceUnresolved], None, [], "identity-platform"),
    msg!("apim-identity", ApiManagement, ["can not find managed identity with provided identityclientid"], None, N, None, [ManagedIdentityNotAssigned], None, [], "identity-managed"),
    // A token asked for a resource the tenant does not know: a HashiCorp Vault seal given the
    // privatelink host, a typo in the scope (the clue reads the resource as the audience).
    msg!("token-resource", Auth, ["aadsts500011", "the resource principal named"], None, N, None, [], None, [], "auth-audience"),
    // Terraform's soft-delete pre-check: its own wrapper; the reason is on the lines after it.
    msg!("tf-deleted-vault-check", Management, ["error checking for the presence of an existing soft-deleted key vault"], None, N, None, [InnerErrorHidden], None, [], "identity-platform"),
    // Lifecycle beyond delete: recovery in progress; the vault's own name.
    msg!("portal-conflict", Deleted, ["there was a conflict while creating/updating your secret"], Some(409), Some("Conflict"), None, [ObjectDeleted], Some("secret"), [], "object-exists"),
    msg!("being-recovered", Deleted, ["is currently being recovered", "objectisbeingrecovered"], Some(409), Some("Conflict"), Some("ObjectIsBeingRecovered"), [ObjectRecovering], None, [ObjectName], "object-exists"),
    msg!("vault-name-held", Management, ["vaultalreadyexists", "vault names are globaly unique", "vault names are globally unique", "already exists in deleted state", "an existing soft-deleted key vault exists"], None, N, None, [VaultNameHeld], None, [], "object-exists"),
    msg!("vault-not-found", Management, ["not found within subscription", "resourcegroupnotfound", "resource 'microsoft.keyvault/vaults/"], None, N, None, [VaultNotFound], None, [], "object-exists"),
    msg!("management-denied", Management, ["does not have authorization to perform action '", "authorizationfailed"], None, N, None, [ManagementDenied], None, [], "authz-rbac"),
    msg!("management-policy", Management, ["requestdisallowedbypolicy", "was disallowed by policy"], None, N, None, [PolicyDisallowed], None, [], "authz-rbac"),
    msg!("management-purge", Management, ["operation 'deletedvaultpurge' is not allowed", "enabling the purge protection for a vault is an irreversible action"], None, N, None, [PurgeProtected], None, [], "object-exists"),
    msg!("proxy", Proxy, ["proxy authentication required", "tunnel connection failed", "from proxy after connect", "proxyconnect tcp", "cannot connect to proxy", "unable to connect to the proxy"], None, N, None, [ProxyRefused], None, [], "net-reachable"),
];

/// Lower case (ASCII), contractions spelled out, curly and escaped quotes made plain, white
/// space runs made one space. Works on whole characters, so no byte offset of the original is
/// ever used.
pub fn fold(text: &str) -> String {
    // Most lines need nothing but lower case: printable ASCII without a backslash, quote or
    // backtick, and no run of spaces.
    let plain = text.bytes().all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'\\' | b'\'' | b'`'));
    if plain && !text.contains("  ") {
        return text.to_ascii_lowercase();
    }
    fold_chars(text)
}

/// [`fold`], character by character.
fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{00b4}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\\' => match chars.peek() {
                Some('"' | '\'') => continue,
                Some('u') => {
                    // `\u0027` and `\u0022` in JSON.
                    let rest: String = chars.clone().skip(1).take(4).collect();
                    match rest.as_str() {
                        "0027" | "0022" => {
                            for _ in 0..5 {
                                chars.next();
                            }
                            if rest == "0027" {
                                '\''
                            } else {
                                '"'
                            }
                        }
                        _ => '\\',
                    }
                }
                _ => '\\',
            },
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
            c => c.to_ascii_lowercase(),
        };
        if c == '\'' && ends_with_contraction_stem(&out) && matches!(chars.peek(), Some('t' | 'T')) {
            // isn't → is not, doesn't → does not, wasn't → was not.
            out.pop();
            out.push_str(" not");
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether `folded` ends with the first half of a negative contraction (`isn`, `doesn`, `can`…),
/// so an apostrophe and `t` after it spell "not" — and a closing quote after a word such as
/// `'forbidden'` followed by `t` does not.
fn ends_with_contraction_stem(folded: &str) -> bool {
    const STEMS: [&str; 17] = [
        "is", "was", "are", "were", "do", "does", "did", "has", "have", "had", "could", "would", "should", "ca", "wo",
        "must", "need",
    ];
    let word = folded.rsplit(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or_default();
    word.strip_suffix('n').is_some_and(|stem| STEMS.contains(&stem))
}

/// Every phrase with its entry, sorted by a bucket of its first two bytes, and where each
/// bucket's phrases start: a line is walked once, each position costing one table look-up and
/// its few candidates. Each phrase keeps its first eight bytes as a number, so a candidate is
/// ruled out by one comparison instead of a byte-by-byte one (issue 24's profile).
struct Index {
    /// (bucket, first bytes, mask of the bytes the phrase has among them, entry, phrase).
    phrases: Vec<(usize, u64, u64, usize, &'static str)>,
    /// `starts[b]..starts[b + 1]`: the phrases in bucket `b`.
    starts: Vec<usize>,
}

/// Buckets of the first two bytes: a power of two.
const BUCKETS: usize = 4096;

fn bucket(first: u8, second: u8) -> usize {
    ((usize::from(first) << 5) ^ usize::from(second)) & (BUCKETS - 1)
}

/// The first eight bytes of `bytes` as a big-endian number (zeros past its end), and the mask of
/// the bytes it has: sorting by the number sorts by the bytes.
fn head(bytes: &[u8]) -> (u64, u64) {
    let mut word = [0u8; 8];
    let mut mask = [0u8; 8];
    for ((w, m), b) in word.iter_mut().zip(mask.iter_mut()).zip(bytes) {
        *w = *b;
        *m = 0xff;
    }
    (u64::from_be_bytes(word), u64::from_be_bytes(mask))
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut phrases = Vec::new();
        for (e, entry) in CATALOGUE.iter().enumerate() {
            for phrase in entry.phrases {
                if let [first, second, ..] = *phrase.as_bytes() {
                    let (key, mask) = head(phrase.as_bytes());
                    phrases.push((bucket(first, second), key, mask, e, *phrase));
                }
            }
        }
        phrases.sort_unstable();
        let starts = (0..=BUCKETS).map(|b| phrases.partition_point(|(at, ..)| *at < b)).collect();
        Index { phrases, starts }
    })
}

/// The entries whose phrases occur in `folded` (already [`fold`]ed), in catalogue order.
pub fn find_folded(folded: &str) -> Vec<&'static Message> {
    let index = index();
    let mut hit = vec![false; CATALOGUE.len()];
    // Every suffix of the line, longest first.
    let tails = std::iter::successors(Some(folded.as_bytes()), |tail| tail.split_first().map(|(_, rest)| rest));
    for tail in tails {
        let [first, second, ..] = *tail else { break };
        let at = bucket(first, second);
        let (Some(&start), Some(&end)) = (index.starts.get(at), index.starts.get(at + 1)) else { continue };
        if start == end {
            continue;
        }
        let (word, _) = head(tail);
        for (_, key, mask, e, phrase) in index.phrases.get(start..end).unwrap_or_default() {
            if word & mask == *key && (phrase.len() <= 8 || tail.starts_with(phrase.as_bytes())) {
                if let Some(seen) = hit.get_mut(*e) {
                    *seen = true;
                }
            }
        }
    }
    CATALOGUE.iter().zip(hit).filter(|(_, h)| *h).map(|(m, _)| m).collect()
}

/// The entries a raw line holds.
pub fn find(text: &str) -> Vec<&'static Message> {
    find_folded(&fold(text))
}

/// Whether `code` is one of the inner codes the catalogue knows (not an outer error code).
pub fn is_inner_code(code: &str) -> bool {
    CATALOGUE.iter().any(|m| m.inner.is_some_and(|i| i.eq_ignore_ascii_case(code)))
        || ["SecretNotFound", "KeyNotFound", "CertificateNotFound"].iter().any(|c| c.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_folded_and_unique_enough() {
        for m in CATALOGUE {
            for p in m.phrases {
                assert_eq!(fold(p), *p, "{}: phrase not in folded form", m.id);
                assert!(p.len() >= 6, "{}: phrase too short", m.id);
            }
        }
        let mut ids: Vec<_> = CATALOGUE.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len());
    }

    #[test]
    fn folding_spells_out_and_unescapes() {
        assert_eq!(fold("Client address isn\u{2019}t  authorized"), "client address is not authorized");
        // A closing quote after a word that happens to end in n is not a contraction.
        assert_eq!(fold("status code 'Forbidden't"), "status code 'forbidden't");
        assert_eq!(
            fold(r#"bypass is not set to \"AzureServices\" \u0027x\u0027"#),
            r#"bypass is not set to "azureservices" 'x'"#
        );
        assert_eq!(fold("Ünïcode ÄÖ doesn't"), "Ünïcode ÄÖ does not");
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod folds {
        use super::super::{fold, fold_chars};

        proptest::proptest! {
            #[test]
            fn plain_lines_fold_as_every_line_does(text in "[ -~\t\u{2019}é]{0,40}") {
                proptest::prop_assert_eq!(fold(&text), fold_chars(&text));
            }
        }
    }

    #[test]
    fn finds_each_entry_once() {
        let found = find("Client address isn't authorized and caller isn't a trusted service. ForbiddenByFirewall");
        let ids: Vec<_> = found.iter().map(|m| m.id).collect();
        assert_eq!(ids, ["firewall", "firewall-code"]);
        assert!(find("nothing to see").is_empty());
        assert!(find("ä").is_empty());
    }
}
