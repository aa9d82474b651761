//! The table of workload fields: name, label, group, kind, range, unit and help text of every
//! input, with getters and setters. `--set`, preset validation and the UI's sliders read it.

use chrono::NaiveDate;

use super::workload::{Range, Workload, WorkloadError, date_in_range};

/// Where a field is shown in the workload panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Fleet,
    Messages,
    Downlink,
    Storage,
    Launch,
    Platforms,
    Optimise,
    Ranges,
}

impl Group {
    pub const ALL: [Self; 8] = [
        Self::Fleet,
        Self::Messages,
        Self::Downlink,
        Self::Storage,
        Self::Launch,
        Self::Platforms,
        Self::Optimise,
        Self::Ranges,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Fleet => "Fleet",
            Self::Messages => "Messages",
            Self::Downlink => "Downlink & protocol",
            Self::Storage => "Storage",
            Self::Launch => "Launch",
            Self::Platforms => "Platforms",
            Self::Optimise => "Optimise",
            Self::Ranges => "Ranges",
        }
    }
}

/// How a field's value is read, checked and edited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Any finite number within the range.
    Number,
    /// A whole number within the range.
    Integer,
    /// A whole number from a fixed set (listed in `choices`).
    Choice(&'static [f64]),
    /// `true`/`false`, carried as 1/0 through `get`/`set`.
    Bool,
}

/// One editable workload field: its name, range, unit and meaning.
#[derive(Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub group: Group,
    pub kind: Kind,
    pub min: f64,
    pub max: f64,
    /// Sliders use a logarithmic scale for ranges spanning decades.
    pub logarithmic: bool,
    pub unit: &'static str,
    pub help: &'static str,
    pub get: fn(&Workload) -> f64,
    pub set: fn(&mut Workload, f64),
}

impl std::fmt::Debug for FieldSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The name identifies the field; the getter and setter have nothing to show.
        f.debug_struct("FieldSpec")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl FieldSpec {
    /// The accepted range in words, for error messages and hover text.
    pub fn range_text(&self) -> String {
        match self.kind {
            Kind::Bool => "true or false".to_owned(),
            Kind::Choice(values) => {
                let list: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
                format!("one of {}", list.join(", "))
            }
            Kind::Integer => format!("a whole number from {} to {}", self.min, self.max),
            Kind::Number => format!("a number from {} to {}", self.min, self.max),
        }
    }

    /// Checks a value against this field's kind and range.
    pub fn check(&self, value: f64) -> Result<(), WorkloadError> {
        // A value closer to zero than any real input (a denormal, say) is refused: nothing
        // divides by it and no rate or share is that small.
        let ok = value.is_finite()
            && (value == 0.0 || value.abs() >= crate::prices::figure::SMALLEST_FIGURE)
            && match self.kind {
                Kind::Bool => value == 0.0 || value == 1.0,
                Kind::Choice(values) => values.contains(&value),
                Kind::Integer => value.fract() == 0.0 && (self.min..=self.max).contains(&value),
                Kind::Number => (self.min..=self.max).contains(&value),
            };
        if ok {
            Ok(())
        } else {
            // 1e308 as written, not as three hundred digits.
            let extreme = value != 0.0 && !(1e-6..1e15).contains(&value.abs());
            Err(WorkloadError::OutOfRange {
                field: self.name.to_owned(),
                value: if extreme {
                    format!("{value:e}")
                } else {
                    value.to_string()
                },
                expected: self.range_text(),
            })
        }
    }

    /// Parses text typed for this field (`--set`), without storing it.
    pub fn parse(&self, text: &str) -> Result<f64, WorkloadError> {
        let text = text.trim();
        let parsed = match self.kind {
            Kind::Bool => match text {
                "true" | "on" | "yes" | "1" => Some(1.0),
                "false" | "off" | "no" | "0" => Some(0.0),
                _ => None,
            },
            _ => text.replace('_', "").parse::<f64>().ok(),
        };
        let value = parsed.ok_or_else(|| WorkloadError::OutOfRange {
            field: self.name.to_owned(),
            value: text.to_owned(),
            expected: self.range_text(),
        })?;
        // The message quotes the value as it was typed.
        self.check(value).map_err(|err| match err {
            WorkloadError::OutOfRange {
                field, expected, ..
            } => WorkloadError::OutOfRange {
                field,
                value: text.to_owned(),
                expected,
            },
            other => other,
        })?;
        Ok(value)
    }
}

macro_rules! field {
    ($name:ident, $group:ident, $kind:expr, $min:expr, $max:expr, $log:expr, $unit:expr, $label:expr, $help:expr) => {
        FieldSpec {
            name: stringify!($name),
            label: $label,
            group: Group::$group,
            kind: $kind,
            min: $min,
            max: $max,
            logarithmic: $log,
            unit: $unit,
            help: $help,
            get: |w| w.$name,
            set: |w, v| w.$name = v,
        }
    };
}

macro_rules! flag {
    ($name:ident, $group:ident, $label:expr, $help:expr) => {
        FieldSpec {
            name: stringify!($name),
            label: $label,
            group: Group::$group,
            kind: Kind::Bool,
            min: 0.0,
            max: 1.0,
            logarithmic: false,
            unit: "",
            help: $help,
            get: |w| if w.$name { 1.0 } else { 0.0 },
            set: |w, v| w.$name = v != 0.0,
        }
    };
}

const N: Kind = Kind::Number;
const I: Kind = Kind::Integer;

/// Every numeric and boolean workload field, in display order. `launch_date` and `overrides`
/// are handled separately ([`Workload::set`]).
#[rustfmt::skip]
pub const FIELDS: &[FieldSpec] = &[
    field!(devices, Fleet, I, 1.0, 1e8, true, "devices", "Devices", "Devices in the fleet"),
    field!(connected_fraction, Fleet, N, 0.0, 1.0, false, "of the month", "Connected share", "Share of the month a device holds its MQTT connection; AWS bills connection-minutes"),
    field!(peak_factor, Fleet, N, 1.0, 100.0, false, "× average", "Peak factor", "Peak-minute publish rate divided by the average rate"),
    field!(peak_connected_fraction, Fleet, N, 0.0, 1.0, false, "of devices", "Online at peak", "Share of the fleet connected at the same moment: counts against connection limits and sizes the broker"),
    field!(safety_factor, Fleet, N, 1.0, 10.0, false, "× peak", "Safety factor", "Headroom demanded over peak before launch; a limit below peak × safety is flagged"),
    field!(messages_per_device_per_hour, Messages, N, 0.01, 3600.0, true, "readings/h", "Readings per device", "Telemetry readings per device per hour (= publishes when batch size is 1)"),
    field!(message_bytes, Messages, I, 1.0, 262_144.0, true, "bytes", "Reading size", "Payload + topic bytes per reading; AWS meters 5 KB blocks, Azure 4 KB"),
    field!(batch_size, Messages, I, 1.0, 1000.0, false, "readings/msg", "Batch size", "Readings packed into one published message (domain §8)"),
    field!(rules_per_message, Messages, N, 0.0, 10.0, false, "rules", "Rules per message", "AWS IoT rules triggered per message ($0.15 per million, 5 KB blocks)"),
    field!(actions_per_rule, Messages, N, 0.0, 10.0, false, "actions", "Actions per rule", "Actions each triggered rule executes ($0.15 per million)"),
    field!(shadow_ops_per_device_per_day, Messages, N, 0.0, 10_000.0, false, "ops/day", "Shadow / twin ops", "Device Shadow or twin reads + updates per device per day; Azure Basic tiers have no twins"),
    field!(shadow_bytes, Messages, I, 1.0, 8192.0, false, "bytes", "Shadow size", "Size of one shadow/twin operation; AWS meters 1 KB blocks, Azure 4 KB"),
    field!(egress_fraction, Messages, N, 0.0, 1.0, false, "of ingest", "Egress share", "Share of ingested bytes later sent out to the internet (AWS transfer tiers)"),
    field!(commands_per_device_per_day, Downlink, N, 0.0, 10_000.0, false, "per day", "Commands", "Cloud-to-device messages (commands, configuration) each device receives per day"),
    field!(command_bytes, Downlink, I, 1.0, 262_144.0, true, "bytes", "Command size", "Payload + topic bytes of one command; Azure refuses cloud-to-device messages over 64 KB"),
    field!(command_qos, Downlink, Kind::Choice(&[0.0, 1.0]), 0.0, 1.0, false, "QoS", "Command QoS", "MQTT QoS of commands: at QoS 1 the device's PUBACK is metered by AWS as one more message"),
    field!(subscribers_per_message, Downlink, N, 0.0, 100.0, false, "subscribers", "Subscribers per message", "Apps, dashboards or devices that receive each telemetry message through the broker (the rules engine is not one)"),
    field!(reconnects_per_device_per_day, Downlink, N, 0.0, 10_000.0, false, "per day", "Reconnects", "New MQTT sessions per device per day (token refresh, sleep cycles, flaky links); AWS meters CONNECT and SUBSCRIBE"),
    field!(subscriptions_per_connection, Downlink, N, 0.0, 100.0, false, "topics", "Subscriptions per connect", "Topic filters a device subscribes to on each connect"),
    field!(retained_fraction, Downlink, N, 0.0, 1.0, false, "of telemetry", "Retained share", "Share of telemetry published with RETAIN; AWS meters each twice"),
    field!(direct_methods_per_device_per_day, Downlink, N, 0.0, 10_000.0, false, "per day", "Direct methods", "Request/response calls from the back end to each device per day"),
    field!(method_request_bytes, Downlink, I, 1.0, 131_072.0, true, "bytes", "Method request size", "Size of one direct-method request"),
    field!(method_response_bytes, Downlink, I, 1.0, 131_072.0, true, "bytes", "Method response size", "Size of one direct-method response"),
    field!(twin_reads_per_device_per_day, Downlink, N, 0.0, 10_000.0, false, "per day", "Twin reads", "Full shadow/twin document reads per device per day (by the device or the back end)"),
    field!(twin_document_bytes, Downlink, I, 1.0, 65_536.0, true, "bytes", "Twin document size", "Size of the whole shadow/twin document"),
    field!(file_uploads_per_device_per_day, Downlink, N, 0.0, 1000.0, false, "per day", "File uploads", "Files each device uploads to object storage per day (Azure meters 2 messages each)"),
    field!(firmware_updates_per_year, Downlink, N, 0.0, 365.0, false, "per year", "Firmware updates", "Over-the-air updates each device downloads per year"),
    field!(firmware_bytes, Downlink, I, 1.0, 1e10, true, "bytes", "Firmware size", "Size of one firmware image, sent out to the internet"),
    field!(retention_days, Storage, I, 1.0, 3650.0, false, "days", "Retention", "How long data must be kept; it is deleted at the end of retention"),
    field!(storage_hot_days, Storage, I, 0.0, 3650.0, false, "days", "Hot until", "Data age at which readings leave the hot database (RDS PostgreSQL storage)"),
    field!(storage_warm_until_days, Storage, I, 0.0, 3650.0, false, "days", "Warm until", "Data age at which files move from S3 Standard to Standard-IA"),
    field!(storage_cold_until_days, Storage, I, 0.0, 3650.0, false, "days", "Cold until", "Data age at which files move from Standard-IA to Glacier Deep Archive"),
    field!(storage_compression, Storage, N, 1.0, 20.0, false, "×", "Compression after hot", "Size reduction of tiers after hot, e.g. 8 for columnar files"),
    field!(storage_objects_per_day, Storage, N, 1.0, 1e6, true, "files/day", "Files per day", "Files the data lands as per day (24 hourly files); lifecycle requests are per file"),
    field!(storage_audits_per_year, Storage, N, 0.0, 365.0, false, "audits/yr", "Audits per year", "Times per year archived data is retrieved (and sent out) for an audit"),
    field!(storage_audit_gib, Storage, N, 0.0, 1e6, false, "GiB", "Audit size", "GiB retrieved per audit"),
    field!(availability_target, Launch, N, 0.9, 0.99999, false, "", "Availability target", "Availability the service must reach; 99.9 % allows 43.2 min downtime per 30-day month"),
    field!(reconnect_target_seconds, Launch, N, 1.0, 86_400.0, true, "s", "Reconnect target", "Longest acceptable time for the whole fleet to reconnect after an outage"),
    field!(monthly_budget_usd, Launch, N, 0.0, 1e9, false, "USD/month", "Monthly budget", "Budget for the cheapest platform; 0 means no budget"),
    FieldSpec {
        name: "devices_at_launch",
        label: "Devices at launch",
        group: Group::Launch,
        kind: I,
        min: 1.0,
        max: 1e8,
        logarithmic: true,
        unit: "devices",
        help: "The fleet in month 1 of the projection; it grows to Devices. Until set it is Devices (no ramp)",
        get: |w| w.devices_at_launch.unwrap_or(w.devices),
        set: |w, v| w.devices_at_launch = Some(v),
    },
    field!(monthly_growth_devices, Launch, I, 0.0, 1e8, false, "devices/month", "Devices added a month", "Devices added each month of the projection, up to Devices"),
    field!(monthly_growth_fraction, Launch, N, 0.0, 1.0, false, "per month", "Growth a month", "Compounding monthly growth of the fleet in the projection (0.1 is 10 % a month), up to Devices"),
    field!(projection_months, Launch, I, 1.0, 120.0, false, "months", "Months projected", "How many months the projection runs, from the launch date (or today)"),
    flag!(aws_basic_ingest, Platforms, "AWS Basic Ingest", "Publish to $aws/rules/…: no messaging charge, rules still billed, nothing can subscribe"),
    flag!(self_hosted_ha, Platforms, "Self-hosted HA", "Double the broker nodes for high availability"),
    field!(ops_hours_per_month, Platforms, N, 0.0, 744.0, false, "h/month", "Operations hours", "Engineer hours per month to run a self-hosted broker (patching, upgrades, on-call)"),
    field!(ops_hourly_usd, Platforms, N, 0.0, 1000.0, false, "USD/h", "Operations rate", "Loaded hourly cost of that engineer time"),
    field!(lambda_invocations_per_message, Platforms, N, 0.0, 10.0, false, "per msg", "Lambda per message", "Lambda invocations per published message in the reference stack"),
    field!(lambda_duration_ms, Platforms, N, 1.0, 900_000.0, true, "ms", "Lambda duration", "Average Lambda duration"),
    field!(lambda_memory_mb, Platforms, N, 128.0, 10_240.0, true, "MB", "Lambda memory", "Lambda memory size"),
    flag!(send_on_change, Optimise, "Send on change", "Suppress readings that did not change"),
    field!(send_on_change_suppressed, Optimise, N, 0.0, 0.99, false, "of readings", "Suppressed", "Share of readings suppressed by send on change"),
    flag!(compact_encoding, Optimise, "Compact encoding", "CBOR instead of JSON: 30–50 % smaller messages"),
    field!(compact_encoding_saving, Optimise, N, 0.0, 0.9, false, "of bytes", "Encoding saving", "Share of bytes saved by compact encoding"),
    flag!(compression, Optimise, "Compression", "GZIP/Snappy on stored and transferred bytes; never below one metered unit"),
    field!(compression_saving, Optimise, N, 0.0, 0.8, false, "of bytes", "Compression saving", "Share of bytes saved by compression (up to 80 %)"),
    flag!(edge_filtering, Optimise, "Edge filtering", "A gateway filters readings before they are sent (up to 95 % fewer)"),
    field!(edge_filtering_reduction, Optimise, N, 0.0, 0.95, false, "of readings", "Filtered", "Share of readings dropped at the edge"),
    field!(commitment_years, Optimise, Kind::Choice(&[0.0, 1.0, 3.0]), 0.0, 3.0, false, "years", "Commitment", "Savings plan on compute: 0 (none), 1 or 3 years"),
    field!(commitment_1y_saving, Optimise, N, 0.0, 0.9, false, "of compute", "1-year saving", "Saving of a 1-year savings plan (typically 20–40 %)"),
    field!(commitment_3y_saving, Optimise, N, 0.0, 0.9, false, "of compute", "3-year saving", "Saving of a 3-year savings plan (up to 60–72 %)"),
    flag!(autoscaling, Optimise, "Auto-scaling", "Scale compute down off-peak"),
    field!(autoscaling_hours_saved, Optimise, N, 0.0, 0.9, false, "of hours", "Hours saved", "Share of compute hours saved by auto-scaling off-peak (~40 %)"),
    flag!(tiering, Optimise, "Lifecycle tiering", "Move aging data from hot to warm, cold and archive storage instead of keeping it all hot"),
    field!(range_samples, Ranges, Kind::Integer, 100.0, 100_000.0, true, "samples", "Samples", "How many workloads are drawn from the ranges (each ranged field from a triangular low–typical–high distribution)"),
    field!(range_seed, Ranges, Kind::Integer, 0.0, 4_294_967_295.0, false, "", "Seed", "The random seed of the samples: the same seed gives the same figures"),
];

/// Looks a field up by its domain name.
pub fn field(name: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Checking and setting a workload by its fields' names: what `--set` and presets do.
impl Workload {
    /// Rejects any value outside its range, non-finite values and inconsistent tier boundaries.
    /// Each range names a numeric field and holds its value: low ≤ value ≤ high, both ends
    /// accepted values of the field (checked after every `--set`, domain §13).
    fn validate_ranges(&self) -> Result<(), WorkloadError> {
        for (name, &Range { low, high }) in &self.ranges {
            let spec = field(name)
                .filter(|s| {
                    matches!(s.kind, Kind::Number | Kind::Integer) && s.group != Group::Ranges
                })
                .ok_or_else(|| WorkloadError::OutOfRange {
                    field: format!("range {name}"),
                    value: format!("{low}..{high}"),
                    expected: "a numeric workload field (iotplan fields lists them)".to_owned(),
                })?;
            // An end out of the field's range is the range's fault, named as such.
            let as_range = |err: WorkloadError| match err {
                WorkloadError::OutOfRange {
                    value, expected, ..
                } => WorkloadError::OutOfRange {
                    field: format!("range {name}"),
                    value,
                    expected,
                },
                other => other,
            };
            spec.check(low).map_err(as_range)?;
            spec.check(high).map_err(as_range)?;
            let value = (spec.get)(self);
            if !(low <= value && value <= high) {
                return Err(WorkloadError::OutOfRange {
                    field: format!("range {name}"),
                    value: format!("{low}..{high}"),
                    expected: format!("low ≤ the value ({value}) ≤ high"),
                });
            }
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<(), WorkloadError> {
        for spec in FIELDS {
            spec.check((spec.get)(self))?;
        }
        if !(self.storage_hot_days <= self.storage_warm_until_days
            && self.storage_warm_until_days <= self.storage_cold_until_days)
        {
            return Err(WorkloadError::Inconsistent(format!(
                "storage tiers must be ordered: storage_hot_days ({}) ≤ storage_warm_until_days ({}) ≤ storage_cold_until_days ({})",
                self.storage_hot_days, self.storage_warm_until_days, self.storage_cold_until_days
            )));
        }
        if let Some(date) = self.launch_date
            && !date_in_range(date)
        {
            return Err(WorkloadError::BadDate(date.to_string()));
        }
        self.validate_ranges()?;
        for (key, value) in &self.overrides {
            if !value.is_finite() || *value < 0.0 {
                return Err(WorkloadError::OutOfRange {
                    field: key.clone(),
                    value: value.to_string(),
                    expected: "a non-negative finite number".to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Sets a field from text, as `--set NAME=VALUE` does. A name containing a dot is a
    /// price-sheet override (checked against the sheets when the report is built).
    pub fn set(&mut self, name: &str, text: &str) -> Result<(), WorkloadError> {
        if name == "region" {
            self.region = crate::prices::sheets::Region::parse(text).ok_or_else(|| {
                WorkloadError::OutOfRange {
                    field: name.to_owned(),
                    value: text.to_owned(),
                    expected: "us-east-1 or eu-west-1".to_owned(),
                }
            })?;
            return Ok(());
        }
        if name == "currency" {
            self.currency = crate::prices::currency::Currency::parse(text).ok_or_else(|| {
                WorkloadError::OutOfRange {
                    field: name.to_owned(),
                    value: text.to_owned(),
                    expected: "USD, EUR or GBP".to_owned(),
                }
            })?;
            return Ok(());
        }
        if name == "aws_free_tier" {
            self.aws_free_tier = super::workload::FreeTier::parse(text).ok_or_else(|| {
                WorkloadError::OutOfRange {
                    field: name.to_owned(),
                    value: text.to_owned(),
                    expected: "none, legacy or credits".to_owned(),
                }
            })?;
            return Ok(());
        }
        if name == "launch_date" {
            let text = text.trim();
            self.launch_date = if text.is_empty() || text == "none" {
                None
            } else {
                Some(
                    NaiveDate::parse_from_str(text, "%Y-%m-%d")
                        .ok()
                        .filter(|d| date_in_range(*d))
                        .ok_or_else(|| WorkloadError::BadDate(text.to_owned()))?,
                )
            };
            return Ok(());
        }
        if name.contains('.') {
            let value = text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| WorkloadError::OutOfRange {
                    field: name.to_owned(),
                    value: text.to_owned(),
                    expected: "a non-negative finite number".to_owned(),
                })?;
            self.overrides.insert(name.to_owned(), value);
            return Ok(());
        }
        let spec = field(name).ok_or_else(|| WorkloadError::UnknownField(name.to_owned()))?;
        let value = spec.parse(text)?;
        (spec.set)(self, value);
        Ok(())
    }

    /// Gives numeric field `name` the range `low..high` (texts as [`Workload::set`] reads them);
    /// that the value lies within is checked by [`Workload::validate`], after every other edit.
    pub fn set_range(&mut self, name: &str, low: &str, high: &str) -> Result<(), WorkloadError> {
        let spec = field(name)
            .filter(|s| matches!(s.kind, Kind::Number | Kind::Integer) && s.group != Group::Ranges)
            .ok_or_else(|| match field(name) {
                None => WorkloadError::UnknownField(name.to_owned()),
                Some(_) => WorkloadError::OutOfRange {
                    field: format!("range {name}"),
                    value: format!("{low}..{high}"),
                    expected: "a numeric workload field (not an on/off, choice or range setting)"
                        .to_owned(),
                },
            })?;
        let range = Range {
            low: spec.parse(low)?,
            high: spec.parse(high)?,
        };
        self.ranges.insert(name.to_owned(), range);
        Ok(())
    }
}
