//! A self-hosted MQTT broker cluster with everything a hand-made comparison leaves out: the
//! database, disks, egress and the people who run it (domain §5).

use super::sheet::SelfHostedSheet;
use crate::format::Num;
use crate::inputs::volume::{HOURS_PER_BILLING_MONTH, ceil_whole};
use crate::inputs::workload::Workload;
use crate::platforms::egress::{egress_gb, transfer_item, transfer_usd};
use crate::prices::sheets::AwsStackSheet;
use crate::report::{Category, Formula, LineItem, Volume};

#[derive(Clone, Debug, PartialEq)]
pub struct SelfHostedCost {
    pub nodes_for_throughput: f64,
    pub nodes_for_connections: f64,
    /// Nodes that carry the load (before HA doubling).
    pub base_nodes: f64,
    pub nodes: f64,
    pub compute_usd: f64,
    pub disk_gb: f64,
    pub disk_usd: f64,
    pub database_usd: f64,
    pub egress_gb: f64,
    pub egress_usd: f64,
    pub ops_usd: f64,
}

impl SelfHostedCost {
    pub fn total(&self) -> f64 {
        [
            self.compute_usd,
            self.disk_usd,
            self.database_usd,
            self.egress_usd,
            self.ops_usd,
        ]
        .iter()
        .sum()
    }
}

/// Peak messages through the broker, in + out: telemetry in, telemetry out to one consumer and
/// every subscriber, and commands out (domain §11).
pub fn broker_messages_per_second(w: &Workload, v: &Volume) -> f64 {
    let inbound = v.peak_messages_per_second;
    let commands = w.devices * w.commands_per_device_per_day / 86_400.0 * w.peak_factor;
    inbound + inbound * (1.0 + w.subscribers_per_message) + commands
}

pub fn cost(
    w: &Workload,
    v: &Volume,
    s: &SelfHostedSheet,
    stack: &AwsStackSheet,
) -> SelfHostedCost {
    // A node carries 2 × its inbound figure in + out (domain §11); with one consumer and no
    // downlink that is the inbound figure, as before.
    let nodes_for_throughput = ceil_whole(
        broker_messages_per_second(w, v) / (2.0 * s.node_inbound_messages_per_second.v()),
    );
    let nodes_for_connections =
        ceil_whole(w.devices * w.peak_connected_fraction / s.node_connections.v());
    let base_nodes = nodes_for_throughput.max(nodes_for_connections).max(1.0);
    let nodes = if w.self_hosted_ha {
        base_nodes * 2.0
    } else {
        base_nodes
    };
    let disk_gb = nodes * s.disk_gb_per_node.v();
    // Firmware leaves as EC2 egress, with the rest.
    let egress_gb = egress_gb(w, v);
    SelfHostedCost {
        nodes_for_throughput,
        nodes_for_connections,
        base_nodes,
        nodes,
        compute_usd: nodes
            * HOURS_PER_BILLING_MONTH
            * s.instance_usd_per_hour.v()
            * w.commitment_factor(),
        disk_gb,
        disk_usd: disk_gb * s.disk_usd_per_gb_month.v(),
        database_usd: HOURS_PER_BILLING_MONTH * s.database_usd_per_hour.v() * w.commitment_factor(),
        egress_gb,
        egress_usd: transfer_usd(egress_gb, stack),
        ops_usd: w.ops_hours_per_month * w.ops_hourly_usd,
    }
}

/// The commitment's discount in words, when there is one.
fn commitment(factor: f64) -> String {
    if factor < 1.0 {
        format!(
            " × {} after the compute commitment",
            crate::format::grouped(factor, 2)
        )
    } else {
        String::new()
    }
}

/// Nodes: the larger of the throughput and connection counts, doubled for HA.
fn broker_formula(c: &SelfHostedCost, w: &Workload, s: &SelfHostedSheet) -> Formula {
    let factor = w.commitment_factor();
    let (by_throughput, by_connections, nodes) =
        (c.nodes_for_throughput, c.nodes_for_connections, c.nodes);
    let (node_rate, node_connections) = (
        2.0 * s.node_inbound_messages_per_second.v(),
        s.node_connections.v(),
    );
    let ha = if w.self_hosted_ha { " × 2 for HA" } else { "" };
    let (instance, instance_price) = (s.instance.clone(), s.instance_usd_per_hour.v());
    let hours = HOURS_PER_BILLING_MONTH;
    Formula::new(move || {
        format!(
            "max({by_throughput} for peak in + out ÷ {} msg/s, {by_connections} for connections ÷ {}){ha} = {nodes} × {instance} × {hours} h × ${}/h{}",
            crate::format::count(node_rate),
            crate::format::count(node_connections),
            Num(instance_price),
            commitment(factor)
        )
    })
}

pub fn line_items(
    c: &SelfHostedCost,
    w: &Workload,
    v: &Volume,
    s: &SelfHostedSheet,
    stack: &AwsStackSheet,
) -> Vec<LineItem> {
    let factor = w.commitment_factor();
    let hours = HOURS_PER_BILLING_MONTH;
    let disk_gb = s.disk_gb_per_node.v();
    let (database, database_price) = (s.database_instance.clone(), s.database_usd_per_hour.v());
    vec![
        LineItem::averaged(
            Category::Compute,
            "Broker nodes",
            c.nodes,
            "instances",
            c.compute_usd,
            broker_formula(c, w, s),
        )
        .graded(crate::graded_by![
            s.instance_usd_per_hour,
            s.node_inbound_messages_per_second,
            s.node_connections,
            s.node_connects_per_second
        ]),
        LineItem::flat(
            Category::Disks,
            "Broker disks",
            c.disk_gb,
            "GB-month",
            s.disk_usd_per_gb_month.v(),
            Formula::new(move || format!("nodes × {disk_gb} GB gp3")),
        )
        .graded(crate::graded_by![
            s.disk_usd_per_gb_month,
            s.disk_gb_per_node
        ]),
        LineItem::averaged(
            Category::Database,
            "Database",
            hours,
            "instance-hours",
            c.database_usd,
            Formula::new(move || {
                format!(
                    "{database}: {hours} h × ${}/h{}; storage in the Storage tab",
                    Num(database_price),
                    commitment(factor)
                )
            }),
        )
        .graded(crate::graded_by![s.database_usd_per_hour]),
        transfer_item(w, v, stack),
        LineItem::flat(
            Category::Operations,
            "Operations",
            w.ops_hours_per_month,
            "engineer-hours",
            w.ops_hourly_usd,
            "hours per month × hourly rate (patching, upgrades, on-call)",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;
    use crate::prices::sheets::Sheets;

    fn sized(w: &Workload) -> SelfHostedCost {
        let s = Sheets::embedded();
        cost(w, &volume(w), s.get(), s.aws_stack())
    }

    #[test]
    fn nodes_from_throughput_and_connections() {
        // 1,000,000 devices × 120/h = 33,333 msg/s → 2 nodes; 1 M connections ÷ 250 k → 4 nodes.
        let w = Workload {
            devices: 1e6,
            messages_per_device_per_hour: 120.0,
            ..Workload::default()
        };
        let c = sized(&w);
        assert_eq!(c.nodes_for_throughput, 2.0);
        assert_eq!(c.nodes_for_connections, 4.0);
        assert_eq!(c.nodes, 8.0);
        let single = sized(&Workload {
            self_hosted_ha: false,
            ..w
        });
        assert_eq!(single.nodes, 4.0);
    }

    #[test]
    fn small_fleet_still_pays_for_a_pair_and_operations() {
        let c = sized(&Workload::default());
        assert_eq!(c.nodes, 2.0);
        assert_eq!(c.ops_usd, 2000.0);
        assert!((c.compute_usd - 2.0 * 730.0 * 0.136).abs() < 1e-9);
    }
}
