//! AWS `IoT` Core (domain §3, §7, §11): connection-minutes, messages in 5 KB blocks at volume
//! tiers, the rules engine, Device Shadow and Registry operations, firmware transfer and jobs;
//! the account's and each connection's quotas.

mod cost;
mod sheet;

use crate::report::LazyText;
use std::sync::Arc;

pub use cost::{AwsCost, Metered, cost, line_items, messaging_tiers, metered};
pub use sheet::AwsIotCoreSheet;

use super::limit::{Demand, RowInput, row};
use super::{Evaluated, Inputs, Platform, priced};
use crate::format::Num;
use crate::inputs::volume::ceil_whole;
use crate::inputs::workload::{FreeTier, Workload};
use crate::prices::sheets::{Limit, Region, SheetSpec, Sheets};
use crate::report::{Blocked, LimitRow, PlatformId, PlatformInfo, Remedy, Text, Volume};

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
        let per_device = inbound_publishes_per_device(x.d, s);
        let quota = ceil_whole(x.w.devices * per_device * x.w.safety_factor);
        Evaluated {
            cost: priced(
                ID,
                c.infeasible.clone().map(|why| (Blocked::Size, why)),
                items,
                x.w.devices,
                notes(x.w, s, x.m),
            ),
            limits: limits(x.w, x.v, s, x.d),
            connect_rate: Some(s.connect_per_account.v()),
            registration_rate: Some(s.create_thing.v()),
            quota: Some((quota, quota / per_device)),
            sla: s.sla.v(),
            extra: Vec::new(),
            availability_extra: Vec::new(),
        }
    }

    fn spends_aws_credits(&self) -> bool {
        true
    }
}

fn notes(w: &Workload, a: &AwsIotCoreSheet, m: crate::format::Money) -> Vec<LazyText> {
    let mut notes =
        vec!["Ingestion only: storage, compute and egress are in the reference stack".into()];
    if w.aws_free_tier == FreeTier::Credits {
        let (credits, months) = (a.free_tier_credits_usd.v(), a.free_tier_credits_months.v());
        notes.push(LazyText::new(move || format!(
            "Free Tier credits (up to {} over the first {} months, sources differ on 6 or 12) are spent over time, so a month's figure is shown before them",
            m.amount(credits),
            Num(months)
        )));
    }
    if w.aws_basic_ingest && w.subscribers_per_message > 0.0 {
        notes.push(
            "Inconsistent: Basic Ingest topics cannot be subscribed to, yet subscribers per message is set; their deliveries are metered here as if they could"
                .into(),
        );
    }
    notes
}

fn aws_row(l: &Limit, demand: f64, per_device: Option<f64>) -> RowInput {
    let remedy = if l.adjustable {
        Remedy::QuotaRequest
    } else {
        Remedy::Hard
    };
    RowInput {
        quota_code: l.quota_code.clone(),
        ..RowInput::rate(
            ID,
            (
                Text::Shared(Arc::clone(&l.name)),
                Text::Shared(Arc::clone(&l.unit)),
            ),
            l.v(),
            remedy,
            (demand, per_device),
            Arc::clone(&l.source),
        )
    }
}

/// Inbound publishes one device adds at peak, per second (domain §7): telemetry, commands
/// (the back end's publish), a method's request and response, and each shadow/twin operation
/// and read as the sheet's weight of publishes (4: update plus accepted, documents, delta).
pub fn inbound_publishes_per_device(d: &Demand, s: &AwsIotCoreSheet) -> f64 {
    d.telemetry
        + d.commands
        + 2.0 * d.methods
        + s.shadow_update_publish_weight.v() * (d.shadow + d.twin_reads)
}

/// Publishes one connection sends or receives at peak (the vendor counts both): telemetry,
/// commands, a method's request and response, a request and response per shadow operation.
fn publishes_per_connection(d: &Demand) -> f64 {
    d.telemetry + d.commands + 2.0 * d.methods + 2.0 * (d.shadow + d.twin_reads)
}

/// Bytes one connection moves at peak, per second, by the same kinds.
fn bytes_per_connection(w: &Workload, v: &Volume, d: &Demand) -> f64 {
    d.telemetry * v.bytes_per_message
        + d.commands * w.command_bytes
        + d.methods * (w.method_request_bytes + w.method_response_bytes)
        + d.shadow * w.shadow_bytes
        + d.twin_reads * w.twin_document_bytes
}

/// The limits of AWS IoT Core against the demand (domain §7): every kind of message counted.
fn limits(w: &Workload, v: &Volume, a: &AwsIotCoreSheet, d: &Demand) -> Vec<LimitRow> {
    let inbound = inbound_publishes_per_device(d, a);
    let shadow = d.shadow + d.twin_reads;
    [
        aws_row(
            &a.inbound_publish_per_account,
            w.devices * inbound,
            Some(inbound),
        ),
        aws_row(&a.publish_per_connection, publishes_per_connection(d), None),
        aws_row(
            &a.throughput_per_connection,
            bytes_per_connection(w, v, d),
            None,
        ),
        aws_row(
            &a.connect_per_account,
            d.connects,
            Some(d.connects_per_device),
        ),
        aws_row(&a.connect_per_client_id, d.connects_per_device, None),
        aws_row(
            &a.max_connections,
            d.connected,
            Some(w.peak_connected_fraction),
        ),
        aws_row(
            &a.shadow_requests_per_account,
            w.devices * shadow,
            Some(shadow),
        ),
        aws_row(
            &a.rule_evaluations_per_account,
            v.peak_messages_per_second * w.rules_per_message,
            Some(d.telemetry * w.rules_per_message),
        ),
    ]
    .into_iter()
    .map(|input| row(w, input))
    .collect()
}
