//! The layers stay apart (ARCHITECTURE.md): the core crate depends on no GUI, command-line,
//! dialog or network crate; clippy refuses files, the environment, processes, the network, the
//! clock and unseeded randomness in it; and neither the core nor the window has an import
//! cycle between its modules. Test modules may use what they like.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use syn::visit::Visit;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cargo() -> Command {
    let mut c = Command::new(env!("CARGO"));
    c.current_dir(root());
    c
}

#[test]
fn the_core_crate_depends_on_no_gui_cli_dialog_or_network_crate() {
    let out = cargo()
        .args([
            "tree",
            "-p",
            "iotplan-core",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--locked",
            "--offline",
        ])
        .output()
        .unwrap();
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tree.contains("serde v1"), "{tree}");
    for forbidden in [
        "egui",
        "eframe",
        "egui_plot",
        "egui_extras",
        "egui_file",
        "rfd",
        "clap",
        "winit",
        "ureq",
        "reqwest",
        "rmcp",
        "tokio",
        "mimalloc",
        "image",
    ] {
        assert!(
            !tree
                .lines()
                .any(|l| l.starts_with(&format!("{forbidden} v"))),
            "iotplan-core depends on {forbidden}:\n{tree}"
        );
    }
}

/// Clippy on the probe crate of `tests/fixtures/forbidden-core`, with the core's `clippy.toml`.
fn clippy_probe(forbidden: bool) -> std::process::Output {
    let probe = root().join("tests/fixtures/forbidden-core/Cargo.toml");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("forbidden-core");
    let mut c = cargo();
    c.args([
        "clippy",
        "--quiet",
        "--locked",
        "--offline",
        "--manifest-path",
    ])
    .arg(&probe)
    .arg("--target-dir")
    .arg(&target)
    .env("CLIPPY_CONF_DIR", root().join("crates/iotplan-core"))
    .env("CARGO_TERM_COLOR", "never");
    if forbidden {
        c.args(["--features", "forbidden"]);
    }
    c.args(["--", "-D", "warnings"]).output().unwrap()
}

#[test]
fn a_forbidden_call_in_the_core_fails_clippy() {
    let clean = clippy_probe(false);
    assert!(
        clean.status.success(),
        "the probe without its forbidden code must pass: {}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let out = clippy_probe(true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "clippy accepted a file read and the clock"
    );
    assert!(
        stderr.contains("use of a disallowed method `std::fs::read_to_string`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("disallowed type `std::time::SystemTime`"),
        "{stderr}"
    );
}

/// The modules of one tree of sources and what each refers to.
struct Tree {
    /// Module path (`inputs::workload`, or empty for the tree's root) → its file.
    modules: BTreeMap<String, PathBuf>,
    /// How paths from the crate root reach this tree: `["ui"]` for `crate::ui::…`.
    prefix: Vec<&'static str>,
}

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}::{b}")
    }
}

fn parent(m: &str) -> String {
    m.rsplit_once("::")
        .map_or(String::new(), |(p, _)| p.to_owned())
}

impl Tree {
    fn new(dir: &str, prefix: Vec<&'static str>) -> Self {
        let base = root().join(dir);
        let mut files = Vec::new();
        rust_files(&base, &mut files);
        let modules = files
            .into_iter()
            .map(|f| {
                let rel = f.strip_prefix(&base).unwrap().with_extension("");
                let parts: Vec<String> = rel
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .filter(|p| p != "mod" && p != "lib")
                    .collect();
                (parts.join("::"), f)
            })
            .collect();
        Self { modules, prefix }
    }
}

/// Every path one file's code (tests left out) spells: `use` trees spelled out, paths in code,
/// and `a::b` runs inside macro calls; and the names it re-exports (`pub use`).
#[derive(Default)]
struct Refs {
    paths: Vec<Vec<String>>,
    reexports: BTreeMap<String, Vec<String>>,
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("test"))
    })
}

fn use_leaves(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            full.push(n.ident.to_string());
            let name = if n.ident == "self" {
                prefix.last().cloned().unwrap_or_default()
            } else {
                n.ident.to_string()
            };
            out.push((name, full));
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            full.push(r.ident.to_string());
            out.push((r.rename.to_string(), full));
        }
        syn::UseTree::Glob(_) => out.push((String::new(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, prefix, out);
            }
        }
    }
}

/// `a :: b :: c` runs of identifiers in a macro's tokens.
fn token_paths(tokens: proc_macro2::TokenStream, out: &mut Vec<Vec<String>>) {
    let mut run: Vec<String> = Vec::new();
    let mut colons = 0;
    let flush = |run: &mut Vec<String>, out: &mut Vec<Vec<String>>| {
        if run.len() > 1 {
            out.push(std::mem::take(run));
        }
        run.clear();
    };
    for t in tokens {
        match t {
            proc_macro2::TokenTree::Ident(i) => {
                if colons != 2 {
                    flush(&mut run, out);
                }
                run.push(i.to_string());
                colons = 0;
            }
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ':' => colons += 1,
            proc_macro2::TokenTree::Group(g) => {
                flush(&mut run, out);
                colons = 0;
                token_paths(g.stream(), out);
            }
            proc_macro2::TokenTree::Punct(_) | proc_macro2::TokenTree::Literal(_) => {
                flush(&mut run, out);
                colons = 0;
            }
        }
    }
    flush(&mut run, out);
}

impl<'ast> Visit<'ast> for Refs {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => &[],
        };
        if is_test(attrs) {
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut leaves = Vec::new();
        use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
        for (name, path) in leaves {
            if matches!(u.vis, syn::Visibility::Public(_)) && !name.is_empty() {
                self.reexports.insert(name, path.clone());
            }
            self.paths.push(path);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.segments.len() > 1 {
            self.paths
                .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        token_paths(m.tokens.clone(), &mut self.paths);
        syn::visit::visit_macro(self, m);
    }
}

impl Tree {
    fn refs(&self) -> BTreeMap<String, Refs> {
        self.modules
            .iter()
            .map(|(m, file)| {
                let file = syn::parse_file(&std::fs::read_to_string(file).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                let mut refs = Refs::default();
                refs.visit_file(&file);
                (m.clone(), refs)
            })
            .collect()
    }

    /// The module a path written in module `me` leads to (through re-exports), if it stays in
    /// this tree.
    fn resolve(
        &self,
        me: &str,
        path: &[String],
        refs: &BTreeMap<String, Refs>,
        depth: usize,
    ) -> Option<String> {
        let (mut cur, rest): (String, &[String]) = match path.first().map(String::as_str) {
            Some("crate") => {
                let n = self.prefix.len();
                if path.len() <= n || path[1..=n].iter().zip(&self.prefix).any(|(a, b)| a != b) {
                    return None;
                }
                (String::new(), &path[n + 1..])
            }
            Some("super") => {
                let mut cur = parent(me);
                let mut rest = &path[1..];
                while rest.first().is_some_and(|s| s == "super") {
                    cur = parent(&cur);
                    rest = &rest[1..];
                }
                (cur, rest)
            }
            Some("self") => (me.to_owned(), &path[1..]),
            Some(first) if self.modules.contains_key(&join(me, first)) => (me.to_owned(), path),
            _ => return None,
        };
        for seg in rest {
            let child = join(&cur, seg);
            if self.modules.contains_key(&child) {
                cur = child;
                continue;
            }
            if depth < 8
                && let Some(target) = refs.get(&cur).and_then(|r| r.reexports.get(seg))
                && let Some(t) = self.resolve(&cur, target, refs, depth + 1)
            {
                return Some(t);
            }
            break;
        }
        Some(cur)
    }

    /// Module → the modules its code uses; a module re-exporting its own descendants is not
    /// counted as using them (declaring and re-exporting children is what a parent does).
    fn graph(&self) -> Graph {
        let refs = self.refs();
        let mut graph = Graph::new();
        for (me, r) in &refs {
            let mut targets = BTreeSet::new();
            let exported: BTreeSet<&Vec<String>> = r.reexports.values().collect();
            for path in &r.paths {
                let Some(t) = self.resolve(me, path, &refs, 0) else {
                    continue;
                };
                let descendant = me.is_empty() || t.starts_with(&format!("{me}::"));
                if t == *me || (descendant && exported.contains(path)) {
                    continue;
                }
                targets.insert(t);
            }
            graph.insert(me.clone(), targets);
        }
        graph
    }
}

/// A cycle, if the graph has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn from<'a>(
        node: &'a str,
        graph: &'a Graph,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
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
            if let Some(c) = from(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| from(n, graph, &mut Vec::new(), &mut done))
}

fn show(name: &str) -> impl Fn(&str) -> String + '_ {
    move |m: &str| {
        if m.is_empty() {
            name.to_owned()
        } else {
            m.to_owned()
        }
    }
}

#[test]
fn no_ui_module_imports_another_in_a_cycle() {
    let graph = Tree::new("src/ui", vec!["ui"]).graph();
    assert!(graph.len() > 15, "{graph:?}");
    assert!(
        graph["tabs::costs"].contains("view"),
        "{:?}",
        graph["tabs::costs"]
    );
    assert!(graph["window"].contains("files"), "{:?}", graph["window"]);
    if let Some(cycle) = find_cycle(&graph) {
        let name = show("ui");
        panic!(
            "import cycle in src/ui: {}",
            cycle
                .iter()
                .map(|m| name(m))
                .collect::<Vec<_>>()
                .join(" → ")
        );
    }
}

#[test]
fn the_cycle_search_finds_a_cycle_and_the_reader_finds_imports() {
    let mut graph = Graph::new();
    graph.insert("app".to_owned(), ["files".to_owned()].into());
    graph.insert("files".to_owned(), ["app".to_owned()].into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["app".to_owned(), "files".to_owned(), "app".to_owned()])
    );
    // Grouped imports, paths in code and in macros are all read; tests are not.
    let file = syn::parse_file(
        "use crate::{a::b, c::{d, e as f}};\nfn g() { let _ = super::h::i(); println!(\"{}\", crate::j::k(1)); }\n#[cfg(test)]\nmod tests { use crate::z; }",
    )
    .unwrap();
    let mut refs = Refs::default();
    refs.visit_file(&file);
    let paths: Vec<String> = refs.paths.iter().map(|p| p.join("::")).collect();
    for p in [
        "crate::a::b",
        "crate::c::d",
        "crate::c::e",
        "super::h::i",
        "crate::j::k",
    ] {
        assert!(paths.contains(&p.to_owned()), "{p} not in {paths:?}");
    }
    assert!(!paths.iter().any(|p| p.contains('z')), "{paths:?}");
}

#[test]
fn the_ui_never_reaches_into_the_command_line() {
    let tree = Tree::new("src/ui", vec!["ui"]);
    for file in tree.modules.values() {
        let source = std::fs::read_to_string(file).unwrap();
        assert!(
            !source.contains("crate::cli"),
            "{} uses crate::cli",
            file.display()
        );
    }
}

#[test]
fn no_core_module_imports_another_in_a_cycle() {
    let graph = Tree::new("crates/iotplan-core/src", vec![]).graph();
    assert!(graph.len() > 30, "{graph:?}");
    assert!(
        graph["evaluate"].contains("platforms::registry"),
        "{:?}",
        graph["evaluate"]
    );
    assert!(
        graph["analyses::stack"].contains("platforms::egress"),
        "{:?}",
        graph["analyses::stack"]
    );
    if let Some(cycle) = find_cycle(&graph) {
        let name = show("lib");
        panic!(
            "import cycle in the core: {}",
            cycle
                .iter()
                .map(|m| name(m))
                .collect::<Vec<_>>()
                .join(" → ")
        );
    }
}

/// The output types import no computation: only each other, prices' plain types and the
/// number formats.
#[test]
fn the_report_types_import_no_computation() {
    let graph = Tree::new("crates/iotplan-core/src", vec![]).graph();
    for (module, targets) in graph.iter().filter(|(m, _)| m.starts_with("report")) {
        for t in targets {
            assert!(
                t.starts_with("report")
                    || t == "format"
                    || t.starts_with("prices")
                    || t == "inputs::checklist",
                "{module} imports {t}"
            );
        }
    }
}
