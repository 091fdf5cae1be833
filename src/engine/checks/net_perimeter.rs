use super::{declare_check, listing, Case, Outcome};
use crate::engine::facts::{PerimeterAssociation, PerimeterMode, PublicNetworkAccess, SignalKind};

declare_check! {
    /// ## What it checks
    /// No Network Security Perimeter in enforced mode blocks the caller
    /// (`publicNetworkAccess: SecuredByPerimeter`, a perimeter denial, or the vault's perimeter
    /// association as `az network perimeter association show` or the vault's
    /// `networkSecurityPerimeterConfigurations` print it: its access mode and the inbound
    /// access rules of its profile). In Learning (transition) or Audit mode a perimeter only
    /// logs, and the vault's own network rules decide.
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
    let perimeters = case.perimeters();
    let mode_of =
        |mode: PerimeterMode| perimeters.iter().copied().find(|p| p.mode.as_ref().is_some_and(|m| m.value == mode));
    let enforced = mode_of(PerimeterMode::Enforced);
    let watching = mode_of(PerimeterMode::Learning).or_else(|| mode_of(PerimeterMode::Audit));
    let allowed = |p: &PerimeterAssociation| {
        if p.inbound.is_empty() {
            "its profile has no inbound access rule".to_string()
        } else {
            format!("its profile lets in {}", listing(p.inbound.iter().map(|r| r.value.clone())))
        }
    };
    if let Some(signal) = case.signal(SignalKind::Perimeter) {
        let why = enforced.map_or(String::new(), |p| format!(" ({} in Enforced mode; {})", named(p), allowed(p)));
        return Outcome::fail(format!("A network security perimeter refused the request{why}"))
            .evidence([signal.at.clone()])
            .evidence(secured.map(|s| s.at.clone()))
            .evidence(enforced.and_then(|p| p.mode.as_ref()).map(|m| m.at.clone()))
            .fix(
                "Add an inbound access rule for the caller (its address range or subscription) to the perimeter's profile, switch the association to Learning mode while you diagnose, or use a private endpoint.",
                vec![],
            );
    }
    if let Some(p) = enforced {
        return Outcome::warn(format!("The vault is in {} in Enforced mode: {}", named(p), allowed(p)))
            .evidence(p.mode.as_ref().map(|m| m.at.clone()))
            .evidence(p.inbound.iter().map(|r| r.at.clone()).take(2))
            .evidence(secured.map(|s| s.at.clone()))
            .fix("Public-path callers need an inbound access rule in the perimeter's profile (their address range or subscription); private endpoint traffic is exempt.", vec![]);
    }
    if let Some(s) = secured {
        return Outcome::warn("The vault is secured by a network security perimeter")
            .evidence([s.at.clone()])
            .fix("Public-path callers need an inbound access rule in the perimeter's profile; private endpoint traffic is exempt.", vec![]);
    }
    if let Some(p) = watching {
        let mode = p.mode.as_ref().map_or(String::new(), |m| m.value.to_string());
        return Outcome::pass(format!(
            "The vault's perimeter association ({}) is in {mode} mode: it logs access, the vault's own network rules decide",
            named(p)
        ))
        .evidence(p.mode.as_ref().map(|m| m.at.clone()));
    }
    Outcome::skip("No network security perimeter in the pastes")
}

/// "the perimeter nsp1", or "a perimeter" when the paste did not name it.
fn named(p: &PerimeterAssociation) -> String {
    p.perimeter.as_ref().map_or_else(|| "a perimeter".to_string(), |name| format!("the perimeter {name}"))
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    #[test]
    fn a_perimeter_denial_fails() {
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nRequest was denied by the network security perimeter.\nVault: contoso;location=eastus"], "net-perimeter"), @r"
            fail: A network security perimeter refused the request
              > Request was denied by the network security perimeter.   (paste 1, line 2)
            fix: Add an inbound access rule for the caller (its address range or subscription) to the perimeter's profile, switch the association to Learning mode while you diagnose, or use a private endpoint.
            ");
    }

    #[test]
    fn perimeter_setting_warns() {
        insta::assert_snapshot!(shown(&[
                    r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "SecuredByPerimeter"}}"#
                ],
                "net-perimeter"), @r#"
            warn: The vault is secured by a network security perimeter
              > "publicNetworkAccess": "SecuredByPerimeter" (in properties)   (paste 1, line 1)
            fix: Public-path callers need an inbound access rule in the perimeter's profile; private endpoint traffic is exempt.
            "#);
        insta::assert_snapshot!(shown(&[
                    r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Enabled"}}"#
                ],
                "net-perimeter"), @r"skip: No network security perimeter in the pastes");
    }

    /// The perimeter as Azure prints it: an association (az network perimeter association
    /// show) and the vault's own perimeter configuration.
    #[test]
    fn perimeter_associations_as_azure_prints_them() {
        let association = pastes("tests/fixtures/config/nsp-association.json");
        let association = association[0].as_str();
        insta::assert_snapshot!(shown(&[association], "net-perimeter"), @r#"
            warn: The vault is in the perimeter nsp1 in Enforced mode: its profile has no inbound access rule
              > "accessMode": "Enforced",   (paste 1, line 13)
            fix: Public-path callers need an inbound access rule in the perimeter's profile (their address range or subscription); private endpoint traffic is exempt.
            "#);
        let denied = "Status: 403 (Forbidden)\nRequest was denied by the network security perimeter.\nVault: contoso;location=eastus";
        insta::assert_snapshot!(shown(&[denied, association], "net-perimeter"), @r#"
            fail: A network security perimeter refused the request (the perimeter nsp1 in Enforced mode; its profile has no inbound access rule)
              > Request was denied by the network security perimeter.   (paste 1, line 2)
              > "accessMode": "Enforced",   (paste 2, line 13)
            fix: Add an inbound access rule for the caller (its address range or subscription) to the perimeter's profile, switch the association to Learning mode while you diagnose, or use a private endpoint.
            "#);
        let learning = pastes("tests/fixtures/config/nsp-configuration-vault.json");
        insta::assert_snapshot!(shown(&[learning[0].as_str()], "net-perimeter"), @r#"
            pass: The vault's perimeter association (the perimeter osmullernspsebug) is in Learning mode: it logs access, the vault's own network rules decide
              > "accessMode": "learning"   (paste 1, line 14)
            "#);
        let enforced = learning[0].replace("\"accessMode\": \"learning\"", "\"accessMode\": \"Enforced\"");
        insta::assert_snapshot!(shown(&[enforced.as_str()], "net-perimeter"), @r#"
            warn: The vault is in the perimeter osmullernspsebug in Enforced mode: its profile lets in 148.1.0.0/16, /subscriptions/2b9a4efc-0a47-46e6-83cd-dbf7734ae1c7
              > "accessMode": "Enforced"   (paste 1, line 14)
              > "148.1.0.0/16"   (paste 1, line 25)
              > "id": "/subscriptions/2b9a4efc-0a47-46e6-83cd-dbf7734ae1c7"   (paste 1, line 41)
            fix: Public-path callers need an inbound access rule in the perimeter's profile (their address range or subscription); private endpoint traffic is exempt.
            "#);
        // Another vault's association says nothing about this one.
        let other = association.replace("vaults/contoso", "vaults/fabrikam");
        insta::assert_snapshot!(shown(&[denied, other.as_str()], "net-perimeter"), @r"
            fail: A network security perimeter refused the request
              > Request was denied by the network security perimeter.   (paste 1, line 2)
            fix: Add an inbound access rule for the caller (its address range or subscription) to the perimeter's profile, switch the association to Learning mode while you diagnose, or use a private endpoint.
            ");
    }
}
