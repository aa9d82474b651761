//! File dialogs: the system's (rfd, on a worker thread, watched) and the in-app chooser
//! (`egui_file`), and the channel their answers come back on.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::command::Command;
use crate::export::Format;

/// What a dialog was opened for.
#[derive(Clone, Copy, Debug)]
pub enum Purpose {
    Open,
    SaveAs,
    Export(Format),
    Screenshot,
    /// The self-hosted lab's Docker Compose file.
    Compose,
    /// A preset to pin as the baseline.
    Baseline,
}

pub enum JobResult {
    /// A system dialog's answer: its generation, purpose, path, and how long it took.
    Picked(u64, Purpose, Option<PathBuf>, f64),
    /// A background save's outcome: what was done, or why not.
    Done(Result<String, crate::io::FileError>),
}

/// Seconds after which a system dialog that has not answered is reported, and the next request
/// goes to the in-app chooser instead.
pub const DIALOG_WATCHDOG_SECONDS: f64 = 10.0;

/// A system dialog answering "nothing chosen" faster than this had no backend (no portal, no
/// zenity): nobody cancels a dialog that quickly.
pub const NO_BACKEND_SECONDS: f64 = 0.25;

/// The in-app file chooser and what it was opened for.
pub struct Chooser {
    pub purpose: Purpose,
    pub dialog: egui_file::FileDialog,
}

/// The channel from dialog and screenshot threads back to the UI.
pub struct Jobs {
    pub tx: SyncSender<JobResult>,
    pub rx: Receiver<JobResult>,
    pub busy: bool,
    /// Confirmed: quit even though there are unsaved changes.
    pub quitting: bool,
    /// Confirmed: the file the Open dialog returns may replace unsaved changes.
    pub open_approved: bool,
    /// The system dialog being waited for: its generation and when it was asked for.
    pub waiting: Option<(u64, f64)>,
    pub generation: u64,
    /// The system dialogs failed this session (none available, or one hung).
    pub system_failed: bool,
}

impl Default for Jobs {
    fn default() -> Self {
        let (tx, rx) = sync_channel(4);
        Self {
            tx,
            rx,
            busy: false,
            quitting: false,
            open_approved: false,
            waiting: None,
            generation: 0,
            system_failed: false,
        }
    }
}

/// Whether a system file dialog can exist here: rfd asks the desktop portal over D-Bus, or runs
/// zenity.
pub fn system_dialog_possible() -> bool {
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    zenity || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// The command a chosen file leads to.
pub fn command_for(purpose: Purpose, path: PathBuf) -> Command {
    match purpose {
        Purpose::Open => Command::OpenPath(path),
        Purpose::SaveAs => Command::SaveTo(path),
        Purpose::Export(format) => Command::ExportReportTo(format, path),
        Purpose::Compose => Command::ExportComposeTo(path),
        Purpose::Baseline => Command::PinBaselineFrom(path),
        Purpose::Screenshot => Command::ScreenshotTo(path),
    }
}
