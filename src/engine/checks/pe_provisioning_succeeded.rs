use super::commands::{endpoint_show, vault_connections};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::ProvisioningState;

declare_check! {
    /// ## What it checks
    /// Provisioning state `Succeeded` on the private endpoint and on its connection as the vault
    /// sees it.
    ///
    /// ## Why it matters
    /// An endpoint still `Updating` or `Creating` is not ready yet; one in `Failed` never will be.
    /// This happens mostly while migrating from service endpoints to private endpoints.
    ///
    /// ## Fix
    /// Updating or Creating: wait a few minutes and check again. Failed: delete the private
    /// endpoint and create it again.
    pub PE_PROVISIONING_SUCCEEDED { id: "pe-provisioning-succeeded", title: "The private endpoint is provisioned", run: run }
}

fn run(case: &Case) -> Outcome {
    let states: Vec<_> = case
        .endpoints()
        .into_iter()
        .filter_map(|e| e.provisioning.as_ref())
        .chain(case.connections().into_iter().filter_map(|c| c.provisioning.as_ref()))
        .collect();
    if let Some(failed) = states.iter().find(|s| s.value == ProvisioningState::Failed) {
        return Outcome::fail("The private endpoint's provisioning Failed")
            .evidence([failed.at.clone()])
            .fix("Delete the private endpoint and create it again.", vec![]);
    }
    if let Some(busy) = states.iter().find(|s| s.value != ProvisioningState::Succeeded) {
        return Outcome::warn(format!("The private endpoint is still {}", busy.value))
            .evidence([busy.at.clone()])
            .fix("Wait a few minutes, then check again.", vec![]);
    }
    if !states.is_empty() {
        return Outcome::pass("Provisioning Succeeded").evidence(states.iter().map(|s| s.at.clone()));
    }
    match case.private_endpoint_evidence() {
        Some(at) if case.private_link().is_none() => {
            Outcome::unknown("The provisioning state is not in the pastes").evidence([at]).next(
                "Paste the private endpoint or the vault's connections.",
                vec![endpoint_show(&case.resource_group()), vault_connections(&case.vault_name())],
            )
        }
        Some(_) => Outcome::skip(
            "The approved private link alias shows a working endpoint; its provisioning state is not in the pastes",
        ),
        None => Outcome::skip("No private endpoint in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    const OK: &str = r#"{"name": "pe1", "provisioningState": "Succeeded", "privateLinkServiceConnections": [{"privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso", "groupIds": ["vault"], "privateLinkServiceConnectionState": {"status": "Approved"}}]}"#;

    #[test]
    fn succeeded_failed_updating() {
        insta::assert_snapshot!(shown(&[OK], "pe-provisioning-succeeded"), @r#"
            pass: Provisioning Succeeded
              > "provisioningState": "Succeeded"   (paste 1, line 1)
            "#);
        insta::assert_snapshot!(shown(&[&OK.replace("\"Succeeded\"", "\"Failed\"")], "pe-provisioning-succeeded"), @r#"
            fail: The private endpoint's provisioning Failed
              > "provisioningState": "Failed"   (paste 1, line 1)
            fix: Delete the private endpoint and create it again.
            "#);
        insta::assert_snapshot!(shown(&[&OK.replace("\"Succeeded\"", "\"Updating\"")], "pe-provisioning-succeeded"), @r#"
            warn: The private endpoint is still Updating
              > "provisioningState": "Updating"   (paste 1, line 1)
            fix: Wait a few minutes, then check again.
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/error-messy.txt"), "pe-provisioning-succeeded"), @r#"
            unknown: The provisioning state is not in the pastes
              > Error: checking for presence of existing Secret "db-password" (Key Vault "https://fabrikam.vault.azure.net/"): keyvault.BaseClient#GetSecret: [removed] responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code="Forbidden" Message="Public network access is disabled and request is not from a trusted service nor via an approved private link.   (paste 1, line 1)
            next: Paste the private endpoint or the vault's connections.
              $ az network private-endpoint show -g <resource-group> -n <private-endpoint> --query "{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}, manual:manualPrivateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}"
              $ az keyvault show --name fabrikam --query "properties.privateEndpointConnections[].{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "pe-provisioning-succeeded"), @r"skip: The approved private link alias shows a working endpoint; its provisioning state is not in the pastes");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/curl-clean.txt"), "pe-provisioning-succeeded"), @r"skip: No private endpoint in the pastes");
    }
}
