//! Growth projection (domain §14): the workload evaluated month by month at each month's fleet,
//! storage from the data actually written so far, cumulative spend, free tiers over time, Azure
//! tier changes and the month each fleet-wide limit is crossed, with its request-by date.

use chrono::{Months, NaiveDate};

use crate::analyses::storage::{gib_per_day, held_cost};
use crate::analyses::throttle::QUOTA_LEAD_DAYS;
use crate::evaluate::{Context, EvaluateError, figures};
use crate::inputs::workload::{FreeTier, Workload};
use crate::platforms::{self, aws_iot_core};
use crate::prices::sheets::Sheets;
pub use crate::report::growth::{Crossing, MonthPlatform, Projection, ProjectionMonth, TierChange};
use crate::report::{Remedy, Report};

/// The fleet in month `m` (1-based): launch × (1 + fraction)^(m−1) + added × (m−1), at most
/// `devices`, in whole devices.
pub fn fleet(w: &Workload, m: u32) -> f64 {
    let launch = w.devices_at_launch.unwrap_or(w.devices);
    let grown = f64::from(m - 1);
    let fleet =
        launch * (1.0 + w.monthly_growth_fraction).powf(grown) + w.monthly_growth_devices * grown;
    fleet.min(w.devices).round().max(1.0)
}

/// Free Tier credits left: one AWS bill spends them, each priced alternative on its own.
struct Credits {
    aws: f64,
    stack: f64,
    months: f64,
}

/// The projection of `w` over `projection_months` months from its launch date (or today).
pub fn projection(
    w: &Workload,
    sheets: &Sheets,
    ctx: &Context,
) -> Result<Projection, EvaluateError> {
    w.validate()?;
    let own = sheets.with_overrides(&w.overrides)?;
    let start = w.launch_date.unwrap_or(ctx.today);
    let months = w.projection_months as u32;
    let credit = match w.aws_free_tier {
        FreeTier::Credits => aws_iot_core::sheet(&own).free_tier_credits_usd.v(),
        _ => 0.0,
    };
    let mut credits = Credits {
        aws: credit,
        stack: credit,
        months: aws_iot_core::sheet(&own).free_tier_credits_months.v(),
    };
    let mut sample = w.clone();
    sample.ranges.clear();
    let mut out = Projection {
        months: Vec::with_capacity(months as usize),
        crossings: Vec::new(),
        tier_changes: Vec::new(),
    };
    let mut per_day: Vec<f64> = Vec::with_capacity(months as usize);
    let mut cumulative: Vec<Option<f64>> = vec![Some(0.0); platforms::REGISTRY.len()];
    let mut tiers: Vec<Option<String>> = vec![None; platforms::REGISTRY.len()];
    let mut last: Option<Report> = None;
    for m in 1..=months {
        sample.devices = fleet(w, m);
        // Legacy allowances cover the first twelve months only.
        if w.aws_free_tier == FreeTier::Legacy && m > 12 {
            sample.aws_free_tier = FreeTier::None;
        }
        let report = figures(&sample, sheets, ctx)?;
        let date = start
            .checked_add_months(Months::new(m - 1))
            .unwrap_or(start);
        per_day.push(gib_per_day(&sample));
        let storage = held_cost(&sample, &report.storage.tiers, &per_day);
        let in_credit = f64::from(m) <= credits.months;
        let platforms = month_platforms(&report, &mut cumulative, &mut credits, in_credit);
        let stack = month_stack(&sample, &report, storage, &mut credits, in_credit);
        note_crossings(&mut out.crossings, &report, m, date);
        note_tiers(&mut out.tier_changes, &mut tiers, &report, m);
        out.months.push(ProjectionMonth {
            month: m,
            date,
            devices: sample.devices,
            platforms,
            stack_monthly_usd: stack,
            storage_monthly_usd: storage,
        });
        last = Some(report);
    }
    if let Some(last) = last {
        needed_at_the_end(&mut out.crossings, &last);
    }
    Ok(out)
}

/// What to request: peak × safety at the largest fleet, the last month's.
fn needed_at_the_end(crossings: &mut [Crossing], last: &Report) {
    for c in crossings {
        if let Some(row) = last
            .throttle
            .limits
            .iter()
            .find(|l| l.platform == c.platform && *l.name == *c.limit)
        {
            c.needed_per_second = row.needed;
        }
    }
}

/// Each platform's month (AWS after credits) and its running sum, `None` once unknown.
fn month_platforms(
    report: &Report,
    cumulative: &mut [Option<f64>],
    credits: &mut Credits,
    in_credit: bool,
) -> Vec<MonthPlatform> {
    report
        .platforms
        .iter()
        .zip(cumulative.iter_mut())
        .map(|(p, sum)| {
            let mut monthly = p.monthly_usd;
            if in_credit && platforms::get(p.id).spends_aws_credits() {
                monthly = monthly.map(|t| spend(&mut credits.aws, t));
            }
            *sum = match (*sum, monthly) {
                (Some(s), Some(t)) => Some(s + t).filter(|x| x.is_finite()),
                _ => None,
            };
            MonthPlatform {
                id: p.id,
                feasible: p.feasible,
                monthly_usd: monthly,
                cumulative_usd: *sum,
            }
        })
        .collect()
}

/// The stack with this month's held data instead of the steady state's (after credits).
fn month_stack(
    w: &Workload,
    report: &Report,
    storage: f64,
    credits: &mut Credits,
    in_credit: bool,
) -> Option<f64> {
    let t = report.stack.monthly_usd?;
    let steady = if w.tiering {
        report.storage.tiered_monthly_usd
    } else {
        report.storage.all_hot_monthly_usd
    };
    let t = t - steady + storage;
    let t = if in_credit {
        spend(&mut credits.stack, t)
    } else {
        t
    };
    t.is_finite().then_some(t)
}

/// Records each platform choosing another tier than the last month that had one.
fn note_tiers(
    changes: &mut Vec<TierChange>,
    tiers: &mut [Option<String>],
    report: &Report,
    m: u32,
) {
    for (p, last) in report.platforms.iter().zip(tiers.iter_mut()) {
        if let (Some(from), Some(to)) = (last.as_ref(), &p.tier)
            && from != to
        {
            changes.push(TierChange {
                platform: p.id,
                month: m,
                from: from.clone(),
                to: to.clone(),
                possible: platforms::get(p.id).tier_change_possible(from, to),
            });
        }
        if p.tier.is_some() {
            last.clone_from(&p.tier);
        }
    }
}

/// Spends credits against a month's bill; what is left to pay.
fn spend(credits: &mut f64, bill: f64) -> f64 {
    let used = credits.min(bill).max(0.0);
    *credits -= used;
    bill - used
}

/// Adds the fleet-wide limits first exceeded this month.
fn note_crossings(crossings: &mut Vec<Crossing>, report: &Report, m: u32, date: NaiveDate) {
    for row in report
        .throttle
        .limits
        .iter()
        .filter(|l| l.onset_devices.is_some() && l.throttled)
    {
        if crossings
            .iter()
            .any(|c| c.platform == row.platform && *c.limit == *row.name)
        {
            continue;
        }
        crossings.push(Crossing {
            platform: row.platform,
            limit: row.name.clone(),
            month: m,
            date,
            remedy: row.remedy,
            request_by: if row.remedy == Remedy::QuotaRequest {
                date.checked_sub_days(chrono::Days::new(QUOTA_LEAD_DAYS))
                    .unwrap_or(date)
            } else {
                date
            },
            limit_per_second: row.limit_per_second,
            needed_per_second: row.needed,
            unit: row.unit.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate;

    fn ctx() -> Context {
        Context::new(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default())
    }

    fn run(w: &Workload) -> Projection {
        projection(w, &Sheets::embedded(), &ctx()).unwrap()
    }

    #[test]
    fn the_ramp_is_linear_compounding_and_capped() {
        let w = Workload {
            devices: 3_000.0,
            devices_at_launch: Some(1_000.0),
            monthly_growth_devices: 500.0,
            ..Workload::default()
        };
        let fleets: Vec<f64> = (1..=6).map(|m| fleet(&w, m)).collect();
        assert_eq!(
            fleets,
            [1_000.0, 1_500.0, 2_000.0, 2_500.0, 3_000.0, 3_000.0]
        );
        let w = Workload {
            devices: 2_000.0,
            devices_at_launch: Some(1_000.0),
            monthly_growth_fraction: 0.1,
            ..Workload::default()
        };
        let fleets: Vec<f64> = (1..=9).map(|m| fleet(&w, m)).collect();
        // 1,000 × 1.1^(m−1): 1,100, 1,210, 1,331, 1,464.1, … then the ceiling.
        assert_eq!(
            fleets,
            [
                1_000.0, 1_100.0, 1_210.0, 1_331.0, 1_464.0, 1_611.0, 1_772.0, 1_949.0, 2_000.0
            ]
        );
        // No ramp set: every month is the fleet.
        assert_eq!(fleet(&Workload::default(), 7), 1_000.0);
    }

    #[test]
    fn each_month_is_a_plain_report_at_its_fleet_and_sums_add_up() {
        let w = Workload {
            devices: 50_000.0,
            devices_at_launch: Some(5_000.0),
            monthly_growth_devices: 5_000.0,
            projection_months: 12.0,
            ..Workload::default()
        };
        let p = run(&w);
        assert_eq!(p.months.len(), 12);
        let mut sums = vec![0.0; platforms::REGISTRY.len()];
        for month in &p.months {
            let plain = evaluate(
                &Workload {
                    devices: month.devices,
                    ..w.clone()
                },
                &Sheets::embedded(),
                &ctx(),
            )
            .unwrap();
            for (k, mp) in month.platforms.iter().enumerate() {
                assert_eq!(
                    mp.monthly_usd,
                    plain.platform(mp.id).monthly_usd,
                    "{month:?}"
                );
                sums[k] += mp.monthly_usd.unwrap_or_default();
                if let Some(c) = mp.cumulative_usd {
                    assert!((c - sums[k]).abs() < 1e-6);
                }
            }
        }
        assert_eq!(p.months[0].devices, 5_000.0);
        assert_eq!(p.months[9].devices, 50_000.0);
        // Month 1 starts today (no launch date); month 3 two calendar months later.
        assert_eq!(
            p.months[2].date,
            NaiveDate::from_ymd_opt(2027, 1, 28).unwrap()
        );
    }

    #[test]
    fn a_constant_fleet_holds_what_the_storage_timeline_holds() {
        let w = Workload {
            devices: 10_000.0,
            messages_per_device_per_hour: 12.0,
            retention_days: 1_095.0,
            tiering: true,
            projection_months: 40.0,
            ..Workload::default()
        };
        let p = run(&w);
        let report = evaluate(&w, &Sheets::embedded(), &ctx()).unwrap();
        let timeline = &report.storage.timeline;
        for (month, point) in p.months.iter().zip(timeline) {
            assert!(
                (month.storage_monthly_usd - point.monthly_usd).abs() < 1e-9,
                "month {}: {} against {}",
                month.month,
                month.storage_monthly_usd,
                point.monthly_usd
            );
        }
        // After one full retention it stays at the steady state.
        let last = p.months.last().unwrap();
        assert!((last.storage_monthly_usd - report.storage.tiered_monthly_usd).abs() < 1e-9);
    }

    #[test]
    fn a_growing_fleet_crosses_the_publish_limit_on_a_date() {
        // 1 reading a minute, safety 3: AWS's 20,000 publishes/s hold 400,000 devices.
        // From 100,000 adding 100,000 a month: month 4 has 400,000 (not over), month 5
        // 500,000 crosses; request 21 days before its first day.
        let w = Workload {
            devices: 1_000_000.0,
            devices_at_launch: Some(100_000.0),
            monthly_growth_devices: 100_000.0,
            messages_per_device_per_hour: 60.0,
            launch_date: NaiveDate::from_ymd_opt(2027, 3, 1),
            projection_months: 12.0,
            ..Workload::default()
        };
        let p = run(&w);
        let c = p
            .crossings
            .iter()
            .find(|c| {
                c.platform == crate::platforms::aws_iot_core::ID
                    && c.limit.starts_with("Inbound publish")
            })
            .unwrap();
        assert_eq!(c.month, 5);
        assert_eq!(c.date, NaiveDate::from_ymd_opt(2027, 7, 1).unwrap());
        assert_eq!(c.request_by, NaiveDate::from_ymd_opt(2027, 6, 10).unwrap());
        assert_eq!(c.limit_per_second, 20_000.0);
        // At the ceiling, 1,000,000 devices: 16,667/s × 3 = 50,000/s to request.
        assert!((c.needed_per_second - 50_000.0).abs() < 1e-6);
    }

    #[test]
    fn the_checklist_says_when_to_request_the_quota() {
        // AWS is the cheapest at a few hundred devices; with its publish quota at 1/s (an
        // override) 100 devices × 12/h × 3 = 1/s hold, 200 in month 2 (2027-04-01) do not.
        let mut w = Workload {
            devices: 600.0,
            devices_at_launch: Some(100.0),
            monthly_growth_devices: 100.0,
            launch_date: NaiveDate::from_ymd_opt(2027, 3, 1),
            projection_months: 12.0,
            ..Workload::default()
        };
        w.overrides
            .insert("aws_iot_core.inbound_publish_per_account".to_owned(), 1.0);
        let r = crate::full_report(&w, &Sheets::embedded(), &ctx()).unwrap();
        assert_eq!(r.cheapest, Some(crate::platforms::aws_iot_core::ID));
        let item = r
            .readiness
            .items
            .iter()
            .find(|i| &*i.item.id == "quotas-within-safety")
            .unwrap();
        assert_eq!(
            item.reason.text(),
            "Inbound publish requests per second per account: carries the launch fleet; peak 2/s × 3 = 6/s against 1/s from month 2 (2027-04-01): request 6/s by 2027-03-11",
        );
        // The request itself, due by that date.
        let request = r
            .readiness
            .items
            .iter()
            .find(|i| &*i.item.id == "quota-increase-requested")
            .unwrap();
        assert_eq!(request.do_by, NaiveDate::from_ymd_opt(2027, 3, 11));
        assert!(
            request.reason.text().contains(
                "Inbound publish requests per second per account 6/s (1/s now) by 2027-03-11"
            ),
            "{}",
            request.reason
        );
    }

    #[test]
    fn legacy_free_tier_ends_after_twelve_months_and_credits_are_used_up() {
        let w = Workload {
            devices: 100.0,
            aws_free_tier: FreeTier::Legacy,
            projection_months: 14.0,
            ..Workload::default()
        };
        let p = run(&w);
        let aws = |m: usize| p.months[m].platforms[0].monthly_usd.unwrap();
        let none = evaluate(
            &Workload {
                aws_free_tier: FreeTier::None,
                ..w.clone()
            },
            &Sheets::embedded(),
            &ctx(),
        )
        .unwrap()
        .platform(crate::platforms::aws_iot_core::ID)
        .monthly_usd
        .unwrap();
        assert!(aws(11) < none, "month 12 has the allowances");
        assert_eq!(aws(12), none, "month 13 has none");

        let w = Workload {
            devices: 100_000.0,
            aws_free_tier: FreeTier::Credits,
            projection_months: 3.0,
            ..Workload::default()
        };
        let p = run(&w);
        let s = Sheets::embedded();
        let credit = aws_iot_core::sheet(&s).free_tier_credits_usd.v();
        let bill = evaluate(&w, &s, &ctx())
            .unwrap()
            .platform(crate::platforms::aws_iot_core::ID)
            .monthly_usd
            .unwrap();
        let paid: f64 = p
            .months
            .iter()
            .map(|m| m.platforms[0].monthly_usd.unwrap())
            .sum();
        assert!(bill * 3.0 > credit, "the credit runs out within the months");
        assert!((paid - (bill * 3.0 - credit)).abs() < 1e-6, "{paid}");
        assert_eq!(
            p.months[0].platforms[0].monthly_usd,
            Some((bill - credit).max(0.0))
        );
    }

    /// Event Grid's throughput units and EMQX Dedicated's tiers change month by month as the
    /// fleet grows: each change is an event, from the size of the month before.
    #[test]
    fn throughput_units_and_emqx_tiers_change_as_the_fleet_grows() {
        let w = Workload {
            devices: 30_000.0,
            devices_at_launch: Some(500.0),
            monthly_growth_devices: 2_500.0,
            projection_months: 12.0,
            ..Workload::default()
        };
        let p = run(&w);
        let of = |id| -> Vec<(String, String)> {
            p.tier_changes
                .iter()
                .filter(|t| t.platform == id)
                .map(|t| (t.from.clone(), t.to.clone()))
                .collect()
        };
        // Sessions decide, 10,000 a TU: month 12 has 500 + 11 × 2,500 = 28,000 devices and
        // the consumer, 28,001 sessions, 3 TUs.
        assert_eq!(
            of(crate::platforms::azure_event_grid::ID),
            [
                ("1 TU".to_owned(), "2 TUs".to_owned()),
                ("2 TUs".to_owned(), "3 TUs".to_owned()),
            ]
        );
        let emqx = of(crate::platforms::emqx_dedicated::ID);
        // 500 devices fit 1,000 sessions; month 2 has 3,000: the 5,000-session tier.
        assert_eq!(
            emqx[0],
            ("1,000 sessions".to_owned(), "5,000 sessions".to_owned())
        );
    }

    #[test]
    fn azure_tier_changes_are_events_and_downgrades_are_not_possible() {
        assert!(
            platforms::get(crate::platforms::azure_iot_hub::ID).tier_change_possible("B1", "S1")
        );
        assert!(
            platforms::get(crate::platforms::azure_iot_hub::ID).tier_change_possible("S1", "S2")
        );
        assert!(
            !platforms::get(crate::platforms::azure_iot_hub::ID).tier_change_possible("S1", "B2")
        );
        assert!(
            !platforms::get(crate::platforms::azure_iot_hub::ID).tier_change_possible("Free", "B1")
        );
        // From 100 devices (the free tier's 8,000 messages a day) to 100,000.
        let w = Workload {
            devices: 100_000.0,
            devices_at_launch: Some(20.0),
            monthly_growth_fraction: 1.0,
            projection_months: 18.0,
            ..Workload::default()
        };
        let p = run(&w);
        let azure: Vec<_> = p
            .tier_changes
            .iter()
            .filter(|t| t.platform == crate::platforms::azure_iot_hub::ID)
            .collect();
        assert!(!azure.is_empty());
        let first = azure[0];
        assert_eq!(first.from, "Free");
        assert!(!first.possible, "{first:?}");
        // An upgrade within Basic as the fleet passes 10,000 devices can be made in place.
        let upgrade = azure
            .iter()
            .find(|t| t.from == "B1" && t.to == "B2")
            .unwrap();
        assert_eq!(upgrade.month, 10);
        assert!(upgrade.possible);
        // Each change is from the tier the month before.
        for pair in azure.windows(2) {
            assert_eq!(pair[0].to, pair[1].from);
        }
    }
}
