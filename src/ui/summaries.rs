//! What each chart shows, in words: the accessible name and summary assistive technology reads
//! (written only when asked for), from the same report the chart draws.

use crate::core::format::{Money, count, duration, percent};
use crate::core::optimise::{Optimisation, Swing};
use crate::core::projection::Projection;
use crate::core::ranges::Ranges;
use crate::core::report::{PlatformId, TimelinePoint};
use crate::ui::storms::Storms;
use crate::ui::view::ReportView as View;

/// "AWS IoT Core $28.53; …; EMQX Serverless cannot carry it": the shown platforms' totals.
fn totals(view: &View) -> String {
    let m = view.report.money();
    view.shown
        .iter()
        .map(|&id| {
            let p = view.report.platform(id);
            format!(
                "{} {}",
                id.title(),
                p.monthly_usd
                    .map_or_else(|| "cannot carry it".to_owned(), |v| m.amount(v))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn platform_totals(view: &View) -> String {
    format!(
        "Line items by platform, stacked, per month: {}",
        totals(view)
    )
}

pub fn cost_curve(view: &View) -> String {
    format!(
        "Monthly cost against fleet size, log–log from 1 to 100,000,000 devices; at your fleet of {} devices: {}; {} break-even points",
        count(view.workload.devices),
        totals(view),
        view.report.break_even.len()
    )
}

pub fn waterfall(o: &Optimisation, target: usize, m: Money) -> String {
    let base = o.waterfall.baseline.get(target).copied().flatten();
    let steps: Vec<String> = o
        .waterfall
        .steps
        .iter()
        .map(|(strategy, t)| {
            format!(
                "{} to {}",
                strategy.title(),
                m.optional(t.get(target).copied().flatten())
            )
        })
        .collect();
    format!(
        "Waterfall of the enabled strategies: {} with all off{}",
        m.optional(base),
        if steps.is_empty() {
            String::new()
        } else {
            format!(", then {}", steps.join(", "))
        }
    )
}

pub fn tornado(platform: PlatformId, swings: &[Swing], base: Option<f64>, m: Money) -> String {
    let widest: Vec<String> = swings
        .iter()
        .take(3)
        .map(|s: &Swing| {
            format!(
                "{} {} to {}",
                s.label,
                m.optional(s.low_usd),
                m.optional(s.high_usd)
            )
        })
        .collect();
    format!(
        "Which input moves the {} total ({}) most, each ±50 %: {}",
        platform.title(),
        m.optional(base),
        widest.join("; ")
    )
}

pub fn fleet(p: &Projection) -> String {
    match (p.months.first(), p.months.last()) {
        (Some(a), Some(b)) => format!(
            "Devices month by month: {} in month 1 ({}) to {} in month {}",
            count(a.devices),
            a.date,
            count(b.devices),
            b.month
        ),
        _ => "Devices month by month".to_owned(),
    }
}

pub fn spent(p: &Projection, m: Money, view: &View) -> String {
    let Some(last) = p.months.last() else {
        return "Spent so far".to_owned();
    };
    let each: Vec<String> = view
        .shown()
        .map(|(k, id)| {
            format!(
                "{} {}",
                id.title(),
                m.optional(last.platforms.get(k).and_then(|x| x.cumulative_usd))
            )
        })
        .collect();
    format!("Spent by month {}: {}", last.month, each.join("; "))
}

pub fn monthly(p: &Projection, m: Money, view: &View) -> String {
    let Some(last) = p.months.last() else {
        return "Cost each month".to_owned();
    };
    let each: Vec<String> = view
        .shown()
        .map(|(k, id)| {
            format!(
                "{} {}",
                id.title(),
                m.optional(last.platforms.get(k).and_then(|x| x.monthly_usd))
            )
        })
        .collect();
    let months: Vec<String> = p.crossings.iter().map(|c| c.month.to_string()).collect();
    format!(
        "Cost each month, log axis; in month {}: {}; limits crossed in months {}; {} tier changes",
        last.month,
        each.join("; "),
        if months.is_empty() {
            "none".to_owned()
        } else {
            months.join(", ")
        },
        p.tier_changes.len()
    )
}

pub fn spread(r: &Ranges, view: &View, m: Money) -> String {
    let each: Vec<String> = r
        .platforms
        .iter()
        .filter(|p| view.is_shown(p.id))
        .map(|p| {
            format!(
                "{} P10 {} to P90 {}, cheapest in {}",
                p.id.title(),
                m.optional(p.spread.p10),
                m.optional(p.spread.p90),
                percent(p.probability_cheapest)
            )
        })
        .collect();
    format!(
        "Spread of each monthly total over {} samples: {}",
        count(r.samples as f64),
        each.join("; ")
    )
}

pub fn storage_held(view: &View) -> String {
    let s = &view.report.storage;
    let held: Vec<String> = s
        .tiers
        .iter()
        .map(|t| format!("{} {} GiB", t.name, count(t.gb)))
        .collect();
    format!(
        "GiB held per tier month by month until one full retention; at steady state: {}",
        held.join(", ")
    )
}

pub fn storage_cost(points: &[TimelinePoint], m: Money, tiering: bool) -> String {
    let Some(last) = points.last() else {
        return "Storage cost month by month".to_owned();
    };
    format!(
        "Storage cost month by month, log axis: by month {}, tiered {} against all hot {}; {} is what the stack pays",
        last.month,
        m.amount(last.monthly_usd),
        m.amount(last.all_hot_monthly_usd),
        if tiering { "tiered" } else { "all hot" }
    )
}

pub fn storm(storms: &Storms) -> String {
    let Some(first) = storms.results.first() else {
        return "Reconnect storm".to_owned();
    };
    let each: Vec<String> = storms
        .results
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.backoff.title(),
                r.seconds_to_all_connected
                    .map_or_else(|| "not within a day".to_owned(), duration)
            )
        })
        .collect();
    format!(
        "Reconnect storm of {} devices against {}/s (floor {}), time to connect them all: {}",
        count(first.devices as f64),
        count(first.connects_per_second),
        duration(first.floor_seconds),
        each.join("; ")
    )
}

pub fn demand(view: &View, platform: PlatformId) -> String {
    let each: Vec<String> = view
        .report
        .throttle
        .limits
        .iter()
        .filter(|l| l.platform == platform && l.onset_devices.is_some())
        .map(|l| {
            format!(
                "{} {}, reached at {} devices",
                l.name,
                crate::core::format::amount(l.limit_per_second, &l.unit),
                count(l.onset_devices.unwrap_or_default())
            )
        })
        .collect();
    format!(
        "Demand against {} limits as the fleet grows, log–log; your fleet {} devices; {}",
        platform.title(),
        count(view.workload.devices),
        each.join("; ")
    )
}
