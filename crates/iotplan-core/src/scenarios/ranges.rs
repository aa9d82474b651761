//! Ranges (domain §13): how sure a figure is. Each ranged field is drawn from a triangular
//! distribution (low, typical, high), independently, with a seeded generator; every sample is
//! evaluated by the same core as the typical workload, so a sample's figures are exactly those
//! `iotplan report` would print for that workload.

use rand::SeedableRng as _;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution as _, Triangular};

use crate::analyses::sweep;
use crate::evaluate::{Context, EvaluateError, figures};
use crate::inputs::fields::{FieldSpec, Kind, field};
use crate::inputs::workload::{self, Workload};
use crate::platforms::REGISTRY;
use crate::prices::sheets::Sheets;
pub use crate::report::distribution::{
    Driver, FieldRange, LimitRange, PlatformRange, Ranges, Spread,
};
use crate::report::{PlatformId, Report, Text};

/// Why sampling stopped early.
#[derive(Debug, thiserror::Error)]
pub enum RangesError {
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
    #[error("cancelled")]
    Cancelled,
}

/// The ranges of `w` (domain §13); `None` when no field has one. `cancelled` is asked every few
/// samples, so a window can drop a run whose inputs changed.
pub fn ranges(
    w: &Workload,
    sheets: &Sheets,
    ctx: &Context,
    cancelled: &dyn Fn() -> bool,
) -> Result<Option<Ranges>, RangesError> {
    if w.ranges.is_empty() {
        return Ok(None);
    }
    let typical = figures(w, sheets, ctx)?;
    // Overrides are the same for every sample: applied once (per sample was 20 × slower).
    let own = sheets
        .with_overrides(&w.overrides)
        .map_err(EvaluateError::from)?;
    let sheets = own.as_ref();
    let ranged = ranged_fields(w);
    let draws = draw(w, &ranged);
    // Each sample starts from the workload, its overrides already in `sheets`.
    let mut typical_inputs = w.clone();
    typical_inputs.overrides.clear();
    let mut tally = Tally::new(&typical);
    tally.sample(&typical_inputs, (&ranged, &draws), (sheets, ctx), cancelled)?;
    let drivers_of = typical.cheapest;
    let drivers = match drivers_of {
        Some(id) => drivers(&typical_inputs, sheets, id, &ranged, &draws, cancelled)?,
        None => Vec::new(),
    };
    let share = tally.share();
    Ok(Some(Ranges {
        samples: draws.len(),
        seed: seed(w),
        rejected_samples: draws.len() - tally.valid,
        fields: ranged
            .iter()
            .map(|(spec, r)| FieldRange {
                name: spec.name,
                low: r.low,
                typical: spec.number(w).unwrap_or_default(),
                high: r.high,
            })
            .collect(),
        platforms: REGISTRY
            .iter()
            .map(|p| p.id())
            .zip(tally.totals.iter_mut().zip(&tally.cheapest))
            .map(|(id, (totals, &cheapest))| PlatformRange {
                id,
                spread: {
                    let feasible = share(totals.len());
                    spread(totals, feasible)
                },
                probability_cheapest: share(cheapest),
            })
            .collect(),
        stack: {
            let feasible = share(tally.stack.len());
            spread(&mut tally.stack, feasible)
        },
        limits: tally
            .limits
            .into_iter()
            .map(|(platform, name, count)| LimitRange {
                platform,
                name,
                probability_throttled: share(count),
            })
            .collect(),
        drivers_of,
        drivers,
    }))
}

/// What the samples add up to, before percentiles.
struct Tally {
    valid: usize,
    /// Feasible monthly totals per platform, in registry order.
    totals: Vec<Vec<f64>>,
    cheapest: Vec<usize>,
    stack: Vec<f64>,
    /// Fleet-wide limits (those with an onset), in the typical report's order, and how many
    /// samples exceeded each.
    limits: Vec<(PlatformId, Text, usize)>,
}

impl Tally {
    /// Evaluates every drawn sample of `typical` and counts it; a sample the core refuses is
    /// left out (`rejected_samples`).
    fn sample(
        &mut self,
        typical: &Workload,
        (ranged, draws): (&[Ranged], &[Vec<f64>]),
        (sheets, ctx): (&Sheets, &Context),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(), RangesError> {
        let mut sample = typical.clone();
        for (i, values) in draws.iter().enumerate() {
            if i.is_multiple_of(64) && cancelled() {
                return Err(RangesError::Cancelled);
            }
            apply(&mut sample, ranged, values);
            if let Ok(report) = figures(&sample, sheets, ctx) {
                self.add(&report);
            }
        }
        Ok(())
    }

    fn new(typical: &Report) -> Self {
        Self {
            valid: 0,
            totals: vec![Vec::new(); REGISTRY.len()],
            cheapest: vec![0; REGISTRY.len()],
            stack: Vec::new(),
            limits: typical
                .throttle
                .limits
                .iter()
                .filter(|l| l.onset_devices.is_some())
                .map(|l| (l.platform, l.name.clone(), 0))
                .collect(),
        }
    }

    fn add(&mut self, report: &Report) {
        self.valid += 1;
        for (k, p) in report.platforms.iter().enumerate() {
            if let Some(m) = p.monthly_usd {
                self.totals[k].push(m);
            }
        }
        if let Some(id) = report.cheapest
            && let Some(k) = crate::platforms::index(id)
        {
            self.cheapest[k] += 1;
        }
        if let Some(m) = report.stack.monthly_usd {
            self.stack.push(m);
        }
        for row in report.throttle.limits.iter().filter(|l| l.throttled) {
            if let Some(l) = self
                .limits
                .iter_mut()
                .find(|l| l.0 == row.platform && *l.1 == *row.name)
            {
                l.2 += 1;
            }
        }
    }

    /// A count as a share of the valid samples.
    fn share(&self) -> impl Fn(usize) -> f64 + use<> {
        let valid = self.valid;
        move |count| {
            if valid == 0 {
                0.0
            } else {
                count as f64 / valid as f64
            }
        }
    }
}

/// Each ranged field's P10 and P90 of `id`'s total with only that field varying (its values of
/// the joint samples), widest first. Only the totals are needed, so the sweep's fast path.
fn drivers(
    w: &Workload,
    sheets: &Sheets,
    id: PlatformId,
    ranged: &[Ranged],
    draws: &[Vec<f64>],
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<Driver>, RangesError> {
    let k = crate::platforms::index(id).unwrap_or_default();
    let mut drivers = Vec::with_capacity(ranged.len());
    for (j, (spec, _)) in ranged.iter().enumerate() {
        let mut one = w.clone();
        let mut alone: Vec<f64> = Vec::with_capacity(draws.len());
        for (i, values) in draws.iter().enumerate() {
            if i.is_multiple_of(256) && cancelled() {
                return Err(RangesError::Cancelled);
            }
            spec.set_number(&mut one, values[j]);
            if let Some(m) = sweep::totals(&one, sheets)[k] {
                alone.push(m);
            }
        }
        let s = spread(&mut alone, 0.0);
        drivers.push(Driver {
            name: spec.name,
            p10: s.p10,
            p90: s.p90,
        });
    }
    drivers.sort_by(|a, b| b.width().total_cmp(&a.width()));
    Ok(drivers)
}

type Ranged = (&'static FieldSpec, workload::Range);

/// Sets each ranged field to its drawn value; nothing else changes.
fn apply(sample: &mut Workload, ranged: &[Ranged], values: &[f64]) {
    for ((spec, _), &v) in ranged.iter().zip(values) {
        spec.set_number(sample, v);
    }
}

/// The ranged fields in the field table's order (a validated workload names only numeric ones).
fn ranged_fields(w: &Workload) -> Vec<Ranged> {
    w.ranges
        .iter()
        .filter_map(|(name, &r)| field(name).map(|spec| (spec, r)))
        .collect()
}

fn seed(w: &Workload) -> u64 {
    // A validated seed is a whole number in 0..=u32::MAX.
    w.range_seed as u64
}

/// `range_samples` rows of one value per ranged field: triangular (low, typical, high), whole
/// numbers for whole-number fields. Drawn field by field within a sample, so a seed gives the
/// same samples on every machine.
fn draw(w: &Workload, ranged: &[Ranged]) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed(w));
    let shapes: Vec<Option<Triangular<f64>>> = ranged
        .iter()
        .map(|(spec, r)| Triangular::new(r.low, r.high, spec.number(w).unwrap_or_default()).ok())
        .collect();
    let n = w.range_samples as usize;
    (0..n)
        .map(|_| {
            ranged
                .iter()
                .zip(&shapes)
                .map(|((spec, r), shape)| {
                    let v = shape
                        .as_ref()
                        .map_or(spec.number(w).unwrap_or_default(), |t| t.sample(&mut rng))
                        .clamp(r.low, r.high);
                    if spec.kind == Kind::Integer {
                        v.round()
                    } else {
                        v
                    }
                })
                .collect()
        })
        .collect()
}

/// Percentiles of `values` (sorted in place), linearly interpolated between neighbours
/// (P50 of 1, 2, 3, 4 is 2.5).
fn spread(values: &mut [f64], feasible_share: f64) -> Spread {
    values.sort_by(f64::total_cmp);
    Spread {
        feasible_share,
        p10: percentile(values, 0.1),
        p50: percentile(values, 0.5),
        p90: percentile(values, 0.9),
        min: values.first().copied(),
        max: values.last().copied(),
    }
}

/// The `q`-quantile of sorted values, interpolated between order statistics.
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let at = q * last as f64;
    let (below, frac) = (at.floor() as usize, at.fract());
    let a = sorted[below];
    let b = sorted[(below + 1).min(last)];
    Some(a + (b - a) * frac)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate;
    use crate::inputs::workload::Range;
    use chrono::NaiveDate;

    fn ctx() -> Context {
        Context::new(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default())
    }

    fn ranged(pairs: &[(&str, f64, f64)]) -> Workload {
        let mut w = Workload::default();
        for &(name, low, high) in pairs {
            w.ranges.insert(name.to_owned(), Range { low, high });
        }
        w.range_samples = 500.0;
        w
    }

    fn run(w: &Workload) -> Ranges {
        ranges(w, &Sheets::embedded(), &ctx(), &|| false)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn percentiles_interpolate_between_order_statistics() {
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.1), Some(1.4));
        assert_eq!(percentile(&[7.0], 0.9), Some(7.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    /// Overrides are applied to the sheets once, and count exactly as if the sheets had them.
    #[test]
    fn overrides_count_once_and_as_sheet_figures() {
        let mut with = ranged(&[("devices", 500.0, 50_000.0)]);
        with.overrides
            .insert("aws_iot_core.inbound_publish_per_account".to_owned(), 100.0);
        let mut without = with.clone();
        without.overrides.clear();
        let sheets = Sheets::embedded();
        let overridden = sheets.with_overrides(&with.overrides).unwrap();
        let a = run(&with);
        let b = ranges(&without, overridden.as_ref(), &ctx(), &|| false)
            .unwrap()
            .unwrap();
        assert_eq!(a, b);
        // And they do count: the same ranges on the plain sheets throttle less often.
        assert_ne!(a, run(&without));
    }

    #[test]
    fn no_range_no_block() {
        let out = ranges(&Workload::default(), &Sheets::embedded(), &ctx(), &|| false).unwrap();
        assert!(out.is_none());
    }

    #[test]
    fn a_seed_gives_the_same_figures_and_another_seed_others() {
        let w = ranged(&[("devices", 5_000.0, 20_000.0)]);
        let mut w = w;
        w.devices = 10_000.0;
        let (a, b) = (run(&w), run(&w));
        assert_eq!(a, b);
        w.range_seed = 7.0;
        let c = run(&w);
        assert_ne!(a.platforms[0].spread.p50, c.platforms[0].spread.p50);
    }

    #[test]
    fn percentiles_are_ordered_and_the_typical_figure_lies_within() {
        let mut w = ranged(&[
            ("devices", 5_000.0, 20_000.0),
            ("messages_per_device_per_hour", 6.0, 60.0),
        ]);
        w.devices = 10_000.0;
        let r = run(&w);
        let typical = evaluate(&w, &Sheets::embedded(), &ctx()).unwrap();
        for p in &r.platforms {
            let s = &p.spread;
            let (Some(lo), Some(p10), Some(p50), Some(p90), Some(hi)) =
                (s.min, s.p10, s.p50, s.p90, s.max)
            else {
                continue;
            };
            assert!(lo <= p10 && p10 <= p50 && p50 <= p90 && p90 <= hi, "{p:?}");
            if let Some(m) = typical.platform(p.id).monthly_usd {
                assert!(lo <= m && m <= hi, "{:?}: {m} outside {lo}..{hi}", p.id);
            }
        }
        let cheapest: f64 = r.platforms.iter().map(|p| p.probability_cheapest).sum();
        assert!((cheapest - 1.0).abs() < 1e-12, "{cheapest}");
        // Devices spread the total more than messages per hour at these ranges? Both are
        // linear in AWS's messaging; the drivers are ranked by width, largest first.
        assert_eq!(r.drivers.len(), 2);
        assert!(r.drivers[0].width() >= r.drivers[1].width());
        assert_eq!(r.samples, 500);
        assert_eq!(r.rejected_samples, 0);
    }

    #[test]
    fn a_field_without_a_range_never_varies() {
        use crate::inputs::fields::FIELDS;
        let mut w = ranged(&[("message_bytes", 100.0, 2_000.0)]);
        w.message_bytes = 500.0;
        let fields = ranged_fields(&w);
        let draws = draw(&w, &fields);
        assert_eq!(draws.len(), 500);
        let mut seen = std::collections::BTreeSet::new();
        for values in &draws {
            let mut sample = w.clone();
            apply(&mut sample, &fields, values);
            for spec in FIELDS {
                let (now, typical) = (
                    spec.number(&sample).unwrap_or_default(),
                    spec.number(&w).unwrap_or_default(),
                );
                if spec.name == "message_bytes" {
                    assert!((100.0..=2_000.0).contains(&now));
                    seen.insert(now.to_bits());
                } else {
                    assert_eq!(now.to_bits(), typical.to_bits(), "{} varied", spec.name);
                }
            }
        }
        assert!(
            seen.len() > 400,
            "the ranged field varies: {} values",
            seen.len()
        );
        let r = run(&w);
        assert_eq!(r.fields[0].typical, 500.0);
        // The cluster's price depends on devices and rates, not on message size at this scale:
        // every sample prices it the same.
        let hosted = r
            .platforms
            .iter()
            .find(|p| p.id == crate::platforms::self_hosted::ID)
            .unwrap();
        assert_eq!(hosted.spread.min, hosted.spread.max);
    }

    #[test]
    fn throttle_probability_follows_the_devices() {
        // AWS's account publish limit, 20,000/s: at 1 msg/min and a safety factor of 3 it is
        // exceeded beyond 400,000 devices, so by every sample here and by none below.
        let mut w = ranged(&[("devices", 500_000.0, 1_000_000.0)]);
        w.devices = 750_000.0;
        w.messages_per_device_per_hour = 60.0;
        let r = run(&w);
        let publish = r
            .limits
            .iter()
            .find(|l| l.platform == crate::platforms::aws_iot_core::ID && l.name.contains("ublish"))
            .unwrap();
        assert_eq!(publish.probability_throttled, 1.0);
        // Azure's S1 unit, 400,000 messages a day, is the first ceiling of the default workload
        // (288 messages per device per day × safety 3): 400 devices stay below it.
        let mut w = ranged(&[("devices", 100.0, 400.0)]);
        w.devices = 200.0;
        let r = run(&w);
        let hit: Vec<_> = r
            .limits
            .iter()
            .filter(|l| l.platform == crate::platforms::azure_iot_hub::ID)
            .filter(|l| l.probability_throttled > 0.0)
            .collect();
        assert!(hit.is_empty(), "{hit:?}");
    }

    #[test]
    fn whole_number_fields_draw_whole_numbers() {
        let mut w = ranged(&[("devices", 5_000.0, 20_000.0)]);
        w.devices = 10_000.0;
        let draws = draw(&w, &ranged_fields(&w));
        assert!(draws.iter().all(|d| d[0].fract() == 0.0));
    }

    #[test]
    fn a_run_can_be_cancelled() {
        let w = ranged(&[("devices", 500.0, 2_000.0)]);
        let out = ranges(&w, &Sheets::embedded(), &ctx(), &|| true);
        assert!(matches!(out, Err(RangesError::Cancelled)));
    }
}
