//! Turns a raw paste into numbered lines, undoing what ticket systems and chat do to text.

/// One line of a paste. `number` is the physical line in the paste (1-based), so evidence
/// points at what the user sees even when one physical line held several (`<br/>`, `\r\n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    pub number: usize,
    pub text: &'a str,
}

impl Line<'_> {
    /// Whether the line was indented (continuation lines of `Aliases:` and `Addresses:`).
    pub fn indented(&self) -> bool {
        self.text.starts_with([' ', '\t'])
    }
}

/// Splits a paste into lines: CRLF and CR endings, literal `\r\n` escapes, HTML `<br>` tags,
/// and one level of e-mail quoting (`> `) when every line carries it.
pub fn lines(paste: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (i, physical) in paste.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        for part in split_escapes(physical) {
            out.push(Line { number: i + 1, text: part.trim_end() });
        }
    }
    let quoted = out.iter().filter(|l| !l.text.trim().is_empty()).all(|l| l.text.starts_with('>'));
    let has_text = out.iter().any(|l| !l.text.trim().is_empty());
    if quoted && has_text && !looks_like_nslookup_prompts(&out) {
        for line in &mut out {
            let rest = line.text.split_once('>').map_or(line.text, |(_, rest)| rest);
            line.text = rest.strip_prefix(' ').unwrap_or(rest);
        }
    }
    out
}

/// An nslookup session where every line is a prompt (`> name`, `> server x`) is not a quoted
/// e-mail: prompts never carry a `Label:`.
fn looks_like_nslookup_prompts(lines: &[Line]) -> bool {
    lines.iter().all(|l| {
        let rest = l.text.get(1..).unwrap_or("");
        l.text.trim().is_empty() || (!rest.contains(':') && rest.split_whitespace().count() <= 2)
    })
}

const BREAKS: [&str; 5] = ["\\r\\n", "<br/>", "<br />", "<br>", "<BR>"];

fn split_escapes(line: &str) -> Vec<&str> {
    // Nearly every line has neither escape: skip five splits and their allocations.
    if !line.contains(['\\', '<']) {
        return vec![line];
    }
    let mut parts = vec![line];
    for sep in BREAKS {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

/// Shortens a line for a message, keeping it on one line.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let flat: String = text.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() <= MAX {
        flat
    } else {
        let cut: String = flat.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(paste: &str) -> Vec<(usize, &str)> {
        lines(paste).iter().map(|l| (l.number, l.text)).collect()
    }

    #[test]
    fn handles_crlf_and_escapes() {
        assert_eq!(texts("a\r\nb  \r\n"), vec![(1, "a"), (2, "b"), (3, "")]);
        assert_eq!(texts("Forbidden\\r\\nCode: x<br/>y"), vec![(1, "Forbidden"), (1, "Code: x"), (1, "y")]);
    }

    #[test]
    fn removes_email_quoting_only_when_every_line_has_it() {
        assert_eq!(
            texts("> Server:  10.0.0.4\n> Address:  10.0.0.4"),
            vec![(1, "Server:  10.0.0.4"), (2, "Address:  10.0.0.4")]
        );
        let session = "> fabrikam.vault.azure.net\nServer:  UnKnown";
        assert_eq!(texts(session)[0].1, "> fabrikam.vault.azure.net");
    }

    #[test]
    fn excerpts_are_short_and_flat() {
        assert_eq!(excerpt("  a\tb "), "a b");
        assert_eq!(excerpt(&"x".repeat(200)).chars().count(), 80);
    }
}
