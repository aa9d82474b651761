//! Presets and bad input: shipped presets round-trip and report; every kind of bad file gets a
//! message naming file, line and column; nothing panics on random or mutated input.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use iotplan::core::{Context, Sheets, full_report};
use iotplan::io::preset::{self, PRESET_VERSION};
use iotplan::io::{FileError, MAX_FILE_BYTES};
use proptest::prelude::*;

mod common;

fn presets() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("presets"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
    paths.sort();
    paths
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iotplan-presets-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_shipped_preset_round_trips_and_reports() {
    let paths = presets();
    assert_eq!(paths.len(), 5, "{paths:?}");
    let dir = scratch("roundtrip");
    for path in paths {
        let loaded = preset::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        assert!(
            !loaded.preset.description.is_empty(),
            "{} has a description",
            path.display()
        );
        let copy = dir.join(path.file_name().unwrap());
        preset::save(&copy, &loaded.preset).unwrap();
        let again = preset::load(&copy).unwrap();
        assert_eq!(again.preset, loaded.preset, "{}", path.display());
        let report = full_report(
            &loaded.preset.workload,
            &Sheets::embedded(),
            &Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
        )
        .unwrap();
        assert!(
            report.platforms.iter().any(|p| p.feasible),
            "{}",
            path.display()
        );
        let out = common::iotplan(&["report", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let valid = common::iotplan(&["validate", path.to_str().unwrap()]);
        assert_eq!(valid.status.code(), Some(0));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_launch_day_preset_shows_the_domain_figures() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets/launch-day.ron");
    let w = preset::load(&path).unwrap().preset.workload;
    let r = full_report(
        &w,
        &Sheets::embedded(),
        &Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
    )
    .unwrap();
    let publish = &r.throttle.limits[0];
    assert_eq!(publish.limit_per_second, 100.0);
    assert!((publish.onset_devices.unwrap() - 6000.0).abs() < 1e-6);
    assert_eq!(r.throttle.quota_to_request_per_second, 500.0);
}

/// Writes `text` to a file and loads it as a preset, expecting an error.
fn bad(name: &str, bytes: &[u8]) -> FileError {
    let dir = scratch("bad");
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    preset::load(&path).expect_err("bad input is refused")
}

fn position(err: &FileError) -> (usize, usize, String) {
    match err {
        FileError::Parse(p) => {
            assert!(
                std::path::Path::new(&p.file)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("ron")),
                "{err}"
            );
            (p.line, p.column, p.message.clone())
        }
        FileError::Io { .. } | FileError::NoRandom(_) => {
            panic!("expected a parse error with a position: {err}")
        }
    }
}

#[test]
fn bad_input_names_file_line_and_column() {
    // Empty.
    let (line, column, message) = position(&bad("empty.ron", b""));
    assert_eq!((line, column), (1, 1));
    assert!(message.contains("empty"), "{message}");
    // Truncated.
    let (line, _, _) = position(&bad(
        "truncated.ron",
        b"(\n    version: 1,\n    workload: (\n        devices: 12",
    ));
    assert!(line >= 4, "truncated at line {line}");
    // Binary.
    let (line, column, message) = position(&bad("binary.ron", b"(\n  title: \"x\xff\xfe\"\n)"));
    assert_eq!((line, column), (2, 12));
    assert!(message.contains("binary"), "{message}");
    // Wrong type.
    let (line, _, message) = position(&bad(
        "type.ron",
        b"(\n  workload: (\n    devices: true,\n  ),\n)",
    ));
    assert_eq!(line, 3, "{message}");
    // Out of range.
    let (line, _, message) = position(&bad(
        "range.ron",
        b"(\n  workload: (\n    retention_days: 9000,\n  ),\n)",
    ));
    assert_eq!(line, 3);
    assert!(
        message.contains("retention_days") && message.contains("3650"),
        "{message}"
    );
    // Not finite.
    let (line, _, message) = position(&bad(
        "nan.ron",
        b"(\n  workload: (\n    peak_factor: NaN,\n  ),\n)",
    ));
    assert_eq!(line, 3);
    assert!(message.contains("peak_factor"), "{message}");
    let (line, _, _) = position(&bad(
        "inf.ron",
        b"(\n  workload: (\n\n    devices: inf,\n  ),\n)",
    ));
    assert_eq!(line, 4);
    // Absurd nesting.
    let deep = format!(
        "(\n  extra: {}1{},\n)",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (line, _, message) = position(&bad("deep.ron", deep.as_bytes()));
    assert_eq!(line, 2);
    assert!(message.starts_with("extra: nested"), "{message}");
    // An override that names no sheet figure.
    let (line, _, message) = position(&bad(
        "override.ron",
        b"(\n  workload: (\n    overrides: {\n      \"aws_iot_core.nope\": 1,\n    },\n  ),\n)",
    ));
    assert_eq!(line, 4, "{message}");
    assert!(message.contains("aws_iot_core.nope"), "{message}");
    // Newer version.
    let (line, _, message) = position(&bad(
        "newer.ron",
        format!("(\n  version: {},\n)", PRESET_VERSION + 1).as_bytes(),
    ));
    assert_eq!(line, 2);
    assert!(message.contains("newer"), "{message}");
}

/// Each error points at what is wrong, never at 1:1 when the file names it: a key without a
/// dot, a dotted range key, tier boundaries out of order, a field also named in a comment.
#[test]
fn every_error_points_at_the_field_not_the_top_of_the_file() {
    for (name, text, at, needle) in [
        (
            "nodot.ron",
            "(\n  workload: (\n    overrides: {\n      \"nodot\": 5,\n    },\n  ),\n)",
            (4, 7),
            "nodot",
        ),
        (
            "rangedot.ron",
            "(\n  workload: (\n    devices: 100,\n    ranges: {\n      \"aws_iot_core.x\": (low: 1, high: 5),\n    },\n  ),\n)",
            (5, 7),
            "range aws_iot_core.x",
        ),
        (
            "tiers.ron",
            "(\n  workload: (\n    devices: 100,\n    storage_hot_days: 400,\n  ),\n)",
            (4, 5),
            "storage tiers must be ordered",
        ),
        (
            "comment.ron",
            "(\n  // devices: how many\n  /* devices: not here either */\n  workload: (\n    devices: 0,\n  ),\n)",
            (5, 5),
            "devices: 0",
        ),
        (
            "string.ron",
            "(\n  title: \"devices: // not a comment\",\n  workload: (\n    devices: 0,\n  ),\n)",
            (4, 5),
            "devices: 0",
        ),
        (
            "mistyped.ron",
            "(\n  workload: (\n    message_bytes: \"big\",\n  ),\n)",
            // RON's own position: just after the value.
            (3, 26),
            "message_bytes",
        ),
    ] {
        let (line, column, message) = position(&bad(name, text.as_bytes()));
        assert_eq!((line, column), at, "{name}: {message}");
        assert!(message.contains(needle), "{name}: {message}");
    }
}

/// A value closer to zero than any real input says why, and no message prints "-0" or three
/// hundred digits.
#[test]
fn tiny_and_negative_zero_values_read_plainly() {
    let mut w = iotplan::core::Workload::default();
    let err = w.set("egress_fraction", "1e-10").unwrap_err().to_string();
    assert!(err.contains("0 or at least 1e-9"), "{err}");
    w.set("egress_fraction", "-0").unwrap();
    assert!(w.egress_fraction.is_sign_positive(), "-0 is stored as 0");
    let sheets = Sheets::embedded();
    for value in [-0.0, 5e-324, 1e-310] {
        let err = sheets
            .with_overrides(
                &[("aws_iot_core.inbound_publish_per_account".to_owned(), value)].into(),
            )
            .unwrap_err()
            .to_string();
        assert!(!err.contains("-0") && err.len() < 200, "{err}");
    }
}

#[test]
fn oversized_missing_and_unreadable_files_are_refused() {
    let dir = scratch("size");
    let big = dir.join("big.ron");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let err = preset::load(&big).unwrap_err().to_string();
    assert!(err.contains("big.ron") && err.contains("10 MB"), "{err}");
    let err = preset::load(&dir.join("missing.ron"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("missing.ron") && err.contains("cannot read"),
        "{err}"
    );
    let err = preset::load(&dir).unwrap_err().to_string();
    assert!(err.contains("folder"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn validate_exits_2_with_the_message() {
    let dir = scratch("validate");
    let path = dir.join("broken.ron");
    std::fs::write(&path, "(\n  workload: (\n    devices: -1,\n  ),\n)").unwrap();
    let out = common::iotplan(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.ron:3:"), "{err}");
    let sheet = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sheets/azure_iot_hub.ron");
    let out = common::iotplan(&["validate", sheet.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_failed_save_says_so_and_leaves_the_old_file() {
    let dir = scratch("save");
    let target = dir.join("keep.ron");
    std::fs::write(&target, "old").unwrap();
    // Saving into a folder that does not exist fails before touching anything.
    let err = preset::save(&dir.join("nope/keep.ron"), &preset::Preset::default()).unwrap_err();
    assert!(err.to_string().contains("cannot save"), "{err}");
    preset::save(&target, &preset::Preset::default()).unwrap();
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("version: 1")
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn region_and_currency_round_trip_through_a_preset() {
    use iotplan::core::currency::Currency;
    use iotplan::core::sheets::Region;
    let dir = scratch("currency");
    let path = dir.join("eur.ron");
    let mut p = preset::Preset::default();
    p.workload.region = Region::EuWest1;
    p.workload.currency = Currency::Eur;
    preset::save(&path, &p).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("currency: \"EUR\""), "{text}");
    assert!(text.contains("region: \"eu-west-1\""), "{text}");
    let again = preset::load(&path).unwrap();
    assert_eq!(again.preset, p);
    // A misspelt code names what is expected, at its line.
    std::fs::write(&path, text.replace("\"EUR\"", "\"EURO\"")).unwrap();
    let err = preset::load(&path).unwrap_err().to_string();
    assert!(err.contains("\"USD\", \"EUR\" or \"GBP\""), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ranges_round_trip_through_a_preset_and_a_bad_one_is_located() {
    use iotplan::core::workload::Range;
    let dir = scratch("ranges");
    let path = dir.join("ranged.ron");
    let mut p = preset::Preset::default();
    p.workload.devices = 10_000.0;
    p.workload.ranges.insert(
        "devices".to_owned(),
        Range {
            low: 5_000.0,
            high: 20_000.0,
        },
    );
    p.workload.range_seed = 42.0;
    preset::save(&path, &p).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"devices\": (\n"), "{text}");
    assert!(text.contains("range_seed: 42"), "{text}");
    let again = preset::load(&path).unwrap();
    assert_eq!(again.preset, p);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    // A preset without ranges writes none.
    preset::save(&path, &preset::Preset::default()).unwrap();
    assert!(!std::fs::read_to_string(&path).unwrap().contains("ranges"));

    // The domain's own spelling, and its errors at their line and column.
    let ok = "(version: 1, workload: (devices: 10000, ranges: { \"devices\": (low: 5000, high: 20000) }))";
    std::fs::write(&path, ok).unwrap();
    let loaded = preset::load(&path).unwrap();
    assert_eq!(
        loaded.preset.workload.ranges["devices"],
        Range {
            low: 5_000.0,
            high: 20_000.0
        }
    );
    let outside = "(\n  version: 1,\n  workload: (\n    devices: 10000,\n    ranges: {\n      \"devices\": (low: 11000, high: 20000),\n    },\n  ),\n)";
    let (line, column, message) = position(&bad("outside.ron", outside.as_bytes()));
    assert_eq!((line, column), (6, 7), "{message}");
    assert!(
        message.contains("low ≤ the value (10000) ≤ high"),
        "{message}"
    );
    let typo = "(\n  version: 1,\n  workload: (\n    ranges: {\n      \"devices\": (low: 1, hihg: 2),\n    },\n  ),\n)";
    let (line, _, message) = position(&bad("typo.ron", typo.as_bytes()));
    assert_eq!(line, 5, "{message}");
    assert!(message.contains("hihg"), "{message}");
    let twice = "(version: 1, workload: (ranges: { \"devices\": (low: 1, high: 2), \"devices\": (low: 1, high: 3) }))";
    let (_, _, message) = position(&bad("twice.ron", twice.as_bytes()));
    assert!(message.contains("given twice"), "{message}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Cases for the parser fuzz properties: a few hundred in the normal run;
/// `IOTPLAN_FUZZ_CASES=100000 cargo test --release --test presets fuzz` on demand.
fn fuzz_cases() -> u32 {
    std::env::var("IOTPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn shipped_texts() -> Vec<String> {
    presets()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn fuzz_random_bytes_never_panic() {
    let strategy = proptest::collection::vec(any::<u8>(), 0..512);
    let result = common::seeded_runner(fuzz_cases()).run(&strategy, |bytes| {
        let text = String::from_utf8_lossy(&bytes);
        // Refused with where and why, or a valid workload.
        match preset::parse("fuzz.ron", &text) {
            Ok(loaded) => prop_assert!(loaded.preset.workload.validate().is_ok()),
            Err(e) => {
                let lines = text.lines().count() + 1;
                prop_assert!((1..=lines).contains(&e.line), "{e}");
                prop_assert!(!e.message.is_empty() && e.file == "fuzz.ron", "{e}");
            }
        }
        Ok(())
    });
    result.unwrap();
}

#[test]
fn fuzz_mutated_presets_never_panic() {
    let texts = shipped_texts();
    let strategy = (0usize..5, 0.0..1.0f64, "[ -~]{0,12}", 0.0..1.0f64);
    // A truncated preset loses its closing parenthesis, so nearly every case is refused: the
    // property is that each refusal names where, and that anything parsed evaluates.
    let result = common::seeded_runner(fuzz_cases()).run(&strategy, |(which, cut, insert, at)| {
        let text = &texts[which];
        // Truncate somewhere, then splice printable junk in somewhere.
        let mut chars: Vec<char> = text.chars().collect();
        chars.truncate(((chars.len() as f64) * (0.5 + cut / 2.0)) as usize);
        let pos = ((chars.len() as f64) * at) as usize;
        let mutated: String = chars[..pos]
            .iter()
            .chain(insert.chars().collect::<Vec<_>>().iter())
            .chain(chars[pos..].iter())
            .collect();
        match preset::parse("mutated.ron", &mutated) {
            Ok(loaded) => {
                // Whatever parses is a valid workload and evaluates.
                prop_assert!(loaded.preset.workload.validate().is_ok());
                let ctx = Context::new(iotplan::core::test_today());
                prop_assert!(
                    full_report(&loaded.preset.workload, &Sheets::embedded(), &ctx).is_ok()
                );
            }
            Err(e) => prop_assert!(e.line >= 1 && !e.message.is_empty(), "{e}"),
        }
        Ok(())
    });
    result.unwrap();
}
