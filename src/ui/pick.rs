//! Asking the user for a file: the system dialog on a worker thread (watched), or the in-app
//! chooser; the answer comes back as a command.

use std::path::Path;
use std::sync::mpsc::TryRecvError;

use super::app::IotplanApp;
use super::command::Command;
use super::dialogs::{
    Chooser, DIALOG_WATCHDOG_SECONDS, JobResult, NO_BACKEND_SECONDS, Purpose, command_for,
    system_dialog_possible,
};

/// Where a chooser starts: the folder of the last file chosen, else the open preset's, else
/// the home folder.
fn start_folder(app: &IotplanApp) -> Option<std::path::PathBuf> {
    app.state
        .preferences
        .last_folder
        .clone()
        .filter(|d| d.is_dir())
        .or_else(|| {
            app.state
                .document
                .path
                .as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .filter(|d| !d.as_os_str().is_empty())
        })
        .or_else(std::env::home_dir)
}

/// The file type a purpose reads or writes: its name and extension.
fn file_type(purpose: Purpose) -> (&'static str, &'static str) {
    match purpose {
        Purpose::Open | Purpose::Baseline | Purpose::SaveAs => ("iotplan preset", "ron"),
        Purpose::Export(format) => ("report", format.extension()),
        Purpose::Screenshot => ("PNG image", "png"),
        Purpose::Compose => ("Docker Compose file", "yml"),
    }
}

/// A chosen file: its folder is where the next chooser starts; the answer is a command.
fn chosen(app: &mut IotplanApp, purpose: Purpose, path: std::path::PathBuf) {
    app.state.preferences.last_folder = path.parent().map(Path::to_path_buf);
    app.commands.push(command_for(purpose, path));
}

/// Asks for a file: the system dialog on a worker thread when there is one, else (or when the
/// user chose it, or a system dialog hung) the in-app chooser.
pub fn spawn_dialog(
    app: &mut IotplanApp,
    ctx: &egui::Context,
    purpose: Purpose,
    suggested: String,
) {
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
    let dir = start_folder(app);
    let (kind, extension) = file_type(purpose);
    let spawned = std::thread::Builder::new()
        .name("file-dialog".to_owned())
        .spawn(move || {
            let started = std::time::Instant::now();
            let mut dialog = rfd::FileDialog::new();
            if let Some(dir) = dir {
                dialog = dialog.set_directory(dir);
            }
            let dialog = dialog.add_filter(kind, &[extension]);
            let picked = match purpose {
                Purpose::Open | Purpose::Baseline => dialog.pick_file(),
                _ => dialog.set_file_name(suggested).save_file(),
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

pub fn suggested_for(app: &IotplanApp, purpose: Purpose) -> String {
    match purpose {
        Purpose::Open | Purpose::Baseline => String::new(),
        Purpose::SaveAs => suggested_name(app, "ron"),
        Purpose::Export(format) => suggested_name(app, format.extension()),
        Purpose::Screenshot => suggested_name(app, "png"),
        Purpose::Compose => "docker-compose.yml".to_owned(),
    }
}

/// Opens the in-app chooser (`egui_file`) where the last file was chosen, listing only files
/// of the type asked for, its title saying why it is not the system's dialog.
fn open_chooser(app: &mut IotplanApp, purpose: Purpose, suggested: String) {
    let dir = start_folder(app);
    let why = if app.state.preferences.builtin_file_dialog {
        ""
    } else {
        " (built-in: no system file dialog answered)"
    };
    let title = match purpose {
        Purpose::Open => "Open preset",
        Purpose::Baseline => "Pin a preset as baseline",
        Purpose::SaveAs => "Save preset as",
        Purpose::Export(_) => "Export report",
        Purpose::Screenshot => "Save screenshot",
        Purpose::Compose => "Export the lab as Docker Compose",
    };
    let title = format!("{title}{why}");
    let (_, extension) = file_type(purpose);
    let mut dialog = match purpose {
        Purpose::Open | Purpose::Baseline => egui_file::FileDialog::open_file(),
        _ => egui_file::FileDialog::save_file(),
    }
    .title(&title)
    .show_files_filter(Box::new(move |path: &Path| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(extension))
    }));
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
                chosen(app, purpose, path);
                ctx.request_repaint();
            }
        }
        egui_file::State::Cancelled | egui_file::State::Closed => {
            app.chooser = None;
            app.jobs.open_approved = false;
            app.after_save = None;
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
                        app.after_save = None;
                        app.info("No file chosen");
                    }
                    continue;
                };
                if std::mem::take(&mut app.jobs.open_approved) && matches!(purpose, Purpose::Open) {
                    app.approved = Some(Command::OpenPath(path.clone()));
                }
                chosen(app, purpose, path);
                ctx.request_repaint();
            }
            Ok(JobResult::Done(Ok(text))) => app.info(text),
            Ok(JobResult::Done(Err(err))) => app.error(err.to_string()),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
        }
    }
}

pub fn suggested_name(app: &IotplanApp, ext: &str) -> String {
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
