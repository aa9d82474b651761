//! The sheet of the Azure Event Grid namespace MQTT broker (Standard tier): throughput units,
//! MQTT operations, what one TU carries and what a namespace allows.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prices::sheets::{Capacity, Figure, Fraction, Quantity};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureEventGridSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub tu_usd_per_hour: Figure,
    pub mqtt_operations_usd_per_million: Figure,
    pub free_mqtt_operations_per_month: Figure<Quantity>,
    /// Operations a retained publish counts (processing and storing it).
    pub operations_per_retained_publish: Figure<Capacity>,
    /// Operations a CONNECT and a SUBSCRIBE count (an assumption until the vendor says).
    pub operations_per_connect: Figure<Quantity>,
    pub operations_per_subscribe: Figure<Quantity>,
    pub sessions_per_tu: Figure<Capacity>,
    pub inbound_publishes_per_second_per_tu: Figure<Capacity>,
    pub inbound_bytes_per_second_per_tu: Figure<Capacity>,
    pub outbound_publishes_per_second_per_tu: Figure<Capacity>,
    pub outbound_bytes_per_second_per_tu: Figure<Capacity>,
    pub inbound_publishes_per_second_per_session: Figure<Capacity>,
    pub max_tus_per_namespace: Figure<Capacity>,
    pub max_message_bytes: Figure<Capacity>,
    pub sla: Figure<Fraction>,
}

crate::sheet!(AzureEventGridSheet);
