//! The derived data every tab draws: the report for the current inputs and the sweeps its
//! charts need, computed once per change of the inputs (never per frame), and what moved
//! against a pinned baseline.

use std::sync::Arc;

use chrono::NaiveDate;

use super::state::Baseline;
use crate::core::checklist::ChecklistState;
use crate::core::compare::{Diff, diff};
use crate::core::ranges::Ranges;
use crate::core::report::{PlatformId, Report};
use crate::core::sweep::{Totals, break_even_on, device_grid, sweep_devices};
use crate::core::workload::Workload;
use crate::core::{Context, EvaluateError, Sheets, evaluate, figures};
use crate::io::preset::Preset;

pub struct ReportView {
    /// The inputs the report was made from.
    pub workload: Workload,
    pub manual: ChecklistState,
    pub report: Report,
    /// The device grid of the cost curve and each platform's total on it.
    pub curve_devices: Vec<f64>,
    pub curve: Vec<Totals>,
    /// The same curve on the Costs tab's log axes, per platform: `[log10 devices, log10 USD]`
    /// where the platform can carry the fleet at a cost above $0. Taken with the curve, so a
    /// dragged fleet (which keeps the curve) takes no logarithm on any frame.
    pub curve_log: Vec<Vec<[f64; 2]>>,
    /// The day the report was made for (sheet ages, do-by dates, overdue requests).
    pub today: NaiveDate,
    /// The pinned baseline this view was compared with, and what moved.
    pub baseline: Option<(Baseline, BaselineView)>,
    /// The distribution over the workload's ranges (domain §13), sampled on a worker thread;
    /// until it arrives, the previous one (`ranges_current` false) or none.
    pub ranges: Option<Arc<Ranges>>,
    pub ranges_current: bool,
    /// Whether `report.projection` is for these inputs (not kept from before a drag).
    pub projection_current: bool,
    /// The platforms the tabs compare (View ▸ Platforms), in registry order: set from the
    /// preferences before every frame; the report itself always holds every platform.
    pub shown: Vec<PlatformId>,
}

impl ReportView {
    /// The platforms shown, each with its place in the registry (the index of its figures in
    /// sweeps, curves and projection months).
    pub fn shown(&self) -> impl Iterator<Item = (usize, PlatformId)> + '_ {
        self.shown
            .iter()
            .filter_map(|&id| crate::core::platforms::index(id).map(|k| (k, id)))
    }

    pub fn is_shown(&self, id: PlatformId) -> bool {
        self.shown.contains(&id)
    }
}

/// Against the pinned baseline: every delta, and the inputs that differ.
pub struct BaselineView {
    pub diff: Diff,
    /// "Devices: 1,000 to 45,000", one line per input that differs.
    pub changes: Vec<String>,
}

impl ReportView {
    /// The report of `preset` on `sheets`, the cost curve and break-even points on the grid
    /// `full_report` uses (so the window and `iotplan report` agree), and the comparison with
    /// `baseline` when one is pinned.
    pub fn build(
        preset: &Preset,
        sheets: &Sheets,
        ctx: &Context,
        baseline: Option<&Baseline>,
    ) -> Result<Self, EvaluateError> {
        Self::build_with(preset, sheets, ctx, (baseline, None), None, false)
    }

    /// [`ReportView::build`] reusing the `previous` view: its cost curve when only the fleet
    /// changed, and with `keep_projection` (a slider dragged) its projection, marked stale,
    /// instead of making one; the checklist reads it until the next build. A baseline in
    /// another region is priced with that region's sheets when given (the window's choice of
    /// set), else with its built-in ones.
    pub fn build_with(
        preset: &Preset,
        sheets: &Sheets,
        ctx: &Context,
        (baseline, baseline_sheets): (Option<&Baseline>, Option<&Sheets>),
        mut previous: Option<&mut ReportView>,
        keep_projection: bool,
    ) -> Result<Self, EvaluateError> {
        let mut report = figures(&preset.workload, sheets, ctx)?;
        let stale = previous
            .as_deref_mut()
            .filter(|_| keep_projection)
            .and_then(|v| v.report.projection.take());
        let projection_current = stale.is_none();
        match stale {
            // The projection (well under a millisecond for 36 months) decides the checklist's
            // quota item, as in `iotplan report`.
            None => crate::core::with_projection(&mut report, &preset.workload, sheets, ctx)?,
            Some(p) => {
                report.projection = Some(p);
                crate::core::decide(&mut report, &preset.workload, ctx);
            }
        }
        // The cost curve is every fleet size at the rest of the workload: a change of the fleet
        // alone (the slider moved most) leaves it and its break-even points as they were.
        let (devices, curve, curve_log) = if let Some(v) = previous
            .as_deref_mut()
            .filter(|v| same_but_devices(&v.workload, &preset.workload))
        {
            report.break_even = std::mem::take(&mut v.report.break_even);
            (
                std::mem::take(&mut v.curve_devices),
                std::mem::take(&mut v.curve),
                std::mem::take(&mut v.curve_log),
            )
        } else {
            let own = sheets.with_overrides(&preset.workload.overrides)?;
            let devices = device_grid();
            let curve = sweep_devices(&preset.workload, &own, &devices);
            report.break_even = break_even_on(&preset.workload, &own, &devices, &curve);
            let curve_log = on_log_axes(&devices, &curve);
            (devices, curve, curve_log)
        };
        // The last distribution stays on screen, marked as updating, until the new one
        // arrives (the app samples it on a worker): a dragged slider does not blank the cards.
        let ranges = previous
            .filter(|_| !preset.workload.ranges.is_empty())
            .and_then(|v| v.ranges.take());
        let baseline = match baseline {
            Some(b) => Some((
                b.clone(),
                compare_with(b, &report, (&preset.workload, sheets), baseline_sheets, ctx)?,
            )),
            None => None,
        };
        Ok(Self {
            workload: preset.workload.clone(),
            manual: preset.checklist.clone(),
            report,
            curve_devices: devices,
            curve,
            curve_log,
            today: ctx.today,
            baseline,
            ranges,
            ranges_current: false,
            projection_current,
            shown: crate::core::platforms::ids().collect(),
        })
    }
}

/// Each platform's points of the cost curve on log axes, where its cost is above $0 (a $0
/// figure has no point on a log axis).
fn on_log_axes(devices: &[f64], curve: &[Totals]) -> Vec<Vec<[f64; 2]>> {
    let platforms = curve.first().map_or(0, Vec::len);
    (0..platforms)
        .map(|k| {
            devices
                .iter()
                .zip(curve)
                .filter_map(|(d, c)| c[k].filter(|v| *v > 0.0).map(|v| [d.log10(), v.log10()]))
                .collect()
        })
        .collect()
}

/// Whether two workloads differ at most in their fleet size.
fn same_but_devices(a: &Workload, b: &Workload) -> bool {
    let mut a = a.clone();
    a.devices = b.devices;
    a == *b
}

/// The baseline's report (on its own region's sheets) against `report`.
fn compare_with(
    b: &Baseline,
    report: &Report,
    (now, sheets): (&Workload, &Sheets),
    other_region: Option<&Sheets>,
    ctx: &Context,
) -> Result<BaselineView, EvaluateError> {
    let base_sheets;
    let sheets = match other_region {
        _ if b.preset.workload.region == now.region => sheets,
        Some(other) => other,
        None => {
            base_sheets = Sheets::embedded_for(b.preset.workload.region);
            &base_sheets
        }
    };
    let base_ctx = Context {
        manual: b.preset.checklist.clone(),
        ..ctx.clone()
    };
    let base = evaluate(&b.preset.workload, sheets, &base_ctx)?;
    Ok(BaselineView {
        diff: diff(&base, report, &b.name),
        changes: changed_inputs(&b.preset.workload, now),
    })
}

/// The inputs that differ between two workloads, in the field table's order, in its words.
pub fn changed_inputs(base: &Workload, now: &Workload) -> Vec<String> {
    // Only what reads differently: a value that differs below what is shown is not a change.
    let mut out: Vec<String> = crate::core::fields::FIELDS
        .iter()
        .filter(|f| f.text(base) != f.text(now))
        .map(|f| (f, f.display(base), f.display(now)))
        .filter(|(_, a, b)| a != b)
        .map(|(f, a, b)| format!("{}: {a} to {b}", f.label))
        .collect();
    let keys: std::collections::BTreeSet<&String> =
        base.overrides.keys().chain(now.overrides.keys()).collect();
    let figure = |v: Option<&f64>| {
        v.map_or_else(
            || "the sheet's".to_owned(),
            |v| crate::core::format::Num(*v).to_string(),
        )
    };
    for key in keys {
        let (a, b) = (base.overrides.get(key), now.overrides.get(key));
        if a != b {
            out.push(format!("{key}: {} to {}", figure(a), figure(b)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fleet_change_keeps_the_cost_curve() {
        let a = Workload::default();
        let b = Workload {
            devices: 45_000.0,
            ..a.clone()
        };
        assert!(same_but_devices(&a, &b));
        let c = Workload {
            message_bytes: 120.0,
            ..a.clone()
        };
        assert!(!same_but_devices(&a, &c));
        assert!(!same_but_devices(&b, &c));
    }
}
