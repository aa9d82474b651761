//! One verdict per limit (domain §16): where it stands at peak × safety, how it is raised, by
//! when, and how much that matters, in one sentence that every tab and output shows. Judged
//! once the launch platform, the launch date and the projection's crossings are known.

use chrono::{Days, NaiveDate};

use super::throttle::QUOTA_LEAD_DAYS;
use crate::inputs::volume::ceil_whole;
use crate::inputs::workload::Workload;
use crate::report::{
    Action, LimitRow, LimitStatus, QuotaRequest, Remedy, Report, Severity, Verdict,
};

/// Where the projection first crosses a limit: its month, that month's first day and the day
/// to request more by.
struct Crossed {
    month: u32,
    date: NaiveDate,
    request_by: NaiveDate,
}

/// The day to ask for more of a quota by: a later month's crossing's, else launch − 21 days.
/// Without a launch date the projection's month 1 is this month, and a limit crossed there
/// has no day to be late for: the verdict asks for the lead time instead of calling it overdue.
fn request_by(w: &Workload, crossed: Option<&Crossed>) -> Option<NaiveDate> {
    let launch_by = w
        .launch_date
        .and_then(|d| d.checked_sub_days(Days::new(QUOTA_LEAD_DAYS)));
    match crossed {
        Some(c) if c.month > 1 => Some(c.request_by),
        _ => launch_by,
    }
}

/// What raising the limit takes, and whether it is already too late.
fn action(row: &LimitRow, by: Option<NaiveDate>, today: NaiveDate) -> (Action, bool) {
    match row.remedy {
        Remedy::QuotaRequest => {
            let overdue = by.is_some_and(|by| by < today);
            (
                Action::Request {
                    ask: ceil_whole(row.needed),
                    by,
                    overdue,
                    lead_days: QUOTA_LEAD_DAYS,
                },
                overdue,
            )
        }
        Remedy::TierOrUnits => (
            Action::Units {
                carried_by: row
                    .units
                    .as_ref()
                    .filter(|(per_unit, _)| *per_unit > 0.0)
                    .map(|(per_unit, tier)| (ceil_whole(row.needed / per_unit), tier.clone())),
            },
            false,
        ),
        Remedy::Capacity => (Action::Capacity, false),
        Remedy::Hard => (Action::Hard, false),
    }
}

/// The verdict and its severity for one row.
fn judge_row(
    row: &LimitRow,
    w: &Workload,
    crossed: Option<&Crossed>,
    today: NaiveDate,
) -> (Verdict, Option<Severity>) {
    let mut verdict = Verdict {
        limit: row.limit_per_second,
        unit: row.unit.clone(),
        demand: row.demand_per_second,
        needed: row.needed,
        safety: w.safety_factor,
        stock: row.stock,
        status: row.status,
        action: Action::None,
        from_month: None,
    };
    let severity = match row.status {
        LimitStatus::Ok => None,
        LimitStatus::Near => Some(Severity::Warning),
        LimitStatus::OverSafety | LimitStatus::OverPeak => {
            let (act, overdue) = action(row, request_by(w, crossed), today);
            verdict.action = act;
            verdict.from_month = crossed.filter(|c| c.month > 1).map(|c| (c.month, c.date));
            Some(match row.remedy {
                Remedy::QuotaRequest if overdue => Severity::Blocker,
                Remedy::Hard if row.status == LimitStatus::OverPeak => Severity::Blocker,
                _ => Severity::Warning,
            })
        }
    };
    (verdict, severity)
}

/// Writes every limit's verdict and severity, and the launch platform's quota requests.
pub fn judge(report: &mut Report, w: &Workload, today: NaiveDate) {
    let crossings: Vec<(usize, Crossed)> = report
        .projection
        .as_ref()
        .map(|p| {
            p.crossings
                .iter()
                .filter_map(|c| {
                    let i = report
                        .throttle
                        .limits
                        .iter()
                        .position(|l| l.platform == c.platform && *l.name == *c.limit)?;
                    Some((
                        i,
                        Crossed {
                            month: c.month,
                            date: c.date,
                            request_by: c.request_by,
                        },
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut requests = Vec::new();
    for (i, row) in report.throttle.limits.iter_mut().enumerate() {
        let crossed = crossings.iter().find(|(j, _)| *j == i).map(|(_, c)| c);
        let (verdict, severity) = judge_row(row, w, crossed, today);
        row.verdict = verdict;
        row.severity = severity;
        if Some(row.platform) == report.launch_platform.id
            && row.remedy == Remedy::QuotaRequest
            && row.throttled
        {
            requests.push(QuotaRequest {
                platform: row.platform,
                limit: row.name.clone(),
                quota_code: row.quota_code.clone(),
                current: row.limit_per_second,
                requested: ceil_whole(row.needed),
                unit: row.unit.clone(),
                request_by: request_by(w, crossed),
                source: row.source.clone(),
            });
        }
    }
    report.throttle.requests = requests;
}

/// The launch platform's limits, worst first; none without a launch platform.
pub fn worst_of(report: &Report) -> Vec<&LimitRow> {
    report
        .launch_platform
        .id
        .map(|id| report.limits_worst_first(id))
        .unwrap_or_default()
}
