//! Secrets given to a command as an option: `--password x`, `--proxy-password=x`,
//! `-Password:$x`, `sqlcmd -P x`, `mysql -px`, `sshpass -p x`, `curl -u user:x`, `curl -b 'a=b'`,
//! `ConvertTo-SecureString 'x' -AsPlainText`. An option names a secret by the same vocabulary
//! as a key ([`rules::VOCABULARY`]); the single letters only for the tools that read them so
//! (`psql -p` and `ssh -p` take a port).

use super::rules::{self, byte_before, find_byte, find_lower, words, Span, MARK};
use super::what;

/// Tools whose `-p` is a password (attached as `-pX` too, for the MySQL family and sshpass).
const LOWER_P: &[&str] = &[
    "login",
    "sshpass",
    "mysql",
    "mysqldump",
    "mysqladmin",
    "mysqlimport",
    "mysqlshow",
    "mysqlcheck",
    "mysqlsh",
    "mariadb",
    "mariadb-dump",
    "mongo",
    "mongosh",
    "mongodump",
    "mongorestore",
    "mongoexport",
    "mongoimport",
];
/// Tools that take `-pX` attached (a space after `-p` makes mysql prompt instead).
const ATTACHED_LOWER_P: &[&str] = &[
    "sshpass",
    "mysql",
    "mysqldump",
    "mysqladmin",
    "mysqlimport",
    "mysqlshow",
    "mysqlcheck",
    "mariadb",
    "mariadb-dump",
];
/// Tools whose `-P` is a password (SQL Server's).
const UPPER_P: &[&str] = &["sqlcmd", "bcp", "osql", "isql"];

/// Options that start no value although their last word names a secret.
const NO_VALUE: &[&str] = &["no-", "skip-", "ask-", "prompt-"];

/// Which tools a line names, for the options whose meaning depends on the tool.
#[derive(Default)]
struct Tools {
    lower_p: bool,
    attached_lower_p: bool,
    upper_p: bool,
    curl: bool,
    redis: bool,
    /// The line is about a secret (`az keyvault secret set --value`).
    secret: bool,
}

impl Tools {
    fn of(line: &str, lower: &str) -> Tools {
        let mut tools = Tools { secret: lower.contains("secret"), ..Tools::default() };
        for (_, word) in words(line) {
            let is = |names: &[&str]| names.iter().any(|n| n.as_bytes().eq_ignore_ascii_case(word));
            tools.lower_p |= is(LOWER_P);
            tools.attached_lower_p |= is(ATTACHED_LOWER_P);
            tools.upper_p |= is(UPPER_P);
            tools.curl |= word.eq_ignore_ascii_case(b"curl");
            tools.redis |= word.eq_ignore_ascii_case(b"redis-cli");
        }
        tools
    }
}

/// What an option's value is.
enum Takes {
    /// The whole value is the secret.
    Secret(&'static str),
    /// `user:password`: what follows the first `:`.
    UserPassword,
    /// curl's `--cert file:password`: what follows the last `:` (a Windows path has one).
    CertPassword,
}

/// What option `word` (dashes included) takes, if a secret.
fn option(word: &[u8], tools: &Tools) -> Option<Takes> {
    let name = word.get(word.iter().position(|c| *c != b'-')?..)?;
    let dashes = word.len() - name.len();
    let is = |n: &str| n.as_bytes().eq_ignore_ascii_case(name);
    match (dashes, name) {
        (1, b"p") if tools.lower_p => return Some(Takes::Secret(what::PASSWORD)),
        (1, b"P") if tools.upper_p => return Some(Takes::Secret(what::PASSWORD)),
        (1, b"a") if tools.redis => return Some(Takes::Secret(what::PASSWORD)),
        (1, b"b") if tools.curl => return Some(Takes::Secret(what::COOKIE)),
        (1, b"u" | b"U") if tools.curl => return Some(Takes::UserPassword),
        (1, b"E") if tools.curl => return Some(Takes::CertPassword),
        // PuTTY's plink, pscp and psftp.
        (1, b"pw") => return Some(Takes::Secret(what::PASSWORD)),
        (_, _) if name.len() < 3 => return None,
        _ => {}
    }
    if tools.curl && (is("user") || is("proxy-user")) {
        return Some(Takes::UserPassword);
    }
    if tools.curl && (is("cert") || is("proxy-cert")) {
        return Some(Takes::CertPassword);
    }
    if is("cookie") {
        return Some(Takes::Secret(what::COOKIE));
    }
    if is("passin") || is("passout") {
        return Some(Takes::Secret(what::PASSWORD));
    }
    // `az keyvault secret set --value`, `Set-AzKeyVaultSecret -SecretValue`.
    if is("secretvalue") || is("value") && tools.secret {
        return Some(Takes::Secret(what::SECRET_VALUE));
    }
    if NO_VALUE
        .iter()
        .any(|p| name.len() > p.len() && name.get(..p.len()).is_some_and(|n| n.eq_ignore_ascii_case(p.as_bytes())))
    {
        return None;
    }
    let (tail, camel) = rules::last_parts(name);
    rules::vocabulary(tail).or_else(|| rules::camel_vocabulary(camel)).map(Takes::Secret)
}

/// Where a shell word starting at `i` ends: at an unquoted space or command separator, quotes
/// and backslash escapes taken whole.
fn word_end(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' | b'\r' | b'|' | b';' | b'&' | b'<' | b'>' | b')' => break,
            b'\'' => i = find_byte(b, i + 1, |c| c == b'\'').map_or(b.len(), |j| j + 1),
            b'"' => {
                i += 1;
                while let Some(&c) = b.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
            }
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    i.min(b.len())
}

/// [`word_end`] remembered: a value that starts inside the last one scanned ends where it
/// ended, so a line of `--password "--password "…` is scanned once (as `rules::Ends`).
#[derive(Default)]
struct WordEnds {
    last: Option<(usize, usize)>,
}

impl WordEnds {
    fn end(&mut self, b: &[u8], start: usize) -> usize {
        if let Some((from, end)) = self.last {
            if (from..=end).contains(&start) {
                return end;
            }
        }
        let end = word_end(b, start);
        self.last = Some((start, end));
        end
    }
}

/// The value as a span: inside its quotes when the whole word is one quoted string.
fn value(b: &[u8], start: usize, end: usize) -> (usize, usize) {
    let first = b.get(start).copied();
    let quoted = matches!(first, Some(b'\'' | b'"')) && end >= start + 2 && b.get(end - 1).copied() == first;
    if quoted {
        (start + 1, end - 1)
    } else {
        (start, end)
    }
}

/// `--password x`, `--proxy-password=x`, `-Password:$x`, `-p x` and `-px` for the tools that
/// read them so, `curl -u user:x`, `curl -b 'a=b'`, `ConvertTo-SecureString 'x' -AsPlainText`.
pub fn options(line: &str, lower: &str, out: &mut Vec<Span>) {
    let b = line.as_bytes();
    let tools = Tools::of(line, lower);
    let mut ends = WordEnds::default();
    // An option is a whole word (its dashes are word bytes) after a space.
    for (at, word) in words(line) {
        if word.first() != Some(&b'-') || byte_before(b, at).is_some_and(|c| !matches!(c, b' ' | b'\t')) {
            continue;
        }
        let after = at + word.len();
        let takes = option(word, &tools);
        let start = match (takes.is_some(), b.get(after)) {
            (true, Some(b' ' | b'\t')) => find_byte(b, after, |c| !matches!(c, b' ' | b'\t')).unwrap_or(b.len()),
            (true, Some(b'=' | b':')) => after + 1,
            _ => {
                attached(b, at, word, &tools, &mut ends, out);
                continue;
            }
        };
        // The next option is not a value (`--password --tenant t` prompts).
        if b.get(start).is_none_or(|c| *c == b'-') {
            continue;
        }
        let end = ends.end(b, start);
        let (s, e) = value(b, start, end);
        if line.get(s..e).is_none_or(|v| v.is_empty() || v == MARK) {
            continue;
        }
        match takes {
            Some(Takes::Secret(what)) => out.push((s, e, what)),
            Some(Takes::UserPassword) => {
                // Only within the value: a search past it would rescan the line per option.
                let colon = b.get(s..e).and_then(|v| v.iter().position(|c| *c == b':')).map(|c| s + c);
                if let Some(colon) = colon.filter(|c| *c + 1 < e) {
                    out.push((colon + 1, e, what::PASSWORD));
                }
            }
            Some(Takes::CertPassword) => {
                let colon = b.get(s..e).and_then(|v| v.iter().rposition(|c| *c == b':')).map(|c| s + c);
                // `C:\certs\client.pem` has its drive's colon and no password.
                let drive = |c: usize| c == s + 1 && b.get(c + 1) == Some(&b'\\');
                if let Some(colon) = colon.filter(|c| *c + 1 < e && !drive(*c)) {
                    out.push((colon + 1, e, what::PASSWORD));
                }
            }
            None => {}
        }
    }
    if let Some(at) = find_lower(lower, "convertto-securestring", 0) {
        let mut i = at + "convertto-securestring".len();
        if line.get(i..).is_some_and(|rest| rest.trim_start().to_ascii_lowercase().starts_with("-string")) {
            i = find_lower(lower, "-string", i).map_or(i, |j| j + "-string".len());
        }
        let start = find_byte(b, i, |c| c != b' ').unwrap_or(b.len());
        if !matches!(b.get(start), None | Some(b'-' | b'$' | b'(')) {
            let (s, e) = value(b, start, word_end(b, start));
            if line.get(s..e).is_some_and(|v| !v.is_empty() && v != MARK) {
                out.push((s, e, what::PASSWORD));
            }
        }
    }
}

/// `mysql -pSECRET`, `sqlcmd -PSECRET`: the password attached to its option.
fn attached(b: &[u8], at: usize, word: &[u8], tools: &Tools, ends: &mut WordEnds, out: &mut Vec<Span>) {
    let takes = match word {
        [b'-', b'p', _, ..] => tools.attached_lower_p,
        [b'-', b'P', _, ..] => tools.upper_p,
        _ => false,
    };
    if takes {
        let start = at + 2;
        let end = ends.end(b, start);
        let (s, e) = value(b, start, end);
        if b.get(s..e).is_some_and(|v| v != MARK.as_bytes()) && e > s {
            out.push((s, e, what::PASSWORD));
        }
    }
}
