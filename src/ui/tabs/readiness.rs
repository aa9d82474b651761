//! Readiness: the checklist the core evaluates, blockers first, grouped; manual items tickable
//! with a note; progress and "do by" dates from the launch date.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::core::readiness::{ChecklistState, ManualState};
use crate::core::report::{ItemStatus, ReadinessItem};
use crate::ui::command::{Command, Edit};
use crate::ui::theme;
use crate::ui::view::ReportView as View;
use crate::ui::widgets::heading;

fn status_mark(ui: &Ui, item: &ReadinessItem) -> RichText {
    match item.status {
        ItemStatus::Pass => RichText::new("pass")
            .strong()
            .color(theme::text(ui, theme::OK)),
        ItemStatus::Fail => RichText::new("FAIL")
            .strong()
            .color(theme::text(ui, theme::BAD)),
        ItemStatus::Manual if item.overdue => RichText::new("overdue")
            .strong()
            .color(theme::text(ui, theme::BAD)),
        ItemStatus::Manual => RichText::new("to do"),
        ItemStatus::NotApplicable => RichText::new("n/a").weak(),
    }
}

fn item_row(ui: &mut Ui, item: &ReadinessItem, state: &mut ChecklistState, today: NaiveDate) {
    ui.label(status_mark(ui, item));
    if item.automatic {
        ui.label(item.item.title.as_ref())
            .on_hover_text(item.item.why.as_ref());
    } else {
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
    }
    match item.do_by {
        Some(date) if item.overdue => {
            ui.colored_label(theme::text(ui, theme::BAD), format!("do by {date}"))
        }
        Some(date) => ui.label(format!("do by {date}")),
        None => ui.weak(format!("{} days before launch", item.item.lead_time_days)),
    };
    if item.automatic {
        // Long reasons wrap rather than run off the window.
        ui.scope(|ui| {
            ui.set_max_width(380.0);
            ui.add(egui::Label::new(&item.reason).wrap());
        });
    } else {
        let entry = state.entry(item.item.id.to_string()).or_default();
        ui.add(
            egui::TextEdit::singleline(&mut entry.note)
                .hint_text("note")
                .desired_width(260.0),
        );
        if entry == &ManualState::default() {
            state.remove(item.item.id.as_ref());
        }
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
        if r.blockers.is_empty() {
            ui.colored_label(theme::text(ui, theme::OK), "no blockers");
        } else {
            ui.colored_label(
                theme::text(ui, theme::BAD),
                format!("{} blocker(s)", r.blockers.len()),
            );
        }
    });
    ui.label(
        RichText::new(
            "Automatic items are decided by the report; tick manual items as they are done.",
        )
        .small()
        .weak(),
    );
    let blockers: Vec<&ReadinessItem> = r
        .items
        .iter()
        .filter(|i| r.blockers.iter().any(|b| **b == *i.item.id))
        .collect();
    if !blockers.is_empty() {
        heading(ui, "Blockers");
        egui::Grid::new("blockers")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for item in blockers {
                    item_row(ui, item, state, today);
                }
            });
    }
    let mut groups: Vec<&str> = Vec::new();
    for item in &r.items {
        if !groups.contains(&item.item.group.as_ref()) {
            groups.push(&item.item.group);
        }
    }
    for group in groups {
        heading(ui, group);
        egui::Grid::new(("group", group))
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for item in r.items.iter().filter(|i| {
                    *i.item.group == *group && !r.blockers.iter().any(|b| **b == *i.item.id)
                }) {
                    item_row(ui, item, state, today);
                }
            });
    }
}
