//! Properties over every accepted workload: outputs finite, costs monotonic in fleet size,
//! storage monotonic in retention. (That totals are the sums of their items is part of the
//! worked examples and of the snapshots, not re-computed here.)

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use iotplan::core::fields::{FIELDS, Kind};
use iotplan::core::report::{ItemStatus, Remedy, Report, Severity};
use iotplan::core::sweep::totals;
use iotplan::core::workload::Workload;
use iotplan::core::{Context, Sheets, evaluate};
use iotplan::export::{Format, render};
use proptest::prelude::*;

/// A workload with every field drawn from its own range (log ranges drawn on a log scale).
fn workload() -> impl Strategy<Value = Workload> {
    proptest::collection::vec(0.0..=1.0f64, FIELDS.len()).prop_map(|unit| {
        let mut w = Workload::default();
        for (spec, u) in FIELDS.iter().zip(unit) {
            let value = match spec.kind {
                Kind::Named => {
                    let options = spec.options();
                    let pick =
                        options[((u * options.len() as f64) as usize).min(options.len() - 1)];
                    spec.set_text(&mut w, pick.id).unwrap();
                    continue;
                }
                Kind::Date => {
                    // None, or a day within three years of the tests' today.
                    let text = if u < 0.2 {
                        "none".to_owned()
                    } else {
                        (iotplan::core::test_today() + chrono::Days::new((u * 1100.0) as u64))
                            .to_string()
                    };
                    spec.set_text(&mut w, &text).unwrap();
                    continue;
                }
                Kind::Bool => f64::from(u8::from(u > 0.5)),
                Kind::Choice(values) => {
                    values[((u * values.len() as f64) as usize).min(values.len() - 1)].0
                }
                _ if spec.logarithmic => {
                    (spec.min.ln() + u * (spec.max.ln() - spec.min.ln())).exp()
                }
                _ => spec.min + u * (spec.max - spec.min),
            };
            let value = if spec.kind == Kind::Integer {
                value.round()
            } else {
                value
            };
            spec.set_number(&mut w, value.clamp(spec.min, spec.max));
        }
        let mut bounds = [
            w.storage_hot_days,
            w.storage_warm_until_days,
            w.storage_cold_until_days,
        ];
        bounds.sort_by(f64::total_cmp);
        [
            w.storage_hot_days,
            w.storage_warm_until_days,
            w.storage_cold_until_days,
        ] = bounds;
        w
    })
}

fn report(w: &Workload) -> Report {
    evaluate(
        w,
        &Sheets::embedded(),
        &Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
    )
    .expect("a workload in range evaluates")
}

/// Every number in the report is finite (see `common::non_finite_in`).
fn assert_finite(r: &Report) {
    assert_eq!(common::non_finite_in(r), None);
}

proptest! {
    #![proptest_config(common::seeded(256))]

    #[test]
    fn every_output_is_finite(w in workload()) {
        let r = report(&w);
        assert_finite(&r);
        // A platform that cannot carry the workload is never the cheapest.
        prop_assert!(r.cheapest.is_none_or(|c| r.platform(c).feasible));
    }

    #[test]
    fn more_devices_never_cost_less(w in workload(), factor in 1.0..100.0f64) {
        let s = Sheets::embedded();
        let small = totals(&w, &s);
        let bigger = Workload { devices: (w.devices * factor).round().min(1e8), ..w.clone() };
        let big = totals(&bigger, &s);
        for (a, b) in small.iter().zip(big) {
            if let (Some(a), Some(b)) = (a, b) {
                prop_assert!(b >= *a, "{a} → {b}");
            }
        }
    }

    #[test]
    fn longer_retention_never_stores_less(w in workload(), extra in 1.0..1000.0f64) {
        let longer = Workload { retention_days: (w.retention_days + extra.round()).min(3650.0), ..w.clone() };
        let (a, b) = (report(&w).storage, report(&longer).storage);
        let held = |s: &iotplan::core::report::Storage| s.tiers.iter().map(|t| t.gb).sum::<f64>();
        prop_assert!(held(&b) >= held(&a));
        prop_assert!(b.all_hot_gb >= a.all_hot_gb);
    }

    #[test]
    fn the_sweep_agrees_with_the_report(w in workload()) {
        let r = report(&w);
        let t = totals(&w, &Sheets::embedded());
        for (p, total) in r.platforms.iter().zip(t) {
            prop_assert_eq!(p.monthly_usd, total);
        }
    }
}

#[test]
fn the_largest_corner_stays_finite() {
    // 100 M devices at 3,600 readings/h of 256 KB: ≈ 6.8 × 10^19 bytes/month, past u64.
    let w = Workload {
        devices: 1e8,
        messages_per_device_per_hour: 3600.0,
        message_bytes: 262_144.0,
        retention_days: 3650.0,
        ..Workload::default()
    };
    let r = report(&w);
    assert!(
        (r.volume.bytes_per_month - 6.794_772_48e19).abs() / 6.8e19 < 1e-6,
        "{}",
        r.volume.bytes_per_month
    );
    assert!(r.volume.bytes_per_month > u64::MAX as f64);
    assert_finite(&r);
    assert!(
        !r.platform(iotplan::core::platforms::aws_iot_core::ID)
            .feasible
    );
}

#[test]
fn the_smallest_corner_stays_finite() {
    let w = Workload {
        devices: 1.0,
        messages_per_device_per_hour: 0.01,
        message_bytes: 1.0,
        retention_days: 1.0,
        ..Workload::default()
    };
    let r = report(&w);
    assert_finite(&r);
}

proptest! {
    #![proptest_config(common::seeded(32))]

    /// Ranges on any two numeric fields of any accepted workload: every figure finite, the
    /// percentiles ordered, shares between 0 and 1, the cheapest shares summing to 1 whenever
    /// any sample had a feasible platform.
    #[test]
    fn ranges_are_finite_and_ordered(
        w in workload(),
        picks in proptest::collection::vec((0usize..FIELDS.len(), 0.0..=1.0f64, 0.0..=1.0f64), 2),
    ) {
        use iotplan::core::workload::Range;
        let mut w = w;
        w.range_samples = 100.0;
        for (i, a, b) in picks {
            let spec = &FIELDS[i];
            if !spec.is_rangeable() {
                continue;
            }
            let value = spec.number(&w).unwrap();
            let round = |v: f64| if spec.kind == Kind::Integer { v.round() } else { v };
            let low = round(value - a * (value - spec.min)).clamp(spec.min, value);
            let high = round(value + b * (spec.max - value)).clamp(value, spec.max);
            w.ranges.insert(spec.name.to_owned(), Range { low, high });
        }
        prop_assume!(!w.ranges.is_empty());
        let ctx = Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        let r = iotplan::core::ranges::ranges(&w, &Sheets::embedded(), &ctx, &|| false)
            .unwrap()
            .unwrap();
        let mut cheapest = 0.0;
        for p in r.platforms.iter().map(|p| &p.spread).chain([&r.stack]) {
            prop_assert!((0.0..=1.0).contains(&p.feasible_share));
            if let (Some(lo), Some(p10), Some(p50), Some(p90), Some(hi)) = (p.min, p.p10, p.p50, p.p90, p.max) {
                prop_assert!([lo, p10, p50, p90, hi].iter().all(|v| v.is_finite()));
                prop_assert!(lo <= p10 && p10 <= p50 && p50 <= p90 && p90 <= hi);
            }
        }
        for p in &r.platforms {
            cheapest += p.probability_cheapest;
        }
        // Each sample has at most one cheapest platform; exactly one when some platform is
        // feasible in every sample.
        prop_assert!(cheapest <= 1.0 + 1e-9, "{cheapest}");
        let always = r.platforms.iter().any(|p| p.spread.feasible_share == 1.0);
        prop_assert!(!always || (cheapest - 1.0).abs() < 1e-9, "{cheapest}");
        prop_assert!(r.limits.iter().all(|l| (0.0..=1.0).contains(&l.probability_throttled)));
        prop_assert!(r.drivers.iter().all(|d| d.width().is_finite() && d.width() >= 0.0));
    }
}

proptest! {
    #![proptest_config(common::seeded(32))]

    /// The projection of any accepted workload: every month finite, the fleet never above
    /// `devices` and never shrinking, the spend so far never falling, crossings in order of the
    /// months they name.
    #[test]
    fn projections_are_finite_and_monotonic(w in workload()) {
        let ctx = Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        let p = iotplan::core::projection::projection(&w, &Sheets::embedded(), &ctx).unwrap();
        prop_assert_eq!(p.months.len(), w.projection_months as usize);
        let mut fleet = 0.0;
        let mut spent = vec![0.0f64; iotplan::core::platforms::REGISTRY.len()];
        for m in &p.months {
            prop_assert!(m.devices >= fleet && m.devices <= w.devices.max(1.0));
            fleet = m.devices;
            prop_assert!(m.storage_monthly_usd.is_finite() && m.storage_monthly_usd >= 0.0);
            prop_assert!(m.stack_monthly_usd.is_none_or(f64::is_finite));
            for (k, mp) in m.platforms.iter().enumerate() {
                prop_assert!(mp.monthly_usd.is_none_or(|v| v.is_finite() && v >= 0.0));
                if let Some(c) = mp.cumulative_usd {
                    prop_assert!(c.is_finite() && c + 1e-9 >= spent[k]);
                    spent[k] = c;
                }
            }
        }
        for c in &p.crossings {
            prop_assert!(c.month >= 1 && c.month as usize <= p.months.len());
            // A quota is asked for ahead; units, tiers and capacity are bought that month.
            if c.remedy == Remedy::QuotaRequest {
                prop_assert!(c.request_by < c.date);
            } else {
                prop_assert_eq!(c.request_by, c.date);
            }
        }
    }
}

proptest! {
    #![proptest_config(common::seeded(128))]

    /// One verdict per limit (domain §16): the JSON, the Markdown and the CSV carry each row's
    /// verdict word for word; the checklist's limits item is exactly as severe as the launch
    /// platform's worst limit and quotes every flagged one; a later month's crossing is in
    /// its limit's verdict; the quotas to request are the launch platform's over-quota rows.
    #[test]
    fn every_output_gives_the_same_verdict_on_a_limit(w in workload()) {
        let ctx = Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        let r = iotplan::core::full_report(&w, &Sheets::embedded(), &ctx).unwrap();
        let markdown = render(&r, Format::Markdown).unwrap();
        let csv = render(&r, Format::Csv).unwrap();
        let json: serde_json::Value = serde_json::from_str(&render(&r, Format::Json).unwrap()).unwrap();
        for (i, l) in r.throttle.limits.iter().enumerate() {
            let row = &json["throttle"]["limits"][i];
            let verdict = l.verdict.to_string();
            prop_assert_eq!(row["verdict"].as_str(), Some(verdict.as_str()));
            prop_assert_eq!(row["severity"].as_str(), l.severity.map(Severity::title));
            prop_assert_eq!(row["remedy"].as_str(), Some(l.remedy.id()));
            prop_assert!(markdown.contains(&verdict), "{}", verdict);
            prop_assert!(csv.contains(&verdict), "{}", verdict);
        }
        let item = |id: &str| r.readiness.items.iter().find(|i| &*i.item.id == id).unwrap();
        let limits = item("quotas-within-safety");
        match r.launch_platform.id {
            // A launch platform that cannot carry the workload fails "carries" instead.
            Some(launch) if !r.platform(launch).feasible => {
                prop_assert_eq!(limits.status, ItemStatus::NotApplicable);
                prop_assert_eq!(item("launch-platform-carries").severity, Some(Severity::Blocker));
            }
            Some(launch) => {
                let worst = r.worst_limit(launch);
                prop_assert_eq!(limits.severity, worst.and_then(|l| l.severity));
                for l in r.limits_worst_first(launch).into_iter().filter(|l| l.severity.is_some()) {
                    prop_assert!(limits.reason.text().contains(&l.verdict.to_string()), "{}", limits.reason);
                }
                let over_quota = r.throttle.limits.iter().filter(|l| {
                    l.platform == launch && l.remedy == Remedy::QuotaRequest && l.throttled
                });
                prop_assert_eq!(over_quota.count(), r.throttle.requests.len());
                prop_assert!(r.throttle.requests.iter().all(|q| q.platform == launch));
            }
            None => {
                prop_assert_eq!(limits.status, ItemStatus::NotApplicable);
                prop_assert!(r.throttle.requests.is_empty());
            }
        }
        for c in r.projection.iter().flat_map(|p| &p.crossings).filter(|c| c.month > 1) {
            let l = r.throttle.limits.iter().find(|l| l.platform == c.platform && l.name == c.limit).unwrap();
            prop_assert!(
                l.verdict.to_string().contains(&format!("from month {}", c.month)),
                "month {}: {}", c.month, l.verdict
            );
        }
    }
}
