//! A priced row of a platform or the stack: what, how much, at what price, and its formula.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use super::grade::{Grade, GradedFigure};

/// One priced row: what, how much, at what price, and the formula in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineItem {
    /// What it pays for: one colour per category on every chart, set here rather than by name.
    pub category: Category,
    // Mostly fixed texts: borrowed, not allocated, in a report made on every slider move.
    pub name: Cow<'static, str>,
    pub quantity: f64,
    pub unit: Cow<'static, str>,
    pub unit_usd: f64,
    pub monthly_usd: f64,
    pub formula: Formula,
    /// The lowest grade of the sheet figures it uses (domain §18).
    pub grade: Grade,
    /// The figure with that grade, when it is below H: what `report --strict` names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weakest_figure: Option<&'static str>,
}

/// Text written only when it is read: a report is made on every slider move, and most of its
/// words (formulas, reasons) are drawn for one row or none (issue 9: text was a third of an
/// evaluation). The closure holds copies of the figures it names, never references.
#[derive(Clone)]
pub struct LazyText(Words);

/// A line item's formula in words.
pub type Formula = LazyText;

/// Fixed words cost nothing to keep; only figures need a closure.
#[derive(Clone)]
enum Words {
    Fixed(&'static str),
    Written(Arc<str>),
    Lazy(Arc<dyn Fn() -> String + Send + Sync>),
}

impl LazyText {
    pub fn new(text: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Self(Words::Lazy(Arc::new(text)))
    }

    pub fn text(&self) -> String {
        match &self.0 {
            Words::Fixed(s) => (*s).to_owned(),
            Words::Written(s) => s.to_string(),
            Words::Lazy(f) => f(),
        }
    }

    /// Whether it reads as nothing (without writing a lazy text twice when it is not).
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Words::Fixed(s) => s.is_empty(),
            Words::Written(s) => s.is_empty(),
            Words::Lazy(f) => f().is_empty(),
        }
    }
}

impl Default for LazyText {
    fn default() -> Self {
        Self::from("")
    }
}

impl From<&'static str> for LazyText {
    fn from(text: &'static str) -> Self {
        Self(Words::Fixed(text))
    }
}

impl From<String> for LazyText {
    fn from(text: String) -> Self {
        Self(Words::Written(text.into()))
    }
}

impl std::fmt::Display for LazyText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Words::Fixed(s) => f.write_str(s),
            Words::Written(s) => f.write_str(s),
            Words::Lazy(text) => f.write_str(&text()),
        }
    }
}

impl std::fmt::Debug for LazyText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.text(), f)
    }
}

/// Two texts are equal when they read the same.
impl PartialEq for LazyText {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Words::Lazy(a), Words::Lazy(b)) if Arc::ptr_eq(a, b) => true,
            _ => self.text() == other.text(),
        }
    }
}

impl Serialize for LazyText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl LineItem {
    /// A row priced at a flat unit price.
    pub fn flat(
        category: Category,
        name: impl Into<Cow<'static, str>>,
        quantity: f64,
        unit: &'static str,
        unit_usd: f64,
        formula: impl Into<Formula>,
    ) -> Self {
        Self {
            category,
            name: name.into(),
            quantity,
            unit: Cow::Borrowed(unit),
            unit_usd,
            monthly_usd: quantity * unit_usd,
            formula: formula.into(),
            grade: Grade::H,
            weakest_figure: None,
        }
    }

    /// A row whose cost is already known (tiered prices): its unit price is the average.
    pub fn averaged(
        category: Category,
        name: impl Into<Cow<'static, str>>,
        quantity: f64,
        unit: &'static str,
        monthly_usd: f64,
        formula: impl Into<Formula>,
    ) -> Self {
        Self {
            category,
            name: name.into(),
            quantity,
            unit: Cow::Borrowed(unit),
            unit_usd: if quantity > 0.0 {
                monthly_usd / quantity
            } else {
                0.0
            },
            monthly_usd,
            formula: formula.into(),
            grade: Grade::H,
            weakest_figure: None,
        }
    }

    /// The same row, graded by the lowest of the figures it uses (the first such figure named).
    #[must_use]
    pub fn graded(self, figures: impl IntoIterator<Item = GradedFigure>) -> Self {
        let weakest = figures
            .into_iter()
            .fold(None, |low: Option<GradedFigure>, f| match low {
                Some(l) if l.0 <= f.0 => Some(l),
                _ => Some(f),
            });
        let grade = weakest.map_or(Grade::H, |w| w.0);
        Self {
            grade,
            weakest_figure: weakest.filter(|w| w.0 < Grade::H).map(|w| w.1),
            ..self
        }
    }

    /// Its grade and weakest figure, for a row priced from other rows.
    pub fn graded_figure(&self) -> GradedFigure {
        (self.grade, self.weakest_figure.unwrap_or(""))
    }
}

/// What a line item pays for, set where it is priced: charts colour by it, one colour per
/// category on every bar.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    strum::EnumIter,
    strum::EnumCount,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Connectivity,
    Messaging,
    RulesEngine,
    DeviceState,
    /// Units, throughput units or a tier bought for capacity.
    CapacityUnits,
    Compute,
    Disks,
    Database,
    Storage,
    Serverless,
    DataTransfer,
    FirmwareJobs,
    Operations,
    /// The ingestion platform inside the reference stack.
    Ingestion,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Self::Connectivity => "Connectivity",
            Self::Messaging => "Messaging",
            Self::RulesEngine => "Rules engine",
            Self::DeviceState => "Device state",
            Self::CapacityUnits => "Capacity units",
            Self::Compute => "Compute",
            Self::Disks => "Disks",
            Self::Database => "Database",
            Self::Storage => "Storage",
            Self::Serverless => "Serverless",
            Self::DataTransfer => "Data transfer",
            Self::FirmwareJobs => "Firmware jobs",
            Self::Operations => "Operations",
            Self::Ingestion => "Ingestion platform",
        }
    }
}

/// Sum of the items' monthly costs: every total in the report is made this way.
pub fn total(items: &[LineItem]) -> f64 {
    items.iter().map(|i| i.monthly_usd).sum()
}

/// Text a report row shows: the code's own words, or a sheet's, shared rather than copied
/// (a report is made on every slider move).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Static(&'static str),
    Shared(Arc<str>),
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Self::Static(s) => s,
            Self::Shared(s) => s,
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Self::Static("")
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// JSON a platform adds to the report, written only when the report is serialised (a report is
/// made on every slider move; these keys are read only by exports).
#[derive(Clone)]
pub struct LazyJson(Arc<dyn Fn() -> serde_json::Value + Send + Sync>);

impl LazyJson {
    pub fn new(value: impl Fn() -> serde_json::Value + Send + Sync + 'static) -> Self {
        Self(Arc::new(value))
    }

    pub fn value(&self) -> serde_json::Value {
        (self.0)()
    }
}

impl PartialEq for LazyJson {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.value() == other.value()
    }
}

impl std::fmt::Debug for LazyJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.value(), f)
    }
}

/// Named [`LazyJson`] values, serialised as the keys of a map (flattened into their parent).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExtraKeys(pub Vec<(&'static str, LazyJson)>);

impl Serialize for ExtraKeys {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, &value.value())?;
        }
        map.end()
    }
}
