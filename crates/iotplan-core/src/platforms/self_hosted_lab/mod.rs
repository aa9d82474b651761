//! The self-hosted lab: one VM running Mosquitto, InfluxDB, Telegraf and Grafana (the chapter's
//! Docker Compose lab). It carries a fleet up to the first of three ceilings — the
//! single-threaded broker, InfluxDB's ingest rate, the disk for the retention — and is
//! infeasible beyond; no high availability.

mod cost;
mod sheet;

use crate::report::LazyText;
use std::sync::Arc;

pub use cost::{Ceiling, LabCost, ceilings, cost, line_items};
pub use sheet::SelfHostedLabSheet;

use super::limit::{RowInput, row};
use super::{Evaluated, Inputs, Platform, priced};
use crate::format::{availability, count};
use crate::inputs::workload::Workload;
use crate::prices::sheets::{Region, SheetSpec, Sheets};
use crate::report::items::LazyJson;
use crate::report::{Blocked, LimitRow, PlatformId, PlatformInfo, Remedy, Text};

pub const ID: PlatformId = PlatformId::new(&PlatformInfo {
    id: "self-hosted-lab",
    title: "Self-hosted lab",
    colour: [0, 150, 136],
});

pub static SHEET: SheetSpec = SheetSpec::of::<SelfHostedLabSheet>("self_hosted_lab", embedded);

fn embedded(region: Region) -> &'static str {
    match region {
        Region::UsEast1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/self_hosted_lab.ron"
        )),
        Region::EuWest1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/self_hosted_lab.ron"
        )),
    }
}

/// This platform's sheet among `s`.
pub fn sheet(s: &Sheets) -> &SelfHostedLabSheet {
    s.get()
}

pub struct SelfHostedLab;

impl Platform for SelfHostedLab {
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
        let sla = s.sla.v();
        let cost = priced(
            ID,
            c.infeasible().map(|why| (Blocked::Capacity, why)),
            line_items(&c, x.w, x.v, s, x.sheets.aws_stack()),
            x.w.devices,
            notes(x.w, s, &c),
        );
        Evaluated {
            availability_extra: {
                let meets = sla >= x.w.availability_target;
                vec![
                    ("lab", LazyJson::new(move || serde_json::json!(sla))),
                    (
                        "lab_meets_target",
                        LazyJson::new(move || serde_json::json!(meets)),
                    ),
                ]
            },
            ..Evaluated::new(cost, limits(x.w, &c), sla)
        }
    }
}

/// What the lab is, how far it goes at this rate, and what one VM means for availability.
fn notes(w: &Workload, l: &SelfHostedLabSheet, lab: &LabCost) -> Vec<LazyText> {
    let instance = std::sync::Arc::clone(&l.instance);
    let mut notes = vec![LazyText::new(move || {
        format!(
            "Mosquitto, InfluxDB, Telegraf and Grafana on one {instance} (iotplan export-compose writes its Docker Compose file)",
        )
    })];
    if let Some(n) = lab.carries_devices {
        notes.push(LazyText::new(move || {
            format!("The lab carries up to {} devices at this rate", count(n))
        }));
    }
    let (sla, target) = (l.sla.v(), w.availability_target);
    notes.push(LazyText::new(move || {
        format!(
            "One VM, no failover: availability {} against a target of {}",
            availability(sla),
            availability(target)
        )
    }));
    notes
}

/// The lab's three ceilings, each with its onset: where the lab stops carrying the fleet.
fn limits(w: &Workload, lab: &LabCost) -> Vec<LimitRow> {
    lab.ceilings
        .iter()
        .map(|c| {
            let mut limit = row(
                w,
                RowInput {
                    // GB held on the disk is a stock, compared as it is (domain §16).
                    stock: c.unit == "GB",
                    ..RowInput::rate(
                        ID,
                        (Text::Static(c.name), Text::Static(c.unit)),
                        c.capacity,
                        Remedy::Capacity,
                        (c.demand, Some(c.demand / w.devices)),
                        Arc::clone(&c.source),
                    )
                },
            );
            // The whole fleet the lab carries, as its notes and reasons say it.
            limit.onset_devices = c.onset_devices(w.devices);
            limit
        })
        .collect()
}
