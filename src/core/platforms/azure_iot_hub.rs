//! Azure `IoT` Hub: every tier sized and priced, the cheapest feasible one chosen (domain §4).

use crate::core::format::Num;
use crate::core::report::{AzureTierRow, LineItem, Volume};
use crate::core::sheets::{AzureIotHubSheet, AzureTier};
use crate::core::volume::{DAYS_PER_USAGE_MONTH, blocks, ceil_whole};
use crate::core::workload::Workload;

/// One tier's sizing, before any text is made.
#[derive(Clone, Debug, PartialEq)]
pub struct TierCost {
    pub index: usize,
    pub metered_per_day: f64,
    pub units_for_quota: f64,
    pub units_for_throttle: f64,
    pub units: f64,
    pub monthly_usd: f64,
    pub infeasible: Option<String>,
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

fn metered_per_day(w: &Workload, v: &Volume, meter: f64) -> f64 {
    let d2c_per_day = v.messages_per_month / DAYS_PER_USAGE_MONTH;
    let twin_per_day = w.devices * w.shadow_ops_per_device_per_day;
    d2c_per_day * blocks(v.bytes_per_message, meter) + twin_per_day * blocks(w.shadow_bytes, meter)
}

fn tier_cost(
    index: usize,
    t: &AzureTier,
    w: &Workload,
    v: &Volume,
    s: &AzureIotHubSheet,
) -> TierCost {
    let metered = metered_per_day(w, v, t.meter_bytes.v());
    let units_for_quota = ceil_whole(metered / t.messages_per_day_per_unit.v()).max(1.0);
    let units_for_throttle = units_for_rate(
        v.peak_messages_per_second,
        t.d2c_min_per_second.v(),
        t.d2c_per_second_per_unit.v(),
    );
    let units = units_for_quota.max(units_for_throttle);
    let infeasible = if v.bytes_per_message > s.max_message_bytes.v() {
        Some(format!(
            "a {}-byte message exceeds the {}-byte device-to-cloud limit",
            v.bytes_per_message,
            Num(s.max_message_bytes.v())
        ))
    } else if !t.has_twins && w.shadow_ops_per_device_per_day > 0.0 {
        Some("Basic tiers have no device twins, cloud-to-device or direct methods".to_owned())
    } else if units > t.max_units.v() {
        Some(format!(
            "needs {units} units, more than the {} a hub of this size allows",
            Num(t.max_units.v())
        ))
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
    let tiers: Vec<TierCost> = s
        .tiers()
        .iter()
        .enumerate()
        .map(|(i, t)| tier_cost(i, t, w, v, s))
        .collect();
    // The first of equally cheap tiers wins, so Free beats a paid tier and Basic beats Standard.
    let chosen = tiers
        .iter()
        .filter(|t| t.infeasible.is_none())
        .min_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd))
        .map(|t| t.index);
    AzureCost {
        metered_per_day: metered_per_day(w, v, s.s1.meter_bytes.v()),
        tiers,
        chosen,
    }
}

pub fn tier_rows(c: &AzureCost, s: &AzureIotHubSheet) -> Vec<AzureTierRow> {
    let names = s.tiers().map(|t| t.name.clone());
    let chosen_cost = c.total();
    let chosen_name = c.chosen.map(|i| names[i].clone()).unwrap_or_default();
    c.tiers
        .iter()
        .map(|t| {
            let feasible = t.infeasible.is_none();
            let reason = match (&t.infeasible, chosen_cost) {
                (Some(why), _) => why.clone(),
                (None, _) if c.chosen == Some(t.index) => format!(
                    "cheapest feasible tier: {} unit(s) for {} metered messages/day and the peak rate",
                    Num(t.units),
                    crate::core::format::count(t.metered_per_day)
                ),
                (None, Some(best)) => format!(
                    "{} more per month than {chosen_name}",
                    crate::core::format::usd(t.monthly_usd - best)
                ),
                (None, None) => String::new(),
            };
            AzureTierRow {
                tier: names[t.index].clone(),
                units: feasible.then_some(t.units),
                monthly_usd: feasible.then_some(t.monthly_usd),
                feasible,
                chosen: c.chosen == Some(t.index),
                reason,
                metered_messages_per_day: t.metered_per_day,
                units_for_quota: t.units_for_quota,
                units_for_throttle: t.units_for_throttle,
            }
        })
        .collect()
}

pub fn line_items(c: &AzureCost, s: &AzureIotHubSheet) -> Vec<LineItem> {
    let Some(i) = c.chosen else { return Vec::new() };
    let t = &c.tiers[i];
    let tier = s.tiers()[i];
    vec![LineItem::flat(
        format!("IoT Hub {} units", tier.name),
        t.units,
        "units",
        tier.unit_usd_per_month.v(),
        format!(
            "max({} units for {} metered messages/day at {}/unit, {} units for the peak rate) × ${} per unit-month",
            Num(t.units_for_quota),
            crate::core::format::count(t.metered_per_day),
            crate::core::format::count(tier.messages_per_day_per_unit.v()),
            Num(t.units_for_throttle),
            Num(tier.unit_usd_per_month.v())
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sheets::Sheets;
    use crate::core::volume::volume;

    fn example(shadow: f64) -> (Workload, AzureCost) {
        // Domain §4: 50,000 devices, one 6,000-byte message every 5 minutes.
        let w = Workload {
            devices: 50_000.0,
            messages_per_device_per_hour: 12.0,
            message_bytes: 6000.0,
            shadow_ops_per_device_per_day: shadow,
            ..Workload::default()
        };
        let c = cost(&w, &volume(&w), &Sheets::embedded().azure_iot_hub);
        (w, c)
    }

    fn tier<'a>(c: &'a AzureCost, name: &str) -> &'a TierCost {
        let s = Sheets::embedded().azure_iot_hub;
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
                .as_deref()
                .unwrap()
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
        let c = cost(&w, &volume(&w), &Sheets::embedded().azure_iot_hub);
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
        let c = cost(&w, &volume(&w), &Sheets::embedded().azure_iot_hub);
        assert_eq!(c.total(), None);
    }
}
