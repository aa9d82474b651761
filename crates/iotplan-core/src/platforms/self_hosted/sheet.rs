//! The sheet of the self-hosted broker cluster: instances, their capacity, disks, database.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prices::sheets::{Capacity, Figure, Fraction, Quantity};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub broker: Arc<str>,
    pub instance: Arc<str>,
    pub node_inbound_messages_per_second: Figure<Capacity>,
    pub node_connections: Figure<Capacity>,
    pub node_connects_per_second: Figure<Capacity>,
    pub instance_usd_per_hour: Figure,
    pub disk_gb_per_node: Figure<Quantity>,
    pub disk_usd_per_gb_month: Figure,
    pub database_instance: Arc<str>,
    pub database_usd_per_hour: Figure,
    pub sla: Figure<Fraction>,
}

crate::sheet!(SelfHostedSheet);
