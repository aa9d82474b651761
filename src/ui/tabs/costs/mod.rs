//! Costs: totals per platform, line items stacked and tabled, cost against fleet size with
//! break-even points, the Azure tier table and the reference AWS stack.

use egui::{RichText, Ui};

use crate::core::format::{Money, count};
use crate::core::report::{PlatformCost, PlatformId};
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::{heading, items_grid, limit_verdict, platform_picker, when_visible};

mod charts;
mod tables;

use charts::{cost_curve, stacked_items};
use tables::{items_table, tiers_table};

/// A change against the baseline as a coloured line: red when it costs more, green when less.
fn delta_line(ui: &mut Ui, d: &crate::core::compare::Delta, m: Money) {
    let color = match d.delta_usd {
        Some(x) if x > 0.005 => theme::text(ui, theme::BAD),
        Some(x) if x < -0.005 => theme::text(ui, theme::OK),
        _ => ui.visuals().weak_text_color(),
    };
    ui.label(
        RichText::new(format!("Δ {} vs baseline", crate::export::delta_text(d, m))).color(color),
    );
}

fn card(
    ui: &mut Ui,
    view: &View,
    p: &PlatformCost,
    m: Money,
    delta: Option<&crate::core::compare::Delta>,
) {
    let cheapest = view.report.cheapest == Some(p.id);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        // A fixed height, so a dragged slider never moves the charts below; text left-aligned
        // (the columns' justified layout spaced out the letters of wrapped lines).
        ui.set_width(ui.available_width());
        ui.set_height(CARD_HEIGHT);
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            card_body(ui, view, p, m, (cheapest, delta));
        });
    });
}

/// A card is this tall, whatever it says; longer text scrolls inside it.
const CARD_HEIGHT: f32 = 122.0;

fn card_body(
    ui: &mut Ui,
    view: &View,
    p: &PlatformCost,
    m: Money,
    (cheapest, delta): (bool, Option<&crate::core::compare::Delta>),
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(p.id.title())
                .strong()
                .size(16.0)
                .color(theme::text(ui, theme::platform(p.id))),
        );
        if cheapest {
            ui.label(
                RichText::new("cheapest")
                    .small()
                    .color(theme::text(ui, theme::OK)),
            );
        }
        if view.report.launch_platform.id == Some(p.id) {
            ui.label(RichText::new("launch platform").small().strong())
                .on_hover_text(match view.report.launch_platform.chosen_by {
                    "auto" => "Judged for the launch: the cheapest that can carry the workload (Launch, Launch on)",
                    _ => "Judged for the launch: chosen in Launch, Launch on",
                });
        }
    });
    match p.monthly_usd {
        Some(total) => {
            ui.label(RichText::new(m.amount(total)).size(28.0).strong())
                .on_hover_text("Monthly total: the sum of the line items below");
            ui.label(format!(
                "{} per device per month",
                m.per_device(p.per_device_monthly_usd)
            ));
        }
        None => {
            ui.label(
                RichText::new("Cannot carry this workload")
                    .size(18.0)
                    .color(theme::text(ui, theme::BAD)),
            );
        }
    }
    // What does not fit the card's height scrolls inside it (its scroll bar shows).
    egui::ScrollArea::vertical()
        .id_salt(("card", p.id.id()))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if let Some(reason) = &p.reason {
                ui.add(egui::Label::new(reason.as_str()).wrap());
            }
            if let Some(d) = delta {
                delta_line(ui, d, m);
            }
            super::spread::card_lines(ui, view, p.id, m);
            // The verdict Throttling and Readiness give on this platform's worst limit.
            if let Some(l) = view.report.worst_limit(p.id).filter(|_| p.feasible) {
                ui.scope(|ui| {
                    ui.style_mut().override_text_style = Some(egui::TextStyle::Small);
                    limit_verdict(ui, l);
                });
            }
        });
}

/// The pinned baseline, what differs from it, and the way to clear it; or the way to pin one.
fn baseline_bar(ui: &mut Ui, view: &View, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| match &view.baseline {
        Some((b, v)) => {
            ui.label(RichText::new(format!("Compared with {}", b.name)).strong());
            if ui.small_button("Clear baseline").clicked() {
                commands.push(Command::ClearBaseline);
            }
            if v.changes.is_empty() {
                ui.weak("(no input differs)");
            } else {
                ui.label(format!("What changed: {}", v.changes.join("; ")));
            }
        }
        None => {
            if ui
                .small_button("Pin as baseline")
                .on_hover_text("Compare every figure with the workload as it is now (also Edit, Pin a preset file as baseline)")
                .clicked()
            {
                commands.push(Command::PinBaseline);
            }
        }
    });
}

/// Monthly totals, line items, the cost curve, Azure tiers and the reference stack.
#[derive(Debug)]
pub struct CostsTab {
    /// The platform whose line items are listed.
    pub platform: PlatformId,
}

impl crate::ui::tab::TabView for CostsTab {
    fn ui(&mut self, ui: &mut Ui, view: &View, commands: &mut Vec<Command>) {
        baseline_bar(ui, view, commands);
        show(ui, view, &mut self.platform);
    }
}

/// "Break-even: AWS IoT Core = Azure IoT Hub at 28 devices; …".
/// Where the launch platform's cost crosses each other platform shown, in words; every pair on
/// hover (with seven platforms there can be dozens).
fn break_even_text(ui: &mut Ui, view: &View) {
    let r = &view.report;
    let words = |b: &crate::core::report::BreakEven| {
        format!(
            "{} = {} at {} devices",
            b.a.title(),
            b.b.title(),
            count(b.devices)
        )
    };
    let shown: Vec<&crate::core::report::BreakEven> = r
        .break_even
        .iter()
        .filter(|b| view.is_shown(b.a) && view.is_shown(b.b))
        .collect();
    if shown.is_empty() {
        return;
    }
    let launch = r.launch_platform.id;
    // The first few crossings of the launch platform (a platform bought in units crosses
    // another's line at every step); all of them on hover.
    let main: Vec<String> = shown
        .iter()
        .filter(|b| launch.is_some_and(|l| b.a == l || b.b == l))
        .take(BREAK_EVENS_SHOWN)
        .map(|b| words(b))
        .collect();
    let all: Vec<String> = shown.iter().map(|b| words(b)).collect();
    let text = if main.is_empty() {
        format!("Break-even: {} crossings (hover for them)", all.len())
    } else {
        format!(
            "Break-even of the launch platform: {}{}",
            main.join("; "),
            if all.len() > main.len() {
                format!(" — {} more (hover)", all.len() - main.len())
            } else {
                String::new()
            }
        )
    };
    ui.add(egui::Label::new(text).wrap())
        .on_hover_text(all.join("\n"));
}

/// How many of the launch platform's break-evens the text names.
const BREAK_EVENS_SHOWN: usize = 6;

/// A card is never narrower than this: more cards than fit wrap to a new row.
const CARD_MIN_WIDTH: f32 = 170.0;

fn show(ui: &mut Ui, view: &View, selected: &mut PlatformId) {
    let r = &view.report;
    let m = r.money();
    let comparison = view.baseline.as_ref().map(|(_, v)| &v.diff.comparison);
    // As many cards a row as fit at 170 px or more; the rest wrap to the next row.
    let per_row = ((ui.available_width() / CARD_MIN_WIDTH).floor() as usize)
        .clamp(1, view.shown.len().max(1));
    for row in view.shown.chunks(per_row) {
        ui.columns(per_row, |cols| {
            for (col, id) in cols.iter_mut().zip(row) {
                let p = r.platform(*id);
                let delta = comparison.and_then(|c| c.platform(p.id));
                card(col, view, p, m, delta);
            }
        });
    }
    ui.columns(2, |cols| {
        cols[0].strong(format!("Line items by platform ({} per month)", m.code));
        stacked_items(&mut cols[0], view);
        cols[1].strong("Monthly cost against fleet size");
        cost_curve(&mut cols[1], view);
    });
    break_even_text(ui, view);
    let ranged = !view.workload.ranges.is_empty();
    if ranged {
        super::spread::section(ui, view);
    }
    heading(ui, "Line items");
    platform_picker(ui, selected, &view.shown);
    let p = r.platform(*selected);
    let diff = view.baseline.as_ref().map(|(_, v)| &v.diff);
    // Below the charts: drawn when scrolled into view (see `when_visible`).
    when_visible(ui, ui.scope_id().with("costs-items"), |ui| {
        ui.scope(|ui| items_table(ui, p, m, diff));
        for note in &p.notes {
            ui.label(RichText::new(note.text()).small().weak());
        }
    });
    for tiered in r
        .platforms
        .iter()
        .filter(|p| !p.tiers.is_empty() && view.is_shown(p.id))
    {
        heading(ui, &format!("{} tiers", tiered.id.title()));
        when_visible(
            ui,
            ui.scope_id().with(("costs-tiers", tiered.id.id())),
            |ui| {
                tiers_table(ui, tiered, m);
            },
        );
    }
    heading(ui, "Reference AWS stack");
    when_visible(ui, ui.scope_id().with("costs-stack"), |ui| {
        stack_section(ui, view, diff);
    });
    if !ranged {
        super::spread::section(ui, view);
    }
}

/// The reference AWS stack's total and line items, or why it cannot be priced.
fn stack_section(ui: &mut Ui, view: &View, diff: Option<&crate::core::compare::Diff>) {
    let (r, m) = (&view.report, view.report.money());
    match (&r.stack.reason, r.stack.monthly_usd) {
        (Some(reason), _) => {
            ui.colored_label(theme::text(ui, theme::BAD), reason);
        }
        (None, total) => {
            ui.label(
                RichText::new(format!(
                    "{} per month, {} per device",
                    m.optional(total),
                    m.per_device(r.stack.per_device_monthly_usd)
                ))
                .strong(),
            );
            if let Some(d) = diff {
                delta_line(ui, &d.comparison.stack, m);
            }
            items_grid(ui, "stack-items", &r.stack.line_items, m, total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::charts::stack_bars;
    use super::*;
    use crate::core::{Context, Sheets, Workload};
    use strum::EnumCount as _;
    use strum::IntoEnumIterator as _;

    fn view(w: Workload) -> View {
        let preset = crate::io::preset::Preset {
            workload: w,
            ..Default::default()
        };
        View::build(
            &preset,
            &Sheets::embedded(),
            &Context::new(crate::core::test_today()),
            None,
        )
        .unwrap()
    }

    /// The break-even dots' interpolation reads the same as the straightforward one (every
    /// point on the log axes, then the two around x) at every platform and many x, across
    /// the curve's ends and its infeasible stretches.
    #[test]
    fn interpolation_on_the_log_axes_matches_the_plain_reading() {
        fn plain(view: &View, k: usize, x: f64) -> Option<f64> {
            let pts: Vec<(f64, f64)> = view
                .curve_devices
                .iter()
                .zip(&view.curve)
                .filter_map(|(d, c)| c[k].filter(|v| *v > 0.0).map(|v| (d.log10(), v.log10())))
                .collect();
            let i = pts.iter().position(|p| p.0 >= x)?;
            if i == 0 {
                return Some(pts[0].1);
            }
            let (a, b) = (pts[i - 1], pts[i]);
            Some(a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
        }
        for w in [
            Workload::default(),
            Workload {
                devices: 250_000.0,
                message_bytes: 200_000.0,
                ..Workload::default()
            },
        ] {
            let v = view(w);
            let xs = (0..=900).map(|i| f64::from(i) / 100.0 - 0.5);
            let exact = v.curve_devices.iter().map(|d| d.log10());
            for x in xs.chain(exact) {
                for k in 0..v.curve[0].len() {
                    if x == -0.5 {
                        // The drawn line in another currency: the USD log curve shifted.
                        let m = crate::core::format::Money {
                            rate: 0.93,
                            ..crate::core::format::Money::USD
                        };
                        let direct: Vec<[f64; 2]> = v
                            .curve_devices
                            .iter()
                            .zip(&v.curve)
                            .filter_map(|(d, c)| {
                                c[k].filter(|u| *u > 0.0)
                                    .map(|u| [d.log10(), m.convert(u).log10()])
                            })
                            .collect();
                        let drawn = charts::curve_points(&v, k, m);
                        assert_eq!(drawn.len(), direct.len());
                        for (a, b) in drawn.iter().zip(&direct) {
                            assert!((a[0] - b[0]).abs() + (a[1] - b[1]).abs() <= 1e-12);
                        }
                    }
                    let (fast, slow) = (charts::interpolate(&v, k, x), plain(&v, k, x));
                    match (fast, slow) {
                        (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9, "{k} {x}: {a} {b}"),
                        other => assert_eq!(other.0.is_some(), other.1.is_some(), "{k} {x}"),
                    }
                }
            }
        }
    }

    /// The legend names every colour the stacked bars use, once, and a colour means one
    /// category on every bar.
    #[test]
    fn the_stacked_bars_legend_matches_their_colours() {
        let busy = Workload {
            devices: 200_000.0,
            firmware_updates_per_year: 4.0,
            shadow_ops_per_device_per_day: 12.0,
            ..Workload::default()
        };
        for w in [Workload::default(), busy] {
            let v = view(w);
            let (charts, _, legend) = stack_bars(&v, Money::USD);
            assert_eq!(
                charts.len(),
                v.report
                    .platforms
                    .iter()
                    .map(|p| p.line_items.len())
                    .sum::<usize>()
            );
            for p in &v.report.platforms {
                for item in &p.line_items {
                    let (what, color) = (item.category.title(), theme::category(item.category));
                    let entry = legend.iter().find(|(w, ..)| w == what).unwrap();
                    assert_eq!(entry.1, color, "{what}");
                }
            }
            let colors: std::collections::HashSet<_> = legend.iter().map(|e| e.1).collect();
            assert_eq!(colors.len(), legend.len(), "one colour per category");
        }
        // Every category has a colour of its own.
        let all: std::collections::HashSet<_> = crate::core::report::Category::iter()
            .map(theme::category)
            .collect();
        assert_eq!(all.len(), crate::core::report::Category::COUNT);
    }
}
