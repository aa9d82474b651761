//! The table of workload fields: every input the user sets, typed (number, whole number,
//! choice of numbers, on/off, named choice, date, optional number), with its name, label, group,
//! range, unit, help text and widget, and how it is read and written. `--set`, presets, the
//! window's widgets, `iotplan fields` and the README's list all come from this one table.

use chrono::{Datelike as _, NaiveDate};
use strum::IntoEnumIterator as _;

use super::workload::{
    FIRST_DATE, FreeTier, LAST_DATE, Range, Workload, WorkloadError, date_in_range,
};
use crate::prices::currency::Currency;
use std::fmt::Write as _;

use crate::prices::figure::SMALLEST_FIGURE;
use crate::prices::sheets::Region;

/// Where a field is shown in the workload panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::EnumCount)]
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

    /// Whether the panel opens the group on start: the core of every workload always, the
    /// others when one of their fields differs from its default.
    pub fn starts_open(self, w: &Workload) -> bool {
        match self {
            Self::Fleet | Self::Messages | Self::Storage | Self::Launch => true,
            Self::Ranges => !w.ranges.is_empty(),
            Self::Downlink | Self::Platforms | Self::Optimise => {
                let default = Workload::default();
                FIELDS
                    .iter()
                    .filter(|f| f.group == self)
                    .any(|f| f.text(w) != f.text(&default))
            }
        }
    }
}

/// What values a field takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Any finite number within the range.
    Number,
    /// A whole number within the range.
    Integer,
    /// A whole number from a fixed set, each with its label (`none`, `1 year`).
    Choice(&'static [(f64, &'static str)]),
    /// On or off, carried as 1/0 by numeric accessors.
    Bool,
    /// One of a list of named values (ids).
    Named,
    /// A calendar date, or none.
    Date,
}

/// How the window edits a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Widget {
    /// A slider over the range with a number entry beside it.
    Slider,
    /// The same on a logarithmic scale, for ranges spanning decades.
    LogSlider,
    Toggle,
    Dropdown,
    DateEntry,
    /// A percentage whose slider moves along the number of nines (99.9 % is three), for an
    /// availability target.
    Nines,
}

/// One named value of a choice: its id (as typed and saved) and its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: &'static str,
    pub title: &'static str,
}

/// How a field's value is read and written.
#[derive(Clone, Copy)]
pub enum Access {
    /// Numbers, whole numbers, numeric choices and on/off.
    Number {
        get: fn(&Workload) -> f64,
        set: fn(&mut Workload, f64),
    },
    /// A number that may be unset, meaning another field's value.
    Optional {
        get: fn(&Workload) -> Option<f64>,
        set: fn(&mut Workload, Option<f64>),
        /// The value it takes while unset.
        unset: fn(&Workload) -> f64,
        /// That value's field, in words ("Devices").
        unset_means: &'static str,
    },
    /// One of named values; `set` is `None` for an id it does not know.
    Named {
        get: fn(&Workload) -> &'static str,
        set: fn(&mut Workload, &str) -> Option<()>,
        options: fn() -> Vec<Choice>,
    },
    Date {
        get: fn(&Workload) -> Option<NaiveDate>,
        set: fn(&mut Workload, Option<NaiveDate>),
    },
}

/// One editable workload field: its name, range, unit and meaning, and how it is accessed.
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
    pub access: Access,
    /// How the window edits it, when not the kind's usual widget.
    pub widget_hint: Option<Widget>,
}

impl std::fmt::Debug for FieldSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The name identifies the field; the accessors have nothing to show.
        f.debug_struct("FieldSpec")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Why a text is not a date of the planning horizon.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected YYYY-MM-DD from {FIRST_DATE} to {LAST_DATE}")]
    Format,
    #[error("no month {0}")]
    Month(u32),
    #[error("{year}-{month:02} has {days} days, not {day}")]
    Day {
        year: u32,
        month: u32,
        day: u32,
        days: u32,
    },
    #[error("expected a date from {FIRST_DATE} to {LAST_DATE}")]
    Horizon,
}

/// A date from text, `2027-03-01`, or why the text is not one ("no month 13").
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let (year, month, day) = match (parts.as_slice(), numbers.as_deref()) {
        ([y, m, d], Some(&[year, month, day])) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            (year, month, day)
        }
        _ => return Err(DateError::Format),
    };
    if !(1..=12).contains(&month) {
        return Err(DateError::Month(month));
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
        let days = NaiveDate::from_ymd_opt(year as i32, month, 1)
            .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
            .map_or(31, |next| next.pred_opt().map_or(31, |last| last.day()));
        DateError::Day {
            year,
            month,
            day,
            days,
        }
    })?;
    if date_in_range(date) {
        Ok(date)
    } else {
        Err(DateError::Horizon)
    }
}

impl FieldSpec {
    /// Whether it holds a number (numbers, whole numbers, numeric choices, on/off, optional
    /// numbers).
    pub fn is_numeric(&self) -> bool {
        matches!(self.access, Access::Number { .. } | Access::Optional { .. })
    }

    /// Whether it can carry a low..high range (domain §13): a number or whole number that is
    /// not a setting of the ranges themselves.
    pub fn is_rangeable(&self) -> bool {
        self.is_numeric()
            && matches!(self.kind, Kind::Number | Kind::Integer)
            && self.group != Group::Ranges
    }

    /// The same row edited with `widget`.
    #[must_use]
    pub const fn with_widget(self, widget: Widget) -> Self {
        Self {
            widget_hint: Some(widget),
            ..self
        }
    }

    /// How the window edits it.
    pub fn widget(&self) -> Widget {
        if let Some(widget) = self.widget_hint {
            return widget;
        }
        match self.kind {
            Kind::Bool => Widget::Toggle,
            Kind::Named | Kind::Choice(_) => Widget::Dropdown,
            Kind::Date => Widget::DateEntry,
            Kind::Number | Kind::Integer if self.logarithmic => Widget::LogSlider,
            Kind::Number | Kind::Integer => Widget::Slider,
        }
    }

    /// Its value as a number (an unset optional number: the value it takes meanwhile), for
    /// numeric fields.
    pub fn number(&self, w: &Workload) -> Option<f64> {
        match self.access {
            Access::Number { get, .. } => Some(get(w)),
            Access::Optional { get, unset, .. } => Some(get(w).unwrap_or_else(|| unset(w))),
            Access::Named { .. } | Access::Date { .. } => None,
        }
    }

    /// Sets a numeric field (an optional one becomes set); other fields are left alone.
    pub fn set_number(&self, w: &mut Workload, value: f64) {
        // -0 is stored (and saved, and shown) as 0.
        let value = value + 0.0;
        match self.access {
            Access::Number { set, .. } => set(w, value),
            Access::Optional { set, .. } => set(w, Some(value)),
            Access::Named { .. } | Access::Date { .. } => {}
        }
    }

    /// The named values of a named field (empty for others).
    pub fn options(&self) -> Vec<Choice> {
        match self.access {
            Access::Named { options, .. } => options(),
            _ => Vec::new(),
        }
    }

    /// Its value as text, as `--set` takes it and `iotplan fields` shows it: `1000`, `true`,
    /// `eu-west-1`, `2027-03-01`, `none`; an unset optional number is `none`.
    pub fn text(&self, w: &Workload) -> String {
        match self.access {
            Access::Number { get, .. } if self.kind == Kind::Bool => (get(w) != 0.0).to_string(),
            Access::Number { get, .. } => get(w).to_string(),
            Access::Optional { get, .. } => {
                get(w).map_or_else(|| "none".to_owned(), |v| v.to_string())
            }
            Access::Named { get, .. } => get(w).to_owned(),
            Access::Date { get, .. } => get(w).map_or_else(|| "none".to_owned(), |d| d.to_string()),
        }
    }

    /// Its value as people read it: whole numbers grouped (45,000), others exact (0.9995),
    /// on/off, a named value's title, a date or "none".
    pub fn display(&self, w: &Workload) -> String {
        match self.access {
            Access::Number { get, .. } if self.kind == Kind::Bool => {
                if get(w) == 0.0 { "off" } else { "on" }.to_owned()
            }
            // As it is edited: a percentage (99.95 %).
            Access::Number { get, .. } if self.widget() == Widget::Nines => {
                crate::format::availability(get(w))
            }
            Access::Optional {
                get, unset_means, ..
            } if get(w).is_none() => {
                format!("same as {unset_means}")
            }
            Access::Number { .. } | Access::Optional { .. } => {
                let v = self.number(w).unwrap_or_default();
                if v.fract() == 0.0 {
                    crate::format::count(v)
                } else {
                    crate::format::Num(v).to_string()
                }
            }
            Access::Named { get, options, .. } => {
                let id = get(w);
                options()
                    .into_iter()
                    .find(|c| c.id == id)
                    .map_or_else(|| id.to_owned(), |c| c.title.to_owned())
            }
            Access::Date { get, .. } => get(w).map_or_else(|| "none".to_owned(), |d| d.to_string()),
        }
    }

    /// The accepted values in words, for error messages and hover text.
    pub fn range_text(&self) -> String {
        let base = match self.kind {
            Kind::Bool => "true or false".to_owned(),
            Kind::Choice(values) => {
                let list: Vec<String> = values.iter().map(|(v, _)| format!("{v}")).collect();
                format!("one of {}", list.join(", "))
            }
            Kind::Integer => format!("a whole number from {} to {}", self.min, self.max),
            Kind::Number => format!("a number from {} to {}", self.min, self.max),
            Kind::Named => {
                let ids: Vec<&str> = self.options().iter().map(|c| c.id).collect();
                match ids.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => ids.join(", "),
                }
            }
            Kind::Date => format!("YYYY-MM-DD from {FIRST_DATE} to {LAST_DATE}, or none"),
        };
        match self.access {
            Access::Optional { unset_means, .. } => {
                format!("{base}, or none (the value of {unset_means})")
            }
            _ => base,
        }
    }

    /// Checks a numeric value against this field's kind and range.
    pub fn check(&self, value: f64) -> Result<(), WorkloadError> {
        // A value closer to zero than any real input (a denormal, say) is refused: nothing
        // divides by it and no rate or share is that small.
        let ok = value.is_finite()
            && (value == 0.0 || value.abs() >= SMALLEST_FIGURE)
            && match self.kind {
                Kind::Bool => value == 0.0 || value == 1.0,
                Kind::Choice(values) => values.iter().any(|(v, _)| *v == value),
                Kind::Integer => value.fract() == 0.0 && (self.min..=self.max).contains(&value),
                Kind::Number => (self.min..=self.max).contains(&value),
                Kind::Named | Kind::Date => false,
            };
        if ok {
            Ok(())
        } else {
            // 1e308 as written, not as three hundred digits; 0 for -0.
            let mut err = self.refused(crate::format::Num(value).to_string());
            let tiny = value != 0.0 && value.abs() < SMALLEST_FIGURE;
            if let WorkloadError::OutOfRange { expected, .. } = &mut err
                && tiny
            {
                let _ = write!(
                    expected,
                    ", and 0 or at least {} (nothing real is that close to zero)",
                    crate::format::Num(SMALLEST_FIGURE)
                );
            }
            Err(err)
        }
    }

    fn refused(&self, value: String) -> WorkloadError {
        WorkloadError::OutOfRange {
            field: self.name.to_owned(),
            value,
            expected: self.range_text(),
        }
    }

    /// Parses a number typed for this numeric field (`--set`, a range end), without storing
    /// it.
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
        let value = parsed.ok_or_else(|| self.refused(text.to_owned()))?;
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
        // -0 is stored (and saved, and shown) as 0.
        Ok(value + 0.0)
    }

    /// Sets the field from text as `--set` and presets give it.
    pub fn set_text(&self, w: &mut Workload, text: &str) -> Result<(), WorkloadError> {
        let trimmed = text.trim();
        match self.access {
            Access::Number { set, .. } => set(w, self.parse(text)?),
            Access::Optional { set, .. } if trimmed.is_empty() || trimmed == "none" => set(w, None),
            Access::Optional { set, .. } => set(w, Some(self.parse(text)?)),
            Access::Named { set, .. } => {
                set(w, trimmed).ok_or_else(|| self.refused(text.to_owned()))?;
            }
            Access::Date { set, .. } if trimmed.is_empty() || trimmed == "none" => set(w, None),
            Access::Date { set, .. } => {
                let date = parse_date(trimmed).map_err(|why| WorkloadError::BadDate {
                    field: self.name,
                    text: text.to_owned(),
                    why: why.to_string(),
                })?;
                set(w, Some(date));
            }
        }
        Ok(())
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
            access: Access::Number {
                get: |w| w.$name,
                set: |w, v| w.$name = v,
            },
            widget_hint: None,
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
            access: Access::Number {
                get: |w| if w.$name { 1.0 } else { 0.0 },
                set: |w, v| w.$name = v != 0.0,
            },
            widget_hint: None,
        }
    };
}

macro_rules! named {
    ($name:ident, $group:ident, $label:expr, $help:expr, $options:expr, $get:expr, $set:expr) => {
        FieldSpec {
            name: stringify!($name),
            label: $label,
            group: Group::$group,
            kind: Kind::Named,
            min: 0.0,
            max: 0.0,
            logarithmic: false,
            unit: "",
            help: $help,
            access: Access::Named {
                get: $get,
                set: $set,
                options: $options,
            },
            widget_hint: None,
        }
    };
}

const N: Kind = Kind::Number;
const I: Kind = Kind::Integer;

fn regions() -> Vec<Choice> {
    Region::iter()
        .map(|r| Choice {
            id: r.id(),
            title: r.title(),
        })
        .collect()
}

fn currencies() -> Vec<Choice> {
    Currency::iter()
        .map(|c| Choice {
            id: c.code(),
            title: c.title(),
        })
        .collect()
}

fn free_tiers() -> Vec<Choice> {
    FreeTier::iter()
        .map(|f| Choice {
            id: f.id(),
            title: f.title(),
        })
        .collect()
}

/// `auto` and every platform of the registry.
fn launch_platforms() -> Vec<Choice> {
    std::iter::once(Choice {
        id: "auto",
        title: "Auto (the cheapest that can carry the workload)",
    })
    .chain(crate::platforms::ids().map(|p| Choice {
        id: p.id(),
        title: p.title(),
    }))
    .collect()
}

/// Every workload field, in display order; `overrides` and `ranges` are maps of their own.
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
    field!(command_qos, Downlink, Kind::Choice(&[(0.0, "QoS 0"), (1.0, "QoS 1")]), 0.0, 1.0, false, "QoS", "Command QoS", "MQTT QoS of commands: at QoS 1 the device's PUBACK is metered by AWS as one more message"),
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
    field!(availability_target, Launch, N, 0.9, 0.99999, false, "", "Availability target", "Availability the service must reach; 99.9 % allows 43.2 min downtime per 30-day month").with_widget(Widget::Nines),
    field!(reconnect_target_seconds, Launch, N, 1.0, 86_400.0, true, "s", "Reconnect target", "Longest acceptable time for the whole fleet to reconnect after an outage"),
    field!(monthly_budget_usd, Launch, N, 0.0, 1e9, false, "USD/month", "Monthly budget", "Budget for the launch platform's monthly total; 0 means no budget"),
    FieldSpec {
        name: "launch_date",
        label: "Launch date",
        group: Group::Launch,
        kind: Kind::Date,
        min: 0.0,
        max: 0.0,
        logarithmic: false,
        unit: "",
        help: "YYYY-MM-DD; turns each checklist lead time into a do-by date, and dates the quota request (21 days before)",
        access: Access::Date { get: |w| w.launch_date, set: |w, d| w.launch_date = d },
        widget_hint: None,
    },
    named!(launch_platform, Launch, "Launch on", "The platform the launch is judged on: the checklist, the quota to request, reconnect times and the projection's crossings. Auto: the cheapest that can carry the workload", launch_platforms, |w| w.launch_platform.id(), |w, t| super::workload::LaunchPlatform::parse_with(t, crate::platforms::find).map(|p| w.launch_platform = p)),
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
        access: Access::Optional {
            get: |w| w.devices_at_launch,
            set: |w, v| w.devices_at_launch = v,
            unset: |w| w.devices,
            unset_means: "Devices",
        },
        widget_hint: None,
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
    named!(region, Platforms, "Region", "The AWS region whose price sheets apply; Azure and self-hosted use the nearest sourced region. A figure without a regional source is the us-east-1 one, and its note says so", regions, |w| w.region.id(), |w, t| Region::parse(t).map(|r| w.region = r)),
    named!(currency, Platforms, "Currency", "Figures are computed in USD from the price sheets and shown converted at the dated exchange rate of the currency sheet (the status bar shows it)", currencies, |w| w.currency.code(), |w, t| Currency::parse(t).map(|c| w.currency = c)),
    named!(aws_free_tier, Platforms, "AWS Free Tier", "Accounts created before 2025-07-15 have 12-month allowances (applied to each month); newer ones get dollar credits, spent over the first months (not deducted from a month's figure)", free_tiers, |w| w.aws_free_tier.id(), |w, t| FreeTier::parse(t).map(|f| w.aws_free_tier = f)),
    flag!(send_on_change, Optimise, "Send on change", "Suppress readings that did not change"),
    field!(send_on_change_suppressed, Optimise, N, 0.0, 0.99, false, "of readings", "Suppressed", "Share of readings suppressed by send on change"),
    flag!(compact_encoding, Optimise, "Compact encoding", "CBOR instead of JSON: 30–50 % smaller messages"),
    field!(compact_encoding_saving, Optimise, N, 0.0, 0.9, false, "of bytes", "Encoding saving", "Share of bytes saved by compact encoding"),
    flag!(compression, Optimise, "Compression", "GZIP/Snappy on stored and transferred bytes; never below one metered unit"),
    field!(compression_saving, Optimise, N, 0.0, 0.8, false, "of bytes", "Compression saving", "Share of bytes saved by compression (up to 80 %)"),
    flag!(edge_filtering, Optimise, "Edge filtering", "A gateway filters readings before they are sent (up to 95 % fewer)"),
    field!(edge_filtering_reduction, Optimise, N, 0.0, 0.95, false, "of readings", "Filtered", "Share of readings dropped at the edge"),
    field!(commitment_years, Optimise, Kind::Choice(&[(0.0, "none"), (1.0, "1 year"), (3.0, "3 years")]), 0.0, 3.0, false, "years", "Commitment", "Savings plan on compute: 0 (none), 1 or 3 years"),
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
    /// Each range names a rangeable field and holds its value: low ≤ value ≤ high, both ends
    /// accepted values of the field (checked after every `--set`, domain §13).
    fn validate_ranges(&self) -> Result<(), WorkloadError> {
        for (name, &Range { low, high }) in &self.ranges {
            let spec = field(name).filter(|s| s.is_rangeable()).ok_or_else(|| {
                WorkloadError::OutOfRange {
                    field: format!("range {name}"),
                    value: format!("{low}..{high}"),
                    expected: "a numeric workload field (iotplan fields lists them)".to_owned(),
                }
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
            let value = spec.number(self).unwrap_or_default();
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

    /// Rejects any value outside its range, non-finite values, inconsistent tier boundaries,
    /// dates outside the planning horizon and ranges that do not hold their value.
    pub fn validate(&self) -> Result<(), WorkloadError> {
        for spec in FIELDS {
            if let Some(value) = spec.number(self) {
                spec.check(value)?;
            }
            if let Access::Date { get, .. } = spec.access
                && let Some(date) = get(self)
                && !date_in_range(date)
            {
                return Err(WorkloadError::BadDate {
                    field: spec.name,
                    text: date.to_string(),
                    why: format!("expected a date from {FIRST_DATE} to {LAST_DATE}"),
                });
            }
        }
        if !(self.storage_hot_days <= self.storage_warm_until_days
            && self.storage_warm_until_days <= self.storage_cold_until_days)
        {
            return Err(WorkloadError::Inconsistent(format!(
                "storage tiers must be ordered: storage_hot_days ({}) ≤ storage_warm_until_days ({}) ≤ storage_cold_until_days ({})",
                self.storage_hot_days, self.storage_warm_until_days, self.storage_cold_until_days
            )));
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
        field(name)
            .ok_or_else(|| WorkloadError::UnknownField(name.to_owned()))?
            .set_text(self, text)
    }

    /// Gives numeric field `name` the range `low..high` (texts as [`Workload::set`] reads them);
    /// that the value lies within is checked by [`Workload::validate`], after every other edit.
    pub fn set_range(&mut self, name: &str, low: &str, high: &str) -> Result<(), WorkloadError> {
        let spec = field(name)
            .filter(|s| s.is_rangeable())
            .ok_or_else(|| match field(name) {
                None => WorkloadError::UnknownField(name.to_owned()),
                Some(_) => WorkloadError::OutOfRange {
                    field: format!("range {name}"),
                    value: format!("{low}..{high}"),
                    expected:
                        "a numeric workload field (not an on/off, choice, date or range setting)"
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Names every field of `Workload` (the pattern stops compiling when one is added), so a
    /// new field cannot go without a row.
    macro_rules! workload_fields {
        ($($f:ident),* $(,)?) => {{
            let Workload { $($f: _,)* overrides: _, ranges: _ } = Workload::default();
            [$(stringify!($f)),*]
        }};
    }

    #[test]
    #[expect(clippy::too_many_lines, reason = "one line per field of the workload")]
    fn every_workload_field_has_a_row() {
        let names = workload_fields!(
            devices,
            connected_fraction,
            peak_connected_fraction,
            peak_factor,
            safety_factor,
            messages_per_device_per_hour,
            message_bytes,
            batch_size,
            rules_per_message,
            actions_per_rule,
            shadow_ops_per_device_per_day,
            shadow_bytes,
            egress_fraction,
            commands_per_device_per_day,
            command_bytes,
            command_qos,
            subscribers_per_message,
            reconnects_per_device_per_day,
            subscriptions_per_connection,
            retained_fraction,
            direct_methods_per_device_per_day,
            method_request_bytes,
            method_response_bytes,
            twin_reads_per_device_per_day,
            twin_document_bytes,
            file_uploads_per_device_per_day,
            firmware_updates_per_year,
            firmware_bytes,
            retention_days,
            storage_hot_days,
            storage_warm_until_days,
            storage_cold_until_days,
            storage_compression,
            storage_objects_per_day,
            storage_audits_per_year,
            storage_audit_gib,
            availability_target,
            launch_date,
            launch_platform,
            reconnect_target_seconds,
            monthly_budget_usd,
            devices_at_launch,
            monthly_growth_devices,
            monthly_growth_fraction,
            projection_months,
            aws_basic_ingest,
            aws_free_tier,
            region,
            currency,
            self_hosted_ha,
            ops_hours_per_month,
            ops_hourly_usd,
            lambda_invocations_per_message,
            lambda_duration_ms,
            lambda_memory_mb,
            send_on_change,
            send_on_change_suppressed,
            compact_encoding,
            compact_encoding_saving,
            compression,
            compression_saving,
            edge_filtering,
            edge_filtering_reduction,
            commitment_years,
            commitment_1y_saving,
            commitment_3y_saving,
            autoscaling,
            autoscaling_hours_saved,
            tiering,
            range_samples,
            range_seed,
        );
        for name in names {
            assert!(field(name).is_some(), "`{name}` has no row in FIELDS");
        }
        assert_eq!(names.len(), FIELDS.len(), "a row names no field");
    }

    #[test]
    fn every_row_round_trips_through_its_text() {
        let mut w = Workload::default();
        w.set("launch_date", "2027-03-01").unwrap();
        w.set("region", "eu-west-1").unwrap();
        w.set("devices_at_launch", "500").unwrap();
        for spec in FIELDS {
            let mut copy = Workload::default();
            spec.set_text(&mut copy, &spec.text(&w)).unwrap();
            assert_eq!(spec.text(&copy), spec.text(&w), "{}", spec.name);
        }
    }

    #[test]
    fn a_date_that_does_not_exist_says_why() {
        let mut w = Workload::default();
        let err = w.set("launch_date", "2027-13-01").unwrap_err().to_string();
        assert!(err.contains("no month 13"), "{err}");
        let err = w.set("launch_date", "2027-02-30").unwrap_err().to_string();
        assert!(err.contains("2027-02 has 28 days, not 30"), "{err}");
        let err = w.set("launch_date", "March").unwrap_err().to_string();
        assert!(err.contains("expected YYYY-MM-DD"), "{err}");
        w.set("launch_date", "none").unwrap();
        assert_eq!(w.launch_date, None);
    }

    #[test]
    fn named_fields_list_their_values_when_refused() {
        let mut w = Workload::default();
        let err = w.set("currency", "JPY").unwrap_err().to_string();
        assert!(err.contains("USD, EUR or GBP"), "{err}");
        let err = w.set("launch_platform", "gcp").unwrap_err().to_string();
        assert!(err.contains("auto, aws-iot-core"), "{err}");
        w.set("launch_platform", "azure-iot-hub").unwrap();
        assert_eq!(w.launch_platform.id(), "azure-iot-hub");
    }
}
