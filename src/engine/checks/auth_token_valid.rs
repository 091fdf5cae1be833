use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// The token is within its validity period and its signing key can be resolved: no
    /// "TokenExpired", "Token not yet valid", or AKV10046.
    ///
    /// ## Why it matters
    /// An expired token means a cached token was reused or the client's clock is off.
    /// AKV10046 "Unable to resolve the key used for signature validation" is usually transient
    /// on the service side and succeeds on retry.
    ///
    /// ## Fix
    /// Let the credential refresh tokens instead of caching raw ones, and sync the clock (NTP).
    /// For AKV10046, retry with back-off; open a support case with the request ids if it
    /// persists.
    pub AUTH_TOKEN_VALID { id: "auth-token-valid", title: "The token is valid", run: run }
}

fn run(case: &Case) -> Outcome {
    if let Some(expired) = case.signal(SignalKind::TokenExpired) {
        return Outcome::fail("The token has expired (or is not yet valid)").evidence([expired.at.clone()]).fix(
            "Let the credential refresh tokens rather than reusing a cached one, and check the client's clock.",
            vec![],
        );
    }
    if let Some(key) = case.signal(SignalKind::SigningKey) {
        return Outcome::warn("The vault could not resolve the token's signing key (AKV10046)")
            .evidence([key.at.clone()])
            .fix(
                "Usually transient: retry with back-off. If it persists, open a support case with the request ids.",
                vec![],
            );
    }
    match case.signal(SignalKind::CallerObjectId) {
        Some(c) => Outcome::pass("The vault accepted the token (it named the caller)").evidence([c.at.clone()]),
        None => Outcome::skip("No token evidence in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{pastes, shown};

    #[test]
    fn an_accepted_token_passes() {
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nCaller: appid=1;oid=2;iss=x\nForbiddenByRbac"], "auth-token-valid"), @r"
            pass: The vault accepted the token (it named the caller)
              > Caller: appid=1;oid=2;iss=x   (paste 1, line 2)
            ");
    }

    #[test]
    fn expired_fails_signing_key_warns() {
        insta::assert_snapshot!(shown(&["Status: 401 (Unauthorized)\n[TokenExpired] Error validating token: 'S2S12086'."],
                "auth-token-valid"), @r"
                    fail: The token has expired (or is not yet valid)
                      > [TokenExpired] Error validating token: '[removed]'.   (paste 1, line 2)
                    fix: Let the credential refresh tokens rather than reusing a cached one, and check the client's clock.
                    ");
        insta::assert_snapshot!(shown(&["Status: 401\nAKV10046: Unable to resolve the key used for signature validation. EncodedJwtHeader: 'eyJ0'"], "auth-token-valid"), @r"
            warn: The vault could not resolve the token's signing key (AKV10046)
              > AKV10046: Unable to resolve the key used for signature validation. EncodedJwtHeader: 'eyJ0'   (paste 1, line 2)
            fix: Usually transient: retry with back-off. If it persists, open a support case with the request ids.
            ");
    }

    /// What a user reads for the outcomes the examples above leave out, on real samples.
    #[test]
    fn more_outcomes_on_real_samples() {
        insta::assert_snapshot!(shown(&pastes("tests/fixtures/inputs/dig-clean.txt"), "auth-token-valid"), @r"skip: No token evidence in the pastes");
    }
}
