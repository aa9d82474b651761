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
    crate::io::sets::data_dir()
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
                fresh_revision: None,
                dropped_by_save: Vec::new(),
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

/// Why the window state was not saved.
#[derive(Clone, Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot write the window state: {0}")]
    Serialise(#[from] ron::Error),
    #[error(transparent)]
    File(#[from] crate::io::FileError),
    #[error("{0}: cannot create the folder: {1}")]
    Folder(String, String),
    #[error("the thread that writes it has stopped")]
    WriterGone,
}

/// The state as the file holds it.
fn to_text(state: &AppState) -> Result<String, SaveError> {
    let config = ron::ser::PrettyConfig::new().struct_names(false);
    Ok(ron::ser::to_string_pretty(state, config)?)
}

/// Writes state text atomically (temporary file, fsync, rename).
fn write(dir: &Path, text: &str) -> Result<(), SaveError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| SaveError::Folder(dir.display().to_string(), e.to_string()))?;
    Ok(atomic_write(&dir.join(FILE), text.as_bytes())?)
}

/// Writes the state atomically, now.
pub fn save(dir: &Path, state: &AppState) -> Result<(), SaveError> {
    write(dir, &to_text(state)?)
}

/// The thread that writes the state, so an fsync never stalls a frame. It writes the newest
/// text it has been sent and reports failures back.
struct Writer {
    tx: std::sync::mpsc::Sender<String>,
    errors: std::sync::mpsc::Receiver<SaveError>,
    thread: std::thread::JoinHandle<()>,
}

impl Writer {
    fn spawn(dir: PathBuf) -> std::io::Result<Self> {
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let (error_tx, errors) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("state-writer".to_owned())
            .spawn(move || {
                while let Ok(mut text) = rx.recv() {
                    // Only the newest state matters.
                    while let Ok(newer) = rx.try_recv() {
                        text = newer;
                    }
                    // The app may be gone when a last write fails: nobody left to tell.
                    if let Err(err) = write(&dir, &text) {
                        error_tx.send(err).ok();
                    }
                }
            })?;
        Ok(Self { tx, errors, thread })
    }
}

/// Saves the state soon after it changes.
pub struct Autosave {
    dir: PathBuf,
    last_saved: Option<AppState>,
    changed_at: Option<f64>,
    /// A file that could not be set aside is never written over.
    pub enabled: bool,
    failed: bool,
    writer: Option<Writer>,
}

impl Autosave {
    pub fn new(dir: PathBuf, saved: Option<AppState>, enabled: bool) -> Self {
        Self {
            dir,
            last_saved: saved,
            changed_at: None,
            enabled,
            failed: false,
            writer: None,
        }
    }

    /// Called every frame at `now` (seconds): hands the state to the writer once it has been
    /// changed for [`SAVE_AFTER_SECONDS`], otherwise asks for a frame at that time. Returns an
    /// error the first time a save fails.
    pub fn tick(&mut self, ctx: &egui::Context, now: f64, state: &AppState) -> Option<String> {
        let failure = self.writer.as_ref().and_then(|w| w.errors.try_recv().ok());
        let report = self.report(failure);
        if !self.enabled || self.last_saved.as_ref() == Some(state) {
            self.changed_at = None;
            return report;
        }
        let since = *self.changed_at.get_or_insert(now);
        let waited = now - since;
        if waited < SAVE_AFTER_SECONDS {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                SAVE_AFTER_SECONDS - waited,
            ));
            return report;
        }
        self.changed_at = None;
        self.last_saved = Some(state.clone());
        let sent = to_text(state).and_then(|text| {
            if self.writer.is_none() {
                // Without a writer thread (none could be started) the state is written here.
                self.writer = Writer::spawn(self.dir.clone()).ok();
            }
            match &self.writer {
                Some(writer) => writer.tx.send(text).map_err(|_| SaveError::WriterGone),
                None => write(&self.dir, &text),
            }
        });
        report.or_else(|| self.report(sent.err()))
    }

    /// Writes the state if it changed and waits for every pending write (on exit).
    pub fn flush(&mut self, state: &AppState) -> Option<String> {
        let mut failure = None;
        if self.enabled && self.last_saved.as_ref() != Some(state) {
            self.changed_at = None;
            self.last_saved = Some(state.clone());
            let text = to_text(state);
            match (&self.writer, text) {
                (Some(writer), Ok(text)) => {
                    failure = writer.tx.send(text).err().map(|_| SaveError::WriterGone);
                }
                (None, Ok(text)) => failure = write(&self.dir, &text).err(),
                (_, Err(err)) => failure = Some(err),
            }
        }
        if let Some(writer) = self.writer.take() {
            drop(writer.tx);
            if writer.thread.join().is_err() {
                failure = failure.or(Some(SaveError::WriterGone));
            }
            failure = failure.or_else(|| writer.errors.try_recv().ok());
        }
        self.report(failure)
    }

    /// A failure in words, said once until a save succeeds again.
    fn report(&mut self, failure: Option<SaveError>) -> Option<String> {
        let err = failure?;
        if self.failed {
            return None;
        }
        self.failed = true;
        Some(format!("The window state was not saved: {err}"))
    }
}
