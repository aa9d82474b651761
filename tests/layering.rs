//! The calculation core stays pure (ARCHITECTURE.md): no GUI, no command line, no files, no
//! clock, and nothing from the layers above it. Test modules may use what they like.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

const FORBIDDEN: [&str; 14] = [
    "egui",
    "eframe",
    "rfd",
    "clap",
    "std::fs",
    "std::env",
    "File::",
    "Local::now",
    "Utc::now",
    "SystemTime",
    "Instant::now",
    "crate::ui",
    "crate::cli",
    "crate::io",
];

/// The offending lines of one file's code (up to its `mod tests`), as `line: text`.
fn violations(source: &str) -> Vec<String> {
    source
        .lines()
        .enumerate()
        .take_while(|(_, line)| !line.starts_with("mod tests"))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .filter(|(_, line)| FORBIDDEN.iter().any(|f| line.contains(f)))
        .map(|(i, line)| format!("{}: {}", i + 1, line.trim()))
        .collect()
}

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_uses_no_gui_cli_files_or_clock() {
    let mut files = Vec::new();
    rust_files(std::path::Path::new("src/core"), &mut files);
    assert!(files.len() > 15, "found only {} core files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        for v in violations(&source) {
            found.push(format!("{}:{v}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "the core must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_a_forbidden_import() {
    let source = "//! egui in a comment is fine\nuse egui::Ui;\nfn f() { let _ = std::fs::read(\"x\"); }\nmod tests {\n    use crate::ui::App;\n}\n";
    assert_eq!(
        violations(source),
        [
            "2: use egui::Ui;",
            "3: fn f() { let _ = std::fs::read(\"x\"); }"
        ]
    );
}

type Graph = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// A file's module path under `src/ui`: `app`, `tabs::costs`, or empty for `ui` itself.
fn module_of(path: &std::path::Path) -> String {
    let rel = path.strip_prefix("src/ui").unwrap().with_extension("");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.join("::")
}

/// A file's code without comments, module declarations and its tests, with grouped imports
/// spelled out (`super::{a, b}` → `super::a super::b`).
fn code_of(source: &str) -> String {
    let code = source
        .lines()
        .take_while(|l| !l.starts_with("mod tests"))
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//") && !l.starts_with("pub mod ") && !l.starts_with("mod "))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("::{") {
        let prefix_start = rest[..at]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |i| i + 1);
        let prefix = &rest[prefix_start..at];
        let Some(close) = rest[at..].find('}') else {
            break;
        };
        out.push_str(&rest[..prefix_start]);
        for item in rest[at + 3..at + close].split(',') {
            out.push(' ');
            out.push_str(prefix);
            out.push_str("::");
            out.push_str(item.trim());
            out.push(' ');
        }
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The longest module path under `base` that `names` spell.
fn resolve(modules: &std::collections::BTreeSet<String>, base: &str, names: &[&str]) -> String {
    let mut best = base.to_owned();
    let mut path = base.to_owned();
    for name in names {
        path = if path.is_empty() {
            (*name).to_owned()
        } else {
            format!("{path}::{name}")
        };
        if !modules.contains(&path) {
            break;
        }
        best.clone_from(&path);
    }
    best
}

/// For every module of `src/ui`, the modules its code refers to (`super::x`, `crate::ui::x`,
/// or a child `x::` from a `mod.rs`).
fn ui_imports() -> Graph {
    let mut files = Vec::new();
    rust_files(std::path::Path::new("src/ui"), &mut files);
    let modules: std::collections::BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut graph = Graph::new();
    for file in &files {
        let me = module_of(file);
        let is_mod_rs = file.file_name().is_some_and(|n| n == "mod.rs");
        let parent_of = |m: &str| {
            m.rsplit_once("::")
                .map_or(String::new(), |(p, _)| p.to_owned())
        };
        // What `super` means here.
        let up = parent_of(&me);
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let mut targets = std::collections::BTreeSet::new();
        let runs = code
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .filter(|run| run.contains("::"));
        for run in runs {
            let parts: Vec<&str> = run.split("::").filter(|p| !p.is_empty()).collect();
            let target = match parts.as_slice() {
                ["crate", "ui", rest @ ..] => Some(resolve(&modules, "", rest)),
                ["super", rest @ ..] => Some(resolve(&modules, &up, rest)),
                [first, ..] if is_mod_rs => {
                    let child = resolve(&modules, &me, &[first]);
                    (child != me).then(|| resolve(&modules, &me, &parts))
                }
                _ => None,
            };
            if let Some(t) = target.filter(|t| *t != me) {
                targets.insert(t);
            }
        }
        graph.insert(me, targets);
    }
    graph
}

/// A cycle through `node`, if the depth-first search from it finds one.
fn cycle_from<'a>(
    node: &'a str,
    graph: &'a Graph,
    path: &mut Vec<&'a str>,
    done: &mut std::collections::BTreeSet<&'a str>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|n| *n == node) {
        let mut cycle: Vec<String> = path[at..].iter().map(|s| (*s).to_owned()).collect();
        cycle.push(node.to_owned());
        return Some(cycle);
    }
    if !done.insert(node) {
        return None;
    }
    path.push(node);
    for next in graph.get(node).into_iter().flatten() {
        if let Some(cycle) = cycle_from(next, graph, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    None
}

#[test]
fn no_ui_module_imports_another_in_a_cycle() {
    let graph = ui_imports();
    assert!(graph.len() > 15, "{graph:?}");
    assert!(
        graph["tabs::costs"].contains("view"),
        "{:?}",
        graph["tabs::costs"]
    );
    assert!(graph["window"].contains("files"), "{:?}", graph["window"]);
    let mut done = std::collections::BTreeSet::new();
    for node in graph.keys() {
        let cycle = cycle_from(node, &graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle in src/ui: {}",
            cycle.unwrap_or_default().join(" → ")
        );
    }
}

#[test]
fn the_cycle_search_finds_a_cycle() {
    let mut graph = Graph::new();
    graph.insert("app".to_owned(), ["files".to_owned()].into());
    graph.insert("files".to_owned(), ["app".to_owned()].into());
    let mut done = std::collections::BTreeSet::new();
    assert_eq!(
        cycle_from("app", &graph, &mut Vec::new(), &mut done),
        Some(vec!["app".to_owned(), "files".to_owned(), "app".to_owned()])
    );
}

#[test]
fn the_ui_never_reaches_into_the_command_line() {
    let mut files = Vec::new();
    rust_files(std::path::Path::new("src/ui"), &mut files);
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        assert!(
            !source.contains("crate::cli"),
            "{} uses crate::cli",
            file.display()
        );
    }
}
