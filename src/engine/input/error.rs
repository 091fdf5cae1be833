//! Error text wherever it comes from: REST JSON bodies, az CLI, PowerShell, .NET, Python, Java,
//! Go/Terraform (with box-drawing), SDK and DNS errors, portal banners. Messages arrive with
//! literal `\r\n`, `<br/>` and quote markers (undone by [`super::text::lines`]), cut at either
//! end; every clue is read where it stands, so a fragment still yields what it holds.

mod clues;
mod pairs;

use super::error_catalogue::{self, Family, Message};
use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{Evidence, Facts, ResolveStatus, SignalKind};
use crate::engine::net::parse_addr;
use crate::engine::vault::VaultHost;

use SignalKind as S;

const MARKERS: [&str; 39] = [
    "managedidentitycredential",
    "metadata/identity",
    "/msi/token",
    "i/o timeout",
    "deadline exceeded",
    "dial tcp",
    "forbidden",
    "unauthorized",
    "akv100",
    "caller:",
    "client address",
    "statuscode",
    "status: 4",
    "not found in this key vault",
    "does not allow access to",
    "throttled",
    "too many requests",
    "no such host",
    "getaddrinfo",
    "name or service not known",
    "unknownhostexception",
    "context deadline exceeded",
    "access denied",
    "challenge resource",
    "public network access",
    "does not have",
    "timed out",
    "requestfailedexception",
    // App Service Key Vault references' statuses and details.
    "reference was not able to be resolved",
    "reference has been successfully resolved",
    "vaultnotfound",
    "invalidsyntax",
    "fetchtimedout",
    "otherreasons",
    "secretversionnotfound",
    // Kubernetes events of a volume that did not mount (the CSI driver).
    "failedmount",
    "mountvolume.setup failed",
    // Kudu's environment page: the app and its resource group fill the app's commands.
    "website_resource_group",
    "website_site_name",
];

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::Error, sniff, parse).precedence(3);

/// How sure we are the paste is an error message (0–100). One catalogue message is enough: a
/// lone pasted line is an error paste.
pub fn sniff(lines: &[Line]) -> u8 {
    let mut hits = 0u32;
    let mut known = false;
    for line in lines.iter().take(2000) {
        if line.text.trim_start().starts_with([';', '*']) {
            continue; // dig's `;;` and nslookup's `**` failure lines belong to those tools
        }
        let folded = error_catalogue::fold(line.text);
        let found = error_catalogue::find_folded(&folded).len() as u32;
        known = known
            || found > 0
            || folded.contains("reference has been successfully resolved")
            || clues::reference_status(line.text).is_some_and(|(status, keyed)| match status {
                ResolveStatus::Initialized => false,
                ResolveStatus::Resolved => keyed,
                _ => true,
            });
        hits += MARKERS.iter().filter(|m| folded.contains(*m)).count() as u32 + 2 * found;
    }
    let score = (hits * 25).min(100) as u8;
    if known {
        score.max(90)
    } else {
        score
    }
}

/// Status and codes a message implies, with the line that implies them.
type Implied = Vec<(SignalKind, String, Evidence)>;

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    // The line before, what it matched, and whether it is about the token or Resource Manager.
    let mut previous: Option<(&Line, Vec<&'static Message>, bool)> = None;
    let mut implied = Implied::new();
    let mut field: Option<&'static str> = None;
    for line in lines {
        let before = facts.signals.len();
        let mut found = error_catalogue::find(line.text);
        let lower = line.text.to_ascii_lowercase();
        let pairs = pairs::Pairs::of(&lower);
        let has = |phrase: &str| pairs.contains(&lower, phrase);
        let not_the_vault = token_endpoint(has) || management_plane(has);
        if not_the_vault {
            // A time-out or refusal on the way to the token is the identity's, not the vault's;
            // Resource Manager's `StatusCode=0` is not a connection to the vault at all.
            found.retain(|m| !NETWORK.contains(&m.family));
        }
        scan(reader.input, line, &found, facts, &mut implied);
        field = continued_field(reader.input, line, field, facts);
        // A wrapped field's lines are read: each decides whether the next line continues it.
        if field.is_some() {
            reader.use_line(line.number);
        }
        if let Some((prev, prev_found, prev_not_the_vault)) = &previous {
            let about_token = *prev_not_the_vault || not_the_vault;
            seam(reader.input, (prev, prev_found), (line, &found), about_token, facts, &mut implied);
        }
        if facts.signals.len() > before || !found.is_empty() || boilerplate(line.text) {
            reader.use_line(line.number);
        }
        previous = (!line.text.trim().is_empty()).then_some((line, found, not_the_vault));
    }
    for (kind, value, at) in implied {
        if !facts.signals(kind).any(|s| s.at.input == at.input && s.value.eq_ignore_ascii_case(&value)) {
            facts.add_signal(kind, value, at);
        }
    }
    drop_placeholders(reader.input, facts);
}

/// Fields whose values people wrap onto indented lines below the label (`Caller:   appid=…` then
/// `          oid=…`); those lines are read as if the label stood before them.
const WRAPPED_FIELDS: [&str; 2] = ["caller:", "action:"];

/// Reads `line` as a continuation of the wrapped field above it, if it is one, and returns the
/// field that the next line may continue.
fn continued_field(input: usize, line: &Line, field: Option<&'static str>, facts: &mut Facts) -> Option<&'static str> {
    let text = line.text.trim();
    if text.is_empty() {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if let Some(label) = WRAPPED_FIELDS.iter().find(|f| lower.starts_with(**f)) {
        return Some(label);
    }
    let indented = line.text.starts_with([' ', '\t']);
    let labelled =
        text.split_once(':').is_some_and(|(head, _)| head.chars().all(|c| c.is_ascii_alphabetic() || c == ' '));
    match field {
        Some(label) if indented && !labelled => {
            clues::read(&format!("{label} {text}"), Evidence::line(input, line.number, text), facts);
            Some(label)
        }
        _ => None,
    }
}

/// "Operation is not allowed." names no operation; when another line of the paste does
/// (`Operation: "decrypt"`), the placeholder goes.
fn drop_placeholders(input: usize, facts: &mut Facts) {
    let named: Vec<SignalKind> =
        facts.signals.iter().filter(|s| s.at.input == input && !s.value.starts_with('(')).map(|s| s.kind).collect();
    facts.signals.retain(|s| s.at.input != input || !s.value.ends_with(" not shown)") || !named.contains(&s.kind));
}

/// A message wrapped over two lines (terminal width, ticket systems): the end of one line and
/// the start of the next, read together, joined with and without a space (a word cut in two).
/// Only a bounded piece of each line is joined, so this stays linear. `about_token`: either line
/// is about the token or Resource Manager ([`token_endpoint`], [`management_plane`]).
fn seam(
    input: usize,
    (first, first_found): (&Line, &[&Message]),
    (second, second_found): (&Line, &[&Message]),
    about_token: bool,
    facts: &mut Facts,
    implied: &mut Implied,
) {
    const PIECE: usize = 160;
    let tail: String = {
        let chars: Vec<char> = first.text.trim_end().chars().rev().take(PIECE).collect();
        chars.into_iter().rev().collect()
    };
    let head: String = second.text.trim_start().chars().take(PIECE).collect();
    for joiner in [" ", ""] {
        let joined = format!("{tail}{joiner}{head}");
        for m in error_catalogue::find(&joined) {
            if about_token && NETWORK.contains(&m.family) {
                continue;
            }
            if first_found.iter().chain(second_found).any(|f| f.id == m.id) {
                continue;
            }
            let at = Evidence {
                input,
                lines: vec![first.number, second.number],
                quote: format!("{} {}", first.text.trim(), second.text.trim()),
            };
            apply(m, &joined, at, facts, implied);
        }
    }
}

/// Records what a catalogue message implies.
/// What a message implies (status, codes) waits in `implied` until the paste is read: the JSON
/// body or status line that names it is one fact, not two; a lone line keeps the implied one.
fn apply(m: &Message, text: &str, at: Evidence, facts: &mut Facts, implied: &mut Implied) {
    let values = [
        (S::HttpStatus, m.status.map(|s| s.to_string())),
        (S::ErrorCode, m.code.map(str::to_string)),
        (S::InnerCode, m.inner.map(str::to_string)),
        (S::ObjectKind, m.object.map(str::to_string)),
    ];
    for (kind, value) in values {
        if let Some(value) = value {
            if !implied.iter().any(|(k, v, _)| *k == kind && v.eq_ignore_ascii_case(&value)) {
                implied.push((kind, value, at.clone()));
            }
        }
    }
    for kind in m.signals {
        let value = match kind {
            S::NameNotResolved => text
                .split(|c: char| c.is_whitespace() || "'\"()[]:,;/`".contains(c))
                .find(|w| VaultHost::parse(w).is_some())
                .unwrap_or("(name not shown)")
                .to_string(),
            S::TcpConnectionDenied => {
                let host = after(text, &text.to_ascii_lowercase(), "allow access to").map(|h| word_after(&h));
                host.filter(|h| !h.is_empty()).unwrap_or_else(|| "(host not shown)".to_string())
            }
            S::KeyOperation => {
                let op = after(text, &text.to_ascii_lowercase(), "operation: ").map(|o| word_after(&o));
                op.filter(|o| !o.is_empty()).unwrap_or_else(|| "(operation not shown)".to_string())
            }
            _ => m.phrases.first().copied().unwrap_or_default().to_string(),
        };
        if *kind == S::TlsNameMismatch {
            // The certificate error names the host the client called (often the privatelink name).
            let called = text
                .split(|c: char| c.is_whitespace() || "'\"()[],;`".contains(c))
                .find(|w| VaultHost::parse(w.trim_end_matches('.')).is_some());
            if let Some(host) = called {
                facts.add_signal(S::RequestUrl, format!("https://{}", host.trim_end_matches('.')), at.clone());
            }
        }
        facts.add_signal(*kind, value, at.clone());
    }
}

fn scan(input: usize, line: &Line, found: &[&Message], facts: &mut Facts, implied: &mut Implied) {
    let text = line.text.trim().trim_start_matches(['│', '|', '╷', '╵', '>', ' ']);
    clues::read(text, Evidence::line(input, line.number, text), facts);
    for m in found {
        apply(m, text, Evidence::line(input, line.number, text), facts, implied);
    }
}

/// Message families about the network path: on a line about the token endpoint they describe
/// the way to the token, not to the vault.
const NETWORK: [Family; 7] =
    [Family::Dns, Family::Timeout, Family::Refused, Family::Reset, Family::TlsHandshake, Family::Proxy, Family::Status];

/// Whether a line is about getting the token (`has`: whether the lower-cased line holds a phrase): the managed identity endpoints
/// (IMDS, App Service's, AAD Pod Identity's NMI) or the sign-in service.
pub(super) fn token_endpoint(has: impl Fn(&str) -> bool) -> bool {
    const ENDPOINTS: [&str; 10] = [
        "aadsts",
        "169.254.169.254",
        "169.254.129.",
        "localhost:2579",
        "/msi/token",
        "metadata/identity",
        "managedidentitycredential",
        "managed identity",
        "imds",
        "login.microsoftonline.com",
    ];
    ENDPOINTS.iter().any(|e| has(e))
}

/// A line from Azure Resource Manager about the vault as a resource (`has` as for [`token_endpoint`]): its statuses are not the
/// data plane's.
pub(super) fn management_plane(has: impl Fn(&str) -> bool) -> bool {
    const MARKS: [&str; 5] = [
        "does not have authorization to perform action '",
        "authorizationfailed",
        "requestdisallowedbypolicy",
        "resourcegroupnotfound",
        "vaultalreadyexists",
    ];
    MARKS.iter().any(|m| has(m))
}

pub(super) const OBJECT_KINDS: [&str; 3] = ["secret", "key", "certificate"];

/// The text after `needle` (matched in `lower`), taken from the original-case `text`.
/// `lower` is `text.to_ascii_lowercase()`: same bytes at the same offsets but for ASCII case.
pub(super) fn after(text: &str, lower: &str, needle: &str) -> Option<String> {
    lower.find(needle).and_then(|i| text.get(i + needle.len()..)).map(str::to_string)
}

/// The first token: letters, digits and the punctuation that appears in codes, hosts and ids.
pub(super) fn word_after(text: &str) -> String {
    let t = text.trim_start_matches([' ', '"', '\'', ':', '=', '\\']);
    t.chars()
        .take_while(|c| c.is_alphanumeric() || "-_./:".contains(*c))
        .collect::<String>()
        .trim_end_matches(['.', ':'])
        .to_string()
}

pub(super) fn tenant_of(text: &str) -> String {
    text.split('/')
        .find(|p| p.len() == 36 && p.matches('-').count() == 4)
        .map(str::to_string)
        .unwrap_or_else(|| word_after(text))
}

/// The HTTP status a line (lower case) names; `find(key)` is `lower.find(key)` (the line's own,
/// quicker search).
pub(super) fn http_status_in(lower: &str, find: impl Fn(&str) -> Option<usize>) -> Option<u16> {
    const KEYS: [&str; 13] = [
        "http response code: ",
        "statuscode=",
        "statuscode:",
        "status code:",
        "status code ",
        "status:",
        "\"status\":",
        "http/1.1 ",
        "http/1.0 ",
        "http/2 ",
        "does not indicate success: ",
        "responsecode=",
        "status=",
    ];
    for key in KEYS {
        if let Some(rest) = find(key).and_then(|at| lower.get(at + key.len()..)) {
            let digits: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
            if let Ok(code @ 100..=599) = digits.parse::<u16>() {
                return Some(code);
            }
        }
    }
    let named = [
        ("(forbidden)", 403),
        ("(unauthorized)", 401),
        ("'forbidden'", 403),
        ("'unauthorized'", 401),
        ("too many requests", 429),
        ("403 forbidden", 403),
        ("401 unauthorized", 401),
    ];
    named.iter().find(|(n, _)| find(n).is_some()).map(|(_, c)| *c)
}

/// URLs that point at a vault or an address (the host the client actually called).
pub(super) fn urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((_, tail)) = rest.split_once("https://") {
        rest = tail;
        let address: String = tail.chars().take_while(|c| !c.is_whitespace() && !"'\"<>)],;".contains(*c)).collect();
        let host = address.split(['/', ':', '?']).next().unwrap_or_default();
        if VaultHost::parse(host).is_some() || parse_addr(host).is_some() {
            out.push(format!("https://{address}").trim_end_matches('.').to_string());
        }
    }
    out
}

/// Lines that belong to an error paste but carry no clue: framing, stack frames, help links.
fn boilerplate(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['│', '|', '╷', '╵', '>', ' ']).to_ascii_lowercase();
    const STARTS: [&str; 23] = [
        "at ",
        "please observe propagation time",
        "file \"",
        "traceback",
        "headers:",
        "content:",
        "message:",
        "inner error",
        "innererror",
        "for help resolving",
        "if role assignments",
        "exception",
        "azure.",
        "during handling",
        "the above exception",
        "---",
        "error:",
        "with ",
        "on ",
        "request id",
        "x-ms-",
        "date:",
        "cache-control",
    ];
    // Terraform quotes the configuration line: `42: resource "azurerm_key_vault_secret" "db" {`.
    let source_excerpt =
        t.split_once(": ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    t.is_empty() || t.chars().all(|c| !c.is_alphanumeric()) || STARTS.iter().any(|s| t.starts_with(s)) || source_excerpt
}

#[cfg(test)]
mod tests {

    use super::*;

    fn signals(paste: &str) -> Vec<(SignalKind, String)> {
        let facts = crate::engine::input::read_with(parse, paste);
        facts.signals.into_iter().map(|s| (s.kind, s.value)).collect()
    }

    fn has(found: &[(SignalKind, String)], kind: SignalKind, value: &str) -> bool {
        found.iter().any(|(k, v)| *k == kind && v == value)
    }

    #[test]
    fn wrapped_caller_and_action_lines_are_read_under_their_label() {
        let text = "Caller:   appid=3f2c9a41-6b7e-4d2a-9c11-5e8f0a7b2d34\n          oid=7a1d5e92-0c4b-4f3e-8d27-1b6c9e4f3a58\n          iss=https://sts.windows.net/9c4e2b17-5d3a-4e8f-a6b1-2f7d0c9e8b45/\n\nAction:   'Microsoft.KeyVault/vaults/secrets/readMetadata/action'\n          (for list)\n          'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nResource: x\n          oid=99999999\n";
        let facts = crate::engine::input::read_with(parse, text);
        let found: Vec<_> =
            facts.signals.iter().map(|s| (s.kind, s.value.clone(), s.at.lines.first().copied().unwrap_or(0))).collect();
        let oid = found.iter().find(|(k, _, _)| *k == S::CallerObjectId).map(|(_, v, l)| (v.as_str(), *l));
        assert_eq!(oid, Some(("7a1d5e92-0c4b-4f3e-8d27-1b6c9e4f3a58", 2)));
        assert!(found.iter().any(|(k, v, l)| *k == S::RbacAction && v.ends_with("getSecret/action") && *l == 7));
        // An indented line under another label is not the caller's.
        assert!(!found.iter().any(|(_, v, _)| v == "99999999"));
    }

    #[test]
    fn firewall_body_with_escaped_newlines() {
        let body = r#"{"error":{"code":"Forbidden","message":"Client address is not authorized and caller is not a trusted service.\r\nClient address: 20.85.12.7\r\nCaller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=6f1e1b7c-0000-4c3e-9d3e-2b9b1c6f0a11;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/\r\nVault: fabrikam;location=eastus","innererror":{"code":"ForbiddenByFirewall"}}}"#;
        let found = signals(body);
        assert!(has(&found, S::ErrorCode, "Forbidden"), "{found:?}");
        assert!(has(&found, S::InnerCode, "ForbiddenByFirewall"));
        assert!(has(&found, S::ClientAddress, "20.85.12.7"));
        assert!(has(&found, S::CallerObjectId, "6f1e1b7c-0000-4c3e-9d3e-2b9b1c6f0a11"));
        assert!(has(&found, S::VaultName, "fabrikam"));
        assert!(has(&found, S::VaultRegion, "eastus"));
        assert!(found.iter().any(|(k, _)| *k == S::NotTrustedService));
    }

    /// Names a paste states fill the commands (issue 26): a 403's `Resource:` id, an App Service
    /// reference's `VaultName=` (Microsoft's documented syntax) and the config-references API's
    /// `vaultName` property each name the vault.
    #[test]
    fn a_resource_id_and_a_reference_name_the_vault() {
        let resource = "Resource: '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourcegroups/rg-contoso/providers/microsoft.keyvault/vaults/kv-contoso/secrets/db'";
        assert!(has(&signals(resource), S::VaultName, "kv-contoso"));
        let reference =
            "Status: AccessToKeyVaultDenied\n@Microsoft.KeyVault(VaultName=kv-payments;SecretName=DbPassword)";
        assert!(has(&signals(reference), S::VaultName, "kv-payments"));
        let property = "{\"status\": \"AccessToKeyVaultDenied\", \"vaultName\": \"kv-orders\", \"secretName\": \"Db\"}";
        assert!(has(&signals(property), S::VaultName, "kv-orders"));
        // App Service's Kudu path names the app, escaped or not; a slot's `__` suffix is no part.
        assert!(has(&signals(r"at D:\\DWASFiles\\Sites\\CONTOSO-API\\Temp"), S::AppName, "CONTOSO-API"));
        assert!(has(&signals(r"D:\DWASFiles\Sites\contoso-api__6c1f\Temp"), S::AppName, "contoso-api"));
        // `VaultName=` outside a reference is not one.
        assert!(!has(&signals("Status: AccessToKeyVaultDenied\nVaultName=kv-other"), S::VaultName, "kv-other"));
    }

    #[test]
    fn the_host_resource_and_its_group_are_read() {
        // An ARM error naming the site (as `az webapp config appsettings set` prints one).
        let arm = "(AuthorizationFailed) The client 'x' does not have authorization to perform action 'Microsoft.Web/sites/config/list/action' over scope '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-web/providers/Microsoft.Web/sites/contoso-api/config/appsettings' or the scope is invalid.";
        let found = signals(arm);
        assert!(has(&found, S::AppResourceGroup, "rg-web") && has(&found, S::AppName, "contoso-api"));
        let kudu = "WEBSITE_RESOURCE_GROUP = rg-web\nWEBSITE_SITE_NAME=contoso-api\nCONTAINER_APP_NAME=orders";
        let found = signals(kudu);
        assert!(has(&found, S::AppResourceGroup, "rg-web") && has(&found, S::AppName, "contoso-api"));
        assert!(has(&found, S::ContainerAppName, "orders"));
        let aks =
            "scope '/subscriptions/0/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1'";
        assert!(has(&signals(aks), S::ClusterResourceGroup, "rg-aks") && has(&signals(aks), S::ClusterName, "aks1"));
    }

    #[test]
    fn az_cli_rbac_denial() {
        let text = "(Forbidden) Caller is not authorized to perform action on resource.\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\nCaller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=9a2c;iss=https://sts.windows.net/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nResource: '/subscriptions/x/resourcegroups/rg/providers/microsoft.keyvault/vaults/fabrikam/secrets/db'\nAssignment: (not found)\nDenyAssignmentId: null\nDecisionReason: null\nVault: fabrikam;location=westeurope\nCode: Forbidden\nMessage: Caller is not authorized to perform action on resource.\nInner error: {\n    \"code\": \"ForbiddenByRbac\"\n}";
        let found = signals(text);
        assert!(has(&found, S::HttpStatus, "403"));
        assert!(has(&found, S::RbacAction, "Microsoft.KeyVault/vaults/secrets/getSecret/action"));
        assert!(has(&found, S::RbacAssignment, "(not found)"));
        assert!(!found.iter().any(|(k, _)| *k == S::DenyAssignment));
        assert!(has(&found, S::InnerCode, "ForbiddenByRbac"));
    }

    #[test]
    fn issuer_audience_and_dns_errors() {
        let found = signals("AKV10032: Invalid issuer. Expected one of https://sts.windows.net/11111111-1111-1111-1111-111111111111/, found https://sts.windows.net/22222222-2222-2222-2222-222222222222/.");
        assert!(has(&found, S::ExpectedIssuer, "11111111-1111-1111-1111-111111111111"));
        assert!(has(&found, S::FoundIssuer, "22222222-2222-2222-2222-222222222222"));
        let found = signals(
            "AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/.",
        );
        assert!(has(&found, S::ExpectedAudience, "https://vault.azure.net"));
        assert!(has(&found, S::FoundAudience, "https://management.azure.com/"));
        let found = signals("dial tcp: lookup fabrikam.vault.azure.net on 10.0.0.10:53: no such host");
        assert!(has(&found, S::NameNotResolved, "fabrikam.vault.azure.net"));
        let found = signals("Status: 403 (Forbidden)\nErrorCode: Forbidden\nThis TCP connection does not allow access to fabrikam.vault.azure.net.");
        assert!(has(&found, S::TcpConnectionDenied, "fabrikam.vault.azure.net"));
        assert!(has(&found, S::HttpStatus, "403"));
    }
}
