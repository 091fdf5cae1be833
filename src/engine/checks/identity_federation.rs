use super::commands::{app_federated_credentials, federated_credentials, pod_identity_env, service_account_show};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{FederatedCredential, Located, Platform, Signal, SignalKind};

declare_check! {
    /// ## What it checks
    /// Workload identity federation works: on AKS the pod got workload identity (its service
    /// account's token file and the `AZURE_` variables), and a federated credential on the
    /// identity matches the token presented: its issuer, its subject (case included) and its
    /// audience (AADSTS70021, 700211, 700212, 700213, 7002138).
    ///
    /// ## Why it matters
    /// A federated credential is an exact match on three strings. The cluster's OIDC issuer URL,
    /// `system:serviceaccount:<namespace>:<name>`, or a pipeline's `repo:<org>/<repo>:…` subject
    /// differing by a letter, a branch instead of an environment, or a capital letter is refused.
    ///
    /// ## Fix
    /// Compare the presented value the error quotes with the identity's federated credentials,
    /// and correct the credential (or the service account, namespace or pipeline trigger). On AKS,
    /// label the pod `azure.workload.identity/use: "true"` so the webhook injects the token.
    pub IDENTITY_FEDERATION { id: "identity-federation", title: "The workload's federated credential matches", run: run }
}

fn run(case: &Case) -> Outcome {
    let kubernetes = case.platform() == Some(Platform::Kubernetes);
    let pod = case.pod_environment();
    let bare_pod = case.pod_without_workload_identity();
    // The code tried workload identity (a chain, or the token file it looked for) in a pod that
    // has none; AAD Pod Identity's or a node identity's failure is identity-managed's.
    let tried =
        case.signal(SignalKind::FederatedTokenMissing).or_else(|| case.signal(SignalKind::CredentialChainFailed));
    if let Some(env) = bare_pod.filter(|_| tried.is_some()) {
        let label = env.use_label.as_ref().filter(|l| !l.value);
        let present: Vec<&str> =
            env.present.iter().map(|v| v.value.name()).filter(|n| n.starts_with("AZURE_")).collect();
        let shown = if present.is_empty() { String::new() } else { format!(" (it has {})", present.join(", ")) };
        return Outcome::fail(format!("Workload identity was not injected into the pod: its environment has no AZURE_FEDERATED_TOKEN_FILE and no projected token{shown}"))
            .evidence(case.signal(SignalKind::FederatedTokenMissing).map(|s| s.at.clone()))
            .evidence([env.at.clone()])
            .evidence(env.present.iter().map(|v| v.at.clone()))
            .evidence(label.map(|l| l.at.clone()))
            .fix(
                "Label the pod azure.workload.identity/use: \"true\", run it as a service account annotated azure.workload.identity/client-id (the identity's client id), and restart it so the webhook injects AZURE_FEDERATED_TOKEN_FILE and the token.",
                vec![pod_identity_env(case), service_account_show()],
            );
    }
    if let Some(missing) = case.signal(SignalKind::FederatedTokenMissing) {
        // Every chain tries workload identity and finds no token file off Kubernetes.
        if !kubernetes && case.signal(SignalKind::CredentialChainFailed).is_some() {
            return Outcome::unknown("The chain found no federated token file: on AKS workload identity was not injected; elsewhere none is expected")
                .evidence([missing.at.clone()])
                .next("If the code runs in an AKS pod, paste the pod's AZURE_ variables.", vec![pod_identity_env(case)]);
        }
        return Outcome::fail("Workload identity was not injected: there is no federated token file")
            .evidence([missing.at.clone()])
            .fix(
                "Label the pod azure.workload.identity/use: \"true\", run it as a service account annotated azure.workload.identity/client-id, and restart it so the webhook injects AZURE_FEDERATED_TOKEN_FILE.",
                vec![pod_identity_env(case), service_account_show()],
            );
    }
    let parts = [
        ("issuer", SignalKind::FederationIssuer, SignalKind::PresentedIssuer),
        ("subject", SignalKind::FederationSubject, SignalKind::PresentedSubject),
        ("audience", SignalKind::FederationAudience, SignalKind::PresentedAudience),
    ];
    let commands = || {
        let app = case.signal(SignalKind::RequestedClientId).map_or("<client-id>", |s| s.value.as_str());
        if kubernetes {
            vec![federated_credentials(case), service_account_show()]
        } else {
            vec![federated_credentials(case), app_federated_credentials(app)]
        }
    };
    if let Some(outcome) = compared(case, &commands) {
        return outcome;
    }
    for (part, refused, presented) in parts {
        if let Some(refused) = case.signal(refused) {
            let shown = case.signal(presented);
            let value = shown.map(|s| format!(" '{}'", s.value)).unwrap_or_default();
            let case_only =
                part == "subject" && case.signals(SignalKind::SignInCode).iter().any(|c| c.value == "AADSTS7002138");
            let title = if case_only {
                format!("The presented subject{value} matches a federated credential only when case is ignored")
            } else {
                format!("No federated credential has the presented {part}{value}")
            };
            return Outcome::fail(title).evidence([refused.at.clone()]).evidence(shown.map(|s| s.at.clone())).fix(
                format!("Make the federated credential's {part} exactly the presented one (case included), or change what presents it (the service account, namespace, branch or environment)."),
                commands(),
            );
        }
    }
    if let Some(none) = case.signal(SignalKind::FederationNoMatch) {
        let presented: Vec<&Signal> =
            [SignalKind::PresentedIssuer, SignalKind::PresentedSubject, SignalKind::PresentedAudience]
                .into_iter()
                .filter_map(|kind| case.signal(kind))
                .collect();
        return Outcome::fail("No federated credential matches the presented token")
            .evidence([none.at.clone()])
            .evidence(presented.iter().map(|s| s.at.clone()))
            .fix("Compare the assertion's issuer, subject and audience the error quotes with the identity's federated credentials; each must match exactly.", commands());
    }
    if let Some(long) = case.signal(SignalKind::FederatedTokenTooLong) {
        return Outcome::fail("The external identity provider's token lives longer than Microsoft Entra accepts")
            .evidence([long.at.clone()])
            .fix("Issue the token with a lifetime of at most a day: on Kubernetes, the projected service account token's expirationSeconds (workload identity's webhook sets 3600); elsewhere the provider's token lifetime.", commands());
    }
    if let Some((env, injected)) = pod.and_then(|e| e.workload_identity().map(|w| (e, w))) {
        return Outcome::pass(
            "Workload identity was injected into the pod (AZURE_FEDERATED_TOKEN_FILE and the projected token)",
        )
        .evidence([injected.clone()])
        .evidence(env.token_mount.clone());
    }
    if let Some(env) = bare_pod {
        return Outcome::unknown("The pod has no workload identity injected: does the code sign in with workload identity?")
            .evidence([env.at.clone()])
            .next(
                "If it should, label the pod azure.workload.identity/use: \"true\" with an annotated service account and restart it; paste the error the code prints.",
                vec![pod_identity_env(case), service_account_show()],
            );
    }
    Outcome::skip("No workload identity federation in the pastes")
}

/// One part of a federated credential that differs from what the token presented.
struct Difference<'f> {
    part: &'static str,
    presented: &'f Signal,
    expected: Option<&'f Located<String>>,
    case_only: bool,
}

/// The presented issuer, subject and audience (as the refusal quotes them) against each pasted
/// federated credential: the credential closest to the token names what differs. `None` when
/// no credential or nothing presented was pasted, or one credential matches all (then the
/// token was exchanged for another identity than the one listed).
fn compared(case: &Case, commands: &dyn Fn() -> Vec<String>) -> Option<Outcome> {
    let refused = [
        SignalKind::FederationNoMatch,
        SignalKind::FederationSubject,
        SignalKind::FederationIssuer,
        SignalKind::FederationAudience,
    ]
    .into_iter()
    .find_map(|kind| case.signal(kind))?;
    let issuer = case.signal(SignalKind::PresentedIssuer);
    let subject = case.signal(SignalKind::PresentedSubject);
    let audience = case.signal(SignalKind::PresentedAudience);
    let mut best: Option<(&FederatedCredential, Vec<Difference>)> = None;
    for credential in &case.facts.federated_credentials {
        let mut differences = Vec::new();
        for (part, presented, expected) in
            [("issuer", issuer, credential.issuer.as_ref()), ("subject", subject, credential.subject.as_ref())]
        {
            let Some(presented) = presented else { continue };
            if expected.is_some_and(|e| e.value == presented.value) {
                continue;
            }
            let case_only = expected.is_some_and(|e| e.value.eq_ignore_ascii_case(&presented.value));
            differences.push(Difference { part, presented, expected, case_only });
        }
        if let Some(presented) = audience {
            if !credential.audiences.iter().any(|a| a.value == presented.value) {
                let near = credential.audiences.iter().find(|a| a.value.eq_ignore_ascii_case(&presented.value));
                differences.push(Difference {
                    part: "audience",
                    presented,
                    expected: near.or(credential.audiences.first()),
                    case_only: near.is_some(),
                });
            }
        }
        if best.as_ref().is_none_or(|(_, fewest)| differences.len() < fewest.len()) {
            best = Some((credential, differences));
        }
    }
    let (credential, differences) = best?;
    if differences.is_empty() {
        return None;
    }
    let name = credential.name.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
    let said: Vec<String> = differences
        .iter()
        .map(|d| {
            let expects = d.expected.map_or_else(|| "none".to_string(), |e| format!("'{}'", e.value));
            let only = if d.case_only { " (they differ only in case, and the match is case-sensitive)" } else { "" };
            format!(
                "the token's {} is '{}', the federated credential{name} expects {expects}{only}",
                d.part, d.presented.value
            )
        })
        .collect();
    let parts: Vec<&str> = differences.iter().map(|d| d.part).collect();
    Some(
        Outcome::fail(format!("No federated credential matches the token: {}", said.join("; ")))
            .evidence([refused.at.clone()])
            .evidence(differences.iter().map(|d| d.presented.at.clone()))
            .evidence(differences.iter().filter_map(|d| d.expected.map(|e| e.at.clone())))
            .fix(
                format!(
                    "Make the federated credential's {} exactly what the token presents (case included), or run the workload as the one it names (the service account and namespace, branch or environment).",
                    parts.join(" and ")
                ),
                commands(),
            ),
    )
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    #[test]
    fn a_wrong_subject_is_named() {
        let text = "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:xxx:yyy'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.";
        let step = step(&[text], "identity-federation");
        assert_eq!(step.status, Status::Fail);
        assert!(step.title.contains("subject 'system:serviceaccount:xxx:yyy'"), "{}", step.title);
    }

    #[test]
    fn case_only_and_missing_token_file() {
        let case_only = "Error: AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Contoso/App:environment:Production'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.";
        assert!(step(&[case_only], "identity-federation").title.contains("only when case is ignored"));
        assert_eq!(status(&["WorkloadIdentityCredential: no token file specified. Check pod configuration or set TokenFilePath in the options"], "identity-federation"), Status::Fail);
        assert_eq!(status(&["Status: 429 Too Many Requests"], "identity-federation"), Status::Skip);
    }

    /// Every outcome as a user reads it: the catalogue's real line for each text this step
    /// reads, real pastes where the host decides the fix, and a paste with nothing for it.
    #[test]
    fn outcomes_as_read() {
        use crate::engine::checks::testing::{message, pastes, shown};
        insta::assert_snapshot!(shown(&[message("federation-issuer")], "identity-federation"), @r#"
            fail: No federated credential has the presented issuer 'https://oidc.prod-aks.azure.com/879-...-a6425/'
              > AADSTS700211: WorkloadIdentityCredential: Microsoft Entra ID error '(invalid_client) AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://oidc.prod-aks.azure.com/879-...-a6425/'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation Trace ID: REDACTED Correlation ID: REDACTED Timestamp: 2023-12-08 16:17:27Z'   (paste 1, line 1)
            fix: Make the federated credential's issuer exactly the presented one (case included), or change what presents it (the service account, namespace, branch or environment).
              $ az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group> -o table
              $ az ad app federated-credential list --id <client-id> -o table
            "#);
        insta::assert_snapshot!(shown(&[message("federation-audience")], "identity-federation"), @r#"
            fail: No federated credential has the presented audience 'my.audience'
              > "error_description": "AADSTS700212: No matching federated identity record found for presented assertion audience 'my.audience'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: 2024-04-16 06:58:38Z",   (paste 1, line 1)
            fix: Make the federated credential's audience exactly the presented one (case included), or change what presents it (the service account, namespace, branch or environment).
              $ az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group> -o table
              $ az ad app federated-credential list --id <client-id> -o table
            "#);
        insta::assert_snapshot!(shown(&[message("federation-subject")], "identity-federation"), @r#"
            fail: No federated credential has the presented subject 'system:serviceaccount:xxx:yyy'
              > AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:xxx:yyy'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation Trace ID: xx Correlation ID: xx Timestamp: 2025-04-22 01:01:11Z   (paste 1, line 1)
            fix: Make the federated credential's subject exactly the presented one (case included), or change what presents it (the service account, namespace, branch or environment).
              $ az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group> -o table
              $ kubectl get serviceaccount <service-account> --namespace <namespace> -o yaml
            "#);
        insta::assert_snapshot!(shown(&[message("federation-subject-case")], "identity-federation"), @r#"
            fail: The presented subject 'repo:Contoso/App:environment:Production' matches a federated credential only when case is ignored
              > Error: AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Contoso/App:environment:Production'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.   (paste 1, line 1)
            fix: Make the federated credential's subject exactly the presented one (case included), or change what presents it (the service account, namespace, branch or environment).
              $ az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group> -o table
              $ az ad app federated-credential list --id <client-id> -o table
            "#);
        insta::assert_snapshot!(shown(&[message("federation-any")], "identity-federation"), @r#"
            fail: No federated credential matches the presented token
              > E1027 23:39:22.893319       1 token_credential.go:62] "failed to acquire token" err="FromAssertion(): http call(https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token)(POST) error: reply status code was 400:\n{\"error\":\"invalid_request\",\"error_description\":\"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation\\r\\nTrace ID: 00000000-0000-0000-0000   (paste 1, line 1)
            fix: Compare the assertion's issuer, subject and audience the error quotes with the identity's federated credentials; each must match exactly.
              $ az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group> -o table
              $ kubectl get serviceaccount <service-account> --namespace <namespace> -o yaml
            "#);
        insta::assert_snapshot!(shown(&[message("federation-lifetime")], "identity-federation"), @r#"
            fail: The external identity provider's token lives longer than Microsoft Entra accepts
              > AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00   (paste 1, line 1)
            fix: Issue the token with a lifetime of at most a day: on Kubernetes, the projected service account token's expirationSeconds (workload identity's webhook sets 3600); elsewhere the provider's token lifetime.
              $ az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group> -o table
              $ az ad app federated-credential list --id <client-id> -o table
            "#);
        insta::assert_snapshot!(shown(&[message("federation-token-file")], "identity-federation"), @r#"
            fail: Workload identity was not injected: there is no federated token file
              > Fail to create the target ConfigMap or Secret of AzureAppConfigurationProvider 'xxx' in 'xxx' namespace: no token file specified. Check pod configuration or set TokenFilePath in the options   (paste 1, line 1)
            fix: Label the pod azure.workload.identity/use: "true", run it as a service account annotated azure.workload.identity/client-id, and restart it so the webhook injects AZURE_FEDERATED_TOKEN_FILE.
              $ kubectl describe pod <pod-name> --namespace <namespace>
              $ kubectl get serviceaccount <service-account> --namespace <namespace> -o yaml
            "#);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/credential/js-chained-container-app-job.txt"), "identity-federation"), @r"
        unknown: The chain found no federated token file: on AKS workload identity was not injected; elsewhere none is expected
          > CredentialUnavailableError: WorkloadIdentityCredential: is unavailable. tenantId, clientId, and federatedTokenFilePath are required parameters.   (paste 1, line 3)
        next: If the code runs in an AKS pod, paste the pod's AZURE_ variables.
          $ kubectl describe pod <pod-name> --namespace <namespace>
        ");
        insta::assert_snapshot!(shown(&["Status: 429 Too Many Requests"], "identity-federation"), @r#"skip: No workload identity federation in the pastes"#);
    }

    /// A pasted pod environment: injected (pass), not injected beside a chain that got no
    /// token (fail), not injected and nothing failed (the question that decides).
    #[test]
    fn the_pods_environment_tells_whether_workload_identity_was_injected() {
        use crate::engine::checks::testing::{message, pastes, shown};
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/pod-environment/env-wlipoc-grep-i-azure.txt"), "identity-federation"), @r"
        pass: Workload identity was injected into the pod (AZURE_FEDERATED_TOKEN_FILE and the projected token)
          > AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token   (paste 1, line 4)
        ");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/cases/dac-aks-pod-no-workload-identity"), "identity-federation"), @r#"
        fail: Workload identity was not injected into the pod: its environment has no AZURE_FEDERATED_TOKEN_FILE and no projected token (it has AZURE_CLIENT_ID, AZURE_TENANT_ID)
          > DefaultAzureCredential: failed to acquire a token.\nAttempted credentials:\n\tEnvironmentCredential: incomplete environment variable configuration. Only AZURE_TENANT_ID and AZURE_CLIENT_ID are set\n\tWorkloadIdentityCredential: no token file specified. Check pod configuration or set TokenFilePath in the options\n\tManagedIdentityCredential: managed identity timed out. See https://aka.ms/azsdk/go/identity/troubleshoot#dac for more information\n\tAzureCLICredential: Azure CLI not found on path\n\tAzureDeveloperCLICredential: Azure Developer CLI not found on path   (paste 1, line 1)
          > Environment: (the container's variables)   (paste 2, line 12)
          > AZURE_CLIENT_ID:             4024ab25-56a8-4370-aea6-6389221caf29   (paste 2, line 15)
          > AZURE_TENANT_ID:             b6c948ef-f6b5-4384-8354-da3a15eca969   (paste 2, line 16)
        fix: Label the pod azure.workload.identity/use: "true", run it as a service account annotated azure.workload.identity/client-id (the identity's client id), and restart it so the webhook injects AZURE_FEDERATED_TOKEN_FILE and the token.
          $ kubectl describe pod <pod-name> --namespace <namespace>
          $ kubectl get serviceaccount <service-account> --namespace <namespace> -o yaml
        "#);
        // AAD Pod Identity's failure in a pod without workload identity is not federation's.
        let describe = pastes("tests/fixtures/cases/dac-aks-pod-no-workload-identity/2.txt");
        let nmi = crate::engine::checks::testing::status(
            &[message("pod-identity").as_str(), describe[0].as_str()],
            "identity-federation",
        );
        assert_ne!(nmi, crate::engine::report::Status::Fail);
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/pod-environment/printenv-service-no-azure.txt"), "identity-federation"), @r#"
        unknown: The pod has no workload identity injected: does the code sign in with workload identity?
          > the environment's variables (from line 2)   (paste 1, line 2)
        next: If it should, label the pod azure.workload.identity/use: "true" with an annotated service account and restart it; paste the error the code prints.
          $ kubectl describe pod my-nginx-3800858182-jr4a2 --namespace <namespace>
          $ kubectl get serviceaccount <service-account> --namespace <namespace> -o yaml
        "#);
    }

    /// A pasted federated credential list beside the refusal: the differing part is named,
    /// the token's value and the credential's, a difference of case said as such.
    #[test]
    fn the_credential_list_names_what_differs() {
        use crate::engine::checks::testing::{message, shown};
        let credential = r#"[{"audiences": ["api://AzureADTokenExchange"], "issuer": "https://token.actions.githubusercontent.com", "name": "prod", "subject": "repo:contoso/app:environment:Production", "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"}]"#;
        insta::assert_snapshot!(shown(&[message("federation-subject-case").as_str(), credential], "identity-federation"), @r#"
        fail: No federated credential matches the token: the token's subject is 'repo:Contoso/App:environment:Production', the federated credential prod expects 'repo:contoso/app:environment:Production' (they differ only in case, and the match is case-sensitive)
          > Error: AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Contoso/App:environment:Production'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.   (paste 1, line 1)
          > "subject": "repo:contoso/app:environment:Production" (in [0])   (paste 2, line 1)
        fix: Make the federated credential's subject exactly what the token presents (case included), or run the workload as the one it names (the service account and namespace, branch or environment).
          $ az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group> -o table
          $ az ad app federated-credential list --id <client-id> -o table
        "#);
        // A credential that matches everything presented: the list says nothing of the cause.
        let same = credential.replace("repo:contoso/app", "repo:Contoso/App");
        let step = crate::engine::checks::testing::step(
            &[message("federation-subject-case").as_str(), same.as_str()],
            "identity-federation",
        );
        assert!(step.title.contains("only when case is ignored"), "{}", step.title);
    }
}
