//! What the Optimise tab draws, computed off the drawing path when the workload changes: the
//! tab and its charts read it, neither computes it.

use crate::core::optimise::{Optimisation, Swing};
use crate::core::report::PlatformId;
use crate::core::workload::Workload;

/// What the Optimise tab draws, computed when the workload changes.
pub struct OptimiseView {
    pub workload: Workload,
    pub optimisation: Optimisation,
    pub batch_sizes: Vec<f64>,
    pub by_batch: Vec<crate::core::sweep::Totals>,
    pub tornado: Vec<Swing>,
    pub tornado_platform: PlatformId,
}
