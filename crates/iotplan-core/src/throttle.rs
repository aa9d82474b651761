//! Throttling and launch-day load: every limit against peak demand, onset by fleet size, the
//! quota to request, and fleet reconnect and registration times (domain §7).

use super::platforms::{azure_iot_hub, azure_iot_hub::AzureCost, self_hosted::SelfHostedCost};
use super::report::{LimitRow, PlatformId, RateTime, Reconnect, Text, Throttle, Volume};
use super::sheets::{AzureTier, Capacity, Figure, Limit, SelfHostedSheet, Sheets};
use super::volume::{blocks, ceil_whole, messages_per_device_per_hour};
use super::workload::Workload;
use std::sync::Arc;

/// Days before launch by which a quota increase must be requested.
pub const QUOTA_LEAD_DAYS: u64 = 21;

struct RowInput {
    platform: PlatformId,
    name: Text,
    limit: f64,
    unit: Text,
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
fn aws_publishes_per_device_hour(w: &Workload, s: &Sheets) -> f64 {
    (messages_per_device_per_hour(w)
        + w.shadow_ops_per_device_per_day / 24.0 * s.aws_iot_core.shadow_update_publish_weight.v())
        * w.peak_factor
}

/// Per-device and fleet demand that several limits share.
struct Demand {
    /// One device's peak publish rate (msg/s).
    device_peak: f64,
    /// One device's inbound publishes per hour at peak, shadow updates included.
    publishes_hour: f64,
    /// One device's peak shadow/twin operations per second.
    shadow_per_device: f64,
    /// Devices connected at once.
    connected: f64,
    /// Connects per second for a whole-fleet reconnect within the target.
    connects: f64,
}

impl Demand {
    fn new(w: &Workload, s: &Sheets) -> Self {
        Self {
            device_peak: messages_per_device_per_hour(w) * w.peak_factor / 3600.0,
            publishes_hour: aws_publishes_per_device_hour(w, s),
            shadow_per_device: w.shadow_ops_per_device_per_day / 86_400.0 * w.peak_factor,
            connected: w.devices * w.peak_connected_fraction,
            connects: w.devices / w.reconnect_target_seconds,
        }
    }
}

/// The limits of AWS IoT Core against the demand (domain §7).
fn aws_limits(w: &Workload, v: &Volume, s: &Sheets, d: &Demand) -> Vec<LimitRow> {
    let a = &s.aws_iot_core;
    let per_connect = 1.0 / w.reconnect_target_seconds;
    [
        aws_row(
            &a.inbound_publish_per_account,
            w.devices * d.publishes_hour / 3600.0,
            Some(d.publishes_hour / 3600.0),
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

/// A row of the chosen Azure tier's limits (all adjustable by adding units).
fn azure_row(
    t: &AzureTier,
    name: &'static str,
    limit: f64,
    unit: &'static str,
    demand: f64,
    per_device: Option<f64>,
) -> RowInput {
    RowInput {
        platform: PlatformId::AzureIotHub,
        name: Text::Static(name),
        limit,
        unit: Text::Static(unit),
        adjustable: true,
        source: Arc::clone(&t.d2c_per_second_per_unit.source),
        demand,
        per_device,
    }
}

/// Cloud-to-device and direct-method throttles (domain §11), at the peak factor.
fn azure_downlink_rows(w: &Workload, t: &AzureTier, units: f64) -> Vec<RowInput> {
    let per_device_second = |per_day: f64| per_day / 86_400.0 * w.peak_factor;
    let mut inputs = Vec::new();
    if w.commands_per_device_per_day > 0.0 {
        let c2d = per_device_second(w.commands_per_device_per_day);
        inputs.push(azure_row(
            t,
            "Cloud-to-device sends",
            units * t.c2d_sends_per_second_per_unit.v(),
            "per second",
            w.devices * c2d,
            Some(c2d),
        ));
    }
    if w.direct_methods_per_device_per_day > 0.0 {
        // Throttled in KB, each request and response metered in 4 KB blocks.
        let kb = 4.0
            * (blocks(w.method_request_bytes, 4096.0) + blocks(w.method_response_bytes, 4096.0));
        let methods = per_device_second(w.direct_methods_per_device_per_day) * kb;
        inputs.push(azure_row(
            t,
            "Direct methods",
            units * t.method_kb_per_second_per_unit.v(),
            "KB per second",
            w.devices * methods,
            Some(methods),
        ));
    }
    inputs
}

/// The chosen Azure tier's throttles and daily quota at its unit count.
fn azure_limits(
    w: &Workload,
    v: &Volume,
    d: &Demand,
    t: &AzureTier,
    units: f64,
    metered: f64,
) -> Vec<LimitRow> {
    let per_unit = |floor: f64, rate: f64| azure_iot_hub::throttle(floor, rate, units);
    let mut inputs = vec![
        azure_row(
            t,
            "Device-to-cloud sends",
            per_unit(t.d2c_min_per_second.v(), t.d2c_per_second_per_unit.v()),
            "per second",
            v.peak_messages_per_second,
            Some(d.device_peak),
        ),
        azure_row(
            t,
            "New device connections",
            per_unit(
                t.connects_min_per_second.v(),
                t.connects_per_second_per_unit.v(),
            ),
            "per second",
            d.connects,
            Some(1.0 / w.reconnect_target_seconds),
        ),
        azure_row(
            t,
            "Daily message quota",
            units * t.messages_per_day_per_unit.v(),
            "messages per day",
            metered,
            Some(metered / w.devices),
        ),
    ];
    inputs.extend(azure_downlink_rows(w, t, units));
    if t.has_twins && w.shadow_ops_per_device_per_day > 0.0 {
        inputs.push(azure_row(
            t,
            "Twin updates",
            per_unit(
                t.twin_updates_min_per_second.v(),
                t.twin_updates_per_second_per_unit.v(),
            ),
            "per second",
            w.devices * d.shadow_per_device,
            Some(d.shadow_per_device),
        ));
    }
    inputs.into_iter().map(|input| row(w, input)).collect()
}

/// The self-hosted broker cluster's capacity at its node count.
fn hosted_limits(
    w: &Workload,
    v: &Volume,
    d: &Demand,
    h: &SelfHostedSheet,
    cost: &SelfHostedCost,
) -> Vec<LimitRow> {
    let broker = crate::platforms::self_hosted::broker_messages_per_second(w, v);
    let hosted = |name: &'static str,
                  limit,
                  unit: &'static str,
                  demand,
                  per_device,
                  figure: &Figure<Capacity>| RowInput {
        platform: PlatformId::SelfHosted,
        name: Text::Static(name),
        limit,
        unit: Text::Static(unit),
        adjustable: true,
        source: Arc::clone(&figure.source),
        demand,
        per_device,
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
            Some(1.0 / w.reconnect_target_seconds),
            &h.node_connects_per_second,
        ),
    ]
    .into_iter()
    .map(|input| row(w, input))
    .collect()
}

/// Whole-fleet reconnect and registration times per platform.
fn fleet_times(
    w: &Workload,
    s: &Sheets,
    azure_tier: Option<(&AzureTier, f64)>,
    hosted_cost: &SelfHostedCost,
) -> (Vec<Reconnect>, Vec<RateTime>) {
    let a = &s.aws_iot_core;
    let reconnect_at = |platform, rate: f64| Reconnect {
        platform,
        connects_per_second: rate,
        seconds: w.devices / rate,
    };
    let register_at = |platform, rate: f64| RateTime {
        platform,
        per_second: rate,
        seconds: w.devices / rate,
    };
    let mut reconnect = vec![reconnect_at(
        PlatformId::AwsIotCore,
        a.connect_per_account.v(),
    )];
    let mut registration = vec![register_at(PlatformId::AwsIotCore, a.create_thing.v())];
    if let Some((t, units)) = azure_tier {
        let rate = azure_iot_hub::throttle(
            t.connects_min_per_second.v(),
            t.connects_per_second_per_unit.v(),
            units,
        );
        reconnect.push(reconnect_at(PlatformId::AzureIotHub, rate));
        registration.push(register_at(
            PlatformId::AzureIotHub,
            t.registry_ops_per_second_per_unit.v() * units,
        ));
    }
    reconnect.push(reconnect_at(
        PlatformId::SelfHosted,
        hosted_cost.nodes * s.self_hosted.node_connects_per_second.v(),
    ));
    (reconnect, registration)
}

/// The lab's three ceilings, each with its onset: where the lab stops carrying the fleet.
fn lab_limits(w: &Workload, lab: &crate::platforms::self_hosted_lab::LabCost) -> Vec<LimitRow> {
    lab.ceilings
        .iter()
        .map(|c| {
            let mut limit = row(
                w,
                RowInput {
                    platform: PlatformId::SelfHostedLab,
                    name: Text::Static(c.name),
                    limit: c.capacity,
                    unit: Text::Static(c.unit),
                    adjustable: true,
                    source: Arc::clone(&c.source),
                    demand: c.demand,
                    per_device: Some(c.demand / w.devices),
                },
            );
            // The whole fleet the lab carries, as its notes and reasons say it.
            limit.onset_devices = c.onset_devices(w.devices);
            limit
        })
        .collect()
}

pub fn throttle(
    w: &Workload,
    s: &Sheets,
    azure: &AzureCost,
    (hosted_cost, lab): (&SelfHostedCost, &crate::platforms::self_hosted_lab::LabCost),
    v: &Volume,
) -> Throttle {
    let d = Demand::new(w, s);
    let mut limits = aws_limits(w, v, s, &d);
    let azure_tier = azure.chosen.map(|i| {
        (
            s.azure_iot_hub.tiers()[i],
            azure.tiers[i].units,
            azure.tiers[i].metered_per_day,
        )
    });
    if let Some((t, units, metered)) = azure_tier {
        limits.extend(azure_limits(w, v, &d, t, units, metered));
    }
    limits.extend(hosted_limits(w, v, &d, &s.self_hosted, hosted_cost));
    limits.extend(lab_limits(w, lab));
    let (reconnect, registration) = fleet_times(
        w,
        s,
        azure_tier.map(|(t, units, _)| (t, units)),
        hosted_cost,
    );

    // Multiply before dividing so the domain's round figures stay exact (1,800,000 ÷ 3,600 = 500).
    let quota = ceil_whole(w.devices * d.publishes_hour * w.safety_factor / 3600.0);
    Throttle {
        limits,
        reconnect,
        registration,
        quota_to_request_per_second: quota,
        quota_carries_devices: quota * 3600.0 / d.publishes_hour,
        quota_request_by: w
            .launch_date
            .and_then(|date| date.checked_sub_days(chrono::Days::new(QUOTA_LEAD_DAYS))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::PlatformId;

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
        let r = crate::evaluate(
            &w,
            &Sheets::embedded(),
            &crate::Context::new(crate::test_today()),
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
            crate::evaluate(
                &w,
                &Sheets::embedded(),
                &crate::Context::new(crate::test_today()),
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
        let r = crate::evaluate(
            &w,
            &Sheets::embedded(),
            &crate::Context::new(crate::test_today()),
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

    #[test]
    fn downlink_throttles_and_peak_concurrency_join_the_limits() {
        let w = Workload {
            devices: 100_000.0,
            commands_per_device_per_day: 24.0,
            direct_methods_per_device_per_day: 2.0,
            peak_connected_fraction: 0.4,
            ..Workload::default()
        };
        let r = crate::evaluate(
            &w,
            &Sheets::embedded(),
            &crate::Context::new(crate::test_today()),
        )
        .unwrap();
        let row = |name: &str| {
            r.throttle
                .limits
                .iter()
                .find(|l| &*l.name == name)
                .unwrap_or_else(|| panic!("no {name} row"))
        };
        // 100,000 devices × 24 a day = 27.8 commands/s against the chosen Standard tier's units.
        let c2d = row("Cloud-to-device sends");
        assert!((c2d.demand_per_second - 100_000.0 * 24.0 / 86_400.0).abs() < 1e-9);
        // Methods: a 512 B request and a 200 B response are 4 KB + 4 KB of throttle each.
        let methods = row("Direct methods");
        assert!((methods.demand_per_second - 100_000.0 * 2.0 / 86_400.0 * 8.0).abs() < 1e-9);
        // 40 % of the fleet online at once counts against connection limits.
        let aws = row("Maximum concurrent client connections per account");
        assert_eq!(aws.demand_per_second, 40_000.0);
        assert_eq!(aws.onset_devices, Some(500_000.0 / 0.4));
    }

    #[test]
    fn the_broker_is_sized_on_messages_in_and_out() {
        // 2,000 msg/s in with 4 subscribers: 2,000 + 2,000 × 5 = 12,000 through the broker.
        let w = Workload {
            devices: 600_000.0,
            messages_per_device_per_hour: 12.0,
            subscribers_per_message: 4.0,
            ..Workload::default()
        };
        let v = crate::volume::volume(&w);
        assert!(
            (crate::platforms::self_hosted::broker_messages_per_second(&w, &v) - 12_000.0).abs()
                < 1e-6
        );
    }
}
