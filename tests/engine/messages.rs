//! The message catalogue against real example lines (`tests/fixtures/messages/`): every entry
//! has one, each line alone drives the entry's check to the recorded status (never "no fault"),
//! and so does the same line inside every frame a tool prints around it.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use kvdoctor::engine::diagnose_texts;
use kvdoctor::engine::input::error_catalogue::{self as messages, Message, CATALOGUE};
use kvdoctor::engine::input::Kind;
use kvdoctor::engine::report::Status;
use proptest::prelude::*;

struct Example {
    id: String,
    status: Status,
    line: String,
}

fn examples() -> Vec<Example> {
    common::fixture("messages/examples.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let id = parts.next().unwrap().to_string();
            let status = match parts.next().unwrap() {
                "fail" => Status::Fail,
                "warn" => Status::Warn,
                "unknown" => Status::Unknown,
                other => panic!("{id}: status {other} is not one a lone message may give"),
            };
            Example { id, status, line: parts.next().unwrap().to_string() }
        })
        .collect()
}

fn entry(id: &str) -> &'static Message {
    CATALOGUE.iter().find(|m| m.id == id).unwrap_or_else(|| panic!("{id} is not in the catalogue"))
}

fn status_of(pastes: &[&str], check: &str) -> (Status, String) {
    let report = diagnose_texts(pastes);
    let step = report.step(check).unwrap_or_else(|| panic!("no step {check}"));
    (step.status, report.verdict.summary)
}

#[test]
fn every_entry_has_a_real_example_with_a_source() {
    let examples = examples();
    let sources = common::fixture("messages/SOURCES");
    for m in CATALOGUE {
        assert!(examples.iter().any(|e| e.id == m.id), "{}: no example line", m.id);
        assert!(
            sources.lines().any(|l| l.starts_with(m.id) || l.contains(&format!(", {}", m.id))),
            "{}: no source",
            m.id
        );
    }
}

#[test]
fn each_line_alone_is_an_error_paste_and_drives_its_check() {
    let mut wrong = Vec::new();
    for e in examples() {
        let m = entry(&e.id);
        let found: Vec<&str> = messages::find(&e.line).iter().map(|m| m.id).collect();
        assert!(found.contains(&m.id), "{}: not recognised in {:?} (found {found:?})", e.id, e.line);
        let report = diagnose_texts(&[&e.line]);
        assert_eq!(report.inputs[0].kind, Kind::Error, "{}: {:?}", e.id, report.inputs[0]);
        let step = report.step(m.check).unwrap();
        // "No fault found" in what a line covers is fine only when the verdict goes on to ask
        // this entry's step's own question (a URL in the line passes the URL step).
        let asks = step.status == Status::Unknown
            && step.next.as_ref().is_some_and(|n| report.verdict.summary.contains(n.text.as_str()));
        if step.status != e.status || report.verdict.summary.contains("No fault found") && !asks {
            wrong.push(format!(
                "{}: {} is {:?}: {} — verdict: {}",
                e.id, m.check, step.status, step.title, report.verdict.summary
            ));
        }
        for capture in m.captures {
            use kvdoctor::engine::facts::SignalKind as S;
            use messages::Capture::*;
            let needed = match capture {
                ClientAddress if e.line.contains("Client address:") => Some("client"),
                Vault if e.line.contains(";location=") => Some("vault"),
                Host if e.line.contains(".vault.azure.net") => Some("host"),
                _ => None,
            };
            if let Some(what) = needed {
                let facts = {
                    let mut facts = kvdoctor::engine::facts::Facts::default();
                    kvdoctor::engine::input::read(1, &e.line, None, &mut facts);
                    facts
                };
                let kind = match what {
                    "client" => S::ClientAddress,
                    "vault" => S::VaultName,
                    _ => {
                        if m.check == "dns-resolves" {
                            S::NameNotResolved
                        } else {
                            S::TcpConnectionDenied
                        }
                    }
                };
                assert!(facts.signal(kind).is_some_and(|s| !s.value.starts_with('(')), "{}: {what} not captured", e.id);
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Frames modelled on the real ones in `tests/fixtures/inputs/error-*.txt` and the SDK outputs
/// cited there. `{LINE}` is the message, `{JSON}` it in a REST body, `{GO}` it Go-quoted.
const HTTP_FRAMES: &[(&str, &str)] = &[
    ("json", r#"{"error":{"code":"{CODE}","message":"{JSON}"}}"#),
    ("az", "ERROR: ({CODE}) {LINE}\nCode: {CODE}\nMessage: {LINE}"),
    (".net", "Azure.RequestFailedException: {LINE}\nStatus: {STATUS} ({CODE})\nErrorCode: {CODE}\n\nContent:\n{\"error\":{\"code\":\"{CODE}\",\"message\":\"{JSON}\"}}\n\n   at Azure.Core.HttpPipelineExtensions.ProcessMessageAsync(HttpPipeline pipeline, HttpMessage message, RequestContext requestContext, CancellationToken cancellationToken)\n   at Azure.Security.KeyVault.KeyVaultPipeline.SendRequestAsync(Request request, CancellationToken cancellationToken)"),
    ("python", "Traceback (most recent call last):\n  File \"app.py\", line 12, in <module>\n    client.get_secret(\"db\")\nazure.core.exceptions.HttpResponseError: ({CODE}) {LINE}\nCode: {CODE}\nMessage: {LINE}"),
    ("java", "com.azure.core.exception.HttpResponseException: Status code {STATUS}, \"{\"error\":{\"code\":\"{CODE}\",\"message\":\"{JSON}\"}}\"\n\tat com.azure.core.implementation.http.rest.RestProxyBase.instantiateUnexpectedException(RestProxyBase.java:347)\n\tat com.azure.security.keyvault.secrets.SecretClient.getSecret(SecretClient.java:210)"),
    ("go", "│ Error: making Read request on Azure KeyVault Secret db: keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode={STATUS} -- Original Error: autorest/azure: Service returned an error. Status={STATUS} Code=\"{CODE}\" Message=\"{GO}\"\n│\n│   with azurerm_key_vault_secret.db,\n│   on main.tf line 42, in resource \"azurerm_key_vault_secret\" \"db\":\n│   42: resource \"azurerm_key_vault_secret\" \"db\" {\n│"),
    ("powershell", "Get-AzKeyVaultSecret : {LINE}\nAt line:1 char:1\n+ Get-AzKeyVaultSecret -VaultName kv1 -Name db\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : CloseError: (:) [Get-AzKeyVaultSecret], KeyVaultErrorException\n    + FullyQualifiedErrorId : Microsoft.Azure.Commands.KeyVault.GetAzureKeyVaultSecret"),
];

/// Transport failures carry no HTTP body: the frames are the SDKs' connection errors.
const TRANSPORT_FRAMES: &[(&str, &str)] = &[
    ("az", "ERROR: <urllib3.connection.HTTPSConnection object at 0x7f2c>: {LINE}"),
    (".net", "System.Net.Http.HttpRequestException: {LINE}\n ---> System.Net.Sockets.SocketException: {LINE}\n   at System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync(String host, Int32 port, HttpRequestMessage initialRequest, Boolean async, CancellationToken cancellationToken)"),
    ("python", "azure.core.exceptions.ServiceRequestError: <urllib3.connection.HTTPSConnection object at 0x7f2c>: {LINE}"),
    ("java", "com.azure.core.exception.ServiceResponseException: {LINE}\n\tat com.azure.core.http.netty.NettyAsyncHttpClient.lambda$send$4(NettyAsyncHttpClient.java:196)"),
    ("go", "│ Error: retrieving Secret db: Get \"https://kv1.vault.azure.net/secrets/db/?api-version=7.4\": {GO}\n│"),
    ("powershell", "Get-AzKeyVaultSecret : {LINE}\nAt line:1 char:1\n+ Get-AzKeyVaultSecret -VaultName kv1 -Name db\n    + CategoryInfo          : CloseError: (:) [Get-AzKeyVaultSecret], HttpRequestException"),
];

fn frame(template: &str, m: &Message, line: &str) -> String {
    let json = line.replace('\\', "\\\\").replace('"', "\\\"");
    template
        .replace("{CODE}", m.code.unwrap_or("Forbidden"))
        .replace("{STATUS}", &m.status.unwrap_or(403).to_string())
        .replace("{JSON}", &json)
        .replace("{GO}", &json)
        .replace("{LINE}", line)
}

#[test]
fn each_line_in_every_frame_gives_the_same_status() {
    let mut wrong = Vec::new();
    for e in examples() {
        let m = entry(&e.id);
        // A line that already is a whole body or frame is not framed again.
        if e.line.contains("{\"error\"") || e.line.starts_with("Status=") {
            continue;
        }
        let frames = if m.status.is_some() { HTTP_FRAMES } else { TRANSPORT_FRAMES };
        for (name, template) in frames {
            let text = frame(template, m, &e.line);
            let (status, verdict) = status_of(&[&text], m.check);
            if status != e.status {
                wrong.push(format!("{} in the {name} frame: {} is {status:?} — {verdict}", e.id, m.check));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_line_wrapped_over_two_lines_is_still_read() {
    let line =
        "Public network access is disabled and request is not from a trusted service nor via an approved private link.";
    let wrapped = format!("{}\n{}", &line[..52], &line[52..]);
    assert_eq!(status_of(&[&wrapped], "net-public-access").0, Status::Fail, "{wrapped}");
    let cut_word = format!("{}\n{}", &line[..50], &line[50..]);
    assert_eq!(status_of(&[&cut_word], "net-public-access").0, Status::Fail, "{cut_word}");
}

#[test]
fn the_catalogue_size_by_family() {
    let mut families: Vec<_> = CATALOGUE.iter().map(|m| m.family).collect();
    families.sort();
    families.dedup();
    assert!(families.len() >= 20, "{families:?}");
    let phrases: usize = CATALOGUE.iter().map(|m| m.phrases.len()).sum();
    assert!(phrases >= 100, "{phrases} phrases");
}

/// Random case, `is not` ↔ `isn't`, noise around the line and a cut after the key phrase.
fn mangle(line: &str, phrase_end: usize, flips: &[bool], cut: usize, prefix: &str, suffix: &str) -> String {
    let mut out: String = line
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if flips.get(i % flips.len().max(1)).copied().unwrap_or(false) {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let keep = (phrase_end + cut).min(out.len());
    let keep = (keep..=out.len()).find(|k| out.is_char_boundary(*k)).unwrap_or(out.len());
    out.truncate(keep);
    let out = out.replace(" is not ", " isn't ").replace(" IS NOT ", " ISN'T ");
    format!("{prefix}{out}{suffix}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn mangled_lines_are_still_recognised(
        pick in 0usize..1000,
        flips in proptest::collection::vec(any::<bool>(), 1..16),
        cut in 0usize..40,
        prefix in "[ a-z0-9:>|│-]{0,12}",
        suffix in "[ a-z0-9:.,;-]{0,12}",
    ) {
        let examples = examples();
        let e = &examples[pick % examples.len()];
        let m = entry(&e.id);
        let folded = messages::fold(&e.line);
        let Some((at, phrase)) = m.phrases.iter().filter_map(|p| folded.find(p).map(|i| (i, p))).next() else {
            return Err(TestCaseError::fail(format!("{}: no phrase in {:?}", e.id, folded)));
        };
        // Phrase end in the original line: the folded prefix is never longer than the original.
        let end = (at + phrase.len()).min(e.line.len());
        let mut mangled = mangle(&e.line, end, &flips, cut, &prefix, &suffix);
        if messages::fold(&mangled).find(phrase).is_none() {
            // The cut landed inside the phrase because folding shortened the text: keep it whole.
            mangled = mangle(&e.line, e.line.len(), &flips, 0, &prefix, &suffix);
        }
        let found: Vec<&str> = messages::find(&mangled).iter().map(|m| m.id).collect();
        prop_assert!(found.contains(&m.id), "{}: {:?} → {:?}", e.id, mangled, found);
    }
}
