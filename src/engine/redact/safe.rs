//! Default deny: a long value that looks random is removed unless it has a known-safe shape.
//! The safe shapes are what diagnoses need: GUIDs (object, tenant, request and correlation
//! ids), resource ids, host names, IP addresses, hex thumbprints and hashes.

use std::net::IpAddr;

use super::rules::Span;

/// Values at least this long are judged; shorter ones carry too little to be a key.
const MIN_LEN: usize = 20;

/// Whether `value` is one of the shapes a diagnosis uses (never a secret on its own).
pub fn shape(value: &str) -> bool {
    let v = value.trim();
    let (ip, prefix) = v.split_once('/').unwrap_or((v, "0"));
    (ip.parse::<IpAddr>().is_ok() && prefix.parse::<u8>().is_ok())
        || crate::engine::names::is_guid(v.trim_matches(['{', '}']))
        || (v.starts_with("/subscriptions/")
            && v.split('/').all(|s| s.chars().all(|c| c.is_alphanumeric() || "_()-.".contains(c))))
        || host_like(v)
}

/// `kv.privatelink.vaultcore.azure.net`: dotted labels, none random-looking, a top-level
/// domain of 2–24 letters.
fn host_like(v: &str) -> bool {
    let labels: Vec<&str> = v.trim_end_matches('.').split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && !random_looking(l)
        })
        && labels.last().is_some_and(|l| (2..=24).contains(&l.len()) && l.bytes().all(|c| c.is_ascii_alphabetic()))
}

fn token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"+/=_-~%.".contains(&c)
}

/// Whether one piece (between `/`) looks like random key material.
fn random_looking(piece: &str) -> bool {
    let p = piece.trim_matches(['=', '.', '-', '_']);
    if p.len() < MIN_LEN || shape(p) || p.bytes().all(|c| c.is_ascii_hexdigit() || c == b'-') {
        return false;
    }
    let letters = p.bytes().filter(u8::is_ascii_alphabetic).count();
    let upper = p.bytes().filter(u8::is_ascii_uppercase).count();
    let digits = p.bytes().filter(u8::is_ascii_digit).count();
    if letters == 0 || digits == 0 || entropy(p) < 3.0 {
        return false;
    }
    // Random base64 mixes cases evenly; CamelCase names and lower-case resource names do not.
    let mixed = upper * 5 >= letters && upper * 5 <= letters * 4;
    mixed || (p.len() >= 32 && p.bytes().any(|c| b"+~%".contains(&c)))
}

/// Shannon entropy in bits per byte.
fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        if let Some(count) = counts.get_mut(usize::from(b)) {
            *count += 1;
        }
    }
    let n = s.len() as f64;
    counts.iter().filter(|&&c| c > 0).map(|&c| -(c as f64 / n) * (c as f64 / n).log2()).sum()
}

/// Long random-looking tokens outside `taken` (ranges already removed by a known shape).
pub fn random_tokens(line: &str, taken: &[Span], out: &mut Vec<Span>) {
    let b = line.as_bytes();
    // Taken ranges by start, walked once as tokens move right (a line can hold thousands).
    let mut taken: Vec<(usize, usize)> = taken.iter().map(|(s, e, _)| (*s, *e)).collect();
    taken.sort_unstable();
    let (mut next, mut reach) = (0, 0);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if !token_byte(c) {
            i += 1;
            continue;
        }
        let start = i;
        while b.get(i).is_some_and(|c| token_byte(*c)) {
            i += 1;
        }
        // Token bytes are ASCII: `start` and `i` are character boundaries.
        let token = line.get(start..i).unwrap_or_default();
        // `reach`: the furthest end of the ranges that start before this token ends.
        while let Some(&(_, end)) = taken.get(next).filter(|(s, _)| *s < i) {
            reach = reach.max(end);
            next += 1;
        }
        if token.len() < MIN_LEN || start < reach || token.contains("://") {
            continue;
        }
        // Base64 may hold `/`: judge the pieces, and the whole when it is not a path. An `=`
        // before the end is no padding: `Message=AADSTS700016` is a key and its value, judged
        // apart (together they looked random: mixed case and digits).
        let pair = token.trim_end_matches('=').contains('=');
        let whole = !pair && !token.starts_with('/') && random_looking(&token.replace('/', ""));
        if whole && token.contains(['+', '/']) || token.split(['/', '=']).any(random_looking) {
            out.push((start, i, super::what::RANDOM));
        }
    }
}
