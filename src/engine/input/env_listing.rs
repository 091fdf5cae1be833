//! `env` / `printenv` run where the code runs (`kubectl exec <pod> -- env`, Kudu's console,
//! Cloud Shell): `NAME=value` lines. The variables the Azure identity libraries and the
//! platforms set tell where the code runs and which credential can work there; a secret's
//! value is never kept (only that it is set), and no other variable is recorded.

use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{
    EntraId, EnvVariable, Environment, EnvironmentSource, Evidence, Facts, Located, Platform, SignalKind,
};

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::EnvListing, sniff, parse);

/// `NAME=value` (shell variable names), with what follows the `=`.
fn assignment(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.trim().split_once('=')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let shaped = (first.is_ascii_alphabetic() || first == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    shaped.then_some((name, value))
}

/// A shell prompt and the command that printed the listing (`$ env | grep AZURE`,
/// `/ # printenv`, `kubectl exec … -- env`).
fn command(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.iter().any(|w| *w == "env" || *w == "printenv")
        && (lower.starts_with(['$', '#', '/', '>']) || lower.contains("exec"))
}

/// The pod and namespace `kubectl exec [-it] <pod> [-n <namespace>] -- env` names; a shell
/// substitution (`$POD_NAME`) or a `deploy/<name>` is no pod's name.
fn exec_target(text: &str) -> (Option<&str>, Option<&str>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(exec) = words.iter().position(|w| *w == "exec") else { return (None, None) };
    let (mut pod, mut namespace) = (None, None);
    let mut rest = words.iter().skip(exec + 1).take_while(|w| **w != "--");
    while let Some(word) = rest.next() {
        if let Some(value) = word.strip_prefix("--namespace=").or_else(|| word.strip_prefix("-n=")) {
            namespace = Some(value);
        } else if *word == "-n" || *word == "--namespace" {
            namespace = rest.next().copied();
        } else if *word == "-c" || *word == "--container" {
            rest.next();
        } else if !word.starts_with('-') && pod.is_none() {
            pod = Some(*word);
        }
    }
    let plain = |w: &&str| !w.contains(['$', '/', '(', '`', '<', '{']);
    (pod.filter(plain), namespace.filter(plain))
}

pub fn sniff(lines: &[Line]) -> u8 {
    let mut assignments = 0usize;
    let mut known = 0usize;
    let mut other = 0usize;
    for line in lines.iter().take(400).filter(|l| !l.text.trim().is_empty()) {
        match assignment(line.text) {
            Some((name, _)) => {
                assignments += 1;
                known += usize::from(EnvVariable::from_name(name).is_some());
            }
            None if command(line.text) => {}
            None => other += 1,
        }
    }
    // Two variables this reader knows as `NAME=value` lines; or one, among mostly assignments.
    match known {
        0 => 0,
        1 if assignments < 2 * other => 0,
        1 => 60,
        _ => 85,
    }
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let mut environment: Option<Environment> = None;
    for line in lines {
        if command(line.text) || matches!(line.text.trim(), "$" | "#" | "/ #" | ">") {
            reader.use_line(line.number);
            let at = || Evidence::line(reader.input, line.number, line.text);
            let (pod, namespace) = exec_target(line.text);
            if let Some(pod) = pod {
                facts.add_signal(SignalKind::PodName, pod, at());
            }
            if let Some(namespace) = namespace {
                facts.add_signal(SignalKind::PodNamespace, namespace, at());
            }
            continue;
        }
        let Some((name, value)) = assignment(line.text) else { continue };
        // Every assignment is read: its name decides whether it is kept, and an unknown
        // variable's value (a password, a key) is never listed back as an ignored line.
        reader.use_line(line.number);
        if let Some(variable) = EnvVariable::from_name(name) {
            let env = environment.get_or_insert_with(|| empty(EnvironmentSource::Listing, reader.input, line));
            record(env, variable, value, reader.input, line, facts);
        }
    }
    if let Some(env) = environment {
        platform_signal(&env, facts);
        facts.environments.push(env);
    }
}

/// An environment with nothing in it yet, shown from `line` on.
pub(super) fn empty(source: EnvironmentSource, input: usize, line: &Line) -> Environment {
    let what = match source {
        EnvironmentSource::DescribePod => "kubectl describe pod",
        EnvironmentSource::Listing => "the environment's variables",
    };
    Environment {
        source,
        present: Vec::new(),
        client_id: None,
        tenant_id: None,
        webhook: None,
        token_mount: None,
        use_label: None,
        service_account: None,
        at: Evidence::line(input, line.number, &format!("{what} (from line {})", line.number)),
    }
}

/// Records one known variable and its value where that value is needed and not a secret.
pub(super) fn record(
    env: &mut Environment,
    variable: EnvVariable,
    value: &str,
    input: usize,
    line: &Line,
    facts: &mut Facts,
) {
    let value = value.trim();
    let injected = value.ends_with("(Injected by the webhook)");
    let value = value.trim_end_matches("(Injected by the webhook)").trim();
    let quote = if variable.is_secret() {
        format!("{} is set (its value is not kept)", variable.name())
    } else {
        line.text.trim().to_string()
    };
    let at = Evidence::line(input, line.number, &quote);
    if injected && env.webhook.is_none() {
        env.webhook = Some(at.clone());
    }
    let id = || EntraId::parse(value).map(|id| Located::new(id, at.clone()));
    match variable {
        EnvVariable::AzureClientId => env.client_id = env.client_id.take().or_else(id),
        EnvVariable::AzureTenantId => env.tenant_id = env.tenant_id.take().or_else(id),
        EnvVariable::WebsiteSiteName if !value.is_empty() => facts.add_signal(SignalKind::AppName, value, at.clone()),
        EnvVariable::WebsiteResourceGroup if !value.is_empty() => {
            facts.add_signal(SignalKind::AppResourceGroup, value, at.clone())
        }
        EnvVariable::ContainerAppName if !value.is_empty() => {
            facts.add_signal(SignalKind::ContainerAppName, value, at.clone())
        }
        _ => {}
    }
    // `AZUREPS_HOST_ENVIRONMENT=cloud-shell/1.0`, `AZURE_HTTP_USER_AGENT=cloud-shell/1.0`,
    // `POWERSHELL_DISTRIBUTION_CHANNEL=CloudShell`, `ACC_CLOUD=PROD`,
    // `MSI_ENDPOINT=http://localhost:50342/oauth2/token`: Cloud Shell's own values.
    let cloud_shell = match variable {
        EnvVariable::AzurepsHostEnvironment | EnvVariable::AzureHttpUserAgent => {
            value.to_ascii_lowercase().starts_with("cloud-shell")
        }
        EnvVariable::PowershellDistributionChannel => value.eq_ignore_ascii_case("CloudShell"),
        EnvVariable::MsiEndpoint => value.contains("localhost:50342"),
        EnvVariable::AccCloud => true,
        _ => false,
    };
    if cloud_shell {
        facts.add_signal(SignalKind::Platform, Platform::CloudShell.to_string(), at.clone());
    }
    // The workload identity webhook's projected token path: the code runs in an AKS pod.
    if variable == EnvVariable::AzureFederatedTokenFile && value.starts_with("/var/run/secrets/azure/tokens") {
        env.token_mount.get_or_insert_with(|| at.clone());
    }
    // An empty value (`AZURE_CLIENT_ID:` with nothing after it) is not a variable that is set.
    if !value.is_empty() && env.variable(variable).is_none() {
        env.present.push(Located::new(variable, at));
    }
}

/// The host an environment gives away, strongest first: Cloud Shell's own variables (recorded
/// as read), a container app's name, an App Service app's, then a pod's.
pub(super) fn platform_signal(env: &Environment, facts: &mut Facts) {
    let by = |variable: EnvVariable| env.variable(variable).map(|v| v.at.clone());
    let platform = by(EnvVariable::ContainerAppName)
        .map(|at| (Platform::ContainerApps, at))
        .or_else(|| by(EnvVariable::WebsiteSiteName).map(|at| (Platform::AppService, at)))
        .or_else(|| {
            let pod = (env.source == EnvironmentSource::DescribePod).then(|| env.at.clone());
            pod.or_else(|| by(EnvVariable::KubernetesServiceHost))
                .or_else(|| env.token_mount.clone())
                .map(|at| (Platform::Kubernetes, at))
        });
    if let Some((platform, at)) = platform {
        facts.add_signal(SignalKind::Platform, platform.to_string(), at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_and_commands() {
        assert_eq!(assignment("AZURE_CLIENT_ID=abc"), Some(("AZURE_CLIENT_ID", "abc")));
        assert_eq!(assignment("not a var = x"), None);
        assert_eq!(assignment("1A=b"), None);
        assert!(command("$ env | grep AZURE"));
        assert!(command("/ # env | grep -i Azure"));
        assert!(command("kubectl exec -n ns pod -- env"));
        assert!(!command("environment"));
        assert_eq!(exec_target("kubectl exec -it wlipoc-pod -n wlipoc -- sh"), (Some("wlipoc-pod"), Some("wlipoc")));
        assert_eq!(
            exec_target("kubectl exec my-nginx-3800858182-jr4a2 -- printenv"),
            (Some("my-nginx-3800858182-jr4a2"), None)
        );
        assert_eq!(exec_target("kubectl exec -n ${NAMESPACE} ${POD_NAME} -- env"), (None, None));
        assert_eq!(
            exec_target("oc exec -n keyvault-reader deploy/keyvault-reader -- env"),
            (None, Some("keyvault-reader"))
        );
    }
}
