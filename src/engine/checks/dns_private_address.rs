use super::commands::{link_vnet, lookup_from, nslookup_via_azure_dns, zone_links, zone_list};
use super::{declare_check, listing, Case, Outcome};
use crate::engine::net::{resolver, scope, Resolver, Scope, AZURE_DNS};

declare_check! {
    /// ## What it checks
    /// When a private endpoint is in play, the vault name resolves to a private address
    /// (10/8, 172.16/12, 192.168/16, 100.64/10 or IPv6 unique-local space).
    ///
    /// ## Why it matters
    /// A public answer means the client's DNS never consulted the `privatelink.vaultcore.azure.net`
    /// zone, so the request travels over the internet and a vault closed to public traffic
    /// answers 403 (`ForbiddenByConnection`, `ForbiddenByFirewall`). From a VM using Azure DNS
    /// this means the zone is missing, not linked to the client's virtual network, or has no
    /// record for the vault; behind a custom DNS server it means the server does not forward the
    /// zone to Azure DNS. A public resolver's answer (a `public-dns` paste) is public by design
    /// and never fails this step; its privatelink alias only proves the endpoint is approved, so a
    /// public address from the client's own lookup then puts the fault on the client's side.
    ///
    /// ## Fix
    /// Create the `privatelink.vaultcore.azure.net` zone if it is missing and link it to every
    /// virtual network whose clients call the vault (Private DNS zone > Virtual network links >
    /// Add, auto-registration off). Behind your own DNS servers, add a conditional forwarder for
    /// `vaultcore.azure.net` to 168.63.129.16 or to a DNS Private Resolver inbound endpoint.
    pub DNS_PRIVATE_ADDRESS { id: "dns-private-address", title: "The name resolves to a private address", run: run }
}

fn run(case: &Case) -> Outcome {
    let host = case.host();
    let answered: Vec<_> = case.answered().collect();
    if answered.is_empty() {
        return if case.lookups.is_empty() {
            super::no_lookup(case)
        } else {
            Outcome::skip("Not reached: the vault name did not resolve")
        };
    }
    let Some(alias) = case.private_link() else {
        return Outcome::skip("No private endpoint in play, so a public address is expected");
    };
    let zone = case.zone();
    // Labelled viewpoints that get a private answer, named beside a failing one (worked out
    // once: a paste may hold very many lookups).
    let others = listing(
        answered
            .iter()
            .filter(|l| l.viewpoint.is_some())
            .filter(|l| !l.addresses.is_empty() && l.addresses.iter().all(|a| scope(a.value) == Scope::Private))
            .filter_map(|l| Some(format!("“{}” gets {}", l.viewpoint.as_ref()?.value, l.addresses.first()?.value))),
    );
    let others = if others.is_empty() { String::new() } else { format!("; {others}") };
    let mut result: Option<Outcome> = None;
    for lookup in &answered {
        let outcome = if let Some(public) = lookup.addresses.iter().find(|a| scope(a.value) != Scope::Private) {
            let kind = lookup.server.as_ref().map(|s| (s.value, resolver(s.value)));
            // The fix's sentence, the commands that inspect and, where it has one, the command
            // that makes the change.
            let (cause, commands, change) = match kind {
                Some((_, Resolver::AzureDns)) => (
                    format!("Azure DNS answered, so the {zone} zone is missing, not linked to this client's virtual network, or has no record for the vault. Link the zone to the client's network."),
                    vec![zone_list(zone), zone_links(zone)],
                    Some(link_vnet(zone)),
                ),
                Some((server, Resolver::Public)) => (
                    format!("{server} is a public DNS server: it never sees the {zone} zone. Use the network's own DNS (connect the VPN, or the DNS servers the network hands out), and have that DNS forward {} to {AZURE_DNS}.", case.forwarded_zone()),
                    vec![lookup_from(case, &host)],
                    None,
                ),
                Some((server, Resolver::Custom)) => (
                    format!("DNS server {server} does not forward {zone} to Azure DNS: add a conditional forwarder for {} to {AZURE_DNS} (or to a DNS Private Resolver inbound endpoint).", case.forwarded_zone()),
                    vec![nslookup_via_azure_dns(&host)],
                    None,
                ),
                _ => (
                    format!("Either the {zone} zone is not linked to this client's network, or its DNS server does not forward that zone to Azure DNS. Compare with Azure DNS from a VM in the network."),
                    vec![nslookup_via_azure_dns(&host), zone_links(zone)],
                    None,
                ),
            };
            // The alias seen only publicly: the endpoint is fine, the client's side lacks the zone.
            let cause = if case.lookups.iter().all(|l| !l.names.iter().any(|n| n.at == alias)) {
                format!("A public resolver shows the private link alias, so the private endpoint is approved: the fault is on this network's side, not the endpoint. {cause}")
            } else {
                cause
            };
            let seen = lookup.viewpoint.as_ref().map(|v| format!(" (“{}”)", v.value)).unwrap_or_default();
            let outcome = Outcome::fail(format!(
                "{host} resolves to public address {}{seen} although a private endpoint exists{others}",
                public.value
            ))
            .evidence([public.at.clone(), alias.clone()])
            .evidence(lookup.server.iter().map(|s| s.at.clone()))
            .fix(cause, commands);
            match change {
                Some(command) => outcome.changing(command),
                None => outcome,
            }
        } else if let Some(masked) = lookup.masked.first() {
            Outcome::unknown("The resolved address was masked before pasting").evidence([masked.clone()]).next(
                "Paste the address unmasked (it is a private endpoint or public front-end address, not a secret).",
                vec![lookup_from(case, &host)],
            )
        } else {
            let addresses = listing(lookup.addresses.iter().map(|a| a.value));
            Outcome::pass(format!("{host} resolves to private address {addresses}"))
                .evidence(lookup.addresses.iter().map(|a| a.at.clone()))
        };
        result = Some(match result {
            Some(previous) => previous.worst(outcome),
            None => outcome,
        });
    }
    result.unwrap_or_else(|| Outcome::skip("No lookup answered with an address"))
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    const PASSING: &str = "Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  172.20.1.5\nAliases:  contoso.vault.azure.net\n";
    const FAILING: &str = "PS C:\\> nslookup contoso.vault.azure.net\nServer:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    azkms-prod-eus-b.eastus.cloudapp.azure.com\nAddress:  52.168.109.101\nAliases:  contoso.vault.azure.net\n          contoso.privatelink.vaultcore.azure.net\n          data-prod-eus.vaultcore.azure.net\n          data-prod-eus-region.vaultcore.azure.net\n";

    #[test]
    fn passes_on_a_private_answer() {
        let step = step(&[PASSING], "dns-private-address");
        insta::assert_snapshot!(shown(&[PASSING], "dns-private-address"), @r"
            pass: contoso.vault.azure.net resolves to private address 172.20.1.5
              > Address:  172.20.1.5   (paste 1, line 6)
            ");
        assert_eq!(step.status, Status::Pass);
        assert!(step.title.contains("172.20.1.5"));
    }

    #[test]
    fn fails_on_a_public_answer_through_the_alias() {
        let step = step(&[FAILING], "dns-private-address");
        insta::assert_snapshot!(shown(&[FAILING], "dns-private-address"), @r#"
            fail: contoso.vault.azure.net resolves to public address 52.168.109.101 although a private endpoint exists
              > Address:  52.168.109.101   (paste 1, line 7)
              > contoso.privatelink.vaultcore.azure.net   (paste 1, line 9)
              > Address:  168.63.129.16   (paste 1, line 3)
            fix: Azure DNS answered, so the privatelink.vaultcore.azure.net zone is missing, not linked to this client's virtual network, or has no record for the vault. Link the zone to the client's network.
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
              $ az network private-dns link vnet list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{vnet:virtualNetwork.id, state:virtualNetworkLinkState}" -o table
              $ az network private-dns link vnet create -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n <link-name> --virtual-network <client-vnet-id> --registration-enabled false
            "#);
        assert_eq!(step.status, Status::Fail);
        assert_eq!(step.evidence[0].quote, "Address:  52.168.109.101");
        assert_eq!(step.evidence[0].lines, vec![7]);
        let fix = step.fix.unwrap();
        assert!(fix.text.contains("Azure DNS answered"), "{}", fix.text);
        assert!(fix.commands.iter().any(|c| c.starts_with("az network private-dns link vnet create")));
    }

    const PUBLIC_ALIAS: &str = include_str!("../../../tests/fixtures/inputs/public-dns-clean.txt");

    #[test]
    fn the_public_answer_alone_never_fails_it() {
        let alone = step(&[PUBLIC_ALIAS], "dns-private-address");
        insta::assert_snapshot!(shown(&[PUBLIC_ALIAS], "dns-private-address"), @r#"
            unknown: No name lookup of the vault was pasted, and a private endpoint is involved
              > {"name":"contoso.vault.azure.net","type":5,"TTL":60,"data":"contoso.privatelink.vaultcore.azure.net."},   (paste 1, line 13)
            next: Run this on the machine that fails (Windows or Linux) and paste the whole output.
              $ nslookup contoso.vault.azure.net
            "#);
        assert_ne!(alone.status, Status::Fail, "{}", alone.title);
        assert_eq!(alone.status, Status::Unknown, "asks for the client's own lookup: {}", alone.title);
    }

    #[test]
    fn a_public_alias_and_a_public_client_answer_blame_the_client_side() {
        let short = "$ dig +short contoso.vault.azure.net\n52.168.109.101\n";
        let without = step(&[short], "dns-private-address");
        insta::assert_snapshot!(shown(&[short], "dns-private-address"), @r"skip: No private endpoint in play, so a public address is expected");
        assert_eq!(without.status, Status::Skip, "no endpoint known: {}", without.title);
        let with = step(&[short, PUBLIC_ALIAS], "dns-private-address");
        insta::assert_snapshot!(shown(&[short, PUBLIC_ALIAS], "dns-private-address"), @r#"
            fail: contoso.vault.azure.net resolves to public address 52.168.109.101 although a private endpoint exists
              > 52.168.109.101   (paste 1, line 2)
              > {"name":"contoso.vault.azure.net","type":5,"TTL":60,"data":"contoso.privatelink.vaultcore.azure.net."},   (paste 2, line 13)
            fix: A public resolver shows the private link alias, so the private endpoint is approved: the fault is on this network's side, not the endpoint. Either the privatelink.vaultcore.azure.net zone is not linked to this client's network, or its DNS server does not forward that zone to Azure DNS. Compare with Azure DNS from a VM in the network.
              $ nslookup contoso.vault.azure.net 168.63.129.16
              $ az network private-dns link vnet list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{vnet:virtualNetwork.id, state:virtualNetworkLinkState}" -o table
            "#);
        assert_eq!(with.status, Status::Fail);
        assert_eq!(with.evidence[0].input, 1, "the client's own address is the evidence");
        assert!(with.fix.unwrap().text.contains("on this network's side, not the endpoint"));
        let client_private = step(&[PASSING, PUBLIC_ALIAS], "dns-private-address");
        insta::assert_snapshot!(shown(&[PASSING, PUBLIC_ALIAS], "dns-private-address"), @r"
            pass: contoso.vault.azure.net resolves to private address 172.20.1.5
              > Address:  172.20.1.5   (paste 1, line 6)
            ");
        assert_eq!(client_private.status, Status::Pass);
    }

    #[test]
    fn off_by_one_range_is_public() {
        let paste = PASSING.replace("172.20.1.5", "172.32.1.5");
        assert_eq!(step(&[&paste], "dns-private-address").status, Status::Fail);
        insta::assert_snapshot!(shown(&[&paste], "dns-private-address"), @r#"
            fail: contoso.vault.azure.net resolves to public address 172.32.1.5 although a private endpoint exists
              > Address:  172.32.1.5   (paste 1, line 6)
              > Name:    contoso.privatelink.vaultcore.azure.net   (paste 1, line 5)
              > Address:  168.63.129.16   (paste 1, line 2)
            fix: Azure DNS answered, so the privatelink.vaultcore.azure.net zone is missing, not linked to this client's virtual network, or has no record for the vault. Link the zone to the client's network.
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
              $ az network private-dns link vnet list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{vnet:virtualNetwork.id, state:virtualNetworkLinkState}" -o table
              $ az network private-dns link vnet create -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n <link-name> --virtual-network <client-vnet-id> --registration-enabled false
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/nslookup/linux-nxdomain.txt"), "dns-private-address"), @r"skip: Not reached: the vault name did not resolve");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/nslookup/masked-placeholder.txt"), "dns-private-address"), @r"
            unknown: The resolved address was masked before pasting
              > Address:  10.x.x.x   (paste 1, line 7)
            next: Paste the address unmasked (it is a private endpoint or public front-end address, not a secret).
              $ nslookup <vault-name>.vault.azure.net
            ");
    }
}
