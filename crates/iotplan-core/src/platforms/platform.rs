//! What every platform implements: how it is priced from a workload and what it reports.

use crate::inputs::workload::Workload;
use crate::prices::sheets::{SheetSpec, Sheets};
use crate::report::LazyText;
use crate::report::items::LazyJson;
use crate::report::{Blocked, LimitRow, LineItem, PlatformCost, PlatformId, Volume, total};

use super::limit::Demand;

/// What a platform is priced from.
pub struct Inputs<'a> {
    pub w: &'a Workload,
    pub v: &'a Volume,
    pub d: &'a Demand,
    pub sheets: &'a Sheets,
    /// How amounts in the platform's texts (tier reasons, notes) are written: the report's
    /// currency (domain §12); only formulas quote the sheets' USD.
    pub m: crate::format::Money,
}

/// Everything a report shows of one platform.
pub struct Evaluated {
    pub cost: PlatformCost,
    pub limits: Vec<LimitRow>,
    /// Connects per second at which the whole fleet reconnects, where the platform has a rate.
    pub connect_rate: Option<f64>,
    /// Devices registered per second, where the platform has a rate.
    pub registration_rate: Option<f64>,
    /// The quota of inbound publishes to request, and the fleet it carries, where the
    /// platform's publish quota is one to request.
    pub quota: Option<(f64, f64)>,
    /// Its service availability (SLA).
    pub sla: f64,
    /// Keys it adds to the top level of the JSON report, and to `availability`.
    pub extra: Vec<(&'static str, LazyJson)>,
    pub availability_extra: Vec<(&'static str, LazyJson)>,
}

impl Evaluated {
    /// A platform's cost, limits and SLA, with no connect, registration or quota rate and no
    /// extra JSON keys (each platform that has one sets it after).
    pub fn new(cost: PlatformCost, limits: Vec<LimitRow>, sla: f64) -> Self {
        Self {
            cost,
            limits,
            connect_rate: None,
            registration_rate: None,
            quota: None,
            sla,
            extra: Vec::new(),
            availability_extra: Vec::new(),
        }
    }
}

/// One platform: how it is priced and where it stops.
pub trait Platform: Sync {
    fn id(&self) -> PlatformId;
    /// Its price and limit sheet.
    fn sheet(&self) -> &'static SheetSpec;
    /// The monthly total alone (`None` when it cannot carry the workload): what sweeps over
    /// hundreds of workloads ask, without writing any text.
    fn total(&self, x: &Inputs) -> Option<f64>;
    /// Its cost with line items, limits, rates and notes.
    fn evaluate(&self, x: &Inputs) -> Evaluated;
    /// Whether a change of its tier from `from` to `to` can be made in place (the projection's
    /// tier changes).
    fn tier_change_possible(&self, _from: &str, _to: &str) -> bool {
        true
    }
    /// Whether AWS Free Tier credits pay its bill (domain §12).
    fn spends_aws_credits(&self) -> bool {
        false
    }
}

/// Why a set of line items cannot be totalled: an item whose figures are not finite numbers.
/// The ranges of fields and sheet figures rule this out; this is the last guard, so that no
/// option is ever priced (or called cheapest) on a number that is not one.
pub fn uncomputable(items: &[LineItem]) -> Option<String> {
    let bad = items
        .iter()
        .find(|i| !(i.quantity.is_finite() && i.unit_usd.is_finite() && i.monthly_usd.is_finite()));
    match bad {
        Some(item) => Some(format!(
            "{} could not be computed from these inputs (not a finite number)",
            item.name
        )),
        None if !total(items).is_finite() => Some(
            "the total could not be computed from these inputs (not a finite number)".to_owned(),
        ),
        None => None,
    }
}

/// A platform's cost: feasible with its items and total, or infeasible with what blocks it and
/// the reason.
pub fn priced(
    id: PlatformId,
    infeasible: Option<(Blocked, String)>,
    line_items: Vec<LineItem>,
    devices: f64,
    notes: Vec<LazyText>,
) -> PlatformCost {
    let infeasible =
        infeasible.or_else(|| uncomputable(&line_items).map(|why| (Blocked::Arithmetic, why)));
    let feasible = infeasible.is_none();
    let monthly = feasible.then(|| total(&line_items));
    let (blocked_by, reason) = infeasible.unzip();
    PlatformCost {
        id,
        feasible,
        reason,
        blocked_by,
        monthly_usd: monthly,
        per_device_monthly_usd: monthly.map(|m| m / devices),
        line_items: if feasible { line_items } else { Vec::new() },
        notes,
        tier: None,
        tiers: std::sync::Arc::from([]),
    }
}

/// Plain data as JSON: serialising a struct of numbers, strings and lists into a value cannot
/// fail (no map has non-string keys), so a failure would be a bug in a report type.
pub fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    #[expect(
        clippy::expect_used,
        reason = "report types serialise to JSON values without error"
    )]
    serde_json::to_value(value).expect("report data serialises")
}
