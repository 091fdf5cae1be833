use super::commands::{
    app_service_references, container_app_secrets, csi_addon_enable, csi_driver_pods, kubernetes_can_i,
    secret_provider_class_show,
};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{Platform, SignalKind};

declare_check! {
    /// ## What it checks
    /// The platform that fetches the secret for the code is set up to: an App Service or
    /// Functions Key Vault reference is well formed and resolves, the AKS Secrets Store CSI
    /// driver and its Azure provider are installed and the SecretProviderClass names its
    /// credential, a Container Apps secret has a vault URL and an identity, an Azure DevOps Key
    /// Vault task has a service connection.
    ///
    /// ## Why it matters
    /// These platforms read the vault on the code's behalf and print a word of their own
    /// (`InvalidSyntax`, `OtherReasons`, `FailedMount`, `ContainerAppSecretInvalid`): the vault
    /// may be fine and never have seen a request. Some words decide the cause; others
    /// (`OtherReasons`, an empty `ErrorCode:`) only say the platform failed, and the one thing
    /// that decides is what the same identity gets when it asks the vault itself.
    ///
    /// ## Fix
    /// Follow the platform's own wording: fix the reference or secret definition, install the
    /// driver add-on, give the SecretProviderClass its identity. When the platform does not say
    /// why, list the references' statuses (App Service) or read the secret from the app's own
    /// console with the same identity: the vault's answer names the cause.
    pub IDENTITY_PLATFORM { id: "identity-platform", title: "The platform that fetches the secret is set up to", run: run }
}

fn run(case: &Case) -> Outcome {
    let platform = case.signal(SignalKind::Platform).map(|p| Platform::parse(&p.value));
    if let Some(missing) = case.signal(SignalKind::CsiDriverMissing) {
        return Outcome::fail("The Secrets Store CSI driver or its Azure provider is not installed on the node")
            .evidence([missing.at.clone()])
            .fix(
                "Enable AKS's Key Vault secrets provider add-on (it installs the driver and the Azure provider on every node, Windows pools included), or install both charts; then restart the pod.",
                vec![csi_driver_pods(), csi_addon_enable()],
            );
    }
    if let Some(missing) = case.signal(SignalKind::CsiCredentialMissing) {
        return Outcome::fail("The SecretProviderClass signs in with a service principal but the pod names no nodePublishSecretRef")
            .evidence([missing.at.clone()])
            .fix(
                "Use a managed or workload identity in the SecretProviderClass (useVMManagedIdentity with userAssignedIdentityID, or clientID with workload identity), or add nodePublishSecretRef naming the Kubernetes secret that holds the service principal's id and secret.",
                vec![secret_provider_class_show()],
            );
    }
    if let Some(denied) = case.signal(SignalKind::KubernetesRbacDenied) {
        return Outcome::fail("Kubernetes refused access to its own secrets: this is the cluster's RBAC, not the vault")
            .evidence([denied.at.clone()])
            .fix(
                "Give the service account a Role and RoleBinding for secrets in that namespace (the CSI driver's secret sync needs create and update; a Dapr Kubernetes secret store needs get). The vault never saw this request.",
                vec![kubernetes_can_i("get")],
            );
    }
    if let Some(invalid) = case.signal(SignalKind::ReferenceSyntaxInvalid) {
        let commands = match platform {
            Some(Platform::ContainerApps) => vec![container_app_secrets()],
            _ => vec![app_service_references(case)],
        };
        return Outcome::fail("The Key Vault reference is malformed: its syntax or its vault URL")
            .evidence([invalid.at.clone()])
            .fix(
                "Write the reference as @Microsoft.KeyVault(VaultName=<vault-name>;SecretName=<name>) or @Microsoft.KeyVault(SecretUri=<the secret's URL>), without quotes or spaces; a Container Apps secret needs keyVaultUrl (the secret's URL) and identity (system, or a user-assigned identity's resource id).",
                commands,
            );
    }
    if let Some(missing) = case.signal(SignalKind::ServiceConnectionMissing) {
        return Outcome::fail("The pipeline's Key Vault task has no Azure service connection")
            .evidence([missing.at.clone()])
            .fix(
                "Set the task's azureSubscription (ConnectedServiceName) to an Azure Resource Manager service connection, and grant that connection's identity Get and List on the vault's secrets.",
                vec![],
            );
    }
    if let Some(unresolved) = case.signal(SignalKind::ReferenceUnresolved) {
        let (question, commands) = match platform {
            Some(Platform::ContainerApps) => (
                "Read the secret from the container app's console with its identity: the vault's answer decides between identity, permission and network",
                vec![container_app_secrets()],
            ),
            Some(Platform::Kubernetes) => (
                "Read the provider's log for the vault's answer (403 and its code, a time-out, a name that does not resolve)",
                vec![csi_driver_pods()],
            ),
            _ => (
                "List the references' statuses and details, and read the secret from the app's console (Kudu) with its identity: the vault's answer decides between identity, permission and network",
                vec![app_service_references(case)],
            ),
        };
        return Outcome::unknown("The platform could not read the secret and does not say why")
            .evidence([unresolved.at.clone()])
            .next(question, commands);
    }
    if let Some(hidden) = case.signal(SignalKind::InnerErrorHidden) {
        return Outcome::unknown("The library wrapped the vault's answer in its own exception and printed only that")
            .evidence([hidden.at.clone()])
            .next(
                "Paste the whole exception with its inner exception (in .NET, exception.ToString() or the InnerException's message): it holds the vault's status and code",
                vec![],
            );
    }
    if let Some(resolved) = case.signal(SignalKind::ReferenceResolved) {
        return Outcome::pass("The platform resolved the Key Vault reference").evidence([resolved.at.clone()]);
    }
    Outcome::skip("No platform wrapper's error in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    #[test]
    fn platform_words_that_decide_fail() {
        for text in [
            "Warning FailedMount 42s (x12 over 8m56s) kubelet, akswin000000 MountVolume.SetUp failed for volume \"secrets-store01-inline\" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name secrets-store.csi.k8s.io not found in the list of registered CSI drivers",
            "Code=\"ContainerAppSecretInvalid\" Message=\"Invalid Request: Container app secret(s) with name(s) 'test-secret' are invalid: value or keyVaultUrl and identity should be provided.\"",
            "error: failed to create auth config, error: failed to get credentials, nodePublishSecretRef secret is not set",
        ] {
            assert_eq!(status(&[text], "identity-platform"), Status::Fail, "{text}");
        }
    }

    #[test]
    fn a_word_that_does_not_decide_asks_and_names_the_platform_command() {
        let step = step(
            &["Status\nOtherReasons\nError details\nKey Vault reference could not be resolved."],
            "identity-platform",
        );
        assert_eq!(step.status, Status::Unknown);
        assert!(step.next.unwrap().commands[0].contains("configreferences"));
        assert_eq!(
            status(&["\"details\": \"Reference has been successfully resolved.\""], "identity-platform"),
            Status::Pass
        );
        assert_eq!(status(&["Status: 429 Too Many Requests"], "identity-platform"), Status::Skip);
    }

    /// Every outcome as a user reads it: the catalogue's real line for each text this step
    /// reads, real pastes where the host decides the fix, and a paste with nothing for it.
    #[test]
    fn outcomes_as_read() {
        use crate::engine::checks::testing::{message, shown};
        insta::assert_snapshot!(shown(&[message("ref-unconfirmed")], "identity-platform"), @r#"
            unknown: The platform could not read the secret and does not say why
              > The portal is not able to confirm the status of your Key Vault reference at this time.   (paste 1, line 1)
            next: List the references' statuses and details, and read the secret from the app's console (Kudu) with its identity: the vault's answer decides between identity, permission and network
              $ az rest --method get --url "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Web/sites/<app-name>/config/configreferences/appsettings?api-version=2022-03-01"
            "#);
        insta::assert_snapshot!(shown(&[message("csi-driver-missing")], "identity-platform"), @r#"
            fail: The Secrets Store CSI driver or its Azure provider is not installed on the node
              > Warning FailedMount 42s (x12 over 8m56s) kubelet, xxxxxxxxxxxx MountVolume.SetUp failed for volume "secrets-store01-inline" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name secrets-store.csi.k8s.io not found in the list of registered CSI drivers   (paste 1, line 1)
            fix: Enable AKS's Key Vault secrets provider add-on (it installs the driver and the Azure provider on every node, Windows pools included), or install both charts; then restart the pod.
              $ kubectl get pods --namespace kube-system -l 'app in (secrets-store-csi-driver,secrets-store-provider-azure)'
              $ az aks enable-addons --addons azure-keyvault-secrets-provider --name <cluster-name> --resource-group <resource-group>
            "#);
        insta::assert_snapshot!(shown(&[message("csi-secret-ref")], "identity-platform"), @r#"
            fail: The SecretProviderClass signs in with a service principal but the pod names no nodePublishSecretRef
              > Warning  FailedMount  49s (x12 over 9m4s)  kubelet            MountVolume.SetUp failed for volume "secrets-store-inline" : rpc error: code = Unknown desc = failed to mount secrets store objects for pod testuai/busybox-secrets-store-inline, err: rpc error: code = Unknown desc = failed to mount objects, error: failed to create auth config, error: failed to get credentials, nodePublishSecretRef secret is not set   (paste 1, line 1)
            fix: Use a managed or workload identity in the SecretProviderClass (useVMManagedIdentity with userAssignedIdentityID, or clientID with workload identity), or add nodePublishSecretRef naming the Kubernetes secret that holds the service principal's id and secret.
              $ kubectl get secretproviderclass <name> --namespace <namespace> -o yaml
            "#);
        insta::assert_snapshot!(shown(&[message("kubernetes-rbac")], "identity-platform"), @r#"
            fail: Kubernetes refused access to its own secrets: this is the cluster's RBAC, not the vault
              > E0610 22:27:02.283100       1 secretproviderclasspodstatus_controller.go:325] "failed to create Kubernetes secret" err="secrets is forbidden: User \"system:serviceaccount:default:secrets-store-csi-driver\" cannot create resource \"secrets\" in API group \"\" in the namespace \"default\"" spc="default/azure-linux" pod="default/busybox-linux-5f479855f7-jvfw4" secret="[removed]" spcps="default/busybox-linux-5f479855f7-jvfw4-default-azure-linux"   (paste 1, line 1)
            fix: Give the service account a Role and RoleBinding for secrets in that namespace (the CSI driver's secret sync needs create and update; a Dapr Kubernetes secret store needs get). The vault never saw this request.
              $ kubectl auth can-i get secrets --as system:serviceaccount:<namespace>:<service-account> --namespace <namespace>
            "#);
        insta::assert_snapshot!(shown(&[message("containerapp-secret-invalid")], "identity-platform"), @r#"
            fail: The Key Vault reference is malformed: its syntax or its vault URL
              > Code="ContainerAppSecretInvalid" Message="Invalid Request: Container app secret(s) with name(s) 'test-secret' are invalid: value or keyVaultUrl and identity should be provided."   (paste 1, line 1)
            fix: Write the reference as @Microsoft.KeyVault(VaultName=<vault-name>;SecretName=<name>) or @Microsoft.KeyVault(SecretUri=<the secret's URL>), without quotes or spaces; a Container Apps secret needs keyVaultUrl (the secret's URL) and identity (system, or a user-assigned identity's resource id).
              $ az containerapp secret list --name <app-name> --resource-group <resource-group> -o table
            "#);
        insta::assert_snapshot!(shown(&[message("containerapp-fetch")], "identity-platform"), @r#"
            unknown: The platform could not read the secret and does not say why
              > ERROR: (InvalidParameterValueInContainerTemplate) The following field(s) are either invalid or missing. Field 'configuration.secrets' is invalid with details: 'Invalid value: "statamickey": Unable to get value using Managed identity system for secret statamickey. Error: unable to fetch secret 'statamickey' using Managed identity 'system'';.   (paste 1, line 1)
            next: Read the secret from the container app's console with its identity: the vault's answer decides between identity, permission and network
              $ az containerapp secret list --name <app-name> --resource-group <resource-group> -o table
            "#);
        insta::assert_snapshot!(shown(&[message("appconfig-reference")], "identity-platform"), @r#"
            unknown: The library wrapped the vault's answer in its own exception and printed only that
              > Microsoft.Extensions.Configuration.AzureAppConfiguration.KeyVaultReferenceException   (paste 1, line 1)
            next: Paste the whole exception with its inner exception (in .NET, exception.ToString() or the InnerException's message): it holds the vault's status and code
            "#);
        insta::assert_snapshot!(shown(&[message("devops-service-connection")], "identity-platform"), @r#"
            fail: The pipeline's Key Vault task has no Azure service connection
              > Error: Input required: ConnectedServiceName   (paste 1, line 1)
            fix: Set the task's azureSubscription (ConnectedServiceName) to an Azure Resource Manager service connection, and grant that connection's identity Get and List on the vault's secrets.
            "#);
        insta::assert_snapshot!(shown(&["\"details\": \"Reference has been successfully resolved.\""], "identity-platform"), @r#"
        pass: The platform resolved the Key Vault reference
          > "details": "Reference has been successfully resolved."   (paste 1, line 1)
        "#);
        insta::assert_snapshot!(shown(&[message("ref-access-denied")], "identity-platform"), @r#"skip: No platform wrapper's error in the pastes"#);
        insta::assert_snapshot!(shown(&["Status: 429 Too Many Requests"], "identity-platform"), @r#"skip: No platform wrapper's error in the pastes"#);
    }
}
