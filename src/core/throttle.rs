//! Throttling and launch-day load: every limit against peak demand, onset by fleet size, the
//! quota to request, and fleet reconnect and registration times (domain §7).

use super::platforms::{azure_iot_hub, azure_iot_hub::AzureCost, self_hosted::SelfHostedCost};
use super::report::{LimitRow, PlatformId, RateTime, Reconnect, Throttle, Volume};
use super::sheets::{Limit, Sheets};
use super::volume::{ceil_whole, messages_per_device_per_hour};
use super::workload::Workload;
use std::sync::Arc;

/// Days before launch by which a quota increase must be requested.
pub const QUOTA_LEAD_DAYS: u64 = 21;

struct RowInput {
    platform: PlatformId,
    name: Arc<str>,
    limit: f64,
    unit: Arc<str>,
    adjustable: bool,
    source: Arc<str>,
    /// Demand of the whole fleet (or one device, for per-connection limits).
    demand: f64,
    /// Demand one device adds, for fleet-wide limits; onset = limit ÷ this.
    per_device: Option<f64>,
}

fn row(w: &Workload, r: RowInput) -> LimitRow {
    // Sheet limits are at least 1; only a combined throttle (an Azure floor and per-unit rate
    // both edited to 0) can be lower, and is then measured against 1/s, never divided by 0.
    let utilization = r.demand / r.limit.max(1.0);
    LimitRow {
        platform: r.platform,
        name: r.name,
        limit_per_second: r.limit,
        unit: r.unit,
        demand_per_second: r.demand,
        utilization,
        throttled: r.demand * w.safety_factor > r.limit,
        adjustable: r.adjustable,
        onset_devices: r
            .per_device
            .filter(|d| *d > 0.0)
            .map(|d| r.limit / d)
            .filter(|o| o.is_finite()),
        source: r.source,
    }
}

fn aws_row(l: &Limit, demand: f64, per_device: Option<f64>) -> RowInput {
    RowInput {
        platform: PlatformId::AwsIotCore,
        name: Arc::clone(&l.name),
        limit: l.v(),
        unit: Arc::clone(&l.unit),
        adjustable: l.adjustable,
        source: Arc::clone(&l.source),
        demand,
        per_device,
    }
}

/// Inbound publishes one device adds at peak, per hour: its messages plus shadow updates, each
/// of which counts as several publishes against the account quota.
fn aws_publishes_per_device_hour(w: &Workload, s: &Sheets) -> f64 {
    (messages_per_device_per_hour(w)
        + w.shadow_ops_per_device_per_day / 24.0 * s.aws_iot_core.shadow_update_publish_weight.v())
        * w.peak_factor
}

pub fn throttle(
    w: &Workload,
    v: &Volume,
    s: &Sheets,
    azure: &AzureCost,
    hosted_cost: &SelfHostedCost,
) -> Throttle {
    let a = &s.aws_iot_core;
    let device_peak = messages_per_device_per_hour(w) * w.peak_factor / 3600.0;
    let publishes_hour = aws_publishes_per_device_hour(w, s);
    let shadow_per_device = w.shadow_ops_per_device_per_day / 86_400.0 * w.peak_factor;
    let connected = w.devices * w.connected_fraction;
    // A whole-fleet reconnect within the target: one connect per device.
    let connect_demand = w.devices / w.reconnect_target_seconds;
    let mut limits = vec![
        row(
            w,
            aws_row(
                &a.inbound_publish_per_account,
                w.devices * publishes_hour / 3600.0,
                Some(publishes_hour / 3600.0),
            ),
        ),
        row(w, aws_row(&a.publish_per_connection, device_peak, None)),
        row(
            w,
            aws_row(
                &a.throughput_per_connection,
                device_peak * v.bytes_per_message,
                None,
            ),
        ),
        row(
            w,
            aws_row(
                &a.connect_per_account,
                connect_demand,
                Some(1.0 / w.reconnect_target_seconds),
            ),
        ),
        row(
            w,
            aws_row(
                &a.connect_per_client_id,
                1.0 / w.reconnect_target_seconds,
                None,
            ),
        ),
        row(
            w,
            aws_row(&a.max_connections, connected, Some(w.connected_fraction)),
        ),
        row(
            w,
            aws_row(
                &a.shadow_requests_per_account,
                w.devices * shadow_per_device,
                Some(shadow_per_device),
            ),
        ),
        row(
            w,
            aws_row(
                &a.rule_evaluations_per_account,
                v.peak_messages_per_second * w.rules_per_message,
                Some(device_peak * w.rules_per_message),
            ),
        ),
    ];

    let azure_tier = azure
        .chosen
        .map(|i| (s.azure_iot_hub.tiers()[i], azure.tiers[i].units));
    if let Some((t, units)) = azure_tier {
        let src = &t.d2c_per_second_per_unit.source;
        let azure_row = |name: &'static str,
                         limit: f64,
                         unit: &'static str,
                         demand: f64,
                         per_device: Option<f64>| RowInput {
            platform: PlatformId::AzureIotHub,
            name: Arc::from(name),
            limit,
            unit: Arc::from(unit),
            adjustable: true,
            source: Arc::clone(src),
            demand,
            per_device,
        };
        limits.push(row(
            w,
            azure_row(
                "Device-to-cloud sends",
                azure_iot_hub::throttle(
                    t.d2c_min_per_second.v(),
                    t.d2c_per_second_per_unit.v(),
                    units,
                ),
                "per second",
                v.peak_messages_per_second,
                Some(device_peak),
            ),
        ));
        limits.push(row(
            w,
            azure_row(
                "New device connections",
                azure_iot_hub::throttle(
                    t.connects_min_per_second.v(),
                    t.connects_per_second_per_unit.v(),
                    units,
                ),
                "per second",
                connect_demand,
                Some(1.0 / w.reconnect_target_seconds),
            ),
        ));
        let metered = azure.tiers[azure.chosen.unwrap_or(0)].metered_per_day;
        limits.push(row(
            w,
            azure_row(
                "Daily message quota",
                units * t.messages_per_day_per_unit.v(),
                "messages per day",
                metered,
                Some(metered / w.devices),
            ),
        ));
        if t.has_twins && w.shadow_ops_per_device_per_day > 0.0 {
            limits.push(row(
                w,
                azure_row(
                    "Twin updates",
                    azure_iot_hub::throttle(
                        t.twin_updates_min_per_second.v(),
                        t.twin_updates_per_second_per_unit.v(),
                        units,
                    ),
                    "per second",
                    w.devices * shadow_per_device,
                    Some(shadow_per_device),
                ),
            ));
        }
    }

    let h = &s.self_hosted;
    let hosted =
        |name: &str,
         limit,
         unit: &str,
         demand,
         per_device,
         figure: &crate::core::sheets::Figure<crate::core::sheets::Capacity>| RowInput {
            platform: PlatformId::SelfHosted,
            name: Arc::from(name),
            limit,
            unit: Arc::from(unit),
            adjustable: true,
            source: Arc::clone(&figure.source),
            demand,
            per_device,
        };
    limits.push(row(
        w,
        hosted(
            "Broker inbound messages (nodes in service)",
            hosted_cost.base_nodes * h.node_inbound_messages_per_second.v(),
            "per second",
            v.peak_messages_per_second,
            Some(device_peak),
            &h.node_inbound_messages_per_second,
        ),
    ));
    limits.push(row(
        w,
        hosted(
            "Broker concurrent connections",
            hosted_cost.base_nodes * h.node_connections.v(),
            "connections",
            connected,
            Some(w.connected_fraction),
            &h.node_connections,
        ),
    ));
    limits.push(row(
        w,
        hosted(
            "Broker new connections",
            hosted_cost.nodes * h.node_connects_per_second.v(),
            "per second",
            connect_demand,
            Some(1.0 / w.reconnect_target_seconds),
            &h.node_connects_per_second,
        ),
    ));

    let mut reconnect = vec![Reconnect {
        platform: PlatformId::AwsIotCore,
        connects_per_second: a.connect_per_account.v(),
        seconds: w.devices / a.connect_per_account.v(),
    }];
    let mut registration = vec![RateTime {
        platform: PlatformId::AwsIotCore,
        per_second: a.create_thing.v(),
        seconds: w.devices / a.create_thing.v(),
    }];
    if let Some((t, units)) = azure_tier {
        let rate = azure_iot_hub::throttle(
            t.connects_min_per_second.v(),
            t.connects_per_second_per_unit.v(),
            units,
        );
        reconnect.push(Reconnect {
            platform: PlatformId::AzureIotHub,
            connects_per_second: rate,
            seconds: w.devices / rate,
        });
        let reg = t.registry_ops_per_second_per_unit.v() * units;
        registration.push(RateTime {
            platform: PlatformId::AzureIotHub,
            per_second: reg,
            seconds: w.devices / reg,
        });
    }
    let hosted_rate = hosted_cost.nodes * h.node_connects_per_second.v();
    reconnect.push(Reconnect {
        platform: PlatformId::SelfHosted,
        connects_per_second: hosted_rate,
        seconds: w.devices / hosted_rate,
    });

    // Multiply before dividing so the domain's round figures stay exact (1,800,000 ÷ 3,600 = 500).
    let quota = ceil_whole(w.devices * publishes_hour * w.safety_factor / 3600.0);
    Throttle {
        limits,
        reconnect,
        registration,
        quota_to_request_per_second: quota,
        quota_carries_devices: quota * 3600.0 / publishes_hour,
        quota_request_by: w
            .launch_date
            .and_then(|d| d.checked_sub_days(chrono::Days::new(QUOTA_LEAD_DAYS))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::report::PlatformId;

    #[test]
    fn domain_worked_example_with_the_rule_of_thumb_limit() {
        // Domain §7: account publish limit overridden to 100/s; 10,000 devices once a minute.
        let mut w = Workload {
            devices: 10_000.0,
            messages_per_device_per_hour: 60.0,
            ..Workload::default()
        };
        w.overrides
            .insert("aws_iot_core.inbound_publish_per_account".to_owned(), 100.0);
        let r = crate::core::evaluate(
            &w,
            &Sheets::embedded(),
            &crate::core::Context::new(crate::core::test_today()),
        )
        .unwrap();
        let publish = &r.throttle.limits[0];
        assert_eq!(publish.platform, PlatformId::AwsIotCore);
        assert!((publish.demand_per_second - 166.666_666_666).abs() < 1e-6);
        assert!((publish.onset_devices.unwrap() - 6000.0).abs() < 1e-6);
        assert!(publish.throttled);
        // The flag trips at 2,000 devices with 3× safety.
        let at = |devices: f64| {
            let w = Workload {
                devices,
                ..w.clone()
            };
            crate::core::evaluate(
                &w,
                &Sheets::embedded(),
                &crate::core::Context::new(crate::core::test_today()),
            )
            .unwrap()
            .throttle
            .limits[0]
                .throttled
        };
        assert!(!at(2000.0));
        assert!(at(2001.0));
        assert_eq!(r.throttle.quota_to_request_per_second, 500.0);
        assert_eq!(r.throttle.quota_carries_devices, 30_000.0);
    }

    #[test]
    fn azure_reconnect_of_100k_devices_on_one_s1_unit() {
        // Domain §7: 1 S1 unit, 100,000 devices → at least 1,000 s. Twins force Standard; a low
        // rate keeps it to one unit.
        let w = Workload {
            devices: 100_000.0,
            messages_per_device_per_hour: 0.1,
            shadow_ops_per_device_per_day: 1.0,
            ..Workload::default()
        };
        let r = crate::core::evaluate(
            &w,
            &Sheets::embedded(),
            &crate::core::Context::new(crate::core::test_today()),
        )
        .unwrap();
        let row = r.azure_tiers.iter().find(|t| t.chosen).unwrap();
        assert_eq!((row.tier.as_str(), row.units), ("S1", Some(1.0)));
        let azure = r
            .throttle
            .reconnect
            .iter()
            .find(|x| x.platform == PlatformId::AzureIotHub)
            .unwrap();
        assert_eq!(azure.seconds, 1000.0);
    }
}
