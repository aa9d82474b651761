//! `iotplan fields`: the field table and the sheet figures, as text, as JSON (also the MCP
//! server's `fields` tool) and as the README's Markdown table.

use std::fmt::Write as _;

use super::Failure;
use crate::core::Workload;
use crate::core::fields::{Access, FieldSpec};

/// A field's default in words, with its unit. Unset, an optional number is another field's
/// value, not a number of its own.
fn default_text(f: &FieldSpec, w: &Workload) -> String {
    match f.access {
        Access::Optional { unset_means, .. } => format!("the value of {unset_means}"),
        _ if f.unit.is_empty() => f.text(w),
        _ => format!("{} {}", f.text(w), f.unit),
    }
}

/// Every row of the field table as a Markdown table: the README's list of workload fields
/// (`tests/readme.rs` keeps the two equal).
pub fn fields_markdown() -> String {
    use crate::core::fields::FIELDS;
    let w = Workload::default();
    let mut out =
        String::from("| field | group | accepted | default | meaning |\n|---|---|---|---|---|\n");
    for f in FIELDS {
        let default = default_text(f, &w);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            f.name,
            f.group.title(),
            f.range_text().replace('|', "\\|"),
            default,
            f.help.replace('|', "\\|")
        );
    }
    out
}

/// Runs `iotplan fields --format json`: the field table and the sheet figures as data.
pub fn fields_json() -> Result<String, Failure> {
    use crate::core::fields::FIELDS;
    let w = Workload::default();
    let fields: Vec<serde_json::Value> = FIELDS
        .iter()
        .map(|f| {
            let default = match f.access {
                Access::Optional { .. } => serde_json::Value::Null,
                _ => serde_json::Value::String(f.text(&w)),
            };
            serde_json::json!({
                "name": f.name,
                "label": f.label,
                "group": f.group.title(),
                "accepted": f.range_text(),
                "unit": f.unit,
                "default": default,
                "rangeable": f.is_rangeable(),
                "meaning": f.help,
            })
        })
        .collect();
    let figures: Vec<serde_json::Value> = crate::core::Sheets::embedded()
        .figures()
        .into_iter()
        .map(|(key, value, unit, source)| {
            serde_json::json!({ "key": key, "value": value, "unit": unit, "source": source })
        })
        .collect();
    let out = serde_json::json!({ "workload_fields": fields, "sheet_figures": figures });
    serde_json::to_string_pretty(&out)
        .map(|text| text + "\n")
        .map_err(Failure::output)
}

/// Runs `iotplan fields`: every row of the field table, then every sheet figure.
pub fn fields() -> String {
    use crate::core::fields::FIELDS;
    let mut out = String::from("Workload fields (--set NAME=VALUE):\n");
    let w = Workload::default();
    for f in FIELDS {
        let default = default_text(f, &w);
        let _ = writeln!(
            out,
            "  {:<32} {} (default {default}) — {}",
            f.name,
            f.range_text(),
            f.help
        );
    }
    out.push_str("\nPrice-sheet figures (--set SHEET.FIGURE=VALUE):\n");
    for (key, value, unit, _) in crate::core::Sheets::embedded().figures() {
        let _ = writeln!(out, "  {key:<60} {value} {unit}");
    }
    out
}
