//! Costs: totals per platform, line items stacked and tabled, cost against fleet size with
//! break-even points, the Azure tier table and the reference AWS stack.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Line, Plot, Points, VLine};

use crate::core::format::{Money, count};
use crate::core::platforms;
use crate::core::report::{PlatformCost, PlatformId};
use crate::ui::command::Command;
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::describe_chart;
use crate::ui::widgets::{
    Mark, category_grid, formula_on_focus, formula_on_hover, heading, hover_label, items_grid,
    legend, limit_verdict, linear_grid, log_log_plot, platform_picker, price_per, table_figure,
};

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

type Totals = Vec<(f64, f64, String)>;

/// One single-bar chart per line item, each platform's total and where its bar ends, and the
/// categories shown (for the legend).
/// One single-bar chart per line item, horizontal, one row per platform shown (top to bottom in
/// registry order, so the names on the axis never collide), each platform's total and where its
/// bar ends, and the categories shown (for the legend).
fn stack_bars(
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
fn stacked_items(ui: &mut Ui, view: &View) {
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
fn curve_points(view: &View, k: usize, m: Money) -> Vec<[f64; 2]> {
    view.curve_devices
        .iter()
        .zip(&view.curve)
        .filter_map(|(d, c)| {
            c[k].filter(|v| *v > 0.0)
                .map(|v| [d.log10(), m.convert(v).log10()])
        })
        .collect()
}

/// Break-even dots, on the first platform's line, only where both lines are drawn (a $0
/// figure has no point on a log axis).
fn break_even_marks(view: &View, lines: &[(PlatformId, Vec<[f64; 2]>)], m: Money) -> Vec<[f64; 2]> {
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

fn cost_curve(ui: &mut Ui, view: &View) {
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
fn break_even_color(ui: &Ui) -> egui::Color32 {
    ui.visuals().text_color()
}

/// The log10 cost of platform `k` at log10 fleet size `x`, read off the chart's own points.
fn interpolate(view: &View, k: usize, x: f64) -> Option<f64> {
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

/// A line item's change against the baseline, or that it did not change.
fn delta_cell(ui: &mut Ui, d: Option<&crate::core::compare::ItemDelta>, m: Money) {
    match d {
        Some(d) => {
            ui.label(crate::export::delta_text(&d.delta, m));
        }
        None => {
            ui.weak("no change");
        }
    }
}

/// One line item: name, quantity, unit price, monthly (and its change against the baseline),
/// its formula over the whole row.
fn item_row(
    row: &mut egui_extras::TableRow<'_, '_>,
    item: &crate::core::report::LineItem,
    m: Money,
    // With a baseline pinned: whether this item changed against it.
    (pinned, delta): (bool, Option<&crate::core::compare::ItemDelta>),
) {
    // The labels, not the cells: a label takes the pointer from its cell.
    let mut cells = Vec::with_capacity(4);
    row.col(|ui| {
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            cells.push(formula_on_focus(ui, item));
        });
    });
    row.col(|ui| {
        cells.push(table_figure(
            ui,
            format!(
                "{} {}",
                crate::core::format::quantity(item.quantity),
                item.unit
            ),
        ));
    });
    row.col(|ui| cells.push(table_figure(ui, price_per(m, item.unit_usd, &item.unit))));
    row.col(|ui| cells.push(table_figure(ui, m.amount(item.monthly_usd))));
    if pinned {
        row.col(|ui| delta_cell(ui, delta, m));
    }
    if let Some(row) = cells.into_iter().reduce(|a, b| a | b) {
        formula_on_hover(&row, item);
    }
}

/// The line items, with a Δ column against the baseline when one is pinned.
fn items_table(
    ui: &mut Ui,
    p: &PlatformCost,
    m: Money,
    baseline: Option<&crate::core::compare::Diff>,
) {
    if p.line_items.is_empty() {
        ui.label(p.reason.clone().unwrap_or_default());
        return;
    }
    // Figures never wrap (a row is one line); the item name truncates, whole on hover.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let item_delta = |name: &str| {
        baseline.and_then(|d| {
            d.line_items
                .iter()
                .find(|i| i.platform == p.id.id() && i.name == name)
        })
    };
    // Figures size their columns (and never truncate); the item name takes what is left.
    let mut table = TableBuilder::new(ui)
        .id_salt("line-items")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(120.0).at_most(260.0).clip(true))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(80.0));
    if baseline.is_some() {
        table = table.column(Column::auto().at_least(160.0));
    }
    table
        .header(22.0, |mut row| {
            for title in ["Item", "Quantity", "Unit price", "Monthly"] {
                row.col(|ui| {
                    ui.strong(title);
                });
            }
            if baseline.is_some() {
                row.col(|ui| {
                    ui.strong("Δ vs baseline");
                });
            }
        })
        .body(|mut body| {
            for item in &p.line_items {
                body.row(22.0, |mut row| {
                    item_row(
                        &mut row,
                        item,
                        m,
                        (baseline.is_some(), item_delta(&item.name)),
                    );
                });
            }
            body.row(22.0, |mut row| {
                row.col(|ui| {
                    ui.strong("Total");
                });
                row.col(|_| {});
                row.col(|_| {});
                row.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.strong(m.optional(p.monthly_usd));
                    });
                });
            });
        });
}

/// The tiers a platform sold in tiers was priced at, and why each was or was not chosen.
fn tiers_table(ui: &mut Ui, p: &PlatformCost, m: Money) {
    egui::Grid::new(("tiers", p.id.id()))
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for title in ["Tier", "Units", "Monthly", "Why"] {
                ui.strong(title);
            }
            ui.end_row();
            for t in p.tiers.iter() {
                let name = if t.chosen {
                    format!("{} (chosen)", t.tier)
                } else {
                    t.tier.clone()
                };
                let color = if t.chosen {
                    theme::text(ui, theme::platform(p.id))
                } else if t.feasible {
                    ui.visuals().text_color()
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.label(RichText::new(name).color(color).strong());
                ui.label(t.units.map_or_else(|| "—".to_owned(), count));
                ui.label(RichText::new(m.optional(t.monthly_usd)).color(color));
                ui.label(RichText::new(&t.reason).color(color));
                ui.end_row();
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
    ui.scope(|ui| items_table(ui, p, m, diff));
    for note in &p.notes {
        ui.label(RichText::new(note).small().weak());
    }
    for tiered in r
        .platforms
        .iter()
        .filter(|p| !p.tiers.is_empty() && view.is_shown(p.id))
    {
        heading(ui, &format!("{} tiers", tiered.id.title()));
        tiers_table(ui, tiered, m);
    }
    heading(ui, "Reference AWS stack");
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
    if !ranged {
        super::spread::section(ui, view);
    }
}

#[cfg(test)]
mod tests {
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
