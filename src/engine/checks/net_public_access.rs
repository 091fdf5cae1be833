use super::commands::{allow_client_only, approve_connection, create_endpoint, lookup_from, vault_network};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{Bypass, ConnectionStatus, Located, PublicNetworkAccess, SignalKind};

declare_check! {
    /// ## What it checks
    /// The path the request took is allowed: with public network access `Disabled`, only
    /// requests through an approved private endpoint (or trusted services with the bypass) get
    /// in; anything over the public endpoint fails with `ForbiddenByConnection`. From the
    /// settings alone: public access `Disabled` with no approved private endpoint connection
    /// means nothing but trusted services can reach the vault.
    ///
    /// ## Why it matters
    /// "Public network access is disabled and request is not from a trusted service nor via an
    /// approved private link" means the request reached the vault's public front end: the client
    /// is outside the network (a laptop, Cloud Shell, a hosted build agent), or inside it but its
    /// DNS returned the public address.
    ///
    /// ## Fix
    /// Run the request from a machine in (or peered with) the private endpoint's network whose
    /// DNS resolves the vault to the private address; or, temporarily, enable public access for
    /// selected networks and add the client's address.
    pub NET_PUBLIC_ACCESS { id: "net-public-access", title: "The request takes a path the vault allows", run: run }
}

fn run(case: &Case) -> Outcome {
    let (vault, host) = (case.vault_name(), case.host());
    let refused = case.code("ForbiddenByConnection").or_else(|| case.signal(SignalKind::PublicAccessDisabled));
    let disabled = case.config.public_access.as_ref().filter(|p| p.value == PublicNetworkAccess::Disabled);
    let public_dns = case.dns_private() == Some(false);
    if let Some(signal) = refused {
        let why = if public_dns {
            "the client's DNS returns the public address (see the DNS steps)"
        } else {
            "the client is outside the private endpoint's network, or its DNS returns the public address"
        };
        return Outcome::fail("Public network access is disabled and the request came over the public internet")
            .evidence([signal.at.clone()])
            .evidence(disabled.map(|d| d.at.clone()))
            .fix(format!("The request did not use the private endpoint: {why}. Run it from inside the network with private DNS, or allow public access for selected networks."), vec![lookup_from(case, &host)])
            .changing(allow_client_only(&vault));
    }
    if let Some(d) = disabled {
        if let Some(outcome) = unreachable_by_design(case, d) {
            return outcome;
        }
        if public_dns {
            return Outcome::fail("Public network access is disabled, but this client resolves the vault's public address")
                .evidence([d.at.clone()])
                .fix("Requests from this client will be refused until its DNS resolves the private endpoint's address (see the DNS steps).", vec![lookup_from(case, &host)]);
        }
        let title = if case.dns_private() == Some(true) {
            "Public network access is disabled; this client uses the private path"
        } else {
            "Public network access is disabled: only approved private endpoints (and trusted services) get in"
        };
        return Outcome::pass(title).evidence([d.at.clone()]);
    }
    match &case.config.public_access {
        Some(p) => Outcome::pass(format!("Public network access is {}", p.value)).evidence([p.at.clone()]),
        None => match case.signal(SignalKind::UnreadChoice) {
            Some(copied) => Outcome::unknown(
                "The Networking choice was copied with all its options, so which one is selected is not known",
            )
            .evidence([copied.at.clone()])
            .next(
                "Paste the vault's network settings (or pick the selected option in the portal form).",
                vec![vault_network(&vault)],
            ),
            None => Outcome::skip("The vault's public network access setting is not in the pastes"),
        },
    }
}

/// Public access disabled and no approved private endpoint connection: from the settings alone,
/// no client outside the trusted Microsoft services can reach the data plane.
fn unreachable_by_design(case: &Case, disabled: &Located<PublicNetworkAccess>) -> Option<Outcome> {
    // The vault's connection list was shown (JSON, even as null, or the portal's connection rows).
    if !case.config.connections_shown {
        return None;
    }
    let connections = case.connections();
    let approved = connections.iter().filter_map(|c| c.status.as_ref()).any(|s| s.value == ConnectionStatus::Approved);
    if approved || case.private_link().is_some() {
        return None;
    }
    let (vault, rg) = (case.vault_name(), case.vault_resource_group());
    let trusted = case.config.bypass.as_ref().filter(|b| b.value == Bypass::AzureServices);
    let who = if trusted.is_some() { " except trusted Microsoft services" } else { "" };
    let title = if connections.is_empty() {
        format!("Public network access is disabled and the vault has no private endpoint connection: nothing{who} can reach it")
    } else {
        format!("Public network access is disabled and no private endpoint connection is approved: nothing{who} can reach it")
    };
    let outcome = Outcome::fail(title)
        .evidence([disabled.at.clone()])
        .evidence(case.config.connections_at.clone())
        .evidence(connections.iter().filter_map(|c| c.status.as_ref().map(|s| s.at.clone())))
        .evidence(trusted.map(|b| b.at.clone()));
    let open_public = allow_client_only(&vault);
    Some(if connections.is_empty() {
        outcome.fix(
            format!("Give clients a path: create a private endpoint for {vault} (sub-resource vault) in the clients' network, or enable public access for selected networks with the clients' addresses."),
            vec![create_endpoint(&vault, &rg), open_public],
        )
    } else {
        outcome.fix(
            "The private endpoint connection is the only way in: approve a Pending one; a Rejected or Disconnected one must be recreated (see the private endpoint connection step).",
            vec![approve_connection(&vault, &rg)],
        )
    })
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    #[test]
    fn forbidden_by_connection_fails() {
        let error = r#"{"error":{"code":"Forbidden","message":"Public network access is disabled and request is not from a trusted service nor via an approved private link.\r\nCaller: appid=1;oid=2;iss=https://sts.windows.net/t/\r\nVault: contoso;location=eastus","innererror":{"code":"ForbiddenByConnection"}}}"#;
        insta::assert_snapshot!(shown(&[error], "net-public-access"), @r#"
            fail: Public network access is disabled and the request came over the public internet
              > {"error":{"code":"Forbidden","message":"Public network access is disabled and request is not from a trusted service nor via an approved private link.   (paste 1, line 1)
            fix: The request did not use the private endpoint: the client is outside the private endpoint's network, or its DNS returns the public address. Run it from inside the network with private DNS, or allow public access for selected networks.
              $ nslookup contoso.vault.azure.net
              $ az keyvault update --name contoso --public-network-access Enabled --default-action Deny && az keyvault network-rule add --name contoso --ip-address <client-public-ip>/32
            "#);
        insta::assert_snapshot!(shown(&[
                    r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Enabled"}}"#
                ],
                "net-public-access"), @r#"
            pass: Public network access is Enabled
              > "publicNetworkAccess": "Enabled" (in properties)   (paste 1, line 1)
            "#);
    }

    #[test]
    fn disabled_without_any_approved_connection_fails_from_settings_alone() {
        let closed = r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Disabled",
  "privateEndpointConnections": null, "networkAcls": {"bypass": "AzureServices", "defaultAction": "Deny", "ipRules": []}}}"#;
        insta::assert_snapshot!(shown(&[closed], "net-public-access"), @r#"
            fail: Public network access is disabled and the vault has no private endpoint connection: nothing except trusted Microsoft services can reach it
              > "publicNetworkAccess": "Disabled" (in properties)   (paste 1, line 1)
              > "privateEndpointConnections": null (in properties)   (paste 1, line 2)
              > "bypass": "AzureServices" (in properties.networkAcls)   (paste 1, line 2)
            fix: Give clients a path: create a private endpoint for contoso (sub-resource vault) in the clients' network, or enable public access for selected networks with the clients' addresses.
              $ az network private-endpoint create -g <client-network-resource-group> -n <private-endpoint-name> --vnet-name <client-vnet> --subnet <subnet> --connection-name <connection-name> --group-id vault --private-connection-resource-id $(az keyvault show --name contoso -g <resource-group> --query id -o tsv)
              $ az keyvault update --name contoso --public-network-access Enabled --default-action Deny && az keyvault network-rule add --name contoso --ip-address <client-public-ip>/32
            "#);
        let pending =
            closed.replace("null", r#"[{"properties": {"privateLinkServiceConnectionState": {"status": "Pending"}}}]"#);
        insta::assert_snapshot!(shown(&[&pending], "net-public-access"), @r#"
            fail: Public network access is disabled and no private endpoint connection is approved: nothing except trusted Microsoft services can reach it
              > "publicNetworkAccess": "Disabled" (in properties)   (paste 1, line 1)
              > "privateEndpointConnections": [{"properties": {"privateLinkServiceConnectionState": {"status": "Pending"}}}] (in properties)   (paste 1, line 2)
              > "status": "Pending" (in properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState)   (paste 1, line 2)
              > "bypass": "AzureServices" (in properties.networkAcls)   (paste 1, line 2)
            fix: The private endpoint connection is the only way in: approve a Pending one; a Rejected or Disconnected one must be recreated (see the private endpoint connection step).
              $ az keyvault private-endpoint-connection approve -g <resource-group> --vault-name contoso -n <connection-name>
            "#);
        let approved = closed
            .replace("null", r#"[{"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]"#);
        insta::assert_snapshot!(shown(&[&approved], "net-public-access"), @r#"
            pass: Public network access is disabled: only approved private endpoints (and trusted services) get in
              > "publicNetworkAccess": "Disabled" (in properties)   (paste 1, line 1)
            "#);
        // A projection without the connection list says nothing about them.
        let projected = r#"{"name": "contoso", "publicNetworkAccess": "Disabled"}"#;
        insta::assert_snapshot!(shown(&[projected], "net-public-access"), @r#"
            pass: Public network access is disabled: only approved private endpoints (and trusted services) get in
              > "publicNetworkAccess": "Disabled"   (paste 1, line 1)
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("static/examples/cases/portal-networking-copy"), "net-public-access"), @r#"
            unknown: The Networking choice was copied with all its options, so which one is selected is not known
              > Allow public access from all networks   (paste 1, line 3)
            next: Paste the vault's network settings (or pick the selected option in the portal form).
              $ az keyvault show --name fabrikam --query "{pna:properties.publicNetworkAccess, default:properties.networkAcls.defaultAction, bypass:properties.networkAcls.bypass, ips:properties.networkAcls.ipRules[].value, vnets:properties.networkAcls.virtualNetworkRules[].id}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "net-public-access"), @r"skip: The vault's public network access setting is not in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // public access disabled, a public answer
        insta::assert_snapshot!(shown(&[pastes("tests/fixtures/inputs/az-keyvault-clean.txt")[0].replace("\"Enabled\"", "\"Disabled\"").as_str(), pastes("tests/fixtures/nslookup/windows-public-via-alias.txt")[0].as_str()], "net-public-access"), @r#"
            fail: Public network access is disabled, but this client resolves the vault's public address
              > "publicNetworkAccess": "Disabled",   (paste 1, line 8)
            fix: Requests from this client will be refused until its DNS resolves the private endpoint's address (see the DNS steps).
              $ nslookup fabrikam.vault.azure.net
            "#);
    }
}
