//! Storage: GB held per tier from launch to steady state, the monthly cost, the tier table with
//! editable age boundaries and prices, tiered against all hot, minimum-duration warnings.

use egui::{DragValue, RichText, Ui};
use egui_plot::{FilledArea, Legend, Line, Plot};

use crate::core::format::{count, percent, unit_price};
use crate::core::workload::Workload;
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::{heading, items_grid};

fn timeline(ui: &mut Ui, view: &View) {
    let points = &view.report.storage.timeline;
    let m = view.report.money();
    let months: Vec<f64> = points.iter().map(|p| f64::from(p.month)).collect();
    let names = ["hot", "warm", "cold", "archive"];
    ui.columns(2, |cols| {
        cols[0].strong("GiB held per tier");
        Plot::new("storage-gib")
            .allow_scroll(false)
            .height(260.0)
            .legend(Legend::default().position(egui_plot::Corner::LeftTop))
            .x_axis_label("month after launch")
            .y_axis_label("GiB")
            .include_y(0.0)
            .y_axis_min_width(56.0)
            .show(&mut cols[0], |plot| {
                let mut lower = vec![0.0; points.len()];
                for (i, name) in names.iter().enumerate() {
                    let upper: Vec<f64> = lower
                        .iter()
                        .zip(points)
                        .map(|(l, p)| l + p.gb_by_tier[i])
                        .collect();
                    let class = &view.report.storage.tiers[i].class;
                    plot.add(
                        FilledArea::new(format!("{name} ({class})"), &months, &lower, &upper)
                            .fill_color(theme::TIERS[i].gamma_multiply(0.7)),
                    );
                    lower = upper;
                }
            });
        cols[1].strong("Monthly storage cost");
        Plot::new("storage-cost")
            .allow_scroll(false)
            .height(260.0)
            .x_axis_label("month after launch")
            .y_axis_label(format!("{} per month", m.code))
            .include_y(0.0)
            .y_axis_min_width(56.0)
            .y_axis_formatter(move |mark, _| m.label(mark.value))
            .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
            .show(&mut cols[1], |plot| {
                let line: Vec<[f64; 2]> = points
                    .iter()
                    .map(|p| [f64::from(p.month), m.convert(p.monthly_usd)])
                    .collect();
                plot.add(
                    Line::new("Tiered cost", line)
                        .color(theme::SERIES[0])
                        .width(2.0),
                );
            });
    });
}

fn override_key(tier: &str) -> String {
    format!("storage.{tier}.usd_per_gb_month")
}

/// A tier's upper age boundary: hot, warm and cold end at workload fields; archive ends with
/// retention.
fn boundary_cell(ui: &mut Ui, i: usize, w: &mut Workload) {
    match i {
        0 => ui.add(
            DragValue::new(&mut w.storage_hot_days)
                .range(0.0..=w.storage_warm_until_days)
                .speed(0.2)
                .suffix(" d"),
        ),
        1 => ui.add(
            DragValue::new(&mut w.storage_warm_until_days)
                .range(w.storage_hot_days..=w.storage_cold_until_days)
                .speed(0.5)
                .suffix(" d"),
        ),
        2 => ui.add(
            DragValue::new(&mut w.storage_cold_until_days)
                .range(w.storage_warm_until_days..=3650.0)
                .speed(1.0)
                .suffix(" d"),
        ),
        _ if w.retention_days <= w.storage_cold_until_days => ui.weak(format!(
            "(retention ends at day {})",
            count(w.retention_days)
        )),
        _ => ui.label(format!("{} (retention)", count(w.retention_days))),
    }
    .on_hover_text("Data older than this moves to the next tier");
}

/// A tier's price, editable: an edit becomes a storage-sheet override.
fn price_cell(ui: &mut Ui, t: &crate::core::report::StorageTierRow, w: &mut Workload) {
    let mut price = t.usd_per_gb_month;
    let response = ui
        .add(
            DragValue::new(&mut price)
                .range(0.0..=10.0)
                .speed(0.0005)
                .max_decimals(5)
                .prefix("$"),
        )
        .on_hover_text(format!(
            "{} price from the storage sheet; edit to override (min. storage {} days)",
            t.class, t.min_storage_days
        ));
    if response.changed() {
        w.overrides.insert(override_key(t.name), price);
    }
}

fn tier_table(ui: &mut Ui, view: &View, w: &mut Workload) {
    let tiers = &view.report.storage.tiers;
    egui::Grid::new("storage-tiers")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for title in [
                "Tier",
                "Class",
                "From day",
                "Until day",
                "GiB held",
                "USD per GiB-month",
                "Monthly",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for (i, t) in tiers.iter().enumerate() {
                ui.label(
                    RichText::new(t.name)
                        .strong()
                        .color(theme::text(ui, theme::TIERS[i])),
                );
                ui.label(t.class.as_ref());
                // A tier that starts after retention ends holds nothing.
                if t.span_days > 0.0 || t.from_day == 0.0 {
                    ui.label(count(t.from_day));
                } else {
                    ui.weak("not reached");
                }
                boundary_cell(ui, i, w);
                ui.label(count(t.gb));
                price_cell(ui, t, w);
                let cost = RichText::new(view.report.money().amount(t.monthly_usd));
                if t.below_minimum {
                    ui.label(cost.color(theme::text(ui, theme::WARN)))
                        .on_hover_text(format!(
                            "holds data {} days, below the {}-day minimum",
                            count(t.span_days),
                            t.min_storage_days
                        ));
                } else {
                    ui.label(cost);
                }
                ui.end_row();
            }
        });
    // Keep the boundaries whole days, as the fields require.
    w.storage_hot_days = w.storage_hot_days.round();
    w.storage_warm_until_days = w.storage_warm_until_days.round();
    w.storage_cold_until_days = w.storage_cold_until_days.round();
}

/// Tiers, the timeline, tiered against all hot; tier boundaries and prices editable.
pub struct StorageTab;

impl crate::ui::tab::TabView for StorageTab {
    fn ui(&mut self, ui: &mut Ui, view: &View, commands: &mut Vec<Command>) {
        let mut w = view.workload.clone();
        show(ui, view, &mut w);
        crate::ui::tab::push_edits(commands, &view.workload, &w);
    }
}

fn show(ui: &mut Ui, view: &View, w: &mut Workload) {
    let s = &view.report.storage;
    let m = view.report.money();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("Tiered {}", m.amount(s.tiered_monthly_usd)))
                .size(20.0)
                .strong(),
        );
        ui.label(RichText::new(format!("all hot {}", m.amount(s.all_hot_monthly_usd))).size(16.0));
        ui.label(
            RichText::new(format!("saves {}", percent(s.savings_fraction)))
                .size(16.0)
                .color(theme::text(ui, theme::OK)),
        );
    });
    ui.label(format!(
        "{} GiB per day; {} GiB held at steady state tiered ({} GiB all hot), per month",
        count(s.gib_per_day),
        count(s.tiers.iter().map(|t| t.gb).sum::<f64>()),
        count(s.all_hot_gb)
    ));
    ui.checkbox(
        &mut w.tiering,
        "Lifecycle tiering on (the reference stack uses the tiered figure)",
    )
    .on_hover_text("Off: the stack keeps everything in the hot database");
    for warning in &s.warnings {
        ui.colored_label(theme::text(ui, theme::WARN), warning);
    }
    heading(ui, "From launch to one full retention");
    timeline(ui, view);
    heading(ui, "Tiers at steady state");
    tier_table(ui, view, w);
    if !s.extra_items.is_empty() {
        heading(
            ui,
            "Requests, retrievals and early deletion (not in the storage figure)",
        );
        items_grid(ui, "storage-extra", &s.extra_items, m);
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "Sheet prices per GiB-month (USD): {}",
            s.tiers
                .iter()
                .map(|t| format!("{} {}", t.name, unit_price(t.usd_per_gb_month)))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .small()
        .weak(),
    );
}
