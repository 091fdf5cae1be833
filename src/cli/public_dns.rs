//! `--public-dns`: asks Cloudflare's DNS-over-HTTPS resolver what the vault's name resolves to
//! on the public internet, and adds the answer as a `public-dns` paste. Only the host name is
//! sent (in the query string, with `accept: application/dns-json`), only when asked.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::engine::input::public_dns::{compose, query_url, utc_minute, ACCEPT, RESOLVER_HOST, RESOLVER_URL};

/// Tests point the CLI at a loopback stand-in (`http://127.0.0.1:PORT/dns-query`); nothing
/// else is accepted, so the variable cannot send the name anywhere but this machine.
const TEST_URL: &str = "KVDOCTOR_TEST_DOH_URL";

/// An answer for one name is a few hundred bytes; more is not a DoH answer.
const MAX_BODY: u64 = 64 * 1024;

/// The paste to add, or a message saying why there is none.
pub fn ask(host: &str) -> Result<String, String> {
    let (base, resolver) = resolver()?;
    let url = query_url(&base, host);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let failed = |e: ureq::Error| format!("could not ask {resolver} about {host}: {e}");
    let mut response = agent.get(&url).header("accept", ACCEPT).call().map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{resolver} answered HTTP {status} for {host}; no answer was added"));
    }
    let body = response.body_mut().with_config().limit(MAX_BODY).read_to_string().map_err(failed)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    compose(&resolver, host, &utc_minute(now), &body)
}

/// Cloudflare's resolver, or the loopback stand-in a test names.
fn resolver() -> Result<(String, String), String> {
    let Some(url) = std::env::var_os(TEST_URL) else {
        return Ok((RESOLVER_URL.to_string(), RESOLVER_HOST.to_string()));
    };
    let url = url.to_string_lossy().into_owned();
    let host = url.strip_prefix("http://").and_then(|rest| rest.split('/').next()).unwrap_or_default();
    if host.starts_with("127.0.0.1:") || host.starts_with("[::1]:") {
        Ok((url.clone(), host.to_string()))
    } else {
        Err(format!("{TEST_URL} must be a loopback http://127.0.0.1:PORT/… address, not {url}"))
    }
}
