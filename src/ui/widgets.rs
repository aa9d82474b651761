//! Small drawing helpers shared by the tabs. They format report figures; they compute nothing.

use egui::{Color32, RichText, Ui};
use egui_plot::{GridInput, GridMark, HoverPosition, PlotPoint};

use crate::core::format::{Money, count};
use crate::core::report::{Formula, LineItem};

/// A section heading with a little space above it.
pub fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(10.0);
    ui.heading(text);
}

/// A row of toggle buttons choosing one platform.
pub fn platform_picker(ui: &mut Ui, selected: &mut crate::core::report::PlatformId) {
    ui.horizontal(|ui| {
        for id in crate::core::report::PlatformId::ALL {
            let text = egui::RichText::new(id.title())
                .color(super::theme::text(ui, super::theme::platform(id)));
            if ui.selectable_label(*selected == id, text).clicked() {
                *selected = id;
            }
        }
    });
}

/// A filled bar for a 0–1+ fraction in the caller's colour, its percentage beside it.
pub fn fraction_bar(ui: &mut Ui, fraction: f64, color: Color32, width: f32) -> egui::Response {
    ui.horizontal(|ui| {
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(width, 12.0), egui::Sense::hover());
        let painter = ui.painter();
        painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
        let mut fill = rect;
        fill.set_width(width * fraction.clamp(0.0, 1.0) as f32);
        painter.rect_filled(fill, 3.0, color);
        let text = super::theme::text(ui, color);
        ui.label(RichText::new(crate::core::format::percent(fraction)).color(text));
        response
    })
    .inner
}

/// A line item's formula as the tooltip of its whole row, written only while hovered.
pub fn formula_on_hover(row: &egui::Response, formula: &Formula) {
    row.clone().on_hover_ui(|ui| {
        ui.label(formula.text());
    });
}

/// Rows of line items in a grid: name (formula on hover), quantity, unit price, monthly.
pub fn items_grid(ui: &mut Ui, id: &str, items: &[LineItem], m: Money) {
    egui::Grid::new(id)
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong("Item");
            ui.strong("Quantity");
            ui.strong("Unit price");
            ui.strong("Monthly");
            ui.end_row();
            for item in items {
                let row = ui.label(item.name.as_ref())
                    | ui.label(format!("{} {}", count(item.quantity), item.unit))
                    | ui.label(m.unit_price(item.unit_usd))
                    | ui.label(m.amount(item.monthly_usd));
                formula_on_hover(&row, &item.formula);
                ui.end_row();
            }
        });
}

/// Axis labels for a log10 axis: 10^k as `1`, `10`, `1k`, `1M`, …
pub fn log_label(exponent: f64, prefix: &str) -> String {
    let value = 10f64.powf(exponent);
    let text = if value >= 1e9 {
        format!("{}B", count(value / 1e9))
    } else if value >= 1e6 {
        format!("{}M", count(value / 1e6))
    } else if value >= 1e3 {
        format!("{}k", count(value / 1e3))
    } else if value >= 0.01 {
        count((value * 100.0).round() / 100.0)
    } else if value >= 1e-4 {
        // Never "0" on a log axis: small ticks keep their digits (0.001, 0.0005, then 1e-5).
        let decimals = (-value.log10()).ceil().max(0.0) as usize;
        format!("{value:.decimals$}")
    } else {
        format!("{value:.0e}")
    };
    format!("{prefix}{text}")
}

/// Grid marks at whole powers of ten (and 2×, 5× between them when zoomed in).
#[expect(
    clippy::needless_pass_by_value,
    reason = "egui_plot calls grid spacers with a GridInput by value"
)]
pub fn log_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let mut marks = Vec::new();
    let span = hi - lo;
    for k in (lo.floor() as i32)..=(hi.ceil() as i32) {
        let k = f64::from(k);
        if (lo..=hi).contains(&k) {
            marks.push(GridMark {
                value: k,
                step_size: 1.0,
            });
        }
        if span < 4.0 {
            for m in [2f64, 5.0] {
                let v = k + m.log10();
                if (lo..=hi).contains(&v) {
                    marks.push(GridMark {
                        value: v,
                        step_size: 0.1,
                    });
                }
            }
        }
    }
    marks
}

/// Hover text near a data point: the series name and the point, formatted by the caller.
pub fn hover_label(
    h: &HoverPosition<'_>,
    text: impl Fn(&str, PlotPoint) -> String,
) -> Option<String> {
    match h {
        HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => Some(text(plot_name, *position)),
        HoverPosition::Elsewhere { .. } => None,
    }
}

/// A plot whose coordinates are log10 of the values on both axes, labelled as the values
/// (`y_prefix` before each y label, e.g. `$`), with the wheel left to scroll the page.
pub fn log_log_plot(
    id: &str,
    x_label: &str,
    y_label: &str,
    y_prefix: &'static str,
) -> egui_plot::Plot<'static> {
    egui_plot::Plot::new(id)
        .allow_scroll(false)
        .x_axis_label(x_label.to_owned())
        .y_axis_label(y_label.to_owned())
        .x_axis_formatter(|m, _| log_label(m.value, ""))
        .y_axis_formatter(move |m, _| log_label(m.value, y_prefix))
        .x_grid_spacer(log_grid)
        .y_grid_spacer(log_grid)
        .y_axis_min_width(48.0)
}
