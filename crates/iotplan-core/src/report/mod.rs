//! The report: plain data with public fields, everything the GUI and `iotplan report` show.
//! Output types only: this module and its children import no computation.
//!
//! Field names are the JSON interface documented in the README; never rename them.
//! Figures are unrounded; an option that cannot carry the workload has `feasible: false`, a reason
//! and `None` (JSON `null`) figures.

pub mod comparison;
pub mod distribution;
pub mod figures;
pub mod grade;
pub mod growth;
pub mod items;
pub mod platform_id;
pub mod verdict;
pub mod verdicts;

use serde::Serialize;

pub use comparison::Comparison;
pub use distribution::Ranges;
pub use figures::*;
pub use grade::Grade;
pub use growth::Projection;
pub use items::{Category, Formula, LazyText, LineItem, Text, total};
pub use platform_id::{PlatformId, PlatformInfo};
pub use verdict::{Action, Verdict};
pub use verdicts::{ItemStatus, Readiness, ReadinessItem};

use crate::prices::currency::CurrencyInfo;
use crate::prices::sheets::{Region, SheetInfo};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Whose prices (domain §12): `us-east-1` or `eu-west-1`.
    pub region: Region,
    /// What figures are shown in (domain §12); every `_usd` figure stays in USD.
    pub currency: CurrencyInfo,
    pub assumptions: Vec<&'static str>,
    pub volume: Volume,
    pub platforms: Vec<PlatformCost>,
    pub cheapest: Option<PlatformId>,
    /// The platform readiness, quotas, reconnect times and crossings are judged on.
    pub launch_platform: LaunchPlatformChoice,
    /// Keys a platform adds at the top level of the JSON (Azure IoT Hub's `azure` and
    /// `azure_tiers`, kept since they are public interface).
    #[serde(flatten)]
    pub extra: items::ExtraKeys,
    pub stack: Stack,
    pub throttle: Throttle,
    pub storage: Storage,
    pub availability: Availability,
    pub serverless: Serverless,
    pub break_even: Vec<BreakEven>,
    pub readiness: Readiness,
    pub sheets: Vec<SheetInfo>,
    /// The sheet set the prices come from: `built-in`, a `sheets update` set, or a folder.
    pub sheet_set: std::sync::Arc<str>,
    /// Against a baseline (`--compare-to`), when one is given (domain §15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// The distribution over the fields' ranges, when any field has one (domain §13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranges: Option<Ranges>,
    /// Month by month as the fleet grows (domain §14); made with the full report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection: Option<Projection>,
}

impl Report {
    /// How this report's money is shown (its currency and rate).
    pub fn money(&self) -> crate::format::Money {
        crate::format::Money::of(&self.currency)
    }

    /// The launch platform's cost, when there is one.
    pub fn launch(&self) -> Option<&PlatformCost> {
        self.launch_platform.id.map(|id| self.platform(id))
    }

    /// A platform's limits, worst first: by severity, then status, then how far over.
    pub fn limits_worst_first(&self, id: PlatformId) -> Vec<&LimitRow> {
        let mut rows: Vec<&LimitRow> = self
            .throttle
            .limits
            .iter()
            .filter(|l| l.platform == id)
            .collect();
        rows.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.status.cmp(&a.status))
                .then(
                    (b.needed / b.limit_per_second.max(1.0))
                        .total_cmp(&(a.needed / a.limit_per_second.max(1.0))),
                )
        });
        rows
    }

    /// A platform's worst limit that has a verdict to act on (a severity), if any.
    pub fn worst_limit(&self, id: PlatformId) -> Option<&LimitRow> {
        self.limits_worst_first(id)
            .into_iter()
            .next()
            .filter(|l| l.severity.is_some())
    }

    pub fn platform(&self, id: PlatformId) -> &PlatformCost {
        #[expect(
            clippy::expect_used,
            reason = "evaluate emits every registered platform"
        )]
        self.platforms
            .iter()
            .find(|p| p.id == id)
            .expect("every platform is in the report")
    }
}
