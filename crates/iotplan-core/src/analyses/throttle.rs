//! Throttling and launch-day load (domain §7): every platform's limits against peak demand, the
//! quota to request, and fleet reconnect and registration times. Each platform states its own
//! limits (`platforms::*`); this gathers them.

use crate::inputs::workload::Workload;
use crate::platforms::Evaluated;
use crate::report::{RateTime, Reconnect, Throttle};

/// Days before launch by which a quota increase must be requested.
pub const QUOTA_LEAD_DAYS: u64 = 21;

/// The limits, fleet times and quota of the evaluated platforms.
pub fn throttle(w: &Workload, evaluated: &mut [Evaluated]) -> Throttle {
    let reconnect = evaluated
        .iter()
        .filter_map(|e| {
            e.connect_rate.map(|rate| Reconnect {
                platform: e.cost.id,
                connects_per_second: rate,
                seconds: w.devices / rate,
            })
        })
        .collect();
    let registration = evaluated
        .iter()
        .filter_map(|e| {
            e.registration_rate.map(|rate| RateTime {
                platform: e.cost.id,
                per_second: rate,
                seconds: w.devices / rate,
            })
        })
        .collect();
    let (quota, carries) = evaluated.iter().find_map(|e| e.quota).unwrap_or((0.0, 0.0));
    Throttle {
        limits: evaluated
            .iter_mut()
            .flat_map(|e| std::mem::take(&mut e.limits))
            .collect(),
        reconnect,
        registration,
        quota_to_request_per_second: quota,
        quota_carries_devices: carries,
        quota_request_by: w
            .launch_date
            .and_then(|date| date.checked_sub_days(chrono::Days::new(QUOTA_LEAD_DAYS))),
    }
}

#[cfg(test)]
mod tests {
    use crate::inputs::workload::Workload;
    use crate::platforms::{aws_iot_core, azure_iot_hub, self_hosted};
    use crate::prices::sheets::Sheets;

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
        assert_eq!(publish.platform, aws_iot_core::ID);
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
        let row = r
            .platform(azure_iot_hub::ID)
            .tiers
            .iter()
            .find(|t| t.chosen)
            .unwrap();
        assert_eq!((row.tier.as_str(), row.units), ("S1", Some(1.0)));
        let azure = r
            .throttle
            .reconnect
            .iter()
            .find(|x| x.platform == azure_iot_hub::ID)
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
        let v = crate::inputs::volume::volume(&w);
        assert!((self_hosted::broker_messages_per_second(&w, &v) - 12_000.0).abs() < 1e-6);
    }
}
