//! Evidence has weight: the vault's own answer outranks inference from lookups and settings.
//!
//! A support engineer reads a `403 ForbiddenByRbac` as proof that the request resolved, connected,
//! finished TLS and passed the vault's network gate: whatever another resolver or machine saw,
//! DNS and the network are not why *this* request failed. The steps still say what those other
//! viewpoints saw (as a warning), but they cannot be the primary cause.

use crate::engine::facts::{Evidence, SignalKind};
use crate::engine::report::{Status, Step};

use super::Case;

/// Inner codes only the vault's network gate gives: the request reached the vault's front end
/// but not past the gate, so the network steps may still be the cause.
const GATE_CODES: &[&str] = &["ForbiddenByFirewall", "ForbiddenByConnection"];

/// Signals that are a network-gate refusal from the vault.
const GATE_SIGNALS: &[SignalKind] = &[
    SignalKind::TcpConnectionDenied,
    SignalKind::PublicAccessDisabled,
    SignalKind::Perimeter,
    SignalKind::BypassNotSet,
];

/// How far a request demonstrably got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reached {
    /// The vault's front end answered (its headers, a network-gate refusal): name resolution,
    /// TCP and TLS worked for that client.
    FrontEnd(Evidence, String),
    /// The vault answered past its network gate (authentication, authorization, object,
    /// throttling, 2xx): the whole network path and the gate let the request in.
    PastGate(Evidence, String),
}

impl Reached {
    pub fn evidence(&self) -> &Evidence {
        match self {
            Reached::FrontEnd(at, _) | Reached::PastGate(at, _) => at,
        }
    }

    pub fn what(&self) -> &str {
        match self {
            Reached::FrontEnd(_, what) | Reached::PastGate(_, what) => what,
        }
    }
}

/// Inner codes of authentication: the vault checks the token before its network gate (its
/// firewall refusals name the caller), so these prove the front end answered, no more.
fn is_auth_code(code: &str) -> bool {
    code.get(..AKV.len()).is_some_and(|p| p.eq_ignore_ascii_case(AKV))
        || AUTH_CODES.iter().any(|c| c.eq_ignore_ascii_case(code))
}

/// Key Vault's authentication codes (`AKV10032`…) and the others a token problem gives.
const AKV: &str = "AKV";
const AUTH_CODES: &[&str] = &["TokenExpired", "Unauthorized"];

/// The strongest answer the vault itself gave in the pastes.
pub fn reached(case: &Case) -> Option<Reached> {
    let gate_refused = gate_refusal(case);
    let codes = case.signals(SignalKind::InnerCode);
    let past_code =
        codes.iter().find(|s| !GATE_CODES.iter().any(|g| g.eq_ignore_ascii_case(&s.value)) && !is_auth_code(&s.value));
    let ok_status = case
        .signals(SignalKind::HttpStatus)
        .into_iter()
        .find(|s| s.value.parse::<u16>().is_ok_and(|code| (200..300).contains(&code)));
    if gate_refused.is_none() {
        if let Some(s) = past_code {
            return Some(Reached::PastGate(s.at.clone(), format!("the vault answered {}", s.value)));
        }
        if let Some(s) = ok_status {
            return Some(Reached::PastGate(s.at.clone(), format!("the vault answered HTTP {}", s.value)));
        }
    }
    if let Some(s) = gate_refused {
        return Some(Reached::FrontEnd(s.at.clone(), format!("the vault's network gate answered ({})", s.value)));
    }
    if let Some(s) = codes.iter().find(|s| is_auth_code(&s.value)) {
        return Some(Reached::FrontEnd(s.at.clone(), format!("the vault answered {}", s.value)));
    }
    [SignalKind::NetworkConnType, SignalKind::ServiceRegion, SignalKind::NetworkAddress]
        .into_iter()
        .find_map(|k| case.signal(k))
        .map(|s| Reached::FrontEnd(s.at.clone(), "the vault's own x-ms-keyvault-* headers came back".to_string()))
}

/// A refusal by the vault's network gate, if the pastes hold one.
fn gate_refusal<'f>(case: &Case<'f>) -> Option<&'f crate::engine::facts::Signal> {
    GATE_CODES.iter().find_map(|c| case.code(c)).or_else(|| GATE_SIGNALS.iter().find_map(|k| case.signal(*k)))
}

/// Whether `id` is a step the answer `reached` proves healthy for the client that got it.
fn set_aside_by(reached: &Reached, id: &str) -> bool {
    match reached {
        Reached::FrontEnd(..) => matches!(id, "dns-resolves" | "net-reachable"),
        Reached::PastGate(..) => id.starts_with("dns-") || id.starts_with("net-"),
    }
}

/// Turns every `fail` the vault's answer disproves into a `warn` that says so; returns the
/// steps set aside (demoted, or warnings about other viewpoints), for the verdict's sentence.
pub fn weigh(case: &Case, steps: &mut [Step]) -> Option<(Reached, Vec<String>)> {
    let reached = reached(case)?;
    let mut set_aside = Vec::new();
    for step in steps.iter_mut().filter(|s| set_aside_by(&reached, &s.id)) {
        match step.status {
            Status::Fail => {
                step.status = Status::Warn;
                step.title = format!(
                    "{} — not the cause of this failure: {}, so this request got past this step",
                    step.title,
                    reached.what()
                );
            }
            Status::Warn if step.id != "net-exposure" => {}
            _ => continue,
        }
        set_aside.push(step.id.to_string());
    }
    (!set_aside.is_empty()).then_some((reached, set_aside))
}

/// The verdict's sentence naming the decisive evidence and why the rest was set aside.
pub fn sentence(reached: &Reached, set_aside: &[String]) -> String {
    let at = reached.evidence();
    let line = at.lines.first().map(|l| format!(", line {l}")).unwrap_or_default();
    format!(
        "Decisive evidence: {} (paste {}{line}: \"{}\"); {} {} not change that, because a request the vault answers has already resolved and connected: {} other viewpoints, not this request's path.",
        reached.what(),
        at.input,
        at.quote,
        set_aside.join(", "),
        if set_aside.len() == 1 { "does" } else { "do" },
        if set_aside.len() == 1 { "it describes" } else { "they describe" },
    )
}

#[cfg(test)]
mod tests {
    use crate::engine::diagnose_texts;
    use crate::engine::report::Status;

    const NXDOMAIN: &str = "$ nslookup contoso.vault.azure.net\nServer:\t\t10.0.0.10\nAddress:\t10.0.0.10#53\n\n** server can't find contoso.vault.azure.net: NXDOMAIN\n";
    const RBAC: &str = "Status: 403 (Forbidden)\nErrorCode: Forbidden\nCaller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=1;oid=2;iss=https://sts.windows.net/t/\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/contoso/secrets/db'\r\nAssignment: (not found)\r\nVault: contoso;location=eastus\nInner error: ForbiddenByRbac";

    #[test]
    fn the_vaults_answer_outranks_another_resolvers_nxdomain() {
        let report = diagnose_texts(&[NXDOMAIN, RBAC]);
        assert_eq!(report.verdict.primary.as_deref(), Some("authz-rbac"), "{}", report.verdict.summary);
        let dns = report.step("dns-resolves").unwrap();
        assert_eq!(dns.status, Status::Warn, "{}", dns.title);
        assert!(report.verdict.summary.contains("Decisive evidence"), "{}", report.verdict.summary);
        assert!(report.verdict.summary.contains("dns-resolves"), "{}", report.verdict.summary);
    }

    #[test]
    fn without_the_vaults_answer_dns_stays_the_cause() {
        let report = diagnose_texts(&[NXDOMAIN]);
        assert_eq!(report.verdict.primary.as_deref(), Some("dns-resolves"));
        assert!(!report.verdict.summary.contains("Decisive"));
    }

    #[test]
    fn a_gate_refusal_does_not_clear_the_private_dns_steps() {
        let public = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    data-prod-eus.vaultcore.azure.net\nAddress:  52.168.109.101\nAliases:  contoso.vault.azure.net\n          contoso.privatelink.vaultcore.azure.net\n";
        let refused = "Public network access is disabled and request is not from a trusted service nor via an approved private link.\nInner error: ForbiddenByConnection";
        let report = diagnose_texts(&[public, refused]);
        assert_eq!(report.step("dns-private-address").unwrap().status, Status::Fail);
    }
}
