//! Asking public DNS: which host to ask about, where, and the paste its answer becomes.
//!
//! Above the report on purpose: the host is the vault the case is about, which takes the whole
//! reading of the pastes. The answer is then read like any paste, by `input::public_dns` (the
//! reader, which owns the paste's format). kvdoctor asks only when the user clicks for it (page)
//! or passes `--public-dns` (CLI); only the host name is sent.

use super::checks::Case;
use super::facts::Facts;
use super::input::json::{self, Node, Value};
use super::input::public_dns::{parse, HEADER};
use super::names::{problem, NameKind};
use super::report::Report;
use super::PasteRead;

/// The resolver kvdoctor asks: Cloudflare's DoH JSON endpoint (see the README for why).
pub const RESOLVER_URL: &str = "https://cloudflare-dns.com/dns-query";
/// Its host, as the page and the CLI name it to the user.
pub const RESOLVER_HOST: &str = "cloudflare-dns.com";
/// The `accept` header the JSON API needs (CORS-safelisted: the browser sends no preflight).
pub const ACCEPT: &str = "application/dns-json";

/// The address to ask `base` (the resolver, or a test stand-in) for `host`'s A records.
pub fn query_url(base: &str, host: &str) -> String {
    const NAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'.').remove(b'-');
    let name = percent_encoding::utf8_percent_encode(host.trim(), NAME);
    format!("{base}?name={name}&type=A")
}

/// The host to ask about, for pastes already read: the vault their case is about (the pastes',
/// else the one the user typed); `None` when there is no well-formed vault host (nothing is
/// sent then). Chooses the vault as the diagnosis does, without running the checks.
pub fn host_to_ask(reads: &[&PasteRead], typed: Option<&str>) -> Option<String> {
    let facts = Facts::merged(reads.iter().map(|r| &r.facts));
    let vault = Case::new(&facts, typed).vault?;
    sendable(&vault.name, vault.public_host())
}

/// The vault host a report is about, if it is a well-formed name to send (the page's button).
pub fn host_of(report: &Report) -> Option<String> {
    let vault = report.vault.as_ref()?;
    sendable(&vault.name, vault.host.clone())
}

/// The host, when it and the vault's name pass the naming rules: only such a name leaves.
fn sendable(name: &str, host: String) -> Option<String> {
    let valid = problem(NameKind::Vault, name).is_none() && problem(NameKind::Host, &host).is_none();
    valid.then_some(host)
}

/// `2026-11-23 17:40 UTC` for a Unix time in seconds (the header's time; no clock crate needed).
pub fn utc_minute(unix_seconds: u64) -> String {
    let days = i64::try_from(unix_seconds / 86_400).unwrap_or(0);
    let minutes = unix_seconds % 86_400 / 60;
    // Howard Hinnant's days-to-civil: exact for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", minutes / 60, minutes % 60)
}

/// The paste kvdoctor adds: its header line, then the resolver's answer with one record per
/// line (so evidence quotes one record, not the whole answer). `when` is a UTC time as text.
/// A body that is no DoH answer (a captive portal's page, an error text) adds no paste: the
/// error says what came back instead.
pub fn compose(resolver: &str, host: &str, when: &str, body: &str) -> Result<String, String> {
    parse(body).map_err(|problem| {
        format!("{resolver} sent something that is not a DNS answer ({problem}); nothing was added")
    })?;
    let body = tidy(body).unwrap_or_else(|| body.trim().to_string());
    Ok(format!("{HEADER} {resolver} asked for {host} at {when}\n{body}\n"))
}

/// The answer re-written with one record per line, keys in the resolver's order; `None` when
/// it is not one JSON object.
fn tidy(body: &str) -> Option<String> {
    let doc = json::parse(body);
    let [root] = doc.roots.as_slice() else { return None };
    if !root.is_object() || !doc.problems.is_empty() {
        return None;
    }
    let members = root.members();
    let mut lines = vec!["{".to_string()];
    for (i, (key, value)) in members.iter().enumerate() {
        let comma = if i + 1 < members.len() { "," } else { "" };
        let key = quoted(key);
        match &value.value {
            Value::Array(items) if !items.is_empty() => {
                lines.push(format!("  {key}: ["));
                for (j, item) in items.iter().enumerate() {
                    let inner = if j + 1 < items.len() { "," } else { "" };
                    lines.push(format!("    {}{inner}", compact(item)));
                }
                lines.push(format!("  ]{comma}"));
            }
            _ => lines.push(format!("  {key}: {}{comma}", compact(value))),
        }
    }
    lines.push("}".to_string());
    Some(lines.join("\n"))
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// One value on one line, members in their order (depth is bounded by the JSON reader).
fn compact(node: &Node) -> String {
    match &node.value {
        Value::Object(members) => {
            let parts: Vec<String> = members.iter().map(|(k, v)| format!("{}:{}", quoted(k), compact(v))).collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(",")),
        Value::Str(s) => quoted(s),
        Value::Num(n) => n.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::input::public_dns::sniff;
    use crate::engine::{diagnose_reads, read_paste, Paste};

    /// `host_to_ask` for plain pastes, each read as the diagnosis reads it.
    fn ask(pastes: &[Paste], typed: Option<&str>) -> Option<String> {
        let reads: Vec<PasteRead> =
            pastes.iter().enumerate().filter_map(|(i, p)| read_paste(i + 1, &p.text, p.kind)).collect();
        let reads: Vec<&PasteRead> = reads.iter().collect();
        let asked = host_to_ask(&reads, typed);
        assert_eq!(asked, host_of(&diagnose_reads(&reads, typed)), "the case's host is the report's");
        asked
    }

    #[test]
    fn the_written_paste_reads_back_with_one_record_per_line() {
        let body = r#"{"Status":0,"TC":false,"Question":[{"name":"contoso.vault.azure.net.","type":1}],"Answer":[{"name":"contoso.vault.azure.net.","type":5,"TTL":60,"data":"contoso.privatelink.vaultcore.azure.net."},{"name":"contoso.privatelink.vaultcore.azure.net.","type":1,"TTL":60,"data":"52.168.109.101"}]}"#;
        let paste = compose(RESOLVER_HOST, "contoso.vault.azure.net", "2026-11-23 17:40 UTC", body).unwrap();
        assert!(paste.starts_with("# Public DNS: cloudflare-dns.com asked for contoso.vault.azure.net at 2026-11-23"));
        let answer = parse(&paste).unwrap();
        assert_eq!(answer.chain.len(), 2);
        assert_ne!(answer.chain[1].1, answer.addresses[0].1, "each record on its own line");
        assert!(paste.contains("\n  \"Status\": 0,\n  \"TC\": false,"), "keys keep their order: {paste}");
        assert_eq!(sniff(&paste), 100);
        let portal = compose("r", "h", "t", "<html>Sign in to the hotel Wi-Fi</html>").unwrap_err();
        assert!(portal.starts_with("r sent something that is not a DNS answer"), "{portal}");
        // A cut answer still reads (the JSON reader closes it): kept as the resolver sent it.
        let cut = compose("r", "h", "t", r#"{"Status":0,"TC":false,"Answer":[{"name":"h","type":1,"data":"1.2.3.4"}"#);
        assert!(cut.unwrap().ends_with("\"data\":\"1.2.3.4\"}\n"));
    }

    #[test]
    fn times_and_hosts() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_minute(1_795_453_200 + 2_400), "2026-11-23 17:40 UTC");
        let typed = ask(&[], Some("Contoso"));
        assert_eq!(typed.as_deref(), Some("contoso.vault.azure.net"));
        let read = ask(&[Paste::new(
            "Get \"https://fabrikam.vault.azure.cn/secrets/db\": dial tcp: lookup fabrikam.vault.azure.cn on 10.0.0.10:53: no such host",
        )], None);
        assert_eq!(read.as_deref(), Some("fabrikam.vault.azure.cn"));
        assert_eq!(ask(&[], Some("a b;rm")), None);
        assert_eq!(ask(&[], None), None);
    }

    #[test]
    fn the_query_sends_the_name_only() {
        assert_eq!(
            query_url(RESOLVER_URL, "contoso.vault.azure.net"),
            "https://cloudflare-dns.com/dns-query?name=contoso.vault.azure.net&type=A"
        );
        assert_eq!(query_url("/x", "a b&c"), "/x?name=a%20b%26c&type=A");
    }
}
