//! Every shipped preset's report in every format, as `iotplan report --today 2026-12-01` prints
//! it, kept as reviewed snapshots (insta): any change to an output, a JSON key included, shows up
//! as a diff to accept or fix. Update with `INSTA_UPDATE=always cargo test --test snapshots`
//! (or `cargo insta review`).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn report(preset: &str, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_iotplan"))
        .args([
            "report",
            &format!("presets/{preset}.ron"),
            "--today",
            "2026-12-01",
            "--format",
            format,
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn every_preset_in_every_format() {
    let mut presets: Vec<String> = std::fs::read_dir("presets")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    presets.sort();
    assert_eq!(presets.len(), 5, "{presets:?}");
    for preset in &presets {
        for (format, ext) in [("json", "json"), ("markdown", "md"), ("csv", "csv")] {
            insta::assert_snapshot!(format!("{preset}.{ext}"), report(preset, format));
        }
    }
}
