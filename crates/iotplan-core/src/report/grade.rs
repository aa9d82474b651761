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
/// `usd_per_hour`): its name in the sheet. A `const fn`, so [`graded_by!`] names its figures
/// when it is compiled, not on every evaluation.
pub const fn figure_name(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1] != b'.' {
        start -= 1;
    }
    while start < bytes.len() && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    let mut end = bytes.len();
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    let (_, tail) = bytes.split_at(start);
    let (name, _) = tail.split_at(end - start);
    match std::str::from_utf8(name) {
        Ok(name) => name,
        Err(_) => path,
    }
}

/// The grades and names of sheet figures, for [`crate::report::LineItem::graded`]:
/// `graded_by![s.rules_per_million, s.message_meter_bytes]`.
#[macro_export]
macro_rules! graded_by {
    ($($figure:expr),* $(,)?) => {
        [$(($figure.grade, const { $crate::report::grade::figure_name(stringify!($figure)) })),*]
    };
}

#[cfg(test)]
mod tests {
    use super::figure_name;

    #[test]
    fn a_figure_is_named_by_the_last_segment_of_its_path() {
        const AT_COMPILE_TIME: &str = figure_name("sheet.value");
        assert_eq!(figure_name("s.tiers[i].usd_per_hour"), "usd_per_hour");
        assert_eq!(figure_name("s . rules_per_million "), "rules_per_million");
        assert_eq!(figure_name("sla"), "sla");
        assert_eq!(AT_COMPILE_TIME, "value");
    }
}
