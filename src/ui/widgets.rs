//! Small drawing helpers shared by the tabs. They format report figures; they compute nothing.

use egui::{Color32, RichText, Ui};
use egui_plot::{GridInput, GridMark, HoverPosition, PlotPoint};

use crate::core::format::{Money, count};
use crate::core::report::LineItem;

/// Called first inside a scroll area: when keyboard focus (Tab, Shift+Tab) has moved to a
/// widget in this area, scroll it into view. It must run inside the area, which applies only
/// the scroll requests made by its own content.
pub fn follow_focus(ui: &Ui) {
    let ctx = ui.ctx();
    let key = ui.scope_id().with("last-focus");
    let focused = ctx.memory(egui::Memory::focused);
    let last = ctx.data(|d| d.get_temp::<Option<egui::Id>>(key)).flatten();
    if focused == last {
        return;
    }
    ctx.data_mut(|d| d.insert_temp(key, focused));
    if let Some(response) = focused.and_then(|id| ctx.read_response(id))
        && ui.clip_rect().x_range().contains(response.rect.center().x)
    {
        response.scroll_to_me(None);
    }
}

/// While a pointer button is held (a slider dragged), draws a section only when the space it
/// took when last drawn is on screen; otherwise keeps that space without laying anything out,
/// so the scroll bar stays true while sections below the fold cost nothing on each frame of
/// the drag (every figure in them changes, and laying out changed text is most of a frame).
/// At rest every section is drawn, so the accessibility tree always holds all of it.
pub fn when_visible(ui: &mut Ui, id: egui::Id, add: impl FnOnce(&mut Ui)) {
    let last: Option<f32> = ui.ctx().data(|d| d.get_temp(id));
    let hidden = last.filter(|&height| {
        ui.input(|i| i.pointer.any_down())
            && !ui.is_rect_visible(egui::Rect::from_min_size(
                ui.cursor().min,
                egui::vec2(ui.available_width(), height),
            ))
    });
    // Drawn or not, the section is one scope: the widgets after it keep their ids, so a drag
    // further down is not lost when a section above it stops being drawn.
    let height = ui
        .scope(|ui| match hidden {
            Some(height) => {
                ui.allocate_space(egui::vec2(ui.available_width(), height));
            }
            None => add(ui),
        })
        .response
        .rect
        .height();
    ui.ctx().data_mut(|d| d.insert_temp(id, height));
}

/// A section heading with a little space above it.
pub fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(10.0);
    ui.heading(text);
}

/// A verdict's severity as a coloured word and what follows it; "ok" (green) for none.
pub fn severity_text(
    ui: &Ui,
    severity: Option<crate::core::report::Severity>,
    then: &str,
) -> egui::RichText {
    let word = severity.map_or("ok", crate::core::report::Severity::title);
    let text = egui::RichText::new(format!("{word}{then}"));
    match severity {
        Some(s) => text
            .strong()
            .color(super::theme::text(ui, super::theme::severity(s))),
        None => text.color(super::theme::text(ui, super::theme::OK)),
    }
}

/// One limit's verdict in full: "warning — Daily message quota: peak … add units", wrapped.
pub fn limit_verdict(ui: &mut Ui, l: &crate::core::report::LimitRow) {
    ui.horizontal_wrapped(|ui| {
        ui.label(severity_text(ui, l.severity, ""));
        ui.label(format!("— {}: {}", l.name, l.verdict));
    });
}

/// Gives a chart its accessible name and summary: what it shows and its key figures, which
/// assistive technology reads (the summary is written only when it asks).
pub fn describe_chart(response: &egui::Response, summary: impl Fn() -> String) {
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Figure, true, summary()));
}

/// A figure in a table cell: right-aligned and never truncated (its column grows instead).
pub fn table_figure(ui: &mut Ui, text: String) -> egui::Response {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.add(egui::Label::new(text).extend())
    })
    .inner
}

/// A row of toggle buttons choosing one of the `shown` platforms; a choice no longer shown
/// moves to the first that is.
pub fn platform_picker(
    ui: &mut Ui,
    selected: &mut crate::core::report::PlatformId,
    shown: &[crate::core::report::PlatformId],
) {
    if !shown.contains(selected)
        && let Some(first) = shown.first()
    {
        *selected = *first;
    }
    ui.horizontal_wrapped(|ui| {
        for &id in shown {
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

/// A line item's formula and the grade of its prices as the tooltip of its whole row, written
/// only while hovered.
pub fn formula_on_hover(row: &egui::Response, item: &LineItem) {
    row.clone().on_hover_ui(|ui| {
        ui.label(item.formula.text());
        ui.label(grade_text(item));
        ui.weak("Help, How the figures are computed, explains each formula");
    });
}

/// How far a line item's prices can be trusted, in words: its grade (the lowest of the sheet
/// figures it uses), what that grade means, and the figure that set it.
pub fn grade_text(item: &LineItem) -> String {
    let grade = item.grade;
    let weakest = item
        .weakest_figure
        .map(|f| format!(" (set by the sheet's {f})"))
        .unwrap_or_default();
    format!(
        "Prices graded {}: {}{weakest}",
        grade.letter(),
        grade.meaning()
    )
}

/// A line item's name that Tab reaches: focused, it shows the item's formula as hovering its
/// row does, so the formulas are not for the mouse alone. A grade below H is marked beside it.
pub fn formula_on_focus(ui: &mut Ui, item: &LineItem) -> egui::Response {
    let mut name = ui.add(egui::Label::new(item.name.as_ref()).sense(egui::Sense::click()));
    if item.grade < crate::core::report::Grade::H {
        name |= ui
            .weak(format!("({})", item.grade.letter()))
            .on_hover_text(grade_text(item));
    }
    if name.has_focus() {
        name.show_tooltip_ui(|ui| {
            ui.label(item.formula.text());
            ui.label(grade_text(item));
        });
    }
    name
}

/// A unit price with its unit: `$0.50 per instance-hour`, `$0.20 per million invocations`,
/// `$0.02 per GiB` (the quantity's unit, singular).
pub fn price_per(m: Money, price: f64, unit: &str) -> String {
    m.price_per(price, unit)
}

/// Rows of line items in a grid: name, quantity, unit price and monthly (the formula over the
/// whole row), and the total when one is given.
pub fn items_grid(ui: &mut Ui, id: &str, items: &[LineItem], m: Money, total: Option<f64>) {
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
                    | ui.label(format!(
                        "{} {}",
                        crate::core::format::quantity(item.quantity),
                        item.unit
                    ))
                    | ui.label(price_per(m, item.unit_usd, &item.unit))
                    | ui.label(m.amount(item.monthly_usd));
                formula_on_hover(&row, item);
                ui.end_row();
            }
            if let Some(total) = total {
                ui.strong("Total");
                ui.label("");
                ui.label("");
                ui.strong(m.amount(total));
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

/// Grid marks at whole powers of ten (and 2×, 5× between them when zoomed in). Labelled marks
/// are spaced at least `label_px` apart (every second or third decade on a narrow plot), so
/// every axis keeps readable tick labels; the other decades keep their grid lines.
pub fn log_grid(label_px: f64) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input: GridInput| {
        let (lo, hi) = input.bounds;
        // egui_plot's base step is the data span of its 8-point minimum grid spacing.
        let decades_per_label = (label_px * input.base_step_size / 8.0).ceil().max(1.0);
        let mut marks = Vec::new();
        let span = hi - lo;
        for k in (lo.floor() as i32)..=(hi.ceil() as i32) {
            let k = f64::from(k);
            if (lo..=hi).contains(&k) {
                let labelled = (k / decades_per_label).fract() == 0.0;
                marks.push(GridMark {
                    value: k,
                    step_size: if labelled { decades_per_label } else { 0.5 },
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
}

/// Grid marks at round steps (1, 2 or 5 × 10^k) at least `label_px` apart, for linear axes:
/// `egui_plot`'s own steps are powers of ten only, which left "0 / 1000" on a 250-point axis.
pub fn linear_grid(label_px: f64) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input: GridInput| {
        let (lo, hi) = input.bounds;
        let wanted = label_px * input.base_step_size / 8.0;
        if !(wanted.is_finite() && wanted > 0.0 && hi > lo) {
            return Vec::new();
        }
        let magnitude = 10f64.powf(wanted.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= wanted)
            .unwrap_or(10.0 * magnitude);
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last)
            .map(|i| GridMark {
                value: i as f64 * step,
                step_size: step,
            })
            .collect()
    }
}

/// One grid mark (and label) per category, 0 to n − 1: the bars or boxes of a chart.
pub fn category_grid(n: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |_| {
        (0..n)
            .map(|i| GridMark {
                value: i as f64,
                step_size: 1.0,
            })
            .collect()
    }
}

/// How a series looks in a legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Line,
    Dotted,
    Dashed,
    Dot,
    Block,
    /// A vertical marker line (the current fleet, a threshold).
    Rule,
}

/// A legend drawn above its plot rather than over the data, in the order given (which is the
/// order of the series, e.g. the storage tiers from hot to archive).
pub fn legend(ui: &mut Ui, entries: &[(String, Color32, Mark)]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        let full = ui.available_width();
        for (label, color, mark) in entries {
            // One allocation per entry, so a swatch never wraps away from its words; a label
            // longer than the row wraps within its entry.
            let galley = ui.painter().layout(
                label.clone(),
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().text_color(),
                (full - 28.0).max(60.0),
            );
            let size = egui::vec2(26.0 + galley.size().x, galley.size().y.max(14.0));
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            let swatch = egui::Rect::from_min_size(
                egui::pos2(
                    rect.left(),
                    rect.top() + (galley.rows.first().map_or(14.0, |r| r.height()) - 14.0) / 2.0,
                ),
                egui::vec2(22.0, 14.0),
            );
            paint_swatch(ui.painter(), swatch, *color, *mark);
            let text_color = ui.visuals().text_color();
            ui.painter().galley(
                egui::pos2(rect.left() + 26.0, rect.top()),
                galley,
                text_color,
            );
        }
    });
}

fn paint_swatch(painter: &egui::Painter, rect: egui::Rect, color: Color32, mark: Mark) {
    let (left, right, mid) = (rect.left() + 1.0, rect.right() - 1.0, rect.center().y);
    let stroke = egui::Stroke::new(2.5, color);
    match mark {
        Mark::Line => {
            painter.line_segment([egui::pos2(left, mid), egui::pos2(right, mid)], stroke);
        }
        Mark::Dotted => {
            for i in 0..4u8 {
                let x = left + 2.0 + f32::from(i) * 5.5;
                painter.circle_filled(egui::pos2(x, mid), 1.6, color);
            }
        }
        Mark::Dashed => {
            for (a, b) in [(0.0, 8.0), (12.0, 20.0)] {
                painter.line_segment(
                    [egui::pos2(left + a, mid), egui::pos2(left + b, mid)],
                    stroke,
                );
            }
        }
        Mark::Dot => {
            painter.circle_filled(rect.center(), 4.5, color);
        }
        Mark::Block => {
            painter.rect_filled(rect.shrink2(egui::vec2(3.0, 1.0)), 2.0, color);
        }
        Mark::Rule => {
            let x = rect.center().x;
            painter.line_segment(
                [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
                egui::Stroke::new(1.5, color),
            );
        }
    }
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
        .x_grid_spacer(log_grid(64.0))
        .y_grid_spacer(log_grid(22.0))
        .y_axis_min_width(48.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_prices_name_their_unit_in_the_singular() {
        let m = Money::USD;
        assert_eq!(
            price_per(m, 0.5, "instance-hours"),
            "$0.50 per instance-hour"
        );
        assert_eq!(
            price_per(m, 0.2, "million invocations"),
            "$0.20 per million invocations"
        );
        assert_eq!(price_per(m, 0.02, "GiB per month"), "$0.02 per GiB");
        assert_eq!(price_per(m, 0.085, "GB"), "$0.085 per GB");
        assert_eq!(price_per(m, 0.115, "GiB-month"), "$0.115 per GiB-month");
        assert_eq!(
            price_per(m, 0.000_001, "metered messages"),
            "$1.00 per million metered messages"
        );
    }
}
