//! Every shipped preset's report in every format, as `iotplan report --today 2026-12-01` prints
//! it, and the other commands' outputs (ranges, diff, simulate, fields), kept as reviewed
//! snapshots (insta): any change to an output, a JSON key included, shows up as a diff to accept
//! or fix. Update with `INSTA_UPDATE=always cargo test --test snapshots` (or `cargo insta
//! review`).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

/// What `iotplan ARGS` prints, which must succeed.
fn run(args: &[&str]) -> String {
    let out = common::iotplan(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn report(preset: &str, format: &str) -> String {
    run(&[
        "report",
        &format!("presets/{preset}.ron"),
        "--format",
        format,
    ])
}

#[test]
fn the_other_commands_outputs() {
    let ranged = "docs/examples/water-utility-ranged.ron";
    insta::assert_snapshot!("ranges.md", run(&["report", ranged]));
    insta::assert_snapshot!("ranges.json", run(&["report", ranged, "--format", "json"]));
    let (base, new) = ("presets/starter.ron", "presets/smart-building.ron");
    insta::assert_snapshot!(
        "pull-request-comment.md",
        run(&["report", new, "--compare-to", base, "--format", "github"])
    );
    for (format, ext) in [
        ("json", "json"),
        ("markdown", "md"),
        ("csv", "csv"),
        ("github", "github.md"),
    ] {
        insta::assert_snapshot!(
            format!("diff.{ext}"),
            run(&["diff", base, new, "--format", format])
        );
    }
    let storm = [
        "simulate",
        "--devices",
        "10000",
        "--connects-per-second",
        "100",
        "--backoff",
        "full-jitter",
    ];
    insta::assert_snapshot!("simulate.md", run(&storm));
    insta::assert_snapshot!(
        "simulate.json",
        run(&[&storm[..], &["--format", "json"]].concat())
    );
    insta::assert_snapshot!("fields.txt", run(&["fields"]));
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
