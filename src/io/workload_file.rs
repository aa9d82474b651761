//! The workload as preset files (and the window's state) spell it: `(devices: 1000, …)`, every
//! field of the core's field table by its name, plus `launch_date` and `overrides`. The core's
//! `Workload` has no serde of its own, so its layout can change without changing any file; a
//! renamed field is a migration here.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::core::fields::{Access, FIELDS, Kind, field};
use crate::core::workload::{Range, Workload, WorkloadError};

/// A workload in its file form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadFile(pub Workload);

impl Serialize for WorkloadFile {
    /// Only the fields that differ from the defaults, so a saved preset stays as short as the
    /// workload is particular (a field left out reads as its default).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let w = &self.0;
        let default = Workload::default();
        let mut out = serializer.serialize_struct("Workload", FIELDS.len() + 2)?;
        for spec in FIELDS {
            if spec.text(w) == spec.text(&default) {
                out.skip_field(spec.name)?;
                continue;
            }
            match spec.access {
                Access::Number { get, .. } if spec.kind == Kind::Bool => {
                    out.serialize_field(spec.name, &(get(w) != 0.0))?;
                }
                Access::Number { get, .. } => out.serialize_field(spec.name, &get(w))?,
                Access::Optional { get, .. } => out.serialize_field(spec.name, &get(w))?,
                Access::Named { get, .. } => out.serialize_field(spec.name, get(w))?,
                Access::Date { get, .. } => out.serialize_field(spec.name, &get(w))?,
            }
        }
        if w.overrides.is_empty() {
            out.skip_field("overrides")?;
        } else {
            out.serialize_field("overrides", &w.overrides)?;
        }
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

/// A field's value as a file writes it: a number, `true`/`false`, a name or a date, each
/// possibly as `Some(…)`, or `None`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Written {
    Bool(bool),
    Number(f64),
    Name(String),
    MaybeName(Option<String>),
    MaybeNumber(Option<f64>),
}

/// A field's value, `Some(…)` taken off.
enum Value {
    Bool(bool),
    Number(f64),
    Name(String),
    Unset,
}

impl From<Written> for Value {
    fn from(w: Written) -> Self {
        match w {
            Written::Bool(b) => Self::Bool(b),
            Written::Number(v) | Written::MaybeNumber(Some(v)) => Self::Number(v),
            Written::Name(s) | Written::MaybeName(Some(s)) => Self::Name(s),
            Written::MaybeName(None) | Written::MaybeNumber(None) => Self::Unset,
        }
    }
}

struct WorkloadVisitor;

/// Sets the field of `spec` from the value a file gave it, in the table's own terms.
fn set_from_file(
    spec: &crate::core::fields::FieldSpec,
    w: &mut Workload,
    value: Value,
) -> Result<(), WorkloadError> {
    // Named values are strings in a file: quoted, as they must be written.
    let expected = || {
        let ids: Vec<String> = spec
            .options()
            .iter()
            .map(|c| format!("\"{}\"", c.id))
            .collect();
        let accepted = match ids.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => spec.range_text(),
        };
        WorkloadError::Mistyped {
            field: spec.name,
            expected: accepted,
        }
    };
    match (spec.access, value) {
        (Access::Number { set, .. }, Value::Bool(on)) if spec.kind == Kind::Bool => {
            set(w, f64::from(u8::from(on)));
        }
        (Access::Number { set, .. }, Value::Number(v)) if spec.kind != Kind::Bool => set(w, v),
        (Access::Optional { set, .. }, Value::Number(v)) => set(w, Some(v)),
        (Access::Optional { set, .. }, Value::Unset) => set(w, None),
        // Named values are names; an on/off written before a field became a choice (the free
        // tier's old boolean) reads as its text.
        (Access::Named { .. }, Value::Name(text)) => {
            spec.set_text(w, &text).map_err(|_| expected())?;
        }
        (Access::Named { .. }, Value::Bool(on)) => {
            spec.set_text(w, &on.to_string()).map_err(|_| expected())?;
        }
        (Access::Date { .. }, Value::Name(text)) => spec.set_text(w, &text)?,
        (Access::Number { .. } | Access::Optional { .. }, _) => {
            return Err(WorkloadError::Mistyped {
                field: spec.name,
                expected: spec.range_text(),
            });
        }
        (Access::Date { set, .. }, Value::Unset) => set(w, None),
        _ => return Err(expected()),
    }
    Ok(())
}

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
                        let value = Value::from(map.next_value::<Written>()?);
                        set_from_file(spec, &mut w, value).map_err(de::Error::custom)?;
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
            match spec.kind {
                Kind::Bool => {
                    let flipped = 1.0 - spec.number(&w).unwrap();
                    spec.set_number(&mut w, flipped);
                }
                Kind::Integer | Kind::Choice(_) => spec.set_number(&mut w, spec.max),
                // A value of its range other than the default.
                Kind::Number => spec.set_number(
                    &mut w,
                    spec.min + (spec.max - spec.min) * (0.1 + 0.001 * i as f64),
                ),
                // The last named value, a date.
                Kind::Named => {
                    let last = spec.options().last().unwrap().id;
                    spec.set_text(&mut w, last).unwrap();
                }
                Kind::Date => spec.set_text(&mut w, "2027-03-01").unwrap(),
            }
        }
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
    fn only_fields_that_differ_from_the_defaults_are_written() {
        assert_eq!(
            ron::to_string(&WorkloadFile(Workload::default())).unwrap(),
            "()"
        );
        let w = Workload {
            devices: 5000.0,
            ..Workload::default()
        };
        assert_eq!(
            ron::to_string(&WorkloadFile(w)).unwrap(),
            "(devices:5000.0)"
        );
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
