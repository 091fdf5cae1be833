//! The known shapes of secrets on one line: values of keys that name a secret. Each rule
//! reports byte ranges to remove; every range starts and ends at an ASCII byte or the line's
//! end, so cutting there can never split a character (a multi-byte character never contains
//! an ASCII byte). Options (`--password x`) are in [`super::options`], token shapes in
//! [`super::tokens`], multi-line blocks in [`super::blocks`].

use super::what;

/// A range of a line to remove, and what it held.
pub type Span = (usize, usize, &'static str);

/// Keys whose value is a secret, matched whole and case-insensitively, in `key=value`,
/// `key: value`, `"key": "value"`, `\"key\":…`, `$env:KEY = "…"` and `KEY: …` (YAML) forms.
/// Keys not listed still count when their last part is a word of [`VOCABULARY`].
const SECRET_KEYS: &[(&str, &str)] = &[
    ("password", what::PASSWORD),
    ("passwd", what::PASSWORD),
    ("pwd", what::PASSWORD),
    ("client_secret", what::CLIENT_SECRET),
    ("clientsecret", what::CLIENT_SECRET),
    ("azure_client_secret", what::CLIENT_SECRET),
    ("arm_client_secret", what::CLIENT_SECRET),
    ("azure_client_certificate_password", what::PASSWORD),
    ("secret", what::SECRET),
    ("accountkey", what::STORAGE_KEY),
    ("sharedaccesskey", what::SHARED_ACCESS_KEY),
    ("sharedkey", what::SHARED_KEY),
    ("primarykey", what::ACCESS_KEY),
    ("secondarykey", what::ACCESS_KEY),
    ("primaryconnectionstring", what::CONNECTION_STRING),
    ("secondaryconnectionstring", what::CONNECTION_STRING),
    ("primarymasterkey", what::ACCESS_KEY),
    ("aeg-sas-key", what::ACCESS_KEY),
    ("aeg-sas-token", what::TOKEN),
    ("x-functions-key", what::FUNCTION_KEY),
    ("ocp-apim-subscription-key", what::SUBSCRIPTION_KEY),
    ("subscription-key", what::SUBSCRIPTION_KEY),
    ("api-key", what::API_KEY),
    ("apikey", what::API_KEY),
    ("api_key", what::API_KEY),
    ("x-api-key", what::API_KEY),
    ("access_token", what::TOKEN),
    ("accesstoken", what::TOKEN),
    ("refresh_token", what::TOKEN),
    ("id_token", what::TOKEN),
    ("token", what::TOKEN),
    ("sig", what::SAS_SIGNATURE),
    ("code", what::FUNCTION_KEY),
    ("authorization", what::AUTHORIZATION),
    ("proxy-authorization", what::AUTHORIZATION),
    ("cookie", what::COOKIE),
    ("set-cookie", what::COOKIE),
    ("value", what::SECRET_VALUE),
    ("aws_access_key_id", what::AWS_KEY_ID),
];

/// Words that name a secret in the vocabulary of common tools, as the last part of a key or an
/// option (`ARM_CLIENT_SECRET`, `x-api-key`, `_authToken`, `--proxy-password`, `-ClientSecret`):
/// parts are split at `-`, `_` and a lower-to-upper case change.
pub const VOCABULARY: &[(&str, &str)] = &[
    ("password", what::PASSWORD),
    ("passwd", what::PASSWORD),
    ("pwd", what::PASSWORD),
    ("pass", what::PASSWORD),
    ("passphrase", what::PASSWORD),
    ("secret", what::SECRET),
    ("token", what::TOKEN),
    ("key", what::KEY),
    ("apikey", what::API_KEY),
    ("auth", what::CREDENTIAL),
    ("credential", what::CREDENTIAL),
    ("credentials", what::CREDENTIAL),
    ("sig", what::SIGNATURE),
    ("signature", what::SIGNATURE),
];

/// Endings that name a secret without a separator (`PGPASSWORD`, `mysqlpassword`).
const SUFFIXES: &[(&str, &str)] =
    &[("password", what::PASSWORD), ("passwd", what::PASSWORD), ("secret", what::SECRET), ("token", what::TOKEN)];

/// Bare words that are also prose ("the token: expired", "Key: vault"): with an unquoted `:`
/// their value must not be a short plain word.
const PROSE: &[&str] =
    &["token", "secret", "code", "value", "key", "auth", "pass", "credential", "credentials", "signature"];

/// Last parts that say an environment variable holds no secret although another part names one
/// (`KEY_VAULT_NAME`, `SECRET_URI`, `AZURE_CLIENT_SECRET_PATH`).
const NOT_SECRET: &[&str] = &[
    "NAME", "NAMES", "ID", "URL", "URI", "HOST", "ENDPOINT", "REGION", "LOCATION", "TYPE", "MODE", "FILE", "PATH",
    "DIR", "VERSION", "ENABLED", "USER", "USERNAME", "VAULT", "SIZE", "LENGTH", "FORMAT", "SCOPE", "ISSUER",
    "AUDIENCE",
];

/// Attributes a Terraform state holds in the clear although their names name no secret
/// (`random_password`'s `result`, a VM's `custom_data`, an AKS cluster's raw kubeconfig).
const TERRAFORM_KEYS: &[&str] = &[
    "result",
    "bcrypt_hash",
    "custom_data",
    "content",
    "sensitive_content",
    "kube_config_raw",
    "kube_admin_config_raw",
    "client_key",
    "private_key_pem",
    "private_key_openssh",
    "private_key_pem_pkcs8",
];

/// Keys whose value runs to the end of the header (spaces and `;` included).
const WHOLE_VALUE: &[&str] = &["authorization", "proxy-authorization", "cookie", "set-cookie", "aeg-sas-token"];

pub const MARK: &str = "[removed]";

/// The first `needle` (lower-case ASCII) from byte `from` on in `lower`, the line with its ASCII
/// letters lowered. ASCII lowering changes no byte's length or place, so the offset is valid in
/// the original line; each line is lowered once for all the rules.
pub fn find_lower(lower: &str, needle: &str, from: usize) -> Option<usize> {
    Some(from + lower.get(from..)?.find(needle)?)
}

/// The first byte from `from` on that `stop` accepts.
pub fn find_byte(b: &[u8], from: usize, mut stop: impl FnMut(u8) -> bool) -> Option<usize> {
    let at = b.get(from..)?.iter().position(|&c| stop(c))?;
    Some(from + at)
}

/// The first `needle` from byte `from` on.
pub fn find_from(line: &str, needle: &str, from: usize) -> Option<usize> {
    let at = line.get(from..)?.find(needle)?;
    Some(from + at)
}

/// The byte just before `at`, if any.
pub fn byte_before(b: &[u8], at: usize) -> Option<u8> {
    b.get(at.checked_sub(1)?).copied()
}

pub fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Every maximal run of [`word_byte`]s with its byte offset.
pub fn words(line: &str) -> impl Iterator<Item = (usize, &[u8])> {
    let b = line.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + b.get(from..)?.iter().position(|c| word_byte(*c))?;
        let len = b.get(at..)?.iter().position(|c| !word_byte(*c)).unwrap_or(b.len() - at);
        from = at + len;
        Some((at, b.get(at..from)?))
    })
}

/// How a value ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// At the first delimiter, spaces included.
    Plain,
    /// At the end of a header (a closing quote or the line's end).
    Whole,
    /// In a connection string: at the next `;` (or the string's closing `"`), spaces, `&`, `,`
    /// and `)` included, as ADO.NET and ODBC read an unquoted value.
    Connection,
    /// ODBC's `{…}`, where `}}` stands for `}`.
    Braced,
    /// At the closing quote (`QUOTES[i]`); a doubled quote stands for itself (ADO.NET,
    /// PowerShell).
    Quoted(usize),
}

/// The quotes a value may open with, longest first.
const QUOTES: [&str; 3] = [r#"\""#, "\"", "'"];

/// Where a value starting at `start` ends.
fn value_end(b: &[u8], start: usize, mode: Mode) -> usize {
    let stop = |stops: &[u8], escaped_quote: bool| {
        let rest = b.get(start..).unwrap_or_default();
        rest.iter()
            .enumerate()
            .position(|(i, c)| {
                stops.contains(c)
                    || (*c == b'\\' && escaped_quote && rest.get(i + 1) == Some(&b'"'))
                    || (*c == b'"' && !escaped_quote && i.checked_sub(1).and_then(|j| rest.get(j)) != Some(&b'\\'))
            })
            .map_or(b.len(), |i| start + i)
    };
    match mode {
        Mode::Plain => stop(b";&,\"' \t}\r)<>", true),
        Mode::Whole => stop(b"\"'\r", true),
        Mode::Connection => stop(b";\r", false),
        Mode::Braced => {
            let mut i = start + 1;
            while let Some(close) = find_byte(b, i, |c| c == b'}') {
                if b.get(close + 1) != Some(&b'}') {
                    return close + 1;
                }
                i = close + 2;
            }
            b.len()
        }
        Mode::Quoted(q) => {
            let quote = QUOTES.get(q).copied().unwrap_or("\"").as_bytes();
            let mut i = start;
            loop {
                let Some(at) = b.get(i..).and_then(|rest| rest.windows(quote.len()).position(|w| w == quote)) else {
                    return b.len();
                };
                let at = i + at;
                // `""` or `''` inside a quoted value is the quote itself (`\"\"` in JSON).
                if b.get(at + quote.len()..at + 2 * quote.len()) == Some(quote) {
                    i = at + 2 * quote.len();
                    continue;
                }
                return at;
            }
        }
    }
}

/// [`value_end`] remembered per mode: a value that starts inside the last value of the same
/// mode ends where that one ended (no delimiter lies between), so a line of `password:`
/// repeated is scanned once, not once per key. Without it removal was quadratic in such lines.
#[derive(Default)]
pub struct Ends {
    /// `(start, end)` of the last value scanned, per mode: plain, whole, connection, braced,
    /// then each opening quote of [`QUOTES`].
    last: [Option<(usize, usize)>; 7],
}

impl Ends {
    fn end(&mut self, b: &[u8], start: usize, mode: Mode) -> usize {
        let slot = match mode {
            Mode::Plain => 0,
            Mode::Whole => 1,
            Mode::Connection => 2,
            Mode::Braced => 3,
            Mode::Quoted(q) => 4 + q,
        };
        let Some(last) = self.last.get_mut(slot) else { return value_end(b, start, mode) };
        if let Some((from, end)) = *last {
            if (from..=end).contains(&start) {
                return end;
            }
        }
        let end = value_end(b, start, mode);
        *last = Some((start, end));
        end
    }
}

/// What a key says its value is.
#[derive(Clone, Copy)]
struct Named {
    what: &'static str,
    /// The exact key of [`SECRET_KEYS`] (lower case), for the keys with rules of their own.
    exact: Option<&'static str>,
    /// A bare word of [`PROSE`].
    prose: bool,
    /// Named by an environment variable's inner part (`SECRET_KEY_BASE`): only with `=`.
    env: bool,
    /// Runs to the end of the header.
    whole: bool,
}

/// The part after the last `-` or `_`, and the last part of that at a lower-to-upper change.
pub fn last_parts(word: &[u8]) -> (&[u8], &[u8]) {
    let sep = word.iter().rposition(|c| matches!(c, b'-' | b'_')).map_or(0, |i| i + 1);
    let tail = word.get(sep..).unwrap_or_default();
    let camel = (1..tail.len())
        .rev()
        .find(|&i| {
            tail.get(i).is_some_and(u8::is_ascii_uppercase)
                && tail.get(i - 1).is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        .unwrap_or(0);
    (tail, tail.get(camel..).unwrap_or_default())
}

/// A word of [`VOCABULARY`], if `part` is one.
pub fn vocabulary(part: &[u8]) -> Option<&'static str> {
    VOCABULARY.iter().find(|(w, _)| w.as_bytes().eq_ignore_ascii_case(part)).map(|(_, what)| *what)
}

/// [`vocabulary`] for the last part of a camel-case name. `Auth` and `Credential` end class
/// names in SDK errors (`EnvironmentCredential: EnvironmentCredential authentication
/// unavailable`, `disableLocalAuth`), not keys that hold a secret.
pub fn camel_vocabulary(part: &[u8]) -> Option<&'static str> {
    let class = ["auth", "credential", "credentials"].iter().any(|w| w.as_bytes().eq_ignore_ascii_case(part));
    vocabulary(part).filter(|_| !class)
}

/// What the key `word` names, if a secret.
fn named(word: &[u8], terraform: bool) -> Option<Named> {
    let plain = Named { what: what::SECRET, exact: None, prose: false, env: false, whole: false };
    if let Some((key, what)) = SECRET_KEYS.iter().find(|(k, _)| k.as_bytes().eq_ignore_ascii_case(word)) {
        let prose = PROSE.contains(key);
        return Some(Named { what, exact: Some(key), prose, whole: WHOLE_VALUE.contains(key), ..plain });
    }
    if terraform && TERRAFORM_KEYS.iter().any(|k| k.as_bytes().eq_ignore_ascii_case(word)) {
        return Some(Named { what: what::TERRAFORM, ..plain });
    }
    let (tail, camel) = last_parts(word);
    if tail.len() < word.len() && tail.eq_ignore_ascii_case(b"authorization") {
        return Some(Named { what: what::AUTHORIZATION, whole: true, ..plain });
    }
    if let Some(what) = vocabulary(tail).or_else(|| camel_vocabulary(camel)) {
        let prose = PROSE.iter().any(|p| p.as_bytes().eq_ignore_ascii_case(word));
        return Some(Named { what, prose, ..plain });
    }
    let ends_with = |s: &str| {
        word.len()
            .checked_sub(s.len())
            .and_then(|at| word.get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case(s.as_bytes()))
    };
    if let Some((_, what)) = SUFFIXES.iter().find(|(s, _)| ends_with(s)) {
        return Some(Named { what, ..plain });
    }
    environment(word).then_some(Named { what: what::ENVIRONMENT, env: true, ..plain })
}

/// `SECRET_KEY_BASE`, `DB_PASS_PHRASE`: an upper-case variable with a secret word in any part
/// and a last part that is no [`NOT_SECRET`] (.env files, `export`, `ENV`, `set`).
fn environment(word: &[u8]) -> bool {
    if !word.contains(&b'_') || !word.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_') {
        return false;
    }
    let mut parts = word.split(|c| *c == b'_').filter(|p| !p.is_empty());
    let last = parts.clone().next_back().unwrap_or_default();
    !NOT_SECRET.iter().any(|n| n.as_bytes() == last) && parts.any(|p| vocabulary(p).is_some())
}

/// What the lines above say about this one.
#[derive(Clone, Copy, Default)]
pub struct Context {
    /// The line above names a secret whose value follows (`- name: DB_PASSWORD`).
    pub after_secret_name: bool,
    /// Inside a Terraform state (`"terraform_version"` above).
    pub terraform: bool,
}

/// `key=value`, `key: value`, `"key": "value"`, `\"key\": \"value\"`, connection strings
/// (`;Password=a b,c;`, `Password="a;b"`, `PWD={a;b}`), `.env` assignments.
/// `"value"` (JSON) is removed unless it is an address (`ipRules`); a bare `value:` only on the
/// line after a secret's name (YAML env).
///
/// A key counts only as a whole word (a run of [`word_byte`]s), so the line is walked once, word
/// by word, instead of searched once per key: this ran for every line of every copied report.
pub fn keyed(line: &str, context: Context, out: &mut Vec<Span>) {
    let mut ends = Ends::default();
    for (at, word) in words(line) {
        if let Some(named) = named(word, context.terraform) {
            keyed_value(line, at, word.len(), named, context, &mut ends, out);
        }
    }
}

/// Whether the key at `at` is the first of a string or follows a `;`: a connection string's
/// pair, whose unquoted value runs to the next `;`.
fn starts_pair(b: &[u8], at: usize) -> bool {
    matches!(before(b, at), None | Some(b';' | b'"' | b'\''))
}

/// The last byte before `at` that is not a space or a tab.
fn before(b: &[u8], at: usize) -> Option<u8> {
    b.get(..at).unwrap_or_default().iter().rev().find(|c| !matches!(c, b' ' | b'\t')).copied()
}

/// The value after the key word at `at`, if it is assigned one that reads as a secret.
fn keyed_value(
    line: &str,
    at: usize,
    len: usize,
    named: Named,
    context: Context,
    ends: &mut Ends,
    out: &mut Vec<Span>,
) {
    let b = line.as_bytes();
    let mut i = at + len;
    // Closing quote of the key (`"`, `'`, `\"`), spaces, then `=` or `:`.
    while matches!(b.get(i), Some(b'"' | b'\'' | b'\\')) {
        i += 1;
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let Some(&sep) = b.get(i) else { return };
    let key = named.exact.unwrap_or_default();
    if !(sep == b'=' || sep == b':' && key != "sig" && !named.env) {
        return;
    }
    i += 1;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let quote = QUOTES.iter().position(|q| b.get(i..).is_some_and(|r| r.starts_with(q.as_bytes())));
    let opens = b.get(i).copied();
    // `"password": {…}`, `"keys": [` are structures, not values.
    if sep == b':' && matches!(opens, Some(b'{' | b'[')) {
        return;
    }
    // SAS parameters and function keys are URL-encoded: `&` ends them.
    let pair = sep == b'=' && quote.is_none() && !matches!(key, "sig" | "code") && starts_pair(b, at);
    let mode = match quote {
        Some(q) => Mode::Quoted(q),
        None if sep == b'=' && opens == Some(b'{') => Mode::Braced,
        None if named.whole => Mode::Whole,
        None if pair => Mode::Connection,
        None => Mode::Plain,
    };
    let start = i + quote.and_then(|q| QUOTES.get(q)).map_or(0, |q| q.len());
    let end = ends.end(b, start, mode).max(start);
    let Some(value) = line.get(start..end) else { return };
    let trimmed = value.trim();
    if trimmed.is_empty()
        || trimmed == MARK
        || ["true", "false", "null"].iter().any(|w| trimmed.eq_ignore_ascii_case(w))
    {
        return;
    }
    // `WWW-Authenticate: Bearer authorization="https://…"` names where to sign in.
    if key == "authorization" && value.starts_with("http") {
        return;
    }
    // `credentials:\n\tEnvironmentCredential: …`: a prose word ends a line of an escaped
    // string (a Go or Python error printed with its `\n`); what follows is the next line.
    if named.prose && quote.is_none() && ["\\n", "\\t", "\\r"].iter().any(|e| value.starts_with(e)) {
        return;
    }
    // `AzureContainerRegistryPassword: "Access denied. The specified … needs to have Get, List …"`:
    // a message in the key's place, printed instead of the value (8 words or more, a sentence
    // ended), is kept; a passphrase is rarely that long and never a sentence of an error.
    if quote.is_some() && value.split(' ').filter(|w| !w.is_empty()).count() >= 8 && value.contains(". ") {
        return;
    }
    // Words that also occur in prose ("the token: the vault names…") need a value that
    // is not a plain word unless it is quoted or assigned with `=`.
    if named.prose
        && quote.is_none()
        && sep == b':'
        && value.len() < 16
        && value.bytes().all(|c| c.is_ascii_alphabetic())
    {
        return;
    }
    // A status in capitals before more words (`contoso-prod-auth-secret:   READ ERROR (same)`)
    // reports on a secret; it is not its value.
    let capitals = value.len() < 16 && value.bytes().all(|c| c.is_ascii_uppercase());
    // The next word is looked for only after such a status, and stops at it: no rescans.
    let more = || b.get(end) == Some(&b' ') && find_byte(b, end, |c| !matches!(c, b' ' | b'\t' | b'\r')).is_some();
    if sep == b':' && quote.is_none() && capitals && more() {
        return;
    }
    let quoted_key = byte_before(b, at) == Some(b'"');
    if key == "value" && (!quoted_key && !context.after_secret_name || address(value)) {
        return;
    }
    // In a URL's query (`?code=…`, `&code=…`) it is a function key or an OAuth code, any length.
    let query = matches!(byte_before(b, at), Some(b'?' | b'&'));
    // `Code="ResourceGroupNotFound"`: an error code in letters is no key, however long.
    let letters = value.bytes().all(|c| c.is_ascii_alphabetic());
    if key == "code" && (sep != b'=' || value.len() < 20 && !query || letters && !query) {
        return; // `"code": "Forbidden"` is an error code, not a function key
    }
    // A password between `;`s is a connection string's.
    let closing = quote.and_then(|q| QUOTES.get(q)).map_or(0, |q| q.len());
    let in_string = before(b, at) == Some(b';') || b.get(end + closing) == Some(&b';');
    let what =
        if sep == b'=' && in_string && named.what == what::PASSWORD { what::CONNECTION_PASSWORD } else { named.what };
    out.push((start, end, what));
}

/// `20.61.11.4/32`: the one shape of a `"value"` a diagnosis reads (a firewall's `ipRules`).
fn address(value: &str) -> bool {
    // The longest is an IPv6 address with a prefix: 43 characters.
    if value.len() > 64 {
        return false;
    }
    let (ip, prefix) = value.split_once('/').unwrap_or((value, "0"));
    ip.parse::<std::net::IpAddr>().is_ok() && prefix.parse::<u8>().is_ok()
}

/// Whether a line names a secret whose value follows on the next line (`name: AZURE_CLIENT_SECRET`).
pub fn names_secret(lower: &str) -> bool {
    lower.contains("name") && ["secret", "password", "key", "token"].iter().any(|w| lower.contains(w))
}
