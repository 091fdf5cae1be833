use super::commands::{approve_connection, endpoint_show, vault_connections};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{ConnectionStatus, Side};

declare_check! {
    /// ## What it checks
    /// The private endpoint connection is `Approved`, on the vault's side (Networking >
    /// Private endpoint connections) and on the private endpoint's side.
    ///
    /// ## Why it matters
    /// Only an approved connection carries traffic. `Pending` waits for the vault owner (common
    /// for endpoints created across subscriptions or tenants); `Rejected` and `Disconnected` are
    /// final: such an endpoint can never be approved again.
    ///
    /// ## Fix
    /// Pending: approve it on the vault (Networking > Private endpoint connections > Approve).
    /// Rejected or Disconnected: delete the private endpoint and create a new one.
    pub PE_CONNECTION_APPROVED { id: "pe-connection-approved", title: "The private endpoint connection is approved", run: run }
}

fn run(case: &Case) -> Outcome {
    let connections: Vec<_> =
        case.connections().into_iter().filter_map(|c| c.status.as_ref().map(|status| (c, status))).collect();
    let (vault, rg) = (case.vault_name(), case.vault_resource_group());
    for (c, status) in &connections {
        let side = if c.side == Side::Vault { "on the vault" } else { "on the private endpoint" };
        match &status.value {
            ConnectionStatus::Approved => {}
            ConnectionStatus::Pending => {
                return Outcome::fail(format!("The private endpoint connection is Pending {side}: nobody approved it yet"))
                    .evidence([status.at.clone()])
                    .fix(format!("Approve it: vault {vault} > Networking > Private endpoint connections > select the connection > Approve."), vec![approve_connection(&vault, &rg)]);
            }
            other => {
                let other = other.to_string().to_ascii_lowercase();
                return Outcome::fail(format!("The private endpoint connection is {} {side}", status.value))
                    .evidence([status.at.clone()])
                    .fix(format!("A {other} connection cannot be approved again: delete the private endpoint and create a new one for {vault}."), vec![]);
            }
        }
    }
    if !connections.is_empty() {
        let sides = if connections.iter().any(|(c, _)| c.side == Side::Vault)
            && connections.iter().any(|(c, _)| c.side == Side::Endpoint)
        {
            " on both sides"
        } else {
            ""
        };
        return Outcome::pass(format!("The private endpoint connection is Approved{sides}"))
            .evidence(connections.iter().map(|(_, status)| status.at.clone()));
    }
    if let Some(alias) = case.private_link() {
        return Outcome::pass(
            "At least one private endpoint connection is approved (the privatelink alias is published only then)",
        )
        .evidence([alias]);
    }
    match case.private_endpoint_evidence() {
        Some(at) => Outcome::unknown("The connection state is not in the pastes").evidence([at]).next(
            "Paste the vault's private endpoint connections (or the private endpoint).",
            vec![vault_connections(&vault), endpoint_show(&rg)],
        ),
        None => Outcome::skip("No private endpoint in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    fn vault(status: &str) -> String {
        format!(
            r#"{{"name": "contoso", "type": "Microsoft.KeyVault/vaults", "properties": {{"vaultUri": "https://contoso.vault.azure.net/", "privateEndpointConnections": [{{"properties": {{"privateEndpoint": {{"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe1"}}, "privateLinkServiceConnectionState": {{"status": "{status}"}}, "provisioningState": "Succeeded"}}}}]}}}}"#
        )
    }

    #[test]
    fn pending_rejected_and_approved() {
        let pending = step(&[&vault("Pending")], "pe-connection-approved");
        insta::assert_snapshot!(shown(&[&vault("Pending")], "pe-connection-approved"), @r#"
            fail: The private endpoint connection is Pending on the vault: nobody approved it yet
              > "status": "Pending" (in properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState)   (paste 1, line 1)
            fix: Approve it: vault contoso > Networking > Private endpoint connections > select the connection > Approve.
              $ az keyvault private-endpoint-connection approve -g <resource-group> --vault-name contoso -n <connection-name>
            "#);
        assert_eq!(pending.status, Status::Fail);
        assert!(pending.fix.unwrap().commands[0].contains("private-endpoint-connection approve"));
        let rejected = step(&[&vault("Rejected")], "pe-connection-approved");
        insta::assert_snapshot!(shown(&[&vault("Rejected")], "pe-connection-approved"), @r#"
            fail: The private endpoint connection is Rejected on the vault
              > "status": "Rejected" (in properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState)   (paste 1, line 1)
            fix: A rejected connection cannot be approved again: delete the private endpoint and create a new one for contoso.
            "#);
        assert_eq!(rejected.status, Status::Fail);
        assert!(rejected.fix.unwrap().text.contains("delete the private endpoint"));
        assert_eq!(step(&[&vault("Approved")], "pe-connection-approved").status, Status::Pass);
        insta::assert_snapshot!(shown(&[&vault("Approved")], "pe-connection-approved"), @r#"
            pass: The private endpoint connection is Approved
              > "status": "Approved" (in properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState)   (paste 1, line 1)
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "pe-connection-approved"), @r"
            pass: At least one private endpoint connection is approved (the privatelink alias is published only then)
              > fabrikam.vault.azure.net. 52	IN	CNAME	fabrikam.privatelink.vaultcore.azure.net.   (paste 1, line 15)
            ");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/error-messy.txt"), "pe-connection-approved"), @r#"
            unknown: The connection state is not in the pastes
              > Error: checking for presence of existing Secret "db-password" (Key Vault "https://fabrikam.vault.azure.net/"): keyvault.BaseClient#GetSecret: [removed] responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code="Forbidden" Message="Public network access is disabled and request is not from a trusted service nor via an approved private link.   (paste 1, line 1)
            next: Paste the vault's private endpoint connections (or the private endpoint).
              $ az keyvault show --name fabrikam --query "properties.privateEndpointConnections[].{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}"
              $ az network private-endpoint show -g <resource-group> -n <private-endpoint> --query "{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}, manual:manualPrivateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/curl-clean.txt"), "pe-connection-approved"), @r"skip: No private endpoint in the pastes");
    }
}
