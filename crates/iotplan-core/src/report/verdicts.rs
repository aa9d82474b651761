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

impl ItemStatus {
    /// As the JSON and the Readiness tab write it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Manual => "manual",
            Self::NotApplicable => "n/a",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadinessItem {
    /// The checklist item: its id, group, title, why and lead time (shared, not copied).
    #[serde(flatten)]
    pub item: std::sync::Arc<crate::inputs::checklist::CheckItem>,
    pub status: ItemStatus,
    /// The figure that decided an automatic item, or the manual note.
    pub reason: super::LazyText,
    pub automatic: bool,
    /// How much it matters when it fails or is overdue; `None` while it passes, is n/a or is a
    /// manual item not yet due.
    pub severity: Option<super::figures::Severity>,
    pub do_by: Option<NaiveDate>,
    pub overdue: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Readiness {
    pub passed: usize,
    pub applicable: usize,
    pub score: f64,
    /// Ids of the items whose failure (or overdue tick) stops the launch.
    pub blockers: Vec<String>,
    /// Ids of the items at risk: they work, but not with the margin asked for.
    pub warnings: Vec<String>,
    pub items: Vec<ReadinessItem>,
}
