//! The workload: every input the sliders edit (domain §2), its defaults and the effective
//! rates and sizes the strategies leave.
//!
//! One table, `FIELDS` (in `fields.rs`), names, ranges, checks and explains every field; the
//! CLI's `--set`, preset validation and the UI's widgets all read it.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::report::PlatformId;

/// Everything that describes one fleet and the choices made for it.
///
/// Fields are flat and named as in domain §2 so that `--set NAME=VALUE` and presets use the same
/// names. Fractions are 0–1; money is USD.
/// Which AWS Free Tier an account has (domain §12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, strum::EnumIter, strum::EnumCount)]
pub enum FreeTier {
    #[default]
    None,
    /// The 12-month allowances of accounts created before 2025-07-15.
    Legacy,
    /// The dollar credits of newer accounts, used up over the first months.
    Credits,
}

impl FreeTier {
    pub fn id(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Legacy => "legacy",
            Self::Credits => "credits",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::Legacy => "Legacy 12-month allowances",
            Self::Credits => "Credits (accounts from 2025-07-15)",
        }
    }

    /// `none`, `legacy` or `credits`; `true`/`false` as presets before credits wrote it.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "true" => Some(Self::Legacy),
            "false" => Some(Self::None),
            other => <Self as strum::IntoEnumIterator>::iter().find(|f| f.id() == other),
        }
    }
}

/// The platform the launch is judged on (domain §16): the cheapest feasible, or the user's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LaunchPlatform {
    #[default]
    Auto,
    Platform(PlatformId),
}

impl LaunchPlatform {
    /// `auto` or the platform's id, as `--set launch_platform=` and presets spell it.
    pub fn id(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Platform(id) => id.id(),
        }
    }

    /// `auto`, or an id that `find` knows.
    pub fn parse_with(text: &str, find: impl Fn(&str) -> Option<PlatformId>) -> Option<Self> {
        match text.trim() {
            "auto" => Some(Self::Auto),
            id => find(id).map(Self::Platform),
        }
    }
}

/// Files spell it through `io::workload_file`, so this layout can change freely.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    // Fleet
    pub devices: f64,
    pub connected_fraction: f64,
    /// Share of the fleet online at the same moment (connection limits, broker sizing).
    pub peak_connected_fraction: f64,
    pub peak_factor: f64,
    pub safety_factor: f64,
    // Messages
    pub messages_per_device_per_hour: f64,
    pub message_bytes: f64,
    pub batch_size: f64,
    pub rules_per_message: f64,
    pub actions_per_rule: f64,
    pub shadow_ops_per_device_per_day: f64,
    pub shadow_bytes: f64,
    pub egress_fraction: f64,
    // Downlink, commands and protocol overhead (domain §11), every rate 0 by default
    pub commands_per_device_per_day: f64,
    pub command_bytes: f64,
    pub command_qos: f64,
    pub subscribers_per_message: f64,
    pub reconnects_per_device_per_day: f64,
    pub subscriptions_per_connection: f64,
    pub retained_fraction: f64,
    pub direct_methods_per_device_per_day: f64,
    pub method_request_bytes: f64,
    pub method_response_bytes: f64,
    pub twin_reads_per_device_per_day: f64,
    pub twin_document_bytes: f64,
    pub file_uploads_per_device_per_day: f64,
    pub firmware_updates_per_year: f64,
    pub firmware_bytes: f64,
    // Storage (domain §6)
    pub retention_days: f64,
    pub storage_hot_days: f64,
    pub storage_warm_until_days: f64,
    pub storage_cold_until_days: f64,
    pub storage_compression: f64,
    pub storage_objects_per_day: f64,
    pub storage_audits_per_year: f64,
    pub storage_audit_gib: f64,
    // Launch
    pub availability_target: f64,
    pub launch_date: Option<NaiveDate>,
    /// Which platform readiness, quotas and reconnect times are judged on (domain §16).
    pub launch_platform: LaunchPlatform,
    pub reconnect_target_seconds: f64,
    pub monthly_budget_usd: f64,
    /// Growth (domain §14): the fleet in month 1 (`None`: `devices`, no ramp), devices added
    /// and the share grown each month, `devices` the ceiling; months projected.
    pub devices_at_launch: Option<f64>,
    pub monthly_growth_devices: f64,
    pub monthly_growth_fraction: f64,
    pub projection_months: f64,
    // Platform options (domain §3–§5, §9)
    pub aws_basic_ingest: bool,
    pub aws_free_tier: FreeTier,
    /// Whose prices: the AWS region (Azure and self-hosted the nearest) (domain §12).
    pub region: crate::prices::sheets::Region,
    /// What figures are shown in; every computation stays in USD (domain §12).
    pub currency: crate::prices::currency::Currency,
    pub self_hosted_ha: bool,
    pub ops_hours_per_month: f64,
    pub ops_hourly_usd: f64,
    pub lambda_invocations_per_message: f64,
    pub lambda_duration_ms: f64,
    pub lambda_memory_mb: f64,
    // Optimisation strategies (domain §8), each off by default
    pub send_on_change: bool,
    pub send_on_change_suppressed: f64,
    pub compact_encoding: bool,
    pub compact_encoding_saving: f64,
    pub compression: bool,
    pub compression_saving: f64,
    pub edge_filtering: bool,
    pub edge_filtering_reduction: f64,
    pub commitment_years: f64,
    pub commitment_1y_saving: f64,
    pub commitment_3y_saving: f64,
    pub autoscaling: bool,
    pub autoscaling_hours_saved: f64,
    pub tiering: bool,
    /// Replacements for price-sheet figures, keyed `sheet.figure` (e.g.
    /// `aws_iot_core.inbound_publish_per_account`), so rules of thumb can be reproduced (domain §9).
    pub overrides: BTreeMap<String, f64>,
    /// Low and high around a field's value (domain §13): `devices` → 5,000..20,000.
    pub ranges: BTreeMap<String, Range>,
    pub range_samples: f64,
    pub range_seed: f64,
}

/// A field's low and high; its typical value is the field's own (domain §13).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

impl Default for Workload {
    #[expect(clippy::too_many_lines, reason = "one line per field")]
    fn default() -> Self {
        Self {
            devices: 1_000.0,
            connected_fraction: 1.0,
            peak_connected_fraction: 1.0,
            peak_factor: 1.0,
            safety_factor: 3.0,
            messages_per_device_per_hour: 12.0,
            message_bytes: 200.0,
            batch_size: 1.0,
            rules_per_message: 1.0,
            actions_per_rule: 1.0,
            shadow_ops_per_device_per_day: 0.0,
            shadow_bytes: 1_024.0,
            egress_fraction: 0.1,
            commands_per_device_per_day: 0.0,
            command_bytes: 256.0,
            command_qos: 1.0,
            subscribers_per_message: 0.0,
            reconnects_per_device_per_day: 0.0,
            subscriptions_per_connection: 1.0,
            retained_fraction: 0.0,
            direct_methods_per_device_per_day: 0.0,
            method_request_bytes: 512.0,
            method_response_bytes: 200.0,
            twin_reads_per_device_per_day: 0.0,
            twin_document_bytes: 1_024.0,
            file_uploads_per_device_per_day: 0.0,
            firmware_updates_per_year: 0.0,
            firmware_bytes: 1_000_000.0,
            retention_days: 30.0,
            storage_hot_days: 7.0,
            storage_warm_until_days: 90.0,
            storage_cold_until_days: 365.0,
            storage_compression: 1.0,
            storage_objects_per_day: 24.0,
            storage_audits_per_year: 0.0,
            storage_audit_gib: 10.0,
            availability_target: 0.999,
            launch_date: None,
            launch_platform: LaunchPlatform::Auto,
            reconnect_target_seconds: 600.0,
            monthly_budget_usd: 0.0,
            devices_at_launch: None,
            monthly_growth_devices: 0.0,
            monthly_growth_fraction: 0.0,
            projection_months: 36.0,
            aws_basic_ingest: false,
            aws_free_tier: FreeTier::None,
            region: crate::prices::sheets::Region::UsEast1,
            currency: crate::prices::currency::Currency::Usd,
            self_hosted_ha: true,
            ops_hours_per_month: 20.0,
            ops_hourly_usd: 100.0,
            lambda_invocations_per_message: 1.0,
            lambda_duration_ms: 100.0,
            lambda_memory_mb: 128.0,
            send_on_change: false,
            send_on_change_suppressed: 0.5,
            compact_encoding: false,
            compact_encoding_saving: 0.4,
            compression: false,
            compression_saving: 0.6,
            edge_filtering: false,
            edge_filtering_reduction: 0.5,
            commitment_years: 0.0,
            commitment_1y_saving: 0.3,
            commitment_3y_saving: 0.6,
            autoscaling: false,
            autoscaling_hours_saved: 0.4,
            tiering: false,
            overrides: BTreeMap::new(),
            ranges: BTreeMap::new(),
            range_samples: 2_000.0,
            range_seed: 1.0,
        }
    }
}

/// A workload value that cannot be accepted.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WorkloadError {
    #[error("{field}: {value} is out of range, expected {expected}")]
    OutOfRange {
        field: String,
        value: String,
        expected: String,
    },
    /// The CLI adds where to find the list of fields.
    #[error("unknown field `{0}`")]
    UnknownField(String),
    #[error("{0}")]
    Inconsistent(String),
    /// A value of the wrong type (a name where a number belongs), as files can give.
    #[error("{field}: expected {expected}")]
    Mistyped {
        field: &'static str,
        expected: String,
    },
    #[error("{field}: `{text}` is not a date: {why}")]
    BadDate {
        field: &'static str,
        text: String,
        why: String,
    },
}

/// Earliest launch date accepted: dates far outside a planning horizon only overflow date
/// arithmetic, they never describe a launch.
pub const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
/// Latest launch date (and `--today`) accepted.
pub const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2200, 12, 31).expect("valid date");

/// Whether `date` lies in the planning horizon [`FIRST_DATE`, `LAST_DATE`].
pub fn date_in_range(date: NaiveDate) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

impl Workload {
    /// Readings per device per hour that leave the device after send-on-change and edge filtering.
    pub fn effective_readings_per_hour(&self) -> f64 {
        let mut rate = self.messages_per_device_per_hour;
        if self.send_on_change {
            rate *= 1.0 - self.send_on_change_suppressed;
        }
        if self.edge_filtering {
            rate *= 1.0 - self.edge_filtering_reduction;
        }
        rate
    }

    /// Bytes of one reading on the wire and on disk after compact encoding and compression.
    pub fn effective_reading_bytes(&self) -> f64 {
        let mut bytes = self.message_bytes;
        if self.compact_encoding {
            bytes *= 1.0 - self.compact_encoding_saving;
        }
        if self.compression {
            bytes *= 1.0 - self.compression_saving;
        }
        // A message carries at least one byte; metering rounds up from there.
        bytes.max(1.0)
    }

    /// Share of an always-on instance's price still paid after a savings-plan commitment.
    pub fn commitment_factor(&self) -> f64 {
        if self.commitment_years == 1.0 {
            1.0 - self.commitment_1y_saving
        } else if self.commitment_years == 3.0 {
            1.0 - self.commitment_3y_saving
        } else {
            1.0
        }
    }

    /// Share of app-server hours still run after scaling down off-peak.
    pub fn autoscaling_factor(&self) -> f64 {
        if self.autoscaling {
            1.0 - self.autoscaling_hours_saved
        } else {
            1.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::fields::FIELDS;

    #[test]
    fn defaults_are_valid_and_match_the_domain() {
        let w = Workload::default();
        w.validate().unwrap();
        assert_eq!(w.devices, 1000.0);
        assert_eq!(w.messages_per_device_per_hour, 12.0);
        assert_eq!(w.message_bytes, 200.0);
        assert_eq!(w.safety_factor, 3.0);
    }

    #[test]
    fn every_default_lies_in_its_range() {
        let w = Workload::default();
        for spec in FIELDS {
            assert!(
                spec.number(&w).is_none_or(|v| spec.check(v).is_ok()),
                "{} default out of range",
                spec.name
            );
        }
    }

    #[test]
    fn set_rejects_out_of_range_and_unknown() {
        let mut w = Workload::default();
        w.set("devices", "45000").unwrap();
        assert_eq!(w.devices, 45_000.0);
        let err = w.set("devices", "0").unwrap_err().to_string();
        assert!(
            err.contains("devices") && err.contains("1 to 100000000"),
            "{err}"
        );
        assert!(w.set("devices", "NaN").is_err());
        assert!(w.set("devices", "inf").is_err());
        assert!(w.set("message_bytes", "1.5").is_err());
        assert!(matches!(
            w.set("nope", "1"),
            Err(WorkloadError::UnknownField(_))
        ));
        assert!(w.set("commitment_years", "2").is_err());
        w.set("aws_basic_ingest", "true").unwrap();
        assert!(w.aws_basic_ingest);
        w.set("launch_date", "2027-03-01").unwrap();
        assert!(w.launch_date.is_some());
        assert!(w.set("launch_date", "March").is_err());
    }

    #[test]
    fn unordered_tiers_are_rejected() {
        let w = Workload {
            storage_warm_until_days: 3.0,
            ..Workload::default()
        };
        assert!(matches!(w.validate(), Err(WorkloadError::Inconsistent(_))));
    }

    #[test]
    fn field_names_are_unique() {
        for (i, a) in FIELDS.iter().enumerate() {
            for b in &FIELDS[i + 1..] {
                assert_ne!(a.name, b.name);
            }
        }
    }
}
