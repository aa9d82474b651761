//! The report's Markdown: month by month as the fleet grows, and the limits it crosses.

use std::fmt::Write as _;

use crate::core::format::count;
use crate::core::report::Report;

/// The months of the growth projection, its crossings and tier changes.
pub(super) fn md_projection(out: &mut String, r: &Report) {
    let Some(p) = &r.projection else {
        return;
    };
    let m = r.money();
    out.push_str("\n## Projection (month by month)\n\n| Month | Date | Devices |");
    for id in crate::core::platforms::ids() {
        let _ = write!(out, " {} |", id.title());
    }
    out.push_str(" Reference stack | Storage held |\n|---:|---|---:|");
    out.push_str(&"---:|".repeat(crate::core::platforms::REGISTRY.len() + 2));
    out.push('\n');
    for month in &p.months {
        let _ = write!(
            out,
            "| {} | {} | {} |",
            month.month,
            month.date,
            count(month.devices)
        );
        for mp in &month.platforms {
            let _ = write!(out, " {} |", m.optional(mp.monthly_usd));
        }
        let _ = writeln!(
            out,
            " {} | {} |",
            m.optional(month.stack_monthly_usd),
            m.amount(month.storage_monthly_usd)
        );
    }
    if let Some(last) = p.months.last() {
        let spent: Vec<String> = last
            .platforms
            .iter()
            .map(|mp| format!("{} {}", mp.id.title(), m.optional(mp.cumulative_usd)))
            .collect();
        let _ = writeln!(
            out,
            "\nSpent over {} months: {}.",
            last.month,
            spent.join(", ")
        );
    }
    md_crossings(out, r, p);
}

/// The projection's limit crossings (each with its limit's verdict) and tier changes.
pub(super) fn md_crossings(out: &mut String, r: &Report, p: &crate::core::projection::Projection) {
    if p.crossings.is_empty() {
        out.push_str("\nNo fleet-wide limit is crossed within the projection.\n");
    } else {
        out.push_str("\n| Limit | Platform | Crossed in | Remedy | Act by | Verdict |\n|---|---|---|---|---|---|\n");
        for c in &p.crossings {
            let verdict = r
                .throttle
                .limits
                .iter()
                .find(|l| l.platform == c.platform && l.name == c.limit)
                .map(|l| l.verdict.to_string())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | month {} ({}) | {} | {} | {verdict} |",
                c.limit,
                c.platform.title(),
                c.month,
                c.date,
                c.remedy.id(),
                c.request_by,
            );
        }
    }
    for t in &p.tier_changes {
        let _ = writeln!(
            out,
            "\n{}: month {} moves from {} to {}{}.",
            t.platform.title(),
            t.month,
            t.from,
            t.to,
            if t.possible {
                ""
            } else {
                " (not possible in place: a new deployment and a migration)"
            }
        );
    }
}
