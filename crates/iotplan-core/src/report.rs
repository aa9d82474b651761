//! The report: plain data with public fields, everything the GUI and `iotplan report` show.
//!
//! Field names are the JSON interface documented in the README; never rename them.
//! Figures are unrounded; an option that cannot carry the workload has `feasible: false`, a reason
//! and `None` (JSON `null`) figures.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::sheets::SheetInfo;

/// One priced row: what, how much, at what price, and the formula in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineItem {
    // Mostly fixed texts: borrowed, not allocated, in a report made on every slider move.
    pub name: Cow<'static, str>,
    pub quantity: f64,
    pub unit: Cow<'static, str>,
    pub unit_usd: f64,
    pub monthly_usd: f64,
    pub formula: Formula,
}

/// A line item's formula in words, written only when it is read: a report is made on every
/// slider move, and most are drawn without anyone hovering a row (issue 9: text was a third of
/// an evaluation). The closure holds copies of the figures it names, never references.
#[derive(Clone)]
pub struct Formula(Arc<dyn Fn() -> String + Send + Sync>);

impl Formula {
    pub fn new(text: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Self(Arc::new(text))
    }

    pub fn text(&self) -> String {
        (self.0)()
    }
}

impl From<&'static str> for Formula {
    fn from(text: &'static str) -> Self {
        Self::new(move || text.to_owned())
    }
}

impl From<String> for Formula {
    fn from(text: String) -> Self {
        Self::new(move || text.clone())
    }
}

impl std::fmt::Display for Formula {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::fmt::Debug for Formula {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.text(), f)
    }
}

/// Two formulas are equal when they read the same.
impl PartialEq for Formula {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.text() == other.text()
    }
}

impl Serialize for Formula {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl LineItem {
    /// A row priced at a flat unit price.
    pub fn flat(
        name: impl Into<Cow<'static, str>>,
        quantity: f64,
        unit: &'static str,
        unit_usd: f64,
        formula: impl Into<Formula>,
    ) -> Self {
        Self {
            name: name.into(),
            quantity,
            unit: Cow::Borrowed(unit),
            unit_usd,
            monthly_usd: quantity * unit_usd,
            formula: formula.into(),
        }
    }

    /// A row whose cost is already known (tiered prices): its unit price is the average.
    pub fn averaged(
        name: impl Into<Cow<'static, str>>,
        quantity: f64,
        unit: &'static str,
        monthly_usd: f64,
        formula: impl Into<Formula>,
    ) -> Self {
        Self {
            name: name.into(),
            quantity,
            unit: Cow::Borrowed(unit),
            unit_usd: if quantity > 0.0 {
                monthly_usd / quantity
            } else {
                0.0
            },
            monthly_usd,
            formula: formula.into(),
        }
    }
}

/// Sum of the items' monthly costs: every total in the report is made this way.
pub fn total(items: &[LineItem]) -> f64 {
    items.iter().map(|i| i.monthly_usd).sum()
}

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

/// Text a report row shows: the code's own words, or a sheet's, shared rather than copied
/// (a report is made on every slider move).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Static(&'static str),
    Shared(Arc<str>),
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Self::Static(s) => s,
            Self::Shared(s) => s,
        }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum PlatformId {
    #[default]
    #[serde(rename = "aws-iot-core")]
    AwsIotCore,
    #[serde(rename = "azure-iot-hub")]
    AzureIotHub,
    #[serde(rename = "self-hosted")]
    SelfHosted,
    /// One VM running Mosquitto, InfluxDB and Grafana (the cluster keeps `self-hosted`).
    #[serde(rename = "self-hosted-lab")]
    SelfHostedLab,
}

impl PlatformId {
    pub const ALL: [Self; 4] = [
        Self::AwsIotCore,
        Self::AzureIotHub,
        Self::SelfHosted,
        Self::SelfHostedLab,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::AwsIotCore => "aws-iot-core",
            Self::AzureIotHub => "azure-iot-hub",
            Self::SelfHosted => "self-hosted",
            Self::SelfHostedLab => "self-hosted-lab",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::AwsIotCore => "AWS IoT Core",
            Self::AzureIotHub => "Azure IoT Hub",
            Self::SelfHosted => "Self-hosted cluster",
            Self::SelfHostedLab => "Self-hosted lab",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformCost {
    pub id: PlatformId,
    pub feasible: bool,
    pub reason: Option<String>,
    pub monthly_usd: Option<f64>,
    pub per_device_monthly_usd: Option<f64>,
    pub line_items: Vec<LineItem>,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AzureSummary {
    /// 4 KB-metered messages per day on paid tiers (device-to-cloud + twin operations).
    pub metered_messages_per_day: f64,
    pub chosen_tier: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AzureTierRow {
    pub tier: String,
    pub units: Option<f64>,
    pub monthly_usd: Option<f64>,
    pub feasible: bool,
    pub chosen: bool,
    /// Why the tier was chosen, not chosen, or cannot carry the workload.
    pub reason: String,
    pub metered_messages_per_day: f64,
    pub units_for_quota: f64,
    pub units_for_throttle: f64,
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
    /// Peak demand before the safety factor.
    pub demand_per_second: f64,
    pub utilization: f64,
    /// Peak × safety factor exceeds the limit.
    pub throttled: bool,
    pub adjustable: bool,
    /// Fleet size at which peak demand reaches the limit; `None` for per-connection limits.
    pub onset_devices: Option<f64>,
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
    pub components: Vec<(String, f64)>,
    /// The self-hosted lab: one VM, so one instance's SLA.
    pub lab: f64,
    pub lab_meets_target: bool,
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
    pub item: Arc<crate::readiness::CheckItem>,
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakEven {
    pub a: PlatformId,
    pub b: PlatformId,
    pub devices: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Whose prices (domain §12): `us-east-1` or `eu-west-1`.
    pub region: crate::sheets::Region,
    /// What figures are shown in (domain §12); every `_usd` figure stays in USD.
    pub currency: crate::currency::CurrencyInfo,
    pub assumptions: Vec<&'static str>,
    pub volume: Volume,
    pub platforms: Vec<PlatformCost>,
    pub cheapest: Option<PlatformId>,
    pub azure: AzureSummary,
    pub azure_tiers: Vec<AzureTierRow>,
    pub stack: Stack,
    pub throttle: Throttle,
    pub storage: Storage,
    pub availability: Availability,
    pub serverless: Serverless,
    pub break_even: Vec<BreakEven>,
    pub readiness: Readiness,
    pub sheets: Vec<SheetInfo>,
    /// Against a baseline (`--compare-to`), when one is given (domain §15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<crate::compare::Comparison>,
    /// The distribution over the fields' ranges, when any field has one (domain §13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranges: Option<crate::ranges::Ranges>,
    /// Month by month as the fleet grows (domain §14); made with the full report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection: Option<crate::projection::Projection>,
}

impl Report {
    /// How this report's money is shown (its currency and rate).
    pub fn money(&self) -> crate::format::Money {
        crate::format::Money::of(&self.currency)
    }

    pub fn platform(&self, id: PlatformId) -> &PlatformCost {
        #[expect(
            clippy::expect_used,
            reason = "evaluate always emits all three platforms"
        )]
        self.platforms
            .iter()
            .find(|p| p.id == id)
            .expect("every platform is in the report")
    }
}
