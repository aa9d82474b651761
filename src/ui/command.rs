//! Everything a menu, a key, a tab or a dialog asks for, carried out in one place at the end of
//! the frame. Tabs edit the document only through `Edit`s, which the app checks against the
//! field table before applying.

use std::path::PathBuf;

use super::state::Tab;
use super::theme::ThemeChoice;
use crate::core::checklist::ManualState;
use crate::export::Format;

/// A change to the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A workload field by its name in the field table, as text (`1000`, `true`,
    /// `eu-west-1`, `2027-03-01`, `none`), refused outside its range.
    Field(&'static str, String),
    /// A price-sheet figure (`sheet.figure`): a value, or `None` to use the sheet's again.
    Override(String, Option<f64>),
    /// A manual checklist item's tick, note and date.
    Manual(String, ManualState),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    New,
    Open,
    OpenPath(PathBuf),
    OpenExample(usize),
    Save,
    SaveAs,
    SaveTo(PathBuf),
    ExportReport(Format),
    ExportReportTo(Format, PathBuf),
    ExportScreenshot,
    ScreenshotTo(PathBuf),
    /// File ▸ Export ▸ Docker Compose: ask where, then write it (and `.env`) there.
    ExportCompose,
    ExportComposeTo(PathBuf),
    /// Compare every figure with the document as it is now, or with a preset file.
    PinBaseline,
    PinBaselineFile,
    PinBaselineFrom(PathBuf),
    ClearBaseline,
    ResetWorkload,
    Undo,
    Redo,
    ShowTab(Tab),
    SetTheme(ThemeChoice),
    /// View ▸ Platforms: show or hide one platform in every tab's comparison.
    TogglePlatform(crate::core::report::PlatformId),
    /// View ▸ Price sheets: the newest set, the built-in sheets or a set by name.
    ChooseSheets(super::state::SheetChoice),
    Edit(Edit),
    Quit,
}

impl Command {
    /// Commands that would drop unsaved changes ask first.
    pub fn discards(&self) -> bool {
        matches!(
            self,
            Self::New | Self::Open | Self::OpenPath(_) | Self::OpenExample(_) | Self::Quit
        )
    }
}
