use super::commands::{disable_public_access, firewall_deny};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{ConnectionStatus, DefaultAction, PublicNetworkAccess};

declare_check! {
    /// ## What it checks
    /// (Warning only.) A private endpoint exists while the vault is still open to all networks
    /// (`publicNetworkAccess: Enabled` with `defaultAction: Allow`, or with no `networkAcls` at
    /// all — the portal's "Allow public access from all networks").
    ///
    /// ## Why it matters
    /// A private endpoint only adds a private path; it never closes the public one. Clients whose
    /// DNS is wrong then silently use the internet, and the vault stays reachable from anywhere.
    ///
    /// ## Fix
    /// Once every client resolves the private address, choose "Disable public access" (or
    /// "selected networks") on the vault's Networking page.
    pub NET_EXPOSURE { id: "net-exposure", title: "The vault is not open to all networks beside its private endpoint", run: run }
}

fn run(case: &Case) -> Outcome {
    let Some(pe) = approved_endpoint(case).or_else(|| case.private_endpoint_evidence()) else {
        return Outcome::skip("No private endpoint in the pastes");
    };
    let pna = case.config.public_access.as_ref();
    let allow = case.config.default_action.as_ref().filter(|d| d.value == DefaultAction::Allow);
    // `networkAcls: null` is the portal's "Allow public access from all networks" too.
    let open = allow.map(|a| a.at.clone()).or_else(|| case.config.acls_null.clone());
    match (pna, open) {
        (Some(p), Some(open)) if p.value == PublicNetworkAccess::Enabled => {
            let vault = case.vault_name();
            Outcome::warn("A private endpoint exists, but the vault is still open to all networks")
                .evidence([pe, p.at.clone(), open])
                .fix(
                    "Disable public access once every client resolves the private address, or at least turn the firewall on (default action Deny) with the addresses that still need the public path.",
                    vec![disable_public_access(&vault), firewall_deny(&vault)],
                )
        }
        (Some(p), _) => Outcome::pass(format!("Public network access is {} alongside the private endpoint", p.value))
            .evidence([p.at.clone()]),
        (None, Some(open)) => Outcome::pass("The firewall's default action is Allow").evidence([open]),
        (None, None) => Outcome::skip("The vault's public access setting is not in the pastes"),
    }
}

/// An approved connection (either side) or the privatelink alias, which only approved
/// endpoints publish.
fn approved_endpoint(case: &Case) -> Option<crate::engine::facts::Evidence> {
    case.connections()
        .into_iter()
        .filter_map(|c| c.status.as_ref())
        .find(|s| s.value == ConnectionStatus::Approved)
        .map(|s| s.at.clone())
        .or_else(|| case.private_link())
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, status};
    use crate::engine::report::Status;

    #[test]
    fn open_vault_with_endpoint_warns() {
        let open = r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}, "privateEndpointConnections": [{"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]}}"#;
        insta::assert_snapshot!(shown(&[open], "net-exposure"), @r#"
            warn: A private endpoint exists, but the vault is still open to all networks
              > "status": "Approved" (in properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState)   (paste 1, line 1)
              > "publicNetworkAccess": "Enabled" (in properties)   (paste 1, line 1)
              > "defaultAction": "Allow" (in properties.networkAcls)   (paste 1, line 1)
            fix: Disable public access once every client resolves the private address, or at least turn the firewall on (default action Deny) with the addresses that still need the public path.
              $ az keyvault update --name contoso --public-network-access Disabled
              $ az keyvault update --name contoso --default-action Deny
            "#);
        insta::assert_snapshot!(shown(&[&open.replace("\"Enabled\"", "\"Disabled\"")], "net-exposure"), @r#"
            pass: Public network access is Disabled alongside the private endpoint
              > "publicNetworkAccess": "Disabled" (in properties)   (paste 1, line 1)
            "#);
    }

    #[test]
    fn no_network_acls_at_all_is_open_to_all_networks() {
        let open = r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Enabled", "networkAcls": null, "privateEndpointConnections": [{"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]}}"#;
        assert_eq!(status(&[open], "net-exposure"), Status::Warn);
        let firewalled = open.replace("null", r#"{"defaultAction": "Deny", "ipRules": []}"#);
        insta::assert_snapshot!(shown(&[&firewalled], "net-exposure"), @r#"
            pass: Public network access is Enabled alongside the private endpoint
              > "publicNetworkAccess": "Enabled" (in properties)   (paste 1, line 1)
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/curl-clean.txt"), "net-exposure"), @r"skip: No private endpoint in the pastes");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "net-exposure"), @r"skip: The vault's public access setting is not in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // a private endpoint beside a firewall that allows all
        insta::assert_snapshot!(shown(&[pastes("tests/fixtures/nslookup/windows-private-healthy.txt")[0].as_str(), pastes("tests/fixtures/inputs/az-network-rules-clean.txt")[0].replace("Deny", "Allow").as_str()], "net-exposure"), @r#"
            pass: The firewall's default action is Allow
              > "defaultAction": "Allow",   (paste 2, line 4)
            "#);
    }
}
