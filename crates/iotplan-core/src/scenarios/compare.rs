//! Comparing two reports (domain §15): what moved between a baseline workload and a new one,
//! per platform and the stack, line by line, and which limits and checklist items changed.
//! Every delta is the difference of two reports' own figures; nothing is recomputed.

pub use crate::report::comparison::{
    Change, Comparison, Delta, Diff, ItemDelta, LimitChange, PlatformDelta, ReadinessChange,
    StorageChange, Threshold, VolumeChange,
};
use crate::report::{LineItem, Report};

pub fn compare(base: &Report, new: &Report, baseline: &str) -> Comparison {
    Comparison {
        baseline: baseline.to_owned(),
        baseline_launch_platform: base.launch_platform.id,
        platforms: new
            .platforms
            .iter()
            .map(|p| PlatformDelta {
                id: p.id,
                delta: Delta::new(base.platform(p.id).monthly_usd, p.monthly_usd),
            })
            .collect(),
        stack: Delta::new(base.stack.monthly_usd, new.stack.monthly_usd),
    }
}

/// Splits each platform's and the stack's change into the part from the changed workload and the
/// part from changed prices, given the new workload evaluated on the baseline's prices (domain
/// §18). Nothing to split when the prices did not change: the price part is then zero.
pub fn split_by_cause(c: &mut Comparison, on_old_prices: &Report) {
    for p in &mut c.platforms {
        p.delta.split(on_old_prices.platform(p.id).monthly_usd);
    }
    c.stack.split(on_old_prices.stack.monthly_usd);
}

/// Line items by name on both sides: each that moved, appeared or went away.
fn item_deltas(platform: &'static str, base: &[LineItem], new: &[LineItem]) -> Vec<ItemDelta> {
    let mut names: Vec<&str> = new.iter().map(|i| i.name.as_ref()).collect();
    names.extend(
        base.iter()
            .map(|i| i.name.as_ref())
            .filter(|n| !new.iter().any(|i| i.name == *n)),
    );
    names
        .into_iter()
        .filter_map(|name| {
            let find =
                |items: &[LineItem]| items.iter().find(|i| i.name == name).map(|i| i.monthly_usd);
            let delta = Delta::new(find(base), find(new));
            let moved = match (delta.baseline_monthly_usd, delta.monthly_usd) {
                (Some(_), Some(_)) => delta.changed(),
                // Appearing or going away is a change even at $0.
                _ => true,
            };
            moved.then(|| ItemDelta {
                platform,
                name: name.to_owned(),
                delta,
            })
        })
        .collect()
}

/// Limits whose throttled status differs between the reports.
fn limit_changes(base: &Report, new: &Report) -> Vec<LimitChange> {
    new.throttle
        .limits
        .iter()
        .filter_map(|l| {
            let before = base
                .throttle
                .limits
                .iter()
                .find(|b| b.platform == l.platform && b.name == l.name)?;
            (before.throttled != l.throttled).then(|| LimitChange {
                platform: l.platform,
                name: l.name.to_string(),
                baseline_throttled: before.throttled,
                throttled: l.throttled,
            })
        })
        .collect()
}

/// Checklist items whose status differs between the reports.
fn readiness_changes(base: &Report, new: &Report) -> Vec<ReadinessChange> {
    new.readiness
        .items
        .iter()
        .filter_map(|i| {
            let before = base
                .readiness
                .items
                .iter()
                .find(|b| b.item.id == i.item.id)?;
            (before.status != i.status).then(|| ReadinessChange {
                id: i.item.id.to_string(),
                title: i.item.title.to_string(),
                baseline_status: before.status,
                status: i.status,
            })
        })
        .collect()
}

pub fn diff(base: &Report, new: &Report, baseline: &str) -> Diff {
    let mut line_items = Vec::new();
    for p in &new.platforms {
        line_items.extend(item_deltas(
            p.id.id(),
            &base.platform(p.id).line_items,
            &p.line_items,
        ));
    }
    line_items.extend(item_deltas(
        "stack",
        &base.stack.line_items,
        &new.stack.line_items,
    ));
    let change = |b: f64, n: f64| Change {
        baseline: b,
        now: n,
    };
    let (limits, readiness) = (limit_changes(base, new), readiness_changes(base, new));
    Diff {
        sheet_set: crate::report::comparison::SheetSetChange {
            baseline: std::sync::Arc::clone(&base.sheet_set),
            now: std::sync::Arc::clone(&new.sheet_set),
        },
        comparison: compare(base, new, baseline),
        line_items,
        volume: VolumeChange {
            messages_per_month: change(
                base.volume.messages_per_month,
                new.volume.messages_per_month,
            ),
            gb_per_month: change(base.volume.gb_per_month, new.volume.gb_per_month),
            peak_messages_per_second: change(
                base.volume.peak_messages_per_second,
                new.volume.peak_messages_per_second,
            ),
        },
        storage: StorageChange {
            tiered_monthly_usd: change(
                base.storage.tiered_monthly_usd,
                new.storage.tiered_monthly_usd,
            ),
            all_hot_monthly_usd: change(
                base.storage.all_hot_monthly_usd,
                new.storage.all_hot_monthly_usd,
            ),
        },
        limits,
        readiness,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Sheets, Workload, evaluate};

    fn report(w: &Workload) -> Report {
        evaluate(w, &Sheets::embedded(), &Context::new(crate::test_today())).unwrap()
    }

    #[test]
    fn deltas_are_the_difference_of_two_reports() {
        let base = report(&Workload::default());
        let new = report(&Workload {
            devices: 2_000.0,
            ..Workload::default()
        });
        let c = compare(&base, &new, "base.ron");
        for p in &new.platforms {
            let d = c.platform(p.id).unwrap();
            let (b, n) = (base.platform(p.id).monthly_usd, p.monthly_usd);
            assert_eq!(d.baseline_monthly_usd, b);
            assert_eq!(d.monthly_usd, n);
            if let (Some(b), Some(n)) = (b, n) {
                assert_eq!(d.delta_usd, Some(n - b));
                assert_eq!(d.delta_fraction, Some((n - b) / b));
            }
        }
        // AWS IoT Core doubles with the fleet: $14.69 → $29.38 (connectivity and messages are
        // linear, no free tier): +100 %.
        let aws = c.platform(crate::platforms::aws_iot_core::ID).unwrap();
        assert!((aws.delta_fraction.unwrap() - 1.0).abs() < 1e-9);
        // The same workload changes nothing.
        let same = diff(&base, &base, "same");
        assert!(same.line_items.is_empty() && same.limits.is_empty() && same.readiness.is_empty());
        assert!(same.comparison.platforms.iter().all(|p| !p.delta.changed()));
    }

    #[test]
    fn the_gate_trips_on_percent_and_on_dollars() {
        let d = Delta::new(Some(100.0), Some(112.0));
        assert!(Threshold::parse("10%").unwrap().exceeded(&d).is_some());
        assert!(Threshold::parse("15 %").unwrap().exceeded(&d).is_none());
        assert!(Threshold::parse("10").unwrap().exceeded(&d).is_some());
        assert!(Threshold::parse("12").unwrap().exceeded(&d).is_none());
        // A fall is never over; an infeasible new total always is.
        assert!(
            Threshold::parse("0%")
                .unwrap()
                .exceeded(&Delta::new(Some(100.0), Some(90.0)))
                .is_none()
        );
        assert!(
            Threshold::parse("1000")
                .unwrap()
                .exceeded(&Delta::new(Some(100.0), None))
                .is_some()
        );
        for bad in ["", "-5", "ten", "NaN", "inf", "5%%"] {
            assert_eq!(Threshold::parse(bad), None, "{bad}");
        }
    }
}
