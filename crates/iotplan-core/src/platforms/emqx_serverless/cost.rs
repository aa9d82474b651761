//! EMQX Platform Serverless (domain §17): session-minutes, traffic in + out in GiB and rule
//! actions, each after its free allowance; hard caps on sessions, throughput, per-client rates
//! and message size.

use super::sheet::EmqxServerlessSheet;
use crate::format::{Num, count};
use crate::inputs::volume::{BYTES_PER_GIB, MINUTES_PER_USAGE_MONTH};
use crate::inputs::workload::Workload;
use crate::platforms::limit::Demand;
use crate::platforms::traffic::{Traffic, backend_sessions};
use crate::report::{Blocked, Category, Formula, LineItem, Volume};

#[derive(Clone, Debug, PartialEq)]
pub struct ServerlessCost {
    /// Sessions at once: devices online at peak and the back end's subscriber sessions.
    pub sessions: f64,
    pub traffic: Traffic,
    pub session_minutes: f64,
    pub traffic_gib: f64,
    pub rule_actions: f64,
    pub sessions_usd: f64,
    pub traffic_usd: f64,
    pub actions_usd: f64,
    /// The first cap the workload passes, and why.
    pub infeasible: Option<(Blocked, String)>,
}

impl ServerlessCost {
    pub fn total(&self) -> Option<f64> {
        self.infeasible
            .is_none()
            .then_some(self.sessions_usd + self.traffic_usd + self.actions_usd)
    }
}

/// The first hard cap the workload passes at peak, in words.
fn over_a_cap(
    w: &Workload,
    v: &Volume,
    c: &ServerlessCost,
    s: &EmqxServerlessSheet,
) -> Option<(Blocked, String)> {
    let largest = v
        .bytes_per_message
        .max(if w.commands_per_device_per_day > 0.0 {
            w.command_bytes
        } else {
            0.0
        });
    // Checked in order; only the first cap passed is written (every report checks them all).
    let checks: [(bool, Blocked, CapWords); 5] = [
        (
            c.sessions > s.max_sessions.v(),
            Blocked::Capacity,
            |_, c, s, _| {
                format!(
                    "EMQX Serverless allows at most {} sessions ({} needed)",
                    count(s.max_sessions.v()),
                    count(c.sessions.ceil())
                )
            },
        ),
        (
            c.traffic.peak_messages() > s.max_messages_per_second.v(),
            Blocked::Capacity,
            |_, c, s, _| {
                format!(
                    "EMQX Serverless carries at most {} messages/s in + out (the peak needs {})",
                    count(s.max_messages_per_second.v()),
                    count(c.traffic.peak_messages())
                )
            },
        ),
        (
            c.traffic.device_peak_in.messages > s.max_publishes_per_second_per_client.v(),
            Blocked::Capacity,
            |_, c, s, _| {
                format!(
                    "EMQX Serverless allows {} publishes/s per client (a device needs {} at peak)",
                    count(s.max_publishes_per_second_per_client.v()),
                    count(c.traffic.device_peak_in.messages)
                )
            },
        ),
        (
            w.subscriptions_per_connection > s.max_subscriptions_per_client.v(),
            Blocked::Feature,
            |w, _, s, _| {
                format!(
                    "EMQX Serverless allows {} subscriptions per client ({} asked)",
                    count(s.max_subscriptions_per_client.v()),
                    count(w.subscriptions_per_connection)
                )
            },
        ),
        (
            largest > s.max_message_bytes.v(),
            Blocked::Size,
            |_, _, s, largest| {
                format!(
                    "a message of {} B is over EMQX Serverless' {} B limit",
                    count(largest),
                    count(s.max_message_bytes.v())
                )
            },
        ),
    ];
    checks
        .into_iter()
        .find(|(over, ..)| *over)
        .map(|(_, blocked, words)| (blocked, words(w, c, s, largest)))
}

/// A cap's sentence, from the workload, the cost, the sheet and the largest message.
type CapWords = fn(&Workload, &ServerlessCost, &EmqxServerlessSheet, f64) -> String;

pub fn cost(w: &Workload, v: &Volume, d: &Demand, s: &EmqxServerlessSheet) -> ServerlessCost {
    // Telemetry leaves only to subscriber sessions: a rule action consumes it inside.
    let traffic = Traffic::new(w, v, d, w.subscribers_per_message);
    let backend = backend_sessions(w, 0.0);
    let session_minutes = (w.devices * w.connected_fraction + backend) * MINUTES_PER_USAGE_MONTH;
    let traffic_gib = (traffic.month_in.bytes + traffic.month_out.bytes) / BYTES_PER_GIB;
    let rule_actions = v.messages_per_month * w.rules_per_message * w.actions_per_rule;
    let after = |x: f64, free: f64| (x - free).max(0.0);
    let mut c = ServerlessCost {
        sessions: w.devices * w.peak_connected_fraction + backend,
        traffic,
        session_minutes,
        traffic_gib,
        rule_actions,
        sessions_usd: after(session_minutes, s.free_session_minutes.v()) / 1e6
            * s.session_usd_per_million_minutes.v(),
        traffic_usd: after(traffic_gib, s.free_traffic_gib.v()) * s.traffic_usd_per_gib.v(),
        actions_usd: after(rule_actions, s.free_rule_actions.v()) / 1e6
            * s.rule_actions_usd_per_million.v(),
        infeasible: None,
    };
    c.infeasible = over_a_cap(w, v, &c, s);
    c
}

pub fn line_items(c: &ServerlessCost, s: &EmqxServerlessSheet) -> Vec<LineItem> {
    let (free_minutes, minute_price) = (
        s.free_session_minutes.v(),
        s.session_usd_per_million_minutes.v(),
    );
    let (free_gib, gib_price) = (s.free_traffic_gib.v(), s.traffic_usd_per_gib.v());
    let (free_actions, action_price) =
        (s.free_rule_actions.v(), s.rule_actions_usd_per_million.v());
    let (in_bytes, out_bytes) = (c.traffic.month_in.bytes, c.traffic.month_out.bytes);
    vec![
        LineItem::averaged(
            Category::Connectivity,
            "Session-minutes",
            c.session_minutes,
            "session-minutes",
            c.sessions_usd,
            Formula::new(move || {
                format!(
                    "(devices × connected share + subscriber sessions) × 43,200 min − {} free, × ${}/M",
                    count(free_minutes),
                    Num(minute_price)
                )
            }),
        )
        .graded(crate::graded_by![s.session_usd_per_million_minutes, s.free_session_minutes]),
        LineItem::averaged(
            Category::DataTransfer,
            "Traffic (in + out)",
            c.traffic_gib,
            "GiB",
            c.traffic_usd,
            Formula::new(move || {
                format!(
                    "({} B in + {} B out) ÷ 2^30 − {} GiB free, × ${}/GiB",
                    count(in_bytes),
                    count(out_bytes),
                    Num(free_gib),
                    Num(gib_price)
                )
            }),
        )
        .graded(crate::graded_by![s.traffic_usd_per_gib, s.free_traffic_gib]),
        LineItem::averaged(
            Category::RulesEngine,
            "Rule actions",
            c.rule_actions,
            "actions",
            c.actions_usd,
            Formula::new(move || {
                format!(
                    "messages × rules × actions − {} free, × ${}/M",
                    count(free_actions),
                    Num(action_price)
                )
            }),
        )
        .graded(crate::graded_by![s.rule_actions_usd_per_million, s.free_rule_actions]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;
    use crate::prices::sheets::Sheets;

    fn sized(w: &Workload) -> ServerlessCost {
        let s = Sheets::embedded();
        cost(w, &volume(w), &Demand::new(w), s.get())
    }

    /// Domain §17: the default workload: 43,200,000 − 1,000,000 session-minutes → $84.40;
    /// 1.609 GiB − 1 → $0.09; 8,640,000 − 1,000,000 actions → $1.91; $86.40 in all.
    #[test]
    fn the_default_workload_costs_86_40() {
        let c = sized(&Workload::default());
        assert!((c.sessions_usd - 84.40).abs() < 1e-9);
        assert!((c.traffic_gib - 1_728_000_000.0 / 1_073_741_824.0).abs() < 1e-12);
        assert!((c.traffic_usd - 0.0914).abs() < 1e-4);
        assert!((c.actions_usd - 1.91).abs() < 1e-9);
        assert!((c.total().unwrap() - 86.40).abs() < 0.005);
    }

    #[test]
    fn a_thousand_and_one_devices_are_too_many() {
        let c = sized(&Workload {
            devices: 1_001.0,
            ..Workload::default()
        });
        assert!(c.total().is_none());
        let (blocked, why) = c.infeasible.unwrap();
        assert_eq!(blocked, Blocked::Capacity);
        assert!(why.contains("at most 1,000 sessions"), "{why}");
    }

    #[test]
    fn per_client_rate_and_subscriptions_are_capped() {
        let fast = sized(&Workload {
            devices: 10.0,
            messages_per_device_per_hour: 3_600.0,
            peak_factor: 11.0,
            ..Workload::default()
        });
        assert!(
            fast.infeasible
                .unwrap()
                .1
                .contains("publishes/s per client")
        );
        let many = sized(&Workload {
            subscriptions_per_connection: 11.0,
            ..Workload::default()
        });
        assert!(
            many.infeasible
                .unwrap()
                .1
                .contains("subscriptions per client")
        );
    }
}
