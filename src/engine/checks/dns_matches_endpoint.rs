use super::commands::{endpoint_show, lookup_from, record_replace, where_to_run};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;
use crate::engine::net::{scope, Scope};

declare_check! {
    /// ## What it checks
    /// The private address the client resolved (or connected to) is this vault's private
    /// endpoint address: its `customDnsConfigs` entry or its network interface's private IP.
    ///
    /// ## Why it matters
    /// A private address that belongs to something else — a stale A record after the endpoint
    /// was recreated, another vault's endpoint, a hosts-file entry — is the most common cause of
    /// "This TCP connection does not allow access to": the request reaches a private endpoint,
    /// just not this vault's.
    ///
    /// ## Fix
    /// Point the A record named after the vault in `privatelink.vaultcore.azure.net` at the
    /// endpoint's address (or recreate the endpoint's DNS zone group so Azure manages it), and
    /// remove any hosts-file entry for the vault's name.
    pub DNS_MATCHES_ENDPOINT { id: "dns-matches-endpoint", title: "The name resolves to this vault's private endpoint", run: run }
}

fn run(case: &Case) -> Outcome {
    let resolved: Vec<_> = case.resolved().filter(|a| scope(a.value) == Scope::Private).collect();
    let endpoint = case.endpoint_addresses();
    let denied = case.signal(SignalKind::TcpConnectionDenied);
    match (resolved.first(), endpoint.first()) {
        (Some(first), Some(right)) => {
            if let Some(wrong) = resolved.iter().find(|r| !endpoint.iter().any(|e| e.value == r.value)) {
                Outcome::fail(format!("{} resolves to {} but this vault's private endpoint is {}", case.host(), wrong.value, right.value))
                    .evidence([wrong.at.clone(), right.at.clone()])
                    .evidence(denied.map(|d| d.at.clone()))
                    .fix(
                        format!("Correct the A record {} in {} to {} (or recreate the endpoint's DNS zone group), and remove any hosts-file entry for {}.", case.vault_name(), case.zone(), right.value, case.host()),
                        vec![record_replace(case.zone(), &case.vault_name(), &wrong.value.to_string(), &right.value.to_string())],
                    )
            } else {
                Outcome::pass(format!("{} resolves to the private endpoint's address {}", case.host(), first.value)).evidence([first.at.clone(), right.at.clone()])
            }
        }
        (Some(r), None) => Outcome::unknown(format!("{} resolves to {}; the private endpoint's own address is not in the pastes", case.host(), r.value))
            .evidence([r.at.clone()])
            .next("Paste the private endpoint (it lists the address Azure gave it under customDnsConfigs).", vec![endpoint_show(&case.resource_group())]),
        (None, Some(e)) if case.lookups.is_empty() => Outcome::unknown(format!("The private endpoint's address is {}; what the client resolves is not in the pastes", e.value))
            .evidence([e.at.clone()])
            .next(format!("Run this {} and paste the output.", where_to_run(case)), vec![lookup_from(case, &case.host())]),
        _ if denied.is_some() => Outcome::unknown("\"This TCP connection does not allow access to\": compare the resolved address with the private endpoint's")
            .evidence(denied.map(|d| d.at.clone()))
            .next("Paste both outputs: the lookup from the failing machine and the private endpoint.", vec![lookup_from(case, &case.host()), endpoint_show(&case.resource_group())]),
        _ => Outcome::skip("No private address and private endpoint to compare"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    const LOOKUP: &str = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.9\nAliases:  contoso.vault.azure.net\n";
    const ENDPOINT: &str = r#"{"name": "pe-contoso", "provisioningState": "Succeeded",
 "customDnsConfigs": [{"fqdn": "contoso.vault.azure.net", "ipAddresses": ["10.1.2.4"]}],
 "privateLinkServiceConnections": [{"privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso", "groupIds": ["vault"], "privateLinkServiceConnectionState": {"status": "Approved"}}]}"#;

    #[test]
    fn fails_when_dns_points_elsewhere() {
        let step = step(&[LOOKUP, ENDPOINT], "dns-matches-endpoint");
        insta::assert_snapshot!(shown(&[LOOKUP, ENDPOINT], "dns-matches-endpoint"), @r#"
            fail: contoso.vault.azure.net resolves to 10.1.2.9 but this vault's private endpoint is 10.1.2.4
              > Address:  10.1.2.9   (paste 1, line 5)
              > "10.1.2.4" (in customDnsConfigs[0].ipAddresses)   (paste 2, line 2)
            fix: Correct the A record contoso in privatelink.vaultcore.azure.net to 10.1.2.4 (or recreate the endpoint's DNS zone group), and remove any hosts-file entry for contoso.vault.azure.net.
              $ az network private-dns record-set a remove-record -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso -a 10.1.2.9 && az network private-dns record-set a add-record -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso -a 10.1.2.4
            "#);
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("10.1.2.9") && step.title.contains("10.1.2.4"), "{}", step.title);
        assert_eq!(step.evidence[1].input, 2);
        assert!(step.fix.unwrap().commands[0].contains("-a 10.1.2.9"));
    }

    #[test]
    fn passes_when_they_match() {
        let lookup = LOOKUP.replace("10.1.2.9", "10.1.2.4");
        assert_eq!(step(&[&lookup, ENDPOINT], "dns-matches-endpoint").status, Status::Pass);
        insta::assert_snapshot!(shown(&[&lookup, ENDPOINT], "dns-matches-endpoint"), @r#"
            pass: contoso.vault.azure.net resolves to the private endpoint's address 10.1.2.4
              > Address:  10.1.2.4   (paste 1, line 5)
              > "10.1.2.4" (in customDnsConfigs[0].ipAddresses)   (paste 2, line 2)
            "#);
    }

    #[test]
    fn asks_for_the_endpoint_when_only_dns_is_known() {
        let step = step(&[LOOKUP], "dns-matches-endpoint");
        insta::assert_snapshot!(shown(&[LOOKUP], "dns-matches-endpoint"), @r#"
            unknown: contoso.vault.azure.net resolves to 10.1.2.9; the private endpoint's own address is not in the pastes
              > Address:  10.1.2.9   (paste 1, line 5)
            next: Paste the private endpoint (it lists the address Azure gave it under customDnsConfigs).
              $ az network private-endpoint show -g <resource-group> -n <private-endpoint> --query "{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}, manual:manualPrivateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}"
            "#);
        assert_eq!(step.status, Status::Unknown);
        assert!(step.next.unwrap().commands[0].starts_with("az network private-endpoint show"));
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/az-nic-clean.txt"), "dns-matches-endpoint"), @r#"
            unknown: The private endpoint's address is 10.1.2.4; what the client resolves is not in the pastes
              > "privateIPAddress": "10.1.2.4" (in ipConfigurations[0])   (paste 1, line 3)
            next: Run this on the machine that fails (Windows or Linux) and paste the output.
              $ nslookup fabrikam.vault.azure.net
            "#);
        insta::assert_snapshot!(shown(&pastes("static/examples/cases/tcp-host-header"), "dns-matches-endpoint"), @r#"
            unknown: "This TCP connection does not allow access to": compare the resolved address with the private endpoint's
              > {"error":{"code":"Forbidden","message":"This TCP connection does not allow access to kv-gateway.corp.fabrikam.com."}}   (paste 1, line 5)
            next: Paste both outputs: the lookup from the failing machine and the private endpoint.
              $ nslookup fabrikam.vault.azure.net
              $ az network private-endpoint show -g rg-sec -n <private-endpoint> --query "{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}, manual:manualPrivateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "dns-matches-endpoint"), @r"skip: No private address and private endpoint to compare");
    }
}
