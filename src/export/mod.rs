//! The report as JSON (the public interface), Markdown (for people) and CSV (for spreadsheets),
//! shared by `iotplan report` and the window's File ▸ Export. All three carry the same unrounded
//! figures; Markdown rounds only for display.

pub mod compose;

mod csv;
mod diff;
pub mod github;
mod markdown;

pub use csv::csv;
pub use diff::render_diff;
pub use markdown::{currency_text, delta_text, markdown};

use crate::core::report::Report;

/// Why a report (or the lab's Compose file) could not be written as text.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(String),
    #[error("cannot write the Compose file: {0}")]
    Yaml(#[from] serde_yaml_ng::Error),
}

impl From<::csv::Error> for ExportError {
    fn from(e: ::csv::Error) -> Self {
        Self::Csv(e.to_string())
    }
}

/// The rows a CSV writer holds, as text.
fn csv_text(w: ::csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.error().to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Csv(e.to_string()))
}

pub fn json(report: &Report) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(report)? + "\n")
}

/// An output format of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::EnumCount)]
pub enum Format {
    Json,
    Markdown,
    Csv,
}

impl Format {
    /// The file extension exports use.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Markdown => "md",
            Self::Csv => "csv",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Markdown => "Markdown",
            Self::Csv => "CSV",
        }
    }
}

/// The report in `format`; an error says what could not be written.
pub fn render(report: &Report, format: Format) -> Result<String, ExportError> {
    match format {
        Format::Json => json(report),
        Format::Markdown => Ok(markdown(report)),
        Format::Csv => csv(report),
    }
}
