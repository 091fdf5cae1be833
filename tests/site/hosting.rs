//! Every host gets the same response headers, from one source (`hosting/headers.json`):
//! `static/_headers` (Netlify, Cloudflare Pages, and `scripts/serve.mjs` on loopback),
//! `static/staticwebapp.config.json` (Azure Static Web Apps) and the meta CSP of `index.html`
//! (hosts without header control, such as GitHub Pages). This test writes them with
//! `UPDATE_HOSTING=1 cargo test --test site hosting` and otherwise checks them byte for byte.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Map, Value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn source() -> Value {
    let text = std::fs::read_to_string(format!("{ROOT}/hosting/headers.json")).unwrap();
    serde_json::from_str(&text).expect("hosting/headers.json is JSON")
}

fn security(source: &Value) -> Vec<(String, String)> {
    let map = source["security"].as_object().expect("a security object");
    map.iter().map(|(k, v)| (k.clone(), v.as_str().expect("header values are strings").to_string())).collect()
}

/// `(path, content type)` for each file whose type the hosts do not know.
fn types(source: &Value) -> Vec<(&str, &str)> {
    let map = source["types"].as_object().expect("a types object");
    map.iter().filter(|(k, _)| k.starts_with('/')).map(|(k, v)| (k.as_str(), v.as_str().expect("a type"))).collect()
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().expect("a list").iter().map(|v| v.as_str().expect("a string")).collect()
}

/// Netlify and Cloudflare Pages: security headers on every path; hashed files cached for a
/// year, the page and its loader revalidated (one rule per header and path, so no host has two
/// values to merge).
fn netlify_headers(source: &Value) -> String {
    let cache = &source["cache"];
    let mut out = String::from(
        "# Generated from hosting/headers.json by tests/site/hosting.rs: edit that file, then run\n# UPDATE_HOSTING=1 cargo test --test site hosting. Read by Netlify, Cloudflare Pages and scripts/serve.mjs.\n/*\n",
    );
    for (name, value) in security(source) {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    for prefix in strings(&cache["hashed"]) {
        out.push_str(&format!("{prefix}*\n  Cache-Control: {}\n", cache["immutable"].as_str().unwrap()));
    }
    for path in strings(&cache["revalidated"]) {
        out.push_str(&format!("{path}\n  Cache-Control: {}\n", cache["revalidate"].as_str().unwrap()));
    }
    out.push_str(&format!("/\n  Cache-Control: {}\n", cache["revalidate"].as_str().unwrap()));
    for (path, kind) in types(source) {
        out.push_str(&format!("{path}\n  Content-Type: {kind}\n"));
    }
    out
}

/// Azure Static Web Apps: global headers, first-match routes for caching, the wasm MIME type,
/// and no navigation fallback (a missing .wasm must be a 404, never index.html).
fn static_web_app(source: &Value) -> String {
    let cache = &source["cache"];
    let mut global: Map<String, Value> = security(source).into_iter().map(|(k, v)| (k, Value::String(v))).collect();
    global.insert("Cache-Control".into(), cache["revalidate"].clone());
    let mut routes: Vec<Value> = strings(&cache["revalidated"])
        .into_iter()
        .map(|path| json!({ "route": path, "headers": { "Cache-Control": cache["revalidate"] } }))
        .collect();
    routes.extend(
        strings(&cache["hashed"])
            .into_iter()
            .map(|prefix| json!({ "route": format!("{prefix}*"), "headers": { "Cache-Control": cache["immutable"] } })),
    );
    let mut mime =
        json!({ ".wasm": "application/wasm", ".json": "application/json", ".txt": "text/plain; charset=utf-8" });
    for (path, kind) in types(source) {
        let ext = path.rfind('.').map_or(path, |at| &path[at..]);
        mime[ext] = Value::String(kind.to_string());
    }
    let config = json!({
        "routes": routes,
        "globalHeaders": global,
        "mimeTypes": mime,
    });
    serde_json::to_string_pretty(&config).unwrap() + "\n"
}

/// The CSP as a meta element can carry: `frame-ancestors` is ignored there (and logged as an
/// error by browsers), so it is left out.
fn meta_csp(source: &Value) -> String {
    let csp = security(source).into_iter().find(|(k, _)| k == "Content-Security-Policy").expect("a CSP").1;
    let kept: Vec<&str> = csp.split(';').map(str::trim).filter(|d| !d.starts_with("frame-ancestors")).collect();
    format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", kept.join("; "))
}

fn check(path: &str, want: &str) {
    let full = format!("{ROOT}/{path}");
    if std::env::var_os("UPDATE_HOSTING").is_some() {
        std::fs::write(&full, want).unwrap();
    }
    let have = std::fs::read_to_string(&full).unwrap_or_default();
    assert_eq!(
        have, want,
        "{path} differs from hosting/headers.json: run UPDATE_HOSTING=1 cargo test --test site hosting"
    );
}

#[test]
fn every_host_configuration_comes_from_the_one_source() {
    let source = source();
    check("static/_headers", &netlify_headers(&source));
    check("static/staticwebapp.config.json", &static_web_app(&source));
    let index = std::fs::read_to_string(format!("{ROOT}/index.html")).unwrap();
    let start = index.find("<meta http-equiv=\"Content-Security-Policy\"").expect("index.html has a meta CSP");
    let end = start + index[start..].find('>').unwrap() + 1;
    check("index.html", &format!("{}{}{}", &index[..start], meta_csp(&source), &index[end..]));
}

#[test]
fn the_policy_allows_nothing_but_the_pages_own_files() {
    let csp = security(&source()).into_iter().find(|(k, _)| k == "Content-Security-Policy").unwrap().1;
    // The one outside origin: the public DNS resolver the user may ask (issue 13), fetch only.
    const RESOLVER: &str = "connect-src 'self' https://cloudflare-dns.com";
    for directive in csp.split(';').map(str::trim).filter(|d| *d != RESOLVER) {
        assert!(
            !directive.contains("http") && !directive.contains('*') && !directive.contains("unsafe-inline"),
            "{directive}"
        );
    }
    assert!(csp.contains("default-src 'none'") && csp.split(';').any(|d| d.trim() == RESOLVER), "{csp}");
}
