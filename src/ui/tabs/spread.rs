//! How sure the totals are (domain §13), as the Costs and Throttling tabs show it: each card's
//! P10–P90 band and how often its platform is the cheapest, the distributions as box plots, the
//! drivers ranked, and each limit's probability of being exceeded. Every figure is the core's
//! `Ranges`; while a new run samples, the last one stays on screen marked as updating.

use std::fmt::Write as _;

use egui::{RichText, Ui};
use egui_plot::{BoxElem, BoxPlot, BoxSpread, Plot, Points};

use crate::core::format::{Money, count, percent};
use crate::core::ranges::{PlatformRange, Ranges};
use crate::core::report::PlatformId;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{Mark, category_grid, fraction_bar, heading, legend, log_grid, log_label};

/// The two lines a platform card adds when the workload has ranges.
pub fn card_lines(ui: &mut Ui, view: &View, id: PlatformId, m: Money) {
    let Some(p) = view
        .ranges
        .as_ref()
        .and_then(|r| r.platforms.iter().find(|p| p.id == id))
    else {
        if !view.workload.ranges.is_empty() {
            ui.weak("P10 to P90: sampling…");
        }
        return;
    };
    let weak = !view.ranges_current;
    let line = |ui: &mut Ui, text: String, hover: &str| {
        let text = if weak {
            RichText::new(format!("{text} (updating)")).weak()
        } else {
            RichText::new(text)
        };
        ui.label(text).on_hover_text(hover);
    };
    match (p.spread.p10, p.spread.p90) {
        (Some(lo), Some(hi)) => line(
            ui,
            format!("P10 {}, P90 {}", m.amount(lo), m.amount(hi)),
            "Over the ranges: one sample in ten costs less than P10, one in ten more than P90 (samples where the platform is feasible)",
        ),
        _ => {
            return line(
                ui,
                "Infeasible in every sample".to_owned(),
                "No sampled workload fits this platform",
            );
        }
    }
    line(
        ui,
        format!("cheapest in {} of cases", percent(p.probability_cheapest)),
        "Share of the sampled workloads in which this platform is the cheapest feasible one",
    );
    if p.spread.feasible_share < 1.0 {
        line(
            ui,
            format!("feasible in {} of cases", percent(p.spread.feasible_share)),
            "Share of the sampled workloads this platform can carry",
        );
    }
}

/// The Costs tab's section: what was sampled, the distributions and the drivers; or how to
/// give a field a range.
pub fn section(ui: &mut Ui, view: &View) {
    heading(ui, "Ranges: how sure the totals are");
    if view.workload.ranges.is_empty() {
        ui.add(
            egui::Label::new(
                "No field has a range. Press ± beside a field's name in the workload panel to give it a low and a high: every total then shows its P10 to P90 band and how often each platform is the cheapest.",
            )
            .wrap(),
        );
        return;
    }
    let Some(r) = &view.ranges else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Sampling the ranges…");
        });
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(sampled_text(r));
        if !view.ranges_current {
            ui.spinner();
            ui.weak("updating for the current inputs");
        }
    });
    let m = view.report.money();
    distributions(ui, r, view, m);
    for p in r
        .platforms
        .iter()
        .filter(|p| p.spread.feasible_share < 1.0 && view.is_shown(p.id))
    {
        ui.label(format!(
            "{} can carry {} of the samples{}",
            p.id.title(),
            percent(p.spread.feasible_share),
            if p.spread.feasible_share == 0.0 {
                ", so it has no box"
            } else {
                "; its box is over those"
            }
        ));
    }
    drivers(ui, r, m);
}

/// "2,000 samples (seed 1) of Devices 500 to 2,000 (typical 1,000); …".
fn sampled_text(r: &Ranges) -> String {
    let fields: Vec<String> = r
        .fields
        .iter()
        .map(|f| {
            format!(
                "{} {} to {} (typical {})",
                label(f.name),
                count(f.low),
                count(f.high),
                count(f.typical)
            )
        })
        .collect();
    let mut text = format!(
        "{} samples (seed {}) of {}, each drawn from a triangular distribution.",
        count(r.samples as f64),
        r.seed,
        fields.join("; ")
    );
    if r.rejected_samples > 0 {
        let _ = write!(
            text,
            " {} samples broke a rule between fields (tier days out of order) and were left out.",
            count(r.rejected_samples as f64)
        );
    }
    text
}

/// A field's label in the window's words.
fn label(name: &str) -> &str {
    crate::core::fields::field(name).map_or(name, |f| f.label)
}

/// One horizontal box per platform on a log money axis: box P10 to P90, line P50, whiskers
/// min to max, a dot at the typical figure.
fn distributions(ui: &mut Ui, r: &Ranges, view: &View, m: Money) {
    let text = ui.visuals().text_color();
    let mut entries: Vec<(String, egui::Color32, Mark)> = vec![
        (
            "box: P10 to P90".to_owned(),
            egui::Color32::GRAY,
            Mark::Block,
        ),
        ("line in the box: P50".to_owned(), text, Mark::Rule),
        (
            "whiskers: min to max".to_owned(),
            egui::Color32::GRAY,
            Mark::Line,
        ),
    ];
    entries.push(("typical figure".to_owned(), text, Mark::Dot));
    legend(ui, &entries);
    let rows: Vec<&PlatformRange> = r
        .platforms
        .iter()
        .rev()
        .filter(|p| view.is_shown(p.id))
        .collect();
    let n = rows.len();
    let names: Vec<String> = rows.iter().map(|p| p.id.title().to_owned()).collect();
    let prefix = m.symbol;
    let chart = Plot::new("range-distributions")
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .height(34.0 * n as f32 + 60.0)
        .y_axis_min_width(150.0)
        .x_axis_label(format!("{} per month (log)", m.code))
        .x_axis_formatter(move |mark, _| log_label(mark.value, prefix))
        .x_grid_spacer(log_grid(64.0))
        .y_grid_spacer(category_grid(n))
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                names[i as usize].clone()
            } else {
                String::new()
            }
        })
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .show(ui, |plot| boxes(plot, &rows, view, m, text));
    describe_chart(&chart.response, || crate::ui::summaries::spread(r, view, m));
}

/// One box per feasible platform, row `i` from the bottom, and its typical figure as a dot.
fn boxes(
    plot: &mut egui_plot::PlotUi<'_>,
    rows: &[&PlatformRange],
    view: &View,
    m: Money,
    text: egui::Color32,
) {
    let log = |usd: f64| m.convert(usd).max(1e-6).log10();
    for (i, p) in rows.iter().enumerate() {
        let s = &p.spread;
        let (Some(lo), Some(p10), Some(p50), Some(p90), Some(hi)) =
            (s.min, s.p10, s.p50, s.p90, s.max)
        else {
            continue;
        };
        let color = theme::platform(p.id);
        let spread = BoxSpread::new(log(lo), log(p10), log(p50), log(p90), log(hi));
        let elem = BoxElem::new(i as f64, spread)
            .box_width(0.5)
            .whisker_width(0.3)
            .fill(color.gamma_multiply(0.35))
            .stroke(egui::Stroke::new(1.5, color))
            .name(p.id.title());
        let label = format!(
            "{}\nP10 {}, P50 {}, P90 {}\nmin {}, max {}",
            p.id.title(),
            m.amount(p10),
            m.amount(p50),
            m.amount(p90),
            m.amount(lo),
            m.amount(hi)
        );
        plot.add(
            BoxPlot::new(p.id.title(), vec![elem])
                .horizontal()
                .color(color)
                .element_formatter(Box::new(move |_, _| label.clone())),
        );
        if let Some(typical) = view.report.platform(p.id).monthly_usd {
            plot.add(
                Points::new(
                    format!("{} typical", p.id.title()),
                    vec![[log(typical), i as f64]],
                )
                .radius(4.0)
                .color(text),
            );
        }
    }
}

/// The ranged fields by how much of the cheapest platform's spread each explains alone.
fn drivers(ui: &mut Ui, r: &Ranges, m: Money) {
    let Some(id) = r.drivers_of else {
        return;
    };
    ui.add_space(6.0);
    ui.strong(format!(
        "What drives {}'s total (P10 to P90 with only that field varying)",
        id.title()
    ));
    let widest = r
        .drivers
        .iter()
        .map(crate::core::ranges::Driver::width)
        .fold(0.0, f64::max);
    egui::Grid::new("range-drivers")
        .num_columns(3)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for d in &r.drivers {
                ui.label(label(d.name));
                ui.label(format!("{} to {}", m.optional(d.p10), m.optional(d.p90)));
                if widest > 0.0 {
                    let share = d.width() / widest;
                    fraction_bar(ui, share, theme::platform(id), 120.0).on_hover_text(format!(
                        "P90 − P10 = {}, {} of the widest",
                        m.amount(d.width()),
                        percent(share)
                    ));
                } else {
                    ui.weak("no spread: the total does not move between P10 and P90");
                }
                ui.end_row();
            }
        });
}

/// A limit's probability of being exceeded over the ranges, and whether it is current.
pub fn throttled(view: &View, platform: PlatformId, name: &str) -> Option<(f64, bool)> {
    let r = view.ranges.as_ref()?;
    r.limits
        .iter()
        .find(|l| l.platform == platform && *l.name == *name)
        .map(|l| (l.probability_throttled, view.ranges_current))
}
