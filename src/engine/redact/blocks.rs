//! Secrets that span lines, read with what the lines above said: private key blocks (PEM,
//! OpenSSH, SSH2, PGP), PuTTY's private lines, a PFX in base64, Kubernetes Secret `data:` and
//! `stringData:` maps, a Terraform state, the value `az keyvault secret show -o tsv` prints.
//! One state is carried from line to line, so a paste is read once from the top, and a note's
//! quote, cleaned with the lines above it, reads the same.

use super::rules::{find_lower, names_secret, Context, Span};
use super::what;

/// PuTTY's `Private-Lines:` counts are small (a 4096-bit RSA key takes 28); a larger one is
/// still honoured up to this many lines.
const MOST_PUTTY_LINES: usize = 10_000;

/// What the lines so far say about the next one.
#[derive(Default)]
pub struct Blocks {
    /// Inside a private key block, and what it is.
    key: Option<&'static str>,
    /// Lines of PuTTY's private key still to come.
    putty: usize,
    /// Inside the base64 lines of a PFX.
    pfx: bool,
    /// Inside a `data:` map: the indentation of its key and of its entries.
    data: Option<(usize, Option<usize>)>,
    /// The YAML document's `kind:` is known and is not `Secret` (a ConfigMap's data stays).
    not_a_secret: bool,
    /// The line above ran a command that prints a secret's value alone.
    prints_secret: bool,
    context: Context,
}

impl Blocks {
    /// What the lines above say about the current line, for the rules that read one line.
    pub fn context(&self) -> Context {
        self.context
    }

    /// The spans of `line` that belong to a block, and what this line says about the next.
    pub fn line(&mut self, line: &str, lower: &str, out: &mut Vec<Span>) {
        let b = line.as_bytes();
        let indent = b.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
        let content_end = line.trim_end().len().max(indent);
        let content = (indent, content_end);
        self.keys(lower, out);
        self.putty(lower, content, out);
        self.pfx(b, content, out);
        self.kubernetes(line, lower, content, out);
        self.secret_output(lower, content, out);
        self.context.after_secret_name = names_secret(lower);
        self.context.terraform |= lower.contains("\"terraform_version\"");
    }

    /// `-----BEGIN … PRIVATE KEY-----` (RSA, EC, ENCRYPTED, OPENSSH, PGP … BLOCK) and SSH2's
    /// `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`, on one line (escaped `\n` in JSON) or many:
    /// everything between the markers.
    fn keys(&mut self, lower: &str, out: &mut Vec<Span>) {
        let mut from = 0;
        loop {
            if let Some(what) = self.key {
                let end = marker(lower, "end ", from);
                let stop = end.unwrap_or(lower.len());
                if stop > from {
                    out.push((from, stop, what));
                }
                let Some(end) = end else { return };
                self.key = None;
                from = end + "----".len();
            }
            let Some(begin) = marker(lower, "begin ", from) else { return };
            let label = begin + "----- begin".len();
            let Some(dashes) = find_lower(lower, "----", label) else { return };
            let body = lower
                .get(dashes..)
                .map_or(lower.len(), |rest| dashes + rest.len() - rest.trim_start_matches('-').len());
            from = body;
            let label = lower.get(label..dashes).unwrap_or_default();
            if label.contains("private key") {
                self.key = Some(if label.contains("pgp") { what::PGP } else { what::PEM });
            }
        }
    }

    /// PuTTY's `.ppk`: the lines `Private-Lines: N` announces, and the MAC that covers them.
    fn putty(&mut self, lower: &str, (start, end): (usize, usize), out: &mut Vec<Span>) {
        let content = lower.get(start..end).unwrap_or_default();
        if self.putty > 0 {
            self.putty -= 1;
            if end > start {
                out.push((start, end, what::PUTTY));
            }
            return;
        }
        if let Some(count) = content.strip_prefix("private-lines:") {
            self.putty = count.trim().parse::<usize>().map_or(0, |n| n.min(MOST_PUTTY_LINES));
        } else if let Some(mac) = content.strip_prefix("private-mac:").or_else(|| content.strip_prefix("private-hash:"))
        {
            let value = end - mac.trim_start().len();
            if end > value {
                out.push((value, end, what::PUTTY));
            }
        }
    }

    /// A PFX (PKCS #12) in base64, as `certutil -encode`, `base64` and `openssl base64` print
    /// it: a run that starts like one (`MII…AIBAz`: a SEQUENCE holding version 3) and the
    /// base64 lines that follow it.
    fn pfx(&mut self, b: &[u8], (start, end): (usize, usize), out: &mut Vec<Span>) {
        let content = b.get(start..end).unwrap_or_default();
        let body = content.strip_suffix(b",").unwrap_or(content);
        let body = body.strip_suffix(b"\"").unwrap_or(body);
        if self.pfx {
            if body.len() >= 4 && body.iter().all(|c| base64_byte(*c)) {
                out.push((start, start + body.len(), what::PFX));
                return;
            }
            self.pfx = false;
        }
        let mut from = 0;
        while let Some(at) = content.get(from..).and_then(|c| c.windows(2).position(|w| w == b"MI")).map(|i| from + i) {
            let run = content.get(at..).unwrap_or_default().iter().take_while(|c| base64_byte(**c)).count();
            from = at + run.max(2);
            let starts_run = at == 0 || content.get(at - 1).is_some_and(|c| !base64_byte(*c));
            if starts_run && pfx_start(content.get(at..at + run).unwrap_or_default()) {
                out.push((start + at, start + at + run, what::PFX));
                self.pfx = at + run >= body.len();
            }
        }
    }

    /// Kubernetes Secret `data:` and `stringData:` maps (YAML, or JSON from `kubectl -o json`):
    /// every entry's value, and every line of a multi-line one. `kubectl get -o yaml` prints
    /// `data` before `kind`, so a map is read as a Secret's unless the document said otherwise.
    fn kubernetes(&mut self, line: &str, lower: &str, (start, end): (usize, usize), out: &mut Vec<Span>) {
        let content = lower.get(start..end).unwrap_or_default();
        if content == "---" {
            (self.data, self.not_a_secret) = (None, false);
            return;
        }
        let kind = content.strip_prefix("kind:").or_else(|| content.strip_prefix("\"kind\":"));
        if let Some(kind) = kind.filter(|_| start <= 4) {
            self.not_a_secret = kind.trim().trim_matches([',', '"']) != "secret";
        }
        if let Some((key, entries)) = self.data {
            if content.is_empty() {
                return;
            }
            if start > key {
                let entries = entries.unwrap_or(start);
                self.data = Some((key, Some(entries)));
                if start > entries {
                    out.push((start, end, what::KUBERNETES));
                } else if let Some(value) = entry_value(line, start, end) {
                    out.push(value);
                }
                return;
            }
            self.data = None;
        }
        let opens = ["data:", "stringdata:", "\"data\": {", "\"stringdata\": {", "\"data\":{", "\"stringdata\":{"];
        if !self.not_a_secret && opens.contains(&content) {
            self.data = Some((start, None));
        }
    }

    /// The line after `az keyvault secret show … -o tsv` (or `--query value`) or
    /// `Get-AzKeyVaultSecret … -AsPlainText`: the secret's value alone. Only a single word is
    /// taken, so an error message printed instead stays.
    fn secret_output(&mut self, lower: &str, (start, end): (usize, usize), out: &mut Vec<Span>) {
        let content = lower.get(start..end).unwrap_or_default();
        if self.prints_secret && !content.is_empty() {
            self.prints_secret = false;
            let word = !content.contains([' ', '\t']);
            let output =
                !["{", "[", "(", "error", "warning", "$", "ps ", ">", "az "].iter().any(|p| content.starts_with(p));
            if word && output {
                out.push((start, end, what::SECRET_OUTPUT));
            }
        }
        let az = lower.contains("keyvault secret show")
            && (lower.contains("tsv") || lower.contains("--query value") || lower.contains("--query \"value\""));
        let ps = lower.contains("get-azkeyvaultsecret") && lower.contains("-asplaintext");
        if az || ps {
            self.prints_secret = true;
        }
    }
}

/// The value of a map entry (`key: value`, `"key": "value",`): inside its quotes, or to the
/// line's end; none for a block scalar's `|` or `>`, whose lines follow.
fn entry_value(line: &str, start: usize, end: usize) -> Option<Span> {
    let b = line.as_bytes();
    let key_end = if b.get(start) == Some(&b'"') {
        start + 1 + b.get(start + 1..end)?.iter().position(|c| *c == b'"')?
    } else {
        start
    };
    let colon = key_end + b.get(key_end..end)?.iter().position(|c| *c == b':')?;
    let value = colon + 1 + b.get(colon + 1..end)?.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
    match b.get(value) {
        None | Some(b'|' | b'>') => None,
        Some(b'"') => {
            let close = b.get(value + 1..end)?.iter().position(|c| *c == b'"').map_or(end, |i| value + 1 + i);
            (close > value + 1).then_some((value + 1, close, what::KUBERNETES))
        }
        Some(_) => (end > value).then_some((value, end, what::KUBERNETES)),
    }
}

/// The start of a private-key or PGP armour marker (`-----BEGIN`, `---- BEGIN`, `-----END`):
/// the dashes before `word` (`"begin "` or `"end "`), from byte `from` on.
fn marker(lower: &str, word: &str, from: usize) -> Option<usize> {
    let mut from = from;
    while let Some(at) = find_lower(lower, word, from) {
        from = at + word.len();
        let before = at.checked_sub(5).and_then(|s| lower.get(s..at));
        if matches!(before, Some("-----" | "---- ")) {
            return Some(at - 5);
        }
    }
    None
}

fn base64_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')
}

/// Whether base64 `run` begins a PKCS #12 file: `30 82 LL LL 02 01 03` (`MII??AIBAz`), the
/// three-byte length `30 83 …` (`MIM?????AQMw`), or an indefinite length `30 80 02 01 03`
/// (`MIACAQMw`).
fn pfx_start(run: &[u8]) -> bool {
    let at = |range: std::ops::Range<usize>, text: &[u8]| run.get(range) == Some(text);
    (at(0..3, b"MII") && at(5..10, b"AIBAz")) || (at(0..3, b"MIM") && at(8..12, b"AQMw")) || at(0..8, b"MIACAQMw")
}
