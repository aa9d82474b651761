//! How a platform states its limits: one row per limit with the demand against it, its
//! utilisation, whether peak × safety exceeds it, and the fleet size at which it is reached
//! (domain §7). Every platform builds its rows here, so they are judged alike.

use std::sync::Arc;

use crate::inputs::workload::Workload;
use crate::report::{LimitRow, LimitStatus, PlatformId, Remedy, Text};

/// One limit and the demand against it, before the shared arithmetic.
pub struct RowInput {
    pub platform: PlatformId,
    pub name: Text,
    pub limit: f64,
    pub unit: Text,
    pub adjustable: bool,
    pub remedy: Remedy,
    /// For a limit bought in units: what one unit adds and the tier's name, so the verdict can
    /// say how many units carry what is needed.
    pub units: Option<(f64, Text)>,
    /// A stock (GB held) rather than a rate: compared as it is, not at peak × safety.
    pub stock: bool,
    pub quota_code: Option<Arc<str>>,
    pub source: Arc<str>,
    /// Demand of the whole fleet (or one device, for per-connection limits).
    pub demand: f64,
    /// Demand one device adds, for fleet-wide limits; onset = limit ÷ this.
    pub per_device: Option<f64>,
}

impl RowInput {
    /// A rate limit with its remedy: `Hard` unless raised some way.
    pub fn rate(
        platform: PlatformId,
        (name, unit): (Text, Text),
        limit: f64,
        remedy: Remedy,
        (demand, per_device): (f64, Option<f64>),
        source: Arc<str>,
    ) -> Self {
        Self {
            platform,
            name,
            limit,
            unit,
            adjustable: remedy != Remedy::Hard,
            remedy,
            units: None,
            stock: false,
            quota_code: None,
            source,
            demand,
            per_device,
        }
    }
}

/// Share of a limit above which it is "near": at risk, a warning (domain §16).
pub const NEAR: f64 = 0.8;

/// The row of a limit: utilisation, what is needed (peak × safety for rates and counts, the
/// stock itself for a stock), where that stands, onset. Its verdict is written by
/// `analyses::verdicts` once the launch platform and the projection are known.
pub fn row(w: &Workload, r: RowInput) -> LimitRow {
    // Sheet limits are at least 1; only a combined throttle (an Azure floor and per-unit rate
    // both edited to 0) can be lower, and is then measured against 1/s, never divided by 0.
    let limit = r.limit.max(1.0);
    let utilization = r.demand / limit;
    let needed = if r.stock {
        r.demand
    } else {
        r.demand * w.safety_factor
    };
    let status = if r.demand > r.limit {
        LimitStatus::OverPeak
    } else if needed > r.limit {
        LimitStatus::OverSafety
    } else if needed > NEAR * limit {
        LimitStatus::Near
    } else {
        LimitStatus::Ok
    };
    LimitRow {
        platform: r.platform,
        name: r.name,
        limit_per_second: r.limit,
        unit: r.unit,
        demand_per_second: r.demand,
        utilization,
        needed,
        throttled: needed > r.limit,
        stock: r.stock,
        units: r.units,
        adjustable: r.adjustable,
        remedy: r.remedy,
        status,
        severity: None,
        verdict: crate::report::Verdict::default(),
        // A whole device count; the tolerance keeps 29,999.99999 from becoming 29,999.
        onset_devices: r
            .per_device
            .filter(|d| *d > 0.0)
            .map(|d| (r.limit / d * (1.0 + 1e-12)).floor())
            .filter(|o| o.is_finite()),
        quota_code: r.quota_code,
        source: r.source,
    }
}

/// One device's peak rates of each kind of traffic (domain §7: the peak factor applies to
/// every kind), and the fleet's connection demand: what every platform's limits count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demand {
    /// Telemetry messages published (after batching), per second.
    pub telemetry: f64,
    /// Commands (cloud-to-device messages) received, per second.
    pub commands: f64,
    /// Direct methods called, per second (a request and its response each).
    pub methods: f64,
    /// Shadow/twin updates, per second.
    pub shadow: f64,
    /// Full shadow/twin document reads, per second.
    pub twin_reads: f64,
    /// New sessions, per second.
    pub reconnects: f64,
    /// Devices connected at once.
    pub connected: f64,
    /// Connects per second for the whole fleet: the larger of a reconnect within the target
    /// and the reconnects of the day at peak.
    pub connects: f64,
    /// Connects one device adds to that demand.
    pub connects_per_device: f64,
}

impl Demand {
    pub fn new(w: &Workload) -> Self {
        let peak_per_second = |per_day: f64| per_day / 86_400.0 * w.peak_factor;
        let reconnects = peak_per_second(w.reconnects_per_device_per_day);
        let per_device = (1.0 / w.reconnect_target_seconds).max(reconnects);
        Self {
            telemetry: crate::inputs::volume::messages_per_device_per_hour(w) * w.peak_factor
                / 3600.0,
            commands: peak_per_second(w.commands_per_device_per_day),
            methods: peak_per_second(w.direct_methods_per_device_per_day),
            shadow: peak_per_second(w.shadow_ops_per_device_per_day),
            twin_reads: peak_per_second(w.twin_reads_per_device_per_day),
            reconnects,
            connected: w.devices * w.peak_connected_fraction,
            connects: (w.devices / w.reconnect_target_seconds).max(w.devices * reconnects),
            connects_per_device: per_device,
        }
    }
}
