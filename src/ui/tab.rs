//! What every tab is: a view of the report that pushes commands, and how a tab turns its
//! edited copy of the workload into checked edits. A leaf, so the tabs and their collection do
//! not import each other.

use egui::Ui;

use super::command::{Command, Edit};
use super::view::ReportView;
use crate::core::Sheets;
use crate::core::fields::FIELDS;
use crate::core::workload::Workload;

/// One tab.
pub trait TabView {
    /// Brings the tab's own derived data up to date before it is drawn (long work on a worker
    /// thread). Called only while the tab is shown.
    fn refresh(&mut self, _ctx: &egui::Context, _view: &ReportView, _sheets: &Sheets) {}

    /// Draws the tab; what the user changes comes back as commands.
    fn ui(&mut self, ui: &mut Ui, view: &ReportView, commands: &mut Vec<Command>);

    /// Whether work for this tab is still running (a screenshot waits for it).
    fn busy(&self) -> bool {
        false
    }
}

/// The edits that turn `before` into `after`: one per field (by its table name) and override
/// that differs. Tabs edit a copy of the workload with ordinary widgets and send these.
pub fn edits_between(before: &Workload, after: &Workload) -> Vec<Edit> {
    let mut edits: Vec<Edit> = FIELDS
        .iter()
        .filter(|spec| spec.text(before) != spec.text(after))
        .map(|spec| Edit::Field(spec.name, spec.text(after)))
        .collect();
    for (key, value) in &after.overrides {
        if before.overrides.get(key) != Some(value) {
            edits.push(Edit::Override(key.clone(), Some(*value)));
        }
    }
    for key in before.overrides.keys() {
        if !after.overrides.contains_key(key) {
            edits.push(Edit::Override(key.clone(), None));
        }
    }
    edits
}

/// Pushes the edits a tab made to its copy of the workload.
pub fn push_edits(commands: &mut Vec<Command>, before: &Workload, after: &Workload) {
    commands.extend(edits_between(before, after).into_iter().map(Command::Edit));
}
