//! Two reports' differences (`iotplan diff`) as JSON, Markdown or CSV.

use std::fmt::Write as _;

use crate::core::format::{Money, count};

use super::Format;
use super::markdown::delta_text;

/// `iotplan diff` in `format`: the comparison, the line items that moved, volume, storage, and
/// the limits and checklist items whose status changed.
pub fn render_diff(
    d: &crate::core::compare::Diff,
    format: Format,
) -> Result<String, super::ExportError> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(d)? + "\n"),
        Format::Markdown => Ok(diff_markdown(d)),
        Format::Csv => diff_csv(d),
    }
}

/// The line items that moved, added or gone.
fn diff_md_items(out: &mut String, d: &crate::core::compare::Diff, m: Money) {
    out.push_str("\n## Line items that changed\n\n");
    if d.line_items.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| Platform | Item | Baseline | Now | Change |\n|---|---|---:|---:|---:|\n");
        for i in &d.line_items {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                i.platform,
                i.name,
                m.optional(i.delta.baseline_monthly_usd),
                m.optional(i.delta.monthly_usd),
                match (i.delta.baseline_monthly_usd, i.delta.monthly_usd) {
                    (None, Some(_)) => "new item".to_owned(),
                    (Some(_), None) => "gone".to_owned(),
                    _ => delta_text(&i.delta, m),
                }
            );
        }
    }
}

/// Which sheet sets priced the two sides.
fn sheet_sets_line(sets: &crate::core::report::comparison::SheetSetChange) -> String {
    let safe = crate::core::sheets::escape_controls;
    if sets.baseline == sets.now {
        format!("\nPrices from the sheet set {}.\n", safe(&sets.now))
    } else {
        format!(
            "\nPrices from the sheet set {} (baseline: {}).\n",
            safe(&sets.now),
            safe(&sets.baseline)
        )
    }
}

fn diff_markdown(d: &crate::core::compare::Diff) -> String {
    let m = Money::USD;
    let c = &d.comparison;
    let mut out = format!(
        "# iotplan diff against {}\n\n| | Baseline | Now | Change |\n|---|---:|---:|---:|\n",
        c.baseline
    );
    for (name, delta) in c
        .platforms
        .iter()
        .map(|p| (p.id.title(), &p.delta))
        .chain(std::iter::once(("Reference AWS stack", &c.stack)))
    {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            m.optional(delta.baseline_monthly_usd),
            m.optional(delta.monthly_usd),
            delta_text(delta, m)
        );
    }
    out.push_str(&sheet_sets_line(&d.sheet_set));
    diff_md_items(&mut out, d, m);
    let v = &d.volume;
    let _ = writeln!(
        out,
        "\n## Volume and storage\n\n- Messages a month: {} -> {}\n- GB a month: {} -> {}\n- Peak messages/s: {} -> {}\n- Storage (tiered) a month: {} -> {}",
        count(v.messages_per_month.baseline),
        count(v.messages_per_month.now),
        count(v.gb_per_month.baseline),
        count(v.gb_per_month.now),
        count(v.peak_messages_per_second.baseline),
        count(v.peak_messages_per_second.now),
        m.amount(d.storage.tiered_monthly_usd.baseline),
        m.amount(d.storage.tiered_monthly_usd.now)
    );
    out.push_str("\n## Limits whose status changed\n\n");
    if d.limits.is_empty() {
        out.push_str("None.\n");
    }
    for l in &d.limits {
        let state = |t: bool| if t { "throttled" } else { "ok" };
        let _ = writeln!(
            out,
            "- {}: {} ({} -> {})",
            l.platform.title(),
            l.name,
            state(l.baseline_throttled),
            state(l.throttled)
        );
    }
    out.push_str("\n## Checklist items whose status changed\n\n");
    if d.readiness.is_empty() {
        out.push_str("None.\n");
    }
    for i in &d.readiness {
        let _ = writeln!(
            out,
            "- {}: {} -> {}",
            i.title,
            i.baseline_status.title(),
            i.status.title()
        );
    }
    out
}

/// One row of `iotplan diff --format csv`.
#[derive(serde::Serialize)]
struct DiffRow<'a> {
    section: &'a str,
    platform: &'a str,
    name: &'a str,
    baseline: Option<f64>,
    now: Option<f64>,
    delta_usd: Option<f64>,
    delta_fraction: Option<f64>,
    note: String,
}

fn diff_csv(d: &crate::core::compare::Diff) -> Result<String, super::ExportError> {
    let c = &d.comparison;
    let mut rows = Vec::new();
    let total = |section, platform, name, delta: &crate::core::compare::Delta| DiffRow {
        section,
        platform,
        name,
        baseline: delta.baseline_monthly_usd,
        now: delta.monthly_usd,
        delta_usd: delta.delta_usd,
        delta_fraction: delta.delta_fraction,
        note: String::new(),
    };
    for p in &c.platforms {
        rows.push(total("platform", p.id.id(), "monthly_usd", &p.delta));
    }
    rows.push(total("stack", "stack", "monthly_usd", &c.stack));
    for i in &d.line_items {
        rows.push(total("line item", i.platform, &i.name, &i.delta));
    }
    let volume = &d.volume;
    for (name, ch) in [
        ("messages_per_month", volume.messages_per_month),
        ("gb_per_month", volume.gb_per_month),
        ("peak_messages_per_second", volume.peak_messages_per_second),
        ("storage tiered_monthly_usd", d.storage.tiered_monthly_usd),
    ] {
        rows.push(DiffRow {
            section: "volume",
            platform: "",
            name,
            baseline: Some(ch.baseline),
            now: Some(ch.now),
            delta_usd: None,
            delta_fraction: None,
            note: String::new(),
        });
    }
    for l in &d.limits {
        rows.push(DiffRow {
            section: "limit",
            platform: l.platform.id(),
            name: &l.name,
            baseline: None,
            now: None,
            delta_usd: None,
            delta_fraction: None,
            note: format!("throttled {} -> {}", l.baseline_throttled, l.throttled),
        });
    }
    for i in &d.readiness {
        rows.push(DiffRow {
            section: "readiness",
            platform: "",
            name: &i.id,
            baseline: None,
            now: None,
            delta_usd: None,
            delta_fraction: None,
            note: format!("{} -> {}", i.baseline_status.title(), i.status.title()),
        });
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row)?;
    }
    super::csv_text(w)
}
