//! Azure Event Grid namespace MQTT broker, Standard tier (domain §17): Microsoft's full MQTT
//! broker (MQTT 5, retain, device-to-device pub/sub) beside IoT Hub. Throughput units sized to
//! the peak, MQTT operations after the free million; a namespace holds 40 TUs unless Microsoft
//! raises it.

mod cost;
mod sheet;

use crate::report::LazyText;
use std::sync::Arc;

pub use cost::{EventGridCost, Operations, cost, line_items, tu_text};
pub use sheet::AzureEventGridSheet;

use super::limit::{RowInput, row};
use super::{Evaluated, Inputs, Platform, priced};
use crate::inputs::workload::Workload;
use crate::prices::sheets::{Region, SheetSpec, Sheets};
use crate::report::{Blocked, LimitRow, PlatformId, PlatformInfo, Remedy, Text};

pub const ID: PlatformId = PlatformId::new(&PlatformInfo {
    id: "azure-event-grid",
    title: "Azure Event Grid MQTT",
    colour: [80, 70, 200],
});

pub static SHEET: SheetSpec = SheetSpec::of::<AzureEventGridSheet>("azure_event_grid", embedded);

/// East US figures for every region: no North Europe row was sourced (the sheet says so).
fn embedded(_region: Region) -> &'static str {
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/azure_event_grid.ron"
    ))
}

/// This platform's sheet among `s`.
pub fn sheet(s: &Sheets) -> &AzureEventGridSheet {
    s.get()
}

pub struct AzureEventGrid;

impl Platform for AzureEventGrid {
    fn id(&self) -> PlatformId {
        ID
    }

    fn sheet(&self) -> &'static SheetSpec {
        &SHEET
    }

    fn total(&self, x: &Inputs) -> Option<f64> {
        cost(x.w, x.v, x.d, sheet(x.sheets)).total()
    }

    fn evaluate(&self, x: &Inputs) -> Evaluated {
        let s = sheet(x.sheets);
        let c = cost(x.w, x.v, x.d, s);
        let mut platform = priced(
            ID,
            c.too_large.clone().map(|why| (Blocked::Size, why)),
            line_items(&c, s),
            x.w.devices,
            notes(x.w, s),
        );
        platform.tier = Some(tu_text(c.tus));
        Evaluated::new(platform, limits(x.w, s, &c), s.sla.v())
    }
}

fn notes(w: &Workload, s: &AzureEventGridSheet) -> Vec<LazyText> {
    let mut notes = vec![
        "Throughput units sized to the peak (sessions, publishes and bytes in and out); billed per hour"
            .into(),
        "Every telemetry message is delivered at least once, to a consumer (there is no rules engine)"
            .into(),
    ];
    if s.operations_per_connect.v() > 0.0 || s.operations_per_subscribe.v() > 0.0 {
        notes.push(
            "CONNECT and SUBSCRIBE counted as MQTT operations: an assumption, no vendor page says"
                .into(),
        );
    }
    if w.shadow_ops_per_device_per_day > 0.0 || w.twin_reads_per_device_per_day > 0.0 {
        notes.push(
            "No device twin service: shadow and twin operations are not priced here (retained messages can hold state)"
                .into(),
        );
    }
    notes
}

/// The namespace's TU limit (a quota to request), what the TUs bought carry, and one session's
/// publish rate.
fn limits(w: &Workload, s: &AzureEventGridSheet, c: &EventGridCost) -> Vec<LimitRow> {
    const LIMITS: &str = "https://learn.microsoft.com/azure/event-grid/quotas-limits";
    let t = &c.traffic;
    let fixed = |name: &'static str, unit: &'static str, limit: f64, remedy, demand: f64| {
        row(
            w,
            RowInput::rate(
                ID,
                (Text::Static(name), Text::Static(unit)),
                limit,
                remedy,
                (demand, None),
                Arc::from(LIMITS),
            ),
        )
    };
    let bought = bought(w, s, c);
    std::iter::once(fixed(
        "Throughput units per namespace",
        "throughput units",
        s.max_tus_per_namespace.v(),
        Remedy::QuotaRequest,
        c.tus,
    ))
    .chain(bought)
    .chain(std::iter::once(fixed(
        "Inbound MQTT publishes per session",
        "per second",
        s.inbound_publishes_per_second_per_session.v(),
        Remedy::Hard,
        t.device_peak_in.messages,
    )))
    .collect()
}

/// What the throughput units bought carry: more units raise each.
fn bought(w: &Workload, s: &AzureEventGridSheet, c: &EventGridCost) -> [LimitRow; 5] {
    const LIMITS: &str = "https://learn.microsoft.com/azure/event-grid/quotas-limits";
    let t = &c.traffic;
    [
        (
            "MQTT sessions",
            "sessions",
            s.sessions_per_tu.v(),
            c.sessions,
        ),
        (
            "Inbound MQTT publishes",
            "per second",
            s.inbound_publishes_per_second_per_tu.v(),
            t.peak_in.messages,
        ),
        (
            "Inbound MQTT bandwidth",
            "bytes per second",
            s.inbound_bytes_per_second_per_tu.v(),
            t.peak_in.bytes,
        ),
        (
            "Outbound MQTT publishes",
            "per second",
            s.outbound_publishes_per_second_per_tu.v(),
            t.peak_out.messages,
        ),
        (
            "Outbound MQTT bandwidth",
            "bytes per second",
            s.outbound_bytes_per_second_per_tu.v(),
            t.peak_out.bytes,
        ),
    ]
    .map(|(name, unit, per_tu, demand)| {
        row(
            w,
            RowInput {
                units: Some((per_tu, Text::Static("Standard"))),
                ..RowInput::rate(
                    ID,
                    (Text::Static(name), Text::Static(unit)),
                    c.tus * per_tu,
                    Remedy::TierOrUnits,
                    (demand, Some(demand / w.devices)),
                    Arc::from(LIMITS),
                )
            },
        )
    })
}
