//! The figures of a report: volume, each platform's cost, the stack, limits, storage,
//! availability and the serverless check.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::items::{LineItem, Text};
use super::platform_id::PlatformId;
pub use super::verdict::LimitStatus;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Volume {
    /// Readings leaving the devices per month (after send-on-change and edge filtering).
    pub readings_per_month: f64,
    /// Published messages per month (readings ÷ batch size).
    pub messages_per_month: f64,
    pub bytes_per_message: f64,
    pub bytes_per_month: f64,
    /// Decimal GB (10^9 bytes).
    pub gb_per_month: f64,
    pub average_messages_per_second: f64,
    pub peak_messages_per_second: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformCost {
    pub id: PlatformId,
    pub feasible: bool,
    pub reason: Option<String>,
    /// What kind of limit makes it infeasible, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<Blocked>,
    pub monthly_usd: Option<f64>,
    pub per_device_monthly_usd: Option<f64>,
    pub line_items: Vec<LineItem>,
    pub notes: Vec<super::items::LazyText>,
    /// The size chosen (a tier, units): what the projection follows month by month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Every size considered, for platforms sold in tiers or units.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub tiers: Arc<[TierRow]>,
}

/// Why an option cannot carry the workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Blocked {
    /// A message, command or method over the service's size limit.
    Size,
    /// More than the service can carry at all (its largest tier, its hard caps).
    Capacity,
    /// A feature the service does not have (twins on a Basic tier).
    Feature,
    /// A figure that could not be computed.
    Arithmetic,
}

/// One size a platform was priced at (a tier, a unit count): its cost and why it was or was
/// not chosen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierRow {
    pub tier: String,
    pub units: Option<f64>,
    pub monthly_usd: Option<f64>,
    pub feasible: bool,
    pub chosen: bool,
    /// Why the tier was chosen, not chosen, or cannot carry the workload.
    pub reason: super::items::LazyText,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stack {
    pub feasible: bool,
    pub reason: Option<String>,
    pub monthly_usd: Option<f64>,
    pub per_device_monthly_usd: Option<f64>,
    pub line_items: Vec<LineItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LimitRow {
    pub platform: PlatformId,
    pub name: Text,
    /// The limit; for rows whose `unit` is not "per second" it is a count in that unit.
    pub limit_per_second: f64,
    pub unit: Text,
    /// Peak demand before the safety factor (a stock, such as GB held, as it is).
    pub demand_per_second: f64,
    pub utilization: f64,
    /// What is needed: peak × safety factor for rates and counts, the stock itself for a
    /// stock (disk held is not multiplied by a safety factor).
    pub needed: f64,
    /// `needed` exceeds the limit.
    pub throttled: bool,
    /// A stock (GB held), compared as it is rather than at peak × safety.
    #[serde(skip)]
    pub stock: bool,
    /// For a limit bought in units: what one unit adds and the tier's name.
    #[serde(skip)]
    pub units: Option<(f64, Text)>,
    pub adjustable: bool,
    /// How it is raised: a quota request, units or a tier, capacity of our own, or not at all.
    pub remedy: Remedy,
    /// Where the limit stands at `needed`, and how much that matters for the launch.
    pub status: LimitStatus,
    pub severity: Option<Severity>,
    /// The one sentence every tab and output says of this limit (domain §16), written when
    /// shown (JSON: a string).
    pub verdict: super::verdict::Verdict,
    /// Fleet size at which peak demand reaches the limit; `None` for per-connection limits.
    pub onset_devices: Option<f64>,
    /// The vendor's quota code, for a quota to request (AWS Service Quotas).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_code: Option<Arc<str>>,
    pub source: Arc<str>,
}

/// How a limit is raised (domain §16).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Remedy {
    /// An adjustable vendor quota: ask for it, ahead of time.
    QuotaRequest,
    /// Units or a tier of the service, bought at once.
    TierOrUnits,
    /// Capacity of our own: more or bigger machines.
    Capacity,
    /// Not adjustable: the design changes (batch, spread connections).
    Hard,
}

impl Remedy {
    /// The id, as JSON spells it.
    pub fn id(self) -> &'static str {
        match self {
            Self::QuotaRequest => "quota-request",
            Self::TierOrUnits => "tier-or-units",
            Self::Capacity => "capacity",
            Self::Hard => "hard",
        }
    }

    /// What to do, as a verb phrase: "request more", "add units or a tier".
    pub fn action(self) -> &'static str {
        match self {
            Self::QuotaRequest => "request more",
            Self::TierOrUnits => "add units or a tier",
            Self::Capacity => "add capacity",
            Self::Hard => "change the design",
        }
    }
}

/// How much an outcome matters for the launch (domain §16), least first.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Money or hygiene: never stops a launch.
    #[serde(alias = "Advice")]
    Advice,
    /// Works, but at risk.
    #[serde(alias = "Warning")]
    Warning,
    /// The launch cannot work without it.
    #[serde(alias = "Blocker")]
    Blocker,
}

impl Severity {
    pub fn title(self) -> &'static str {
        match self {
            Self::Advice => "advice",
            Self::Warning => "warning",
            Self::Blocker => "blocker",
        }
    }
}

/// The platform the launch is judged on (domain §16): `chosen_by` is `auto` (the cheapest
/// feasible, `id` null when none is) or `user`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LaunchPlatformChoice {
    pub id: Option<PlatformId>,
    pub chosen_by: &'static str,
}

/// A quota of the launch platform to raise before launch: what, by how much, by when.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuotaRequest {
    pub platform: PlatformId,
    pub limit: Text,
    /// The vendor's quota code, where one is sourced (AWS Service Quotas).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_code: Option<Arc<str>>,
    pub current: f64,
    /// Peak × safety at the largest fleet (the projection's last month), rounded up.
    pub requested: f64,
    pub unit: Text,
    pub request_by: Option<NaiveDate>,
    pub source: Arc<str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RateTime {
    pub platform: PlatformId,
    pub per_second: f64,
    pub seconds: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reconnect {
    pub platform: PlatformId,
    pub connects_per_second: f64,
    pub seconds: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Throttle {
    pub limits: Vec<LimitRow>,
    pub reconnect: Vec<Reconnect>,
    pub registration: Vec<RateTime>,
    /// AWS inbound publishes per second to request: peak × safety, rounded up.
    pub quota_to_request_per_second: f64,
    /// Devices that quota carries at the workload's rate and peak, at full utilisation.
    pub quota_carries_devices: f64,
    /// Request the quota at least 21 days before launch.
    pub quota_request_by: Option<NaiveDate>,
    /// Every adjustable quota of the launch platform that needs raising.
    pub requests: Vec<QuotaRequest>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StorageTierRow {
    pub name: &'static str,
    pub class: Arc<str>,
    pub from_day: f64,
    pub to_day: f64,
    /// Days of data the tier holds within retention.
    pub span_days: f64,
    /// GiB held in steady state (binary GB, as AWS bills storage).
    pub gb: f64,
    pub usd_per_gb_month: f64,
    pub monthly_usd: f64,
    pub min_storage_days: f64,
    /// The tier holds data for less than its class's minimum storage duration.
    pub below_minimum: bool,
    /// The grade of its price per GiB-month.
    pub grade: super::Grade,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelinePoint {
    pub month: u32,
    /// GiB held per tier at the end of the month, in tier order (hot, warm, cold, archive).
    pub gb_by_tier: [f64; 4],
    /// The tiered storage cost that month.
    pub monthly_usd: f64,
    /// The same data all kept hot (what the stack pays with tiering off).
    pub all_hot_monthly_usd: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Storage {
    pub gib_per_day: f64,
    /// Whether lifecycle tiering is on, and what is paid: the tiered figure with it, all hot
    /// without.
    pub tiering: bool,
    pub monthly_usd: f64,
    pub tiered_monthly_usd: f64,
    pub all_hot_gb: f64,
    pub all_hot_monthly_usd: f64,
    pub savings_fraction: f64,
    pub tiers: Vec<StorageTierRow>,
    /// Transitions, landing PUTs, retrievals and early-deletion charges: separate from the
    /// storage figure.
    pub extra_items: Vec<LineItem>,
    pub timeline: Vec<TimelinePoint>,
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Availability {
    pub target: f64,
    pub downtime_minutes_per_month: f64,
    pub downtime_hours_per_year: f64,
    /// The reference stack's components in series (product of their SLAs).
    pub stack_serial: f64,
    /// The same stack active-active in two regions: 1 − (1 − a)².
    pub stack_active_active: f64,
    pub meets_target: bool,
    pub components: Vec<(&'static str, f64)>,
    /// Each platform's own SLA against the target.
    pub platforms: Vec<PlatformSla>,
    /// Keys a platform adds (the lab's `lab` and `lab_meets_target`, kept: public interface).
    #[serde(flatten)]
    pub extra: super::items::ExtraKeys,
}

/// A platform's service availability against the target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformSla {
    pub id: PlatformId,
    pub sla: f64,
    pub meets_target: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Serverless {
    pub invocations_per_second_peak: f64,
    pub concurrency: f64,
    pub database_max_connections: f64,
    pub connections_exhausted: bool,
    pub usd_per_million_invocations: f64,
    pub instance_monthly_usd: f64,
    /// Invocations per month at which Lambda costs as much as one always-on app server.
    pub break_even_invocations_per_month: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakEven {
    pub a: PlatformId,
    pub b: PlatformId,
    pub devices: f64,
}
