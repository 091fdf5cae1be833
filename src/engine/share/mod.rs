//! Format v3 (written now): `#v3.` + base64url (no padding) of the CRC-32 of the JSON document
//! (4 bytes, big-endian) followed by deflate-raw of the document against a preset dictionary
//! ([`v3`], [`v3::DICTIONARY`], frozen forever: a new dictionary would be v4). The document is
//! `{"p":[{"t":"<paste>","k":"<kind id>","o":{"n":31,"r":"unread"}}],"v":"<vault>","m":"<kvdoctor version>"}`.
//! Format v2 is the same document deflated without a dictionary; v2 links keep decoding. The
//! checksum tells a damaged link from a good one (deflate alone opens a changed byte as garbled
//! text). `m` names the kvdoctor that made the link ([`MadeBy`]); links from before it was
//! recorded lack it, and an older kvdoctor ignores it. `o` marks a paste the sender left out
//! (its line count and why, [`Marker`]); its `t` is the marker's text, so a kvdoctor that
//! ignores `o` (every reader of v2 and v3 ignores keys it does not know) shows that line and counts
//! the paste as unread, as the sender's page did. Format v1 is v2 without the
//! checksum and keeps decoding. Readable parameters work too, for links written by
//! hand: `#vault=contoso&error=ForbiddenByConnection&paste=<url-encoded>`.
//! Links made by any released version keep decoding: see the golden links in the tests.
//!
//! By default a link carries only what the diagnosis understood ([`used_only`]: used lines,
//! masked where no reader needs them; a paste nothing understood as its [`Marker`]), and opens
//! to the sender's verdict; secrets are removed from whatever it carries ([`redact`]).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use percent_encoding::percent_decode_str;
use serde::Serialize;

pub mod request;
pub mod used;
pub mod v3;

use super::facts::Platform;
use super::input::marker::{self, Marker, Why};
use super::input::Kind;
use super::redact::{redact, redact_whole, Removed};
use super::{vault, Paste, VERSION};
use used::used_only;

/// Aim for links under this many characters: tickets and chat keep them whole.
pub const AIM: usize = 2_000;
/// Above this, warn: many ticket fields and chat clients cut long links.
pub const WARN: usize = 8_000;
/// Above this, refuse and offer copy-as-Markdown instead.
pub const REFUSE: usize = 32_000;
/// Decompressed size a link may expand to (a guard against decompression bombs).
pub const MAX_DECODED: usize = 1 << 20;
/// Pastes a link holds at most; more are cut when the link is made, refused when opened
/// (readable `paste=` parameters included).
pub const MAX_PASTES: usize = 50;
/// The longest line a link may hold. Real outputs stay far below (a minified `az … list` of
/// a few hundred records is tens of KB); the bound keeps every reader's work per line small
/// whatever a hand-made link holds. Checked when a link is made, so none is made to be refused.
pub const MAX_LINE: usize = 256 * 1024;
/// The longest fragment opened: base64 of at most [`MAX_DECODED`] bytes, with room for
/// deflate's framing; longer is refused before it is decoded.
pub const MAX_FRAGMENT: usize = MAX_DECODED / 3 * 4 + 4096;
/// The newest format this version writes and reads.
const CURRENT: u32 = 3;

/// What a link holds: the pastes, their kind overrides and the vault name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SharedCase {
    pub pastes: Vec<Paste>,
    pub vault: Option<String>,
    /// Where the user said the code runs: a [`crate::engine::facts::HOST_CHOICES`] id (`aks`),
    /// so the recipient sees the same commands. Written `h` in the document, `host=` by hand.
    pub host: Option<String>,
}

#[derive(Serialize)]
struct Wire {
    p: Vec<WirePaste>,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    h: Option<&'static str>,
    /// The kvdoctor that made the link.
    m: &'static str,
}

/// Which kvdoctor made a link: opening one made by another says so, since today's rules may
/// diagnose its case differently from the report its sender saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MadeBy {
    /// Readable parameters, written by hand: no version to compare.
    Hand,
    /// A link from before links recorded their version (every v1 link, the first v2 links).
    Unrecorded,
    /// The version the link records.
    Version(String),
}

impl MadeBy {
    /// What to tell the reader when the link was made by another kvdoctor than this one.
    pub fn note(&self) -> Option<String> {
        match self {
            MadeBy::Hand => None,
            MadeBy::Version(v) if v == VERSION => None,
            MadeBy::Version(v) => {
                Some(format!("This link was made by kvdoctor {v}; diagnosed with today's rules (kvdoctor {VERSION})."))
            }
            MadeBy::Unrecorded => Some(format!(
                "This link was made by an earlier kvdoctor, which did not record its version; diagnosed with today's rules (kvdoctor {VERSION})."
            )),
        }
    }
}

/// A case opened from a link, with the kvdoctor that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub case: SharedCase,
    pub made_by: MadeBy,
    /// The link named a vault that is not a vault's (`vault::typed`): it was set aside.
    pub refused_vault: bool,
    /// The link named a host this kvdoctor does not know: it was set aside.
    pub refused_host: bool,
}

impl Opened {
    /// What to tell the reader about the link itself: who made it, what the sender left out,
    /// what was set aside.
    pub fn note(&self) -> Option<String> {
        let refused = self.refused_vault.then(|| {
            "The link's vault name is not a Key Vault name; it was set aside and fills no command.".to_string()
        });
        let left: Vec<String> = self
            .case
            .pastes
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Marker::parse(&p.text).map(|m| format!("paste {} ({})", i + 1, m.what())))
            .collect();
        let left = (!left.is_empty()).then(|| {
            format!(
                "The sender left out {}; the report counts it, as the sender's did, as a paste kvdoctor could not read. Ask them for it, or for a link with whole pastes.",
                left.join(", ")
            )
        });
        let host = self.refused_host.then(|| {
            "The link's host (where the code runs) is not one this kvdoctor knows; it was set aside.".to_string()
        });
        let notes: Vec<String> = self.made_by.note().into_iter().chain(left).chain(refused).chain(host).collect();
        (!notes.is_empty()).then(|| notes.join(" "))
    }
}

#[derive(Serialize)]
struct WirePaste {
    t: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<String>,
    /// Left out by the sender: `t` is the marker's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<WireLeft>,
}

/// A left-out paste in the wire document: its lines and why ([`Why::id`]).
#[derive(Serialize)]
struct WireLeft {
    n: usize,
    r: &'static str,
}

/// A link ready to copy, with what was removed to make it safe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Link {
    pub url: String,
    pub removed: Vec<Removed>,
    /// Over [`WARN`]: works, but may be cut by the place it is pasted into.
    pub long: bool,
    pub left_out: LeftOut,
    /// A link with whole pastes would carry more than this one: the page shows what
    /// ([`whole_preview`], asked for when the user ticks "Include whole pastes") before it does.
    pub previewable: bool,
}

/// Pastes up to this size in all get a [`Preview`] with every line; larger, only its size.
pub const PREVIEW_MAX: usize = 64 * 1024;

/// Exactly what whole pastes would send, after their stronger removal (`redact_whole`): every
/// line of every paste, those the default link does not carry as they are marked, and what was
/// removed. The page shows it before "Include whole pastes" takes effect.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Preview {
    pub pastes: Vec<PreviewPaste>,
    pub removed: Vec<Removed>,
    /// Over [`PREVIEW_MAX`]: `pastes` is empty; `bytes` says how much would leave.
    pub too_large: bool,
    /// Bytes of text whole pastes would carry.
    pub bytes: usize,
}

/// One paste of a [`Preview`] (1-based `paste`), line by line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PreviewPaste {
    pub paste: usize,
    /// Each line as whole pastes carry it, and whether only whole pastes carry it so (the
    /// default link empties it, masks part of it or leaves its paste out).
    pub lines: Vec<(bool, String)>,
}

/// What a link left out besides secrets, for the message next to it (all 0 and empty when
/// whole pastes were asked for, but for the pastes over the limit and the vault).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LeftOut {
    /// Lines no reader used.
    pub lines: usize,
    /// JSON values no reader uses.
    pub values: usize,
    /// Tokens of used lines masked with `x` (no evidence shape, and no reader needs them).
    pub masked: usize,
    /// Pastes over [`MAX_PASTES`], not in the link.
    pub pastes: usize,
    /// Pastes left out (1-based, with their marker): kvdoctor understood nothing of them.
    pub left: Vec<(usize, Marker)>,
    /// 1-based pastes too large to check every part in time: some of their text travels as it is.
    pub unchecked: Vec<usize>,
    /// The vault name given was not a vault's: the link carries none.
    pub vault: bool,
}

impl LeftOut {
    /// What the link leaves out, plainly, for the page and the CLI; `None` when nothing was.
    /// Left-out pastes come first: what kvdoctor did not understand is what support most needs
    /// to see, and the riskiest to send.
    pub fn describe(&self) -> Option<String> {
        let mut parts: Vec<String> =
            self.left.iter().map(|(n, marker)| format!("paste {n} ({})", marker.what())).collect();
        if self.lines > 0 {
            parts.push(format!("{} line(s) kvdoctor did not use", self.lines));
        }
        if self.values > 0 {
            parts.push(format!("{} JSON value(s) no check reads", self.values));
        }
        if self.pastes > 0 {
            parts.push(format!("{} paste(s) over the limit of {MAX_PASTES}", self.pastes));
        }
        if self.vault {
            parts.push("the vault name given, which is not a Key Vault name".to_string());
        }
        let masks = (self.masked > 0)
            .then(|| format!("masks {} part(s) of the lines it carries with x (no check reads them)", self.masked));
        let said = match (list(&parts), masks) {
            (None, None) => None,
            (Some(parts), None) => Some(format!("The link leaves out {parts}")),
            (None, Some(masks)) => Some(format!("The link {masks}")),
            (Some(parts), Some(masks)) => Some(format!("The link leaves out {parts}, and {masks}")),
        };
        let unchecked = match self.unchecked.as_slice() {
            [] => String::new(),
            [one] => format!(" Paste {one} is too large to check every part in time: some of it travels as it is."),
            many => format!(
                " Pastes {} are too large to check every part in time: some of their text travels as it is.",
                many.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
            ),
        };
        said.map(|s| format!("{s}; it opens to the same diagnosis.{unchecked}"))
    }
}

/// "a, b and c".
fn list(parts: &[String]) -> Option<String> {
    match parts {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Over [`REFUSE`] characters even after compression.
    TooLong { length: usize },
    /// `#v4.` and later: made by a newer kvdoctor.
    UnknownVersion(String),
    /// `#v0.` or another version kvdoctor never wrote.
    NoSuchVersion(String),
    /// Not valid base64url, not deflate, or cut short.
    Corrupt,
    /// Decodes, but not to a case: wrong shape (`{"p":"hello"}`) or a checksum mismatch.
    Damaged(&'static str),
    /// Holds a line longer than [`MAX_LINE`].
    LineTooLong { bytes: usize },
    /// Holds more than [`MAX_PASTES`] pastes.
    TooManyPastes(usize),
    /// Decodes to more than a link may hold.
    TooLarge,
    /// The pastes come to more than [`MAX_DECODED`] bytes: a link that held them would be
    /// refused when opened, however well it compressed.
    TooMuchText { bytes: usize },
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
            LinkError::NoSuchVersion(v) => write!(
                f,
                "this link names format {v}, which no kvdoctor version writes; it was changed or damaged: ask for it again"
            ),
            LinkError::Corrupt => {
                write!(f, "this link is damaged or was cut short; ask for it again, or paste the outputs yourself")
            }
            LinkError::Damaged(why) => {
                write!(f, "this link is damaged ({why}); ask for it again, or paste the outputs yourself")
            }
            LinkError::TooManyPastes(n) => {
                write!(f, "this link holds {n} pastes, more than the {MAX_PASTES} a link may hold; nothing of it was opened")
            }
            LinkError::LineTooLong { bytes } => write!(
                f,
                "this link holds a line of {} KB, longer than the {} KB a line may be; nothing of it was opened",
                bytes.div_ceil(1024),
                MAX_LINE / 1024
            ),
            LinkError::TooLarge => write!(f, "this link holds more than kvdoctor accepts from a link"),
            LinkError::TooMuchText { bytes } => write!(
                f,
                "the pastes come to {} KB, more than the {} KB a link may hold; copy the report as Markdown instead",
                bytes.div_ceil(1024),
                MAX_DECODED / 1024
            ),
            LinkError::NotALink => write!(f, "the part after # is not a kvdoctor case"),
        }
    }
}

/// A case ready to compress: the wire document, secrets already removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    pub json: Vec<u8>,
    pub removed: Vec<Removed>,
    pub left_out: LeftOut,
    /// See [`Link::previewable`].
    pub previewable: bool,
}

/// What whole pastes would carry beside the default link's `sent` texts (already redacted).
fn preview(pastes: &[Paste], sent: &[String]) -> Preview {
    let bytes: usize = pastes.iter().map(|p| p.text.len()).sum();
    if bytes > PREVIEW_MAX {
        return Preview { too_large: true, bytes, ..Preview::default() };
    }
    let texts: Vec<String> = pastes.iter().map(|p| p.text.clone()).collect();
    let (whole, removed) = redact_whole(&texts);
    let pastes = whole
        .iter()
        .zip(sent)
        .enumerate()
        .map(|(i, (whole, sent))| {
            let left = Marker::parse(sent).is_some();
            let mut sent = sent.split('\n');
            let lines = whole.split('\n').map(|line| (left || sent.next() != Some(line), line.to_string())).collect();
            PreviewPaste { paste: i + 1, lines }
        })
        .collect();
    Preview { pastes, removed, too_large: false, bytes: whole.iter().map(String::len).sum() }
}

/// Step 1 of a link: keep what the diagnosis used (unless whole pastes are asked for), cut to
/// [`MAX_PASTES`], redact and serialise. Far beyond the budget, refuse before any work.
/// `whole`: carry the whole pastes (still redacted), not only what the diagnosis used.
pub fn prepare(case: &SharedCase, whole: bool) -> Result<Prepared, LinkError> {
    prepare_with(case, whole, false).map(|(prepared, _)| prepared)
}

/// What a link with whole pastes would send beside the default link of `case`, every line
/// shown: `None` when the default link already carries everything, or there is no link.
/// Asked for when the user ticks "Include whole pastes", never with every diagnosis (up to
/// [`PREVIEW_MAX`] of text).
pub fn whole_preview(case: &SharedCase) -> Option<Preview> {
    prepare_with(case, false, true).ok().and_then(|(_, preview)| preview)
}

/// [`prepare`], and with `previewed` the [`Preview`] of whole pastes for a default link.
fn prepare_with(case: &SharedCase, whole: bool, previewed: bool) -> Result<(Prepared, Option<Preview>), LinkError> {
    // Text compresses about tenfold at best.
    let raw: usize = case.pastes.iter().map(|p| p.text.len()).sum();
    if raw > REFUSE * 40 {
        return Err(LinkError::TooLong { length: raw / 10 });
    }
    let mut left_out = LeftOut { pastes: case.pastes.len().saturating_sub(MAX_PASTES), ..LeftOut::default() };
    let pastes = case.pastes.get(..MAX_PASTES).unwrap_or(&case.pastes);
    // Only a vault's own name travels (`vault::typed`): the field may hold anything.
    let typed = case.vault.as_deref().map_or(Ok(None), vault::typed);
    left_out.vault = typed.is_err();
    let vault = typed.ok().flatten().map(|v| v.typed_form());
    let pastes = if whole {
        pastes.to_vec()
    } else {
        let minimal = used_only(pastes);
        (left_out.lines, left_out.values, left_out.masked, left_out.left, left_out.unchecked) =
            (minimal.dropped_lines, minimal.blanked_values, minimal.masked, minimal.left, minimal.unchecked);
        minimal.pastes
    };
    let texts: Vec<String> = pastes.iter().map(|p| p.text.clone()).collect();
    // Whole pastes carry lines no reader used: they pass the stronger removal.
    let (clean, removed) = if whole { redact_whole(&texts) } else { redact(&texts) };
    // Masks alone that the removal of secrets covers anyway (a mask inside a removed span): the
    // default link then carries what a whole one would, and leaves nothing out.
    if !whole && left_out.lines + left_out.values == 0 && left_out.left.is_empty() && left_out.masked > 0 {
        let originals: Vec<String> = case.pastes.iter().take(MAX_PASTES).map(|p| p.text.clone()).collect();
        if redact_whole(&originals).0 == clean {
            left_out.masked = 0;
        }
    }
    let leaves_out = left_out.lines + left_out.values + left_out.masked > 0 || !left_out.left.is_empty();
    let shown = case.pastes.get(..MAX_PASTES).unwrap_or(&case.pastes);
    let previewable = !whole && leaves_out;
    let preview = (previewable && previewed).then(|| preview(shown, &clean));
    let wire = Wire {
        p: clean
            .into_iter()
            .zip(&pastes)
            .map(|(t, p)| match Marker::parse(&p.text) {
                Some(m) => WirePaste { t: m.text(), k: None, o: Some(WireLeft { n: m.lines, r: m.why.id() }) },
                None => WirePaste { t, k: p.kind.map(|k| k.id().to_string()), o: None },
            })
            .collect(),
        v: vault,
        h: case.host.as_deref().and_then(Platform::from_choice).and_then(|p| p.choice_id()),
        m: VERSION,
    };
    let json = serde_json::to_vec(&wire).unwrap_or_default();
    if json.len() > MAX_DECODED {
        return Err(LinkError::TooMuchText { bytes: json.len() });
    }
    if let Some(bytes) = longest_line(wire.p.iter().map(|p| p.t.as_str())).filter(|b| *b > MAX_LINE) {
        return Err(LinkError::LineTooLong { bytes });
    }
    Ok((Prepared { json, removed, left_out, previewable }, preview))
}

/// Step 3 of a link: the checksum of [`Prepared::json`] and its deflate-raw bytes against the
/// v3 dictionary ([`v3::deflate`]) become the URL, within budget.
pub fn finish(base: &str, prepared: Prepared, compressed: &[u8]) -> Result<Link, LinkError> {
    let mut data = crc32(&prepared.json).to_be_bytes().to_vec();
    data.extend_from_slice(compressed);
    let url = format!("{}#v3.{}", base.split('#').next().unwrap_or(base), URL_SAFE_NO_PAD.encode(data));
    if url.len() > REFUSE {
        return Err(LinkError::TooLong { length: url.len() });
    }
    Ok(Link {
        long: url.len() > WARN,
        url,
        removed: prepared.removed,
        left_out: prepared.left_out,
        previewable: prepared.previewable,
    })
}

/// The longest line of any text, in bytes, when there is text.
fn longest_line<'a>(texts: impl Iterator<Item = &'a str>) -> Option<usize> {
    texts.flat_map(|t| t.split('\n')).map(str::len).max()
}

/// CRC-32 (IEEE, as zip and PNG use), bit by bit: links are small.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// What a fragment holds before decompression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    Empty,
    /// A `v1.` or `v2.` link: deflate-raw bytes to inflate (at most [`MAX_DECODED`]) and
    /// [`unpack`], with the checksum a `v2.` link carries.
    Packed(Vec<u8>, Option<u32>),
    /// A `v3.` link: deflate-raw bytes against [`v3::DICTIONARY`] ([`v3::inflate`]), and
    /// the checksum of the document.
    Preset(Vec<u8>, u32),
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
    if fragment.len() > MAX_FRAGMENT {
        return Err(LinkError::TooLarge);
    }
    if let Some(data) = fragment.strip_prefix("v1.") {
        return unbase64(data).map(|packed| Fragment::Packed(packed, None));
    }
    if let Some(data) = fragment.strip_prefix("v2.") {
        let bytes = unbase64(data)?;
        let (sum, packed) = bytes.split_first_chunk::<4>().ok_or(LinkError::Corrupt)?;
        return Ok(Fragment::Packed(packed.to_vec(), Some(u32::from_be_bytes(*sum))));
    }
    if let Some(data) = fragment.strip_prefix("v3.") {
        let bytes = unbase64(data)?;
        let (sum, packed) = bytes.split_first_chunk::<4>().ok_or(LinkError::Corrupt)?;
        return Ok(Fragment::Preset(packed.to_vec(), u32::from_be_bytes(*sum)));
    }
    let version = fragment.split('.').next().filter(|v| {
        v.len() > 1 && v.len() <= 6 && v.strip_prefix(['v', 'V']).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    });
    if let Some(version) = version {
        let newer = version.get(1..).and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| n > CURRENT);
        let version = version.to_ascii_lowercase();
        return Err(if newer { LinkError::UnknownVersion(version) } else { LinkError::NoSuchVersion(version) });
    }
    readable(fragment).map(Fragment::Case)
}

/// The whole link with miniz (the CLI, and the page's engine worker): prepare, deflate, finish. It carries only
/// what the diagnosis used; [`build_link_with`] can carry the whole pastes.
#[cfg(not(target_arch = "wasm32"))]
pub fn build_link(base: &str, case: &SharedCase) -> Result<Link, LinkError> {
    build_link_with(base, case, false)
}

/// [`build_link`], with the whole pastes (still redacted) when `whole`.
pub fn build_link_with(base: &str, case: &SharedCase, whole: bool) -> Result<Link, LinkError> {
    let prepared = prepare(case, whole)?;
    let compressed = v3::deflate(&prepared.json);
    finish(base, prepared, &compressed)
}

/// The whole case of a link (the CLI). `Ok(None)` for an empty fragment.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_fragment(url_or_fragment: &str) -> Result<Option<SharedCase>, LinkError> {
    open_link(url_or_fragment).map(|opened| opened.map(|o| o.case))
}

/// [`parse_fragment`], with the kvdoctor that made the link.
pub fn open_link(url_or_fragment: &str) -> Result<Option<Opened>, LinkError> {
    match read_fragment(url_or_fragment)? {
        Fragment::Empty => Ok(None),
        Fragment::Case(case) => Ok(Some(checked(case, MadeBy::Hand)?)),
        Fragment::Packed(packed, sum) => {
            let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED).map_err(|e| match e
                .status
            {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
                _ => LinkError::Corrupt,
            })?;
            open_packed(&json, sum).map(Some)
        }
        Fragment::Preset(packed, sum) => open_packed(&v3::inflate(&packed)?, Some(sum)).map(Some),
    }
}

/// The compressed bytes of a `v1.` fragment's data.
pub fn unbase64(data: &str) -> Result<Vec<u8>, LinkError> {
    URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| LinkError::Corrupt)
}

/// Reads the decompressed wire document, checking its checksum (`v2.`, `v3.`) and its shape: a
/// document that is JSON but not a case is damaged, never an empty case.
pub fn unpack(json: &[u8], sum: Option<u32>) -> Result<SharedCase, LinkError> {
    open_packed(json, sum).map(|opened| opened.case)
}

/// [`unpack`], with the kvdoctor that made the link. The engine's own JSON reader does it, so
/// the page carries no second JSON parser.
pub fn open_packed(json: &[u8], sum: Option<u32>) -> Result<Opened, LinkError> {
    if json.len() > MAX_DECODED {
        return Err(LinkError::TooLarge);
    }
    if sum.is_some_and(|s| s != crc32(json)) {
        return Err(LinkError::Damaged("its checksum does not match"));
    }
    let text = std::str::from_utf8(json).map_err(|_| LinkError::Damaged("not text"))?;
    let doc = crate::engine::input::json::parse(text);
    let root = doc.roots.first().filter(|_| doc.roots.len() == 1 && doc.problems.is_empty());
    let root = root.filter(|r| r.is_object()).ok_or(LinkError::Damaged("not a case document"))?;
    let pastes = root.get("p").filter(|p| is_array(p)).ok_or(LinkError::Damaged("no list of pastes"))?;
    if pastes.items().len() > MAX_PASTES {
        return Err(LinkError::TooManyPastes(pastes.items().len()));
    }
    let pastes = pastes
        .items()
        .iter()
        .map(|p| {
            let text = p.get("t").and_then(|t| t.text().filter(|_| is_string(t)));
            let text = text.ok_or(LinkError::Damaged("a paste without text"))?;
            let kind = match p.get("k") {
                None => None,
                Some(k) if is_string(k) => k.text().and_then(Kind::from_id),
                Some(_) => return Err(LinkError::Damaged("a paste kind that is not a name")),
            };
            match p.get("o") {
                None => Ok(Paste { text: text.to_string(), kind }),
                // The marker is made again from `o`: what the paste box shows is this kvdoctor's.
                Some(o) => left_out(o).map(|m| Paste::new(m.text())),
            }
        })
        .collect::<Result<Vec<Paste>, LinkError>>()?;
    let vault = match root.get("v") {
        None => None,
        Some(v) if is_string(v) => v.text().map(str::to_string),
        Some(_) => return Err(LinkError::Damaged("a vault name that is not text")),
    };
    let host = match root.get("h") {
        None => None,
        Some(h) if is_string(h) => h.text().map(str::to_string),
        Some(_) => return Err(LinkError::Damaged("a host that is not text")),
    };
    let made_by = match root.get("m") {
        None => MadeBy::Unrecorded,
        Some(m) if is_string(m) => MadeBy::Version(m.text().filter(|v| is_version(v)).ok_or(BAD_VERSION)?.to_string()),
        Some(_) => return Err(BAD_VERSION),
    };
    checked(SharedCase { pastes, vault, host }, made_by)
}

/// Every form of link meets the same limits and the same vault rule before any work is done
/// on it: at most [`MAX_PASTES`] pastes, no line over [`MAX_LINE`], and a vault name only if it
/// is a vault's (anything else is set aside, and said).
fn checked(mut case: SharedCase, made_by: MadeBy) -> Result<Opened, LinkError> {
    if case.pastes.len() > MAX_PASTES {
        return Err(LinkError::TooManyPastes(case.pastes.len()));
    }
    if let Some(bytes) = longest_line(case.pastes.iter().map(|p| p.text.as_str())).filter(|b| *b > MAX_LINE) {
        return Err(LinkError::LineTooLong { bytes });
    }
    let typed = case.vault.as_deref().map_or(Ok(None), vault::typed);
    let refused_vault = typed.is_err();
    case.vault = typed.ok().flatten().map(|v| v.typed_form());
    // Only a host this kvdoctor knows is kept, in its own spelling.
    let host = case.host.take().filter(|h| !h.trim().is_empty());
    let known = host.as_deref().and_then(Platform::from_choice).and_then(|p| p.choice_id());
    let refused_host = host.is_some() && known.is_none();
    case.host = known.map(str::to_string);
    Ok(Opened { case, made_by, refused_vault, refused_host })
}

const BAD_VERSION: LinkError = LinkError::Damaged("a maker's version that is not a version");

/// A paste's `o`: `{"n":<lines>,"r":"<why>"}`; a reason this kvdoctor does not know is read as
/// one it cannot state, never as damage (a newer kvdoctor may give more reasons).
fn left_out(o: &crate::engine::input::json::Node) -> Result<Marker, LinkError> {
    const BAD: LinkError = LinkError::Damaged("a left-out paste that is not one");
    let lines = match o.get("n").map(|n| &n.value) {
        Some(crate::engine::input::json::Value::Num(n)) if n.len() <= marker::MOST_DIGITS => n.parse::<usize>().ok(),
        _ => None,
    };
    let why = o.get("r").filter(|r| is_string(r)).and_then(|r| r.text()).map(Why::from_id);
    match (o.is_object(), lines, why) {
        (true, Some(lines), Some(why)) => Ok(Marker { lines, why }),
        _ => Err(BAD),
    }
}

/// `0.1.0+3f2a1bc` and the like: what a link may show as the version that made it.
fn is_version(v: &str) -> bool {
    (1..=40).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric() || ".+-".contains(c))
}

fn is_array(node: &crate::engine::input::json::Node) -> bool {
    matches!(node.value, crate::engine::input::json::Value::Array(_))
}

fn is_string(node: &crate::engine::input::json::Node) -> bool {
    matches!(node.value, crate::engine::input::json::Value::Str(_))
}

/// `vault=contoso&error=ForbiddenByConnection&paste=…`: each `error` and `paste` becomes a paste.
fn readable(fragment: &str) -> Result<SharedCase, LinkError> {
    if fragment.len() > MAX_DECODED {
        return Err(LinkError::TooLarge);
    }
    let mut case = SharedCase::default();
    let mut understood = false;
    // Counted before anything is decoded: `paste=x&paste=x&…` can name thousands.
    let pastes = fragment.split('&').filter(|p| p.starts_with("error=") || p.starts_with("paste=")).count();
    if pastes > MAX_PASTES {
        return Err(LinkError::TooManyPastes(pastes));
    }
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(&value.replace('+', " ")).decode_utf8_lossy().into_owned();
        match key {
            // Checked with every other link's vault (`checked`); an empty one is no vault.
            "vault" if !value.trim().is_empty() => {
                case.vault = Some(value.trim().to_string());
                understood = true;
            }
            "host" if !value.trim().is_empty() => case.host = Some(value.trim().to_string()),
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

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;

    /// These tests are about the format: whole pastes, so every byte round-trips.
    fn build_link(base: &str, case: &SharedCase) -> Result<Link, LinkError> {
        build_link_with(base, case, true)
    }

    fn case(texts: &[&str]) -> SharedCase {
        SharedCase { pastes: texts.iter().map(|t| Paste::new(*t)).collect(), vault: Some("contoso".into()), host: None }
    }

    #[test]
    fn the_host_choice_travels_and_an_unknown_one_is_set_aside() {
        let chosen = SharedCase { host: Some("AKS".into()), ..case(&["x"]) };
        let back = parse_fragment(&build_link("x", &chosen).unwrap().url).unwrap().unwrap();
        assert_eq!(back.host.as_deref(), Some("aks"));
        assert_eq!(parse_fragment(&build_link("x", &case(&["x"])).unwrap().url).unwrap().unwrap().host, None);
        // Written by hand; a host this kvdoctor does not know is set aside, and said.
        assert_eq!(parse_fragment("#vault=kv1&host=vm&error=Forbidden").unwrap().unwrap().host.as_deref(), Some("vm"));
        let opened = open_link("#vault=kv1&host=mainframe&error=Forbidden").unwrap().unwrap();
        assert_eq!(opened.case.host, None);
        assert!(opened.note().is_some_and(|n| n.contains("host (where the code runs) is not one")));
        // A host that is not text is damage.
        let json = br#"{"p":[{"t":"x"}],"h":3}"#;
        assert!(matches!(unpack(json, None), Err(LinkError::Damaged(_))));
    }

    #[test]
    fn round_trip_keeps_pastes_kinds_and_vault() {
        let mut c = case(&["Server:  UnKnown\r\nAddress:  168.63.129.16", "ünïcødé ✓"]);
        c.pastes[1].kind = Some(Kind::Error);
        let link = build_link("http://127.0.0.1:8080/", &c).unwrap();
        assert!(link.url.starts_with("http://127.0.0.1:8080/#v3."));
        assert_eq!(parse_fragment(&link.url).unwrap(), Some(c));
    }

    #[test]
    fn readable_parameters() {
        let c = parse_fragment("#vault=Contoso&error=ForbiddenByConnection").unwrap().unwrap();
        assert_eq!(c.vault.as_deref(), Some("contoso"));
        assert_eq!(c.pastes[0].text, "Error code: ForbiddenByConnection");
        let c = parse_fragment("paste=Status%3A%20403%20(Forbidden)").unwrap().unwrap();
        assert_eq!(c.pastes[0].text, "Status: 403 (Forbidden)");
        assert_eq!(parse_fragment("#vault=kv1&paste=a%20b%26c").unwrap().unwrap().pastes[0].text, "a b&c");
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let good = build_link("x", &case(&["nslookup contoso.vault.azure.net"])).unwrap().url;
        let data = good.split_once("#v3.").unwrap().1;
        assert_eq!(parse_fragment(&format!("#v3.{}", data.get(..data.len() / 2).unwrap())), Err(LinkError::Corrupt));
        assert_eq!(parse_fragment("#v2.AA"), Err(LinkError::Corrupt));
        assert_eq!(parse_fragment("#v3.AA"), Err(LinkError::Corrupt));
        assert_eq!(parse_fragment("#v1.!!!not-base64"), Err(LinkError::Corrupt));
        assert_eq!(
            parse_fragment(&format!("#v1.{}", URL_SAFE_NO_PAD.encode(b"plain, not deflate"))),
            Err(LinkError::Corrupt)
        );
        assert_eq!(parse_fragment("#v4.AAAA"), Err(LinkError::UnknownVersion("v4".into())));
        assert_eq!(parse_fragment("#v0.AAAA"), Err(LinkError::NoSuchVersion("v0".into())));
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

    /// Repeated lines compress a thousandfold: a short link could carry more text than any
    /// kvdoctor opens. Such a link is refused when made, never handed out to fail when opened.
    #[test]
    fn a_link_is_never_made_that_would_be_refused_when_opened() {
        let block = "Server:  UnKnown\nAddress:  168.63.129.16\n\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.3\n\n";
        // JSON spells each line end in two bytes: 90% of the limit in text stays under it.
        let under = block.repeat(MAX_DECODED * 9 / 10 / block.len());
        let link = build_link("x", &case(&[&under])).unwrap();
        assert!(link.url.len() < WARN, "repetition compresses: {} characters", link.url.len());
        assert_eq!(parse_fragment(&link.url).unwrap().unwrap().pastes[0].text, under);
        let over = block.repeat(MAX_DECODED / block.len() + 100);
        match build_link("x", &case(&[&over])) {
            Err(e @ LinkError::TooMuchText { .. }) => assert!(e.to_string().contains("1024 KB a link may hold"), "{e}"),
            other => panic!("expected TooMuchText, got {other:?}"),
        }
    }
}
