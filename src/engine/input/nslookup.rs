//! `nslookup` output, Windows and Linux (BIND) forms, one-shot and interactive.
//!
//! Windows prints the final name as `Name:` and the chain above it as `Aliases:`; Linux prints
//! one `canonical name =` line per hop. Both print the resolver first (`Server:`/`Address:`),
//! except the App Service console, which puts `Non-authoritative answer:` before it.

use crate::engine::facts::{DnsFailure, DnsLookup, Evidence, Facts, Located};
use crate::engine::net::{is_masked_addr, parse_addr};
use crate::engine::vault::normalise_host;

use super::parser::Parser;
use super::text::Line;
use super::viewpoint::{label_server, viewpoint_label};
use super::{Kind, Reader};

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::Nslookup, sniff, parse).dns_tool();

/// How sure we are a paste is nslookup output (0–100).
pub fn sniff(lines: &[Line]) -> u8 {
    let mut score = 0u8;
    for line in lines.iter().take(400) {
        let lower = line.text.trim().to_ascii_lowercase();
        let hit = if command_args(&lower).is_some() || NON_AUTHORITATIVE.iter().any(|n| lower.starts_with(n)) {
            60
        } else if lower.contains("canonical name =")
            || lower.starts_with("** server can't find")
            || lower.contains("can't find") && lower.contains("non-existent domain")
        {
            50
        } else if SERVER_LABELS.iter().any(|l| lower.starts_with(l)) || lower.starts_with("aliases:") {
            30
        } else if lower.starts_with("address:")
            || lower.starts_with("addresses:")
            || NAME_LABELS.iter().any(|l| lower.starts_with(l))
        {
            15
        } else {
            0
        };
        score = score.saturating_add(hit);
    }
    score.min(100)
}

/// Reads every lookup in the paste into `facts`; lines it cannot use are reported to `reader`.
pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let mut state = State::default();
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        if state.read(reader, line, text) {
            reader.use_line(line.number);
        }
    }
    state.finish(reader);
    facts.lookups.append(&mut state.done);
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    /// Reading the resolver (`Server:` then `Address:`).
    #[default]
    Header,
    /// Reading the answer.
    Answer,
    /// Inside an indented `Aliases:` list.
    Aliases,
    /// Inside an indented `Addresses:` list.
    Addresses,
}

#[derive(Default)]
struct State {
    current: Option<DnsLookup>,
    section: Section,
    /// The line after `Server:` is the resolver's own `Address:`, not an answer.
    awaiting_server_address: bool,
    /// This lookup already printed its resolver block; another one starts a new lookup.
    server_block_read: bool,
    /// A `server` chosen in interactive mode or on the command line applies to later queries.
    default_server: Option<(Located<std::net::IpAddr>, bool)>,
    /// The section or machine label the lookups below it were made from.
    label: Option<(Located<String>, Option<std::net::IpAddr>)>,
    /// A `canonical name =` line whose target was wrapped onto the next line.
    wrapped_cname: bool,
    done: Vec<DnsLookup>,
}

impl State {
    fn lookup(&mut self) -> &mut DnsLookup {
        self.current.get_or_insert_with(DnsLookup::default)
    }

    fn start(&mut self, reader: &mut Reader, query: Option<Located<String>>) {
        self.finish(reader);
        self.current = Some(DnsLookup { query, ..DnsLookup::default() });
        self.section = Section::Header;
        self.awaiting_server_address = false;
        self.server_block_read = false;
    }

    fn finish(&mut self, reader: &mut Reader) {
        let Some(mut lookup) = self.current.take() else {
            return;
        };
        if lookup.server.is_none() {
            if let Some((server, chosen)) = &self.default_server {
                lookup.server = Some(server.clone());
                lookup.server_chosen = *chosen;
            }
        }
        if !lookup.addresses.is_empty() && lookup.failure.as_ref().is_some_and(|f| f.value == DnsFailure::Timeout) {
            lookup.failure = None; // an earlier try timed out, a retry answered
        }
        if lookup.query.is_none() {
            lookup.query = lookup.names.first().cloned();
        }
        if let Some((label, server)) = &self.label {
            lookup.viewpoint = Some(label.clone());
            if lookup.server.is_none() {
                lookup.server = server.map(|ip| Located::new(ip, label.at.clone()));
            }
        }
        if lookup.has_result() || lookup.query.is_some() {
            self.done.push(lookup);
        } else if let Some(server) = lookup.server {
            self.default_server = Some((server, false));
        } else {
            reader.note("the paste shows a resolver but no lookup result".to_string());
        }
    }

    /// Reads one line; false when the line means nothing to an nslookup reader.
    fn read(&mut self, reader: &mut Reader, line: &Line, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        let input = reader.input;
        let at = |t: &str| Evidence::line(input, line.number, t);

        if command_args(&lower).is_some() {
            let args: Vec<&str> = text
                .split_whitespace()
                .skip_while(|w| !w.to_ascii_lowercase().ends_with("nslookup"))
                .skip(1)
                .filter(|a| !a.starts_with('-'))
                .collect();
            let query = args.first().map(|q| Located { value: normalise_host(q), at: at(text) });
            self.start(reader, query);
            if let Some(server) = args.get(1).and_then(|s| parse_addr(s)) {
                self.default_server = None;
                let lookup = self.lookup();
                lookup.server = Some(Located { value: server, at: at(text) });
                lookup.server_chosen = true;
            }
            return true;
        }
        if std::mem::take(&mut self.wrapped_cname) && is_host_list(text) && !text.contains(' ') {
            let lookup = self.lookup();
            lookup.names.push(Located { value: normalise_host(text), at: at(text) });
            return true;
        }
        if let Some(label) = viewpoint_label(text) {
            self.finish(reader);
            self.section = Section::Header;
            self.server_block_read = false;
            self.awaiting_server_address = false;
            let server = label_server(&label);
            self.label = Some((Located { value: label, at: at(text) }, server));
            return true;
        }
        if let Some(rest) = text.strip_prefix('>') {
            return self.read_prompt(reader, rest.trim(), at(text));
        }
        if NON_AUTHORITATIVE.iter().any(|n| lower.starts_with(n)) {
            // The App Service console prints this before the resolver block, so it decides nothing.
            return true;
        }
        if lower.starts_with("authoritative answers can be found") {
            return true;
        }
        if let Some(value) = value_after(&lower, text, SERVER_LABELS) {
            // A time-out printed before the resolver block (Windows' reverse lookup of the server)
            // belongs to the same run.
            let answered = self
                .current
                .as_ref()
                .is_some_and(|l| !l.names.is_empty() || !l.addresses.is_empty() || !l.masked.is_empty());
            if self.server_block_read || answered {
                self.start(reader, None);
            }
            self.server_block_read = true;
            self.section = Section::Header;
            self.awaiting_server_address = true;
            let lookup = self.lookup();
            if let Some(addr) = parse_addr(value).filter(|_| !lookup.server_chosen) {
                lookup.server = Some(Located { value: addr, at: at(text) });
            }
            return true;
        }
        if let Some(value) =
            value_after(&lower, text, &["addresses:", "address:", "adresses:", "adresse:", "adresse :"])
        {
            if std::mem::take(&mut self.awaiting_server_address) {
                if let Some(addr) = parse_addr(value) {
                    let lookup = self.lookup();
                    if !lookup.server_chosen {
                        lookup.server = Some(Located { value: addr, at: at(text) });
                    }
                    return true;
                }
            }
            self.section = Section::Addresses;
            return self.read_addresses(value, at(text));
        }
        if let Some(value) = value_after(&lower, text, NAME_LABELS) {
            self.section = Section::Answer;
            let (name, address) = match value.to_ascii_lowercase().find("address:") {
                Some(i) => (value.get(..i).unwrap_or(value), value.get(i + "address:".len()..)),
                None => (value, None),
            };
            self.lookup().names.push(Located { value: normalise_host(name), at: at(text) });
            if let Some(address) = address {
                self.read_addresses(address, at(text));
            }
            return true;
        }
        if let Some(value) = value_after(&lower, text, &["aliases:", "alias:"]) {
            self.section = Section::Aliases;
            return self.read_aliases(value, at(text));
        }
        if let Some(i) = lower.find("canonical name =") {
            self.section = Section::Answer;
            let from = normalise_host(text.get(..i).unwrap_or_default().trim());
            let to = normalise_host(text.get(i + "canonical name =".len()..).unwrap_or_default().trim());
            let lookup = self.lookup();
            if lookup.names.is_empty() && !from.is_empty() {
                lookup.names.push(Located { value: from, at: at(text) });
            }
            if to.is_empty() {
                // A narrow terminal or a re-wrapped report put the target on the next line.
                self.wrapped_cname = true;
            } else {
                lookup.names.push(Located { value: to, at: at(text) });
            }
            return true;
        }
        if let Some(failure) = failure(&lower) {
            let lookup = self.lookup();
            if lookup.query.is_none() {
                lookup.query = failed_name(text).map(|n| Located { value: normalise_host(&n), at: at(text) });
            }
            if lookup.failure.is_none() || failure != DnsFailure::Timeout {
                lookup.failure = Some(Located { value: failure, at: at(text) });
            }
            return true;
        }
        if understood_noise(&lower) {
            return true;
        }
        // Continuation lines of `Aliases:` and `Addresses:` (indented, or re-wrapped flat).
        match self.section {
            Section::Aliases if is_host_list(text) => self.read_aliases(text, at(text)),
            Section::Addresses if is_addr_list(text) => self.read_addresses(text, at(text)),
            _ => false,
        }
    }

    fn read_prompt(&mut self, reader: &mut Reader, rest: &str, at: Evidence) -> bool {
        let lower = rest.to_ascii_lowercase();
        let mut words = lower.split_whitespace();
        match (words.next(), words.next()) {
            (None, _) => true,
            (Some("server" | "lserver"), Some(addr)) => {
                if let Some(addr) = parse_addr(addr) {
                    self.finish(reader);
                    self.default_server = Some((Located { value: addr, at }, true));
                }
                true
            }
            (Some("set" | "exit" | "quit" | "help" | "?"), _) => true,
            (Some(name), None) if is_host_list(name) => {
                self.start(reader, Some(Located { value: normalise_host(name), at }));
                true
            }
            _ => false,
        }
    }

    fn read_aliases(&mut self, list: &str, at: Evidence) -> bool {
        let lookup = self.lookup();
        for name in list.split_whitespace() {
            let located = Located { value: normalise_host(name), at: at.clone() };
            if lookup.query.is_none() {
                lookup.query = Some(located.clone());
            }
            lookup.names.push(located);
        }
        true
    }

    fn read_addresses(&mut self, list: &str, at: Evidence) -> bool {
        let lookup = self.lookup();
        let mut any = false;
        for token in list.split([' ', '\t', ',']).filter(|t| !t.is_empty()) {
            if let Some(addr) = parse_addr(token) {
                lookup.addresses.push(Located { value: addr, at: at.clone() });
                any = true;
            } else if is_masked_addr(token) || token.starts_with('<') {
                lookup.masked.push(at.clone());
                any = true;
            }
        }
        any
    }
}

/// Windows prints its labels in the display language (tests/fixtures/nslookup/SOURCES has a
/// real output per language); matched after ASCII lower-casing, so non-Latin words keep the
/// case Windows prints. Russian consoles often show the OEM code page mis-decoded (`╤хЁтхЁ:`).
const NON_AUTHORITATIVE: &[&str] = &[
    "non-authoritative answer",
    "nicht autorisierende antwort",
    "réponse ne faisant pas autorité",
    "respuesta no autoritativa",
    "não é resposta autoritativa",
    "risposta da un server non autorevole",
    "risposta da un server non di fiducia",
    "権限のない回答",
    "非权威应答",
    "권한 없는 응답",
    "Не заслуживающий доверия ответ",
];
const SERVER_LABELS: &[&str] =
    &["server:", "default server:", "serveur :", "serveur:", "servidor:", "サーバー:", "服务器:", "서버:", "╤хЁтхЁ:"];
const NAME_LABELS: &[&str] = &["name:", "nom :", "nom:", "nombre:", "nome:", "名前:", "名称:", "이름:", "╚ь :"];

/// The arguments after `nslookup` when the line is the command itself (after any prompt).
fn command_args(lower: &str) -> Option<&str> {
    let (before, after) = lower.split_once("nslookup")?;
    let prompt_ok = before.is_empty() || before.ends_with([' ', '>', '$', '#', '\t']) || before.ends_with(".exe ");
    let after = after.strip_prefix(".exe").unwrap_or(after);
    (prompt_ok && (after.is_empty() || after.starts_with(' '))).then_some(after)
}

/// The value after a label (`Server:  UnKnown`), matched case-insensitively.
fn value_after<'t>(lower: &str, text: &'t str, labels: &[&str]) -> Option<&'t str> {
    labels.iter().find(|l| lower.starts_with(**l)).and_then(|l| text.get(l.len()..)).map(str::trim)
}

fn failure(lower: &str) -> Option<DnsFailure> {
    if lower.starts_with("*** can't find server") || lower.contains("can't find server name for address") {
        return None; // the resolver has no reverse name: harmless, says nothing about the vault
    }
    if lower.contains("can't find")
        || lower.starts_with("***")
        || lower.starts_with(";;")
        || lower.contains("timed out")
        || lower.contains("timed-out")
    {
        if lower.contains("nxdomain")
            || lower.contains("non-existent domain")
            || lower.contains("nicht vorhandene domäne")
        {
            return Some(DnsFailure::NxDomain);
        }
        if lower.contains("servfail") || lower.contains("server failed") || lower.contains("refused") {
            return Some(DnsFailure::ServerFailure);
        }
        if lower.contains("no internal type") || lower.contains("no answer") {
            return Some(DnsFailure::NoAddress);
        }
        if lower.contains("timed out")
            || lower.contains("timed-out")
            || lower.contains("no servers could be reached")
            || lower.contains("no response from server")
        {
            return Some(DnsFailure::Timeout);
        }
    }
    if lower.starts_with("dns request timed out") || lower == "no response from server" {
        return Some(DnsFailure::Timeout);
    }
    None
}

/// The name in `** server can't find NAME: NXDOMAIN` / `*** X can't find NAME: Non-existent domain`.
fn failed_name(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("can't find ")? + "can't find ".len();
    let rest = text.get(start..)?;
    let name = rest.split(':').next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Lines nslookup prints that carry no fact but are understood.
fn understood_noise(lower: &str) -> bool {
    lower.starts_with("timeout was")
        || lower.starts_with("default server")
        || lower.starts_with("> ")
        || lower.starts_with("***") && lower.contains("can't find server")
}

fn is_host_list(text: &str) -> bool {
    text.split_whitespace().all(|w| {
        w.contains('.')
            && w.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '<' | '>'))
            && parse_addr(w).is_none()
    })
}

fn is_addr_list(text: &str) -> bool {
    text.split_whitespace().all(|w| parse_addr(w).is_some() || is_masked_addr(w))
}
