//! Observations from error texts, HTTP exchanges and connection tests: a flat list of typed
//! values, because one error message can carry a dozen unrelated clues.

use serde::Serialize;

use super::Evidence;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// `403`, `401`, `429`…
    HttpStatus,
    /// Outer error code: `Forbidden`, `Unauthorized`, `Throttled`…
    ErrorCode,
    /// Inner or specific code: `ForbiddenByFirewall`, `ForbiddenByRbac`, `SecretNotFound`, `AKV10032`…
    InnerCode,
    /// "This TCP connection does not allow access to {host}": the host named.
    TcpConnectionDenied,
    /// "Client address: 20.1.2.3".
    ClientAddress,
    /// `Caller: appid=…;oid=…;iss=…` parts.
    CallerAppId,
    CallerObjectId,
    CallerIssuer,
    /// `Vault: name;location=region`.
    VaultName,
    VaultRegion,
    /// RBAC action (`Microsoft.KeyVault/vaults/secrets/getSecret/action`).
    RbacAction,
    /// RBAC `Assignment:` value (`(not found)`).
    RbacAssignment,
    DenyAssignment,
    /// Access policy permission missing: `secrets get`.
    MissingPermission,
    /// Key operation refused: `decrypt`.
    KeyOperation,
    /// AKV10032 tenants: the vault's and the token's.
    ExpectedIssuer,
    FoundIssuer,
    /// AKV10022 audiences.
    ExpectedAudience,
    FoundAudience,
    /// A request without bearer token (AKV10000).
    MissingToken,
    /// Token expired or not yet valid.
    TokenExpired,
    /// AKV10046: signing key could not be resolved.
    SigningKey,
    /// "Public network access is disabled…".
    PublicAccessDisabled,
    /// "…bypass is not set to 'AzureServices'…".
    BypassNotSet,
    /// "…not a trusted service…".
    NotTrustedService,
    /// Network Security Perimeter denial.
    Perimeter,
    /// Object missing, disabled, or deleted but recoverable.
    ObjectNotFound,
    ObjectDisabled,
    ObjectDeleted,
    /// 429 / VaultRequestTypeLimitReached.
    Throttled,
    /// "Caller was not found on any access policy": the caller has no policy at all.
    NoAccessPolicy,
    /// Purge refused because purge protection is on.
    PurgeProtected,
    /// The kind of object a message is about: `secret`, `key`, `certificate`.
    ObjectKind,
    /// The object a not-found or conflict message names (`A secret with (name/id) db …`).
    ObjectName,
    /// The connection was refused (`ECONNREFUSED`, "actively refused").
    ConnectionRefused,
    /// The connection was reset (`ECONNRESET`, "forcibly closed by the remote host").
    ConnectionReset,
    /// A portal choice copied with all its options (a radio group): which one is selected is
    /// not in the text.
    UnreadChoice,
    /// A proxy refused the tunnel (`407 Proxy Authentication Required`, `proxyconnect tcp`).
    ProxyRefused,
    /// A host name that did not resolve for the client (`no such host`, `getaddrinfo failed`).
    NameNotResolved,
    /// A connection that timed out (`context deadline exceeded`, `TcpTestSucceeded : False`).
    ConnectTimeout,
    /// The SDK's challenge-domain check failed.
    ChallengeMismatch,
    /// A certificate name mismatch.
    TlsNameMismatch,
    /// The TLS handshake failed or was cut (curl `(35)`, `SSL_ERROR_SYSCALL`, schannel, .NET's
    /// "underlying connection was closed"): TCP connected, then something broke the handshake.
    TlsHandshakeFailed,
    /// Ping output: it tests ICMP, which private endpoints never answer, not TCP 443.
    Ping,
    /// The URL the client called (scheme, host and path).
    RequestUrl,
    /// The `Host` header actually sent.
    HostHeader,
    /// The address a TCP connection reached (`Connected to … (10.0.0.4)`, `RemoteAddress`).
    ConnectedAddress,
    /// A TCP test or connection that succeeded.
    Connected,
    /// `x-ms-keyvault-network-info` parts.
    NetworkConnType,
    NetworkAddress,
    NetworkPrivateEndpoint,
    /// `x-ms-keyvault-region`.
    ServiceRegion,
    // The caller's side: the token the request needed and never got (the `identity-` steps).
    /// A Microsoft Entra sign-in error code (`AADSTS70021`): the token request's answer, never
    /// the vault's.
    SignInCode,
    /// A credential chain (`DefaultAzureCredential`, `ChainedTokenCredential`) got a token from
    /// none of its credentials.
    CredentialChainFailed,
    /// One credential a chain tried, by its name (`ManagedIdentityCredential`): the line says
    /// why it was unavailable.
    CredentialTried,
    /// `EnvironmentCredential`: its variables are incomplete.
    EnvironmentIncomplete,
    /// A developer sign-in is missing: `az login`, `Connect-AzAccount`, `azd auth login`.
    DeveloperSignInMissing,
    /// No managed identity endpoint on the host: no identity enabled, or not in Azure at all.
    ManagedIdentityUnavailable,
    /// The managed identity endpoint did not answer in time, or failed between (a proxy).
    ManagedIdentityTimeout,
    /// The identity asked for is not assigned to the host (IMDS 400 "Identity not found").
    ManagedIdentityNotAssigned,
    /// AAD Pod Identity's NMI had no identity for the pod.
    PodIdentityNotBound,
    /// Workload identity was not injected into the pod: no federated token file.
    FederatedTokenMissing,
    /// A federated credential does not match the token presented: its issuer, its subject,
    /// its audience, or nothing matched at all.
    FederationIssuer,
    FederationSubject,
    FederationAudience,
    FederationNoMatch,
    /// The external identity provider's token lives longer than Entra accepts (AADSTS70023).
    FederatedTokenTooLong,
    /// The app registration is not in the tenant asked (AADSTS700016).
    AppNotFound,
    /// The client secret is wrong, often the secret's id instead of its value (AADSTS7000215).
    ClientSecretInvalid,
    /// The client secret has expired (AADSTS7000222).
    ClientSecretExpired,
    /// The client certificate or assertion is not one the app knows (AADSTS700027).
    ClientCertificateInvalid,
    /// A user name and password were refused (AADSTS50126).
    UserPasswordInvalid,
    /// The tenant asked does not exist or is malformed (AADSTS90002, AADSTS900023).
    TenantNotFound,
    /// Conditional Access blocked the sign-in (AADSTS53003).
    ConditionalAccess,
    /// Multi-factor authentication is required (AADSTS50076, 50079, 50078).
    MfaRequired,
    /// Where the code runs, when the paste gives it away: a [`super::Platform`] spelling.
    Platform,
    /// What a federated sign-in presented (`presented assertion subject 'system:serviceaccount:…'`).
    PresentedIssuer,
    PresentedSubject,
    PresentedAudience,
    /// The application (client) id and the tenant a sign-in asked for (`Application with
    /// identifier '…' was not found in the directory '…'`).
    RequestedClientId,
    RequestedTenant,
    /// The device must be managed or compliant (AADSTS530003).
    DeviceRequired,
    /// Several user-assigned identities are on the host and the code named none of them.
    ManagedIdentityAmbiguous,
    /// The code asked for a user-assigned identity by a client id that was empty (MSAL's
    /// `no_client_id`: "No ClientId was specified", typically an unset setting).
    ManagedIdentityClientIdEmpty,
    /// The pod the code runs in and its namespace, as `kubectl describe pod`'s Scheduled event
    /// names them (`Successfully assigned <namespace>/<pod> to <node>`): they fill the commands
    /// that run in the pod.
    PodName,
    PodNamespace,
    /// The App Service or Functions app the code runs in, as its Kudu path names it
    /// (`D:\home\…`, `D:\DWASFiles\Sites\<app>\…`).
    AppName,
    /// The resource group of the App Service app, the container app or the AKS cluster the
    /// code runs in, as a resource id (an ARM error, az JSON's `id`) or Kudu's
    /// `WEBSITE_RESOURCE_GROUP` names it: it fills that host's commands.
    AppResourceGroup,
    ContainerAppResourceGroup,
    ClusterResourceGroup,
    /// The container app the code runs in (`CONTAINER_APP_NAME`, its resource id).
    ContainerAppName,
    /// The AKS cluster the code runs in (its resource id).
    ClusterName,
    // The platform that fetches the secret for the code (the `identity-platform` step).
    /// An App Service or Functions Key Vault reference found no managed identity to use
    /// (`MSINotEnabled`).
    ReferenceIdentityMissing,
    /// An App Service or Functions Key Vault reference was refused by the vault
    /// (`AccessToKeyVaultDenied`): the network gate or the identity's permission, the status
    /// alone does not say which.
    ReferenceAccessDenied,
    /// A reference or a platform secret is malformed: its syntax or its vault URL
    /// (`InvalidSyntax`, `ContainerAppSecretKeyVaultUrlInvalid`).
    ReferenceSyntaxInvalid,
    /// The platform could not read the secret and does not say why (`OtherReasons`,
    /// `UnauthorizedClient`, an empty `ErrorCode:`, "unable to fetch secret … using Managed
    /// identity").
    ReferenceUnresolved,
    /// A library wrapped the vault's answer in its own exception and printed only that
    /// (App Configuration's `KeyVaultReferenceException` with an empty `ErrorCode:`).
    InnerErrorHidden,
    /// The platform read the secret (`Resolved`).
    ReferenceResolved,
    /// The Secrets Store CSI driver or its Azure provider is not installed on the node.
    CsiDriverMissing,
    /// The SecretProviderClass uses a service principal and names no `nodePublishSecretRef`.
    CsiCredentialMissing,
    /// Kubernetes' own RBAC refused a service account (a Kubernetes secret, not the vault).
    KubernetesRbacDenied,
    /// An Azure DevOps Key Vault task or variable group has no service connection.
    ServiceConnectionMissing,
    // Object and vault lifecycle, and the management plane.
    /// A deleted object is being recovered: it cannot be written until that ends (409).
    ObjectRecovering,
    /// The vault itself is not where the caller looks (`ResourceNotFound`,
    /// `ResourceGroupNotFound`, "not found within subscription", App Service `VaultNotFound`).
    VaultNotFound,
    /// The vault name is taken, often by a soft-deleted vault (`VaultAlreadyExists`, "already
    /// exists in deleted state").
    VaultNameHeld,
    /// Azure Resource Manager refused an action on the vault (`AuthorizationFailed` on
    /// `Microsoft.KeyVault/…` or on role assignments): a management-plane role is missing.
    ManagementDenied,
    /// Azure Policy refused the change (`RequestDisallowedByPolicy`).
    PolicyDisallowed,
    /// The ARM action a management-plane refusal names (`Microsoft.KeyVault/vaults/write`).
    ManagementAction,
    /// The object id of the principal a management-plane refusal names (`with object id '…'`).
    ManagementCaller,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signal {
    pub kind: SignalKind,
    pub value: String,
    pub at: Evidence,
}
