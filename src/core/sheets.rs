//! Price and limit sheets: every figure the formulas use, with its unit and source, and the date
//! the sheet was researched (`as_of`). Parsed from RON text here; reading files is `crate::io`'s job.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A price or quantity from a sheet: never negative, never NaN or infinite.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Amount(pub f64);

impl TryFrom<f64> for Amount {
    type Error = String;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        if value.is_finite() && value >= 0.0 {
            Ok(Self(value))
        } else {
            Err(format!(
                "expected a non-negative finite number, found {value}"
            ))
        }
    }
}

impl From<Amount> for f64 {
    fn from(amount: Amount) -> Self {
        amount.0
    }
}

/// One sourced figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: Amount,
    pub unit: Arc<str>,
    pub source: Arc<str>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Figure {
    pub fn v(&self) -> f64 {
        self.value.0
    }
}

/// A sourced service limit, named in the vendor's wording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    // Shared with every report's limit rows rather than copied into them.
    pub name: Arc<str>,
    pub value: Amount,
    pub unit: Arc<str>,
    pub adjustable: bool,
    pub source: Arc<str>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Limit {
    pub fn v(&self) -> f64 {
        self.value.0
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsIotCoreSheet {
    pub title: String,
    pub as_of: NaiveDate,
    pub connectivity_per_million_minutes: Figure,
    pub messaging_tier1_per_million: Figure,
    pub messaging_tier1_up_to_millions: Figure,
    pub messaging_tier2_per_million: Figure,
    pub messaging_tier2_up_to_millions: Figure,
    pub messaging_tier3_per_million: Figure,
    pub message_meter_bytes: Figure,
    pub max_message_bytes: Figure,
    pub rules_per_million: Figure,
    pub actions_per_million: Figure,
    pub shadow_ops_per_million: Figure,
    pub shadow_meter_bytes: Figure,
    pub free_tier_connection_minutes: Figure,
    pub free_tier_messages: Figure,
    pub free_tier_shadow_ops: Figure,
    pub free_tier_rules: Figure,
    pub free_tier_actions: Figure,
    pub shadow_update_publish_weight: Figure,
    pub sla: Figure,
    pub inbound_publish_per_account: Limit,
    pub publish_per_connection: Limit,
    pub throughput_per_connection: Limit,
    pub connect_per_account: Limit,
    pub connect_per_client_id: Limit,
    pub max_connections: Limit,
    pub shadow_requests_per_account: Limit,
    pub rule_evaluations_per_account: Limit,
    pub create_thing: Limit,
}

/// One Azure IoT Hub tier. Throttles are "the higher of a floor or a rate per unit".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureTier {
    pub name: String,
    /// Standard and Free tiers have twins, C2D and direct methods; Basic tiers do not.
    pub has_twins: bool,
    pub unit_usd_per_month: Figure,
    pub messages_per_day_per_unit: Figure,
    pub meter_bytes: Figure,
    pub max_units: Figure,
    pub d2c_per_second_per_unit: Figure,
    pub d2c_min_per_second: Figure,
    pub connects_per_second_per_unit: Figure,
    pub connects_min_per_second: Figure,
    pub registry_ops_per_second_per_unit: Figure,
    pub twin_updates_per_second_per_unit: Figure,
    pub twin_updates_min_per_second: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureIotHubSheet {
    pub title: String,
    pub as_of: NaiveDate,
    pub max_message_bytes: Figure,
    pub sla: Figure,
    pub free: AzureTier,
    pub b1: AzureTier,
    pub b2: AzureTier,
    pub b3: AzureTier,
    pub s1: AzureTier,
    pub s2: AzureTier,
    pub s3: AzureTier,
}

impl AzureIotHubSheet {
    /// All tiers in display order.
    pub fn tiers(&self) -> [&AzureTier; 7] {
        [
            &self.free, &self.b1, &self.b2, &self.b3, &self.s1, &self.s2, &self.s3,
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedSheet {
    pub title: String,
    pub as_of: NaiveDate,
    pub broker: String,
    pub instance: String,
    pub node_inbound_messages_per_second: Figure,
    pub node_connections: Figure,
    pub node_connects_per_second: Figure,
    pub instance_usd_per_hour: Figure,
    pub disk_gb_per_node: Figure,
    pub disk_usd_per_gb_month: Figure,
    pub database_instance: String,
    pub database_usd_per_hour: Figure,
    pub sla: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsStackSheet {
    pub title: String,
    pub as_of: NaiveDate,
    pub app_server_instance: String,
    pub app_server_usd_per_hour: Figure,
    pub app_server_messages_per_second: Figure,
    pub database_instance: String,
    pub database_usd_per_hour: Figure,
    pub database_max_connections: Figure,
    pub lambda_per_million_requests: Figure,
    pub lambda_per_gb_second: Figure,
    pub transfer_free_gb: Figure,
    pub transfer_tier1_up_to_gb: Figure,
    pub transfer_tier1_per_gb: Figure,
    pub transfer_tier2_up_to_gb: Figure,
    pub transfer_tier2_per_gb: Figure,
    pub transfer_tier3_up_to_gb: Figure,
    pub transfer_tier3_per_gb: Figure,
    pub transfer_tier4_per_gb: Figure,
    pub sla_ec2: Figure,
    pub sla_rds: Figure,
    pub sla_s3: Figure,
    pub sla_lambda: Figure,
}

/// The storage class behind one tier of the lifecycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageClass {
    pub name: String,
    pub usd_per_gb_month: Figure,
    pub min_storage_days: Figure,
    pub transition_per_thousand: Figure,
    pub retrieval_per_gb: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSheet {
    pub title: String,
    pub as_of: NaiveDate,
    pub hot: StorageClass,
    pub warm: StorageClass,
    pub cold: StorageClass,
    pub archive: StorageClass,
    pub put_per_thousand: Figure,
}

/// Every sheet the report needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheets {
    pub aws_iot_core: AwsIotCoreSheet,
    pub azure_iot_hub: AzureIotHubSheet,
    pub self_hosted: SelfHostedSheet,
    pub aws_stack: AwsStackSheet,
    pub storage: StorageSheet,
}

/// The file names (without `.ron`) of the sheets, in [`Sheets`] order.
pub const SHEET_NAMES: [&str; 5] = [
    "aws_iot_core",
    "azure_iot_hub",
    "self_hosted",
    "aws_stack",
    "storage",
];

/// A sheet, preset or checklist that could not be read: where, and what was expected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ParseError {
    /// Wraps a RON error with the file it came from.
    pub fn from_ron(file: &str, err: &ron::error::SpannedError) -> Self {
        Self {
            file: file.to_owned(),
            line: err.span.start.line,
            column: err.span.start.col,
            message: err.code.to_string(),
        }
    }
}

/// Parses RON text into `T`, naming `file` in any error.
pub fn parse_ron<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, ParseError> {
    ron::Options::default()
        .with_recursion_limit(64)
        .from_str(text)
        .map_err(|err| ParseError::from_ron(file, &err))
}

/// The sheets shipped inside the binary.
pub mod embedded {
    pub const AWS_IOT_CORE: &str = include_str!("../../assets/sheets/aws_iot_core.ron");
    pub const AZURE_IOT_HUB: &str = include_str!("../../assets/sheets/azure_iot_hub.ron");
    pub const SELF_HOSTED: &str = include_str!("../../assets/sheets/self_hosted.ron");
    pub const AWS_STACK: &str = include_str!("../../assets/sheets/aws_stack.ron");
    pub const STORAGE: &str = include_str!("../../assets/sheets/storage.ron");
    pub const ALL: [&str; 5] = [AWS_IOT_CORE, AZURE_IOT_HUB, SELF_HOSTED, AWS_STACK, STORAGE];
}

/// Name, date and age of one sheet, for the status bar and the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetInfo {
    pub name: String,
    pub title: String,
    pub as_of: NaiveDate,
    pub age_days: i64,
}

/// Sheets older than this many days are called stale in the status bar.
pub const STALE_AFTER_DAYS: i64 = 180;

impl Sheets {
    /// Parses the five sheets from `(file name, text)` pairs in [`SHEET_NAMES`] order.
    pub fn parse(texts: [(&str, &str); 5]) -> Result<Self, ParseError> {
        let [a, b, c, d, e] = texts;
        Ok(Self {
            aws_iot_core: parse_ron(a.0, a.1)?,
            azure_iot_hub: parse_ron(b.0, b.1)?,
            self_hosted: parse_ron(c.0, c.1)?,
            aws_stack: parse_ron(d.0, d.1)?,
            storage: parse_ron(e.0, e.1)?,
        })
    }

    /// The sheets shipped with iotplan.
    pub fn embedded() -> Self {
        let t = embedded::ALL;
        #[expect(
            clippy::expect_used,
            reason = "the embedded sheets are tested in every build"
        )]
        Self::parse([
            ("aws_iot_core.ron", t[0]),
            ("azure_iot_hub.ron", t[1]),
            ("self_hosted.ron", t[2]),
            ("aws_stack.ron", t[3]),
            ("storage.ron", t[4]),
        ])
        .expect("embedded sheets parse")
    }

    pub fn infos(&self, today: NaiveDate) -> Vec<SheetInfo> {
        let entries = [
            (&self.aws_iot_core.title, self.aws_iot_core.as_of),
            (&self.azure_iot_hub.title, self.azure_iot_hub.as_of),
            (&self.self_hosted.title, self.self_hosted.as_of),
            (&self.aws_stack.title, self.aws_stack.as_of),
            (&self.storage.title, self.storage.as_of),
        ];
        SHEET_NAMES
            .iter()
            .zip(entries)
            .map(|(name, (title, as_of))| SheetInfo {
                name: (*name).to_owned(),
                title: title.clone(),
                as_of,
                age_days: (today - as_of).num_days(),
            })
            .collect()
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
        let mut tree =
            serde_json::to_value(self).map_err(|e| OverrideError::Internal(e.to_string()))?;
        for (key, value) in overrides {
            let mut node = &mut tree;
            for part in key.split('.') {
                node = node
                    .get_mut(part)
                    .ok_or_else(|| OverrideError::Unknown(key.clone()))?;
            }
            if node.get("value").is_some() {
                node = &mut node["value"];
            }
            if !node.is_number() {
                return Err(OverrideError::Unknown(key.clone()));
            }
            if !value.is_finite() || *value < 0.0 {
                return Err(OverrideError::Invalid(key.clone(), *value));
            }
            *node = serde_json::json!(value);
        }
        serde_json::from_value(tree)
            .map(Cow::Owned)
            .map_err(|e| OverrideError::Internal(e.to_string()))
    }

    /// Every overridable figure as `(key, value, unit, source)`, for listings and hover texts.
    pub fn figures(&self) -> Vec<(String, f64, String, String)> {
        let mut out = Vec::new();
        if let Ok(tree) = serde_json::to_value(self) {
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
        collect_figures(&path, child, out);
    }
}

/// An override that names no figure, or holds an unusable value.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum OverrideError {
    #[error("unknown price-sheet figure `{0}`; run `iotplan fields` for the list")]
    Unknown(String),
    #[error("{0}: {1} is not a non-negative finite number")]
    Invalid(String, f64),
    #[error("internal error applying overrides: {0}")]
    Internal(String),
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn overrides_replace_one_figure() {
        let sheets = Sheets::embedded();
        let mut o = BTreeMap::new();
        o.insert("aws_iot_core.inbound_publish_per_account".to_owned(), 100.0);
        let changed = sheets.with_overrides(&o).unwrap();
        assert_eq!(changed.aws_iot_core.inbound_publish_per_account.v(), 100.0);
        assert_eq!(changed.aws_iot_core.publish_per_connection.v(), 100.0);
        assert_eq!(changed.azure_iot_hub, sheets.azure_iot_hub);
        o.insert("aws_iot_core.nope".to_owned(), 1.0);
        assert!(matches!(
            sheets.with_overrides(&o),
            Err(OverrideError::Unknown(_))
        ));
    }

    #[test]
    fn negative_figure_names_line_and_column() {
        let text = embedded::AWS_IOT_CORE.replacen("value: 0.08", "value: -0.08", 1);
        let err = parse_ron::<AwsIotCoreSheet>("aws_iot_core.ron", &text).unwrap_err();
        let line = text.lines().position(|l| l.contains("-0.08")).unwrap() + 1;
        assert_eq!(err.file, "aws_iot_core.ron");
        assert_eq!(err.line, line, "{err}");
        assert!(err.message.contains("non-negative"), "{err}");
    }

    #[test]
    fn missing_figure_is_named() {
        let text = embedded::STORAGE.replacen("put_per_thousand", "put_per_thousand_typo", 1);
        let err = parse_ron::<StorageSheet>("storage.ron", &text).unwrap_err();
        assert!(err.message.contains("put_per_thousand"), "{err}");
        assert!(err.line > 1);
    }
}
