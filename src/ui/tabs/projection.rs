//! Projection: the first months as the fleet grows (domain §14) — the fleet ramp, each month's
//! cost per platform and the reference stack, the spend so far, and markers where a fleet-wide
//! limit is crossed (labelled with the date to act by) or a platform changes tier. Every
//! figure is the report's `projection`.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Line, LineStyle, Plot, PlotPoint, Text, VLine};

use crate::core::format::{Money, count};
use crate::core::projection::{Crossing, Projection};
use crate::core::report::Remedy;
use crate::core::throttle::QUOTA_LEAD_DAYS;
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{
    Mark, heading, hover_label, legend, linear_grid, log_grid, log_label, table_figure,
    when_visible,
};

pub struct ProjectionTab;

impl crate::ui::tab::TabView for ProjectionTab {
    fn ui(&mut self, ui: &mut Ui, view: &View, _commands: &mut Vec<Command>) {
        let Some(p) = &view.report.projection else {
            ui.label("No projection");
            return;
        };
        show(ui, view, p);
    }
}

fn show(ui: &mut Ui, view: &View, p: &Projection) {
    let m = view.report.money();
    let (Some(first), Some(last)) = (p.months.first(), p.months.last()) else {
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} months from {}: the fleet grows from {} to {} devices",
            p.months.len(),
            first.date,
            count(first.devices),
            count(last.devices)
        ))
        .strong(),
    );
    if first.devices >= view.workload.devices && p.months.len() > 1 {
        ui.weak(
            "The fleet is constant: set Devices at launch and the growth a month in the Launch group of the workload panel to see it ramp up.",
        );
    }
    // Stacked, full width, one y-axis width: the three plots share their month axis.
    ui.strong("Devices");
    fleet_chart(ui, p);
    ui.strong(format!("Spent so far ({})", m.code));
    cumulative_chart(ui, p, m, view);
    // Below the first charts: drawn when scrolled into view while a slider is dragged.
    ui.strong(format!("Cost each month ({} per month)", m.code));
    when_visible(ui, ui.scope_id().with("projection-monthly"), |ui| {
        monthly_chart(ui, p, m, view);
    });
    heading(ui, "Limits crossed as the fleet grows");
    when_visible(ui, ui.scope_id().with("projection-crossings"), |ui| {
        crossings_table(ui, p, view);
        tier_changes(ui, p);
    });
}

/// The months a platform's tier or units change, and whether that can happen in place.
fn tier_changes(ui: &mut Ui, p: &Projection) {
    for t in &p.tier_changes {
        let text = format!(
            "{}: month {} ({}) moves from {} to {}",
            t.platform.title(),
            t.month,
            p.months
                .get(t.month as usize - 1)
                .map(|x| x.date.to_string())
                .unwrap_or_default(),
            t.from,
            t.to
        );
        if t.possible {
            ui.label(text);
        } else {
            ui.colored_label(
                theme::text(ui, theme::BAD),
                format!("{text}: not possible in place (a new hub and a migration)"),
            );
        }
    }
}

/// A plot over the projection's months; every one has the same y-axis width, so stacked plots
/// line their months up.
fn months_plot(id: &str, height: f32) -> Plot<'static> {
    Plot::new(id)
        .allow_scroll(false)
        .height(height)
        .x_axis_label("month")
        .x_grid_spacer(linear_grid(72.0))
        .x_axis_formatter(|mark, _| count(mark.value))
        .y_axis_min_width(MONTHS_Y_AXIS_WIDTH)
}

const MONTHS_Y_AXIS_WIDTH: f32 = 84.0;
const MONTHS_PLOT_HEIGHT: f32 = 240.0;

fn fleet_chart(ui: &mut Ui, p: &Projection) {
    let points: Vec<[f64; 2]> = p
        .months
        .iter()
        .map(|x| [f64::from(x.month), x.devices])
        .collect();
    let color = ui.visuals().text_color();
    let chart = months_plot("projection-fleet", MONTHS_PLOT_HEIGHT)
        .y_axis_label("devices")
        .include_y(0.0)
        .y_grid_spacer(linear_grid(28.0))
        .y_axis_formatter(|mark, _| count(mark.value))
        .label_formatter(|h| {
            hover_label(h, |_, v| {
                format!("month {:.0}: {} devices", v.x, count(v.y.round()))
            })
        })
        .show(ui, |plot| {
            plot.add(Line::new("Devices", points).color(color).width(2.0));
        });
    describe_chart(&chart.response, || crate::ui::summaries::fleet(p));
}

/// One series per platform and the stack: `None` months leave a gap.
fn series(
    p: &Projection,
    m: Money,
    pick: impl Fn(&crate::core::projection::ProjectionMonth) -> Option<f64>,
    log: bool,
) -> Vec<[f64; 2]> {
    p.months
        .iter()
        .filter_map(|x| {
            let v = m.convert(pick(x)?);
            if log {
                (v > 0.0).then(|| [f64::from(x.month), v.log10()])
            } else {
                Some([f64::from(x.month), v])
            }
        })
        .collect()
}

/// The legend of the platforms drawn: one that carries no month of the projection has no
/// line, so no entry.
fn platform_entries(
    ui: &Ui,
    view: &View,
    p: &Projection,
    with_stack: bool,
) -> Vec<(String, egui::Color32, Mark)> {
    let mut entries: Vec<(String, egui::Color32, Mark)> = view
        .shown()
        .filter(|(k, _)| {
            p.months
                .iter()
                .any(|x| x.platforms[*k].monthly_usd.is_some())
        })
        .map(|(_, id)| (id.title().to_owned(), theme::platform(id), Mark::Line))
        .collect();
    if with_stack {
        entries.push((
            "reference AWS stack".to_owned(),
            ui.visuals().text_color(),
            Mark::Dashed,
        ));
    }
    entries
}

fn cumulative_chart(ui: &mut Ui, p: &Projection, m: Money, view: &View) {
    legend(ui, &platform_entries(ui, view, p, false));
    let chart = months_plot("projection-cumulative", MONTHS_PLOT_HEIGHT)
        .y_axis_label(format!("{} spent (log)", m.code))
        .y_grid_spacer(log_grid(22.0))
        .y_axis_formatter(move |mark, _| log_label(mark.value, m.symbol))
        .label_formatter(move |h| {
            hover_label(h, |name, v| {
                format!("{name}\nby month {:.0}: {}", v.x, m.label(10f64.powf(v.y)))
            })
        })
        .show(ui, |plot| {
            for (k, id) in view.shown() {
                let points = series(p, m, |x| x.platforms[k].cumulative_usd, true);
                plot.add(
                    Line::new(id.title(), points)
                        .color(theme::platform(id))
                        .width(2.0),
                );
            }
        });
    describe_chart(&chart.response, || crate::ui::summaries::spent(p, m, view));
}

/// Each month's cost on a log axis, with a marker at each month a limit is first crossed
/// (labelled with the date to act by) and at each tier change.
fn monthly_chart(ui: &mut Ui, p: &Projection, m: Money, view: &View) {
    let text = ui.visuals().text_color();
    let marker = theme::text(ui, theme::BAD);
    let mut entries = platform_entries(ui, view, p, true);
    if !p.crossings.is_empty() {
        entries.push(("a limit crossed".to_owned(), marker, Mark::Rule));
    }
    if !p.tier_changes.is_empty() {
        entries.push(("tier change".to_owned(), text, Mark::Dotted));
    }
    legend(ui, &entries);
    let top = p
        .months
        .iter()
        .flat_map(|x| {
            x.platforms
                .iter()
                .filter_map(|mp| mp.monthly_usd)
                .chain(x.stack_monthly_usd)
        })
        .map(|v| m.convert(v))
        .filter(|v| *v > 0.0)
        .fold(1.0, f64::max)
        .log10();
    let chart = months_plot("projection-monthly", MONTHS_PLOT_HEIGHT)
        .y_axis_label(format!("{} per month (log)", m.code))
        .y_grid_spacer(log_grid(22.0))
        .y_axis_formatter(move |mark, _| log_label(mark.value, m.symbol))
        .include_y(top + 0.65)
        .label_formatter(move |h| {
            hover_label(h, |name, v| {
                format!("{name}\nmonth {:.0}: {}", v.x, m.label(10f64.powf(v.y)))
            })
        })
        .show(ui, |plot| {
            for (k, id) in view.shown() {
                let points = series(p, m, |x| x.platforms[k].monthly_usd, true);
                plot.add(
                    Line::new(id.title(), points)
                        .color(theme::platform(id))
                        .width(2.0),
                );
            }
            plot.add(
                Line::new(
                    "Reference AWS stack",
                    series(p, m, |x| x.stack_monthly_usd, true),
                )
                .color(text)
                .style(LineStyle::dashed_loose())
                .width(1.5),
            );
            markers(plot, p, top, marker, text);
        });
    describe_chart(&chart.response, || {
        crate::ui::summaries::monthly(p, m, view)
    });
}

/// A rule at each month a limit is first crossed, labelled with the earliest date to act by
/// (on three staggered rows, so neighbouring months do not overwrite each other), and a dotted
/// one at each tier change.
fn markers(
    plot: &mut egui_plot::PlotUi<'_>,
    p: &Projection,
    top: f64,
    marker: egui::Color32,
    text: egui::Color32,
) {
    for (i, (month, group)) in by_month(&p.crossings).into_iter().enumerate() {
        let x = f64::from(month);
        plot.add(VLine::new(format!("Crossed in month {month}"), x).color(marker));
        // A quota is asked for ahead; units, tiers and capacity are bought that month.
        let by = group.iter().map(|c| c.request_by).min().unwrap_or_default();
        let label = format!(
            "{}: act by {by}",
            crate::core::format::plural(group.len(), "limit")
        );
        let y = top + 0.5 - 0.22 * (i % 3) as f64;
        plot.add(
            // Body-sized, just right of its rule so the rule never crosses it.
            Text::new(
                label.clone(),
                PlotPoint::new(x + 0.15, y),
                RichText::new(label).text_style(egui::TextStyle::Body),
            )
            .color(marker)
            .anchor(egui::Align2::LEFT_CENTER),
        );
    }
    // Tier changes are labelled while few; many (throughput units step month by month) are
    // only marked, and listed under the chart.
    let labelled = p.tier_changes.len() <= 3;
    for t in &p.tier_changes {
        let x = f64::from(t.month);
        let label = format!("{} {} to {}", t.platform.title(), t.from, t.to);
        plot.add(
            VLine::new(label.clone(), x)
                .color(text)
                .style(LineStyle::dotted_loose()),
        );
        if !labelled {
            continue;
        }
        plot.add(
            Text::new(
                label.clone(),
                PlotPoint::new(x + 0.15, top - 0.15),
                RichText::new(label).text_style(egui::TextStyle::Body),
            )
            .color(text)
            .anchor(egui::Align2::LEFT_CENTER),
        );
    }
}

/// Crossings grouped by month, in month order.
fn by_month(crossings: &[Crossing]) -> Vec<(u32, Vec<&Crossing>)> {
    let mut out: Vec<(u32, Vec<&Crossing>)> = Vec::new();
    let mut sorted: Vec<&Crossing> = crossings.iter().collect();
    sorted.sort_by_key(|c| c.month);
    for c in sorted {
        match out.last_mut() {
            Some((month, group)) if *month == c.month => group.push(c),
            _ => out.push((c.month, vec![c])),
        }
    }
    out
}

/// Each crossing with what to do and by when; the verdict on its limit (the one Throttling,
/// Readiness and the report give) on hover.
fn crossings_table(ui: &mut Ui, p: &Projection, view: &View) {
    if p.crossings.is_empty() {
        ui.label("No fleet-wide limit is crossed within the projection.");
        return;
    }
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    TableBuilder::new(ui)
        .id_salt("projection-crossings")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(140.0).at_most(240.0).clip(true))
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(130.0))
        .column(Column::auto().at_least(180.0))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(110.0))
        .header(22.0, |mut row| {
            for title in [
                "Limit",
                "Platform",
                "Crossed in",
                "What to do",
                "Limit",
                "Needed at the end",
            ] {
                row.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            for c in by_month(&p.crossings).into_iter().flat_map(|(_, g)| g) {
                let row_of = view
                    .report
                    .throttle
                    .limits
                    .iter()
                    .find(|l| l.platform == c.platform && l.name == c.limit);
                body.row(22.0, |mut row| {
                    row.col(|ui| {
                        let name = ui.add(egui::Label::new(&*c.limit).truncate());
                        if let Some(l) = row_of {
                            name.on_hover_text(format!("{}: {}", c.limit, l.verdict));
                        }
                    });
                    row.col(|ui| {
                        ui.label(c.platform.title());
                    });
                    row.col(|ui| {
                        ui.label(format!("month {} ({})", c.month, c.date));
                    });
                    row.col(|ui| act_by(ui, c, view));
                    row.col(|ui| {
                        table_figure(ui, c.amount(c.limit_per_second));
                    });
                    row.col(|ui| {
                        table_figure(ui, c.amount(c.needed_per_second));
                    });
                });
            }
        });
}

/// "request more by 2027-06-10", "add units or a tier by 2027-07-01"; a date already past in
/// red. Month 1 without a launch date is this month: the lead time is all that can be said.
fn act_by(ui: &mut Ui, c: &Crossing, view: &View) {
    let action = c.remedy.action();
    if c.month == 1 && view.workload.launch_date.is_none() {
        ui.label(if c.remedy == Remedy::QuotaRequest {
            format!("{action} {QUOTA_LEAD_DAYS} days before launch")
        } else {
            format!("{action} before launch")
        });
        return;
    }
    let text = format!("{action} by {}", c.request_by);
    if c.request_by < view.today {
        ui.colored_label(theme::text(ui, theme::BAD), format!("{text} (overdue)"));
    } else {
        ui.label(text);
    }
}
