//! The `kvdoctor` command line: the same engine as the page, for scripts and tickets.

use std::ffi::OsString;
use std::io::{Read, Write};

use crate::engine::kind::Kind;
use crate::engine::names::{self, NameKind};
use crate::engine::vault::{self, VaultHost};
use crate::engine::{self, render, share, Paste, PasteRead};

mod collect;
mod public_dns;

const USAGE: &str = "\
Usage: kvdoctor [--format text|markdown|ticket|json|html] [FILE...]
       kvdoctor --link [--whole] [--base URL] [FILE...]
       kvdoctor --from-link URL [--format text|markdown|ticket|json|html]
       kvdoctor --host aks|app-service|container-apps|cloud-shell|vm|laptop [FILE...]
       kvdoctor --explain CHECK-ID
       kvdoctor --list-checks
       kvdoctor --public-dns [--vault NAME] [FILE...]
       kvdoctor collect --shell bash|powershell --vault NAME

Diagnoses why a client cannot reach an Azure Key Vault from pasted command output.
Each FILE is one paste (use - for standard input); with no FILE, standard input is read.
kvdoctor reads at most 128 MB in all: real pastes are a few MB, and diagnosing can take
20 times the input in memory.

Options:
  -f, --format FORMAT   text (default), markdown, ticket (a short comment for a
                        ticket: the verdict, the fixes, what to paste next), json
                        or html (the report as the page shows it, a page with no script)
      --link            print a share link for the pastes instead of the report
                        (secrets are removed first; what was removed goes to stderr);
                        it holds only the lines and values the diagnosis used
      --whole           with --link: hold the whole pastes (secrets still removed)
      --base URL        the page the link opens (default http://127.0.0.1:8080/)
      --from-link URL   diagnose the case a share link holds (a link made by another
                        kvdoctor version says so on stderr)
      --vault NAME      the vault to diagnose when the pastes name none: its name
                        (contoso) or host (contoso.vault.azure.net); --link carries it
      --host KIND       where the code runs, when the pastes do not show it: app-service
                        (and Functions), aks (a pod), container-apps, cloud-shell, vm or
                        laptop (and on-premises); the commands to run are that host's.
                        What the pastes show wins (the report says so); --link carries it
      --public-dns      also ask a public resolver (Cloudflare, cloudflare-dns.com, over
                        HTTPS) what the vault's name resolves to on the internet; only
                        the name is sent; the answer is added as a public-dns paste
      --explain ID      show what a check checks, why it matters and the fix
      --list-checks     list every check id with its title, in diagnosis order
  collect               print the read-only collector script (kvdoctor collect --help)
Every report has secrets removed; what was removed is listed at its end (stderr for json).
  -h, --help            show this help
  -V, --version         show the version

Exit status: 0 no step failed, 1 at least one step failed, 2 unusable invocation or input
(every paste blank, over 128 MB, an invalid --vault) or output that could not be written,
141 the reader of the output went away early (kvdoctor ... | head).
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Ticket,
    Json,
    Html,
}

struct Args {
    format: Format,
    files: Vec<OsString>,
    link: bool,
    whole: bool,
    base: String,
    from_link: Option<String>,
    vault: Option<String>,
    /// `--host`: a `HOST_CHOICES` id, checked.
    host: Option<String>,
    public_dns: bool,
}

const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

enum Parsed {
    Run(Args),
    Exit(i32),
}

/// Runs the CLI and returns the process exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let mut args = args.into_iter().peekable();
    if args.peek().is_some_and(|a| a == "collect") {
        return collect::run(args.skip(1));
    }
    let args = match parse(args) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Exit(code)) => return code,
        Err(message) => {
            warn(&format!("{message}\n\n{USAGE}"));
            return 2;
        }
    };
    let (pastes, vault, host) = match &args.from_link {
        Some(url) => match share::open_link(url) {
            Ok(Some(opened)) => {
                if let Some(note) = opened.note() {
                    warn(&note);
                }
                (opened.case.pastes, opened.case.vault, opened.case.host)
            }
            Ok(None) => {
                warn("that URL has no case after '#'");
                return 2;
            }
            Err(e) => {
                warn(&e.to_string());
                return 2;
            }
        },
        // A vault name alone is enough to ask public DNS: no paste is waited for then.
        None if args.public_dns && args.vault.is_some() && args.files.is_empty() => (Vec::new(), None, None),
        // Blank pastes leave nothing to diagnose, unless public DNS is asked about a named vault.
        None => match read_pastes(&args.files, !(args.public_dns && args.vault.is_some())) {
            Ok(pastes) => (pastes, None, None),
            Err(message) => {
                warn(&message);
                return 2;
            }
        },
    };
    let vault = args.vault.clone().or(vault);
    let host = args.host.clone().or(host);
    let mut pastes = pastes;
    // Each paste is read once: the public-DNS question takes the vault from these readings and
    // the diagnosis reuses them (a link reads the pastes its own way).
    let mut reads = if args.public_dns || !args.link { read_all(&pastes) } else { Vec::new() };
    if args.public_dns {
        add_public_dns(&mut pastes, &mut reads, vault.as_deref());
    }
    if args.link {
        return print_link(&args.base, share::SharedCase { pastes, vault, host }, args.whole);
    }
    let chosen = host.as_deref().and_then(engine::facts::Platform::from_choice);
    let report = engine::diagnose_reads_on(&reads.iter().collect::<Vec<_>>(), vault.as_deref(), chosen);
    let output = match args.format {
        Format::Text => render::text(&report),
        Format::Markdown => render::markdown(&report),
        Format::Ticket => render::ticket(&report),
        Format::Json => {
            // Cleaned once for both (`render::removed` and `render::json` each clean it).
            let (clean, removed) = engine::redact::report(&report);
            for r in removed {
                warn(&format!("removed {} from the report", r.describe()));
            }
            render::json_redacted(&clean) + "\n"
        }
        Format::Html => {
            let (report, removed) = engine::redact::report(&report);
            for r in removed {
                warn(&format!("removed {} from the report", r.describe()));
            }
            render::html::page(&report)
        }
    };
    out(&output).unwrap_or(i32::from(report.has_fail()))
}

/// Every paste read on its own, numbered from 1 (a blank one keeps its number).
fn read_all(pastes: &[Paste]) -> Vec<PasteRead> {
    pastes.iter().enumerate().filter_map(|(i, p)| engine::read_paste(i + 1, &p.text, p.kind)).collect()
}

/// `--public-dns`: asks about the vault the readings are about and adds the answer as the last
/// paste, read like the others; says on stderr why nothing was added.
fn add_public_dns(pastes: &mut Vec<Paste>, reads: &mut Vec<PasteRead>, vault: Option<&str>) {
    let Some(host) = engine::public_dns::host_to_ask(&reads.iter().collect::<Vec<_>>(), vault) else {
        warn("--public-dns: no vault name to ask about; give one with --vault NAME");
        return;
    };
    match public_dns::ask(&host) {
        Ok(answer) => {
            reads.extend(engine::read_paste(pastes.len() + 1, &answer, Some(Kind::PublicDns)));
            pastes.push(Paste { text: answer, kind: Some(Kind::PublicDns) });
        }
        Err(message) => warn(&message),
    }
}

/// Exit status after standard output was closed early (`kvdoctor … | head`): what a shell
/// reports for a program ended by SIGPIPE, without a message.
const CLOSED_PIPE: i32 = 141;

/// Writes to standard output; `Some(status)` when the program must end with it instead: a
/// closed pipe ends quietly, any other write error (a full disk, a closed output) is reported,
/// exit 2.
fn out(text: &str) -> Option<i32> {
    if stdout_was_closed() {
        warn("cannot write the output: standard output is closed");
        return Some(2);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => None,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Some(CLOSED_PIPE),
        Err(e) => {
            warn(&format!("cannot write the output: {e}"));
            Some(2)
        }
    }
}

/// Whether kvdoctor was started with standard output closed (`kvdoctor … >&-`). Writing would
/// not fail: before `main`, the Rust runtime puts `/dev/null`, opened for reading and writing,
/// on a closed standard descriptor, so the output would vanish with exit 0 or 1. A shell's
/// `>/dev/null` opens it write-only, and a daemon's standard descriptors are all one read-write
/// `/dev/null` (standard input and error too): both are outputs someone chose to discard.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    let read_write_null = |fd: u8| {
        let null = std::fs::read_link(format!("/proc/self/fd/{fd}")).is_ok_and(|p| p.as_os_str() == "/dev/null");
        // `flags:` is octal; its two low bits are the access mode, 2 for reading and writing.
        let flags = || {
            let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).ok()?;
            let flags = info.lines().find_map(|l| l.strip_prefix("flags:"))?;
            u32::from_str_radix(flags.trim(), 8).ok()
        };
        null && flags().is_some_and(|f| f & 0o3 == 0o2)
    };
    read_write_null(1) && !(read_write_null(0) && read_write_null(2))
}

/// Elsewhere the runtime does the same, but which descriptor it filled cannot be told without
/// `unsafe` (`fcntl`): a closed output is written to `/dev/null` as before.
#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// A message on standard error; `eprintln!` would panic if stderr itself is closed. Messages
/// carry outside text (file names, options, a resolver's answer, link errors): every one is
/// made terminal-safe here, so no caller has to remember to.
fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "kvdoctor: {}", render::terminal_safe_message(message));
}

fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut format = Format::Text;
    let mut files = Vec::new();
    let (mut link, mut whole, mut base, mut from_link) = (false, false, DEFAULT_BASE.to_string(), None);
    let (mut vault, mut host, mut public_dns) = (None, None, false);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('f') | Long("format") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                format = match value.to_str() {
                    Some("text") => Format::Text,
                    Some("markdown" | "md") => Format::Markdown,
                    Some("ticket") => Format::Ticket,
                    Some("json") => Format::Json,
                    Some("html") => Format::Html,
                    _ => return Err(format!("unknown format {value:?}: use text, markdown, ticket, json or html")),
                };
            }
            Long("link") => link = true,
            Long("whole") => whole = true,
            Long("base") => base = parser.value().map_err(|e| e.to_string())?.to_string_lossy().into_owned(),
            Long("from-link") => {
                from_link = Some(parser.value().map_err(|e| e.to_string())?.to_string_lossy().into_owned())
            }
            Long("vault") => vault = Some(vault_arg(&parser.value().map_err(|e| e.to_string())?.to_string_lossy())?),
            Long("host") => host = Some(host_arg(&parser.value().map_err(|e| e.to_string())?.to_string_lossy())?),
            Long("public-dns") => public_dns = true,
            Short('h') | Long("help") => return Ok(Parsed::Exit(out(USAGE).unwrap_or(0))),
            Long("list-checks") => return Ok(Parsed::Exit(out(&render::check_list()).unwrap_or(0))),
            Long("explain") => {
                let id = parser.value().map_err(|e| e.to_string())?.to_string_lossy().into_owned();
                return Ok(Parsed::Exit(explain(&id)));
            }
            Short('V') | Long("version") => {
                return Ok(Parsed::Exit(out(&format!("kvdoctor {}\n", engine::VERSION)).unwrap_or(0)))
            }
            Value(file) => files.push(file),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if from_link.is_some() && (link || !files.is_empty()) {
        return Err("--from-link takes no files and no --link".to_string());
    }
    if whole && !link {
        return Err("--whole only goes with --link".to_string());
    }
    Ok(Parsed::Run(Args { format, files, link, whole, base, from_link, vault, host, public_dns }))
}

/// `--host`'s value: one of the hosts kvdoctor knows commands for; anything else ends the
/// run, naming the choices.
fn host_arg(value: &str) -> Result<String, String> {
    use engine::facts::{Platform, HOST_CHOICES};
    match Platform::from_choice(value).and_then(|p| p.choice_id()) {
        Some(id) => Ok(id.to_string()),
        None => {
            let ids: Vec<&str> = HOST_CHOICES.iter().map(|(_, id, _)| *id).collect();
            Err(format!("--host: {} is not a host kvdoctor knows; use one of {}", names::shown(value), ids.join(", ")))
        }
    }
}

/// `--vault`'s value: a vault name (`contoso`) or its host (`contoso.vault.azure.net`, any
/// cloud), as the engine reads it. It is sent to public DNS, carried in links and written into
/// suggested commands, so anything else ends the run, saying why.
fn vault_arg(value: &str) -> Result<String, String> {
    if let Ok(Some(vault)) = vault::typed(value) {
        return Ok(vault.typed_form());
    }
    let value = value.trim();
    let name = VaultHost::parse(value).map_or_else(|| value.to_string(), |host| host.name);
    let problem = names::problem(NameKind::Vault, &name)
        .unwrap_or_else(|| format!("{} is not a vault's name or host name", names::shown(value)));
    Err(format!("--vault: {problem}; give the vault's name (contoso) or its host (contoso.vault.azure.net)"))
}

/// Prints a check's docs; an unknown id names the ids it may have meant, exit 2.
fn explain(id: &str) -> i32 {
    let wanted = id.trim().to_ascii_lowercase();
    if let Some(check) = engine::checks::ALL.iter().find(|c| c.id == wanted) {
        return out(&render::check_docs(check)).unwrap_or(0);
    }
    let near = near_ids(&wanted);
    let hint = if near.is_empty() { String::new() } else { format!(" Did you mean {}?", near.join(", ")) };
    warn(&format!(
        "no check is called '{}'.{hint} 'kvdoctor --list-checks' lists all {}.",
        id,
        engine::checks::ALL.len()
    ));
    2
}

/// Check ids close to `wanted`: a typo away (then only those), else containing it, a few edits
/// away or in its group (`dns`, `net`…); those containing it first, at most five.
fn near_ids(wanted: &str) -> Vec<&'static str> {
    let typos: Vec<&'static str> =
        engine::checks::ALL.iter().filter(|c| edits(wanted, c.id) <= 2).map(|c| c.id).collect();
    if !typos.is_empty() {
        return typos;
    }
    let group = |id: &str| id.split('-').next().unwrap_or_default().to_string();
    let mut near: Vec<(bool, usize, &'static str)> = engine::checks::ALL
        .iter()
        .map(|c| (!(wanted.len() >= 3 && c.id.contains(wanted)), edits(wanted, c.id), c.id))
        .filter(|(apart, d, id)| !apart || *d <= 3 || (wanted.len() >= 3 && group(id) == group(wanted)))
        .collect();
    near.sort();
    near.into_iter().take(5).map(|(_, _, id)| id).collect()
}

/// Levenshtein distance: how many one-character edits turn `a` into `b`.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut next = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = diagonal + usize::from(ca != *cb);
            let (up, left) =
                (row.get(j + 1).copied().unwrap_or(usize::MAX), next.last().copied().unwrap_or(usize::MAX));
            diagonal = up;
            next.push(cost.min(up.saturating_add(1)).min(left.saturating_add(1)));
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

/// Prints the share link; removed secrets and length warnings go to stderr. It carries the
/// vault `--vault` names, as the page's link carries its vault field (so the link's report is
/// the one `--vault` gives), else the one the pastes name.
fn print_link(base: &str, case: share::SharedCase, whole: bool) -> i32 {
    let vault = case.vault.or_else(|| engine::diagnose(&case.pastes).vault.map(|v| v.name));
    match share::build_link_with(base, &share::SharedCase { vault, ..case }, whole) {
        Ok(link) => {
            for r in &link.removed {
                warn(&format!("removed {}", r.describe()));
            }
            if let Some(left_out) = link.left_out.describe() {
                warn(&format!("{left_out} Use --whole to hold the whole pastes."));
            }
            if link.long {
                warn(&format!(
                    "the link is {} characters; some ticket fields and chats cut links over {}",
                    link.url.len(),
                    share::WARN
                ));
            }
            // The link starts with --base, as typed: outside text like any other.
            out(&format!("{}\n", render::terminal_safe_message(&link.url))).unwrap_or(0)
        }
        Err(e) => {
            warn(&e.to_string());
            2
        }
    }
}

/// The most kvdoctor reads, all pastes together: 128 MB (MiB). The largest real pastes are a
/// few MB (a 5 MB `record-set a list`) and the scaling benchmark runs 64 MB; diagnosing takes
/// up to about 20 times the input in memory, so much more would exhaust it and abort.
const MAX_INPUT: u64 = 128 << 20;

/// The limit as messages give it.
fn max_input() -> String {
    format!("{} MB", MAX_INPUT >> 20)
}

/// The pastes to diagnose: each FILE (`-` for standard input), or standard input alone. Over
/// [`MAX_INPUT`] in all, or all of them blank while `need_text`, is a message instead (exit 2).
fn read_pastes(files: &[OsString], need_text: bool) -> Result<Vec<Paste>, String> {
    let stdin_only = [OsString::from("-")];
    let files = if files.is_empty() { &stdin_only[..] } else { files };
    let mut budget = MAX_INPUT;
    let mut pastes = Vec::with_capacity(files.len());
    for file in files {
        let name = if file == "-" { "standard input".to_string() } else { file.to_string_lossy().into_owned() };
        let over = |budget: u64| {
            let what = if budget == MAX_INPUT { "is over" } else { "takes the pastes over" };
            format!(
                "{name} {what} {max}: kvdoctor reads at most {max} in all (diagnosing can take 20 times that in memory)",
                max = max_input()
            )
        };
        let bytes = if file == "-" {
            read_at_most(std::io::stdin().lock(), budget).map_err(|e| format!("cannot read standard input: {e}"))?
        } else {
            let cannot = |e: std::io::Error| format!("cannot read {name}: {e}");
            let opened = std::fs::File::open(file).map_err(cannot)?;
            // A regular file's size is known: one too large is refused before a byte is read.
            let size = opened.metadata().map_err(cannot)?.len();
            if size > budget {
                return Err(over(budget));
            }
            read_at_most_sized(opened, budget, size).map_err(cannot)?
        };
        let Within::Limit(bytes) = bytes else { return Err(over(budget)) };
        budget = budget.saturating_sub(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
        // Valid UTF-8 (nearly always) is taken as it is, without a copy.
        let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        pastes.push((name, Paste::new(text)));
    }
    if need_text && pastes.iter().all(|(_, paste)| paste.text.trim().is_empty()) {
        let names: Vec<&str> = pastes.iter().map(|(name, _)| name.as_str()).collect();
        return Err(match names.as_slice() {
            [one] => format!("nothing to diagnose: {one} was empty"),
            all => format!("nothing to diagnose: every paste was empty ({})", all.join(", ")),
        });
    }
    Ok(pastes.into_iter().map(|(_, paste)| paste).collect())
}

/// What [`read_at_most`] read.
#[derive(Debug, PartialEq)]
enum Within {
    /// All of it: no more than the limit.
    Limit(Vec<u8>),
    /// More than the limit (what was read is dropped).
    Over,
}

/// All of `reader`, or `Within::Over` when it holds more than `limit` bytes: it is read through
/// `take(limit + 1)` and the buffer grows to at most `limit + 1` bytes (never doubled past it).
fn read_at_most(reader: impl Read, limit: u64) -> std::io::Result<Within> {
    read_at_most_sized(reader, limit, 0)
}

/// [`read_at_most`] of a file expected to hold `size` bytes (at most the limit): the buffer is
/// made that size, plus one byte to see the end, at once instead of doubling up to it.
fn read_at_most_sized(reader: impl Read, limit: u64, size: u64) -> std::io::Result<Within> {
    let most = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let mut reader = reader.take(limit.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0).saturating_add(1).min(most));
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let read = chunk.get(..n).unwrap_or_default();
        if bytes.capacity() - bytes.len() < n {
            // Doubling, up to `most` (which `take` keeps `len + n` within).
            bytes.reserve_exact(bytes.capacity().max(n).min(most.saturating_sub(bytes.len())));
        }
        bytes.extend_from_slice(read);
    }
    Ok(if u64::try_from(bytes.len()).unwrap_or(u64::MAX) <= limit { Within::Limit(bytes) } else { Within::Over })
}

#[cfg(test)]
mod tests {
    use super::{read_at_most, Within};

    #[test]
    fn reads_at_most_the_limit() {
        assert_eq!(read_at_most(&b"0123456789"[..], 10).unwrap(), Within::Limit(b"0123456789".to_vec()));
        assert_eq!(read_at_most(&b"0123456789"[..], 9).unwrap(), Within::Over);
        assert_eq!(read_at_most(&b""[..], 0).unwrap(), Within::Limit(Vec::new()));
        assert_eq!(read_at_most(&b"x"[..], 0).unwrap(), Within::Over);
        // Endless input ends at the limit, and a buffer never outgrows limit + 1 bytes.
        assert_eq!(read_at_most(std::io::repeat(b'a'), 300_000).unwrap(), Within::Over);
        let mut exact = vec![b'a'; 300_000];
        exact.shrink_to_fit();
        let Within::Limit(read) = read_at_most(&exact[..], 300_000).unwrap() else { panic!("within the limit") };
        assert!(read.len() == 300_000 && read.capacity() <= 300_001, "{}", read.capacity());
    }
}
