//! The derived data every tab draws: the report for the current inputs and the sweeps its
//! charts need, computed once per change of the inputs (never per frame).

use chrono::NaiveDate;

use crate::core::readiness::ChecklistState;
use crate::core::report::Report;
use crate::core::workload::Workload;

pub struct ReportView {
    /// The inputs the report was made from.
    pub workload: Workload,
    pub manual: ChecklistState,
    pub report: Report,
    /// The device grid of the cost curve and each platform's total on it.
    pub curve_devices: Vec<f64>,
    pub curve: Vec<crate::core::sweep::Totals>,
    /// The day the report was made for (sheet ages, do-by dates, overdue requests).
    pub today: NaiveDate,
}
