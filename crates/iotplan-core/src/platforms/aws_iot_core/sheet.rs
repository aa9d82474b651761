//! The AWS IoT Core sheet: prices, free tiers, meters and the quotas of the General Reference.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prices::sheets::{Capacity, Figure, Fraction, Limit, Quantity};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsIotCoreSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub connectivity_per_million_minutes: Figure,
    pub messaging_tier1_per_million: Figure,
    pub messaging_tier1_up_to_millions: Figure<Quantity>,
    pub messaging_tier2_per_million: Figure,
    pub messaging_tier2_up_to_millions: Figure<Quantity>,
    pub messaging_tier3_per_million: Figure,
    pub message_meter_bytes: Figure<Capacity>,
    pub max_message_bytes: Figure<Capacity>,
    pub rules_per_million: Figure,
    pub actions_per_million: Figure,
    pub shadow_ops_per_million: Figure,
    pub shadow_meter_bytes: Figure<Capacity>,
    pub free_tier_connection_minutes: Figure<Quantity>,
    pub free_tier_messages: Figure<Quantity>,
    pub free_tier_shadow_ops: Figure<Quantity>,
    pub free_tier_rules: Figure<Quantity>,
    pub free_tier_actions: Figure<Quantity>,
    pub free_tier_credits_usd: Figure,
    pub free_tier_credits_months: Figure<Quantity>,
    pub shadow_update_publish_weight: Figure<Quantity>,
    pub jobs_per_remote_action: Figure,
    pub jobs_tier1_remote_actions: Figure<Quantity>,
    pub jobs_beyond_tier1_per_remote_action: Figure,
    pub free_tier_remote_actions: Figure<Quantity>,
    pub sla: Figure<Fraction>,
    pub inbound_publish_per_account: Limit,
    pub publish_per_connection: Limit,
    pub throughput_per_connection: Limit,
    pub connect_per_account: Limit,
    pub connect_per_client_id: Limit,
    pub max_connections: Limit,
    pub shadow_requests_per_account: Limit,
    pub rule_evaluations_per_account: Limit,
    pub create_thing: Limit,
}

crate::sheet!(AwsIotCoreSheet);
