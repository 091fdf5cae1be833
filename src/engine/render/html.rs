//! The report as the page shows it, in HTML: one more renderer of the same [`Report`], next to
//! text, Markdown and JSON. The page's engine worker sends [`body`] in its diagnosis answer and
//! the shell inserts it as it is (issue 24: decoding the steps and rebuilding their cards in yew
//! cost 3.3 times what the DOM itself costs); `kvdoctor --format html` prints [`page`], the same
//! body in a standalone page with no script.
//!
//! Answer first: the verdict, then what to fix, then what would decide the open steps (each
//! question once) and what the pastes show, then the open, passed and inapplicable steps folded
//! (native `<details>`: a group opens without asking the engine again). A line of evidence is
//! quoted once, where it is first shown, and named after that. The commands' copy buttons are
//! plain buttons beside their `<code>`: the page answers their clicks with one handler on the
//! report.
//!
//! Every text that comes from a paste or a check is escaped ([`Html::text`]); markup is only
//! ever a `&'static str` ([`Html::tag`]), so no paste can make an element or an attribute.
//! Escaping is five characters, written here rather than taken from a crate: the one rule is
//! that text never leaves [`Html::text`] unescaped, and it fits on a screen.

use std::fmt::Write;

use super::super::facts::Evidence;
use super::super::report::{Action, OpenQuestion, Report, Status, Step, Symptom};

/// HTML being written: markup only from static strings, text only escaped.
struct Html(String);

impl Html {
    /// Markup written by this module: a `&'static str` can never hold a paste.
    fn tag(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped for element content and for quoted attribute values alike.
    fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// A number (never needs escaping).
    fn num(&mut self, n: usize) -> &mut Self {
        let _ = write!(self.0, "{n}");
        self
    }
}

/// The lines a report has quoted so far, in the order it shows them: each evidence list asks
/// which of its lines were quoted above it.
#[derive(Default)]
struct Quoted<'a>(Vec<(usize, &'a [usize], &'a str)>);

impl<'a> Quoted<'a> {
    /// For each line of `evidence`, whether it was quoted before; then marks them all quoted.
    fn mark(&mut self, evidence: &'a [Evidence]) -> Vec<bool> {
        let seen: Vec<bool> =
            evidence.iter().map(|e| self.0.contains(&(e.input, e.lines.as_slice(), e.quote.as_str()))).collect();
        for e in evidence {
            self.0.push((e.input, e.lines.as_slice(), e.quote.as_str()));
        }
        seen
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The report's body as the page shows it under its "Diagnosis" heading: everything between
/// the shell's own heading, live announcement and notes, and its share bar.
pub fn body(report: &Report) -> String {
    let mut out = Html(String::with_capacity(16 * 1024));
    let verdict = &report.verdict;
    let word = verdict.status.word();
    out.tag("<h3 class=\"verdict verdict-").text(word).tag("\" data-status=\"").text(word);
    out.tag("\" data-primary=\"").text(verdict.primary.as_deref().unwrap_or_default());
    out.tag("\"><span class=\"status-word\">").text(verdict.status.icon()).tag(" ").text(word).tag("</span>");
    // What is wrong; the first step under it says how to fix it.
    out.tag(" ").text(&verdict.headline).tag("</h3>");
    if let Some(vault) = &report.vault {
        out.tag("<p class=\"vault\">Vault: <code>").text(&vault.host).tag("</code> (").text(&vault.cloud);
        out.tag(" cloud)</p>");
    }
    for note in &report.notes {
        out.tag("<p class=\"note\">").text(note).tag("</p>");
    }
    let with = |status: Status| report.steps.iter().filter(move |s| s.status == status);
    // Evidence in the order it is shown: what to fix, what fails, then the folded steps.
    let mut quoted = Quoted::default();
    let to_fix: Vec<_> = report
        .steps
        .iter()
        .filter(|s| matches!(s.status, Status::Fail | Status::Warn))
        .map(|s| (s, quoted.mark(&s.evidence)))
        .collect();
    if !to_fix.is_empty() {
        out.tag("<h3 class=\"group-heading\">What to fix");
        if to_fix.len() > 1 {
            out.tag(" (").num(to_fix.len()).tag(")");
        }
        out.tag("</h3>");
        cards(&mut out, &to_fix, verdict.primary.as_deref());
    }
    let open = with(Status::Unknown).count();
    let questions = report.open_questions();
    if !questions.is_empty() {
        out.tag("<section class=\"open-questions\" aria-labelledby=\"questions-heading\">");
        out.tag("<h3 id=\"questions-heading\" class=\"group-heading\">What would decide the ").num(open);
        out.tag(plural(open, " open step", " open steps")).tag("</h3><ol class=\"questions\">");
        for question in &questions {
            open_question(&mut out, question);
        }
        out.tag("</ol></section>");
    }
    let symptoms_seen: Vec<Vec<bool>> = report.symptoms.iter().map(|s| quoted.mark(&s.evidence)).collect();
    symptoms(&mut out, &report.symptoms, &symptoms_seen);
    let mut fold = |class: &'static str, status: Status, summary: &mut dyn FnMut(&mut Html, usize)| {
        let steps: Vec<_> = with(status).map(|s| (s, quoted.mark(&s.evidence))).collect();
        if steps.is_empty() {
            return;
        }
        out.tag("<details class=\"").tag(class).tag("\"><summary>");
        summary(&mut out, steps.len());
        out.tag("</summary>");
        cards(&mut out, &steps, None);
        out.tag("</details>");
    };
    fold("open-steps", Status::Unknown, &mut |out, n| {
        out.num(n).tag(plural(n, " step is still open", " steps are still open"));
    });
    fold("passed", Status::Pass, &mut |out, n| {
        out.num(n).tag(plural(n, " step passed", " steps passed"));
    });
    fold("skipped", Status::Skip, &mut |out, n| {
        out.num(n).tag(plural(n, " step does not apply to this case", " steps do not apply to this case"));
    });
    out.0
}

/// The steps' cards, each told which of its lines were quoted above it. The card of the step
/// the verdict names keeps its title for screen readers only: the verdict just above it says the
/// same sentence (on a phone the two stood one under the other, issue 26).
fn cards(out: &mut Html, steps: &[(&Step, Vec<bool>)], primary: Option<&str>) {
    out.tag("<ol class=\"steps\">");
    for (step, seen) in steps {
        step_card(out, step, seen, primary == Some(step.id.as_ref()));
    }
    out.tag("</ol>");
}

/// One step: status as icon and word, the finding, its evidence and what to do.
fn step_card(out: &mut Html, step: &Step, quoted_above: &[bool], said_above: bool) {
    let word = step.status.word();
    out.tag("<li class=\"step step-").text(word).tag("\" data-check=\"").text(&step.id);
    out.tag("\" data-status=\"").text(word).tag("\"><div class=\"step-head\"><span class=\"badge\">");
    out.text(step.status.icon()).tag(" ").text(word).tag("</span>");
    out.tag(if said_above { "<h4 class=\"step-title visually-hidden\">" } else { "<h4 class=\"step-title\">" });
    out.text(&step.title).tag("</h4><code class=\"step-id\">").text(&step.id).tag("</code></div>");
    if step.status != Status::Skip {
        evidence_list(out, &step.evidence, step.evidence_omitted, quoted_above);
        action_block(out, "Fix", "fix", &step.fix);
        action_block(out, "Next", "next", &step.next);
        out.tag("<details><summary>Why this matters</summary><p>").text(&step.explanation).tag("</p></details>");
    }
    out.tag("</li>");
}

fn action_block(out: &mut Html, label: &'static str, class: &'static str, action: &Option<Action>) {
    let Some(action) = action else { return };
    out.tag("<div class=\"action ").tag(class).tag("\"><p><strong>").tag(label).tag(": </strong>");
    out.text(&action.text).tag("</p>");
    command_list(out, &action.commands);
}

/// Commands, each with its copy button (the page's one click handler copies the `<code>`
/// before it).
fn command_list(out: &mut Html, commands: &[String]) {
    for command in commands {
        out.tag("<div class=\"command\"><code>").text(command).tag("</code>");
        out.tag("<button type=\"button\" class=\"copy\" aria-label=\"Copy: ")
            .text(command)
            .tag("\">Copy</button></div>");
    }
}

/// The quoted lines a step or symptom relied on, each with where it came from (`omitted`: lines
/// found beyond those quoted). A line quoted higher up (`quoted_above`, by position) is named,
/// not repeated: one error line used to be quoted in eight cards.
fn evidence_list(out: &mut Html, evidence: &[Evidence], omitted: usize, quoted_above: &[bool]) {
    if evidence.is_empty() {
        return;
    }
    out.tag("<ul class=\"evidence\" aria-label=\"Evidence\">");
    for (i, e) in evidence.iter().enumerate() {
        let lines = e.lines.iter().map(ToString::to_string).collect::<Vec<_>>().join("–");
        let place = |out: &mut Html| {
            out.tag("paste ").num(e.input).tag(plural(e.lines.len(), ", line ", ", lines ")).text(&lines);
        };
        if quoted_above.get(i).copied().unwrap_or(false) {
            out.tag("<li class=\"seen\"><span class=\"where\">");
            place(out);
            out.tag(" (quoted above)</span></li>");
        } else {
            out.tag("<li><q class=\"quote\">").text(&e.quote).tag("</q> <span class=\"where\">");
            place(out);
            out.tag("</span></li>");
        }
    }
    if omitted > 0 {
        out.tag("<li class=\"where\">… and ").num(omitted).tag(" more lines</li>");
    }
    out.tag("</ul>");
}

/// One thing to paste next, asked once for every open step it would decide.
fn open_question(out: &mut Html, question: &OpenQuestion<'_>) {
    // Open steps waiting on the same paste often give the same reason as their title: said once
    // (it was "No name lookup of the vault was pasted, …" three times in a row).
    let mut decides: Vec<&str> = Vec::new();
    for step in &question.steps {
        if !decides.contains(&step.title.as_str()) {
            decides.push(&step.title);
        }
    }
    out.tag("<li class=\"question\"><p>").text(&question.action.text).tag("</p>");
    command_list(out, &question.action.commands);
    out.tag("<p class=\"decides\">");
    match question.steps.len() {
        1 => out.tag("Decides: "),
        n => out.tag("Decides ").num(n).tag(" steps: "),
    };
    out.text(&decides.join("; ")).tag("</p></li>");
}

/// What the user is experiencing, as their pastes show it: after what to fix (whose cards quote
/// the same lines first), before the folded steps.
fn symptoms(out: &mut Html, symptoms: &[Symptom], quoted_above: &[Vec<bool>]) {
    if symptoms.is_empty() {
        return;
    }
    out.tag("<section class=\"symptoms\" aria-labelledby=\"symptoms-heading\"><h3 id=\"symptoms-heading\">What fails</h3><ul>");
    for (i, s) in symptoms.iter().enumerate() {
        out.tag("<li class=\"symptom\" data-kind=\"").text(s.kind.id()).tag("\"><span class=\"symptom-summary\">");
        out.text(&s.summary).tag("</span>");
        evidence_list(out, &s.evidence, 0, quoted_above.get(i).map_or(&[][..], Vec::as_slice));
        out.tag("</li>");
    }
    out.tag("</ul></section>");
}

/// Where the report's body starts and ends in [`page`] (the browser test compares the page's
/// report with the CLI's between them).
pub const BODY_START: &str = "<!-- report -->";
pub const BODY_END: &str = "<!-- /report -->";

/// `kvdoctor --format html`: [`body`] in a standalone page with the page's stylesheet and no
/// script (its copy buttons are hidden: nothing would answer them). `report` is redacted.
pub fn page(report: &Report) -> String {
    let mut out = Html(String::with_capacity(48 * 1024));
    out.tag("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.tag("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    out.tag("<title>kvdoctor report</title><style>");
    out.tag(include_str!("../../../static/style.css"));
    out.tag("\nbutton.copy { display: none; }</style></head>\n<body><main class=\"layout\">");
    out.tag("<section class=\"report\" id=\"diagnosis\" aria-labelledby=\"report-heading\">");
    out.tag("<h2 id=\"report-heading\">Diagnosis</h2>\n").tag(BODY_START).tag("\n");
    out.0.push_str(&body(report));
    out.tag("\n").tag(BODY_END).tag("\n</section></main><footer class=\"site-footer\">");
    out.text(&super::footer()).tag("</footer></body></html>\n");
    out.0
}

#[cfg(test)]
mod tests;
