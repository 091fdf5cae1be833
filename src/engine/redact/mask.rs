//! Which parts of a used line a link masks: every token that is not an evidence shape (a word,
//! a number, an address, a host name, a GUID, a resource id's parts, a short code). What is left
//! is what readers read (the host, the status, the address, the code, a header's name); a
//! password, a key, a token or a hex secret beside them is masked, unless reading the masked
//! paste shows a reader needs it (`used.rs` checks every mask that way).
//!
//! Whatever its shape, the token right after a word that names a secret (`secret: hunter`,
//! `key=marmalade`, `token is cranberry`, `/p:lychee`) is masked too: a low-entropy password is
//! a plain word, and only where it stands says what it is.
//!
//! The filler is `x`, one for each character: ASCII, so byte and character columns stay where
//! they were; a letter, so a masked token stays one token (no separator, dot, dash or space
//! appears: tokenisers split the line where they did); not a digit nor a hex digit, so no
//! number, address or GUID appears; and inside a JSON string it is a plain character, so the
//! document stays valid.

use super::what;

/// What a masked character becomes.
pub const FILL: char = 'x';

/// The byte ranges of `line` a link masks unless a reader needs them, in order.
pub fn candidates(line: &str) -> Vec<(usize, usize)> {
    scan(line, &mut Vec::new())
}

/// The values that stand where a secret's does (after `secret:`, `key=`, `token is`, `/p:`),
/// whatever their shape, with what the word before them names: what whole pastes lose too
/// (`lines::clean_whole`).
pub fn placed(line: &str) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    scan(line, &mut out);
    out
}

/// [`candidates`], and into `placed` the ranges masked for where they stand.
fn scan(line: &str, placed: &mut Vec<(usize, usize, &'static str)>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut previous = None;
    // Where the last word ended, and what it armed: the next word is a secret's value.
    let mut context = Context::default();
    while let Some((start, c)) = chars.next() {
        if !is_word(c) {
            previous = Some(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek().filter(|(_, next)| is_word(*next)) {
            end = i + next.len_utf8();
            chars.next();
        }
        let escaped = previous == Some('\\');
        previous = None;
        let Some(word) = line.get(start..end) else { continue };
        // After a backslash the escape stays (`\n`, `\u00e9`): masking it would make `\x`.
        let skip = match escaped {
            false => 0,
            true if word.len() >= 5
                && word.starts_with('u')
                && word.bytes().skip(1).take(4).all(|b| b.is_ascii_hexdigit()) =>
            {
                5
            }
            true => word.chars().next().map_or(0, char::len_utf8),
        };
        let Some(word) = word.get(skip..) else { continue };
        let core = word.trim_matches(['.', '-', '_']);
        let offset = start + skip + word.len() - word.trim_start_matches(['.', '-', '_']).len();
        let gap = line.get(context.end..start).unwrap_or_default();
        let value = context.armed(gap, core, line.get(end..).unwrap_or_default());
        context = context.next(gap, word, end);
        if let Some(what) = value {
            out.push((offset, offset + core.len()));
            placed.push((offset, offset + core.len(), what));
            continue;
        }
        // A vault's name in a resource id (`…/vaults/vault175053159243`) is evidence.
        let named = line.get(..start).is_some_and(|before| {
            before.len() >= 8 && before.get(before.len() - 8..).is_some_and(|v| v.eq_ignore_ascii_case("/vaults/"))
        });
        if core.is_empty() || is_guid(core) || is_host(core) || named {
            continue;
        }
        // Part by part: `pe-contoso-<guid>` keeps its name and its GUID, `deploy_Summer2024x`
        // its first part.
        let parts = parts(core);
        let mut guid_until = 0;
        for (i, &(from, to)) in parts.iter().enumerate() {
            if let Some(&(_, end)) = parts.get(i + 4).filter(|_| i >= guid_until) {
                if core.get(from..end).is_some_and(is_guid) {
                    guid_until = i + 5;
                }
            }
            if i >= guid_until && !core.get(from..to).is_some_and(safe_part) {
                out.push((offset + from, offset + to));
            }
        }
    }
    out
}

/// What the words before a token say about it.
#[derive(Clone, Copy, Default)]
struct Context {
    /// Byte where the last word ended.
    end: usize,
    /// The last word names a secret (`password`, `ClientSecret`, `-p` after `/` or `-`): what.
    names: Option<&'static str>,
    /// The word before the last named a secret, and the last was `is`/`was` (`token is x`).
    said: Option<&'static str>,
    /// The last word is a bare word of the vocabulary (`token`, not `db-token`).
    bare: bool,
    /// The last word is `vault`.
    vault: bool,
}

/// Words after `is` that say how a secret is, not what it is ("the client secret is expired").
const STATES: &[&str] = &[
    "not",
    "no",
    "a",
    "an",
    "the",
    "being",
    "been",
    "expired",
    "invalid",
    "incorrect",
    "wrong",
    "missing",
    "required",
    "empty",
    "disabled",
    "enabled",
    "null",
    "none",
    "set",
    "unset",
    "correct",
    "valid",
    "too",
    "still",
    "now",
    "used",
    "needed",
    "stored",
    "in",
    "of",
    "for",
    "from",
    "to",
    "only",
    "also",
    "currently",
    "about",
    "due",
    "going",
    "rotated",
    "revoked",
    "deleted",
    "ok",
    "fine",
    "good",
    "bad",
    "same",
    "different",
    "below",
    "above",
    "here",
    "there",
    "available",
    "unavailable",
    "found",
    "configured",
    "provided",
    "specified",
    "defined",
    "managed",
    "created",
    "updated",
    "recovered",
    "purged",
    "soft-deleted",
    "stale",
    "blank",
    "correctly",
    "wrongly",
];

impl Context {
    /// Whether the word `core` after `gap` is a secret's value by where it stands, and what.
    fn armed(self, gap: &str, core: &str, rest: &str) -> Option<&'static str> {
        if core.is_empty() || rest.starts_with("://") {
            return None;
        }
        // A status in capitals before more words (`secret: READ ERROR`, `token: GET "http…`)
        // reports on a secret; it is not its value (as `rules::keyed` reads it).
        let capitals = core.len() < 16 && core.bytes().all(|b| b.is_ascii_uppercase());
        // Go's `Get "http://…": …` after `token:`: a request, not a value.
        let method = ["get", "post", "put", "delete", "patch", "head"].iter().any(|m| m.eq_ignore_ascii_case(core));
        if (capitals || method) && rest.starts_with(' ') && !rest.trim_start().is_empty() {
            return None;
        }
        // A sentence goes on (`token: nmi response failed`): a lower-case word before another
        // is prose, not a value (a value ends its clause: the line, a quote, `;`, `)`).
        let prose = core.bytes().all(|b| b.is_ascii_alphabetic())
            && rest.strip_prefix(' ').is_some_and(|r| r.bytes().next().is_some_and(|b| b.is_ascii_lowercase()));
        if prose {
            return None;
        }
        if let Some(what) = self.said {
            let value = gap.bytes().all(|b| b == b' ') && !STATES.iter().any(|w| w.eq_ignore_ascii_case(core));
            return value.then_some(what);
        }
        // `key: x`, `key=x`, `"key": "x"`, `/p:x`; not `key value`, `key, x` nor `key/x`.
        self.names.filter(|_| {
            gap.bytes().any(|b| matches!(b, b':' | b'='))
                && gap.bytes().all(|b| matches!(b, b' ' | b'\t' | b':' | b'=' | b'"' | b'\'' | b'\\'))
        })
    }

    /// The context for the word after `word`, which ended at byte `end`.
    fn next(self, gap: &str, word: &str, end: usize) -> Context {
        let is = ["is", "was", "=", "are"].iter().any(|w| w.eq_ignore_ascii_case(word));
        let letter = matches!(word, "p" | "P" | "pw") && matches!(gap.bytes().last(), Some(b'/' | b'-'));
        let (tail, camel) = super::rules::last_parts(word.as_bytes());
        let ends = |s: &str| {
            word.len() > s.len() && word.get(word.len() - s.len()..).is_some_and(|e| e.eq_ignore_ascii_case(s))
        };
        // `key vault token:`, `vault secret:` name what the vault holds, not a value beside them
        // (the CSI driver's `failed to get key vault token: nmi…`, wrapped before its next word).
        let of_vault = self.vault && gap == " ";
        let names = match letter {
            true => Some(what::PASSWORD),
            false if of_vault => None,
            false => super::rules::vocabulary(tail)
                .or_else(|| super::rules::camel_vocabulary(camel))
                .or_else(|| ["password", "passwd"].iter().any(|s| ends(s)).then_some(what::PASSWORD))
                .or_else(|| ends("secret").then_some(what::SECRET))
                .or_else(|| ends("token").then_some(what::TOKEN)),
        };
        // `token is x` only after the bare word: `Secret gitea-admin-password is currently…`
        // names a secret and says how it is.
        let said = self.names.filter(|_| is && self.bare && gap.bytes().all(|b| b == b' '));
        let bare = names.is_some() && tail.len() == word.len() && camel.len() == word.len();
        Context { end, names, said, bare, vault: word.eq_ignore_ascii_case("vault") }
    }
}

/// The byte ranges of a token's parts between dots, dashes and underscores.
fn parts(token: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, c) in token.char_indices().filter(|(_, c)| matches!(c, '.' | '-' | '_')) {
        if i > from {
            out.push((from, i));
        }
        from = i + c.len_utf8();
    }
    if token.len() > from {
        out.push((from, token.len()));
    }
    out
}

/// Characters a token is made of: what stays one token when its letters are masked.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// `72f988bf-86f1-41af-91ab-2d7cd011db47`: tenants, objects, subscriptions, request ids.
fn is_guid(token: &str) -> bool {
    let groups: Vec<&str> = token.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `fabrikam.vault.azure.net`, `Microsoft.KeyVault`: dotted labels ending in letters.
fn is_host(token: &str) -> bool {
    let labels: Vec<&str> = token.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        && labels.last().is_some_and(|l| l.len() >= 2 && l.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Words readers read that mix in a digit, so the shapes below would mask them.
const VOCABULARY: &[&str] = &["ipv4address", "ip4address", "ipv6address", "ip6address"];

/// One part of a token between dots, dashes and underscores.
fn safe_part(part: &str) -> bool {
    if VOCABULARY.iter().any(|w| w.eq_ignore_ascii_case(part)) {
        return true;
    }
    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
    let digits = part.bytes().filter(u8::is_ascii_digit).count();
    let ascii = part.bytes().all(|b| b.is_ascii_alphanumeric());
    let lower = part.bytes().filter(u8::is_ascii_lowercase).count();
    // Letters then digits: `AKV10032`, `AADSTS50076` (codes); `eastus2`, `kv01` (names).
    let letters_then_digits =
        ascii && part.trim_end_matches(|c: char| c.is_ascii_digit()).bytes().all(|b| b.is_ascii_alphabetic());
    match (letters, digits) {
        (_, 0) => part.chars().count() <= 48 && part.chars().all(char::is_alphabetic),
        (0, _) => part.len() <= 20,
        // `2F`, `00Z`, `10ms`, `x64`, `01T10`: a number with a unit or a letter or two.
        (..=2, _) => ascii && part.len() <= 20,
        _ if ascii && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_hexdigit()) => true,
        _ if letters_then_digits && lower == 0 => part.len() <= 24,
        // `IPv4`, `TLSv1`, `eastus2`, `kv01`: a word and a number.
        _ if letters_then_digits => digits <= 2 && part.len() <= 24,
        _ => false,
    }
}

/// `line` reduced to its evidence shapes: every [`candidates`] range masked, length kept. What a
/// report quotes, so a quote holds no more than a link would (less: a link unmasks what a
/// reader needs, a quote needs none of it).
pub fn reduce(line: &str) -> String {
    reduce_keeping(line, &[])
}

/// [`reduce`], leaving unmasked every occurrence of a value in `keep` (the vault's name the
/// diagnosis found: evidence, though its shape may look random).
pub fn reduce_keeping(line: &str, keep: &[&str]) -> String {
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for value in keep.iter().filter(|v| !v.is_empty()) {
        kept.extend(line.match_indices(value).map(|(at, v)| (at, at + v.len())));
    }
    let mut ranges = candidates(line);
    ranges.retain(|&(s, e)| !kept.iter().any(|&(ks, ke)| ks <= s && e <= ke));
    masked(line, &ranges)
}

/// `line` with the given ranges (from [`candidates`]) masked.
pub fn masked(line: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for &(start, end) in ranges {
        out.push_str(line.get(at..start).unwrap_or_default());
        out.extend(line.get(start..end).unwrap_or_default().chars().map(|_| FILL));
        at = end;
    }
    out.push_str(line.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(line: &str) -> String {
        masked(line, &candidates(line))
    }

    #[test]
    fn secrets_beside_evidence_are_masked_and_the_evidence_stays() {
        assert_eq!(
            mask("$ curl -sv -u deploy:Summer2024x https://fabrikam.vault.azure.net/healthstatus"),
            "$ curl -sv -u deploy:xxxxxxxxxxx https://fabrikam.vault.azure.net/healthstatus"
        );
        assert_eq!(mask("x-api-key: 0123456789abcdef0123456789abcdef"), "x-api-key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        assert_eq!(
            mask("> Authorization: Basic ZGVwbG95OlN1bW1lcjIwMjR4"),
            "> Authorization: Basic xxxxxxxxxxxxxxxxxxxxxxxx"
        );
        assert_eq!(mask("deploy_Summer2024x.-7c1d0e2a9f"), "deploy_xxxxxxxxxxx.-xxxxxxxxxx");
        for kept in [
            "< HTTP/1.1 403 Forbidden",
            "Caller: appid=9c2e4a1b-7d3f-4e8a-b6c5-0f1e2d3c4b5a;oid=3f0a6b2c-8e4d-4c1b-9a7e-6d5c4b3a2f10;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
            "Resource: /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/fabrikam",
            "\"id\": \".../privateEndpointConnections/pe-fabrikam.2f3c\",",
            "Address:  fe80::1%eth0 2001:db8::ff00:42:8329 10.0.0.0/24 52.168.109.101",
            "Date: Tue, 17 Nov 2026 09:14:03 GMT 2024-01-01T10:00:00Z",
            "Error: AKV10032 AADSTS50076 ForbiddenByFirewall eastus2 kv01 10ms x64 IPv6 TLSv1.3",
            "IP4Address : 10.1.2.4 \"ipv4Address\": \"10.1.2.7\"",
            "/privateEndpointConnections/pe-contoso-kv-7c1d0e2a-4b3f-4e59-9a8d-6f2b1c3e5d47",
            "{\"message\":\"not authorized.\\r\\nClient address: 20.1.2.3\\u00e9\"}",
            "zoë's vault: kv-zoë",
        ] {
            assert_eq!(mask(kept), kept);
        }
    }

    #[test]
    fn a_plain_word_where_a_secret_stands_is_masked() {
        for (line, out) in [
            ("Code: Forbidden secret: passionfruit", "Code: Forbidden secret: xxxxxxxxxxxx"),
            ("key: hazelnut (pass: sunshine)", "key: xxxxxxxx (pass: xxxxxxxx)"),
            ("Code: Forbidden token is pomegranate", "Code: Forbidden token is xxxxxxxxxxx"),
            ("the client secret is expired", "the client secret is expired"),
            ("Message=\"Secret is currently being deleted.\"", "Message=\"Secret is currently being deleted.\""),
            (
                "failed to get key vault token: nmi response failed",
                "failed to get key vault token: nmi response failed",
            ),
            ("contoso-prod-auth-secret:   READ ERROR (same)", "contoso-prod-auth-secret:   READ ERROR (same)"),
            (
                "failed to get key vault token: GET \"http://localhost\"",
                "failed to get key vault token: GET \"http://localhost\"",
            ),
            (
                "Secret gitea-admin-password is currently being recovered",
                "Secret gitea-admin-password is currently being recovered",
            ),
            ("net use Z: /p:lycheefruit", "net use Z: /p:xxxxxxxxxxx"),
            (r#"{\"password\": \"cranberry\"}"#, r#"{\"password\": \"xxxxxxxxx\"}"#),
            ("ARM_CLIENT_SECRET=damson", "ARM_CLIENT_SECRET=xxxxxx"),
            (
                "\"secret\": \"72f988bf-86f1-41af-91ab-2d7cd011db47\"",
                "\"secret\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
            ),
        ] {
            assert_eq!(mask(line), out);
        }
        for kept in [
            "Key Vault: contoso",
            "AADSTS7000215: Invalid client secret provided.",
            "\"vaultUri\": \"https://contoso.vault.azure.net/\"",
            "\"kid\": \"https://contoso.vault.azure.net/keys/k1\"",
            "Microsoft.KeyVault/vaults/contoso secrets/get",
        ] {
            assert_eq!(mask(kept), kept);
        }
    }

    #[test]
    fn masking_keeps_columns_tokens_and_escapes() {
        let line = "\"value\": \"Pa55w0rd!Xy\\u00e9\\nSummer2024x\", \"k\": \"é9é9é9é9\"";
        let out = mask(line);
        assert_eq!(out, "\"value\": \"xxxxxxxx!Xy\\u00e9\\nxxxxxxxxxxx\", \"k\": \"xxxxxxxx\"");
        assert_eq!(out.chars().count(), line.chars().count());
        assert_eq!(out.split_whitespace().count(), line.split_whitespace().count());
        assert!(crate::engine::input::json::parse(&format!("{{{out}}}")).problems.is_empty());
    }

    #[test]
    fn odd_lines_never_panic() {
        for line in ["", "\\", "\\u", "\\u12", "é", "-.-", "\\é", "a\\", "...x...", "\u{202e}abc1d2e3"] {
            let ranges = candidates(line);
            assert!(ranges.iter().all(|&(s, e)| s < e && line.get(s..e).is_some()), "{line}");
            let _ = masked(line, &ranges);
        }
    }
}
