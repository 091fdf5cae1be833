use super::commands::{deleted_vaults, nslookup, nslookup_via_azure_dns, record_show, vault_show};
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
    /// client's network that holds no record for this vault.
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
    if let Some(failed) = case.signal(SignalKind::NameNotResolved).filter(|_| case.answered().next().is_none()) {
        let name = case.vault_name();
        return Outcome::fail(format!("The client could not resolve {host}"))
            .evidence([failed.at.clone()])
            .fix(
                format!("Check the vault name and cloud suffix against the Vault URI, whether the vault was deleted, and whether a private DNS zone linked to this network lacks a record for {name}."),
                vec![nslookup(&host), vault_show(&name), deleted_vaults(&name)],
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
        let title = match case.other_names_note() {
            Some(note) => format!("No lookup of a Key Vault name was pasted: {note}"),
            None => "No name lookup of the vault was pasted".to_string(),
        };
        return Outcome::unknown(title).next(
            "Run this on the machine that fails (Windows or Linux) and paste the whole output.",
            vec![nslookup(&host)],
        );
    }
    let failed = case
        .lookups
        .iter()
        .filter(|l| l.addresses.is_empty() && l.masked.is_empty())
        .find_map(|l| l.failure.as_ref().map(|failure| (l, failure)));
    if let Some((lookup, failure)) = failed {
        let server = lookup.server.as_ref().map(|s| s.value.to_string());
        let via = server.as_deref().map(|s| format!(" (DNS server {s})")).unwrap_or_default();
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
    let addresses = answered.iter().flat_map(|l| l.addresses.iter().map(|a| a.value.to_string()));
    let shown = listing(addresses);
    let shown = if shown.is_empty() { "a masked address".to_string() } else { shown };
    Outcome::pass(format!("{host} resolves to {shown}")).evidence(
        answered.iter().flat_map(|l| l.addresses.iter().map(|a| a.at.clone()).chain(l.masked.iter().cloned())),
    )
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    const PASSING: &str = "C:\\>nslookup contoso.vault.azure.net\nServer:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  contoso.vault.azure.net\n";
    const FAILING: &str = "$ nslookup contoso.vault.azure.net\nServer:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n** server can't find contoso.vault.azure.net: NXDOMAIN\n";

    #[test]
    fn passes_when_an_address_comes_back() {
        let step = step(&[PASSING], "dns-resolves");
        assert_eq!(step.status, Status::Pass);
        assert!(step.title.contains("10.1.2.4"), "{}", step.title);
        assert_eq!(step.evidence[0].quote, "Address:  10.1.2.4");
        assert_eq!(step.evidence[0].lines, vec![7]);
    }

    #[test]
    fn fails_on_nxdomain_quoting_the_line() {
        let step = step(&[FAILING], "dns-resolves");
        assert_eq!(step.status, Status::Fail);
        assert!(step.evidence.iter().any(|e| e.quote.contains("NXDOMAIN")));
        assert!(step.fix.unwrap().commands.iter().any(|c| c.contains("az keyvault show --name contoso")));
    }

    #[test]
    fn fails_on_timeouts_and_asks_when_nothing_was_pasted() {
        let timeout = "nslookup contoso.vault.azure.net\n;; connection timed out; no servers could be reached\n";
        assert_eq!(status(&[timeout], "dns-resolves"), Status::Fail);
        let go = "Get \"https://contoso.vault.azure.net/secrets/db\": dial tcp: lookup contoso.vault.azure.net on 10.0.0.10:53: no such host";
        assert_eq!(status(&[go], "dns-resolves"), Status::Fail);
        assert_eq!(status(&["Status: 403 (Forbidden)\nForbiddenByRbac"], "dns-resolves"), Status::Pass);
        let nothing = step(&[""], "dns-resolves");
        assert_eq!(nothing.status, Status::Unknown);
        assert_eq!(nothing.next.unwrap().commands, vec!["nslookup <vault-name>.vault.azure.net"]);
    }
}
