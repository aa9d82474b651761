//! The left panel: every workload field from the core's `FIELDS` table, grouped, each with its
//! label, unit and hover text. Logarithmic sliders for ranges that span decades.

use egui::{DragValue, Slider, Ui};

use crate::core::fields::{FIELDS, FieldSpec, Group, Kind};
use crate::core::format::grouped;
use crate::core::workload::Workload;

use crate::io::preset::Preset;

fn hover(spec: &FieldSpec) -> String {
    let unit = if spec.unit.is_empty() {
        String::new()
    } else {
        format!("; unit: {}", spec.unit)
    };
    // For users: no markup (tooltips show backticks literally), and the name presets and
    // `iotplan report --set` use.
    format!(
        "{}\nAccepted: {}{unit}\nName in presets and on the command line: {}\nHow it is used: Help, How the figures are computed",
        spec.help,
        spec.range_text(),
        spec.name
    )
}

/// The hover text of a field, written only while it is hovered.
fn hover_ui(ui: &mut Ui, spec: &FieldSpec) {
    ui.label(hover(spec));
}

fn decimals(spec: &FieldSpec, value: f64) -> usize {
    match spec.kind {
        Kind::Integer | Kind::Choice(_) => 0,
        _ if value.abs() >= 100.0 => 0,
        _ if spec.max <= 1.0 => 3,
        _ => 2,
    }
}

/// A number typed or dragged within `range`, shown grouped (45,000) with `places` decimals;
/// typed text may group with commas, spaces or underscores.
fn entry(
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
    places: usize,
) -> DragValue<'_> {
    DragValue::new(value)
        .range(range)
        .speed(speed)
        .custom_formatter(move |v, _| grouped(v, places))
        .custom_parser(|text| text.replace([',', '_', ' '], "").parse().ok())
}

fn number_field(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec) {
    let mut value = (spec.get)(w);
    let before = value;
    let rangeable = spec.group != Group::Ranges;
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(spec.label).on_hover_ui(|ui| hover_ui(ui, spec));
            if rangeable {
                range_toggle(ui, w, spec);
            }
            label
        })
        .inner;
    ui.horizontal(|ui| {
        let slider = Slider::new(&mut value, spec.min..=spec.max)
            .logarithmic(spec.logarithmic)
            .show_value(false)
            // Arrow keys move a log slider along its own scale (about 13 % a press on Devices),
            // not by one device; the value is rounded below for whole-number fields.
            .step_by(if spec.kind == Kind::Integer && !spec.logarithmic {
                1.0
            } else {
                0.0
            });
        ui.add(slider)
            .labelled_by(label.id)
            .on_hover_ui(|ui| hover_ui(ui, spec));
        let speed = if spec.logarithmic {
            (value.abs() * 0.01).max(0.01)
        } else {
            (spec.max - spec.min) / 500.0
        };
        let places = decimals(spec, value);
        ui.add(entry(&mut value, spec.min..=spec.max, speed, places))
            .labelled_by(label.id)
            .on_hover_ui(|ui| hover_ui(ui, spec));
        if !spec.unit.is_empty() {
            ui.weak(spec.unit);
        }
    });
    if value != before {
        let value = if matches!(spec.kind, Kind::Integer) {
            value.round()
        } else {
            value
        };
        if spec.check(value).is_ok() {
            (spec.set)(w, value);
            // A range follows its value: it always holds it (domain §13).
            if let Some(r) = w.ranges.get_mut(spec.name) {
                r.low = r.low.min(value);
                r.high = r.high.max(value);
            }
        }
    }
    if rangeable && w.ranges.contains_key(spec.name) {
        range_row(ui, w, spec);
    }
    if spec.name == "devices_at_launch" {
        launch_fleet_note(ui, w);
    }
}

/// Unset, the launch fleet follows Devices (no ramp); once set, it can be unset again.
fn launch_fleet_note(ui: &mut Ui, w: &mut Workload) {
    ui.horizontal(|ui| {
        ui.add_space(12.0);
        if w.devices_at_launch.is_some() {
            if ui
                .small_button("Same as Devices")
                .on_hover_text("No ramp: the projection starts with the whole fleet")
                .clicked()
            {
                w.devices_at_launch = None;
            }
        } else {
            ui.weak("same as Devices (no ramp)");
        }
    });
}

/// "±" beside a field's name: gives it a low and high around its value (half and one and a half
/// times, within its accepted range), or takes them away.
fn range_toggle(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec) {
    let mut on = w.ranges.contains_key(spec.name);
    // Texts written only when hovered or asked for by assistive technology: the panel is
    // drawn every frame.
    let name = || format!("Range of {}", spec.label);
    let response = ui.toggle_value(&mut on, "±").on_hover_ui(|ui| {
        ui.label(format!(
            "{}: sample it between a low and a high (triangular around its value) to see P10 to P90 of every total and how often each platform is the cheapest",
            name()
        ));
    });
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, name()));
    if response.clicked() {
        if on {
            let value = (spec.get)(w);
            let round = |v: f64| {
                if spec.kind == Kind::Integer {
                    v.round()
                } else {
                    v
                }
            };
            let (mut low, mut high) = (
                round((value * 0.5).clamp(spec.min, spec.max)).min(value),
                round((value * 1.5).clamp(spec.min, spec.max)).max(value),
            );
            if low == high {
                // A value of zero (or at an end): a tenth of the accepted span beside it.
                let span = (spec.max - spec.min) * 0.1;
                low = round((value - span).max(spec.min)).min(value);
                high = round((value + span).min(spec.max)).max(value);
            }
            w.ranges.insert(
                spec.name.to_owned(),
                crate::core::workload::Range { low, high },
            );
        } else {
            w.ranges.remove(spec.name);
        }
    }
}

/// Low and high of a ranged field, each kept on its side of the value.
fn range_row(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec) {
    let value = (spec.get)(w);
    let Some(mut range) = w.ranges.get(spec.name).copied() else {
        return;
    };
    let places = decimals(spec, value);
    let speed = ((spec.max - spec.min) / 2_000.0).max(value.abs() * 0.005);
    ui.horizontal(|ui| {
        ui.add_space(12.0);
        let low = ui.weak("low");
        ui.add(entry(&mut range.low, spec.min..=value, speed, places))
            .labelled_by(low.id)
            .on_hover_ui(|ui| {
                ui.label(format!("Low end of {} (at most its value)", spec.label));
            });
        let high = ui.weak("high");
        ui.add(entry(&mut range.high, value..=spec.max, speed, places))
            .labelled_by(high.id)
            .on_hover_ui(|ui| {
                ui.label(format!("High end of {} (at least its value)", spec.label));
            });
    });
    if spec.kind == Kind::Integer {
        range.low = range.low.round();
        range.high = range.high.round();
    }
    if spec.check(range.low).is_ok() && spec.check(range.high).is_ok() {
        w.ranges.insert(spec.name.to_owned(), range);
    }
}

/// The availability target as a percentage, its slider on the number of nines (0.9 is one
/// nine, 0.99999 five), so 99.95 % sits where a user expects it rather than pinned at the end.
fn availability_field(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec) {
    let label = ui.label(spec.label).on_hover_ui(|ui| hover_ui(ui, spec));
    let mut nines = -(1.0 - w.availability_target).log10();
    let before = nines;
    ui.horizontal(|ui| {
        ui.add(
            Slider::new(&mut nines, 1.0..=5.0)
                .show_value(false)
                .step_by(0.0),
        )
        .labelled_by(label.id)
        .on_hover_ui(|ui| hover_ui(ui, spec));
        let mut percent = w.availability_target * 100.0;
        let response = ui
            .add(
                DragValue::new(&mut percent)
                    .range(90.0..=99.999)
                    .speed(0.001)
                    .max_decimals(3)
                    .suffix(" %"),
            )
            .labelled_by(label.id)
            .on_hover_ui(|ui| hover_ui(ui, spec));
        if response.changed() {
            nines = -(1.0 - percent / 100.0).log10();
        }
    });
    if nines != before {
        // Whole thousandths of a percent, as the field's range is written.
        let value = ((1.0 - 10f64.powf(-nines)) * 1e5).round() / 1e5;
        if spec.check(value).is_ok() {
            (spec.set)(w, value);
        }
    }
}

fn field_ui(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec) {
    if spec.name == "availability_target" {
        return availability_field(ui, w, spec);
    }
    match spec.kind {
        Kind::Bool => {
            let mut on = (spec.get)(w) != 0.0;
            if ui
                .checkbox(&mut on, spec.label)
                .on_hover_ui(|ui| hover_ui(ui, spec))
                .changed()
            {
                (spec.set)(w, if on { 1.0 } else { 0.0 });
            }
        }
        Kind::Choice(values) => {
            let label = ui.label(spec.label).on_hover_ui(|ui| hover_ui(ui, spec));
            ui.horizontal(|ui| {
                let current = (spec.get)(w);
                for &v in values {
                    let text = if v == 0.0 {
                        "none".to_owned()
                    } else {
                        format!("{v} {}", spec.unit)
                    };
                    if ui.radio(current == v, text).labelled_by(label.id).clicked() {
                        (spec.set)(w, v);
                    }
                }
            });
        }
        Kind::Number | Kind::Integer => number_field(ui, w, spec),
    }
}

/// Whose prices: only regions with sourced sheets are offered.
fn region_ui(ui: &mut Ui, w: &mut Workload) {
    use crate::core::sheets::Region;
    let label = ui.label("Region").on_hover_text(
        "The AWS region whose price sheets apply; Azure and self-hosted use the nearest sourced region. A figure without a regional source is the us-east-1 one, and its note says so",
    );
    egui::ComboBox::from_id_salt("region")
        .selected_text(w.region.title())
        .show_ui(ui, |ui| {
            for region in Region::ALL {
                ui.selectable_value(&mut w.region, region, region.title());
            }
        })
        .response
        .labelled_by(label.id);
}

/// What figures are shown in; computation stays in USD.
fn currency_ui(ui: &mut Ui, w: &mut Workload) {
    use crate::core::currency::Currency;
    let label = ui.label("Currency").on_hover_text(
        "Figures are computed in USD from the price sheets and shown converted at the dated exchange rate of the currency sheet (the status bar shows it)",
    );
    egui::ComboBox::from_id_salt("currency")
        .selected_text(w.currency.title())
        .show_ui(ui, |ui| {
            for currency in Currency::ALL {
                ui.selectable_value(&mut w.currency, currency, currency.title());
            }
        })
        .response
        .labelled_by(label.id);
}

/// The AWS Free Tier an account has: none, the legacy allowances, or credits.
fn free_tier_ui(ui: &mut Ui, w: &mut Workload) {
    use crate::core::workload::FreeTier;
    let label = ui.label("AWS Free Tier").on_hover_text(
        "Accounts created before 2025-07-15 have 12-month allowances (applied to each month); newer ones get dollar credits, spent over the first months (not deducted from a month's figure)",
    );
    egui::ComboBox::from_id_salt("aws-free-tier")
        .selected_text(w.aws_free_tier.title())
        .show_ui(ui, |ui| {
            for tier in FreeTier::ALL {
                ui.selectable_value(&mut w.aws_free_tier, tier, tier.title());
            }
        })
        .response
        .labelled_by(label.id);
}

/// Keeps the date being typed across frames; the workload takes it once it parses.
fn launch_date_ui(ui: &mut Ui, w: &mut Workload) {
    let id = ui.scope_id().with("launch-date-text");
    let current = w.launch_date.map(|d| d.to_string()).unwrap_or_default();
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.clone());
    let label = ui.label("Launch date").on_hover_text("YYYY-MM-DD; turns each checklist lead time into a do-by date, and dates the quota request (21 days before)");
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("YYYY-MM-DD")
                .desired_width(120.0),
        )
        .labelled_by(label.id);
    if response.changed() {
        let mut edited = w.clone();
        if edited.set("launch_date", &text).is_ok() {
            *w = edited;
        }
    }
    let valid = text.trim().is_empty()
        || chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok();
    if !valid {
        ui.colored_label(
            super::theme::text(ui, super::theme::BAD),
            "expected YYYY-MM-DD",
        );
    }
    if response.has_focus() || !valid {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
}

/// Whether a group starts open: Downlink & protocol only when one of its rates is set.
fn opens(group: Group, w: &Workload) -> bool {
    match group {
        Group::Fleet | Group::Messages | Group::Storage | Group::Launch => true,
        Group::Downlink => {
            FIELDS.iter().any(|f| {
                f.group == Group::Downlink && f.name.ends_with("_per_day") && (f.get)(w) > 0.0
            }) || w.subscribers_per_message > 0.0
                || w.retained_fraction > 0.0
                || w.firmware_updates_per_year > 0.0
        }
        Group::Ranges => !w.ranges.is_empty(),
        Group::Platforms | Group::Optimise => false,
    }
}

/// The panel for `preset`: its title, and every field through the field table's checked setter.
pub fn show(ui: &mut Ui, preset: &mut Preset) {
    ui.spacing_mut().slider_width = 150.0;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            super::widgets::follow_focus(ui);
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let label = ui.strong("Title");
                ui.add(egui::TextEdit::singleline(&mut preset.title).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
            });
            if !preset.description.is_empty() {
                ui.label(egui::RichText::new(&preset.description).small().weak());
            }
            let w = &mut preset.workload;
            for group in Group::ALL {
                egui::CollapsingHeader::new(egui::RichText::new(group.title()).strong())
                    .default_open(opens(group, w))
                    .show(ui, |ui| {
                        for spec in FIELDS.iter().filter(|f| f.group == group) {
                            field_ui(ui, w, spec);
                        }
                        if group == Group::Launch {
                            launch_date_ui(ui, w);
                        }
                        if group == Group::Platforms {
                            region_ui(ui, w);
                            currency_ui(ui, w);
                            free_tier_ui(ui, w);
                        }
                    });
            }
            if !w.overrides.is_empty() {
                egui::CollapsingHeader::new(egui::RichText::new("Sheet overrides").strong())
                    .default_open(true)
                    .show(ui, |ui| {
                        let mut remove = None;
                        for (key, value) in &w.overrides {
                            ui.horizontal(|ui| {
                                ui.label(format!(
                                    "{key} = {}",
                                    grouped(*value, 4)
                                        .trim_end_matches('0')
                                        .trim_end_matches('.')
                                ));
                                if ui
                                    .small_button("×")
                                    .on_hover_text("Use the sheet's figure again")
                                    .clicked()
                                {
                                    remove = Some(key.clone());
                                }
                            });
                        }
                        if let Some(key) = remove {
                            w.overrides.remove(&key);
                        }
                    });
            }
        });
}
