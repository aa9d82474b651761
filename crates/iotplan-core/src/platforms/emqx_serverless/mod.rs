//! EMQX Platform Serverless (domain §17): the vendor's shared EMQX, billed by session-minutes,
//! traffic and rule actions with a free allowance each; hard caps of 1,000 sessions and
//! 1,000 messages/s make it a platform for pilots.

mod cost;
mod sheet;

use crate::report::LazyText;
use std::sync::Arc;

pub use cost::{ServerlessCost, cost, line_items};
pub use sheet::EmqxServerlessSheet;

use super::limit::{RowInput, row};
use super::{Evaluated, Inputs, Platform, priced};
use crate::format::count;
use crate::inputs::workload::Workload;
use crate::prices::sheets::{Region, SheetSpec, Sheets};
use crate::report::{LimitRow, PlatformId, PlatformInfo, Remedy, Text};

pub const ID: PlatformId = PlatformId::new(&PlatformInfo {
    id: "emqx-serverless",
    title: "EMQX Serverless",
    colour: [100, 140, 30],
});

pub static SHEET: SheetSpec = SheetSpec::of::<EmqxServerlessSheet>("emqx_serverless", embedded);

/// One price list for every cloud and region.
fn embedded(_region: Region) -> &'static str {
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/emqx_serverless.ron"
    ))
}

/// This platform's sheet among `s`.
pub fn sheet(s: &Sheets) -> &EmqxServerlessSheet {
    s.get()
}

pub struct EmqxServerless;

impl Platform for EmqxServerless {
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
        Evaluated::new(
            priced(
                ID,
                c.infeasible.clone(),
                line_items(&c, s),
                x.w.devices,
                notes(x.w, s),
            ),
            limits(x.w, s, &c),
            s.sla.v(),
        )
    }
}

fn notes(w: &Workload, s: &EmqxServerlessSheet) -> Vec<LazyText> {
    let (sessions, rate) = (s.max_sessions.v(), s.max_messages_per_second.v());
    let mut notes = vec![
        LazyText::new(move || format!(
            "Shared deployment: at most {} sessions and {} messages/s in + out; billed daily, rounded up to the cent",
            count(sessions),
            count(rate)
        )),
        "Telemetry consumed by rule actions inside the deployment; only subscriber sessions add outbound traffic".into(),
    ];
    if w.shadow_ops_per_device_per_day > 0.0 || w.twin_reads_per_device_per_day > 0.0 {
        notes.push("No device twin service: shadow and twin operations are not priced here".into());
    }
    notes
}

/// The deployment's caps: sessions and throughput (Dedicated is the larger tier), and the
/// per-client rate and subscriptions (the design has to fit).
fn limits(w: &Workload, s: &EmqxServerlessSheet, c: &ServerlessCost) -> Vec<LimitRow> {
    const PLANS: &str = "https://docs.emqx.com/en/cloud/latest/price/plans.html";
    let rate = |name: &'static str, unit: &'static str, limit: f64, remedy, demand: f64, fleet| {
        row(
            w,
            RowInput::rate(
                ID,
                (Text::Static(name), Text::Static(unit)),
                limit,
                remedy,
                (
                    demand,
                    if fleet {
                        Some(demand / w.devices)
                    } else {
                        None
                    },
                ),
                Arc::from(PLANS),
            ),
        )
    };
    vec![
        rate(
            "Sessions per deployment",
            "sessions",
            s.max_sessions.v(),
            Remedy::TierOrUnits,
            c.sessions,
            true,
        ),
        rate(
            "Messages per second in + out per deployment",
            "per second",
            s.max_messages_per_second.v(),
            Remedy::TierOrUnits,
            c.traffic.peak_messages(),
            true,
        ),
        rate(
            "Publishes per second per client",
            "per second",
            s.max_publishes_per_second_per_client.v(),
            Remedy::Hard,
            c.traffic.device_peak_in.messages,
            false,
        ),
        // A count a client holds, not a rate: compared as it is, not at peak × safety.
        row(
            w,
            RowInput {
                stock: true,
                ..RowInput::rate(
                    ID,
                    (
                        Text::Static("Subscriptions per client"),
                        Text::Static("subscriptions"),
                    ),
                    s.max_subscriptions_per_client.v(),
                    Remedy::Hard,
                    (w.subscriptions_per_connection, None),
                    Arc::from(PLANS),
                )
            },
        ),
    ]
}
