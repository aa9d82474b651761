//! Readiness: the checklist the core evaluates on the launch platform, blockers then warnings
//! first, then grouped; manual items tickable
//! with a note; progress and "do by" dates from the launch date.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::core::checklist::{ChecklistState, ManualState};
use crate::core::report::{ItemStatus, Readiness, ReadinessItem};
use crate::ui::command::{Command, Edit};
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::severity_text;

/// Pass, n/a and to-do as words; a failure or an overdue tick as its severity, so that a
/// blocker, a warning and advice never look alike.
fn status_mark(ui: &Ui, item: &ReadinessItem) -> RichText {
    match (item.status, item.severity) {
        (ItemStatus::Pass, _) => RichText::new("pass")
            .strong()
            .color(theme::text(ui, theme::OK)),
        (ItemStatus::Fail | ItemStatus::Manual, Some(s)) => {
            severity_text(ui, Some(s), if item.overdue { " (overdue)" } else { "" })
        }
        (ItemStatus::Fail, None) => RichText::new("failed")
            .strong()
            .color(theme::text(ui, theme::BAD)),
        (ItemStatus::Manual, None) if item.overdue => RichText::new("overdue")
            .strong()
            .color(theme::text(ui, theme::BAD)),
        (ItemStatus::Manual, None) => RichText::new("to do"),
        (ItemStatus::NotApplicable, _) => RichText::new("n/a").weak(),
    }
}

/// One checklist row. A manual item (and the quota item, ticked once requested) has a tick
/// and a note; the core's words for it (what to request) stay visible above the note. An item
/// that does not apply says why, without a tick.
fn item_row(
    ui: &mut Ui,
    item: &ReadinessItem,
    state: &mut ChecklistState,
    (today, last_width): (NaiveDate, f32),
) {
    let tickable = !item.automatic && item.status != ItemStatus::NotApplicable;
    ui.label(status_mark(ui, item));
    if tickable {
        let entry = state.entry(item.item.id.to_string()).or_default();
        let mut done = entry.done;
        if ui
            .checkbox(&mut done, item.item.title.as_ref())
            .on_hover_text(item.item.why.as_ref())
            .changed()
        {
            entry.done = done;
            entry.done_on = done.then_some(today);
        }
    } else {
        ui.label(item.item.title.as_ref())
            .on_hover_text(item.item.why.as_ref());
    }
    match item.do_by {
        Some(date) if item.overdue => {
            ui.colored_label(theme::text(ui, theme::BAD), format!("do by {date}"))
        }
        Some(date) => ui.label(format!("do by {date}")),
        None if item.status == ItemStatus::NotApplicable => ui.weak("—"),
        None => ui.weak(format!("{} days before launch", item.item.lead_time_days)),
    };
    if !tickable {
        // Long reasons wrap rather than run off the window.
        ui.scope(|ui| {
            ui.set_max_width(last_width);
            ui.add(egui::Label::new(item.reason.text()).wrap());
        });
        ui.end_row();
        return;
    }
    let entry = state.entry(item.item.id.to_string()).or_default();
    // The reason is the core's words, then the note; the words are shown, the note edited.
    let reason = item.reason.text();
    let words = if reason == entry.note {
        ""
    } else {
        reason
            .strip_suffix(entry.note.as_str())
            .and_then(|w| w.strip_suffix("; "))
            .unwrap_or(&reason)
    };
    ui.vertical(|ui| {
        if !words.is_empty() {
            ui.set_max_width(last_width);
            ui.add(egui::Label::new(words).wrap());
        }
        ui.add(
            egui::TextEdit::singleline(&mut entry.note)
                .hint_text("note")
                .desired_width(last_width),
        );
    });
    if entry == &ManualState::default() {
        state.remove(item.item.id.as_ref());
    }
    ui.end_row();
}

/// The launch checklist: blockers first, automatic items with their figures, manual ticks.
pub struct ReadinessTab;

impl crate::ui::tab::TabView for ReadinessTab {
    fn ui(&mut self, ui: &mut Ui, view: &View, commands: &mut Vec<Command>) {
        let mut state = view.manual.clone();
        show(ui, view, &mut state, view.today);
        for (id, item) in &state {
            if view.manual.get(id) != Some(item) {
                commands.push(Command::Edit(Edit::Manual(id.clone(), item.clone())));
            }
        }
    }
}

fn show(ui: &mut Ui, view: &View, state: &mut ChecklistState, today: NaiveDate) {
    let r = &view.report.readiness;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("{} of {} passed", r.passed, r.applicable))
                .size(20.0)
                .strong(),
        );
        let color = if r.blockers.is_empty() {
            theme::OK
        } else {
            theme::WARN
        };
        ui.add(
            // The shown percentage is rounded (7 of 26 is 27 %, not a truncated 26 %).
            egui::ProgressBar::new(r.score as f32)
                .desired_width(260.0)
                .fill(color)
                .text(format!("{:.0} %", r.score * 100.0)),
        );
        let counted = [
            (r.blockers.len(), "blocker", theme::BAD),
            (r.warnings.len(), "warning", theme::WARN),
        ];
        for (n, thing, color) in counted {
            let text = crate::core::format::plural(n, thing);
            if n == 0 {
                ui.label(text);
            } else {
                ui.colored_label(theme::text(ui, color), RichText::new(text).strong());
            }
        }
    });
    ui.label(match view.report.launch_platform.id {
        Some(p) => format!(
            "Judged on {}, the launch platform{} (Launch, Launch on).",
            p.title(),
            if view.report.launch_platform.chosen_by == "auto" {
                ": the cheapest that can carry the workload"
            } else {
                ""
            }
        ),
        None => "No platform can carry the workload: the platform items cannot pass.".to_owned(),
    });
    ui.label(
        RichText::new(
            "Automatic items are decided by the report; tick manual items as they are done.",
        )
        .small()
        .weak(),
    );
    checklist_grid(ui, r, state, today);
}

/// Blockers, then each group, in one grid so that status, title, do-by and note line up down
/// the whole checklist; each section starts with a heading row.
fn checklist_grid(ui: &mut Ui, r: &Readiness, state: &mut ChecklistState, today: NaiveDate) {
    let listed = |ids: &[String], i: &ReadinessItem| ids.iter().any(|b| **b == *i.item.id);
    let flagged = |i: &ReadinessItem| listed(&r.blockers, i) || listed(&r.warnings, i);
    let mut sections: Vec<(&str, Vec<&ReadinessItem>)> = Vec::new();
    for (title, ids) in [("Blockers", &r.blockers), ("Warnings", &r.warnings)] {
        let items: Vec<&ReadinessItem> = r.items.iter().filter(|i| listed(ids, i)).collect();
        if !items.is_empty() {
            sections.push((title, items));
        }
    }
    for item in r.items.iter().filter(|i| !flagged(i)) {
        match sections
            .iter_mut()
            .find(|(g, _)| *g == item.item.group.as_ref())
        {
            Some((_, items)) => items.push(item),
            None => sections.push((&item.item.group, vec![item])),
        }
    }
    ui.add_space(6.0);
    // The reason and note column takes what the first three leave, so nothing is cut at the
    // smallest window and long reasons wrap.
    let last_width = (ui.available_width() - 610.0).clamp(150.0, 440.0);
    egui::Grid::new("checklist")
        .striped(true)
        .num_columns(4)
        .min_col_width(60.0)
        .show(ui, |ui| {
            for (title, items) in sections {
                ui.label("");
                ui.label(RichText::new(title).heading());
                ui.end_row();
                for item in items {
                    item_row(ui, item, state, (today, last_width));
                }
            }
        });
}
