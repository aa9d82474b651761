//! The File and Edit menus and what they do: presets opened, saved, dropped and exported.
//! Native dialogs run on a named worker thread so the window never blocks; their answers come
//! back over a bounded channel and are acted on at the start of a frame.

use std::path::{Path, PathBuf};

use crate::export::{self, Format};
use crate::io::{atomic_write, preset};

use super::app::IotplanApp;
use super::command::Command;
use super::dialogs::{JobResult, Purpose};
use super::pick::{spawn_dialog, suggested_for, suggested_name};
use crate::io::preset::sheets_for;

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

fn save_to(app: &mut IotplanApp, path: PathBuf) {
    match preset::save(&path, &app.state.document.preset) {
        Ok(()) => {
            app.state.document.saved_revision = Some(app.state.document.revision);
            // The file now holds only what iotplan writes.
            if app.state.document.path.as_deref() == Some(path.as_path()) {
                app.state.document.dropped_by_save.clear();
            }
            app.info(format!("Saved {}", path.display()));
            remember(app, &path);
            app.state.document.path = Some(path);
            if let Some(next) = app.after_save.take() {
                app.approved = Some(next.clone());
                app.commands.push(next);
            }
        }
        // The unsaved state stays on screen and stays marked unsaved.
        Err(err) => {
            app.error(format!("Not saved: {err}"));
            app.after_save = None;
        }
    }
}

fn open_path(app: &mut IotplanApp, path: &Path) {
    let loaded = preset::load(path).and_then(|loaded| {
        let sheets = sheets_for(&loaded.preset, Some(path))?;
        Ok((loaded, sheets))
    });
    match loaded {
        Ok((loaded, sheets)) => {
            let warnings = loaded.warnings;
            app.sheets = sheets;
            app.replace_preset(loaded.preset, Some(path.to_path_buf()));
            app.state.document.dropped_by_save = loaded.dropped_by_save;
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

fn export_text(
    app: &mut IotplanApp,
    format: Format,
) -> Option<Result<String, export::ExportError>> {
    // An export carries the ranges as `iotplan report` does (wait for a run still going), and
    // the pinned baseline's comparison as `--compare-to` writes it: what is exported is what
    // the window shows.
    app.wait_for_ranges();
    let view = app.view.as_ref()?;
    let ranges = view.ranges_current && view.ranges.is_some();
    if !ranges && view.baseline.is_none() {
        return Some(export::render(&view.report, format));
    }
    let mut report = view.report.clone();
    if ranges {
        report.ranges = view.ranges.as_deref().cloned();
    }
    if let Some((_, b)) = &view.baseline {
        report.comparison = Some(b.diff.comparison.clone());
    }
    Some(export::render(&report, format))
}

fn run(app: &mut IotplanApp, ctx: &egui::Context, command: Command) {
    match command {
        Command::New => app.replace_preset(preset::Preset::fresh(app.today), None),
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
            // Saving over the file would drop what iotplan does not read: ask first.
            Some(path) if !app.state.document.dropped_by_save.is_empty() => {
                app.confirm_overwrite = Some(path);
            }
            Some(path) => save_to(app, path),
            None => spawn_dialog(app, ctx, Purpose::SaveAs, suggested_name(app, "ron")),
        },
        Command::SaveAs => spawn_dialog(app, ctx, Purpose::SaveAs, suggested_name(app, "ron")),
        Command::SaveTo(path) => save_to(app, path),
        Command::ExportReport(format) => {
            let suggested = suggested_for(app, Purpose::Export(format));
            spawn_dialog(app, ctx, Purpose::Export(format), suggested);
        }
        Command::ExportReportTo(format, path) => export_report(app, format, &path),
        Command::ExportCompose => {
            spawn_dialog(app, ctx, Purpose::Compose, "docker-compose.yml".to_owned());
        }
        Command::ExportComposeTo(path) => export_compose(app, &path),
        Command::PinBaseline
        | Command::PinBaselineFile
        | Command::PinBaselineFrom(_)
        | Command::ClearBaseline => baseline(app, ctx, command),
        Command::ExportScreenshot => {
            spawn_dialog(app, ctx, Purpose::Screenshot, suggested_name(app, "png"));
        }
        Command::ScreenshotTo(path) => {
            let tx = app.jobs.tx.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let result = super::screenshot::save_png(&path, &image)
                    .map(|()| format!("Saved screenshot {}", path.display()));
                // A window closed meanwhile has nobody to tell.
                tx.send(JobResult::Done(result)).ok();
                repaint.request_repaint();
            });
            ctx.request_repaint();
        }
        Command::ResetWorkload => {
            // The defaults of a new document, launch date included.
            app.state.document.preset.workload = preset::Preset::fresh(app.today).workload;
        }
        Command::Undo => app.undo(),
        Command::Redo => app.redo(),
        Command::ShowTab(tab) => app.state.preferences.tab = tab,
        Command::TogglePlatform(id) => toggle_platform(app, id),
        Command::ChooseSheets(choice) => app.choose_sheets(choice),
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

/// Writes the report in `format` to `path` (atomically).
fn export_report(app: &mut IotplanApp, format: crate::export::Format, path: &std::path::Path) {
    let Some(text) = export_text(app, format) else {
        return;
    };
    let written = match text {
        Ok(text) => atomic_write(path, text.as_bytes()),
        Err(err) => return app.error(format!("Not exported: {err}")),
    };
    match written {
        Ok(()) => app.info(format!("Exported {}", path.display())),
        Err(err) => app.error(format!("Not exported: {err}")),
    }
}

/// Shows or hides a platform in every tab's comparison; the last one shown stays.
fn toggle_platform(app: &mut IotplanApp, id: crate::core::report::PlatformId) {
    let prefs = &mut app.state.preferences;
    if let Some(i) = prefs.hidden_platforms.iter().position(|h| h == id.id()) {
        prefs.hidden_platforms.remove(i);
    } else if prefs.shown_platforms().len() > 1 {
        prefs.hidden_platforms.push(id.id().to_owned());
    } else {
        app.info("At least one platform stays in the comparison".to_owned());
    }
}

/// Writes the lab's Compose file and, unless one is there, its `.env` of random credentials.
fn export_compose(app: &mut IotplanApp, path: &std::path::Path) {
    let preset = &app.state.document.preset;
    let yaml = match crate::export::compose::compose_file(
        &preset.title,
        &preset.workload,
        crate::core::platforms::self_hosted_lab::sheet(&app.sheets),
    ) {
        Ok(yaml) => yaml,
        Err(err) => return app.error(format!("Not exported: {err}")),
    };
    match crate::io::write_compose(path, &yaml) {
        Ok(crate::io::EnvFile::Written) => app.info(format!(
            "Exported {} and the .env beside it (random credentials; keep it private)",
            path.display()
        )),
        Ok(crate::io::EnvFile::Kept) => app.info(format!(
            "Exported {}; the .env beside it was kept, with its credentials",
            path.display()
        )),
        Err(err) => app.error(format!("Not exported: {err}")),
    }
}

/// Pins the document (or a preset file) as the baseline every figure is compared with, or
/// clears it. The baseline is a copy: later edits of the document do not move it.
fn baseline(app: &mut IotplanApp, ctx: &egui::Context, command: Command) {
    match command {
        Command::PinBaseline => {
            let preset = app.state.document.preset.clone();
            let name = format!("{} as of {}", preset.title, app.today);
            app.info(format!("Pinned \"{name}\" as the baseline"));
            app.state.preferences.baseline = Some(super::state::Baseline { name, preset });
        }
        Command::PinBaselineFile => spawn_dialog(app, ctx, Purpose::Baseline, String::new()),
        Command::PinBaselineFrom(path) => match crate::io::preset::load_preset(&path) {
            Ok((preset, warnings)) => {
                for warning in warnings {
                    app.warn(warning);
                }
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                app.info(format!("Pinned {name} as the baseline"));
                app.state.preferences.baseline = Some(super::state::Baseline { name, preset });
            }
            Err(err) => app.error(format!("Not pinned: {err}")),
        },
        Command::ClearBaseline => app.state.preferences.baseline = None,
        _ => {}
    }
}
