//! The known shapes of secrets on one line. Each rule reports byte ranges to remove; every
//! range starts and ends at an ASCII byte or the line's end, so cutting there can never split a
//! character (a multi-byte character never contains an ASCII byte).

/// A range of a line to remove, and what it held.
pub type Span = (usize, usize, &'static str);

/// Keys whose value is a secret, in `key=value`, `key: value`, `"key": "value"`, `\"key\":…`,
/// `$env:KEY = "…"` and `KEY: …` (YAML) forms. Matched case-insensitively on word boundaries.
const SECRET_KEYS: &[(&str, &str)] = &[
    ("password", "a password"),
    ("passwd", "a password"),
    ("pwd", "a password"),
    ("client_secret", "a client secret"),
    ("clientsecret", "a client secret"),
    ("azure_client_secret", "a client secret"),
    ("azure_client_certificate_password", "a password"),
    ("secret", "a secret"),
    ("accountkey", "a storage account key"),
    ("sharedaccesskey", "a shared access key"),
    ("sharedkey", "a shared key"),
    ("primarykey", "an access key"),
    ("secondarykey", "an access key"),
    ("primaryconnectionstring", "a connection string"),
    ("secondaryconnectionstring", "a connection string"),
    ("primarymasterkey", "an access key"),
    ("x-functions-key", "a function key"),
    ("ocp-apim-subscription-key", "a subscription key"),
    ("api-key", "an API key"),
    ("apikey", "an API key"),
    ("access_token", "a token"),
    ("accesstoken", "a token"),
    ("refresh_token", "a token"),
    ("id_token", "a token"),
    ("token", "a token"),
    ("sig", "a SAS signature"),
    ("code", "a function key"),
    ("authorization", "an Authorization header"),
    ("cookie", "a cookie"),
    ("set-cookie", "a cookie"),
    ("value", "a secret value"),
];

/// Keys whose value runs to the end of the header (spaces and `;` included).
const WHOLE_VALUE: &[&str] = &["authorization", "cookie", "set-cookie"];

/// Command-line options followed by a secret.
const SECRET_FLAGS: &[(&str, &str)] = &[
    ("--password", "a password"),
    ("-password", "a password"),
    ("--client-secret", "a client secret"),
    ("-clientsecret", "a client secret"),
    ("--secret", "a secret"),
    ("--cookie", "a cookie"),
    ("-b", "a cookie"),
    ("-p", "a password"),
];

pub const MARK: &str = "[removed]";

/// The first `needle` (lower-case ASCII) from byte `from` on in `lower`, the line with its ASCII
/// letters lowered. ASCII lowering changes no byte's length or place, so the offset is valid in
/// the original line; each line is lowered once for all the rules below.
pub fn find_lower(lower: &str, needle: &str, from: usize) -> Option<usize> {
    Some(from + lower.get(from..)?.find(needle)?)
}

/// The first byte from `from` on that `stop` accepts.
fn find_byte(b: &[u8], from: usize, mut stop: impl FnMut(u8) -> bool) -> Option<usize> {
    let at = b.get(from..)?.iter().position(|&c| stop(c))?;
    Some(from + at)
}

/// The first `needle` from byte `from` on.
fn find_from(line: &str, needle: &str, from: usize) -> Option<usize> {
    let at = line.get(from..)?.find(needle)?;
    Some(from + at)
}

/// The byte just before `at`, if any.
fn byte_before(b: &[u8], at: usize) -> Option<u8> {
    b.get(at.checked_sub(1)?).copied()
}

fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Where a value starting at `start` ends: at its closing quote if it opened with one, else at
/// the first delimiter (spaces included unless `whole`).
fn value_end(line: &str, start: usize, quote: Option<&str>, whole: bool) -> usize {
    let b = line.as_bytes();
    if let Some(q) = quote {
        return find_from(line, q, start).unwrap_or(b.len());
    }
    let stop: &[u8] = if whole { b"\"'\r" } else { b";&,\"' \t}\r)<>" };
    let rest = b.get(start..).unwrap_or_default();
    rest.iter()
        .enumerate()
        .position(|(i, c)| stop.contains(c) || (*c == b'\\' && rest.get(i + 1) == Some(&b'"')))
        .map_or(b.len(), |i| start + i)
}

/// [`value_end`] remembered per kind of value: a value that starts inside the last value of the
/// same kind ends where that one ended (no delimiter lies between), so a line of `password:`
/// repeated is scanned once, not once per key. Without it removal was quadratic in such lines.
#[derive(Default)]
struct Ends {
    /// `(start, end)` of the last value scanned, per kind: unquoted, unquoted whole, then each
    /// opening quote of [`QUOTES`].
    last: [Option<(usize, usize)>; 5],
}

/// The quotes a value may open with, longest first.
const QUOTES: [&str; 3] = [r#"\""#, "\"", "'"];

impl Ends {
    fn end(&mut self, line: &str, start: usize, quote: Option<&str>, whole: bool) -> usize {
        let slot = match quote {
            Some(q) => 2 + QUOTES.iter().position(|x| *x == q).unwrap_or(0),
            None => usize::from(whole),
        };
        let Some(last) = self.last.get_mut(slot) else { return value_end(line, start, quote, whole) };
        if let Some((from, end)) = *last {
            if (from..=end).contains(&start) {
                return end;
            }
        }
        let end = value_end(line, start, quote, whole);
        *last = Some((start, end));
        end
    }
}

/// `key=value`, `key: value`, `"key": "value"`, `\"key\": \"value\"`.
/// `"value"` (JSON) is removed unless it is a known-safe shape (`az keyvault secret show`,
/// `keys list`, env arrays); a bare `value:` only on the line after a secret's name (YAML env).
///
/// A key counts only as a whole word (a run of [`word_byte`]s), so the line is walked once, word
/// by word, instead of searched once per key: this ran for every line of every copied report.
pub fn keyed(line: &str, after_secret_name: bool, out: &mut Vec<Span>) {
    let mut ends = Ends::default();
    for (at, word) in words(line) {
        let key = SECRET_KEYS.iter().find(|(k, _)| k.len() == word.len() && k.as_bytes().eq_ignore_ascii_case(word));
        if let Some((key, what)) = key {
            keyed_value(line, at, key, what, after_secret_name, &mut ends, out);
        }
    }
}

/// Every maximal run of [`word_byte`]s with its byte offset.
fn words(line: &str) -> impl Iterator<Item = (usize, &[u8])> {
    let b = line.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + b.get(from..)?.iter().position(|c| word_byte(*c))?;
        let len = b.get(at..)?.iter().position(|c| !word_byte(*c)).unwrap_or(b.len() - at);
        from = at + len;
        Some((at, b.get(at..from)?))
    })
}

/// The value after the key word at `at`, if it is assigned one that reads as a secret.
fn keyed_value(
    line: &str,
    at: usize,
    key: &str,
    what: &'static str,
    after_secret_name: bool,
    ends: &mut Ends,
    out: &mut Vec<Span>,
) {
    let b = line.as_bytes();
    let mut i = at + key.len();
    // Closing quote of the key (`"`, `'`, `\"`), spaces, then `=` or `:`.
    while matches!(b.get(i), Some(b'"' | b'\'' | b'\\')) {
        i += 1;
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let Some(&sep) = b.get(i) else { return };
    if !(sep == b'=' || sep == b':' && key != "sig") {
        return;
    }
    i += 1;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let quote = QUOTES.into_iter().find(|q| b.get(i..).is_some_and(|r| r.starts_with(q.as_bytes())));
    let start = i + quote.map_or(0, str::len);
    let end = ends.end(line, start, quote, WHOLE_VALUE.contains(&key));
    // `WWW-Authenticate: Bearer authorization="https://…"` names where to sign in.
    let Some(value) = line.get(start..end) else { return };
    if value.trim().is_empty() || value == MARK || (key == "authorization" && value.starts_with("http")) {
        return;
    }
    // Words that also occur in prose ("the token: the vault names…") need a value that
    // is not a plain word unless it is quoted or assigned with `=`.
    let prose_word = ["token", "secret", "code", "value"].contains(&key) && quote.is_none() && sep == b':';
    if prose_word && value.len() < 16 && value.bytes().all(|c| c.is_ascii_alphabetic()) {
        return;
    }
    let quoted_key = byte_before(b, at) == Some(b'"');
    if key == "value" && (!quoted_key && !after_secret_name || super::safe::shape(value)) {
        return;
    }
    if key == "code" && (sep != b'=' || value.len() < 20) {
        return; // `"code": "Forbidden"` is an error code, not a function key
    }
    out.push((start, end, what));
}

/// `--password x`, `-p x`, `curl -b 'a=b'`, `ConvertTo-SecureString 'x' -AsPlainText`.
pub fn flags(line: &str, lower: &str, out: &mut Vec<Span>) {
    let b = line.as_bytes();
    let is_login = lower.contains("login");
    let is_curl = lower.contains("curl");
    // An option is a whole word (its dashes are word bytes) after a space.
    for (at, word) in words(line) {
        let flag = SECRET_FLAGS.iter().find(|(f, _)| f.len() == word.len() && f.as_bytes().eq_ignore_ascii_case(word));
        let Some((flag, what)) = flag else { continue };
        if (*flag == "-p" && !is_login) || (*flag == "-b" && !is_curl) {
            continue;
        }
        let after = at + flag.len();
        if byte_before(b, at).is_some_and(|c| c != b' ') || !matches!(b.get(after), Some(b' ' | b'=')) {
            continue;
        }
        if let Some(span) = next_word(line, after + 1, what) {
            out.push(span);
        }
    }
    if let Some(at) = find_lower(lower, "convertto-securestring", 0) {
        let mut i = at + "convertto-securestring".len();
        if line.get(i..).is_some_and(|rest| rest.trim_start().to_ascii_lowercase().starts_with("-string")) {
            i = find_lower(lower, "-string", i).map_or(i, |j| j + "-string".len());
        }
        if let Some(span) = next_word(line, i, "a password") {
            out.push(span);
        }
    }
}

/// The next (possibly quoted) word from `i`, as a span.
fn next_word(line: &str, mut i: usize, what: &'static str) -> Option<Span> {
    let b = line.as_bytes();
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let quote = ["\"", "'"].into_iter().find(|q| b.get(i..).is_some_and(|r| r.starts_with(q.as_bytes())));
    let start = i + quote.map_or(0, str::len);
    let end = match quote {
        Some(q) => find_from(line, q, start).unwrap_or(b.len()),
        None => find_byte(b, start, |c| c == b' ' || c == b')').unwrap_or(b.len()),
    };
    let word = line.get(start..end)?;
    (!word.is_empty() && word != MARK && !word.starts_with('-')).then_some((start, end, what))
}

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
            out.push((start, end, "a bearer token"));
        }
    }
}

fn token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~+/=".contains(&c)
}

/// JWTs (`eyJ…`, also the first part of one wrapped over lines), `https://user:token@host`,
/// and tokens with a known prefix (GitHub).
pub fn tokens(line: &str, out: &mut Vec<Span>) {
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
            out.push((at, end, "a token (JWT)"));
        }
    }
    let mut from = 0;
    while let Some(at) = find_from(line, "://", from) {
        from = at + 3;
        let rest = line.get(from..).unwrap_or_default();
        let host = rest.split(['/', ' ', '"', '\'']).next().unwrap_or(rest);
        if let Some(userinfo) = host.rfind('@') {
            out.push((from, from + userinfo, "credentials in a URL"));
        }
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"] {
        let mut from = 0;
        while let Some(at) = find_from(line, prefix, from) {
            let end = find_byte(b, at, |c| !word_byte(c)).unwrap_or(b.len());
            from = end;
            if end - at >= prefix.len() + 16 {
                out.push((at, end, "a GitHub token"));
            }
        }
    }
}

/// Whether a line names a secret whose value follows on the next line (`name: AZURE_CLIENT_SECRET`).
pub fn names_secret(lower: &str) -> bool {
    lower.contains("name") && ["secret", "password", "key", "token"].iter().any(|w| lower.contains(w))
}
