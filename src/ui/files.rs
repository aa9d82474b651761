//! The File and Edit menus and what they do: presets opened, saved, dropped and exported.
//! Native dialogs run on a named worker thread so the window never blocks; their answers come
//! back over a bounded channel and are acted on at the start of a frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::TryRecvError;

use crate::export::{self, Format};
use crate::io::{atomic_write, preset};

use super::app::IotplanApp;
use super::command::Command;
use super::dialogs::{
    Chooser, DIALOG_WATCHDOG_SECONDS, JobResult, NO_BACKEND_SECONDS, Purpose, command_for,
    system_dialog_possible,
};
use super::state::Tab;
use super::theme::ThemeChoice;
use crate::io::preset::{load_preset, sheets_for};

/// Shipped example presets: (title, file name, text).
pub const EXAMPLES: [(&str, &str, &str); 5] = [
    (
        "Starter fleet",
        "starter.ron",
        include_str!("../../presets/starter.ron"),
    ),
    (
        "Launch day",
        "launch-day.ron",
        include_str!("../../presets/launch-day.ron"),
    ),
    (
        "Smart building",
        "smart-building.ron",
        include_str!("../../presets/smart-building.ron"),
    ),
    (
        "Water utility",
        "water-utility.ron",
        include_str!("../../presets/water-utility.ron"),
    ),
    (
        "Connected vehicles",
        "vehicle-fleet.ron",
        include_str!("../../presets/vehicle-fleet.ron"),
    ),
];

const RECENT_MAX: usize = 8;

/// Asks for a file: the system dialog on a worker thread when there is one, else (or when the
/// user chose it, or a system dialog hung) the in-app chooser.
fn spawn_dialog(app: &mut IotplanApp, ctx: &egui::Context, purpose: Purpose, suggested: String) {
    if app.state.preferences.builtin_file_dialog
        || app.jobs.system_failed
        || !system_dialog_possible()
    {
        open_chooser(app, purpose, suggested);
        return;
    }
    if app.jobs.busy {
        app.info("A file dialog is already open");
        return;
    }
    app.jobs.busy = true;
    app.jobs.generation += 1;
    let generation = app.jobs.generation;
    app.jobs.waiting = Some((generation, app.time));
    let tx = app.jobs.tx.clone();
    let ctx = ctx.clone();
    let dir = app
        .state
        .document
        .path
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let spawned = std::thread::Builder::new()
        .name("file-dialog".to_owned())
        .spawn(move || {
            let started = std::time::Instant::now();
            let mut dialog = rfd::FileDialog::new();
            if let Some(dir) = dir {
                dialog = dialog.set_directory(dir);
            }
            let picked = match purpose {
                Purpose::Open => dialog.add_filter("iotplan preset", &["ron"]).pick_file(),
                Purpose::SaveAs => dialog
                    .add_filter("iotplan preset", &["ron"])
                    .set_file_name(suggested)
                    .save_file(),
                Purpose::Export(_) | Purpose::Screenshot => {
                    dialog.set_file_name(suggested).save_file()
                }
            };
            let took = started.elapsed().as_secs_f64();
            let _ = tx.send(JobResult::Picked(generation, purpose, picked, took));
            ctx.request_repaint();
        });
    if spawned.is_err() {
        app.jobs.busy = false;
        app.jobs.waiting = None;
        app.error("cannot open a file dialog: no thread available");
    }
}

fn suggested_for(app: &IotplanApp, purpose: Purpose) -> String {
    match purpose {
        Purpose::Open => String::new(),
        Purpose::SaveAs => suggested_name(app, "ron"),
        Purpose::Export(format) => suggested_name(app, format.extension()),
        Purpose::Screenshot => suggested_name(app, "png"),
    }
}

/// Opens the in-app chooser (`egui_file`) in the current preset's folder.
fn open_chooser(app: &mut IotplanApp, purpose: Purpose, suggested: String) {
    let dir = app
        .state
        .document
        .path
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .filter(|d| !d.as_os_str().is_empty())
        .or_else(|| std::env::current_dir().ok());
    let mut dialog = match purpose {
        Purpose::Open => egui_file::FileDialog::open_file().title("Open preset"),
        Purpose::SaveAs => egui_file::FileDialog::save_file().title("Save preset as"),
        Purpose::Export(_) => egui_file::FileDialog::save_file().title("Export report"),
        Purpose::Screenshot => egui_file::FileDialog::save_file().title("Save screenshot"),
    };
    if let Some(dir) = dir {
        dialog = dialog.initial_path(dir);
    }
    if !suggested.is_empty() {
        dialog = dialog.default_filename(suggested);
    }
    dialog.open();
    app.chooser = Some(Chooser { purpose, dialog });
}

/// Draws the in-app chooser and acts on its answer.
pub fn chooser_frame(app: &mut IotplanApp, ctx: &egui::Context) {
    let Some(chooser) = &mut app.chooser else {
        return;
    };
    chooser.dialog.show(ctx);
    match chooser.dialog.state() {
        egui_file::State::Open => {}
        egui_file::State::Selected => {
            let purpose = chooser.purpose;
            let path = chooser.dialog.path().map(Path::to_path_buf);
            app.chooser = None;
            if let Some(path) = path {
                if std::mem::take(&mut app.jobs.open_approved) && matches!(purpose, Purpose::Open) {
                    app.approved = Some(Command::OpenPath(path.clone()));
                }
                app.commands.push(command_for(purpose, path));
                ctx.request_repaint();
            }
        }
        egui_file::State::Cancelled | egui_file::State::Closed => {
            app.chooser = None;
            app.jobs.open_approved = false;
        }
    }
}

/// Tells the user once when a system dialog has not answered, and sends the next request to
/// the in-app chooser; a late answer from the abandoned dialog is ignored.
pub fn watchdog(app: &mut IotplanApp) {
    let Some((_, since)) = app.jobs.waiting else {
        return;
    };
    if app.time - since > DIALOG_WATCHDOG_SECONDS {
        app.jobs.waiting = None;
        app.jobs.busy = false;
        app.jobs.system_failed = true;
        app.jobs.generation += 1;
        app.error(format!(
            "The system file dialog has not answered for {DIALOG_WATCHDOG_SECONDS:.0} s; Open, Save As and Export now use the built-in chooser"
        ));
    }
}

/// Acts on finished dialogs and screenshots.
pub fn poll_jobs(app: &mut IotplanApp, ctx: &egui::Context) {
    loop {
        match app.jobs.rx.try_recv() {
            Ok(JobResult::Picked(generation, purpose, path, took)) => {
                // An abandoned (hung) dialog's late answer changes nothing.
                if generation != app.jobs.generation {
                    continue;
                }
                app.jobs.busy = false;
                app.jobs.waiting = None;
                let Some(path) = path else {
                    if took < NO_BACKEND_SECONDS {
                        // No portal and no zenity: the built-in chooser, for the rest of the
                        // session (an approval to drop changes carries over to it).
                        app.jobs.system_failed = true;
                        app.info("No system file dialog here; using the built-in chooser");
                        let suggested = suggested_for(app, purpose);
                        open_chooser(app, purpose, suggested);
                    } else {
                        app.jobs.open_approved = false;
                        app.info("No file chosen");
                    }
                    continue;
                };
                if std::mem::take(&mut app.jobs.open_approved) && matches!(purpose, Purpose::Open) {
                    app.approved = Some(Command::OpenPath(path.clone()));
                }
                app.commands.push(command_for(purpose, path));
                ctx.request_repaint();
            }
            Ok(JobResult::Done(Ok(text))) => app.info(text),
            Ok(JobResult::Done(Err(text))) => app.error(text),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
        }
    }
}

/// Quitting with unsaved changes asks first.
pub fn handle_close(app: &mut IotplanApp, ctx: &egui::Context) {
    if ctx.input(|i| i.viewport().close_requested())
        && app.is_dirty()
        && !app.jobs.quitting
        && app.screenshot.is_none()
    {
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        app.confirm_discard = Some(Command::Quit);
    }
}

/// A `.ron` file dropped onto the window opens like File ▸ Open.
pub fn handle_drops(app: &mut IotplanApp, ctx: &egui::Context) {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if let Some(path) = dropped.into_iter().next() {
        app.commands.push(Command::OpenPath(path));
    }
}

fn remember(app: &mut IotplanApp, path: &Path) {
    app.state.preferences.recent.retain(|p| p != path);
    app.state.preferences.recent.insert(0, path.to_path_buf());
    app.state.preferences.recent.truncate(RECENT_MAX);
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn suggested_name(app: &IotplanApp, ext: &str) -> String {
    let stem = app
        .state
        .document
        .path
        .as_ref()
        .and_then(|p| p.file_stem())
        .map_or_else(
            || "iotplan".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
    format!("{stem}.{ext}")
}

fn save_to(app: &mut IotplanApp, path: PathBuf) {
    match preset::save(&path, &app.state.document.preset) {
        Ok(()) => {
            app.state.document.saved_revision = Some(app.state.document.revision);
            app.info(format!("Saved {}", path.display()));
            remember(app, &path);
            app.state.document.path = Some(path);
        }
        // The unsaved state stays on screen and stays marked unsaved.
        Err(err) => app.error(format!("Not saved: {err}")),
    }
}

fn open_path(app: &mut IotplanApp, path: &Path) {
    let loaded = load_preset(path).and_then(|(preset, warnings)| {
        let sheets = sheets_for(&preset, Some(path))?;
        Ok((preset, warnings, sheets))
    });
    match loaded {
        Ok((preset, warnings, sheets)) => {
            app.sheets = sheets;
            app.replace_preset(preset, Some(path.to_path_buf()));
            remember(app, path);
            app.info(format!("Opened {}", path.display()));
            for warning in warnings {
                app.warn(warning);
            }
        }
        // What is on screen stays exactly as it was.
        Err(err) => app.error(format!("Not opened: {err}")),
    }
}

fn export_text(app: &IotplanApp, format: Format) -> Option<Result<String, String>> {
    let report = app.report()?;
    Some(export::render(report, format))
}

fn run(app: &mut IotplanApp, ctx: &egui::Context, command: Command) {
    match command {
        Command::New => app.replace_preset(preset::Preset::default(), None),
        Command::Open => spawn_dialog(app, ctx, Purpose::Open, String::new()),
        Command::OpenPath(path) => open_path(app, &path),
        Command::OpenExample(i) => {
            let (title, name, text) = EXAMPLES[i];
            match preset::parse(name, text) {
                Ok(loaded) => {
                    app.replace_preset(loaded.preset, None);
                    app.info(format!(
                        "Opened example \"{title}\"; Save As… to keep your changes"
                    ));
                }
                Err(err) => app.error(format!("Example not opened: {err}")),
            }
        }
        Command::Save => match app.state.document.path.clone() {
            Some(path) => save_to(app, path),
            None => spawn_dialog(app, ctx, Purpose::SaveAs, suggested_name(app, "ron")),
        },
        Command::SaveAs => spawn_dialog(app, ctx, Purpose::SaveAs, suggested_name(app, "ron")),
        Command::SaveTo(path) => save_to(app, path),
        Command::ExportReport(format) => {
            let suggested = suggested_for(app, Purpose::Export(format));
            spawn_dialog(app, ctx, Purpose::Export(format), suggested);
        }
        Command::ExportReportTo(format, path) => {
            let Some(text) = export_text(app, format) else {
                return;
            };
            match text
                .map_err(|e| e.clone())
                .and_then(|text| atomic_write(&path, text.as_bytes()).map_err(|e| e.to_string()))
            {
                Ok(()) => app.info(format!("Exported {}", path.display())),
                Err(err) => app.error(format!("Not exported: {err}")),
            }
        }
        Command::ExportScreenshot => {
            spawn_dialog(app, ctx, Purpose::Screenshot, suggested_name(app, "png"));
        }
        Command::ScreenshotTo(path) => {
            let tx = app.jobs.tx.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let result = super::screenshot::save_png(&path, &image)
                    .map(|()| format!("Saved screenshot {}", path.display()));
                let _ = tx.send(JobResult::Done(result));
                repaint.request_repaint();
            });
            ctx.request_repaint();
        }
        Command::ResetWorkload => {
            app.state.document.preset.workload = crate::core::Workload::default();
        }
        Command::Undo => app.undo(),
        Command::Redo => app.redo(),
        Command::ShowTab(tab) => app.state.preferences.tab = tab,
        Command::SetTheme(choice) => {
            app.state.preferences.theme = choice;
            super::theme::apply(ctx, choice);
        }
        Command::Edit(edit) => app.apply_edit(edit),
        Command::Quit => {
            app.jobs.quitting = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Runs the commands of this frame; those that would drop unsaved changes ask first.
pub fn run_commands(app: &mut IotplanApp, ctx: &egui::Context) {
    for command in std::mem::take(&mut app.commands) {
        // A command the user approved in the "unsaved changes" question runs once; nothing
        // pretends the document was saved, so a cancelled or failed open keeps the `*`.
        let approved = app.approved.as_ref() == Some(&command);
        if approved {
            app.approved = None;
        }
        if command.discards() && app.is_dirty() && !approved {
            if app.confirm_discard.is_none() {
                app.confirm_discard = Some(command);
            }
        } else {
            if approved && command == Command::Open {
                app.jobs.open_approved = true;
            }
            run(app, ctx, command);
        }
        // Show the outcome (or the question) now, not at the next input event.
        ctx.request_repaint();
    }
}

/// The "unsaved changes" question.
pub fn confirm_dialog(app: &mut IotplanApp, ui: &mut egui::Ui) {
    let Some(pending) = app.confirm_discard.clone() else {
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("confirm-discard")).show(ui.ctx(), |ui| {
        ui.heading("Unsaved changes");
        ui.label(format!(
            "\"{}\" has changes that are not saved.",
            app.state.document.preset.title
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                app.commands.push(Command::Save);
                app.confirm_discard = None;
            }
            if ui.button("Discard changes").clicked() {
                app.confirm_discard = None;
                app.approved = Some(pending.clone());
                app.commands.push(pending.clone());
            }
            if ui.button("Cancel").clicked() {
                app.confirm_discard = None;
            }
        });
    });
    if modal.should_close() {
        app.confirm_discard = None;
    }
}

pub fn menu_bar(app: &mut IotplanApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| file_menu(app, ui));
            ui.menu_button("Edit", |ui| {
                if ui
                    .add(egui::Button::new("Undo").shortcut_text("Ctrl+Z"))
                    .clicked()
                {
                    app.commands.push(Command::Undo);
                }
                if ui
                    .add(egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z"))
                    .clicked()
                {
                    app.commands.push(Command::Redo);
                }
                ui.separator();
                if ui.button("Reset workload to defaults").clicked() {
                    app.commands.push(Command::ResetWorkload);
                }
            });
            ui.menu_button("View", |ui| {
                for tab in Tab::ALL {
                    if ui
                        .selectable_label(app.state.preferences.tab == tab, tab.title())
                        .clicked()
                    {
                        app.commands.push(Command::ShowTab(tab));
                    }
                }
                ui.separator();
                if ui
                    .add(egui::Button::new("Zoom in").shortcut_text("Ctrl +"))
                    .clicked()
                {
                    egui::gui_zoom::zoom_in(ui.ctx());
                }
                if ui
                    .add(egui::Button::new("Zoom out").shortcut_text("Ctrl −"))
                    .clicked()
                {
                    egui::gui_zoom::zoom_out(ui.ctx());
                }
                if ui
                    .add(egui::Button::new("Actual size").shortcut_text("Ctrl 0"))
                    .clicked()
                {
                    ui.ctx().set_zoom_factor(1.0);
                }
                ui.separator();
                for (choice, name) in [
                    (ThemeChoice::System, "Follow system theme"),
                    (ThemeChoice::Light, "Light"),
                    (ThemeChoice::Dark, "Dark"),
                ] {
                    if ui
                        .radio(app.state.preferences.theme == choice, name)
                        .clicked()
                    {
                        app.commands.push(Command::SetTheme(choice));
                    }
                }
            });
            ui.menu_button("Help", |ui| help_menu(app, ui));
        });
    });
}

/// Every keyboard shortcut, as Help lists them.
pub const SHORTCUTS: [(&str, &str); 9] = [
    ("Ctrl+O", "Open a preset"),
    ("Ctrl+S", "Save"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z", "Redo"),
    (
        "Ctrl+1 … Ctrl+5",
        "Costs, Throttling, Storage, Readiness, Optimise",
    ),
    ("Ctrl +", "Zoom in"),
    ("Ctrl −", "Zoom out"),
    ("Ctrl 0", "Actual size"),
    ("Tab / Shift+Tab", "Next / previous control"),
];

fn help_menu(app: &IotplanApp, ui: &mut egui::Ui) {
    ui.strong(format!("iotplan {}", env!("CARGO_PKG_VERSION")));
    ui.label("Licence: MIT OR Apache-2.0");
    ui.label("Every figure comes from a formula and a dated, sourced price sheet.");
    ui.label("The same report prints with: iotplan report --format json|markdown|csv");
    if let Some(view) = &app.view {
        ui.separator();
        ui.strong("Price sheets");
        for sheet in &view.report.sheets {
            ui.label(format!("{}: as of {}", sheet.title, sheet.as_of));
        }
    }
    ui.separator();
    ui.strong("Keyboard shortcuts");
    egui::Grid::new("shortcuts").show(ui, |ui| {
        for (keys, what) in SHORTCUTS {
            ui.label(keys);
            ui.label(what);
            ui.end_row();
        }
    });
}

fn file_menu(app: &mut IotplanApp, ui: &mut egui::Ui) {
    if ui.button("New").clicked() {
        app.commands.push(Command::New);
    }
    if ui
        .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
        .clicked()
    {
        app.commands.push(Command::Open);
    }
    ui.menu_button("Open Example", |ui| {
        for (i, (title, _, _)) in EXAMPLES.iter().enumerate() {
            if ui.button(*title).clicked() {
                app.commands.push(Command::OpenExample(i));
            }
        }
    });
    ui.menu_button("Open Recent", |ui| {
        if app.state.preferences.recent.is_empty() {
            ui.label("No recent files");
        }
        for path in app.state.preferences.recent.clone() {
            if ui
                .button(file_name(&path))
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                app.commands.push(Command::OpenPath(path));
            }
        }
    });
    ui.separator();
    if ui
        .add(egui::Button::new("Save").shortcut_text("Ctrl+S"))
        .clicked()
    {
        app.commands.push(Command::Save);
    }
    if ui.button("Save As…").clicked() {
        app.commands.push(Command::SaveAs);
    }
    ui.menu_button("Export Report", |ui| {
        for format in Format::ALL {
            if ui.button(format!("{}…", format.title())).clicked() {
                app.commands.push(Command::ExportReport(format));
            }
        }
    });
    if ui.button("Export Screenshot…").clicked() {
        app.commands.push(Command::ExportScreenshot);
    }
    ui.separator();
    ui.checkbox(&mut app.state.preferences.builtin_file_dialog, "Use built-in file chooser")
        .on_hover_text("Choose files inside iotplan instead of with the system's dialogs (for desktops without a file-dialog portal)");
    ui.separator();
    if ui.button("Quit").clicked() {
        app.commands.push(Command::Quit);
    }
}
