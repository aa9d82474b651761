//! The launch-readiness checklist (domain §10): items are data, automatic items are decided by
//! the report, manual items by the user's ticks.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::format::{availability, count, duration, percent, usd};
use crate::inputs::checklist::{Checklist, ChecklistState, Rule};
use crate::inputs::workload::Workload;
use crate::report::{ItemStatus, PlatformCost, Readiness, ReadinessItem, Report};

/// What no platform can carry leaves every platform rule failed.
const NO_PLATFORM: &str = "no platform can carry the workload";

fn pass_if(ok: bool, why: String) -> (ItemStatus, String) {
    (
        if ok {
            ItemStatus::Pass
        } else {
            ItemStatus::Fail
        },
        why,
    )
}

/// One automatic rule decided on the report; one function per rule.
fn decide(rule: Rule, w: &Workload, r: &Report) -> (ItemStatus, String) {
    match rule {
        Rule::Manual => (ItemStatus::Manual, String::new()),
        Rule::QuotasWithinSafety => quotas_within_safety(w, r),
        Rule::ReconnectWithinTarget => reconnect_within_target(w, r),
        Rule::MessageSizeFits => message_size_fits(r),
        Rule::UnderBudget => under_budget(w, r),
        Rule::EgressIncluded => pass_if(
            w.egress_fraction > 0.0,
            format!(
                "egress share {} of ingested bytes",
                percent(w.egress_fraction)
            ),
        ),
        Rule::TieringOn => tiering_on(w, r),
        Rule::StorageMinimums => storage_minimums(w, r),
        Rule::AvailabilityMet => pass_if(
            r.availability.meets_target,
            format!(
                "stack in series {} against a target of {} (active-active {}){}",
                availability(r.availability.stack_serial),
                availability(r.availability.target),
                availability(r.availability.stack_active_active),
                below_target(r)
            ),
        ),
        Rule::ServerlessConnections => pass_if(
            !r.serverless.connections_exhausted,
            format!(
                "peak Lambda concurrency {} against {} database connections",
                count(r.serverless.concurrency),
                count(r.serverless.database_max_connections)
            ),
        ),
    }
}

/// The platforms whose own SLA is under the target, in words.
fn below_target(r: &Report) -> String {
    let below: Vec<String> = r
        .availability
        .platforms
        .iter()
        .filter(|p| !p.meets_target)
        .map(|p| format!("{} {}", p.id.title(), availability(p.sla)))
        .collect();
    if below.is_empty() {
        String::new()
    } else {
        format!("; below the target: {}", below.join(", "))
    }
}

fn cheapest(r: &Report) -> Option<&PlatformCost> {
    r.cheapest.map(|id| r.platform(id))
}

/// Every limit of the cheapest platform holds peak × safety; the arithmetic is shown in full
/// ("peak 288,000 × 3 = 864,000 > 400,000 messages per day").
fn quotas_within_safety(w: &Workload, r: &Report) -> (ItemStatus, String) {
    let Some(p) = cheapest(r) else {
        return (ItemStatus::Fail, NO_PLATFORM.to_owned());
    };
    let over: Vec<String> = r
        .throttle
        .limits
        .iter()
        .filter(|l| l.platform == p.id && l.throttled)
        .map(|l| {
            format!(
                "{} (peak {} × {} = {} > {} {})",
                l.name,
                count(l.demand_per_second),
                count(w.safety_factor),
                count(l.demand_per_second * w.safety_factor),
                count(l.limit_per_second),
                l.unit
            )
        })
        .collect();
    // With a growing fleet, the earliest crossing says when to ask (domain §14).
    let crossing = r
        .projection
        .as_ref()
        .and_then(|proj| proj.first_crossing(p.id))
        .map(|c| {
            format!(
                "request {} by {}: month {} ({}) crosses {} ({})",
                c.amount(c.needed_per_second),
                c.request_by,
                c.month,
                c.date,
                c.amount(c.limit_per_second),
                c.limit
            )
        });
    if over.is_empty() {
        (
            ItemStatus::Pass,
            format!(
                "every {} limit holds peak × {}",
                p.id.title(),
                count(w.safety_factor)
            ),
        )
    } else {
        let over = over.join("; ");
        (
            ItemStatus::Fail,
            match crossing {
                Some(when) => format!("{when}; at the full fleet {over}"),
                None => over,
            },
        )
    }
}

fn reconnect_within_target(w: &Workload, r: &Report) -> (ItemStatus, String) {
    match cheapest(r).and_then(|p| r.throttle.reconnect.iter().find(|x| x.platform == p.id)) {
        Some(x) => pass_if(
            x.seconds <= w.reconnect_target_seconds,
            format!(
                "{} reconnects the fleet in {} (target {})",
                x.platform.title(),
                duration(x.seconds),
                duration(w.reconnect_target_seconds)
            ),
        ),
        None => (ItemStatus::Fail, NO_PLATFORM.to_owned()),
    }
}

fn message_size_fits(r: &Report) -> (ItemStatus, String) {
    // Only a payload limit counts here: the lab can be infeasible for its capacity instead.
    let infeasible: Vec<&str> = r
        .platforms
        .iter()
        .filter(|p| {
            !p.feasible
                && p.reason
                    .as_deref()
                    .is_some_and(|why| why.contains("-byte ") && why.contains(" exceeds "))
        })
        .map(|p| p.id.title())
        .collect();
    let size = count(r.volume.bytes_per_message);
    if infeasible.is_empty() {
        pass_if(true, format!("{size} B messages fit every platform"))
    } else {
        pass_if(
            false,
            format!("{size} B messages do not fit {}", infeasible.join(", ")),
        )
    }
}

fn under_budget(w: &Workload, r: &Report) -> (ItemStatus, String) {
    if w.monthly_budget_usd <= 0.0 {
        return (ItemStatus::NotApplicable, "no budget set".to_owned());
    }
    match cheapest(r).and_then(|p| p.monthly_usd.map(|c| (p, c))) {
        Some((p, cost)) => pass_if(
            cost <= w.monthly_budget_usd,
            format!(
                "{} {} against a budget of {}",
                p.id.title(),
                usd(cost),
                usd(w.monthly_budget_usd)
            ),
        ),
        None => (ItemStatus::Fail, NO_PLATFORM.to_owned()),
    }
}

fn tiering_on(w: &Workload, r: &Report) -> (ItemStatus, String) {
    if w.retention_days <= w.storage_hot_days {
        return (
            ItemStatus::NotApplicable,
            "all data fits the hot tier".to_owned(),
        );
    }
    pass_if(
        w.tiering,
        format!(
            "tiered {} against all hot {} ({} saved)",
            usd(r.storage.tiered_monthly_usd),
            usd(r.storage.all_hot_monthly_usd),
            percent(r.storage.savings_fraction)
        ),
    )
}

fn storage_minimums(w: &Workload, r: &Report) -> (ItemStatus, String) {
    if !w.tiering {
        return (
            ItemStatus::NotApplicable,
            "lifecycle tiering is off".to_owned(),
        );
    }
    let short: Vec<&str> = r
        .storage
        .tiers
        .iter()
        .filter(|t| t.below_minimum)
        .map(|t| t.name)
        .collect();
    pass_if(
        short.is_empty(),
        if short.is_empty() {
            "every tier holds data at least its class's minimum duration".to_owned()
        } else {
            format!("below the minimum storage duration: {}", short.join(", "))
        },
    )
}

pub fn readiness(
    checklist: &Checklist,
    state: &ChecklistState,
    w: &Workload,
    r: &Report,
    today: NaiveDate,
) -> Readiness {
    let mut items: Vec<ReadinessItem> = checklist
        .items
        .iter()
        .map(|item| {
            let automatic = item.rule != Rule::Manual;
            let (mut status, mut reason) = decide(item.rule, w, r);
            if !automatic && let Some(manual) = state.get(item.id.as_ref()) {
                if manual.done {
                    status = ItemStatus::Pass;
                }
                reason.clone_from(&manual.note);
            }
            let do_by = w.launch_date.and_then(|d| {
                d.checked_sub_days(chrono::Days::new(u64::from(item.lead_time_days)))
            });
            let overdue = status == ItemStatus::Manual && do_by.is_some_and(|d| today > d);
            ReadinessItem {
                item: Arc::clone(item),
                status,
                reason,
                automatic,
                do_by,
                overdue,
            }
        })
        .collect();
    let is_blocker = |i: &ReadinessItem| i.status == ItemStatus::Fail || i.overdue;
    // Blockers first; otherwise the checklist's own order (stable sort).
    items.sort_by_key(|i| !is_blocker(i));
    let blockers = items
        .iter()
        .filter(|i| is_blocker(i))
        .map(|i| i.item.id.to_string())
        .collect();
    let applicable = items
        .iter()
        .filter(|i| i.status != ItemStatus::NotApplicable)
        .count();
    let passed = items
        .iter()
        .filter(|i| i.status == ItemStatus::Pass)
        .count();
    Readiness {
        passed,
        applicable,
        score: if applicable > 0 {
            passed as f64 / applicable as f64
        } else {
            1.0
        },
        blockers,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::checklist::ManualState;
    use crate::prices::sheets::Sheets;
    use crate::{Context, evaluate};

    #[test]
    fn checklist_ids_are_unique_and_groups_named() {
        let c = Checklist::embedded();
        assert!(c.items.len() >= 25);
        let mut ids: Vec<&str> = c.items.iter().map(|i| i.id.as_ref()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), c.items.len());
    }

    #[test]
    fn ticking_a_manual_item_raises_progress() {
        let w = Workload::default();
        let mut ctx = Context::new(crate::test_today());
        let before = evaluate(&w, &Sheets::embedded(), &ctx).unwrap().readiness;
        ctx.manual.insert(
            "load-test-3x".to_owned(),
            ManualState {
                done: true,
                ..ManualState::default()
            },
        );
        let after = evaluate(&w, &Sheets::embedded(), &ctx).unwrap().readiness;
        assert_eq!(after.passed, before.passed + 1);
        assert_eq!(after.applicable, before.applicable);
    }

    #[test]
    fn failed_autos_and_overdue_items_are_blockers_listed_first() {
        let mut w = Workload {
            devices: 10_000.0,
            messages_per_device_per_hour: 60.0,
            ..Workload::default()
        };
        w.overrides
            .insert("aws_iot_core.inbound_publish_per_account".to_owned(), 100.0);
        w.launch_date = NaiveDate::from_ymd_opt(2027, 1, 10);
        let ctx = Context {
            today: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            ..Context::new(crate::test_today())
        };
        let r = evaluate(&w, &Sheets::embedded(), &ctx).unwrap();
        let items = &r.readiness.items;
        let first_non_blocker = items
            .iter()
            .position(|i| !(i.status == ItemStatus::Fail || i.overdue))
            .unwrap();
        assert_eq!(first_non_blocker, r.readiness.blockers.len());
        // The quota request was due 21 days before launch: overdue on 2027-01-01.
        assert!(
            r.readiness
                .blockers
                .contains(&"quota-increase-requested".to_owned())
        );
        let q = items
            .iter()
            .find(|i| &*i.item.id == "quota-increase-requested")
            .unwrap();
        assert_eq!(q.do_by, NaiveDate::from_ymd_opt(2026, 12, 20));
    }
}
