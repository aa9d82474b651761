//! AWS `IoT` Core (domain §3, §7, §11): connection-minutes, messages in 5 KB blocks at volume
//! tiers, the rules engine, Device Shadow and Registry operations, firmware transfer and jobs;
//! the account's and each connection's quotas.

mod cost;
mod sheet;

use std::sync::Arc;

pub use cost::{AwsCost, Metered, cost, line_items, messaging_tiers, metered};
pub use sheet::AwsIotCoreSheet;

use super::limit::{Demand, RowInput, row};
use super::{Evaluated, Inputs, Platform, priced};
use crate::format::{Num, usd};
use crate::inputs::volume::{ceil_whole, messages_per_device_per_hour};
use crate::inputs::workload::{FreeTier, Workload};
use crate::prices::sheets::{Limit, Region, SheetSpec, Sheets};
use crate::report::{LimitRow, PlatformId, PlatformInfo, Text, Volume};

pub const ID: PlatformId = PlatformId::new(&PlatformInfo {
    id: "aws-iot-core",
    title: "AWS IoT Core",
    colour: [236, 137, 0],
});

pub static SHEET: SheetSpec = SheetSpec::of::<AwsIotCoreSheet>("aws_iot_core", embedded);

fn embedded(region: Region) -> &'static str {
    match region {
        Region::UsEast1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/aws_iot_core.ron"
        )),
        Region::EuWest1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/aws_iot_core.ron"
        )),
    }
}

/// This platform's sheet among `s`.
pub fn sheet(s: &Sheets) -> &AwsIotCoreSheet {
    s.get()
}

pub struct AwsIotCore;

impl Platform for AwsIotCore {
    fn id(&self) -> PlatformId {
        ID
    }

    fn sheet(&self) -> &'static SheetSpec {
        &SHEET
    }

    fn total(&self, x: &Inputs) -> Option<f64> {
        cost(x.w, x.v, sheet(x.sheets), x.sheets.aws_stack()).total()
    }

    fn evaluate(&self, x: &Inputs) -> Evaluated {
        let s = sheet(x.sheets);
        let c = cost(x.w, x.v, s, x.sheets.aws_stack());
        let items = line_items(&c, x.w, x.v, s);
        let publishes_hour = publishes_per_device_hour(x.w, s);
        // Multiply before dividing so the domain's round figures stay exact (1,800,000 ÷ 3,600 = 500).
        let quota = ceil_whole(x.w.devices * publishes_hour * x.w.safety_factor / 3600.0);
        Evaluated {
            cost: priced(ID, c.infeasible.clone(), items, x.w.devices, notes(x.w, s)),
            limits: limits(x.w, x.v, s, x.d),
            connect_rate: Some(s.connect_per_account.v()),
            registration_rate: Some(s.create_thing.v()),
            quota: Some((quota, quota * 3600.0 / publishes_hour)),
            sla: s.sla.v(),
            extra: Vec::new(),
            availability_extra: Vec::new(),
        }
    }

    fn spends_aws_credits(&self) -> bool {
        true
    }
}

fn notes(w: &Workload, a: &AwsIotCoreSheet) -> Vec<String> {
    let mut notes =
        vec!["Ingestion only: storage, compute and egress are in the reference stack".to_owned()];
    if w.aws_free_tier == FreeTier::Credits {
        notes.push(format!(
            "Free Tier credits (up to {} over the first {} months, sources differ on 6 or 12) are spent over time, so a month's figure is shown before them",
            usd(a.free_tier_credits_usd.v()),
            Num(a.free_tier_credits_months.v())
        ));
    }
    if w.aws_basic_ingest && w.subscribers_per_message > 0.0 {
        notes.push(
            "Inconsistent: Basic Ingest topics cannot be subscribed to, yet subscribers per message is set; their deliveries are metered here as if they could"
                .to_owned(),
        );
    }
    notes
}

fn aws_row(l: &Limit, demand: f64, per_device: Option<f64>) -> RowInput {
    RowInput {
        platform: ID,
        name: Text::Shared(Arc::clone(&l.name)),
        limit: l.v(),
        unit: Text::Shared(Arc::clone(&l.unit)),
        adjustable: l.adjustable,
        source: Arc::clone(&l.source),
        demand,
        per_device,
    }
}

/// Inbound publishes one device adds at peak, per hour: its messages plus shadow updates, each
/// of which counts as several publishes against the account quota.
fn publishes_per_device_hour(w: &Workload, s: &AwsIotCoreSheet) -> f64 {
    (messages_per_device_per_hour(w)
        + w.shadow_ops_per_device_per_day / 24.0 * s.shadow_update_publish_weight.v())
        * w.peak_factor
}

/// The limits of AWS IoT Core against the demand (domain §7).
fn limits(w: &Workload, v: &Volume, a: &AwsIotCoreSheet, d: &Demand) -> Vec<LimitRow> {
    let per_connect = 1.0 / w.reconnect_target_seconds;
    let publishes_hour = publishes_per_device_hour(w, a);
    [
        aws_row(
            &a.inbound_publish_per_account,
            w.devices * publishes_hour / 3600.0,
            Some(publishes_hour / 3600.0),
        ),
        aws_row(&a.publish_per_connection, d.device_peak, None),
        aws_row(
            &a.throughput_per_connection,
            d.device_peak * v.bytes_per_message,
            None,
        ),
        aws_row(&a.connect_per_account, d.connects, Some(per_connect)),
        aws_row(&a.connect_per_client_id, per_connect, None),
        aws_row(
            &a.max_connections,
            d.connected,
            Some(w.peak_connected_fraction),
        ),
        aws_row(
            &a.shadow_requests_per_account,
            w.devices * d.shadow_per_device,
            Some(d.shadow_per_device),
        ),
        aws_row(
            &a.rule_evaluations_per_account,
            v.peak_messages_per_second * w.rules_per_message,
            Some(d.device_peak * w.rules_per_message),
        ),
    ]
    .into_iter()
    .map(|input| row(w, input))
    .collect()
}
