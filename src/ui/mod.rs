//! The desktop app (eframe/egui). It draws the core's report and edits the workload; it never
//! computes a price.

pub mod app;
pub mod files;
pub mod persist;
pub mod storms;
pub mod tabs;
pub mod theme;
pub mod widgets;
pub mod workload_panel;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

pub use app::{AppState, IotplanApp, Tab, ThemeChoice};

use crate::core::Sheets;

/// How the window is started.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// Save a PNG of the window once the layout settles, then exit.
    pub screenshot: Option<PathBuf>,
    pub tab: Option<Tab>,
    pub preset: Option<PathBuf>,
    pub today: Option<NaiveDate>,
}

/// Frames to draw before a screenshot: text layout, panel sizes and plot bounds settle.
const SETTLE_FRAMES: u64 = 12;

pub(crate) struct ScreenshotPlan {
    path: PathBuf,
    requested: bool,
    result: Arc<Mutex<Option<Result<(), String>>>>,
}

/// Writes an egui screenshot as PNG. A uniform image is refused: it means nothing was drawn.
pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    if image.pixels.iter().all(|p| *p == image.pixels[0]) {
        return Err(format!(
            "{}: the window rendered blank; not saved",
            path.display()
        ));
    }
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(egui::Color32::to_array)
        .collect();
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &bytes,
        w as u32,
        h as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| format!("{}: cannot encode PNG: {e}", path.display()))?;
    crate::io::atomic_write(path, &png).map_err(|e| e.to_string())
}

pub fn apply_theme(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
}

/// Called after each frame: in screenshot mode, waits for the layout to settle, captures the
/// next frame, saves it and closes the window.
#[expect(
    clippy::print_stderr,
    reason = "IOTPLAN_TIMING=1 reports start-up time and memory on the terminal"
)]
pub(crate) fn screenshot_step(app: &mut IotplanApp, ctx: &egui::Context) {
    static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if std::env::var_os("IOTPLAN_TIMING").is_some()
        && !REPORTED.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        eprintln!(
            "iotplan: first frame {} ms after start",
            STARTED.get().map_or(0, |t| t.elapsed().as_millis())
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
    let Some(plan) = &mut app.screenshot else {
        return;
    };
    plan.requested = true;
    if std::env::var_os("IOTPLAN_TIMING").is_some() {
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
    let (path, result, close) = (plan.path.clone(), Arc::clone(&plan.result), ctx.clone());
    ctx.request_screenshot(move |image| {
        let saved = save_png(&path, &image);
        if let Ok(mut slot) = result.lock() {
            *slot = Some(saved);
        }
        close.send_viewport_cmd(egui::ViewportCommand::Close);
        close.request_repaint();
    });
    ctx.request_repaint();
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// When the process started, for `IOTPLAN_TIMING=1` (time to first frame).
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The state a window starts with: the remembered one (preferences and document), with the
/// document replaced by a preset opened from the command line. Preferences (theme, recent
/// files, tab) always survive, so the next save does not wipe them.
pub fn initial_state(
    remembered: Option<AppState>,
    opened: Option<(crate::io::preset::Preset, PathBuf)>,
) -> AppState {
    let mut state = remembered.unwrap_or_default();
    if let Some((preset, path)) = opened {
        state.saved = Some(preset.clone());
        state.preset = preset;
        state.path = Some(path);
    }
    state
}

/// What `run` prepared before the window exists, handed to the app-creation callback.
struct Startup {
    today: NaiveDate,
    tab: Option<Tab>,
    /// The preset named on the command line, with its load warnings.
    opened: Option<(crate::io::preset::Preset, PathBuf, Vec<String>)>,
    error: Option<String>,
    screenshot: Option<ScreenshotPlan>,
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
    // The preset named on the command line replaces only the document; preferences (theme,
    // recent files, tab) are restored all the same.
    let mut startup = Startup {
        today: options
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        tab: options.tab,
        opened: None,
        error: None,
        screenshot: None,
    };
    if let Some(path) = &options.preset {
        match app::load_preset(path) {
            Ok((preset, warnings)) => startup.opened = Some((preset, path.clone(), warnings)),
            Err(err) if options.screenshot.is_some() => {
                eprintln!("iotplan: {err}");
                return 2;
            }
            Err(err) => startup.error = Some(err),
        }
    }
    let screenshot_result = Arc::new(Mutex::new(None));
    startup.screenshot = options.screenshot.clone().map(|path| ScreenshotPlan {
        path,
        requested: false,
        result: Arc::clone(&screenshot_result),
    });
    let shooting = startup.screenshot.is_some();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("iotplan")
            .with_app_id("iotplan")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([1100.0, 700.0]),
        // A screenshot shows exactly what was asked for, not a remembered window.
        persist_window: !shooting,
        ..Default::default()
    };
    let result = eframe::run_native(
        "iotplan",
        native,
        Box::new(move |cc| Ok(Box::new(create_app(cc, startup)))),
    );
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
            .and_then(|s| eframe::get_value::<AppState>(s, eframe::APP_KEY))
            .filter(|s| s.preset.workload.validate().is_ok())
    });
    let mut notices: Vec<String> = restored.notice.into_iter().collect();
    let opened = startup.opened.map(|(preset, path, warnings)| {
        notices.extend(warnings);
        (preset, path)
    });
    let mut state = initial_state(earlier.clone(), opened);
    if let Some(tab) = startup.tab {
        state.tab = tab;
    }
    apply_theme(
        &cc.egui_ctx,
        if shooting {
            ThemeChoice::Light
        } else {
            state.theme
        },
    );
    // A preset may name its own sheets; if they cannot be read, say so and use ours.
    let (sheets, sheet_error) = match app::sheets_for(&state.preset, state.path.as_deref()) {
        Ok(sheets) => (sheets, None),
        Err(err) => (Sheets::embedded(), Some(err)),
    };
    let mut app = IotplanApp::new(state, sheets, startup.today);
    if let Some(dir) = data_dir {
        app.autosave = Some(persist::Autosave::new(dir, earlier, !restored.blocked));
    }
    if let Some(err) = sheet_error {
        app.error(format!("Using the embedded price sheets: {err}"));
    }
    for notice in notices {
        app.error(notice);
    }
    app.screenshot = startup.screenshot;
    if let Some(err) = startup.error {
        app.error(format!("Not opened: {err}"));
    }
    app
}
