//! The Azure IoT Hub sheet: tiers with their prices, daily quotas, meters and throttles.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prices::sheets::{Capacity, Figure, Fraction, Quantity};

/// One Azure `IoT` Hub tier. Throttles are "the higher of a floor or a rate per unit".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureTier {
    pub name: String,
    /// Standard and Free tiers have twins, C2D and direct methods; Basic tiers do not.
    pub has_twins: bool,
    pub unit_usd_per_month: Figure,
    pub messages_per_day_per_unit: Figure<Capacity>,
    pub meter_bytes: Figure<Capacity>,
    pub max_units: Figure<Capacity>,
    pub d2c_per_second_per_unit: Figure<Capacity>,
    pub d2c_min_per_second: Figure<Quantity>,
    pub connects_per_second_per_unit: Figure<Capacity>,
    pub connects_min_per_second: Figure<Quantity>,
    pub registry_ops_per_second_per_unit: Figure<Capacity>,
    /// 0 on tiers without twins.
    pub twin_updates_per_second_per_unit: Figure<Quantity>,
    pub twin_updates_min_per_second: Figure<Quantity>,
    /// 0 on tiers without cloud-to-device messages.
    pub c2d_sends_per_second_per_unit: Figure<Quantity>,
    /// Direct-method throughput in KB (4 KB metered); 0 on tiers without methods.
    pub method_kb_per_second_per_unit: Figure<Quantity>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureIotHubSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub max_message_bytes: Figure<Capacity>,
    pub max_c2d_message_bytes: Figure<Capacity>,
    pub sla: Figure<Fraction>,
    pub free: AzureTier,
    pub b1: AzureTier,
    pub b2: AzureTier,
    pub b3: AzureTier,
    pub s1: AzureTier,
    pub s2: AzureTier,
    pub s3: AzureTier,
}

impl AzureIotHubSheet {
    /// All tiers in display order.
    pub fn tiers(&self) -> [&AzureTier; 7] {
        [
            &self.free, &self.b1, &self.b2, &self.b3, &self.s1, &self.s2, &self.s3,
        ]
    }
}

crate::sheet!(AzureIotHubSheet);
