//! The eframe app: persisted state, the cached report, undo/redo, and the frame layout.
//!
//! Each frame: menu and status bars, the workload panel (which may edit the workload), then the
//! report is brought up to date, then the selected tab draws it. So a slider's new value shows
//! in every figure in the same frame.

use std::path::PathBuf;

use chrono::NaiveDate;
use egui::util::undoer::{Settings, Undoer};
use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};

use crate::core::readiness::Checklist;
use crate::core::readiness::ChecklistState;
use crate::core::report::Report;
use crate::core::sheets::STALE_AFTER_DAYS;
use crate::core::sweep::{break_even_on, device_grid, sweep_devices};
use crate::core::{Context, Sheets, Workload, evaluate};
use crate::io::preset::{self, Preset};

use super::files::{Command, Jobs};
use super::{tabs, workload_panel};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Costs,
    Throttling,
    Storage,
    Readiness,
    Optimise,
}

impl Tab {
    pub const ALL: [Self; 5] = [
        Self::Costs,
        Self::Throttling,
        Self::Storage,
        Self::Readiness,
        Self::Optimise,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Costs => "Costs",
            Self::Throttling => "Throttling",
            Self::Storage => "Storage",
            Self::Readiness => "Readiness",
            Self::Optimise => "Optimise",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

/// What survives a restart (eframe persistence): the open preset, its path, the view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    pub preset: Preset,
    pub path: Option<PathBuf>,
    /// The preset as last opened or saved, to tell whether there are unsaved changes.
    pub saved: Option<Preset>,
    pub tab: Tab,
    pub recent: Vec<PathBuf>,
    pub theme: ThemeChoice,
    /// Platform shown in the line-item table and the throttle chart (index into `PlatformId::ALL`).
    pub platform: usize,
    /// Total the Optimise waterfall shows (index into `core::optimise::TARGETS`).
    pub optimise_target: usize,
    /// Use the in-app file chooser instead of the system's dialogs.
    pub builtin_file_dialog: bool,
}

/// A message for the status bar: errors stay until dismissed or replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The report for the current inputs, with the sweeps the charts need.
pub struct View {
    pub workload: Workload,
    manual: ChecklistState,
    pub report: Report,
    pub curve_devices: Vec<f64>,
    pub curve: Vec<[Option<f64>; 3]>,
}

pub struct IotplanApp {
    pub state: AppState,
    pub storms: super::storms::StormRunner,
    pub optimise: Option<tabs::optimise::OptimiseView>,
    pub sheets: Sheets,
    pub checklist: Checklist,
    pub today: NaiveDate,
    pub view: Option<View>,
    pub message: Option<Message>,
    undoer: Undoer<Workload>,
    pub(super) jobs: Jobs,
    pub(super) commands: Vec<Command>,
    pub(super) confirm_discard: Option<Command>,
    /// The in-app file chooser, while open.
    pub(super) chooser: Option<super::files::Chooser>,
    /// The one command the user allowed to drop unsaved changes.
    pub(super) approved: Option<Command>,
    pub(super) screenshot: Option<super::ScreenshotPlan>,
    pub(super) frame: u64,
    /// Writes the state soon after each change (only in the real window, not in tests).
    pub autosave: Option<super::persist::Autosave>,
    /// Frames drawn since background work last finished (screenshots wait for some).
    pub(super) quiet_frames: u64,
    title: String,
    pub(super) time: f64,
}

impl IotplanApp {
    pub fn new(state: AppState, sheets: Sheets, today: NaiveDate) -> Self {
        let mut app = Self {
            state,
            storms: super::storms::StormRunner::default(),
            optimise: None,
            sheets,
            checklist: Checklist::embedded(),
            today,
            view: None,
            message: None,
            undoer: Undoer::with_settings(Settings {
                max_undos: 200,
                stable_time: 0.5,
                auto_save_interval: 10.0,
            }),
            jobs: Jobs::default(),
            commands: Vec::new(),
            confirm_discard: None,
            chooser: None,
            approved: None,
            screenshot: None,
            frame: 0,
            autosave: None,
            quiet_frames: 0,
            title: String::new(),
            time: 0.0,
        };
        app.refresh();
        app
    }

    /// A fresh app on the default workload, for tests and first starts.
    pub fn with_defaults(today: NaiveDate) -> Self {
        Self::new(AppState::default(), Sheets::embedded(), today)
    }

    pub fn workload(&self) -> &Workload {
        &self.state.preset.workload
    }

    pub fn workload_mut(&mut self) -> &mut Workload {
        &mut self.state.preset.workload
    }

    /// Whether the in-app file chooser is open.
    pub fn chooser_open(&self) -> bool {
        self.chooser.is_some()
    }

    pub fn report(&self) -> Option<&Report> {
        self.view.as_ref().map(|v| &v.report)
    }

    /// Unsaved changes: the preset differs from the file it came from, or, never saved, from
    /// a fresh document (so a fresh window is clean).
    pub fn is_dirty(&self) -> bool {
        match &self.state.saved {
            Some(saved) => saved != &self.state.preset,
            None => self.state.preset != Preset::default(),
        }
    }

    /// Recomputes the report when the workload or the ticks changed since the last one.
    pub fn refresh(&mut self) {
        let preset = &self.state.preset;
        if let Some(v) = &self.view
            && v.workload == preset.workload
            && v.manual == preset.checklist
        {
            return;
        }
        let ctx = Context {
            today: self.today,
            checklist: self.checklist.clone(),
            manual: preset.checklist.clone(),
        };
        // One sweep serves the cost chart and the break-even points, on the grid `full_report`
        // uses, so the window and `iotplan report` agree.
        let result = evaluate(&preset.workload, &self.sheets, &ctx).and_then(|mut report| {
            let sheets = self.sheets.with_overrides(&preset.workload.overrides)?;
            let devices = device_grid();
            let curve = sweep_devices(&preset.workload, &sheets, &devices);
            report.break_even = break_even_on(&preset.workload, &sheets, &devices, &curve);
            Ok((report, devices, curve))
        });
        match result {
            Ok((report, curve_devices, curve)) => {
                self.view = Some(View {
                    workload: preset.workload.clone(),
                    manual: preset.checklist.clone(),
                    report,
                    curve_devices,
                    curve,
                });
            }
            // The inputs are validated where they enter, so this is a defect; keep the last
            // good figures on screen and say so.
            Err(err) => self.error(format!("cannot evaluate the workload: {err}")),
        }
    }

    /// The storm inputs for the platform shown on the Throttling tab: (devices, rate × 1000)
    /// and the connect rate.
    pub fn storm_key(&self) -> Option<(super::storms::StormKey, f64)> {
        use crate::core::simulate::MAX_DEVICES;
        let view = self.view.as_ref()?;
        let platform = crate::core::report::PlatformId::ALL[self.state.platform.min(2)];
        let rate = view
            .report
            .throttle
            .reconnect
            .iter()
            .find(|r| r.platform == platform)
            .map(|r| r.connects_per_second)?;
        let devices = (view.workload.devices as u64).min(MAX_DEVICES);
        Some(((devices, (rate * 1000.0).round() as u64), rate))
    }

    /// Brings the storm simulations up to date on their worker thread. While a slider is
    /// dragged the storms shown stay (marked as updating) until it is released.
    pub fn refresh_storms(&mut self, ctx: &egui::Context) {
        if let Some((key, rate)) = self.storm_key() {
            let dragging = ctx.input(|i| i.pointer.any_down());
            self.storms.update(ctx, key, rate, dragging);
        }
    }

    /// Whether work for the screen is still running (a screenshot waits for it).
    pub fn busy(&self) -> bool {
        self.storms.busy()
    }

    /// Brings the Optimise tab's figures up to date (about 20 evaluations: only on that tab).
    pub fn refresh_optimise(&mut self, egui_ctx: &egui::Context) {
        let w = &self.state.preset.workload;
        let platform = self.state.platform.min(2);
        let current = self
            .optimise
            .as_ref()
            .is_some_and(|o| &o.workload == w && o.tornado_platform == platform);
        // About twenty evaluations and three sweeps: while a slider is dragged they wait for
        // its release, as the storms do.
        if current || (self.optimise.is_some() && egui_ctx.input(|i| i.pointer.any_down())) {
            return;
        }
        let ctx = Context {
            today: self.today,
            checklist: self.checklist.clone(),
            manual: self.state.preset.checklist.clone(),
        };
        let result = self
            .sheets
            .with_overrides(&w.overrides)
            .map_err(crate::core::EvaluateError::from)
            .and_then(|sheets| {
                let optimisation = crate::core::optimise::optimise(w, &self.sheets, &ctx)?;
                let batch_sizes: Vec<f64> = (1..=200).map(f64::from).collect();
                let by_batch = crate::core::optimise::by_batch_size(w, &sheets, &batch_sizes);
                let tornado = crate::core::optimise::sensitivity(w, &sheets, platform);
                Ok(tabs::optimise::OptimiseView {
                    workload: w.clone(),
                    optimisation,
                    batch_sizes,
                    by_batch,
                    tornado,
                    tornado_platform: platform,
                })
            });
        match result {
            Ok(view) => self.optimise = Some(view),
            Err(err) => self.error(format!("cannot evaluate the strategies: {err}")),
        }
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    /// Asks for a menu command, carried out at the end of the next frame.
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }

    pub fn undo(&mut self) {
        if let Some(previous) = self.undoer.undo(&self.state.preset.workload) {
            self.state.preset.workload = previous.clone();
        }
    }

    pub fn redo(&mut self) {
        if let Some(next) = self.undoer.redo(&self.state.preset.workload) {
            self.state.preset.workload = next.clone();
        }
    }

    /// Replaces the open preset (after Open, New or an example): the undo history starts anew.
    pub fn replace_preset(&mut self, preset: Preset, path: Option<PathBuf>) {
        if preset.sheets.is_none() {
            self.sheets = Sheets::embedded();
        }
        self.state.saved = path.is_some().then(|| preset.clone());
        self.state.preset = preset;
        self.state.path = path;
        self.undoer = Undoer::with_settings(Settings {
            max_undos: 200,
            stable_time: 0.5,
            auto_save_interval: 10.0,
        });
        self.refresh();
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        // Redo first: Ctrl+Shift+Z would also match Ctrl+Z.
        if ctx.input_mut(|i| i.consume_shortcut(&redo)) {
            self.redo();
        }
        if ctx.input_mut(|i| i.consume_shortcut(&undo)) {
            self.undo();
        }
        if ctx.input_mut(|i| i.consume_shortcut(&open)) {
            self.commands.push(Command::Open);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&save)) {
            self.commands.push(Command::Save);
        }
    }

    fn window_title(&self) -> String {
        let name = self
            .state
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || self.state.preset.title.clone(),
                |n| n.to_string_lossy().into_owned(),
            );
        format!(
            "{name}{} — iotplan",
            if self.is_dirty() { " *" } else { "" }
        )
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if let Some(message) = &self.message {
                    let color = if message.error {
                        super::theme::BAD
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.colored_label(color, &message.text);
                    if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                        self.message = None;
                    }
                    ui.separator();
                }
                let Some(view) = &self.view else { return };
                ui.label("Prices as of:");
                for sheet in &view.report.sheets {
                    let stale = sheet.age_days > STALE_AFTER_DAYS;
                    let text = format!(
                        "{} {}{}",
                        sheet.title,
                        sheet.as_of,
                        if stale { " (stale)" } else { "" }
                    );
                    let hover = format!(
                        "{} ({}.ron): researched {}, {} days ago{}",
                        sheet.title,
                        sheet.name,
                        sheet.as_of,
                        sheet.age_days,
                        if stale {
                            "; older than 180 days, re-check the prices before relying on them"
                        } else {
                            ""
                        }
                    );
                    if stale {
                        ui.colored_label(super::theme::WARN, text)
                            .on_hover_text(hover);
                    } else {
                        ui.label(text).on_hover_text(hover);
                    }
                }
            });
        });
    }

    /// Draws the whole window into `ui`: used by eframe and by the kittest tests alike.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.frame += 1;
        self.time = ctx.input(|i| i.time);
        self.shortcuts(&ctx);
        super::files::menu_bar(self, ui);
        self.status_bar(ui);
        egui::Panel::left("workload")
            .resizable(true)
            .default_size(340.0)
            .min_size(280.0)
            .show(ui, |ui| workload_panel::show(self, ui));
        self.refresh();
        self.undoer
            .feed_state(self.time, &self.state.preset.workload);
        if self.state.tab == Tab::Throttling {
            self.refresh_storms(&ctx);
        }
        if self.state.tab == Tab::Optimise {
            self.refresh_optimise(&ctx);
        }
        self.central_panel(ui);
        super::files::confirm_dialog(self, ui);
        super::files::chooser_frame(self, &ctx);
        super::files::watchdog(self);
        super::files::run_commands(self, &ctx);
        self.end_of_frame(&ctx);
    }

    /// The tab bar and the selected tab, in a scroll area.
    fn central_panel(&mut self, ui: &mut egui::Ui) {
        let storm_key = self.storm_key().map(|(key, _)| key);
        let (view, state, storms, optimise) =
            (&self.view, &mut self.state, &self.storms, &self.optimise);
        egui::CentralPanel::default().show(ui, |ui| {
            tab_bar(ui, &mut state.tab);
            let Some(view) = view else {
                ui.label("No report yet");
                return;
            };
            let preset = &mut state.preset;
            // Both ways: at the smallest window a wide table scrolls instead of being clipped.
            egui::ScrollArea::both()
                .auto_shrink(false)
                .show(ui, |ui| match state.tab {
                    Tab::Costs => tabs::costs::show(ui, view, &mut state.platform),
                    Tab::Throttling => tabs::throttling::show(
                        ui,
                        view,
                        &preset.workload,
                        &mut state.platform,
                        storms,
                        storm_key,
                    ),
                    Tab::Storage => tabs::storage::show(ui, view, &mut preset.workload),
                    Tab::Readiness => {
                        tabs::readiness::show(ui, view, &mut preset.checklist, self.today);
                    }
                    Tab::Optimise => match optimise {
                        Some(opt) => tabs::optimise::show(
                            ui,
                            view,
                            opt,
                            &mut preset.workload,
                            &mut state.optimise_target,
                        ),
                        None => {
                            ui.label("No figures yet");
                        }
                    },
                });
        });
    }

    /// Saves the state when due and keeps the window title current.
    fn end_of_frame(&mut self, ctx: &egui::Context) {
        if let Some(autosave) = &mut self.autosave
            && let Some(err) = autosave.tick(ctx, self.time, &self.state)
        {
            self.error(err);
        }
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for IotplanApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        super::files::poll_jobs(self, ctx);
        super::files::handle_close(self, ctx);
        super::files::handle_drops(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        super::screenshot_step(self, ui.ctx());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(autosave) = &mut self.autosave {
            let _ = autosave.flush(&self.state);
        }
    }
}

fn tab_bar(ui: &mut egui::Ui, current: &mut Tab) {
    ui.horizontal(|ui| {
        for tab in Tab::ALL {
            if ui
                .selectable_label(*current == tab, egui::RichText::new(tab.title()).size(16.0))
                .clicked()
            {
                *current = tab;
            }
        }
    });
    ui.separator();
}

/// Loads a preset for the window; on failure the caller keeps what is on screen.
pub fn load_preset(path: &std::path::Path) -> Result<(Preset, Vec<String>), String> {
    preset::load(path)
        .map(|l| (l.preset, l.warnings))
        .map_err(|e| e.to_string())
}

/// The sheets a preset asks for: its `sheets` folder (relative to the preset file), else the
/// embedded ones.
pub fn sheets_for(preset: &Preset, path: Option<&std::path::Path>) -> Result<Sheets, String> {
    let Some(dir) = &preset.sheets else {
        return Ok(Sheets::embedded());
    };
    let base = path
        .and_then(std::path::Path::parent)
        .unwrap_or(std::path::Path::new("."));
    crate::io::load_sheets(Some(&base.join(dir))).map_err(|e| e.to_string())
}
