use super::commands::endpoint_show;
use super::{declare_check, Case, Outcome};
use crate::engine::azure_id;
use crate::engine::facts::GroupId;
use crate::engine::vault::Service;

declare_check! {
    /// ## What it checks
    /// The private endpoint's connection targets this vault (`privateLinkServiceId` ends in
    /// `/vaults/<vault>`) with sub-resource `vault` (`managedhsm` for a Managed HSM).
    ///
    /// ## Why it matters
    /// An endpoint created for another vault, or for the wrong sub-resource, gives the client a
    /// private address that leads somewhere else; Key Vault then refuses the connection.
    ///
    /// ## Fix
    /// Create a private endpoint for this vault with target sub-resource `vault`, and delete the
    /// one that points elsewhere.
    pub PE_TARGETS_VAULT { id: "pe-targets-vault", title: "The private endpoint connects to this vault", run: run }
}

fn run(case: &Case) -> Outcome {
    let connections: Vec<_> = case
        .facts
        .endpoints
        .iter()
        .flat_map(|e| &e.connections)
        .filter_map(|c| c.target.as_ref().map(|target| (c, target)))
        .collect();
    let Some((_, first)) = connections.first() else {
        return match case.private_endpoint_evidence() {
            Some(at) if !case.facts.endpoints.is_empty() || case.dns_private() == Some(false) => {
                Outcome::unknown("The private endpoint's target is not in the pastes")
                    .evidence([at])
                    .next("Paste the private endpoint.", vec![endpoint_show(&case.resource_group())])
            }
            _ => Outcome::skip("No private endpoint in the pastes"),
        };
    };
    let vault = case.vault.as_ref();
    let group =
        if vault.is_some_and(|v| v.service == Service::ManagedHsm) { GroupId::ManagedHsm } else { GroupId::Vault };
    for (c, target) in &connections {
        let target_vault = azure_id::vault(&target.value);
        if let (Some(v), Some(t)) = (vault, &target_vault) {
            if *t != v.name {
                return Outcome::fail(format!("The private endpoint connects to vault {t}, not {}", v.name))
                    .evidence([target.at.clone()])
                    .fix(
                        format!(
                            "Create a private endpoint for {} (sub-resource {group}) in the client's network.",
                            v.name
                        ),
                        vec![],
                    );
            }
        }
        if target_vault.is_none() {
            return Outcome::fail("The private endpoint does not connect to a key vault")
                .evidence([target.at.clone()])
                .fix(format!("Create a private endpoint for the vault with sub-resource {group}."), vec![]);
        }
        if let Some(g) = c.group_ids.iter().find(|g| g.value != group) {
            return Outcome::fail(format!("The private endpoint uses sub-resource {}, not {group}", g.value))
                .evidence([g.at.clone()])
                .fix(format!("Recreate the private endpoint with target sub-resource {group}."), vec![]);
        }
    }
    // A `--query` projection may show the target without its sub-resource.
    let sub = if connections.iter().any(|(c, _)| !c.group_ids.is_empty()) {
        format!(" (sub-resource {group})")
    } else {
        " (its sub-resource is not in the pastes)".to_string()
    };
    Outcome::pass(format!("The private endpoint connects to {}{sub}", case.vault_name())).evidence([first.at.clone()])
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    fn endpoint(vault: &str, group: &str) -> String {
        format!(
            r#"{{"type": "Microsoft.Network/privateEndpoints", "properties": {{"privateLinkServiceConnections": [{{"properties": {{"privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/{vault}", "groupIds": ["{group}"]}}}}]}}}}"#
        )
    }
    const ERROR: &str = "Status: 403 (Forbidden)\nVault: contoso;location=eastus\nForbiddenByConnection";

    #[test]
    fn passes_for_this_vault_and_fails_for_another_or_wrong_group() {
        insta::assert_snapshot!(shown(&[ERROR, &endpoint("contoso", "vault")], "pe-targets-vault"), @r#"
            pass: The private endpoint connects to contoso (sub-resource vault)
              > "privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso" (in properties.privateLinkServiceConnections[0].properties)   (paste 2, line 1)
            "#);
        insta::assert_snapshot!(shown(&[ERROR, &endpoint("contoso", "vault"), &endpoint("contoso", "vault"), &endpoint("other", "vault")],
                "pe-targets-vault"), @r#"
            fail: The private endpoint connects to vault other, not contoso
              > "privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/other" (in properties.privateLinkServiceConnections[0].properties)   (paste 4, line 1)
            fix: Create a private endpoint for contoso (sub-resource vault) in the client's network.
            "#);
        insta::assert_snapshot!(shown(&[ERROR, &endpoint("contoso", "blob")], "pe-targets-vault"), @r#"
            fail: The private endpoint uses sub-resource blob, not vault
              > "blob" (in properties.privateLinkServiceConnections[0].properties.groupIds)   (paste 2, line 1)
            fix: Recreate the private endpoint with target sub-resource vault.
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "pe-targets-vault"), @r#"
            unknown: The private endpoint's target is not in the pastes
              > fabrikam.vault.azure.net. 52	IN	CNAME	fabrikam.privatelink.vaultcore.azure.net.   (paste 1, line 15)
            next: Paste the private endpoint.
              $ az network private-endpoint show -g <resource-group> -n <private-endpoint> --query "{state:provisioningState, dns:customDnsConfigs, auto:privateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}, manual:manualPrivateLinkServiceConnections[].{target:privateLinkServiceId, groups:groupIds, status:privateLinkServiceConnectionState.status}}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-messy.txt"), "pe-targets-vault"), @r"skip: No private endpoint in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // an endpoint to a storage account
        insta::assert_snapshot!(shown(&[&pastes("tests/fixtures/inputs/az-private-endpoint-clean.txt")[0].replace("Microsoft.KeyVault/vaults/fabrikam", "Microsoft.Storage/storageAccounts/fabrikam")], "pe-targets-vault"), @r#"
            fail: The private endpoint does not connect to a key vault
              > "privateLinkServiceId": "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-sec/providers/Microsoft.Storage/storageAccounts/fabrikam" (in privateLinkServiceConnections[0])   (paste 1, line 7)
            fix: Create a private endpoint for the vault with sub-resource vault.
            "#);
    }
}
