//! Imports run one way (ARCHITECTURE.md): no module of the library imports one that imports it,
//! directly or round a circle, among the top-level modules and among the files. `lib.rs` is only
//! the face: nothing imports it.
//!
//! What counts as an import is read from the source: `crate::…`, `super::…` and `self::…` paths
//! (in `use` lines and in code), and a file's paths through the children it declares
//! (`mod x;` then `x::…`). Test modules (from `#[cfg(test)]` on) and comments are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// The entry points of the other targets: they are not modules of the library.
const NOT_LIBRARY: [&str; 4] = ["main.rs", "live_module.rs", "auth_module.rs", "bin"];

/// Every library file by module path (`""` for lib.rs, `bounce::reason`, …).
fn library_files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() && NOT_LIBRARY.contains(&name.as_str()) {
                continue;
            }
            if path.is_dir() {
                walk(&path, &[prefix, &[name]].concat(), out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let module = if matches!(stem, "mod" | "lib") { prefix.to_vec() } else { [prefix, &[stem.to_string()]].concat() };
                out.insert(module.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(Path::new(SRC), &[], &mut out);
    out
}

/// The code of a file without comments and without its test module.
fn code(text: &str) -> String {
    let text = text.find("#[cfg(test)]\nmod ").map_or(text, |i| &text[..i]);
    text.lines().map(|l| l.find("//").map_or(l, |i| &l[..i])).collect::<Vec<_>>().join("\n")
}

/// The paths written after `at` in `code`: `a::b::c`, and each member of a `{…}` group.
fn paths_after(code: &str, at: usize) -> Vec<Vec<String>> {
    let rest = &code[at..];
    let mut segments = Vec::new();
    let mut i = 0;
    loop {
        if rest[i..].starts_with('{') {
            let group = &rest[i + 1..i + rest[i..].find('}').unwrap_or(1)];
            return group
                .split(',')
                .map(|member| [segments.clone(), member.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()].concat())
                .collect();
        }
        let word: String = rest[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        i += word.len();
        segments.push(word);
        if !rest[i..].starts_with("::") {
            return vec![segments];
        }
        i += 2;
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The modules a file imports, by module path.
fn imports(module: &str, text: &str, files: &BTreeMap<String, String>) -> BTreeSet<String> {
    let code = code(text);
    let here: Vec<String> = if module.is_empty() { Vec::new() } else { module.split("::").map(String::from).collect() };
    let children: Vec<String> = code
        .lines()
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("pub(crate) ").trim_start_matches("pub ");
            l.strip_prefix("mod ")?.strip_suffix(';').map(|name| name.trim().to_string())
        })
        .collect();
    let mut roots: Vec<(String, Vec<String>)> = vec![
        ("crate".into(), Vec::new()),
        ("super".into(), here[..here.len().saturating_sub(1)].to_vec()),
        ("self".into(), here.clone()),
    ];
    roots.extend(children.iter().map(|c| (c.clone(), [here.clone(), vec![c.clone()]].concat())));
    let mut out = BTreeSet::new();
    for (root, base) in &roots {
        let word = format!("{root}::");
        for (at, _) in code.match_indices(&word) {
            if at > 0 && (is_word_byte(code.as_bytes()[at - 1]) || code.as_bytes()[at - 1] == b':') {
                continue;
            }
            let skip = if root == "crate" || root == "super" || root == "self" { word.len() } else { 0 };
            for path in paths_after(&code, at + skip) {
                let full = [base.clone(), path].concat();
                // The longest prefix that is a module: `crate::report::Severity` is `report`.
                let target = (0..=full.len()).rev().map(|n| full[..n].join("::")).find(|m| files.contains_key(m));
                if let Some(target) = target.filter(|t| t != module) {
                    out.insert(target);
                }
            }
        }
    }
    out
}

/// A circle in `graph`, if there is one (depth-first search, colours).
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &BTreeMap<String, BTreeSet<String>>, done: &mut BTreeSet<String>, path: &mut Vec<String>) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            return Some([&path[i..], &[node.to_string()]].concat());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, done, path) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

fn name(module: &str) -> &str {
    if module.is_empty() { "lib.rs" } else { module }
}

#[test]
fn imports_run_one_way() {
    let files = library_files();
    assert!(files.len() > 40 && files.contains_key("bounce::reason"), "src/ not read: {} files", files.len());
    let by_file: BTreeMap<String, BTreeSet<String>> = files.iter().map(|(m, t)| (m.clone(), imports(m, t, &files))).collect();
    let top = |m: &str| m.split("::").next().unwrap_or("").to_string();
    let mut by_top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in &by_file {
        let entry = by_top.entry(top(from)).or_default();
        entry.extend(to.iter().map(|t| top(t)).filter(|t| *t != top(from)));
    }
    let edges: usize = by_file.values().map(BTreeSet::len).sum();
    println!("imports: {} library files, {edges} imports between them, {} top-level modules", files.len(), by_top.len());

    let into_face: Vec<&str> = by_file.iter().filter(|(_, to)| to.contains("")).map(|(m, _)| name(m)).collect();
    assert!(into_face.is_empty(), "lib.rs is only the face, but these import it: {into_face:?}");
    if let Some(circle) = find_circle(&by_top) {
        panic!("top-level modules import each other: {}", circle.iter().map(|m| name(m)).collect::<Vec<_>>().join(" → "));
    }
    if std::env::var_os("MXRAY_SHOW_IMPORTS").is_some() {
        for (from, to) in &by_top {
            println!("{} → {}", name(from), to.iter().map(|t| name(t)).collect::<Vec<_>>().join(", "));
        }
    }
    if let Some(circle) = find_circle(&by_file) {
        panic!("files import each other: {}", circle.iter().map(|m| name(m)).collect::<Vec<_>>().join(" → "));
    }
}

#[test]
fn the_reader_sees_the_import_forms_used_here() {
    let files: BTreeMap<String, String> =
        ["", "a", "a::b", "c", "c::d"].iter().map(|m| (m.to_string(), String::new())).collect();
    let text = "mod b;\nuse crate::{c::d::Thing, c};\nuse b::x;\nfn f() { super::c::g(); } // crate::lib\n#[cfg(test)]\nmod tests { use crate::a; }";
    let found = imports("a", text, &files);
    assert_eq!(found, ["a::b", "c", "c::d"].iter().map(|s| s.to_string()).collect::<BTreeSet<_>>());
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("x", "y"), ("y", "z"), ("z", "x")].iter().map(|(a, b)| (a.to_string(), [b.to_string()].into())).collect();
    assert_eq!(find_circle(&graph).map(|c| c.len()), Some(4));
}
