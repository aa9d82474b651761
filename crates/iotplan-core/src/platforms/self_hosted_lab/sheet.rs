//! The sheet of the single-VM lab: the VM, its disk, its ceilings and the images it pins.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prices::sheets::{Capacity, Figure, Fraction, Quantity};

/// The single-VM lab: Mosquitto, InfluxDB and Grafana on one instance (the chapter's Docker
/// Compose lab), its ceilings, and the images the Compose export pins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedLabSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub instance: Arc<str>,
    pub instance_usd_per_hour: Figure,
    pub disk_gb: Figure<Capacity>,
    pub disk_reserved_gb: Figure<Quantity>,
    pub disk_usd_per_gb_month: Figure,
    pub broker_messages_per_second: Figure<Capacity>,
    pub influx_field_writes_per_second: Figure<Capacity>,
    pub fields_per_reading: Figure<Capacity>,
    pub bytes_per_stored_value: Figure<Capacity>,
    pub ops_hours_per_month: Figure<Quantity>,
    pub sla: Figure<Fraction>,
    pub mosquitto_image: Arc<str>,
    pub influxdb_image: Arc<str>,
    pub telegraf_image: Arc<str>,
    pub grafana_image: Arc<str>,
}

crate::sheet!(SelfHostedLabSheet);
