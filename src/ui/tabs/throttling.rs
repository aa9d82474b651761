//! Throttling: demand against every limit as the fleet grows, utilisation, the quota to request
//! and by when, and how long a fleet reconnect or registration takes.

use egui::{RichText, Ui};
use egui_plot::{HLine, Legend, Line, LineStyle, Plot, Points, VLine};

use crate::core::format::{count, duration, percent};
use crate::core::report::{LimitRow, PlatformId, Throttle};
use crate::core::simulate::MAX_DEVICES;
use crate::core::workload::Workload;
use crate::ui::command::Command;
use crate::ui::storms::{StormKey, StormRunner, Storms};
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::{
    fraction_bar, heading, hover_label, log_grid, log_label, log_log_plot, platform_picker,
};

/// Fleet-wide per-second limits: the ones whose demand grows with the fleet.
fn charted(l: &LimitRow) -> bool {
    &*l.unit == "per second" && l.onset_devices.is_some()
}

fn demand_chart(ui: &mut Ui, view: &View, w: &Workload, platform: PlatformId) {
    let limits: Vec<&LimitRow> = view
        .report
        .throttle
        .limits
        .iter()
        .filter(|l| l.platform == platform && charted(l))
        .collect();
    let (x0, x1) = (0.0, 8.0);
    let safety = w.safety_factor.log10();
    log_log_plot(
        "throttle-chart",
        "devices (log)",
        "requests per second (log)",
        "",
    )
    .height(320.0)
    .legend(Legend::default().position(egui_plot::Corner::RightBottom))
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
        for (i, l) in limits.iter().enumerate() {
            limit_series(
                plot,
                l,
                theme::SERIES[i % theme::SERIES.len()],
                (x0, x1),
                safety,
            );
        }
        plot.add(
            VLine::new("Your fleet", w.devices.log10())
                .color(egui::Color32::GRAY)
                .width(1.5),
        );
    });
}

/// One limit on the demand chart: its demand (solid), demand × safety (dotted), the limit
/// (dashed) and the onset (dot), under one legend entry.
fn limit_series(
    plot: &mut egui_plot::PlotUi<'_>,
    l: &LimitRow,
    color: egui::Color32,
    (x0, x1): (f64, f64),
    safety: f64,
) {
    let Some(onset) = l.onset_devices else {
        return;
    };
    // Demand is linear in devices: log(demand) = log(limit ÷ onset) + log(devices).
    let per_device = l.limit_per_second.log10() - onset.log10();
    let name = format!(
        "{} ({}/s, onset {} devices)",
        l.name,
        count(l.limit_per_second),
        count(onset.round())
    );
    plot.add(
        Line::new(
            name.clone(),
            vec![[x0, per_device + x0], [x1, per_device + x1]],
        )
        .color(color)
        .width(2.0),
    );
    plot.add(
        Line::new(
            name.clone(),
            vec![
                [x0, per_device + safety + x0],
                [x1, per_device + safety + x1],
            ],
        )
        .color(color)
        .style(LineStyle::dotted_dense()),
    );
    plot.add(
        HLine::new(name.clone(), l.limit_per_second.log10())
            .color(color)
            .style(LineStyle::dashed_loose()),
    );
    plot.add(
        Points::new(name, vec![[onset.log10(), l.limit_per_second.log10()]])
            .color(color)
            .radius(5.0),
    );
}

fn limits_table(ui: &mut Ui, view: &View, platform: PlatformId, safety: f64) {
    egui::Grid::new(("limits", platform.id()))
        .striped(true)
        .num_columns(6)
        .min_col_width(70.0)
        .show(ui, |ui| {
            for title in [
                "Limit",
                "Value",
                "Peak demand",
                "Utilisation",
                "At × safety",
                "Onset",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for l in view
                .report
                .throttle
                .limits
                .iter()
                .filter(|l| l.platform == platform)
            {
                ui.label(&*l.name).on_hover_text(format!(
                    "{}adjustable; source: {}",
                    if l.adjustable { "" } else { "not " },
                    l.source
                ));
                ui.label(format!("{} {}", count(l.limit_per_second), l.unit));
                ui.label(count(l.demand_per_second));
                fraction_bar(ui, l.utilization, theme::utilization(l.utilization), 90.0)
                    .on_hover_text(format!("peak demand ÷ limit = {}", percent(l.utilization)));
                if l.throttled {
                    ui.colored_label(theme::text(ui, theme::BAD), "throttled")
                        .on_hover_text(format!("peak × {safety} exceeds the limit"));
                } else {
                    ui.colored_label(theme::text(ui, theme::OK), "ok");
                }
                ui.label(l.onset_devices.map_or_else(
                    || "per device".to_owned(),
                    |d| format!("{} devices", count(d.round())),
                ));
                ui.end_row();
            }
        });
}

/// The storm chart, or where its simulation has got to: it runs on a worker thread.
fn storm_section(ui: &mut Ui, storms: &StormRunner, key: Option<StormKey>, w: &Workload) {
    let Some(key) = key else {
        ui.weak("No connect limit for this platform");
        return;
    };
    if let Some((done, all)) = storms.progress() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!(
                "Simulating the reconnect storm of {} devices: {done} of {all} strategies done",
                count(key.0 as f64)
            ));
        });
    } else if storms.is_stale(key) {
        ui.weak("Release the slider to simulate the storm for the new figures");
    }
    if let Some(current) = &storms.current {
        storm_chart(ui, current, w);
    }
}

fn storm_chart(ui: &mut Ui, storms: &Storms, w: &Workload) {
    let Some(first) = storms.results.first() else {
        return;
    };
    ui.label(format!(
        "{} devices reconnecting at once against {}/s; the floor, devices ÷ rate, is {}{}",
        count(first.devices as f64),
        count(first.connects_per_second),
        duration(first.floor_seconds),
        if w.devices > first.devices as f64 {
            " (simulated up to 10,000,000 devices)"
        } else {
            ""
        }
    ));
    Plot::new("storm-chart")
        .allow_scroll(false)
        .height(260.0)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .x_axis_label("seconds after the outage")
        .y_axis_label("connect attempts per second (log)")
        .y_axis_formatter(|m, _| log_label(m.value, ""))
        .y_grid_spacer(log_grid)
        .y_axis_min_width(48.0)
        .label_formatter(|h| {
            hover_label(h, |name, v| {
                format!(
                    "{name}\nsecond {:.0}: {}/s",
                    v.x,
                    count(10f64.powf(v.y).round())
                )
            })
        })
        .show(ui, |plot| {
            for (i, r) in storms.results.iter().enumerate() {
                // At most ~200 points a line, each the busiest second of its bin, so the
                // waves keep their peaks; idle seconds sit on the axis (one attempt).
                let bin = r.series.len().div_ceil(200).max(1);
                let points: Vec<[f64; 2]> = r
                    .series
                    .chunks(bin)
                    .map(|chunk| {
                        let busiest = chunk
                            .iter()
                            .map(|s| s.accepted + s.rejected)
                            .max()
                            .unwrap_or(0);
                        [f64::from(chunk[0].second), (busiest.max(1) as f64).log10()]
                    })
                    .collect();
                plot.add(
                    Line::new(r.backoff.title(), points)
                        .color(theme::SERIES[i % theme::SERIES.len()])
                        .width(1.5),
                );
            }
            plot.add(
                VLine::new("Floor: devices ÷ rate", first.floor_seconds)
                    .color(egui::Color32::GRAY)
                    .style(LineStyle::dashed_loose()),
            );
        });
    storm_table(ui, storms);
}

/// Each strategy's time to 99 % and to everyone connected, and the attempts it cost.
fn storm_table(ui: &mut Ui, storms: &Storms) {
    egui::Grid::new("storm-table")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for title in [
                "Retry strategy",
                "99 % connected",
                "All connected",
                "Attempts",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            let time = |t: Option<f64>| t.map_or_else(|| "over a day".to_owned(), duration);
            for (i, r) in storms.results.iter().enumerate() {
                ui.label(
                    RichText::new(r.backoff.title()).color(theme::SERIES[i % theme::SERIES.len()]),
                );
                ui.label(time(r.seconds_to_99_percent));
                ui.label(time(r.seconds_to_all_connected));
                ui.label(format!(
                    "{} ({}/device)",
                    count(r.attempts as f64),
                    count((r.attempts as f64 / r.devices as f64).round())
                ));
                ui.end_row();
            }
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
    quota_header(ui, view);
    heading(ui, "Demand against limits as the fleet grows");
    platform_picker(ui, selected);
    demand_chart(ui, view, w, *selected);
    heading(ui, "Limits at the current fleet");
    // The platform chosen above; every platform's limits are in `iotplan report`.
    let platform = *selected;
    ui.label(
        RichText::new(platform.title())
            .strong()
            .color(theme::text(ui, theme::platform(platform))),
    );
    limits_table(ui, view, platform, w.safety_factor);
    heading(
        ui,
        "Reconnect storm by retry strategy (base 100 ms, cap 30 s)",
    );
    storm_section(ui, storms, storm_key, w);
    heading(ui, "Fleet reconnect and registration");
    reconnect_table(ui, t, w);
}

/// The AWS inbound-publish quota to request, what it carries, and by when; or that the
/// default quota already carries peak × safety. A request-by date already past is flagged.
fn quota_header(ui: &mut Ui, view: &View) {
    let t = &view.report.throttle;
    // The account's current inbound-publish limit: the first AWS limit in the table.
    let default_quota = t
        .limits
        .iter()
        .find(|l| l.platform == PlatformId::AwsIotCore)
        .map(|l| l.limit_per_second);
    ui.horizontal_wrapped(|ui| {
        if let Some(limit) = default_quota.filter(|l| t.quota_to_request_per_second <= *l) {
            ui.label(
                RichText::new("No quota increase needed")
                    .size(18.0)
                    .strong(),
            )
            .on_hover_text("AWS account quota: peak × safety factor, rounded up");
            ui.label(format!(
                "— peak × safety is {} inbound publishes/s, within the default {}/s",
                count(t.quota_to_request_per_second),
                count(limit)
            ));
            return;
        }
        ui.label(
            RichText::new(format!(
                "Request {} inbound publishes/s",
                count(t.quota_to_request_per_second)
            ))
            .size(18.0)
            .strong(),
        )
        .on_hover_text("AWS account quota: peak × safety factor, rounded up");
        ui.label(format!(
            "— carries {} devices at this rate",
            count(t.quota_carries_devices.round())
        ));
        match t.quota_request_by {
            Some(date) if date < view.today => ui.colored_label(
                theme::BAD,
                RichText::new(format!(
                    "request by {date} (21 days before launch): overdue"
                ))
                .strong(),
            ),
            Some(date) => ui.label(
                RichText::new(format!("request by {date} (21 days before launch)")).strong(),
            ),
            None => ui.weak("set a launch date for the request-by date"),
        };
    });
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
