use super::case::is_vault_zone;
use super::commands::zone_list;
use super::{declare_check, Case, Outcome};

declare_check! {
    /// ## What it checks
    /// The private DNS zone is named exactly `privatelink.vaultcore.azure.net` (China:
    /// `privatelink.vaultcore.azure.cn`, US Government: `privatelink.vaultcore.usgovcloudapi.net`,
    /// Managed HSM: `privatelink.managedhsm.azure.net`).
    ///
    /// ## Why it matters
    /// Azure DNS only answers from a zone whose name matches the privatelink alias exactly.
    /// `privatelink.vault.azure.net`, `vaultcore.azure.net` or another service's zone are never
    /// consulted for the vault, so clients keep getting the public address.
    ///
    /// ## Fix
    /// Create the zone with the exact name, link it to the clients' virtual networks, and let
    /// the private endpoint's DNS zone group manage the record; delete the misnamed zone.
    pub ZONE_NAME { id: "zone-name", title: "The private DNS zone has the right name", run: run }
}

fn run(case: &Case) -> Outcome {
    let expected = case.zone();
    let zones = &case.facts.zones;
    if let Some(right) = zones.iter().find(|z| z.name.value.eq_ignore_ascii_case(expected)) {
        return Outcome::pass(format!("The zone is named {expected}")).evidence([right.name.at.clone()]);
    }
    let suspicious = zones.iter().find(|z| {
        let n = z.name.value.to_ascii_lowercase();
        n.contains("vault") || n.contains("managedhsm") || is_vault_zone(&n)
    });
    if let Some(wrong) = suspicious.or_else(|| zones.first()) {
        let lower = wrong.name.value.to_ascii_lowercase();
        let why = if lower.contains("vault") || lower.contains("managedhsm") {
            "a near miss: Azure DNS never consults it for the vault"
        } else if lower.starts_with("privatelink.") {
            "another service's zone"
        } else {
            "a zone of another name: Azure DNS never consults it for the vault"
        };
        return Outcome::fail(format!("The zone is named {}, not {expected}", wrong.name.value))
            .evidence([wrong.name.at.clone()])
            .fix(format!("{} is {why}. Create {expected}, link it to the clients' networks and add the vault's record (a DNS zone group does it for you).", wrong.name.value), vec![zone_list(expected)]);
    }
    if case.dns_private() == Some(true) && case.private_link().is_some() {
        return Outcome::pass(format!("The private answer shows the {expected} zone is in use"))
            .evidence(case.private_link());
    }
    if case.dns_private() == Some(false) && case.private_link().is_some() {
        return Outcome::unknown("The private DNS zone is not in the pastes")
            .next(format!("Check that a zone named exactly {expected} exists."), vec![zone_list(expected)]);
    }
    Outcome::skip("No private DNS zone in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    #[test]
    fn exact_name_passes_near_miss_fails() {
        let zone = |name: &str| {
            format!(
                r#"[{{"name": "{name}", "numberOfRecordSets": 2, "numberOfVirtualNetworkLinks": 1, "resourceGroup": "rg-dns"}}]"#
            )
        };
        assert_eq!(step(&[&zone("privatelink.vaultcore.azure.net")], "zone-name").status, Status::Pass);
        insta::assert_snapshot!(shown(&[&zone("privatelink.vaultcore.azure.net")], "zone-name"), @r#"
            pass: The zone is named privatelink.vaultcore.azure.net
              > "name": "privatelink.vaultcore.azure.net" (in [0])   (paste 1, line 1)
            "#);
        let wrong = step(&[&zone("privatelink.vault.azure.net")], "zone-name");
        insta::assert_snapshot!(shown(&[&zone("privatelink.vault.azure.net")], "zone-name"), @r#"
            fail: The zone is named privatelink.vault.azure.net, not privatelink.vaultcore.azure.net
              > "name": "privatelink.vault.azure.net" (in [0])   (paste 1, line 1)
            fix: privatelink.vault.azure.net is a near miss: Azure DNS never consults it for the vault. Create privatelink.vaultcore.azure.net, link it to the clients' networks and add the vault's record (a DNS zone group does it for you).
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
            "#);
        assert_eq!(wrong.status, Status::Fail);
        assert!(wrong.title.contains("privatelink.vault.azure.net"));
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-messy.txt"), "zone-name"), @r"
            pass: The private answer shows the privatelink.vaultcore.azure.net zone is in use
              > fabrikam.privatelink.vaultcore.azure.net.   (paste 1, line 2)
            ");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "zone-name"), @r#"
            unknown: The private DNS zone is not in the pastes
            next: Check that a zone named exactly privatelink.vaultcore.azure.net exists.
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/curl-clean.txt"), "zone-name"), @r"skip: No private DNS zone in the pastes");
    }

    /// A zone known only from a record's or a link's id or fqdn is judged like a pasted one.
    #[test]
    fn zones_named_by_ids_and_fqdns() {
        let records = pastes("tests/fixtures/config/record-set-a-list-custom-zone.json");
        insta::assert_snapshot!(shown(&[records[0].as_str()], "zone-name"), @r#"
            fail: The zone is named privatezone1.com, not privatelink.vaultcore.azure.net
              > "id": "/subscriptions/subscriptionId/resourceGroups/resourceGroup1/providers/Microsoft.Network/privateDnsZones/privatezone1.com/A/recorda1",   (paste 1, line 5)
            fix: privatezone1.com is a zone of another name: Azure DNS never consults it for the vault. Create privatelink.vaultcore.azure.net, link it to the clients' networks and add the vault's record (a DNS zone group does it for you).
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
            "#);
        let link = pastes("tests/fixtures/config/vnet-link-get-custom-zone.json");
        insta::assert_snapshot!(shown(&[link[0].as_str()], "zone-name"), @r#"
            fail: The zone is named privatezone1.com, not privatelink.vaultcore.azure.net
              > "id": "/subscriptions/subscriptionId/resourceGroups/resourceGroup1/providers/Microsoft.Network/privateDnsZones/privatezone1.com/virtualNetworkLinks/virtualNetworkLink1",   (paste 1, line 2)
            fix: privatezone1.com is a zone of another name: Azure DNS never consults it for the vault. Create privatelink.vaultcore.azure.net, link it to the clients' networks and add the vault's record (a DNS zone group does it for you).
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
            "#);
        let blob = link[0].replace("privatezone1.com", "privatelink.blob.core.windows.net");
        insta::assert_snapshot!(shown(&[blob.as_str()], "zone-name"), @r#"
            fail: The zone is named privatelink.blob.core.windows.net, not privatelink.vaultcore.azure.net
              > "id": "/subscriptions/subscriptionId/resourceGroups/resourceGroup1/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net/virtualNetworkLinks/virtualNetworkLink1",   (paste 1, line 2)
            fix: privatelink.blob.core.windows.net is another service's zone. Create privatelink.vaultcore.azure.net, link it to the clients' networks and add the vault's record (a DNS zone group does it for you).
              $ az network private-dns zone list --query "[?name=='privatelink.vaultcore.azure.net'].{name:name, rg:resourceGroup, links:numberOfVirtualNetworkLinks}" -o table
            "#);
        // A record set of the vault's zone, known from its fqdn alone (a --query projection).
        let fqdn = r#"[{"name": "fabrikam", "fqdn": "fabrikam.privatelink.vaultcore.azure.net.", "aRecords": [{"ipv4Address": "10.1.2.7"}]}]"#;
        assert_eq!(step(&[fqdn], "zone-name").status, Status::Pass);
    }
}
