//! Report renderers: plain text (terminal), Markdown (tickets), JSON (docs/json-report.md).
//!
//! Every renderer works on a redacted copy of the report ([`redact::report`]): what is copied
//! or printed never carries a secret from a paste. Pasted text is inert in each format: Markdown
//! escapes it or puts it in code spans (no live link, image, HTML, heading, table break or
//! fence end), text keeps control characters and ANSI escapes out of terminals.

pub mod html;

use std::fmt::Write;

use super::checks::{self, Check};
use super::facts::Evidence;
use super::kind::Kind;
use super::redact::{self, Removed};
use super::report::{Action, Report, Status, Step};
use super::VERSION;

/// The last line of the text and Markdown reports: which kvdoctor's rules gave the diagnosis.
pub fn footer() -> String {
    format!("Diagnosed by kvdoctor {VERSION}.")
}

/// What the renderers remove from `report` before rendering it.
pub fn removed(report: &Report) -> Vec<Removed> {
    redact::report(report).1
}

pub fn json(report: &Report) -> String {
    json_redacted(&redact::report(report).0)
}

/// [`json`] of a report [`redact::report`] already cleaned (the page's engine worker cleans
/// once for the page and both copy formats).
pub fn json_redacted(report: &Report) -> String {
    json_inert(serde_json::to_string_pretty(report).unwrap_or_default())
}

/// serde_json escapes C0 controls only: DEL, the C1 controls (which some terminals obey) and
/// the bidirectional overrides become `\uXXXX` escapes too. Still the same JSON, and nothing
/// from a paste can steer a terminal it is printed to. They occur only inside strings.
fn json_inert(json: String) -> String {
    let steering = |c: char| matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !json.contains(steering) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if steering(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn evidence_ref(e: &Evidence) -> String {
    match e.lines.as_slice() {
        [one] => format!("paste {}, line {one}", e.input),
        [first, .., last] => format!("paste {}, lines {first}–{last}", e.input),
        [] => format!("paste {}", e.input),
    }
}

/// Text safe for a terminal: ANSI escape sequences dropped, other control characters and
/// bidirectional overrides shown as `?`, line breaks as spaces (one field stays one line);
/// tabs stay (portal tables are tab-separated, and a tab moves no cursor anywhere harmful).
pub fn terminal_safe(s: &str) -> String {
    inert(s, false)
}

/// A message for a terminal (the CLI's standard error, a link it prints): as [`terminal_safe`],
/// but line breaks stay (a message may have several lines), a carriage return is `?` (it would
/// let the rest overwrite the start), and an escape sequence shows as one `?`: a message is
/// short, and its reader should see that the file name or answer held something.
pub fn terminal_safe_message(s: &str) -> String {
    inert(s, true)
}

/// [`terminal_safe`] (`message` false) and [`terminal_safe_message`]: one list of what a
/// terminal must not see, C0 and C1 controls, DEL, escape sequences and the bidi overrides
/// (U+202A–U+202E, U+2066–U+2069).
fn inert(s: &str, message: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                skip_escape(&mut chars);
                if message {
                    out.push('?');
                }
            }
            '\n' if message => out.push('\n'),
            '\n' | '\r' if !message => out.push(' '),
            '\t' => out.push('\t'),
            c if c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c) => {
                out.push('?')
            }
            c => out.push(c),
        }
    }
    out
}

/// Skips the rest of an escape sequence: CSI (`ESC [ … final`), OSC (`ESC ] … BEL or ESC \`),
/// or a single character after ESC. An OSC that is never ended takes only its `ESC ]`: the text
/// after it, inert once the ESC is gone, is shown rather than lost.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            let mut ahead = chars.clone();
            while let Some(c) = ahead.next() {
                if c == '\u{7}' || (c == '\u{1b}' && ahead.next_if_eq(&'\\').is_some()) {
                    *chars = ahead;
                    break;
                }
            }
        }
        _ => {}
    }
}

pub fn text(report: &Report) -> String {
    let (report, removed) = redact::report(report);
    let t = |s: &str| terminal_safe(s);
    let mut out = String::new();
    if !report.symptoms.is_empty() {
        let _ = writeln!(out, "What fails:");
        for symptom in &report.symptoms {
            let _ = writeln!(out, "  - {}", t(&symptom.summary));
            for e in &symptom.evidence {
                let _ = writeln!(out, "      > {}   ({})", t(&e.quote), evidence_ref(e));
            }
        }
        let _ = writeln!(out);
    }
    if let Some(vault) = &report.vault {
        let _ = writeln!(out, "Vault: {} ({} cloud)", t(&vault.host), vault.cloud);
    }
    let _ = writeln!(out, "Verdict: {}\n", t(&report.verdict.summary));
    for input in &report.inputs {
        let _ = writeln!(out, "Paste {}: {} ({})", input.index, input.kind.label(), input.read_summary());
        for note in &input.notes {
            let _ = writeln!(out, "  note: {}", t(note));
        }
    }
    for note in &report.notes {
        let _ = writeln!(out, "Note: {}", t(note));
    }
    let _ = writeln!(out);
    for (n, step) in report.steps.iter().enumerate() {
        let (icon, word) = (step.status.icon(), step.status.word().to_uppercase());
        let _ = writeln!(out, "{:>2}. {icon} {word:<7} {}  [{}]", n + 1, t(&step.title), step.id);
        if step.status == Status::Skip {
            continue;
        }
        for e in &step.evidence {
            let _ = writeln!(out, "      > {}   ({})", t(&e.quote), evidence_ref(e));
        }
        if step.evidence_omitted > 0 {
            let _ = writeln!(out, "      > … and {} more lines", step.evidence_omitted);
        }
        for (label, action) in [("fix", &step.fix), ("next", &step.next)] {
            if let Some(action) = action {
                let _ = writeln!(out, "      {label}: {}", t(&action.text));
                for command in &action.commands {
                    let _ = writeln!(out, "        $ {}", t(command));
                }
            }
        }
    }
    if !removed.is_empty() {
        let list: Vec<String> = removed.iter().map(Removed::describe).collect();
        let _ = writeln!(out, "\nRemoved before sharing: {}", list.join("; "));
    }
    let _ = writeln!(out, "\n{}", footer());
    out
}

/// Pasted text as inert inline Markdown: every character CommonMark could read as syntax is
/// escaped, and words an autolinker would turn into links go into code spans.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for (i, word) in terminal_safe(s).split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        if lower.contains("://") || lower.contains("www.") || lower.contains('@') || lower.starts_with("mailto:") {
            out.push_str(&code_span(word, true));
            continue;
        }
        for c in word.chars() {
            if c.is_ascii_punctuation() && !".,:;-'\"/=".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Pasted text as one code span: a fence longer than any backtick run inside, on one line.
pub fn md_code(s: &str) -> String {
    code_span(s, false)
}

/// A code span; in a table cell `|` is escaped so it cannot end the cell (GFM reads `\|` there
/// even inside code, and nowhere else).
fn code_span(s: &str, in_table: bool) -> String {
    let s = if in_table { terminal_safe(s).replace('|', "\\|") } else { terminal_safe(s) };
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with(['`', ' ']) || s.ends_with(['`', ' ']) || s.is_empty() { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

pub fn markdown(report: &Report) -> String {
    let (report, removed) = redact::report(report);
    markdown_redacted(&report, &removed)
}

/// [`markdown`] of a report [`redact::report`] already cleaned, with what it removed.
pub fn markdown_redacted(report: &Report, removed: &[Removed]) -> String {
    let mut out = String::from("## Key Vault access diagnosis (kvdoctor)\n\n");
    if !report.symptoms.is_empty() {
        let _ = writeln!(out, "**What fails:**\n");
        for symptom in &report.symptoms {
            let _ = writeln!(out, "- {}", md_text(&symptom.summary));
            for e in &symptom.evidence {
                let _ = writeln!(out, "  - {} — {}", md_code(&e.quote), evidence_ref(e));
            }
        }
        let _ = writeln!(out);
    }
    if let Some(vault) = &report.vault {
        let _ = writeln!(out, "**Vault:** {} ({} cloud)  ", md_code(&vault.host), vault.cloud);
    }
    let _ = writeln!(out, "**Verdict:** {}\n", md_text(&report.verdict.summary));
    for note in &report.notes {
        let _ = writeln!(out, "**Note:** {}\n", md_text(note));
    }
    // The steps that apply, in request order; those that do not as one line (they were most of
    // the table: 29 "skip" rows of 37).
    let _ = writeln!(out, "| # | Status | Step | Check |\n|---|---|---|---|");
    for (n, step) in report.steps.iter().enumerate().filter(|(_, s)| s.status != Status::Skip) {
        let (icon, word) = (step.status.icon(), step.status.word());
        let _ = writeln!(out, "| {} | {icon} {word} | {} | `{}` |", n + 1, md_text(&step.title), step.id);
    }
    let skipped: Vec<String> =
        report.steps.iter().filter(|s| s.status == Status::Skip).map(|s| format!("`{}`", s.id)).collect();
    if !skipped.is_empty() {
        let _ = writeln!(out, "\n**Do not apply to this case ({}):** {}", skipped.len(), skipped.join(", "));
    }
    for step in report.steps.iter().filter(|s| matches!(s.status, Status::Fail | Status::Warn | Status::Unknown)) {
        let (icon, word) = (step.status.icon(), step.status.word());
        let _ = writeln!(out, "\n### {icon} {word}: {}\n", md_text(&step.title));
        let _ = writeln!(out, "{}\n", md_text(&step.explanation));
        // One list item a line: as `>` lines they ran into one paragraph once rendered.
        for e in &step.evidence {
            let _ = writeln!(out, "- {} — {}", md_code(&e.quote), evidence_ref(e));
        }
        if step.evidence_omitted > 0 {
            let _ = writeln!(out, "- … and {} more lines", step.evidence_omitted);
        }
        for (label, action) in [("Fix", &step.fix), ("Next", &step.next)] {
            if let Some(action) = action {
                let _ = writeln!(out, "\n**{label}:** {}", md_text(&action.text));
                if !action.commands.is_empty() {
                    let commands: Vec<String> = action.commands.iter().map(|c| terminal_safe(c)).collect();
                    let longest = commands.iter().flat_map(|c| c.split(|ch| ch != '`')).map(str::len).max();
                    let fence = "`".repeat(longest.unwrap_or(0).max(2) + 1);
                    let _ = writeln!(out, "\n{fence}\n{}\n{fence}", commands.join("\n"));
                }
            }
        }
    }
    if !removed.is_empty() {
        let list: Vec<String> = removed.iter().map(|r| md_text(&r.describe())).collect();
        let _ = writeln!(out, "\n**Removed before sharing:** {}", list.join("; "));
    }
    let _ = writeln!(out, "\n---\n\n*{}*", footer());
    out
}

/// A check's documentation as Markdown (`kvdoctor --explain <id>`): the same text the page's
/// "why this matters" and the rustdoc come from.
pub fn check_docs(check: &Check) -> String {
    let mut out = format!("# {}: {}\n", check.id, check.title);
    if let Some(n) = checks::ALL.iter().position(|c| c.id == check.id) {
        let _ = writeln!(out, "\nStep {} of {}, in the order a request travels.", n + 1, checks::ALL.len());
    }
    for heading in ["What it checks", "Why it matters", "Fix"] {
        let _ = writeln!(out, "\n## {heading}\n\n{}", check.section(heading));
    }
    out
}

/// Every check, one a line in diagnosis order (`kvdoctor --list-checks`): number, id, title.
pub fn check_list() -> String {
    let width = checks::ALL.iter().map(|c| c.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (n, check) in checks::ALL.iter().enumerate() {
        let _ = writeln!(out, "{:>2}  {:<width$}  {}", n + 1, check.id, check.title);
    }
    out
}

/// A short comment for a ticket (`--format ticket`): [`ticket_redacted`] of the cleaned report,
/// closed by the version line.
pub fn ticket(report: &Report) -> String {
    format!("{}\n{}\n", ticket_redacted(&redact::report(report).0), footer())
}

/// What the engine's part of a ticket comment aims at, in characters. The page closes it with
/// the case's link (300–500 characters for a typical case with v3 links: the link has its own budget) and the
/// version and date (about 50), and a ticket comment should stay near 1,500 characters: longer,
/// it is scrolled past in a ticket thread and cut in chat previews.
pub const TICKET_AIM: usize = 600;

/// The part of a ticket comment the engine writes, for a report [`redact::report`] already
/// cleaned: the verdict, each step to fix with its fix's sentence, each question that would
/// decide the open steps once, and the passed steps as one line: all of them always. Commands
/// follow in order (the fixes' first) while the comment stays within [`TICKET_AIM`], at least
/// one; a command left out is counted where it belongs ("2 more commands in the full report"):
/// the case's link, which the page adds with the version and the date, opens them all.
/// Readable rendered and as plain text: no table, no bold, commands as indented code blocks;
/// evidence lines are left to the link (they are what makes the full report long).
pub fn ticket_redacted(report: &Report) -> String {
    let list = ticket_command_list(report);
    // Each failing step's first command is kept whatever the length: it is how to fix it.
    let mut kept: Vec<usize> = list.iter().enumerate().filter(|(_, c)| c.first).map(|(n, _)| n).collect();
    // After a fix, the questions are for later: past the aim, they are one line of the steps
    // they decide (the full report says what to paste for each).
    let brief = write_ticket(report, &|n| kept.contains(&n), false).chars().count() > TICKET_AIM;
    let bare = write_ticket(report, &|n| kept.contains(&n), brief);
    let mut room = TICKET_AIM.saturating_sub(bare.chars().count());
    for (n, command) in list.iter().enumerate().filter(|(_, c)| !c.first) {
        // Its line (6 spaces of indent and a line end), and a blank line.
        let cost = command.text.chars().count() + 8;
        if cost <= room {
            kept.push(n);
            room -= cost;
        }
    }
    write_ticket(report, &|n| kept.contains(&n), brief)
}

/// A command a ticket could show; `first` for a failing step's first command.
struct TicketCommand<'r> {
    text: &'r str,
    first: bool,
}

/// The steps to fix in a ticket: failing ones first (their fix is the answer), then warnings,
/// each group in request order.
fn ticket_steps(report: &Report) -> Vec<&Step> {
    let with = |status| report.steps.iter().filter(move |s| s.status == status);
    with(Status::Fail).chain(with(Status::Warn)).collect()
}

/// The distinct commands a ticket could show, in the order they are offered a place: each
/// failing step's first (without a fix, the first question's first, then the other questions'
/// first), then the fixes' others, then the questions'.
fn ticket_command_list(report: &Report) -> Vec<TicketCommand<'_>> {
    let to_fix = ticket_steps(report);
    let fixes = to_fix.iter().filter_map(|s| Some((s.status == Status::Fail, fix_commands(s.fix.as_ref()?))));
    let firsts = fixes.clone().filter(|(fail, _)| *fail).filter_map(|(_, c)| c.first().copied()).map(|c| (c, true));
    let others = fixes.flat_map(|(_, c)| c).map(|c| (c, false));
    // Without a fix, what to paste next is the answer: the first question's first command is
    // kept, the other questions' first commands come next;
    // after one, the questions are for later and their commands are left to the full report.
    let questions = report.open_questions();
    let lead = to_fix.is_empty();
    let asked = questions.iter().filter(|_| lead).map(|q| &q.action.commands);
    let asked_firsts = asked.clone().filter_map(|c| c.first()).enumerate().map(|(n, c)| (c, n == 0));
    let asked_others = asked.flat_map(|c| c.iter()).map(|c| (c, false));
    let mut list: Vec<TicketCommand<'_>> = Vec::new();
    for (text, first) in firsts.chain(asked_firsts).chain(others).chain(asked_others) {
        if !list.iter().any(|c| c.text == text) {
            list.push(TicketCommand { text, first });
        }
    }
    list
}

/// A fix's commands as a ticket offers them: the one that makes the change first (the check
/// marks it, [`crate::engine::report::Change`]), then the others in the fix's order.
fn fix_commands(fix: &Action) -> Vec<&String> {
    let change = fix.change_command();
    change.into_iter().chain(fix.commands.iter().filter(|c| Some(*c) != change)).collect()
}

/// The ticket comment with the commands `keep` says (by their place in [`ticket_command_list`]);
/// `brief`: after a fix, the open steps as one line instead of a question each.
fn write_ticket(report: &Report, keep: &dyn Fn(usize) -> bool, brief: bool) -> String {
    let mut out = String::new();
    let verdict = &report.verdict;
    let to_fix = ticket_steps(report);
    let all: Vec<&str> = ticket_command_list(report).iter().map(|c| c.text).collect();
    let mut shown: Vec<String> = Vec::new();
    let status = verdict.status.word().to_ascii_uppercase();
    // With something to fix, the steps below say it: the verdict's summary would repeat them.
    let summary = match to_fix.as_slice() {
        // What is wrong; the questions below say what to paste.
        [] => ticket_text(&verdict.headline),
        [one] => format!("1 step to fix ({})", one.id),
        many => format!(
            "{} steps to fix ({})",
            many.len(),
            many.iter().map(|s| s.id.as_ref()).collect::<Vec<_>>().join(", ")
        ),
    };
    let _ = writeln!(out, "kvdoctor: {status} {summary}");
    if let Some(vault) = &report.vault {
        let _ = writeln!(out, "Vault: {} ({} cloud)", ticket_text(&vault.host), vault.cloud);
    }
    // A paste kvdoctor could not read is what support most needs to know of (the verdict says
    // it when nothing is to fix).
    let unread: Vec<String> =
        report.inputs.iter().filter(|i| i.kind == Kind::Unknown || i.facts == 0).map(|i| i.index.to_string()).collect();
    if !to_fix.is_empty() && !unread.is_empty() {
        let s = if unread.len() == 1 { "" } else { "s" };
        let _ = writeln!(out, "kvdoctor could not read paste{s} {}.", unread.join(", "));
    }
    // An action's commands as an indented code block inside its list item (literal rendered,
    // plain as text), each once in the comment; how many were left out for the aim.
    let mut commands = |out: &mut String, list: &[&String]| -> usize {
        let mut left_out = 0;
        let mut block = Vec::new();
        for command in list {
            if shown.contains(*command) {
                continue;
            }
            match all.iter().position(|c| c == command) {
                Some(n) if keep(n) => {
                    shown.push((*command).clone());
                    block.push(command);
                }
                _ => left_out += 1,
            }
        }
        if !block.is_empty() {
            let _ = writeln!(out);
            for command in block {
                let _ = writeln!(out, "      {}", terminal_safe(command));
            }
            let _ = writeln!(out);
        }
        left_out
    };
    let more = |n: usize| if n == 1 { "1 more command".to_string() } else { format!("{n} more commands") };
    if !to_fix.is_empty() {
        let _ = writeln!(out, "\nWhat to fix:");
        for step in &to_fix {
            let _ = writeln!(out, "- {} ({}): {}", step.status.word(), step.id, ticket_text(&step.title));
            if let Some(fix) = &step.fix {
                let _ = writeln!(out, "  {}", ticket_text(&fix.text));
                let left_out = commands(&mut out, &fix_commands(fix));
                if left_out > 0 {
                    let _ = writeln!(out, "\n  {} in the full report.", more(left_out));
                }
            }
        }
    }
    let questions = report.open_questions();
    if brief && !to_fix.is_empty() && !questions.is_empty() {
        let ids: Vec<&str> = questions.iter().flat_map(|q| q.steps.iter().map(|s| s.id.as_ref())).collect();
        let _ = writeln!(out, "\nStill open: {} (what to paste for them is in the full report).", ids.join(", "));
    } else if !questions.is_empty() {
        // After a fix the questions are for later: their commands are left to the full report,
        // said once in the heading rather than under each question.
        let lead = to_fix.is_empty();
        let later = questions.iter().any(|q| !q.action.commands.is_empty());
        let heading = match (lead, later) {
            (true, _) => "To decide the open steps:",
            (false, true) => "Then, to decide the open steps (their commands are in the full report):",
            (false, false) => "Then, to decide the open steps:",
        };
        let _ = writeln!(out, "\n{heading}");
        for question in questions {
            let ids: Vec<&str> = question.steps.iter().map(|s| s.id.as_ref()).collect();
            let mut block = String::new();
            let left_out =
                if lead { commands(&mut block, &question.action.commands.iter().collect::<Vec<_>>()) } else { 0 };
            let note = if left_out > 0 { format!("; {} in the full report", more(left_out)) } else { String::new() };
            let _ = writeln!(out, "- {} (decides {}{note})", ticket_text(&question.action.text), ids.join(", "));
            out.push_str(&block);
        }
    }
    let count = |status| report.steps.iter().filter(|s| s.status == status).count();
    let passed = count(Status::Pass);
    let _ = writeln!(
        out,
        "\nPassed: {passed} step{}. Do not apply: {}.",
        if passed == 1 { "" } else { "s" },
        count(Status::Skip)
    );
    // One blank line between blocks, however they met (a command block closes with one).
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out
}

/// Prose for a ticket: only what Markdown would read as markup there is escaped, so the plain
/// text stays as written (`AZURE_CLIENT_ID`, `Networking > Firewalls`, `[Net.ServicePointManager]`
/// carry no backslash); addresses that would autolink go in code spans. Escaped: `*` and `` ` ``
/// anywhere, `_` at a word's edge (inside a word it is no emphasis), `<` before a tag or autolink,
/// `](` and `][` (a link or image), `\` before punctuation, and `#`, `>`, `[`, `+`, `-`, `=` or a
/// list number opening the text (each line the ticket writes starts with one).
fn ticket_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let text = terminal_safe(s);
    let opening = text.trim_start();
    let opens_block = opening.starts_with(['#', '>', '[', '+', '-', '=', '|'])
        || opening
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.len() < 10 && n.bytes().all(|b| b.is_ascii_digit()));
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        if lower.contains("://") || lower.contains("www.") || lower.contains('@') {
            out.push_str(&code_span(word, false));
            continue;
        }
        let chars: Vec<char> = word.chars().collect();
        for (j, &c) in chars.iter().enumerate() {
            let (before, after) = (j.checked_sub(1).and_then(|k| chars.get(k)).copied(), chars.get(j + 1).copied());
            let escape = match c {
                '*' | '`' => true,
                '_' => !before.is_some_and(char::is_alphanumeric) || !after.is_some_and(char::is_alphanumeric),
                '<' => after.is_some_and(|a| a.is_ascii_alphabetic() || "/!?".contains(a)),
                ']' => matches!(after, Some('(' | '[')),
                '\\' => after.is_some_and(|a| a.is_ascii_punctuation()),
                _ => i == 0 && j == 0 && opens_block && !c.is_ascii_digit(),
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
        if i == 0 && opens_block && chars.first().is_some_and(char::is_ascii_digit) {
            // "1." opening the text: escape the list marker's dot or parenthesis.
            if let Some(at) = out.find(['.', ')']) {
                out.insert(at, '\\');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON printed to a terminal carries no C1 control or bidi override raw: they are escaped,
    /// and the document reads back to the same text.
    #[test]
    fn json_escapes_what_could_steer_a_terminal() {
        let mut report = crate::engine::diagnose_texts(&["Error code: Forbidden"]);
        let steering = "note \u{9b}31m red \u{202e}txt.exe \u{7f} \u{2066}";
        report.notes.push(steering.to_string());
        let out = json(&report);
        assert!(!out.contains(['\u{9b}', '\u{202e}', '\u{7f}', '\u{2066}']), "{out}");
        assert!(out.contains("\\u009b31m") && out.contains("\\u202etxt"), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(back["notes"].as_array().unwrap().iter().any(|n| n == steering), "the same text once read back");
    }

    #[test]
    fn pasted_markdown_is_inert() {
        let hostile = "*** UnKnown can't find [open](//evil.example/login)![x](//evil.example/t.png) <img src=x> | ``` # https://evil.example";
        let out = md_text(hostile);
        for live in ["[open]", "![x]", " <img", " | ", " https://evil", " # "] {
            assert!(!out.contains(live), "{live} in {out}");
        }
        assert!(out.contains("\\<img") && out.contains("\\!\\[x\\]"), "{out}");
        assert!(out.contains("`https://evil.example`"), "{out}");
        assert_eq!(md_code("a`b|c"), "``a`b|c``");
        assert_eq!(code_span("a|b", true), "`a\\|b`");
        assert_eq!(md_code("`x"), "`` `x ``");
    }

    /// The ticket's prose keeps what is not markup as written, and escapes what would be.
    #[test]
    fn ticket_text_escapes_only_markup() {
        for plain in [
            "set AZURE_CLIENT_ID to its client id",
            "vault fabrikam > Networking > Private endpoint connections",
            "([Net.ServicePointManager]::SecurityProtocol = 'Tls12')",
            "C:\\Users\\app a | b 3 < 4",
        ] {
            assert_eq!(ticket_text(plain), plain);
        }
        assert_eq!(ticket_text("*bold* _em_ `code`"), "\\*bold\\* \\_em\\_ \\`code\\`");
        assert_eq!(
            ticket_text("see [here](x) ![i](y) <img src=x> \\*"),
            "see [here\\](x) ![i\\](y) \\<img src=x> \\\\\\*"
        );
        assert_eq!(ticket_text("# title"), "\\# title");
        assert_eq!(ticket_text("> quote"), "\\> quote");
        assert_eq!(ticket_text("12. item"), "12\\. item");
        assert_eq!(ticket_text("mail me@x.example"), "mail `me@x.example`");
    }

    /// Short, but never without the fix: every failing step's sentence and first command are in
    /// the comment, and every command left out for length is counted where it belongs.
    #[test]
    fn a_ticket_keeps_each_fix_and_counts_what_it_leaves_out() {
        let laptop = include_str!("../../tests/fixtures/cases/laptop-public-vm-private/1.txt");
        let error = "(Forbidden) Public network access is disabled and request is not from a trusted service nor via an approved private link.\nCode: Forbidden\nInner error: {\"code\":\"ForbiddenByConnection\"}";
        for texts in [vec![error], vec![laptop, error], vec!["nslookup contoso.vault.azure.net"]] {
            let report = crate::engine::diagnose_texts(&texts);
            let ticket = ticket_redacted(&report);
            let list = ticket_command_list(&report);
            let shown = list.iter().filter(|c| ticket.contains(&format!("      {}\n", c.text))).count();
            let counted: usize = ticket
                .lines()
                .filter_map(|l| l.split(" more command").next().filter(|_| l.contains(" more command")))
                .filter_map(|l| l.rsplit(['(', ' ', ';']).next()?.parse::<usize>().ok())
                .sum();
            let offered: usize = list.len();
            for step in report.steps.iter().filter(|s| s.status == Status::Fail) {
                let fix = step.fix.as_ref().unwrap();
                assert!(ticket.contains(&ticket_text(&fix.text)), "{}: {ticket}", step.id);
                if let Some(first) = fix.change_command().or(fix.commands.first()) {
                    assert!(ticket.contains(&format!("      {first}\n")), "{}: {ticket}", step.id);
                }
            }
            assert!(list.iter().filter(|c| c.first).all(|c| ticket.contains(c.text)), "{ticket}");
            // After a fix the questions' commands are not offered: their heading says where they are.
            assert_eq!(shown + counted, offered, "{ticket}");
            assert!(!ticket.contains("\n\n\n"), "one blank line between blocks: {ticket}");
        }
    }

    /// The first command a ticket shows under a failing step is the one that changes something,
    /// where the check marked one (a typed [`crate::engine::report::Change`], not words such as
    /// "list" or "show"): the zone's link is created, not the zones listed.
    #[test]
    fn a_tickets_first_command_under_a_fix_is_the_change() {
        let zone = [
            include_str!("../../static/examples/cases/zone-not-linked/1.txt"),
            include_str!("../../static/examples/cases/zone-not-linked/2.txt"),
        ];
        let laptop = [
            include_str!("../../static/examples/cases/public-access-disabled-laptop/1.txt"),
            include_str!("../../static/examples/cases/public-access-disabled-laptop/2.txt"),
        ];
        let mut marked = Vec::new();
        for texts in [&zone[..], &laptop[..]] {
            let report = redact::report(&crate::engine::diagnose_texts(texts)).0;
            let ticket = ticket_redacted(&report);
            for step in report.steps.iter().filter(|s| s.status == Status::Fail) {
                let Some(change) = step.fix.as_ref().and_then(|f| f.change_command()) else { continue };
                // The fix lists the inspections first: the ticket does not.
                assert_ne!(step.fix.as_ref().unwrap().commands.first(), Some(change), "{}", step.id);
                let block = ticket.split_once(&format!("({}): ", step.id)).unwrap().1;
                let first = block.lines().find(|l| l.starts_with("      ")).unwrap();
                assert_eq!(first.trim(), change, "{}: {ticket}", step.id);
                marked.push(step.id.to_string());
            }
        }
        // net-public-access marks none: its first advice is to run from inside the network, and
        // opening public access is the fallback a ticket should not lead with.
        assert_eq!(marked, ["dns-private-address"]);
        let first =
            |ticket: &str| ticket.lines().find(|l| l.starts_with("      ")).unwrap_or_default().trim().to_string();
        let zone_ticket = ticket_redacted(&redact::report(&crate::engine::diagnose_texts(&zone)).0);
        assert!(first(&zone_ticket).starts_with("az network private-dns link vnet create "), "{zone_ticket}");
    }

    #[test]
    fn terminals_get_no_escapes() {
        assert_eq!(terminal_safe("a\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}b\u{202e}c\u{0}"), "aredb?c?");
        assert_eq!(terminal_safe("x\ny"), "x y");
        // An OSC never ended: only its start goes, the rest is shown (it was lost before).
        assert_eq!(terminal_safe("a\u{1b}]0;b c"), "a0;b c");
    }

    #[test]
    fn messages_keep_lines_and_mark_escapes() {
        let hostile = "no\u{1b}[31mfile\u{1b}]0;title\u{7}\r\u{9b}2J\u{7f}\u{202e}\u{2066}x\n\tnext";
        assert_eq!(terminal_safe_message(hostile), "no?file???2J???x\n\tnext");
        for c in ('\u{0}'..='\u{1f}').chain('\u{7f}'..='\u{9f}').filter(|c| !"\n\t\u{1b}".contains(*c)) {
            assert_eq!(terminal_safe_message(&format!("a{c}b")).replace("?", ""), "ab", "{:?}", c);
        }
    }
}
