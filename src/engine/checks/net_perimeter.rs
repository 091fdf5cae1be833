use super::{declare_check, Case, Outcome};
use crate::engine::facts::{PublicNetworkAccess, SignalKind};

declare_check! {
    /// ## What it checks
    /// No Network Security Perimeter in enforced mode blocks the caller
    /// (`publicNetworkAccess: SecuredByPerimeter`, or a perimeter denial).
    ///
    /// ## Why it matters
    /// An enforced perimeter overrides the vault's own firewall and the trusted-service bypass
    /// for every public-path caller; only private endpoint traffic is exempt.
    ///
    /// ## Fix
    /// Add an inbound access rule (address ranges or subscriptions) to the perimeter's profile,
    /// switch the association to Learning mode while you diagnose, or use a private endpoint.
    pub NET_PERIMETER { id: "net-perimeter", title: "No network security perimeter blocks the caller", run: run }
}

fn run(case: &Case) -> Outcome {
    let secured = case.config.public_access.as_ref().filter(|p| p.value == PublicNetworkAccess::SecuredByPerimeter);
    if let Some(signal) = case.signal(SignalKind::Perimeter) {
        return Outcome::fail("A network security perimeter refused the request")
            .evidence([signal.at.clone()])
            .evidence(secured.map(|s| s.at.clone()))
            .fix(
                "Add an inbound access rule for the caller to the perimeter's profile, or use a private endpoint.",
                vec![],
            );
    }
    if let Some(s) = secured {
        return Outcome::warn("The vault is secured by a network security perimeter")
            .evidence([s.at.clone()])
            .fix("Public-path callers need an inbound access rule in the perimeter's profile; private endpoint traffic is exempt.", vec![]);
    }
    Outcome::skip("No network security perimeter in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::shown;

    #[test]
    fn a_perimeter_denial_fails() {
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nRequest was denied by the network security perimeter.\nVault: contoso;location=eastus"], "net-perimeter"), @r"
            fail: A network security perimeter refused the request
              > Request was denied by the network security perimeter.   (paste 1, line 2)
            fix: Add an inbound access rule for the caller to the perimeter's profile, or use a private endpoint.
            ");
    }

    #[test]
    fn perimeter_setting_warns() {
        insta::assert_snapshot!(shown(&[
                    r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "SecuredByPerimeter"}}"#
                ],
                "net-perimeter"), @r#"
                    warn: The vault is secured by a network security perimeter
                      > {"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "SecuredByPerimeter"}}   (paste 1, line 1)
                    fix: Public-path callers need an inbound access rule in the perimeter's profile; private endpoint traffic is exempt.
                    "#);
        insta::assert_snapshot!(shown(&[
                    r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Enabled"}}"#
                ],
                "net-perimeter"), @r"skip: No network security perimeter in the pastes");
    }
}
