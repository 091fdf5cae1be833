use super::commands::{link_vnet, zone_links};
use super::{declare_check, listing, Case, Outcome};
use crate::engine::facts::LinkState;
use crate::engine::net::{resolver, scope, Resolver, Scope};

declare_check! {
    /// ## What it checks
    /// The private DNS zone is linked to the client's virtual network with link status
    /// `Completed`; auto-registration on the link should be off.
    ///
    /// ## Why it matters
    /// A zone answers only queries from networks linked to it. A client in an unlinked network
    /// (a spoke, an AKS network, a peered network) gets the vault's public address even though
    /// the zone and its record are right. Auto-registration is for VM records and does not belong
    /// on a private endpoint zone.
    ///
    /// ## Fix
    /// Private DNS zone > Virtual network links > Add: pick the client's network, leave
    /// auto-registration off. Allow a minute or two, then flush the client's DNS cache.
    pub ZONE_VNET_LINK { id: "zone-vnet-link", title: "The zone is linked to the client's network", run: run }
}

fn run(case: &Case) -> Outcome {
    let zone = case.zone();
    let links: Vec<_> =
        case.facts.links.iter().filter(|l| l.zone.as_deref().is_none_or(|z| z.eq_ignore_ascii_case(zone))).collect();
    let unlinked = case
        .facts
        .zones
        .iter()
        .find(|z| z.name.value.eq_ignore_ascii_case(zone) && z.link_count.as_ref().is_some_and(|c| c.value == 0));
    if let Some(z) = unlinked {
        return Outcome::fail(format!("{zone} is linked to no virtual network"))
            .evidence(z.link_count.iter().map(|c| c.at.clone()))
            .fix("Link the zone to every network whose clients call the vault.", vec![link_vnet(zone)]);
    }
    if let Some(state) = links.iter().filter_map(|l| l.state.as_ref()).find(|s| s.value != LinkState::Completed) {
        return Outcome::warn(format!("A link is still {}", state.value))
            .evidence([state.at.clone()])
            .fix("Wait until the link shows Completed, then flush the client's DNS cache.", vec![zone_links(zone)]);
    }
    if let Some(registering) = links.iter().find_map(|l| l.registration.as_ref().filter(|r| r.value)) {
        return Outcome::warn("Auto-registration is on for a link of the private endpoint zone")
            .evidence([registering.at.clone()])
            .fix("Turn auto-registration off on links of privatelink zones; it is meant for VM records.", vec![]);
    }
    // A public answer from Azure DNS itself, with the alias: the asking network is not linked.
    // (A public answer from another server beside a private one from Azure DNS is a forwarding
    // question for dns-resolver, not a link question.)
    let azure_dns_public = case.answered().any(|l| {
        l.server.as_ref().is_some_and(|s| resolver(s.value) == Resolver::AzureDns)
            && l.addresses.iter().any(|a| scope(a.value) == Scope::Public)
    });
    let public_with_alias = azure_dns_public && case.private_link().is_some();
    if !links.is_empty() {
        let vnets = listing(
            links.iter().filter_map(|l| l.vnet.as_ref()).filter_map(|v| crate::engine::azure_id::name(&v.value)),
        );
        if public_with_alias {
            return Outcome::unknown(format!("{zone} is linked to {}, but Azure DNS still answered publicly: is the client's network among them?", vnets))
                .evidence(links.iter().filter_map(|l| l.vnet.as_ref().map(|v| v.at.clone())))
                .next("Find the client's virtual network (the VM's network interface shows it) and add a link if it is missing.", vec![link_vnet(zone)]);
        }
        return Outcome::pass(format!(
            "{zone} is linked to {} (Completed)",
            if vnets.is_empty() { "a network".to_string() } else { vnets }
        ))
        .evidence(
            links.iter().filter_map(|l| l.state.as_ref().map(|s| &s.at).or(l.vnet.as_ref().map(|v| &v.at)).cloned()),
        );
    }
    if case.dns_private() == Some(true) && case.private_link().is_some() {
        return Outcome::pass("The client gets a private answer, so its network is linked to the zone")
            .evidence(case.private_link());
    }
    if public_with_alias {
        return Outcome::unknown("Azure DNS answered publicly: the zone's links are not in the pastes")
            .next("Paste the zone's virtual network links.", vec![zone_links(zone)]);
    }
    Outcome::skip("No virtual network links in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    fn link(state: &str, registration: bool) -> String {
        format!(
            r#"[{{"name": "link-hub", "id": "/subscriptions/0/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/virtualNetworkLinks/link-hub", "virtualNetwork": {{"id": "/subscriptions/0/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub"}}, "virtualNetworkLinkState": "{state}", "registrationEnabled": {registration}}}]"#
        )
    }

    #[test]
    fn completed_passes_and_empty_zone_fails() {
        insta::assert_snapshot!(shown(&[&link("Completed", false)], "zone-vnet-link"), @r#"
            pass: privatelink.vaultcore.azure.net is linked to vnet-hub (Completed)
              > "virtualNetworkLinkState": "Completed" (in [0])   (paste 1, line 1)
            "#);
        insta::assert_snapshot!(shown(&[&link("InProgress", false)], "zone-vnet-link"), @r#"
            warn: A link is still InProgress
              > "virtualNetworkLinkState": "InProgress" (in [0])   (paste 1, line 1)
            fix: Wait until the link shows Completed, then flush the client's DNS cache.
              $ az network private-dns link vnet list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{vnet:virtualNetwork.id, state:virtualNetworkLinkState}" -o table
            "#);
        insta::assert_snapshot!(shown(&[&link("Completed", true)], "zone-vnet-link"), @r#"
            warn: Auto-registration is on for a link of the private endpoint zone
              > "registrationEnabled": true (in [0])   (paste 1, line 1)
            fix: Turn auto-registration off on links of privatelink zones; it is meant for VM records.
            "#);
        let zone =
            r#"{"name": "privatelink.vaultcore.azure.net", "numberOfRecordSets": 2, "numberOfVirtualNetworkLinks": 0}"#;
        insta::assert_snapshot!(shown(&[zone], "zone-vnet-link"), @r#"
            fail: privatelink.vaultcore.azure.net is linked to no virtual network
              > "numberOfVirtualNetworkLinks": 0   (paste 1, line 1)
            fix: Link the zone to every network whose clients call the vault.
              $ az network private-dns link vnet create -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n <link-name> --virtual-network <client-vnet-id> --registration-enabled false
            "#);
    }

    fn lookup(server: &str, address: &str, canonical: &str) -> String {
        format!(
            "Server:  dns\nAddress:  {server}\n\nNon-authoritative answer:\nName:    {canonical}\nAddress:  {address}\nAliases:  contoso.vault.azure.net\n          contoso.privatelink.vaultcore.azure.net\n"
        )
    }

    /// Azure DNS answering publicly means the asking network is not linked; a public answer
    /// from a company DNS server beside a private one from Azure DNS says nothing about links.
    #[test]
    fn only_a_public_answer_from_azure_dns_asks_about_links() {
        let azure_public = lookup("168.63.129.16", "20.61.103.228", "azkms-prod-weu-b.westeurope.cloudapp.azure.com");
        let asked = step(&[&azure_public], "zone-vnet-link");
        insta::assert_snapshot!(shown(&[&azure_public], "zone-vnet-link"), @r#"
            unknown: Azure DNS answered publicly: the zone's links are not in the pastes
            next: Paste the zone's virtual network links.
              $ az network private-dns link vnet list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{vnet:virtualNetwork.id, state:virtualNetworkLinkState}" -o table
            "#);
        assert_eq!(asked.status, Status::Unknown);
        assert!(asked.title.contains("Azure DNS answered publicly"), "{}", asked.title);

        let laptop = lookup("10.50.0.4", "20.61.103.228", "azkms-prod-weu-b.westeurope.cloudapp.azure.com");
        let vm = lookup("168.63.129.16", "10.1.2.5", "contoso.privatelink.vaultcore.azure.net");
        let mixed = step(&[&format!("From my laptop:\n{laptop}\n\nOn the VM:\n{vm}")], "zone-vnet-link");
        insta::assert_snapshot!(shown(&[&format!("From my laptop:\n{laptop}\n\nOn the VM:\n{vm}")], "zone-vnet-link"), @r"skip: No virtual network links in the pastes");
        assert!(!mixed.title.contains("Azure DNS answered publicly"), "{}", mixed.title);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-messy.txt"), "zone-vnet-link"), @r"
            pass: The client gets a private answer, so its network is linked to the zone
              > fabrikam.privatelink.vaultcore.azure.net.   (paste 1, line 2)
            ");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // a linked zone, yet Azure DNS answers publicly
        insta::assert_snapshot!(shown(&[pastes("tests/fixtures/nslookup/windows-public-via-alias.txt")[0].as_str(), pastes("tests/fixtures/inputs/az-dns-link-clean.txt")[0].replace("InProgress", "Completed").as_str()], "zone-vnet-link"), @r#"
            unknown: privatelink.vaultcore.azure.net is linked to vnet-hub, but Azure DNS still answered publicly: is the client's network among them?
              > "id": "/subscriptions/0b1f/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub" (in [0].virtualNetwork)   (paste 2, line 2)
            next: Find the client's virtual network (the VM's network interface shows it) and add a link if it is missing.
              $ az network private-dns link vnet create -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n <link-name> --virtual-network <client-vnet-id> --registration-enabled false
            "#);
    }
}
