use super::commands::{endpoint_show, record_replace};
use super::{declare_check, Case, Outcome};

declare_check! {
    /// ## What it checks
    /// The address in the vault's A record equals the private endpoint's address (its
    /// `customDnsConfigs` entry, or the private IP of its network interface).
    ///
    /// ## Why it matters
    /// After an endpoint is recreated its address can change while a hand-made record keeps the
    /// old one; two endpoints sharing a zone can overwrite each other's record. Clients then
    /// reach the wrong endpoint and get "This TCP connection does not allow access to".
    ///
    /// ## Fix
    /// Open the private endpoint > Network interface > Private IP address, and put exactly that
    /// address in the A record (or recreate the endpoint's DNS zone group).
    pub ZONE_A_RECORD_IP { id: "zone-a-record-ip", title: "The A record points at the private endpoint", run: run }
}

fn run(case: &Case) -> Outcome {
    let vault = case.vault_name();
    let record = case
        .records()
        .into_iter()
        .filter(|r| r.name.value.eq_ignore_ascii_case(&vault))
        .find_map(|r| r.addresses.first().map(|first| (r, first)));
    let endpoint = case.endpoint_addresses();
    match (record, endpoint.first()) {
        (Some((record, first)), Some(right)) => {
            match record.addresses.iter().find(|a| !endpoint.iter().any(|e| e.value == a.value)) {
                Some(wrong) => Outcome::fail(format!(
                    "The A record {vault} points at {} but the private endpoint's address is {}",
                    wrong.value, right.value
                ))
                .evidence([wrong.at.clone(), right.at.clone()])
                .fix(
                    format!("Set the record to {}.", right.value),
                    vec![record_replace(case.zone(), &vault, &wrong.value.to_string(), &right.value.to_string())],
                ),
                None => Outcome::pass(format!("The A record {vault} points at the private endpoint ({})", right.value))
                    .evidence([first.at.clone(), right.at.clone()]),
            }
        }
        (Some((_, first)), None) => Outcome::unknown(format!(
            "The A record {vault} points at {}; the private endpoint's address is not in the pastes",
            first.value
        ))
        .evidence([first.at.clone()])
        .next("Paste the private endpoint (or its network interface).", vec![endpoint_show(&case.resource_group())]),
        _ => Outcome::skip("No A record and private endpoint address to compare"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    const RECORD: &str = r#"{"name": "contoso", "ttl": 10, "aRecords": [{"ipv4Address": "10.1.2.7"}], "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/contoso"}"#;
    const NIC: &str = r#"{"name": "pe-contoso.nic.1", "ipConfigurations": [{"privateIPAddress": "10.1.2.4", "privateLinkConnectionProperties": {"groupId": "vault", "fqdns": ["contoso.vault.azure.net"]}}]}"#;

    #[test]
    fn record_must_equal_nic_address() {
        insta::assert_snapshot!(shown(&[RECORD, NIC], "zone-a-record-ip"), @r#"
            fail: The A record contoso points at 10.1.2.7 but the private endpoint's address is 10.1.2.4
              > "ipv4Address": "10.1.2.7" (in aRecords[0])   (paste 1, line 1)
              > "privateIPAddress": "10.1.2.4" (in ipConfigurations[0])   (paste 2, line 1)
            fix: Set the record to 10.1.2.4.
              $ az network private-dns record-set a remove-record -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso -a 10.1.2.7 && az network private-dns record-set a add-record -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso -a 10.1.2.4
            "#);
        insta::assert_snapshot!(shown(&[&RECORD.replace("10.1.2.7", "10.1.2.4"), NIC], "zone-a-record-ip"), @r#"
            pass: The A record contoso points at the private endpoint (10.1.2.4)
              > "ipv4Address": "10.1.2.4" (in aRecords[0])   (paste 1, line 1)
              > "privateIPAddress": "10.1.2.4" (in ipConfigurations[0])   (paste 2, line 1)
            "#);
        insta::assert_snapshot!(shown(&[RECORD], "zone-a-record-ip"), @r#"
            unknown: The A record contoso points at 10.1.2.7; the private endpoint's address is not in the pastes
              > "ipv4Address": "10.1.2.7" (in aRecords[0])   (paste 1, line 1)
            next: Paste the private endpoint (or its network interface).
              $ az network private-endpoint show -g <resource-group> -n <private-endpoint> --query "{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}, manual:manualPrivateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}"
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "zone-a-record-ip"), @r"skip: No A record and private endpoint address to compare");
    }
}
