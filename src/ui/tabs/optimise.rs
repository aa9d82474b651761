//! Optimise: each strategy of domain §8 with its own before → after per platform, a waterfall
//! of the enabled ones, cost against batch size, a tornado of inputs, and serverless against
//! an always-on server.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Line, Plot, VLine};

use crate::core::fields::field;
use crate::core::format::{Money, count};
use crate::core::optimise::Target;
use crate::core::optimise::{Optimisation, Strategy, Swing, serverless_costs};
use crate::core::report::PlatformId;
use crate::core::sweep::log_space;
use crate::core::workload::Workload;
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{
    Mark, category_grid, heading, hover_label, legend, linear_grid, log_log_plot,
};

/// What the Optimise tab draws, computed when the workload changes.
pub struct OptimiseView {
    pub workload: Workload,
    pub optimisation: Optimisation,
    pub batch_sizes: Vec<f64>,
    pub by_batch: Vec<crate::core::sweep::Totals>,
    pub tornado: Vec<Swing>,
    pub tornado_platform: PlatformId,
}

/// The strategy's own setting, edited beside its toggle.
fn setting(strategy: Strategy) -> Option<&'static str> {
    match strategy {
        Strategy::SendOnChange => Some("send_on_change_suppressed"),
        Strategy::Batching => Some("batch_size"),
        Strategy::CompactEncoding => Some("compact_encoding_saving"),
        Strategy::Compression => Some("compression_saving"),
        Strategy::EdgeFiltering => Some("edge_filtering_reduction"),
        Strategy::Commitments => Some("commitment_years"),
        Strategy::AutoScaling => Some("autoscaling_hours_saved"),
        Strategy::Tiering => None,
    }
}

/// The strategy's toggle and its setting: the value its saving is computed with. Batching and
/// commitments have no setting while off (1 reading a message, no commitment), so there the
/// setting the saving assumes is written out instead of an editor showing the off value.
fn toggle(ui: &mut Ui, w: &mut Workload, effect: &crate::core::optimise::Effect) {
    let strategy = effect.strategy;
    let mut on = strategy.enabled(w);
    if ui.checkbox(&mut on, strategy.title()).changed() {
        match strategy {
            Strategy::SendOnChange => w.send_on_change = on,
            Strategy::Batching => w.batch_size = if on { 10.0 } else { 1.0 },
            Strategy::CompactEncoding => w.compact_encoding = on,
            Strategy::Compression => w.compression = on,
            Strategy::EdgeFiltering => w.edge_filtering = on,
            Strategy::Commitments => w.commitment_years = if on { 1.0 } else { 0.0 },
            Strategy::AutoScaling => w.autoscaling = on,
            Strategy::Tiering => w.tiering = on,
        }
    }
    let assumed = !on && matches!(strategy, Strategy::Batching | Strategy::Commitments);
    match setting(strategy).and_then(field).filter(|_| !assumed) {
        Some(spec) => {
            let mut value = spec.number(w).unwrap_or_default();
            let response = ui.add(
                egui::DragValue::new(&mut value)
                    .range(spec.min..=spec.max)
                    .speed((spec.max - spec.min) / 300.0)
                    .suffix(format!(" {}", spec.unit)),
            );
            let hover = format!(
                "{} The savings beside are computed with {}.",
                spec.help, effect.setting
            );
            if response.on_hover_text(hover).changed() {
                let value = if spec.kind == crate::core::fields::Kind::Integer {
                    value.round()
                } else {
                    value
                };
                if spec.check(value).is_ok() {
                    spec.set_number(w, value);
                }
            }
        }
        None => {
            ui.scope(|ui| {
                ui.set_max_width(170.0);
                ui.add(egui::Label::new(RichText::new(&effect.setting).weak()).wrap())
                    .on_hover_text("the setting the savings beside are computed with");
            });
        }
    }
}

/// The total with one strategy on; the all-off total it is compared with heads the column.
fn change(ui: &Ui, before: Option<f64>, after: Option<f64>, m: Money) -> RichText {
    match (before, after) {
        (Some(b), Some(a)) if (b - a).abs() < 0.005 => RichText::new("no change").weak(),
        (Some(b), Some(a)) => RichText::new(m.amount(a))
            .color(theme::text(ui, if a < b { theme::OK } else { theme::BAD })),
        (Some(_), None) => RichText::new("infeasible").color(theme::text(ui, theme::BAD)),
        (None, Some(a)) => RichText::new(m.amount(a)).color(theme::text(ui, theme::OK)),
        (None, None) => RichText::new("infeasible").weak(),
    }
}

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

fn waterfall(ui: &mut Ui, o: &Optimisation, target: usize, m: Money) {
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

fn batch_chart(ui: &mut Ui, v: &OptimiseView, m: Money, view: &View) {
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

fn tornado(ui: &mut Ui, v: &OptimiseView, base: Option<f64>, m: Money) {
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

fn serverless(ui: &mut Ui, view: &View) {
    let r = &view.report;
    let m = r.money();
    let grid = log_space(1e4, 1e11, 64);
    let lambda: Vec<[f64; 2]> = grid
        .iter()
        .map(|&x| {
            [
                x.log10(),
                m.convert(serverless_costs(r, x).0).max(1e-6).log10(),
            ]
        })
        .collect();
    let instance: Vec<[f64; 2]> = grid
        .iter()
        .map(|&x| [x.log10(), m.convert(serverless_costs(r, x).1).log10()])
        .collect();
    let now = r.volume.messages_per_month * view.workload.lambda_invocations_per_message;
    ui.label(format!(
        "Lambda {} per million invocations against one always-on app server at {} per month: break-even at {} invocations per month (you run {})",
        m.amount(r.serverless.usd_per_million_invocations),
        m.amount(r.serverless.instance_monthly_usd),
        count(r.serverless.break_even_invocations_per_month.round()),
        count(now.round())
    ));
    let mut entries = vec![
        ("Lambda".to_owned(), theme::SERIES[1], Mark::Line),
        (
            "always-on app server".to_owned(),
            theme::SERIES[0],
            Mark::Line,
        ),
    ];
    if now > 0.0 {
        entries.push((
            "your invocations".to_owned(),
            egui::Color32::GRAY,
            Mark::Rule,
        ));
    }
    legend(ui, &entries);
    let chart = log_log_plot(
        "serverless",
        "invocations per month (log)",
        &format!("{} per month (log)", m.code),
        m.symbol,
    )
    .height(220.0)
    .show(ui, |plot| {
        plot.add(
            Line::new("Lambda", lambda)
                .color(theme::SERIES[1])
                .width(2.0),
        );
        plot.add(
            Line::new("Always-on app server", instance)
                .color(theme::SERIES[0])
                .width(2.0),
        );
        if now > 0.0 {
            plot.add(VLine::new("Your invocations", now.log10()).color(egui::Color32::GRAY));
        }
    });
    describe_chart(&chart.response, || {
        "Lambda against an always-on app server: monthly cost against invocations per month, log–log, with the break-even".to_owned()
    });
}

/// Each strategy's saving, the waterfall, cost by batch size, the tornado, serverless.
pub struct OptimiseTab {
    /// The total the waterfall follows (the tornado follows its platform).
    pub target: Target,
    cache: Option<OptimiseView>,
    error: Option<String>,
}

impl OptimiseTab {
    pub fn new(target: Target) -> Self {
        Self {
            target,
            cache: None,
            error: None,
        }
    }

    /// The platform the tornado varies: the target's, AWS IoT Core for the stack.
    fn tornado_platform(&self) -> PlatformId {
        self.target.platform()
    }
}

impl crate::ui::tab::TabView for OptimiseTab {
    /// About twenty evaluations and three sweeps: while a slider is dragged they wait for its
    /// release, as the storms do.
    fn refresh(&mut self, ctx: &egui::Context, view: &View, sheets: &crate::core::Sheets) {
        let w = &view.workload;
        let platform = self.tornado_platform();
        let current = self
            .cache
            .as_ref()
            .is_some_and(|o| &o.workload == w && o.tornado_platform == platform);
        if current || (self.cache.is_some() && ctx.input(|i| i.pointer.any_down())) {
            return;
        }
        let context = crate::core::Context {
            manual: view.manual.clone(),
            ..crate::core::Context::new(view.today)
        };
        let result = sheets
            .with_overrides(&w.overrides)
            .map_err(crate::core::EvaluateError::from)
            .and_then(|overridden| {
                let optimisation = crate::core::optimise::optimise(w, sheets, &context)?;
                let batch_sizes: Vec<f64> = (1..=200).map(f64::from).collect();
                let by_batch = crate::core::optimise::by_batch_size(w, &overridden, &batch_sizes);
                let tornado = crate::core::optimise::sensitivity(w, &overridden, platform);
                Ok(OptimiseView {
                    workload: w.clone(),
                    optimisation,
                    batch_sizes,
                    by_batch,
                    tornado,
                    tornado_platform: platform,
                })
            });
        match result {
            Ok(cache) => {
                self.cache = Some(cache);
                self.error = None;
            }
            Err(err) => self.error = Some(format!("cannot evaluate the strategies: {err}")),
        }
    }

    fn ui(&mut self, ui: &mut Ui, view: &View, commands: &mut Vec<Command>) {
        if let Some(error) = &self.error {
            ui.colored_label(theme::text(ui, theme::BAD), error);
        }
        let Some(cache) = &self.cache else {
            ui.label("No figures yet");
            return;
        };
        let mut w = view.workload.clone();
        show(ui, view, cache, &mut w, &mut self.target);
        crate::ui::tab::push_edits(commands, &view.workload, &w);
    }
}

/// The waterfall for the chosen total, or an empty state when no strategy is on (two equal
/// bars would say nothing).
fn waterfall_section(ui: &mut Ui, o: &Optimisation, target: &mut Target, m: Money) {
    heading(ui, "Waterfall of the enabled strategies");
    ui.horizontal(|ui| {
        for t in Target::all() {
            if ui.selectable_label(*target == t, t.title()).clicked() {
                *target = t;
            }
        }
    });
    let t = target.index();
    if o.waterfall.steps.is_empty() {
        ui.label("Nothing to compare: switch a strategy on above to see what it saves.");
    } else {
        waterfall(ui, o, t, m);
    }
    ui.label(format!(
        "All off {}, now {}",
        m.optional(o.waterfall.baseline[t]),
        m.optional(
            o.waterfall
                .steps
                .last()
                .map_or(o.waterfall.baseline[t], |s| s.1[t])
        )
    ));
}

fn show(ui: &mut Ui, view: &View, opt: &OptimiseView, w: &mut Workload, target: &mut Target) {
    let o = &opt.optimisation;
    let m = view.report.money();
    ui.label(
        RichText::new("Each strategy on its own: the monthly total with it switched on, against all strategies off (under each heading)")
            .strong(),
    );
    let baseline = &o.waterfall.baseline;
    // The platforms compared (View ▸ Platforms) and the reference stack.
    let columns: Vec<(usize, Target)> = Target::all()
        .enumerate()
        .filter(|(_, t)| match t {
            Target::Platform(id) => view.is_shown(*id),
            Target::Stack => true,
        })
        .collect();
    egui::Grid::new("strategies")
        .striped(true)
        .num_columns(columns.len() + 2)
        .show(ui, |ui| {
            ui.strong("Strategy");
            ui.strong("Setting");
            for &(i, t) in &columns {
                let all_off = baseline.get(i).copied().flatten();
                ui.vertical(|ui| {
                    ui.strong(t.title());
                    ui.weak(format!("all off {}", m.optional(all_off)));
                });
            }
            ui.end_row();
            for e in &o.effects {
                toggle(ui, w, e);
                for &(i, _) in &columns {
                    let (before, after) = (e.before.get(i).copied(), e.after.get(i).copied());
                    ui.label(change(ui, before.flatten(), after.flatten(), m));
                }
                ui.end_row();
            }
        });
    waterfall_section(ui, o, target, m);
    heading(ui, "Cost against batch size");
    ui.label(
        RichText::new(
            "AWS meters 5 KB blocks and Azure 4 KB: the cost steps where a batch crosses a block",
        )
        .small(),
    );
    batch_chart(ui, opt, m, view);
    heading(
        ui,
        format!(
            "Which input moves the {} total most (each ±50 %)",
            opt.tornado_platform.title()
        )
        .as_str(),
    );
    tornado(
        ui,
        opt,
        view.report.platform(opt.tornado_platform).monthly_usd,
        m,
    );
    heading(ui, "Serverless against an always-on server");
    serverless(ui, view);
}
