use super::commands::{nslookup, nslookup_via_azure_dns};
use super::{declare_check, Case, Outcome};
use crate::engine::net::{resolver, scope, Resolver, Scope, AZURE_DNS};

declare_check! {
    /// ## What it checks
    /// Which DNS server answered the client: Azure DNS (168.63.129.16), a local stub resolver,
    /// or a custom server (domain controller, on-premises DNS, forwarder VM).
    ///
    /// ## Why it matters
    /// Private DNS zones only take effect through Azure DNS, which is reachable only from inside
    /// a virtual network. A custom server must forward `vaultcore.azure.net` (or the privatelink
    /// zone) to 168.63.129.16 or to a DNS Private Resolver inbound endpoint; without that
    /// conditional forwarder it hands out the vault's public address.
    ///
    /// ## Fix
    /// On the custom DNS server, add a conditional forwarder for `vaultcore.azure.net` to
    /// 168.63.129.16 (from a server inside Azure) or to a DNS Private Resolver inbound endpoint
    /// (from on-premises over VPN or ExpressRoute).
    pub DNS_RESOLVER { id: "dns-resolver", title: "The right DNS server answers", run: run }
}

fn run(case: &Case) -> Outcome {
    let host = case.host();
    if case.lookups.is_empty() {
        return super::no_lookup(case);
    }
    if case.private_link().is_none() {
        return Outcome::skip("No private endpoint in play, so any DNS server may answer");
    }
    let mut result: Option<Outcome> = None;
    for lookup in case.answered() {
        let Some(server) = &lookup.server else {
            continue;
        };
        let private = !lookup.addresses.is_empty() && lookup.addresses.iter().all(|a| scope(a.value) == Scope::Private);
        let outcome = match (resolver(server.value), private) {
            (Resolver::AzureDns, _) => Outcome::pass(format!("Azure DNS ({AZURE_DNS}) answered, so the private DNS zones linked to the network apply")),
            (Resolver::LocalStub, true) | (Resolver::Custom, true) => Outcome::pass(format!("DNS server {} returns the private address", server.value)),
            (Resolver::LocalStub, false) => Outcome::unknown(format!("A local stub resolver ({}) answered; the server it forwards to is not shown", server.value)).next(
                "Ask Azure DNS directly from this machine (works only inside Azure) and paste the output; on Linux `resolvectl status` shows the upstream server.",
                vec![nslookup_via_azure_dns(&host)],
            ),
            (Resolver::Custom, false) => Outcome::fail(format!("DNS server {} does not forward the private link zone to Azure DNS", server.value))
                .fix(
                    format!("Add a conditional forwarder for {} on {} to {AZURE_DNS}, or to a DNS Private Resolver inbound endpoint for clients outside Azure.", case.forwarded_zone(), server.value),
                    vec![nslookup_via_azure_dns(&host)],
                ),
        };
        let outcome = outcome.evidence([server.at.clone()]);
        result = Some(match result {
            Some(previous) => previous.worst(outcome),
            None => outcome,
        });
    }
    result.unwrap_or_else(|| {
        Outcome::unknown("The DNS server that answered is not shown")
            .next("Paste nslookup output including its Server: and Address: lines.", vec![nslookup(&host)])
    })
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::step;
    use crate::engine::report::Status;

    const AZURE: &str = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  contoso.vault.azure.net\n";
    const CUSTOM_PUBLIC: &str = "Server:  dc01.corp.contoso.com\nAddress:  10.50.0.4\n\nNon-authoritative answer:\nName:    data-prod-weu-region.vaultcore.azure.net\nAddress:  20.61.103.228\nAliases:  contoso.vault.azure.net\n          contoso.privatelink.vaultcore.azure.net\n          data-prod-weu.vaultcore.azure.net\n";

    #[test]
    fn passes_for_azure_dns() {
        let step = step(&[AZURE], "dns-resolver");
        assert_eq!(step.status, Status::Pass);
        assert_eq!(step.evidence[0].quote, "Address:  168.63.129.16");
    }

    #[test]
    fn fails_for_a_custom_server_without_forwarder() {
        let step = step(&[CUSTOM_PUBLIC], "dns-resolver");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("10.50.0.4"));
        assert_eq!(step.evidence[0].lines, vec![2]);
    }

    #[test]
    fn stub_resolver_with_public_answer_asks_for_more() {
        let stub = "Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\nNon-authoritative answer:\ncontoso.vault.azure.net\tcanonical name = contoso.privatelink.vaultcore.azure.net.\ncontoso.privatelink.vaultcore.azure.net\tcanonical name = data-prod-eus.vaultcore.azure.net.\nName:\tdata-prod-eus.vaultcore.azure.net\nAddress: 52.168.109.101\n";
        let step = step(&[stub], "dns-resolver");
        assert_eq!(step.status, Status::Unknown);
        assert_eq!(step.next.unwrap().commands, vec!["nslookup contoso.vault.azure.net 168.63.129.16"]);
    }
}
