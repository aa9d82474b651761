//! The desktop app (eframe/egui). It draws the core's report and edits the workload; it never
//! computes a price.
//!
//! Modules, leaves first (no module imports one that imports it back): `theme`, `widgets`,
//! `view` (the derived report), `state` (preferences and document), `command`, `storms`,
//! `screenshot`, `dialogs`, `persist`, `tab` (the trait); then `tabs` (one struct each, drawing the view and
//! pushing commands), `workload_panel`, `app` (the state and its changes), `files` (carrying
//! out commands, menus), `window` (the frame), and this module's `run`.

pub mod app;
pub mod command;
pub mod dialogs;
pub mod files;
pub mod icon;
pub mod menus;
pub mod notices;
pub mod persist;
pub mod pick;
pub mod sampler;
pub mod sampling;
pub mod screenshot;
pub mod state;
pub mod storms;
pub mod summaries;
pub mod tab;
pub mod tabs;
pub mod theme;
pub mod view;
pub mod widgets;
pub mod window;
pub mod workload_panel;
pub mod x11;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

pub use app::IotplanApp;
pub use state::{AppState, Tab};
pub use theme::ThemeChoice;

use crate::core::Sheets;
use screenshot::{STARTED, ScreenshotPlan};

/// How the window is started.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// Save a PNG of the window once the layout settles, then exit.
    pub screenshot: Option<PathBuf>,
    pub tab: Option<Tab>,
    pub preset: Option<PathBuf>,
    pub today: Option<NaiveDate>,
    /// Window size in points (default 1280 × 800).
    pub size: Option<[f32; 2]>,
    /// Overrides the remembered theme (a screenshot is light unless told).
    pub theme: Option<ThemeChoice>,
    pub zoom: Option<f32>,
    /// A preset pinned as the baseline at start.
    pub baseline: Option<PathBuf>,
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// The state a window starts with: the remembered one (preferences and document), with the
/// document replaced by a preset opened from the command line. Preferences (theme, recent
/// files, tab) always survive, so the next save does not wipe them.
pub fn initial_state(
    remembered: Option<AppState>,
    opened: Option<(crate::io::preset::Preset, PathBuf)>,
) -> AppState {
    let mut state = remembered.unwrap_or_default();
    if let Some((preset, path)) = opened {
        let revision = state.document.revision + 1;
        state.document = state::Document::opened(preset, Some(path), revision);
    }
    state
}

/// What `run` prepared before the window exists, handed to the app-creation callback.
struct Startup {
    today: NaiveDate,
    tab: Option<Tab>,
    theme: Option<ThemeChoice>,
    zoom: Option<f32>,
    baseline: Option<state::Baseline>,
    /// The preset named on the command line, with its load warnings.
    opened: Option<crate::io::preset::Loaded>,
    /// Where the opened preset came from.
    opened_from: Option<PathBuf>,
    error: Option<String>,
    screenshot: Option<ScreenshotPlan>,
}

/// The window: its title and app id (the X11 class and Wayland app id desktop files match),
/// size, minimum size, and where eframe keeps its state (nowhere, for a screenshot).
fn native_options(options: &LaunchOptions, shooting: bool) -> eframe::NativeOptions {
    // The app id is the Wayland app id and the X11 WM_CLASS class, both matching the desktop
    // file (StartupWMClass=iotplan). egui-winit 0.37 writes an empty WM_CLASS instance; window
    // managers match on the class.
    let viewport = egui::ViewportBuilder::default()
        .with_title("iotplan")
        .with_app_id("iotplan")
        .with_icon(std::sync::Arc::new(icon::icon_data()))
        .with_inner_size(options.size.unwrap_or([1280.0, 800.0]))
        .with_min_inner_size([1100.0, 700.0]);
    eframe::NativeOptions {
        viewport,
        // A screenshot shows exactly what was asked for, not a remembered window, zoom or
        // panel size: it neither reads nor writes eframe's stored state.
        persist_window: !shooting,
        persistence_path: shooting.then(|| {
            std::env::temp_dir().join(format!("iotplan-screenshot-{}", std::process::id()))
        }),
        ..Default::default()
    }
}

/// A preset file as a baseline, named by its file name.
fn baseline_from(path: &std::path::Path) -> Result<state::Baseline, crate::io::FileError> {
    let (preset, _) = crate::io::preset::load_preset(path)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(state::Baseline { name, preset })
}

/// Reads what the command line names (a preset, a baseline) before the window exists; a
/// file that cannot be read ends a screenshot (or a --baseline) with exit code 2.
#[expect(
    clippy::print_stderr,
    reason = "the window's start-up reports to the terminal, as the CLI does"
)]
fn prepare(options: &LaunchOptions) -> Result<Startup, i32> {
    // The preset named on the command line replaces only the document; preferences (theme,
    // recent files, tab) are restored all the same.
    let mut startup = Startup {
        today: options
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        tab: options.tab,
        theme: options.theme,
        zoom: options.zoom,
        baseline: None,
        opened: None,
        opened_from: None,
        error: None,
        screenshot: None,
    };
    if let Some(path) = &options.preset {
        match crate::io::preset::load(path) {
            Ok(loaded) => {
                startup.opened = Some(loaded);
                startup.opened_from = Some(path.clone());
            }
            Err(err) if options.screenshot.is_some() => {
                eprintln!("iotplan: {err}");
                return Err(2);
            }
            Err(err) => startup.error = Some(err.to_string()),
        }
    }
    if let Some(path) = &options.baseline {
        match baseline_from(path) {
            Ok(baseline) => startup.baseline = Some(baseline),
            Err(err) => {
                eprintln!("iotplan: --baseline: {err}");
                return Err(2);
            }
        }
    }
    Ok(startup)
}

/// Opens the window; returns the process exit code.
#[expect(
    clippy::print_stderr,
    reason = "the window's start-up and --screenshot report to the terminal, as the CLI does"
)]
pub fn run(options: &LaunchOptions) -> i32 {
    STARTED.get_or_init(std::time::Instant::now);
    if !has_display() {
        eprintln!(
            "iotplan: no display here (neither DISPLAY nor WAYLAND_DISPLAY is set); `iotplan report` prints the same figures as text"
        );
        return 1;
    }
    let mut startup = match prepare(options) {
        Ok(startup) => startup,
        Err(code) => return code,
    };
    let screenshot_result = Arc::new(Mutex::new(None));
    startup.screenshot = options.screenshot.clone().map(|path| ScreenshotPlan {
        path,
        requested: false,
        result: Arc::clone(&screenshot_result),
    });
    let shooting = startup.screenshot.is_some();
    let native = native_options(options, shooting);
    let result = eframe::run_native(
        "iotplan",
        native,
        Box::new(move |cc| Ok(Box::new(create_app(cc, startup)))),
    );
    if shooting {
        let _ = std::fs::remove_dir_all(
            std::env::temp_dir().join(format!("iotplan-screenshot-{}", std::process::id())),
        );
    }
    if let Err(err) = result {
        eprintln!(
            "iotplan: cannot open the window ({err}); `iotplan report` prints the same figures as text"
        );
        return 1;
    }
    let outcome = screenshot_result.lock().ok().and_then(|mut r| r.take());
    match (shooting, outcome) {
        (false, _) | (true, Some(Ok(()))) => 0,
        (true, Some(Err(err))) => {
            eprintln!("iotplan: {err}");
            1
        }
        (true, None) => {
            eprintln!("iotplan: the window closed before the screenshot was taken");
            1
        }
    }
}

/// Builds the app once the window exists: the remembered state (or the one a bad state file
/// was set aside for), the command line's preset and tab, the theme, the sheets, the notices.
fn create_app(cc: &eframe::CreationContext<'_>, startup: Startup) -> IotplanApp {
    let shooting = startup.screenshot.is_some();
    // A screenshot neither reads nor writes the user's state.
    let data_dir = if shooting { None } else { persist::data_dir() };
    let restored = data_dir.as_deref().map(persist::load).unwrap_or_default();
    let earlier = restored.state.clone().or_else(|| {
        // State written by versions that kept it in eframe's storage.
        cc.storage
            .and_then(|s| eframe::get_value::<persist::Legacy>(s, eframe::APP_KEY))
            .map(persist::Legacy::upgrade)
            .filter(|s| s.document.preset.workload.validate().is_ok())
    });
    let mut notices: Vec<String> = restored.notice.into_iter().collect();
    let mut dropped_by_save = Vec::new();
    let opened = startup
        .opened
        .zip(startup.opened_from)
        .map(|(loaded, path)| {
            notices.extend(loaded.warnings);
            dropped_by_save = loaded.dropped_by_save;
            (loaded.preset, path)
        });
    let mut state = initial_state(earlier.clone(), opened);
    if !dropped_by_save.is_empty() {
        state.document.dropped_by_save = dropped_by_save;
    }
    if let Some(tab) = startup.tab {
        state.preferences.tab = tab;
    }
    if startup.baseline.is_some() {
        state.preferences.baseline = startup.baseline;
    }
    theme::apply(
        &cc.egui_ctx,
        match (startup.theme, shooting) {
            (Some(theme), _) => theme,
            (None, true) => ThemeChoice::Light,
            (None, false) => state.preferences.theme,
        },
    );
    // A screenshot is taken at the zoom asked for (100 % unless told), never a remembered one.
    match (startup.zoom, shooting) {
        (Some(zoom), _) => cc.egui_ctx.set_zoom_factor(zoom),
        (None, true) => cc.egui_ctx.set_zoom_factor(1.0),
        (None, false) => {}
    }
    // A preset may name its own sheets; if they cannot be read, say so and use ours.
    // Else the set chosen in View ▸ Price sheets (by default the newest `iotplan sheets
    // update` wrote for its region), else the built-in ones.
    let region = state.document.preset.workload.region;
    let mut app = IotplanApp::new(state, Sheets::embedded_for(region), startup.today);
    app.use_sheet_sets(crate::io::sets::sets_dir());
    if let Some(dir) = data_dir {
        app.autosave = Some(persist::Autosave::new(dir, earlier, !restored.blocked));
    }
    for notice in notices {
        app.warn(notice);
    }
    app.screenshot = startup.screenshot;
    if let Some(err) = startup.error {
        app.error(format!("Not opened: {err}"));
    }
    app
}
