use super::commands::{app_outbound_addresses, healthstatus, network_rule_ip, network_rule_subnet, vault_network};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{Bypass, ConnectionStatus, DefaultAction, PublicNetworkAccess, SignalKind};
use crate::engine::net::{parse_addr, rule_covers, scope, Scope};

declare_check! {
    /// ## What it checks
    /// With the firewall on (`defaultAction: Deny`), the client's address — the "Client
    /// address:" in a `ForbiddenByFirewall` error — is in `ipRules`, or its subnet is in
    /// `virtualNetworkRules`. Private addresses in `ipRules` never match anything. From the
    /// settings alone: `Deny` with no rule and no private endpoint lets nobody in (trusted
    /// services only, with the bypass).
    ///
    /// ## Why it matters
    /// The vault compares the address it sees: the public address of the client's NAT or proxy,
    /// or the client's subnet when that subnet has the `Microsoft.KeyVault` service endpoint.
    /// A missing rule gives 403 "Client address is not authorized and caller is not a trusted
    /// service".
    ///
    /// ## Fix
    /// Networking > Firewalls and virtual networks: add the client's public address (or CIDR),
    /// or add its virtual network and subnet. A private client address means the subnet has a
    /// service endpoint: add a virtual network rule for that subnet, not an IP rule.
    pub NET_FIREWALL { id: "net-firewall", title: "The vault's firewall lets the client in", run: run }
}

fn run(case: &Case) -> Outcome {
    let vault = case.vault_name();
    let denied = case.code("ForbiddenByFirewall");
    let client = case.signal(SignalKind::ClientAddress).or_else(|| case.signal(SignalKind::NetworkAddress));
    let client_ip = client.and_then(|c| parse_addr(&c.value));
    let deny = case.config.default_action.as_ref().filter(|d| d.value == DefaultAction::Deny);
    let private_rule = case
        .config
        .ip_rules
        .iter()
        .find(|r| r.value.split('/').next().and_then(parse_addr).is_some_and(|ip| scope(ip) == Scope::Private));
    let covered = client_ip.and_then(|ip| case.config.ip_rules.iter().find(|r| rule_covers(&r.value, ip)));
    let add_rule = |ip: &str| {
        if parse_addr(ip).is_some_and(|a| scope(a) == Scope::Private) {
            network_rule_subnet(&vault)
        } else {
            network_rule_ip(&vault, ip)
        }
    };
    if let Some(denied) = denied {
        // A masked address (`a.b.c.d`, `20.x.x.x`) is named as such, never offered as one to add.
        let (ip, rule_ip) = match (client, client_ip) {
            (Some(c), Some(_)) => (c.value.clone(), c.value.clone()),
            (Some(c), None) => (
                format!("the client's public address (masked in the paste as {})", c.value),
                "<client-public-ip>".to_string(),
            ),
            (None, _) => ("the client's public address".to_string(), "<client-public-ip>".to_string()),
        };
        if let Some(rule) = covered {
            return Outcome::warn(format!("The firewall refused {ip} although rule {} covers it", rule.value))
                .evidence([denied.at.clone(), rule.at.clone()])
                .fix("Rules take a few minutes to apply; if it persists, the request arrives through another address (proxy, NAT) or subnet.", vec![healthstatus(&case.host())]);
        }
        let private = client_ip.is_some_and(|a| scope(a) == Scope::Private);
        let text = if private {
            format!("The vault sees the private address {ip}: the client's subnet has the Microsoft.KeyVault service endpoint, so add a virtual network rule for that subnet.")
        } else {
            format!("Add {ip} to the vault's firewall (Networking > Firewalls and virtual networks), or reach the vault through a private endpoint.")
        };
        let whose = if client_ip.is_some() { "the client address " } else { "" };
        return Outcome::fail(format!("The vault's firewall does not allow {whose}{ip}"))
            .evidence([denied.at.clone()])
            .evidence(client.map(|c| c.at.clone()))
            .fix(text, vec![add_rule(&rule_ip)]);
    }
    if let Some(rule) = private_rule.filter(|_| deny.is_some()) {
        return Outcome::warn(format!("The IP rule {} is a private range and never matches", rule.value))
            .evidence([rule.at.clone()])
            .fix("Key Vault sees public addresses (or a subnet); use a virtual network rule or a private endpoint for private clients.", vec![]);
    }
    // An App Service reference refused (AccessToKeyVaultDenied) beside a firewall that denies
    // by default: references are not a trusted Microsoft service, so only a rule lets the app in.
    let reference = case.signal(SignalKind::ReferenceAccessDenied);
    if let (Some(refused), Some(d), None) = (reference, deny, client_ip) {
        let vault = &vault;
        if no_way_in(case) {
            let bypass = case.config.bypass.as_ref().filter(|b| b.value == Bypass::AzureServices);
            let title = match bypass {
                Some(_) => "The vault's firewall refused the app's Key Vault reference: it denies by default with no IP or network rule, and bypass AzureServices does not cover Key Vault references",
                None => "The vault's firewall refused the app's Key Vault reference: it denies by default with no IP or network rule",
            };
            return Outcome::fail(title)
                .evidence([refused.at.clone(), d.at.clone()])
                .evidence(bypass.map(|b| b.at.clone()))
                .fix(
                    "Let the app in: add its outbound addresses to the vault's firewall, or integrate the app with a virtual network and add that subnet (with the Microsoft.KeyVault service endpoint) as a network rule, or reach the vault through a private endpoint from the integrated network. Then refresh the references.",
                    vec![app_outbound_addresses(case), network_rule_ip(vault, "<app-outbound-ip>"), network_rule_subnet(vault)],
                );
        }
        if case.config.acls_shown && !private_path(case) {
            return Outcome::unknown("The app's Key Vault reference was refused and the firewall denies by default: do its rules cover the app?")
                .evidence([refused.at.clone(), d.at.clone()])
                .next(
                    "Compare the app's outbound addresses (or its integrated subnet) with the vault's IP and network rules; a reference is not a trusted service.",
                    vec![app_outbound_addresses(case), vault_network(vault)],
                );
        }
    }
    match (deny, client_ip) {
        (Some(d), Some(ip)) if covered.is_none() && case.config.acls_shown && scope(ip) == Scope::Public => {
            Outcome::fail(format!("The firewall denies by default and {ip} is in no IP rule"))
                .evidence([d.at.clone()])
                .evidence(client.map(|c| c.at.clone()))
                .fix(format!("Add {ip} to the vault's firewall."), vec![add_rule(&ip.to_string())])
        }
        (Some(d), _) if no_way_in(case) => {
            let trusted = case.config.bypass.as_ref().filter(|b| b.value == Bypass::AzureServices);
            let outcome = match trusted {
                Some(_) => Outcome::warn("The firewall denies by default with no IP or network rule and no private endpoint: only trusted Microsoft services get in"),
                None => Outcome::fail("The firewall denies by default with no IP or network rule, no private endpoint and no trusted-service bypass: nothing gets in"),
            };
            outcome
                .evidence([d.at.clone()])
                .evidence(trusted.or(case.config.bypass.as_ref()).map(|b| b.at.clone()))
                .fix(
                    "Add the clients' public addresses or subnets to the firewall, or give them a private endpoint.",
                    vec![add_rule("<client-public-ip>")],
                )
        }
        (Some(d), _) => Outcome::pass("The firewall is on (default action Deny) and no request was refused by it")
            .evidence([d.at.clone()]),
        (None, _) => match &case.config.default_action {
            Some(a) => Outcome::pass(format!("The firewall's default action is {}", a.value)).evidence([a.at.clone()]),
            None if case.unexplained_403().is_some() => {
                Outcome::unknown("The vault's firewall settings are not in the pastes")
                    .evidence(case.unexplained_403().map(|s| s.at.clone()))
                    .next("Paste the vault's network settings.", vec![vault_network(&vault)])
            }
            None => Outcome::skip("No firewall evidence in the pastes"),
        },
    }
}

/// Public access is disabled, or the pastes show a private endpoint or an approved connection:
/// the request may not meet the firewall's rules at all (net-public-access and the private
/// link steps say).
fn private_path(case: &Case) -> bool {
    let approved =
        case.connections().into_iter().filter_map(|c| c.status.as_ref()).any(|s| s.value == ConnectionStatus::Approved);
    let disabled = case.config.public_access.as_ref().is_some_and(|p| p.value == PublicNetworkAccess::Disabled);
    approved || disabled || case.private_link().is_some()
}

/// The firewall's own lists are shown and empty, public access is not disabled (that would
/// override the firewall, see net-public-access) and no approved private endpoint is in evidence.
fn no_way_in(case: &Case) -> bool {
    let c = &case.config;
    let approved =
        case.connections().into_iter().filter_map(|c| c.status.as_ref()).any(|s| s.value == ConnectionStatus::Approved);
    let disabled = c.public_access.as_ref().is_some_and(|p| p.value == PublicNetworkAccess::Disabled);
    c.acls_shown
        && c.ip_rules.is_empty()
        && c.vnet_rules.is_empty()
        && c.connections_shown
        && !approved
        && case.private_link().is_none()
        && !disabled
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, pastes, shown, step};
    use crate::engine::report::Status;

    const DENIED: &str = "Client address is not authorized and caller is not a trusted service.\\r\\nClient address: 20.85.12.7\\r\\nCaller: appid=1;oid=2;iss=x\\r\\nVault: contoso;location=eastus\nInner error: ForbiddenByFirewall";
    fn vault(rules: &str) -> String {
        format!(
            r#"{{"name": "contoso", "properties": {{"vaultUri": "https://contoso.vault.azure.net/", "publicNetworkAccess": "Enabled", "networkAcls": {{"defaultAction": "Deny", "bypass": "AzureServices", "ipRules": [{rules}], "virtualNetworkRules": []}}}}}}"#
        )
    }

    #[test]
    fn denied_client_fails_with_the_rule_to_add() {
        let step = step(&[DENIED, &vault(r#"{"value": "52.1.1.1/32"}"#)], "net-firewall");
        insta::assert_snapshot!(shown(&[DENIED, &vault(r#"{"value": "52.1.1.1/32"}"#)], "net-firewall"), @r"
            fail: The vault's firewall does not allow the client address 20.85.12.7
              > Client address is not authorized and caller is not a trusted service.   (paste 1, line 1)
              > Client address: 20.85.12.7   (paste 1, line 1)
            fix: Add 20.85.12.7 to the vault's firewall (Networking > Firewalls and virtual networks), or reach the vault through a private endpoint.
              $ az keyvault network-rule add --name contoso --ip-address 20.85.12.7/32
            ");
        assert_eq!(step.status, Status::Fail);
        assert!(step.fix.unwrap().commands[0].contains("--ip-address 20.85.12.7/32"));
    }

    /// Addresses masked by hand before pasting are never offered as the address to allow.
    #[test]
    fn a_masked_client_address_is_named_as_masked() {
        for masked in ["a.b.c.d", "20.x.x.x", "***.***.***.***"] {
            let paste = DENIED.replace("20.85.12.7", masked);
            let step = step(&[&paste], "net-firewall");
            assert_eq!(step.status, Status::Fail, "{masked}");
            assert!(!step.title.contains(&format!("address {masked}")), "{}", step.title);
            assert!(step.title.contains("the client's public address"), "{}", step.title);
            let fix = step.fix.unwrap();
            assert!(
                fix.commands.iter().all(|c| !c.contains(masked) && c.contains("<client-public-ip>")),
                "{:?}",
                fix.commands
            );
            assert!(!fix.text.contains(&format!("Add {masked}")), "{}", fix.text);
        }
        insta::assert_snapshot!(shown(&[&DENIED.replace("20.85.12.7", "a.b.c.d")], "net-firewall"), @r"
            fail: The vault's firewall does not allow the client's public address (masked in the paste as a.b.c.d)
              > Client address is not authorized and caller is not a trusted service.   (paste 1, line 1)
              > Client address: a.b.c.d   (paste 1, line 1)
            fix: Add the client's public address (masked in the paste as a.b.c.d) to the vault's firewall (Networking > Firewalls and virtual networks), or reach the vault through a private endpoint.
              $ az keyvault network-rule add --name contoso --ip-address <client-public-ip>/32
            ");
    }

    #[test]
    fn firewall_on_without_refusal_passes_and_private_rules_warn() {
        assert_eq!(step(&[&vault(r#"{"value": "52.1.1.1/32"}"#)], "net-firewall").status, Status::Pass);
        insta::assert_snapshot!(shown(&[&vault(r#"{"value": "52.1.1.1/32"}"#)], "net-firewall"), @r#"
            pass: The firewall is on (default action Deny) and no request was refused by it
              > "defaultAction": "Deny" (in properties.networkAcls)   (paste 1, line 1)
            "#);
        assert_eq!(step(&[&vault(r#"{"value": "10.0.0.0/8"}"#)], "net-firewall").status, Status::Warn);
        insta::assert_snapshot!(shown(&[&vault(r#"{"value": "10.0.0.0/8"}"#)], "net-firewall"), @r#"
            warn: The IP rule 10.0.0.0/8 is a private range and never matches
              > "value": "10.0.0.0/8" (in properties.networkAcls.ipRules[0])   (paste 1, line 1)
            fix: Key Vault sees public addresses (or a subnet); use a virtual network rule or a private endpoint for private clients.
            "#);
    }

    #[test]
    fn firewall_on_with_no_rule_and_no_private_path() {
        let closed = vault("").replace(
            r#""virtualNetworkRules": []}"#,
            r#""virtualNetworkRules": []}, "privateEndpointConnections": []"#,
        );
        assert_eq!(step(&[&closed], "net-firewall").status, Status::Warn, "trusted services still get in");
        insta::assert_snapshot!(shown(&[&closed], "net-firewall"), @r#"
            warn: The firewall denies by default with no IP or network rule and no private endpoint: only trusted Microsoft services get in
              > "defaultAction": "Deny" (in properties.networkAcls)   (paste 1, line 1)
              > "bypass": "AzureServices" (in properties.networkAcls)   (paste 1, line 1)
            fix: Add the clients' public addresses or subnets to the firewall, or give them a private endpoint.
              $ az keyvault network-rule add --name contoso --ip-address <client-public-ip>/32
            "#);
        let none = closed.replace("AzureServices", "None");
        assert_eq!(step(&[&none], "net-firewall").status, Status::Fail);
        insta::assert_snapshot!(shown(&[&none], "net-firewall"), @r#"
            fail: The firewall denies by default with no IP or network rule, no private endpoint and no trusted-service bypass: nothing gets in
              > "defaultAction": "Deny" (in properties.networkAcls)   (paste 1, line 1)
              > "bypass": "None" (in properties.networkAcls)   (paste 1, line 1)
            fix: Add the clients' public addresses or subnets to the firewall, or give them a private endpoint.
              $ az keyvault network-rule add --name contoso --ip-address <client-public-ip>/32
            "#);
        // Without the connection list, a private endpoint may exist: no finding.
        assert_eq!(step(&[&vault("").replace("AzureServices", "None")], "net-firewall").status, Status::Pass);
        insta::assert_snapshot!(shown(&[&vault("").replace("AzureServices", "None")], "net-firewall"), @r#"
            pass: The firewall is on (default action Deny) and no request was refused by it
              > "defaultAction": "Deny" (in properties.networkAcls)   (paste 1, line 1)
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/error-clean.txt"), "net-firewall"), @r#"
            fail: The vault's firewall does not allow the client address 20.55.143.17
              > {"error":{"code":"Forbidden","message":"Client address is not authorized and caller is not a trusted service.   (paste 1, line 1)
              > Client address: 20.55.143.17   (paste 1, line 1)
            fix: Add 20.55.143.17 to the vault's firewall (Networking > Firewalls and virtual networks), or reach the vault through a private endpoint.
              $ az keyvault network-rule add --name fabrikam --ip-address 20.55.143.17/32
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/az-network-rules-clean.txt"), "net-firewall"), @r#"
            warn: The IP rule 10.0.0.0/8 is a private range and never matches
              > "value": "10.0.0.0/8"   (paste 1, line 10)
            fix: Key Vault sees public addresses (or a subnet); use a virtual network rule or a private endpoint for private clients.
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/portal-messy.txt"), "net-firewall"), @r"
            pass: The firewall is on (default action Deny) and no request was refused by it
              > Allow public access from specific virtual networks and IP addresses   (paste 1, line 2)
            ");
        insta::assert_snapshot!(shown(&pastes("static/examples/cases/access-policy-missing-get"), "net-firewall"), @r#"
            pass: The firewall's default action is Allow
              > "defaultAction": "Allow",   (paste 2, line 16)
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/http-headers-clean.txt"), "net-firewall"), @r#"
            unknown: The vault's firewall settings are not in the pastes
              > HTTP/1.1 403 Forbidden   (paste 1, line 1)
            next: Paste the vault's network settings.
              $ az keyvault show --name <vault-name> --query "{pna:properties.publicNetworkAccess, default:properties.networkAcls.defaultAction, bypass:properties.networkAcls.bypass, ips:properties.networkAcls.ipRules[].value, vnets:properties.networkAcls.virtualNetworkRules[].id}"
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "net-firewall"), @r"skip: No firewall evidence in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // a refusal although a rule covers the client
        insta::assert_snapshot!(shown(&[message("firewall").as_str(), pastes("tests/fixtures/inputs/az-network-rules-clean.txt")[0].replace("52.160.10.0/24", "52.1.2.0/24").as_str()], "net-firewall"), @r#"
            warn: The firewall refused 52.1.2.3 although rule 52.1.2.0/24 covers it
              > Client address is not authorized and caller is not a trusted service. Client address: 52.1.2.3   (paste 1, line 1)
              > "value": "52.1.2.0/24"   (paste 2, line 7)
            fix: Rules take a few minutes to apply; if it persists, the request arrives through another address (proxy, NAT) or subnet.
              $ curl -sv https://<vault-name>.vault.azure.net/healthstatus
            "#);
        // the address the vault saw, in no rule (the rules' private range left out: it is a finding of its own)
        insta::assert_snapshot!(shown(&[pastes("tests/fixtures/inputs/http-headers-clean.txt")[0].as_str(), pastes("tests/fixtures/inputs/az-network-rules-clean.txt")[0].replace("10.0.0.0/8", "52.161.0.0/16").as_str()], "net-firewall"), @r#"
            fail: The firewall denies by default and 20.55.143.17 is in no IP rule
              > "defaultAction": "Deny",   (paste 2, line 4)
              > x-ms-keyvault-network-info: conn_type=Ipv4;addr=20.55.143.17;act_addr_fam=InterNetwork;   (paste 1, line 5)
            fix: Add 20.55.143.17 to the vault's firewall.
              $ az keyvault network-rule add --name <vault-name> --ip-address 20.55.143.17/32
            "#);
    }

    /// An App Service reference refused (AccessToKeyVaultDenied) beside the vault's firewall:
    /// a deny-all firewall is the gate (fail), rules that may or may not cover the app ask for
    /// its outbound addresses, and public access disabled leaves it to net-public-access.
    #[test]
    fn a_refused_reference_beside_the_firewall() {
        let refused = "Status\nAccessToKeyVaultDenied\nError details\nKey Vault reference was not able to be resolved because site was denied access to Key Vault reference's vault.";
        let deny_all =
            vault("").replace("\"properties\": {", "\"properties\": {\"privateEndpointConnections\": null, ");
        let step = step(&[refused, &deny_all], "net-firewall");
        assert_eq!(step.status, Status::Fail, "{}", step.title);
        assert!(step.title.contains("bypass AzureServices does not cover Key Vault references"), "{}", step.title);
        let with_rule = step_of(refused, &vault(r#"{"value": "52.1.1.1/32"}"#));
        assert_eq!(with_rule.status, Status::Unknown, "{}", with_rule.title);
        let disabled =
            deny_all.replace("\"publicNetworkAccess\": \"Enabled\"", "\"publicNetworkAccess\": \"Disabled\"");
        assert_ne!(step_of(refused, &disabled).status, Status::Fail);
        // Alone, the status does not say which gate refused it.
        assert_eq!(crate::engine::checks::testing::status(&[refused], "net-firewall"), Status::Unknown);
        // An earlier MSINotEnabled in the same copy is history: the later status decides.
        let both = format!("Status\nMSINotEnabled\nError details\nReference was not able to be resolved because site Managed Identity not enabled.\n\n{refused}");
        assert_eq!(step_of(&both, &deny_all).status, Status::Fail);
        assert_eq!(crate::engine::checks::testing::status(&[&both, &deny_all], "identity-managed"), Status::Pass);
        // The other order: the identity was turned off after the refusal, MSINotEnabled is current.
        let reversed = format!("{refused}\n\nStatus\nMSINotEnabled");
        assert_eq!(crate::engine::checks::testing::status(&[&reversed, &deny_all], "identity-managed"), Status::Fail);
        assert_ne!(step_of(&reversed, &deny_all).status, Status::Fail);
    }

    fn step_of(first: &str, second: &str) -> crate::engine::report::Step {
        step(&[first, second], "net-firewall")
    }
}
