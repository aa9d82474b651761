//! The binary as CI uses it: exit codes, JSON keys, overrides, budgets and bad arguments.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{iotplan, stderr, stdout};

fn json(args: &[&str]) -> serde_json::Value {
    let out = iotplan(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn set_overrides_fields_and_sheet_figures() {
    let r = json(&[
        "report",
        "--format",
        "json",
        "--set",
        "devices=45000",
        "--set",
        "message_bytes=120",
    ]);
    assert_eq!(r["volume"]["messages_per_month"], 45_000.0 * 12.0 * 720.0);
    assert_eq!(
        r["volume"]["gb_per_month"],
        45_000.0 * 12.0 * 720.0 * 120.0 / 1e9
    );
    // Domain §7 through the CLI: the rule-of-thumb limit of 100 publishes/s.
    let r = json(&[
        "report",
        "--format",
        "json",
        "--set",
        "devices=10000",
        "--set",
        "messages_per_device_per_hour=60",
        "--set",
        "aws_iot_core.inbound_publish_per_account=100",
        "--set",
        "launch_platform=aws-iot-core",
    ]);
    assert_eq!(r["launch_platform"]["id"], "aws-iot-core");
    let publish = &r["throttle"]["limits"][0];
    assert_eq!(publish["limit_per_second"], 100.0);
    assert_eq!(publish["throttled"], true);
    assert_eq!(r["throttle"]["quota_to_request_per_second"], 500.0);
}

#[test]
fn bad_set_exits_2_with_one_line_naming_field_and_range() {
    for (arg, needle) in [
        ("devices=0", "1 to 100000000"),
        ("devices=lots", "devices"),
        ("message_bytes=300000", "262144"),
        ("nope=3", "unknown field `nope`"),
        ("devices", "FIELD=VALUE"),
        ("aws_iot_core.nope=1", "aws_iot_core.nope"),
    ] {
        let out = iotplan(&["report", "--set", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let err = stderr(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "{arg}: {err}");
        assert!(err.contains(needle), "{arg}: {err}");
    }
}

#[test]
fn budget_gate_exits_3_over_budget() {
    let over = iotplan(&["report", "--format", "json", "--budget", "1"]);
    assert_eq!(over.status.code(), Some(3));
    assert!(stderr(&over).contains("over budget"));
    assert!(!over.stdout.is_empty(), "the report is still printed");
    assert_eq!(
        iotplan(&["report", "--budget", "1000000"]).status.code(),
        Some(0)
    );
    let named = iotplan(&["report", "--budget", "100", "--platform", "self-hosted"]);
    assert_eq!(named.status.code(), Some(3));
    assert!(stderr(&named).contains("self-hosted"));
    assert_eq!(
        iotplan(&["report", "--budget", "100", "--platform", "gcp"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn markdown_and_csv_carry_the_same_figures() {
    let r = json(&["report", "--format", "json"]);
    let aws_total = r["platforms"][0]["monthly_usd"].as_f64().unwrap();
    let md = String::from_utf8(iotplan(&["report", "--format", "markdown"]).stdout).unwrap();
    assert!(md.contains(&iotplan::core::format::usd(aws_total)), "{md}");
    let csv = String::from_utf8(iotplan(&["report", "--format", "csv"]).stdout).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("platform total,aws-iot-core,Total")
                && l.contains(&aws_total.to_string())),
        "{csv}"
    );
}

#[test]
fn broken_sheet_names_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("iotplan-sheets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = iotplan::core::sheets::embedded::STORAGE.replacen("value: 0.023", "value: -1.0", 1);
    let line = text.lines().position(|l| l.contains("-1.0")).unwrap() + 1;
    std::fs::write(dir.join("storage.ron"), text).unwrap();
    let out = iotplan(&["report", "--sheets", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("storage.ron:{line}:")), "{err}");
    assert!(err.contains("warm.usd_per_gb_month"), "{err}");
    assert!(err.contains("expected a price"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn simulate_prints_the_json_keys_deterministically() {
    let r = json(&[
        "simulate",
        "--devices",
        "20000",
        "--connects-per-second",
        "100",
        "--backoff",
        "full-jitter",
        "--format",
        "json",
    ]);
    for key in [
        "seconds_to_99_percent",
        "seconds_to_all_connected",
        "attempts",
    ] {
        assert!(r[key].is_number(), "{key}");
    }
    let series = r["series"].as_array().unwrap();
    for key in ["second", "accepted", "rejected", "waiting"] {
        assert!(series[0][key].is_number(), "series[].{key}");
    }
    // Never faster than devices ÷ rate = 200 s.
    assert!(r["seconds_to_all_connected"].as_f64().unwrap() >= 200.0);
    let same = json(&[
        "simulate",
        "--devices",
        "20000",
        "--connects-per-second",
        "100",
        "--backoff",
        "full-jitter",
        "--format",
        "json",
    ]);
    assert_eq!(r, same, "deterministic for the default seed");
}

#[test]
fn simulate_refuses_bad_arguments_with_exit_2() {
    // (devices, connects per second, backoff, extra arguments)
    let cases: [(&str, &str, &str, &[&str]); 5] = [
        ("0", "100", "none", &[]),
        ("20000000", "100", "none", &[]),
        ("10", "-1", "none", &[]),
        ("10", "5", "polite", &[]),
        ("10", "5", "none", &["--cap-ms", "1"]),
    ];
    for (devices, rate, backoff, extra) in cases {
        let mut args = vec![
            "simulate",
            "--devices",
            devices,
            "--connects-per-second",
            rate,
            "--backoff",
            backoff,
        ];
        args.extend_from_slice(extra);
        let args = args.as_slice();
        let out = iotplan(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).is_empty());
    }
}

#[test]
fn section_11_example_reproduces_from_the_command_line() {
    let r = json(&[
        "report",
        "--format",
        "json",
        "--set",
        "devices=10000",
        "--set",
        "messages_per_device_per_hour=60",
        "--set",
        "message_bytes=2048",
        "--set",
        "subscribers_per_message=2",
        "--set",
        "commands_per_device_per_day=24",
        "--set",
        "command_bytes=300",
    ]);
    let messaging = r["platforms"][0]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Messaging")
        .unwrap();
    assert_eq!(messaging["quantity"], 1_317_600_000.0);
    let usd = messaging["monthly_usd"].as_f64().unwrap();
    assert!((usd - 1_254.08).abs() < 0.005, "{usd}");
    assert!(
        messaging["formula"]
            .as_str()
            .unwrap()
            .contains("fan-out 864,000,000"),
        "{messaging}"
    );
}

#[test]
fn the_ireland_example_reproduces_in_eu_west_1() {
    // The vendor's Ireland example: 100,000 devices, 325 messages of 1 KB a day, always
    // connected: connectivity $345.60, messaging $975.00.
    let r = json(&[
        "report",
        "--format",
        "json",
        "--set",
        "region=eu-west-1",
        "--set",
        "devices=100000",
        "--set",
        "messages_per_device_per_hour=13.541666666666666",
        "--set",
        "message_bytes=1024",
    ]);
    assert_eq!(r["region"], "eu-west-1");
    let item = |name: &str| {
        r["platforms"][0]["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap()["monthly_usd"]
            .as_f64()
            .unwrap()
    };
    assert!((item("Connectivity") - 345.60).abs() < 0.005);
    assert!((item("Messaging") - 975.00).abs() < 0.005);
    let sheets = r["sheets"].as_array().unwrap();
    assert!(sheets[0]["title"].as_str().unwrap().contains("eu-west-1"));
    let out = iotplan(&["report", "--set", "region=mars-1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("us-east-1 or eu-west-1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn figures_are_shown_in_the_chosen_currency_and_json_keeps_usd() {
    // The Ireland example's messaging, $975.00, at the sheet's 0.74389 GBP per USD (the ECB's
    // 0.87340 GBP and 1.1741 USD per EUR): 975 × 0.74389 = £725.29.
    let ireland = [
        "--set",
        "region=eu-west-1",
        "--set",
        "devices=100000",
        "--set",
        "messages_per_device_per_hour=13.541666666666666",
        "--set",
        "message_bytes=1024",
        "--set",
        "currency=gbp",
    ];
    let mut args = vec!["report", "--format", "json"];
    args.extend(ireland);
    let r = json(&args);
    assert_eq!(r["currency"]["code"], "GBP");
    assert_eq!(r["currency"]["symbol"], "£");
    assert_eq!(r["currency"]["rate"], 0.74389);
    assert_eq!(r["currency"]["as_of"], "2025-03-03");
    let messaging = &r["platforms"][0]["line_items"][1];
    assert_eq!(messaging["name"], "Messaging");
    assert!((messaging["monthly_usd"].as_f64().unwrap() - 975.0).abs() < 0.005);

    let mut args = vec!["report", "--format", "markdown"];
    args.extend(ireland);
    let md = common::stdout(&iotplan(&args));
    assert!(
        md.contains("**Currency:** GBP (£), 0.74389 per USD as of 2025-03-03"),
        "{md}"
    );
    assert!(md.contains("| £725.29 |"), "{md}");

    let mut args = vec!["report", "--format", "csv"];
    args.extend(ireland);
    let csv = common::stdout(&iotplan(&args));
    assert!(csv.starts_with(
        "section,platform,name,quantity,unit,unit_usd,monthly_usd,p10_usd,p50_usd,p90_usd,currency,unit_price,monthly,formula"
    ));
    assert!(csv.contains("\ncurrency,,GBP,0.74389,per USD,"), "{csv}");
    let row = csv.lines().find(|l| l.contains(",Messaging,")).unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[10], "GBP", "{row}");
    let converted: f64 = cells[12].parse().unwrap();
    assert!((converted - 725.292_75).abs() < 1e-6, "{row}");

    // USD, the default, needs no rate.
    let r = json(&["report", "--format", "json"]);
    assert_eq!(r["currency"]["code"], "USD");
    assert_eq!(r["currency"]["rate"], 1.0);
    assert!(r["currency"]["as_of"].is_null());
}

#[test]
fn the_exchange_rate_is_editable_and_checked() {
    let r = json(&[
        "report",
        "--format",
        "json",
        "--set",
        "currency=EUR",
        "--set",
        "currency.eur_per_usd=0.5",
    ]);
    assert_eq!(r["currency"]["rate"], 0.5);
    for (set, says) in [
        ("currency.eur_per_usd=0", "exchange rate"),
        ("currency=XYZ", "USD, EUR or GBP"),
    ] {
        let out = iotplan(&["report", "--set", "currency=EUR", "--set", set]);
        assert_eq!(out.status.code(), Some(2), "{set}");
        assert!(stderr(&out).contains(says), "{set}: {}", stderr(&out));
    }
}

#[test]
fn diff_names_what_moved_and_its_deltas_are_the_difference_of_two_reports() {
    let d = json(&[
        "diff",
        "presets/starter.ron",
        "presets/launch-day.ron",
        "--format",
        "json",
        "--today",
        "2026-12-01",
    ]);
    for key in [
        "comparison",
        "line_items",
        "volume",
        "storage",
        "limits",
        "readiness",
    ] {
        assert!(d.get(key).is_some(), "{key}");
    }
    assert_eq!(d["comparison"]["baseline"], "starter.ron");
    let base = json(&[
        "report",
        "presets/starter.ron",
        "--format",
        "json",
        "--today",
        "2026-12-01",
    ]);
    let new = json(&[
        "report",
        "presets/launch-day.ron",
        "--format",
        "json",
        "--today",
        "2026-12-01",
    ]);
    for (i, p) in d["comparison"]["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert_eq!(p["id"], new["platforms"][i]["id"]);
        assert_eq!(
            p["baseline_monthly_usd"],
            base["platforms"][i]["monthly_usd"]
        );
        assert_eq!(p["monthly_usd"], new["platforms"][i]["monthly_usd"]);
        if let (Some(b), Some(n)) = (
            p["baseline_monthly_usd"].as_f64(),
            p["monthly_usd"].as_f64(),
        ) {
            assert_eq!(p["delta_usd"].as_f64().unwrap(), n - b);
        }
    }
    // AWS IoT Core: the domain's $596.16 against the starter's $14.69.
    let aws = &d["comparison"]["platforms"][0];
    assert!((aws["delta_usd"].as_f64().unwrap() - (596.16 - 14.688)).abs() < 0.01);
    // The 100/s publish limit of the launch-day preset is now throttled.
    assert!(
        d["limits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["throttled"] == true
                && l["baseline_throttled"] == false
                && l["platform"] == "aws-iot-core")
    );
}

#[test]
fn the_compare_gate_trips_on_percent_and_dollars_and_passes_an_unchanged_workload() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "presets/launch-day.ron",
            "--compare-to",
            "presets/starter.ron",
            "--platform",
            "aws-iot-core",
            "--format",
            "json",
        ];
        args.extend(extra);
        iotplan(&args)
    };
    // AWS IoT Core: $14.69 → $596.16, +$581.47 (+3,958.8 %).
    for (limit, code) in [("10%", 3), ("4000%", 0), ("500", 3), ("600", 0)] {
        let out = run(&["--max-increase", limit]);
        assert_eq!(out.status.code(), Some(code), "{limit}: {}", stderr(&out));
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            r["comparison"]["baseline"], "starter.ron",
            "the report is still printed"
        );
        if code == 3 {
            assert!(
                stderr(&out).contains("--max-increase: aws-iot-core rose by"),
                "{}",
                stderr(&out)
            );
        }
    }
    // The same workload against itself passes even a zero limit.
    let same = iotplan(&[
        "report",
        "presets/starter.ron",
        "--compare-to",
        "presets/starter.ron",
        "--max-increase",
        "0%",
    ]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    // Bad thresholds, and --platform without a gate, are usage errors.
    for bad in [["--max-increase", "-5%"], ["--max-increase", "lots"]] {
        let out = run(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    let lone = iotplan(&["report", "--platform", "aws-iot-core"]);
    assert_eq!(lone.status.code(), Some(2));
    assert!(stderr(&lone).contains(
        "--platform needs --strict, --budget, --max-utilization, --max-increase or --max-change"
    ));
}

/// Two ranged fields around 10,000 devices, 1,000 samples.
const RANGED: [&str; 11] = [
    "report",
    "--format",
    "json",
    "--set",
    "devices=10000",
    "--range",
    "devices=5000..20000",
    "--range",
    "message_bytes=100..400",
    "--set",
    "range_samples=1000",
];

#[test]
fn ranges_add_a_seeded_distribution_and_leave_the_typical_figures() {
    let plain = json(&["report", "--format", "json", "--set", "devices=10000"]);
    assert!(plain.get("ranges").is_none(), "no range, no block");
    let args = RANGED;
    let r = json(&args);
    assert_eq!(
        r["platforms"], plain["platforms"],
        "typical figures unchanged"
    );
    let g = &r["ranges"];
    assert_eq!(g["samples"], 1000);
    assert_eq!(g["seed"], 1);
    assert_eq!(g["fields"][0]["name"], "devices");
    assert_eq!(g["fields"][0]["low"], 5000.0);
    assert_eq!(g["fields"][0]["typical"], 10000.0);
    assert_eq!(g["fields"][0]["high"], 20000.0);
    let mut cheapest = 0.0;
    for p in g["platforms"].as_array().unwrap() {
        cheapest += p["probability_cheapest"].as_f64().unwrap();
        // A platform that carries none of the samples (EMQX Serverless beyond 1,000 sessions)
        // has no percentiles and is never cheapest.
        if p["p50"].is_null() {
            assert_eq!(p["probability_cheapest"], 0.0, "{p}");
            assert!(p["min"].is_null() && p["p90"].is_null(), "{p}");
            continue;
        }
        let f = |k: &str| p[k].as_f64().unwrap();
        assert!(f("min") <= f("p10") && f("p10") <= f("p50") && f("p50") <= f("p90"));
        assert!(f("p90") <= f("max"), "{p}");
        let id = p["id"].as_str().unwrap();
        let typical = plain["platforms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap()["monthly_usd"]
            .as_f64()
            .unwrap();
        assert!(
            f("min") <= typical && typical <= f("max"),
            "{id}: {typical}"
        );
    }
    assert!((cheapest - 1.0).abs() < 1e-9, "{cheapest}");
    for key in ["feasible_share", "p10", "p50", "p90", "min", "max"] {
        assert!(g["stack"][key].is_number(), "stack {key}");
    }
    assert!(g["limits"].as_array().unwrap().iter().all(|l| {
        let p = l["probability_throttled"].as_f64().unwrap();
        (0.0..=1.0).contains(&p) && l["platform"].is_string() && l["name"].is_string()
    }));
    let drivers = g["drivers"].as_array().unwrap();
    assert_eq!(drivers.len(), 2);
    let width = |d: &serde_json::Value| d["p90"].as_f64().unwrap() - d["p10"].as_f64().unwrap();
    assert!(width(&drivers[0]) >= width(&drivers[1]));

    // The same seed, the same figures; another seed, others.
    assert_eq!(json(&args)["ranges"], r["ranges"]);
    let mut seven = args.to_vec();
    seven.extend(["--set", "range_seed=7"]);
    let other = json(&seven);
    assert_ne!(other["ranges"]["platforms"], g["platforms"]);
    assert_eq!(other["ranges"]["seed"], 7);
}

#[test]
fn markdown_and_csv_show_the_percentiles_beside_the_totals() {
    let args = RANGED;
    let g = &json(&args)["ranges"];
    let mut md = args.to_vec();
    md[2] = "markdown";
    let md = common::stdout(&iotplan(&md));
    assert!(md.contains("| P10 | P50 | P90 | Cheapest in |"), "{md}");
    assert!(md.contains("### Ranges"), "{md}");
    let mut csv = args.to_vec();
    csv[2] = "csv";
    let csv = common::stdout(&iotplan(&csv));
    let row = csv
        .lines()
        .find(|l| l.starts_with("platform total,aws-iot-core,"))
        .unwrap();
    let p50: f64 = row.split(',').nth(8).unwrap().parse().unwrap();
    assert_eq!(Some(p50), g["platforms"][0]["p50"].as_f64(), "{row}");
}

#[test]
fn a_range_must_hold_the_value_after_every_set() {
    for (range, set, expected) in [
        (
            "devices=5000..20000",
            "devices=1000",
            "low ≤ the value (1000) ≤ high",
        ),
        ("devices=20000..5000", "devices=10000", "low ≤ the value"),
        ("nope=1..2", "devices=1000", "unknown field"),
        (
            "compression=0..1",
            "devices=1000",
            "a numeric workload field",
        ),
        ("devices=5000", "devices=10000", "expected FIELD=LOW..HIGH"),
        ("devices=0..20000", "devices=10000", "devices"),
    ] {
        let out = iotplan(&["report", "--set", set, "--range", range]);
        assert_eq!(out.status.code(), Some(2), "{range}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{range}: {err}");
        assert!(err.lines().count() <= 2, "{err}");
    }
    // Set after the range on the command line still counts: ranges are checked last.
    let out = iotplan(&[
        "report",
        "--range",
        "devices=5000..20000",
        "--set",
        "devices=8000",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The JSON report of `docs/examples/NAME.ron`.
fn example(name: &str) -> serde_json::Value {
    json(&[
        "report",
        &format!("docs/examples/{name}.ron"),
        "--format",
        "json",
    ])
}

#[test]
fn the_ranged_example_reports_its_distribution() {
    let r = example("water-utility-ranged");
    let g = &r["ranges"];
    assert_eq!(g["fields"].as_array().unwrap().len(), 2);
    // 40,000 to 120,000 devices at up to 120 readings an hour: the lab never carries it.
    let lab = g["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "self-hosted-lab")
        .unwrap();
    assert_eq!(lab["feasible_share"], 0.0);
    assert!(lab["p50"].is_null());
}

#[test]
fn the_projection_runs_month_by_month_from_the_launch_date() {
    let r = json(&[
        "report",
        "--format",
        "json",
        "--set",
        "devices=1000000",
        "--set",
        "devices_at_launch=100000",
        "--set",
        "monthly_growth_devices=100000",
        "--set",
        "messages_per_device_per_hour=60",
        "--set",
        "launch_date=2027-03-01",
        "--set",
        "projection_months=12",
    ]);
    let p = &r["projection"];
    let months = p["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0]["date"], "2027-03-01");
    assert_eq!(months[0]["devices"], 100_000.0);
    assert_eq!(months[11]["date"], "2028-02-01");
    assert_eq!(months[11]["devices"], 1_000_000.0);
    for key in ["stack_monthly_usd", "storage_monthly_usd"] {
        assert!(months[3][key].is_number(), "{key}");
    }
    let aws = &months[1]["platforms"][0];
    assert_eq!(aws["id"], "aws-iot-core");
    let sum = months[0]["platforms"][0]["monthly_usd"].as_f64().unwrap()
        + aws["monthly_usd"].as_f64().unwrap();
    assert!((aws["cumulative_usd"].as_f64().unwrap() - sum).abs() < 1e-6);
    let publish = p["crossings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["limit"] == "Inbound publish requests per second per account")
        .unwrap();
    assert_eq!(publish["platform"], "aws-iot-core");
    assert_eq!(publish["month"], 5);
    assert_eq!(publish["date"], "2027-07-01");
    assert_eq!(publish["request_by"], "2027-06-10");
    assert!(p["tier_changes"].is_array());

    let md = common::stdout(&iotplan(&[
        "report",
        "--set",
        "launch_date=2027-03-01",
        "--set",
        "projection_months=3",
    ]));
    assert!(md.contains("## Projection (month by month)"), "{md}");
    assert!(md.contains("| 3 | 2027-05-01 | 1,000 |"), "{md}");
}

#[test]
fn the_growing_fleet_example_crosses_aws_quotas_on_dates() {
    let r = example("growing-fleet");
    let p = &r["projection"];
    assert_eq!(p["months"].as_array().unwrap().len(), 24);
    // 100,000 + 50,000 a month at 1/min × 3: over 400,000 devices from month 8 (450,000).
    let publish = p["crossings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["limit"] == "Inbound publish requests per second per account")
        .unwrap();
    assert_eq!(publish["month"], 8);
    assert_eq!(publish["date"], "2027-10-01");
    assert_eq!(publish["request_by"], "2027-09-10");
}

/// A full disk on stdout is one line and exit 1; a reader that stops early (`| head -c1`) is a
/// quiet exit with the command's own code, never a panic (exit 101).
#[cfg(unix)]
#[test]
fn a_failed_or_closed_stdout_is_no_panic() {
    use std::io::Read as _;
    use std::process::Stdio;
    if std::path::Path::new("/dev/full").exists() {
        let out = common::command(&["report"])
            .stdout(
                std::fs::File::options()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.starts_with("iotplan: cannot write the output"),
            "{message}"
        );
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    let mut child = common::command(&["report", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, with most of the report unread.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

/// `--max-utilization` names each limit of the launch platform over the share, fails closed on
/// a launch platform that cannot carry the workload, and refuses a share that is not one.
#[test]
fn the_utilization_gate_names_the_limits_and_fails_closed() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "--format",
            "json",
            "--set",
            "launch_platform=aws-iot-core",
        ];
        args.extend(extra);
        iotplan(&args)
    };
    let pass = run(&["--max-utilization", "80%"]);
    assert_eq!(pass.status.code(), Some(0), "{}", stderr(&pass));
    let over = run(&[
        "--set",
        "aws_iot_core.inbound_publish_per_account=5",
        "--max-utilization",
        "80%",
    ]);
    assert_eq!(over.status.code(), Some(3));
    let why = stderr(&over);
    assert!(
        why.contains("utilization over 80.0 % on aws-iot-core")
            && why.contains("Inbound publish requests per second per account needs 10/s of 5/s"),
        "{why}"
    );
    // A command AWS refuses (over 128 KB): the launch platform cannot carry it at all.
    let refused = run(&[
        "--set",
        "commands_per_device_per_day=10",
        "--set",
        "command_bytes=131073",
        "--max-utilization",
        "80%",
    ]);
    assert_eq!(refused.status.code(), Some(3));
    assert!(
        stderr(&refused).contains("aws-iot-core cannot carry the workload"),
        "{}",
        stderr(&refused)
    );
    for bad in ["lots", "-5%", "0"] {
        assert_eq!(
            run(&["--max-utilization", bad]).status.code(),
            Some(2),
            "{bad}"
        );
    }
}

/// `iotplan quota-request`: the AWS command with the sourced quota code for the launch-day
/// preset, the same in JSON, and a plain sentence when nothing needs raising.
#[test]
fn quota_request_writes_the_aws_command() {
    let out = iotplan(&["quota-request", "presets/launch-day.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "aws service-quotas request-service-quota-increase --service-code iotcore --quota-code L-4B33E451 --desired-value 500 --region us-east-1"
        ),
        "{text}"
    );
    assert!(text.contains("by 2027-02-08"), "{text}");
    let json = json(&[
        "quota-request",
        "presets/launch-day.ron",
        "--format",
        "json",
    ]);
    assert_eq!(json["requests"][0]["requested"], 500.0);
    assert_eq!(json["requests"][0]["quota_code"], "L-4B33E451");
    assert_eq!(json["launch_platform"]["chosen_by"], "user");
    let none = iotplan(&["quota-request"]);
    assert_eq!(none.status.code(), Some(0));
    assert!(stdout(&none).contains("needs raising"), "{}", stdout(&none));
}

/// The change gates compare like with like: the baseline's launch platform, which fails closed
/// once it cannot carry the new workload; `--max-change` also trips on a fall.
#[test]
fn the_change_gates_compare_like_with_like_and_fail_closed() {
    let dir = std::env::temp_dir().join(format!("iotplan-gates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = dir.join("base.ron");
    std::fs::write(
        &base,
        "(\n  workload: (\n    devices: 10000,\n    launch_platform: \"aws-iot-core\",\n  ),\n)\n",
    )
    .unwrap();
    let new = |extra: &str| {
        let path = dir.join("new.ron");
        std::fs::write(
            &path,
            format!("(\n  workload: (\n    devices: 10000,\n    launch_platform: \"aws-iot-core\",\n{extra}  ),\n)\n"),
        )
        .unwrap();
        path
    };
    let gate = |new: &std::path::Path, flag: &str, limit: &str| {
        iotplan(&[
            "report",
            new.to_str().unwrap(),
            "--compare-to",
            base.to_str().unwrap(),
            flag,
            limit,
        ])
    };
    // Fewer readings: AWS falls. A rise-only gate passes, a move-either-way gate trips.
    let fewer = new("    messages_per_device_per_hour: 6,\n");
    assert_eq!(gate(&fewer, "--max-increase", "10%").status.code(), Some(0));
    let change = gate(&fewer, "--max-change", "10%");
    assert_eq!(change.status.code(), Some(3));
    assert!(
        stderr(&change).contains("--max-change: aws-iot-core fell by"),
        "{}",
        stderr(&change)
    );
    // Commands AWS refuses: the baseline's launch platform cannot carry the new workload, so
    // even a generous limit trips (the cheapest total could well have fallen).
    let refused = new("    commands_per_device_per_day: 10,\n    command_bytes: 131073,\n");
    let out = gate(&refused, "--max-increase", "1000%");
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("aws-iot-core cannot carry the new workload"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Under EUR or GBP every amount Markdown shows is converted: no `$` figure outside a line
/// item's formula (which quotes the sheets' USD prices, domain §12); CSV's converted columns
/// carry the percentiles too.
#[test]
fn every_amount_converts_outside_the_formulas() {
    for currency in ["EUR", "GBP"] {
        for preset in [
            "presets/water-utility.ron",
            "presets/smart-building.ron",
            "presets/vehicle-fleet.ron",
        ] {
            let out = iotplan(&[
                "report",
                preset,
                "--set",
                &format!("currency={currency}"),
                "--set",
                "tiering=false",
                "--set",
                "storage_audits_per_year=4",
                "--set",
                "aws_free_tier=credits",
            ]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let text = stdout(&out);
            let mut formula_table = false;
            for line in text.lines() {
                if line.starts_with("| Item |") {
                    formula_table = line.ends_with("| Formula |");
                }
                let shown = if formula_table && line.starts_with('|') {
                    // Every cell but the formula (the last).
                    line.trim_end_matches('|')
                        .rsplit_once('|')
                        .map_or(line, |(cells, _)| cells)
                } else {
                    line
                };
                let dollar = shown.char_indices().any(|(i, c)| {
                    c == '$' && shown[i + 1..].starts_with(|d: char| d.is_ascii_digit())
                });
                assert!(!dollar, "{currency} {preset}: {line}");
            }
        }
    }
    let csv = stdout(&iotplan(&[
        "report",
        "--format",
        "csv",
        "--set",
        "currency=EUR",
        "--range",
        "devices=500..2000",
    ]));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(&header[header.len() - 3..], ["p10", "p50", "p90"]);
}

#[test]
fn strict_refuses_a_launch_platform_priced_with_an_l_figure_and_names_it() {
    // us-east-1's default launch platform is priced from H and M figures: --strict passes.
    let ok = iotplan(&["report", "--strict", "--format", "json"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let r: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    let launch = r["launch_platform"]["id"].as_str().unwrap().to_owned();
    let platform = r["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == launch.as_str())
        .unwrap();
    assert!(
        platform["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["grade"] != "L")
    );
    // In Ireland the self-hosted broker's instances are us-east-1's price, copied: graded L.
    let out = iotplan(&[
        "report",
        "--set",
        "region=eu-west-1",
        "--strict",
        "--platform",
        "self-hosted",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("--strict: Broker nodes on Self-hosted cluster")
            && err.contains("instance_usd_per_hour, graded L"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "no report is printed");
    // Overriding that figure makes it the user's own (H): the gate moves to the next L figure.
    let out = iotplan(&[
        "report",
        "--set",
        "region=eu-west-1",
        "--set",
        "self_hosted.instance_usd_per_hour=0.15",
        "--strict",
        "--platform",
        "self-hosted",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Broker nodes on Self-hosted cluster is priced with node_"),
        "{}",
        stderr(&out)
    );
    // The JSON names the weakest figure of each item.
    let r = json(&["report", "--set", "region=eu-west-1", "--format", "json"]);
    let stack = &r["stack"]["line_items"];
    let app = stack
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "App servers")
        .unwrap();
    assert_eq!(app["grade"], "L");
    assert_eq!(app["weakest_figure"], "app_server_messages_per_second");
}

#[test]
fn sheets_diff_lists_every_figure_that_differs_with_its_change() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (us, eu) = (
        format!("{root}/assets/sheets"),
        format!("{root}/assets/sheets/eu-west-1"),
    );
    let out = iotplan(&["sheets", "diff", &us, &eu]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("5 of 227 figures differ"), "{text}");
    assert!(
        text.contains(
            "aws_stack.app_server_usd_per_hour 0.0832 → 0.0912 USD per instance-hour (+9.6 %)"
        ),
        "{text}"
    );
    assert!(
        text.contains("storage.hot.usd_per_gb_month 0.115 → 0.127 USD per GiB-month (+10.4 %)")
    );
    let out = iotplan(&["sheets", "diff", &eu, &us, "--format", "json"]);
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changed = d["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 5);
    let lab = changed
        .iter()
        .find(|c| c["figure"] == "self_hosted_lab.instance_usd_per_hour")
        .unwrap();
    assert_eq!(
        (lab["old"].as_f64(), lab["new"].as_f64()),
        (Some(0.0228), Some(0.0208))
    );
    assert!((lab["change_fraction"].as_f64().unwrap() + 0.087_719).abs() < 1e-6);
    // The same set twice: nothing differs.
    let same = stdout(&iotplan(&["sheets", "diff", &us, &us]));
    assert!(
        same.starts_with(&format!("{us} → {us}: 0 of 227 figures differ")),
        "{same}"
    );
    // A unit with a line separator stays on its line.
    let dir = std::env::temp_dir().join(format!("iotplan-sheets-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(format!("{us}/aws_stack.ron"))
        .unwrap()
        .replacen(
            "value: 0.0832, unit: \"USD per instance-hour\"",
            "value: 0.09, unit: \"USD\u{2028}per hour\"",
            1,
        );
    std::fs::write(dir.join("aws_stack.ron"), text).unwrap();
    let odd = stdout(&iotplan(&["sheets", "diff", dir.to_str().unwrap(), &us]));
    assert!(
        odd.contains("0.09 → 0.0832 USD\\u{2028}per hour (-7.6 %)\n"),
        "{odd:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    // A rate closer to zero than any real one is quoted short, not in 300 digits.
    let tiny = iotplan(&[
        "simulate",
        "--devices",
        "10",
        "--connects-per-second",
        "1e-308",
        "--backoff",
        "none",
    ]);
    assert_eq!(tiny.status.code(), Some(2));
    assert!(
        stderr(&tiny).contains("--connects-per-second: 1e-308 is out of range"),
        "{}",
        stderr(&tiny)
    );
    // A folder that is not there: exit 2, named.
    let bad = iotplan(&["sheets", "diff", &us, "/no/such/sheets"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("/no/such/sheets"));
}

#[test]
fn a_change_splits_into_usage_and_prices() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (base, new) = (
        format!("{root}/presets/vehicle-fleet.ron"),
        format!("{root}/presets/water-utility.ron"),
    );
    // A dearer first messaging tier on top of a different workload: 1,000 M messages a month
    // reach it at $0.20 more per million, so $200 of AWS IoT Core's change is the price.
    let r = json(&[
        "report",
        &new,
        "--compare-to",
        &base,
        "--set",
        "aws_iot_core.messaging_tier1_per_million=1.2",
        "--format",
        "json",
    ]);
    let platforms = r["comparison"]["platforms"].as_array().unwrap();
    let aws = platforms
        .iter()
        .find(|p| p["id"] == "aws-iot-core")
        .unwrap();
    let f = |p: &serde_json::Value, k: &str| p[k].as_f64().unwrap();
    assert!((f(aws, "price_delta_usd") - 200.0).abs() < 1e-6, "{aws}");
    for p in platforms.iter().filter(|p| p["delta_usd"].is_number()) {
        let sum = f(p, "usage_delta_usd") + f(p, "price_delta_usd");
        assert!((sum - f(p, "delta_usd")).abs() < 1e-6, "{p}");
        if p["id"] != "aws-iot-core" {
            assert!(f(p, "price_delta_usd").abs() < 1e-9, "{p}");
        }
    }
    let stack = &r["comparison"]["stack"];
    assert!(
        (f(stack, "price_delta_usd") - 200.0).abs() < 1e-6,
        "{stack}"
    );
    // Markdown shows the split as two columns, only when prices moved.
    let md = stdout(&iotplan(&[
        "report",
        &new,
        "--compare-to",
        &base,
        "--set",
        "aws_iot_core.messaging_tier1_per_million=1.2",
    ]));
    assert!(
        md.contains("| | Baseline | Now | Change | From usage | From prices |"),
        "{md}"
    );
    assert!(md.contains("| $200.00 |"), "{md}");
    let plain = stdout(&iotplan(&["report", &new, "--compare-to", &base]));
    assert!(plain.contains("| | Baseline | Now | Change |\n"), "{plain}");
    // The same prices on both sides: the whole change is usage, in `diff` too.
    let d = json(&["diff", &base, &new, "--format", "json"]);
    for p in d["comparison"]["platforms"].as_array().unwrap() {
        if p["delta_usd"].is_number() {
            assert_eq!(f(p, "price_delta_usd"), 0.0, "{p}");
            assert!((f(p, "usage_delta_usd") - f(p, "delta_usd")).abs() < 1e-9);
        }
    }
}
