//! The import rules of `src/`, checked by reading the sources: no cycles
//! between modules, a model that imports nothing else of koers, and a write
//! stage that imports no other stage.
//!
//! Made by hand because `cargo-modules` needs a newer compiler than koers'.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Folders whose files are modules of their own in the graph; elsewhere a
/// folder is one module.
const SPLIT: &[&str] = &["render"];

/// Module -> the modules it refers to (`crate::`, `super::`, `self::`).
type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn modules_form_no_cycle() {
    let graph = graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_model_imports_nothing_else_of_koers() {
    let graph = graph();
    let uses = &graph["model"];
    assert!(uses.is_empty(), "src/model/ imports {uses:?}");
}

#[test]
fn write_imports_no_stage() {
    let graph = graph();
    let stages = ["load", "validate", "render", "chart", "build", "serve"];
    let bad: Vec<&String> = graph["write"]
        .iter()
        .filter(|m| stages.contains(&m.split('/').next().unwrap_or(m)))
        .collect();
    assert!(bad.is_empty(), "src/write imports the stages {bad:?}");
}

#[test]
fn the_library_exposes_a_small_api() {
    // The stages are crate-private: a tool or test uses build, serve,
    // init, import, audit, the model, errors and the output contract.
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let public: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(
        public,
        [
            "audit", "build", "error", "fuzzing", "import", "init", "model", "scaffold", "serve",
            "write"
        ]
    );
}

#[test]
fn the_graph_sees_a_known_edge() {
    // Guards the parser: if it saw no edges, every rule above would pass.
    assert!(graph()["render/markdown"].contains("model"));
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The graph of every `src/**/*.rs` but `lib.rs` and `main.rs` (the roots).
fn graph() -> Graph {
    let mut graph = Graph::new();
    for file in rust_files(&src()) {
        let rel = file.strip_prefix(src()).expect("under src");
        let parts: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .filter(|p| p != "mod")
            .collect();
        if matches!(parts.as_slice(), [one] if one == "lib" || one == "main") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        // A unit test module's `super` is the file itself, and tests may
        // import what the code may not.
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let this = node(&parts);
        let uses = graph.entry(this.clone()).or_default();
        for path in references(&code(text)) {
            let absolute = match path.first().map(String::as_str) {
                Some("crate") => path[1..].to_vec(),
                Some("super") | Some("self") => {
                    // `self` is the file's own module, `super` its parent.
                    let up = path.iter().take_while(|s| *s == "super").count();
                    let base = &parts[..parts.len().saturating_sub(up)];
                    let rest = path.iter().skip_while(|s| *s == "super" || *s == "self");
                    base.iter().cloned().chain(rest.cloned()).collect()
                }
                _ => continue,
            };
            let target = node(&module_prefix(&absolute));
            if target != this && !target.is_empty() && !is_child(&this, &target) {
                uses.insert(target);
            }
        }
    }
    graph
}

/// A folder's `mod.rs` declares and wires its own files, so an edge from
/// it to one of them is the tree itself, not an import.
fn is_child(parent: &str, child: &str) -> bool {
    child
        .strip_prefix(parent)
        .is_some_and(|r| r.starts_with('/'))
}

/// The graph node of a module path: its top-level module, or two levels
/// inside the folders of [`SPLIT`].
fn node(path: &[String]) -> String {
    let depth = match path.first() {
        Some(top) if SPLIT.contains(&top.as_str()) => 2,
        _ => 1,
    };
    path.iter()
        .take(depth)
        .cloned()
        .collect::<Vec<_>>()
        .join("/")
}

/// The leading segments of `path` that name modules (files or folders).
fn module_prefix(path: &[String]) -> Vec<String> {
    let mut dir = src();
    let mut out = Vec::new();
    for seg in path {
        let file = dir.join(format!("{seg}.rs"));
        let folder = dir.join(seg);
        if !file.is_file() && !folder.join("mod.rs").is_file() {
            break;
        }
        out.push(seg.clone());
        dir = folder;
    }
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The source without comments and string literals, where `crate::` in
/// prose or in a message is no import.
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        for (i, c) in line.char_indices() {
            if !in_str && line[i..].starts_with("//") {
                break;
            }
            if c == '"' && prev != '\\' && !line[..i].ends_with('\'') {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        out.push('\n');
    }
    out
}

/// Every path that starts with `crate::`, `super::` or `self::`, with
/// `use` groups (`crate::a::{b, c::d}`) expanded.
fn references(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        for (i, _) in code.match_indices(start) {
            let before = code[..i].chars().next_back().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == ':' {
                continue;
            }
            let mut rest = &code[i..];
            tree(&mut rest, Vec::new(), &mut out);
        }
    }
    out
}

/// Parses one use tree at the start of `rest` (a path, maybe ending in a
/// `{...}` group) and pushes its paths onto `out`.
fn tree(rest: &mut &str, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    loop {
        *rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            *rest = group;
            loop {
                tree(rest, prefix.clone(), out);
                *rest = rest.trim_start();
                match rest.chars().next() {
                    Some(',') => *rest = &rest[1..],
                    Some('}') => {
                        *rest = &rest[1..];
                        return;
                    }
                    _ => return,
                }
                if rest.trim_start().starts_with('}') {
                    *rest = &rest.trim_start()[1..];
                    return;
                }
            }
        }
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len > 0 {
            prefix.push(rest[..len].to_string());
        }
        *rest = &rest[len..];
        match rest.strip_prefix("::") {
            Some(more) if len > 0 => *rest = more,
            _ => break,
        }
    }
    if !prefix.is_empty() {
        out.push(prefix);
    }
}

/// The first cycle found by a depth-first search, as the modules on it.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        graph: &Graph,
        node: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(graph, next, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(graph, n, &mut Vec::new(), &mut done))
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
}
