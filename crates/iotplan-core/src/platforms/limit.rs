//! How a platform states its limits: one row per limit with the demand against it, its
//! utilisation, whether peak × safety exceeds it, and the fleet size at which it is reached
//! (domain §7). Every platform builds its rows here, so they are judged alike.

use std::sync::Arc;

use crate::inputs::volume::messages_per_device_per_hour;
use crate::inputs::workload::Workload;
use crate::report::{LimitRow, PlatformId, Text};

/// One limit and the demand against it, before the shared arithmetic.
pub struct RowInput {
    pub platform: PlatformId,
    pub name: Text,
    pub limit: f64,
    pub unit: Text,
    pub adjustable: bool,
    pub source: Arc<str>,
    /// Demand of the whole fleet (or one device, for per-connection limits).
    pub demand: f64,
    /// Demand one device adds, for fleet-wide limits; onset = limit ÷ this.
    pub per_device: Option<f64>,
}

/// The row of a limit: utilisation, throttled at peak × safety, onset.
pub fn row(w: &Workload, r: RowInput) -> LimitRow {
    // Sheet limits are at least 1; only a combined throttle (an Azure floor and per-unit rate
    // both edited to 0) can be lower, and is then measured against 1/s, never divided by 0.
    let utilization = r.demand / r.limit.max(1.0);
    LimitRow {
        platform: r.platform,
        name: r.name,
        limit_per_second: r.limit,
        unit: r.unit,
        demand_per_second: r.demand,
        utilization,
        throttled: r.demand * w.safety_factor > r.limit,
        adjustable: r.adjustable,
        onset_devices: r
            .per_device
            .filter(|d| *d > 0.0)
            .map(|d| r.limit / d)
            .filter(|o| o.is_finite()),
        source: r.source,
    }
}

/// Per-device and fleet demand that several platforms' limits share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demand {
    /// One device's peak publish rate (msg/s).
    pub device_peak: f64,
    /// One device's peak shadow/twin operations per second.
    pub shadow_per_device: f64,
    /// Devices connected at once.
    pub connected: f64,
    /// Connects per second for a whole-fleet reconnect within the target.
    pub connects: f64,
}

impl Demand {
    pub fn new(w: &Workload) -> Self {
        Self {
            device_peak: messages_per_device_per_hour(w) * w.peak_factor / 3600.0,
            shadow_per_device: w.shadow_ops_per_device_per_day / 86_400.0 * w.peak_factor,
            connected: w.devices * w.peak_connected_fraction,
            connects: w.devices / w.reconnect_target_seconds,
        }
    }
}
