//! Azure `IoT` Hub: every tier sized and priced, the cheapest feasible one chosen (domain §4).

use crate::report::LazyText;
use serde::Serialize;

use super::sheet::{AzureIotHubSheet, AzureTier};
use crate::format::Num;
use crate::inputs::volume::{DAYS_PER_USAGE_MONTH, blocks, ceil_whole};
use crate::inputs::workload::Workload;
use crate::report::{Category, Formula, LineItem, TierRow, Volume};

/// One tier's sizing, before any text is made.
#[derive(Clone, Debug, PartialEq)]
pub struct TierCost {
    pub index: usize,
    pub metered_per_day: f64,
    pub units_for_quota: f64,
    pub units_for_throttle: f64,
    pub units: f64,
    pub monthly_usd: f64,
    pub infeasible: Option<TierProblem>,
}

/// Why a tier cannot carry the workload; written out only for the tier table (a sweep prices
/// every tier at hundreds of fleet sizes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TierProblem {
    MessageTooLarge { bytes: f64, max: f64 },
    NoTwins(&'static str),
    CommandTooLarge { bytes: f64, max: f64 },
    TooManyUnits { units: f64, max: f64 },
}

impl std::fmt::Display for TierProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Self::MessageTooLarge { bytes, max } => write!(
                f,
                "a {bytes}-byte message exceeds the {}-byte device-to-cloud limit",
                Num(max)
            ),
            Self::NoTwins(what) => write!(
                f,
                "Basic tiers have no device twins, cloud-to-device or direct methods (the workload has {what})"
            ),
            Self::CommandTooLarge { bytes, max } => write!(
                f,
                "a {}-byte command exceeds the {}-byte (64 KB) cloud-to-device limit",
                Num(bytes),
                Num(max)
            ),
            Self::TooManyUnits { units, max } => write!(
                f,
                "needs {units} units, more than the {} a hub of this size allows",
                Num(max)
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AzureCost {
    /// 4 KB-metered messages per day (the paid tiers' meter).
    pub metered_per_day: f64,
    pub tiers: Vec<TierCost>,
    /// Index into `tiers` of the cheapest feasible tier.
    pub chosen: Option<usize>,
}

impl AzureCost {
    pub fn total(&self) -> Option<f64> {
        self.chosen.map(|i| self.tiers[i].monthly_usd)
    }

    pub fn chosen_units(&self) -> Option<f64> {
        self.chosen.map(|i| self.tiers[i].units)
    }
}

/// The JSON `azure` block (kept beside the generic `tiers`: public interface).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AzureSummary {
    /// 4 KB-metered messages per day on paid tiers (device-to-cloud + twin operations).
    pub metered_messages_per_day: f64,
    pub chosen_tier: Option<String>,
}

/// A row of the JSON `azure_tiers` table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AzureTierRow {
    pub tier: String,
    pub units: Option<f64>,
    pub monthly_usd: Option<f64>,
    pub feasible: bool,
    pub chosen: bool,
    /// Why the tier was chosen, not chosen, or cannot carry the workload.
    pub reason: LazyText,
    pub metered_messages_per_day: f64,
    pub units_for_quota: f64,
    pub units_for_throttle: f64,
}

/// A tier throttle: the higher of a floor and a rate per unit.
pub fn throttle(floor: f64, per_unit: f64, units: f64) -> f64 {
    floor.max(per_unit * units)
}

/// Units so that `demand` fits the throttle `max(floor, per_unit × units)`.
fn units_for_rate(demand: f64, floor: f64, per_unit: f64) -> f64 {
    if demand <= floor || per_unit <= 0.0 {
        1.0
    } else {
        ceil_whole(demand / per_unit).max(1.0)
    }
}

/// Messages a day Azure meters at a tier's block size, each at least 1 (domain §4, §11):
/// device-to-cloud, twin updates and reads, cloud-to-device, method requests and responses,
/// and 2 per file upload. Keep-alives, reconnects and registry operations are not metered.
fn metered_per_day(w: &Workload, v: &Volume, meter: f64) -> f64 {
    let d2c_per_day = v.messages_per_month / DAYS_PER_USAGE_MONTH;
    let per_device = w.shadow_ops_per_device_per_day * blocks(w.shadow_bytes, meter)
        + w.twin_reads_per_device_per_day * blocks(w.twin_document_bytes, meter)
        + w.commands_per_device_per_day * blocks(w.command_bytes, meter)
        + w.direct_methods_per_device_per_day
            * (blocks(w.method_request_bytes, meter) + blocks(w.method_response_bytes, meter))
        + w.file_uploads_per_device_per_day * 2.0;
    d2c_per_day * blocks(v.bytes_per_message, meter) + w.devices * per_device
}

/// Why a tier without twins, cloud-to-device and methods (Basic) cannot serve the workload.
fn needs_standard(w: &Workload) -> Option<&'static str> {
    [
        (w.shadow_ops_per_device_per_day, "twin updates"),
        (w.twin_reads_per_device_per_day, "twin reads"),
        (w.commands_per_device_per_day, "cloud-to-device commands"),
        (w.direct_methods_per_device_per_day, "direct methods"),
    ]
    .into_iter()
    .find(|(rate, _)| *rate > 0.0)
    .map(|(_, what)| what)
}

fn tier_cost(
    index: usize,
    t: &AzureTier,
    w: &Workload,
    v: &Volume,
    s: &AzureIotHubSheet,
    metered: f64,
) -> TierCost {
    let units_for_quota = ceil_whole(metered / t.messages_per_day_per_unit.v()).max(1.0);
    let units_for_throttle = units_for_rate(
        v.peak_messages_per_second,
        t.d2c_min_per_second.v(),
        t.d2c_per_second_per_unit.v(),
    );
    let units = units_for_quota.max(units_for_throttle);
    let infeasible = if v.bytes_per_message > s.max_message_bytes.v() {
        Some(TierProblem::MessageTooLarge {
            bytes: v.bytes_per_message,
            max: s.max_message_bytes.v(),
        })
    } else if let Some(what) = needs_standard(w).filter(|_| !t.has_twins) {
        Some(TierProblem::NoTwins(what))
    } else if w.commands_per_device_per_day > 0.0 && w.command_bytes > s.max_c2d_message_bytes.v() {
        Some(TierProblem::CommandTooLarge {
            bytes: w.command_bytes,
            max: s.max_c2d_message_bytes.v(),
        })
    } else if units > t.max_units.v() {
        Some(TierProblem::TooManyUnits {
            units,
            max: t.max_units.v(),
        })
    } else {
        None
    };
    TierCost {
        index,
        metered_per_day: metered,
        units_for_quota,
        units_for_throttle,
        units,
        monthly_usd: units * t.unit_usd_per_month.v(),
        infeasible,
    }
}

pub fn cost(w: &Workload, v: &Volume, s: &AzureIotHubSheet) -> AzureCost {
    // Tiers share meters (4 KB for every paid one): each meter's count is made once, as a
    // sweep prices every tier at hundreds of fleet sizes.
    let mut counted: Vec<(f64, f64)> = Vec::with_capacity(2);
    let tiers: Vec<TierCost> = s
        .tiers()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let meter = t.meter_bytes.v();
            let metered = if let Some(&(_, n)) = counted.iter().find(|(m, _)| *m == meter) {
                n
            } else {
                let n = metered_per_day(w, v, meter);
                counted.push((meter, n));
                n
            };
            tier_cost(i, t, w, v, s, metered)
        })
        .collect();
    // The cheapest feasible tier; between equally cheap ones, the one with the most daily-quota
    // headroom (going over the quota stops the hub), then the first.
    let quota_use = |t: &TierCost| {
        t.metered_per_day / (t.units * s.tiers()[t.index].messages_per_day_per_unit.v())
    };
    let chosen = tiers
        .iter()
        .filter(|t| t.infeasible.is_none())
        .min_by(|a, b| {
            a.monthly_usd
                .total_cmp(&b.monthly_usd)
                .then(quota_use(a).total_cmp(&quota_use(b)))
        })
        .map(|t| t.index);
    AzureCost {
        metered_per_day: metered_per_day(w, v, s.s1.meter_bytes.v()),
        tiers,
        chosen,
    }
}

/// Every tier's row: units, cost and why it was (not) chosen.
pub fn tier_rows(c: &AzureCost, s: &AzureIotHubSheet, m: crate::format::Money) -> Vec<TierRow> {
    let tiers = s.tiers();
    let chosen_cost = c.total();
    let chosen_name: std::sync::Arc<str> = c
        .chosen
        .map_or_else(|| "".into(), |i| tiers[i].name.as_str().into());
    c.tiers
        .iter()
        .map(|t| {
            let feasible = t.infeasible.is_none();
            let (units, metered, monthly) = (t.units, t.metered_per_day, t.monthly_usd);
            let reason = match (t.infeasible, chosen_cost) {
                (Some(why), _) => LazyText::new(move || why.to_string()),
                (None, _) if c.chosen == Some(t.index) => LazyText::new(move || format!(
                    "cheapest feasible tier: {} unit(s) for {} metered messages/day and the peak rate",
                    Num(units),
                    crate::format::count(metered)
                )),
                // Equal cost: the chosen tier has more daily-quota headroom.
                (None, Some(best)) if (monthly - best).abs() < 0.005 => {
                    let (chosen, quota) = (
                        chosen_name.clone(),
                        units * tiers[t.index].messages_per_day_per_unit.v(),
                    );
                    LazyText::new(move || format!(
                        "same cost as {chosen}, which uses less of its daily quota ({} of {} metered messages)",
                        crate::format::count(metered),
                        crate::format::count(quota)
                    ))
                }
                (None, Some(best)) => {
                    let chosen = chosen_name.clone();
                    LazyText::new(move || {
                        format!("{} more per month than {chosen}", m.amount(monthly - best))
                    })
                }
                (None, None) => LazyText::default(),
            };
            TierRow {
                tier: tiers[t.index].name.clone(),
                units: feasible.then_some(t.units),
                monthly_usd: feasible.then_some(t.monthly_usd),
                feasible,
                chosen: c.chosen == Some(t.index),
                reason,
            }
        })
        .collect()
}

/// The JSON `azure_tiers` rows: the generic rows with each tier's metered messages and the
/// units its quota and its throttle need.
pub fn azure_tier_rows(rows: &[TierRow], c: &AzureCost) -> Vec<AzureTierRow> {
    rows.iter()
        .zip(&c.tiers)
        .map(|(r, t)| AzureTierRow {
            tier: r.tier.clone(),
            units: r.units,
            monthly_usd: r.monthly_usd,
            feasible: r.feasible,
            chosen: r.chosen,
            reason: r.reason.clone(),
            metered_messages_per_day: t.metered_per_day,
            units_for_quota: t.units_for_quota,
            units_for_throttle: t.units_for_throttle,
        })
        .collect()
}

pub fn line_items(c: &AzureCost, s: &AzureIotHubSheet) -> Vec<LineItem> {
    let Some(i) = c.chosen else { return Vec::new() };
    let t = &c.tiers[i];
    let tier = s.tiers()[i];
    let (for_quota, metered, for_throttle) =
        (t.units_for_quota, t.metered_per_day, t.units_for_throttle);
    let (per_unit, price) = (
        tier.messages_per_day_per_unit.v(),
        tier.unit_usd_per_month.v(),
    );
    vec![LineItem::flat(
        Category::CapacityUnits,
        format!("IoT Hub {} units", tier.name),
        t.units,
        "units",
        price,
        Formula::new(move || {
            format!(
                "max({} units for {} metered messages/day at {}/unit, {} units for the peak rate) × ${} per unit-month",
                Num(for_quota),
                crate::format::count(metered),
                crate::format::count(per_unit),
                Num(for_throttle),
                Num(price)
            )
        }),
    )
        .graded(crate::graded_by![tier.unit_usd_per_month, tier.messages_per_day_per_unit, tier.meter_bytes])]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;
    use crate::prices::sheets::Sheets;

    fn example(shadow: f64) -> (Workload, AzureCost) {
        // Domain §4: 50,000 devices, one 6,000-byte message every 5 minutes.
        let w = Workload {
            devices: 50_000.0,
            messages_per_device_per_hour: 12.0,
            message_bytes: 6000.0,
            shadow_ops_per_device_per_day: shadow,
            ..Workload::default()
        };
        let c = cost(&w, &volume(&w), Sheets::embedded().get());
        (w, c)
    }

    fn tier<'a>(c: &'a AzureCost, name: &str) -> &'a TierCost {
        let sheets = Sheets::embedded();
        let s: &AzureIotHubSheet = sheets.get();
        let i = s.tiers().iter().position(|t| t.name == name).unwrap();
        &c.tiers[i]
    }

    #[test]
    fn domain_worked_example() {
        let (_, c) = example(0.0);
        assert_eq!(c.metered_per_day, 28_800_000.0);
        assert_eq!(tier(&c, "S1").units, 72.0);
        assert_eq!(tier(&c, "S1").monthly_usd, 1800.0);
        assert_eq!(tier(&c, "S2").units, 5.0);
        assert_eq!(tier(&c, "S2").monthly_usd, 1250.0);
        assert_eq!(tier(&c, "S3").units, 1.0);
        assert_eq!(tier(&c, "S3").monthly_usd, 2500.0);
        assert_eq!(tier(&c, "B2").units, 5.0);
        assert_eq!(tier(&c, "B2").monthly_usd, 250.0);
        assert_eq!(c.total(), Some(250.0));
        assert!(tier(&c, "Free").infeasible.is_some());
    }

    #[test]
    fn twins_force_standard() {
        // One small twin operation a day: Basic is out, S2 carries it.
        let (_, c) = example(1.0);
        assert!(
            tier(&c, "B2")
                .infeasible
                .unwrap()
                .to_string()
                .contains("twins")
        );
        let chosen = &c.tiers[c.chosen.unwrap()];
        assert_eq!(chosen.index, tier(&c, "S2").index);
        assert_eq!(chosen.units, 5.0);
    }

    #[test]
    fn throttle_sizes_units_when_rate_dominates() {
        // 100,000 devices at 1 msg/s peak each: S1 needs 100,000 ÷ 12 = 8,334 units for the rate.
        let w = Workload {
            devices: 100_000.0,
            messages_per_device_per_hour: 3600.0,
            ..Workload::default()
        };
        let c = cost(&w, &volume(&w), Sheets::embedded().get());
        assert_eq!(tier(&c, "S1").units_for_throttle, 8334.0);
        assert!(tier(&c, "S1").infeasible.is_some());
    }

    #[test]
    fn beyond_every_unit_limit_is_infeasible() {
        let w = Workload {
            devices: 100_000_000.0,
            messages_per_device_per_hour: 3600.0,
            ..Workload::default()
        };
        let c = cost(&w, &volume(&w), Sheets::embedded().get());
        assert_eq!(c.total(), None);
    }

    fn azure(w: &Workload) -> AzureCost {
        cost(w, &volume(w), Sheets::embedded().get())
    }

    #[test]
    fn equal_price_tiers_go_to_the_one_with_quota_headroom() {
        // Domain §4: 75,000 devices × 1 message/h: B1 × 5 at 90 % of quota and B2 × 1 at 30 %
        // both cost $50; B2 is chosen.
        let w = Workload {
            devices: 75_000.0,
            messages_per_device_per_hour: 1.0,
            ..Workload::default()
        };
        let c = azure(&w);
        let name = |i: usize| {
            Sheets::embedded().get::<AzureIotHubSheet>().tiers()[i]
                .name
                .clone()
        };
        assert_eq!(name(c.chosen.unwrap()).as_str(), "B2");
        assert_eq!(c.total(), Some(50.0));
        assert_eq!(c.tiers[1].monthly_usd, 50.0, "B1 × 5 costs the same");
        let rows = tier_rows(&c, Sheets::embedded().get(), crate::format::Money::USD);
        assert!(
            rows[1].reason.text().contains("same cost as B2"),
            "{}",
            rows[1].reason
        );
    }

    #[test]
    fn every_downlink_kind_is_metered_in_4_kb_blocks() {
        // 1,000 devices, telemetry 1/h of 100 B: 24,000 a day; then each kind added alone.
        let base = Workload {
            devices: 1_000.0,
            messages_per_device_per_hour: 1.0,
            message_bytes: 100.0,
            ..Workload::default()
        };
        let per_day = |w: Workload| azure(&w).metered_per_day - 24_000.0;
        let check = |w: Workload, expected: f64| assert_eq!(per_day(w), expected);
        check(
            Workload {
                commands_per_device_per_day: 2.0,
                command_bytes: 5_000.0,
                ..base.clone()
            },
            4_000.0,
        );
        check(
            Workload {
                direct_methods_per_device_per_day: 1.0,
                method_request_bytes: 10.0,
                method_response_bytes: 9_000.0,
                ..base.clone()
            },
            4_000.0,
        );
        check(
            Workload {
                twin_reads_per_device_per_day: 3.0,
                twin_document_bytes: 1_000.0,
                ..base.clone()
            },
            3_000.0,
        );
        check(
            Workload {
                file_uploads_per_device_per_day: 1.0,
                ..base.clone()
            },
            2_000.0,
        );
        // Fan-out, reconnects and retained publishes are not metered by the hub.
        check(
            Workload {
                subscribers_per_message: 5.0,
                reconnects_per_device_per_day: 9.0,
                retained_fraction: 1.0,
                ..base
            },
            0.0,
        );
    }

    #[test]
    fn basic_tiers_and_big_commands_are_infeasible_with_reasons() {
        let w = Workload {
            commands_per_device_per_day: 1.0,
            ..Workload::default()
        };
        let c = azure(&w);
        for basic in 1..=3 {
            let why = c.tiers[basic].infeasible.unwrap().to_string();
            assert!(why.contains("cloud-to-device commands"), "{why}");
        }
        let big = azure(&Workload {
            command_bytes: 70_000.0,
            ..w
        });
        assert!(big.chosen.is_none());
        assert!(
            big.tiers[4]
                .infeasible
                .unwrap()
                .to_string()
                .contains("64 KB")
        );
    }
}
