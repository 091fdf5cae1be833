use super::commands::{link_vnet, lookup_from, nslookup_via_azure_dns, record_add, record_show, zone_links, zone_list};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{DnsFailure, DnsLookup};
use crate::engine::net::{resolver, scope, Resolver, Scope, AZURE_DNS};

declare_check! {
    /// ## What it checks
    /// Which DNS server answered the client: Azure DNS (168.63.129.16), a local stub resolver,
    /// or a custom server (domain controller, on-premises DNS, forwarder VM); and whether the
    /// resolvers pasted agree. One answering privately while another has no record or the
    /// public address is itself the finding: it says which zone lacks the record or the link.
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
    if let Some(finding) = disagreement(case) {
        return finding;
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
        // A masked answer (`x.x.x.x`) does not say whether the server handed out the private
        // address: a custom server is not blamed for a forwarder it may well have.
        let masked = lookup.addresses.is_empty() && !lookup.masked.is_empty();
        if masked && matches!(resolver(server.value), Resolver::Custom | Resolver::LocalStub) {
            let outcome = Outcome::unknown(format!(
                "DNS server {} answered with an address masked before pasting: whether it forwards the private link zone is not shown",
                server.value
            ))
            .evidence([server.at.clone()])
            .next(
                "Paste the address unmasked (it is a private endpoint or public front-end address, not a secret).",
                vec![lookup_from(case, &host)],
            );
            result = Some(match result {
                Some(previous) => previous.worst(outcome),
                None => outcome,
            });
            continue;
        }
        let outcome = match (resolver(server.value), private) {
            (Resolver::AzureDns, _) => Outcome::pass(format!("Azure DNS ({AZURE_DNS}) answered, so the private DNS zones linked to the network apply")),
            (Resolver::LocalStub, true) | (Resolver::Custom, true) => Outcome::pass(format!("DNS server {} returns the private address", server.value)),
            (Resolver::LocalStub, false) => Outcome::unknown(format!("A local stub resolver ({}) answered; the server it forwards to is not shown", server.value)).next(
                "Ask Azure DNS directly from this machine (works only inside Azure) and paste the output; on Linux `resolvectl status` shows the upstream server.",
                vec![nslookup_via_azure_dns(&host)],
            ),
            (Resolver::Public, _) => Outcome::fail(format!("A public DNS server ({}) answered: it never sees the vault's private DNS zone", server.value))
                .fix(
                    format!("Point this machine at its network's own DNS (connect the VPN, or use the DNS servers the network hands out) and make that DNS forward {} to {AZURE_DNS}; a public resolver's settings are not yours to change. For a one-off test, a hosts-file entry for {host} with the private endpoint's address.", case.forwarded_zone()),
                    vec![lookup_from(case, &host)],
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
            .next("Paste nslookup output including its Server: and Address: lines.", vec![lookup_from(case, &host)])
    })
}

/// What one viewpoint got, for comparing resolvers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Private,
    Public,
    NoRecord,
}

fn answer(lookup: &DnsLookup) -> Option<Answer> {
    if !lookup.addresses.is_empty() {
        let private = lookup.addresses.iter().all(|a| scope(a.value) == Scope::Private);
        return Some(if private { Answer::Private } else { Answer::Public });
    }
    match lookup.failure.as_ref().map(|f| f.value) {
        Some(DnsFailure::NxDomain | DnsFailure::NoAddress) if lookup.masked.is_empty() => Some(Answer::NoRecord),
        _ => None,
    }
}

/// Two resolvers disagree about the vault: one answers privately, another has no record or the
/// public address. The disagreement says where the private record lives — and where it is
/// missing — better than either answer alone. A custom server that hands out the public
/// address while Azure DNS answers privately is the forwarder case below, not this one.
fn disagreement(case: &Case) -> Option<Outcome> {
    let private = case.lookups.iter().find(|l| answer(l) == Some(Answer::Private))?;
    let (other, got) = case.lookups.iter().find_map(|l| {
        let got = answer(l).filter(|a| *a != Answer::Private)?;
        (l.viewpoint_name() != private.viewpoint_name()).then_some((*l, got))
    })?;
    let kind = |l: &DnsLookup| l.server.as_ref().map(|s| resolver(s.value));
    let p_view = view(private);
    let o_view = match kind(other) {
        Some(Resolver::AzureDns) => AZURE_DNS.to_string(),
        _ => view(other),
    };
    let ip = private.addresses.first().map(|a| a.value.to_string()).unwrap_or_default();
    let (host, name, zone) = (case.host(), case.vault_name(), case.zone());
    let outcome = match (kind(private), kind(other), got) {
        (Some(Resolver::AzureDns), Some(Resolver::Custom | Resolver::LocalStub), Answer::Public) => return None,
        (_, Some(Resolver::AzureDns), Answer::NoRecord) => Outcome::warn(format!(
            "The resolvers disagree: {p_view} answers {ip} (private), but Azure DNS ({o_view}) has no record for {host}"
        ))
        .fix(
            format!("Azure DNS answering NXDOMAIN (not the public address) means a {zone} zone is linked to this network but holds no A record named {name}; {p_view} answers from its own zone, a hosts entry or another forwarder. Anything that asks Azure DNS directly fails: add the record to the linked zone (or link the zone that has it)."),
            vec![record_show(zone, &name), zone_links(zone)],
        )
        .changing(record_add(zone, &name, &ip)),
        (_, Some(Resolver::AzureDns), _) => Outcome::warn(format!(
            "The resolvers disagree: {p_view} answers {ip} (private), but Azure DNS ({o_view}) returns the public address"
        ))
        .fix(
            format!("Azure DNS returning the public address means no {zone} zone is linked to the network that lookup was made in; {p_view} answers privately because its network is linked, or its DNS has its own zone or a hosts entry. Link the zone to every network whose clients call the vault."),
            vec![zone_list(zone), zone_links(zone)],
        )
        .changing(link_vnet(zone)),
        (Some(Resolver::AzureDns), _, Answer::NoRecord) => Outcome::fail(format!(
            "The resolvers disagree: Azure DNS answers {ip} (private), but {o_view} has no record for {host}"
        ))
        .fix(
            format!("{o_view} holds its own {zone} zone without a record for {name}: add the record there, or forward {} to {AZURE_DNS} instead of hosting the zone.", case.forwarded_zone()),
            vec![nslookup_via_azure_dns(&host)],
        ),
        _ => Outcome::warn(format!("The resolvers disagree: {p_view} answers {ip} (private), {o_view} does not"))
            .fix(format!("Clients get different answers depending on the resolver they use: make every resolver forward {} to Azure DNS (or a DNS Private Resolver inbound endpoint).", case.forwarded_zone()), vec![nslookup_via_azure_dns(&host)]),
    };
    Some(
        outcome
            .evidence(private.addresses.iter().map(|a| a.at.clone()))
            .evidence(
                [private.viewpoint.as_ref(), other.viewpoint.as_ref()].into_iter().flatten().map(|v| v.at.clone()),
            )
            .evidence(other.failure.iter().map(|f| f.at.clone()))
            .evidence(other.addresses.iter().map(|a| a.at.clone())),
    )
}

fn view(lookup: &DnsLookup) -> String {
    match (&lookup.viewpoint, &lookup.server) {
        (Some(label), _) => format!("“{}”", label.value),
        (None, Some(server)) => format!("DNS server {}", server.value),
        (None, None) => "one lookup".to_string(),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    const AZURE: &str = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  contoso.vault.azure.net\n";
    const CUSTOM_PUBLIC: &str = "Server:  dc01.corp.contoso.com\nAddress:  10.50.0.4\n\nNon-authoritative answer:\nName:    data-prod-weu-region.vaultcore.azure.net\nAddress:  20.61.103.228\nAliases:  contoso.vault.azure.net\n          contoso.privatelink.vaultcore.azure.net\n          data-prod-weu.vaultcore.azure.net\n";

    #[test]
    fn passes_for_azure_dns() {
        let step = step(&[AZURE], "dns-resolver");
        insta::assert_snapshot!(shown(&[AZURE], "dns-resolver"), @r"
            pass: Azure DNS (168.63.129.16) answered, so the private DNS zones linked to the network apply
              > Address:  168.63.129.16   (paste 1, line 2)
            ");
        assert_eq!(step.status, Status::Pass);
        assert_eq!(step.evidence[0].quote, "Address:  168.63.129.16");
    }

    #[test]
    fn fails_for_a_custom_server_without_forwarder() {
        let step = step(&[CUSTOM_PUBLIC], "dns-resolver");
        insta::assert_snapshot!(shown(&[CUSTOM_PUBLIC], "dns-resolver"), @r"
            fail: DNS server 10.50.0.4 does not forward the private link zone to Azure DNS
              > Address:  10.50.0.4   (paste 1, line 2)
            fix: Add a conditional forwarder for vaultcore.azure.net on 10.50.0.4 to 168.63.129.16, or to a DNS Private Resolver inbound endpoint for clients outside Azure.
              $ nslookup contoso.vault.azure.net 168.63.129.16
            ");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("10.50.0.4"));
        assert_eq!(step.evidence[0].lines, vec![2]);
    }

    /// A laptop on a public resolver (Cloudflare's, modelled on the public nslookup fixtures):
    /// the fix is the network's own DNS, never a forwarder on a server nobody can configure.
    #[test]
    fn a_public_resolver_is_never_told_to_forward() {
        let laptop = CUSTOM_PUBLIC.replace("dc01.corp.contoso.com", "one.one.one.one").replace("10.50.0.4", "1.1.1.1");
        let step = step(&[&laptop], "dns-resolver");
        insta::assert_snapshot!(shown(&[&laptop], "dns-resolver"), @r"
            fail: A public DNS server (1.1.1.1) answered: it never sees the vault's private DNS zone
              > Address:  1.1.1.1   (paste 1, line 2)
            fix: Point this machine at its network's own DNS (connect the VPN, or use the DNS servers the network hands out) and make that DNS forward vaultcore.azure.net to 168.63.129.16; a public resolver's settings are not yours to change. For a one-off test, a hosts-file entry for contoso.vault.azure.net with the private endpoint's address.
              $ nslookup contoso.vault.azure.net
            ");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("public DNS server (1.1.1.1)"), "{}", step.title);
        let fix = step.fix.unwrap();
        assert!(fix.text.contains("network's own DNS") && !fix.text.contains("on 1.1.1.1"), "{}", fix.text);
        assert!(fix.commands.iter().all(|c| !c.contains("1.1.1.1")), "{:?}", fix.commands);
    }

    /// A custom server's answer masked before pasting (`10.x.x.x`, as in the masked nslookup
    /// fixture) says nothing about its forwarder: no conditional forwarder is demanded.
    #[test]
    fn a_masked_answer_blames_no_forwarder() {
        let masked = pastes("tests/fixtures/nslookup/masked-placeholder.txt");
        let masked: Vec<String> = masked.iter().map(|p| p.replace("168.63.129.16", "10.50.0.4")).collect();
        let masked: Vec<&str> = masked.iter().map(String::as_str).collect();
        insta::assert_snapshot!(shown(&masked, "dns-resolver"), @r"
            unknown: DNS server 10.50.0.4 answered with an address masked before pasting: whether it forwards the private link zone is not shown
              > Address:  10.50.0.4   (paste 1, line 3)
            next: Paste the address unmasked (it is a private endpoint or public front-end address, not a secret).
              $ nslookup <vault-name>.vault.azure.net
            ");
    }

    #[test]
    fn stub_resolver_with_public_answer_asks_for_more() {
        let stub = "Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\nNon-authoritative answer:\ncontoso.vault.azure.net\tcanonical name = contoso.privatelink.vaultcore.azure.net.\ncontoso.privatelink.vaultcore.azure.net\tcanonical name = data-prod-eus.vaultcore.azure.net.\nName:\tdata-prod-eus.vaultcore.azure.net\nAddress: 52.168.109.101\n";
        let step = step(&[stub], "dns-resolver");
        insta::assert_snapshot!(shown(&[stub], "dns-resolver"), @r"
            unknown: A local stub resolver (127.0.0.53) answered; the server it forwards to is not shown
              > Address:	127.0.0.53#53   (paste 1, line 2)
            next: Ask Azure DNS directly from this machine (works only inside Azure) and paste the output; on Linux `resolvectl status` shows the upstream server.
              $ nslookup contoso.vault.azure.net 168.63.129.16
            ");
        assert_eq!(step.status, Status::Unknown);
        assert_eq!(step.next.unwrap().commands, vec!["nslookup contoso.vault.azure.net 168.63.129.16"]);
    }

    #[test]
    fn a_private_answer_beside_azure_dns_nxdomain_is_the_disagreement_finding() {
        let paste = "=== via CoreDNS (10.0.0.10) ===\nServer:  10.0.0.10\nAddress: 10.0.0.10#53\n\nName:    contoso.vault.azure.net\nAddress: 10.22.26.6\n\n=== via 168.63.129.16 ===\nServer:  168.63.129.16\nAddress: 168.63.129.16#53\n\ncontoso.vault.azure.net canonical name =\n    contoso.privatelink.vaultcore.azure.net.\n** server can't find contoso.privatelink.vaultcore.azure.net: NXDOMAIN\n";
        let resolver = step(&[paste], "dns-resolver");
        insta::assert_snapshot!(shown(&[paste], "dns-resolver"), @r#"
            warn: The resolvers disagree: “via CoreDNS (10.0.0.10)” answers 10.22.26.6 (private), but Azure DNS (168.63.129.16) has no record for contoso.vault.azure.net
              > Address: 10.22.26.6   (paste 1, line 6)
              > === via CoreDNS (10.0.0.10) ===   (paste 1, line 1)
              > === via 168.63.129.16 ===   (paste 1, line 8)
              > ** server can't find contoso.privatelink.vaultcore.azure.net: NXDOMAIN   (paste 1, line 14)
            fix: Azure DNS answering NXDOMAIN (not the public address) means a privatelink.vaultcore.azure.net zone is linked to this network but holds no A record named contoso; “via CoreDNS (10.0.0.10)” answers from its own zone, a hosts entry or another forwarder. Anything that asks Azure DNS directly fails: add the record to the linked zone (or link the zone that has it).
              $ az network private-dns record-set a show -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso
              $ az network private-dns link vnet list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{vnet:virtualNetwork.id, state:virtualNetworkLinkState}" -o table
              $ az network private-dns record-set a add-record -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso -a 10.22.26.6
            "#);
        assert_eq!(resolver.status, Status::Warn, "{}", resolver.title);
        assert!(resolver.title.contains("CoreDNS") && resolver.title.contains("no record"), "{}", resolver.title);
        let resolves = step(&[paste], "dns-resolves");
        insta::assert_snapshot!(shown(&[paste], "dns-resolves"), @r"
            pass: contoso.vault.azure.net resolves from some viewpoints, not all — via CoreDNS (10.0.0.10): 10.22.26.6, via 168.63.129.16: NXDOMAIN (see the DNS server step)
              > Address: 10.22.26.6   (paste 1, line 6)
              > ** server can't find contoso.privatelink.vaultcore.azure.net: NXDOMAIN   (paste 1, line 14)
            ");
        assert_eq!(resolves.status, Status::Pass, "{}", resolves.title);
        assert!(resolves.title.contains("NXDOMAIN") && resolves.title.contains("10.22.26.6"), "{}", resolves.title);
        // One resolver alone: nothing to compare.
        let alone = paste.split("=== via 168").next().unwrap();
        assert_ne!(step(&[alone], "dns-resolver").status, Status::Warn);
        insta::assert_snapshot!(shown(&[alone], "dns-resolver"), @r"skip: No private endpoint in play, so any DNS server may answer");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/nslookup/windows-portuguese.txt"), "dns-resolver"), @r"
            pass: DNS server 10.50.0.4 returns the private address
              > Address:  10.50.0.4   (paste 1, line 3)
            ");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/host-clean.txt"), "dns-resolver"), @r"
            unknown: The DNS server that answered is not shown
            next: Paste nslookup output including its Server: and Address: lines.
              $ nslookup fabrikam.vault.azure.net
            ");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // Azure DNS gives the public address beside a private answer
        insta::assert_snapshot!(shown(&["=== via CoreDNS (10.0.0.10) ===\nServer:  10.0.0.10\nAddress: 10.0.0.10#53\n\nName:    contoso.vault.azure.net\nAddress: 10.22.26.6\n\n=== via 168.63.129.16 ===\nServer:  168.63.129.16\nAddress: 168.63.129.16#53\n\nNon-authoritative answer:\nName:    azkms-prod-eus-b.eastus.cloudapp.azure.com\nAddress: 52.168.109.101\nAliases: contoso.vault.azure.net\n         contoso.privatelink.vaultcore.azure.net\n"], "dns-resolver"), @r#"
            warn: The resolvers disagree: “via CoreDNS (10.0.0.10)” answers 10.22.26.6 (private), but Azure DNS (168.63.129.16) returns the public address
              > Address: 10.22.26.6   (paste 1, line 6)
              > === via CoreDNS (10.0.0.10) ===   (paste 1, line 1)
              > === via 168.63.129.16 ===   (paste 1, line 8)
              > Address: 52.168.109.101   (paste 1, line 14)
            fix: Azure DNS returning the public address means no privatelink.vaultcore.azure.net zone is linked to the network that lookup was made in; “via CoreDNS (10.0.0.10)” answers privately because its network is linked, or its DNS has its own zone or a hosts entry. Link the zone to every network whose clients call the vault.
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
              $ az network private-dns link vnet list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{vnet:virtualNetwork.id, state:virtualNetworkLinkState}" -o table
              $ az network private-dns link vnet create -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n <link-name> --virtual-network <client-vnet-id> --registration-enabled false
            "#);
        // Azure DNS answers privately, the custom resolver has no record
        insta::assert_snapshot!(shown(&["=== via CoreDNS (10.0.0.10) ===\nServer:  10.0.0.10\nAddress: 10.0.0.10#53\n\n** server can't find contoso.vault.azure.net: NXDOMAIN\n\n=== via 168.63.129.16 ===\nServer:  168.63.129.16\nAddress: 168.63.129.16#53\n\nNon-authoritative answer:\nName:    contoso.privatelink.vaultcore.azure.net\nAddress: 10.22.26.6\nAliases: contoso.vault.azure.net\n"], "dns-resolver"), @r"
            fail: The resolvers disagree: Azure DNS answers 10.22.26.6 (private), but “via CoreDNS (10.0.0.10)” has no record for contoso.vault.azure.net
              > Address: 10.22.26.6   (paste 1, line 13)
              > === via 168.63.129.16 ===   (paste 1, line 7)
              > === via CoreDNS (10.0.0.10) ===   (paste 1, line 1)
              > ** server can't find contoso.vault.azure.net: NXDOMAIN   (paste 1, line 5)
            fix: “via CoreDNS (10.0.0.10)” holds its own privatelink.vaultcore.azure.net zone without a record for contoso: add the record there, or forward vaultcore.azure.net to 168.63.129.16 instead of hosting the zone.
              $ nslookup contoso.vault.azure.net 168.63.129.16
            ");
    }
}
