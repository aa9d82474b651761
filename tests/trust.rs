//! Trust under any input (issue 8): no panic, no NaN or inf in any output, no hang on odd files,
//! one-line messages, and a budget gate that fails closed. Each test is one class of failure that
//! was found by mutating presets, sheets and `--set` values.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

mod common;

use common::{assert_trustworthy, iotplan, shows_non_number, stderr, stdout};
use iotplan::core::fields::{FIELDS, Kind};
use iotplan::core::workload::Workload;
use iotplan::core::{Context, Sheets, evaluate};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iotplan-trust-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// Refused input: exit 2 and exactly one line on stderr (a hint line may follow for arguments).
fn assert_refused(out: &Output, max_lines: usize) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let lines = err.lines().count();
    assert!((1..=max_lines).contains(&lines), "{lines} lines: {err}");
    assert!(!err.contains('\u{1b}'), "raw escape in {err:?}");
    err
}

// 1. Dates ---------------------------------------------------------------------------------

#[test]
fn far_dates_are_refused_not_panicked_on() {
    for date in ["-262143-01-01", "+262142-12-31", "1999-12-31", "2201-01-01"] {
        let out = iotplan(&["report", "--set", &format!("launch_date={date}")]);
        let err = assert_refused(&out, 1);
        assert!(
            err.contains("launch_date") && err.contains("2000-01-01"),
            "{err}"
        );
    }
    let dir = scratch("dates");
    let preset = dir.join("far.ron");
    std::fs::write(
        &preset,
        "(\n  workload: (\n    launch_date: \"2999-01-01\",\n  ),\n)",
    )
    .unwrap();
    for command in ["validate", "report"] {
        let out = iotplan(&[command, preset.to_str().unwrap()]);
        let err = assert_refused(&out, 1);
        assert!(err.contains("far.ron:3:"), "{err}");
    }
    // In range, and with a do-by date 21 days earlier: fine.
    let out = iotplan(&[
        "report",
        "--set",
        "launch_date=2000-01-05",
        "--today",
        "2000-01-01",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = iotplan(&["report", "--today", "0001-01-01"]);
    assert_refused(&out, 2);
}

// 2. Figures that are not numbers -------------------------------------------------------------

#[test]
fn a_zero_meter_or_capacity_is_refused_with_its_range() {
    let out = iotplan(&[
        "report",
        "--set",
        "aws_iot_core.message_meter_bytes=0",
        "--set",
        "rules_per_message=0",
        "--budget",
        "0.01",
    ]);
    let err = assert_refused(&out, 1);
    assert!(err.contains("aws_iot_core.message_meter_bytes"), "{err}");
    assert!(
        err.contains("at least 1") || err.contains("from 1"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "no report on invalid input");

    let dir = scratch("zero-node");
    let text = (iotplan::core::platforms::self_hosted::SHEET.embedded)(
        iotplan::core::sheets::Region::UsEast1,
    )
    .replacen("value: 250000.0", "value: 0.0", 1);
    let line = text
        .lines()
        .position(|l| l.contains("value: 0.0,"))
        .unwrap()
        + 1;
    std::fs::write(dir.join("self_hosted.ron"), text).unwrap();
    let out = iotplan(&["report", "--sheets", dir.to_str().unwrap()]);
    let err = assert_refused(&out, 1);
    assert!(err.contains(&format!("self_hosted.ron:{line}:")), "{err}");
    assert!(err.contains("node_connections"), "{err}");
}

#[test]
fn denormal_inputs_are_refused_and_tiny_ones_stay_finite_in_every_format() {
    let out = iotplan(&["report", "--set", "connected_fraction=1e-308"]);
    assert_refused(&out, 1);
    let out = iotplan(&[
        "report",
        "--set",
        "aws_iot_core.connectivity_per_million_minutes=1e-300",
    ]);
    assert_refused(&out, 1);
    for format in ["json", "markdown", "csv"] {
        let out = iotplan(&[
            "report",
            "--format",
            format,
            "--set",
            "connected_fraction=1e-9",
            "--set",
            "messages_per_device_per_hour=0.01",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(!shows_non_number(&text), "{format} shows NaN or inf");
        if format == "json" {
            let r: serde_json::Value = serde_json::from_str(&text).unwrap();
            for p in r["platforms"].as_array().unwrap() {
                assert_eq!(p["feasible"].as_bool(), Some(p["monthly_usd"].is_number()));
            }
        }
        // No number is written with dozens of digits.
        assert!(
            !text
                .split(|c: char| !c.is_ascii_digit())
                .any(|digits| digits.len() > 24),
            "{format}: a huge decimal"
        );
    }
}

#[test]
fn the_budget_gate_fails_closed() {
    // The cheapest platform costs more than a cent.
    let out = iotplan(&["report", "--budget", "0.01"]);
    assert_eq!(out.status.code(), Some(3));
    // An infeasible platform named for the gate trips it.
    let out = iotplan(&[
        "report",
        "--set",
        "message_bytes=200000",
        "--budget",
        "1000000",
        "--platform",
        "aws-iot-core",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot carry"), "{}", stderr(&out));
    for budget in ["NaN", "inf", "-1"] {
        let out = iotplan(&["report", "--budget", budget]);
        assert_refused(&out, 2);
    }
}

/// Every sheet figure at the ends of its range and at its smallest accepted value, on a small, a
/// default and a huge fleet: every output finite, or the option infeasible with a reason.
#[test]
fn every_sheet_figure_at_its_range_ends_keeps_outputs_finite() {
    let sheets = Sheets::embedded();
    let fleets = [
        Workload {
            devices: 1.0,
            messages_per_device_per_hour: 0.01,
            message_bytes: 1.0,
            ..Workload::default()
        },
        Workload::default(),
        Workload {
            devices: 1e8,
            messages_per_device_per_hour: 3600.0,
            message_bytes: 262_144.0,
            shadow_ops_per_device_per_day: 10_000.0,
            retention_days: 3650.0,
            peak_factor: 100.0,
            ..Workload::default()
        },
    ];
    let ctx = Context::new(today());
    let mut accepted = 0;
    for (key, ..) in sheets.figures() {
        for value in [0.0, 1e-9, 1e-6, 1.0, 1e6, 1e15] {
            let overrides = BTreeMap::from([(key.clone(), value)]);
            if sheets.with_overrides(&overrides).is_err() {
                continue;
            }
            accepted += 1;
            for fleet in &fleets {
                let w = Workload {
                    overrides: overrides.clone(),
                    ..fleet.clone()
                };
                let r = evaluate(&w, &sheets, &ctx).expect("accepted input evaluates");
                assert_trustworthy(&r, &format!("{key}={value}, {} devices", w.devices));
            }
        }
    }
    assert!(accepted > 200, "only {accepted} figure values accepted");
}

/// Every workload field at its range ends and at tiny values.
#[test]
fn every_field_at_its_range_ends_keeps_outputs_finite() {
    let sheets = Sheets::embedded();
    let ctx = Context::new(today());
    for spec in FIELDS {
        // Every named value, or a numeric field's ends (and tiny values above 0).
        let mut values: Vec<String> = if spec.is_numeric() {
            vec![spec.min.to_string(), spec.max.to_string()]
        } else {
            spec.options().iter().map(|c| c.id.to_owned()).collect()
        };
        if spec.kind == Kind::Number && spec.min == 0.0 {
            values.extend(["1e-9".to_owned(), "1e-6".to_owned()]);
        }
        if spec.kind == Kind::Date {
            values.extend(["2000-01-01".to_owned(), "2200-12-31".to_owned()]);
        }
        for value in values {
            for base in [Workload::default(), big()] {
                let mut w = base;
                if spec.set_text(&mut w, &value).is_err() {
                    continue; // e.g. a choice's range ends that are not among its values
                }
                if w.validate().is_err() {
                    continue; // e.g. tier boundaries out of order
                }
                let r = evaluate(&w, &sheets, &ctx).expect("valid input evaluates");
                assert_trustworthy(&r, &format!("{}={value}", spec.name));
            }
        }
    }
}

fn big() -> Workload {
    Workload {
        devices: 1e8,
        messages_per_device_per_hour: 3600.0,
        message_bytes: 262_144.0,
        ..Workload::default()
    }
}

// 3. Unbounded reads --------------------------------------------------------------------------

#[test]
fn devices_fifos_and_dangling_links_are_refused_at_once() {
    let dir = scratch("special");
    let started = std::time::Instant::now();
    let out = iotplan(&["validate", "/dev/zero"]);
    assert!(assert_refused(&out, 1).contains("not a regular file"));

    let sheets = dir.join("sheets");
    std::fs::create_dir_all(&sheets).unwrap();
    std::os::unix::fs::symlink("/dev/zero", sheets.join("storage.ron")).unwrap();
    let out = iotplan(&["report", "--sheets", sheets.to_str().unwrap()]);
    assert!(assert_refused(&out, 1).contains("storage.ron"));

    std::fs::remove_file(sheets.join("storage.ron")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.ron"), sheets.join("storage.ron")).unwrap();
    let out = iotplan(&["report", "--sheets", sheets.to_str().unwrap()]);
    assert!(assert_refused(&out, 1).contains("link to a file that does not exist"));

    let fifo = dir.join("fifo.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let out = iotplan(&["validate", fifo.to_str().unwrap()]);
    assert!(assert_refused(&out, 1).contains("not a regular file"));
    let out = iotplan(&["report", fifo.to_str().unwrap()]);
    assert_refused(&out, 1);
    assert!(started.elapsed().as_secs() < 20, "a special file blocked");
}

// 4. Messages ---------------------------------------------------------------------------------

#[test]
fn argument_errors_are_one_line_and_exit_2() {
    for args in [
        &["report", "--today", "2027-02-30"][..],
        &["report", "--format", "xml"],
        &["report", "--platform", "aws-iot-core"],
        &["report", "--nope"],
        &["simulate", "--devices", "x"],
        &["frobnicate"],
    ] {
        let out = iotplan(args);
        let err = assert_refused(&out, 2);
        assert!(err.starts_with("iotplan: "), "{err}");
    }
    let err = stderr(&iotplan(&["report", "--format", "xml"]));
    assert!(err.contains("json") && err.contains("csv"), "{err}");
    let err = stderr(&iotplan(&["report", "--today", "2027-02-30"]));
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    assert_eq!(iotplan(&["--help"]).status.code(), Some(0));
}

#[test]
fn control_characters_are_escaped_in_messages() {
    for set in [
        "\u{1b}[2Jdevices=5",
        "devi\nces=5",
        "devices=5\u{7}x",
        "a.b\u{1b}c=1",
    ] {
        let out = iotplan(&["report", "--set", set]);
        let err = assert_refused(&out, 1);
        assert!(!err.contains('\u{7}'), "{err:?}");
        assert!(
            err.contains("\\u{1b}") || err.contains("\\n") || err.contains("\\u{7}"),
            "{err:?}"
        );
    }
    let dir = scratch("controls");
    let preset = dir.join("p.ron");
    std::fs::write(&preset, "(workload: (overrides: {\"x\\u{1b}[2J.y\": 1.0}))").unwrap();
    let out = iotplan(&["validate", preset.to_str().unwrap()]);
    assert_refused(&out, 1);
}

fn validate_preset(name: &str, text: &str) -> (Output, String) {
    let dir = scratch(name);
    let path = dir.join(format!("{name}.ron"));
    std::fs::write(&path, text).unwrap();
    let out = iotplan(&["validate", path.to_str().unwrap()]);
    let err = stderr(&out);
    (out, err)
}

#[test]
fn preset_errors_name_the_field_line_and_column_in_the_users_terms() {
    // A negative override is reported at its own line, not 1:1.
    let (out, err) = validate_preset(
        "negative",
        "(\n  workload: (\n    overrides: {\n      \"aws_iot_core.inbound_publish_per_account\": -5.0,\n    },\n  ),\n)",
    );
    assert_refused(&out, 1);
    assert!(err.contains("negative.ron:4:"), "{err}");

    let (out, err) = validate_preset(
        "inf",
        "(\n  workload: (\n    overrides: {\n      \"aws_iot_core.sla\": inf,\n    },\n  ),\n)",
    );
    assert_refused(&out, 1);
    assert!(err.contains("inf.ron:4:"), "{err}");

    let (out, err) = validate_preset(
        "date",
        "(\n  workload: (\n    launch_date: \"2027-02-30\",\n  ),\n)",
    );
    assert_refused(&out, 1);
    assert!(
        err.contains("launch_date") && err.contains("2027-02 has 28 days, not 30"),
        "{err}"
    );

    let (out, err) = validate_preset("version", "(\n  version: -1,\n)");
    assert_refused(&out, 1);
    assert!(
        err.contains("version") && err.contains("whole number"),
        "{err}"
    );
    assert!(!err.contains("Integer is out of bounds"), "{err}");

    let deep = format!("(colour: {}{})", "[".repeat(200), "]".repeat(200));
    let (out, err) = validate_preset("deep", &deep);
    assert_refused(&out, 1);
    assert!(
        err.contains("nested") && !err.contains("serde_stacker"),
        "{err}"
    );

    let (out, err) = validate_preset(
        "duplicate",
        "(\n  workload: (\n    overrides: {\n      \"aws_iot_core.sla\": 0.9,\n      \"aws_iot_core.sla\": 0.5,\n    },\n  ),\n)",
    );
    assert_refused(&out, 1);
    assert!(
        err.contains("given twice") && err.contains("duplicate.ron:5:"),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_before_a_valid_preset_is_accepted() {
    let text = std::fs::read_to_string("presets/starter.ron").unwrap();
    let (out, err) = validate_preset("bom", &format!("\u{feff}{text}"));
    assert_eq!(out.status.code(), Some(0), "{err}");
    let dir = scratch("bom-sheet");
    std::fs::write(
        dir.join("storage.ron"),
        format!("\u{feff}{}", iotplan::core::sheets::embedded::STORAGE),
    )
    .unwrap();
    let out = iotplan(&["report", "--sheets", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn csv_leaves_absent_figures_empty() {
    // An infeasible platform (200 KB messages are over AWS's limit) has empty cells.
    let out = iotplan(&["report", "--format", "csv", "--set", "message_bytes=200000"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&out);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "section",
            "platform",
            "name",
            "quantity",
            "unit",
            "unit_usd",
            "monthly_usd",
            "p10_usd",
            "p50_usd",
            "p90_usd",
            "currency",
            "unit_price",
            "monthly",
            "formula",
            "p10",
            "p50",
            "p90"
        ]
    );
    let total = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "platform total" && &r[1] == "aws-iot-core")
        .unwrap();
    assert_eq!(&total[6], "", "an infeasible total is an empty cell");
    assert_eq!(&total[7], "", "no ranges, no percentiles");
    assert_eq!(&total[12], "", "and so is its converted figure");
    assert!(
        total[13].contains("128") || total[13].contains("exceeds"),
        "{:?}",
        &total[13]
    );
}

// 6. Rounding ---------------------------------------------------------------------------------

#[test]
fn the_quota_to_request_is_never_one_short() {
    let out = iotplan(&[
        "report",
        "--format",
        "json",
        "--set",
        "devices=100000000",
        "--set",
        "messages_per_device_per_hour=3600",
        "--set",
        "safety_factor=1.000000001",
        "--set",
        "launch_platform=aws-iot-core",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["throttle"]["quota_to_request_per_second"], 100_000_001.0);
}

// The core never panics on an accepted workload: a fuzz over `--set` values of every field.
#[test]
fn every_set_value_is_refused_or_reported() {
    let junk = [
        "", "-0", "0", "1e-320", "1e308", "NaN", "-inf", "1_000", "0x10", "5e-324", "12abc",
    ];
    for spec in FIELDS {
        for value in junk {
            let mut w = Workload::default();
            if w.set(spec.name, value).is_ok() && w.validate().is_ok() {
                let r = evaluate(&w, &Sheets::embedded(), &Context::new(today())).unwrap();
                assert_trustworthy(&r, &format!("{}={value}", spec.name));
            }
        }
    }
}

#[test]
fn ranges_and_growth_refuse_extremes_with_the_value_as_typed() {
    for (args, expected) in [
        (
            vec!["--range", "devices=NaN..5"],
            "--range devices: NaN is out of range",
        ),
        (
            vec!["--range", "devices=5..1e308"],
            "--range devices: 1e308 is out of range",
        ),
        (
            vec!["--range", "devices=1e-308..5000"],
            "1e-308 is out of range",
        ),
        (
            vec!["--set", "range_samples=1e308"],
            "range_samples: 1e308 is out of range",
        ),
        (
            vec!["--set", "projection_months=0"],
            "projection_months: 0 is out of range",
        ),
        (
            vec!["--set", "monthly_growth_fraction=-1"],
            "monthly_growth_fraction: -1",
        ),
        (
            vec!["--set", "devices_at_launch=inf"],
            "devices_at_launch: inf",
        ),
        (
            vec!["--set", "monthly_growth_devices=1e-308"],
            "monthly_growth_devices: 1e-308",
        ),
    ] {
        let mut all = vec!["report"];
        all.extend(args.iter().copied());
        let out = iotplan(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.len() < 300, "one short line: {err}");
    }
    // An end of a range out of its field's range is named as the range, where it is written.
    let dir = scratch("bad-range");
    let path = dir.join("range.ron");
    std::fs::write(
        &path,
        "(version: 1,\n workload: (devices: 1000,\n  ranges: { \"devices\": (low: NaN, high: 5) }))",
    )
    .unwrap();
    let err = stderr(&iotplan(&["report", path.to_str().unwrap()]));
    assert!(
        err.contains("range.ron:3:13: range devices: NaN is out of range"),
        "{err}"
    );
}
