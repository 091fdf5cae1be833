use super::commands::sign_in;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The tenant's sign-in policies let the sign-in through: Conditional Access (AADSTS53003),
    /// multi-factor authentication (AADSTS50076, 50079, 50078) and managed-device rules
    /// (AADSTS530003).
    ///
    /// ## Why it matters
    /// These refusals come from the tenant's policy, not from the vault: no role or network
    /// rule on the vault changes them. They mostly hit code that signs in as a user (a developer
    /// sign-in reused on a server, a pipeline with a user account).
    ///
    /// ## Fix
    /// A person signs in again interactively (with MFA, on a compliant device). A workload should
    /// not sign in as a user at all: give it a managed identity or a service principal, which
    /// these user policies do not gate (Conditional Access for workload identities aside).
    pub IDENTITY_SIGNIN_POLICY { id: "identity-signin-policy", title: "The tenant's sign-in policies let the sign-in through", run: run }
}

fn run(case: &Case) -> Outcome {
    let tenant = case.config.tenant.as_ref().map(|t| t.value.as_str());
    let refusals = [
        (SignalKind::ConditionalAccess, "A Conditional Access policy blocked the sign-in", "Ask the tenant's administrator which policy applied (Entra ID sign-in logs, by the Trace ID); a workload should use a managed identity or service principal rather than a user."),
        (SignalKind::MfaRequired, "The sign-in needs multi-factor authentication", "Sign in again interactively to satisfy MFA; code that runs unattended should not use a user's sign-in."),
        (SignalKind::DeviceRequired, "The sign-in needs a managed or compliant device", "Sign in from a managed device, or run the code under a managed identity or service principal."),
    ];
    for (kind, title, fix) in refusals {
        if let Some(refused) = case.signal(kind) {
            return Outcome::fail(title).evidence([refused.at.clone()]).fix(fix, vec![sign_in(tenant)]);
        }
    }
    Outcome::skip("No sign-in policy refusal in the pastes")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::status;
    use crate::engine::report::Status;

    #[test]
    fn policy_refusals_fail() {
        for text in [
            "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
            "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'AzureKeyVault'",
            "ERROR: AADSTS530003: Your device is required to be managed to access this resource.",
        ] {
            assert_eq!(status(&[text], "identity-signin-policy"), Status::Fail, "{text}");
        }
        assert_eq!(status(&["Status: 429 Too Many Requests"], "identity-signin-policy"), Status::Skip);
    }

    /// Every outcome as a user reads it: the catalogue's real line for each text this step
    /// reads, real pastes where the host decides the fix, and a paste with nothing for it.
    #[test]
    fn outcomes_as_read() {
        use crate::engine::checks::testing::{message, shown};
        insta::assert_snapshot!(shown(&[message("signin-conditional-access")], "identity-signin-policy"), @r#"
            fail: A Conditional Access policy blocked the sign-in
              > azure.cli.core.azclierror.AuthenticationError: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: 2025-06-24 12:27:08Z   (paste 1, line 1)
            fix: Ask the tenant's administrator which policy applied (Entra ID sign-in logs, by the Trace ID); a workload should use a managed identity or service principal rather than a user.
              $ az login
            "#);
        insta::assert_snapshot!(shown(&[message("signin-mfa")], "identity-signin-policy"), @r#"
            fail: The sign-in needs multi-factor authentication
              > AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'AzureKeyVault'   (paste 1, line 1)
            fix: Sign in again interactively to satisfy MFA; code that runs unattended should not use a user's sign-in.
              $ az login
            "#);
        insta::assert_snapshot!(shown(&[message("signin-device")], "identity-signin-policy"), @r#"
            fail: The sign-in needs a managed or compliant device
              > Error: failed to run phase aad-application: failed to get AAD application: AzureCLICredential: ERROR: AADSTS530003: Your device is required to be managed to access this resource.   (paste 1, line 1)
            fix: Sign in from a managed device, or run the code under a managed identity or service principal.
              $ az login
            "#);
        insta::assert_snapshot!(shown(&["Status: 429 Too Many Requests"], "identity-signin-policy"), @r#"skip: No sign-in policy refusal in the pastes"#);
    }
}
