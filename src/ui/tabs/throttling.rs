//! Throttling: demand against every limit as the fleet grows, utilisation, the quota to request
//! and by when, and how long a fleet reconnect or registration takes.

use egui::{RichText, Ui};
use egui_plot::{HLine, Line, LineStyle, Points, VLine};

use crate::core::format::{amount, count, duration, percent};
use crate::core::report::{LimitRow, LimitStatus, PlatformId, Throttle};
use crate::core::simulate::MAX_DEVICES;
use crate::core::throttle::QUOTA_LEAD_DAYS;
use crate::core::workload::Workload;
use crate::ui::command::Command;
use crate::ui::storms::{StormKey, StormRunner};
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{
    Mark, fraction_bar, heading, hover_label, legend, limit_verdict, log_log_plot, platform_picker,
    severity_text, table_figure, when_visible,
};

/// Fleet-wide per-second limits: the ones whose demand grows with the fleet.
fn charted(l: &LimitRow) -> bool {
    &*l.unit == "per second" && l.onset_devices.is_some()
}

/// Limits whose lines coincide (the same demand per device and the same value) are drawn once
/// under one colour and one legend entry naming them all, so no line hides another.
struct Series {
    names: Vec<String>,
    limit: f64,
    onset: f64,
}

impl Series {
    /// log10 of one device's peak demand: demand is linear in devices, so
    /// log(demand) = log(limit ÷ onset) + log(devices).
    fn log_per_device(&self) -> f64 {
        self.limit.log10() - self.onset.log10()
    }
}

/// For each series, whether its demand line is drawn in its own colour: limits with the same
/// demand but different values (publishes and rule evaluations at one rule a message) share
/// one demand line, drawn once in the text colour, so no coloured line hides under another.
fn own_demand(series: &[Series]) -> Vec<bool> {
    series
        .iter()
        .map(|s| {
            series
                .iter()
                .filter(|o| (o.log_per_device() - s.log_per_device()).abs() < 1e-9)
                .count()
                == 1
        })
        .collect()
}

fn series(view: &View, platform: PlatformId) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for l in view
        .report
        .throttle
        .limits
        .iter()
        .filter(|l| l.platform == platform && charted(l))
    {
        let Some(onset) = l.onset_devices else {
            continue;
        };
        let same = |s: &Series| {
            (s.limit - l.limit_per_second).abs() <= 1e-9 * s.limit.max(1.0)
                && (s.onset - onset).abs() <= 1e-6 * s.onset.max(1.0)
        };
        match out.iter_mut().find(|s| same(s)) {
            Some(s) => s.names.push(l.name.to_string()),
            None => out.push(Series {
                names: vec![l.name.to_string()],
                limit: l.limit_per_second,
                onset,
            }),
        }
    }
    out
}

/// One colour per limit (or coinciding limits), then what each line style means.
fn demand_legend(ui: &mut Ui, series: &[Series], w: &Workload) {
    let neutral = ui.visuals().text_color();
    let entries: Vec<(String, egui::Color32, Mark)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                format!(
                    "{}: {}/s, onset {} devices",
                    s.names.join(" = "),
                    count(s.limit),
                    count(s.onset.round())
                ),
                theme::SERIES[i % theme::SERIES.len()],
                Mark::Block,
            )
        })
        .collect();
    let mut entries = entries;
    let own = own_demand(series);
    if own.iter().any(|o| !o) {
        let shared: Vec<&str> = series
            .iter()
            .zip(&own)
            .filter(|(_, own)| !**own)
            .flat_map(|(s, _)| s.names.iter().map(String::as_str))
            .collect();
        entries.push((
            format!("one peak demand, shared by {}", shared.join(" and ")),
            neutral,
            Mark::Line,
        ));
    }
    // The limits on one line (or more), what the line styles mean on the next.
    legend(ui, &entries);
    let entries = [
        ("peak demand".to_owned(), neutral, Mark::Line),
        (
            format!("peak × {} (safety)", count(w.safety_factor)),
            neutral,
            Mark::Dotted,
        ),
        ("limit".to_owned(), neutral, Mark::Dashed),
        (
            "onset: peak reaches the limit".to_owned(),
            neutral,
            Mark::Dot,
        ),
        ("your fleet".to_owned(), theme::fleet_marker(ui), Mark::Rule),
    ];
    legend(ui, &entries);
}

fn demand_chart(ui: &mut Ui, view: &View, w: &Workload, platform: PlatformId) {
    let series = series(view, platform);
    let (x0, x1) = (0.0, 8.0);
    let safety = w.safety_factor.log10();
    let neutral = ui.visuals().text_color();
    let fleet = theme::fleet_marker(ui);
    demand_legend(ui, &series, w);
    let chart = log_log_plot(
        "throttle-chart",
        "devices (log)",
        "requests per second (log)",
        "",
    )
    .height(300.0)
    .include_x(x0)
    .include_x(x1)
    .y_axis_min_width(48.0)
    .label_formatter(|h| {
        hover_label(h, |name, v| {
            format!(
                "{name}\n{} devices: {}/s",
                count(10f64.powf(v.x).round()),
                count(10f64.powf(v.y))
            )
        })
    })
    .show(ui, |plot| {
        let own = own_demand(&series);
        let mut drawn: Vec<f64> = Vec::new();
        for (i, s) in series.iter().enumerate() {
            let color = theme::SERIES[i % theme::SERIES.len()];
            let demand = if own[i] { color } else { neutral };
            // A shared demand line is drawn once.
            let draw_demand = !drawn.iter().any(|d| (d - s.log_per_device()).abs() < 1e-9);
            drawn.push(s.log_per_device());
            limit_series(plot, s, (color, demand, draw_demand), (x0, x1), safety);
        }
        plot.add(
            VLine::new("Your fleet", w.devices.log10())
                .color(fleet)
                .width(2.0),
        );
    });
    describe_chart(&chart.response, || {
        crate::ui::summaries::demand(view, platform)
    });
}

/// One limit (or several that coincide) on the demand chart: its demand (solid), demand ×
/// safety (dotted), the limit (dashed) and the onset (dot).
fn limit_series(
    plot: &mut egui_plot::PlotUi<'_>,
    s: &Series,
    (color, demand_color, draw_demand): (egui::Color32, egui::Color32, bool),
    (x0, x1): (f64, f64),
    safety: f64,
) {
    let per_device = s.log_per_device();
    let name = s.names.join(" = ");
    if draw_demand {
        plot.add(
            Line::new(
                format!("{name}: peak demand"),
                vec![[x0, per_device + x0], [x1, per_device + x1]],
            )
            .color(demand_color)
            .width(2.0),
        );
        plot.add(
            Line::new(
                format!("{name}: peak × safety"),
                vec![
                    [x0, per_device + safety + x0],
                    [x1, per_device + safety + x1],
                ],
            )
            .color(demand_color)
            .style(LineStyle::dotted_dense()),
        );
    }
    plot.add(
        HLine::new(format!("{name}: limit"), s.limit.log10())
            .color(color)
            .style(LineStyle::dashed_loose()),
    );
    plot.add(
        Points::new(
            format!("{name}: onset"),
            vec![[s.onset.log10(), s.limit.log10()]],
        )
        .color(color)
        .radius(5.0),
    );
}

/// Every limit of the platform, sized to the panel: the name column takes what is left and
/// truncates (the whole name, adjustability and source on hover), so Onset is never cut off.
fn limits_table(ui: &mut Ui, view: &View, platform: PlatformId, safety: f64) {
    use egui_extras::{Column, TableBuilder};
    let rows: Vec<&LimitRow> = view
        .report
        .throttle
        .limits
        .iter()
        .filter(|l| l.platform == platform)
        .collect();
    // With ranges, one more column: how often the samples exceed each fleet-wide limit.
    let ranged = !view.workload.ranges.is_empty();
    // Figures never wrap (a row is one line high); the name column truncates instead.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    let mut table = TableBuilder::new(ui)
        .id_salt(("limits", platform.id()))
        .striped(true)
        .vscroll(false)
        .column(Column::remainder().at_least(150.0).clip(true))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::exact(150.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(100.0));
    if ranged {
        table = table.column(Column::auto().at_least(110.0));
    }
    table
        .header(22.0, |mut row| {
            for title in [
                "Limit",
                "Value",
                "Peak demand",
                "Utilisation",
                "Verdict",
                "Onset",
            ] {
                row.col(|ui| {
                    ui.strong(title);
                });
            }
            if ranged {
                row.col(|ui| {
                    ui.strong("Over the ranges").on_hover_text(
                        "Share of the sampled workloads in which peak × safety exceeds the limit (fleet-wide limits)",
                    );
                });
            }
        })
        .body(|mut body| {
            for l in rows {
                body.row(22.0, |mut row| {
                    limit_row(&mut row, l, safety);
                    if ranged {
                        row.col(|ui| range_cell(ui, view, l));
                    }
                });
            }
        });
}

/// How often the sampled workloads exceed a fleet-wide limit; per-device limits have no share.
fn range_cell(ui: &mut Ui, view: &View, l: &LimitRow) {
    if l.onset_devices.is_none() {
        ui.weak("per device");
        return;
    }
    match super::spread::throttled(view, l.platform, &l.name) {
        Some((p, current)) => {
            let color = if p > 0.0 { theme::BAD } else { theme::OK };
            let text = format!("exceeded in {}", percent(p));
            let text = if current {
                egui::RichText::new(text).color(theme::text(ui, color))
            } else {
                egui::RichText::new(format!("{text} (updating)")).weak()
            };
            ui.label(text);
        }
        None => {
            ui.weak("sampling…");
        }
    }
}

fn limit_row(row: &mut egui_extras::TableRow<'_, '_>, l: &LimitRow, safety: f64) {
    row.col(|ui| {
        ui.add(egui::Label::new(&*l.name).truncate())
            .on_hover_text(format!(
                "{}: {}adjustable; source: {}",
                l.name,
                if l.adjustable { "" } else { "not " },
                l.source
            ));
    });
    row.col(|ui| {
        table_figure(ui, amount(l.limit_per_second, &l.unit));
    });
    row.col(|ui| {
        table_figure(ui, count(l.demand_per_second));
    });
    row.col(|ui| {
        fraction_bar(ui, l.utilization, theme::utilization(l.utilization), 70.0)
            .on_hover_text(format!("peak demand ÷ limit = {}", percent(l.utilization)));
    });
    row.col(|ui| {
        // The word here, the sentence under the table: nothing is cut off.
        let status = match l.status {
            LimitStatus::Ok => "",
            LimitStatus::Near => ": over 80 %",
            LimitStatus::OverSafety => ": over at × safety",
            LimitStatus::OverPeak => ": over at peak",
        };
        ui.label(severity_text(ui, l.severity, status))
            .on_hover_text(format!("peak × {safety}: {}", l.verdict));
    });
    row.col(|ui| {
        table_figure(
            ui,
            l.onset_devices.map_or_else(
                || "per device".to_owned(),
                |d| format!("{} devices", count(d.round())),
            ),
        );
    });
}

/// Demand against limits, utilisation, the quota to request, storms and fleet times.
pub struct ThrottlingTab {
    /// The platform whose limits and storms are shown.
    pub platform: PlatformId,
    /// Reconnect storms for that platform, simulated on a worker thread.
    pub storms: StormRunner,
}

impl ThrottlingTab {
    pub fn new(platform: PlatformId) -> Self {
        Self {
            platform,
            storms: StormRunner::default(),
        }
    }

    /// The storm inputs for the platform shown: (devices, rate × 1000), and the rate.
    fn storm_key(&self, view: &View) -> Option<(StormKey, f64)> {
        let rate = view
            .report
            .throttle
            .reconnect
            .iter()
            .find(|r| r.platform == self.platform)
            .map(|r| r.connects_per_second)?;
        let devices = (view.workload.devices as u64).min(MAX_DEVICES);
        Some(((devices, (rate * 1000.0).round() as u64), rate))
    }
}

impl crate::ui::tab::TabView for ThrottlingTab {
    /// While a slider is dragged the storms shown stay (marked as updating) until it is
    /// released.
    fn refresh(&mut self, ctx: &egui::Context, view: &View, _sheets: &crate::core::Sheets) {
        if let Some((key, rate)) = self.storm_key(view) {
            let dragging = ctx.input(|i| i.pointer.any_down());
            self.storms.update(ctx, key, rate, dragging);
        }
    }

    fn ui(&mut self, ui: &mut Ui, view: &View, _commands: &mut Vec<Command>) {
        let key = self.storm_key(view).map(|(key, _)| key);
        show(ui, view, &mut self.platform, &self.storms, key);
    }

    fn busy(&self) -> bool {
        self.storms.busy()
    }
}

fn show(
    ui: &mut Ui,
    view: &View,
    selected: &mut PlatformId,
    storms: &StormRunner,
    storm_key: Option<StormKey>,
) {
    let w = &view.workload;
    let t = &view.report.throttle;
    verdict_header(ui, view);
    heading(ui, "Demand against limits as the fleet grows");
    platform_picker(ui, selected, &view.shown);
    demand_chart(ui, view, w, *selected);
    heading(ui, "Limits at the current fleet");
    // The platform chosen above; every platform's limits are in `iotplan report`.
    let platform = *selected;
    ui.label(
        RichText::new(platform.title())
            .strong()
            .color(theme::text(ui, theme::platform(platform))),
    );
    ui.scope(|ui| limits_table(ui, view, platform, w.safety_factor));
    for l in view.report.limits_worst_first(platform) {
        if l.severity.is_some() {
            limit_verdict(ui, l);
        }
    }
    heading(
        ui,
        "Reconnect storm by retry strategy (base 100 ms, cap 30 s)",
    );
    // Below the limits: drawn when scrolled into view while a slider is dragged.
    when_visible(ui, ui.scope_id().with("throttling-storms"), |ui| {
        super::storm_chart::storm_section(ui, storms, storm_key, w);
    });
    heading(ui, "Fleet reconnect and registration");
    when_visible(ui, ui.scope_id().with("throttling-reconnect"), |ui| {
        reconnect_table(ui, t, w);
    });
}

/// The launch platform and its worst limit, whatever its kind, with the verdict every other
/// output gives; then each quota to request and by when (an overdue date in red).
fn verdict_header(ui: &mut Ui, view: &View) {
    let r = &view.report;
    let Some(launch) = r.launch_platform.id else {
        ui.label(
            RichText::new("No platform can carry the workload")
                .size(18.0)
                .strong()
                .color(theme::text(ui, theme::BAD)),
        );
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("Launch on {}", launch.title()))
                .size(18.0)
                .strong(),
        );
        ui.weak(if r.launch_platform.chosen_by == "auto" {
            "(auto: the cheapest that can carry it; choose in Launch, Launch on)"
        } else {
            "(chosen in Launch, Launch on)"
        });
    });
    match r.limits_worst_first(launch).first() {
        Some(worst) if worst.severity.is_some() => limit_verdict(ui, worst),
        Some(highest) => {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Every limit holds peak × {} within 80 %",
                        count(view.workload.safety_factor)
                    ))
                    .strong()
                    .color(theme::text(ui, theme::OK)),
                );
                ui.label(format!(
                    "— the highest, {}: {}",
                    highest.name, highest.verdict
                ));
            });
        }
        None => {
            ui.weak(format!("{} states no limits", launch.title()));
        }
    }
    quota_requests(ui, view);
}

/// Each quota of the launch platform to request, and by when (an overdue date in red).
fn quota_requests(ui: &mut Ui, view: &View) {
    for q in &view.report.throttle.requests {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "{}: request {}",
                    q.limit,
                    amount(q.requested, &q.unit)
                ))
                .strong(),
            )
            .on_hover_text(format!(
                "now {}; `iotplan quota-request` writes the request{}",
                amount(q.current, &q.unit),
                q.quota_code
                    .as_deref()
                    .map(|c| format!(" (quota code {c})"))
                    .unwrap_or_default()
            ));
            match q.request_by {
                Some(date) if date < view.today => ui.colored_label(
                    theme::text(ui, theme::BAD),
                    RichText::new(format!("by {date}: overdue")).strong(),
                ),
                Some(date) => ui.label(format!("by {date}")),
                None => ui.weak(format!(
                    "at least {QUOTA_LEAD_DAYS} days before launch (set a launch date for the day)"
                )),
            };
        });
    }
}

/// Whole-fleet reconnect and registration times per platform, late ones in red.
fn reconnect_table(ui: &mut Ui, t: &Throttle, w: &Workload) {
    egui::Grid::new("reconnect")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for title in [
                "Platform",
                "Whole-fleet reconnect",
                "Registration of a new fleet",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for x in &t.reconnect {
                ui.label(
                    RichText::new(x.platform.title())
                        .color(theme::text(ui, theme::platform(x.platform))),
                );
                let late = x.seconds > w.reconnect_target_seconds;
                let text = format!(
                    "{} at {}/s",
                    duration(x.seconds),
                    count(x.connects_per_second)
                );
                if late {
                    ui.colored_label(theme::text(ui, theme::BAD), text)
                        .on_hover_text(format!(
                            "over the {} target",
                            duration(w.reconnect_target_seconds)
                        ));
                } else {
                    ui.label(text);
                }
                match t.registration.iter().find(|r| r.platform == x.platform) {
                    Some(r) => ui.label(format!(
                        "{} at {}/s",
                        duration(r.seconds),
                        count(r.per_second)
                    )),
                    None => ui.weak("no registry limit"),
                };
                ui.end_row();
            }
        });
}
