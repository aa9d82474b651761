//! Costs over a range of fleet sizes without building the report's texts: what the charts need
//! every time a slider moves, and where two platforms' costs cross (break-even).

use crate::inputs::volume::volume;
use crate::inputs::workload::Workload;
use crate::platforms::limit::Demand;
use crate::platforms::{Inputs, REGISTRY};
use crate::prices::sheets::Sheets;
use crate::report::BreakEven;

/// Monthly totals of the platforms in registry order; `None` where infeasible.
/// `sheets` must already carry the workload's overrides.
pub fn totals(w: &Workload, s: &Sheets) -> Totals {
    let v = volume(w);
    let d = Demand::new(w);
    let x = Inputs {
        w,
        v: &v,
        d: &d,
        sheets: s,
        // Totals only: no text is written.
        m: crate::format::Money::USD,
    };
    REGISTRY.iter().map(|p| p.total(&x)).collect()
}

/// One monthly total per platform, in registry order.
pub type Totals = Vec<Option<f64>>;

/// `n` points spaced evenly on a log scale from `min` to `max`, both included.
pub fn log_space(min: f64, max: f64, n: usize) -> Vec<f64> {
    let (a, b) = (min.ln(), max.ln());
    let last = (n.max(2) - 1) as f64;
    (0..n)
        .map(|i| (a + (b - a) * i as f64 / last).exp())
        .collect()
}

/// Totals at each device count, the rest of the workload unchanged.
pub fn sweep_devices(w: &Workload, s: &Sheets, devices: &[f64]) -> Vec<Totals> {
    sweep(w, s, devices, |w, d| w.devices = d)
}

/// Totals with one input set to each of `values` in turn, the rest unchanged.
pub fn sweep(
    w: &Workload,
    s: &Sheets,
    values: &[f64],
    set: impl Fn(&mut Workload, f64),
) -> Vec<Totals> {
    let mut point = w.clone();
    values
        .iter()
        .map(|&v| {
            set(&mut point, v);
            totals(&point, s)
        })
        .collect()
}

/// Fleet sizes sampled for break-even points and the cost chart: the same grid for both, so
/// the chart's markers and `iotplan report` agree.
pub const GRID_POINTS: usize = 256;

pub fn device_grid() -> Vec<f64> {
    log_space(1.0, 1e8, GRID_POINTS)
}

/// Fleet sizes where one platform's monthly cost overtakes another's, between 1 and 100 M
/// devices. Step costs (units, nodes) can cross more than once; each crossing is listed.
pub fn break_even(w: &Workload, s: &Sheets) -> Vec<BreakEven> {
    let grid = device_grid();
    let costs = sweep_devices(w, s, &grid);
    break_even_on(w, s, &grid, &costs)
}

/// [`break_even`] on a sweep already made (`costs[i]` at `grid[i]` devices): each sign change
/// between neighbours is refined by bisection to the first whole device count past it.
pub fn break_even_on(w: &Workload, s: &Sheets, grid: &[f64], costs: &[Totals]) -> Vec<BreakEven> {
    let mut point = w.clone();
    let mut diff_at = |devices: f64, a: usize, b: usize| -> Option<f64> {
        point.devices = devices;
        let t = totals(&point, s);
        Some(t[a]? - t[b]?)
    };
    let mut out = Vec::new();
    let n = REGISTRY.len();
    for a in 0..n {
        for b in a + 1..n {
            for i in 1..grid.len().min(costs.len()) {
                let (Some(ca0), Some(cb0), Some(ca1), Some(cb1)) =
                    (costs[i - 1][a], costs[i - 1][b], costs[i][a], costs[i][b])
                else {
                    continue;
                };
                let (d0, d1) = (ca0 - cb0, ca1 - cb1);
                if d0 == 0.0 || d0.signum() == d1.signum() {
                    continue;
                }
                let (mut lo, mut hi) = (grid[i - 1].floor(), grid[i].ceil());
                while hi - lo > 1.0 {
                    let mid = f64::midpoint(lo, hi).floor();
                    match diff_at(mid, a, b) {
                        Some(d) if d.signum() == d0.signum() => lo = mid,
                        Some(_) => hi = mid,
                        None => break,
                    }
                }
                out.push(BreakEven {
                    a: REGISTRY[a].id(),
                    b: REGISTRY[b].id(),
                    devices: hi,
                });
            }
        }
    }
    out.sort_by(|x, y| x.devices.total_cmp(&y.devices));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_even_is_where_the_order_flips() {
        let w = Workload::default();
        let s = Sheets::embedded();
        let points = break_even(&w, &s);
        assert!(
            !points.is_empty(),
            "self-hosted's fixed cost must cross a metered platform"
        );
        for p in &points {
            let (a, b) = (
                crate::platforms::index(p.a).unwrap(),
                crate::platforms::index(p.b).unwrap(),
            );
            let at = |d: f64| {
                let t = totals(
                    &Workload {
                        devices: d,
                        ..w.clone()
                    },
                    &s,
                );
                t[a].unwrap() - t[b].unwrap()
            };
            assert_ne!(
                at(p.devices - 1.0).signum(),
                at(p.devices).signum(),
                "{p:?}"
            );
        }
    }

    #[test]
    fn log_space_ends() {
        let g = log_space(1.0, 1e8, 256);
        assert_eq!(g.len(), 256);
        assert!((g[0] - 1.0).abs() < 1e-9 && (g[255] - 1e8).abs() < 1e-3);
    }
}
