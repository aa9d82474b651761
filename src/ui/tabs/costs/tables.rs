//! The Costs tab's tables: a platform's line items (with the baseline's deltas) and Azure's
//! tiers.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::core::format::{Money, count};
use crate::core::report::PlatformCost;
use crate::ui::theme;
use crate::ui::widgets::{formula_on_focus, formula_on_hover, price_per, table_figure};

/// A line item's change against the baseline, or that it did not change.
pub(super) fn delta_cell(ui: &mut Ui, d: Option<&crate::core::compare::ItemDelta>, m: Money) {
    match d {
        Some(d) => {
            ui.label(crate::export::delta_text(&d.delta, m));
        }
        None => {
            ui.weak("no change");
        }
    }
}

/// One line item: name, quantity, unit price, monthly (and its change against the baseline),
/// its formula over the whole row.
pub(super) fn item_row(
    row: &mut egui_extras::TableRow<'_, '_>,
    item: &crate::core::report::LineItem,
    m: Money,
    // With a baseline pinned: whether this item changed against it.
    (pinned, delta): (bool, Option<&crate::core::compare::ItemDelta>),
) {
    // The labels, not the cells: a label takes the pointer from its cell.
    let mut cells = Vec::with_capacity(4);
    row.col(|ui| {
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            cells.push(formula_on_focus(ui, item));
        });
    });
    row.col(|ui| {
        cells.push(table_figure(
            ui,
            format!(
                "{} {}",
                crate::core::format::quantity(item.quantity),
                item.unit
            ),
        ));
    });
    row.col(|ui| cells.push(table_figure(ui, price_per(m, item.unit_usd, &item.unit))));
    row.col(|ui| cells.push(table_figure(ui, m.amount(item.monthly_usd))));
    if pinned {
        row.col(|ui| delta_cell(ui, delta, m));
    }
    if let Some(row) = cells.into_iter().reduce(|a, b| a | b) {
        formula_on_hover(&row, item);
    }
}

/// The line items, with a Δ column against the baseline when one is pinned.
pub(super) fn items_table(
    ui: &mut Ui,
    p: &PlatformCost,
    m: Money,
    baseline: Option<&crate::core::compare::Diff>,
) {
    if p.line_items.is_empty() {
        ui.label(p.reason.clone().unwrap_or_default());
        return;
    }
    // Figures never wrap (a row is one line); the item name truncates, whole on hover.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let item_delta = |name: &str| {
        baseline.and_then(|d| {
            d.line_items
                .iter()
                .find(|i| i.platform == p.id.id() && i.name == name)
        })
    };
    // Figures size their columns (and never truncate); the item name takes what is left.
    let mut table = TableBuilder::new(ui)
        .id_salt("line-items")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(120.0).at_most(260.0).clip(true))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(80.0));
    if baseline.is_some() {
        table = table.column(Column::auto().at_least(160.0));
    }
    table
        .header(22.0, |mut row| {
            for title in ["Item", "Quantity", "Unit price", "Monthly"] {
                row.col(|ui| {
                    ui.strong(title);
                });
            }
            if baseline.is_some() {
                row.col(|ui| {
                    ui.strong("Δ vs baseline");
                });
            }
        })
        .body(|mut body| {
            for item in &p.line_items {
                body.row(22.0, |mut row| {
                    item_row(
                        &mut row,
                        item,
                        m,
                        (baseline.is_some(), item_delta(&item.name)),
                    );
                });
            }
            body.row(22.0, |mut row| {
                row.col(|ui| {
                    ui.strong("Total");
                });
                row.col(|_| {});
                row.col(|_| {});
                row.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.strong(m.optional(p.monthly_usd));
                    });
                });
            });
        });
}

/// The tiers a platform sold in tiers was priced at, and why each was or was not chosen.
pub(super) fn tiers_table(ui: &mut Ui, p: &PlatformCost, m: Money) {
    egui::Grid::new(("tiers", p.id.id()))
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for title in ["Tier", "Units", "Monthly", "Why"] {
                ui.strong(title);
            }
            ui.end_row();
            for t in p.tiers.iter() {
                let name = if t.chosen {
                    format!("{} (chosen)", t.tier)
                } else {
                    t.tier.clone()
                };
                let color = if t.chosen {
                    theme::text(ui, theme::platform(p.id))
                } else if t.feasible {
                    ui.visuals().text_color()
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.label(RichText::new(name).color(color).strong());
                ui.label(t.units.map_or_else(|| "—".to_owned(), count));
                ui.label(RichText::new(m.optional(t.monthly_usd)).color(color));
                ui.label(RichText::new(t.reason.text()).color(color));
                ui.end_row();
            }
        });
}
