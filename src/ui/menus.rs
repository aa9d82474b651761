//! The menu bar (File, Edit, View, Help) and the "unsaved changes" question: they only push
//! commands, carried out by `files`.

use std::path::Path;
use std::sync::Arc;
use strum::IntoEnumIterator as _;

use super::app::IotplanApp;
use super::command::Command;
use super::files::EXAMPLES;
use super::state::Tab;
use super::theme::ThemeChoice;
use crate::export::Format;

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
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
                // Saved, the document is clean and the interrupted action carries on.
                app.commands.push(Command::Save);
                app.after_save = Some(pending.clone());
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

/// Save over a file that holds comments or fields iotplan does not read: they are named, and
/// the user chooses to drop them, keep the file and save elsewhere, or not save.
pub fn overwrite_dialog(app: &mut IotplanApp, ui: &mut egui::Ui) {
    let Some(path) = app.confirm_overwrite.clone() else {
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("confirm-overwrite")).show(ui.ctx(), |ui| {
        ui.heading("Save drops part of the file");
        ui.label(format!(
            "{} holds what iotplan does not read; saving over it drops {}.",
            path.display(),
            app.state.document.dropped_by_save.join(", ")
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save and drop them").clicked() {
                app.confirm_overwrite = None;
                app.commands.push(Command::SaveTo(path.clone()));
            }
            if ui.button("Save As…").clicked() {
                app.confirm_overwrite = None;
                app.commands.push(Command::SaveAs);
            }
            if ui.button("Cancel").clicked() {
                app.confirm_overwrite = None;
                app.after_save = None;
            }
        });
    });
    if modal.should_close() {
        app.confirm_overwrite = None;
        app.after_save = None;
    }
}

pub fn menu_bar(app: &mut IotplanApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| file_menu(app, ui));
            ui.menu_button("Edit", |ui| edit_menu(app, ui));
            ui.menu_button("View", |ui| {
                for tab in Tab::iter() {
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
                ui.menu_button("Platforms", |ui| {
                    // Which platforms every tab compares; the report keeps them all.
                    let shown = app.state.preferences.shown_platforms();
                    for id in crate::core::platforms::ids() {
                        let mut on = shown.contains(&id);
                        if ui.checkbox(&mut on, id.title()).clicked() {
                            app.commands.push(Command::TogglePlatform(id));
                        }
                    }
                });
                let open = ui.menu_button("Price sheets", |ui| sheets_menu(app, ui));
                if open.inner.is_none() {
                    // Closed: the next opening lists the folder again.
                    ui.ctx()
                        .data_mut(|d| d.remove_temp::<Arc<[String]>>(sets_listed_id()));
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
pub const SHORTCUTS: [(&str, &str); 14] = [
    ("Ctrl+N", "New preset"),
    ("Ctrl+O", "Open a preset"),
    ("Ctrl+S", "Save"),
    ("Ctrl+Shift+S", "Save As"),
    ("Ctrl+Q", "Quit"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z", "Redo"),
    (
        "Ctrl+1 … Ctrl+6",
        "Costs, Throttling, Storage, Readiness, Optimise, Projection",
    ),
    ("F1", "How the figures are computed"),
    ("Ctrl +", "Zoom in"),
    ("Ctrl −", "Zoom out"),
    ("Ctrl 0", "Actual size"),
    ("Tab / Shift+Tab", "Next / previous control"),
    ("Enter / Escape", "Commit / undo a typed number"),
];

/// `docs/model.md`, shipped inside the binary: the formulas behind every figure.
const MODEL: &str = include_str!("../../docs/model.md");

/// A piece of `docs/model.md` as the help window shows it.
#[derive(Debug, PartialEq)]
enum Block {
    Title(String),
    Heading(String),
    /// A bullet, its wrapped lines joined.
    Item(String),
    /// A paragraph, its hard line breaks joined, so it reflows to the window's width.
    Paragraph(String),
}

/// The model document as blocks: Markdown's hard-wrapped lines joined into paragraphs and
/// bullets, backticks and bold marks dropped.
fn model_blocks() -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in MODEL.lines() {
        let text = line.replace('`', "").replace("**", "");
        let trimmed = text.trim();
        if let Some(h) = trimmed.strip_prefix("# ") {
            out.push(Block::Title(h.to_owned()));
        } else if let Some(h) = trimmed.strip_prefix("## ") {
            out.push(Block::Heading(h.to_owned()));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            out.push(Block::Item(item.to_owned()));
        } else if trimmed.is_empty() {
            // A blank line ends a paragraph or a bullet.
            out.push(Block::Paragraph(String::new()));
        } else {
            match out.last_mut() {
                // A continuation line belongs to the bullet or paragraph above.
                Some(Block::Item(t) | Block::Paragraph(t)) if !t.is_empty() => {
                    t.push(' ');
                    t.push_str(trimmed);
                }
                _ => out.push(Block::Paragraph(trimmed.to_owned())),
            }
        }
    }
    out.retain(|b| !matches!(b, Block::Paragraph(t) if t.is_empty()));
    out
}

fn model_window_id() -> egui::Id {
    egui::Id::unique("model-window")
}

/// Help ▸ How the figures are computed: the model document in a window of its own, its
/// Markdown shown as headings, paragraphs and bullets (backticks and bold marks dropped).
pub fn model_window(ctx: &egui::Context) {
    let mut open = ctx.data(|d| d.get_temp::<bool>(model_window_id()).unwrap_or(false));
    if !open {
        return;
    }
    egui::Window::new("How the figures are computed")
        .open(&mut open)
        .default_size([640.0, 520.0])
        .vscroll(true)
        .show(ctx, |ui| {
            for block in model_blocks() {
                match block {
                    Block::Title(t) => {
                        ui.heading(t);
                    }
                    Block::Heading(h) => {
                        ui.add_space(8.0);
                        ui.strong(h);
                    }
                    Block::Item(text) => {
                        ui.add(egui::Label::new(format!("• {text}")).wrap());
                    }
                    Block::Paragraph(text) => {
                        ui.add(egui::Label::new(text).wrap());
                    }
                }
                ui.add_space(2.0);
            }
        });
    ctx.data_mut(|d| d.insert_temp(model_window_id(), open));
}

/// Where the open Price sheets menu keeps the sets it listed.
fn sets_listed_id() -> egui::Id {
    egui::Id::unique("iotplan-sheet-sets-listed")
}

/// View ▸ Price sheets: the newest set `iotplan sheets update` wrote for the workload's region,
/// the built-in sheets, or any earlier set of that region. The sets folder is listed once
/// when the menu opens, not on every frame it stays open.
fn sheets_menu(app: &mut IotplanApp, ui: &mut egui::Ui) {
    use super::state::SheetChoice;
    let region = app.state.document.preset.workload.region;
    let listed = ui
        .ctx()
        .data(|d| d.get_temp::<Arc<[String]>>(sets_listed_id()));
    let sets = listed.unwrap_or_else(|| {
        let sets: Arc<[String]> = app
            .sheet_sets
            .as_deref()
            .map(|dir| crate::io::sets::list(dir, Some(region)))
            .unwrap_or_default()
            .into();
        ui.ctx()
            .data_mut(|d| d.insert_temp(sets_listed_id(), Arc::clone(&sets)));
        sets
    });
    let newest = sets.last().map_or("built-in", String::as_str);
    let mut choices = vec![
        (SheetChoice::Newest, format!("Newest ({newest})")),
        (SheetChoice::BuiltIn, "Built-in".to_owned()),
    ];
    choices.extend(
        sets.iter()
            .rev()
            .map(|name| (SheetChoice::Set(name.clone()), name.clone())),
    );
    for (choice, label) in choices {
        if ui
            .radio(app.state.preferences.sheet_choice == choice, label)
            .clicked()
        {
            app.commands.push(Command::ChooseSheets(choice));
        }
    }
    ui.separator();
    ui.label(format!(
        "{}: `iotplan sheets update` adds a set",
        region.id()
    ));
}

/// Undo and redo, the baseline, and resetting the workload.
fn edit_menu(app: &mut IotplanApp, ui: &mut egui::Ui) {
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
    if ui
        .button("Pin as baseline")
        .on_hover_text("Compare every figure with the workload as it is now")
        .clicked()
    {
        app.commands.push(Command::PinBaseline);
    }
    if ui.button("Pin a preset file as baseline…").clicked() {
        app.commands.push(Command::PinBaselineFile);
    }
    if ui
        .add_enabled(
            app.state.preferences.baseline.is_some(),
            egui::Button::new("Clear baseline"),
        )
        .clicked()
    {
        app.commands.push(Command::ClearBaseline);
    }
    ui.separator();
    if ui.button("Reset workload to defaults").clicked() {
        app.commands.push(Command::ResetWorkload);
    }
}

/// Opens Help, How the figures are computed (also F1).
pub fn show_model(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(model_window_id(), true));
}

fn help_menu(app: &IotplanApp, ui: &mut egui::Ui) {
    if ui
        .add(egui::Button::new("How the figures are computed").shortcut_text("F1"))
        .clicked()
    {
        show_model(ui.ctx());
    }
    ui.separator();
    ui.strong("About");
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

/// File, Export: the report in each format, a screenshot, the lab as Docker Compose.
fn export_menu(app: &mut IotplanApp, ui: &mut egui::Ui) {
    for format in Format::iter() {
        if ui
            .button(format!("Report as {}…", format.title()))
            .clicked()
        {
            app.commands.push(Command::ExportReport(format));
        }
    }
    if ui.button("Screenshot…").clicked() {
        app.commands.push(Command::ExportScreenshot);
    }
    ui.separator();
    if ui
        .button("Docker Compose…")
        .on_hover_text("The self-hosted lab (Mosquitto, Telegraf, InfluxDB, Grafana) for this workload, with random credentials in an .env beside it")
        .clicked()
    {
        app.commands.push(Command::ExportCompose);
    }
}

fn file_menu(app: &mut IotplanApp, ui: &mut egui::Ui) {
    if ui
        .add(egui::Button::new("New").shortcut_text("Ctrl+N"))
        .clicked()
    {
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
    if ui
        .add(egui::Button::new("Save As…").shortcut_text("Ctrl+Shift+S"))
        .clicked()
    {
        app.commands.push(Command::SaveAs);
    }
    ui.menu_button("Export", |ui| export_menu(app, ui));

    ui.separator();
    ui.checkbox(&mut app.state.preferences.builtin_file_dialog, "Use built-in file chooser")
        .on_hover_text("Choose files inside iotplan instead of with the system's dialogs (for desktops without a file-dialog portal)");
    ui.separator();
    if ui
        .add(egui::Button::new("Quit").shortcut_text("Ctrl+Q"))
        .clicked()
    {
        app.commands.push(Command::Quit);
    }
}

#[cfg(test)]
mod help_tests {
    use super::*;

    /// The help window reflows the model's paragraphs: no block keeps a hard line break, and a
    /// bullet wrapped over several lines of Markdown is one block.
    #[test]
    fn the_model_reflows_into_paragraphs_and_bullets() {
        let blocks = model_blocks();
        assert!(matches!(&blocks[0], Block::Title(t) if t.starts_with("How iotplan computes")));
        for b in &blocks {
            if let Block::Item(t) | Block::Paragraph(t) = b {
                assert!(!t.contains('\n') && !t.is_empty(), "{t}");
            }
        }
        let usage = blocks
            .iter()
            .find_map(|b| match b {
                Block::Item(t) if t.starts_with("A usage month is 30 days") => Some(t),
                _ => None,
            })
            .expect("the first convention is a bullet");
        // Its continuation lines are joined onto it.
        assert!(usage.len() > 100, "{usage}");
    }
}
