//! Azure Event Grid MQTT broker (domain §17): throughput units sized to the peak, MQTT
//! operations after the free million.

use super::sheet::AzureEventGridSheet;
use crate::format::{Num, count, plural};
use crate::inputs::volume::{DAYS_PER_USAGE_MONTH, HOURS_PER_BILLING_MONTH, ceil_whole};
use crate::inputs::workload::Workload;
use crate::platforms::limit::Demand;
use crate::platforms::traffic::{Traffic, backend_sessions};
use crate::report::{Category, Formula, LineItem, Volume};

/// MQTT operations of a month, by kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Operations {
    /// Publishes received: telemetry, commands, method requests and responses.
    pub publishes: f64,
    /// The second operation of each retained publish.
    pub retained: f64,
    /// Deliveries: telemetry to each consumer, commands and method messages to their receiver.
    pub deliveries: f64,
    pub connects: f64,
    pub subscribes: f64,
}

impl Operations {
    pub fn total(&self) -> f64 {
        self.publishes + self.retained + self.deliveries + self.connects + self.subscribes
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventGridCost {
    /// Sessions at once: devices online at peak and the back end's sessions.
    pub sessions: f64,
    pub traffic: Traffic,
    /// Throughput units each dimension needs: sessions, inbound publishes, inbound bytes,
    /// outbound publishes, outbound bytes.
    pub tus_for: [f64; 5],
    pub tus: f64,
    pub tu_usd: f64,
    pub operations: Operations,
    pub operations_usd: f64,
    /// Why a message cannot be sent, when one is over the size limit.
    pub too_large: Option<String>,
}

impl EventGridCost {
    pub fn total(&self) -> Option<f64> {
        self.too_large
            .is_none()
            .then_some(self.tu_usd + self.operations_usd)
    }
}

/// The first message kind over the limit, in words.
fn too_large(w: &Workload, v: &Volume, max: f64) -> Option<String> {
    let mut kinds = vec![("telemetry message", v.bytes_per_message)];
    if w.commands_per_device_per_day > 0.0 {
        kinds.push(("command", w.command_bytes));
    }
    if w.direct_methods_per_device_per_day > 0.0 {
        kinds.push(("method request", w.method_request_bytes));
        kinds.push(("method response", w.method_response_bytes));
    }
    kinds.into_iter().find(|(_, b)| *b > max).map(|(kind, b)| {
        format!(
            "a {kind} of {} B is over Event Grid's {} B message limit",
            count(b),
            count(max)
        )
    })
}

pub fn cost(w: &Workload, v: &Volume, d: &Demand, s: &AzureEventGridSheet) -> EventGridCost {
    // Without a rules engine every telemetry message is delivered at least once, to a consumer.
    let deliveries = w.subscribers_per_message.max(1.0);
    let traffic = Traffic::new(w, v, d, deliveries);
    let sessions = w.devices * w.peak_connected_fraction + backend_sessions(w, 1.0);
    let tus_for = [
        sessions / s.sessions_per_tu.v(),
        traffic.peak_in.messages / s.inbound_publishes_per_second_per_tu.v(),
        traffic.peak_in.bytes / s.inbound_bytes_per_second_per_tu.v(),
        traffic.peak_out.messages / s.outbound_publishes_per_second_per_tu.v(),
        traffic.peak_out.bytes / s.outbound_bytes_per_second_per_tu.v(),
    ]
    .map(ceil_whole);
    let tus = tus_for.iter().copied().fold(1.0, f64::max);
    let connects = w.devices * DAYS_PER_USAGE_MONTH * w.reconnects_per_device_per_day;
    let operations = Operations {
        publishes: traffic.month_in.messages,
        retained: traffic.telemetry_month
            * w.retained_fraction
            * (s.operations_per_retained_publish.v() - 1.0),
        deliveries: traffic.month_out.messages,
        connects: connects * s.operations_per_connect.v(),
        subscribes: connects * w.subscriptions_per_connection * s.operations_per_subscribe.v(),
    };
    let billable = (operations.total() - s.free_mqtt_operations_per_month.v()).max(0.0);
    EventGridCost {
        sessions,
        traffic,
        tus_for,
        tus,
        // As the line item computes it (TUs × the TU-month), so the total is its items' sum.
        tu_usd: tus * (HOURS_PER_BILLING_MONTH * s.tu_usd_per_hour.v()),
        operations,
        operations_usd: billable / 1e6 * s.mqtt_operations_usd_per_million.v(),
        too_large: too_large(w, v, s.max_message_bytes.v()),
    }
}

/// "3 TUs", "1 TU": the size the projection follows.
pub fn tu_text(tus: f64) -> String {
    plural(tus as usize, "TU")
}

pub fn line_items(c: &EventGridCost, s: &AzureEventGridSheet) -> Vec<LineItem> {
    let per_tu_month = HOURS_PER_BILLING_MONTH * s.tu_usd_per_hour.v();
    let (tu_hour, hours) = (s.tu_usd_per_hour.v(), HOURS_PER_BILLING_MONTH);
    let [by_sessions, by_in, by_in_bytes, by_out, by_out_bytes] = c.tus_for;
    let tus = c.tus;
    let ops = c.operations;
    let (free, price) = (
        s.free_mqtt_operations_per_month.v(),
        s.mqtt_operations_usd_per_million.v(),
    );
    vec![
        LineItem::flat(
            Category::CapacityUnits,
            "Throughput units",
            tus,
            "TUs",
            per_tu_month,
            Formula::new(move || {
                format!(
                    "max(1, {by_sessions} for sessions, {by_in} for inbound and {by_in_bytes} for inbound bytes, {by_out} for outbound and {by_out_bytes} for outbound bytes at peak) = {tus} × {hours} h × ${}/TU-hour",
                    Num(tu_hour)
                )
            }),
        )
        .graded(crate::graded_by![s.tu_usd_per_hour, s.sessions_per_tu, s.inbound_publishes_per_second_per_tu, s.inbound_bytes_per_second_per_tu, s.outbound_publishes_per_second_per_tu, s.outbound_bytes_per_second_per_tu]),
        LineItem::averaged(
            Category::Messaging,
            "MQTT operations",
            ops.total(),
            "operations",
            c.operations_usd,
            Formula::new(move || {
                let kinds = [
                    ("publishes", ops.publishes),
                    ("retained (a second operation each)", ops.retained),
                    ("deliveries", ops.deliveries),
                    ("connects", ops.connects),
                    ("subscribes", ops.subscribes),
                ];
                let parts: Vec<String> = kinds
                    .iter()
                    .filter(|(_, n)| *n > 0.0)
                    .map(|(kind, n)| format!("{kind} {}", count(*n)))
                    .collect();
                format!(
                    "{} − {} free, × ${}/M",
                    parts.join(" + "),
                    count(free),
                    Num(price)
                )
            }),
        )
        .graded(crate::graded_by![s.mqtt_operations_usd_per_million, s.free_mqtt_operations_per_month, s.operations_per_retained_publish, s.operations_per_connect, s.operations_per_subscribe]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;
    use crate::prices::sheets::Sheets;

    fn sized(w: &Workload) -> EventGridCost {
        let s = Sheets::embedded();
        cost(w, &volume(w), &Demand::new(w), s.get())
    }

    /// Domain §17: 10 devices × 1 message an hour: 7,200 in + 7,200 delivered, under the free
    /// million: one TU, $29.20 a month.
    #[test]
    fn ten_devices_cost_one_throughput_unit() {
        let c = sized(&Workload {
            devices: 10.0,
            messages_per_device_per_hour: 1.0,
            ..Workload::default()
        });
        assert_eq!(c.operations.publishes, 7_200.0);
        assert_eq!(c.operations.deliveries, 7_200.0);
        assert_eq!(c.tus, 1.0);
        assert_eq!(c.operations_usd, 0.0);
        assert!((c.total().unwrap() - 29.20).abs() < 1e-9);
    }

    /// Domain §17: 25,000 devices online, 1,500 msg/s inbound at peak: sessions decide, 3 TUs
    /// = $87.60 of TUs.
    #[test]
    fn sessions_decide_at_25000_devices() {
        let c = sized(&Workload {
            devices: 25_000.0,
            messages_per_device_per_hour: 216.0,
            ..Workload::default()
        });
        assert!((c.traffic.peak_in.messages - 1_500.0).abs() < 1e-9);
        assert_eq!(c.tus_for[0], 3.0);
        assert_eq!(c.tus_for[1], 2.0);
        assert_eq!(c.tus, 3.0);
        assert!((c.tu_usd - 87.60).abs() < 1e-9);
    }

    #[test]
    fn retained_publishes_count_twice_and_connects_once() {
        let base = sized(&Workload::default());
        let c = sized(&Workload {
            retained_fraction: 0.5,
            reconnects_per_device_per_day: 2.0,
            subscriptions_per_connection: 3.0,
            ..Workload::default()
        });
        assert_eq!(c.operations.retained, 0.5 * 8_640_000.0);
        assert_eq!(c.operations.connects, 1_000.0 * 30.0 * 2.0);
        assert_eq!(c.operations.subscribes, 1_000.0 * 30.0 * 2.0 * 3.0);
        assert!(c.operations_usd > base.operations_usd);
    }

    #[test]
    fn a_message_over_512_kb_cannot_be_sent() {
        let c = sized(&Workload {
            message_bytes: 262_144.0,
            batch_size: 3.0,
            ..Workload::default()
        });
        assert!(c.total().is_none());
        assert!(c.too_large.unwrap().contains("telemetry message"));
    }
}
