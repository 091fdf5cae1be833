use super::commands::healthstatus;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The HTTP `Host` header the vault received equals the host of its `vaultUri`
    /// (`contoso.vault.azure.net`).
    ///
    /// ## Why it matters
    /// Key Vault routes a private link request by host name. A proxy or a custom HTTP handler
    /// that rewrites `Host` makes the vault answer 403 "This TCP connection does not allow access
    /// to …" even when DNS and the endpoint are right.
    ///
    /// ## Fix
    /// Configure the proxy to pass `Host` through unchanged (or bypass it for
    /// `*.vault.azure.net`), and remove any client setting that overrides the Host header.
    pub HTTP_HOST_HEADER { id: "http-host-header", title: "The Host header is the vault's name", run: run }
}

fn run(case: &Case) -> Outcome {
    let host = case.host();
    if let Some(header) =
        case.signals(SignalKind::HostHeader).into_iter().find(|h| !h.value.eq_ignore_ascii_case(&host))
    {
        return Outcome::fail(format!("The request carried Host: {} instead of {host}", header.value))
            .evidence([header.at.clone()])
            .fix("Make the client or proxy send the vault's own host name in the Host header.", vec![]);
    }
    if let Some(denied) = case.signal(SignalKind::TcpConnectionDenied) {
        if case.vault.is_some() && !denied.value.eq_ignore_ascii_case(&host) {
            return Outcome::fail(format!("The vault was asked for {}, not {host}", denied.value))
                .evidence([denied.at.clone()])
                .fix("Make the client or proxy send the vault's own host name in the Host header.", vec![]);
        }
    }
    if let Some(header) = case.signal(SignalKind::HostHeader) {
        return Outcome::pass(format!("The request carried Host: {}", header.value)).evidence([header.at.clone()]);
    }
    match case.signal(SignalKind::TcpConnectionDenied) {
        Some(denied) => Outcome::unknown(
            "\"This TCP connection does not allow access to\": the Host header sent is not in the pastes",
        )
        .evidence([denied.at.clone()])
        .next(
            "From the failing machine (through the same proxy), show the request headers.",
            vec![healthstatus(&host)],
        ),
        None => Outcome::skip("No request headers in the pastes"),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::status;
    use crate::engine::report::Status;

    #[test]
    fn denied_host_other_than_vault_fails() {
        let vault = r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/"}}"#;
        assert_eq!(
            status(
                &[
                    vault,
                    "Status: 403 (Forbidden)\nThis TCP connection does not allow access to kv-proxy.corp.contoso.com."
                ],
                "http-host-header"
            ),
            Status::Fail
        );
        assert_eq!(
            status(
                &["Status: 403 (Forbidden)\nThis TCP connection does not allow access to contoso.vault.azure.net."],
                "http-host-header"
            ),
            Status::Unknown
        );
    }
}
