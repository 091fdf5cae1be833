//! The crate's import graph, read from its source: which module names which.
//!
//! Every file under `src/` is a module (`src/engine/input/mod.rs` is `engine::input`,
//! `src/bin/x.rs` and `src/main.rs` are `bin::x` and `bin::main`). An arrow runs from a module
//! to the deepest module a path in it names: `use` trees (`use super::{a, b::C}`) and paths in
//! code (`crate::engine::diagnose(..)`, `super::x::f()`, `child::f()` for a child module).
//! Comments, strings and test code (`#[cfg(test)]` items and the files they declare) are left
//! out: tests may call any layer. A path through a re-export points where it was written (a
//! `crate::engine::input::Kind` is an arrow to `input`, wherever `Kind` lives).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path below the crate root, e.g. `["engine", "input", "registry"]`.
pub type Module = Vec<String>;

/// One path a module names: the module it lands in and the item after it (if any).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Import {
    pub from: Module,
    pub to: Module,
    /// The first segment after `to`: `diagnose_case` in `crate::engine::diagnose_case`.
    pub item: Option<String>,
}

/// Every import in the crate's source under `root` (the directory holding `src/`).
pub fn imports(root: &Path) -> Vec<Import> {
    let files = module_files(&root.join("src"));
    let modules: BTreeSet<Module> = files.keys().cloned().collect();
    let test_files = test_only_files(&files);
    let mut found = BTreeSet::new();
    for (module, file) in &files {
        if !test_files.contains(module) {
            found.extend(file_imports(module, &std::fs::read_to_string(file).unwrap(), &modules));
        }
    }
    found.into_iter().collect()
}

/// The imports of one file's `source`, written as module `module` of a crate with `modules`.
pub fn file_imports(module: &Module, source: &str, modules: &BTreeSet<Module>) -> Vec<Import> {
    let tokens = tokens(&without_test_items(&strip(source)));
    let mut found = BTreeSet::new();
    for (at, path) in paths(&tokens, module, modules) {
        if let Some((to, item)) = land(&path, modules) {
            if to != at {
                found.insert(Import { from: at, to, item });
            }
        }
    }
    found.into_iter().collect()
}

/// Every `.rs` file under `src`, by module path.
pub fn module_files(src: &Path) -> BTreeMap<Module, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut parts: Vec<String> =
                rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").replace('-', "_")).collect();
            match parts.as_slice() {
                [lib] if lib == "lib" => parts.clear(),
                [main] if main == "main" => parts = vec!["bin".into(), "main".into()],
                _ => {
                    if parts.last().map(String::as_str) == Some("mod") {
                        parts.pop();
                    }
                }
            }
            out.insert(parts, path);
        }
    }
    out
}

/// Files declared only under `#[cfg(test)]` (`#[cfg(test)] mod tests;`).
fn test_only_files(files: &BTreeMap<Module, PathBuf>) -> BTreeSet<Module> {
    let mut out = BTreeSet::new();
    for (module, file) in files {
        let code = strip(&std::fs::read_to_string(file).unwrap());
        let mut rest = code.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = &rest[at + "#[cfg(test)]".len()..];
            let mut item = rest.trim_start();
            // Further attributes on the same item (`#[cfg(not(target_arch = "wasm32"))]`).
            while let Some(attribute) = item.strip_prefix("#[") {
                item = attribute.split_once(']').map_or("", |(_, after)| after).trim_start();
            }
            let item = item.strip_prefix("pub(crate) ").or_else(|| item.strip_prefix("pub ")).unwrap_or(item);
            if let Some(decl) = item.strip_prefix("mod ") {
                let name: String = decl.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if decl[name.len()..].trim_start().starts_with(';') {
                    let mut child = module.clone();
                    child.push(name);
                    out.insert(child);
                }
            }
        }
    }
    // A test-only file's own children are test-only too.
    let roots: Vec<Module> = out.iter().cloned().collect();
    for module in files.keys() {
        if roots.iter().any(|r| module.starts_with(r)) {
            out.insert(module.clone());
        }
    }
    out
}

/// The source with comments removed and string and char literals emptied (newlines kept).
pub fn strip(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_ident(&chars, i) {
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some('\n') => out.push('\n'),
                    _ => {}
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                } else if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A char literal ('a', '\n', '\u{..}'); a lifetime ('a) has no closing quote.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push_str("' '");
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The code with every `#[cfg(test)]` item (a `mod tests { … }`, a helper `fn`) removed.
fn without_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let mut depth = 0;
        let mut end = rest.len();
        for (k, ch) in rest.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

/// Every path in the tokens, made absolute, with the module it was written in (an inline
/// `mod x { … }` is a module of its own for `super`, but its arrows are its file's).
fn paths(tokens: &[String], file: &Module, modules: &BTreeSet<Module>) -> Vec<(Module, Vec<String>)> {
    let mut out = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let here: Module = file.iter().cloned().chain(inline.iter().map(|(m, _)| m.clone())).collect();
        match tokens[i].as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            "mod" if tokens.get(i + 2).map(String::as_str) == Some("{") => {
                inline.push((tokens[i + 1].clone(), depth));
            }
            "use" => {
                let end = tokens[i..].iter().position(|t| t == ";").map_or(tokens.len(), |p| i + p);
                for path in use_tree(&tokens[i + 1..end]) {
                    if let Some(abs) = absolute(&path, &here, modules, true) {
                        out.push((file.clone(), abs));
                    }
                }
                i = end;
            }
            // A path starts where no `::` or `.` comes before it: `.collect::<Vec<_>>()` is a
            // method's turbofish, not a path to a module `collect`.
            first
                if tokens.get(i + 1).map(String::as_str) == Some("::")
                    && (i == 0 || !matches!(tokens[i - 1].as_str(), "::" | ".")) =>
            {
                let mut path = vec![first.to_string()];
                let mut j = i + 1;
                while tokens.get(j).map(String::as_str) == Some("::")
                    && tokens.get(j + 1).is_some_and(|t| t.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
                {
                    path.push(tokens[j + 1].clone());
                    j += 2;
                }
                if let Some(abs) = absolute(&path, &here, modules, false) {
                    out.push((file.clone(), abs));
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The paths a `use` tree names: `a::{b, c::{d, self}}` is `a::b`, `a::c::d`, `a::c`.
fn use_tree(tokens: &[String]) -> Vec<Vec<String>> {
    fn walk(tokens: &[String], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let mut path = prefix.to_vec();
        while *i < tokens.len() {
            match tokens[*i].as_str() {
                "::" => *i += 1,
                "{" => {
                    *i += 1;
                    loop {
                        walk(tokens, i, &path, out);
                        match tokens.get(*i).map(String::as_str) {
                            Some(",") => *i += 1,
                            Some("}") => {
                                *i += 1;
                                return;
                            }
                            _ => return,
                        }
                        if tokens.get(*i).map(String::as_str) == Some("}") {
                            *i += 1;
                            return;
                        }
                    }
                }
                "," | "}" => break,
                "as" => *i += 2,
                "self" if !path.is_empty() => *i += 1,
                "*" => *i += 1,
                segment => {
                    path.push(segment.to_string());
                    *i += 1;
                }
            }
        }
        out.push(path);
    }
    let mut out = Vec::new();
    let mut i = 0;
    let tokens: Vec<String> = tokens.iter().filter(|t| *t != "pub").cloned().collect();
    walk(&tokens, &mut i, &[], &mut out);
    out.retain(|p| !p.is_empty());
    out
}

/// `path` as seen from module `here`, made absolute; `None` for other crates' paths.
fn absolute(path: &[String], here: &Module, modules: &BTreeSet<Module>, in_use: bool) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut base: Vec<String> = match first.as_str() {
        "crate" | "$crate" | "kvdoctor" => Vec::new(),
        "self" => here.clone(),
        "super" => {
            let mut base = here.clone();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        child => {
            let mut candidate = here.clone();
            candidate.push(child.to_string());
            let file_level: Module = candidate.clone();
            if modules.contains(&file_level) || (!in_use && modules.iter().any(|m| m.starts_with(&candidate))) {
                candidate.extend(path[1..].iter().cloned());
                return Some(candidate);
            }
            return None;
        }
    };
    base.extend(path[1..].iter().cloned());
    Some(base)
}

/// The deepest known module `path` lands in, and the item after it.
fn land(path: &[String], modules: &BTreeSet<Module>) -> Option<(Module, Option<String>)> {
    (0..=path.len()).rev().find_map(|n| {
        let module: Module = path[..n].to_vec();
        modules.contains(&module).then(|| (module, path.get(n).cloned()))
    })
}
