use super::{declare_check, Case, Outcome};
use crate::engine::facts::SignalKind;

declare_check! {
    /// ## What it checks
    /// Requests stay under the vault's limits: no 429 `Throttled` / `VaultRequestTypeLimitReached`.
    /// Limits are per vault, per region, per 10 seconds (for example 4,000 secret reads; 300
    /// secret creations; fewer for RSA 3072/4096 and HSM keys).
    ///
    /// ## Why it matters
    /// Reading a secret on every request, many nodes reading the same secret, or signing
    /// thousands of files exhausts the budget; further requests fail until the window passes.
    ///
    /// ## Fix
    /// Cache secrets in memory and re-read them only when they stop working; retry 429s with
    /// exponential back-off (1, 2, 4, 8, 16 s); spread load across vaults; do public-key
    /// operations locally.
    pub THROTTLING { id: "throttling", title: "Requests stay within the vault's limits", run: run }
}

fn run(case: &Case) -> Outcome {
    match case.signal(SignalKind::Throttled).or_else(|| case.status(429)) {
        Some(t) => Outcome::fail("The vault is throttling the client (429)")
            .evidence([t.at.clone()])
            .fix("Cache secrets instead of reading them per request, back off exponentially on 429 (1, 2, 4, 8, 16 s), and spread heavy key operations over vaults.", vec![]),
        None => Outcome::skip("No throttling in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::shown;

    #[test]
    fn throttled_fails() {
        insta::assert_snapshot!(shown(&[ r#"{"error":{"code":"Throttled","message":"Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached"}}"# ], "throttling"), @r#"
            fail: The vault is throttling the client (429)
              > {"error":{"code":"Throttled","message":"Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached"}}   (paste 1, line 1)
            fix: Cache secrets instead of reading them per request, back off exponentially on 429 (1, 2, 4, 8, 16 s), and spread heavy key operations over vaults.
            "#);
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nForbiddenByRbac"], "throttling"), @r"skip: No throttling in the pastes");
    }
}
