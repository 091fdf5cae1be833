use super::commands::{app_credentials, app_secret_reset, service_principal_show, tenant_show};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The app registration (service principal) the code signs in as exists in the tenant it
    /// asks, and its secret or certificate is valid: AADSTS700016 (no such app in that
    /// directory), 7000215 (invalid secret: often the secret's id instead of its value), 7000222
    /// (expired secret), 700027 and 7000213 (certificate), 50126 (user name and password),
    /// 90002 and 900023 (no such tenant).
    ///
    /// ## Why it matters
    /// These are refused by the sign-in service before any request reaches the vault. The usual
    /// causes are copy errors: the application id of another registration, a tenant id from
    /// another directory, the "Secret ID" column instead of the "Value" shown once at creation.
    ///
    /// ## Fix
    /// Check `AZURE_CLIENT_ID` and `AZURE_TENANT_ID` (or the pipeline's service connection)
    /// against the app registration's overview; create a new client secret and copy its *Value*;
    /// upload the certificate the code uses.
    pub IDENTITY_APP { id: "identity-app", title: "The app registration exists and its credential is valid", run: run }
}

fn run(case: &Case) -> Outcome {
    let app = case.signal(SignalKind::RequestedClientId).map_or("<client-id>", |s| s.value.as_str()).to_string();
    if let Some(missing) = case.signal(SignalKind::AppNotFound) {
        let tenant = case.signal(SignalKind::RequestedTenant).map(|t| format!(" '{}'", t.value)).unwrap_or_default();
        return Outcome::fail(format!("The application is not registered in the tenant{tenant} the code signs in to"))
            .evidence([missing.at.clone()])
            .fix(
                "Use the application (client) id and the tenant id from the same app registration's overview; a multi-tenant app needs admin consent in this tenant first.",
                vec![service_principal_show(&app), tenant_show()],
            );
    }
    if let Some(wrong) = case.signal(SignalKind::ClientSecretInvalid) {
        return Outcome::fail("The client secret is wrong: often the secret's ID was used instead of its value")
            .evidence([wrong.at.clone()])
            .fix(
                "Create a new client secret and copy its Value (shown once, at creation), not its Secret ID; update AZURE_CLIENT_SECRET or the service connection.",
                vec![app_credentials(&app), app_secret_reset(&app)],
            );
    }
    if let Some(expired) = case.signal(SignalKind::ClientSecretExpired) {
        return Outcome::fail("The client secret has expired").evidence([expired.at.clone()]).fix(
            "Create a new client secret, update every place that uses it, then remove the expired one.",
            vec![app_credentials(&app), app_secret_reset(&app)],
        );
    }
    if let Some(certificate) = case.signal(SignalKind::ClientCertificateInvalid) {
        return Outcome::fail("The client certificate is not one the app registration knows, or its chain is invalid")
            .evidence([certificate.at.clone()])
            .fix("Upload the public part of the certificate the code uses to the app registration (Certificates & secrets), or point the code at the certificate registered there.", vec![app_credentials(&app)]);
    }
    if let Some(password) = case.signal(SignalKind::UserPasswordInvalid) {
        return Outcome::fail("A user name and password were refused")
            .evidence([password.at.clone()])
            .fix("Signing in as a user with a password is fragile (MFA and Conditional Access refuse it): give the workload a managed identity or a service principal instead.", vec![]);
    }
    if let Some(tenant) = case.signal(SignalKind::TenantNotFound) {
        return Outcome::fail("The tenant the code signs in to does not exist in this cloud")
            .evidence([tenant.at.clone()])
            .fix("Set AZURE_TENANT_ID (or --tenant) to the directory's id or its domain (contoso.onmicrosoft.com), and check the cloud the code signs in to.", vec![tenant_show()]);
    }
    Outcome::skip("No app registration sign-in failure in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{status, step};
    use crate::engine::report::Status;

    #[test]
    fn each_sign_in_failure_fails_with_its_cause() {
        let cases = [
            ("AADSTS700016: Application with identifier '11111111-1111-1111-1111-111111111111' was not found in the directory 'Contoso'.", "not registered in the tenant 'Contoso'"),
            ("ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID", "secret's ID was used"),
            ("AADSTS7000222: The provided client secret keys are expired.", "has expired"),
            ("Error: AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found.]", "certificate"),
            ("AADSTS90002: Tenant 'secrets' not found.", "tenant"),
        ];
        for (text, title) in cases {
            let step = step(&[text], "identity-app");
            assert_eq!(step.status, Status::Fail, "{text}");
            assert!(step.title.contains(title), "{text}: {}", step.title);
        }
        assert_eq!(status(&["Status: 429 Too Many Requests"], "identity-app"), Status::Skip);
    }

    #[test]
    fn the_app_id_fills_the_commands() {
        let step = step(&["AADSTS700016: Application with identifier '11111111-1111-1111-1111-111111111111' was not found in the directory 'Contoso'."], "identity-app");
        assert!(step.fix.unwrap().commands[0].contains("11111111-1111-1111-1111-111111111111"));
    }

    /// Every outcome as a user reads it: the catalogue's real line for each text this step
    /// reads, real pastes where the host decides the fix, and a paste with nothing for it.
    #[test]
    fn outcomes_as_read() {
        use crate::engine::checks::testing::{message, shown};
        insta::assert_snapshot!(shown(&[message("app-not-found")], "identity-app"), @r#"
            fail: The application is not registered in the tenant 'Contoso' the code signs in to
              > Error: AADSTS700016: Application with identifier '***' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant. Trace ID: _ Correlation ID:  _ Timestamp: 2025-10-12 11:14:59Z   (paste 1, line 1)
            fix: Use the application (client) id and the tenant id from the same app registration's overview; a multi-tenant app needs admin consent in this tenant first.
              $ az ad sp show --id <client-id> --query "{name:displayName, tenant:appOwnerOrganizationId}"
              $ az account show --query "{tenant:tenantId, user:user.name}"
            "#);
        insta::assert_snapshot!(shown(&[message("app-secret-invalid")], "identity-app"), @r#"
            fail: The client secret is wrong: often the secret's ID was used instead of its value
              > Error : Error: Failed to get existing workspaces: Error retrieving keys for Storage Account "contosotfstate": autorest/Client#Do: Preparing request failed: StatusCode=0 -- Original Error: clientCredentialsToken: [removed] HTTP status 401 with response: {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '11111111-1111-1111-1111-111111111111'.   (paste 1, line 1)
            fix: Create a new client secret and copy its Value (shown once, at creation), not its Secret ID; update AZURE_CLIENT_SECRET or the service connection.
              $ az ad app credential list --id <client-id> -o table
              $ az ad app credential reset --id <client-id> --append --display-name kvdoctor-rotated
            "#);
        insta::assert_snapshot!(shown(&[message("app-secret-expired")], "identity-app"), @r#"
            fail: The client secret has expired
              > Caused by: com.microsoft.aad.msal4j.MsalServiceException: AADSTS7000222: The provided client secret keys are expired. Visit the Azure Portal to create new keys for your app, or consider using certificate credentials for added security: https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials   (paste 1, line 1)
            fix: Create a new client secret, update every place that uses it, then remove the expired one.
              $ az ad app credential list --id <client-id> -o table
              $ az ad app credential reset --id <client-id> --append --display-name kvdoctor-rotated
            "#);
        insta::assert_snapshot!(shown(&[message("app-certificate")], "identity-app"), @r#"
            fail: The client certificate is not one the app registration knows, or its chain is invalid
              > Error: AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', Please visit 'https://developer.microsoft.com/en-us/graph/graph-explorer' and query for 'https://graph.microsoft.com/beta/applications/11111111-1111-1111-1111-111111111111' to see configured keys]   (paste 1, line 1)
            fix: Upload the public part of the certificate the code uses to the app registration (Certificates & secrets), or point the code at the certificate registered there.
              $ az ad app credential list --id <client-id> -o table
            "#);
        insta::assert_snapshot!(shown(&[message("app-user-password")], "identity-app"), @r#"
            fail: A user name and password were refused
              > Get Token request returned http error: 400 and server response: {"error":"invalid_grant","error_description":"AADSTS50126: Error validating credentials due to invalid username or password.   (paste 1, line 1)
            fix: Signing in as a user with a password is fragile (MFA and Conditional Access refuse it): give the workload a managed identity or a service principal instead.
            "#);
        insta::assert_snapshot!(shown(&[message("app-tenant")], "identity-app"), @r#"
            fail: The tenant the code signs in to does not exist in this cloud
              > ValueError: OIDC Discovery endpoint rejects our request. Error: {"error":"invalid_tenant","error_description":"AADSTS90002: Tenant 'secrets' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant. Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: 2025-08-18 15:26:14Z","error_codes":[90002],"timestamp":"2025-08-18 15:26:14Z","trace_id":"00000000-0000-0000-0000-000000000000","correlation_id":"00000000-0000-0000-0000-000000000000","error_uri":"https://login.microsoftonline.com/er   (paste 1, line 1)
            fix: Set AZURE_TENANT_ID (or --tenant) to the directory's id or its domain (contoso.onmicrosoft.com), and check the cloud the code signs in to.
              $ az account show --query "{tenant:tenantId, user:user.name}"
            "#);
        insta::assert_snapshot!(shown(&["Status: 429 Too Many Requests"], "identity-app"), @r#"skip: No app registration sign-in failure in the pastes"#);
    }
}
