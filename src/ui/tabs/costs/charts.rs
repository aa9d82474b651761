//! The Costs tab's charts: line items stacked per platform, and cost against fleet size with
//! the break-even points.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Line, Plot, Points, VLine};

use crate::core::format::{Money, count};
use crate::core::platforms;
use crate::core::report::PlatformId;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{Mark, category_grid, hover_label, legend, linear_grid, log_log_plot};

/// Each platform's total, where its bar ends, and its name.
pub(super) type Totals = Vec<(f64, f64, String)>;

/// One single-bar chart per line item, horizontal, one row per platform shown (top to bottom in
/// registry order, so the names on the axis never collide), each platform's total and where its
/// bar ends, and the categories shown (for the legend).
pub(super) fn stack_bars(
    view: &View,
    m: Money,
) -> (Vec<BarChart>, Totals, Vec<(String, egui::Color32, Mark)>) {
    let mut charts = Vec::new();
    let mut totals = Vec::new();
    let mut shown: Vec<(String, egui::Color32, Mark)> = Vec::new();
    let n = view.shown.len();
    for (i, id) in view.shown.iter().enumerate() {
        let p = view.report.platform(*id);
        // The first platform on top.
        let row = (n - 1 - i) as f64;
        let mut base = 0.0;
        for item in &p.line_items {
            let (what, color) = (item.category.title(), theme::category(item.category));
            if !shown.iter().any(|(w, ..)| w == what) {
                shown.push((what.to_owned(), color, Mark::Block));
            }
            let width = m.convert(item.monthly_usd);
            let label = format!("{}: {}\n{}", p.id.title(), item.name, m.label(width));
            charts.push(
                BarChart::new(
                    label.clone(),
                    vec![
                        Bar::new(row, width)
                            .base_offset(base)
                            .width(0.6)
                            .fill(color),
                    ],
                )
                .horizontal()
                .color(color)
                .element_formatter(Box::new(move |_, _| label.clone())),
            );
            base += width;
        }
        let total = p
            .monthly_usd
            .map_or_else(|| "cannot carry".to_owned(), |v| m.amount(v));
        totals.push((row, base, total));
    }
    (charts, totals, shown)
}

/// Each platform's line items stacked by what they pay for, one row each with its name on the
/// axis and its total written after the bar, so a $10 bar beside a $2,000 one still shows its
/// figure.
pub(super) fn stacked_items(ui: &mut Ui, view: &View) {
    let m = view.report.money();
    let (charts, totals, shown) = stack_bars(view, m);
    legend(ui, &shown);
    let right = totals.iter().map(|t| t.1).fold(0.0, f64::max);
    let n = view.shown.len();
    let names: Vec<&'static str> = view.shown.iter().rev().map(|id| id.title()).collect();
    let chart = Plot::new("stacked-items")
        .height(28.0 * n as f32 + 50.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_x(0.0)
        // Room after the longest bar for its total.
        .include_x(right * 1.45)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names
                    .get(i as usize)
                    .map(|t| (*t).to_owned())
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(150.0)
        .y_grid_spacer(category_grid(n))
        .x_grid_spacer(linear_grid(64.0))
        .x_axis_formatter(move |mark, _| m.label(mark.value).trim_end_matches(".00").to_owned())
        .x_axis_label(format!("{} per month", m.code))
        .show(ui, |plot| {
            for chart in charts {
                plot.add(chart);
            }
            for (y, x, text) in totals {
                plot.add(
                    egui_plot::Text::new(
                        "total",
                        egui_plot::PlotPoint::new(x, y),
                        RichText::new(format!(" {text}"))
                            .strong()
                            .text_style(egui::TextStyle::Body),
                    )
                    .anchor(egui::Align2::LEFT_CENTER),
                );
            }
        });
    describe_chart(&chart.response, || {
        crate::ui::summaries::platform_totals(view)
    });
}

/// One platform's line on the cost chart: log10 devices against log10 cost, where it can
/// carry the fleet and costs something (a $0 figure has no place on a log axis).
pub(super) fn curve_points(view: &View, k: usize, m: Money) -> Vec<[f64; 2]> {
    // log10(usd × rate) = log10(usd) + log10(rate): the view's log curve, shifted.
    let shift = m.rate.log10();
    view.curve_log
        .get(k)
        .map(|points| points.iter().map(|&[x, y]| [x, y + shift]).collect())
        .unwrap_or_default()
}

/// Break-even dots, on the first platform's line, only where both lines are drawn (a $0
/// figure has no point on a log axis).
pub(super) fn break_even_marks(
    view: &View,
    lines: &[(PlatformId, Vec<[f64; 2]>)],
    m: Money,
) -> Vec<[f64; 2]> {
    let r = &view.report;
    let drawn = |id: PlatformId, x: f64| {
        lines.iter().any(|(p, points)| {
            *p == id
                && points.first().is_some_and(|f| f[0] <= x + 1e-9)
                && points.last().is_some_and(|l| l[0] >= x - 1e-9)
        })
    };
    r.break_even
        .iter()
        .filter(|b| view.is_shown(b.a) && view.is_shown(b.b))
        .filter_map(|b| {
            let x = b.devices.log10();
            if !(drawn(b.a, x) && drawn(b.b, x)) {
                return None;
            }
            let k = platforms::index(b.a)?;
            interpolate(view, k, x).map(|y| [x, y + m.rate.log10()])
        })
        .collect()
}

pub(super) fn cost_curve(ui: &mut Ui, view: &View) {
    let r = &view.report;
    let devices = view.workload.devices;
    let m = r.money();
    let axis = format!("{} per month (log)", m.code);
    let dot = break_even_color(ui);
    let lines: Vec<(PlatformId, Vec<[f64; 2]>)> = view
        .shown()
        .map(|(k, id)| (id, curve_points(view, k, m)))
        .collect();
    // The legend names what is drawn; a platform without a line is said in words.
    let mut entries: Vec<(String, egui::Color32, Mark)> = lines
        .iter()
        .filter(|(_, points)| !points.is_empty())
        .map(|(id, _)| (id.title().to_owned(), theme::platform(*id), Mark::Line))
        .collect();
    let fleet = theme::fleet_marker(ui);
    entries.push(("your fleet".to_owned(), fleet, Mark::Rule));
    let marks = break_even_marks(view, &lines, m);
    if !marks.is_empty() {
        entries.push(("break-even".to_owned(), dot, Mark::Dot));
    }
    legend(ui, &entries);
    let undrawn: Vec<&str> = lines
        .iter()
        .filter(|(_, points)| points.is_empty())
        .map(|(id, _)| id.title())
        .collect();
    if !undrawn.is_empty() {
        ui.weak(format!(
            "Not drawn: {} (cannot carry it at any fleet size, or costs nothing)",
            undrawn.join(", ")
        ));
    }
    let chart = log_log_plot("cost-curve", "devices (log)", &axis, m.symbol)
        .height(260.0)
        .label_formatter(|h| {
            hover_label(h, |name, v| {
                format!(
                    "{name}\n{} devices: {}",
                    count(10f64.powf(v.x).round()),
                    m.label(10f64.powf(v.y))
                )
            })
        })
        .show(ui, |plot| {
            for (id, points) in lines {
                if !points.is_empty() {
                    plot.add(
                        Line::new(id.title(), points)
                            .color(theme::platform(id))
                            .width(2.0),
                    );
                }
            }
            plot.add(
                VLine::new("Your fleet", devices.log10())
                    .color(fleet)
                    .width(2.0),
            );
            plot.add(Points::new("Break-even", marks).radius(4.0).color(dot));
        });
    describe_chart(&chart.response, || crate::ui::summaries::cost_curve(view));
}

/// Break-even dots: the text colour, so they stand apart from every platform's line.
pub(super) fn break_even_color(ui: &Ui) -> egui::Color32 {
    ui.visuals().text_color()
}

/// The log10 cost of platform `k` at log10 fleet size `x`, read off the chart's own points.
pub(super) fn interpolate(view: &View, k: usize, x: f64) -> Option<f64> {
    let points = view.curve_log.get(k)?;
    let i = points.partition_point(|p| p[0] < x);
    let b = points.get(i)?;
    let Some(a) = i.checked_sub(1).map(|h| points[h]) else {
        return Some(b[1]);
    };
    Some(a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))
}
