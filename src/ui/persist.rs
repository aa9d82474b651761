//! The window's remembered state (`state.ron` in the app's data folder): read once at start,
//! written atomically soon after every change, so a killed process loses at most the last
//! second of edits. A file that cannot be read is set aside (never overwritten) and the user is
//! told once where it went.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::state::{AppState, Document, Preferences, Tab};
use super::theme::ThemeChoice;
use crate::core::sheets::parse_ron;
use crate::io::preset::Preset;
use crate::io::{atomic_write, read_text};

/// The file name inside the data folder.
pub const FILE: &str = "state.ron";

/// Seconds after a change before it is written: a dragged slider saves at most twice a second.
pub const SAVE_AFTER_SECONDS: f64 = 0.5;

/// The data folder: `$XDG_DATA_HOME/iotplan` (or `~/.local/share/iotplan`), as eframe uses.
pub fn data_dir() -> Option<PathBuf> {
    eframe::storage_dir("iotplan")
}

/// The state as versions before the preferences/document split kept it (in eframe's storage).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Legacy {
    preset: Preset,
    path: Option<PathBuf>,
    saved: Option<Preset>,
    tab: Tab,
    recent: Vec<PathBuf>,
    theme: ThemeChoice,
}

impl Legacy {
    /// The same state in today's shape; a document that matched its file stays clean.
    pub fn upgrade(self) -> AppState {
        let clean = self.saved.as_ref() == Some(&self.preset);
        AppState {
            preferences: Preferences {
                theme: self.theme,
                recent: self.recent,
                tab: self.tab,
                ..Preferences::default()
            },
            document: Document {
                saved_revision: clean.then_some(1),
                revision: 1,
                preset: self.preset,
                path: self.path,
            },
        }
    }
}

/// What was found at start.
#[derive(Debug, Default)]
pub struct Restored {
    pub state: Option<AppState>,
    /// A message for the user, once (the state was set aside, or could not be).
    pub notice: Option<String>,
    /// The bad file is still in place: never write over it.
    pub blocked: bool,
}

/// Reads the state in `dir`. A corrupt, invalid or unreadable file is renamed to
/// `state.ron.bad-YYYYMMDD-HHMMSS` beside it, so it can be inspected and nothing overwrites it.
pub fn load(dir: &Path) -> Restored {
    let path = dir.join(FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Restored::default();
    }
    let parsed = read_text(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            parse_ron::<AppState>(&path.display().to_string(), &text).map_err(|e| e.to_string())
        })
        .and_then(|state| match state.document.preset.workload.validate() {
            Ok(()) => Ok(state),
            Err(e) => Err(format!("{}: {e}", path.display())),
        });
    match parsed {
        Ok(state) => Restored {
            state: Some(state),
            ..Restored::default()
        },
        Err(err) => {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let aside = dir.join(format!("{FILE}.bad-{stamp}"));
            let moved = std::fs::rename(&path, &aside);
            let blocked = moved.is_err();
            let notice = match moved {
                Ok(()) => format!(
                    "The saved window state could not be read ({err}); it was kept as {} and the window starts with defaults",
                    aside.display()
                ),
                Err(e) => format!(
                    "The saved window state could not be read ({err}) nor set aside ({e}); it will not be overwritten this session"
                ),
            };
            Restored {
                state: None,
                notice: Some(notice),
                blocked,
            }
        }
    }
}

/// Writes the state atomically (temporary file, fsync, rename).
pub fn save(dir: &Path, state: &AppState) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let config = ron::ser::PrettyConfig::new().struct_names(false);
    let text = ron::ser::to_string_pretty(state, config)
        .map_err(|e| format!("cannot write the window state: {e}"))?;
    atomic_write(&dir.join(FILE), text.as_bytes()).map_err(|e| e.to_string())
}

/// Saves the state soon after it changes.
pub struct Autosave {
    dir: PathBuf,
    last_saved: Option<AppState>,
    changed_at: Option<f64>,
    /// A file that could not be set aside is never written over.
    pub enabled: bool,
    failed: bool,
}

impl Autosave {
    pub fn new(dir: PathBuf, saved: Option<AppState>, enabled: bool) -> Self {
        Self {
            dir,
            last_saved: saved,
            changed_at: None,
            enabled,
            failed: false,
        }
    }

    /// Called every frame at `now` (seconds): writes the state once it has been changed for
    /// [`SAVE_AFTER_SECONDS`], otherwise asks for a frame at that time. Returns an error the
    /// first time a save fails.
    pub fn tick(&mut self, ctx: &egui::Context, now: f64, state: &AppState) -> Option<String> {
        if !self.enabled || self.last_saved.as_ref() == Some(state) {
            self.changed_at = None;
            return None;
        }
        let since = *self.changed_at.get_or_insert(now);
        let waited = now - since;
        if waited < SAVE_AFTER_SECONDS {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                SAVE_AFTER_SECONDS - waited,
            ));
            return None;
        }
        self.flush(state)
    }

    /// Writes the state now if it changed (on exit, too).
    pub fn flush(&mut self, state: &AppState) -> Option<String> {
        if !self.enabled || self.last_saved.as_ref() == Some(state) {
            return None;
        }
        self.changed_at = None;
        match save(&self.dir, state) {
            Ok(()) => {
                self.last_saved = Some(state.clone());
                self.failed = false;
                None
            }
            // Said once; tried again at the next change.
            Err(err) if !self.failed => {
                self.failed = true;
                self.last_saved = Some(state.clone());
                Some(format!("The window state was not saved: {err}"))
            }
            Err(_) => {
                self.last_saved = Some(state.clone());
                None
            }
        }
    }
}
