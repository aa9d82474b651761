//! Azure `IoT` Hub (domain §4, §7, §11): every tier sized in units for the daily quota and the
//! device-to-cloud throttle, the cheapest feasible tier chosen, and that tier's throttles.

mod cost;
mod sheet;

use crate::report::LazyText;
use std::sync::Arc;

pub use cost::{
    AzureCost, AzureSummary, AzureTierRow, TierCost, TierProblem, azure_tier_rows, cost,
    line_items, throttle, tier_rows,
};
pub use sheet::{AzureIotHubSheet, AzureTier};

use super::limit::{Demand, RowInput, row};
use super::{Evaluated, Inputs, Platform, json, priced};
use crate::inputs::volume::blocks;
use crate::inputs::workload::Workload;
use crate::prices::sheets::{Region, SheetSpec, Sheets};
use crate::report::items::LazyJson;
use crate::report::{Blocked, LimitRow, PlatformId, PlatformInfo, Remedy, Text, TierRow, Volume};

pub const ID: PlatformId = PlatformId::new(&PlatformInfo {
    id: "azure-iot-hub",
    title: "Azure IoT Hub",
    colour: [0, 120, 212],
});

pub static SHEET: SheetSpec = SheetSpec::of::<AzureIotHubSheet>("azure_iot_hub", embedded);

fn embedded(region: Region) -> &'static str {
    match region {
        Region::UsEast1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/azure_iot_hub.ron"
        )),
        Region::EuWest1 => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sheets/eu-west-1/azure_iot_hub.ron"
        )),
    }
}

/// This platform's sheet among `s`.
pub fn sheet(s: &Sheets) -> &AzureIotHubSheet {
    s.get()
}

pub struct AzureIotHub;

impl Platform for AzureIotHub {
    fn id(&self) -> PlatformId {
        ID
    }

    fn sheet(&self) -> &'static SheetSpec {
        &SHEET
    }

    fn total(&self, x: &Inputs) -> Option<f64> {
        cost(x.w, x.v, sheet(x.sheets)).total()
    }

    fn evaluate(&self, x: &Inputs) -> Evaluated {
        let s = sheet(x.sheets);
        let c = cost(x.w, x.v, s);
        let infeasible = c.chosen.is_none().then(|| {
            // Size when every tier refuses a message or command; otherwise no tier is big enough
            // (or has the features) for the workload.
            let size = c.tiers.iter().all(|t| {
                matches!(
                    t.infeasible,
                    Some(TierProblem::MessageTooLarge { .. } | TierProblem::CommandTooLarge { .. })
                )
            });
            (
                if size {
                    Blocked::Size
                } else {
                    Blocked::Capacity
                },
                "no Azure IoT Hub tier can carry the workload (see the tier table)".to_owned(),
            )
        });
        let rows: std::sync::Arc<[TierRow]> = tier_rows(&c, s, x.m).into();
        let mut platform = priced(ID, infeasible, line_items(&c, s), x.w.devices, {
            let metered = c.metered_per_day;
            vec![
                "Ingestion only; units are billed per whole month".into(),
                LazyText::new(move || {
                    format!(
                        "{} metered messages per day (4 KB blocks)",
                        crate::format::count(metered)
                    )
                }),
            ]
        });
        let chosen = c
            .chosen
            .map(|i| (s.tiers()[i], c.tiers[i].units, c.tiers[i].metered_per_day));
        platform.tier = chosen.map(|(t, ..)| t.name.clone());
        platform.tiers = std::sync::Arc::clone(&rows);
        let summary = AzureSummary {
            metered_messages_per_day: c.metered_per_day,
            chosen_tier: platform.tier.clone(),
        };
        let compat = c.clone();
        Evaluated {
            cost: platform,
            limits: chosen.map_or_else(Vec::new, |(t, units, metered)| {
                limits(x.w, x.v, x.d, t, units, metered)
            }),
            connect_rate: chosen.map(|(t, units, _)| {
                throttle(
                    t.connects_min_per_second.v(),
                    t.connects_per_second_per_unit.v(),
                    units,
                )
            }),
            registration_rate: chosen
                .map(|(t, units, _)| t.registry_ops_per_second_per_unit.v() * units),
            quota: None,
            sla: s.sla.v(),
            // The JSON keys of before the registry, written only when the report is.
            extra: vec![
                ("azure", LazyJson::new(move || json(&summary))),
                (
                    "azure_tiers",
                    LazyJson::new(move || json(&azure_tier_rows(&rows, &compat))),
                ),
            ],
            availability_extra: Vec::new(),
        }
    }

    /// Basic to Standard and sizes within a family change in place; Free cannot be left, and
    /// Standard cannot go down to Basic (a new hub and a migration).
    fn tier_change_possible(&self, from: &str, to: &str) -> bool {
        let family = |t: &str| t.chars().next().unwrap_or('F');
        !matches!((family(from), family(to)), ('F', _) | ('S', 'B'))
    }
}

/// A row of the chosen tier's limits (all adjustable by adding units): `per_unit` is what one
/// unit adds.
fn azure_row(
    t: &AzureTier,
    (name, unit): (&'static str, &'static str),
    (limit, per_unit): (f64, f64),
    demand: f64,
    per_device: Option<f64>,
) -> RowInput {
    RowInput {
        units: Some((per_unit, Text::Shared(t.name.as_str().into()))),
        ..RowInput::rate(
            ID,
            (Text::Static(name), Text::Static(unit)),
            limit,
            Remedy::TierOrUnits,
            (demand, per_device),
            Arc::clone(&t.d2c_per_second_per_unit.source),
        )
    }
}

/// Cloud-to-device and direct-method throttles (domain §7, §11), at the peak factor.
fn downlink_rows(w: &Workload, d: &Demand, t: &AzureTier, units: f64) -> Vec<RowInput> {
    let mut inputs = Vec::new();
    if w.commands_per_device_per_day > 0.0 {
        inputs.push(azure_row(
            t,
            ("Cloud-to-device sends", "per second"),
            (
                units * t.c2d_sends_per_second_per_unit.v(),
                t.c2d_sends_per_second_per_unit.v(),
            ),
            w.devices * d.commands,
            Some(d.commands),
        ));
    }
    if w.direct_methods_per_device_per_day > 0.0 {
        // Throttled per call in 4 KB meters of the larger of request and response: S1's
        // 160 KB/s a unit is 40 calls/s of up to 4 KB (domain §7).
        let kb = 4.0 * blocks(w.method_request_bytes.max(w.method_response_bytes), 4096.0);
        let methods = d.methods * kb;
        inputs.push(azure_row(
            t,
            ("Direct methods", "KB per second"),
            (
                units * t.method_kb_per_second_per_unit.v(),
                t.method_kb_per_second_per_unit.v(),
            ),
            w.devices * methods,
            Some(methods),
        ));
    }
    inputs
}

/// The chosen tier's throttles and daily quota at its unit count.
fn limits(
    w: &Workload,
    v: &Volume,
    d: &Demand,
    t: &AzureTier,
    units: f64,
    metered: f64,
) -> Vec<LimitRow> {
    let per_unit = |floor: f64, rate: f64| throttle(floor, rate, units);
    let mut inputs = vec![
        azure_row(
            t,
            ("Device-to-cloud sends", "per second"),
            (
                per_unit(t.d2c_min_per_second.v(), t.d2c_per_second_per_unit.v()),
                t.d2c_per_second_per_unit.v(),
            ),
            v.peak_messages_per_second,
            Some(d.telemetry),
        ),
        azure_row(
            t,
            ("New device connections", "per second"),
            (
                per_unit(
                    t.connects_min_per_second.v(),
                    t.connects_per_second_per_unit.v(),
                ),
                t.connects_per_second_per_unit.v(),
            ),
            d.connects,
            Some(d.connects_per_device),
        ),
        azure_row(
            t,
            ("Daily message quota", "messages per day"),
            (
                units * t.messages_per_day_per_unit.v(),
                t.messages_per_day_per_unit.v(),
            ),
            metered,
            Some(metered / w.devices),
        ),
    ];
    inputs.extend(downlink_rows(w, d, t, units));
    if t.has_twins && w.shadow_ops_per_device_per_day > 0.0 {
        inputs.push(azure_row(
            t,
            ("Twin updates", "per second"),
            (
                per_unit(
                    t.twin_updates_min_per_second.v(),
                    t.twin_updates_per_second_per_unit.v(),
                ),
                t.twin_updates_per_second_per_unit.v(),
            ),
            w.devices * d.shadow,
            Some(d.shadow),
        ));
    }
    inputs.into_iter().map(|input| row(w, input)).collect()
}
