use super::commands::{
    deleted_vaults, lookup_from, nslookup_via_azure_dns, record_show, records_list, vault_show, where_to_run,
};
use super::{declare_check, listing, Case, Outcome};
use crate::engine::facts::{DnsFailure, SignalKind};

declare_check! {
    /// ## What it checks
    /// The vault's host name (`<vault>.vault.azure.net`, or the cloud's own suffix) resolves to
    /// at least one address from the client.
    ///
    /// ## Why it matters
    /// A client that cannot resolve the name never reaches the vault: SDKs report "Name or
    /// service not known", "No such host is known" or a time-out, never an HTTP status. NXDOMAIN
    /// means a typo, the wrong cloud suffix, a deleted vault, or a private DNS zone linked to the
    /// client's network that holds no record for this vault. A public resolver's NXDOMAIN (a
    /// `public-dns` paste) narrows it down: the name exists nowhere, so it is misspelt or the
    /// vault was deleted; a public answer through the privatelink alias means the vault exists
    /// and only the client's private zone lacks the record.
    ///
    /// ## Fix
    /// Compare the name with the vault's "Vault URI" on its Overview page. If the vault has a
    /// private endpoint, make sure the `privatelink.vaultcore.azure.net` zone linked to the
    /// client's network has an A record named exactly after the vault. If the resolver timed out,
    /// make sure the client can reach its DNS server.
    pub DNS_RESOLVES { id: "dns-resolves", title: "The vault name resolves", run: run }
}

fn run(case: &Case) -> Outcome {
    let host = case.host();
    let client_answered = case.answered().next().is_some();
    if let Some(public) = case.public_failure(DnsFailure::NxDomain).filter(|_| !client_answered) {
        let name = case.vault_name();
        let client = case.lookups.iter().filter_map(|l| l.failure.as_ref()).map(|f| f.at.clone());
        return Outcome::fail(format!("{host} does not exist in public DNS: the vault name is wrong, or the vault was deleted"))
            .evidence([public])
            .evidence(client)
            .fix(
                format!("A public resolver (not your network) finds no such name. Compare {name} with the Vault URI on the vault's Overview page (and the cloud's suffix); if the vault was deleted, recover it while soft delete keeps it."),
                vec![vault_show(&name), deleted_vaults(&name)],
            );
    }
    if let Some(failed) = case.signal(SignalKind::NameNotResolved).filter(|_| case.answered().next().is_none()) {
        let name = case.vault_name();
        let outcome = Outcome::fail(format!("The client could not resolve {host}{}", per_viewpoint(case)))
            .evidence([failed.at.clone()])
            .evidence(case.lookups.iter().filter_map(|l| l.failure.as_ref().map(|f| f.at.clone())));
        if case.private_link().is_some() {
            let zone = case.zone();
            return outcome.fix(
                format!("The name goes through the private link alias, so the vault and an approved private endpoint exist; the {zone} zone the client's DNS consults has no A record named {name}. Add it (pointing at the private endpoint's address), link the zone that has it, or give the endpoint a DNS zone group."),
                vec![record_show(zone, &name), records_list(zone)],
            );
        }
        return outcome.fix(
            format!("Check the vault name and cloud suffix against the Vault URI, whether the vault was deleted, and whether a private DNS zone linked to this network lacks a record for {name}."),
            vec![lookup_from(case, &host), vault_show(&name), deleted_vaults(&name)],
        );
    }
    if case.lookups.is_empty() {
        // A vault that answered at all was found by name.
        if let Some(answer) = case.signal(SignalKind::HttpStatus).or_else(|| case.signal(SignalKind::InnerCode)) {
            return Outcome::pass(format!(
                "The vault answered ({}), so its name resolves for the client",
                answer.value
            ))
            .evidence([answer.at.clone()]);
        }
        // The identity never got a token: the fix is there, and a lookup of the vault's name
        // is not what to paste next (issue 21).
        if case.no_token().is_some() && case.other_names_note().is_none() {
            return Outcome::skip(
                "The code's identity got no token (see the identity steps), so no request reached the vault yet: its name comes after the token",
            );
        }
        let title = match (case.other_names_note(), case.public_answered().next()) {
            (Some(note), _) => format!("No lookup of a Key Vault name was pasted: {note}"),
            (None, Some(_)) => {
                format!("A public resolver finds {host}, so the vault exists; what the client resolves is not pasted")
            }
            (None, None) => "No name lookup of the vault was pasted".to_string(),
        };
        return Outcome::unknown(title).next(
            format!("Run this {} and paste the whole output.", where_to_run(case)),
            vec![lookup_from(case, &host)],
        );
    }
    let failed = case
        .lookups
        .iter()
        .filter(|l| l.addresses.is_empty() && l.masked.is_empty())
        .find_map(|l| l.failure.as_ref().map(|failure| (l, failure)));
    if let (Some(_), Some(outcome)) = (failed, viewpoints_disagree(case)) {
        return outcome;
    }
    if let Some((lookup, failure)) = failed {
        let server = lookup.server.as_ref().map(|s| s.value.to_string());
        let via = match (&lookup.viewpoint, server.as_deref()) {
            (Some(label), _) => format!(" ({})", label.value),
            (None, Some(s)) => format!(" (DNS server {s})"),
            (None, None) => String::new(),
        };
        let outcome = Outcome::fail(match failure.value {
            DnsFailure::NxDomain => format!("{host} does not exist for the client's DNS{via}"),
            DnsFailure::ServerFailure => format!("The DNS server failed to resolve {host}{via}"),
            DnsFailure::Timeout => format!("No DNS server answered for {host}{via}"),
            DnsFailure::NoAddress => format!("{host} has no address record{via}"),
        })
        .evidence(lookup.query.iter().map(|q| q.at.clone()))
        .evidence(lookup.server.iter().map(|s| s.at.clone()))
        .evidence([failure.at.clone()]);
        let name = case.vault_name();
        let zone = case.zone();
        return match failure.value {
            DnsFailure::Timeout => outcome.fix(
                "Check that the client can reach its DNS server; from a VM in Azure, compare with Azure DNS directly.",
                vec![nslookup_via_azure_dns(&host)],
            ),
            _ if case.private_link().is_some() => outcome.fix(
                format!("The name goes through the private link alias, so the vault exists: add an A record named {name} to the {zone} zone, pointing at the private endpoint's address."),
                vec![record_show(zone, &name)],
            ),
            _ => outcome.fix(
                format!("Check the vault name and cloud suffix against the Vault URI, whether the vault was deleted, and whether a private DNS zone linked to this network lacks a record for {name}."),
                vec![vault_show(&name), deleted_vaults(&name), record_show(zone, &name)],
            ),
        };
    }
    let answered: Vec<_> = case.answered().collect();
    // Each address once (two viewpoints often agree), in a set: one lookup may hold 100,000.
    let mut seen = std::collections::HashSet::new();
    let addresses = answered.iter().flat_map(|l| l.addresses.iter().map(|a| a.value)).filter(|ip| seen.insert(*ip));
    let shown = listing(addresses);
    let shown = if shown.is_empty() { "a masked address".to_string() } else { shown };
    Outcome::pass(format!("{host} resolves to {shown}"))
        .evidence(answered.iter().flat_map(|l| l.addresses.iter().map(|a| &a.at).chain(&l.masked)))
}

/// ": via X: NXDOMAIN; via Y: no address record" when the lookups pasted say so.
fn per_viewpoint(case: &Case) -> String {
    let views: Vec<String> = case
        .lookups
        .iter()
        .filter(|l| l.addresses.is_empty())
        .filter_map(|l| Some(format!("{}: {}", l.viewpoint_name()?, failure_word(l.failure.as_ref()?.value))))
        .collect();
    if views.is_empty() {
        String::new()
    } else {
        format!(" ({})", listing(views))
    }
}

/// Some viewpoints resolve the name and others do not, and the client's own resolver was not
/// the one that failed (no "no such host" from the app): the name resolves on the path that
/// answered; the disagreement itself is the `dns-resolver` finding. Each viewpoint is listed.
fn viewpoints_disagree(case: &Case) -> Option<Outcome> {
    let answered: Vec<_> = case.answered().filter(|l| !l.server_chosen).collect();
    if answered.is_empty() || case.signal(SignalKind::NameNotResolved).is_some() {
        return None;
    }
    let views = listing(case.lookups.iter().map(|l| {
        let view = l.viewpoint_name().unwrap_or_else(|| "one lookup".to_string());
        match &l.failure {
            Some(f) if l.addresses.is_empty() && l.masked.is_empty() => format!("{view}: {}", failure_word(f.value)),
            _ => format!("{view}: {}", listing(l.addresses.iter().map(|a| a.value))),
        }
    }));
    Some(
        Outcome::pass(format!(
            "{} resolves from some viewpoints, not all — {views} (see the DNS server step)",
            case.host()
        ))
        .evidence(answered.iter().flat_map(|l| l.addresses.iter().map(|a| &a.at)))
        .evidence(case.lookups.iter().filter_map(|l| l.failure.as_ref().map(|f| f.at.clone()))),
    )
}

fn failure_word(failure: DnsFailure) -> &'static str {
    match failure {
        DnsFailure::NxDomain => "NXDOMAIN",
        DnsFailure::ServerFailure => "server failure",
        DnsFailure::Timeout => "no answer in time",
        DnsFailure::NoAddress => "no address record",
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown, step};
    use crate::engine::report::Status;

    /// Where the code runs decides where the lookup runs (issue 21 item 4): in the app's Kudu
    /// console, the pod, the container app; and no lookup is asked for while the identity got
    /// no token.
    #[test]
    fn the_lookup_runs_where_the_code_runs() {
        use crate::engine::checks::testing::message;
        insta::assert_snapshot!(shown(&[message("ref-unconfirmed")], "dns-resolves"), @r#"
            unknown: No name lookup of the vault was pasted
            next: Run this in the app's console (Kudu: Advanced Tools > Debug console, or SSH on Linux) and paste the whole output.
              $ nameresolver <vault-name>.vault.azure.net
            "#);
        insta::assert_snapshot!(shown(&[message("csi-driver-missing")], "dns-resolves"), @r#"
            unknown: No name lookup of the vault was pasted
            next: Run this in the failing pod (the image needs nslookup and curl) and paste the whole output.
              $ kubectl exec <pod-name> --namespace <namespace> -- nslookup <vault-name>.vault.azure.net
            "#);
        // The Scheduled event of the same pod's `kubectl describe` names the pod and namespace.
        let events = pastes("tests/fixtures/caller/aks-csi/describe-nmi-404-events-table.txt").concat();
        let scheduled = events.lines().find(|l| l.contains("Successfully assigned")).unwrap();
        let named = format!("{}\n{scheduled}", message("csi-driver-missing"));
        insta::assert_snapshot!(shown(&[named], "dns-resolves"), @r#"
            unknown: No name lookup of the vault was pasted
            next: Run this in the failing pod (the image needs nslookup and curl) and paste the whole output.
              $ kubectl exec nginx-deployment-6748746f8f-xdxgg --namespace aks-keyvault -- nslookup <vault-name>.vault.azure.net
            "#);
        insta::assert_snapshot!(shown(&[message("containerapp-secret-invalid")], "dns-resolves"), @r#"
            unknown: No name lookup of the vault was pasted
            next: Run this in the container app's container and paste the whole output.
              $ az containerapp exec --name <app-name> --resource-group <resource-group> --command "nslookup <vault-name>.vault.azure.net"
            "#);
        insta::assert_snapshot!(shown(&[message("credential-chain")], "dns-resolves"), @r#"skip: The code's identity got no token (see the identity steps), so no request reached the vault yet: its name comes after the token"#);
    }

    const PASSING: &str = "C:\\>nslookup contoso.vault.azure.net\nServer:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  contoso.vault.azure.net\n";
    const FAILING: &str = "$ nslookup contoso.vault.azure.net\nServer:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n** server can't find contoso.vault.azure.net: NXDOMAIN\n";

    #[test]
    fn passes_when_an_address_comes_back() {
        let step = step(&[PASSING], "dns-resolves");
        insta::assert_snapshot!(shown(&[PASSING], "dns-resolves"), @r"
            pass: contoso.vault.azure.net resolves to 10.1.2.4
              > Address:  10.1.2.4   (paste 1, line 7)
            ");
        assert_eq!(step.status, Status::Pass);
        assert!(step.title.contains("10.1.2.4"), "{}", step.title);
        assert_eq!(step.evidence[0].quote, "Address:  10.1.2.4");
        assert_eq!(step.evidence[0].lines, vec![7]);
    }

    #[test]
    fn fails_on_nxdomain_quoting_the_line() {
        let step = step(&[FAILING], "dns-resolves");
        insta::assert_snapshot!(shown(&[FAILING], "dns-resolves"), @r#"
            fail: contoso.vault.azure.net does not exist for the client's DNS (DNS server 127.0.0.53)
              > $ nslookup contoso.vault.azure.net   (paste 1, line 1)
              > Address:	127.0.0.53#53   (paste 1, line 3)
              > ** server can't find contoso.vault.azure.net: NXDOMAIN   (paste 1, line 5)
            fix: Check the vault name and cloud suffix against the Vault URI, whether the vault was deleted, and whether a private DNS zone linked to this network lacks a record for contoso.
              $ az keyvault show --name contoso --query "{uri:properties.vaultUri, pna:properties.publicNetworkAccess}"
              $ az keyvault list-deleted --query "[?name=='contoso']"
              $ az network private-dns record-set a show -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso
            "#);
        assert_eq!(step.status, Status::Fail);
        assert!(step.evidence.iter().any(|e| e.quote.contains("NXDOMAIN")));
        assert!(step.fix.unwrap().commands.iter().any(|c| c.contains("az keyvault show --name contoso")));
    }

    const PUBLIC_NXDOMAIN: &str = "# Public DNS: cloudflare-dns.com asked for contoso.vault.azure.net at 2026-11-23 17:40 UTC\n{\"Status\":3,\"TC\":false,\"Question\":[{\"name\":\"contoso.vault.azure.net.\",\"type\":1}]}";

    #[test]
    fn public_nxdomain_means_a_wrong_or_deleted_name() {
        let alone = step(&[PUBLIC_NXDOMAIN], "dns-resolves");
        insta::assert_snapshot!(shown(&[PUBLIC_NXDOMAIN], "dns-resolves"), @r#"
            fail: contoso.vault.azure.net does not exist in public DNS: the vault name is wrong, or the vault was deleted
              > {"Status":3,"TC":false,"Question":[{"name":"contoso.vault.azure.net.","type":1}]}   (paste 1, line 2)
            fix: A public resolver (not your network) finds no such name. Compare contoso with the Vault URI on the vault's Overview page (and the cloud's suffix); if the vault was deleted, recover it while soft delete keeps it.
              $ az keyvault show --name contoso --query "{uri:properties.vaultUri, pna:properties.publicNetworkAccess}"
              $ az keyvault list-deleted --query "[?name=='contoso']"
            "#);
        assert_eq!(alone.status, Status::Fail);
        assert!(alone.title.contains("wrong, or the vault was deleted"), "{}", alone.title);
        assert!(alone.fix.unwrap().commands.iter().any(|c| c.contains("list-deleted")));
        let both = step(&[FAILING, PUBLIC_NXDOMAIN], "dns-resolves");
        insta::assert_snapshot!(shown(&[FAILING, PUBLIC_NXDOMAIN], "dns-resolves"), @r#"
            fail: contoso.vault.azure.net does not exist in public DNS: the vault name is wrong, or the vault was deleted
              > {"Status":3,"TC":false,"Question":[{"name":"contoso.vault.azure.net.","type":1}]}   (paste 2, line 2)
              > ** server can't find contoso.vault.azure.net: NXDOMAIN   (paste 1, line 5)
            fix: A public resolver (not your network) finds no such name. Compare contoso with the Vault URI on the vault's Overview page (and the cloud's suffix); if the vault was deleted, recover it while soft delete keeps it.
              $ az keyvault show --name contoso --query "{uri:properties.vaultUri, pna:properties.publicNetworkAccess}"
              $ az keyvault list-deleted --query "[?name=='contoso']"
            "#);
        assert!(both.title.contains("does not exist in public DNS"), "{}", both.title);
        assert_eq!(both.evidence.len(), 2, "the public and the client's NXDOMAIN are quoted");
        // The client resolved it after all: its own answer wins.
        insta::assert_snapshot!(shown(&[PASSING, PUBLIC_NXDOMAIN], "dns-resolves"), @r"
            pass: contoso.vault.azure.net resolves to 10.1.2.4
              > Address:  10.1.2.4   (paste 1, line 7)
            ");
    }

    #[test]
    fn a_public_privatelink_answer_points_at_the_missing_record() {
        let public = include_str!("../../../tests/fixtures/inputs/public-dns-clean.txt");
        let with = step(&[FAILING, public], "dns-resolves");
        insta::assert_snapshot!(shown(&[FAILING, public], "dns-resolves"), @r"
            fail: contoso.vault.azure.net does not exist for the client's DNS (DNS server 127.0.0.53)
              > $ nslookup contoso.vault.azure.net   (paste 1, line 1)
              > Address:	127.0.0.53#53   (paste 1, line 3)
              > ** server can't find contoso.vault.azure.net: NXDOMAIN   (paste 1, line 5)
            fix: The name goes through the private link alias, so the vault exists: add an A record named contoso to the privatelink.vaultcore.azure.net zone, pointing at the private endpoint's address.
              $ az network private-dns record-set a show -g <zone-resource-group> -z privatelink.vaultcore.azure.net -n contoso
            ");
        assert_eq!(with.status, Status::Fail);
        assert!(with.fix.unwrap().text.contains("add an A record named contoso"));
        let without = step(&[FAILING], "dns-resolves");
        assert!(!without.fix.unwrap().text.contains("add an A record"));
        let alone = step(&[public], "dns-resolves");
        insta::assert_snapshot!(shown(&[public], "dns-resolves"), @r"
            unknown: A public resolver finds contoso.vault.azure.net, so the vault exists; what the client resolves is not pasted
            next: Run this on the machine that fails (Windows or Linux) and paste the whole output.
              $ nslookup contoso.vault.azure.net
            ");
        assert_eq!(alone.status, Status::Unknown, "a public answer is not the client's: {}", alone.title);
        assert!(alone.title.contains("the vault exists"));
    }

    #[test]
    fn fails_on_timeouts_and_asks_when_nothing_was_pasted() {
        let timeout = "nslookup contoso.vault.azure.net\n;; connection timed out; no servers could be reached\n";
        insta::assert_snapshot!(shown(&[timeout], "dns-resolves"), @r"
            fail: No DNS server answered for contoso.vault.azure.net
              > nslookup contoso.vault.azure.net   (paste 1, line 1)
              > ;; connection timed out; no servers could be reached   (paste 1, line 2)
            fix: Check that the client can reach its DNS server; from a VM in Azure, compare with Azure DNS directly.
              $ nslookup contoso.vault.azure.net 168.63.129.16
            ");
        let go = "Get \"https://contoso.vault.azure.net/secrets/db\": dial tcp: lookup contoso.vault.azure.net on 10.0.0.10:53: no such host";
        insta::assert_snapshot!(shown(&[go], "dns-resolves"), @r#"
            fail: The client could not resolve contoso.vault.azure.net
              > Get "https://contoso.vault.azure.net/secrets/db": dial tcp: lookup contoso.vault.azure.net on 10.0.0.10:53: no such host   (paste 1, line 1)
            fix: Check the vault name and cloud suffix against the Vault URI, whether the vault was deleted, and whether a private DNS zone linked to this network lacks a record for contoso.
              $ nslookup contoso.vault.azure.net
              $ az keyvault show --name contoso --query "{uri:properties.vaultUri, pna:properties.publicNetworkAccess}"
              $ az keyvault list-deleted --query "[?name=='contoso']"
            "#);
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nForbiddenByRbac"], "dns-resolves"), @r"
            pass: The vault answered (403), so its name resolves for the client
              > Status: 403 (Forbidden)   (paste 1, line 1)
            ");
        let nothing = step(&[""], "dns-resolves");
        insta::assert_snapshot!(shown(&[""], "dns-resolves"), @r"
            unknown: No name lookup of the vault was pasted
            next: Run this on the machine that fails (Windows or Linux) and paste the whole output.
              $ nslookup <vault-name>.vault.azure.net
            ");
        assert_eq!(nothing.status, Status::Unknown);
        assert_eq!(nothing.next.unwrap().commands, vec!["nslookup <vault-name>.vault.azure.net"]);
    }

    /// `nslookup https://…/` looks up a URL: said so, with the host to look up instead.
    #[test]
    fn a_url_looked_up_is_named_as_a_url() {
        let paste = "> nslookup https://kv1.vault.azure.net/\nServer:  UnKnown\nAddress:  10.0.0.1\n\n*** UnKnown can't find https://kv1.vault.azure.net/: Non-existent domain\n";
        let step = step(&[paste], "dns-resolves");
        insta::assert_snapshot!(shown(&[paste], "dns-resolves"), @r"
            unknown: No lookup of a Key Vault name was pasted: https://kv1.vault.azure.net/ is a URL, which a name lookup cannot resolve: look up the host name alone (kv1.vault.azure.net)
            next: Run this on the machine that fails (Windows or Linux) and paste the whole output.
              $ nslookup <vault-name>.vault.azure.net
            ");
        assert!(step.title.contains("is a URL") && step.title.contains("(kv1.vault.azure.net)"), "{}", step.title);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/cases/rbac-403-with-nxdomain-elsewhere"), "dns-resolves"), @r"
            pass: contoso-kv-prod.vault.azure.net resolves from some viewpoints, not all — kv public FQDN via CoreDNS (10.0.0.10): 10.22.26.6, kv public FQDN via Azure internal resolver (168.63.129.16): NXDOMAIN, kv private FQDN directly via Azure internal resolver: NXDOMAIN (see the DNS server step)
              > Address: 10.22.26.6   (paste 1, line 6)
              > ** server can't find contoso-kv-prod.privatelink.vaultcore.azure.net: NXDOMAIN   (paste 1, line 15)
              > ** server can't find contoso-kv-prod.privatelink.vaultcore.azure.net: NXDOMAIN   (paste 1, line 18)
            ");
    }
}
