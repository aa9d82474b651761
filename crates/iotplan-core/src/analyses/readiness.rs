//! The launch-readiness checklist (domain §10, §16): items are data, automatic items are decided
//! by the report on the launch platform (and on the reference stack where an item is about the
//! stack), manual items by the user's ticks. Every item that fails or is overdue has a severity;
//! only blockers are blockers.

use std::sync::Arc;

use chrono::NaiveDate;

use super::throttle::QUOTA_LEAD_DAYS;
use super::verdicts::worst_of;
use crate::format::{availability, count, duration, percent};
use crate::inputs::checklist::{CheckItem, Checklist, ChecklistState, Rule};
use crate::inputs::workload::Workload;
use crate::report::{
    Blocked, ItemStatus, LazyText, PlatformCost, Readiness, ReadinessItem, Report, Severity,
};

/// An automatic item's outcome: its status, its reason (written when read), and how much a
/// failure matters.
struct Outcome {
    status: ItemStatus,
    reason: LazyText,
    severity: Option<Severity>,
}

/// A reason written when it is read, from figures copied now.
fn words(text: impl Fn() -> String + Send + Sync + 'static) -> LazyText {
    LazyText::new(text)
}

impl Outcome {
    fn pass(reason: impl Into<LazyText>) -> Self {
        Self {
            status: ItemStatus::Pass,
            reason: reason.into(),
            severity: None,
        }
    }

    fn fail(severity: Severity, reason: impl Into<LazyText>) -> Self {
        Self {
            status: ItemStatus::Fail,
            reason: reason.into(),
            severity: Some(severity),
        }
    }

    fn check(ok: bool, severity: Severity, reason: LazyText) -> Self {
        if ok {
            Self::pass(reason)
        } else {
            Self::fail(severity, reason)
        }
    }

    fn not_applicable(reason: impl Into<LazyText>) -> Self {
        Self {
            status: ItemStatus::NotApplicable,
            reason: reason.into(),
            severity: None,
        }
    }
}

/// Items about the launch platform when it cannot carry the workload: decided by "the launch
/// platform carries the workload" instead.
const LAUNCH_INFEASIBLE: &str = "the launch platform cannot carry the workload (see \"The launch platform carries the workload\")";

/// The launch platform if it can carry the workload.
fn launch(r: &Report) -> Option<&PlatformCost> {
    r.launch().filter(|p| p.feasible)
}

/// One automatic rule decided on the report; one function per rule.
fn decide(rule: Rule, severity: Severity, w: &Workload, r: &Report) -> Outcome {
    match rule {
        Rule::Manual | Rule::QuotaRequested => Outcome {
            status: ItemStatus::Manual,
            reason: LazyText::default(),
            severity: None,
        },
        Rule::LaunchPlatformCarries => launch_platform_carries(r),
        Rule::QuotasWithinSafety => quotas_within_safety(w, r),
        Rule::ReconnectWithinTarget => reconnect_within_target(w, r, severity),
        Rule::MessageSizeFits => message_size_fits(r, severity),
        Rule::UnderBudget => under_budget(w, r, severity),
        Rule::EgressIncluded => {
            let share = w.egress_fraction;
            Outcome::check(
                share > 0.0,
                severity,
                words(move || format!("egress share {} of ingested bytes", percent(share))),
            )
        }
        Rule::TieringOn => tiering_on(w, r, severity),
        Rule::StorageMinimums => storage_minimums(w, r, severity),
        Rule::AvailabilityMet => {
            let a = &r.availability;
            let (serial, target, both) = (a.stack_serial, a.target, a.stack_active_active);
            Outcome::check(
                a.meets_target,
                severity,
                words(move || {
                    format!(
                        "the reference stack in series {} against a target of {} (active-active {})",
                        availability(serial),
                        availability(target),
                        availability(both),
                    )
                }),
            )
        }
        Rule::LaunchAvailability => launch_availability(r, severity),
        Rule::ServerlessConnections => {
            let s = &r.serverless;
            let (concurrency, connections) = (s.concurrency, s.database_max_connections);
            Outcome::check(
                !s.connections_exhausted,
                severity,
                words(move || {
                    format!(
                        "peak Lambda concurrency {} against {} database connections",
                        count(concurrency),
                        count(connections)
                    )
                }),
            )
        }
    }
}

/// The launch platform carries the workload; if not, why, and which platforms can.
fn launch_platform_carries(r: &Report) -> Outcome {
    let m = r.money();
    match r.launch() {
        Some(p) if p.feasible => {
            let (title, monthly) = (p.id.title(), p.monthly_usd);
            let auto = r.launch_platform.chosen_by == "auto";
            Outcome::pass(words(move || {
                format!(
                    "{title} carries it at {} a month{}",
                    m.optional(monthly),
                    if auto { " (the cheapest that can)" } else { "" }
                )
            }))
        }
        // A blocked launch is rare and always read: written now.
        Some(p) => {
            let alternatives: Vec<String> = r
                .platforms
                .iter()
                .filter_map(|p| {
                    p.monthly_usd
                        .map(|t| format!("{} ({} a month)", p.id.title(), m.amount(t)))
                })
                .collect();
            Outcome::fail(
                Severity::Blocker,
                format!(
                    "{} cannot carry the workload: {}; {}",
                    p.id.title(),
                    p.reason.as_deref().unwrap_or("no reason given"),
                    if alternatives.is_empty() {
                        "no other platform can either".to_owned()
                    } else {
                        format!("these can: {}", alternatives.join(", "))
                    }
                ),
            )
        }
        None => Outcome::fail(
            Severity::Blocker,
            format!(
                "no platform can carry the workload: {}",
                r.platforms
                    .iter()
                    .map(|p| format!(
                        "{}: {}",
                        p.id.title(),
                        p.reason.as_deref().unwrap_or("infeasible")
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ),
    }
}

/// Every limit of the launch platform holds peak × safety within 80 %; each that does not is
/// named with its verdict, and the item is as severe as the worst of them.
fn quotas_within_safety(w: &Workload, r: &Report) -> Outcome {
    let Some(p) = launch(r) else {
        return Outcome::not_applicable(LAUNCH_INFEASIBLE);
    };
    let rows = worst_of(r);
    match rows.first().and_then(|l| l.severity) {
        None => {
            let (title, safety) = (p.id.title(), w.safety_factor);
            Outcome::pass(words(move || {
                format!(
                    "every {title} limit holds peak × {} within 80 %",
                    count(safety)
                )
            }))
        }
        Some(worst) => {
            let flagged: Vec<String> = rows
                .iter()
                .filter(|l| l.severity.is_some())
                .map(|l| format!("{}: {}", l.name, l.verdict))
                .collect();
            Outcome::fail(worst, flagged.join("; "))
        }
    }
}

fn reconnect_within_target(w: &Workload, r: &Report, severity: Severity) -> Outcome {
    let Some(p) = launch(r) else {
        return Outcome::not_applicable(LAUNCH_INFEASIBLE);
    };
    let title = p.id.title();
    let Some(x) = r.throttle.reconnect.iter().find(|x| x.platform == p.id) else {
        return Outcome::not_applicable(words(move || {
            format!("{title} states no connect rate (its limits table shows what it carries)")
        }));
    };
    let (seconds, target) = (x.seconds, w.reconnect_target_seconds);
    Outcome::check(
        seconds <= target,
        severity,
        words(move || {
            format!(
                "{title} reconnects the fleet in {} (target {})",
                duration(seconds),
                duration(target)
            )
        }),
    )
}

/// The launch platform takes every message kind's size; other platforms that refuse one are
/// named too.
fn message_size_fits(r: &Report, severity: Severity) -> Outcome {
    let too_large = |p: &&PlatformCost| p.blocked_by == Some(Blocked::Size);
    let bytes = r.volume.bytes_per_message;
    let others: Vec<&'static str> = r
        .platforms
        .iter()
        .filter(too_large)
        .filter(|p| Some(p.id) != r.launch_platform.id)
        .map(|p| p.id.title())
        .collect();
    let others = move || {
        if others.is_empty() {
            String::new()
        } else {
            format!("; too large for {}", others.join(", "))
        }
    };
    match r.launch() {
        Some(p) if too_large(&p) => Outcome::fail(
            severity,
            p.reason
                .clone()
                .unwrap_or_else(|| format!("{} B messages do not fit", count(bytes))),
        ),
        Some(p) => {
            let title = p.id.title();
            Outcome::pass(words(move || {
                format!("{} B messages fit {title}{}", count(bytes), others())
            }))
        }
        None => Outcome::not_applicable(words(move || {
            format!("no platform can carry the workload{}", others())
        })),
    }
}

fn under_budget(w: &Workload, r: &Report, severity: Severity) -> Outcome {
    if w.monthly_budget_usd <= 0.0 {
        return Outcome::not_applicable("no budget set");
    }
    let Some(p) = launch(r) else {
        return Outcome::not_applicable(LAUNCH_INFEASIBLE);
    };
    let m = r.money();
    let (title, cost, budget) = (
        p.id.title(),
        p.monthly_usd.unwrap_or_default(),
        w.monthly_budget_usd,
    );
    Outcome::check(
        cost <= budget,
        severity,
        words(move || {
            format!(
                "{title} {} against a budget of {}",
                m.amount(cost),
                m.amount(budget)
            )
        }),
    )
}

/// Advice, with what tiering saves a month.
fn tiering_on(w: &Workload, r: &Report, severity: Severity) -> Outcome {
    if w.retention_days <= w.storage_hot_days {
        return Outcome::not_applicable("all data fits the hot tier");
    }
    let m = r.money();
    let s = &r.storage;
    let (tiered, hot, saved) = (
        s.tiered_monthly_usd,
        s.all_hot_monthly_usd,
        s.savings_fraction,
    );
    Outcome::check(
        w.tiering,
        severity,
        words(move || {
            format!(
                "tiered {} against all hot {}: {} a month saved ({})",
                m.amount(tiered),
                m.amount(hot),
                m.amount(hot - tiered),
                percent(saved)
            )
        }),
    )
}

fn storage_minimums(w: &Workload, r: &Report, severity: Severity) -> Outcome {
    if !w.tiering {
        return Outcome::not_applicable("lifecycle tiering is off");
    }
    let short: Vec<&str> = r
        .storage
        .tiers
        .iter()
        .filter(|t| t.below_minimum)
        .map(|t| t.name)
        .collect();
    Outcome::check(
        short.is_empty(),
        severity,
        if short.is_empty() {
            "every tier holds data at least its class's minimum duration".into()
        } else {
            format!("below the minimum storage duration: {}", short.join(", ")).into()
        },
    )
}

fn launch_availability(r: &Report, severity: Severity) -> Outcome {
    let Some(p) = launch(r) else {
        return Outcome::not_applicable(LAUNCH_INFEASIBLE);
    };
    let title = p.id.title();
    let Some(a) = r.availability.platforms.iter().find(|a| a.id == p.id) else {
        return Outcome::not_applicable(words(move || format!("{title} states no SLA")));
    };
    let (sla, target) = (a.sla, r.availability.target);
    Outcome::check(
        a.meets_target,
        severity,
        words(move || {
            format!(
                "{title} offers {} against a target of {}",
                availability(sla),
                availability(target)
            )
        }),
    )
}

/// The quota item: n/a when no quota of the launch platform needs raising; otherwise what to
/// request, due by the earliest request-by date.
fn quota_requests(r: &Report) -> Option<(LazyText, Option<NaiveDate>)> {
    let requests = &r.throttle.requests;
    if requests.is_empty() {
        return None;
    }
    let words: Vec<String> = requests
        .iter()
        .map(|q| {
            let by = q.request_by.map_or_else(
                || format!("{QUOTA_LEAD_DAYS} days before launch"),
                |d| d.to_string(),
            );
            format!(
                "{} {} ({} now) by {by}",
                q.limit,
                crate::format::amount(q.requested, &q.unit),
                crate::format::amount(q.current, &q.unit)
            )
        })
        .collect();
    Some((
        format!("request: {}", words.join("; ")).into(),
        requests.iter().filter_map(|q| q.request_by).min(),
    ))
}

/// One checklist item judged: its rule on the report, the quota requests for the quota
/// item, the user's tick and note for a manual one, and its do-by date.
fn judge_item(
    item: &Arc<CheckItem>,
    quotas: Option<&(LazyText, Option<NaiveDate>)>,
    state: &ChecklistState,
    (w, r, today): (&Workload, &Report, NaiveDate),
) -> ReadinessItem {
    let automatic = !matches!(item.rule, Rule::Manual | Rule::QuotaRequested);
    let mut outcome = decide(item.rule, item.severity_if_failed, w, r);
    let mut do_by = w
        .launch_date
        .and_then(|d| d.checked_sub_days(chrono::Days::new(u64::from(item.lead_time_days))));
    if item.rule == Rule::QuotaRequested {
        match quotas {
            None => {
                let title = r.launch().map_or("the launch platform", |p| p.id.title());
                outcome = Outcome::not_applicable(words(move || {
                    format!("no quota of {title} needs raising")
                }));
                do_by = None;
            }
            Some((words, by)) => {
                outcome.reason.clone_from(words);
                do_by = by.or(do_by);
            }
        }
    }
    if outcome.status == ItemStatus::Manual
        && let Some(manual) = state.get(item.id.as_ref())
    {
        if manual.done {
            outcome.status = ItemStatus::Pass;
        }
        if !manual.note.is_empty() {
            outcome.reason = if outcome.reason.is_empty() {
                manual.note.clone().into()
            } else {
                let (reason, note) = (outcome.reason, manual.note.clone());
                words(move || format!("{reason}; {note}"))
            };
        }
    }
    let overdue = outcome.status == ItemStatus::Manual && do_by.is_some_and(|d| today > d);
    if overdue {
        outcome.severity = Some(item.severity_if_failed);
    }
    ReadinessItem {
        item: Arc::clone(item),
        status: outcome.status,
        reason: outcome.reason,
        automatic,
        severity: outcome.severity,
        do_by,
        overdue,
    }
}

pub fn readiness(
    checklist: &Checklist,
    state: &ChecklistState,
    w: &Workload,
    r: &Report,
    today: NaiveDate,
) -> Readiness {
    let quotas = quota_requests(r);
    let mut items: Vec<ReadinessItem> = checklist
        .items
        .iter()
        .map(|item| judge_item(item, quotas.as_ref(), state, (w, r, today)))
        .collect();
    // Blockers first, then warnings; otherwise the checklist's own order (stable sort).
    items.sort_by_key(|i| std::cmp::Reverse(i.severity.filter(|s| *s >= Severity::Warning)));
    let ids = |severity: Severity| {
        items
            .iter()
            .filter(|i| i.severity == Some(severity))
            .map(|i| i.item.id.to_string())
            .collect::<Vec<_>>()
    };
    let (blockers, warnings) = (ids(Severity::Blocker), ids(Severity::Warning));
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
        warnings,
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
        // On AWS with the account publish quota at 100/s (an override), 10,000 devices once a
        // minute need 500/s; launch on 2027-01-10, so the request was due on 2026-12-20.
        let mut w = Workload {
            devices: 10_000.0,
            messages_per_device_per_hour: 60.0,
            launch_platform: crate::inputs::workload::LaunchPlatform::Platform(
                crate::platforms::aws_iot_core::ID,
            ),
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
        let blockers = &r.readiness.blockers;
        assert!(
            items[..blockers.len()]
                .iter()
                .all(|i| i.severity == Some(Severity::Blocker))
        );
        assert!(
            items[blockers.len()..]
                .iter()
                .all(|i| i.severity != Some(Severity::Blocker))
        );
        for id in ["quota-increase-requested", "quotas-within-safety"] {
            assert!(blockers.contains(&id.to_owned()), "{id} in {blockers:?}");
        }
        let q = items
            .iter()
            .find(|i| &*i.item.id == "quota-increase-requested")
            .unwrap();
        assert_eq!(q.do_by, NaiveDate::from_ymd_opt(2026, 12, 20));
        assert!(q.overdue);
        let quotas = items
            .iter()
            .find(|i| &*i.item.id == "quotas-within-safety")
            .unwrap();
        assert!(
            quotas
                .reason
                .text()
                .contains("request 500/s by 2026-12-20 (overdue)"),
            "{}",
            quotas.reason
        );
    }

    /// A fresh document launches in 90 days: the default workload has no blocker, and
    /// nothing is overdue.
    #[test]
    fn the_default_workload_opens_with_no_blocker() {
        let today = crate::test_today();
        let w = Workload {
            launch_date: today.checked_add_days(chrono::Days::new(90)),
            ..Workload::default()
        };
        let r = evaluate(&w, &Sheets::embedded(), &Context::new(today)).unwrap();
        assert!(
            r.readiness.blockers.is_empty(),
            "{:?}",
            r.readiness.blockers
        );
        assert!(r.readiness.items.iter().all(|i| !i.overdue));
        // Tiering is advice, with its saving; never a blocker or a warning.
        let tiering = r
            .readiness
            .items
            .iter()
            .find(|i| &*i.item.id == "tiering-on")
            .unwrap();
        assert_eq!(tiering.severity, Some(Severity::Advice));
        assert!(
            tiering.reason.text().contains("a month saved"),
            "{}",
            tiering.reason
        );
    }

    /// "No platform can carry the workload" is said only when none can; the items speak of the
    /// launch platform.
    #[test]
    fn no_item_says_no_platform_can_carry_while_one_can() {
        let w = Workload {
            devices: 130_000.0,
            ..Workload::default()
        };
        let r = evaluate(&w, &Sheets::embedded(), &Context::new(crate::test_today())).unwrap();
        assert!(r.platforms.iter().any(|p| p.feasible));
        for item in &r.readiness.items {
            assert!(
                !item.reason.text().contains("no platform can carry"),
                "{}: {}",
                item.item.id,
                item.reason
            );
        }
        let launch = r.launch().unwrap();
        let reconnect = r
            .readiness
            .items
            .iter()
            .find(|i| &*i.item.id == "reconnect-time")
            .unwrap();
        assert!(
            reconnect.reason.text().starts_with(launch.id.title()),
            "{}",
            reconnect.reason
        );
    }

    #[test]
    fn choosing_the_launch_platform_judges_the_checklist_on_it() {
        let ctx = Context::new(crate::test_today());
        let azure = Workload {
            launch_platform: crate::inputs::workload::LaunchPlatform::Platform(
                crate::platforms::azure_iot_hub::ID,
            ),
            ..Workload::default()
        };
        let r = evaluate(&azure, &Sheets::embedded(), &ctx).unwrap();
        assert_eq!(r.launch_platform.chosen_by, "user");
        let reason = |id: &str| {
            r.readiness
                .items
                .iter()
                .find(|i| &*i.item.id == id)
                .unwrap()
                .reason
                .text()
        };
        assert!(reason("reconnect-time").starts_with("Azure IoT Hub"));
        assert!(reason("launch-platform-carries").starts_with("Azure IoT Hub carries it"));
        // A launch platform that cannot carry the workload says so, and names those that can.
        let big = Workload {
            message_bytes: 200_000.0,
            launch_platform: crate::inputs::workload::LaunchPlatform::Platform(
                crate::platforms::aws_iot_core::ID,
            ),
            ..Workload::default()
        };
        let r = evaluate(&big, &Sheets::embedded(), &ctx).unwrap();
        let carries = r
            .readiness
            .items
            .iter()
            .find(|i| &*i.item.id == "launch-platform-carries")
            .unwrap();
        assert_eq!(carries.severity, Some(Severity::Blocker));
        assert!(
            carries.reason.text().contains("these can: Azure IoT Hub"),
            "{}",
            carries.reason
        );
    }
}
