//! The sheet of EMQX Platform Serverless: session-minutes, traffic and rule actions with their
//! free allowances, and the deployment's hard caps.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prices::sheets::{Capacity, Figure, Fraction, Quantity};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmqxServerlessSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub session_usd_per_million_minutes: Figure,
    pub traffic_usd_per_gib: Figure,
    pub rule_actions_usd_per_million: Figure,
    pub free_session_minutes: Figure<Quantity>,
    pub free_traffic_gib: Figure<Quantity>,
    pub free_rule_actions: Figure<Quantity>,
    pub max_sessions: Figure<Capacity>,
    pub max_messages_per_second: Figure<Capacity>,
    pub max_publishes_per_second_per_client: Figure<Capacity>,
    pub max_subscriptions_per_client: Figure<Capacity>,
    pub max_message_bytes: Figure<Capacity>,
    pub sla: Figure<Fraction>,
}

crate::sheet!(EmqxServerlessSheet);
