//! `kvdoctor collect`: the bash collector run end to end inside an isolated network namespace
//! (`unshare -n -m`: a loopback device of its own, nothing beyond it), against loopback
//! stand-ins (tests/cli/collect/standin.mjs: a DNS server the namespace's resolv.conf names,
//! an HTTPS server with a test certificate for the vault's name), its bundle read back by
//! kvdoctor. No packet leaves the namespace; every address the script would contact beyond
//! it (168.63.129.16, the public resolver, the identity endpoint) is overridden to loopback.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kvdoctor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kvdoctor")).args(args).stdin(Stdio::null()).output().unwrap()
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kvdoctor-collect-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{cmd:?}: {}{}", text(&out.stdout), text(&out.stderr));
    out
}

/// A CA and a server certificate for `names` signed by it, written as `<name>-ca.pem`,
/// `<name>.pem` and `<name>.key`.
fn certificate(dir: &Path, name: &str, ca_name: &str, names: &[&str]) {
    let p = |f: &str| dir.join(f).to_string_lossy().into_owned();
    let ca_subject = format!("/O={ca_name}/CN={ca_name}");
    run(Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", &ca_subject])
        .args(["-keyout", &p(&format!("{name}-ca.key")), "-out", &p(&format!("{name}-ca.pem"))]));
    let cn = format!("/CN={}", names[0]);
    run(Command::new("openssl").args([
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        &cn,
        "-keyout",
        &p(&format!("{name}.key")),
        "-out",
        &p(&format!("{name}.csr")),
    ]));
    let san: Vec<String> = names.iter().map(|n| format!("DNS:{n}")).collect();
    std::fs::write(dir.join(format!("{name}.ext")), format!("subjectAltName={}\n", san.join(","))).unwrap();
    run(Command::new("openssl").args(["x509", "-req", "-days", "2", "-in", &p(&format!("{name}.csr"))]).args([
        "-CA",
        &p(&format!("{name}-ca.pem")),
        "-CAkey",
        &p(&format!("{name}-ca.key")),
        "-CAcreateserial",
        "-extfile",
        &p(&format!("{name}.ext")),
        "-out",
        &p(&format!("{name}.pem")),
    ]));
}

const VAULT_NAMES: &[&str] = &["contoso.vault.azure.net", "*.vault.azure.net"];
const PRIVATE: &str = r#"{"contoso.vault.azure.net":[["CNAME","contoso.privatelink.vaultcore.azure.net"]],"contoso.privatelink.vaultcore.azure.net":[["A","10.1.2.4"]]}"#;
const PUBLIC: &str = r#"{"contoso.vault.azure.net":[["CNAME","contoso.privatelink.vaultcore.azure.net"]],"contoso.privatelink.vaultcore.azure.net":[["CNAME","data-prod-eus.vaultcore.azure.net"]],"data-prod-eus.vaultcore.azure.net":[["A","52.168.109.101"]]}"#;

struct Run<'a> {
    dns: Option<&'a str>,
    /// The certificate the HTTPS stand-in presents (`good` or `proxy`), trusted: `good`'s CA.
    cert: Option<&'a str>,
    /// The internet's view, answered by the public resolver's stand-in (127.0.0.3).
    public_dns: Option<&'a str>,
    /// The PATH: these tools only, so each run says which lookup tool the script used.
    tools: &'a [&'a str],
    /// The stand-in `az` (tests/fixtures/collect/az), signed in, on the PATH too.
    az: bool,
}

/// What every run has: a Debian host without nslookup, dig or host (so lookups go through
/// getent), with curl and openssl.
const BASE: &[&str] = &[
    "bash", "getent", "timeout", "openssl", "curl", "awk", "sort", "grep", "sed", "tr", "date", "hostname", "uname",
    "head", "printenv", "cat", "dirname",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    BASE.iter().chain(extra).copied().collect()
}

/// Runs the bash collector for `contoso` inside `unshare -n -m` with the stand-ins; its bundle.
fn collect(name: &str, run_: Run) -> String {
    let dir = scratch(name);
    let script = kvdoctor(&["collect", "--shell", "bash", "--vault", "contoso"]);
    assert!(script.status.success());
    std::fs::write(dir.join("collect.sh"), &script.stdout).unwrap();
    certificate(&dir, "good", "kvdoctor test CA", VAULT_NAMES);
    certificate(&dir, "proxy", "Contoso Proxy Inspection CA", VAULT_NAMES);
    let d = dir.to_string_lossy().into_owned();
    let standin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/collect/standin.mjs");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in run_.tools {
        let found =
            ["/usr/bin", "/bin", "/usr/sbin", "/sbin"].iter().map(|d| Path::new(d).join(tool)).find(|p| p.exists());
        let found = found.unwrap_or_else(|| panic!("{tool} not found (scripts/test installs bind9-dnsutils)"));
        std::os::unix::fs::symlink(found, bin.join(tool)).unwrap();
    }
    let mut path = bin.to_string_lossy().into_owned();
    if run_.az {
        path = format!("{}:{path}", Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/collect/az").display());
    }
    let mut setup = String::from("set -e\nip link set lo up\n");
    if let Some(dns) = run_.dns {
        setup.push_str(&format!(
            "ip addr add 10.1.2.4/32 dev lo\nprintf 'nameserver 127.0.0.1\\noptions timeout:1 attempts:1\\n' > '{d}/resolv.conf'\nmount --bind '{d}/resolv.conf' /etc/resolv.conf\n"
        ));
        let https = match run_.cert {
            Some(cert) => {
                format!("STANDIN_HTTPS=10.1.2.4:443 STANDIN_CERT='{d}/{cert}.pem' STANDIN_KEY='{d}/{cert}.key' ")
            }
            None => String::new(),
        };
        std::fs::write(dir.join("dns.json"), dns).unwrap();
        std::fs::write(dir.join("public.json"), run_.public_dns.unwrap_or_default()).unwrap();
        setup.push_str(&format!(
            "STANDIN_DNS=\"$(cat '{d}/dns.json')\" STANDIN_DNS_PUBLIC=\"$(cat '{d}/public.json')\" {https}node '{}' > '{d}/standin.log' 2>&1 &\nfor i in $(seq 100); do grep -q ready '{d}/standin.log' && break; sleep 0.1; done\ngrep -q ready '{d}/standin.log'\n",
            standin.display()
        ));
    }
    setup.push_str(&format!(
        "set +e\nSSL_CERT_FILE='{d}/good-ca.pem' CURL_CA_BUNDLE='{d}/good-ca.pem' KVDOCTOR_TEST_AZURE_DNS=127.0.0.2 KVDOCTOR_TEST_PUBLIC_DNS=127.0.0.3 KVDOCTOR_TEST_IMDS=127.0.0.4:8080 KVDOCTOR_TEST_HOSTS_FILE='{d}/hosts' PATH='{path}' bash '{d}/collect.sh' > '{d}/bundle.txt' 2>'{d}/stderr.txt'\necho \"collector exit $?\"\nkill %1 2>/dev/null\nexit 0\n"
    ));
    std::fs::write(dir.join("hosts"), "127.0.0.1 localhost\n").unwrap();
    let out = Command::new("unshare").args(["-n", "-m", "bash", "-c", &setup]).output().unwrap();
    assert!(
        out.status.success(),
        "unshare -n -m (root is needed for the isolated namespace): {}{}\nstand-in: {}",
        text(&out.stdout),
        text(&out.stderr),
        std::fs::read_to_string(dir.join("standin.log")).unwrap_or_default()
    );
    let bundle = std::fs::read_to_string(dir.join("bundle.txt")).unwrap();
    let stderr = std::fs::read_to_string(dir.join("stderr.txt")).unwrap();
    assert!(stderr.is_empty(), "the collector wrote to stderr: {stderr}");
    let _ = std::fs::remove_dir_all(&dir);
    // Kept for a look (and for the page's end-to-end test, which pastes one).
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("collect");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::write(kept.join(format!("{name}.txt")), &bundle).unwrap();
    bundle
}

/// The bundle's report (JSON) from `kvdoctor`, as a paste file.
fn report(name: &str, bundle: &str) -> serde_json::Value {
    let dir = scratch(&format!("{name}-read"));
    let file = dir.join("bundle.txt");
    std::fs::write(&file, bundle).unwrap();
    let out = kvdoctor(&["--format", "json", file.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)))
}

fn status<'a>(report: &'a serde_json::Value, id: &str) -> &'a str {
    report["steps"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap()["status"].as_str().unwrap()
}

fn sections(bundle: &str) -> Vec<&str> {
    bundle
        .lines()
        .filter_map(|l| l.strip_prefix("=== kvdoctor step "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect()
}

const EVERY_STEP: &[&str] = &[
    "dns-system",
    "dns-azure",
    "dns-public",
    "dns-privatelink",
    "hosts-file",
    "proxy",
    "tcp-443",
    "tls",
    "healthstatus",
    "managed-identity",
    "az-network",
    "az-connections",
    "az-zone",
    "az-roles",
];

fn complete(bundle: &str) {
    assert!(bundle.starts_with("=== kvdoctor collect v1 host="), "{bundle}");
    let mut steps = sections(bundle);
    // A step may print parts of its own (az-zone's links and records), each under its marker.
    steps.dedup();
    assert_eq!(steps, EVERY_STEP, "{bundle}");
    assert!(bundle.trim_end().ends_with("=== kvdoctor end ==="), "{bundle}");
}

#[test]
fn healthy_private_endpoint() {
    let bundle =
        collect("healthy", Run { dns: Some(PRIVATE), cert: Some("good"), public_dns: None, tools: BASE, az: false });
    complete(&bundle);
    let mut getent = bundle.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
    assert!(
        getent.any(|l| l == "10.1.2.4 contoso.privatelink.vaultcore.azure.net contoso.vault.azure.net"),
        "{bundle}"
    );
    assert!(bundle.contains("kvdoctor: tcp 10.1.2.4 port 443: connected"), "{bundle}");
    assert!(bundle.contains("Verify return code: 0 (ok)"), "{bundle}");
    assert!(bundle.contains("< HTTP/1.1 401 Unauthorized"), "{bundle}");
    assert!(bundle.contains("< x-ms-keyvault-network-info: conn_type=PrivateLink"), "{bundle}");
    // The 401's body is never printed, nor the identity endpoint's.
    assert!(!bundle.contains("AKV10000"), "{bundle}");
    assert!(bundle.contains("kvdoctor: identity endpoint answered: 000"), "{bundle}");
    let report = report("healthy", &bundle);
    assert_eq!(report["inputs"][0]["kind"], "kvdoctor-bundle");
    assert_eq!(report["vault"]["name"], "contoso");
    assert_eq!(status(&report, "dns-resolves"), "pass", "{report:#}");
    assert_eq!(status(&report, "dns-private-address"), "pass", "{report:#}");
    assert_eq!(status(&report, "net-reachable"), "pass", "{report:#}");
}

#[test]
fn a_resolver_that_answers_publicly() {
    let bundle =
        collect("public", Run { dns: Some(PUBLIC), cert: Some("good"), public_dns: None, tools: BASE, az: false });
    complete(&bundle);
    assert!(bundle.contains("52.168.109.101"), "{bundle}");
    let report = report("public", &bundle);
    assert_eq!(status(&report, "dns-private-address"), "fail", "{report:#}");
}

#[test]
fn an_intercepting_certificate() {
    let bundle =
        collect("intercept", Run { dns: Some(PRIVATE), cert: Some("proxy"), public_dns: None, tools: BASE, az: false });
    complete(&bundle);
    assert!(bundle.contains("Contoso Proxy Inspection CA"), "{bundle}");
    let report = report("intercept", &bundle);
    let step = report["steps"].as_array().unwrap().iter().find(|s| s["id"] == "net-reachable").unwrap();
    assert_eq!(step["status"], "fail", "{report:#}");
    assert!(step["evidence"].to_string().contains("Verify return code"), "{step:#}");
}

/// No stand-in: every step fails at once, the bundle is still whole and reads back.
#[test]
fn an_isolated_namespace_fails_every_step_and_the_bundle_is_complete() {
    let bundle = collect("isolated", Run { dns: None, cert: None, public_dns: None, tools: BASE, az: false });
    complete(&bundle);
    let report = report("isolated", &bundle);
    assert_eq!(report["inputs"][0]["kind"], "kvdoctor-bundle");
    assert_eq!(report["vault"]["name"], "contoso");
}

/// A slim container: no nslookup, dig, host or curl. getent, bash's /dev/tcp and openssl
/// still give the lookup, the TCP test, the certificate and the 401; the bundle says what
/// was missing.
#[test]
fn a_slim_host_uses_what_it_has() {
    let tools = [
        "bash", "getent", "timeout", "openssl", "awk", "sort", "grep", "sed", "tr", "date", "hostname", "uname",
        "head", "printenv", "cat",
    ];
    let bundle =
        collect("slim", Run { dns: Some(PRIVATE), cert: Some("good"), public_dns: None, tools: &tools, az: false });
    complete(&bundle);
    assert!(bundle.contains("curl=missing"), "{bundle}");
    assert!(bundle.contains("kvdoctor: tcp 10.1.2.4 port 443: connected"), "{bundle}");
    assert!(bundle.contains("HTTP/1.1 401 Unauthorized"), "{bundle}");
    let report = report("slim", &bundle);
    assert_eq!(status(&report, "dns-private-address"), "pass", "{report:#}");
    assert_eq!(status(&report, "net-reachable"), "pass", "{report:#}");
}

/// The PowerShell collector's bundle from a Windows VM (tests/fixtures/collect: Windows
/// nslookup output from public sources, the collector's own lines): every viewpoint read, the
/// public resolver's answer kept apart from the VM's own, the 401 challenge not taken for the
/// code's failure.
#[test]
fn a_powershell_bundle_reads_back_with_its_viewpoints() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/collect/powershell-windows-vm.txt");
    let out = kvdoctor(&["--format", "json", file.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["inputs"][0]["kind"], "kvdoctor-bundle", "{report:#}");
    assert_eq!(report["vault"]["name"], "fabrikam");
    for (id, expected) in [("dns-resolves", "pass"), ("dns-private-address", "pass"), ("net-reachable", "pass")] {
        assert_eq!(status(&report, id), expected, "{id}: {report:#}");
    }
    // The 401 answered the collector's own request without a token: no failing step says so.
    assert!(!report["verdict"].to_string().contains("401"), "{report:#}");
    let notes = report["inputs"][0]["notes"].to_string();
    assert!(notes.contains("401 challenge"), "{notes}");
    assert!(notes.contains("managed identity endpoint answered 200"), "{notes}");
}

/// nslookup asks each resolver itself: the system resolver and Azure DNS give the private
/// address, the public resolver the public one; the reader keeps the three viewpoints apart.
#[test]
fn nslookup_asks_each_resolver() {
    let tools = with(&["nslookup"]);
    let bundle = collect(
        "nslookup",
        Run { dns: Some(PRIVATE), cert: Some("good"), public_dns: Some(PUBLIC), tools: &tools, az: false },
    );
    complete(&bundle);
    assert!(bundle.contains("nslookup=yes dig=missing"), "{bundle}");
    assert!(bundle.contains("$ nslookup contoso.vault.azure.net\n"), "{bundle}");
    assert!(bundle.contains("$ nslookup contoso.vault.azure.net 127.0.0.2\n"), "{bundle}");
    assert!(bundle.contains("$ nslookup contoso.vault.azure.net 127.0.0.3\n"), "{bundle}");
    let azure = section(&bundle, "dns-azure");
    assert!(azure.contains("Address: 10.1.2.4"), "{azure}");
    let public = section(&bundle, "dns-public");
    assert!(public.contains("Address: 52.168.109.101") && !public.contains("10.1.2.4"), "{public}");
    let report = report("nslookup", &bundle);
    assert_eq!(status(&report, "dns-private-address"), "pass", "{report:#}");
    let kinds = report["inputs"].to_string();
    assert!(kinds.contains("kvdoctor-bundle"), "{kinds}");
}

/// dig where there is no nslookup: the same three resolvers, dig's answer sections.
#[test]
fn dig_where_there_is_no_nslookup() {
    let tools = with(&["dig"]);
    let bundle = collect(
        "dig",
        Run { dns: Some(PRIVATE), cert: Some("good"), public_dns: Some(PUBLIC), tools: &tools, az: false },
    );
    complete(&bundle);
    assert!(bundle.contains("nslookup=missing dig=yes"), "{bundle}");
    assert!(bundle.contains("$ dig +time=3 +tries=1 contoso.vault.azure.net\n"), "{bundle}");
    let system = section(&bundle, "dns-system");
    assert!(system.contains(";; ANSWER SECTION:") && system.contains("10.1.2.4"), "{system}");
    let public = section(&bundle, "dns-public");
    assert!(public.contains("52.168.109.101") && public.contains("SERVER: 127.0.0.3#53"), "{public}");
    let report = report("dig", &bundle);
    assert_eq!(status(&report, "dns-private-address"), "pass", "{report:#}");
}

/// With az signed in (a stand-in printing recorded az output), the az steps run the shared
/// commands, and the reader files each answer under its step.
#[test]
fn signed_in_az_steps() {
    let bundle = collect("az", Run { dns: Some(PRIVATE), cert: Some("good"), public_dns: None, tools: BASE, az: true });
    complete(&bundle);
    assert!(bundle.contains("az=yes") && !bundle.contains("az is not installed or not signed in"), "{bundle}");
    assert!(section(&bundle, "az-network").contains("\"pna\": \"Disabled\""), "{bundle}");
    assert!(section(&bundle, "az-connections").contains("\"status\": \"Approved\""), "{bundle}");
    assert!(bundle.contains("=== kvdoctor step az-zone view=azure part=links"), "{bundle}");
    assert!(bundle.contains("\"virtualNetworkLinkState\": \"Completed\""), "{bundle}");
    assert!(bundle.contains("\"ipv4Address\": \"10.1.2.4\""), "{bundle}");
    assert!(bundle.contains("\"roleDefinitionName\": \"Key Vault Secrets User\""), "{bundle}");
    assert!(!bundle.contains("stand-in az has no answer"), "{bundle}");
    // Each az section is read by the reader of its command and decides its check, citing its
    // own lines: read alone (the header and that section), since in the whole bundle the
    // healthy private path already decides these checks from the lookups.
    let header = bundle.lines().next().unwrap();
    for (marker, id, quoted) in [
        ("az-network view=azure host", "net-trusted-services", "\"bypass\": \"AzureServices\""),
        ("az-connections view=azure host", "pe-connection-approved", "\"status\": \"Approved\""),
        ("az-zone view=azure host", "zone-name", "\"name\": \"privatelink.vaultcore.azure.net\""),
        ("az-zone view=azure part=links", "zone-vnet-link", "\"virtualNetworkLinkState\": \"Completed\""),
        ("az-zone view=azure part=records", "zone-a-record", "\"name\": \"contoso\""),
        ("az-roles view=azure part=assignments", "authz-rbac", "Key Vault Secrets User"),
    ] {
        let start = bundle.find(&format!("=== kvdoctor step {marker}")).unwrap_or_else(|| panic!("{marker}: {bundle}"));
        let rest = &bundle[start..];
        let end = rest[3..].find("\n=== kvdoctor").map_or(rest.len(), |e| e + 4);
        let alone = format!("{header}\n\n{}\n=== kvdoctor end ===\n", &rest[..end]);
        let report = report(&format!("az-{id}"), &alone);
        let step = report["steps"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap();
        assert_eq!(step["status"], "pass", "{marker}: {step:#}\n{alone}");
        assert!(step["evidence"].to_string().contains(&quoted.replace('"', "\\\"")), "{marker}: {step:#}");
    }
}

/// The text of the first section `id` (to the next marker).
fn section<'a>(bundle: &'a str, id: &str) -> &'a str {
    let start = bundle.find(&format!("=== kvdoctor step {id} ")).unwrap_or_else(|| panic!("no {id}: {bundle}"));
    let rest = &bundle[start + 3..];
    &rest[..rest.find("\n=== kvdoctor").unwrap_or(rest.len())]
}

/// The served script (static/collect.sh), fed to bash as `curl … | bash -s -- ARGS` feeds it,
/// inside `unshare -n` (nothing to reach, so every step fails at once); its stdout, stderr and
/// exit status.
fn served(script: &str, args: &[&str]) -> (String, String, i32) {
    let dir = scratch(&format!("served-{}", args.join("-").replace(['/', ':', ';', '$', '(', ')'], "_")));
    std::fs::write(dir.join("collect.sh"), script).unwrap();
    let piped = format!(
        "bash -s -- {} < '{}/collect.sh'",
        args.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" "),
        dir.display()
    );
    let out = Command::new("unshare").args(["-n", "bash", "-c", &piped]).stdin(Stdio::null()).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (text(&out.stdout), text(&out.stderr), out.status.code().unwrap_or(-1))
}

fn served_script() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("static/collect.sh")).unwrap()
}

/// The generic script types the vault it is given as kvdoctor does: anything else gets the
/// usage on stderr, exit status 2, and nothing runs.
#[test]
fn the_served_script_refuses_what_is_not_a_vault() {
    let script = served_script();
    for args in [
        &[][..],
        &[""],
        &["contoso;id"],
        &["$(id)"],
        &["ab"],
        &["a--b"],
        &["kv-"],
        &["1kv"],
        &["contoso.vault.azure.net.evil.example"],
        &["http://contoso.vault.azure.net/"],
        &["contosö"],
    ] {
        let (out, err, code) = served(&script, args);
        assert_eq!((out.as_str(), code), ("", 2), "{args:?}: {err}");
        assert!(err.contains("usage: bash collect.sh VAULT"), "{args:?}: {err}");
    }
    let (out, err, code) = served(&script, &[]);
    assert!(err.contains("no vault name was given"), "{out}{err}{code}");
}

/// A name, a URI and another cloud's host name all become the vault they name; the bundle is
/// whole and reads back. Piped as `curl | bash -s --` pipes it.
#[test]
fn the_served_script_takes_the_vault_as_its_argument() {
    let script = served_script();
    let (out, err, code) = served(&script, &["HTTPS://Contoso.Vault.Azure.NET/secrets/x"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    complete(&out);
    assert!(out.lines().next().unwrap().contains(" vault=contoso.vault.azure.net shell=bash "), "{out}");
    let report = report("served", &out);
    assert_eq!(report["vault"]["name"], "contoso");
    let (out, _, code) = served(&script, &["fabrikam.vault.azure.cn"]);
    assert_eq!(code, 0);
    complete(&out);
    assert!(section(&out, "dns-privatelink").contains(" fabrikam.privatelink.vaultcore.azure.cn\n"), "{out}");
    assert!(out.contains(" vault=fabrikam.vault.azure.cn "), "{out}");
    let (out, _, code) = served(&script, &["hsm-1.privatelink.managedhsm.azure.net"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" vault=hsm-1.managedhsm.azure.net "), "{out}");
}

/// A download cut short runs nothing: bash reads `kv_main` whole before running any of it.
#[test]
fn a_script_cut_short_runs_nothing() {
    let script = served_script();
    let cut = &script[..script.len() / 2];
    let (out, _, code) = served(cut, &["contoso"]);
    assert_eq!(out, "", "a half script printed something");
    assert_ne!(code, 0);
}
