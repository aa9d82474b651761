//! The Throttling tab's reconnect storm: every retry strategy simulated for the fleet against
//! the selected platform's connect limit (on a worker thread, `ui::storms`), as a chart of
//! attempts per second on log time and a table of how long each takes.

use egui::{RichText, Ui};
use egui_plot::{Line, LineStyle, Points, VLine};

use crate::core::format::{count, duration};
use crate::core::workload::Workload;
use crate::ui::storms::{StormKey, StormRunner, Storms};
use crate::ui::theme;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{Mark, hover_label, legend, log_label, log_log_plot};

/// The storm chart, or where its simulation has got to: it runs on a worker thread.
pub(super) fn storm_section(
    ui: &mut Ui,
    storms: &StormRunner,
    key: Option<StormKey>,
    w: &Workload,
) {
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
    if let Some(failure) = &storms.failure {
        ui.colored_label(
            theme::text(ui, theme::BAD),
            format!("The reconnect storm was not simulated: {failure}"),
        );
    }
    if let Some(current) = &storms.current {
        storm_chart(ui, current, w);
        for (backoff, why) in &current.refused {
            ui.weak(format!("{} not simulated: {why}", backoff.title()));
        }
    }
}

/// A storm over in a few seconds draws as a few dots on one line: it is said in words instead
/// (true when it was).
fn short_storm(ui: &mut Ui, storms: &Storms) -> bool {
    let slowest = storms
        .results
        .iter()
        .map(|r| r.seconds_to_all_connected.unwrap_or(f64::INFINITY))
        .fold(0.0, f64::max);
    if slowest <= SHORT_STORM_SECONDS {
        let each: Vec<String> = storms
            .results
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r.backoff.title(),
                    r.seconds_to_all_connected
                        .map_or_else(String::new, duration)
                )
            })
            .collect();
        ui.label(format!(
            "No storm to speak of: every strategy connects the fleet within {} ({}).",
            duration(slowest),
            each.join(", ")
        ));
        return true;
    }
    false
}

/// A storm whose slowest strategy is done within this many seconds is told, not drawn.
const SHORT_STORM_SECONDS: f64 = 3.0;

/// Each strategy as it is drawn: a line, or dots when every burst is a single second (waves
/// without jitter); then the floor.
fn storm_legend(ui: &mut Ui, storms: &Storms) {
    let mut entries: Vec<(String, egui::Color32, Mark)> = storms
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let dots = storm_runs(&r.series).iter().all(|run| run.len() == 1);
            (
                r.backoff.title().to_owned(),
                theme::SERIES[i % theme::SERIES.len()],
                if dots { Mark::Dot } else { Mark::Line },
            )
        })
        .collect();
    entries.push((
        "floor: devices ÷ rate".to_owned(),
        egui::Color32::GRAY,
        Mark::Dashed,
    ));
    legend(ui, &entries);
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
    if short_storm(ui, storms) {
        return;
    }
    storm_legend(ui, storms);
    let chart = log_log_plot(
        "storm-chart",
        "seconds after the outage (log)",
        "attempts/s (log)",
        "",
    )
    .height(260.0)
    .x_axis_formatter(|m, _| format!("{} s", log_label(m.value, "")))
    .label_formatter(|h| {
        hover_label(h, |name, v| {
            format!(
                "{name}\n{} s: {}/s",
                count(10f64.powf(v.x).round()),
                count(10f64.powf(v.y).round())
            )
        })
    })
    .show(ui, |plot| {
        for (i, r) in storms.results.iter().enumerate() {
            let color = theme::SERIES[i % theme::SERIES.len()];
            for run in storm_runs(&r.series) {
                // A burst of one second (a wave without jitter) is a dot, not an invisible line.
                if run.len() == 1 {
                    plot.add(Points::new(r.backoff.title(), run).color(color).radius(2.5));
                } else {
                    plot.add(Line::new(r.backoff.title(), run).color(color).width(1.5));
                }
            }
        }
        plot.add(
            VLine::new(
                "Floor: devices ÷ rate",
                first.floor_seconds.max(1.0).log10(),
            )
            .color(egui::Color32::GRAY)
            .style(LineStyle::dashed_loose()),
        );
    });
    describe_chart(&chart.response, || crate::ui::summaries::storm(storms));
    storm_table(ui, storms);
}

/// A storm's attempts per second on log–log axes, as runs of busy seconds: a second with no
/// attempt has no place on a log axis, so it ends a run instead of drawing "1 attempt/s".
/// Seconds are binned geometrically (about 30 bins a decade), each bin its busiest second, so
/// the waves keep their peaks.
fn storm_runs(series: &[crate::core::simulate::SecondRow]) -> Vec<Vec<[f64; 2]>> {
    let mut runs = Vec::new();
    let mut run: Vec<[f64; 2]> = Vec::new();
    let mut start = 0;
    while start < series.len() {
        let width = (start / 30).max(1);
        let chunk = &series[start..(start + width).min(series.len())];
        let busiest = chunk
            .iter()
            .map(|s| s.accepted + s.rejected)
            .max()
            .unwrap_or(0);
        // The end of the chunk's first second: t = 1 for the first second.
        let t = f64::from(chunk[0].second) + 1.0;
        if busiest == 0 {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        } else {
            run.push([t.log10(), (busiest as f64).log10()]);
        }
        start += width;
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
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
                    RichText::new(r.backoff.title())
                        .color(theme::text(ui, theme::SERIES[i % theme::SERIES.len()])),
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
