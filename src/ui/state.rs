//! What the window remembers, in two parts: the user's `Preferences` (theme, recent files, the
//! tab and each tab's selections) and the `Document` (the open preset, its file and revision).
//! A command-line preset replaces the document only; unsaved changes are a revision mismatch.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::theme::ThemeChoice;
use crate::core::optimise::Target;
use crate::core::report::PlatformId;
use crate::io::preset::Preset;

/// The tabs of the central panel, in tab-bar order.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::EnumCount,
)]
pub enum Tab {
    #[default]
    Costs,
    Throttling,
    Storage,
    Readiness,
    Optimise,
    Projection,
}

impl Tab {
    pub fn title(self) -> &'static str {
        match self {
            Self::Costs => "Costs",
            Self::Throttling => "Throttling",
            Self::Storage => "Storage",
            Self::Readiness => "Readiness",
            Self::Optimise => "Optimise",
            Self::Projection => "Projection",
        }
    }
}

/// What each tab has selected, kept across restarts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selections {
    /// The platform whose line items the Costs tab lists.
    #[serde(deserialize_with = "lenient")]
    pub costs_platform: PlatformId,
    /// The platform whose limits and storms the Throttling tab shows.
    #[serde(deserialize_with = "lenient")]
    pub throttling_platform: PlatformId,
    /// The total the Optimise waterfall follows, and the tornado's platform.
    #[serde(deserialize_with = "lenient")]
    pub optimise_target: Target,
}

impl Default for Selections {
    fn default() -> Self {
        let first = crate::core::platforms::REGISTRY[0].id();
        Self {
            costs_platform: first,
            throttling_platform: first,
            optimise_target: Target::default(),
        }
    }
}

/// A selection as saved, or the first choice when it names something no longer there (a
/// platform renamed or removed): a selection is never worth refusing the saved state for.
fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned + Selectable,
{
    let value = ron::Value::deserialize(d)?;
    Ok(value.into_rust().unwrap_or_else(|_| T::first()))
}

/// What [`lenient`] falls back to.
trait Selectable {
    fn first() -> Self;
}

impl Selectable for PlatformId {
    fn first() -> Self {
        crate::core::platforms::REGISTRY[0].id()
    }
}

impl Selectable for Target {
    fn first() -> Self {
        Target::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub theme: ThemeChoice,
    pub recent: Vec<PathBuf>,
    pub tab: Tab,
    /// Use the in-app file chooser instead of the system's dialogs.
    pub builtin_file_dialog: bool,
    pub selections: Selections,
    /// The workload every figure is compared with, kept across restarts.
    pub baseline: Option<Baseline>,
    /// Platforms left out of the comparison (View ▸ Platforms), by id: every one is shown
    /// until the user hides some; an id no longer known is ignored.
    pub hidden_platforms: Vec<String>,
    /// The folder of the last file chosen: the next chooser starts there.
    pub last_folder: Option<PathBuf>,
    /// View ▸ Price sheets: the newest set, the built-in sheets or a set by name.
    pub sheet_choice: SheetChoice,
}

impl Preferences {
    /// The platforms the tabs compare, in registry order; never none.
    pub fn shown_platforms(&self) -> Vec<PlatformId> {
        let shown: Vec<PlatformId> = crate::core::platforms::ids()
            .filter(|p| !self.hidden_platforms.iter().any(|h| h == p.id()))
            .collect();
        if shown.is_empty() {
            crate::core::platforms::ids().collect()
        } else {
            shown
        }
    }
}

/// A pinned baseline: a copy of a workload (the document at the time, or a preset file) and
/// what to call it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub name: String,
    pub preset: Preset,
}

/// The open preset. `revision` changes with every edit (undo restores an earlier one);
/// `saved_revision` is the revision last opened from or saved to `path`; `fresh_revision` the
/// one a document without a file (New, an example) started at.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    pub preset: Preset,
    pub path: Option<PathBuf>,
    pub revision: u64,
    pub saved_revision: Option<u64>,
    pub fresh_revision: Option<u64>,
    /// What saving over `path` would drop (its comments, unknown fields): Save asks first.
    pub dropped_by_save: Vec<String>,
}

impl Document {
    /// A document as opened from `path` (or a fresh one, clean, without).
    pub fn opened(preset: Preset, path: Option<PathBuf>, revision: u64) -> Self {
        let saved_revision = path.is_some().then_some(revision);
        Self {
            dropped_by_save: Vec::new(),
            fresh_revision: path.is_none().then_some(revision),
            preset,
            path,
            revision,
            saved_revision,
        }
    }

    /// A new document on `today` (launching in 90 days), at `revision`.
    pub fn fresh(today: chrono::NaiveDate, revision: u64) -> Self {
        Self::opened(Preset::fresh(today), None, revision)
    }

    /// Unsaved changes: edited since the file was opened or saved, or since a document without
    /// a file started (so a fresh window is clean); a state from before `fresh_revision`, any
    /// change from the defaults.
    pub fn is_dirty(&self) -> bool {
        match (self.saved_revision, self.fresh_revision) {
            (Some(clean), _) | (None, Some(clean)) => clean != self.revision,
            (None, None) => self.preset != Preset::default(),
        }
    }
}

/// Everything the window remembers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    pub preferences: Preferences,
    pub document: Document,
}

/// Which sheet set the window uses (View ▸ Price sheets), kept across restarts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SheetChoice {
    /// The newest set of the workload's region, else the built-in sheets.
    #[default]
    Newest,
    BuiltIn,
    /// A set by name (used while the workload is in that set's region).
    Set(String),
}
