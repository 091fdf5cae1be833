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
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signal {
    pub kind: SignalKind,
    pub value: String,
    pub at: Evidence,
}
