use super::commands::{effective_routes, healthstatus, reach_from};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// A TCP/TLS connection to the resolved address on port 443 succeeds: no time-outs
    /// ("context deadline exceeded", "connect timed out", `StatusCode=0`), resets, refusals or
    /// cut TLS handshakes (curl `(35)`, `SSL_ERROR_SYSCALL`, schannel). Ping proves nothing
    /// here: private endpoints never answer ICMP.
    ///
    /// ## Why it matters
    /// When DNS returns the right private address but the connection times out, the network
    /// path is missing: the client's network is not peered or routed to the endpoint's, or an
    /// NSG, route table, firewall or proxy drops port 443.
    ///
    /// ## Fix
    /// Peer the client's network with the endpoint's (both directions) or fix the route, and
    /// allow TCP 443 to the endpoint's address in NSGs and firewalls.
    pub NET_REACHABLE { id: "net-reachable", title: "The vault's address is reachable on port 443", run: run }
}

fn run(case: &Case) -> Outcome {
    let host = case.host();
    let target = case.resolved().next().map(|a| format!(" ({})", a.value)).unwrap_or_default();
    let ping = ping_note(case);
    if let Some(tls) = case.signal(SignalKind::TlsHandshakeFailed) {
        return Outcome::fail(format!(
            "The TLS handshake with {host}{target} was cut{}: something on the path drops or intercepts it{ping}",
            after_private(case)
        ))
        .evidence([tls.at.clone()])
        .evidence(case.signal(SignalKind::Connected).map(|c| c.at.clone()))
        .fix(tls_fix(tls, &host), vec![healthstatus(&host), effective_routes()]);
    }
    if let Some(timeout) = case.signal(SignalKind::ConnectTimeout) {
        let private = case.dns_private() == Some(true);
        let fix = if private {
            "The name resolves to the private endpoint, so the packets to it are dropped: check the NSGs on the client's and the endpoint's subnets for TCP 443, peering (both directions) between the networks, and routes (a UDR sending the endpoint's traffic through a firewall)."
        } else {
            "Check peering or routing between the client's and the endpoint's networks, and that NSGs and firewalls allow TCP 443 to the endpoint."
        };
        return Outcome::fail(format!("The connection to {host}{target} timed out{ping}"))
            .evidence([timeout.at.clone()])
            .fix(fix, reach_from(case, &host).into_iter().chain([effective_routes()]).collect());
    }
    let refused = [
        (SignalKind::ConnectionRefused, "refused", "Nothing listens on 443 at the address the client reached: check the address it resolves and that no firewall or NVA rejects TCP 443."),
        (SignalKind::ConnectionReset, "reset", "Something on the path closed the connection: a firewall, a TLS-inspecting proxy or an NVA. Check the outbound rules for TCP 443 to the vault."),
        (SignalKind::ProxyRefused, "refused by the proxy", &format!("The proxy refused the tunnel: give the client the proxy's credentials, or exempt *.{} from the proxy (NO_PROXY).", case.cloud().vault_suffix)),
    ];
    for (kind, what, fix) in refused {
        if let Some(signal) = case.signal(kind) {
            return Outcome::fail(format!("The connection to {host} was {what}{}", after_private(case)))
                .evidence([signal.at.clone()])
                .fix(fix, vec![healthstatus(&host)]);
        }
    }
    let answered = case
        .signal(SignalKind::Connected)
        .or_else(|| case.signal(SignalKind::HttpStatus))
        .or_else(|| case.signal(SignalKind::InnerCode));
    match (answered, case.signal(SignalKind::Ping)) {
        (Some(signal), _) => {
            Outcome::pass("The vault's front end answered, so the network path works").evidence([signal.at.clone()])
        }
        (None, Some(ping)) => Outcome::unknown(
            "Only ping was tried, and ping proves nothing about port 443: private endpoints never answer ICMP",
        )
        .evidence([ping.at.clone()])
        .next("Test TCP 443 instead (PowerShell, or curl anywhere) and paste the output.", reach_from(case, &host)),
        (None, None) => Outcome::skip("No connection attempt in the pastes"),
    }
}

/// " after the right private answer" when the lookups pasted resolved privately.
fn after_private(case: &Case) -> &'static str {
    if case.dns_private() == Some(true) && case.private_link().is_some() {
        " after the name resolved to the private endpoint"
    } else {
        ""
    }
}

/// A failed ping beside a real failure is set aside in the title, so nobody reads it as proof.
fn ping_note(case: &Case) -> &'static str {
    if case.signal(SignalKind::Ping).is_some() {
        " (the ping pasted proves nothing either way: private endpoints never answer ICMP)"
    } else {
        ""
    }
}

fn tls_fix(signal: &crate::engine::facts::Signal, host: &str) -> String {
    let mut text = format!("TCP reached the address but the TLS handshake was cut: a firewall or NVA (Azure Firewall with TLS inspection, a UDR sending the endpoint's traffic through an appliance, an asymmetric route) or a proxy drops or intercepts it. Exempt {host} and the endpoint's subnet from TLS inspection, and check the client NIC's effective routes.");
    if signal.at.quote.to_ascii_lowercase().contains("underlying connection was closed") {
        text.push_str(" From Windows PowerShell 5.1 also make sure TLS 1.2 is offered ([Net.ServicePointManager]::SecurityProtocol = 'Tls12'): Key Vault refuses older TLS.");
    }
    text
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    #[test]
    fn timeouts_fail_answers_pass() {
        insta::assert_snapshot!(shown(&["Get \"https://contoso.vault.azure.net/secrets/db\": dial tcp 10.1.2.4:443: i/o timeout"],
                "net-reachable"), @r#"
                    fail: The connection to contoso.vault.azure.net timed out
                      > Get "https://contoso.vault.azure.net/secrets/db": dial tcp 10.1.2.4:443: i/o timeout   (paste 1, line 1)
                    fix: Check peering or routing between the client's and the endpoint's networks, and that NSGs and firewalls allow TCP 443 to the endpoint.
                      $ Test-NetConnection contoso.vault.azure.net -Port 443
                      $ curl -sv https://contoso.vault.azure.net/healthstatus
                      $ az network nic show-effective-route-table -g <client-resource-group> -n <client-nic> -o table
                    "#);
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nForbiddenByRbac"], "net-reachable"), @r"
            pass: The vault's front end answered, so the network path works
              > Status: 403 (Forbidden)   (paste 1, line 1)
            ");
    }

    const PRIVATE: &str = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.5\nAliases:  contoso.vault.azure.net\n";

    #[test]
    fn a_cut_tls_handshake_after_a_private_answer_fails() {
        let curl = "* Connected to contoso.vault.azure.net (10.1.2.5) port 443\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\ncurl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to contoso.vault.azure.net:443 ";
        let cut = step(&[PRIVATE, curl], "net-reachable");
        insta::assert_snapshot!(shown(&[PRIVATE, curl], "net-reachable"), @r"
            fail: The TLS handshake with contoso.vault.azure.net (10.1.2.5) was cut after the name resolved to the private endpoint: something on the path drops or intercepts it
              > curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to contoso.vault.azure.net:443   (paste 2, line 3)
              > * Connected to contoso.vault.azure.net (10.1.2.5) port 443   (paste 2, line 1)
            fix: TCP reached the address but the TLS handshake was cut: a firewall or NVA (Azure Firewall with TLS inspection, a UDR sending the endpoint's traffic through an appliance, an asymmetric route) or a proxy drops or intercepts it. Exempt contoso.vault.azure.net and the endpoint's subnet from TLS inspection, and check the client NIC's effective routes.
              $ curl -sv https://contoso.vault.azure.net/healthstatus
              $ az network nic show-effective-route-table -g <client-resource-group> -n <client-nic> -o table
            ");
        assert_eq!(cut.status, Status::Fail, "{}", cut.title);
        assert!(cut.title.contains("after the name resolved to the private endpoint"), "{}", cut.title);
        let schannel =
            "Invoke-WebRequest : The underlying connection was closed: An unexpected error occurred on a send.";
        let closed = step(&[PRIVATE, schannel], "net-reachable");
        insta::assert_snapshot!(shown(&[PRIVATE, schannel], "net-reachable"), @r"
            fail: The TLS handshake with contoso.vault.azure.net (10.1.2.5) was cut after the name resolved to the private endpoint: something on the path drops or intercepts it
              > Invoke-WebRequest : The underlying connection was closed: An unexpected error occurred on a send.   (paste 2, line 1)
            fix: TCP reached the address but the TLS handshake was cut: a firewall or NVA (Azure Firewall with TLS inspection, a UDR sending the endpoint's traffic through an appliance, an asymmetric route) or a proxy drops or intercepts it. Exempt contoso.vault.azure.net and the endpoint's subnet from TLS inspection, and check the client NIC's effective routes. From Windows PowerShell 5.1 also make sure TLS 1.2 is offered ([Net.ServicePointManager]::SecurityProtocol = 'Tls12'): Key Vault refuses older TLS.
              $ curl -sv https://contoso.vault.azure.net/healthstatus
              $ az network nic show-effective-route-table -g <client-resource-group> -n <client-nic> -o table
            ");
        assert_eq!(closed.status, Status::Fail, "{}", closed.title);
        assert!(closed.fix.unwrap().text.contains("TLS 1.2"));
    }

    #[test]
    fn ping_alone_proves_nothing() {
        let ping = "Pinging contoso.privatelink.vaultcore.azure.net [10.1.2.5] with 32 bytes of data:\nRequest timed out.\n\nPing statistics for 10.1.2.5:\n    Packets: Sent = 4, Received = 0, Lost = 4 (100% loss),";
        let step = step(&[PRIVATE, ping], "net-reachable");
        insta::assert_snapshot!(shown(&[PRIVATE, ping], "net-reachable"), @r"
            unknown: Only ping was tried, and ping proves nothing about port 443: private endpoints never answer ICMP
              > Pinging contoso.privatelink.vaultcore.azure.net [10.1.2.5] with 32 bytes of data:   (paste 2, line 1)
            next: Test TCP 443 instead (PowerShell, or curl anywhere) and paste the output.
              $ Test-NetConnection contoso.vault.azure.net -Port 443
              $ curl -sv https://contoso.vault.azure.net/healthstatus
            ");
        assert_eq!(step.status, Status::Unknown, "{}", step.title);
        assert!(step.next.unwrap().commands.iter().any(|c| c.contains("-Port 443")));
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "net-reachable"), @r"skip: No connection attempt in the pastes");
    }
}
