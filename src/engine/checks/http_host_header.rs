use super::commands::healthstatus;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{ConnectionStatus, SignalKind};

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
    // Without knowing the vault there is nothing to compare the header with.
    let known = case.vault.is_some();
    if let Some(header) =
        case.signals(SignalKind::HostHeader).into_iter().find(|h| known && !h.value.eq_ignore_ascii_case(&host))
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
    let endpoint = case.endpoint_addresses();
    let dns_ok = case.resolved().any(|r| endpoint.iter().any(|e| e.value == r.value));
    let connections = case.connections();
    let approved = !connections.is_empty()
        && connections.iter().all(|c| c.status.as_ref().is_some_and(|s| s.value == ConnectionStatus::Approved));
    match case.signal(SignalKind::TcpConnectionDenied) {
        // The private-link guide's order (docs/seed-coverage.md): with the address and the
        // approval ruled out, the Host header remains.
        Some(denied) if dns_ok && approved => {
            Outcome::warn("DNS and the private endpoint are right, so the Host header (a proxy or client setting) is the likely cause")
                .evidence([denied.at.clone()])
                .fix("Check that the client and any proxy send the vault's own host name; compare with curl from the same machine.", vec![healthstatus(&host)])
        }
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
    fn the_vault_host_in_the_header_passes() {
        let curl = "*   Trying 10.1.2.4:443...\n* Connected to contoso.vault.azure.net (10.1.2.4) port 443\n> GET /healthstatus HTTP/1.1\n> Host: contoso.vault.azure.net\n< HTTP/1.1 200 OK";
        assert_eq!(status(&[curl], "http-host-header"), Status::Pass);
        assert_eq!(status(&[&curl.replace("> Host: contoso", "> Host: proxy.corp")], "http-host-header"), Status::Fail);
    }

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

    #[test]
    fn by_elimination_when_dns_and_approval_are_right() {
        let lookup = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  contoso.vault.azure.net\n";
        let endpoint = r#"{"name": "pe1", "provisioningState": "Succeeded", "customDnsConfigs": [{"fqdn": "contoso.vault.azure.net", "ipAddresses": ["10.1.2.4"]}], "privateLinkServiceConnections": [{"privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso", "groupIds": ["vault"], "privateLinkServiceConnectionState": {"status": "Approved"}}]}"#;
        let error = "Status: 403 (Forbidden)\nThis TCP connection does not allow access to contoso.vault.azure.net.";
        assert_eq!(status(&[error, lookup, endpoint], "http-host-header"), Status::Warn);
    }
}
