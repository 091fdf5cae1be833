use super::commands::bypass_azure_services;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{Bypass, SignalKind};

declare_check! {
    /// ## What it checks
    /// Trusted Azure services (Storage or SQL encryption keys, ARM template deployment, Disk
    /// Encryption, Backup…) get through the firewall only when `bypass` is `AzureServices`.
    ///
    /// ## Why it matters
    /// Many services are *not* trusted, whatever the bypass: App Service and Functions apps,
    /// Azure DevOps hosted agents, AKS workloads, Load Testing. Their requests need an IP or
    /// virtual network rule, or a private endpoint. A trusted service still needs a role or
    /// access policy.
    ///
    /// ## Fix
    /// For a trusted service: Networking > Exception > "Allow trusted Microsoft services to
    /// bypass this firewall". For anything else: add its outbound addresses or subnet, run it
    /// inside the network (self-hosted agent, VNet integration), or use a private endpoint.
    pub NET_TRUSTED_SERVICES { id: "net-trusted-services", title: "Trusted-service bypass is set where it is needed", run: run }
}

fn run(case: &Case) -> Outcome {
    let vault = case.vault_name();
    if let Some(signal) = case.signal(SignalKind::BypassNotSet) {
        return Outcome::fail("The caller was ignored as a trusted service because bypass is not AzureServices")
            .evidence([signal.at.clone()])
            .fix(
                "If the caller is a trusted Microsoft service, turn the exception on.",
                vec![bypass_azure_services(&vault)],
            );
    }
    let bypass = case.config.bypass.as_ref();
    if let Some(signal) =
        case.signal(SignalKind::NotTrustedService).filter(|_| case.code("ForbiddenByFirewall").is_some())
    {
        if let Some(b) = bypass.filter(|b| b.value == Bypass::None) {
            return Outcome::warn("Bypass is None: even trusted Microsoft services are refused")
                .evidence([signal.at.clone(), b.at.clone()])
                .fix("If the caller is a trusted service, allow the bypass; App Service, DevOps agents and AKS are not trusted and need a rule or a private endpoint.", vec![bypass_azure_services(&vault)]);
        }
        return Outcome::skip(
            "The caller is not a trusted Microsoft service; the bypass cannot help it (see the firewall step)",
        );
    }
    match bypass {
        Some(b) => Outcome::pass(format!("Trusted-service bypass is {}", b.value)).evidence([b.at.clone()]),
        None => Outcome::skip("No trusted-service evidence in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, pastes, shown};

    #[test]
    fn bypass_not_set_fails() {
        let error = "Connection is not an approved private link and caller was ignored because bypass is not set to 'AzureServices' and PublicNetworkAccess is set to 'Disabled'.\nForbiddenByConnection";
        insta::assert_snapshot!(shown(&[error], "net-trusted-services"), @r"
            fail: The caller was ignored as a trusted service because bypass is not AzureServices
              > Connection is not an approved private link and caller was ignored because bypass is not set to 'AzureServices' and PublicNetworkAccess is set to 'Disabled'.   (paste 1, line 1)
            fix: If the caller is a trusted Microsoft service, turn the exception on.
              $ az keyvault update --name <vault-name> --bypass AzureServices
            ");
        insta::assert_snapshot!(shown(&[
                    r#"{"name": "contoso", "properties": {"vaultUri": "https://contoso.vault.azure.net/", "networkAcls": {"bypass": "AzureServices", "defaultAction": "Deny"}}}"#
                ],
                "net-trusted-services"), @r#"
            pass: Trusted-service bypass is AzureServices
              > "bypass": "AzureServices" (in properties.networkAcls)   (paste 1, line 1)
            "#);
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/error-clean.txt"), "net-trusted-services"), @r"skip: The caller is not a trusted Microsoft service; the bypass cannot help it (see the firewall step)");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "net-trusted-services"), @r"skip: No trusted-service evidence in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // bypass None and a caller that is no trusted service
        insta::assert_snapshot!(shown(&[message("firewall").as_str(), pastes("tests/fixtures/inputs/az-network-rules-clean.txt")[0].as_str()], "net-trusted-services"), @r#"
            warn: Bypass is None: even trusted Microsoft services are refused
              > Client address is not authorized and caller is not a trusted service. Client address: 52.1.2.3   (paste 1, line 1)
              > "bypass": "None",   (paste 2, line 3)
            fix: If the caller is a trusted service, allow the bypass; App Service, DevOps agents and AKS are not trusted and need a rule or a private endpoint.
              $ az keyvault update --name <vault-name> --bypass AzureServices
            "#);
    }
}
