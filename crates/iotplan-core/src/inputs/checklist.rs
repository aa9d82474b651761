//! The launch-readiness checklist as data (domain §10): items with their group, lead time and
//! the rule that decides them, and the user's ticks on manual items.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::report::Severity;

/// How an item is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    /// The user ticks it.
    Manual,
    /// The launch platform can carry the workload at all.
    LaunchPlatformCarries,
    /// Peak × safety factor within every limit of the launch platform.
    QuotasWithinSafety,
    /// The user ticks it once the launch platform's quotas needing more are requested; n/a
    /// when none does; due by the earliest request-by date.
    QuotaRequested,
    /// The launch platform reconnects the whole fleet within the reconnect target.
    ReconnectWithinTarget,
    /// A published message, command and method fit the launch platform's size limits.
    MessageSizeFits,
    /// The launch platform's monthly total is within the budget (n/a without a budget).
    UnderBudget,
    /// The forecast includes data transfer out.
    EgressIncluded,
    /// Lifecycle tiering is on (n/a when all data fits the hot tier).
    TieringOn,
    /// No tier holds data for less than its class's minimum storage duration.
    StorageMinimums,
    /// The reference stack's serial SLA meets the availability target.
    AvailabilityMet,
    /// The launch platform's own SLA meets the availability target.
    LaunchAvailability,
    /// Peak Lambda concurrency stays within the database's connection limit.
    ServerlessConnections,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckItem {
    // Shared, not copied, into every report: a report is made on every slider move.
    pub id: Arc<str>,
    pub group: Arc<str>,
    pub title: Arc<str>,
    pub why: Arc<str>,
    pub lead_time_days: u32,
    /// How much it matters when it fails or is overdue (a rule may say more, as a limit's
    /// verdict does); written as `severity` in the file.
    #[serde(rename = "severity", default = "default_severity", skip_serializing)]
    pub severity_if_failed: Severity,
    /// How the item is decided: the report shows the outcome, not the rule.
    #[serde(skip_serializing)]
    pub rule: Rule,
}

fn default_severity() -> Severity {
    Severity::Warning
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Shared with every report's items: a report is made on every slider move.
    pub items: Vec<Arc<CheckItem>>,
}

pub const EMBEDDED_CHECKLIST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/checklist.ron"
));

impl Checklist {
    pub fn embedded() -> Self {
        #[expect(
            clippy::expect_used,
            reason = "the embedded checklist is tested in every build"
        )]
        crate::prices::parse::parse_ron("checklist.ron", EMBEDDED_CHECKLIST)
            .expect("embedded checklist parses")
    }
}

/// The user's state of one manual item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManualState {
    pub done: bool,
    pub note: String,
    pub done_on: Option<NaiveDate>,
}

/// Manual ticks, notes and dates by item id.
pub type ChecklistState = BTreeMap<String, ManualState>;
