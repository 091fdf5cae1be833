use super::commands::{record_show, records_list, zone_group_create};
use super::{declare_check, listing, Case, Outcome};

declare_check! {
    /// ## What it checks
    /// The zone holds an A record named exactly after the vault (`contoso`, no suffix) with at
    /// least one address, and a sane TTL (10 to 3600 seconds).
    ///
    /// ## Why it matters
    /// A linked zone answers NXDOMAIN for a name it has no record for, so a missing or misnamed
    /// record (`contoso.vault.azure.net`, a typo) breaks resolution outright. Long TTLs keep
    /// stale answers around after a fix.
    ///
    /// ## Fix
    /// Let Azure manage the record: create a DNS zone group on the private endpoint. Or add the
    /// record by hand with the vault's bare name and the endpoint's address, TTL 10 to 3600.
    pub ZONE_A_RECORD { id: "zone-a-record", title: "The zone has an A record for the vault", run: run }
}

fn run(case: &Case) -> Outcome {
    let (zone, vault) = (case.zone(), case.vault_name());
    let records = case.records();
    if let Some(record) = records.iter().find(|r| r.name.value.eq_ignore_ascii_case(&vault)) {
        if record.addresses.is_empty() {
            return Outcome::fail(format!("The A record {vault} has no address"))
                .evidence([record.name.at.clone()])
                .fix("Add the private endpoint's address to the record.", vec![record_show(zone, &vault)]);
        }
        if let Some(ttl) = record.ttl.as_ref().filter(|t| !(10..=3600).contains(&t.value)) {
            return Outcome::warn(format!("The A record's TTL is {} seconds", ttl.value))
                .evidence([ttl.at.clone()])
                .fix("Use a TTL between 10 and 3600 seconds so corrections reach clients in time.", vec![]);
        }
        return Outcome::pass(format!("{zone} has an A record {vault}")).evidence([record.name.at.clone()]);
    }
    if let Some(misnamed) = records.iter().find(|r| r.name.value.to_ascii_lowercase().starts_with(&format!("{vault}.")))
    {
        return Outcome::fail(format!("The A record is named {}: it must be just {vault}", misnamed.name.value))
            .evidence([misnamed.name.at.clone()])
            .fix(
                format!("Recreate the record with the bare name {vault} (no suffix)."),
                vec![zone_group_create(&case.resource_group(), zone)],
            );
    }
    if !records.is_empty() && case.vault.is_some() {
        let names = listing(records.iter().map(|r| r.name.value.clone()));
        return Outcome::fail(format!("{zone} has no A record named {vault} (it has: {names})"))
            .evidence(records.iter().map(|r| r.name.at.clone()).take(3))
            .fix("Create a DNS zone group on the private endpoint (Azure then manages the record), or add the record by hand.", vec![zone_group_create(&case.resource_group(), zone)]);
    }
    if case.dns_private() == Some(true) && case.private_link().is_some() {
        return Outcome::pass("The private answer shows the zone has a record for the vault")
            .evidence(case.private_link());
    }
    let nxdomain = case.lookups.iter().any(|l| l.failure.is_some()) && case.private_endpoint_evidence().is_some();
    if nxdomain || (case.dns_private() == Some(false) && case.private_link().is_some()) {
        return Outcome::unknown("The zone's records are not in the pastes")
            .next("Paste the zone's A records.", vec![records_list(zone)]);
    }
    Outcome::skip("No private DNS records in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    const ERROR: &str = "Status: 403 (Forbidden)\nVault: contoso;location=eastus\nForbiddenByConnection";
    fn records(name: &str, ttl: u32) -> String {
        format!(
            r#"[{{"name": "{name}", "ttl": {ttl}, "type": "Microsoft.Network/privateDnsZones/A", "aRecords": [{{"ipv4Address": "10.1.2.4"}}], "fqdn": "{name}.privatelink.vaultcore.azure.net."}}]"#
        )
    }

    #[test]
    fn bare_name_passes_suffix_and_absence_fail() {
        assert_eq!(step(&[ERROR, &records("contoso", 3600)], "zone-a-record").status, Status::Pass);
        insta::assert_snapshot!(shown(&[ERROR, &records("contoso", 3600)], "zone-a-record"), @r#"
            pass: privatelink.vaultcore.azure.net has an A record contoso
              > "name": "contoso" (in [0])   (paste 2, line 1)
            "#);
        assert_eq!(step(&[ERROR, &records("contoso", 86400)], "zone-a-record").status, Status::Warn);
        insta::assert_snapshot!(shown(&[ERROR, &records("contoso", 86400)], "zone-a-record"), @r#"
            warn: The A record's TTL is 86400 seconds
              > "ttl": 86400 (in [0])   (paste 2, line 1)
            fix: Use a TTL between 10 and 3600 seconds so corrections reach clients in time.
            "#);
        let suffixed = step(&[ERROR, &records("contoso.vault.azure.net", 3600)], "zone-a-record");
        insta::assert_snapshot!(shown(&[ERROR, &records("contoso.vault.azure.net", 3600)], "zone-a-record"), @r#"
            fail: The A record is named contoso.vault.azure.net: it must be just contoso
              > "name": "contoso.vault.azure.net" (in [0])   (paste 2, line 1)
            fix: Recreate the record with the bare name contoso (no suffix).
              $ az network private-endpoint dns-zone-group create -g <resource-group> --endpoint-name <private-endpoint> -n default --private-dns-zone privatelink.vaultcore.azure.net --zone-name vault
            "#);
        assert_eq!(suffixed.status, Status::Fail);
        assert!(suffixed.title.contains("must be just contoso"));
        assert_eq!(step(&[ERROR, &records("fabrikam", 3600)], "zone-a-record").status, Status::Fail);
        insta::assert_snapshot!(shown(&[ERROR, &records("fabrikam", 3600)], "zone-a-record"), @r#"
            fail: privatelink.vaultcore.azure.net has no A record named contoso (it has: fabrikam)
              > "name": "fabrikam" (in [0])   (paste 2, line 1)
            fix: Create a DNS zone group on the private endpoint (Azure then manages the record), or add the record by hand.
              $ az network private-endpoint dns-zone-group create -g <resource-group> --endpoint-name <private-endpoint> -n default --private-dns-zone privatelink.vaultcore.azure.net --zone-name vault
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-messy.txt"), "zone-a-record"), @r"
            pass: The private answer shows the zone has a record for the vault
              > fabrikam.privatelink.vaultcore.azure.net.   (paste 1, line 2)
            ");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "zone-a-record"), @r#"
            unknown: The zone's records are not in the pastes
            next: Paste the zone's A records.
              $ az network private-dns record-set a list -g <zone-resource-group> -z privatelink.vaultcore.azure.net --query "[].{name:name, ttl:ttl, ips:aRecords[].ipv4Address}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/curl-clean.txt"), "zone-a-record"), @r"skip: No private DNS records in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // a record without an address
        insta::assert_snapshot!(shown(&[r#"{"name": "contoso", "ttl": 10, "aRecords": [], "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/contoso"}"#], "zone-a-record"), @r#"
            fail: The A record contoso has no address
              > "name": "contoso"   (paste 1, line 1)
            fix: Add the private endpoint's address to the record.
              $ az network private-dns record-set a show -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso
            "#);
    }
}
