//! Storage: GB held per tier from launch to steady state, the monthly cost, the tier table with
//! editable age boundaries and prices, tiered against all hot, minimum-duration warnings.

use egui::{DragValue, RichText, Ui};
use egui_plot::{FilledArea, Line, LineStyle, Plot};

use crate::core::format::{count, percent, unit_price};
use crate::core::workload::Workload;
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{
    Mark, heading, hover_label, items_grid, legend, linear_grid, log_grid, log_label,
};

fn timeline(ui: &mut Ui, view: &View, tiering: bool) {
    let points = &view.report.storage.timeline;
    if points.len() < 2 {
        ui.label(format!(
            "With {} days' retention the store is full within the first month: there is no ramp to chart, and the steady state below is the whole story.",
            count(view.workload.retention_days)
        ));
        return;
    }
    let m = view.report.money();
    let months: Vec<f64> = points.iter().map(|p| f64::from(p.month)).collect();
    let names = ["hot", "warm", "cold", "archive"];
    let tiers = &view.report.storage.tiers;
    ui.columns(2, |cols| {
        cols[0].strong("GiB held per tier");
        // In stack order, bottom (hot) first, as the areas are drawn.
        let entries: Vec<(String, egui::Color32, Mark)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                (
                    format!("{name} ({})", tiers[i].class),
                    theme::TIERS[i].gamma_multiply(0.7),
                    Mark::Block,
                )
            })
            .collect();
        legend(&mut cols[0], &entries);
        let chart = Plot::new("storage-gib")
            .allow_scroll(false)
            .height(240.0)
            .x_axis_label("month after launch")
            .y_axis_label("GiB held")
            .include_y(0.0)
            .y_axis_min_width(56.0)
            .x_grid_spacer(linear_grid(64.0))
            .y_grid_spacer(linear_grid(28.0))
            .y_axis_formatter(|mark, _| count(mark.value))
            .x_axis_formatter(|mark, _| count(mark.value))
            .show(&mut cols[0], |plot| {
                let mut lower = vec![0.0; points.len()];
                for (i, name) in names.iter().enumerate() {
                    let upper: Vec<f64> = lower
                        .iter()
                        .zip(points)
                        .map(|(l, p)| l + p.gb_by_tier[i])
                        .collect();
                    plot.add(
                        FilledArea::new(*name, &months, &lower, &upper)
                            .fill_color(theme::TIERS[i].gamma_multiply(0.7)),
                    );
                    lower = upper;
                }
            });
        describe_chart(&chart.response, || crate::ui::summaries::storage_held(view));
        cols[1].strong("Monthly storage cost");
        cost_chart(&mut cols[1], points, m, tiering);
    });
}

/// Tiered against all hot on a log axis (they differ a hundredfold); the one the reference
/// stack uses is drawn solid and says so.
fn cost_chart(
    ui: &mut Ui,
    points: &[crate::core::report::TimelinePoint],
    m: crate::core::format::Money,
    tiering: bool,
) {
    let (tiered, hot) = (theme::SERIES[0], theme::TIERS[0]);
    let in_use = |on: bool| if on { " (the stack uses this)" } else { "" };
    legend(
        ui,
        &[
            (
                format!("tiered{}", in_use(tiering)),
                tiered,
                if tiering { Mark::Line } else { Mark::Dashed },
            ),
            (
                format!("all hot{}", in_use(!tiering)),
                hot,
                if tiering { Mark::Dashed } else { Mark::Line },
            ),
        ],
    );
    let series = |f: fn(&crate::core::report::TimelinePoint) -> f64| -> Vec<[f64; 2]> {
        points
            .iter()
            .map(|p| (f64::from(p.month), m.convert(f(p))))
            .filter(|(_, v)| *v > 0.0)
            .map(|(x, v)| [x, v.log10()])
            .collect()
    };
    let chart = Plot::new("storage-cost")
        .allow_scroll(false)
        .height(240.0)
        .x_axis_label("month after launch")
        .y_axis_label(format!("{} per month (log)", m.code))
        .y_axis_min_width(56.0)
        .x_grid_spacer(linear_grid(64.0))
        .y_grid_spacer(log_grid(22.0))
        .y_axis_formatter(move |mark, _| log_label(mark.value, m.symbol))
        .x_axis_formatter(|mark, _| count(mark.value))
        .label_formatter(move |h| {
            hover_label(h, |name, v| {
                format!("{name}\nmonth {:.0}: {}", v.x, m.label(10f64.powf(v.y)))
            })
        })
        .show(ui, |plot| {
            let style = |solid: bool| {
                if solid {
                    LineStyle::Solid
                } else {
                    LineStyle::dashed_loose()
                }
            };
            plot.add(
                Line::new("Tiered", series(|p| p.monthly_usd))
                    .color(tiered)
                    .width(2.0)
                    .style(style(tiering)),
            );
            plot.add(
                Line::new("All hot", series(|p| p.all_hot_monthly_usd))
                    .color(hot)
                    .width(2.0)
                    .style(style(!tiering)),
            );
        });
    describe_chart(&chart.response, || {
        crate::ui::summaries::storage_cost(points, m, tiering)
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

/// The headline is what the user pays: tiered with tiering on, all hot without.
fn headline(ui: &mut Ui, view: &View) {
    let s = &view.report.storage;
    let m = view.report.money();
    ui.horizontal_wrapped(|ui| {
        if view.workload.tiering {
            ui.label(
                RichText::new(format!(
                    "Tiered {} per month",
                    m.amount(s.tiered_monthly_usd)
                ))
                .size(20.0)
                .strong(),
            );
            ui.label(
                RichText::new(format!(
                    "all hot would be {}",
                    m.amount(s.all_hot_monthly_usd)
                ))
                .size(16.0),
            );
            ui.label(
                RichText::new(format!("saves {}", percent(s.savings_fraction)))
                    .size(16.0)
                    .color(theme::text(ui, theme::OK)),
            );
        } else {
            ui.label(
                RichText::new(format!(
                    "All hot {} per month",
                    m.amount(s.all_hot_monthly_usd)
                ))
                .size(20.0)
                .strong(),
            );
            ui.label(
                RichText::new(format!(
                    "tiered it would be {} ({} less)",
                    m.amount(s.tiered_monthly_usd),
                    percent(s.savings_fraction)
                ))
                .size(16.0),
            );
        }
    });
}

fn show(ui: &mut Ui, view: &View, w: &mut Workload) {
    let s = &view.report.storage;
    let m = view.report.money();
    headline(ui, view);
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
    timeline(ui, view, w.tiering);
    heading(ui, "Tiers at steady state");
    tier_table(ui, view, w);
    if !s.extra_items.is_empty() {
        heading(
            ui,
            "Requests, retrievals and early deletion (not in the storage figure)",
        );
        items_grid(ui, "storage-extra", &s.extra_items, m, None);
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
