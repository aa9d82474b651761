//! `--format github`: the report (or `iotplan diff`) as a pull-request comment (domain §19). A
//! fixed first line lets a CI step find and update its own comment; the headline and the table
//! of platforms are visible, the detail sits in `<details>` so the comment stays short.

use std::fmt::Write as _;

use crate::core::compare::{Delta, Diff};
use crate::core::format::{Money, count, percent, plural};
use crate::core::report::{ItemStatus, LimitStatus, PlatformId, Report, Severity};

use super::markdown::delta_text;

/// The first line of every comment: what a CI step searches for to update rather than add.
pub const MARKER: &str = "<!-- iotplan -->";

/// Text for a table cell or a line, shown as it is: no line breaks, Markdown punctuation
/// escaped, and no HTML a file name or a sheet's note could smuggle into the page.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Opens a `<details>` block; the blank line after the summary is what lets GitHub render the
/// Markdown inside it.
fn open_details(out: &mut String, summary: &str) {
    let _ = write!(out, "\n<details><summary>{}</summary>\n\n", cell(summary));
}

fn close_details(out: &mut String) {
    out.push_str("\n</details>\n");
}

/// The comment for `iotplan report --format github` (with `--compare-to`, the Δ column).
pub fn report_comment(r: &Report) -> String {
    let mut out = format!("{MARKER}\n{}\n", headline(r));
    platforms_table(&mut out, r);
    line_items(&mut out, r);
    limits(&mut out, r);
    readiness(&mut out, r);
    footer(&mut out, r);
    out
}

/// The comment for `iotplan diff --format github`: the new preset's report against the base,
/// plus what moved line by line and which limits and checklist items changed status.
pub fn diff_comment(new: &Report, d: &Diff) -> String {
    let mut out = format!("{MARKER}\n{}\n", headline(new));
    platforms_table(&mut out, new);
    moved_items(&mut out, d, new.money());
    changed_statuses(&mut out, d);
    limits(&mut out, new);
    readiness(&mut out, new);
    footer(&mut out, new);
    out
}

/// One line: the launch platform, its monthly total, and its Δ against the baseline.
fn headline(r: &Report) -> String {
    let m = r.money();
    let Some(p) = r.launch() else {
        return "**iotplan:** no platform can carry this workload.".to_owned();
    };
    let mut line = format!(
        "**iotplan:** launch on **{}**: **{} a month**",
        p.id.title(),
        m.optional(p.monthly_usd)
    );
    if let Some(c) = &r.comparison {
        if let Some(delta) = c.platform(p.id) {
            let _ = write!(
                line,
                ", {} against {}",
                delta_text(delta, m),
                cell(&c.baseline)
            );
        }
        if let Some(before) = c.baseline_launch_platform.filter(|b| *b != p.id) {
            let _ = write!(line, " (the baseline launched on {})", before.title());
        }
    }
    let acts = r
        .throttle
        .limits
        .iter()
        .filter(|l| l.platform == p.id && l.severity >= Some(Severity::Warning))
        .count();
    let _ = write!(
        line,
        " · {} to act on · {}",
        plural(acts, "limit"),
        plural(r.readiness.blockers.len(), "launch blocker")
    );
    line
}

/// Every platform: its monthly total, Δ against the baseline when there is one, and a note.
fn platforms_table(out: &mut String, r: &Report) {
    let m = r.money();
    let compared = r.comparison.as_ref();
    out.push_str("\n| Platform | Monthly |");
    if let Some(c) = compared {
        let _ = write!(out, " Δ against {} |", cell(&c.baseline));
    }
    out.push_str(" Note |\n|---|---:|");
    if compared.is_some() {
        out.push_str("---:|");
    }
    out.push_str("---|\n");
    for p in &r.platforms {
        let launch = r.launch_platform.id == Some(p.id);
        let name = if launch {
            format!("**{}**", p.id.title())
        } else {
            p.id.title().to_owned()
        };
        let _ = write!(out, "| {name} | {} |", m.optional(p.monthly_usd));
        if let Some(c) = compared {
            let delta = c
                .platform(p.id)
                .map_or_else(|| "—".to_owned(), |d| delta_text(d, m));
            let _ = write!(out, " {delta} |");
        }
        let note = match &p.reason {
            Some(reason) => cell(reason),
            None => [
                (launch, "launch platform"),
                (r.cheapest == Some(p.id), "cheapest"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, text)| *text)
            .collect::<Vec<_>>()
            .join(", "),
        };
        let _ = writeln!(out, " {note} |");
    }
}

/// The line items of every platform that can carry the workload, the launch platform first.
fn line_items(out: &mut String, r: &Report) {
    let m = r.money();
    let launch = r.launch_platform.id;
    let mut platforms: Vec<_> = r.platforms.iter().filter(|p| p.feasible).collect();
    platforms.sort_by_key(|p| Some(p.id) != launch);
    for p in platforms {
        open_details(
            out,
            &format!(
                "Line items: {} ({} a month)",
                p.id.title(),
                m.optional(p.monthly_usd)
            ),
        );
        out.push_str(
            "| Item | Quantity | Unit price | Monthly | Formula |\n|---|---:|---:|---:|---|\n",
        );
        for i in &p.line_items {
            let _ = writeln!(
                out,
                "| {} | {} {} | {} | {} | {} |",
                cell(&i.name),
                crate::core::format::quantity(i.quantity),
                cell(&i.unit),
                cell(&m.price_per(i.unit_usd, &i.unit)),
                m.amount(i.monthly_usd),
                cell(&i.formula.text())
            );
        }
        close_details(out);
    }
}

fn status_text(s: LimitStatus) -> &'static str {
    match s {
        LimitStatus::Ok => "ok",
        LimitStatus::Near => "near",
        LimitStatus::OverSafety => "over at peak × safety",
        LimitStatus::OverPeak => "over at peak",
    }
}

/// The launch platform's limits, worst first, with what to do about each.
fn limits(out: &mut String, r: &Report) {
    let Some(id) = r.launch_platform.id else {
        return;
    };
    let rows = r.limits_worst_first(id);
    let over = rows
        .iter()
        .filter(|l| l.status >= LimitStatus::OverSafety)
        .count();
    let near = rows
        .iter()
        .filter(|l| l.status == LimitStatus::Near)
        .count();
    open_details(
        out,
        &format!(
            "Limits on {}: {} over, {} near",
            id.title(),
            count(over as f64),
            count(near as f64)
        ),
    );
    out.push_str("| Limit | Value | Peak demand | Utilisation | Status | Verdict |\n|---|---:|---:|---:|---|---|\n");
    for l in rows {
        let severity = l
            .severity
            .map(|s| format!("**{}**: ", s.title()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {severity}{} |",
            cell(&l.name),
            cell(&crate::core::format::amount(l.limit_per_second, &l.unit)),
            count(l.demand_per_second),
            percent(l.utilization),
            status_text(l.status),
            cell(&l.verdict.to_string())
        );
    }
    close_details(out);
}

/// The checklist items that stop the launch, then those at risk; the passing ones are left out.
fn readiness(out: &mut String, r: &Report) {
    let rd = &r.readiness;
    let on = r
        .launch_platform
        .id
        .map_or("no platform", PlatformId::title);
    open_details(
        out,
        &format!(
            "Readiness on {on}: {} of {} passed, {}, {}",
            rd.passed,
            rd.applicable,
            plural(rd.blockers.len(), "blocker"),
            plural(rd.warnings.len(), "warning")
        ),
    );
    let open: Vec<_> = rd
        .items
        .iter()
        .filter(|i| i.severity.is_some() && i.status != ItemStatus::Pass)
        .collect();
    if open.is_empty() {
        out.push_str("Nothing stops the launch.\n");
    }
    for i in open {
        let severity = i.severity.map_or("", Severity::title);
        let due = i.do_by.map(|d| format!(" (do by {d})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{severity}** · {}{due}: {}",
            cell(&i.item.title),
            cell(&i.reason.text())
        );
    }
    close_details(out);
}

/// The line items that moved between the two presets.
fn moved_items(out: &mut String, d: &Diff, m: Money) {
    open_details(
        out,
        &format!(
            "Line items that moved: {}",
            count(d.line_items.len() as f64)
        ),
    );
    if d.line_items.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| Platform | Item | Baseline | Now | Δ |\n|---|---|---:|---:|---:|\n");
        for i in &d.line_items {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(i.platform),
                cell(&i.name),
                m.optional(i.delta.baseline_monthly_usd),
                m.optional(i.delta.monthly_usd),
                item_delta(&i.delta, m)
            );
        }
    }
    close_details(out);
}

fn item_delta(d: &Delta, m: Money) -> String {
    match (d.baseline_monthly_usd, d.monthly_usd) {
        (None, Some(_)) => "new item".to_owned(),
        (Some(_), None) => "gone".to_owned(),
        _ => delta_text(d, m),
    }
}

/// Limits and checklist items whose status changed between the presets.
fn changed_statuses(out: &mut String, d: &Diff) {
    open_details(
        out,
        &format!(
            "Status changes: {}, {}",
            plural(d.limits.len(), "limit"),
            plural(d.readiness.len(), "checklist item")
        ),
    );
    if d.limits.is_empty() && d.readiness.is_empty() {
        out.push_str("None.\n");
    }
    let state = |t: bool| if t { "throttled" } else { "ok" };
    for l in &d.limits {
        let _ = writeln!(
            out,
            "- {}: {}: {} → {}",
            l.platform.title(),
            cell(&l.name),
            state(l.baseline_throttled),
            state(l.throttled)
        );
    }
    for i in &d.readiness {
        let _ = writeln!(
            out,
            "- {}: {} → {}",
            cell(&i.title),
            i.baseline_status.title(),
            i.status.title()
        );
    }
    close_details(out);
}

/// The sheets' date and region, so a reviewer knows how fresh the figures are.
fn footer(out: &mut String, r: &Report) {
    let oldest = r.sheets.iter().max_by_key(|s| s.age_days);
    let _ = write!(
        out,
        "\n<sub>{} · sheet set {}",
        cell(r.region.title()),
        cell(&r.sheet_set)
    );
    if let Some(s) = oldest {
        let _ = write!(
            out,
            " · oldest price sheet: {} as of {} ({} days old)",
            cell(&s.title),
            s.as_of,
            s.age_days
        );
    }
    let _ = writeln!(out, " · iotplan {}</sub>", env!("CARGO_PKG_VERSION"));
}
