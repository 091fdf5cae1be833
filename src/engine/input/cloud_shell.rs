//! Azure Cloud Shell's bash prompt (`user@Azure:~$`) above any output: the commands were run in
//! Cloud Shell, so its commands (and its own sign-in) are what apply. Not a reader of its own:
//! whatever reader took the paste, the prompt tells where it ran.

use super::text::Line;
use crate::engine::facts::{Evidence, Facts, Platform, SignalKind};

/// Whether the paste may hold the prompt at all (no line split for the rest).
pub(super) fn may_hold(paste: &str) -> bool {
    paste.contains("@Azure:") || paste.contains("@azure:")
}

/// `name@Azure:<path>$`: Cloud Shell's bash prompt (its host name is `Azure`).
fn prompt(text: &str) -> bool {
    let Some((user, rest)) = text.trim_start().split_once('@') else { return false };
    let user_shaped = !user.is_empty() && user.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    let Some(path) = rest.strip_prefix("Azure:").or_else(|| rest.strip_prefix("azure:")) else { return false };
    user_shaped && path.split_once('$').is_some_and(|(dir, _)| !dir.contains(char::is_whitespace))
}

/// Records Cloud Shell as where the paste ran, at its first prompt line.
pub(super) fn platform(input: usize, lines: &[Line], facts: &mut Facts) {
    if let Some(line) = lines.iter().find(|l| prompt(l.text)) {
        facts.add_signal(
            SignalKind::Platform,
            Platform::CloudShell.to_string(),
            Evidence::line(input, line.number, line.text),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::prompt;

    #[test]
    fn cloud_shells_prompt() {
        assert!(prompt("oh_tomtom@Azure:~$ nslookup x"));
        assert!(prompt("yumemaru@azure:~$ nslookup aks.example"));
        assert!(prompt("john@Azure:~/clouddrive$ curl -sv https://x"));
        assert!(!prompt("user@example.com: refused"));
        assert!(!prompt("admin@azure: the account"));
        assert!(!prompt("Caller: appid=x@Azure:~$"));
    }
}
