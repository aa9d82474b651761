//! Optimise: each strategy of domain §8 with its own before → after per platform, a waterfall
//! of the enabled ones, cost against batch size, a tornado of inputs, and serverless against
//! an always-on server.

mod charts;
mod figures;

pub use figures::OptimiseView;

use charts::{batch_chart, tornado, waterfall};
use egui::{RichText, Ui};
use egui_plot::{Line, VLine};

use crate::core::fields::field;
use crate::core::format::{Money, count};
use crate::core::optimise::Target;
use crate::core::optimise::{Optimisation, Strategy, serverless_costs};
use crate::core::report::PlatformId;
use crate::core::sweep::log_space;
use crate::core::workload::Workload;
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{Mark, heading, legend, log_log_plot};

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

/// Width a column heading of the strategies table wraps at.
const HEADER_WIDTH: f32 = 72.0;

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
                // A width of its own: the last columns, past the right edge of a narrow window,
                // would otherwise wrap at what is left there, a letter a line.
                ui.vertical(|ui| {
                    ui.set_min_width(HEADER_WIDTH);
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
