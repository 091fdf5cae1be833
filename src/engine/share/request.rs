//! A support engineer's request link: `#vault=contoso&collect=bash&note=...`, readable as it
//! stands. It opens the page with the vault filled, the collector for the customer's shell
//! ready and the engineer's note shown as text. It carries no case and no paste: only a vault
//! name (typed as every name is), a shell, and a short note.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::engine::collector::Shell;
use crate::engine::vault;

/// A note longer than this is cut: a request, not a letter.
pub const NOTE_CHARS: usize = 280;

/// What a request link asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectRequest {
    /// As a link writes it (`contoso`, or another cloud's host).
    pub vault: String,
    pub shell: Shell,
    /// Plain text to show as text: control characters removed, cut to [`NOTE_CHARS`].
    pub note: String,
}

/// The request a fragment (or a whole URL) holds: `Ok(None)` when it is not a request link
/// (no `collect=`); `Err(sentence)` when it is one that cannot be followed.
pub fn parse(url_or_fragment: &str) -> Result<Option<CollectRequest>, String> {
    let fragment = url_or_fragment.rsplit_once('#').map_or(url_or_fragment, |(_, f)| f);
    let mut fields = Vec::new();
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(&value.replace('+', " ")).decode_utf8_lossy().into_owned();
        fields.push((key.to_string(), value));
    }
    let get = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let Some(shell) = get("collect") else { return Ok(None) };
    let shell = Shell::parse(shell)
        .ok_or("this request link asks for a collector for a shell kvdoctor has none for (bash or powershell)")?;
    let vault = match vault::typed(get("vault").unwrap_or_default()) {
        Ok(Some(host)) => host.typed_form(),
        Ok(None) => return Err("this request link names no vault".to_string()),
        Err(refused) => return Err(refused.to_string()),
    };
    let note: String = get("note")
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(NOTE_CHARS)
        .collect();
    Ok(Some(CollectRequest { vault, shell, note: note.trim().to_string() }))
}

/// Characters a request link leaves as they are, so it stays readable.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The link for `request`, on the page at `base`.
pub fn link(base: &str, request: &CollectRequest) -> String {
    let base = base.split('#').next().unwrap_or(base);
    let note: String = request.note.chars().take(NOTE_CHARS).collect();
    let mut out = format!("{base}#vault={}&collect={}", utf8_percent_encode(&request.vault, KEEP), request.shell.id());
    if !note.is_empty() {
        out.push_str("&note=");
        out.push_str(&utf8_percent_encode(&note, KEEP).to_string().replace("%20", "+"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_link_reads_back() {
        let request = CollectRequest {
            vault: "contoso".into(),
            shell: Shell::PowerShell,
            note: "Run it on the app's VM, please & thanks".into(),
        };
        let url = link("https://kvdoctor.example/", &request);
        assert_eq!(url, "https://kvdoctor.example/#vault=contoso&collect=powershell&note=Run+it+on+the+app%27s+VM%2C+please+%26+thanks");
        assert_eq!(parse(&url), Ok(Some(request)));
    }

    #[test]
    fn what_a_request_link_may_not_carry() {
        assert_eq!(parse("#vault=contoso"), Ok(None));
        assert!(parse("#vault=contoso;id&collect=bash").is_err());
        assert!(parse("#vault=kv.vault.azure.net.evil.example&collect=bash").is_err());
        assert!(parse("#vault=contoso&collect=cmd").is_err());
        assert!(parse("#collect=bash").is_err());
        let long = format!("#vault=contoso&collect=bash&note={}%0A%1B[31m", "a".repeat(500));
        let note = parse(&long).unwrap().unwrap().note;
        assert_eq!(note.chars().count(), NOTE_CHARS);
        assert!(!note.contains('\n') && !note.contains('\u{1b}'));
        assert_eq!(
            parse("#vault=https%3A%2F%2Fcontoso.vault.azure.net%2F&collect=sh").unwrap().unwrap().vault,
            "contoso"
        );
    }
}
