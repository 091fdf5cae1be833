//! The worker's half: reads a request, runs the engine, answers. A session keeps each paste's
//! reading by slot, so an edit re-reads only the paste that changed, as the page did when the
//! engine ran beside it.

use std::collections::HashMap;
use std::rc::Rc;

use super::super::facts::Platform;
use super::super::input::Kind;
use super::super::redact::Removed;
use super::super::report::Report;
use super::super::share::{self, SharedCase};
use super::super::{
    diagnose_reads_on, page_text, platform_of, public_dns, read_paste, redact, render, vault, Paste, PasteRead,
};
use super::{decode, encode, Answer, Collected, Diagnosis, Format, LinkOpened, Request, Summary};

/// What one slot held when it was last read.
struct Cached {
    number: usize,
    kind: Option<Kind>,
    text: String,
    read: Option<Rc<PasteRead>>,
}

/// One worker's state: the readings of the pastes it was last asked about.
#[derive(Default)]
pub struct Session {
    reads: HashMap<u32, Cached>,
}

impl Session {
    /// The answer to the encoded `request` about the pastes `texts` (in paste order), encoded.
    pub fn answer(&mut self, request: &[u8], texts: Vec<String>) -> Vec<u8> {
        encode(&match decode(request) {
            Ok(request) => self.reply(request, texts),
            Err(e) => Answer::Refused(e.to_string()),
        })
    }

    /// The answer to `request` as a value (the CLI's `kvdoctor-engine` and tests).
    pub fn reply(&mut self, request: Request, texts: Vec<String>) -> Answer {
        match request {
            Request::Diagnose { slots, kinds, vault, host, whole, base, test_panic } => {
                self.diagnose(&slots, kinds, (&vault, &host), whole, &base, test_panic, texts)
            }
            Request::Render { format, slots, kinds, vault, host } => {
                match self.report(&slots, &kinds, (&vault, &host), &texts) {
                    Ok((report, removed, _)) => Answer::Rendered(match format {
                        Format::Markdown => render::markdown_redacted(&report, &removed),
                        Format::Ticket => render::ticket_redacted(&report),
                        Format::Json => render::json_redacted(&report),
                    }),
                    Err(refused) => refused,
                }
            }
            Request::Preview { kinds, vault } => match case(texts, kinds, &vault, "") {
                Ok(case) => Answer::Preview(share::whole_preview(&case)),
                Err(refused) => refused,
            },
            Request::Open { fragment } => Answer::Opened(match share::open_link(&fragment) {
                Ok(Some(opened)) => LinkOpened::Case { note: opened.note(), case: opened.case },
                Ok(None) => LinkOpened::NoLink,
                Err(e) => LinkOpened::Broken(e.to_string()),
            }),
            Request::PublicDns { resolver, host, when, body } => {
                Answer::PublicDns(public_dns::compose(&resolver, &host, &when, &body))
            }
            Request::Collect { fragment, shell, vault, base } => {
                Answer::Collect(collect(&fragment, &shell, &vault, &base).unwrap_or_else(Collected::Refused))
            }
            Request::RequestLink { base, shell, vault, note } => {
                Answer::RequestLink(request_link(&base, &shell, &vault, &note))
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // The request's fields, unpacked.
    fn diagnose(
        &mut self,
        slots: &[u32],
        kinds: Vec<Option<Kind>>,
        (vault, host): (&str, &str),
        whole: bool,
        base: &str,
        test_panic: bool,
        texts: Vec<String>,
    ) -> Answer {
        if test_panic && texts.iter().any(|t| t.contains("kvdoctor-test-panic")) {
            #[allow(clippy::panic)] // The browser tests' way to see the bug notice.
            {
                panic!("a test asked for a panic (kvdoctor-test-panic)");
            }
        }
        let (report, removed, platform) = match self.report(slots, &kinds, (vault, host), &texts) {
            Ok(diagnosed) => diagnosed,
            Err(refused) => return refused,
        };
        // The commands that collect evidence name the vault typed, else the one the pastes name.
        let named = report.vault.as_ref().map(|v| v.host.as_str()).filter(|_| vault.trim().is_empty());
        let commands = page_text::evidence_commands_on(named.unwrap_or(vault), platform.as_ref());
        let Ok(case) = case(texts, kinds, vault, host) else {
            return Answer::Refused("kinds and pastes do not match".to_string());
        };
        let empty = case.vault.is_none() && case.pastes.iter().all(|p| p.text.trim().is_empty());
        let link = (!empty).then(|| share::build_link_with(base, &case, whole).map_err(|e| e.to_string()));
        Answer::Diagnosis(Box::new(Diagnosis {
            public_dns_host: public_dns::host_of(&report),
            vault_problem: vault::typed(vault).err().map(str::to_string),
            html: render::html::body(&report),
            summary: Summary::of(&report),
            removed,
            commands,
            link,
        }))
    }

    /// The report of the pastes `texts` (secrets removed) and what was removed; a request whose
    /// slots and kinds do not match its pastes is refused.
    fn report(
        &mut self,
        slots: &[u32],
        kinds: &[Option<Kind>],
        (vault, host): (&str, &str),
        texts: &[String],
    ) -> Result<(Report, Vec<Removed>, Option<Platform>), Answer> {
        if slots.len() != texts.len() || kinds.len() != texts.len() {
            return Err(Answer::Refused(format!(
                "{} slots and {} kinds for {} pastes",
                slots.len(),
                kinds.len(),
                texts.len()
            )));
        }
        self.reads.retain(|slot, _| slots.contains(slot));
        let mut reads = Vec::new();
        for (i, ((slot, kind), text)) in slots.iter().zip(kinds).zip(texts).enumerate() {
            if let Some(read) = self.read(*slot, i + 1, *kind, text) {
                reads.push(read);
            }
        }
        let reads: Vec<&PasteRead> = reads.iter().map(Rc::as_ref).collect();
        let host = Platform::from_choice(host);
        let (report, removed) = redact::report(&diagnose_reads_on(&reads, Some(vault), host.clone()));
        Ok((report, removed, platform_of(&reads, host)))
    }

    /// What the session keeps for `slot` (tests prove an edit re-reads only its own paste).
    #[cfg(test)]
    pub fn reading(&self, slot: u32) -> Option<Rc<PasteRead>> {
        self.reads.get(&slot).and_then(|c| c.read.clone())
    }

    /// The reading of slot `slot` as paste `number`, made now only if it changed or moved.
    fn read(&mut self, slot: u32, number: usize, kind: Option<Kind>, text: &str) -> Option<Rc<PasteRead>> {
        if let Some(cached) = self.reads.get(&slot) {
            if cached.number == number && cached.kind == kind && cached.text == text {
                return cached.read.clone();
            }
        }
        let read = read_paste(number, text, kind).map(Rc::new);
        self.reads.insert(slot, Cached { number, kind, text: text.to_string(), read: read.clone() });
        read
    }
}

/// The case the pastes `texts`, their `kinds`, the vault name and the chosen host make (as a link carries it);
/// refused when the kinds do not match the pastes.
fn case(texts: Vec<String>, kinds: Vec<Option<Kind>>, vault: &str, host: &str) -> Result<SharedCase, Answer> {
    if kinds.len() != texts.len() {
        return Err(Answer::Refused(format!("{} kinds for {} pastes", kinds.len(), texts.len())));
    }
    Ok(SharedCase {
        pastes: texts.into_iter().zip(kinds).map(|(text, kind)| Paste { text, kind }).collect(),
        vault: Some(vault.to_string()).filter(|v| !v.trim().is_empty()),
        host: Some(host.to_string()).filter(|h| !h.trim().is_empty()),
    })
}

/// The collector a request link asks for, or the one for `shell` and `vault`: the lines that
/// run the script served next to the page at `base`.
fn collect(fragment: &str, shell: &str, vault: &str, base: &str) -> Result<Collected, String> {
    use crate::engine::collector::{self, Shell, Target};
    let (shell, vault, note) = match crate::engine::share::request::parse(fragment)? {
        Some(request) => (request.shell, request.vault, request.note),
        None if shell.is_empty() => return Ok(Collected::NotAsked),
        None => {
            let shell = Shell::parse(shell).ok_or("kvdoctor has a collector for bash and for PowerShell only")?;
            (shell, vault.to_string(), String::new())
        }
    };
    let target = Target::new(&vault).map_err(str::to_string)?;
    let script_url = collector::script_url(shell, base).map_err(str::to_string)?;
    Ok(Collected::Made(Box::new(super::Collect {
        shell: shell.id().to_string(),
        vault,
        one_liners: collector::one_liners(shell, &script_url, &target)
            .into_iter()
            .map(|l| (l.label.to_string(), l.command))
            .collect(),
        script_url,
        steps: collector::STEPS.iter().map(|s| (s.id.to_string(), s.shows.to_string())).collect(),
        note,
    })))
}

/// A support engineer's request link: the vault typed as every name is, the shell, the note.
fn request_link(base: &str, shell: &str, vault: &str, note: &str) -> Result<String, String> {
    use crate::engine::collector::{Shell, Target};
    use crate::engine::share::request::{self, CollectRequest};
    let shell = Shell::parse(shell).ok_or("kvdoctor has a collector for bash and for PowerShell only")?;
    let target = Target::new(vault).map_err(|why| format!("Type the vault's name above first ({why})."))?;
    let note: String = note.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    Ok(request::link(base, &CollectRequest { vault: target.typed, shell, note: note.trim().to_string() }))
}
