//! The left panel: every workload field from the core's `FIELDS` table, grouped, each with its
//! label, unit and hover text. Logarithmic sliders for ranges that span decades.

use egui::{DragValue, Slider, Ui};
use strum::IntoEnumIterator as _;

use crate::core::fields::{Access, FIELDS, FieldSpec, Group, Kind, Widget};
use crate::core::format::grouped;
use crate::core::workload::Workload;

use crate::io::preset::Preset;
use crate::ui::widgets::when_visible;

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
/// typed text may group with commas, spaces or underscores. Typing commits on Enter or when the
/// field loses focus, never per keystroke (typing 150000 must not apply 1, 15, 150, …, which
/// would drag a range end along); Escape restores the value from before the edit.
fn entry(
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
    places: usize,
) -> DragValue<'_> {
    DragValue::new(value)
        .range(range)
        .speed(speed)
        // No more decimals than the value has: "12 readings/h", "0.02 of ingest", "1.5 ×".
        .custom_formatter(move |v, _| {
            let text = grouped(v, places);
            if text.contains('.') {
                text.trim_end_matches('0').trim_end_matches('.').to_owned()
            } else {
                text
            }
        })
        .custom_parser(|text| text.replace([',', '_', ' '], "").parse().ok())
        .update_while_editing(false)
}

/// Adds an [`entry`] and makes Escape undo an edit: egui's text field applies its text when
/// it loses focus the frame after Escape, so the value from before the edit is kept (when the
/// field gains focus) and put back.
fn add_entry(
    ui: &mut Ui,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    (speed, places): (f64, usize),
) -> egui::Response {
    let response = ui.add(entry(value, range, speed, places));
    let before = response.id.with("before edit");
    let escaped = before.with("escaped");
    if let Some(original) = ui.data_mut(|d| d.remove_temp::<f64>(escaped)) {
        *value = original;
    }
    if response.gained_focus() {
        ui.data_mut(|d| d.insert_temp(before, *value));
    }
    if response.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Escape))
        && let Some(original) = ui.data(|d| d.get_temp::<f64>(before))
    {
        *value = original;
        ui.data_mut(|d| d.insert_temp(escaped, original));
    }
    response
}

/// A range holds its value (domain §13): an end the committed value passes moves to it, and
/// the panel says so.
fn hold_in_range(w: &mut Workload, spec: &FieldSpec, value: f64, said: &mut Vec<String>) {
    if let Some(r) = w.ranges.get_mut(spec.name) {
        let was = *r;
        r.low = r.low.min(value);
        r.high = r.high.max(value);
        if *r != was {
            said.push(format!(
                "Range of {} moved to {} – {} to hold its value",
                spec.label,
                grouped(r.low, decimals(spec, r.low)),
                grouped(r.high, decimals(spec, r.high))
            ));
        }
    }
}

fn number_field(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec, said: &mut Vec<String>) {
    let mut value = spec.number(w).unwrap_or_default();
    let before = value;
    let rangeable = spec.is_rangeable();
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
        add_entry(ui, &mut value, spec.min..=spec.max, (speed, places))
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
            spec.set_number(w, value);
            hold_in_range(w, spec, value, said);
        }
    }
    if rangeable && w.ranges.contains_key(spec.name) {
        range_row(ui, w, spec);
    }
    if let Access::Optional {
        get,
        set,
        unset_means,
        ..
    } = spec.access
    {
        unset_note(ui, w, (get, set), unset_means);
    }
}

type OptionalAccess = (fn(&Workload) -> Option<f64>, fn(&mut Workload, Option<f64>));

/// Unset, an optional number follows another field (the launch fleet follows Devices: no
/// ramp); once set, it can be unset again.
fn unset_note(ui: &mut Ui, w: &mut Workload, (get, set): OptionalAccess, means: &str) {
    ui.horizontal(|ui| {
        ui.add_space(12.0);
        if get(w).is_some() {
            if ui
                .small_button(format!("Same as {means}"))
                .on_hover_text(format!("Unset: it takes the value of {means}"))
                .clicked()
            {
                set(w, None);
            }
        } else {
            ui.weak(format!("same as {means}"));
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
    // Arrow keys on a focused toggle stay with it (they do nothing to it) rather than moving
    // the focus to some widget in another panel; Tab moves on.
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            response.id,
            egui::EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                ..Default::default()
            },
        );
    });
    if response.clicked() {
        if on {
            let value = spec.number(w).unwrap_or_default();
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
    let value = spec.number(w).unwrap_or_default();
    let Some(mut range) = w.ranges.get(spec.name).copied() else {
        return;
    };
    let places = decimals(spec, value);
    let speed = ((spec.max - spec.min) / 2_000.0).max(value.abs() * 0.005);
    ui.horizontal(|ui| {
        ui.add_space(12.0);
        let low = ui.weak("low");
        add_entry(ui, &mut range.low, spec.min..=value, (speed, places))
            .labelled_by(low.id)
            .on_hover_ui(|ui| {
                ui.label(format!("Low end of {} (at most its value)", spec.label));
            });
        let high = ui.weak("high");
        add_entry(ui, &mut range.high, value..=spec.max, (speed, places))
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
        let shown = crate::core::format::availability(w.availability_target);
        let slider = ui
            .add(
                Slider::new(&mut nines, 1.0..=5.0)
                    .show_value(false)
                    .step_by(0.0),
            )
            .labelled_by(label.id)
            .on_hover_ui(|ui| hover_ui(ui, spec));
        // Assistive technology reads the percentage, not the count of nines.
        let value = nines;
        slider.widget_info(|| {
            let mut info = egui::WidgetInfo::slider(true, value, spec.label);
            info.current_text_value = Some(shown.clone());
            info
        });
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
            spec.set_number(w, value);
        }
    }
}

/// One named value of a list (region, currency, free tier, launch platform).
fn named_field(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec) {
    let label = ui.label(spec.label).on_hover_ui(|ui| hover_ui(ui, spec));
    let current = spec.text(w);
    let options = spec.options();
    let shown = options
        .iter()
        .find(|c| c.id == current)
        .map_or(current.as_str(), |c| c.title);
    let mut chosen = None;
    egui::ComboBox::from_id_salt(spec.name)
        .selected_text(shown)
        .width(ui.available_width().min(260.0))
        .show_ui(ui, |ui| {
            for c in &options {
                if ui.selectable_label(c.id == current, c.title).clicked() {
                    chosen = Some(c.id);
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_ui(|ui| hover_ui(ui, spec));
    if let Some(id) = chosen {
        let mut edited = w.clone();
        if spec.set_text(&mut edited, id).is_ok() {
            *w = edited;
        }
    }
}

fn field_ui(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec, said: &mut Vec<String>) {
    match spec.widget() {
        Widget::Nines => availability_field(ui, w, spec),
        Widget::DateEntry => date_field(ui, w, spec),
        Widget::Toggle => {
            let mut on = spec.number(w).is_some_and(|v| v != 0.0);
            if ui
                .checkbox(&mut on, spec.label)
                .on_hover_ui(|ui| hover_ui(ui, spec))
                .changed()
            {
                spec.set_number(w, if on { 1.0 } else { 0.0 });
            }
        }
        Widget::Dropdown => match spec.kind {
            Kind::Choice(values) => {
                let label = ui.label(spec.label).on_hover_ui(|ui| hover_ui(ui, spec));
                ui.horizontal(|ui| {
                    let current = spec.number(w).unwrap_or_default();
                    for &(v, text) in values {
                        if ui.radio(current == v, text).labelled_by(label.id).clicked() {
                            spec.set_number(w, v);
                        }
                    }
                });
            }
            _ => named_field(ui, w, spec),
        },
        Widget::Slider | Widget::LogSlider => number_field(ui, w, spec, said),
    }
}

/// Keeps the date being typed across frames; the workload takes it once it parses.
fn date_field(ui: &mut Ui, w: &mut Workload, spec: &FieldSpec) {
    let id = ui.scope_id().with((spec.name, "text"));
    let current = spec.text(w);
    let current = if current == "none" {
        String::new()
    } else {
        current
    };
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.clone());
    let label = ui.label(spec.label).on_hover_ui(|ui| hover_ui(ui, spec));
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("YYYY-MM-DD")
                .desired_width(120.0),
        )
        .labelled_by(label.id);
    let mut edited = w.clone();
    let parsed = spec.set_text(&mut edited, &text);
    if response.changed() && parsed.is_ok() {
        *w = edited;
    }
    if let Err(err) = &parsed {
        let why = match err {
            crate::core::workload::WorkloadError::BadDate { why, .. } => why.clone(),
            other => other.to_string(),
        };
        ui.colored_label(super::theme::text(ui, super::theme::BAD), why);
    }
    if response.has_focus() || parsed.is_err() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
}

/// The panel for `preset`: its title, and every field through the field table's checked setter.
/// Returns what the user should be told (a range end that moved to hold a typed value).
pub fn show(ui: &mut Ui, preset: &mut Preset) -> Vec<String> {
    let mut said = Vec::new();
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
            for group in Group::iter() {
                egui::CollapsingHeader::new(egui::RichText::new(group.title()).strong())
                    .default_open(group.starts_open(w))
                    .show(ui, |ui| {
                        for spec in FIELDS.iter().filter(|f| f.group == group) {
                            let id = ui.scope_id().with(spec.name);
                            when_visible(ui, id, |ui| field_ui(ui, w, spec, &mut said));
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
    said
}
