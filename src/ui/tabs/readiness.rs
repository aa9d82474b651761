//! Readiness: the checklist the core evaluates, blockers first, grouped; manual items tickable
//! with a note; progress and "do by" dates from the launch date.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::core::checklist::{ChecklistState, ManualState};
use crate::core::report::{ItemStatus, Readiness, ReadinessItem};
use crate::ui::command::{Command, Edit};
use crate::ui::theme;
use crate::ui::view::ReportView as View;

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

fn item_row(
    ui: &mut Ui,
    item: &ReadinessItem,
    state: &mut ChecklistState,
    (today, last_width): (NaiveDate, f32),
) {
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
            ui.set_max_width(last_width);
            ui.add(egui::Label::new(&item.reason).wrap());
        });
    } else {
        let entry = state.entry(item.item.id.to_string()).or_default();
        ui.add(
            egui::TextEdit::singleline(&mut entry.note)
                .hint_text("note")
                .desired_width(last_width),
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
    checklist_grid(ui, r, state, today);
}

/// Blockers, then each group, in one grid so that status, title, do-by and note line up down
/// the whole checklist; each section starts with a heading row.
fn checklist_grid(ui: &mut Ui, r: &Readiness, state: &mut ChecklistState, today: NaiveDate) {
    let is_blocker = |i: &ReadinessItem| r.blockers.iter().any(|b| **b == *i.item.id);
    let mut sections: Vec<(&str, Vec<&ReadinessItem>)> = Vec::new();
    let blockers: Vec<&ReadinessItem> = r.items.iter().filter(|i| is_blocker(i)).collect();
    if !blockers.is_empty() {
        sections.push(("Blockers", blockers));
    }
    for item in r.items.iter().filter(|i| !is_blocker(i)) {
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
