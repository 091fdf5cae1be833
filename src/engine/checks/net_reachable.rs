use super::commands::healthstatus;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// A TCP/TLS connection to the resolved address on port 443 succeeds: no time-outs
    /// ("context deadline exceeded", "connect timed out", `StatusCode=0`).
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
    if let Some(timeout) = case.signal(SignalKind::ConnectTimeout) {
        let target = case.resolved().first().map(|a| format!(" ({})", a.value)).unwrap_or_default();
        return Outcome::fail(format!("The connection to {}{target} timed out", case.host()))
            .evidence([timeout.at.clone()])
            .fix("Check peering or routing between the client's and the endpoint's networks, and that NSGs and firewalls allow TCP 443 to the endpoint.", vec![healthstatus(&case.host())]);
    }
    let refused = [
        (SignalKind::ConnectionRefused, "refused", "Nothing listens on 443 at the address the client reached: check the address it resolves and that no firewall or NVA rejects TCP 443."),
        (SignalKind::ConnectionReset, "reset", "Something on the path closed the connection: a firewall, a TLS-inspecting proxy or an NVA. Check the outbound rules for TCP 443 to the vault."),
        (SignalKind::ProxyRefused, "refused by the proxy", &format!("The proxy refused the tunnel: give the client the proxy's credentials, or exempt *.{} from the proxy (NO_PROXY).", case.cloud().vault_suffix)),
    ];
    for (kind, what, fix) in refused {
        if let Some(signal) = case.signal(kind) {
            return Outcome::fail(format!("The connection to {} was {what}", case.host()))
                .evidence([signal.at.clone()])
                .fix(fix, vec![healthstatus(&case.host())]);
        }
    }
    let answered = case
        .signal(SignalKind::Connected)
        .or_else(|| case.signal(SignalKind::HttpStatus))
        .or_else(|| case.signal(SignalKind::InnerCode));
    match answered {
        Some(signal) => {
            Outcome::pass("The vault's front end answered, so the network path works").evidence([signal.at.clone()])
        }
        None => Outcome::skip("No connection attempt in the pastes"),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::status;
    use crate::engine::report::Status;

    #[test]
    fn timeouts_fail_answers_pass() {
        assert_eq!(
            status(
                &["Get \"https://contoso.vault.azure.net/secrets/db\": dial tcp 10.1.2.4:443: i/o timeout"],
                "net-reachable"
            ),
            Status::Fail
        );
        assert_eq!(status(&["Status: 403 (Forbidden)\nForbiddenByRbac"], "net-reachable"), Status::Pass);
    }
}
