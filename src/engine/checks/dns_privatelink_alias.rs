use super::commands::lookup_from;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::DnsLookup;
use crate::engine::net::{scope, Scope};

declare_check! {
    /// ## What it checks
    /// The answer's chain passes through `<vault>.privatelink.vaultcore.azure.net` (or the
    /// cloud's and Managed HSM's equivalent).
    ///
    /// ## Why it matters
    /// Azure publishes the privatelink alias only once at least one private endpoint connection
    /// to the vault is approved, so the alias proves a private endpoint exists and is approved.
    /// Without it, every client resolves the vault's public address, whatever private DNS zones
    /// are linked. The alias lives in public DNS, so a public resolver's answer (a `public-dns`
    /// paste: kvdoctor asks one only when you click for it) settles this step on its own: no
    /// alias there while a private endpoint is expected means no connection is approved.
    ///
    /// ## Fix
    /// If you expected a private endpoint, open the vault's Networking page, tab "Private
    /// endpoint connections", and approve the pending connection (a rejected or disconnected one
    /// must be deleted and created again). If the vault is meant to be public, nothing is wrong.
    pub DNS_PRIVATELINK_ALIAS { id: "dns-privatelink-alias", title: "The name goes through the private link alias", run: run }
}

fn run(case: &Case) -> Outcome {
    let host = case.host();
    if let Some(alias) = case.private_link() {
        let from =
            if case.public_private_link().as_ref() == Some(&alias) { " (seen by a public resolver)" } else { "" };
        return Outcome::pass(format!("{host} has the private link alias{from}: an approved private endpoint exists"))
            .evidence([alias]);
    }
    let answered: Vec<_> = case.answered().collect();
    let public: Vec<_> = case.public_answered().collect();
    if answered.is_empty() && public.is_empty() {
        return if case.lookups.is_empty() && case.public.is_empty() {
            super::no_lookup(case)
        } else {
            Outcome::skip("Not reached: the vault name did not resolve")
        };
    }
    let private = answered.iter().flat_map(|l| l.addresses.iter()).find(|a| scope(a.value) == Scope::Private);
    if let Some(address) = private {
        return Outcome::warn(format!("{host} resolves to private address {} without the private link alias", address.value))
            .evidence([address.at.clone()])
            .fix(
                "Something other than Azure's private link answers for this name: a hosts-file entry or a DNS zone named after the public suffix. Remove it and use a private endpoint with the privatelink zone.",
                vec![],
            );
    }
    let shows_chain = |l: &&&DnsLookup| l.names.iter().any(|n| !case.vault.as_ref().is_some_and(|v| v.owns(&n.value)));
    // A public resolver's chain is the whole public truth; the client's only when it is shown.
    let chains: Vec<&&DnsLookup> =
        public.iter().filter(shows_chain).chain(answered.iter().filter(shows_chain)).collect();
    if chains.is_empty() {
        return Outcome::unknown(format!("The answer for {host} does not show its alias chain")).next(
            "Run nslookup (not ping) so the aliases are printed, and paste the whole output.",
            vec![lookup_from(case, &host)],
        );
    }
    let chain = chains.iter().flat_map(|l| l.names.iter().map(|n| n.at.clone())).take(2);
    // A private endpoint is expected (its resource, its connection or a private-link error is in
    // the pastes), yet the public chain shows no alias: no connection is approved.
    if let Some(expected) = case.private_endpoint_evidence() {
        return Outcome::fail(format!("{host} has no private link alias, so no private endpoint connection to the vault is approved"))
            .evidence(chain)
            .evidence([expected])
            .fix(
                "Open the vault's Networking page, tab \"Private endpoint connections\": approve a pending connection; a rejected or disconnected one must be deleted and created again.",
                vec![super::commands::vault_connections(&case.vault_name())],
            );
    }
    Outcome::skip(format!("No private endpoint in play: {host} resolves through its public chain, so no private endpoint connection is approved"))
        .evidence(chain)
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    const PASSING: &str = "nslookup contoso.vault.azure.net\nServer:\t\t168.63.129.16\nAddress:\t168.63.129.16#53\n\nNon-authoritative answer:\ncontoso.vault.azure.net\tcanonical name = contoso.privatelink.vaultcore.azure.net.\nName:\tcontoso.privatelink.vaultcore.azure.net\nAddress: 10.1.2.4\n";
    const PUBLIC_ONLY: &str = "Server:  UnKnown\nAddress:  192.168.1.1\n\nNon-authoritative answer:\nName:    data-prod-eus-region.vaultcore.azure.net\nAddress:  52.168.109.101\nAliases:  contoso.vault.azure.net\n          data-prod-eus.vaultcore.azure.net\n";
    const HOSTS_OVERRIDE: &str =
        "Server:  UnKnown\nAddress:  10.0.0.4\n\nName:    contoso.vault.azure.net\nAddress:  10.9.9.9\n";

    #[test]
    fn passes_when_the_alias_is_in_the_chain() {
        let step = step(&[PASSING], "dns-privatelink-alias");
        insta::assert_snapshot!(shown(&[PASSING], "dns-privatelink-alias"), @r"
            pass: contoso.vault.azure.net has the private link alias: an approved private endpoint exists
              > contoso.vault.azure.net	canonical name = contoso.privatelink.vaultcore.azure.net.   (paste 1, line 6)
            ");
        assert_eq!(step.status, Status::Pass);
        assert_eq!(step.evidence[0].lines, vec![6]);
    }

    #[test]
    fn skips_a_vault_without_private_endpoint() {
        let step = step(&[PUBLIC_ONLY], "dns-privatelink-alias");
        insta::assert_snapshot!(shown(&[PUBLIC_ONLY], "dns-privatelink-alias"), @r"
            skip: No private endpoint in play: contoso.vault.azure.net resolves through its public chain, so no private endpoint connection is approved
              > Name:    data-prod-eus-region.vaultcore.azure.net   (paste 1, line 5)
              > Aliases:  contoso.vault.azure.net   (paste 1, line 7)
            ");
        assert_eq!(step.status, Status::Skip);
        assert!(step.title.contains("no private endpoint connection is approved"));
    }

    #[test]
    fn fails_when_an_endpoint_is_expected_but_the_alias_is_missing() {
        let error = "Status: 403 (Forbidden)\nForbiddenByConnection\nVault: contoso;location=eastus";
        let step = step(&[PUBLIC_ONLY, error], "dns-privatelink-alias");
        insta::assert_snapshot!(shown(&[PUBLIC_ONLY, error], "dns-privatelink-alias"), @r#"
            fail: contoso.vault.azure.net has no private link alias, so no private endpoint connection to the vault is approved
              > Name:    data-prod-eus-region.vaultcore.azure.net   (paste 1, line 5)
              > Aliases:  contoso.vault.azure.net   (paste 1, line 7)
              > ForbiddenByConnection   (paste 2, line 2)
            fix: Open the vault's Networking page, tab "Private endpoint connections": approve a pending connection; a rejected or disconnected one must be deleted and created again.
              $ az keyvault show --name contoso --query "properties.privateEndpointConnections[].{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}"
            "#);
        assert_eq!(step.status, Status::Fail);
        assert!(step.fix.unwrap().commands[0].contains("privateEndpointConnections"));
    }

    const PUBLIC_ALIAS: &str = include_str!("../../../tests/fixtures/inputs/public-dns-clean.txt");
    const PUBLIC_NO_ALIAS: &str = include_str!("../../../tests/fixtures/inputs/public-dns-public.txt");

    #[test]
    fn a_public_answer_alone_settles_the_alias() {
        let passed = step(&[PUBLIC_ALIAS], "dns-privatelink-alias");
        insta::assert_snapshot!(shown(&[PUBLIC_ALIAS], "dns-privatelink-alias"), @r#"
            pass: contoso.vault.azure.net has the private link alias (seen by a public resolver): an approved private endpoint exists
              > {"name":"contoso.vault.azure.net","type":5,"TTL":60,"data":"contoso.privatelink.vaultcore.azure.net."},   (paste 1, line 13)
            "#);
        assert_eq!(passed.status, Status::Pass);
        assert!(passed.title.contains("seen by a public resolver"), "{}", passed.title);
        assert!(passed.evidence[0].quote.contains("contoso.privatelink.vaultcore.azure.net"));
        let public_only = step(&[PUBLIC_NO_ALIAS], "dns-privatelink-alias");
        insta::assert_snapshot!(shown(&[PUBLIC_NO_ALIAS], "dns-privatelink-alias"), @r#"
            skip: No private endpoint in play: fabrikam.vault.azure.net resolves through its public chain, so no private endpoint connection is approved
              > {"name":"fabrikam.vault.azure.net","type":5,"TTL":60,"data":"data-prod-eus.vaultcore.azure.net."},   (paste 1, line 13)
            "#);
        assert_eq!(public_only.status, Status::Skip, "no endpoint expected: {}", public_only.title);
    }

    #[test]
    fn no_public_alias_while_an_endpoint_is_expected_fails() {
        let error = "Status: 403 (Forbidden)\nForbiddenByConnection\nVault: fabrikam;location=eastus";
        let failed = step(&[PUBLIC_NO_ALIAS, error], "dns-privatelink-alias");
        insta::assert_snapshot!(shown(&[PUBLIC_NO_ALIAS, error], "dns-privatelink-alias"), @r#"
            fail: fabrikam.vault.azure.net has no private link alias, so no private endpoint connection to the vault is approved
              > {"name":"fabrikam.vault.azure.net","type":5,"TTL":60,"data":"data-prod-eus.vaultcore.azure.net."},   (paste 1, line 13)
              > ForbiddenByConnection   (paste 2, line 2)
            fix: Open the vault's Networking page, tab "Private endpoint connections": approve a pending connection; a rejected or disconnected one must be deleted and created again.
              $ az keyvault show --name fabrikam --query "properties.privateEndpointConnections[].{pe:privateEndpoint.id, status:privateLinkServiceConnectionState.status, state:provisioningState}"
            "#);
        assert_eq!(failed.status, Status::Fail);
        assert!(failed.evidence.iter().any(|e| e.input == 1 && e.quote.contains("data-prod-eus")));
        // The client's own +short answer shows no chain; the public one decides.
        let short = "$ dig +short fabrikam.vault.azure.net\n52.168.109.101\n";
        assert_eq!(step_status(&[short, error]), Status::Unknown);
        assert_eq!(step_status(&[short, PUBLIC_NO_ALIAS, error]), Status::Fail);
    }

    fn step_status(pastes: &[&str]) -> Status {
        step(pastes, "dns-privatelink-alias").status
    }

    #[test]
    fn warns_on_a_private_answer_without_the_alias() {
        assert_eq!(step(&[HOSTS_OVERRIDE], "dns-privatelink-alias").status, Status::Warn);
        insta::assert_snapshot!(shown(&[HOSTS_OVERRIDE], "dns-privatelink-alias"), @r"
            warn: contoso.vault.azure.net resolves to private address 10.9.9.9 without the private link alias
              > Address:  10.9.9.9   (paste 1, line 5)
            fix: Something other than Azure's private link answers for this name: a hosts-file entry or a DNS zone named after the public suffix. Remove it and use a private endpoint with the privatelink zone.
            ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/nslookup/linux-nxdomain.txt"), "dns-privatelink-alias"), @r"skip: Not reached: the vault name did not resolve");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // CoreDNS flattens the chain: only the vault's name and a public address
        insta::assert_snapshot!(shown(&["Server:\t\t10.0.0.10\nAddress:\t10.0.0.10#53\n\nName:\tcontoso.vault.azure.net\nAddress: 52.168.109.101\n"], "dns-privatelink-alias"), @r"
            unknown: The answer for contoso.vault.azure.net does not show its alias chain
            next: Run nslookup (not ping) so the aliases are printed, and paste the whole output.
              $ nslookup contoso.vault.azure.net
            ");
        // Resolve-DnsName's CNAME row
        insta::assert_snapshot!(shown(&[&pastes("tests/fixtures/inputs/resolve-dnsname-clean.txt")[0]], "dns-privatelink-alias"), @r"
            pass: fabrikam.vault.azure.net has the private link alias: an approved private endpoint exists
              > fabrikam.vault.azure.net       CNAME  60    Answer     fabrikam.privatelink.vaultcore.azure.net   (paste 1, line 5)
            ");
    }
}
