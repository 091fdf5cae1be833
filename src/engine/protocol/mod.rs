//! The one protocol between the page's shell and the engine it runs in a Web Worker: the shell
//! holds the components, the worker every reader and check. The shell sends a [`Request`] with
//! the pastes' texts beside it (the transport carries them as they are, and boot.js sizes its
//! deadline by them); the worker's [`Session`] answers with one [`Answer`]. Both are Rust types
//! encoded by [`encode`] and read back by [`decode`], the same two functions in both directions.
//!
//! | request                | the worker answers                                          |
//! |------------------------|-------------------------------------------------------------|
//! | [`Request::Diagnose`]  | [`Answer::Diagnosis`]: what the screen shows (the report's HTML, the commands, the share link) |
//! | [`Request::Render`]    | [`Answer::Rendered`]: the report as Markdown, a ticket comment or JSON, for a copy button |
//! | [`Request::Preview`]   | [`Answer::Preview`]: what a link with whole pastes would send, for "Include whole pastes" |
//! | [`Request::Open`]      | [`Answer::Opened`]: the case a link holds, or why not       |
//! | [`Request::PublicDns`] | [`Answer::PublicDns`]: a resolver's answer as a paste, or why not |
//! | [`Request::Collect`]   | [`Answer::Collect`]: the lines that run the served collector for a shell and vault (or a request link's), or why not |
//! | [`Request::RequestLink`] | [`Answer::RequestLink`]: a support engineer's request link, or why not |
//! | any it cannot read     | [`Answer::Refused`], naming what was wrong                  |
//!
//! A new request is one variant here and its arm in [`Session::answer`].
//!
//! The encoding is serde's derives in postcard (fields by position, numbers as varints) and a
//! CRC-32 after it. Measured for the diagnosis answer of the bench's typical case (3 KB, five
//! kinds), the shell's release wasm (wasm-opt -Oz, brotli 11) against a shell decoding nothing
//! (108.8 KB), and the decode time natively:
//!
//! | decoder                              | shell, brotli | answer  | decode  |
//! |--------------------------------------|---------------|---------|---------|
//! | hand-written over the engine's JSON reader | +6.4 KB | 17.7 KB | ~470–900 µs (50 KB answer) |
//! | serde + serde_json                   | +22.3 KB      | 20.4 KB | 154 µs  |
//! | miniserde (JSON)                     | +9.4 KB       | 20.4 KB | 151 µs  |
//! | serde + postcard                     | +3.6 KB       | 15.5 KB | 66 µs   |
//!
//! With the share link and the commands in it, and the copy texts asked for by [`Request::Render`]
//! only when a button is pressed, that case's whole diagnosis answer was 17.5 KB when it carried
//! the report's structures (carrying its Markdown, JSON and ticket comment too it would be
//! 46 KB). It carries the report as the page shows it now (`render::html::body`, issue 24): the
//! shell decodes no step and builds no card, and lost 8.4 KB brotli. Measured for the bench's
//! typical case: the answer is 30.9 KB (21.0 KB before), of which the HTML is 26.6 KB and 20.7 KB
//! of that the folded groups' cards (open, passed, do not apply); inserting and laying out all of
//! it took 4.6 ms against 3.5 ms without the folded cards (median of 15, a loaded 2-core
//! machine), less than one more worker round trip to ask for a group when it is opened, so the
//! folded cards always come with the answer, in native `<details>`.
//!
//! Decoding is strict: a message that is cut, damaged or followed by anything is a
//! [`ProtocolError`], never a panic and never another value. Postcard alone would read a
//! changed byte inside a text as another text; the checksum refuses it.

mod session;
#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use session::Session;

use super::report::Report;

/// The rest of what the page's shell takes from the engine, all of it here so that this module
/// and the report are the shell's one door (tests/architecture.rs): the types the messages
/// carry, and the few constants and pure helpers the page runs itself (its copy, the version,
/// sizes in notes, the link's aim, and the public resolver's address and request for the
/// opt-in public DNS lookup the browser makes).
pub use super::facts::Evidence;
pub use super::kind::Kind;
pub use super::page_text::{self, CommandGroup};
pub use super::public_dns::{query_url, utc_minute, ACCEPT, RESOLVER_HOST, RESOLVER_URL};
pub use super::redact::Removed;
pub use super::report::InputSummary;
pub use super::share::{Link, Preview, SharedCase, AIM};
pub use super::size::megabytes;
pub use super::{Paste, VERSION};

/// What the shell asks the engine. The pastes' texts travel beside the request, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Diagnose the pastes. `slots` name them across requests, so the worker re-reads only a
    /// paste whose text or kind changed. The answer carries the share link for `base` (the
    /// page's address), made of whole pastes when `whole`. `test_panic`: the browser tests'
    /// way to make the engine fail on purpose (a paste holding `kvdoctor-test-panic`). `host`:
    /// where the user said the code runs (a `HOST_CHOICES` id, empty for no choice).
    Diagnose {
        slots: Vec<u32>,
        kinds: Vec<Option<Kind>>,
        vault: String,
        host: String,
        whole: bool,
        base: String,
        test_panic: bool,
    },
    /// The report of the pastes as text to copy: asked for when a copy button is pressed,
    /// never with every diagnosis (a typical case's three texts weigh more than its report).
    Render { format: Format, slots: Vec<u32>, kinds: Vec<Option<Kind>>, vault: String, host: String },
    /// What a link with whole pastes would send (every line, what only it carries marked): asked
    /// for when the user ticks "Include whole pastes", never with every diagnosis (up to 64 KB).
    Preview { kinds: Vec<Option<Kind>>, vault: String },
    /// The case a link's fragment (or whole address) holds.
    Open { fragment: String },
    /// A public resolver's answer, to be turned into a paste.
    PublicDns { resolver: String, host: String, when: String, body: String },
    /// The collector for `shell` (`bash`, `powershell`) and `vault`: the lines that run the
    /// script served next to the page at `base` (the page's address); when `fragment` is a
    /// support engineer's request link (`#vault=…&collect=bash&note=…`), its vault, shell and
    /// note instead.
    Collect { fragment: String, shell: String, vault: String, base: String },
    /// A support engineer's request link to the page at `base`, for `vault`, `shell` and `note`.
    RequestLink { base: String, shell: String, vault: String, note: String },
}

/// The hosts the page offers for "where does the code run?": each one's id (what
/// [`Request::Diagnose`]'s `host` and a link carry) and its label.
pub fn host_choices() -> impl Iterator<Item = (&'static str, &'static str)> {
    super::facts::HOST_CHOICES.iter().map(|(_, id, label)| (*id, *label))
}

/// What the engine answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Diagnosis(Box<Diagnosis>),
    Rendered(String),
    /// `None` when the link already carries everything (or there is no link).
    Preview(Option<Preview>),
    Opened(LinkOpened),
    PublicDns(Result<String, String>),
    Collect(Collected),
    /// The request link, or the sentence saying why there is none.
    RequestLink(Result<String, String>),
    /// The request could not be read: what was wrong with it.
    Refused(String),
}

/// What a [`Request::Collect`] gets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Collected {
    /// The fragment is no request link and no shell was asked: nothing to offer yet.
    NotAsked,
    Made(Box<Collect>),
    /// Why there is no collector: the vault's name, the shell or the request link, in a sentence.
    Refused(String),
}

/// A collector as the page offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collect {
    /// `bash` or `powershell`.
    pub shell: String,
    /// The vault as a link writes it.
    pub vault: String,
    /// The served script the lines run (`<page>/collect.sh`), to read before running.
    pub script_url: String,
    /// Each way to run it: where it fits, and the line to paste (the vault filled in).
    pub one_liners: Vec<(String, String)>,
    /// Each step's id and what it shows, in order.
    pub steps: Vec<(String, String)>,
    /// A request link's note from the engineer: plain text, shown as text.
    pub note: String,
}

/// What a copy button copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// The whole report (`kvdoctor --format markdown`).
    Markdown,
    /// The short comment for a ticket; the page adds the link and the date.
    Ticket,
    /// The JSON contract (`kvdoctor --format json`).
    Json,
}

/// A diagnosis as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The report as the page shows it, secrets removed: [`super::render::html::body`], every
    /// text escaped. The shell inserts it as it is (it decodes no step, evidence or symptom).
    pub html: String,
    /// The little the shell itself needs of the report.
    pub summary: Summary,
    /// What was removed from the report.
    pub removed: Vec<Removed>,
    /// The commands that collect evidence for the vault.
    pub commands: Vec<CommandGroup>,
    /// The host "Ask public DNS" may send (a well-formed one only).
    pub public_dns_host: Option<String>,
    /// Why the vault name typed was set aside, for the field itself.
    pub vault_problem: Option<String>,
    /// The share link for the case, or the sentence saying why there is none; `None` when
    /// there is nothing to share (no paste and no vault name).
    pub link: Option<Result<Link, String>>,
}

/// What the shell shows of a report outside its HTML: the live announcement, each paste's
/// summary under its box, and the vault the hint's command names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// One sentence for screen readers ([`Report::announcement`]).
    pub announcement: String,
    pub inputs: Vec<InputSummary>,
    /// The vault's host, once known.
    pub vault_host: Option<String>,
}

impl Summary {
    pub fn of(report: &Report) -> Summary {
        Summary {
            announcement: report.announcement(),
            inputs: report.inputs.clone(),
            vault_host: report.vault.as_ref().map(|v| v.host.clone()),
        }
    }
}

/// What a link's fragment opened to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LinkOpened {
    /// The case, and what to say about the kvdoctor that made it.
    Case { case: SharedCase, note: Option<String> },
    /// The fragment was empty: there is no link to open.
    NoLink,
    /// The link cannot be opened: the sentence saying why.
    Broken(String),
}

/// Why a message could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtocolError {
    /// Shorter than its checksum.
    Short,
    /// The checksum does not match: the message was cut or changed on the way.
    Damaged,
    /// The checksum matches but the content is not a message of this kind (another version's).
    Malformed(String),
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ProtocolError::Short => write!(f, "the message is cut short"),
            ProtocolError::Damaged => write!(f, "the message was damaged on the way"),
            ProtocolError::Malformed(why) => write!(f, "the message is not one kvdoctor understands ({why})"),
        }
    }
}

/// `message` as bytes: postcard, then its CRC-32 (little-endian).
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Postcard fails only on what these types never hold (maps without a length, or a
    // serializer's own error): an empty message then decodes as `Short`, never as a value.
    let mut bytes = postcard::to_allocvec(message).unwrap_or_default();
    if !bytes.is_empty() {
        let crc = super::share::crc32(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
    }
    bytes
}

/// The message `bytes` hold, read strictly: every byte belongs to it.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ProtocolError> {
    let (body, crc) = bytes.split_last_chunk::<4>().ok_or(ProtocolError::Short)?;
    if super::share::crc32(body) != u32::from_le_bytes(*crc) {
        return Err(ProtocolError::Damaged);
    }
    match postcard::take_from_bytes(body) {
        Ok((message, [])) => Ok(message),
        Ok((_, rest)) => Err(ProtocolError::Malformed(format!("{} bytes after the message", rest.len()))),
        Err(e) => Err(ProtocolError::Malformed(e.to_string())),
    }
}
