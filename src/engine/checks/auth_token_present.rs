use super::commands::access_token;
use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The client sends a bearer token. A 401 "Request is missing a Bearer or PoP token"
    /// (AKV10000) on the first request is the normal challenge; a fault only if no retry with a
    /// token follows.
    ///
    /// ## Why it matters
    /// Azure SDKs first call without a token to learn the tenant from the `WWW-Authenticate`
    /// challenge, then retry with one. If the retry never comes — the credential produced no
    /// token, a proxy stripped `Authorization`, hand-written HTTP without the header — every
    /// call ends at 401.
    ///
    /// ## Fix
    /// Look at what follows the 401: a second request with a token means all is well. Otherwise
    /// fix the credential (sign-in, managed identity, `AZURE_CLIENT_ID`), make any proxy forward
    /// `Authorization`, and request tokens for scope `https://vault.azure.net/.default`.
    pub AUTH_TOKEN_PRESENT { id: "auth-token-present", title: "The client sends a token", run: run }
}

fn run(case: &Case) -> Outcome {
    let caller = case.signal(SignalKind::CallerObjectId).or_else(|| case.signal(SignalKind::CallerAppId));
    if let Some(missing) = case.signal(SignalKind::MissingToken) {
        if caller.is_some() {
            return Outcome::pass("A 401 challenge was followed by a request with a token (a caller is named)")
                .evidence([missing.at.clone()])
                .evidence(caller.map(|c| c.at.clone()));
        }
        let repeated: Vec<_> = case.signals(SignalKind::MissingToken).into_iter().map(|s| s.at.clone()).collect();
        // One error print repeats its message (az: the header and `Message:`; .NET: the first
        // line and the `Content:` body), so responses are counted by their status lines: a log
        // with two `Status: 401` lines is two requests, one az error is one.
        let inputs: std::collections::BTreeSet<usize> = repeated.iter().map(|at| at.input).collect();
        let statuses = case
            .signals(SignalKind::HttpStatus)
            .into_iter()
            .filter(|s| s.value == "401" && inputs.contains(&s.at.input))
            .map(|s| (s.at.input, s.at.lines.clone()))
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let distinct = statuses.max(inputs.len());
        if distinct > 1 {
            return Outcome::fail("Requests keep arriving without a token: the client never obtains one, or something strips it")
                .evidence(repeated)
                .fix("Fix the client's credential (sign-in, managed identity, AZURE_CLIENT_ID), and make any proxy forward the Authorization header.", vec![access_token(case)]);
        }
        return Outcome::warn("A request arrived without a token (401 AKV10000): normal for the first call, a fault if it repeats")
            .evidence([missing.at.clone()])
            .fix("If every call ends here, the client never obtained a token: check its credential, and that no proxy strips the Authorization header.", vec![access_token(case)]);
    }
    let explained = case.signal(SignalKind::InnerCode).is_some()
        || [SignalKind::TokenExpired, SignalKind::SigningKey, SignalKind::ChallengeMismatch, SignalKind::FoundAudience]
            .into_iter()
            .any(|k| case.signal(k).is_some());
    if let (None, Some(status), false) = (caller, case.status(401), explained) {
        return Outcome::unknown("The vault answered 401 without saying which part of the token it rejected")
            .evidence([status.at.clone()])
            .next("Paste the whole error (its message names the cause: missing token, AKV10022 audience, AKV10032 issuer, expiry), or check the token the client gets.", vec![access_token(case)]);
    }
    match caller {
        Some(c) => Outcome::pass("The request carried a token: the vault names the caller").evidence([c.at.clone()]),
        None => Outcome::skip("No authentication evidence in the pastes"),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::checks::testing::status;
    use crate::engine::report::Status;

    #[test]
    fn repeated_challenges_fail() {
        let log = "10:01:02 Status: 401 AKV10000: Request is missing a Bearer or PoP token.\n10:01:05 Status: 401 AKV10000: Request is missing a Bearer or PoP token.";
        assert_eq!(status(&[log], "auth-token-present"), Status::Fail);
    }

    #[test]
    fn lone_challenge_warns() {
        assert_eq!(
            status(
                &[
                    r#"{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}"#
                ],
                "auth-token-present"
            ),
            Status::Warn
        );
        assert_eq!(
            status(&["Status: 403 (Forbidden)\nCaller: appid=1;oid=22;iss=x\nForbiddenByRbac"], "auth-token-present"),
            Status::Pass
        );
    }
}
