use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;
use crate::engine::net::parse_addr;
use crate::engine::vault::{url_host, HostForm, VaultHost};

declare_check! {
    /// ## What it checks
    /// The client calls `https://<vault>.vault.azure.net/` — not the private endpoint's IP and
    /// not `<vault>.privatelink.vaultcore.azure.net`.
    ///
    /// ## Why it matters
    /// DNS does the redirection to the private endpoint; the URL must stay the vault's own. An
    /// IP or the privatelink name breaks TLS (the certificate is for `*.vault.azure.net`) and
    /// the Azure SDKs' challenge check ("The challenge resource does not match the requested
    /// domain").
    ///
    /// ## Fix
    /// Use the Vault URI from the vault's Overview page unchanged, and let DNS resolve it to the
    /// private endpoint. Do not disable certificate or challenge verification.
    pub HTTP_VAULT_URL { id: "http-vault-url", title: "The client calls the vault's own URL", run: run }
}

fn run(case: &Case) -> Outcome {
    let host = case.host();
    let fix = format!("Call https://{host}/ and let DNS resolve it to the private endpoint.");
    for url in case.signals(SignalKind::RequestUrl) {
        let called = url_host(&url.value).unwrap_or_default();
        if parse_addr(called).is_some() {
            return Outcome::fail(format!("The client calls the address {called} instead of {host}"))
                .evidence([url.at.clone()])
                .fix(fix, vec![]);
        }
        if VaultHost::parse(called).is_some_and(|h| h.form == HostForm::PrivateLink) {
            return Outcome::fail(format!("The client calls {called}: use {host}"))
                .evidence([url.at.clone()])
                .fix(fix, vec![]);
        }
    }
    for (kind, what) in [
        (SignalKind::ChallengeMismatch, "The SDK's challenge check failed: the URL's host is not the vault's"),
        (SignalKind::TlsNameMismatch, "The certificate does not match the host the client called"),
    ] {
        if let Some(signal) = case.signal(kind) {
            return Outcome::fail(what).evidence([signal.at.clone()]).fix(fix, vec![]);
        }
    }
    match case.signals(SignalKind::RequestUrl).first() {
        Some(url) => Outcome::pass(format!("The client calls {}", url.value)).evidence([url.at.clone()]),
        None => Outcome::skip("No request URL in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    #[test]
    fn ip_and_privatelink_urls_fail() {
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nGET https://10.1.2.4/secrets/db?api-version=7.4"], "http-vault-url"), @r"
            fail: The client calls the address 10.1.2.4 instead of <vault-name>.vault.azure.net
              > GET https://10.1.2.4/secrets/db?api-version=7.4   (paste 1, line 2)
            fix: Call https://<vault-name>.vault.azure.net/ and let DNS resolve it to the private endpoint.
            ");
        insta::assert_snapshot!(shown(&["Status: 401 (Unauthorized)\nhttps://contoso.privatelink.vaultcore.azure.net/secrets/db"],
                "http-vault-url"), @r"
                    fail: The client calls contoso.privatelink.vaultcore.azure.net: use contoso.vault.azure.net
                      > https://contoso.privatelink.vaultcore.azure.net/secrets/db   (paste 1, line 2)
                    fix: Call https://contoso.vault.azure.net/ and let DNS resolve it to the private endpoint.
                    ");
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nGET https://contoso.vault.azure.net/secrets/db?api-version=7.4"],
                "http-vault-url"), @r"
                    pass: The client calls https://contoso.vault.azure.net/secrets/db?api-version=7.4
                      > GET https://contoso.vault.azure.net/secrets/db?api-version=7.4   (paste 1, line 2)
                    ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "http-vault-url"), @r"skip: No request URL in the pastes");
    }
}
