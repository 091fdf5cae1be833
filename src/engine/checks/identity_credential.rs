use super::commands::{
    identity_assign, identity_assign_per_host, pod_identity_env, sign_in, tenant_show, DEVELOPER_SIGN_INS,
};
use super::{declare_check, listing, Case, Outcome};
use crate::engine::facts::{Credential, Platform, SignalKind};

declare_check! {
    /// ## What it checks
    /// The code has a credential that can get a token on the host it runs on: a credential chain
    /// (`DefaultAzureCredential`, `ChainedTokenCredential`) that did not run out of credentials,
    /// `EnvironmentCredential` variables that are complete, a developer sign-in (`az login`,
    /// `Connect-AzAccount`, `azd auth login`) where one is needed.
    ///
    /// ## Why it matters
    /// Without a token the request never reaches the vault's checks: the failure is on the
    /// caller's side. A chain tries each credential in turn and fails only when none applies, so
    /// the one line that matters is the credential meant for this host: the managed or workload
    /// identity in Azure, the developer's sign-in on a laptop.
    ///
    /// ## Fix
    /// Give the host the credential meant for it: enable the managed identity of the App Service,
    /// VM or container app (and grant it on the vault); on AKS, label the pod for workload
    /// identity and use its service account; on a developer machine, sign in with `az login`.
    pub IDENTITY_CREDENTIAL { id: "identity-credential", title: "The code has a credential that works on its host", run: run }
}

fn run(case: &Case) -> Outcome {
    let platform = case.platform();
    let tried = case.signals(SignalKind::CredentialTried);
    let names: Vec<Credential> = tried.iter().fold(Vec::new(), |mut names, s| {
        let name = Credential::parse(&s.value);
        if !names.contains(&name) {
            names.push(name);
        }
        names
    });
    // Several credentials each unavailable is a chain that ran out, header or not (Java's
    // exception starts with the first credential's text).
    let chain =
        case.signal(SignalKind::CredentialChainFailed).or_else(|| tried.first().copied().filter(|_| names.len() > 1));
    if let (Some(chain), Some(failed)) = (chain, own_failure(case)) {
        return Outcome::pass("The chain reached the credential meant for this host; that credential failed (see the next identity steps)")
            .evidence([chain.at.clone(), failed.at.clone()]);
    }
    // In a pod whose environment shows no workload identity, the chain found the credential
    // meant for it unavailable: identity-federation says why.
    if let (Some(chain), Some(pod)) = (chain, case.pod_without_workload_identity()) {
        return Outcome::pass("The chain reached the credential meant for this pod (WorkloadIdentityCredential); the pod has no workload identity (see identity-federation)")
            .evidence([chain.at.clone(), pod.at.clone()]);
    }
    if let Some(chain) = chain {
        let (meant, fix, commands) = meant_for(platform.as_ref(), case);
        let tried_text = if names.is_empty() { String::new() } else { format!(" (tried: {})", listing(&names)) };
        return Outcome::fail(format!("No credential of the chain could get a token{tried_text}; {meant}"))
            .evidence([chain.at.clone()])
            .evidence(tried.iter().map(|s| s.at.clone()))
            .evidence(case.signal(SignalKind::Platform).map(|p| p.at.clone()))
            .fix(fix, commands);
    }
    if let Some(sign_in_missing) = case.signal(SignalKind::DeveloperSignInMissing) {
        return Outcome::fail("The developer tool the credential uses is not signed in")
            .evidence([sign_in_missing.at.clone()])
            .fix(
                format!("Sign in with the tool the credential reads ({DEVELOPER_SIGN_INS}), in the vault's tenant."),
                vec![sign_in(tenant(case))],
            );
    }
    if let Some(incomplete) = case.signal(SignalKind::EnvironmentIncomplete) {
        return Outcome::fail("EnvironmentCredential's variables are incomplete")
            .evidence([incomplete.at.clone()])
            .fix(
                "Set AZURE_TENANT_ID, AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH for a service principal, or unset them all so the chain moves on to the managed identity or your sign-in.",
                vec![],
            );
    }
    match case.signal(SignalKind::CallerObjectId) {
        Some(caller) => {
            Outcome::pass("A credential got a token: the vault named the caller").evidence([caller.at.clone()])
        }
        None => Outcome::skip("No credential failure in the pastes"),
    }
}

/// A failure of one credential that a later identity step explains: the chain itself found
/// the credential meant for the host.
fn own_failure<'f>(case: &Case<'f>) -> Option<&'f crate::engine::facts::Signal> {
    // Failures of the credentials a workload uses. A chain on a laptop prints a missing
    // federated token file and, from a cached developer sign-in, MFA demands: those are not it.
    const EXPLAINED: [SignalKind; 12] = [
        SignalKind::ManagedIdentityNotAssigned,
        SignalKind::ManagedIdentityTimeout,
        SignalKind::PodIdentityNotBound,
        SignalKind::FederationIssuer,
        SignalKind::FederationSubject,
        SignalKind::FederationAudience,
        SignalKind::FederationNoMatch,
        SignalKind::AppNotFound,
        SignalKind::ClientSecretInvalid,
        SignalKind::ClientSecretExpired,
        SignalKind::ClientCertificateInvalid,
        SignalKind::TenantNotFound,
    ];
    EXPLAINED.iter().find_map(|kind| case.signal(*kind))
}

/// Which credential should have worked where the code runs, what to do, and the commands.
fn meant_for(platform: Option<&Platform>, case: &Case) -> (String, String, Vec<String>) {
    match platform {
        Some(Platform::Kubernetes) => (
            "in a Kubernetes pod WorkloadIdentityCredential should apply, and workload identity was not injected".into(),
            "Label the pod azure.workload.identity/use: \"true\", run it as a service account annotated with the identity's client id, and check that AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE are set in the container.".into(),
            vec![pod_identity_env(case)],
        ),
        Some(Platform::DeveloperMachine) => (
            "on a developer machine AzureCliCredential should apply: sign in".into(),
            format!("Sign in ({DEVELOPER_SIGN_INS}) in the vault's tenant, then run the code again."),
            vec![sign_in(tenant(case))],
        ),
        Some(Platform::Pipeline) => (
            "in a pipeline the task's sign-in (a service connection or federated credential) should apply".into(),
            "Run the code inside the pipeline's Azure sign-in step (AzureCLI@2 with a service connection, azure/login), so AzureCliCredential finds the session, or use the service connection's workload identity federation.".into(),
            vec![],
        ),
        Some(Platform::CloudShell) => (
            "in Cloud Shell your own sign-in should apply (AzureCliCredential)".into(),
            "Cloud Shell signs you in: check the account and tenant it uses, and sign in again if the session expired, in the vault's tenant.".into(),
            vec![tenant_show(), sign_in(tenant(case))],
        ),
        Some(
            platform @ (Platform::AppService
            | Platform::ContainerApps
            | Platform::MachineLearning
            | Platform::VirtualMachine),
        ) => (
            format!("on {platform} ManagedIdentityCredential should apply, and the host has no managed identity"),
            format!("Enable a managed identity on the {platform} resource (system-assigned, or a user-assigned one with AZURE_CLIENT_ID set to its client id), then grant it on the vault."),
            identity_assign(case, Some(platform)).into_iter().collect(),
        ),
        _ => (
            "where does the code run? In Azure the managed identity should apply; on a developer machine, your sign-in".into(),
            "In Azure, enable the host's managed identity (App Service, container app, VM: one command each below; say where the code runs to see only its own) and grant it on the vault; on AKS, use workload identity; on a developer machine, sign in with the developer tool the chain reads.".into(),
            identity_assign_per_host(case).into_iter().chain([sign_in(tenant(case))]).collect(),
        ),
    }
}

/// The vault's tenant, when a paste shows it.
fn tenant<'a>(case: &'a Case) -> Option<&'a str> {
    case.config.tenant.as_ref().map(|t| t.value.as_str())
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    const PYTHON_CHAIN: &str = "Exception: ClientAuthenticationError: DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\nEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\nManagedIdentityCredential: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.\nAzureCliCredential: Azure CLI not found on path";

    #[test]
    fn an_exhausted_chain_fails_and_lists_what_it_tried() {
        let step = step(&[PYTHON_CHAIN], "identity-credential");
        assert_eq!(step.status, Status::Fail);
        assert!(
            step.title.contains("EnvironmentCredential, ManagedIdentityCredential, AzureCliCredential"),
            "{}",
            step.title
        );
        assert!(step.title.contains("where does the code run"), "{}", step.title);
    }

    #[test]
    fn the_host_decides_which_credential_should_apply() {
        let app_service = format!("{PYTHON_CHAIN}\nat D:\\DWASFiles\\Sites\\CONTOSO-API\\LocalAppData");
        let step = step(&[&app_service], "identity-credential");
        assert!(step.title.contains("on App Service ManagedIdentityCredential should apply"), "{}", step.title);
        assert!(step.fix.unwrap().commands.iter().any(|c| c.starts_with("az webapp identity assign")));
    }

    #[test]
    fn a_missing_sign_in_fails_alone_and_a_named_caller_passes() {
        assert_eq!(
            status(&["CredentialUnavailableError: Please run 'az login' to set up account"], "identity-credential"),
            Status::Fail
        );
        assert_eq!(
            status(&["Status: 403 (Forbidden)\nCaller: appid=1;oid=2;iss=x\nForbiddenByRbac"], "identity-credential"),
            Status::Pass
        );
        assert_eq!(status(&["Status: 429 Too Many Requests"], "identity-credential"), Status::Skip);
    }

    /// Every outcome as a user reads it: the catalogue's real line for each text this step
    /// reads, real pastes where the host decides the fix, and a paste with nothing for it.
    #[test]
    fn outcomes_as_read() {
        use crate::engine::checks::testing::{message, pastes, shown};
        insta::assert_snapshot!(shown(&[message("credential-chain")], "identity-credential"), @r#"
            fail: No credential of the chain could get a token; where does the code run? In Azure the managed identity should apply; on a developer machine, your sign-in
              > Exception: ClientAuthenticationError: DefaultAzureCredential failed to retrieve a token from the included credentials.   (paste 1, line 1)
            fix: In Azure, enable the host's managed identity (App Service, container app, VM: one command each below; say where the code runs to see only its own) and grant it on the vault; on AKS, use workload identity; on a developer machine, sign in with the developer tool the chain reads.
              $ az webapp identity assign --name <app-name> --resource-group <resource-group>
              $ az containerapp identity assign --name <app-name> --resource-group <resource-group> --system-assigned
              $ az vm identity assign --name <vm-name> --resource-group <resource-group>
              $ az login
            "#);
        insta::assert_snapshot!(shown(&[message("credential-environment")], "identity-credential"), @r#"
            fail: EnvironmentCredential's variables are incomplete
              > EnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.   (paste 1, line 1)
            fix: Set AZURE_TENANT_ID, AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH for a service principal, or unset them all so the chain moves on to the managed identity or your sign-in.
            "#);
        insta::assert_snapshot!(shown(&[message("credential-sign-in")], "identity-credential"), @r#"
            fail: The developer tool the credential uses is not signed in
              > An error occurred: CredentialUnavailableError: Please run 'az login' from a command prompt to authenticate before using this credential.   (paste 1, line 1)
            fix: Sign in with the tool the credential reads (az login for AzureCliCredential, Connect-AzAccount for AzurePowerShellCredential, azd auth login for AzureDeveloperCliCredential), in the vault's tenant.
              $ az login
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/credential/net-dac-pipeline-az-login.txt"), "identity-credential"), @r#"
            fail: No credential of the chain could get a token (tried: EnvironmentCredential, WorkloadIdentityCredential, VisualStudioCredential, AzureCliCredential); on a developer machine AzureCliCredential should apply: sign in
              > 2025-06-18T17:30:21.3385275Z Unhandled Exception: System.AggregateException: One or more errors occurred. ---> Azure.Identity.CredentialUnavailableException: DefaultAzureCredential failed to retrieve a token from the included credentials. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/defaultazurecredential/troubleshoot   (paste 1, line 1)
              > 2025-06-18T17:30:21.3385995Z - EnvironmentCredential authentication unavailable. Environment variables are not fully configured. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/environmentcredential/troubleshoot   (paste 1, line 2)
              > 2025-06-18T17:30:21.3386339Z - WorkloadIdentityCredential authentication unavailable. The workload options are not fully configured. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/workloadidentitycredential/troubleshoot   (paste 1, line 3)
              > 2025-06-18T17:30:21.3386667Z - VisualStudioCredential authentication failed: Visual Studio Token provider can't be accessed at C:\Users\cloudtest\AppData\Local\.IdentityService\AzureServiceAuth\tokenprovider.json   (paste 1, line 4)
              > 2025-06-18T17:30:21.3387095Z - AzureCliCredential authentication failed: Please run 'az login' to set up account   (paste 1, line 5)
            fix: Sign in (az login for AzureCliCredential, Connect-AzAccount for AzurePowerShellCredential, azd auth login for AzureDeveloperCliCredential) in the vault's tenant, then run the code again.
              $ az login
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/credential/net-dac-appservice-escaped.txt"), "identity-credential"), @r#"
            fail: No credential of the chain could get a token (tried: EnvironmentCredential, ManagedIdentityCredential); on App Service ManagedIdentityCredential should apply, and the host has no managed identity
              > "Error Message:DefaultAzureCredential failed to retrieve a token from the included credentials.   (paste 1, line 1)
              > - EnvironmentCredential authentication unavailable. Environment variables are not fully configured.   (paste 1, line 1)
              > - ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.   (paste 1, line 1)
              > - Visual Studio Token provider can't be accessed at D:\\DWASFiles\\Sites\\CONTOSO-API\\LocalAppData\\.IdentityService\\AzureServiceAuth\\tokenprovider.json\r\   (paste 1, line 1)
            fix: Enable a managed identity on the App Service resource (system-assigned, or a user-assigned one with AZURE_CLIENT_ID set to its client id), then grant it on the vault.
              $ az webapp identity assign --name CONTOSO-API --resource-group <resource-group>
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/credential/python-dac-azureml-no-identity.txt"), "identity-credential"), @r#"
            fail: No credential of the chain could get a token (tried: EnvironmentCredential, ManagedIdentityCredential); on Azure Machine Learning ManagedIdentityCredential should apply, and the host has no managed identity
              > DefaultAzureCredential failed to retrieve a token from the included credentials.   (paste 1, line 1)
              > EnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.   (paste 1, line 3)
              > ManagedIdentityCredential: No connection adapters were found for 'identity-responder-not-enabled?api-version=2017-09-01&resource=https://vault.azure.net'   (paste 1, line 5)
            fix: Enable a managed identity on the Azure Machine Learning resource (system-assigned, or a user-assigned one with AZURE_CLIENT_ID set to its client id), then grant it on the vault.
              $ az ml compute update --name <compute-name> --resource-group <resource-group> --workspace-name <workspace> --identity-type SystemAssigned
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/credential/net-dac-odd-quoting-appconfig-aks.txt"), "identity-credential"), @r#"
            fail: No credential of the chain could get a token (tried: ManagedIdentityCredential, EnvironmentCredential); where does the code run? In Azure the managed identity should apply; on a developer machine, your sign-in
              > Unhandled exception. Azure.Identity.CredentialUnavailableException: DefaultAzureCredential failed to retrieve a token from the included credentials. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/defaultazurecredential/troubleshoot   (paste 1, line 3)
              > '- ManagedIdentityCredential authentication unavailable. Multiple attempts failed to obtain a token from the managed identity endpoint.   (paste 1, line 1)
              > '- EnvironmentCredential authentication unavailable. Environment variables are not fully configured. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/environmentcredential/troubleshoot   (paste 1, line 2)
            fix: In Azure, enable the host's managed identity (App Service, container app, VM: one command each below; say where the code runs to see only its own) and grant it on the vault; on AKS, use workload identity; on a developer machine, sign in with the developer tool the chain reads.
              $ az webapp identity assign --name <app-name> --resource-group <resource-group>
              $ az containerapp identity assign --name <app-name> --resource-group <resource-group> --system-assigned
              $ az vm identity assign --name <vm-name> --resource-group <resource-group>
              $ az login
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/cases/caller-not-the-role-holder"), "identity-credential"), @r"
        pass: A credential got a token: the vault named the caller
          > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000000/   (paste 1, line 4)
        ");
        insta::assert_snapshot!(shown(&["Status: 429 Too Many Requests"], "identity-credential"), @r#"skip: No credential failure in the pastes"#);
    }
}
