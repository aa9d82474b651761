//! The app's state and what changes it: the document and preferences, the report view derived
//! from them, undo/redo over the whole document, and edits checked against the field table.
//! Drawing is `window.rs`'s; carrying out menu commands is `files.rs`'s.

use std::path::PathBuf;

use chrono::NaiveDate;
use egui::util::undoer::{Settings, Undoer};

use super::command::{Command, Edit};
use super::dialogs::{Chooser, Jobs};
use super::persist::Autosave;
use super::screenshot::ScreenshotPlan;
use super::state::AppState;
use super::tabs::Tabs;
use super::view::ReportView;
use crate::core::checklist::Checklist;
use crate::core::report::Report;
use crate::core::{Context, Sheets, Workload};
use crate::io::preset::Preset;

pub use super::notices::{Level, Notice};

/// Undo keeps the last 200 document states, each once edits pause for half a second.
fn undoer() -> Undoer<Preset> {
    Undoer::with_settings(Settings {
        max_undos: 200,
        stable_time: 0.5,
        auto_save_interval: 10.0,
    })
}

pub struct IotplanApp {
    pub state: AppState,
    pub tabs: Tabs,
    pub sheets: Sheets,
    /// The region `sheets` are for: a change of the workload's region reloads them.
    sheets_region: crate::core::sheets::Region,
    pub checklist: Checklist,
    pub today: NaiveDate,
    pub view: Option<ReportView>,
    /// The status area: errors and warnings kept apart, each dismissable.
    pub notices: Vec<Notice>,
    undoer: Undoer<Preset>,
    /// The document as last seen, to give every change a new revision.
    last_seen: Preset,
    /// Revisions only grow, so an undone-and-redone edit never matches a saved revision.
    next_revision: u64,
    pub(super) jobs: Jobs,
    pub(super) commands: Vec<Command>,
    pub(super) confirm_discard: Option<Command>,
    /// The in-app file chooser, while open.
    pub(super) chooser: Option<Chooser>,
    /// The one command the user allowed to drop unsaved changes.
    pub(super) approved: Option<Command>,
    /// What the "unsaved changes" question's Save interrupted (Open, New, Quit…): carried on
    /// once the save succeeds, dropped if it fails or no file is chosen.
    pub(super) after_save: Option<Command>,
    /// Save over this file asked about first: saving drops what it holds that iotplan does
    /// not read.
    pub(super) confirm_overwrite: Option<std::path::PathBuf>,
    pub(super) screenshot: Option<ScreenshotPlan>,
    pub(super) frame: u64,
    /// Writes the state soon after each change (only in the real window, not in tests).
    pub autosave: Option<Autosave>,
    /// Frames drawn since background work last finished (screenshots wait for some).
    pub(super) quiet_frames: u64,
    pub(super) title: String,
    pub(super) time: f64,
    /// Sampling the ranges of the workload on screen, while it runs.
    pub(super) ranges_job: Option<super::sampler::RangesJob>,
    /// A pointer button is held: the projection waits for its release (`view.rs`).
    pub(super) dragging: bool,
    /// Where `sheets update` keeps its sets (the real window's data folder): a region's sheets
    /// are the chosen or newest set there. Tests leave it empty, so they keep the built-in
    /// sheets whatever the machine's data folder holds.
    pub sheet_sets: Option<std::path::PathBuf>,
    /// The sheets of a baseline pinned in another region, read once (not on every rebuild of
    /// the view while a slider is dragged); dropped when the choice of sheets changes.
    other_region_sheets: Option<(crate::core::sheets::Region, Sheets)>,
}

impl IotplanApp {
    pub fn new(mut state: AppState, sheets: Sheets, today: NaiveDate) -> Self {
        // A first start (nothing remembered, nothing opened) gets a new document for today.
        if state.document == super::state::Document::default() {
            state.document = super::state::Document::fresh(today, 1);
        }
        let next_revision = state.document.revision + 1;
        let mut app = Self {
            tabs: Tabs::new(state.preferences.selections),
            sheets_region: state.document.preset.workload.region,
            last_seen: state.document.preset.clone(),
            state,
            sheets,
            checklist: Checklist::embedded(),
            today,
            view: None,
            notices: Vec::new(),
            undoer: undoer(),
            next_revision,
            jobs: Jobs::default(),
            commands: Vec::new(),
            confirm_discard: None,
            chooser: None,
            approved: None,
            after_save: None,
            confirm_overwrite: None,
            screenshot: None,
            frame: 0,
            autosave: None,
            quiet_frames: 0,
            title: String::new(),
            time: 0.0,
            ranges_job: None,
            dragging: false,
            sheet_sets: None,
            other_region_sheets: None,
        };
        app.refresh();
        app
    }

    /// A fresh app on the default workload, for tests and first starts.
    pub fn with_defaults(today: NaiveDate) -> Self {
        Self::new(AppState::default(), Sheets::embedded(), today)
    }

    pub fn workload(&self) -> &Workload {
        &self.state.document.preset.workload
    }

    pub fn workload_mut(&mut self) -> &mut Workload {
        &mut self.state.document.preset.workload
    }

    /// Whether the in-app file chooser is open.
    pub fn chooser_open(&self) -> bool {
        self.chooser.is_some()
    }

    pub fn report(&self) -> Option<&Report> {
        self.view.as_ref().map(|v| &v.report)
    }

    /// What moved against the pinned baseline, as the window shows it.
    pub fn baseline_diff(&self) -> Option<&crate::core::compare::Diff> {
        self.view
            .as_ref()
            .and_then(|v| v.baseline.as_ref())
            .map(|(_, b)| &b.diff)
    }

    pub fn is_dirty(&self) -> bool {
        self.state.document.is_dirty()
    }

    /// Whether work for the screen is still running (a screenshot waits for it).
    pub fn busy(&self) -> bool {
        self.tabs.busy() || self.ranges_job.is_some()
    }

    /// Gives the document a new revision when it changed since the last frame, keeps the
    /// preferences' copy of the tabs' selections, and feeds undo.
    pub(super) fn track_changes(&mut self) {
        let preset = &self.state.document.preset;
        if *preset != self.last_seen {
            self.last_seen = preset.clone();
            self.state.document.revision = self.next_revision;
            self.next_revision += 1;
        }
        self.state.preferences.selections = self.tabs.selections();
        self.undoer
            .feed_state(self.time, &self.state.document.preset);
    }

    /// Recomputes the report when the workload or the ticks changed since the last one.
    /// A baseline that cannot be evaluated (a saved state from an older or edited file) is
    /// set aside with one notice: the workload on screen always has its report.
    fn set_aside_invalid_baseline(&mut self) {
        if let Some(b) = &self.state.preferences.baseline
            && let Err(err) = b.preset.workload.validate()
        {
            let name = b.name.clone();
            self.state.preferences.baseline = None;
            self.warn(format!(
                "The pinned baseline \"{name}\" was set aside: its workload is not valid ({err}). Pin a baseline again with Edit, Pin as baseline"
            ));
        }
    }

    /// A baseline in another region is priced on that region's sheets as chosen here: the
    /// region, with its sheets read once into `other_region_sheets`.
    fn baseline_region_sheets(&mut self) -> Option<crate::core::sheets::Region> {
        let here = self.state.document.preset.workload.region;
        let other = (self.state.preferences.baseline.as_ref())
            .map(|b| b.preset.workload.region)
            .filter(|r| *r != here);
        if let Some(r) = other
            && self
                .other_region_sheets
                .as_ref()
                .is_none_or(|(had, _)| *had != r)
        {
            self.other_region_sheets = self.region_sheets(r).ok().map(|s| (r, s));
        }
        other
    }

    pub fn refresh(&mut self) {
        self.set_aside_invalid_baseline();
        let region = self.state.document.preset.workload.region;
        if region != self.sheets_region {
            match self.sheets_of(region) {
                Ok(sheets) => self.sheets = sheets,
                Err(err) => self.error(format!("Price sheets for {}: {err}", region.id())),
            }
            self.sheets_region = region;
        }
        let preset = &self.state.document.preset;
        let baseline = self.state.preferences.baseline.as_ref();
        if let Some(v) = &self.view
            && v.workload == preset.workload
            && v.manual == preset.checklist
            && v.baseline.as_ref().map(|b| &b.0) == baseline
            && (v.projection_current || self.dragging)
        {
            return;
        }
        // While a slider is dragged the projection waits for its release, unless it is shown.
        let keep = self.dragging && self.state.preferences.tab != super::state::Tab::Projection;
        let ctx = Context {
            today: self.today,
            checklist: self.checklist.clone(),
            manual: preset.checklist.clone(),
        };
        let other = self.baseline_region_sheets();
        let preset = &self.state.document.preset;
        let baseline = self.state.preferences.baseline.as_ref();
        let other_region = self
            .other_region_sheets
            .as_ref()
            .filter(|(r, _)| Some(*r) == other)
            .map(|(_, s)| s);
        match ReportView::build_with(
            preset,
            &self.sheets,
            &ctx,
            (baseline, other_region),
            self.view.as_mut(),
            keep,
        ) {
            Ok(view) => {
                let w = &preset.workload;
                self.ranges_job = None;
                if !w.ranges.is_empty() {
                    match super::sampler::RangesJob::spawn(w, &self.sheets, &ctx) {
                        Ok(job) => self.ranges_job = Some(job),
                        Err(err) => self.error(format!(
                            "Ranges not sampled: no worker thread could be started ({err})"
                        )),
                    }
                }
                self.view = Some(view);
            }
            // The baseline may be what fails (its overrides, its sheets): set it aside and try
            // the workload alone.
            Err(err) if self.state.preferences.baseline.is_some() => {
                let name = self
                    .state
                    .preferences
                    .baseline
                    .take()
                    .map(|b| b.name)
                    .unwrap_or_default();
                self.warn(format!(
                    "The pinned baseline \"{name}\" was set aside: it cannot be evaluated ({err}). Pin a baseline again with Edit, Pin as baseline"
                ));
                self.refresh();
            }
            // A defect (inputs are validated where they enter): keep the last figures, say so.
            Err(err) => self.error(format!("cannot evaluate the workload: {err}")),
        }
    }

    /// Applies one edit from a tab, through the field table's checked setter; an edit the
    /// checks refuse changes nothing and says why.
    pub fn apply_edit(&mut self, edit: Edit) {
        let w = &mut self.state.document.preset.workload;
        match edit {
            Edit::Field(name, value) => {
                let Some(spec) = crate::core::fields::field(name) else {
                    return self.error(format!("unknown field `{name}`"));
                };
                let mut edited = w.clone();
                match spec.set_text(&mut edited, &value) {
                    Ok(()) => *w = edited,
                    Err(err) => self.error(err.to_string()),
                }
            }
            Edit::Override(key, value) => {
                let before = w.overrides.clone();
                match value {
                    Some(v) => w.overrides.insert(key, v),
                    None => w.overrides.remove(&key),
                };
                if let Err(err) = self.sheets.with_overrides(&w.overrides) {
                    w.overrides = before;
                    self.error(err.to_string());
                }
            }
            Edit::Manual(id, state) => {
                self.state.document.preset.checklist.insert(id, state);
            }
        }
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.notify(Level::Error, text.into());
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.notify(Level::Warning, text.into());
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.notify(Level::Info, text.into());
    }

    fn notify(&mut self, level: Level, text: String) {
        super::notices::push(&mut self.notices, level, text);
    }

    /// The newest notice of `level`, if any.
    pub fn last(&self, level: Level) -> Option<&Notice> {
        self.notices.iter().rev().find(|n| n.level == level)
    }

    /// Asks for a command, carried out at the end of the next frame.
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Steps the whole document (workload, title, checklist) back.
    pub fn undo(&mut self) {
        if let Some(previous) = self.undoer.undo(&self.state.document.preset) {
            self.state.document.preset = previous.clone();
        }
    }

    pub fn redo(&mut self) {
        if let Some(next) = self.undoer.redo(&self.state.document.preset) {
            self.state.document.preset = next.clone();
        }
    }

    /// The sheets of the open document in `region`: its own folder, else the region's.
    fn sheets_of(
        &self,
        region: crate::core::sheets::Region,
    ) -> Result<Sheets, crate::io::FileError> {
        let document = &self.state.document;
        match document.preset.sheets {
            Some(_) => crate::io::preset::sheets_for(&document.preset, document.path.as_deref()),
            None => self.region_sheets(region),
        }
    }

    /// A region's sheets: the newest updated set in the real window, else the built-in ones.
    pub fn region_sheets(
        &self,
        region: crate::core::sheets::Region,
    ) -> Result<Sheets, crate::io::FileError> {
        use super::state::SheetChoice;
        use crate::io::sets;
        let Some(dir) = &self.sheet_sets else {
            return Ok(Sheets::embedded_for(region));
        };
        match &self.state.preferences.sheet_choice {
            SheetChoice::BuiltIn => Ok(Sheets::embedded_for(region)),
            // A chosen set that is gone (or of another region) gives way to the newest: the
            // status bar names the set in use.
            SheetChoice::Set(name)
                if sets::parse_name(name).is_some_and(|(_, r, _)| r == region)
                    && dir.join(name).is_dir() =>
            {
                sets::load_set(name, &dir.join(name), region)
            }
            _ => sets::default_sheets_in(Some(dir), region),
        }
    }

    /// View ▸ Price sheets: uses `choice` from now on (a preset's own sheets folder stays).
    pub fn choose_sheets(&mut self, choice: super::state::SheetChoice) {
        self.state.preferences.sheet_choice = choice;
        self.other_region_sheets = None;
        if self.state.document.preset.sheets.is_some() {
            self.warn(
                "This preset names its own sheets folder, which it keeps; the choice applies to presets without one".to_owned(),
            );
            return;
        }
        self.reload_sheets();
    }

    /// The real window keeps `sheets update`'s sets in `dir`: the document's sheets become
    /// the chosen set there (its own folder if it names one).
    pub fn use_sheet_sets(&mut self, dir: Option<PathBuf>) {
        self.sheet_sets = dir;
        self.reload_sheets();
    }

    /// Loads the document's sheets anew and recomputes every figure on them; sheets that
    /// cannot be read leave those in use, with the reason.
    fn reload_sheets(&mut self) {
        self.other_region_sheets = None;
        let region = self.state.document.preset.workload.region;
        match self.sheets_of(region) {
            Ok(sheets) => {
                self.sheets = sheets;
                self.sheets_region = region;
                // The figures on screen are the old sheets': compute them anew.
                self.view = None;
                self.refresh();
            }
            Err(err) => self.error(format!(
                "Price sheets for {}: {err}; the figures stay on the sheets in use ({})",
                region.id(),
                self.sheets.set_name()
            )),
        }
    }

    /// Replaces the open preset (after Open, New or an example): the undo history starts anew.
    pub fn replace_preset(&mut self, preset: Preset, path: Option<PathBuf>) {
        if preset.sheets.is_none() {
            let region = preset.workload.region;
            self.sheets = match self.region_sheets(region) {
                Ok(sheets) => sheets,
                Err(err) => {
                    self.error(format!("Price sheets for {}: {err}", region.id()));
                    Sheets::embedded_for(region)
                }
            };
            self.sheets_region = region;
        }
        let revision = self.next_revision;
        self.next_revision += 1;
        self.last_seen = preset.clone();
        self.state.document = super::state::Document::opened(preset, path, revision);
        self.undoer = undoer();
        self.refresh();
    }
}
