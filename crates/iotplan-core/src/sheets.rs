//! Price and limit sheets: every figure the formulas use, with its unit and source, and the date
//! the sheet was researched (`as_of`). Parsed from RON text here; reading files is `crate::io`'s job.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::figure::{
    Amount, Capacity, Figure, Fraction, Price, Quantity, Range, Rate, SMALLEST_FIGURE, check_figure,
};
pub use super::parse::{ParseError, escape_controls, parse_ron};

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
pub struct AwsIotCoreSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub connectivity_per_million_minutes: Figure,
    pub messaging_tier1_per_million: Figure,
    pub messaging_tier1_up_to_millions: Figure<Quantity>,
    pub messaging_tier2_per_million: Figure,
    pub messaging_tier2_up_to_millions: Figure<Quantity>,
    pub messaging_tier3_per_million: Figure,
    pub message_meter_bytes: Figure<Capacity>,
    pub max_message_bytes: Figure<Capacity>,
    pub rules_per_million: Figure,
    pub actions_per_million: Figure,
    pub shadow_ops_per_million: Figure,
    pub shadow_meter_bytes: Figure<Capacity>,
    pub free_tier_connection_minutes: Figure<Quantity>,
    pub free_tier_messages: Figure<Quantity>,
    pub free_tier_shadow_ops: Figure<Quantity>,
    pub free_tier_rules: Figure<Quantity>,
    pub free_tier_actions: Figure<Quantity>,
    pub free_tier_credits_usd: Figure,
    pub free_tier_credits_months: Figure<Quantity>,
    pub shadow_update_publish_weight: Figure<Quantity>,
    pub jobs_per_remote_action: Figure,
    pub jobs_tier1_remote_actions: Figure<Quantity>,
    pub free_tier_remote_actions: Figure<Quantity>,
    pub sla: Figure<Fraction>,
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

/// One Azure `IoT` Hub tier. Throttles are "the higher of a floor or a rate per unit".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureTier {
    pub name: String,
    /// Standard and Free tiers have twins, C2D and direct methods; Basic tiers do not.
    pub has_twins: bool,
    pub unit_usd_per_month: Figure,
    pub messages_per_day_per_unit: Figure<Capacity>,
    pub meter_bytes: Figure<Capacity>,
    pub max_units: Figure<Capacity>,
    pub d2c_per_second_per_unit: Figure<Capacity>,
    pub d2c_min_per_second: Figure<Quantity>,
    pub connects_per_second_per_unit: Figure<Capacity>,
    pub connects_min_per_second: Figure<Quantity>,
    pub registry_ops_per_second_per_unit: Figure<Capacity>,
    /// 0 on tiers without twins.
    pub twin_updates_per_second_per_unit: Figure<Quantity>,
    pub twin_updates_min_per_second: Figure<Quantity>,
    /// 0 on tiers without cloud-to-device messages.
    pub c2d_sends_per_second_per_unit: Figure<Quantity>,
    /// Direct-method throughput in KB (4 KB metered); 0 on tiers without methods.
    pub method_kb_per_second_per_unit: Figure<Quantity>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureIotHubSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub max_message_bytes: Figure<Capacity>,
    pub max_c2d_message_bytes: Figure<Capacity>,
    pub sla: Figure<Fraction>,
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
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub broker: String,
    pub instance: Arc<str>,
    pub node_inbound_messages_per_second: Figure<Capacity>,
    pub node_connections: Figure<Capacity>,
    pub node_connects_per_second: Figure<Capacity>,
    pub instance_usd_per_hour: Figure,
    pub disk_gb_per_node: Figure<Quantity>,
    pub disk_usd_per_gb_month: Figure,
    pub database_instance: Arc<str>,
    pub database_usd_per_hour: Figure,
    pub sla: Figure<Fraction>,
}

/// The single-VM lab: Mosquitto, InfluxDB and Grafana on one instance (the chapter's Docker
/// Compose lab), its ceilings, and the images the Compose export pins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedLabSheet {
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub instance: Arc<str>,
    pub instance_usd_per_hour: Figure,
    pub disk_gb: Figure<Capacity>,
    pub disk_reserved_gb: Figure<Quantity>,
    pub disk_usd_per_gb_month: Figure,
    pub broker_messages_per_second: Figure<Capacity>,
    pub influx_field_writes_per_second: Figure<Capacity>,
    pub fields_per_reading: Figure<Capacity>,
    pub bytes_per_stored_value: Figure<Capacity>,
    pub ops_hours_per_month: Figure<Quantity>,
    pub sla: Figure<Fraction>,
    pub mosquitto_image: Arc<str>,
    pub influxdb_image: Arc<str>,
    pub telegraf_image: Arc<str>,
    pub grafana_image: Arc<str>,
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

/// Every sheet the report needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheets {
    pub aws_iot_core: AwsIotCoreSheet,
    pub azure_iot_hub: AzureIotHubSheet,
    pub self_hosted: SelfHostedSheet,
    pub aws_stack: AwsStackSheet,
    pub storage: StorageSheet,
    pub currency: CurrencySheet,
    pub self_hosted_lab: SelfHostedLabSheet,
}

/// The file names (without `.ron`) of the sheets, in [`Sheets`] order.
pub const SHEET_NAMES: [&str; 7] = [
    "aws_iot_core",
    "azure_iot_hub",
    "self_hosted",
    "aws_stack",
    "storage",
    "currency",
    "self_hosted_lab",
];

/// The sheets shipped inside the binary.
pub mod embedded {
    pub const AWS_IOT_CORE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/aws_iot_core.ron"
    ));
    pub const AZURE_IOT_HUB: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/azure_iot_hub.ron"
    ));
    pub const SELF_HOSTED: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/self_hosted.ron"
    ));
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
    pub const SELF_HOSTED_LAB: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/self_hosted_lab.ron"
    ));
    pub const ALL: [&str; 7] = [
        AWS_IOT_CORE,
        AZURE_IOT_HUB,
        SELF_HOSTED,
        AWS_STACK,
        STORAGE,
        CURRENCY,
        SELF_HOSTED_LAB,
    ];
    /// eu-west-1 (Ireland); Azure North Europe.
    pub const EU_WEST_1: [&str; 7] = [
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/aws_iot_core.ron"
        )),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/azure_iot_hub.ron"
        )),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/self_hosted.ron"
        )),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/aws_stack.ron"
        )),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/storage.ron"
        )),
        CURRENCY,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/self_hosted_lab.ron"
        )),
    ];

    /// The embedded sheet texts of `region`, in [`super::SHEET_NAMES`] order.
    pub fn texts(region: super::Region) -> [&'static str; 7] {
        match region {
            super::Region::UsEast1 => ALL,
            super::Region::EuWest1 => EU_WEST_1,
        }
    }
}

/// A region with its own sourced sheets (domain §12). AWS sheets are the region's; Azure and
/// self-hosted use the nearest sourced region; a figure without a regional source is the
/// us-east-1 one, with a note saying so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Region {
    #[default]
    #[serde(rename = "us-east-1")]
    UsEast1,
    #[serde(rename = "eu-west-1")]
    EuWest1,
}

impl Region {
    pub const ALL: [Self; 2] = [Self::UsEast1, Self::EuWest1];

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
        Self::ALL.into_iter().find(|r| r.id() == text.trim())
    }
}

/// Name, date and age of one sheet, for the status bar and the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetInfo {
    pub name: &'static str,
    pub title: Arc<str>,
    pub as_of: NaiveDate,
    pub age_days: i64,
}

/// Sheets older than this many days are called stale in the status bar.
pub const STALE_AFTER_DAYS: i64 = 180;

impl Sheets {
    /// Parses the sheets from `(file name, text)` pairs in [`SHEET_NAMES`] order.
    pub fn parse(texts: [(&str, &str); 7]) -> Result<Self, ParseError> {
        let [a, b, c, d, e, f, g] = texts;
        Ok(Self {
            aws_iot_core: parse_ron(a.0, a.1)?,
            azure_iot_hub: parse_ron(b.0, b.1)?,
            self_hosted: parse_ron(c.0, c.1)?,
            aws_stack: parse_ron(d.0, d.1)?,
            storage: parse_ron(e.0, e.1)?,
            currency: parse_ron(f.0, f.1)?,
            self_hosted_lab: parse_ron(g.0, g.1)?,
        })
    }

    /// The sheets shipped with iotplan.
    pub fn embedded() -> Self {
        Self::embedded_for(Region::UsEast1)
    }

    /// The sheets shipped for `region`.
    pub fn embedded_for(region: Region) -> Self {
        let t = embedded::texts(region);
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
            ("currency.ron", t[5]),
            ("self_hosted_lab.ron", t[6]),
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
            (&self.currency.title, self.currency.as_of),
            (&self.self_hosted_lab.title, self.self_hosted_lab.as_of),
        ];
        SHEET_NAMES
            .iter()
            .zip(entries)
            .map(|(name, (title, as_of))| SheetInfo {
                name,
                title: Arc::clone(title),
                as_of,
                age_days: today.signed_duration_since(as_of).num_days(),
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
        let base =
            serde_json::to_value(self).map_err(|e| OverrideError::Internal(e.to_string()))?;
        let mut tree = base.clone();
        for (key, value) in overrides {
            set_figure(&mut tree, key, *value)?;
        }
        match serde_json::from_value(tree) {
            Ok(sheets) => Ok(Cow::Owned(sheets)),
            // Name the override that is out of its figure's range: try them one at a time.
            Err(err) => Err(overrides
                .iter()
                .find_map(|(key, value)| {
                    let mut one = base.clone();
                    set_figure(&mut one, key, *value).ok()?;
                    serde_json::from_value::<Self>(one)
                        .err()
                        .map(|e| OverrideError::Invalid {
                            key: key.clone(),
                            message: range_message(&e.to_string()),
                        })
                })
                .unwrap_or_else(|| OverrideError::Internal(err.to_string()))),
        }
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

/// Replaces the figure at `key` (`sheet.figure[.sub]`) in a sheet tree.
fn set_figure(tree: &mut serde_json::Value, key: &str, value: f64) -> Result<(), OverrideError> {
    let mut node = tree;
    for part in key.split('.') {
        node = node
            .get_mut(part)
            .ok_or_else(|| OverrideError::Unknown(key.to_owned()))?;
    }
    if node.get("value").is_some() {
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
        for region in Region::ALL {
            let sheets = Sheets::embedded_for(region);
            for (key, _, unit, source) in sheets.figures() {
                assert!(!unit.is_empty(), "{region:?} {key}");
                assert!(source.starts_with("https://"), "{region:?} {key}: {source}");
            }
            for info in sheets.infos(crate::test_today()) {
                // Exchange rates are the same in every region.
                if region == Region::EuWest1 && info.name != "currency" {
                    assert!(
                        info.title.contains("eu-west-1") || info.title.contains("North Europe"),
                        "{}",
                        info.title
                    );
                }
            }
        }
        // A figure with no regional source says so.
        let eu = embedded::EU_WEST_1[3];
        assert!(eu.contains("no eu-west-1 source found: the us-east-1 figure"));
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
}
