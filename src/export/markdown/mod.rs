//! The report as Markdown, for people: one function per section. Rounds only for display.

use std::fmt::Write as _;

use crate::core::format::{Money, availability, count, duration, percent};
use crate::core::report::{ItemStatus, LineItem, Report};

mod projection;
mod ranges;

use projection::md_projection;
use ranges::{md_ranges, md_spread};

fn items_table(out: &mut String, items: &[LineItem], m: Money) {
    out.push_str("| Item | Quantity | Unit | Unit price | Monthly | Formula |\n|---|---:|---|---:|---:|---|\n");
    for i in items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i.name,
            crate::core::format::quantity(i.quantity),
            i.unit,
            m.price_per(i.unit_usd, &i.unit),
            m.amount(i.monthly_usd),
            i.formula.text().replace('|', "\\|")
        );
    }
}

/// The currency figures are shown in, with its rate and date unless it is USD.
pub fn currency_text(r: &Report) -> String {
    let c = &r.currency;
    match c.as_of {
        Some(as_of) if !c.is_usd() => format!(
            "{} ({}), {} per USD as of {as_of} (ECB reference rate in the currency sheet); computed in USD",
            c.code,
            c.symbol,
            crate::core::format::Num(c.rate)
        ),
        _ => "USD ($)".to_owned(),
    }
}

pub fn markdown(r: &Report) -> String {
    let mut out = format!(
        "# iotplan report\n\n**Region:** {}\n\n**Currency:** {}\n\n",
        r.region.title(),
        currency_text(r)
    );
    for section in [
        md_comparison,
        md_platforms,
        md_tiers_and_stack,
        md_throttling,
        md_storage,
        md_availability,
        md_projection,
        md_readiness,
    ] {
        section(&mut out, r);
    }
    out
}

/// A Δ as text: `+$12.34 (+5.20 %)`, or what happened when a side has no figure.
pub fn delta_text(d: &crate::core::compare::Delta, m: Money) -> String {
    match (d.delta_usd, d.baseline_monthly_usd, d.monthly_usd) {
        (Some(delta), ..) => {
            let sign = if delta > 0.0 { "+" } else { "" };
            let fraction = d.delta_fraction.map_or_else(String::new, |f| {
                format!(" ({}{})", if f > 0.0 { "+" } else { "" }, percent(f))
            });
            format!("{sign}{}{fraction}", m.amount(delta))
        }
        (None, Some(_), None) => "now infeasible".to_owned(),
        (None, None, Some(_)) => "now feasible".to_owned(),
        _ => "infeasible in both".to_owned(),
    }
}

/// Against the baseline, when the report has one: each platform and the stack.
fn md_comparison(out: &mut String, r: &Report) {
    let Some(c) = &r.comparison else { return };
    let m = r.money();
    let rows: Vec<(&str, &crate::core::compare::Delta)> = c
        .platforms
        .iter()
        .map(|p| (p.id.title(), &p.delta))
        .chain(std::iter::once(("Reference AWS stack", &c.stack)))
        .collect();
    // The change split by cause, where prices moved too (domain §18).
    let prices_moved = rows
        .iter()
        .any(|(_, d)| d.price_delta_usd.is_some_and(|p| p.abs() >= 0.005));
    let (head, rule) = if prices_moved {
        (
            "| | Baseline | Now | Change | From usage | From prices |",
            "|---|---:|---:|---:|---:|---:|",
        )
    } else {
        ("| | Baseline | Now | Change |", "|---|---:|---:|---:|")
    };
    let _ = writeln!(
        out,
        "## Compared with {}\n\n{head}\n{rule}",
        c.baseline.replace('|', "\\|")
    );
    for (name, d) in rows {
        let split = if prices_moved {
            format!(
                " {} | {} |",
                m.optional(d.usage_delta_usd),
                m.optional(d.price_delta_usd)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |{split}",
            m.optional(d.baseline_monthly_usd),
            m.optional(d.monthly_usd),
            delta_text(d, m)
        );
    }
    out.push('\n');
}

/// Volume, the platforms' totals and their line items.
fn md_platforms(out: &mut String, r: &Report) {
    let v = &r.volume;
    let _ = writeln!(
        out,
        "**Volume:** {} messages/month, {} GB/month, {} msg/s average, {} msg/s peak, {} B per message\n",
        count(v.messages_per_month),
        count(v.gb_per_month),
        count(v.average_messages_per_second),
        count(v.peak_messages_per_second),
        count(v.bytes_per_message)
    );
    let ranges = r.ranges.as_ref();
    out.push_str("## Platforms (per month)\n\n| Platform | Monthly | Per device |");
    if ranges.is_some() {
        out.push_str(" P10 | P50 | P90 | Cheapest in |");
    }
    out.push_str(" Note |\n|---|---:|---:|");
    if ranges.is_some() {
        out.push_str("---:|---:|---:|---:|");
    }
    out.push_str("---|\n");
    for p in &r.platforms {
        let note = p.reason.clone().unwrap_or_else(|| {
            let mut marks = Vec::new();
            if r.launch_platform.id == Some(p.id) {
                marks.push("launch platform");
            }
            if r.cheapest == Some(p.id) {
                marks.push("cheapest");
            }
            marks.join(", ")
        });
        let _ = write!(
            out,
            "| {} | {} | {} |",
            p.id.title(),
            r.money().optional(p.monthly_usd),
            r.money().per_device(p.per_device_monthly_usd),
        );
        if let Some(pr) = ranges.and_then(|g| g.platforms.iter().find(|x| x.id == p.id)) {
            let _ = write!(
                out,
                " {} | {} |",
                md_spread(&pr.spread, r.money()),
                crate::core::format::percent(pr.probability_cheapest)
            );
        }
        let _ = writeln!(out, " {note} |");
    }
    if let Some(g) = ranges {
        md_ranges(out, g, r.money());
    }
    for p in &r.platforms {
        if p.feasible {
            let _ = writeln!(out, "\n### {}\n", p.id.title());
            items_table(out, &p.line_items, r.money());
        }
    }
}

/// Every tier of each platform sold in tiers, with why it was (not) chosen, and the
/// reference stack.
fn md_tiers_and_stack(out: &mut String, r: &Report) {
    for p in r.platforms.iter().filter(|p| !p.tiers.is_empty()) {
        let _ = write!(
            out,
            "\n### {} tiers\n\n| Tier | Units | Monthly | Why |\n|---|---:|---:|---|\n",
            p.id.title()
        );
        for t in p.tiers.iter() {
            let _ = writeln!(
                out,
                "| {}{} | {} | {} | {} |",
                t.tier,
                if t.chosen { " (chosen)" } else { "" },
                t.units.map_or_else(|| "—".to_owned(), count),
                r.money().optional(t.monthly_usd),
                t.reason
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## Reference AWS stack: {}\n",
        r.money().optional(r.stack.monthly_usd)
    );
    if let Some(g) = &r.ranges {
        let s = &g.stack;
        let _ = writeln!(
            out,
            "Over the ranges: P10 {} · P50 {} · P90 {} (feasible in {} of samples)\n",
            r.money().optional(s.p10),
            r.money().optional(s.p50),
            r.money().optional(s.p90),
            crate::core::format::percent(s.feasible_share)
        );
    }
    match &r.stack.reason {
        Some(reason) => {
            let _ = writeln!(out, "Infeasible: {reason}");
        }
        None => items_table(out, &r.stack.line_items, r.money()),
    }
}

/// The launch platform and how it was chosen.
pub fn launch_text(r: &Report) -> String {
    match (r.launch_platform.id, r.launch_platform.chosen_by) {
        (Some(id), "auto") => format!(
            "{} (auto: the cheapest that can carry the workload)",
            id.title()
        ),
        (Some(id), _) => format!("{} (chosen)", id.title()),
        (None, _) => "none (no platform can carry the workload)".to_owned(),
    }
}

/// Every limit with its remedy and verdict, the quotas to request, fleet reconnect and
/// registration.
fn md_throttling(out: &mut String, r: &Report) {
    let _ = writeln!(
        out,
        "\n## Throttling\n\nLaunch platform: {}\n",
        launch_text(r)
    );
    out.push_str("| Platform | Limit | Value | Peak demand | Utilisation | Remedy | Onset (devices) | Verdict |\n|---|---|---:|---:|---:|---|---:|---|\n");
    for l in &r.throttle.limits {
        let verdict = match l.severity {
            Some(s) if s >= crate::core::report::Severity::Warning => {
                format!("**{}**: {}", s.title(), l.verdict)
            }
            _ => l.verdict.to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {verdict} |",
            l.platform.title(),
            l.name,
            crate::core::format::amount(l.limit_per_second, &l.unit),
            count(l.demand_per_second),
            percent(l.utilization),
            l.remedy.id(),
            l.onset_devices.map_or_else(|| "—".to_owned(), count)
        );
    }
    let t = &r.throttle;
    if t.requests.is_empty() {
        out.push_str("\nNo quota of the launch platform needs raising.\n\n");
    } else {
        out.push_str("\nQuotas to request (`iotplan quota-request` writes the requests):\n\n");
        for q in &t.requests {
            let _ = writeln!(
                out,
                "- {}: {} from {}{}",
                q.limit,
                crate::core::format::amount(q.requested, &q.unit),
                crate::core::format::amount(q.current, &q.unit),
                q.request_by
                    .map(|d| format!(", request by {d}"))
                    .unwrap_or_default()
            );
        }
        out.push('\n');
    }
    for x in &t.reconnect {
        let _ = writeln!(
            out,
            "- Fleet reconnect on {}: {} at {}/s",
            x.platform.title(),
            duration(x.seconds),
            count(x.connects_per_second)
        );
    }
    for x in &t.registration {
        let _ = writeln!(
            out,
            "- Fleet registration on {}: {} at {}/s",
            x.platform.title(),
            duration(x.seconds),
            count(x.per_second)
        );
    }
}

/// Storage tiers, extra items and warnings.
fn md_storage(out: &mut String, r: &Report) {
    let s = &r.storage;
    // What is paid first: tiered with tiering on, all hot without.
    let (m, tiering) = (r.money(), r.storage.tiering);
    let paid = if tiering {
        format!(
            "tiered {} per month (all hot would be {}, {} saved)",
            m.amount(s.tiered_monthly_usd),
            m.amount(s.all_hot_monthly_usd),
            percent(s.savings_fraction)
        )
    } else {
        format!(
            "all hot {} per month (tiering is off; tiered it would be {}, {} less)",
            m.amount(s.all_hot_monthly_usd),
            m.amount(s.tiered_monthly_usd),
            percent(s.savings_fraction)
        )
    };
    let _ = writeln!(
        out,
        "\n## Storage\n\n{} GiB/day; {paid}\n",
        count(s.gib_per_day)
    );
    out.push_str(
        "| Tier | Class | Days | GiB | Per GiB-month | Monthly |\n|---|---|---|---:|---:|---:|\n",
    );
    for tier in &s.tiers {
        let _ = writeln!(
            out,
            "| {}{} | {} | {}–{} | {} | {} | {} |",
            tier.name,
            if tier.below_minimum {
                " (below minimum)"
            } else {
                ""
            },
            tier.class,
            tier.from_day,
            tier.to_day,
            count(tier.gb),
            r.money().unit_price(tier.usd_per_gb_month),
            r.money().amount(tier.monthly_usd)
        );
    }
    if !s.extra_items.is_empty() {
        out.push('\n');
        items_table(out, &s.extra_items, r.money());
    }
    for w in &s.warnings {
        let _ = writeln!(out, "\n> {w}");
    }
}

/// Availability, serverless and break-even points.
fn md_availability(out: &mut String, r: &Report) {
    let a = &r.availability;
    let _ = writeln!(
        out,
        "\n## Availability\n\nTarget {} allows {:.1} min/month, {:.2} h/year of downtime. Stack in series {}, active-active {}.{}",
        availability(a.target),
        a.downtime_minutes_per_month,
        a.downtime_hours_per_year,
        availability(a.stack_serial),
        availability(a.stack_active_active),
        below_target(a)
    );
    let sv = &r.serverless;
    let _ = writeln!(
        out,
        "Lambda: peak concurrency {} against {} database connections{}; break-even with one app server at {} invocations/month.",
        count(sv.concurrency),
        count(sv.database_max_connections),
        if sv.connections_exhausted {
            " — **connections run out**"
        } else {
            ""
        },
        count(sv.break_even_invocations_per_month)
    );
    if !r.break_even.is_empty() {
        out.push_str("\n## Break-even\n\n");
        for b in &r.break_even {
            let _ = writeln!(
                out,
                "- {} and {} cross at {} devices",
                b.a.title(),
                b.b.title(),
                count(b.devices)
            );
        }
    }
}

/// The platforms whose own SLA is under the target, in words.
fn below_target(a: &crate::core::report::Availability) -> String {
    let below: Vec<String> = a
        .platforms
        .iter()
        .filter(|p| !p.meets_target)
        .map(|p| format!("{} {}", p.id.title(), availability(p.sla)))
        .collect();
    if below.is_empty() {
        String::new()
    } else {
        format!(" Below the target: {}.", below.join(", "))
    }
}

fn md_readiness(out: &mut String, r: &Report) {
    let rd = &r.readiness;
    let _ = writeln!(
        out,
        "\n## Readiness: {} of {} passed, {}, {}\n\nJudged on the launch platform: {}.\n\n| Status | Severity | Group | Item | Detail |\n|---|---|---|---|---|",
        rd.passed,
        rd.applicable,
        crate::core::format::plural(rd.blockers.len(), "blocker"),
        crate::core::format::plural(rd.warnings.len(), "warning"),
        launch_text(r)
    );
    for i in &rd.items {
        let status = match i.status {
            ItemStatus::Pass => "pass",
            ItemStatus::Fail => "**FAIL**",
            ItemStatus::Manual if i.overdue => "**overdue**",
            ItemStatus::Manual => "manual",
            ItemStatus::NotApplicable => "n/a",
        };
        let due = i.do_by.map(|d| format!(" (do by {d})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {status} | {} | {} | {}{due} | {} |",
            i.severity.map_or("", crate::core::report::Severity::title),
            i.item.group,
            i.item.title,
            i.reason
        );
    }
    let _ = write!(
        out,
        "\n## Sheets\n\nSheet set: {}\n\n",
        crate::core::sheets::escape_controls(&r.sheet_set)
    );
    for sh in &r.sheets {
        let _ = writeln!(
            out,
            "- {} ({}): as of {}, {} days old",
            sh.title, sh.name, sh.as_of, sh.age_days
        );
    }
    out.push_str("\n## Assumptions\n\n");
    for a in &r.assumptions {
        let _ = writeln!(out, "- {a}");
    }
}
