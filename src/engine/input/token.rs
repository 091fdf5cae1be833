//! An access token's claims: a JWT (`eyJ…`, alone, after `Bearer`, in `az account
//! get-access-token` JSON) decoded here, or the claims as jwt.ms and `jwt decode` print them.
//!
//! Only the non-secret claims that say who called are kept (`oid`, `appid`/`azp`, `tid`,
//! `idtyp`, `aud`). The token is never kept: its evidence quotes the claims, not the token's
//! text, so no report, link or note can carry it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::json::{self, Node};
use super::parser::Parser;
use super::text::Line;
use super::{Kind, Reader};
use crate::engine::facts::{EntraId, Evidence, Facts, PrincipalType, TokenClaims};

/// This reader's entry in the registry.
pub static PARSER: Parser = Parser::source(
    |source| sniff(source.text, source.head()),
    |reader, source, facts| parse(reader, source.text, source.lines(), facts),
)
.precedence(3);

/// How sure we are the paste holds a token that says who called (0–100): a JWT whose payload
/// names a caller, or a claims object (`"oid"` beside `"aud"` and `"tid"`, `"appid"` or
/// `"idtyp"`).
fn sniff(text: &str, head: &[Line]) -> u8 {
    if head.iter().any(|line| jwts(line.text).any(|payload| caller_claims(&payload))) {
        return 60;
    }
    let lower: String = text.chars().take(20_000).collect::<String>().to_ascii_lowercase();
    let claims = lower.contains("\"oid\"")
        && lower.contains("\"aud\"")
        && ["\"tid\"", "\"appid\"", "\"idtyp\"", "\"azp\""].iter().any(|k| lower.contains(k));
    if claims {
        60
    } else {
        0
    }
}

/// The decoded payload of every JWT on a line (header `eyJ…`, payload, signature).
fn jwts(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .filter(|word| word.starts_with("eyJ"))
        .filter_map(|word| {
            let mut parts = word.split('.');
            let (_header, payload) = (parts.next()?, parts.next()?);
            let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
            String::from_utf8(bytes).ok()
        })
}

/// Whether a decoded payload is a JSON object naming a caller.
fn caller_claims(payload: &str) -> bool {
    json::parse(payload).roots.iter().any(|root| root.get("oid").is_some() || root.get("appid").is_some())
}

fn parse(reader: &mut Reader, text: &str, lines: &[Line], facts: &mut Facts) -> Kind {
    let before = facts.tokens.len();
    for line in lines {
        for payload in jwts(line.text) {
            for root in json::parse(&payload).roots.iter().filter(|r| r.is_object()) {
                if let Some(claims) = claims(root, reader.input, line.number) {
                    facts.tokens.push(claims);
                    reader.use_line(line.number);
                }
            }
        }
    }
    if facts.tokens.len() == before && !text.contains("eyJ") {
        let doc = json::parse(text);
        for root in doc.roots.iter().filter(|r| r.get("oid").is_some()) {
            if let Some(claims) = claims(root, reader.input, root.get("oid").map_or(root.line, |n| n.line)) {
                facts.tokens.push(claims);
            }
        }
        if facts.tokens.len() > before {
            for span in &doc.spans {
                reader.use_lines(span.0, span.1);
            }
        }
    }
    if facts.tokens.len() > before {
        Kind::AccessToken
    } else {
        Kind::Unknown
    }
}

/// The claims that say who called, with evidence that quotes them (never the token).
fn claims(root: &Node, input: usize, line: usize) -> Option<TokenClaims> {
    let text = |key: &str| root.get(key).and_then(Node::text).map(str::trim).filter(|t| !t.is_empty());
    let id = |key: &str| text(key).and_then(EntraId::parse);
    let object_id = id("oid");
    let app_id = id("appid").or_else(|| id("azp"));
    if object_id.is_none() && app_id.is_none() {
        return None;
    }
    let tenant = id("tid");
    let principal_type = text("idtyp").map(PrincipalType::from_idtyp);
    // `aud` is a URL or an app id; anything else is not quoted.
    let audience = text("aud")
        .filter(|a| a.bytes().all(|b| b.is_ascii_alphanumeric() || b":/.-_".contains(&b)) && a.len() <= 200)
        .map(str::to_string);
    let mut quote = vec!["access token claims".to_string()];
    let mut part = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            quote.push(format!("{name}={value}"));
        }
    };
    part("oid", object_id.map(|i| i.to_string()));
    part("appid", app_id.map(|i| i.to_string()));
    part("tid", tenant.map(|i| i.to_string()));
    part("idtyp", text("idtyp").filter(|t| t.bytes().all(|b| b.is_ascii_alphabetic())).map(str::to_string));
    part("aud", audience.clone());
    let quote = quote.join(" ");
    Some(TokenClaims {
        object_id,
        app_id,
        tenant,
        principal_type,
        audience,
        at: Evidence { input, lines: vec![line], quote },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token made here for the test (header `{"alg":"none"}`), with claims of the shape
    /// Microsoft Entra issues for a managed identity (`idtyp` `app`).
    fn token(claims: &str) -> String {
        format!("eyJhbGciOiJub25lIn0.{}.c2ln", URL_SAFE_NO_PAD.encode(claims))
    }

    #[test]
    fn decodes_the_caller_and_keeps_nothing_of_the_token() {
        let jwt = token(
            r#"{"aud":"https://vault.azure.net","oid":"25cc773c-7f05-40fc-a104-32d2300754ad","appid":"4024ab25-56a8-4370-aea6-6389221caf29","tid":"b6c948ef-f6b5-4384-8354-da3a15eca969","idtyp":"app"}"#,
        );
        let paste = format!("> Authorization: Bearer {jwt}\n");
        assert_eq!(sniff(&paste, &super::super::text::lines(&paste)), 60);
        let mut facts = Facts::default();
        crate::engine::input::read(1, &paste, None, &mut facts);
        let claims = facts.tokens.first().expect("claims read");
        assert_eq!(claims.object_id, EntraId::parse("25cc773c-7f05-40fc-a104-32d2300754ad"));
        assert_eq!(claims.principal_type, Some(PrincipalType::ServicePrincipal));
        assert!(!claims.at.quote.contains("eyJ"), "{}", claims.at.quote);
        assert!(!format!("{facts:?}").contains(&jwt));
    }

    #[test]
    fn reads_claims_as_jwt_ms_prints_them() {
        let paste = "{\n  \"aud\": \"https://vault.azure.net\",\n  \"oid\": \"25cc773c-7f05-40fc-a104-32d2300754ad\",\n  \"idtyp\": \"user\"\n}";
        let mut facts = Facts::default();
        let summary = crate::engine::input::read(1, paste, None, &mut facts);
        assert_eq!(summary.kind, Kind::AccessToken);
        assert_eq!(facts.tokens.first().and_then(|c| c.principal_type.clone()), Some(PrincipalType::User));
    }
}
