//! The clues one line of an error may hold besides its catalogue message: status, codes, the
//! caller, the vault, RBAC and access-policy details, issuers and audiences, objects, URLs.
//! A table of small readers, each knowing one wording.

use super::pairs::Pairs;
use super::{after, http_status_in, tenant_of, urls, word_after, OBJECT_KINDS};
use crate::engine::azure_id;
use crate::engine::facts::{
    ActionPlane, Evidence, Facts, Located, RbacAction, ResolveStatus, SignalKind, SignalKind as S,
};
use crate::engine::input::error_catalogue;

/// Records every clue of `text` (one line, markers trimmed) with evidence `at`.
pub(super) fn read(text: &str, at: Evidence, facts: &mut Facts) {
    let lower = text.to_ascii_lowercase();
    let pairs = Pairs::of(&lower);
    let mut clues = Clues { text, lower, pairs, at, facts };
    for read in CLUES {
        read(&mut clues);
    }
}

/// One line being scanned for clues: its text, a lower-cased copy for matching, the copy's byte
/// pairs (most phrases are ruled out by them without a search), and where the clues go.
struct Clues<'a> {
    text: &'a str,
    lower: String,
    pairs: Pairs,
    at: Evidence,
    facts: &'a mut Facts,
}

impl Clues<'_> {
    fn push(&mut self, kind: SignalKind, value: &str) {
        let value = value.trim().trim_matches(['\'', '"', '.', ',', ' ']).to_string();
        if !value.is_empty() {
            self.facts.add_signal(kind, value, self.at.clone());
        }
    }

    /// An action the refusal names: its text as a signal, and typed.
    fn action(&mut self, kind: SignalKind, plane: ActionPlane, value: &str) {
        self.push(kind, value);
        let value = value.trim().trim_matches(['\'', '"', '.', ',', ' ']);
        if !value.is_empty() {
            self.facts.add_action(Located::new(RbacAction::parse(value, plane), self.at.clone()));
        }
    }

    /// The original-case text after `needle` (as [`after`] finds it).
    fn after(&self, needle: &str) -> Option<String> {
        self.find(needle).and_then(|i| self.text.get(i + needle.len()..)).map(str::to_string)
    }

    /// Where `phrase` starts in the lower-cased line: `self.lower.find(phrase)`.
    fn find(&self, phrase: &str) -> Option<usize> {
        self.pairs.find(&self.lower, phrase)
    }

    /// Whether the lower-cased line holds `phrase`.
    fn has(&self, phrase: &str) -> bool {
        self.pairs.contains(&self.lower, phrase)
    }
}

/// Every clue a line of an error may hold, read in this order (a phrase table of small readers:
/// each knows one wording).
const CLUES: [fn(&mut Clues); 23] = [
    pod_clue,
    app_clue,
    host_resource_clue,
    status_clue,
    code_clue,
    |c| {
        if let Some(addr) = c.after("client address:") {
            c.push(S::ClientAddress, &word_after(&addr));
        }
    },
    caller_clue,
    vault_clue,
    rbac_clue,
    permission_clue,
    |c| {
        if let Some(op) = c.after("operation: ") {
            c.push(S::KeyOperation, &word_after(&op));
        }
    },
    issuer_clue,
    audience_clue,
    object_name_clue,
    object_kind_clue,
    |c| {
        // `urls` looks for `https://` in the original text: absent from the lower-cased line,
        // it is absent there too.
        for url in urls(if c.has("https://") { c.text } else { "" }) {
            c.push(S::RequestUrl, &url);
        }
    },
    sign_in_code_clue,
    credential_clue,
    platform_clue,
    federation_clue,
    application_clue,
    management_clue,
    resolve_status_clue,
];

/// `AADSTS700213`: a sign-in error, wherever it stands on the line.
fn sign_in_code_clue(c: &mut Clues) {
    if !c.has("aadsts") {
        return;
    }
    let mut rest = c.lower.as_str();
    let mut codes = Vec::new();
    while let Some(tail) = rest.find("aadsts").and_then(|at| rest.get(at + "aadsts".len()..)) {
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        if (5..=8).contains(&digits.len()) && !codes.contains(&digits) {
            codes.push(digits);
        }
        rest = tail;
    }
    for digits in codes {
        c.push(S::SignInCode, &format!("AADSTS{digits}"));
    }
}

/// Every credential a chain names, as the identity libraries spell them (Go: `AzureCLICredential`).
const CREDENTIALS: [&str; 11] = [
    "EnvironmentCredential",
    "WorkloadIdentityCredential",
    "ManagedIdentityCredential",
    "SharedTokenCacheCredential",
    "VisualStudioCredential",
    "VisualStudioCodeCredential",
    "AzureCliCredential",
    "AzurePowerShellCredential",
    "AzureDeveloperCliCredential",
    "IntelliJCredential",
    "InteractiveBrowserCredential",
];

/// A credential a chain tried and why it could not give a token (`- ManagedIdentityCredential
/// authentication unavailable. …`, `AzureCLICredential: Azure CLI not found on path`). Lines
/// that merely mention one (a stack frame) say nothing of why.
fn credential_clue(c: &mut Clues) {
    const WHY: [&str; 9] = [
        "unavailable",
        "failed",
        "not found",
        "not installed",
        "timed out",
        "not fully configured",
        "incomplete",
        "please run",
        "no ",
    ];
    if !WHY.iter().any(|w| c.has(w)) || c.lower.trim_start().starts_with("at ") {
        return;
    }
    // In the order the line names them: a chain flattened onto one line names them all.
    let mut named: Vec<(usize, &str)> =
        CREDENTIALS.iter().filter_map(|name| c.lower.find(&name.to_ascii_lowercase()).map(|at| (at, *name))).collect();
    named.sort_unstable();
    for (_, name) in named {
        c.push(S::CredentialTried, name);
    }
}

/// Where the code runs, when a path, variable or frame of the paste gives it away.
fn platform_clue(c: &mut Clues) {
    const HINTS: [(&str, &[&str]); 7] = [
        (
            "Kubernetes",
            &[
                "kubelet",
                "failedmount",
                "system:serviceaccount",
                "kubernetes.io",
                "mounter.setupat",
                "serviceaccount",
                "secrets-store",
                "nodepublishsecretref",
            ],
        ),
        ("Container Apps", &["container app", "containerapp", "invalidparametervalueincontainertemplate"]),
        ("Azure Machine Learning", &["identity-responder-not-enabled", "azureml"]),
        ("Azure Databricks", &["databricks could not access", "databricks secret scope"]),
        (
            "App Service",
            &[
                "dwasfiles",
                "/home/site/wwwroot",
                "identity_endpoint=",
                "169.254.129.",
                "result: failure exception",
                "msinotenabled",
                "accesstokeyvaultdenied",
                "key vault reference",
                "configreferences",
            ],
        ),
        (
            "a CI pipeline",
            &[
                "##[error]",
                "##vso[",
                "/home/vsts/",
                "/home/runner/",
                "\\_work\\",
                "azure cli login",
                "connectedservicename",
            ],
        ),
        ("a developer machine", &["c:\\users\\", "/users/"]),
    ];
    if let Some((platform, _)) = HINTS.iter().find(|(_, hints)| hints.iter().any(|h| c.has(h))) {
        c.push(S::Platform, platform);
    }
}

/// What a federated sign-in presented: `presented assertion subject 'repo:…'` (AADSTS700211-3)
/// or `Assertion Issuer: '…'. Assertion Subject: '…'` (AADSTS70021).
fn federation_clue(c: &mut Clues) {
    // Both wordings hold "assertion ".
    if !c.has("assertion ") {
        return;
    }
    for (part, kind) in
        [("issuer", S::PresentedIssuer), ("subject", S::PresentedSubject), ("audience", S::PresentedAudience)]
    {
        let quoted =
            c.after(&format!("presented assertion {part} '")).or_else(|| c.after(&format!("assertion {part}: '")));
        if let Some(value) = quoted.as_deref().and_then(|q| q.split_once('\'')).map(|(v, _)| v.to_string()) {
            c.push(kind, &value);
        }
    }
}

/// The ARM action a management-plane refusal names: `perform action 'Microsoft.KeyVault/vaults/write'`.
fn management_clue(c: &mut Clues) {
    if let Some((value, _)) = c.after("perform action '").as_deref().and_then(|rest| rest.split_once('\'')) {
        c.action(S::ManagementAction, ActionPlane::Management, value);
    }
    if let Some((value, _)) = c.after("with object id '").as_deref().and_then(|rest| rest.split_once('\'')) {
        c.push(S::ManagementCaller, value);
    }
}

/// An App Service Key Vault reference's status, typed: `"status": "VaultNotFound"`,
/// `Status: InvalidSyntax`, or the value alone on its line (the portal's panel puts it under a
/// `Status` line). `MSINotEnabled` and `AccessToKeyVaultDenied` are catalogue messages.
fn resolve_status_clue(c: &mut Clues) {
    if c.has("reference has been successfully resolved") {
        c.push(S::ReferenceResolved, "Resolved");
    }
    let Some((status, keyed)) = reference_status(c.text) else { return };
    let kind = match status {
        // "Resolved" alone on a line could be anything's; keyed, it is the reference's.
        ResolveStatus::Resolved if keyed => S::ReferenceResolved,
        ResolveStatus::InvalidSyntax => S::ReferenceSyntaxInvalid,
        ResolveStatus::VaultNotFound => S::VaultNotFound,
        ResolveStatus::SecretNotFound | ResolveStatus::SecretVersionNotFound => S::ObjectNotFound,
        ResolveStatus::FetchTimedOut => S::ConnectTimeout,
        ResolveStatus::OtherReasons | ResolveStatus::UnauthorizedClient => S::ReferenceUnresolved,
        _ => return,
    };
    c.push(kind, &status.to_string());
    c.push(S::Platform, "App Service");
}

/// The reference status a line holds, and whether a `status` key named it. Values other than
/// the statuses, and any text beside the value, are not one.
pub(super) fn reference_status(text: &str) -> Option<(ResolveStatus, bool)> {
    let line = text.trim().trim_start_matches('>').trim();
    let lower = line.to_ascii_lowercase();
    let keyed = ["\"status\":", "status:"].iter().find_map(|key| lower.starts_with(key).then(|| line.get(key.len()..)));
    let value = keyed.flatten().unwrap_or(line);
    let value = value.trim_matches(|ch: char| ch == '"' || ch == ',' || ch.is_whitespace());
    if value.is_empty() || value.contains(char::is_whitespace) {
        return None;
    }
    match ResolveStatus::parse(value) {
        ResolveStatus::Other(_) => None,
        status => Some((status, keyed.is_some())),
    }
}

/// `Application with identifier '…' was not found in the directory '…'` (AADSTS700016).
fn application_clue(c: &mut Clues) {
    if let Some(rest) = c.after("application with identifier '") {
        if let Some((app, tail)) = rest.split_once('\'') {
            c.push(S::RequestedClientId, app);
            let lower = tail.to_ascii_lowercase();
            if let Some(tenant) =
                after(tail, &lower, "directory '").and_then(|t| t.split_once('\'').map(|(t, _)| t.to_string()))
            {
                c.push(S::RequestedTenant, &tenant);
            }
        }
    }
}

fn status_clue(c: &mut Clues) {
    // The status of a token request (IMDS' 400, the sign-in service's 401) is not the vault's.
    // Azure Resource Manager's refusals are about the vault as a resource, not its data plane.
    if super::management_plane(|m| c.has(m)) {
        return;
    }
    if super::token_endpoint(|e| c.has(e)) {
        // A managed identity endpoint's 400 names an identity the host does not have.
        let identity_endpoint = ["/msi/token", "metadata/identity"].iter().any(|e| c.has(e));
        if identity_endpoint && http_status_in(&c.lower, |key| c.find(key)) == Some(400) {
            c.push(S::ManagedIdentityNotAssigned, "HTTP 400 from the managed identity endpoint");
        }
        return;
    }
    if let Some(status) = http_status_in(&c.lower, |key| c.find(key)) {
        c.push(S::HttpStatus, &status.to_string());
    }
}

fn code_clue(c: &mut Clues) {
    for key in ["\"code\":", "code:", "errorcode:", "error code:"] {
        if let Some(rest) = c.after(key) {
            let value = word_after(&rest);
            if !value.is_empty()
                && !error_catalogue::is_inner_code(&value)
                && value.chars().next().is_some_and(char::is_alphabetic)
            {
                c.push(S::ErrorCode, &value);
            }
        }
    }
}

/// `Caller: appid=…;oid=…;iss=…`.
fn caller_clue(c: &mut Clues) {
    let caller = c.has("appid=") || c.has("caller");
    // Values are taken only on a caller's line: the others need no splitting.
    let text = if caller { c.text } else { "" };
    for token in text.split([';', '\'', ' ', ',', '"', '(', ')']) {
        for (prefix, kind) in [("appid=", S::CallerAppId), ("oid=", S::CallerObjectId), ("iss=", S::CallerIssuer)] {
            let value = token.split_at_checked(prefix.len()).filter(|(head, _)| head.eq_ignore_ascii_case(prefix));
            if let (Some((_, value)), true) = (value, caller) {
                c.push(kind, value);
            }
        }
    }
}

/// `Successfully assigned <namespace>/<pod> to <node>` (the Scheduled event of `kubectl
/// describe pod`): the pod and namespace the commands run in.
fn pod_clue(c: &mut Clues) {
    let Some(rest) = c.after("successfully assigned ") else { return };
    let Some((namespace, pod)) = word_after(&rest).split_once('/').map(|(n, p)| (n.to_string(), p.to_string())) else {
        return;
    };
    if !namespace.is_empty() && !pod.is_empty() && !pod.contains('/') {
        c.push(S::PodNamespace, &namespace);
        c.push(S::PodName, &pod);
    }
}

/// `D:\DWASFiles\Sites\<app>\…` (escaped or not): the App Service app the code runs in.
fn app_clue(c: &mut Clues) {
    let Some(at) = c.find("dwasfiles") else { return };
    let rest = c.lower.get(at + "dwasfiles".len()..).unwrap_or_default().trim_start_matches(['\\', '/']);
    let Some(rest) = rest.strip_prefix("sites") else { return };
    let skipped = c.lower.len() - rest.len();
    let original = c.text.get(skipped..).unwrap_or_default().trim_start_matches(['\\', '/']);
    let name: String = original.chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '-').collect();
    if !name.is_empty() {
        c.push(S::AppName, &name);
    }
}

/// The resource the code runs in and its resource group: a resource id on the line (an ARM
/// error, a portal or az text), Kudu's `WEBSITE_RESOURCE_GROUP` / `WEBSITE_SITE_NAME` and
/// Container Apps' `CONTAINER_APP_NAME` (`NAME=value` or Kudu's `NAME = value`).
fn host_resource_clue(c: &mut Clues) {
    // Only a line that holds one is searched (each search lower-cases what is left of it).
    let mut rest = if c.has("/subscriptions/") { c.text } else { "" };
    while let Some(at) = rest.to_ascii_lowercase().find("/subscriptions/") {
        let tail = rest.get(at..).unwrap_or_default();
        let id: String = tail.chars().take_while(|ch| !ch.is_whitespace() && !"'\",;)(]".contains(*ch)).collect();
        rest = tail.get(id.len().max(1)..).unwrap_or_default();
        if let Some((host, name, group)) = azure_id::host(&id) {
            let (name_kind, group_kind) = match host {
                azure_id::HostType::Site => (S::AppName, S::AppResourceGroup),
                azure_id::HostType::ContainerApp => (S::ContainerAppName, S::ContainerAppResourceGroup),
                azure_id::HostType::Cluster => (S::ClusterName, S::ClusterResourceGroup),
            };
            c.push(name_kind, &name);
            c.push(group_kind, &group);
        }
    }
    for (variable, kind) in [
        ("website_resource_group", S::AppResourceGroup),
        ("website_site_name", S::AppName),
        ("container_app_name", S::ContainerAppName),
    ] {
        let Some(value) = c.after(variable) else { continue };
        let value = value.trim_start();
        if let Some(value) = value.strip_prefix('=').or_else(|| value.strip_prefix(':')) {
            c.push(kind, &word_after(value.trim_start()));
        }
    }
}

/// `Vault: name;location=region`; an App Service / Functions Key Vault reference's
/// `@Microsoft.KeyVault(VaultName=name;SecretName=…)` and the config-references API's
/// `"vaultName": "name"` (documented syntax and property).
fn vault_clue(c: &mut Clues) {
    let reference = c.has("@microsoft.keyvault(").then(|| c.after("vaultname=")).flatten();
    let property = c.after("\"vaultname\":");
    if let Some(name) = reference.or(property) {
        let name = word_after(&name);
        if !name.is_empty() {
            c.push(S::VaultName, &name);
        }
    }
    if let Some(rest) = c.after("vault: ").or_else(|| c.after("on key vault '")) {
        if let Some((name, location)) = rest.split_once(";location=") {
            c.push(S::VaultName, name.trim_matches(['\'', ' ']));
            c.push(S::VaultRegion, &word_after(location));
        }
    }
}

/// `Action: 'Microsoft.KeyVault/…'`, `Assignment: (not found)`, `DenyAssignmentId: null`.
fn rbac_clue(c: &mut Clues) {
    if let Some(action) = c.after("action: ") {
        if action.contains('/') {
            c.action(S::RbacAction, ActionPlane::Data, &word_after(&action));
        }
    }
    // `Resource: '/subscriptions/…/vaults/kv-contoso/secrets/db'` names the vault the 403 is
    // about: its name fills the commands (issue 26) even when no host or `Vault:` line does.
    if let Some(resource) = c.after("resource: ") {
        if let Some(vault) = azure_id::vault(&word_after(&resource)) {
            c.push(S::VaultName, &vault);
        }
    }
    if let Some(value) = c.after("assignment: ").filter(|_| !c.has("denyassignment")) {
        c.push(S::RbacAssignment, value.trim());
    }
    if let Some(value) = c.after("denyassignmentid: ") {
        if !value.trim().eq_ignore_ascii_case("null") {
            c.push(S::DenyAssignment, value.trim());
        }
    }
}

/// `… does not have secrets get permission …`; the portal's Secrets blade: "The operation
/// 'List' is not enabled in this key vault's access policy."
fn permission_clue(c: &mut Clues) {
    if let Some(rest) = c.after("does not have ") {
        if let Some((perm, _)) = rest.split_once(" permission") {
            c.push(S::MissingPermission, &perm.to_ascii_lowercase());
        }
    }
    if c.has("is not enabled in this key vault's access policy") {
        if let Some(verb) = c.after("operation '") {
            c.push(S::MissingPermission, &word_after(&verb).to_ascii_lowercase());
        }
    }
}

/// AKV10032: `Expected one of … Found …`.
fn issuer_clue(c: &mut Clues) {
    if let Some(rest) = c.after("expected one of ") {
        if let Some((expected, found)) = rest.split_once("found ") {
            c.push(S::ExpectedIssuer, &tenant_of(expected));
            c.push(S::FoundIssuer, &tenant_of(found));
        }
    }
}

/// AKV10022: `Invalid audience. Expected …, found: …`; AADSTS500011: `The resource principal
/// named <resource> was not found in the tenant`: the token was asked for that resource.
fn audience_clue(c: &mut Clues) {
    if let Some(rest) = c.after("resource principal named ") {
        let resource = word_after(&rest);
        if resource.contains("://") {
            c.push(S::FoundAudience, &resource);
        }
    }
    if c.has("invalid audience") {
        if let Some(rest) = c.after("expected ") {
            let (expected, found) =
                rest.split_once("found:").or_else(|| rest.split_once("found ")).unwrap_or((rest.as_str(), ""));
            c.push(S::ExpectedAudience, expected.split(" or ").next().unwrap_or_default().trim_end_matches([',', ' ']));
            c.push(S::FoundAudience, &word_after(found));
        }
    }
}

/// `A secret with (name/id) db was not found`, `Deleted Secret not found: db`, `Secret db is
/// currently in a deleted but recoverable state`.
fn object_name_clue(c: &mut Clues) {
    let named = c.after("(name/id) ").or_else(|| c.after("not found: ")).or_else(|| {
        let i = c.find(" is currently ")?;
        let (before, word) = c.text.get(..i)?.trim_end().rsplit_once(' ')?;
        let kind = before.trim_end().rsplit(' ').next()?;
        let kind = OBJECT_KINDS.iter().find(|k| kind.eq_ignore_ascii_case(k))?;
        c.push(S::ObjectKind, kind);
        Some(word.to_string())
    });
    if let Some(name) = named {
        c.push(S::ObjectName, &word_after(&name));
    }
}

/// `Deleted Key not found: k1`, `Secret not found: s1`.
fn object_kind_clue(c: &mut Clues) {
    if let Some(head) = c.find(" not found: ").and_then(|at| c.lower.get(..at)) {
        if let Some(kind) = OBJECT_KINDS.iter().find(|k| head.ends_with(*k)) {
            c.push(S::ObjectKind, kind);
        }
    }
}
