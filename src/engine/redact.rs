//! Removes secrets from pastes before they go into a link: bearer tokens and JWTs,
//! `Authorization:` values, SAS signatures, client secrets, connection-string keys.
//! Pastes are diagnosed as they are; only what leaves the browser is redacted.

use serde::Serialize;

/// What was removed, for the message shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub what: &'static str,
    /// 1-based paste number and line.
    pub paste: usize,
    pub line: usize,
}

const MARK: &str = "[removed]";

/// `key=value` and `"key": "value"` secrets, matched case-insensitively.
const SECRET_KEYS: [(&str, &str); 9] = [
    ("sig=", "a SAS signature"),
    ("accountkey=", "a storage account key"),
    ("sharedaccesskey=", "a shared access key"),
    ("password=", "a password"),
    ("client_secret=", "a client secret"),
    ("azure_client_secret=", "a client secret"),
    ("\"clientsecret\":", "a client secret"),
    ("\"client_secret\":", "a client secret"),
    ("\"password\":", "a password"),
];

/// Redacts every paste; returns the cleaned pastes and what was removed where.
pub fn redact(pastes: &[String]) -> (Vec<String>, Vec<Removed>) {
    let mut removed = Vec::new();
    let cleaned = pastes
        .iter()
        .enumerate()
        .map(|(i, paste)| {
            let lines: Vec<String> = paste
                .split('\n')
                .enumerate()
                .map(|(n, line)| {
                    redact_line(line, &mut |what| removed.push(Removed { what, paste: i + 1, line: n + 1 }))
                })
                .collect();
            lines.join("\n")
        })
        .collect();
    (cleaned, removed)
}

fn redact_line(line: &str, found: &mut dyn FnMut(&'static str)) -> String {
    let mut out = line.to_string();
    let lower = out.to_ascii_lowercase();
    if let Some(i) = lower.find("authorization:") {
        let start = i + "authorization:".len();
        // `-H 'Authorization: Bearer …' https://…`: the value ends at the header's own quote.
        let quote = out[..i].chars().next_back().filter(|c| *c == '\'' || *c == '"');
        let end = quote.and_then(|q| out[start..].find(q).map(|j| start + j)).unwrap_or(out.len());
        if !out[start..end].trim().is_empty() && !out[start..end].contains(MARK) {
            out.replace_range(start..end, &format!(" {MARK}"));
            found("an Authorization header");
            return out;
        }
    }
    out = replace_tokens(&out, found);
    for (key, what) in SECRET_KEYS {
        let mut from = 0;
        while let Some(i) = out.to_ascii_lowercase()[from..].find(key).map(|i| i + from) {
            let start = i + key.len();
            let rest = &out[start..];
            let skip = rest.len() - rest.trim_start_matches([' ', '"']).len();
            let value_start = start + skip;
            let value_len =
                out[value_start..].find(['&', ';', '"', ' ', '\'', ',', '}', '\r']).unwrap_or(out.len() - value_start);
            if value_len > 0 && &out[value_start..value_start + value_len] != MARK {
                out.replace_range(value_start..value_start + value_len, MARK);
                found(what);
            }
            from = value_start + MARK.len().min(out.len() - value_start);
        }
    }
    out
}

/// JWTs (`eyJ….eyJ….sig`) and `Bearer <token>` values.
fn replace_tokens(line: &str, found: &mut dyn FnMut(&'static str)) -> String {
    let mut out = String::with_capacity(line.len());
    let mut previous_bearer = false;
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && !"-_.".contains(c));
        let jwt = core.starts_with("eyJ") && core.matches('.').count() >= 2 && core.len() > 30;
        let token_chars = core.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~+/=".contains(c));
        let bearer_value = previous_bearer && core.len() >= 16 && token_chars;
        if jwt || bearer_value {
            out.push_str(&word.replace(core, MARK));
            found(if jwt { "a token (JWT)" } else { "a bearer token" });
        } else {
            out.push_str(word);
        }
        previous_bearer = word.eq_ignore_ascii_case("bearer");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, Vec<&'static str>) {
        let (out, removed) = redact(&[text.to_string()]);
        (out.into_iter().next().unwrap(), removed.into_iter().map(|r| r.what).collect())
    }

    #[test]
    fn each_secret_kind_is_removed() {
        let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmU";
        let (out, what) = one(&format!("> Authorization: Bearer {jwt}"));
        assert_eq!(out, "> Authorization: [removed]");
        assert_eq!(what, ["an Authorization header"]);
        let (out, _) = one(&format!("curl -H \"Authorization: Bearer {jwt}\" https://kv1.vault.azure.net/secrets/a"));
        assert_eq!(out, "curl -H \"Authorization: [removed]\" https://kv1.vault.azure.net/secrets/a");
        let (out, what) = one(&format!("token was {jwt} ok"));
        assert_eq!((out.as_str(), what), ("token was [removed] ok", vec!["a token (JWT)"]));
        let (out, _) = one("https://st.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig=AbC%2Fdef123%3D&se=2026");
        assert_eq!(out, "https://st.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig=[removed]&se=2026");
        let (out, _) = one(
            "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=aGVsbG8gd29ybGQ=;EndpointSuffix=core.windows.net",
        );
        assert!(out.contains("AccountKey=[removed];") && !out.contains("aGVsbG8"));
        let (out, _) = one(r#"{"clientId": "1", "clientSecret": "s3cr3t~value", "tenantId": "t"}"#);
        assert_eq!(out, r#"{"clientId": "1", "clientSecret": "[removed]", "tenantId": "t"}"#);
        let (out, _) = one("export AZURE_CLIENT_SECRET=abc.def~ghi");
        assert_eq!(out, "export AZURE_CLIENT_SECRET=[removed]");
        let (out, _) =
            one("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=q1w2e3r4=");
        assert!(out.ends_with("SharedAccessKey=[removed]"), "{out}");
    }

    #[test]
    fn diagnostics_are_left_alone() {
        let text = "Caller: appid=1;oid=2;iss=https://sts.windows.net/t/\nWWW-Authenticate: Bearer authorization=\"https://login.microsoftonline.com/t\", resource=\"https://vault.azure.net\"";
        let (out, what) = one(text);
        assert_eq!(out, text);
        assert!(what.is_empty());
    }
}
