//! Report renderers: plain text (terminal), Markdown (tickets), JSON (CHECKS.md contract).

use std::fmt::Write;

use super::facts::Evidence;
use super::report::{Report, Status};

pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises")
}

fn evidence_ref(e: &Evidence) -> String {
    match e.lines.as_slice() {
        [one] => format!("paste {}, line {one}", e.input),
        [first, .., last] => format!("paste {}, lines {first}–{last}", e.input),
        [] => format!("paste {}", e.input),
    }
}

pub fn text(report: &Report) -> String {
    let mut out = String::new();
    if let Some(vault) = &report.vault {
        let _ = writeln!(out, "Vault: {} ({} cloud)", vault.host, vault.cloud);
    }
    let _ = writeln!(out, "Verdict: {}\n", report.verdict.summary);
    for input in &report.inputs {
        let _ = writeln!(out, "Paste {}: {} ({})", input.index, input.kind.label(), input.read_summary());
        for note in &input.notes {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    for note in &report.notes {
        let _ = writeln!(out, "Note: {note}");
    }
    let _ = writeln!(out);
    for (n, step) in report.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>2}. {} {:<7} {}  [{}]",
            n + 1,
            step.status.icon(),
            step.status.word().to_uppercase(),
            step.title,
            step.id
        );
        if step.status == Status::Skip {
            continue;
        }
        for e in &step.evidence {
            let _ = writeln!(out, "      > {}   ({})", e.quote, evidence_ref(e));
        }
        if step.evidence_omitted > 0 {
            let _ = writeln!(out, "      > … and {} more lines", step.evidence_omitted);
        }
        for (label, action) in [("fix", &step.fix), ("next", &step.next)] {
            if let Some(action) = action {
                let _ = writeln!(out, "      {label}: {}", action.text);
                for command in &action.commands {
                    let _ = writeln!(out, "        $ {command}");
                }
            }
        }
    }
    out
}

pub fn markdown(report: &Report) -> String {
    let mut out = String::from("## Key Vault access diagnosis (kvdoctor)\n\n");
    if let Some(vault) = &report.vault {
        let _ = writeln!(out, "**Vault:** `{}` ({} cloud)  ", vault.host, vault.cloud);
    }
    let _ = writeln!(out, "**Verdict:** {}\n", report.verdict.summary);
    let _ = writeln!(out, "| # | Status | Step | Check |\n|---|---|---|---|");
    for (n, step) in report.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | `{}` |",
            n + 1,
            step.status.icon(),
            step.status.word(),
            step.title.replace('|', "\\|"),
            step.id
        );
    }
    for step in report.steps.iter().filter(|s| matches!(s.status, Status::Fail | Status::Warn | Status::Unknown)) {
        let _ = writeln!(out, "\n### {} {}: {}\n", step.status.icon(), step.status.word(), step.title);
        let _ = writeln!(out, "{}\n", step.explanation);
        for e in &step.evidence {
            let _ = writeln!(out, "> `{}` — {}", e.quote.replace('`', "'"), evidence_ref(e));
        }
        if step.evidence_omitted > 0 {
            let _ = writeln!(out, "> … and {} more lines", step.evidence_omitted);
        }
        for (label, action) in [("Fix", &step.fix), ("Next", &step.next)] {
            if let Some(action) = action {
                let _ = writeln!(out, "\n**{label}:** {}", action.text);
                if !action.commands.is_empty() {
                    let _ = writeln!(out, "\n```\n{}\n```", action.commands.join("\n"));
                }
            }
        }
    }
    out
}
