//! The `kvdoctor` binary: formats, stdin, files, exit codes, --explain and --list-checks.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kvdoctor(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kvdoctor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // An unusable invocation ends without reading: the pipe is closed then, nothing is wrong.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe);
    }
    child.wait_with_output().unwrap()
}

const PUBLIC: &str = "tests/fixtures/nslookup/windows-public-via-alias.txt";
const HEALTHY: &str = "tests/fixtures/nslookup/linux-private-healthy.txt";

#[test]
fn exit_status_follows_the_diagnosis() {
    assert_eq!(kvdoctor(&[PUBLIC], "").status.code(), Some(1));
    assert_eq!(kvdoctor(&[HEALTHY], "").status.code(), Some(0));
}

#[test]
fn json_on_stdin_matches_the_library() {
    let text = std::fs::read_to_string(PUBLIC).unwrap();
    let out = kvdoctor(&["--format", "json"], &text);
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected = kvdoctor::engine::render::json(&kvdoctor::engine::diagnose_texts(&[&text]));
    assert_eq!(printed, serde_json::from_str::<serde_json::Value>(&expected).unwrap());
    assert_eq!(printed["verdict"]["primary"], "dns-private-address");
}

#[test]
fn several_files_are_several_pastes() {
    let out = kvdoctor(&["-f", "json", HEALTHY, "-"], "garbage");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["inputs"][1]["index"], 2);
    assert_eq!(json["inputs"][1]["kind"], "unknown");
}

#[test]
fn markdown_format() {
    let out = kvdoctor(&["--format=markdown", PUBLIC], "");
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("## Key Vault access diagnosis"));
}

#[test]
fn html_format_is_the_pages_report_in_a_page_without_script() {
    let text = std::fs::read_to_string(PUBLIC).unwrap();
    let out = kvdoctor(&["--format", "html", "-"], &text);
    assert_eq!(out.status.code(), Some(1), "the exit status still follows the diagnosis");
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(!page.contains("<script"));
    let (report, _) = kvdoctor::engine::redact::report(&kvdoctor::engine::diagnose_texts(&[&text]));
    assert!(page.contains(&kvdoctor::engine::render::html::body(&report)));
    assert!(page.contains("data-primary=\"dns-private-address\""));
}

#[test]
fn unusable_invocations_exit_2_with_a_message() {
    let missing = kvdoctor(&["no/such/file.txt"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read no/such/file.txt"));
    let bad_format = kvdoctor(&["--format", "xml"], "");
    assert_eq!(bad_format.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_format.stderr).contains("unknown format"));
    assert_eq!(kvdoctor(&["--bogus"], "").status.code(), Some(2));
}

#[test]
fn binary_files_are_read_without_crashing() {
    let out = kvdoctor(&["-f", "json", "-"], "\u{0}\u{1}\u{2}\u{3}\u{7f}ELF");
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["inputs"][0]["kind"], "unknown");
}

#[test]
fn a_link_round_trips_through_the_cli() {
    let out = kvdoctor(&["--link", "--base", "https://kvdoctor.example/", PUBLIC], "");
    assert_eq!(out.status.code(), Some(0));
    let url = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(url.starts_with("https://kvdoctor.example/#v3.") && url.len() < 2_000, "{url}");
    let from_link = kvdoctor(&["--from-link", &url, "--format", "json"], "");
    let direct = kvdoctor(&["--format", "json", PUBLIC], "");
    assert_eq!(from_link.stdout, direct.stdout);
    assert_eq!(from_link.status.code(), Some(1));
}

#[test]
fn links_report_removed_secrets_and_bad_links_exit_2() {
    let out = kvdoctor(
        &["--link", "--whole", "-"],
        "curl -H 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789' https://kv1.vault.azure.net/",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed an Authorization header (paste 1, line 1)"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("abcdefghijklmnop"));
    let bad = kvdoctor(&["--from-link", "http://127.0.0.1:8080/#v1.AAAA"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("damaged"));
}

/// Runs kvdoctor with standard output going to `stdout`; returns (exit code, stderr).
fn with_stdout(args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kvdoctor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `kvdoctor --help | true`: the reader is gone before anything is written.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [&["--help"][..], &["--version"], &[PUBLIC], &["--format", "json", HEALTHY], &["--link", HEALTHY]] {
        let (code, stderr) = with_stdout(args, closed_pipe());
        assert_eq!(code, Some(141), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_full_disk_is_reported() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux: nothing to prove here
    };
    for args in [&[PUBLIC][..], &["--link", HEALTHY], &["--help"]] {
        let (code, stderr) = with_stdout(args, Stdio::from(full.try_clone().unwrap()));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write the output"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn version_names_the_build() {
    let out = kvdoctor(&["--version"], "");
    let text = String::from_utf8(out.stdout).unwrap();
    let version = text.trim().strip_prefix("kvdoctor ").expect("kvdoctor <version>");
    assert_eq!(version, kvdoctor::engine::VERSION);
    assert!(version.starts_with(env!("CARGO_PKG_VERSION")), "{version}");
    // Built from a git checkout (as the tests always are here): the short commit follows.
    if std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.git")).exists() {
        let commit = version.split_once('+').map(|(_, c)| c).expect("a commit");
        assert!(commit.len() == 7 && commit.chars().all(|c| c.is_ascii_hexdigit()), "{version}");
    }
}

#[test]
fn explain_prints_a_checks_docs() {
    let out = kvdoctor(&["--explain", "dns-private-address"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let check = kvdoctor::engine::checks::ALL.iter().find(|c| c.id == "dns-private-address").unwrap();
    assert!(text.starts_with("# dns-private-address: The name resolves to a private address\n\nStep 3 of 38, in the order a request travels.\n"), "{text}");
    for heading in ["What it checks", "Why it matters", "Fix"] {
        assert!(text.contains(&format!("\n## {heading}\n\n{}\n", check.section(heading))), "{heading}: {text}");
    }
    assert!(text.contains("conditional forwarder"), "{text}");
    // Every check explains itself, whatever the case of the id typed.
    for (n, check) in kvdoctor::engine::checks::ALL.iter().enumerate() {
        let out = kvdoctor(&["--explain", &check.id.to_uppercase()], "");
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", check.id);
        assert!(text.starts_with(&format!("# {}: {}\n\nStep {} of", check.id, check.title, n + 1)), "{text}");
    }
}

#[test]
fn explain_of_an_unknown_id_names_the_near_ones_and_exits_2() {
    let out = kvdoctor(&["--explain", "dns-privat"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "kvdoctor: no check is called 'dns-privat'. Did you mean dns-private-address, dns-privatelink-alias,"
        ),
        "{stderr}"
    );
    let typo = String::from_utf8(kvdoctor(&["--explain", "net-firewal"], "").stderr).unwrap();
    assert!(typo.contains("Did you mean net-firewall?"), "{typo}");
    let nothing = kvdoctor(&["--explain", "zzz"], "");
    assert_eq!(nothing.status.code(), Some(2));
    let stderr = String::from_utf8(nothing.stderr).unwrap();
    assert!(!stderr.contains("Did you mean") && stderr.contains("'kvdoctor --list-checks' lists all 38"), "{stderr}");
    assert_eq!(kvdoctor(&["--explain"], "").status.code(), Some(2));
}

#[test]
fn list_checks_names_every_check_in_order() {
    let out = kvdoctor(&["--list-checks"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), kvdoctor::engine::checks::ALL.len());
    for (n, (line, check)) in lines.iter().zip(kvdoctor::engine::checks::ALL).enumerate() {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first().copied(), Some((n + 1).to_string().as_str()), "{line}");
        assert_eq!(words.get(1).copied(), Some(check.id), "{line}");
        assert!(line.ends_with(&format!("  {}", check.title)), "{line}");
    }
    let help = String::from_utf8(kvdoctor(&["--help"], "").stdout).unwrap();
    assert!(help.contains("--explain ID") && help.contains("--list-checks"), "{help}");
}

#[test]
fn a_link_from_another_version_says_so_on_stderr() {
    let old = std::fs::read_to_string("tests/fixtures/links/pe-pending.v1.url").unwrap();
    let out = kvdoctor(&["--from-link", old.trim()], "");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let version = kvdoctor::engine::VERSION;
    assert_eq!(
        stderr,
        format!("kvdoctor: This link was made by an earlier kvdoctor, which did not record its version; diagnosed with today's rules (kvdoctor {version}).\n")
    );
    assert!(String::from_utf8(out.stdout).unwrap().ends_with(&format!("Diagnosed by kvdoctor {version}.\n")));
    // A link made now records this version: nothing to say.
    let link = kvdoctor(&["--link", PUBLIC], "");
    let url = String::from_utf8(link.stdout).unwrap();
    let fresh = kvdoctor(&["--from-link", url.trim()], "");
    assert_eq!(String::from_utf8(fresh.stderr).unwrap(), "");
}

/// Fails when `output` holds anything a terminal would act on: C0 controls but line feed and
/// tab, DEL, C1 controls, bidi overrides.
fn assert_inert(what: &str, output: &[u8]) {
    let text = String::from_utf8_lossy(output);
    let live = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    assert!(!text.chars().any(live), "{what}: {text:?}");
}

/// Outside text a terminal would act on: an OSC (title), a CSI (colour), a bidi override.
const HOSTILE: &str = "\u{1b}]0;owned\u{7}\u{1b}[31mx\u{202e}";

#[test]
fn outside_text_in_messages_is_shown_as_question_marks() {
    let missing = kvdoctor(&[&format!("no/such/{HOSTILE}.txt")], "");
    assert_eq!(missing.status.code(), Some(2));
    assert_inert("missing file", &missing.stderr);
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.starts_with("kvdoctor: cannot read no/such/??x?.txt: "), "{stderr}");
    let option = kvdoctor(&[&format!("--{HOSTILE}")], "");
    assert_eq!(option.status.code(), Some(2));
    assert_inert("unknown option", &option.stderr);
    assert!(String::from_utf8_lossy(&option.stderr).starts_with("kvdoctor: invalid option '--??x?'\n\nUsage:"));
    let explain = kvdoctor(&["--explain", HOSTILE], "");
    assert_inert("--explain", &explain.stderr);
    assert!(String::from_utf8_lossy(&explain.stderr).starts_with("kvdoctor: no check is called '??x?'."));
    let link = kvdoctor(&["--from-link", &format!("https://x.example/#vault={HOSTILE}")], "");
    assert_inert("--from-link", &link.stderr);
}

#[test]
fn a_link_with_a_hostile_base_is_inert() {
    let out = kvdoctor(&["--link", "--base", &format!("https://kvdoctor.example/{HOSTILE}"), HEALTHY], "");
    assert_eq!(out.status.code(), Some(0));
    assert_inert("link", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("https://kvdoctor.example/??x?#v3."));
}

/// Runs kvdoctor through `sh` with standard output redirected by `redirect` (`>&-`); returns
/// (exit code, stderr).
fn with_shell_stdout(args: &[&str], redirect: &str) -> (Option<i32>, String) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirect}"))
        .arg(env!("CARGO_BIN_EXE_kvdoctor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `kvdoctor … >&-`: the Rust runtime fills the closed descriptor with /dev/null, so the writes
/// succeed and vanish; every way of writing says so and exits 2. `>/dev/null` is a choice to
/// discard, and keeps its status.
#[test]
fn a_closed_output_is_reported() {
    if !std::path::Path::new("/proc/self/fdinfo").exists() {
        return; // not Linux: closed outputs are not detected there (README)
    }
    let every_way: [&[&str]; 7] = [
        &[PUBLIC],
        &["--format", "json", HEALTHY],
        &["--link", HEALTHY],
        &["--list-checks"],
        &["--explain", "net-firewall"],
        &["--help"],
        &["--version"],
    ];
    for args in every_way {
        let (code, stderr) = with_shell_stdout(args, ">&-");
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write the output: standard output is closed"), "{args:?}: {stderr}");
    }
    assert_eq!(with_shell_stdout(&[PUBLIC], ">/dev/null"), (Some(1), String::new()));
    assert_eq!(with_shell_stdout(&["--help"], ">/dev/null"), (Some(0), String::new()));
    // A daemon's standard descriptors: one read-write /dev/null for all three.
    let (code, _) = with_shell_stdout(&[HEALTHY], "<>/dev/null >&0 2>&0");
    assert_eq!(code, Some(0));
}

/// A paste that names no vault: only `--vault` says which one the case is about.
const NO_VAULT: &str = "Error code: ForbiddenByConnection";

#[test]
fn a_link_carries_the_vault_given_with_vault() {
    for vault in ["contoso", "contoso.vault.usgovcloudapi.net"] {
        let link = kvdoctor(&["--link", "--vault", vault, "-"], NO_VAULT);
        assert_eq!(link.status.code(), Some(0), "{}", String::from_utf8_lossy(&link.stderr));
        let url = String::from_utf8(link.stdout).unwrap();
        let from_link = kvdoctor(&["--from-link", url.trim(), "-f", "json"], "");
        let direct = kvdoctor(&["--vault", vault, "-f", "json", "-"], NO_VAULT);
        assert_eq!(from_link.stdout, direct.stdout, "{vault}");
        let report: serde_json::Value = serde_json::from_slice(&from_link.stdout).unwrap();
        assert_eq!(report["vault"]["name"], "contoso", "{vault}");
    }
}

#[test]
fn an_invalid_vault_exits_2_saying_why_in_every_mode() {
    let from_link = String::from_utf8(kvdoctor(&["--link", PUBLIC], "").stdout).unwrap();
    for bad in ["bad name!", "a.b.vault.azure.net", "kv", "", "-contoso"] {
        let modes: [&[&str]; 4] =
            [&[PUBLIC], &["--link", PUBLIC], &["--from-link", from_link.trim()], &["-f", "json", "-"]];
        for mode in modes {
            let out = kvdoctor(&[&["--vault", bad][..], mode].concat(), NO_VAULT);
            assert_eq!(out.status.code(), Some(2), "{bad:?} {mode:?}");
            assert!(out.stdout.is_empty(), "{bad:?} {mode:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr
                    .starts_with(&format!("kvdoctor: --vault: \"{bad}\" is not a valid Key Vault name (3–24 letters")),
                "{stderr}"
            );
        }
    }
    // --public-dns too, before anything is asked (the stand-in URL is a closed loopback port).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kvdoctor"))
        .args(["--public-dns", "--vault", "bad name!"])
        .env("KVDOCTOR_TEST_DOH_URL", format!("http://{closed}/dns-query"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a valid Key Vault name"));
}

/// The most kvdoctor reads, all pastes together (src/cli.rs `MAX_INPUT`, README).
const MAX_INPUT: u64 = 128 << 20;

/// A file of `len` bytes that takes no disk (sparse), removed when dropped.
struct Sparse(std::path::PathBuf);

impl Sparse {
    fn new(name: &str, len: u64) -> Sparse {
        let path = std::env::temp_dir().join(format!("kvdoctor-cli-{}-{name}", std::process::id()));
        std::fs::File::create(&path).unwrap().set_len(len).unwrap();
        Sparse(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Sparse {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn input_over_128_mb_exits_2_with_a_message() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kvdoctor"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Blank lines: were the limit gone, this would end at once as "nothing to diagnose" rather
    // than after minutes of diagnosis, and the message check would fail.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'\n'; 1 << 20];
        let mut left = MAX_INPUT + 1;
        while left > 0 {
            let n = usize::try_from(left.min(1 << 20)).unwrap();
            if stdin.write_all(&chunk[..n]).is_err() {
                return; // read enough and gone: what this test wants
            }
            left -= n as u64;
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "kvdoctor: standard input is over 128 MB: kvdoctor reads at most 128 MB in all (diagnosing can take 20 times that in memory)\n"
    );
    // A file that size is refused from its size, before it is read.
    let big = Sparse::new("big", MAX_INPUT + 1);
    let out = kvdoctor(&["--link", big.path()], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&format!("kvdoctor: {} is over 128 MB: kvdoctor reads", big.path())), "{stderr}");
    // The limit is for all pastes together.
    let half = Sparse::new("half", MAX_INPUT / 2 + 1);
    let out = kvdoctor(&["-f", "json", half.path(), half.path()], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&format!("kvdoctor: {} takes the pastes over 128 MB", half.path())), "{stderr}");
}

#[test]
fn empty_input_says_so_and_exits_2() {
    for (args, stdin) in [(&[][..], ""), (&["-f", "json"][..], " \n\t\r\n"), (&["--link"][..], "")] {
        let out = kvdoctor(args, stdin);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), "kvdoctor: nothing to diagnose: standard input was empty\n");
    }
    let empty = Sparse::new("empty", 0);
    let out = kvdoctor(&[empty.path(), "-"], "\n");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("kvdoctor: nothing to diagnose: every paste was empty ({}, standard input)\n", empty.path())
    );
    // One paste with text is enough; the blank one keeps its number.
    let out = kvdoctor(&["-f", "json", empty.path(), HEALTHY], "");
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["inputs"][0]["index"], 2);
}

/// `--host`: the commands are that host's, a link carries it, an unknown host ends the run.
#[test]
fn host_choice_picks_the_commands_and_travels_in_links() {
    let chain = "Exception: ClientAuthenticationError: DefaultAzureCredential failed to retrieve a token from the included credentials.";
    let aks = kvdoctor(&["--host", "aks", "-"], chain);
    let text = String::from_utf8(aks.stdout).unwrap();
    assert!(text.contains("$ kubectl describe pod <pod-name> --namespace <namespace>"), "{text}");
    assert!(!text.contains("az vm identity assign"), "{text}");
    let link = kvdoctor(&["--link", "--host", "aks", "--base", "https://kvdoctor.example/", "-"], chain);
    let url = String::from_utf8(link.stdout).unwrap().trim().to_string();
    let opened = kvdoctor(&["--from-link", &url], "");
    assert_eq!(String::from_utf8(opened.stdout).unwrap(), text);
    let bad = kvdoctor(&["--host", "mainframe", "-"], chain);
    assert_eq!(bad.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("--host: \"mainframe\" is not a host kvdoctor knows; use one of app-service, aks"), "{said}");
}

/// A secret planted in a pod's `env` listing is not printed, in any format.
#[test]
fn a_planted_secret_in_an_env_listing_is_not_printed() {
    let env = "$ kubectl exec app-7d9c -- env\nKUBERNETES_SERVICE_HOST=10.0.0.1\nAZURE_CLIENT_ID=4024ab25-56a8-4370-aea6-6389221caf29\nAZURE_CLIENT_SECRET=Qx8Q~plantedSecretValue.kvd0ctor\nDB_PASSWORD=hunter2planted\n";
    for format in ["text", "markdown", "ticket", "json"] {
        let out = kvdoctor(&["--format", format], env);
        let printed = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(printed.contains("workload identity"), "{format}: {printed}");
        for secret in ["plantedSecretValue", "hunter2planted"] {
            assert!(!printed.contains(secret), "{format}: {secret} in {printed}");
        }
    }
}
