//! The growth projection (domain §14): each month's fleet and costs, cumulative spend, the
//! months limits are crossed in and the tier changes.

use chrono::NaiveDate;
use serde::Serialize;

use super::items::Text;
use super::platform_id::PlatformId;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthPlatform {
    pub id: PlatformId,
    pub feasible: bool,
    /// After Free Tier credits, while they last (AWS IoT Core).
    pub monthly_usd: Option<f64>,
    /// The sum of the months so far; `None` from the first month the platform cannot carry.
    pub cumulative_usd: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectionMonth {
    pub month: u32,
    pub date: NaiveDate,
    pub devices: f64,
    pub platforms: Vec<MonthPlatform>,
    /// The reference stack with the storage actually held this month (not the steady state).
    pub stack_monthly_usd: Option<f64>,
    /// Data held at the end of the month: tiered, or all hot when tiering is off.
    pub storage_monthly_usd: f64,
}

/// The first month in which peak × safety exceeds a fleet-wide limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Crossing {
    pub platform: PlatformId,
    /// The limit's `name` as in `throttle.limits[]`.
    pub limit: Text,
    pub month: u32,
    pub date: NaiveDate,
    /// How the limit is raised: only a `quota-request` has a lead time.
    pub remedy: super::figures::Remedy,
    /// The day to act by: the first day of that month less the lead time of a quota request
    /// (21 days), or that day itself for units, a tier or capacity (bought at once).
    pub request_by: NaiveDate,
    /// The limit, and peak × safety at the projection's largest fleet (what to request).
    pub limit_per_second: f64,
    pub needed_per_second: f64,
    pub unit: Text,
}

impl Crossing {
    /// A figure of this limit in its unit, rounded up: `50,000/s`, `3,000,000 connections`.
    pub fn amount(&self, v: f64) -> String {
        crate::format::amount(v.ceil(), &self.unit)
    }
}

/// A platform choosing another tier (or unit count) than the month before.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierChange {
    pub platform: PlatformId,
    pub month: u32,
    pub from: String,
    pub to: String,
    /// Whether the platform can make the change in place (its own rules: Azure IoT Hub cannot
    /// leave Free or go from Standard down to Basic).
    pub possible: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Projection {
    pub months: Vec<ProjectionMonth>,
    pub crossings: Vec<Crossing>,
    pub tier_changes: Vec<TierChange>,
}

impl Projection {
    /// The earliest crossing on `platform`.
    pub fn first_crossing(&self, platform: PlatformId) -> Option<&Crossing> {
        self.crossings
            .iter()
            .filter(|c| c.platform == platform)
            .min_by_key(|c| c.month)
    }
}
