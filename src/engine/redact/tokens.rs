//! Secrets known by their own shape wherever they stand, with no key before them: bearer
//! tokens, JWTs, credentials in URLs (`https://user:pass@host`, `proxy=user:pass@host`), webhook
//! URLs, and tokens with a published prefix (GitHub, GitLab, Databricks, npm, PyPI, Slack).

use super::rules::{byte_before, find_byte, find_from, find_lower, word_byte, Span, MARK};
use super::what;

/// `Bearer <token>` wherever it appears (PowerShell hashtables, JSON, prose), except the
/// challenge's own `Bearer authorization="…"`.
pub fn bearer(line: &str, lower: &str, out: &mut Vec<Span>) {
    let b = line.as_bytes();
    let mut from = 0;
    while let Some(at) = find_lower(lower, "bearer ", from) {
        from = at + 7;
        let start = find_byte(b, from, |c| c != b' ').unwrap_or(b.len());
        let end = find_byte(b, start, |c| !token_byte(c)).unwrap_or(b.len());
        let token = line.get(start..end).unwrap_or_default();
        // `authorization=` before a quote is the challenge's parameter name, not a token.
        let param =
            token.ends_with('=') && token.trim_end_matches('=').bytes().all(|c| c.is_ascii_alphabetic() || c == b'_');
        if token.len() >= 8 && !param && token != MARK {
            out.push((start, end, what::BEARER));
        }
    }
}

fn token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~+/=".contains(&c)
}

fn hex_byte(c: u8) -> bool {
    c.is_ascii_hexdigit() || c == b'-'
}

fn base64url_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

fn alphanumeric_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// A published prefix, the shortest body after it, the body's bytes and what it is. Sources:
/// GitHub's and GitLab's token formats, Databricks (`dapi` + 32 hex), npm (`npm_` + 36),
/// PyPI (`pypi-` + a macaroon), Slack (`xoxb-`, `xoxp-`, …).
type Prefix = (&'static str, usize, fn(u8) -> bool, &'static str);

const PREFIXES: &[Prefix] = &[
    ("ghp_", 16, word_byte, what::GITHUB),
    ("gho_", 16, word_byte, what::GITHUB),
    ("ghu_", 16, word_byte, what::GITHUB),
    ("ghs_", 16, word_byte, what::GITHUB),
    ("ghr_", 16, word_byte, what::GITHUB),
    ("github_pat_", 16, word_byte, what::GITHUB),
    ("glpat-", 20, base64url_byte, what::GITLAB),
    ("dapi", 32, hex_byte, what::DATABRICKS),
    ("npm_", 36, alphanumeric_byte, what::NPM),
    ("pypi-", 50, base64url_byte, what::PYPI),
    ("xoxb-", 10, base64url_byte, what::SLACK),
    ("xoxp-", 10, base64url_byte, what::SLACK),
    ("xoxa-", 10, base64url_byte, what::SLACK),
    ("xoxe-", 10, base64url_byte, what::SLACK),
    ("xoxr-", 10, base64url_byte, what::SLACK),
    ("xoxs-", 10, base64url_byte, what::SLACK),
];

/// Webhook addresses whose path is the secret: whoever has it can post (Slack's incoming
/// webhooks, Teams' incoming webhooks old and new, Discord).
const WEBHOOKS: &[&str] = &[
    "hooks.slack.com/services/",
    "hooks.slack.com/workflows/",
    "hooks.slack.com/triggers/",
    ".webhook.office.com/webhookb2/",
    "outlook.office.com/webhook/",
    "discord.com/api/webhooks/",
    "discordapp.com/api/webhooks/",
];

/// User names that are URI schemes (`mailto:user@host`), not a `user:password` pair.
const SCHEMES: &[&str] = &["mailto", "sip", "sips", "tel", "xmpp", "im", "pres"];

/// JWTs (`eyJ…`, also the first part of one wrapped over lines), credentials in URLs, webhook
/// URLs and tokens with a published prefix.
pub fn tokens(line: &str, lower: &str, out: &mut Vec<Span>) {
    let b = line.as_bytes();
    let jwt_byte = |c: u8| c.is_ascii_alphanumeric() || b"-_.".contains(&c);
    let mut from = 0;
    while let Some(found) = find_from(line, "eyJ", from) {
        // A JWT wrapped over lines may start mid-token here: take the whole base64url run.
        let run = b.get(from..found).unwrap_or_default().iter().rev().take_while(|c| jwt_byte(**c)).count();
        let at = found - run;
        let end = find_byte(b, at, |c| !jwt_byte(c)).unwrap_or(b.len());
        from = end.max(at + 3);
        if end - found >= 20 || line.get(at..end).is_some_and(|jwt| jwt.contains(".eyJ")) {
            out.push((at, end, what::JWT));
        }
    }
    let mut from = 0;
    while let Some(at) = find_from(line, "://", from) {
        from = at + 3;
        let rest = line.get(from..).unwrap_or_default();
        let host = rest.split(['/', ' ', '"', '\'']).next().unwrap_or(rest);
        if let Some(userinfo) = host.rfind('@') {
            out.push((from, from + userinfo, what::URL_CREDENTIALS));
        }
    }
    user_password(b, out);
    for (prefix, shortest, body, what) in PREFIXES {
        let mut from = 0;
        while let Some(at) = find_from(line, prefix, from) {
            let start = at + prefix.len();
            let end = find_byte(b, start, |c| !body(c)).unwrap_or(b.len());
            from = end.max(start);
            // A token starts a word: `rapidapi…` holds no Databricks token.
            let starts_word = byte_before(b, at).is_none_or(|c| !c.is_ascii_alphanumeric());
            if starts_word && end - start >= *shortest {
                out.push((at, end, what));
            }
        }
    }
    for marker in WEBHOOKS {
        let mut from = 0;
        while let Some(at) = find_lower(lower, marker, from) {
            let start = at + marker.len();
            let end = find_byte(b, start, |c| b" \t\r\"'<>`)]}|,;".contains(&c)).unwrap_or(b.len());
            from = end.max(start);
            let removed = line.get(start..).is_some_and(|rest| rest.starts_with(MARK));
            if end > start && !removed {
                out.push((start, end, what::WEBHOOK));
            }
        }
    }
}

/// `proxy=user:pass@host`, `http_proxy: user:pass@proxy:8080`: a password before an `@`
/// without a scheme (with one, the `://` rule takes the user too). Each `@` looks back no
/// further than the one before it, so the line is walked once.
fn user_password(b: &[u8], out: &mut Vec<Span>) {
    let mut floor = 0;
    for (at, _) in b.iter().enumerate().filter(|(_, c)| **c == b'@') {
        let start = b
            .get(floor..at)
            .unwrap_or_default()
            .iter()
            .rposition(|c| b" \t\"'=/,;(<>[{|`@".contains(c))
            .map_or(floor, |i| floor + i + 1);
        floor = at + 1;
        let Some(colon) = b.get(start..at).and_then(|s| s.iter().position(|c| *c == b':')).map(|c| start + c) else {
            continue;
        };
        let user = b.get(start..colon).unwrap_or_default();
        let host_follows = b.get(at + 1).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'[');
        let scheme = SCHEMES.iter().any(|s| s.as_bytes().eq_ignore_ascii_case(user));
        if !user.is_empty() && colon + 1 < at && host_follows && !scheme {
            out.push((colon + 1, at, what::URL_CREDENTIALS));
        }
    }
}
