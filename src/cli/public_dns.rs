//! `--public-dns`: asks Cloudflare's DNS-over-HTTPS resolver what the vault's name resolves to
//! on the public internet, and adds the answer as a `public-dns` paste. Only the host name is
//! sent (in the query string, with `accept: application/dns-json`), only when asked.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::engine::public_dns::{compose, query_url, utc_minute, ACCEPT, RESOLVER_HOST, RESOLVER_URL};

/// Tests point the CLI at a loopback stand-in (`http://127.0.0.1:PORT/dns-query`); nothing
/// else is accepted, so the variable cannot send the name anywhere but this machine.
const TEST_URL: &str = "KVDOCTOR_TEST_DOH_URL";

/// An answer for one name is a few hundred bytes; more is not a DoH answer.
const MAX_BODY: u64 = 64 * 1024;

/// The paste to add, or a message saying why there is none.
pub fn ask(host: &str) -> Result<String, String> {
    let resolver = resolver()?;
    let url = query_url(&resolver.url, host);
    let mut config =
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(10))).http_status_as_error(false);
    if resolver.stand_in {
        // ureq takes a proxy from ALL_PROXY/HTTP_PROXY and exempts no loopback address: the
        // stand-in's request (the vault's name with it) would leave the machine through it.
        config = config.proxy(None);
    }
    let agent: ureq::Agent = config.build().into();
    let name = &resolver.name;
    let failed = |e: ureq::Error| format!("could not ask {name} about {host}: {e}");
    let mut response = agent.get(&url).header("accept", ACCEPT).call().map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{name} answered HTTP {status} for {host}; no answer was added"));
    }
    let body = response.body_mut().with_config().limit(MAX_BODY).read_to_string().map_err(failed)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    compose(name, host, &utc_minute(now), &body)
}

/// Where to ask: the resolver's URL, the name messages give it, whether it is a test's stand-in.
struct Resolver {
    url: String,
    name: String,
    stand_in: bool,
}

/// Cloudflare's resolver, or the loopback stand-in a test names.
fn resolver() -> Result<Resolver, String> {
    let Some(url) = std::env::var_os(TEST_URL) else {
        return Ok(Resolver { url: RESOLVER_URL.to_string(), name: RESOLVER_HOST.to_string(), stand_in: false });
    };
    let url = url.to_string_lossy().into_owned();
    loopback(&url).map(|(url, name)| Resolver { url, name, stand_in: true }).ok_or_else(|| {
        format!("{TEST_URL} must be a loopback address, http://127.0.0.1:PORT/… or http://[::1]:PORT/…, not {url}")
    })
}

/// `http://127.0.0.1:PORT/path` or `http://[::1]:PORT/path`, read whole rather than by its
/// start (`http://127.0.0.1:1@elsewhere/` starts the same and is a request to elsewhere): the
/// scheme in lower case, an IP literal (no name to resolve), an explicit port, no user, a plain
/// path. Returned written back from its parts (so what is asked is exactly what was checked),
/// with `host:port` for messages.
fn loopback(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = authority.rsplit_once(':')?;
    if !matches!(host, "127.0.0.1" | "[::1]") || port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let port = port.parse::<u16>().ok().filter(|p| *p != 0)?;
    if !path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b)) {
        return None;
    }
    let address = format!("{host}:{port}");
    Some((format!("http://{address}{path}"), address))
}

#[cfg(test)]
mod tests {
    use super::loopback;

    #[test]
    fn only_loopback_urls_are_stand_ins() {
        assert_eq!(
            loopback("http://127.0.0.1:8053/dns-query"),
            Some(("http://127.0.0.1:8053/dns-query".into(), "127.0.0.1:8053".into()))
        );
        assert_eq!(loopback("http://[::1]:08053"), Some(("http://[::1]:8053".into(), "[::1]:8053".into())));
        for tricked in [
            "http://127.0.0.1:1@otherhost/",
            "http://127.0.0.1:1@otherhost:80/dns-query",
            "http://127.0.0.1:80.evil/",
            "http://127.0.0.1.evil:80/",
            "http://[::1]@x/",
            "http://[::1]:1@x/",
            "http://[::1]/",
            "http://127.0.0.1/dns-query",
            "http://127.0.0.1:/dns-query",
            "http://127.0.0.1:0/dns-query",
            "http://127.0.0.1:65536/dns-query",
            "http://127.0.0.1:80?@evil/",
            "http://127.0.0.1:80#@evil/",
            "http://127.0.0.1:80\\@evil/",
            "http://127.0.0.1:80/a@evil",
            "http://127.0.0.1:80/a b",
            "HTTP://127.0.0.1:80/",
            "https://127.0.0.1:80/",
            "http://localhost:80/",
            "http://127.1:80/",
            "http://2130706433:80/",
            "http://[::ffff:127.0.0.1]:80/",
            "http://example.com/dns-query",
            " http://127.0.0.1:80/",
            "",
        ] {
            assert_eq!(loopback(tricked), None, "{tricked}");
        }
    }
}
