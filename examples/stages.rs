//! The engine's time by stage, run by hand (issue 24): not a test and never a timed assertion.
//!
//!     cargo run --release --example stages                 # the four bench inputs
//!     cargo run --release --example stages -- FILE...      # each FILE as one paste
//!     RUNS=9 cargo run --release --example stages
//!
//! With no FILE it builds the inputs `e2e/bench.mjs` and `e2e/scaling.mjs` use: the typical case
//! (the bench's pastes, joined into one as it pastes them), 1 MB of error lines (client addresses and callers), a 20 MB JSON
//! record-set list (the CLI-vs-jq row) and the 5 MB paste (the same list after its `az`
//! command), plus a 5 MB mixed paste (the typical case's pastes repeated). Each stage's median
//! over RUNS runs (default 5) is printed: recognise (every parser's sniff), read (recognise
//! and every reader, per paste), case (facts merged, the case built), checks (every check and
//! the weighing: `diagnose_reads_on` less the case), redact (the report cleaned) and render
//! (the cleaned report as JSON, and as text).

use std::hint::black_box;
use std::time::{Duration, Instant};

use kvdoctor::engine::{self, checks, facts::Facts, input, redact, render};

fn main() {
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let files: Vec<String> = std::env::args().skip(1).collect();
    let cases: Vec<(String, Vec<String>)> = if files.is_empty() {
        bench_inputs()
    } else {
        files.iter().map(|f| (f.clone(), vec![std::fs::read_to_string(f).expect("a readable UTF-8 file")])).collect()
    };
    println!("median of {runs} runs, microseconds");
    println!(
        "{:<34}{:>9}{:>11}{:>11}{:>9}{:>9}{:>9}{:>9}{:>9}{:>10}",
        "input", "KB", "recognise", "read", "case", "checks", "redact", "json", "text", "total"
    );
    for (name, pastes) in &cases {
        let kb = pastes.iter().map(String::len).sum::<usize>() / 1024;
        let mut stages: [Vec<Duration>; 8] = Default::default();
        for _ in 0..runs {
            let t = Instant::now();
            for p in pastes {
                black_box(input::registry::recognise(&input::Source::new(p)));
            }
            stages[0].push(t.elapsed());
            let t = Instant::now();
            let reads: Vec<engine::PasteRead> =
                pastes.iter().enumerate().filter_map(|(i, p)| engine::read_paste(i + 1, p, None)).collect();
            stages[1].push(t.elapsed());
            let refs: Vec<&engine::PasteRead> = reads.iter().collect();
            let t = Instant::now();
            let facts = Facts::merged(refs.iter().map(|r| &r.facts));
            black_box(checks::Case::with_host(&facts, None, None));
            let case = t.elapsed();
            stages[2].push(case);
            let t = Instant::now();
            let report = engine::diagnose_reads_on(&refs, None, None);
            stages[3].push(t.elapsed().saturating_sub(case));
            let t = Instant::now();
            let (clean, _removed) = redact::report(&report);
            stages[4].push(t.elapsed());
            let t = Instant::now();
            black_box(render::json_redacted(&clean));
            stages[5].push(t.elapsed());
            let t = Instant::now();
            black_box(render::text(&report));
            stages[6].push(t.elapsed());
            stages[7].push(stages.iter().take(7).skip(1).map(|s| s.last().copied().unwrap_or_default()).sum());
        }
        let us: Vec<String> = stages.iter_mut().map(|s| format!("{}", median(s).as_micros())).collect();
        println!(
            "{:<34}{:>9}{:>11}{:>11}{:>9}{:>9}{:>9}{:>9}{:>9}{:>10}",
            name, kb, us[0], us[1], us[2], us[3], us[4], us[5], us[6], us[7]
        );
    }
    println!("(total: read + case + checks + redact + json + text; recognise is inside read)");
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ip(i: usize) -> String {
    format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
}

/// `e2e/bench.mjs`'s record: one record set of the JSON list.
fn record(i: usize) -> String {
    format!(
        "  {{\n    \"aRecords\": [ {{ \"ipv4Address\": \"{}\" }} ],\n    \"fqdn\": \"kv{i}.privatelink.vaultcore.azure.net.\",\n    \"id\": \"/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/kv{i}\",\n    \"name\": \"kv{i}\",\n    \"ttl\": 10,\n    \"type\": \"Microsoft.Network/privateDnsZones/A\"\n  }}",
        ip(i)
    )
}

/// `[` records `]` of at least `bytes`, after `head`, as the bench builds them.
fn record_list(head: &str, bytes: usize) -> String {
    let mut out = format!("{head}[\n");
    let mut i = 0;
    while out.len() < bytes {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&record(i));
        i += 1;
    }
    out + "\n]\n"
}

fn bench_inputs() -> Vec<(String, Vec<String>)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = format!("{root}/static/examples/cases/tcp-wrong-dns-address");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("the typical case's folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut typical: Vec<String> = names.iter().map(|p| std::fs::read_to_string(p).expect("a paste")).collect();
    for extra in ["tests/fixtures/inputs/curl-clean.txt", "tests/fixtures/inputs/error-clean.txt"] {
        typical.push(std::fs::read_to_string(format!("{root}/{extra}")).expect("a paste"));
    }
    let mut errors = String::new();
    for i in 0.. {
        if errors.len() >= 1 << 20 {
            break;
        }
        errors.push_str(&format!("Client address: 52.1.{}.{}\nCaller: appid={i};oid=2\n", (i >> 8) & 255, i & 255));
    }
    let joined = typical.join("\n\n");
    let mixed = format!("{joined}\n\n").repeat((5 << 20) / joined.len().max(1) + 1);
    vec![
        // The bench pastes them as one text, joined by blank lines.
        (format!("typical case ({} texts, one paste)", typical.len()), vec![joined]),
        ("1 MB error lines".to_string(), vec![errors]),
        ("20 MB JSON record-set list".to_string(), vec![record_list("", 20 << 20)]),
        (
            "5 MB paste (az command + list)".to_string(),
            vec![record_list(
                "$ az network private-dns record-set a list -g rg-dns -z privatelink.vaultcore.azure.net\n",
                5 << 20,
            )],
        ),
        ("5 MB mixed paste (typical, repeated)".to_string(), vec![mixed]),
    ]
}
