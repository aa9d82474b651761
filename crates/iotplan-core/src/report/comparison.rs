//! Comparing two reports (domain §15): the deltas of totals, line items, volume, storage,
//! limits and checklist items, and the CI gate's threshold.

use serde::Serialize;

use super::platform_id::PlatformId;
use super::verdicts::ItemStatus;

/// A monthly total before and after, and how far it moved. With no figure on either side
/// (infeasible), the deltas are absent too; the fraction is absent for a zero baseline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Delta {
    pub baseline_monthly_usd: Option<f64>,
    pub monthly_usd: Option<f64>,
    pub delta_usd: Option<f64>,
    pub delta_fraction: Option<f64>,
    /// The part of `delta_usd` from the changed workload (the new workload on the baseline's
    /// prices, less the baseline), when the two reports' prices are known (domain §18).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_delta_usd: Option<f64>,
    /// The part from changed prices (the new report, less the new workload on old prices);
    /// with `usage_delta_usd` it sums to `delta_usd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_delta_usd: Option<f64>,
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
            usage_delta_usd: None,
            price_delta_usd: None,
        }
    }

    /// Splits the change by its cause, given the total of the new workload on the baseline's
    /// prices: usage = that − baseline, price = now − that (both absent when any is).
    pub fn split(&mut self, on_old_prices: Option<f64>) {
        let parts = self
            .baseline_monthly_usd
            .zip(on_old_prices)
            .zip(self.monthly_usd)
            .map(|((base, mixed), now)| (mixed - base, now - mixed));
        self.usage_delta_usd = parts.map(|p| p.0);
        self.price_delta_usd = parts.map(|p| p.1);
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
    /// The baseline's launch platform: what a change gate compares, like with like (§15).
    pub baseline_launch_platform: Option<PlatformId>,
    pub platforms: Vec<PlatformDelta>,
    pub stack: Delta,
}

impl Comparison {
    pub fn platform(&self, id: PlatformId) -> Option<&Delta> {
        self.platforms.iter().find(|p| p.id == id).map(|p| &p.delta)
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
    /// The sheet sets each side was priced with.
    pub sheet_set: SheetSetChange,
}

/// The sheet set of the baseline and of the workload now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetSetChange {
    pub baseline: std::sync::Arc<str>,
    pub now: std::sync::Arc<str>,
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
        self.exceeded_by(delta, false)
    }

    /// Why `delta` moved by more than this threshold in either direction (a fall can be a lost
    /// feature: `--max-change`), failing closed as [`Threshold::exceeded`] does.
    pub fn changed_beyond(self, delta: &Delta) -> Option<String> {
        self.exceeded_by(delta, true)
    }

    fn exceeded_by(self, delta: &Delta, both_ways: bool) -> Option<String> {
        let (Some(base), Some(now)) = (delta.baseline_monthly_usd, delta.monthly_usd) else {
            return Some(match delta.monthly_usd {
                None => "cannot carry the new workload".to_owned(),
                Some(_) => "had no baseline figure to compare with".to_owned(),
            });
        };
        let change = now - base;
        let allowed = match self {
            Self::Fraction(f) => base * f,
            Self::Usd(usd) => usd,
        };
        let moved = if both_ways { change.abs() } else { change };
        (moved > allowed).then(|| {
            format!(
                "{} by {} ({}), more than the {} allowed",
                if change >= 0.0 { "rose" } else { "fell" },
                crate::format::usd(change.abs()),
                delta
                    .delta_fraction
                    .map_or_else(|| "from zero".to_owned(), crate::format::percent),
                crate::format::usd(allowed)
            )
        })
    }
}
