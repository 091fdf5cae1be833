use super::commands::disable_public_access;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{DefaultAction, PublicNetworkAccess};

declare_check! {
    /// ## What it checks
    /// (Warning only.) A private endpoint exists while the vault is still open to all networks
    /// (`publicNetworkAccess: Enabled` with `defaultAction: Allow`).
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
    let Some(pe) = case.private_endpoint_evidence() else {
        return Outcome::skip("No private endpoint in the pastes");
    };
    let pna = case.config.public_access.as_ref();
    let allow_all = case.config.default_action.as_ref().filter(|d| d.value == DefaultAction::Allow);
    match (pna, allow_all) {
        (Some(p), Some(a)) if p.value == PublicNetworkAccess::Enabled => {
            Outcome::warn("A private endpoint exists, but the vault is still open to all networks")
                .evidence([pe, p.at.clone(), a.at.clone()])
                .fix(
                    "Disable public access once clients resolve the private address.",
                    vec![disable_public_access(&case.vault_name())],
                )
        }
        (Some(p), _) => Outcome::pass(format!("Public network access is {} alongside the private endpoint", p.value))
            .evidence([p.at.clone()]),
        (None, Some(a)) => {
            Outcome::pass(format!("The firewall's default action is {}", a.value)).evidence([a.at.clone()])
        }
        (None, None) => Outcome::skip("The vault's public access setting is not in the pastes"),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::status;
    use crate::engine::report::Status;

    #[test]
    fn open_vault_with_endpoint_warns() {
        let open = r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}, "privateEndpointConnections": [{"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]}}"#;
        assert_eq!(status(&[open], "net-exposure"), Status::Warn);
        assert_eq!(status(&[&open.replace("\"Enabled\"", "\"Disabled\"")], "net-exposure"), Status::Pass);
    }
}
