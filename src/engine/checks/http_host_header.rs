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
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    #[test]
    fn the_vault_host_in_the_header_passes() {
        let curl = "*   Trying 10.1.2.4:443...\n* Connected to contoso.vault.azure.net (10.1.2.4) port 443\n> GET /healthstatus HTTP/1.1\n> Host: contoso.vault.azure.net\n< HTTP/1.1 200 OK";
        insta::assert_snapshot!(shown(&[curl], "http-host-header"), @r"
            pass: The request carried Host: contoso.vault.azure.net
              > > Host: contoso.vault.azure.net   (paste 1, line 4)
            ");
        insta::assert_snapshot!(shown(&[&curl.replace("> Host: contoso", "> Host: proxy.corp")], "http-host-header"), @r"
            fail: The request carried Host: proxy.corp.vault.azure.net instead of contoso.vault.azure.net
              > > Host: proxy.corp.vault.azure.net   (paste 1, line 4)
            fix: Make the client or proxy send the vault's own host name in the Host header.
            ");
    }

    #[test]
    fn denied_host_other_than_vault_fails() {
        let vault = r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/"}}"#;
        insta::assert_snapshot!(shown(&[
                    vault,
                    "Status: 403 (Forbidden)\nThis TCP connection does not allow access to kv-proxy.corp.contoso.com."
                ],
                "http-host-header"), @r"
                    fail: The vault was asked for kv-proxy.corp.contoso.com, not contoso.vault.azure.net
                      > This TCP connection does not allow access to kv-proxy.corp.contoso.com.   (paste 2, line 2)
                    fix: Make the client or proxy send the vault's own host name in the Host header.
                    ");
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nThis TCP connection does not allow access to contoso.vault.azure.net."],
                "http-host-header"), @r#"
                    unknown: "This TCP connection does not allow access to": the Host header sent is not in the pastes
                      > This TCP connection does not allow access to contoso.vault.azure.net.   (paste 1, line 2)
                    next: From the failing machine (through the same proxy), show the request headers.
                      $ curl -sv https://contoso.vault.azure.net/healthstatus
                    "#);
    }

    #[test]
    fn by_elimination_when_dns_and_approval_are_right() {
        let lookup = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  contoso.vault.azure.net\n";
        let endpoint = r#"{"name": "pe1", "provisioningState": "Succeeded", "customDnsConfigs": [{"fqdn": "contoso.vault.azure.net", "ipAddresses": ["10.1.2.4"]}], "privateLinkServiceConnections": [{"privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso", "groupIds": ["vault"], "privateLinkServiceConnectionState": {"status": "Approved"}}]}"#;
        let error = "Status: 403 (Forbidden)\nThis TCP connection does not allow access to contoso.vault.azure.net.";
        insta::assert_snapshot!(shown(&[error, lookup, endpoint], "http-host-header"), @r"
            warn: DNS and the private endpoint are right, so the Host header (a proxy or client setting) is the likely cause
              > This TCP connection does not allow access to contoso.vault.azure.net.   (paste 1, line 2)
            fix: Check that the client and any proxy send the vault's own host name; compare with curl from the same machine.
              $ curl -sv https://contoso.vault.azure.net/healthstatus
            ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/cases/blank-slot-unread"), "http-host-header"), @r#"
            unknown: "This TCP connection does not allow access to": the Host header sent is not in the pastes
              > {"error":{"code":"Forbidden","message":"This TCP connection does not allow access to kv-gateway.corp.fabrikam.com."}}   (paste 3, line 5)
            next: From the failing machine (through the same proxy), show the request headers.
              $ curl -sv https://<vault-name>.vault.azure.net/healthstatus
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "http-host-header"), @r"skip: No request headers in the pastes");
    }
}
