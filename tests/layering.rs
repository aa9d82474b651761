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
