//! Price and limit sheets: every figure the formulas use, with its unit and source, and the date
//! the sheet was researched (`as_of`). Parsed from RON text here; reading files is `crate::io`'s
//! job. The sheets shared by several analyses (the AWS reference stack, storage, exchange rates)
//! are typed here; each platform's own sheet belongs to its module and is held here by name
//! ([`SheetSpec`], listed by the platform registry).

use std::any::Any;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use super::figure::{
    Amount, Capacity, Figure, Fraction, Grade, Price, Quantity, Range, Rate, SMALLEST_FIGURE,
    check_figure,
};
pub use super::parse::{ParseError, escape_controls, is_line_unsafe, parse_ron};

/// A sourced service limit, named in the vendor's wording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    // Shared with every report's limit rows rather than copied into them.
    pub name: Arc<str>,
    pub value: Amount<Capacity>,
    pub unit: Arc<str>,
    pub adjustable: bool,
    pub source: Arc<str>,
    /// The vendor's code for requesting more (AWS Service Quotas), where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_code: Option<Arc<str>>,
    #[serde(default)]
    pub grade: Grade,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Limit {
    pub fn v(&self) -> f64 {
        self.value.get()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsStackSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub app_server_instance: Arc<str>,
    pub app_server_usd_per_hour: Figure,
    pub app_server_messages_per_second: Figure<Capacity>,
    pub database_instance: Arc<str>,
    pub database_usd_per_hour: Figure,
    pub database_max_connections: Figure<Capacity>,
    pub lambda_per_million_requests: Figure,
    pub lambda_per_gb_second: Figure,
    pub transfer_free_gb: Figure<Quantity>,
    pub transfer_tier1_up_to_gb: Figure<Quantity>,
    pub transfer_tier1_per_gb: Figure,
    pub transfer_tier2_up_to_gb: Figure<Quantity>,
    pub transfer_tier2_per_gb: Figure,
    pub transfer_tier3_up_to_gb: Figure<Quantity>,
    pub transfer_tier3_per_gb: Figure,
    pub transfer_tier4_per_gb: Figure,
    pub sla_ec2: Figure<Fraction>,
    pub sla_rds: Figure<Fraction>,
    pub sla_s3: Figure<Fraction>,
    pub sla_lambda: Figure<Fraction>,
}

/// Exchange rates for showing figures in another currency (domain §12): dated and sourced like
/// a price, editable like any figure (`currency.eur_per_usd`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencySheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub eur_per_usd: Figure<Rate>,
    pub gbp_per_usd: Figure<Rate>,
}

/// The storage class behind one tier of the lifecycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageClass {
    pub name: Arc<str>,
    pub usd_per_gb_month: Figure,
    pub min_storage_days: Figure<Quantity>,
    pub transition_per_thousand: Figure,
    pub retrieval_per_gb: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub hot: StorageClass,
    pub warm: StorageClass,
    pub cold: StorageClass,
    pub archive: StorageClass,
    pub put_per_thousand: Figure,
}

/// A sheet type: RON in, its title and date out.
pub trait Sheet:
    Serialize + DeserializeOwned + std::fmt::Debug + PartialEq + Send + Sync + 'static
{
    fn title(&self) -> &Arc<str>;
    fn as_of(&self) -> NaiveDate;
}

/// Implements [`Sheet`] for sheet types with `title` and `as_of` fields.
#[macro_export]
macro_rules! sheet {
    ($($t:ty),+) => {$(
        impl $crate::prices::sheets::Sheet for $t {
            fn title(&self) -> &std::sync::Arc<str> {
                &self.title
            }
            fn as_of(&self) -> chrono::NaiveDate {
                self.as_of
            }
        }
    )+};
}

sheet!(AwsStackSheet, StorageSheet, CurrencySheet);

/// A parsed sheet of any type, as [`Sheets`] holds it.
pub trait SheetData: Any + Send + Sync + std::fmt::Debug {
    fn title(&self) -> &Arc<str>;
    fn as_of(&self) -> NaiveDate;
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
    /// The sheet as RON text its own parser reads back (what `sheets update` writes).
    fn to_ron(&self) -> Result<String, ron::Error>;
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn SheetData) -> bool;
}

impl<T: Sheet> SheetData for T {
    fn title(&self) -> &Arc<str> {
        Sheet::title(self)
    }
    fn as_of(&self) -> NaiveDate {
        Sheet::as_of(self)
    }
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }
    fn to_ron(&self) -> Result<String, ron::Error> {
        let pretty = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .struct_names(false);
        ron::ser::to_string_pretty(self, pretty)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn same(&self, other: &dyn SheetData) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// A sheet parsed from text (its file named in any error).
type ParseFn = fn(&str, &str) -> Result<Arc<dyn SheetData>, ParseError>;
/// A sheet rebuilt from JSON (after overrides), checked by its own type.
type FromJsonFn = fn(serde_json::Value) -> Result<Arc<dyn SheetData>, serde_json::Error>;

/// How one sheet is named, parsed and embedded: the file `NAME.ron`.
#[derive(Debug)]
pub struct SheetSpec {
    pub name: &'static str,
    /// The text shipped in the binary for a region.
    pub embedded: fn(Region) -> &'static str,
    pub parse: ParseFn,
    from_json: FromJsonFn,
}

fn parse_dyn<T: Sheet>(file: &str, text: &str) -> Result<Arc<dyn SheetData>, ParseError> {
    Ok(Arc::new(parse_ron::<T>(file, text)?))
}

fn from_json_dyn<T: Sheet>(v: serde_json::Value) -> Result<Arc<dyn SheetData>, serde_json::Error> {
    Ok(Arc::new(serde_json::from_value::<T>(v)?))
}

impl SheetSpec {
    pub const fn of<T: Sheet>(name: &'static str, embedded: fn(Region) -> &'static str) -> Self {
        Self {
            name,
            embedded,
            parse: parse_dyn::<T>,
            from_json: from_json_dyn::<T>,
        }
    }

    /// The embedded sheet of `region`, parsed.
    pub fn embedded_sheet(&'static self, region: Region) -> SheetEntry {
        #[expect(
            clippy::expect_used,
            reason = "the embedded sheets are tested in every build"
        )]
        let data = (self.parse)(&format!("{}.ron", self.name), (self.embedded)(region))
            .expect("embedded sheets parse");
        SheetEntry::new(self, data)
    }

    /// `text` parsed as this sheet, naming `file` in any error.
    pub fn parse_text(&'static self, file: &str, text: &str) -> Result<SheetEntry, ParseError> {
        Ok(SheetEntry::new(self, (self.parse)(file, text)?))
    }
}

/// One parsed sheet and how it was read.
#[derive(Clone, Debug)]
pub struct SheetEntry {
    pub spec: &'static SheetSpec,
    pub data: Arc<dyn SheetData>,
    /// How many of its figures are graded L, counted once when it is read.
    pub graded_l: usize,
}

impl SheetEntry {
    pub fn new(spec: &'static SheetSpec, data: Arc<dyn SheetData>) -> Self {
        let graded_l = data.to_json().map_or(0, |tree| count_graded_l(&tree));
        Self {
            spec,
            data,
            graded_l,
        }
    }
}

/// Figures graded L in a sheet tree (a figure is an object with a value and a source).
fn count_graded_l(node: &serde_json::Value) -> usize {
    match node {
        serde_json::Value::Object(map)
            if map.contains_key("value") && map.contains_key("source") =>
        {
            usize::from(map.get("grade").and_then(serde_json::Value::as_str) == Some("L"))
        }
        serde_json::Value::Object(map) => map.values().map(count_graded_l).sum(),
        serde_json::Value::Array(items) => items.iter().map(count_graded_l).sum(),
        _ => 0,
    }
}

/// The texts shipped inside the binary for the sheets shared by several analyses.
pub mod embedded {
    use super::Region;

    pub const AWS_STACK: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/aws_stack.ron"
    ));
    pub const STORAGE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/storage.ron"
    ));
    /// Exchange rates do not depend on the region: one sheet for all.
    pub const CURRENCY: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/currency.ron"
    ));

    pub fn aws_stack(region: Region) -> &'static str {
        match region {
            Region::UsEast1 => AWS_STACK,
            Region::EuWest1 => include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../assets/sheets/eu-west-1/aws_stack.ron"
            )),
        }
    }

    pub fn storage(region: Region) -> &'static str {
        match region {
            Region::UsEast1 => STORAGE,
            Region::EuWest1 => include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../assets/sheets/eu-west-1/storage.ron"
            )),
        }
    }

    pub fn currency(_: Region) -> &'static str {
        CURRENCY
    }
}

/// The sheets that are not a platform's: the AWS reference stack (also the transfer prices of
/// every AWS-hosted option), storage classes and exchange rates.
pub static SHARED: [SheetSpec; 3] = [
    SheetSpec::of::<AwsStackSheet>("aws_stack", embedded::aws_stack),
    SheetSpec::of::<StorageSheet>("storage", embedded::storage),
    SheetSpec::of::<CurrencySheet>("currency", embedded::currency),
];

/// Every sheet a report needs, by name: each platform's and the shared ones.
#[derive(Clone, Debug)]
pub struct Sheets {
    entries: Vec<SheetEntry>,
    /// Which set they are (`built-in`, an updated set's name, a folder), as outputs name it.
    set: Arc<str>,
}

impl PartialEq for Sheets {
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| a.spec.name == b.spec.name && a.data.same(b.data.as_ref()))
    }
}

/// A region with its own sourced sheets (domain §12). AWS sheets are the region's; Azure and
/// self-hosted use the nearest sourced region; a figure without a regional source is the
/// us-east-1 one, with a note saying so.
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
pub enum Region {
    #[default]
    #[serde(rename = "us-east-1")]
    UsEast1,
    #[serde(rename = "eu-west-1")]
    EuWest1,
}

impl Region {
    pub fn id(self) -> &'static str {
        match self {
            Self::UsEast1 => "us-east-1",
            Self::EuWest1 => "eu-west-1",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::UsEast1 => "us-east-1 (N. Virginia; Azure East US)",
            Self::EuWest1 => "eu-west-1 (Ireland; Azure North Europe)",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        <Self as strum::IntoEnumIterator>::iter().find(|r| r.id() == text.trim())
    }
}

/// Name, date and age of one sheet, for the status bar and the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetInfo {
    pub name: &'static str,
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub age_days: i64,
    /// Figures graded L (one secondary source, conflicting sources, another region's).
    pub graded_l: usize,
}

/// Sheets older than this many days are called stale in the status bar.
pub const STALE_AFTER_DAYS: i64 = 180;

/// Why a set of sheets cannot be assembled.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SheetsError {
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error("no sheet named `{0}`")]
    Missing(&'static str),
}

impl Sheets {
    /// The sheets from entries, one per spec of `specs` (in that order).
    pub fn from_entries(entries: Vec<SheetEntry>) -> Self {
        Self {
            entries,
            set: Arc::from(BUILT_IN),
        }
    }

    /// The same sheets named as the set `name` (what every output says the prices are).
    #[must_use]
    pub fn named(mut self, name: &str) -> Self {
        self.set = Arc::from(name);
        self
    }

    /// The set these sheets are: `built-in`, an updated set's name, or a folder.
    pub fn set_name(&self) -> &Arc<str> {
        &self.set
    }

    pub fn entries(&self) -> &[SheetEntry] {
        &self.entries
    }

    /// The sheet of type `T`. Every spec the registry lists has its entry (sheets are made from
    /// that list), so a missing one is a bug in the caller's list.
    pub fn get<T: Sheet>(&self) -> &T {
        #[expect(
            clippy::expect_used,
            reason = "Sheets are assembled from the registry's full list of specs"
        )]
        self.find::<T>().expect("every registered sheet is present")
    }

    pub fn find<T: Sheet>(&self) -> Option<&T> {
        self.entries
            .iter()
            .find_map(|e| e.data.as_any().downcast_ref::<T>())
    }

    pub fn aws_stack(&self) -> &AwsStackSheet {
        self.get()
    }

    pub fn storage(&self) -> &StorageSheet {
        self.get()
    }

    pub fn currency(&self) -> &CurrencySheet {
        self.get()
    }

    pub fn infos(&self, today: NaiveDate) -> Vec<SheetInfo> {
        self.entries
            .iter()
            .map(|e| SheetInfo {
                name: e.spec.name,
                title: Arc::clone(e.data.title()),
                as_of: e.data.as_of(),
                age_days: today.signed_duration_since(e.data.as_of()).num_days(),
                graded_l: e.graded_l,
            })
            .collect()
    }

    /// Every sheet as one JSON tree, keyed by sheet name.
    pub(crate) fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        let mut map = serde_json::Map::new();
        for e in &self.entries {
            map.insert(e.spec.name.to_owned(), e.data.to_json()?);
        }
        Ok(serde_json::Value::Object(map))
    }

    /// These sheets rebuilt from a JSON tree made by [`Sheets::to_json`] (each checked by its
    /// own type).
    fn rebuilt(&self, mut tree: serde_json::Value) -> Result<Self, serde_json::Error> {
        let mut entries = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let value = tree
                .get_mut(e.spec.name)
                .map(serde_json::Value::take)
                .unwrap_or_default();
            entries.push(SheetEntry::new(e.spec, (e.spec.from_json)(value)?));
        }
        Ok(Self {
            entries,
            set: Arc::clone(&self.set),
        })
    }

    /// These sheets with figures replaced by `overrides` (`sheet.figure[.sub]` → value).
    /// Borrowed when there is nothing to replace, so the common case costs nothing.
    pub fn with_overrides(
        &self,
        overrides: &BTreeMap<String, f64>,
    ) -> Result<Cow<'_, Self>, OverrideError> {
        if overrides.is_empty() {
            return Ok(Cow::Borrowed(self));
        }
        let base = self
            .to_json()
            .map_err(|e| OverrideError::Internal(e.to_string()))?;
        let mut tree = base.clone();
        for (key, value) in overrides {
            set_figure(&mut tree, key, *value)?;
        }
        match self.rebuilt(tree) {
            Ok(sheets) => Ok(Cow::Owned(sheets)),
            // Name the override that is out of its figure's range: try them one at a time.
            Err(err) => Err(overrides
                .iter()
                .find_map(|(key, value)| {
                    let mut one = base.clone();
                    set_figure(&mut one, key, *value).ok()?;
                    self.rebuilt(one).err().map(|e| OverrideError::Invalid {
                        key: key.clone(),
                        message: range_message(&e.to_string()),
                    })
                })
                .unwrap_or_else(|| OverrideError::Internal(err.to_string()))),
        }
    }

    /// These sheets with figures read from a vendor's price list (`sheets update`): each gets
    /// its new value, grade H, the list's URL as source and `note`, and is no longer another
    /// region's copy; a sheet with such a figure is dated `as_of`. Every sheet is checked by its
    /// own type, so a figure out of its kind's range is refused, named.
    pub fn with_fetched(
        &self,
        fetched: &[FetchedFigure],
        as_of: NaiveDate,
    ) -> Result<Self, OverrideError> {
        let mut tree = self
            .to_json()
            .map_err(|e| OverrideError::Internal(e.to_string()))?;
        for f in fetched {
            set_figure(&mut tree, &f.key, f.value)?;
            let figure = f
                .key
                .split('.')
                .try_fold(&mut tree, |node, part| node.get_mut(part))
                .and_then(serde_json::Value::as_object_mut)
                .ok_or_else(|| OverrideError::Unknown(f.key.clone()))?;
            figure.insert("grade".to_owned(), serde_json::json!("H"));
            figure.insert("source".to_owned(), serde_json::json!(f.source));
            figure.insert("note".to_owned(), serde_json::json!(f.note));
            let sheet = f.key.split('.').next().unwrap_or_default();
            if let Some(date) = tree.get_mut(sheet).and_then(|s| s.get_mut("as_of")) {
                *date = serde_json::json!(f.as_of.unwrap_or(as_of));
            }
        }
        self.rebuilt(tree).map_err(|e| {
            // Name the figure that is out of range: try them one at a time.
            fetched
                .iter()
                .find(|f| self.with_one(f).is_err())
                .map_or_else(
                    || OverrideError::Internal(e.to_string()),
                    |f| OverrideError::Invalid {
                        key: f.key.clone(),
                        message: format!(
                            "{} from {}: {}",
                            f.value,
                            f.source,
                            range_message(&e.to_string())
                        ),
                    },
                )
        })
    }

    fn with_one(&self, f: &FetchedFigure) -> Result<Self, serde_json::Error> {
        let mut tree = self.to_json()?;
        if set_figure(&mut tree, &f.key, f.value).is_err() {
            return Ok(self.clone());
        }
        self.rebuilt(tree)
    }

    /// Every overridable figure as `(key, value, unit, source)`, for listings and hover texts.
    pub fn figures(&self) -> Vec<(String, f64, String, String)> {
        let mut out = Vec::new();
        if let Ok(tree) = self.to_json() {
            collect_figures("", &tree, &mut out);
        }
        out
    }
}

fn collect_figures(
    prefix: &str,
    node: &serde_json::Value,
    out: &mut Vec<(String, f64, String, String)>,
) {
    let Some(map) = node.as_object() else { return };
    if let (Some(value), Some(source)) = (
        map.get("value").and_then(serde_json::Value::as_f64),
        map.get("source"),
    ) {
        let unit = map.get("unit").and_then(|u| u.as_str()).unwrap_or_default();
        out.push((
            prefix.to_owned(),
            value,
            unit.to_owned(),
            source.as_str().unwrap_or_default().to_owned(),
        ));
        return;
    }
    for (key, child) in map {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        // A list of sizes (EMQX Dedicated's tiers): each by its place, `tiers.0.usd_per_hour`.
        if let Some(items) = child.as_array() {
            for (i, item) in items.iter().enumerate() {
                collect_figures(&format!("{path}.{i}"), item, out);
            }
        } else {
            collect_figures(&path, child, out);
        }
    }
}

/// Replaces the figure at `key` (`sheet.figure[.sub]`) in a sheet tree.
fn set_figure(tree: &mut serde_json::Value, key: &str, value: f64) -> Result<(), OverrideError> {
    let mut node = tree;
    for part in key.split('.') {
        let child = match part.parse::<usize>() {
            Ok(i) if node.is_array() => node.get_mut(i),
            _ => node.get_mut(part),
        };
        node = child.ok_or_else(|| OverrideError::Unknown(key.to_owned()))?;
    }
    if let Some(figure) = node.as_object_mut()
        && figure.contains_key("value")
    {
        // A figure the user sets is theirs to vouch for: graded H, no longer another region's.
        if figure.contains_key("grade") {
            figure.insert("grade".to_owned(), serde_json::json!("H"));
        }
        figure.remove("copied_from");
        node = &mut node["value"];
    }
    if !node.is_number() {
        return Err(OverrideError::Unknown(key.to_owned()));
    }
    // A non-finite value has no JSON form: refuse it here with the words the parser would use.
    if !value.is_finite() {
        return Err(OverrideError::Invalid {
            key: key.to_owned(),
            message: format!("expected a finite number, found {value}"),
        });
    }
    *node = serde_json::json!(value);
    Ok(())
}

/// The range text of a figure's parse error, without `serde_json`'s position suffix.
fn range_message(text: &str) -> String {
    text.split(" at line ").next().unwrap_or(text).to_owned()
}

/// The name of the sheets shipped in the binary.
pub const BUILT_IN: &str = "built-in";

/// A figure read from a vendor's price list: where it goes (`sheet.figure[.sub]`), its value in
/// the sheet's unit, the list's URL and what in the list it is (product, meter, range).
#[derive(Clone, Debug, PartialEq)]
pub struct FetchedFigure {
    pub key: String,
    pub value: f64,
    pub source: String,
    pub note: String,
    /// The day the list gives its prices for (the ECB's rate day), when not the fetch day.
    pub as_of: Option<NaiveDate>,
}

/// An override that names no figure, or holds an unusable value.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum OverrideError {
    /// The CLI adds where to find the list of figures.
    #[error("unknown price-sheet figure `{0}`")]
    Unknown(String),
    #[error("{key}: {message}")]
    Invalid { key: String, message: String },
    #[error("internal error applying overrides: {0}")]
    Internal(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platforms::aws_iot_core::{self, AwsIotCoreSheet};
    use crate::platforms::azure_iot_hub::AzureIotHubSheet;
    use strum::IntoEnumIterator as _;

    #[test]
    fn embedded_sheets_parse_and_carry_sources() {
        let sheets = Sheets::embedded();
        let figures = sheets.figures();
        assert!(figures.len() > 60, "only {} figures", figures.len());
        for (key, value, unit, source) in &figures {
            assert!(value.is_finite() && *value >= 0.0, "{key}");
            assert!(!unit.is_empty(), "{key} has no unit");
            assert!(
                source.starts_with("https://"),
                "{key} has no source URL: {source}"
            );
        }
    }

    #[test]
    fn every_region_parses_and_every_figure_is_sourced_or_noted() {
        for region in Region::iter() {
            let sheets = Sheets::embedded_for(region);
            for (key, _, unit, source) in sheets.figures() {
                assert!(!unit.is_empty(), "{region:?} {key}");
                assert!(source.starts_with("https://"), "{region:?} {key}: {source}");
            }
            for info in sheets.infos(crate::test_today()) {
                // Exchange rates are the same in every region; a sheet with one price list for
                // every region says so.
                if region == Region::EuWest1 && info.name != "currency" {
                    assert!(
                        info.title.contains("eu-west-1")
                            || info.title.contains("North Europe")
                            || info.title.contains("every region"),
                        "{}",
                        info.title
                    );
                }
            }
        }
        // A figure with no regional source says so.
        let eu = embedded::aws_stack(Region::EuWest1);
        assert!(eu.contains("grade: L, copied_from: \"us-east-1\""));
    }

    #[test]
    fn overrides_replace_one_figure() {
        let sheets = Sheets::embedded();
        let mut o = BTreeMap::new();
        o.insert("aws_iot_core.inbound_publish_per_account".to_owned(), 100.0);
        let changed = sheets.with_overrides(&o).unwrap();
        let aws: &AwsIotCoreSheet = changed.get();
        assert_eq!(aws.inbound_publish_per_account.v(), 100.0);
        assert_eq!(aws.publish_per_connection.v(), 100.0);
        assert_eq!(
            changed.get::<AzureIotHubSheet>(),
            sheets.get::<AzureIotHubSheet>()
        );
        o.insert("aws_iot_core.nope".to_owned(), 1.0);
        assert!(matches!(
            sheets.with_overrides(&o),
            Err(OverrideError::Unknown(_))
        ));
    }

    #[test]
    fn negative_figure_names_line_and_column() {
        let text = (aws_iot_core::SHEET.embedded)(Region::UsEast1).replacen(
            "value: 0.08",
            "value: -0.08",
            1,
        );
        let err = parse_ron::<AwsIotCoreSheet>("aws_iot_core.ron", &text).unwrap_err();
        let line = text.lines().position(|l| l.contains("-0.08")).unwrap() + 1;
        assert_eq!(err.file, "aws_iot_core.ron");
        assert_eq!(err.line, line, "{err}");
        assert!(err.message.contains("expected a price"), "{err}");
        assert!(
            err.message.contains("connectivity_per_million_minutes"),
            "{err}"
        );
    }

    #[test]
    fn missing_figure_is_named() {
        let text = embedded::STORAGE.replacen("put_per_thousand", "put_per_thousand_typo", 1);
        let err = parse_ron::<StorageSheet>("storage.ron", &text).unwrap_err();
        assert!(err.message.contains("put_per_thousand"), "{err}");
        assert!(err.line > 1);
    }

    #[test]
    fn every_sheet_written_as_ron_reads_back_the_same() {
        for region in Region::iter() {
            for e in Sheets::embedded_for(region).entries() {
                let text = e.data.to_ron().unwrap();
                let back = e.spec.parse_text("written.ron", &text).unwrap();
                assert!(
                    back.data.same(e.data.as_ref()),
                    "{region:?} {}",
                    e.spec.name
                );
            }
        }
    }

    #[test]
    fn fetched_figures_are_graded_h_sourced_dated_and_range_checked() {
        let sheets = Sheets::embedded_for(Region::EuWest1);
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let fetched = FetchedFigure {
            key: "aws_stack.database_usd_per_hour".to_owned(),
            value: 0.512,
            source: "https://example.test/list".to_owned(),
            note: "SKU X".to_owned(),
            as_of: None,
        };
        let new = sheets
            .with_fetched(std::slice::from_ref(&fetched), day)
            .unwrap();
        let tree = new.to_json().unwrap();
        let figure = &tree["aws_stack"]["database_usd_per_hour"];
        assert_eq!(figure["value"], 0.512);
        assert_eq!(figure["grade"], "H");
        assert_eq!(figure["source"], "https://example.test/list");
        assert!(figure.get("copied_from").is_none());
        assert_eq!(new.aws_stack().as_of, day);
        // A sheet without a fetched figure keeps its date.
        assert_eq!(new.storage().as_of, sheets.storage().as_of);
        let bad = FetchedFigure {
            value: -1.0,
            ..fetched
        };
        let err = sheets.with_fetched(&[bad], day).unwrap_err();
        assert!(
            err.to_string().contains("aws_stack.database_usd_per_hour")
                && err.to_string().contains("https://example.test/list"),
            "{err}"
        );
    }
}
