//! The report as JSON (the public interface), Markdown (for people) and CSV (for spreadsheets),
//! shared by `iotplan report` and the window's File ▸ Export. All three carry the same unrounded
//! figures; Markdown rounds only for display.

pub mod compose;

mod csv;
mod diff;
mod markdown;

pub use csv::csv;
pub use diff::render_diff;
pub use markdown::{currency_text, delta_text, markdown};

use crate::core::report::Report;

pub fn json(report: &Report) -> Result<String, String> {
    serde_json::to_string_pretty(report)
        .map(|text| text + "\n")
        .map_err(|e| format!("cannot write JSON: {e}"))
}

/// An output format of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Csv,
}

impl Format {
    pub const ALL: [Self; 3] = [Self::Markdown, Self::Csv, Self::Json];

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
pub fn render(report: &Report, format: Format) -> Result<String, String> {
    match format {
        Format::Json => json(report),
        Format::Markdown => Ok(markdown(report)),
        Format::Csv => csv(report),
    }
}
