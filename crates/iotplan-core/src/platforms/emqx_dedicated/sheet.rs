//! The sheet of EMQX Platform Dedicated: tiers by sessions and messages per second, outbound
//! traffic after a free allowance, the annual-prepay discount.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prices::sheets::{Capacity, Figure, Fraction, Quantity};

/// One Dedicated tier: what it carries and its hourly price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmqxDedicatedTier {
    pub name: String,
    pub sessions: Figure<Capacity>,
    pub messages_per_second: Figure<Capacity>,
    pub usd_per_hour: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmqxDedicatedSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    /// Cheapest first.
    pub tiers: Vec<EmqxDedicatedTier>,
    pub free_outbound_gb: Figure<Quantity>,
    pub outbound_usd_per_gb: Figure,
    pub annual_prepay_discount: Figure<Fraction>,
    pub max_message_bytes: Figure<Capacity>,
    pub sla: Figure<Fraction>,
}

crate::sheet!(EmqxDedicatedSheet);
