//! Azure `IoT` Hub (domain §4, §7, §11): every tier sized in units for the daily quota and the
//! device-to-cloud throttle, the cheapest feasible tier chosen, and that tier's throttles.

mod cost;
mod sheet;

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
use crate::report::{LimitRow, PlatformId, PlatformInfo, Text, TierRow, Volume};

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
            "no Azure IoT Hub tier can carry the workload (see the tier table)".to_owned()
        });
        let rows: std::sync::Arc<[TierRow]> = tier_rows(&c, s).into();
        let mut platform = priced(
            ID,
            infeasible,
            line_items(&c, s),
            x.w.devices,
            vec![
                "Ingestion only; units are billed per whole month".to_owned(),
                format!(
                    "{} metered messages per day (4 KB blocks)",
                    crate::format::count(c.metered_per_day)
                ),
            ],
        );
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

/// A row of the chosen tier's limits (all adjustable by adding units).
fn azure_row(
    t: &AzureTier,
    name: &'static str,
    limit: f64,
    unit: &'static str,
    demand: f64,
    per_device: Option<f64>,
) -> RowInput {
    RowInput {
        platform: ID,
        name: Text::Static(name),
        limit,
        unit: Text::Static(unit),
        adjustable: true,
        source: Arc::clone(&t.d2c_per_second_per_unit.source),
        demand,
        per_device,
    }
}

/// Cloud-to-device and direct-method throttles (domain §11), at the peak factor.
fn downlink_rows(w: &Workload, t: &AzureTier, units: f64) -> Vec<RowInput> {
    let per_device_second = |per_day: f64| per_day / 86_400.0 * w.peak_factor;
    let mut inputs = Vec::new();
    if w.commands_per_device_per_day > 0.0 {
        let c2d = per_device_second(w.commands_per_device_per_day);
        inputs.push(azure_row(
            t,
            "Cloud-to-device sends",
            units * t.c2d_sends_per_second_per_unit.v(),
            "per second",
            w.devices * c2d,
            Some(c2d),
        ));
    }
    if w.direct_methods_per_device_per_day > 0.0 {
        // Throttled in KB, each request and response metered in 4 KB blocks.
        let kb = 4.0
            * (blocks(w.method_request_bytes, 4096.0) + blocks(w.method_response_bytes, 4096.0));
        let methods = per_device_second(w.direct_methods_per_device_per_day) * kb;
        inputs.push(azure_row(
            t,
            "Direct methods",
            units * t.method_kb_per_second_per_unit.v(),
            "KB per second",
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
            "Device-to-cloud sends",
            per_unit(t.d2c_min_per_second.v(), t.d2c_per_second_per_unit.v()),
            "per second",
            v.peak_messages_per_second,
            Some(d.device_peak),
        ),
        azure_row(
            t,
            "New device connections",
            per_unit(
                t.connects_min_per_second.v(),
                t.connects_per_second_per_unit.v(),
            ),
            "per second",
            d.connects,
            Some(1.0 / w.reconnect_target_seconds),
        ),
        azure_row(
            t,
            "Daily message quota",
            units * t.messages_per_day_per_unit.v(),
            "messages per day",
            metered,
            Some(metered / w.devices),
        ),
    ];
    inputs.extend(downlink_rows(w, t, units));
    if t.has_twins && w.shadow_ops_per_device_per_day > 0.0 {
        inputs.push(azure_row(
            t,
            "Twin updates",
            per_unit(
                t.twin_updates_min_per_second.v(),
                t.twin_updates_per_second_per_unit.v(),
            ),
            "per second",
            w.devices * d.shadow_per_device,
            Some(d.shadow_per_device),
        ));
    }
    inputs.into_iter().map(|input| row(w, input)).collect()
}
