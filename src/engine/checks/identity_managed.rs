use super::case::reference_status;
use super::commands::{
    app_service_reference_identity, app_service_references, identity_assign, identity_assign_per_host, identity_show,
    pod_identity_bindings,
};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{Platform, SignalKind};

declare_check! {
    /// ## What it checks
    /// The managed identity the code asks for exists on its host and answers: the host has one
    /// enabled (an endpoint: IMDS on a VM, `IDENTITY_ENDPOINT` on App Service), the user-assigned
    /// identity asked for is assigned to it, and the endpoint gave a token in time. On AKS with
    /// the older AAD Pod Identity, the NMI had an identity for the pod.
    ///
    /// ## Why it matters
    /// "No managed identity endpoint" means the host has no identity (or the code is not running
    /// in Azure at all); "Identity not found" means the client id the code names is not assigned
    /// to this host: often another identity's id, or the object id where the client id belongs.
    ///
    /// ## Fix
    /// Enable the identity on the resource that runs the code (system-assigned, or assign the
    /// user-assigned one), and give the code that identity's *client* id (`AZURE_CLIENT_ID`,
    /// `ManagedIdentityClientId`). AAD Pod Identity is deprecated: move to workload identity.
    pub IDENTITY_MANAGED { id: "identity-managed", title: "The managed identity is on the host and answers", run: run }
}

fn run(case: &Case) -> Outcome {
    let platform = case.platform();
    let platform = platform.as_ref();
    let on = platform.map_or_else(|| "this host".to_string(), |p| p.to_string());
    if let Some(missing) = case.signal(SignalKind::ReferenceIdentityMissing) {
        return Outcome::fail("The Key Vault reference found no managed identity to use (MSINotEnabled)")
            .evidence([missing.at.clone()])
            .fix(
                "Enable the app's system-assigned identity and grant it on the vault; if the app has only a user-assigned identity, set keyVaultReferenceIdentity to its resource id. Then refresh the references (they are re-read on restart or every 24 hours).",
                identity_assign(case, Some(&Platform::AppService))
                    .into_iter()
                    .chain([app_service_reference_identity(case), app_service_references(case)])
                    .collect(),
            );
    }
    // MSINotEnabled copied before a later status of the same panel: the identity was enabled
    // between the two copies, and the later status is what fails now.
    let history = case.reference_history();
    if let Some((old, now)) = history.iter().find(|(old, _)| old.kind == SignalKind::ReferenceIdentityMissing) {
        if case.no_token().is_none() {
            return Outcome::pass(format!(
                "The app's identity was enabled after the {} copy: the later status, {}, is the current one",
                reference_status(old),
                reference_status(now)
            ))
            .evidence([old.at.clone(), now.at.clone()]);
        }
    }
    if let Some(ambiguous) = case.signal(SignalKind::ManagedIdentityAmbiguous) {
        let host = platform.map_or_else(|| "The host".to_string(), |p| p.to_string());
        return Outcome::fail(format!("{host} has several user-assigned identities and the code named none"))
            .evidence([ambiguous.at.clone()])
            .fix(
                "Give the code the client id of the identity to use (AZURE_CLIENT_ID, ManagedIdentityCredential's client id, the SecretProviderClass's userAssignedIdentityID).",
                vec![identity_show(case, platform)],
            );
    }
    if let Some(empty) = case.signal(SignalKind::ManagedIdentityClientIdEmpty) {
        return Outcome::fail("The code asked for a user-assigned managed identity by a client id that is empty")
            .evidence([empty.at.clone()])
            .fix(
                "Set the setting the code reads the client id from (AZURE_CLIENT_ID, ManagedIdentityClientId, an app setting) to the user-assigned identity's client id, or leave the client id out to use the system-assigned identity.",
                vec![identity_show(case, platform)],
            );
    }
    if let Some(missing) = case.signal(SignalKind::ManagedIdentityNotAssigned) {
        return Outcome::fail(format!("The managed identity the code asks for is not assigned to {on}"))
            .evidence([missing.at.clone()])
            .fix(
                "Assign the user-assigned identity to the resource, or give the code the client id of one that is assigned (its client id, not its object or principal id).",
                vec![identity_show(case, platform)],
            );
    }
    // A chain in a pod without workload identity falls through to the node's identity
    // endpoint: that is not what a pod should use (identity-federation says what is missing).
    if let (Some(_), Some(_)) = (case.signal(SignalKind::CredentialChainFailed), case.pod_without_workload_identity()) {
        return Outcome::skip(
            "In an AKS pod workload identity applies, not the node's managed identity (see identity-federation)",
        );
    }
    if let Some(pod) = case.signal(SignalKind::PodIdentityNotBound) {
        return Outcome::fail("AAD Pod Identity gave the pod no token: no identity is bound to it, or its NMI is not running")
            .evidence([pod.at.clone()])
            .fix(
                "Check the pod's aadpodidbinding label against the AzureIdentityBinding, and the NMI pods. AAD Pod Identity is deprecated: move the workload to workload identity.",
                vec![pod_identity_bindings()],
            );
    }
    if let Some(slow) = case.signal(SignalKind::ManagedIdentityTimeout) {
        return Outcome::fail("The managed identity endpoint did not give a token: it timed out or a gateway between failed")
            .evidence([slow.at.clone()])
            .fix("A proxy or a busy host is in the way of the identity endpoint: exclude 169.254.169.254 (and the App Service identity endpoint) from the proxy (NO_PROXY), and retry with a longer time-out.", vec![]);
    }
    if let Some(none) = case.signal(SignalKind::ManagedIdentityUnavailable) {
        let title = match platform {
            Some(Platform::DeveloperMachine | Platform::Pipeline | Platform::CloudShell) => {
                return Outcome::skip(format!("No managed identity on {on}: none is expected there"));
            }
            Some(p) => format!("No managed identity answered on {p}: it has none enabled"),
            None => "No managed identity endpoint answered: the host has no identity enabled, or the code does not run in Azure".to_string(),
        };
        let (fix, commands) = match identity_assign(case, platform) {
            Some(command) => ("Enable a managed identity on the resource that runs the code and grant it on the vault. If the code runs outside Azure (a laptop, an on-premises server), a managed identity cannot apply: sign in or use a service principal.", vec![command]),
            None => ("Enable a managed identity on the resource that runs the code (the command for App Service, a container app or a VM below; say where the code runs to see only its own) and grant it on the vault. If the code runs outside Azure (a laptop, an on-premises server), a managed identity cannot apply: sign in or use a service principal.", identity_assign_per_host(case)),
        };
        return Outcome::fail(title).evidence([none.at.clone()]).fix(fix, commands);
    }
    Outcome::skip("No managed identity evidence in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    #[test]
    fn no_endpoint_fails_and_names_the_platform_when_known() {
        let text = "CredentialUnavailableException: ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.";
        assert_eq!(status(&[text], "identity-managed"), Status::Fail);
        let app = format!("{text}\nD:\\DWASFiles\\Sites\\CONTOSO\\LocalAppData");
        assert!(step(&[&app], "identity-managed").title.contains("on App Service"));
    }

    #[test]
    fn an_unassigned_identity_fails() {
        let text = "ManagedIdentityCredential authentication unavailable. The requested identity has not been assigned to this resource.\nStatus: 400 (Bad Request)\n{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}";
        assert_eq!(status(&[text], "identity-managed"), Status::Fail);
    }

    #[test]
    fn pod_identity_and_nothing() {
        let nmi = "failed to get key vault token: nmi response failed with status code: 404, err: <nil>";
        assert_eq!(status(&[nmi], "identity-managed"), Status::Fail);
        assert_eq!(status(&["Status: 429 Too Many Requests"], "identity-managed"), Status::Skip);
    }

    /// Every outcome as a user reads it: the catalogue's real line for each text this step
    /// reads, real pastes where the host decides the fix, and a paste with nothing for it.
    #[test]
    fn outcomes_as_read() {
        use crate::engine::checks::testing::{message, shown};
        insta::assert_snapshot!(shown(&[message("mi-no-endpoint")], "identity-managed"), @r#"
            fail: No managed identity endpoint answered: the host has no identity enabled, or the code does not run in Azure
              > CredentialUnavailableException: ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.   (paste 1, line 1)
            fix: Enable a managed identity on the resource that runs the code (the command for App Service, a container app or a VM below; say where the code runs to see only its own) and grant it on the vault. If the code runs outside Azure (a laptop, an on-premises server), a managed identity cannot apply: sign in or use a service principal.
              $ az webapp identity assign --name <app-name> --resource-group <resource-group>
              $ az containerapp identity assign --name <app-name> --resource-group <resource-group> --system-assigned
              $ az vm identity assign --name <vm-name> --resource-group <resource-group>
            "#);
        insta::assert_snapshot!(shown(&[message("mi-env-missing")], "identity-managed"), @r#"
            fail: No managed identity endpoint answered: the host has no identity enabled, or the code does not run in Azure
              > [2026-01-21T14:11:40.144Z] azure:identity:info ManagedIdentityCredential => MSAL Node V2 info message: [Wed, 21 Jan 2026 14:11:40 GMT] : [] : @azure/msal-node@3.8.4 : Info - [Managed Identity] AppService managed identity is unavailable because one or both of the 'IDENTITY_HEADER' and 'IDENTITY_ENDPOINT' environment variables are not defined.   (paste 1, line 1)
            fix: Enable a managed identity on the resource that runs the code (the command for App Service, a container app or a VM below; say where the code runs to see only its own) and grant it on the vault. If the code runs outside Azure (a laptop, an on-premises server), a managed identity cannot apply: sign in or use a service principal.
              $ az webapp identity assign --name <app-name> --resource-group <resource-group>
              $ az containerapp identity assign --name <app-name> --resource-group <resource-group> --system-assigned
              $ az vm identity assign --name <vm-name> --resource-group <resource-group>
            "#);
        insta::assert_snapshot!(shown(&[message("mi-slow")], "identity-managed"), @r#"
            fail: The managed identity endpoint did not give a token: it timed out or a gateway between failed
              > ManagedIdentityCredential authentication failed: Response from Managed Identity was successful, but the operation timed out prior to completion. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/managedidentitycredential/troubleshoot at Azure.Identity.CredentialDiagnosticScope.FailWrapAndThrow(Exception ex, String additionalMessage, Boolean isCredentialUnavailable) at Azure.Identity.ManagedIdentityCredential.<GetTokenImplAsync>d__16.MoveNext()   (paste 1, line 1)
            fix: A proxy or a busy host is in the way of the identity endpoint: exclude 169.254.169.254 (and the App Service identity endpoint) from the proxy (NO_PROXY), and retry with a longer time-out.
            "#);
        insta::assert_snapshot!(shown(&[message("mi-not-assigned")], "identity-managed"), @r#"
            fail: The managed identity the code asks for is not assigned to this host
              > ManagedIdentityCredential authentication unavailable. The requested identity has not been assigned to this resource. Error: Unexpected response "{'error': 'invalid_request', 'error_description': 'Iden   (paste 1, line 1)
            fix: Assign the user-assigned identity to the resource, or give the code the client id of one that is assigned (its client id, not its object or principal id).
              $ az resource show --ids <resource-id-of-the-host> --query identity
            "#);
        insta::assert_snapshot!(shown(&[message("pod-identity")], "identity-managed"), @r#"
            fail: AAD Pod Identity gave the pod no token: no identity is bound to it, or its NMI is not running
              > Warning FailedMount 47s (x11 over 6m59s) kubelet MountVolume.SetUp failed for volume "secrets-store-inline" : kubernetes.io/csi: mounter.SetupAt failed: rpc error: code = Unknown desc = failed to mount secrets store objects for pod xyzapp/xyz-866666cf97-xxxxx, err: rpc error: code = Unknown desc = failed to mount objects, error: failed to get keyvault client: failed to get key vault token: Get "http://localhost:2579/host/token/?resource=https://vault.azure.net": dial tcp 127.0.0.1:2579: connect: connection refused   (paste 1, line 1)
            fix: Check the pod's aadpodidbinding label against the AzureIdentityBinding, and the NMI pods. AAD Pod Identity is deprecated: move the workload to workload identity.
              $ kubectl get azureidentity,azureidentitybinding --all-namespaces
            "#);
        insta::assert_snapshot!(shown(&[message("ref-msi-not-enabled")], "identity-managed"), @r#"
            fail: The Key Vault reference found no managed identity to use (MSINotEnabled)
              > MSINotEnabled   (paste 1, line 1)
            fix: Enable the app's system-assigned identity and grant it on the vault; if the app has only a user-assigned identity, set keyVaultReferenceIdentity to its resource id. Then refresh the references (they are re-read on restart or every 24 hours).
              $ az webapp identity assign --name <app-name> --resource-group <resource-group>
              $ az webapp update --name <app-name> --resource-group <resource-group> --set keyVaultReferenceIdentity=<user-assigned-identity-resource-id>
              $ az rest --method get --url "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Web/sites/<app-name>/config/configreferences/appsettings?api-version=2022-03-01"
            "#);
        insta::assert_snapshot!(shown(&[message("csi-management-token")], "identity-managed"), @r#"
            fail: AAD Pod Identity gave the pod no token: no identity is bound to it, or its NMI is not running
              > MountVolume.SetUp failed for volume "secrets-store-inline" : kubernetes.io/csi: mounter.SetupAt failed: rpc error: code = Unknown desc = error mounting secret time="2020-03-23T23:33:37Z" level=fatal msg="[error] : failed to get vault: failed to get management token: nmi response failed with status code: 403"   (paste 1, line 1)
            fix: Check the pod's aadpodidbinding label against the AzureIdentityBinding, and the NMI pods. AAD Pod Identity is deprecated: move the workload to workload identity.
              $ kubectl get azureidentity,azureidentitybinding --all-namespaces
            "#);
        insta::assert_snapshot!(shown(&[message("mi-no-client-id")], "identity-managed"), @r#"
            fail: The code asked for a user-assigned managed identity by a client id that is empty
              > Result: Failure Exception: Azure.Identity.AuthenticationFailedException: ManagedIdentityCredential authentication failed: No ClientId was specified. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/managedidentitycredential/troubleshoot ---> MSAL.NetCore.4.46.0.0.MsalClientException: ErrorCode: no_client_id Microsoft.Identity.Client.MsalClientException: No ClientId was specified. at Microsoft.Identity.Client.AbstractApplicationBuilder`1.Validate()   (paste 1, line 1)
            fix: Set the setting the code reads the client id from (AZURE_CLIENT_ID, ManagedIdentityClientId, an app setting) to the user-assigned identity's client id, or leave the client id out to use the system-assigned identity.
              $ az webapp identity show --name <app-name> --resource-group <resource-group>
            "#);
        insta::assert_snapshot!(shown(&[message("mi-ambiguous")], "identity-managed"), @r#"
            fail: The host has several user-assigned identities and the code named none
              > Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request   (paste 1, line 1)
            fix: Give the code the client id of the identity to use (AZURE_CLIENT_ID, ManagedIdentityCredential's client id, the SecretProviderClass's userAssignedIdentityID).
              $ az resource show --ids <resource-id-of-the-host> --query identity
            "#);
        insta::assert_snapshot!(shown(&[message("dapr-identity")], "identity-managed"), @r#"
            fail: The managed identity the code asks for is not assigned to this host
              > No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.   (paste 1, line 1)
            fix: Assign the user-assigned identity to the resource, or give the code the client id of one that is assigned (its client id, not its object or principal id).
              $ az resource show --ids <resource-id-of-the-host> --query identity
            "#);
        insta::assert_snapshot!(shown(&["Status: 429 Too Many Requests"], "identity-managed"), @r#"skip: No managed identity evidence in the pastes"#);
    }

    /// The portal panel copied before and after the identity was enabled: MSINotEnabled is
    /// history, the later status is the current one.
    #[test]
    fn an_earlier_msinotenabled_is_history() {
        use crate::engine::checks::testing::{pastes, shown};
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/caller/app-service/portal-msinotenabled-then-accessdenied.txt"), "identity-managed"), @r"
        pass: The app's identity was enabled after the MSINotEnabled copy: the later status, AccessToKeyVaultDenied, is the current one
          > MSINotEnabled   (paste 1, line 8)
          > AccessToKeyVaultDenied   (paste 1, line 21)
        ");
    }
}
