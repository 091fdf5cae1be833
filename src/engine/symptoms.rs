//! What the user is experiencing, read from the merged facts: the failures their tools printed
//! (an HTTP error with its codes, a time-out, a refused connection, a name that did not
//! resolve), each with the lines that show it. Symptoms say what happens; the steps say why.
//!
//! A paste usually shows one failed request, repeated by the layers of a tool (status line,
//! `Code:`, the JSON body): its status, codes, client address and message lines make one
//! symptom. A paste with several error statuses (a 401 challenge, then a 403) gives one symptom
//! per status, each code going with the status printed last before it.

use super::facts::{DnsFailure, DnsLookup, Evidence, Facts, Signal, SignalKind};
use super::net::{resolver, Resolver};
use super::report::{Symptom, SymptomKind};

/// Lines quoted per symptom at most: a long log repeats the same failure.
pub const MAX_QUOTED: usize = 6;

/// Every symptom in the facts, in paste and line order.
pub fn symptoms(facts: &Facts) -> Vec<Symptom> {
    let mut out = request_failures(facts);
    out.extend(merged(connection_failures(facts).into_iter()));
    out.extend(merged(facts.lookups.iter().filter_map(lookup_failure)));
    out.dedup_by(|a, b| a.kind == b.kind && a.summary == b.summary && a.evidence == b.evidence);
    out.sort_by_key(|s| s.evidence.first().map(|e| (e.input, e.lines.first().copied().unwrap_or(0))));
    out
}

/// The signals an error response is made of, besides its status.
const CODES: &[SignalKind] = &[SignalKind::ErrorCode, SignalKind::InnerCode, SignalKind::SignInCode];
/// The token the request needed and did not get: each alone says the code could not sign in.
const NO_TOKEN: &[SignalKind] = &[
    SignalKind::CredentialChainFailed,
    SignalKind::EnvironmentIncomplete,
    SignalKind::DeveloperSignInMissing,
    SignalKind::ManagedIdentityUnavailable,
    SignalKind::ManagedIdentityTimeout,
    SignalKind::ManagedIdentityNotAssigned,
    SignalKind::PodIdentityNotBound,
    SignalKind::FederatedTokenMissing,
    SignalKind::FederationIssuer,
    SignalKind::FederationSubject,
    SignalKind::FederationAudience,
    SignalKind::FederationNoMatch,
    SignalKind::FederatedTokenTooLong,
    SignalKind::AppNotFound,
    SignalKind::ClientSecretInvalid,
    SignalKind::ClientSecretExpired,
    SignalKind::ClientCertificateInvalid,
    SignalKind::UserPasswordInvalid,
    SignalKind::TenantNotFound,
    SignalKind::ConditionalAccess,
    SignalKind::MfaRequired,
    SignalKind::DeviceRequired,
    SignalKind::ManagedIdentityAmbiguous,
    SignalKind::ManagedIdentityClientIdEmpty,
    SignalKind::ReferenceIdentityMissing,
];
/// Refusals of Azure Resource Manager: the management plane, never the vault's data plane.
const MANAGEMENT: &[SignalKind] = &[SignalKind::ManagementDenied, SignalKind::PolicyDisallowed];
/// Service error messages: each alone says a request failed.
const MESSAGES: &[SignalKind] = &[
    SignalKind::TcpConnectionDenied,
    SignalKind::PublicAccessDisabled,
    SignalKind::BypassNotSet,
    SignalKind::NotTrustedService,
    SignalKind::Perimeter,
    SignalKind::MissingToken,
    SignalKind::TokenExpired,
    SignalKind::SigningKey,
    SignalKind::MissingPermission,
    SignalKind::NoAccessPolicy,
    SignalKind::KeyOperation,
    SignalKind::RbacAssignment,
    SignalKind::DenyAssignment,
    SignalKind::ObjectNotFound,
    SignalKind::ObjectDisabled,
    SignalKind::ObjectDeleted,
    SignalKind::PurgeProtected,
    SignalKind::Throttled,
    SignalKind::ObjectRecovering,
    SignalKind::ReferenceSyntaxInvalid,
    SignalKind::ReferenceUnresolved,
    SignalKind::ReferenceAccessDenied,
    SignalKind::InnerErrorHidden,
    SignalKind::CsiDriverMissing,
    SignalKind::CsiCredentialMissing,
    SignalKind::KubernetesRbacDenied,
    SignalKind::ServiceConnectionMissing,
    SignalKind::VaultNotFound,
    SignalKind::VaultNameHeld,
];

fn line(signal: &Signal) -> usize {
    signal.at.lines.first().copied().unwrap_or(0)
}

/// An HTTP error status (4xx, 5xx), if `signal` is one.
fn error_status(signal: &Signal) -> Option<u16> {
    let status = signal.value.parse::<u16>().ok()?;
    (signal.kind == SignalKind::HttpStatus && (400..600).contains(&status)).then_some(status)
}

/// One failed request: its status (if shown) and the signals that go with it.
struct Request<'a> {
    status: Option<u16>,
    first_line: usize,
    signals: Vec<&'a Signal>,
}

fn request_failures(facts: &Facts) -> Vec<Symptom> {
    let belongs = |s: &Signal| {
        error_status(s).is_some()
            || CODES.contains(&s.kind)
            || MESSAGES.contains(&s.kind)
            || NO_TOKEN.contains(&s.kind)
            || MANAGEMENT.contains(&s.kind)
            || s.kind == SignalKind::ClientAddress
    };
    let mut pastes: Vec<usize> = facts.signals.iter().filter(|s| belongs(s)).map(|s| s.at.input).collect();
    pastes.sort_unstable();
    pastes.dedup();
    let mut out = Vec::new();
    for paste in pastes {
        let mut signals: Vec<&Signal> = facts.signals.iter().filter(|s| s.at.input == paste && belongs(s)).collect();
        signals.sort_by_key(|s| line(s));
        // A client address alone (a portal table, a firewall rule) is no failure.
        if signals.iter().all(|s| s.kind == SignalKind::ClientAddress) {
            continue;
        }
        let mut requests: Vec<Request> = Vec::new();
        for signal in &signals {
            if let Some(status) = error_status(signal).filter(|st| requests.iter().all(|r| r.status != Some(*st))) {
                requests.push(Request { status: Some(status), first_line: line(signal), signals: Vec::new() });
            }
        }
        if requests.is_empty() {
            requests.push(Request { status: None, first_line: 0, signals: Vec::new() });
        }
        for signal in signals {
            let at = requests.iter().rposition(|r| r.first_line <= line(signal)).unwrap_or(0);
            if let Some(request) = requests.get_mut(at) {
                request.signals.push(signal);
            }
        }
        out.extend(requests.iter().map(request_symptom));
    }
    out
}

fn request_symptom(request: &Request) -> Symptom {
    let first = |kind: SignalKind| request.signals.iter().find(|s| s.kind == kind).map(|s| s.value.clone());
    let sign_in = first(SignalKind::SignInCode);
    let no_token = request.signals.iter().any(|s| NO_TOKEN.contains(&s.kind)) || sign_in.is_some();
    let management = request.signals.iter().any(|s| MANAGEMENT.contains(&s.kind));
    let code = first(SignalKind::InnerCode).or(sign_in).or_else(|| first(SignalKind::ErrorCode));
    let client_address = first(SignalKind::ClientAddress);
    let reason = request.status.map(reason_phrase).unwrap_or_default();
    let got = request.status.map(|status| format!("The request got {status} {reason}").trim_end().to_string());
    let mut summary = match (got, &code) {
        (Some(got), Some(code)) if !same_words(reason, code) => format!("{got}: {code}"),
        (Some(got), _) => got,
        (None, Some(code)) if no_token => format!("The sign-in failed with {code}: no token for the vault"),
        (None, None) if no_token => "The code got no token for the vault".to_string(),
        (None, Some(code)) => format!("The request failed: {code}"),
        (None, None) => "The request failed with an error message".to_string(),
    };
    if management {
        summary.push_str(" from Azure Resource Manager (the management plane, not the vault's data plane)");
    }
    if let Some(address) = &client_address {
        summary.push_str(&format!(" (client address {address})"));
    }
    Symptom {
        kind: SymptomKind::RequestFailed,
        summary,
        http_status: request.status,
        code,
        client_address,
        evidence: quotes(request.signals.iter().copied()),
    }
}

/// "Forbidden" and "Forbidden", "Too Many Requests" and "TooManyRequests": a code that only
/// repeats the status adds nothing to the sentence.
fn same_words(reason: &str, code: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    squeeze(reason) == squeeze(code)
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The first line of each distinct value, in line order, at most [`MAX_QUOTED`] lines.
fn quotes<'a>(signals: impl Iterator<Item = &'a Signal>) -> Vec<Evidence> {
    let mut seen: Vec<(SignalKind, &str)> = Vec::new();
    let mut out: Vec<Evidence> = Vec::new();
    for signal in signals {
        if seen.contains(&(signal.kind, signal.value.as_str())) {
            continue;
        }
        seen.push((signal.kind, signal.value.as_str()));
        if !out.iter().any(|e| e.input == signal.at.input && e.lines == signal.at.lines) {
            out.push(signal.at.clone());
        }
    }
    out.sort_by_key(|e| (e.input, e.lines.first().copied().unwrap_or(0)));
    out.truncate(MAX_QUOTED);
    out
}

/// Failures below HTTP: one symptom per kind (per name for lookups) and paste.
fn connection_failures(facts: &Facts) -> Vec<Symptom> {
    let kinds = [
        (SignalKind::ConnectTimeout, SymptomKind::Timeout),
        (SignalKind::ConnectionRefused, SymptomKind::ConnectionRefused),
        (SignalKind::ConnectionReset, SymptomKind::ConnectionReset),
        (SignalKind::ProxyRefused, SymptomKind::ProxyRefused),
        (SignalKind::TlsNameMismatch, SymptomKind::TlsNameMismatch),
        (SignalKind::ChallengeMismatch, SymptomKind::ChallengeMismatch),
        (SignalKind::NameNotResolved, SymptomKind::NameNotResolved),
    ];
    let mut groups: Vec<(SymptomKind, usize, Option<&str>, Vec<&Signal>)> = Vec::new();
    for signal in &facts.signals {
        let Some((_, kind)) = kinds.iter().find(|(k, _)| *k == signal.kind) else { continue };
        let name = (signal.kind == SignalKind::NameNotResolved).then_some(signal.value.as_str());
        match groups.iter_mut().find(|(k, p, n, _)| k == kind && *p == signal.at.input && *n == name) {
            Some(group) => group.3.push(signal),
            None => groups.push((*kind, signal.at.input, name, vec![signal])),
        }
    }
    groups
        .into_iter()
        .map(|(kind, _, name, signals)| Symptom {
            kind,
            summary: connection_summary(kind, name),
            http_status: None,
            code: None,
            client_address: None,
            evidence: quotes(signals.into_iter()),
        })
        .collect()
}

fn connection_summary(kind: SymptomKind, name: Option<&str>) -> String {
    match kind {
        SymptomKind::Timeout => "The connection timed out".to_string(),
        SymptomKind::ConnectionRefused => "The connection was refused".to_string(),
        SymptomKind::ConnectionReset => "The connection was reset".to_string(),
        SymptomKind::ProxyRefused => "A proxy refused the connection".to_string(),
        SymptomKind::TlsNameMismatch => "The server's certificate does not name the host called".to_string(),
        SymptomKind::ChallengeMismatch => {
            "The client refused the vault's authentication challenge (its resource does not match the URL called)"
                .to_string()
        }
        SymptomKind::NameNotResolved | SymptomKind::RequestFailed => match name.filter(|n| !n.starts_with('(')) {
            Some(name) => format!("The client could not resolve {name}"),
            None => "The client could not resolve a name".to_string(),
        },
    }
}

/// Failures with the same summary (one server asked twice, two tools failing alike) as one
/// symptom quoting each place.
fn merged(symptoms: impl Iterator<Item = Symptom>) -> Vec<Symptom> {
    let mut out: Vec<Symptom> = Vec::new();
    for symptom in symptoms {
        match out.iter_mut().find(|s| s.summary == symptom.summary) {
            Some(same) => {
                let room = MAX_QUOTED.saturating_sub(same.evidence.len());
                same.evidence.extend(symptom.evidence.into_iter().take(room));
            }
            None => out.push(symptom),
        }
    }
    out
}

/// A lookup that ended without an address.
fn lookup_failure(lookup: &DnsLookup) -> Option<Symptom> {
    let failure = lookup.failure.as_ref()?;
    let name = lookup.query.as_ref().map_or("the name", |q| q.value.as_str());
    // A public resolver's answer is the internet's view, never the client's own failure.
    let who = match (&lookup.viewpoint, &lookup.server) {
        _ if lookup.public_resolver => "Public DNS (not your network)".to_string(),
        (Some(label), _) => format!("The resolver (“{}”)", label.value),
        (None, Some(server)) if resolver(server.value) == Resolver::AzureDns => format!("Azure DNS ({})", server.value),
        (None, Some(server)) => format!("DNS server {}", server.value),
        (None, None) => "The resolver".to_string(),
    };
    let summary = match failure.value {
        DnsFailure::NxDomain => format!("{who} says {name} does not exist (NXDOMAIN)"),
        DnsFailure::ServerFailure => format!("{who} failed to look up {name} (SERVFAIL)"),
        DnsFailure::Timeout => format!("No DNS server answered for {name}"),
        DnsFailure::NoAddress => format!("{who} has no address for {name}"),
    };
    let mut evidence: Vec<Evidence> = lookup.query.iter().map(|q| q.at.clone()).collect();
    if !evidence.contains(&failure.at) {
        evidence.push(failure.at.clone());
    }
    evidence.sort_by_key(|e| (e.input, e.lines.first().copied().unwrap_or(0)));
    Some(Symptom {
        kind: SymptomKind::NameNotResolved,
        summary,
        http_status: None,
        code: None,
        client_address: None,
        evidence,
    })
}

#[cfg(test)]
mod tests;
