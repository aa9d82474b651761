//! Comparing two reports (domain §15): what moved between a baseline workload and a new one,
//! per platform and the stack, line by line, and which limits and checklist items changed.
//! Every delta is the difference of two reports' own figures; nothing is recomputed.

use serde::Serialize;

use super::report::{ItemStatus, PlatformId, Report};

/// A monthly total before and after, and how far it moved. With no figure on either side
/// (infeasible), the deltas are absent too; the fraction is absent for a zero baseline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Delta {
    pub baseline_monthly_usd: Option<f64>,
    pub monthly_usd: Option<f64>,
    pub delta_usd: Option<f64>,
    pub delta_fraction: Option<f64>,
}

impl Delta {
    pub fn new(baseline: Option<f64>, now: Option<f64>) -> Self {
        let delta = baseline.zip(now).map(|(b, n)| n - b);
        Self {
            baseline_monthly_usd: baseline,
            monthly_usd: now,
            delta_usd: delta,
            delta_fraction: delta
                .zip(baseline)
                .filter(|(_, b)| *b > 0.0)
                .map(|(d, b)| d / b),
        }
    }

    /// Whether the total moved by at least a cent (or became, or stopped being, feasible).
    pub fn changed(&self) -> bool {
        match self.delta_usd {
            Some(d) => d.abs() >= 0.005,
            None => self.baseline_monthly_usd.is_some() != self.monthly_usd.is_some(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformDelta {
    pub id: PlatformId,
    #[serde(flatten)]
    pub delta: Delta,
}

/// The JSON `comparison` block: the platforms and the stack against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// What the baseline is (its file name or title).
    pub baseline: String,
    pub platforms: Vec<PlatformDelta>,
    pub stack: Delta,
}

impl Comparison {
    pub fn platform(&self, id: PlatformId) -> Option<&Delta> {
        self.platforms.iter().find(|p| p.id == id).map(|p| &p.delta)
    }
}

pub fn compare(base: &Report, new: &Report, baseline: &str) -> Comparison {
    Comparison {
        baseline: baseline.to_owned(),
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

/// A line item that moved: on a platform or in the stack (`platform` is then `stack`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemDelta {
    pub platform: &'static str,
    pub name: String,
    #[serde(flatten)]
    pub delta: Delta,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Change {
    pub baseline: f64,
    pub now: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VolumeChange {
    pub messages_per_month: Change,
    pub gb_per_month: Change,
    pub peak_messages_per_second: Change,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StorageChange {
    pub tiered_monthly_usd: Change,
    pub all_hot_monthly_usd: Change,
}

/// A limit whose throttled status changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LimitChange {
    pub platform: PlatformId,
    pub name: String,
    pub baseline_throttled: bool,
    pub throttled: bool,
}

/// A checklist item whose status changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadinessChange {
    pub id: String,
    pub title: String,
    pub baseline_status: ItemStatus,
    pub status: ItemStatus,
}

/// `iotplan diff --format json`: the comparison and everything that moved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    pub comparison: Comparison,
    pub line_items: Vec<ItemDelta>,
    pub volume: VolumeChange,
    pub storage: StorageChange,
    pub limits: Vec<LimitChange>,
    pub readiness: Vec<ReadinessChange>,
}

/// Line items by name on both sides: each that moved, appeared or went away.
fn item_deltas(
    platform: &'static str,
    base: &[super::report::LineItem],
    new: &[super::report::LineItem],
) -> Vec<ItemDelta> {
    let mut names: Vec<&str> = new.iter().map(|i| i.name.as_ref()).collect();
    names.extend(
        base.iter()
            .map(|i| i.name.as_ref())
            .filter(|n| !new.iter().any(|i| i.name == *n)),
    );
    names
        .into_iter()
        .filter_map(|name| {
            let find = |items: &[super::report::LineItem]| {
                items.iter().find(|i| i.name == name).map(|i| i.monthly_usd)
            };
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

/// How much a total may rise before the CI gate trips: a share of the baseline or US dollars.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    Fraction(f64),
    Usd(f64),
}

impl Threshold {
    /// `10%` or a bare number of US dollars (`250`); non-negative and finite.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (number, percent) = match text.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (text, false),
        };
        let value: f64 = number
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
        Some(if percent {
            Self::Fraction(value / 100.0)
        } else {
            Self::Usd(value)
        })
    }

    /// Why `delta` is over this threshold, or `None` when it is within it. A platform that
    /// stopped being feasible is always over; one with no baseline figure cannot be judged and
    /// is over too (fail closed).
    pub fn exceeded(self, delta: &Delta) -> Option<String> {
        let (Some(base), Some(now)) = (delta.baseline_monthly_usd, delta.monthly_usd) else {
            return Some(match delta.monthly_usd {
                None => "cannot carry the new workload".to_owned(),
                Some(_) => "had no baseline figure to compare with".to_owned(),
            });
        };
        let rise = now - base;
        let allowed = match self {
            Self::Fraction(f) => base * f,
            Self::Usd(usd) => usd,
        };
        (rise > allowed).then(|| {
            format!(
                "rose by {} ({}), more than the {} allowed",
                super::format::usd(rise),
                delta
                    .delta_fraction
                    .map_or_else(|| "from zero".to_owned(), super::format::percent),
                super::format::usd(allowed)
            )
        })
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
        let aws = c.platform(PlatformId::AwsIotCore).unwrap();
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
