//! One frame of the window, and eframe's hooks.
//!
//! Each frame: menus, status bar, the workload panel (which may edit the document), then the
//! report is brought up to date, then the selected tab draws it. So a slider's new value shows
//! in every figure in the same frame. Menus, keys and tabs only push commands; they are carried
//! out in one place at the end of the frame.

use std::fmt::Write as _;

use egui::{Key, KeyboardShortcut, Modifiers};
use strum::IntoEnumIterator as _;

use super::app::{IotplanApp, Level};
use super::command::Command;
use super::screenshot::SETTLE_FRAMES;
use super::state::Tab;
use super::{files, menus, pick, theme, workload_panel};
use crate::core::sheets::STALE_AFTER_DAYS;

impl IotplanApp {
    /// The title bar's text: the file (or preset title), `*` when unsaved.
    pub fn window_title(&self) -> String {
        let document = &self.state.document;
        let name = document
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || document.preset.title.clone(),
                |n| n.to_string_lossy().into_owned(),
            );
        // An ASCII separator: X11's legacy WM_NAME is Latin-1, and winit writes UTF-8 into
        // it, which some window managers show as mojibake (the UTF-8 _NET_WM_NAME is right).
        format!(
            "{name}{} - iotplan",
            if self.is_dirty() { " *" } else { "" }
        )
    }

    /// Draws the whole window into `ui`: used by eframe and by the kittest tests alike.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.frame += 1;
        self.time = ctx.input(|i| i.time);
        self.dragging = ctx.input(|i| i.pointer.any_down());
        shortcuts(self, &ctx);
        menus::menu_bar(self, ui);
        status_bar(self, ui);
        egui::Panel::left("workload")
            .resizable(true)
            .default_size(340.0)
            .min_size(280.0)
            .show(ui, |ui| {
                for said in workload_panel::show(ui, &mut self.state.document.preset) {
                    self.info(said);
                }
            });
        self.refresh();
        self.track_changes();
        central_panel(self, ui);
        menus::confirm_dialog(self, ui);
        menus::overwrite_dialog(self, ui);
        menus::model_window(&ctx);
        pick::chooser_frame(self, &ctx);
        pick::watchdog(self);
        files::run_commands(self, &ctx);
        // Edits from this frame's tabs show in the next one, at once.
        self.refresh();
        self.poll_ranges(&ctx);
        end_of_frame(self, &ctx);
    }
}

fn shortcuts(app: &mut IotplanApp, ctx: &egui::Context) {
    let keys = [
        // With Shift first: Ctrl+Shift+Z would also match Ctrl+Z.
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::Z, Command::Redo),
        (
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::S,
            Command::SaveAs,
        ),
        (Modifiers::COMMAND, Key::Z, Command::Undo),
        (Modifiers::COMMAND, Key::N, Command::New),
        (Modifiers::COMMAND, Key::O, Command::Open),
        (Modifiers::COMMAND, Key::S, Command::Save),
        (Modifiers::COMMAND, Key::Q, Command::Quit),
    ];
    for (modifiers, key, command) in keys {
        let shortcut = KeyboardShortcut::new(modifiers, key);
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            app.command(command);
        }
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
        menus::show_model(ctx);
    }
    // Ctrl+1 … Ctrl+6: the tabs, without tabbing through the workload panel.
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
    ];
    for (key, tab) in digits.into_iter().zip(Tab::iter()) {
        if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key))) {
            app.command(Command::ShowTab(tab));
        }
    }
}

/// The tab bar and the selected tab, in a scroll area.
fn central_panel(app: &mut IotplanApp, ui: &mut egui::Ui) {
    let tab = app.state.preferences.tab;
    if let Some(view) = &mut app.view {
        view.shown = app.state.preferences.shown_platforms();
    }
    if let Some(view) = &app.view {
        app.tabs.get(tab).refresh(ui.ctx(), view, &app.sheets);
    }
    let (view, tabs, commands) = (&app.view, &mut app.tabs, &mut app.commands);
    let notices = &mut app.notices;
    egui::CentralPanel::default().show(ui, |ui| {
        tab_bar(ui, tab, commands);
        banner(notices, ui);
        let Some(view) = view else {
            ui.label("No report yet");
            return;
        };
        // Both ways: at the smallest window a wide table scrolls instead of being clipped.
        egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
            super::widgets::follow_focus(ui);
            tabs.get(tab).ui(ui, view, commands);
        });
    });
}

fn tab_bar(ui: &mut egui::Ui, current: Tab, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        for tab in Tab::iter() {
            if ui
                .selectable_label(current == tab, egui::RichText::new(tab.title()).size(16.0))
                .clicked()
            {
                commands.push(Command::ShowTab(tab));
            }
        }
    });
    ui.separator();
}

/// Errors and warnings (about files, state, inputs) in a banner above the tab, each
/// dismissible, so they are not lost among the status bar's figures.
fn banner(notices: &mut Vec<super::notices::Notice>, ui: &mut egui::Ui) {
    let mut dismiss = None;
    for (i, notice) in notices.iter().enumerate() {
        let (color, prefix) = match notice.level {
            Level::Error => (theme::BAD, "Error"),
            Level::Warning => (theme::WARN, "Warning"),
            Level::Info => continue,
        };
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, color))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                        dismiss = Some(i);
                    }
                    ui.colored_label(theme::text(ui, color), egui::RichText::new(prefix).strong());
                    ui.add(egui::Label::new(notice.text.as_str()).wrap());
                });
            });
    }
    if let Some(i) = dismiss {
        notices.remove(i);
    }
}

/// One line: the last piece of information, the region, the currency, and how old the prices
/// are (each sheet's date on hover).
fn status_bar(app: &mut IotplanApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(info) = app.notices.iter().rev().find(|n| n.level == Level::Info) {
                ui.add(egui::Label::new(info.text.as_str()).truncate());
                ui.separator();
            }
            let Some(view) = &app.view else { return };
            ui.label(format!("Region {}.", view.report.region.id()));
            let currency = &view.report.currency;
            if let Some(as_of) = currency.as_of {
                ui.label(format!(
                    "{} at {} per USD ({as_of}).",
                    currency.code,
                    crate::core::format::Num(currency.rate)
                ))
                .on_hover_text(
                    "Figures are computed in USD and shown at the currency sheet's ECB reference rate; edit it under currency.* overrides",
                );
            }
            prices_as_of(ui, &view.report.sheets, &view.report.sheet_set);
        });
    });
}

/// "Prices (built-in) as of 2025-03-03 to 2026-12-01, 6 of 10 sheets older than 180 days, 2
/// figures graded L", each sheet on hover.
fn prices_as_of(ui: &mut egui::Ui, sheets: &[crate::core::sheets::SheetInfo], set: &str) {
    let oldest = sheets.iter().map(|s| s.as_of).min();
    let newest = sheets.iter().map(|s| s.as_of).max();
    let stale = sheets
        .iter()
        .filter(|s| s.age_days > STALE_AFTER_DAYS)
        .count();
    let (Some(oldest), Some(newest)) = (oldest, newest) else {
        return;
    };
    let set = crate::core::sheets::escape_controls(set);
    let mut text = format!("Prices ({set}) as of {oldest} to {newest}");
    if stale > 0 {
        let _ = write!(
            text,
            ", {stale} of {} sheets older than {STALE_AFTER_DAYS} days",
            sheets.len()
        );
    }
    let graded_l: usize = sheets.iter().map(|s| s.graded_l).sum();
    if graded_l > 0 {
        let _ = write!(text, ", {graded_l} figures graded L");
    }
    let details = sheets
        .iter()
        .map(|s| {
            let low = if s.graded_l > 0 {
                format!("; {} figures graded L", s.graded_l)
            } else {
                String::new()
            };
            format!(
                "{} ({}.ron): as of {}, {} days old{}{low}",
                s.title,
                s.name,
                s.as_of,
                s.age_days,
                if s.age_days > STALE_AFTER_DAYS {
                    ": stale, re-check before relying on it"
                } else {
                    ""
                }
            )
        })
        .chain(std::iter::once(format!(
            "Sheet set: {set} (`iotplan sheets update` writes a newer one; `iotplan sheets list` lists them).\nGrade L: {}. Each line item's grade is on its row.",
            crate::core::report::Grade::L.meaning()
        )))
        .collect::<Vec<_>>()
        .join("\n");
    let color = if stale > 0 {
        theme::text(ui, theme::WARN)
    } else {
        ui.visuals().text_color()
    };
    ui.colored_label(color, text).on_hover_text(details);
}

/// Saves the state when due and keeps the window title current.
fn end_of_frame(app: &mut IotplanApp, ctx: &egui::Context) {
    if let Some(autosave) = &mut app.autosave
        && let Some(err) = autosave.tick(ctx, app.time, &app.state)
    {
        app.error(err);
    }
    let title = app.window_title();
    if title != app.title {
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
        app.title = title;
    }
}

/// Frames after which the window has laid out its first tab and loaded its fonts.
const STARTUP_FRAMES: u64 = 3;

/// Gives the memory start-up allocated and freed (fonts, the first layouts, the first
/// reports) back to the system. The allocator gives back freed pages only while it is busy, and
/// a window at rest allocates nothing: without this, an idle window kept ~2 MB it no longer used.
#[expect(
    unsafe_code,
    reason = "mi_collect is mimalloc's C function; it takes no pointers and is safe at any time"
)]
fn return_freed_memory() {
    // SAFETY: mi_collect only walks mimalloc's own heaps; `true` frees every unused page now.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

impl eframe::App for IotplanApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        pick::poll_jobs(self, ctx);
        files::handle_close(self, ctx);
        files::handle_drops(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if self.frame == 0 {
            super::x11::set_wm_class(frame);
        }
        self.show(ui);
        if self.frame == STARTUP_FRAMES {
            return_freed_memory();
        }
        screenshot_step(self, ui.ctx());
    }

    /// A screenshot shows the window as it opens: wherever the real pointer happens to be, it
    /// hovers nothing (no tooltip, no crosshair, no highlighted row).
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.screenshot.is_some() {
            raw_input.events.retain(|e| {
                !matches!(
                    e,
                    egui::Event::PointerMoved(_)
                        | egui::Event::MouseMoved(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::MouseWheel { .. }
                )
            });
            raw_input.events.push(egui::Event::PointerGone);
        }
    }

    /// A screenshot leaves the user's remembered egui state (zoom, panel sizes) alone.
    fn persist_egui_memory(&self) -> bool {
        self.screenshot.is_none()
    }

    /// The last save: its failure goes to the terminal, the only place left once the window
    /// has closed.
    #[expect(
        clippy::print_stderr,
        reason = "the window is closing: stderr is where a last failure can still be read"
    )]
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(autosave) = &mut self.autosave
            && let Some(err) = autosave.flush(&self.state)
        {
            eprintln!("iotplan: {err}");
        }
    }
}

/// Called after each frame: in screenshot mode, waits for background work and the layout to
/// settle, captures the next frame, saves it and closes the window.
#[expect(
    clippy::print_stderr,
    reason = "IOTPLAN_TIMING=1 reports start-up time and memory on the terminal"
)]
fn screenshot_step(app: &mut IotplanApp, ctx: &egui::Context) {
    static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let timing = std::env::var_os("IOTPLAN_TIMING").is_some();
    if timing && !REPORTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        eprintln!(
            "iotplan: first frame {} ms after start",
            super::screenshot::STARTED
                .get()
                .map_or(0, |t| t.elapsed().as_millis())
        );
    }
    if app.screenshot.as_ref().is_none_or(|plan| plan.requested) {
        return;
    }
    // Work on other threads (storms) must finish first, then the layout settles again.
    if app.busy() {
        app.quiet_frames = 0;
        ctx.request_repaint_after(std::time::Duration::from_millis(20));
        return;
    }
    app.quiet_frames += 1;
    if app.frame < SETTLE_FRAMES || app.quiet_frames < SETTLE_FRAMES {
        ctx.request_repaint();
        return;
    }
    if timing {
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        eprintln!("iotplan: {rss}");
    }
    let Some(plan) = &mut app.screenshot else {
        return;
    };
    plan.requested = true;
    let (path, result, close) = (
        plan.path.clone(),
        std::sync::Arc::clone(&plan.result),
        ctx.clone(),
    );
    ctx.request_screenshot(move |image| {
        let saved = super::screenshot::save_png(&path, &image);
        if let Ok(mut slot) = result.lock() {
            *slot = Some(saved);
        }
        close.send_viewport_cmd(egui::ViewportCommand::Close);
        close.request_repaint();
    });
    ctx.request_repaint();
}
