//! Checks shared by the trust and fuzz tests.
#![allow(dead_code)]

use std::process::{Command, Output};

use iotplan::core::report::Report;

/// The day every test run of the binary takes as today (the core's `test_today`).
pub const TODAY: &str = "2026-12-01";

/// The built binary with `args`; commands that read the date get `--today` unless the test
/// gives its own, so no test depends on the wall clock.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iotplan"));
    c.args(args);
    // No sheet set of the machine's own data folder: every test runs on the built-in sheets
    // unless it gives its own folder.
    c.env(
        "XDG_DATA_HOME",
        std::env::temp_dir().join("iotplan-tests-no-data-folder"),
    );
    let dated = matches!(args.first(), Some(&("report" | "diff" | "quota-request")));
    if dated && !args.contains(&"--today") {
        c.args(["--today", TODAY]);
    }
    c
}

/// Runs the built binary (see [`command`]).
pub fn iotplan(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Paths of numbers that are not finite. `serde_json` writes NaN and infinities as null, so a
/// null is allowed only where the report means "no figure" (and those are checked by type).
pub fn non_finite_in(report: &Report) -> Option<String> {
    const MAY_BE_NULL: &[&str] = &[
        // Ranges over samples a platform never carries: no percentile.
        "p10",
        "p50",
        "p90",
        "min",
        "max",
        "drivers_of",
        "cumulative_usd",
        "stack_monthly_usd",
        "as_of",
        "reason",
        "monthly_usd",
        "per_device_monthly_usd",
        "units",
        "onset_devices",
        "quota_request_by",
        "do_by",
        "chosen_tier",
        "cheapest",
        // A limit with headroom has no severity; no launch platform when none carries it.
        "severity",
        "id",
        "blocked_by",
        "request_by",
    ];
    fn walk(value: &serde_json::Value, path: &str, key: &str) -> Option<String> {
        match value {
            serde_json::Value::Null if !MAY_BE_NULL.contains(&key) => Some(path.to_owned()),
            serde_json::Value::Number(n) if !n.as_f64().is_some_and(f64::is_finite) => {
                Some(path.to_owned())
            }
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, &format!("{path}[{i}]"), key)),
            serde_json::Value::Object(o) => o
                .iter()
                .find_map(|(k, v)| walk(v, &format!("{path}.{k}"), k)),
            _ => None,
        }
    }
    walk(&serde_json::to_value(report).unwrap(), "report", "")
}

/// Words of a text output, to look for `NaN` and `inf` as whole words ("infeasible" is fine).
pub fn shows_non_number(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "NaN" || w == "inf" || w == "Infinity")
}

/// No non-finite figure, and every feasible option carries its figures.
pub fn assert_trustworthy(r: &Report, what: &str) {
    assert_eq!(non_finite_in(r), None, "{what}");
    for p in &r.platforms {
        assert_eq!(p.feasible, p.monthly_usd.is_some(), "{what}: {:?}", p.id);
        assert_eq!(p.feasible, p.per_device_monthly_usd.is_some(), "{what}");
    }
    assert_eq!(r.stack.feasible, r.stack.monthly_usd.is_some(), "{what}");
    if let Some(id) = r.cheapest {
        assert!(r.platform(id).monthly_usd.is_some(), "{what}");
    }
}

/// A proptest runner with a fixed seed, so a failure found in CI reproduces on any machine
/// (`IOTPLAN_PROPTEST_SEED` picks another seed for a wider search).
pub fn seeded_runner(cases: u32) -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(seeded(cases))
}

/// The proptest configuration of every property: `cases` cases from a fixed seed.
pub fn seeded(cases: u32) -> proptest::test_runner::Config {
    let seed = std::env::var("IOTPLAN_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_203);
    proptest::test_runner::Config {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}
