//! The distribution over the workload's ranges (domain §13): each platform's and the stack's
//! percentiles, how often each is cheapest, limits' shares and the fields driving the spread.

use serde::Serialize;

use super::items::Text;
use super::platform_id::PlatformId;

/// One ranged field as sampled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldRange {
    pub name: &'static str,
    pub low: f64,
    pub typical: f64,
    pub high: f64,
}

/// A monthly total over the samples: the share in which it was feasible and its percentiles
/// over those (`None` when it never was).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Spread {
    pub feasible_share: f64,
    pub p10: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformRange {
    pub id: PlatformId,
    #[serde(flatten)]
    pub spread: Spread,
    /// Share of samples in which it is the cheapest feasible platform.
    pub probability_cheapest: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LimitRange {
    pub platform: PlatformId,
    pub name: Text,
    /// Share of samples in which peak × safety factor exceeds the limit.
    pub probability_throttled: f64,
}

/// One field's part of the spread: P10 and P90 of `drivers_of`'s total when only it varies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Driver {
    pub name: &'static str,
    pub p10: Option<f64>,
    pub p90: Option<f64>,
}

impl Driver {
    /// P90 − P10: how much of the total's spread this field explains on its own.
    pub fn width(&self) -> f64 {
        match (self.p10, self.p90) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranges {
    pub samples: usize,
    pub seed: u64,
    /// Samples whose drawn values break a rule between fields (tier days out of order): left out
    /// of every share and percentile.
    pub rejected_samples: usize,
    pub fields: Vec<FieldRange>,
    pub platforms: Vec<PlatformRange>,
    pub stack: Spread,
    pub limits: Vec<LimitRange>,
    /// The platform whose total the drivers rank: the cheapest at the typical values.
    pub drivers_of: Option<PlatformId>,
    /// Largest spread first.
    pub drivers: Vec<Driver>,
}
