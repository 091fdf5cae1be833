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
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, pastes, shown};

    #[test]
    fn repeated_challenges_fail() {
        let log = "10:01:02 Status: 401 AKV10000: Request is missing a Bearer or PoP token.\n10:01:05 Status: 401 AKV10000: Request is missing a Bearer or PoP token.";
        insta::assert_snapshot!(shown(&[log], "auth-token-present"), @r"
            fail: Requests keep arriving without a token: the client never obtains one, or something strips it
              > 10:01:02 Status: 401 AKV10000: Request is missing a Bearer or PoP token.   (paste 1, line 1)
              > 10:01:05 Status: 401 AKV10000: Request is missing a Bearer or PoP token.   (paste 1, line 2)
            fix: Fix the client's credential (sign-in, managed identity, AZURE_CLIENT_ID), and make any proxy forward the Authorization header.
              $ az account get-access-token --resource https://vault.azure.net
            ");
    }

    #[test]
    fn lone_challenge_warns() {
        insta::assert_snapshot!(shown(&[
                    r#"{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}"#
                ],
                "auth-token-present"), @r#"
                    warn: A request arrived without a token (401 AKV10000): normal for the first call, a fault if it repeats
                      > {"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}   (paste 1, line 1)
                    fix: If every call ends here, the client never obtained a token: check its credential, and that no proxy strips the Authorization header.
                      $ az account get-access-token --resource https://vault.azure.net
                    "#);
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nCaller: appid=1;oid=22;iss=x\nForbiddenByRbac"], "auth-token-present"), @r"
            pass: The request carried a token: the vault names the caller
              > Caller: appid=1;oid=22;iss=x   (paste 1, line 2)
            ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/http-headers-hostile.txt"), "auth-token-present"), @r"
            unknown: The vault answered 401 without saying which part of the token it rejected
              > HTTP/2 401   (paste 1, line 1)
            next: Paste the whole error (its message names the cause: missing token, AKV10022 audience, AKV10032 issuer, expiry), or check the token the client gets.
              $ az account get-access-token --resource https://vault.azure.net
            ");
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "auth-token-present"), @r"skip: No authentication evidence in the pastes");
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // a challenge, then a caller named
        insta::assert_snapshot!(shown(&[message("missing-token").as_str(), message("policy-none").as_str()], "auth-token-present"), @r"
            pass: A 401 challenge was followed by a request with a token (a caller is named)
              > Request is missing a Bearer or PoP token.   (paste 1, line 1)
              > Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=731b021b-d6c0-41f7-b417-9874875730dc;numgroups=2;iss=https://sts.windows.net/a5aa424e-5d6f-47c9-bf70-a1310f4be302/   (paste 2, line 1)
            ");
    }
}
