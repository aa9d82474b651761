//! How far a sheet figure can be trusted: an output type (a line item carries the lowest grade of
//! the figures it uses), defined here so the report depends on nothing computed.

use serde::{Deserialize, Serialize};

/// How far a figure can be trusted (domain §18): `H` the vendor's own current page or API, `M` a
/// dated vendor page or two agreeing secondary sources, `L` one secondary source, sources that
/// conflict, or a figure copied from another region. Ordered `L < M < H`, so the lowest of the
/// figures a line item uses is their `min`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Grade {
    /// A figure nobody vouched for (a sheet without grades) counts as the lowest.
    #[default]
    L,
    M,
    H,
}

impl Grade {
    /// The lowest grade of `grades`; `H` for none (nothing to doubt).
    pub fn lowest(grades: impl IntoIterator<Item = Self>) -> Self {
        grades.into_iter().min().unwrap_or(Self::H)
    }

    pub fn letter(self) -> &'static str {
        match self {
            Self::H => "H",
            Self::M => "M",
            Self::L => "L",
        }
    }

    /// What the grade means, for hover texts and the README.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::H => "the vendor's own current page or API",
            Self::M => "a dated vendor page, or two secondary sources that agree",
            Self::L => "one secondary source, sources that conflict, or another region's figure",
        }
    }
}

/// A figure's grade and its name in its sheet, as a line item records what it was priced with.
pub type GradedFigure = (Grade, &'static str);

/// The last segment of a figure's path as written in code (`s.tiers[i].usd_per_hour` →
/// `usd_per_hour`): its name in the sheet.
pub fn figure_name(path: &'static str) -> &'static str {
    path.rsplit('.').next().unwrap_or(path).trim()
}

/// The grades and names of sheet figures, for [`crate::report::LineItem::graded`]:
/// `graded_by![s.rules_per_million, s.message_meter_bytes]`.
#[macro_export]
macro_rules! graded_by {
    ($($figure:expr),* $(,)?) => {
        [$(($figure.grade, $crate::report::grade::figure_name(stringify!($figure)))),*]
    };
}
