//! `kvdoctor --public-dns` against a loopback stand-in for the resolver: what it sends, the
//! paste it adds, and how it fails (no paste, a clear message, the report still printed).
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;

/// Serves one request with `status` and `body`; sends back the request head it received.
fn stand_in(status: &str, body: &'static str) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/dns-query", listener.local_addr().unwrap());
    let status = status.to_string();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else { return };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let mut stream = stream;
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/dns-json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(response.as_bytes());
        let _ = tx.send(head);
    });
    (url, rx)
}

fn kvdoctor(args: &[&str], doh: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kvdoctor"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR")).stdin(Stdio::null());
    if let Some(url) = doh {
        command.env("KVDOCTOR_TEST_DOH_URL", url);
    }
    command.output().unwrap()
}

const CHAIN: &str = r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,"Question":[{"name":"contoso.vault.azure.net","type":1}],"Answer":[{"name":"contoso.vault.azure.net","type":5,"TTL":60,"data":"contoso.privatelink.vaultcore.azure.net."},{"name":"contoso.privatelink.vaultcore.azure.net","type":5,"TTL":60,"data":"data-prod-eus.vaultcore.azure.net."},{"name":"data-prod-eus.vaultcore.azure.net","type":1,"TTL":10,"data":"52.168.109.101"}]}"#;
const NXDOMAIN: &str = r#"{"Status":3,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,"Question":[{"name":"contoso.vault.azure.net","type":1}]}"#;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn step<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["steps"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap()
}

#[test]
fn sends_the_name_only_and_adds_the_answer_as_a_paste() {
    let (url, head) = stand_in("200 OK", CHAIN);
    let out = kvdoctor(&["--public-dns", "--vault", "contoso", "-f", "json"], Some(&url));
    let head = head.recv().unwrap();
    assert!(head.starts_with("GET /dns-query?name=contoso.vault.azure.net&type=A HTTP/1.1\r\n"), "{head}");
    assert!(head.to_ascii_lowercase().contains("accept: application/dns-json"), "{head}");
    let report = json(&out);
    assert_eq!(report["inputs"][0]["kind"], "public-dns");
    assert_eq!(step(&report, "dns-privatelink-alias")["status"], "pass");
    assert_eq!(step(&report, "pe-connection-approved")["status"], "pass");
    assert_ne!(step(&report, "dns-private-address")["status"], "fail", "the public answer is public by design");
}

#[test]
fn public_nxdomain_fails_the_name_check() {
    let (url, _head) = stand_in("200 OK", NXDOMAIN);
    let out = kvdoctor(&["--public-dns", "--vault", "contoso", "-f", "json"], Some(&url));
    let report = json(&out);
    let resolves = step(&report, "dns-resolves");
    assert_eq!(resolves["status"], "fail");
    assert!(resolves["title"].as_str().unwrap().contains("does not exist in public DNS"), "{resolves}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_vault_named_in_a_paste_is_asked_about() {
    let (url, head) = stand_in("200 OK", CHAIN);
    let out =
        kvdoctor(&["--public-dns", "-f", "json", "tests/fixtures/nslookup/windows-public-via-alias.txt"], Some(&url));
    assert!(head.recv().unwrap().contains("name=fabrikam.vault.azure.net"), "the vault the nslookup paste names");
    let report = json(&out);
    assert_eq!(report["inputs"][1]["kind"], "public-dns");
}

#[test]
fn failures_add_no_paste_and_say_why() {
    let (url, _head) = stand_in("503 Service Unavailable", "busy");
    let out = kvdoctor(&["--public-dns", "--vault", "contoso", "-f", "json"], Some(&url));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("answered HTTP 503"), "{stderr}");
    assert!(json(&out)["inputs"].as_array().unwrap().is_empty());
    let (url, _head) = stand_in("200 OK", "<html>Sign in to the hotel Wi-Fi</html>");
    let portal = kvdoctor(&["--public-dns", "--vault", "contoso", "-f", "json"], Some(&url));
    assert!(String::from_utf8_lossy(&portal.stderr).contains("not a DNS answer"));
    assert!(json(&portal)["inputs"].as_array().unwrap().is_empty(), "a captive portal's page is no paste");
    // Nothing listens there: offline.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let out = kvdoctor(&["--public-dns", "--vault", "contoso"], Some(&format!("http://{closed}/dns-query")));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not ask"), "{}", String::from_utf8_lossy(&out.stderr));
    // A paste that names no vault (a blank one has nothing to diagnose: exit 2 before this).
    let no_name = kvdoctor(&["--public-dns", "tests/fixtures/inputs/az-dns-zone-clean.txt"], None);
    assert!(String::from_utf8_lossy(&no_name.stderr).contains("no vault name to ask about"));
    // Not a stand-in URL (https): refused. Its host is a loopback trap, so a regression stays on
    // this machine; example.com and other hosts are the parser's unit tests.
    let (trap, port) = trap();
    let elsewhere =
        kvdoctor(&["--public-dns", "--vault", "contoso"], Some(&format!("https://127.0.0.1:{port}/dns-query")));
    assert!(String::from_utf8_lossy(&elsewhere.stderr).contains("must be a loopback"));
    assert!(!connected(&trap));
}

/// A resolver's answer is outside text: escapes in it reach stderr as `?`, raw or JSON-escaped.
#[test]
fn an_answer_is_shown_inert_in_messages() {
    for body in [
        "{\"Status\":\"\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}x\"}",
        r#"{"Status":"\u001b]0;owned\u0007\u001b[2J\u202ex"}"#,
    ] {
        let (url, _head) = stand_in("200 OK", body);
        let out = kvdoctor(&["--public-dns", "--vault", "contoso", "-f", "json"], Some(&url));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let shown = "not a DNS answer (\"Status\" should be a DNS response code (0 to 255), not ???x)";
        assert!(stderr.contains(shown) && !stderr.contains('\u{1b}'), "{stderr:?}");
    }
}

/// A loopback port nobody should connect to; `None` from [`connected`] proves nobody did.
fn trap() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

/// Whether anyone connected to `trap` (the kernel queues the connection even after the client
/// has exited).
fn connected(trap: &TcpListener) -> bool {
    match trap.accept() {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => false,
        Err(e) => panic!("{e}"),
    }
}

/// `http://127.0.0.1:1@HOST/` starts like a loopback URL and is a request to HOST (with
/// `127.0.0.1:1` as Basic credentials); HOST here is a loopback trap, so a regression stays on
/// this machine. The parser's other tricks are unit tests (src/cli/public_dns.rs): run here,
/// a regression would ask a DNS server about their hosts.
#[test]
fn a_url_with_a_user_is_no_stand_in() {
    let (trap, port) = trap();
    for url in [format!("http://127.0.0.1:1@127.0.0.1:{port}/dns-query"), format!("http://[::1]:1@127.0.0.1:{port}/")] {
        let out = kvdoctor(&["--public-dns", "--vault", "contoso", "-f", "json"], Some(&url));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("must be a loopback address"), "{url}: {stderr}");
        assert!(!connected(&trap), "{url} reached the host after '@'");
        assert!(json(&out)["inputs"].as_array().unwrap().is_empty(), "the report is still printed");
    }
}

/// ureq takes a proxy from the environment and does not exempt loopback: the stand-in is asked
/// directly, never through a proxy (a real one would carry the vault's name off the machine).
#[test]
fn the_stand_in_is_asked_without_a_proxy() {
    let (url, head) = stand_in("200 OK", CHAIN);
    let (proxy, port) = trap();
    let proxy_url = format!("http://127.0.0.1:{port}");
    let mut command = Command::new(env!("CARGO_BIN_EXE_kvdoctor"));
    command.args(["--public-dns", "--vault", "contoso", "-f", "json"]).stdin(Stdio::null());
    command.env("KVDOCTOR_TEST_DOH_URL", &url).env_remove("NO_PROXY").env_remove("no_proxy");
    for variable in ["ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] {
        command.env(variable, &proxy_url);
    }
    let out = command.output().unwrap();
    assert!(!connected(&proxy), "the stand-in was asked through the proxy");
    assert!(head.recv().unwrap().contains("name=contoso.vault.azure.net"));
    assert_eq!(json(&out)["inputs"][0]["kind"], "public-dns");
}

/// `--public-dns --vault` has its paste to diagnose even when the ones given are blank.
#[test]
fn blank_pastes_beside_a_public_answer_are_no_error() {
    let (url, _head) = stand_in("200 OK", CHAIN);
    let out = kvdoctor(&["--public-dns", "--vault", "contoso", "-f", "json", "-"], Some(&url));
    assert_eq!(json(&out)["inputs"][0]["kind"], "public-dns");
    let no_answer = kvdoctor(&["--public-dns", "-"], None);
    assert_eq!(no_answer.status.code(), Some(2), "no vault named: the blank paste is all there is");
    assert!(String::from_utf8_lossy(&no_answer.stderr).contains("nothing to diagnose: standard input was empty"));
}
