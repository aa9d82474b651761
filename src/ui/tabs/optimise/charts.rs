//! The Optimise tab's charts: the waterfall of the enabled strategies, cost against batch
//! size per platform, and the tornado of the inputs that move a platform's total most.

use egui::Ui;
use egui_plot::{Bar, BarChart, Line, Plot, VLine};

use super::figures::OptimiseView;
use crate::core::format::{Money, count};
use crate::core::optimise::{Optimisation, Swing};
use crate::core::report::PlatformId;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{Mark, category_grid, hover_label, legend, linear_grid};

/// The waterfall's bars: all off, each enabled strategy's step that changes this total, now;
/// and the strategies that do not change it (no zero-height steps).
fn waterfall_bars(
    o: &Optimisation,
    target: usize,
    m: Money,
) -> Option<(Vec<Bar>, Vec<String>, Vec<&'static str>)> {
    let w = &o.waterfall;
    let start = w.baseline[target].map(|v| m.convert(v))?;
    let mut bars = vec![
        Bar::new(0.0, start)
            .name(format!("All strategies off: {}", m.label(start)))
            .fill(theme::SERIES[0]),
    ];
    let mut labels = vec!["All off".to_owned()];
    let mut unchanged = Vec::new();
    let mut level = start;
    for (strategy, totals) in &w.steps {
        let Some(next) = totals[target].map(|v| m.convert(v)) else {
            break;
        };
        let saving = level - next;
        if saving.abs() < 0.005 {
            unchanged.push(strategy.title());
            continue;
        }
        let what = if saving >= 0.0 { "saves" } else { "adds" };
        bars.push(
            Bar::new(labels.len() as f64, -saving)
                .base_offset(level)
                .name(format!(
                    "{} {what} {}",
                    strategy.title(),
                    m.label(saving.abs())
                ))
                .fill(if saving >= 0.0 { theme::OK } else { theme::BAD }),
        );
        labels.push(strategy.title().to_owned());
        level = next;
    }
    bars.push(
        Bar::new(labels.len() as f64, level)
            .name(format!("With the enabled strategies: {}", m.label(level)))
            .fill(theme::SERIES[0]),
    );
    labels.push("Now".to_owned());
    Some((bars, labels, unchanged))
}

pub(super) fn waterfall(ui: &mut Ui, o: &Optimisation, target: usize, m: Money) {
    let Some((bars, labels, unchanged)) = waterfall_bars(o, target, m) else {
        ui.weak("Infeasible without optimisation");
        return;
    };
    if !unchanged.is_empty() {
        ui.label(format!("No change to this total: {}", unchanged.join(", ")));
    }
    if bars.len() <= 2 {
        ui.label("The enabled strategies do not change this total: nothing to chart.");
        return;
    }
    legend(
        ui,
        &[
            ("total".to_owned(), theme::SERIES[0], Mark::Block),
            ("saving".to_owned(), theme::OK, Mark::Block),
            ("increase".to_owned(), theme::BAD, Mark::Block),
        ],
    );
    let n = labels.len();
    let chart = Plot::new("waterfall")
        .allow_scroll(false)
        .height(220.0)
        .include_y(0.0)
        .y_axis_min_width(64.0)
        .y_axis_label(format!("{} per month", m.code))
        .y_grid_spacer(linear_grid(28.0))
        .x_grid_spacer(category_grid(n))
        .y_axis_formatter(move |mark, _| m.label(mark.value).trim_end_matches(".00").to_owned())
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.add(
                BarChart::new("waterfall", bars)
                    .width(0.6)
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        });
    describe_chart(&chart.response, || {
        crate::ui::summaries::waterfall(o, target, m)
    });
}

/// The platforms whose cost moves with the batch size (metered per message), by registry index.
fn metered_platforms(v: &OptimiseView, view: &View) -> Vec<(usize, PlatformId)> {
    view.shown()
        .filter(|(k, _)| {
            let mut costs = v.by_batch.iter().filter_map(|t| t[*k]);
            costs
                .next()
                .is_some_and(|first| costs.any(|c| (c - first).abs() > 1e-9))
        })
        .collect()
}

pub(super) fn batch_chart(ui: &mut Ui, v: &OptimiseView, m: Money, view: &View) {
    let metered = metered_platforms(v, view);
    let mut entries: Vec<(String, egui::Color32, Mark)> = metered
        .iter()
        .map(|(_, id)| (id.title().to_owned(), theme::platform(*id), Mark::Line))
        .collect();
    entries.push((
        format!("current batch size ({})", count(v.workload.batch_size)),
        egui::Color32::GRAY,
        Mark::Rule,
    ));
    legend(ui, &entries);
    let chart = Plot::new("batch-size")
        .allow_scroll(false)
        .height(240.0)
        .x_grid_spacer(linear_grid(64.0))
        .y_grid_spacer(linear_grid(28.0))
        .x_axis_label("readings per message (batch size)")
        .y_axis_label(format!("{} per month", m.code))
        .include_y(0.0)
        .y_axis_min_width(64.0)
        .y_axis_formatter(move |mark, _| m.label(mark.value).trim_end_matches(".00").to_owned())
        .label_formatter(move |h| {
            hover_label(h, |name, p| {
                format!("{name}\nbatch {:.0}: {}", p.x, m.label(p.y))
            })
        })
        .show(ui, |plot| {
            for (k, id) in metered {
                let points: Vec<[f64; 2]> = v
                    .batch_sizes
                    .iter()
                    .zip(&v.by_batch)
                    .filter_map(|(b, t)| t[k].map(|c| [*b, m.convert(c)]))
                    .collect();
                plot.add(
                    Line::new(id.title(), points)
                        .color(theme::platform(id))
                        .width(2.0),
                );
            }
            plot.add(
                VLine::new("Current batch size", v.workload.batch_size).color(egui::Color32::GRAY),
            );
        });
    describe_chart(&chart.response, || {
        format!(
            "Monthly cost against batch size (readings per message) from 1 to {} for the platforms metered per message; the current batch size is {}",
            count(v.batch_sizes.last().copied().unwrap_or(1.0)),
            count(v.workload.batch_size)
        )
    });
}

/// The bars of each input at half and one and a half times its value, from the current total.
fn tornado_bars(swings: &[&Swing], base: f64, m: Money) -> (Vec<Bar>, Vec<Bar>) {
    let n = swings.len();
    let mut low = Vec::new();
    let mut high = Vec::new();
    for (i, s) in swings.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        if let (Some(a), Some(b)) = (
            s.low_usd.map(|a| m.convert(a)),
            s.high_usd.map(|b| m.convert(b)),
        ) {
            low.push(
                Bar::new(y, a - base)
                    .base_offset(base)
                    .name(format!(
                        "{} × 0.5 = {}: {}",
                        s.label,
                        count(s.low_value),
                        m.label(a)
                    ))
                    .fill(theme::SERIES[0]),
            );
            high.push(
                Bar::new(y, b - base)
                    .base_offset(base)
                    .name(format!(
                        "{} × 1.5 = {}: {}",
                        s.label,
                        count(s.high_value),
                        m.label(b)
                    ))
                    .fill(theme::SERIES[1]),
            );
        }
    }
    (low, high)
}

pub(super) fn tornado(ui: &mut Ui, v: &OptimiseView, base: Option<f64>, m: Money) {
    let swings: Vec<&Swing> = v
        .tornado
        .iter()
        .filter(|s| s.width().is_finite())
        .take(10)
        .collect();
    let Some(base) = base.map(|b| m.convert(b)) else {
        ui.weak("The platform cannot carry the workload");
        return;
    };
    let labels: Vec<String> = swings.iter().map(|s| s.label.to_owned()).collect();
    let n = swings.len();
    let (low, high) = tornado_bars(&swings, base, m);
    legend(
        ui,
        &[
            ("input × 0.5".to_owned(), theme::SERIES[0], Mark::Block),
            ("input × 1.5".to_owned(), theme::SERIES[1], Mark::Block),
            (
                format!("current total, {}", m.label(base)),
                ui.visuals().text_color(),
                Mark::Rule,
            ),
        ],
    );
    let baseline = ui.visuals().text_color();
    let chart = Plot::new("tornado")
        .allow_scroll(false)
        .height(28.0 * n as f64 as f32 + 60.0)
        .y_axis_min_width(150.0)
        // One mark (and label) per input row.
        .y_grid_spacer(category_grid(n))
        .x_grid_spacer(linear_grid(72.0))
        .x_axis_label(format!("{} per month", m.code))
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                labels[n - 1 - i as usize].clone()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(move |mark, _| m.label(mark.value).trim_end_matches(".00").to_owned())
        .show(ui, |plot| {
            let name = |bar: &Bar, _: &BarChart| bar.name.clone();
            plot.add(
                BarChart::new("Input × 0.5", low)
                    .horizontal()
                    .width(0.6)
                    .element_formatter(Box::new(name)),
            );
            plot.add(
                BarChart::new("Input × 1.5", high)
                    .horizontal()
                    .width(0.6)
                    .element_formatter(Box::new(name)),
            );
            plot.add(VLine::new("Current total", base).color(baseline).width(1.5));
        });
    describe_chart(&chart.response, || {
        crate::ui::summaries::tornado(v.tornado_platform, &v.tornado, Some(base), m)
    });
}
