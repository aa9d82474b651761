//! Scenarios around one report: ranges (many samples), the growth projection (many months),
//! and comparing two reports. Each evaluates the pipeline many times; none is below it.

pub mod compare;
pub mod projection;
pub mod ranges;

use crate::analyses::sweep;
use crate::evaluate::{Context, EvaluateError, decide, figures};
use crate::inputs::workload::Workload;
use crate::prices::sheets::Sheets;
use crate::report::Report;

/// Adds the growth projection to a report of `w`, and decides the checklist with its crossings.
pub fn with_projection(
    report: &mut Report,
    w: &Workload,
    sheets: &Sheets,
    ctx: &Context,
) -> Result<(), EvaluateError> {
    report.projection = Some(projection::projection(w, sheets, ctx)?);
    decide(report, w, ctx);
    Ok(())
}

/// [`crate::evaluate`] plus the break-even device counts, the projection and the ranges: what
/// the CLI prints and the GUI shows (the window samples the ranges on a worker thread).
pub fn full_report(w: &Workload, sheets: &Sheets, ctx: &Context) -> Result<Report, EvaluateError> {
    // The checklist is decided once, by `with_projection`, when the crossings are known.
    let mut report = figures(w, sheets, ctx)?;
    report.break_even = sweep::break_even(w, sheets.with_overrides(&w.overrides)?.as_ref());
    with_projection(&mut report, w, sheets, ctx)?;
    report.ranges = match ranges::ranges(w, sheets, ctx, &|| false) {
        Ok(r) => r,
        Err(ranges::RangesError::Evaluate(e)) => return Err(e),
        Err(ranges::RangesError::Cancelled) => None,
    };
    Ok(report)
}
