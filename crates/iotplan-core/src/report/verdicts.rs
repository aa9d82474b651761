//! The checklist's verdicts: each item's status, the reason that decided it, and progress.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    Pass,
    Fail,
    Manual,
    #[serde(rename = "n/a")]
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadinessItem {
    /// The checklist item: its id, group, title, why and lead time (shared, not copied).
    #[serde(flatten)]
    pub item: std::sync::Arc<crate::inputs::checklist::CheckItem>,
    pub status: ItemStatus,
    /// The figure that decided an automatic item, or the manual note.
    pub reason: String,
    pub automatic: bool,
    pub do_by: Option<NaiveDate>,
    pub overdue: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Readiness {
    pub passed: usize,
    pub applicable: usize,
    pub score: f64,
    /// Ids of failed automatic items and overdue manual items.
    pub blockers: Vec<String>,
    pub items: Vec<ReadinessItem>,
}
