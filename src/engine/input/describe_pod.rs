//! `kubectl describe pod` output: the pod's name, namespace, labels and service account, each
//! container's `Environment:` and `Mounts:`, and its `Volumes:`. They tell that the code runs in
//! an AKS pod and whether the workload identity webhook injected `AZURE_FEDERATED_TOKEN_FILE`
//! and the projected token (`(Injected by the webhook)`, `/var/run/secrets/azure/tokens`).
//! A secret's value in `Environment:` is never kept, only that it is set.

use super::env_listing::{empty, platform_signal, record};
use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{EnvVariable, EnvironmentSource, Evidence, Facts, Located, SignalKind};

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::lines(Kind::DescribePod, sniff, parse);

/// Fields only `kubectl describe pod` prints, as a line starts (trimmed).
const MARKERS: &[&str] = &[
    "Containers:",
    "Environment:",
    "Mounts:",
    "Volumes:",
    "Service Account:",
    "QoS Class:",
    "Node-Selectors:",
    "Tolerations:",
    "Container ID:",
    "Image ID:",
    "Restart Count:",
    "Priority Class Name:",
    "TokenExpirationSeconds:",
];

/// The projected token's mount path the workload identity webhook adds.
const TOKEN_PATH: &str = "/var/run/secrets/azure/tokens";
/// The label that asks the webhook to inject workload identity.
const USE_LABEL: &str = "azure.workload.identity/use=";

fn indent(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// `NAME:  value` of an `Environment:` section, the name a shell variable's.
fn variable(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.trim().split_once(':')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let shaped = (first.is_ascii_alphabetic() || first == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    (shaped && (name.contains('_') || name.chars().all(|c| !c.is_ascii_lowercase()))).then_some((name, value))
}

pub fn sniff(lines: &[Line]) -> u8 {
    let mut seen: Vec<&str> = Vec::new();
    let mut known = 0u32;
    for line in lines.iter().take(400) {
        let text = line.text.trim();
        if let Some(marker) = MARKERS.iter().find(|m| text.starts_with(**m)) {
            if !seen.contains(marker) {
                seen.push(marker);
            }
        }
        known += u32::from(variable(text).is_some_and(|(name, _)| EnvVariable::from_name(name).is_some()));
    }
    if !seen.contains(&"Environment:") && seen.len() < 3 {
        return 0;
    }
    ((seen.len() as u32 + known) * 20).min(100) as u8
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Labels,
    Environment(usize),
    Mounts(usize),
    Volumes,
    /// `Conditions:` and its table (`Type  Status`, `Ready  True`).
    Conditions,
}

pub fn parse(reader: &mut Reader, lines: &[Line], facts: &mut Facts) {
    let input = reader.input;
    let Some(first) = lines.iter().find(|l| !l.text.trim().is_empty()) else { return };
    let mut env = empty(EnvironmentSource::DescribePod, input, first);
    // The listing's evidence is its first line until a container's `Environment:` is seen.
    reader.use_line(first.number);
    let mut heading_seen = false;
    let mut section = Section::None;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let depth = indent(line.text);
        let at = || Evidence::line(input, line.number, text);
        // A section ends at a line indented no deeper than its heading.
        section = match section {
            Section::Environment(d) | Section::Mounts(d) if depth <= d => Section::None,
            Section::Labels if depth == 0 => Section::None,
            Section::Volumes | Section::Conditions if depth == 0 => Section::None,
            s => s,
        };
        let mut used = true;
        if let Some(rest) = text.strip_prefix("Environment:") {
            section = if rest.trim().is_empty() { Section::Environment(depth) } else { Section::None };
            if !heading_seen {
                heading_seen = true;
                env.at = Evidence::line(input, line.number, &format!("{text} (the container's variables)"));
            }
        } else if text.starts_with("Mounts:") {
            section = Section::Mounts(depth);
        } else if text.starts_with("Conditions:") && depth == 0 {
            section = Section::Conditions;
        } else if text.starts_with("Volumes:") && depth == 0 {
            section = Section::Volumes;
        } else if let Some(rest) = text.strip_prefix("Labels:").filter(|_| depth == 0) {
            section = Section::Labels;
            label(&mut env, rest, input, line);
        } else if let Some(name) = text.strip_prefix("Service Account:").filter(|_| depth == 0) {
            let name = name.trim();
            if !name.is_empty() {
                env.service_account = Some(Located::new(name.to_string(), at()));
            }
        } else if let Some(name) = text.strip_prefix("Name:").filter(|_| depth == 0) {
            facts.add_signal(SignalKind::PodName, name.trim(), at());
        } else if let Some(namespace) = text.strip_prefix("Namespace:").filter(|_| depth == 0) {
            facts.add_signal(SignalKind::PodNamespace, namespace.trim(), at());
        } else {
            match section {
                Section::Environment(_) => match variable(text) {
                    Some((name, value)) => {
                        if let Some(known) = EnvVariable::from_name(name) {
                            record(&mut env, known, value, input, line, facts);
                        }
                    }
                    None => used = false,
                },
                Section::Labels => label(&mut env, text, input, line),
                Section::Mounts(_) | Section::Volumes => {
                    // Only the projected token's mount and volume are read; other mounts and
                    // volumes are the pod's own and stay out of a link.
                    let token = text.starts_with(TOKEN_PATH) || text.starts_with("azure-identity-token:");
                    if token && env.token_mount.is_none() {
                        env.token_mount = Some(at());
                    }
                    used = token;
                }
                Section::Conditions | Section::None => used = false,
            }
        }
        if used {
            reader.use_line(line.number);
        }
    }
    platform_signal(&env, facts);
    facts.environments.push(env);
}

/// One label (`azure.workload.identity/use=true`) of the `Labels:` list.
fn label(env: &mut crate::engine::facts::Environment, text: &str, input: usize, line: &Line) {
    if let Some(value) = text.trim().strip_prefix(USE_LABEL) {
        let on = value.trim().trim_matches('"').eq_ignore_ascii_case("true");
        env.use_label = Some(Located::new(on, Evidence::line(input, line.number, text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_lines() {
        assert_eq!(
            variable("AZURE_CLIENT_ID:             abc (Injected by the webhook)").map(|v| v.0),
            Some("AZURE_CLIENT_ID")
        );
        assert_eq!(variable("Image:  x"), None);
        assert_eq!(variable("Restart Count:  0"), None);
    }
}
