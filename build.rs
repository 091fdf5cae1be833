//! Names the build: the crate version, plus the short commit when built from a git checkout
//! (`0.1.0+3f2a1bc`), so every report, link and page says which kvdoctor answered.

use std::process::Command;

/// What `git rev-parse ARGS` prints, when this is a git checkout.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("rev-parse").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let commit = git(&["--short=7", "HEAD"]).filter(|c| c.chars().all(|c| c.is_ascii_hexdigit()));
    let full = match commit {
        Some(commit) => format!("{version}+{commit}"),
        None => version,
    };
    println!("cargo:rustc-env=KVDOCTOR_VERSION={full}");
    // A new commit or branch names a new build. The paths are asked of git, so a worktree
    // (where `.git` is a file) watches its own HEAD and the shared refs.
    let head = git(&["--path-format=absolute", "--git-path", "HEAD"]);
    let common = git(&["--path-format=absolute", "--git-common-dir"]);
    let refs = common.as_ref().map(|c| format!("{c}/refs/heads"));
    let packed = common.map(|c| format!("{c}/packed-refs"));
    for path in [head, refs, packed].into_iter().flatten() {
        if std::path::Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
