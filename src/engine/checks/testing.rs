//! The examples beside each check: diagnose a few pastes and read one step back, as its
//! status or as the text a user reads (every check's `tests` module pins that text for each
//! outcome the check can give, so a wording change is reviewed in the file that makes it).

use std::fmt::Write;

use crate::engine::report::{Status, Step};

/// Diagnoses `pastes` and returns the step `id`, for the examples beside each check.
pub fn step(pastes: &[&str], id: &str) -> Step {
    let report = crate::engine::diagnose_texts(pastes);
    report.steps.into_iter().find(|s| s.id == id).expect("every check reports a step")
}

pub fn status(pastes: &[&str], id: &str) -> Status {
    step(pastes, id).status
}

/// What a user reads of step `id` once `pastes` are diagnosed, secrets removed as every report
/// removes them: the status and the one-line finding, each evidence quote with where it was
/// read, then the fix and the next step, each with its commands. The "why it matters"
/// paragraph is left out: it is the check's docs, the same for every outcome.
///
/// ```text
/// fail: contoso.vault.azure.net does not exist for the client's DNS (DNS server 127.0.0.53)
///   > ** server can't find contoso.vault.azure.net: NXDOMAIN   (paste 1, line 5)
/// fix: Check the vault name and cloud suffix against the Vault URI, …
///   $ az keyvault show --name contoso --query properties.vaultUri
/// ```
pub fn shown<S: AsRef<str>>(pastes: &[S], id: &str) -> String {
    shown_on(pastes, None, id)
}

/// [`shown`] with the user's choice of host (`aks`, `vm`, … as the CLI's `--host` takes it).
pub fn shown_on<S: AsRef<str>>(pastes: &[S], host: Option<&str>, id: &str) -> String {
    let pastes: Vec<crate::engine::Paste> = pastes.iter().map(|p| crate::engine::Paste::new(p.as_ref())).collect();
    let host = host.map(|h| crate::engine::facts::Platform::from_choice(h).expect("a host kvdoctor knows"));
    let (report, _) = crate::engine::redact::report(&crate::engine::diagnose_case_on(&pastes, None, host));
    let step = report.steps.iter().find(|s| s.id == id).expect("every check reports a step");
    let mut out = format!("{}: {}\n", step.status.word(), step.title);
    for e in &step.evidence {
        let _ = writeln!(out, "  > {}   ({})", e.quote, crate::engine::render::evidence_ref(e));
    }
    if step.evidence_omitted > 0 {
        let _ = writeln!(out, "  > … and {} more lines", step.evidence_omitted);
    }
    for (label, action) in [("fix", &step.fix), ("next", &step.next)] {
        if let Some(action) = action {
            let _ = writeln!(out, "{label}: {}", action.text);
            for command in &action.commands {
                let _ = writeln!(out, "  $ {command}");
            }
        }
    }
    out
}

/// The pastes of a real sample, by its path from the crate's root: a file is one paste, a case
/// folder (`static/examples/cases/<case>`, `tests/fixtures/cases/<case>`) one paste per `.txt`
/// file, in name order as the scenario tests read them.
pub fn pastes(path: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut files = match std::fs::read_dir(&path) {
        Ok(dir) => dir
            .map(|e| e.expect("a readable folder").path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(_) => vec![path],
    };
    files.sort();
    files.iter().map(|f| std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()))).collect()
}

/// The first real example line of an error message in the catalogue's fixture
/// (`tests/fixtures/messages/examples.txt`, sources in its `SOURCES`), by its id.
pub fn message(id: &str) -> String {
    let examples = pastes("tests/fixtures/messages/examples.txt").concat();
    let line = examples.lines().find_map(|l| l.strip_prefix(id)?.strip_prefix('\t')?.split('\t').nth(1));
    line.unwrap_or_else(|| panic!("no example message {id}")).to_string()
}
