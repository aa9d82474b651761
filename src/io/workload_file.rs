//! The workload as preset files (and the window's state) spell it: `(devices: 1000, …)`, every
//! field of the core's field table by its name, plus `launch_date` and `overrides`. The core's
//! `Workload` has no serde of its own, so its layout can change without changing any file; a
//! renamed field is a migration here.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::core::currency::Currency;
use crate::core::fields::{FIELDS, Kind, field};
use crate::core::sheets::Region;
use crate::core::workload::{FreeTier, Range, Workload};

/// A workload in its file form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadFile(pub Workload);

impl Serialize for WorkloadFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let w = &self.0;
        let mut out = serializer.serialize_struct("Workload", FIELDS.len() + 5)?;
        for spec in FIELDS {
            // Unset, the launch fleet is `devices` (no ramp): writing it would pin it.
            if spec.name == "devices_at_launch" && w.devices_at_launch.is_none() {
                out.skip_field(spec.name)?;
                continue;
            }
            let value = (spec.get)(w);
            if spec.kind == Kind::Bool {
                out.serialize_field(spec.name, &(value != 0.0))?;
            } else {
                out.serialize_field(spec.name, &value)?;
            }
        }
        out.serialize_field("aws_free_tier", w.aws_free_tier.id())?;
        out.serialize_field("region", w.region.id())?;
        out.serialize_field("currency", w.currency.code())?;
        out.serialize_field("launch_date", &w.launch_date)?;
        out.serialize_field("overrides", &w.overrides)?;
        if w.ranges.is_empty() {
            out.skip_field("ranges")?;
        } else {
            let ranges: BTreeMap<&str, RangeFile> = w
                .ranges
                .iter()
                .map(|(name, r)| {
                    (
                        name.as_str(),
                        RangeFile {
                            low: r.low,
                            high: r.high,
                        },
                    )
                })
                .collect();
            out.serialize_field("ranges", &ranges)?;
        }
        out.end()
    }
}

impl<'de> Deserialize<'de> for WorkloadFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Workload", &[], WorkloadVisitor)
    }
}

/// A field's value: numbers, or `true`/`false` for on/off fields.
#[derive(Deserialize)]
#[serde(untagged)]
enum Value {
    Bool(bool),
    Number(f64),
    Name(String),
}

struct WorkloadVisitor;

impl<'de> Visitor<'de> for WorkloadVisitor {
    type Value = WorkloadFile;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a workload `(devices: 1000, …)`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WorkloadFile, A::Error> {
        let mut w = Workload::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format!(
                    "`{key}` is given twice; keep one"
                )));
            }
            match key.as_str() {
                "launch_date" => w.launch_date = map.next_value::<Option<NaiveDate>>()?,
                "region" => {
                    let text = map.next_value::<String>()?;
                    w.region = Region::parse(&text).ok_or_else(|| {
                        de::Error::custom("expected \"us-east-1\" or \"eu-west-1\"")
                    })?;
                }
                "currency" => {
                    let text = map.next_value::<String>()?;
                    w.currency = Currency::parse(&text)
                        .ok_or_else(|| de::Error::custom("expected \"USD\", \"EUR\" or \"GBP\""))?;
                }
                // A name, or the boolean of presets written before credits (true = legacy).
                "aws_free_tier" => {
                    let text = match map.next_value::<Value>()? {
                        Value::Bool(on) => on.to_string(),
                        Value::Name(name) => name,
                        Value::Number(_) => String::new(),
                    };
                    w.aws_free_tier = FreeTier::parse(&text).ok_or_else(|| {
                        de::Error::custom("expected \"none\", \"legacy\" or \"credits\"")
                    })?;
                }
                "overrides" => w.overrides = map.next_value::<UniqueOverrides>()?.0,
                "ranges" => {
                    w.ranges = map
                        .next_value::<UniqueMap<RangeFile>>()?
                        .0
                        .into_iter()
                        .map(|(name, r)| {
                            (
                                name,
                                Range {
                                    low: r.low,
                                    high: r.high,
                                },
                            )
                        })
                        .collect();
                }
                name => match field(name) {
                    Some(spec) => {
                        let value = match map.next_value::<Value>()? {
                            Value::Bool(on) if spec.kind == Kind::Bool => f64::from(u8::from(on)),
                            Value::Number(v) if spec.kind != Kind::Bool => v,
                            _ => {
                                return Err(de::Error::custom(format!(
                                    "expected {}",
                                    spec.range_text()
                                )));
                            }
                        };
                        (spec.set)(&mut w, value);
                    }
                    // Unknown: skipped (the preset parser reports it as a warning).
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
            seen.push(key);
        }
        Ok(WorkloadFile(w))
    }
}

/// A field's range as presets write it: `"devices": (low: 5000, high: 20000)`.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Range")]
struct RangeFile {
    low: f64,
    high: f64,
}

/// The overrides map, refusing a key given twice (a map would silently keep the last).
type UniqueOverrides = UniqueMap<f64>;

/// A map by name refusing a key given twice (a map would silently keep the last).
struct UniqueMap<T>(BTreeMap<String, T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for UniqueMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Unique<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Unique<T> {
            type Value = UniqueMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of \"name\": value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    if out.contains_key(&key) {
                        return Err(de::Error::custom(format!(
                            "`{key}` is given twice; keep one"
                        )));
                    }
                    out.insert(key, value);
                }
                Ok(UniqueMap(out))
            }
        }
        deserializer.deserialize_map(Unique(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::preset::parse;

    #[test]
    fn every_field_round_trips_by_its_table_name() {
        let mut w = Workload::default();
        for (i, spec) in FIELDS.iter().enumerate() {
            let value = if spec.kind == Kind::Bool {
                1.0 - (spec.get)(&w)
            } else {
                // A value of its range other than the default.
                spec.min + (spec.max - spec.min) * (0.1 + 0.001 * i as f64)
            };
            let value = if matches!(spec.kind, Kind::Integer | Kind::Choice(_)) {
                spec.max
            } else {
                value
            };
            (spec.set)(&mut w, value);
        }
        w.launch_date = NaiveDate::from_ymd_opt(2027, 3, 1);
        w.overrides.insert("aws_iot_core.sla".to_owned(), 0.99);
        let text = ron::to_string(&WorkloadFile(w.clone())).unwrap();
        assert!(
            text.contains("devices:") && text.contains("tiering:true"),
            "{text}"
        );
        let back: WorkloadFile = ron::from_str(&text).unwrap();
        assert_eq!(back.0, w);
    }

    #[test]
    fn the_free_tier_reads_old_booleans_and_names() {
        use crate::core::workload::FreeTier;
        let tier = |text: &str| {
            parse("p.ron", &format!("(workload: (aws_free_tier: {text}))"))
                .unwrap()
                .preset
                .workload
                .aws_free_tier
        };
        assert_eq!(tier("true"), FreeTier::Legacy);
        assert_eq!(tier("false"), FreeTier::None);
        assert_eq!(tier("\"credits\""), FreeTier::Credits);
        assert!(parse("p.ron", "(workload: (aws_free_tier: \"gold\"))").is_err());
        let mut w = Workload::default();
        w.set("aws_free_tier", "credits").unwrap();
        w.set("region", "eu-west-1").unwrap();
        let text = ron::to_string(&WorkloadFile(w.clone())).unwrap();
        assert!(text.contains("aws_free_tier:\"credits\""), "{text}");
        assert_eq!(ron::from_str::<WorkloadFile>(&text).unwrap().0, w);
    }

    #[test]
    fn unknown_fields_warn_and_mistyped_or_repeated_ones_are_refused() {
        let loaded = parse("p.ron", "(workload: (devices: 5, colour: \"red\"))").unwrap();
        assert_eq!(loaded.preset.workload.devices, 5.0);
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.contains("workload.colour")),
            "{:?}",
            loaded.warnings
        );
        let err = parse("p.ron", "(\n  workload: (\n    tiering: 3,\n  ),\n)").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("true or false"), "{err}");
        let err = parse(
            "p.ron",
            "(\n  workload: (\n    devices: 5,\n    devices: 6,\n  ),\n)",
        )
        .unwrap_err();
        assert!(err.message.contains("twice"), "{err}");
        assert_eq!(err.line, 4, "{err}");
    }
}
