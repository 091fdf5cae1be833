//! HTTP exchanges: `curl -v` (`* Trying`, `* Connected to`, `> Host:`, `< HTTP/1.1 403`, TLS
//! lines), `curl -i` and raw response headers, PowerShell `.Headers` tables; and
//! `Test-NetConnection` (`RemoteAddress`, `TcpTestSucceeded`, its warnings).

use super::error_catalogue;
use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{Evidence, Facts, SignalKind as S};
use crate::engine::net::parse_addr;

/// This reader's entry in the registry: one parser for curl, raw headers and Test-NetConnection.
pub static PARSER: Parser = Parser::source(
    |source| sniff(source.head()).0.max(sniff_test_netconnection(source.head())),
    |reader, source, facts| {
        parse(reader, source.lines(), facts);
        kind(source.head())
    },
)
.precedence(1);

/// Which of the HTTP kinds a paste is: curl output, bare headers, or Test-NetConnection.
fn kind(head: &[Line]) -> Kind {
    if sniff_test_netconnection(head) > sniff(head).0 {
        Kind::TestNetconnection
    } else {
        sniff(head).1
    }
}

/// (curl or raw headers confidence, which of the two).
pub fn sniff(lines: &[Line]) -> (u8, Kind) {
    let (mut curl, mut headers) = (0u8, 0u8);
    for line in lines.iter().take(1000) {
        let lower = line.text.trim().to_ascii_lowercase();
        // curl pads its markers: `*   Trying 10.1.2.4:443...`.
        let marked = lower.trim_start_matches(['*', '>', ' ']);
        let curl_line = lower.starts_with(['*', '>'])
            && (marked.starts_with("trying") || marked.starts_with("connected to") || marked.starts_with("host:"));
        let curl_error = lower.starts_with("curl: (");
        if curl_line || curl_error || (lower.contains("curl ") || lower.contains("curl.exe ")) && lower.contains("http")
        {
            curl = curl.saturating_add(40);
        }
        if lower.starts_with("x-ms-keyvault")
            || lower.starts_with("< x-ms-keyvault")
            || lower.starts_with("www-authenticate")
            || lower.starts_with("http/1.1 ")
            || lower.starts_with("http/2 ")
        {
            headers = headers.saturating_add(30);
        }
    }
    if curl >= headers {
        (curl.saturating_add(headers / 2).min(100), Kind::Curl)
    } else {
        (headers.min(100), Kind::HttpHeaders)
    }
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    for line in lines {
        let raw = line.text.trim();
        let at = Evidence::line(reader.input, line.number, raw);
        // Strip curl's direction markers; the rest reads like plain headers.
        let text = if is_curl_marker(raw) { raw.trim_start_matches(['<', '>', '*', ' ']) } else { raw };
        let lower = text.to_ascii_lowercase();
        let before = facts.signals.len();
        let understood = read(&lower, text, raw, &at, facts);
        if understood || facts.signals.len() > before {
            reader.use_line(line.number);
        }
    }
}

fn read(lower: &str, text: &str, raw: &str, at: &Evidence, facts: &mut Facts) -> bool {
    if let Some(rest) = lower.strip_prefix("trying ") {
        let addr = rest.trim_end_matches("...").rsplit_once(':').map_or(rest, |(a, _)| a);
        if let Some(ip) = parse_addr(addr.trim_start_matches('[').trim_end_matches(']')) {
            facts.add_signal(S::ConnectedAddress, ip.to_string(), at.clone());
        }
        return true;
    }
    if lower.starts_with("connected to ") {
        if let Some(ip) = text.split(['(', ')']).nth(1).and_then(parse_addr) {
            facts.add_signal(S::ConnectedAddress, ip.to_string(), at.clone());
        }
        // `Connected to <host> (<ip>)`: the host is the one the client called.
        let host = text.get("connected to ".len()..).and_then(|t| t.split_whitespace().next()).unwrap_or_default();
        if !host.is_empty() && parse_addr(host).is_none() {
            facts.add_signal(S::RequestUrl, format!("https://{host}/"), at.clone());
        }
        facts.add_signal(S::Connected, "tcp", at.clone());
        return true;
    }
    if let Some(host) = lower.strip_prefix("host:").filter(|_| !raw.starts_with("< ")) {
        facts.add_signal(S::HostHeader, host.trim(), at.clone());
        return true;
    }
    if let Some(value) = header(lower, text, "x-ms-keyvault-network-info") {
        for part in value.split(';') {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            match k.trim().to_ascii_lowercase().as_str() {
                "conn_type" => facts.add_signal(S::NetworkConnType, v.trim(), at.clone()),
                "addr" => facts.add_signal(S::NetworkAddress, v.trim(), at.clone()),
                "private_endpoint" => facts.add_signal(S::NetworkPrivateEndpoint, v.trim(), at.clone()),
                _ => {}
            }
        }
        return true;
    }
    if let Some(value) = header(lower, text, "x-ms-keyvault-region") {
        facts.add_signal(S::ServiceRegion, value, at.clone());
        return true;
    }
    if lower.starts_with("http/") {
        if let Some(code) = lower.split_whitespace().nth(1).and_then(|c| c.parse::<u16>().ok()) {
            facts.add_signal(S::HttpStatus, code.to_string(), at.clone());
        }
        return true;
    }
    if lower.contains("could not resolve host") {
        let host = lower.rsplit(':').next().unwrap_or_default().trim();
        facts.add_signal(S::NameNotResolved, host, at.clone());
        return true;
    }
    if lower.contains("timed out") || lower.contains("connection timeout") {
        facts.add_signal(S::ConnectTimeout, "timed out", at.clone());
        return true;
    }
    if lower.contains("no alternative certificate subject name matches")
        || lower.contains("ssl: certificate subject name")
    {
        facts.add_signal(S::TlsNameMismatch, text, at.clone());
        return true;
    }
    if let Some(kind) = handshake_failure(text) {
        facts.add_signal(kind, lower.trim(), at.clone());
        return true;
    }
    if lower.contains("curl ") || lower.contains("curl.exe ") {
        if let Some(url) = text.split_whitespace().find(|w| w.starts_with("https://")) {
            facts.add_signal(S::RequestUrl, url.trim_matches(['"', '\'']), at.clone());
        }
        return true;
    }
    test_netconnection(lower, text, at, facts)
        || is_curl_marker(raw)
        || lower.starts_with("key ") && lower.contains("value")
        || lower.chars().all(|c| c == '-' || c.is_whitespace())
        || is_header_line(lower)
}

/// A cut TLS handshake or connection the error catalogue knows (curl `(35)`,
/// `SSL_ERROR_SYSCALL`, "Connection reset by peer").
fn handshake_failure(text: &str) -> Option<S> {
    error_catalogue::find(text)
        .iter()
        .flat_map(|m| m.signals.iter())
        .copied()
        .find(|k| matches!(k, S::TlsHandshakeFailed | S::ConnectionReset | S::ConnectionRefused))
}

/// curl's `* `, `< ` and `> ` line markers (a bare marker is an empty line of the exchange).
fn is_curl_marker(raw: &str) -> bool {
    ["* ", "< ", "> "].iter().any(|m| raw.starts_with(m)) || matches!(raw, "*" | "<" | ">")
}

/// A header's value, as `Name: value` or as a PowerShell table row `Name   value`.
fn header<'t>(lower: &str, text: &'t str, name: &str) -> Option<&'t str> {
    let rest = lower.strip_prefix(name)?;
    // `lower` is `text` lower-cased byte for byte (ASCII), so the offset is the same in both.
    let value = text.get(text.len() - rest.len()..)?.trim_start_matches([':', ' ', '\t']);
    Some(value.trim())
}

fn is_header_line(lower: &str) -> bool {
    lower
        .split_once(':')
        .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn test_netconnection(lower: &str, text: &str, at: &Evidence, facts: &mut Facts) -> bool {
    let value = || text.split_once(':').map(|(_, v)| v.trim()).unwrap_or_default();
    if lower.starts_with("remoteaddress") {
        facts.add_signal(S::ConnectedAddress, value(), at.clone());
    } else if lower.starts_with("tcptestsucceeded") {
        if value().eq_ignore_ascii_case("true") {
            facts.add_signal(S::Connected, "tcp 443", at.clone());
        } else {
            facts.add_signal(S::ConnectTimeout, "TcpTestSucceeded: False", at.clone());
        }
    } else if lower.starts_with("warning: tcp connect to")
        || lower.starts_with("warning: ping to") && lower.contains("failed")
    {
        if lower.starts_with("warning: tcp") {
            facts.add_signal(S::ConnectTimeout, text, at.clone());
        }
    } else if lower.starts_with("warning: name resolution of") {
        let host = text.split_whitespace().nth(4).unwrap_or_default();
        facts.add_signal(S::NameNotResolved, host, at.clone());
    } else {
        return [
            "computername",
            "remoteport",
            "interfacealias",
            "sourceaddress",
            "pingsucceeded",
            "pingreplydetails",
            "namesolutionresults",
        ]
        .iter()
        .any(|k| lower.starts_with(k));
    }
    true
}

pub fn sniff_test_netconnection(lines: &[Line]) -> u8 {
    let hits = lines.iter().take(200).filter(|l| {
        let lower = l.text.trim().to_ascii_lowercase();
        lower.starts_with("tcptestsucceeded")
            || lower.starts_with("remoteaddress")
            || lower.contains("test-netconnection")
            || lower.starts_with("warning: tcp connect to")
    });
    (hits.count() * 40).min(100) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::facts::SignalKind;

    fn signals(paste: &str) -> Vec<(SignalKind, String)> {
        let facts = crate::engine::input::read_with(parse, paste);
        facts.signals.into_iter().map(|s| (s.kind, s.value)).collect()
    }

    #[test]
    fn curl_verbose() {
        let out = "$ curl -sv https://fabrikam.vault.azure.net/healthstatus\n*   Trying 10.1.2.4:443...\n* Connected to fabrikam.vault.azure.net (10.1.2.4) port 443 (#0)\n> GET /healthstatus HTTP/1.1\n> Host: kv-gw.corp.fabrikam.com\n> User-Agent: curl/7.81.0\n>\n< HTTP/1.1 403 Forbidden\n< x-ms-keyvault-network-info: conn_type=PrivateLink;private_endpoint=/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe1;addr=10.1.0.5;act_addr_fam=InterNetwork;\n< x-ms-keyvault-region: eastus\n";
        let s = signals(out);
        assert!(s.contains(&(S::ConnectedAddress, "10.1.2.4".into())), "{s:?}");
        assert!(s.contains(&(S::HostHeader, "kv-gw.corp.fabrikam.com".into())));
        assert!(s.contains(&(S::HttpStatus, "403".into())));
        assert!(s.contains(&(S::NetworkConnType, "PrivateLink".into())));
        assert!(s.contains(&(S::NetworkAddress, "10.1.0.5".into())));
        assert!(s.contains(&(S::RequestUrl, "https://fabrikam.vault.azure.net/healthstatus".into())));
    }

    #[test]
    fn test_netconnection_failure() {
        let out = "WARNING: TCP connect to (10.1.2.4 : 443) failed\nComputerName           : fabrikam.vault.azure.net\nRemoteAddress          : 10.1.2.4\nRemotePort             : 443\nInterfaceAlias         : Ethernet\nSourceAddress          : 10.1.0.5\nTcpTestSucceeded       : False\n";
        let s = signals(out);
        assert!(s.contains(&(S::ConnectedAddress, "10.1.2.4".into())));
        assert!(s.iter().any(|(k, _)| *k == S::ConnectTimeout));
    }
}
