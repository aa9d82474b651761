//! A self-hosted MQTT broker cluster (EMQX on EC2) with everything a hand-made comparison leaves
//! out: the database, disks, egress and the people who run it (domain §5, §11); its nodes'
//! capacity as its limits.

mod cost;
mod sheet;

use crate::report::LazyText;
use std::sync::Arc;

pub use cost::{SelfHostedCost, broker_messages_per_second, cost, line_items};
pub use sheet::SelfHostedSheet;

use super::limit::{Demand, RowInput, row};
use super::{Evaluated, Inputs, Platform, priced};
use crate::inputs::workload::Workload;
use crate::prices::sheets::{Capacity, Figure, Region, SheetSpec, Sheets};
use crate::report::{LimitRow, PlatformId, PlatformInfo, Remedy, Text, Volume};

pub const ID: PlatformId = PlatformId::new(&PlatformInfo {
    id: "self-hosted",
    title: "Self-hosted cluster",
    colour: [150, 90, 205],
});

pub static SHEET: SheetSpec = SheetSpec::of::<SelfHostedSheet>("self_hosted", embedded);

fn embedded(region: Region) -> &'static str {
    match region {
        Region::UsEast1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/self_hosted.ron"
        )),
        Region::EuWest1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/self_hosted.ron"
        )),
    }
}

/// This platform's sheet among `s`.
pub fn sheet(s: &Sheets) -> &SelfHostedSheet {
    s.get()
}

pub struct SelfHosted;

impl Platform for SelfHosted {
    fn id(&self) -> PlatformId {
        ID
    }

    fn sheet(&self) -> &'static SheetSpec {
        &SHEET
    }

    fn total(&self, x: &Inputs) -> Option<f64> {
        Some(cost(x.w, x.v, sheet(x.sheets), x.sheets.aws_stack()).total())
    }

    fn evaluate(&self, x: &Inputs) -> Evaluated {
        let s = sheet(x.sheets);
        let c = cost(x.w, x.v, s, x.sheets.aws_stack());
        let (broker, instance, nodes) =
            (Arc::clone(&s.broker), Arc::clone(&s.instance), c.base_nodes);
        let note = LazyText::new(move || {
            format!("{broker} on {instance}; {nodes} node(s) carry the load")
        });
        Evaluated {
            cost: priced(
                ID,
                None,
                line_items(&c, x.w, x.v, s, x.sheets.aws_stack()),
                x.w.devices,
                vec![note],
            ),
            limits: limits(x.w, x.v, x.d, s, &c),
            connect_rate: Some(c.nodes * s.node_connects_per_second.v()),
            registration_rate: None,
            quota: None,
            sla: s.sla.v(),
            extra: Vec::new(),
            availability_extra: Vec::new(),
        }
    }
}

/// The cluster's capacity at its node count.
fn limits(
    w: &Workload,
    v: &Volume,
    d: &Demand,
    h: &SelfHostedSheet,
    cost: &SelfHostedCost,
) -> Vec<LimitRow> {
    let broker = broker_messages_per_second(w, v);
    let hosted = |name: &'static str,
                  limit,
                  unit: &'static str,
                  demand,
                  per_device,
                  figure: &Figure<Capacity>| {
        RowInput::rate(
            ID,
            (Text::Static(name), Text::Static(unit)),
            limit,
            Remedy::Capacity,
            (demand, per_device),
            Arc::clone(&figure.source),
        )
    };
    [
        hosted(
            "Broker messages in + out (nodes in service)",
            cost.base_nodes * 2.0 * h.node_inbound_messages_per_second.v(),
            "per second",
            broker,
            Some(broker / w.devices),
            &h.node_inbound_messages_per_second,
        ),
        hosted(
            "Broker concurrent connections",
            cost.base_nodes * h.node_connections.v(),
            "connections",
            d.connected,
            Some(w.peak_connected_fraction),
            &h.node_connections,
        ),
        hosted(
            "Broker new connections",
            cost.nodes * h.node_connects_per_second.v(),
            "per second",
            d.connects,
            Some(d.connects_per_device),
            &h.node_connects_per_second,
        ),
    ]
    .into_iter()
    .map(|input| row(w, input))
    .collect()
}
