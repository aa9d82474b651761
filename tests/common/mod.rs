//! Checks shared by the trust and fuzz tests.
#![allow(dead_code)]

use std::process::{Command, Output};

use iotplan::core::report::Report;

/// Runs the built binary.
pub fn iotplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iotplan"))
        .args(args)
        .output()
        .expect("the binary runs")
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
    const MAY_BE_NULL: [&str; 18] = [
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
