//! Share links: a whole case in the URL fragment, which browsers never send to a server.
//!
//! Format v1: `#v1.` + base64url (no padding) of deflate-raw of a small JSON document
//! `{"p":[{"t":"<paste>","k":"<kind id>"}],"v":"<vault>"}`. Readable parameters work too, for
//! links written by hand: `#vault=contoso&error=ForbiddenByConnection&paste=<url-encoded>`.
//! Links made by any released version keep decoding: see the golden links in the tests.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Serialize;

use super::input::Kind;
use super::redact::{redact, Removed};
use super::Paste;

/// Aim for links under this many characters: tickets and chat keep them whole.
pub const AIM: usize = 2_000;
/// Above this, warn: many ticket fields and chat clients cut long links.
pub const WARN: usize = 8_000;
/// Above this, refuse and offer copy-as-Markdown instead.
pub const REFUSE: usize = 32_000;
/// Decompressed size a link may expand to (a guard against decompression bombs).
pub const MAX_DECODED: usize = 1 << 20;

/// What a link holds: the pastes, their kind overrides and the vault name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedCase {
    pub pastes: Vec<Paste>,
    pub vault: Option<String>,
}

#[derive(Serialize)]
struct WireV1 {
    p: Vec<WirePaste>,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<String>,
}

#[derive(Serialize)]
struct WirePaste {
    t: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<String>,
}

/// A link ready to copy, with what was removed to make it safe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    pub removed: Vec<Removed>,
    /// Over [`WARN`]: works, but may be cut by the place it is pasted into.
    pub long: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Over [`REFUSE`] characters even after compression.
    TooLong { length: usize },
    /// `#v2.` and later: made by a newer kvdoctor.
    UnknownVersion(String),
    /// Not valid base64url, not deflate, not the expected document, or cut short.
    Corrupt,
    /// Decodes to more than a link may hold.
    TooLarge,
    /// A fragment that is neither a v1 link nor readable parameters.
    NotALink,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLong { length } => write!(
                f,
                "the link would be {length} characters, over the {REFUSE} limit; copy the report as Markdown instead"
            ),
            LinkError::UnknownVersion(v) => {
                write!(f, "this link was made by a newer version of kvdoctor (format {v}); open it with that version")
            }
            LinkError::Corrupt => {
                write!(f, "this link is damaged or was cut short; ask for it again, or paste the outputs yourself")
            }
            LinkError::TooLarge => write!(f, "this link holds more than kvdoctor accepts from a link"),
            LinkError::NotALink => write!(f, "the part after # is not a kvdoctor case"),
        }
    }
}

/// A case ready to compress: the wire document, secrets already removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    pub json: Vec<u8>,
    pub removed: Vec<Removed>,
}

/// Step 1 of a link: redact and serialise. Far beyond the budget, refuse before any work.
pub fn prepare(case: &SharedCase) -> Result<Prepared, LinkError> {
    // Text compresses about tenfold at best.
    let raw: usize = case.pastes.iter().map(|p| p.text.len()).sum();
    if raw > REFUSE * 40 {
        return Err(LinkError::TooLong { length: raw / 10 });
    }
    let texts: Vec<String> = case.pastes.iter().map(|p| p.text.clone()).collect();
    let (clean, removed) = redact(&texts);
    let wire = WireV1 {
        p: clean
            .into_iter()
            .zip(&case.pastes)
            .map(|(t, p)| WirePaste { t, k: p.kind.map(|k| k.id().to_string()) })
            .collect(),
        v: case.vault.clone().filter(|v| !v.is_empty()),
    };
    Ok(Prepared { json: serde_json::to_vec(&wire).expect("the wire document always serialises"), removed })
}

/// Step 3 of a link: the deflate-raw bytes of [`Prepared::json`] become the URL, within budget.
pub fn finish(base: &str, compressed: &[u8], removed: Vec<Removed>) -> Result<Link, LinkError> {
    let url = format!("{}#v1.{}", base.split('#').next().unwrap_or(base), URL_SAFE_NO_PAD.encode(compressed));
    if url.len() > REFUSE {
        return Err(LinkError::TooLong { length: url.len() });
    }
    Ok(Link { long: url.len() > WARN, url, removed })
}

/// What a fragment holds before decompression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    Empty,
    /// A `v1.` link: deflate-raw bytes to inflate (at most [`MAX_DECODED`]) and [`unpack`].
    Packed(Vec<u8>),
    /// Readable parameters, already a case.
    Case(SharedCase),
}

/// Step 1 of opening a link (a URL or a bare fragment, with or without `#`).
pub fn read_fragment(url_or_fragment: &str) -> Result<Fragment, LinkError> {
    let fragment = match url_or_fragment.split_once('#') {
        Some((_, f)) => f,
        None if url_or_fragment.contains("://") => "",
        None => url_or_fragment,
    };
    let fragment = fragment.trim();
    if fragment.is_empty() {
        return Ok(Fragment::Empty);
    }
    if let Some(data) = fragment.strip_prefix("v1.") {
        return unbase64(data).map(Fragment::Packed);
    }
    let version = fragment
        .split('.')
        .next()
        .filter(|v| v.len() > 1 && v.len() <= 4 && v.starts_with('v') && v[1..].chars().all(|c| c.is_ascii_digit()));
    if let Some(version) = version {
        return Err(LinkError::UnknownVersion(version.to_string()));
    }
    readable(fragment).map(Fragment::Case)
}

/// The whole link natively (the CLI): prepare, deflate with miniz, finish.
#[cfg(not(target_arch = "wasm32"))]
pub fn build_link(base: &str, case: &SharedCase) -> Result<Link, LinkError> {
    let prepared = prepare(case)?;
    finish(base, &miniz_oxide::deflate::compress_to_vec(&prepared.json, 9), prepared.removed)
}

/// The whole case of a link natively. `Ok(None)` for an empty fragment.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_fragment(url_or_fragment: &str) -> Result<Option<SharedCase>, LinkError> {
    match read_fragment(url_or_fragment)? {
        Fragment::Empty => Ok(None),
        Fragment::Case(case) => Ok(Some(case)),
        Fragment::Packed(packed) => {
            let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED).map_err(|e| match e
                .status
            {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
                _ => LinkError::Corrupt,
            })?;
            unpack(&json).map(Some)
        }
    }
}

/// The compressed bytes of a `v1.` fragment's data.
pub fn unbase64(data: &str) -> Result<Vec<u8>, LinkError> {
    URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| LinkError::Corrupt)
}

/// Reads the decompressed wire document. The engine's own JSON reader does it, so the page
/// carries no second JSON parser.
pub fn unpack(json: &[u8]) -> Result<SharedCase, LinkError> {
    if json.len() > MAX_DECODED {
        return Err(LinkError::TooLarge);
    }
    let text = std::str::from_utf8(json).map_err(|_| LinkError::Corrupt)?;
    let doc = crate::engine::input::json::parse(text);
    let root = doc.roots.first().filter(|r| r.is_object() && doc.problems.is_empty()).ok_or(LinkError::Corrupt)?;
    let pastes = root.get("p").ok_or(LinkError::Corrupt)?;
    let pastes = pastes
        .items()
        .iter()
        .map(|p| {
            let text = p.get("t").and_then(|t| t.text()).ok_or(LinkError::Corrupt)?;
            Ok(Paste { text: text.to_string(), kind: p.get("k").and_then(|k| k.text()).and_then(Kind::from_id) })
        })
        .collect::<Result<Vec<Paste>, LinkError>>()?;
    Ok(SharedCase { pastes, vault: root.get("v").and_then(|v| v.text()).map(str::to_string) })
}

/// `vault=contoso&error=ForbiddenByConnection&paste=…`: each `error` and `paste` becomes a paste.
fn readable(fragment: &str) -> Result<SharedCase, LinkError> {
    if fragment.len() > MAX_DECODED {
        return Err(LinkError::TooLarge);
    }
    let mut case = SharedCase::default();
    let mut understood = false;
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(&value.replace('+', " ")).decode_utf8_lossy().into_owned();
        match key {
            "vault" => {
                let name = value.trim().to_ascii_lowercase();
                if !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    case.vault = Some(name);
                    understood = true;
                }
            }
            "error" | "paste" if !value.trim().is_empty() => {
                // A bare code is written as the error line a service would print.
                let text = if key == "error" && !value.contains(' ') { format!("Error code: {value}") } else { value };
                case.pastes.push(Paste::new(text));
                understood = true;
            }
            _ => {}
        }
    }
    if understood {
        Ok(case)
    } else {
        Err(LinkError::NotALink)
    }
}

/// A readable link for hand-written support links (`kvdoctor --link --readable`).
pub fn readable_fragment(vault: Option<&str>, pastes: &[&str]) -> String {
    let mut parts: Vec<String> = vault.map(|v| format!("vault={v}")).into_iter().collect();
    parts.extend(pastes.iter().map(|p| format!("paste={}", utf8_percent_encode(p, NON_ALPHANUMERIC))));
    parts.join("&")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn case(texts: &[&str]) -> SharedCase {
        SharedCase { pastes: texts.iter().map(|t| Paste::new(*t)).collect(), vault: Some("contoso".into()) }
    }

    #[test]
    fn round_trip_keeps_pastes_kinds_and_vault() {
        let mut c = case(&["Server:  UnKnown\r\nAddress:  168.63.129.16", "ünïcødé ✓"]);
        c.pastes[1].kind = Some(Kind::Error);
        let link = build_link("http://127.0.0.1:8080/", &c).unwrap();
        assert!(link.url.starts_with("http://127.0.0.1:8080/#v1."));
        assert_eq!(parse_fragment(&link.url).unwrap(), Some(c));
    }

    #[test]
    fn readable_parameters() {
        let c = parse_fragment("#vault=Contoso&error=ForbiddenByConnection").unwrap().unwrap();
        assert_eq!(c.vault.as_deref(), Some("contoso"));
        assert_eq!(c.pastes[0].text, "Error code: ForbiddenByConnection");
        let c = parse_fragment("paste=Status%3A%20403%20(Forbidden)").unwrap().unwrap();
        assert_eq!(c.pastes[0].text, "Status: 403 (Forbidden)");
        assert_eq!(
            parse_fragment(&format!("#{}", readable_fragment(Some("kv1"), &["a b&c"]))).unwrap().unwrap().pastes[0]
                .text,
            "a b&c"
        );
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let good = build_link("x", &case(&["nslookup contoso.vault.azure.net"])).unwrap().url;
        let data = good.split_once("#v1.").unwrap().1;
        assert_eq!(parse_fragment(&format!("#v1.{}", &data[..data.len() / 2])), Err(LinkError::Corrupt));
        assert_eq!(parse_fragment("#v1.!!!not-base64"), Err(LinkError::Corrupt));
        assert_eq!(
            parse_fragment(&format!("#v1.{}", URL_SAFE_NO_PAD.encode(b"plain, not deflate"))),
            Err(LinkError::Corrupt)
        );
        assert_eq!(parse_fragment("#v2.AAAA"), Err(LinkError::UnknownVersion("v2".into())));
        assert_eq!(parse_fragment("#section-3"), Err(LinkError::NotALink));
        assert_eq!(parse_fragment("http://127.0.0.1:8080/"), Ok(None));
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 4 << 20], 9);
        assert_eq!(parse_fragment(&format!("#v1.{}", URL_SAFE_NO_PAD.encode(bomb))), Err(LinkError::TooLarge));
    }

    #[test]
    fn secrets_never_reach_the_link_and_budgets_hold() {
        let secret = "Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0In0.c2ln";
        let link = build_link("x", &case(&[secret])).unwrap();
        let back = parse_fragment(&link.url).unwrap().unwrap();
        assert_eq!(back.pastes[0].text, "Authorization: [removed]");
        assert_eq!(link.removed.len(), 1);
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let noise: String = (0..60_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from(b'a' + (state % 26) as u8)
            })
            .collect();
        assert!(matches!(build_link("x", &case(&[&noise])), Err(LinkError::TooLong { .. })));
    }
}
