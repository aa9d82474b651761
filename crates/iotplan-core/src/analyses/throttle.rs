//! Throttling and launch-day load (domain §7): every platform's limits against peak demand, the
//! quota to request, and fleet reconnect and registration times. Each platform states its own
//! limits (`platforms::*`); this gathers them.

use crate::inputs::workload::Workload;
use crate::platforms::Evaluated;
use crate::report::{PlatformId, RateTime, Reconnect, Throttle};

/// Days before launch by which a quota increase must be requested.
pub const QUOTA_LEAD_DAYS: u64 = 21;

/// The limits and fleet times of the evaluated platforms, and the launch platform's quota of
/// inbound publishes (its requests are written with the verdicts).
pub fn throttle(w: &Workload, evaluated: &mut [Evaluated], launch: Option<PlatformId>) -> Throttle {
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
    let (quota, carries) = evaluated
        .iter()
        .filter(|e| Some(e.cost.id) == launch)
        .find_map(|e| e.quota)
        .unwrap_or((0.0, 0.0));
    Throttle {
        limits: {
            // Sized once: a row is large, and growing the list moved every row again.
            let mut limits = Vec::with_capacity(evaluated.iter().map(|e| e.limits.len()).sum());
            for e in evaluated.iter_mut() {
                limits.append(&mut e.limits);
            }
            limits
        },
        reconnect,
        registration,
        quota_to_request_per_second: quota,
        quota_carries_devices: carries,
        quota_request_by: w
            .launch_date
            .and_then(|date| date.checked_sub_days(chrono::Days::new(QUOTA_LEAD_DAYS))),
        requests: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::inputs::workload::Workload;
    use crate::platforms::{aws_iot_core, azure_iot_hub, self_hosted};
    use crate::prices::sheets::Sheets;

    use crate::inputs::workload::LaunchPlatform;
    use crate::report::{LimitRow, Remedy, Report, Severity};

    fn report(w: &Workload) -> Report {
        crate::evaluate(
            w,
            &Sheets::embedded(),
            &crate::Context::new(crate::test_today()),
        )
        .unwrap()
    }

    fn on_aws(w: Workload) -> Workload {
        Workload {
            launch_platform: LaunchPlatform::Platform(aws_iot_core::ID),
            ..w
        }
    }

    fn limit<'a>(r: &'a Report, name: &str) -> &'a LimitRow {
        r.throttle
            .limits
            .iter()
            .find(|l| l.name.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row"))
    }

    #[test]
    fn twin_reads_count_against_the_publish_quota_and_the_shadow_api() {
        // Domain §7: 20,000 devices at 12/h with 100 twin reads a day each: 66.67 telemetry +
        // 4 × 23.148 reads = 159.26 publishes/s; 23.15 Device Shadow requests/s; request
        // ceil(159.26 × 3) = 478/s.
        let r = report(&on_aws(Workload {
            devices: 20_000.0,
            twin_reads_per_device_per_day: 100.0,
            ..Workload::default()
        }));
        let inbound = limit(&r, "Inbound publish requests");
        assert!(
            (inbound.demand_per_second - 159.259_259).abs() < 1e-5,
            "{inbound:?}"
        );
        let shadow = limit(&r, "Device Shadow API requests");
        assert!((shadow.demand_per_second - 23.148_148).abs() < 1e-5);
        assert_eq!(r.throttle.quota_to_request_per_second, 478.0);
        assert_eq!(inbound.remedy, Remedy::QuotaRequest);
    }

    #[test]
    fn commands_and_methods_count_against_the_publish_quota() {
        // 100 commands a day at 20,000 devices: 66.67 + 23.15 = 89.81 publishes/s.
        let r = report(&on_aws(Workload {
            devices: 20_000.0,
            commands_per_device_per_day: 100.0,
            ..Workload::default()
        }));
        let inbound = limit(&r, "Inbound publish requests");
        assert!((inbound.demand_per_second - 89.814_815).abs() < 1e-5);
        // A method is a request and a response: twice a command on the account's quota, and
        // every message a connection sends or receives on the per-connection limit.
        let r = report(&Workload {
            direct_methods_per_device_per_day: 86_400.0 / 10.0,
            commands_per_device_per_day: 86_400.0 / 10.0,
            ..Workload::default()
        });
        let per_connection = limit(&r, "Publish requests per second per connection");
        assert!((per_connection.demand_per_second - (12.0 / 3600.0 + 0.1 + 0.2)).abs() < 1e-9);
        assert_eq!(per_connection.remedy, Remedy::Hard);
    }

    #[test]
    fn reconnects_load_the_connect_rate() {
        // 1,000,000 devices × 10,000 reconnects a day: 115,741 connects/s, the onset following.
        let r = report(&Workload {
            devices: 1e6,
            reconnects_per_device_per_day: 10_000.0,
            ..Workload::default()
        });
        let connects = limit(&r, "Connect requests per second per account");
        assert_eq!(connects.demand_per_second.ceil(), 115_741.0);
        assert!((connects.onset_devices.unwrap() - 3000.0 / (10_000.0 / 86_400.0)).abs() < 1e-6);
    }

    #[test]
    fn a_command_over_128_kb_makes_aws_infeasible() {
        let r = report(&Workload {
            commands_per_device_per_day: 10.0,
            command_bytes: 131_073.0,
            ..Workload::default()
        });
        let aws = r.platform(aws_iot_core::ID);
        assert!(!aws.feasible);
        assert!(
            aws.reason
                .as_deref()
                .unwrap()
                .contains("131,073-byte command"),
            "{aws:?}"
        );
        assert_ne!(r.cheapest, Some(aws_iot_core::ID));
    }

    #[test]
    fn azure_methods_are_throttled_per_call() {
        // S1's 160 KB/s a unit is 40 calls/s of up to 4 KB (a call counted once, in blocks of
        // the larger of request and response), 20 calls/s of 4-8 KB (domain §7).
        let at = |response: f64| {
            let r = report(&Workload {
                direct_methods_per_device_per_day: 10.0,
                method_response_bytes: response,
                ..Workload::default()
            });
            let row = limit(&r, "Direct methods").clone();
            let units = r
                .platform(azure_iot_hub::ID)
                .tiers
                .iter()
                .find(|t| t.chosen)
                .and_then(|t| t.units)
                .unwrap();
            (row, units)
        };
        let calls = 1000.0 * 10.0 / 86_400.0;
        let (small, units) = at(200.0);
        assert_eq!(small.limit_per_second / units, 160.0);
        assert!((small.demand_per_second - calls * 4.0).abs() < 1e-9);
        assert_eq!(
            small.limit_per_second / units / 4.0,
            40.0,
            "calls/s per unit"
        );
        let (large, units) = at(5000.0);
        assert!((large.demand_per_second - calls * 8.0).abs() < 1e-9);
        assert_eq!(
            large.limit_per_second / units / 8.0,
            20.0,
            "calls/s per unit"
        );
        assert_eq!(small.remedy, Remedy::TierOrUnits);
    }

    #[test]
    fn our_own_capacity_is_never_a_quota_and_a_disk_is_compared_as_held() {
        let r = report(&Workload {
            devices: 150_000.0,
            ..Workload::default()
        });
        for l in r
            .throttle
            .limits
            .iter()
            .filter(|l| l.platform == crate::platforms::self_hosted_lab::ID)
        {
            assert_eq!(l.remedy, Remedy::Capacity, "{}", l.name);
            assert!(!l.verdict.to_string().contains("request"), "{}", l.verdict);
        }
        let disk = limit(&r, "VM disk for the retention");
        assert_eq!(disk.needed, disk.demand_per_second);
        assert!(
            disk.verdict.to_string().starts_with("needs "),
            "{}",
            disk.verdict
        );
        // 150,000 devices need more than the 20 GB the lab keeps for data, but less than
        // three times it: a stock is not multiplied by the safety factor.
        assert!(disk.needed < disk.limit_per_second, "{disk:?}");
        assert_eq!(disk.severity, Some(Severity::Warning));
    }

    #[test]
    fn domain_worked_example_with_the_rule_of_thumb_limit() {
        // Domain §7: account publish limit overridden to 100/s; 10,000 devices once a minute.
        let mut w = on_aws(Workload {
            devices: 10_000.0,
            messages_per_device_per_hour: 60.0,
            ..Workload::default()
        });
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
        // Methods: one call of a 512 B request and a 200 B response is one 4 KB block of the
        // throttle, the larger of the two (domain §7).
        let methods = row("Direct methods");
        assert!((methods.demand_per_second - 100_000.0 * 2.0 / 86_400.0 * 4.0).abs() < 1e-9);
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
