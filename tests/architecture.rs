//! The crate's layers: imports only point down, no module circle, and the page's shell talks
//! to the engine through the seam. The graph is read from the source (`architecture/imports.rs`);
//! `cargo test --test architecture -- --ignored --nocapture print_graph` prints it.
#![cfg(not(target_arch = "wasm32"))]

mod architecture {
    pub mod imports;
}

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use architecture::imports::{file_imports, imports, module_files, Import, Module};

/// The layers, lowest first. A module may import its own layer and the ones below, never one
/// above. Names are the engine's top modules (`input` is `src/engine/input/`), `ui`, `cli` and
/// `bin`; the engine's root (`src/engine/mod.rs`) is two things: `paste` (the `Paste` and the
/// `VERSION` every stage names) and `diagnose` (the pipeline: read the pastes, run the checks).
const LAYERS: &[&[&str]] = &[
    // What every stage names: a paste and its kind, vault names and clouds, addresses, names
    // checked for commands, Azure resource ids, sizes.
    &["paste", "kind", "vault", "net", "names", "azure_id", "size"],
    // What the readers find, each value with its evidence.
    &["facts"],
    // The answer's types: steps, statuses, the verdict, what each paste was read as.
    &["report"],
    // Secret removal from text and from a report (the readers clean lines they quote).
    &["redact"],
    // Recognising and reading pastes.
    &["input"],
    // The case and the checks; what fails, as the pastes show it.
    &["checks", "symptoms"],
    // The pipeline: pastes → report.
    &["diagnose"],
    // What is done with a report: rendering, links, the public-DNS question, the page's copy.
    &["render", "share", "public_dns", "page_text", "collector"],
    // The seam between the page's shell and the engine worker.
    &["protocol"],
    // The faces.
    &["ui", "cli", "bin"],
];

/// Items of the engine's root that belong to the `paste` layer; every other is `diagnose`.
const ROOT_VOCABULARY: &[&str] = &["Paste", "VERSION"];

/// The seam between the page's shell and the engine worker: requests and answers.
const SEAM: &str = "engine::protocol";

/// What `src/ui` may import from the engine: the seam only (it also re-exports the few types,
/// constants and pure helpers the page takes from the engine). The report reaches the shell as
/// the engine's HTML, so the shell has no use for the report's types (issue 24).
const UI_MAY_IMPORT: &[&str] = &[SEAM];

/// Whether the shell may import `module` (a module path or `engine::Item` for the root's items).
fn ui_may_import(module: &str) -> bool {
    let within = |allowed: &str| module == allowed || module.starts_with(&format!("{allowed}::"));
    UI_MAY_IMPORT.iter().any(|a| within(a))
}

fn all() -> Vec<Import> {
    imports(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// The layer a module (and, for the engine's root, the item named) belongs to.
fn unit(module: &Module, item: Option<&str>) -> Option<String> {
    match module.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => None,
        ["engine"] if item.is_some_and(|i| ROOT_VOCABULARY.contains(&i)) => Some("paste".into()),
        ["engine"] => Some("diagnose".into()),
        ["engine", top, ..] => Some(top.to_string()),
        [face, ..] => Some(face.to_string()),
    }
}

fn rank(unit: &str) -> usize {
    LAYERS.iter().position(|l| l.contains(&unit)).unwrap_or_else(|| panic!("`{unit}` is in no layer of LAYERS"))
}

#[test]
fn no_layer_imports_a_higher_one() {
    let up = upward(&all());
    assert!(up.is_empty(), "imports that point up the layers (LAYERS, lowest first):\n{}", up.join("\n"));
}

#[test]
fn no_module_imports_in_a_circle() {
    let circles = circles(&all());
    assert!(circles.is_empty(), "modules that import each other, directly or around: {circles:?}");
}

#[test]
fn the_shell_imports_the_seam_and_the_report_only() {
    let used = ui_imports(&all());
    let beyond: Vec<&String> = used.iter().filter(|m| !ui_may_import(m)).collect();
    assert!(beyond.is_empty(), "src/ui imports from the engine beyond the seam and the report: {beyond:?}");
}

/// The graph reader and the rules catch what they are for: each broken rule below is one line
/// added to a real module.
#[test]
fn an_upward_import_a_circle_and_a_shell_reaching_into_the_engine_are_caught() {
    let modules = module_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).into_keys().collect();
    let module = |m: &str| -> Module { m.split("::").map(String::from).collect() };
    let real = all();
    let with = |m: &str, line: &str| {
        let mut graph = real.clone();
        graph.extend(file_imports(&module(m), line, &modules));
        graph
    };
    assert_eq!(
        upward(&with("engine::kind", "use crate::engine::report::Report;")),
        ["engine::kind -> engine::report Report"]
    );
    assert!(!upward(&with("engine::input::dig", "fn f() { super::super::diagnose(&[]); }")).is_empty());
    assert!(upward(&with(
        "engine::checks",
        "// use crate::engine::render;\nconst S: &str = \"crate::engine::render::x\";"
    ))
    .is_empty());
    // A method's turbofish is no path: `.collect::<…>()` in `cli` is not an arrow to `cli::collect`.
    let turbofish = file_imports(&module("cli"), "fn f() { let v = x.iter().collect::<Vec<_>>(); }", &modules);
    assert!(turbofish.is_empty(), "{turbofish:?}");
    assert_eq!(
        file_imports(&module("cli"), "fn f() { collect::run(x); }", &modules).iter().map(describe).collect::<Vec<_>>(),
        ["cli -> cli::collect run"]
    );
    assert!(!circles(&with("engine::facts::dns", "use crate::engine::input::Reader;")).is_empty());
    assert!(!circles(&with("engine::redact::rules", "use super::safe::random_tokens;")).is_empty());
    let shell = ui_imports(&with("ui::app", "use crate::engine::{checks::ALL, Paste};"));
    assert!(shell.contains("engine::checks") && !ui_may_import("engine::checks"));
    // What the seam re-exports is taken through the seam, not from where it is made.
    let shell = ui_imports(&with("ui::share_bar", "use crate::engine::share::Link;"));
    assert!(shell.contains("engine::share") && !ui_may_import("engine::share"));
}

/// Every import from a layer to a higher one, as `from -> to item`.
fn upward(imports: &[Import]) -> Vec<String> {
    imports
        .iter()
        .filter_map(|i| {
            let from = unit(&i.from, None)?;
            let to = unit(&i.to, i.item.as_deref())?;
            (rank(&to) > rank(&from)).then(|| describe(i))
        })
        .collect()
}

fn describe(i: &Import) -> String {
    format!("{} -> {} {}", i.from.join("::"), i.to.join("::"), i.item.clone().unwrap_or_default())
}

/// Module circles. Siblings (the files and folders of one folder) form a graph: an import from
/// `engine::input::public_dns` to `engine::report` is an arrow `input -> report` among the
/// engine's modules. A module and its own children are one unit (a `mod.rs` declares and
/// re-exports them), except the engine's root, whose pipeline (`diagnose`) is a node of its own.
fn circles(imports: &[Import]) -> Vec<Vec<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in imports {
        let (mut from, mut to) = (i.from.clone(), i.to.clone());
        if from == ["engine"] {
            from.push("(diagnose)".into());
        }
        if to == ["engine"] && unit(&to, i.item.as_deref()).as_deref() == Some("diagnose") {
            to.push("(diagnose)".into());
        }
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common == from.len() || common == to.len() {
            continue;
        }
        let parent = from[..common].join("::");
        let node = |m: &Module| format!("{parent}::{}", m[common]);
        graph.entry(node(&from)).or_default().insert(node(&to));
    }
    strongly_connected(&graph).into_iter().filter(|c| c.len() > 1).collect()
}

/// Tarjan's strongly connected components.
fn strongly_connected(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in s.graph.get(v).into_iter().flatten() {
            if !s.index.contains_key(w.as_str()) {
                visit(s, w);
                let low = s.low[v].min(s.low[w.as_str()]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w.as_str()) {
                let low = s.low[v].min(s.index[w.as_str()]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let at = s.stack.iter().rposition(|x| *x == v).unwrap();
            let mut component: Vec<String> = s.stack.split_off(at).into_iter().map(String::from).collect();
            component.sort();
            s.out.push(component);
        }
    }
    let mut s = State { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), out: Vec::new() };
    let nodes: BTreeSet<&str> =
        graph.keys().map(String::as_str).chain(graph.values().flatten().map(String::as_str)).collect();
    for v in nodes {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// The engine modules `src/ui` imports (`engine::report`, or `engine::Paste` for the root's items).
fn ui_imports(imports: &[Import]) -> BTreeSet<String> {
    imports
        .iter()
        .filter(|i| {
            i.from.first().map(String::as_str) == Some("ui") && i.to.first().map(String::as_str) == Some("engine")
        })
        .map(|i| match (i.to.len(), &i.item) {
            (1, Some(item)) => format!("engine::{item}"),
            _ => i.to.join("::"),
        })
        .collect()
}

/// `cargo test --test architecture -- --ignored --nocapture print_graph`: every arrow, then
/// the upward ones, the circles, the shell's imports and the graph's size.
#[test]
#[ignore]
fn print_graph() {
    let imports = all();
    for i in &imports {
        println!("{}", describe(i));
    }
    let up = upward(&imports);
    println!("\n{} upward arrows:", up.len());
    for u in &up {
        println!("  {u}");
    }
    let c = circles(&imports);
    println!("\n{} circles:", c.len());
    for c in &c {
        println!("  {}", c.join(" , "));
    }
    let beyond: Vec<String> = ui_imports(&imports).into_iter().filter(|m| !ui_may_import(m)).collect();
    println!("\nui imports from the engine beyond the seam and the report: {beyond:?}");
    let modules = module_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).len();
    let edges: BTreeSet<(&Module, &Module)> = imports.iter().map(|i| (&i.from, &i.to)).collect();
    println!("\n{modules} modules (files), {} module-to-module arrows, {} imports", edges.len(), imports.len());
}

/// The names docs/ARCHITECTURE.md gives (files, folders and `module::item` paths) exist, so the
/// map a newcomer reads first does not point at what was renamed or moved. Its how-to example
/// (adding an `openssl` reader or an `object-retention` check) names what does not exist yet.
#[test]
fn every_name_the_architecture_page_gives_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/ARCHITECTURE.md")).unwrap();
    let source: String =
        module_files(&root.join("src")).values().map(|file| std::fs::read_to_string(file).unwrap()).collect();
    let mut missing = Vec::new();
    for quoted in doc.split('`').skip(1).step_by(2) {
        if quoted.contains("openssl") || quoted.contains("object_retention") || quoted.contains(' ') {
            continue;
        }
        let name = quoted.split(['(', '<']).next().unwrap_or_default();
        if looks_like_a_path(name) {
            let found = if name.contains('/') {
                [root.to_path_buf(), root.join("src/engine")].iter().any(|base| base.join(name).exists())
            } else {
                ["src", "static", "scripts", "bench", "e2e", "docs", "tests"]
                    .iter()
                    .any(|dir| holds_file(&root.join(dir), name))
            };
            if !found {
                missing.push(quoted.to_string());
            }
        } else if name.contains("::") {
            let found = name.split("::").filter(|part| !part.is_empty()).all(|part| names_a_word(&source, part));
            if !found {
                missing.push(quoted.to_string());
            }
        }
    }
    assert!(missing.is_empty(), "docs/ARCHITECTURE.md names what is not there: {missing:?}");
}

fn looks_like_a_path(name: &str) -> bool {
    name.contains('/') || [".rs", ".mjs", ".js", ".md", ".html", ".json"].iter().any(|ext| name.ends_with(ext))
}

/// Whether a file named `name` is in `dir` or below.
fn holds_file(dir: &Path, name: &str) -> bool {
    std::fs::read_dir(dir).into_iter().flatten().flatten().any(|entry| {
        let path = entry.path();
        if path.is_dir() {
            holds_file(&path, name)
        } else {
            path.file_name().is_some_and(|file| file == name)
        }
    })
}

/// Whether `word` stands in `source` as a whole identifier.
fn names_a_word(source: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    source.match_indices(word).any(|(at, _)| {
        let before = source[..at].chars().next_back();
        let after = source[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Every check (a file of `src/engine/checks/` that declares one with `declare_check!`) pins
/// what a user reads of its outcomes beside the rule: inline snapshots in its own tests, one
/// for each status it can give, so a wording change is reviewed where it is made.
#[test]
fn every_check_pins_its_outcomes_beside_the_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/checks");
    let mut checks = 0;
    let mut bare = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        if !source.lines().any(|l| l.starts_with("declare_check!")) {
            continue;
        }
        checks += 1;
        let statuses: BTreeSet<&str> = ["pass", "fail", "warn", "unknown", "skip"]
            .into_iter()
            .filter(|status| source.contains(&format!("Outcome::{status}(")))
            .collect();
        let pinned: BTreeSet<&str> = statuses
            .iter()
            .copied()
            .filter(|status| {
                source.split("assert_snapshot!").skip(1).any(|after| {
                    let snapshot = after.split_once(", @").map_or("", |(_, s)| s);
                    let first = snapshot.trim_start_matches(['r', '#', '"']).trim_start();
                    first.starts_with(&format!("{status}:"))
                })
            })
            .collect();
        if pinned != statuses {
            let missing: Vec<&&str> = statuses.difference(&pinned).collect();
            bare.push(format!("{}: no snapshot of {missing:?}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(checks >= 38, "checks found: {checks}");
    assert!(bare.is_empty(), "checks without an inline snapshot of every status they give:\n{}", bare.join("\n"));
}
