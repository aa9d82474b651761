//! EMQX Platform Dedicated (domain §17): the cheapest tier whose sessions and messages per
//! second (in + out, at peak) both fit, billed per hour; outbound traffic after 100 GB; 15 %
//! off with an annual prepayment.

use super::sheet::EmqxDedicatedSheet;
use crate::format::{Money, Num, count, grouped};
use crate::inputs::volume::{BYTES_PER_GB, HOURS_PER_BILLING_MONTH};
use crate::inputs::workload::Workload;
use crate::platforms::limit::Demand;
use crate::platforms::traffic::{Traffic, backend_sessions};
use crate::report::LazyText;
use crate::report::{Blocked, Category, Formula, LineItem, TierRow, Volume};

#[derive(Clone, Debug, PartialEq)]
pub struct DedicatedCost {
    /// Sessions at once: devices online at peak and the back end's subscriber sessions.
    pub sessions: f64,
    pub traffic: Traffic,
    /// The tier chosen, by its place in the sheet.
    pub chosen: Option<usize>,
    /// What the hourly price is multiplied by: 1, or less with an annual prepayment.
    pub factor: f64,
    pub base_usd: f64,
    pub outbound_gb: f64,
    pub traffic_usd: f64,
    pub infeasible: Option<(Blocked, String)>,
}

impl DedicatedCost {
    pub fn total(&self) -> Option<f64> {
        self.infeasible
            .is_none()
            .then_some(self.base_usd + self.traffic_usd)
    }
}

pub fn cost(w: &Workload, v: &Volume, d: &Demand, s: &EmqxDedicatedSheet) -> DedicatedCost {
    let traffic = Traffic::new(w, v, d, w.subscribers_per_message);
    let sessions = w.devices * w.peak_connected_fraction + backend_sessions(w, 0.0);
    let tps = traffic.peak_messages();
    let chosen = s
        .tiers
        .iter()
        .position(|t| sessions <= t.sessions.v() && tps <= t.messages_per_second.v());
    let factor = if w.commitment_years >= 1.0 {
        1.0 - s.annual_prepay_discount.v()
    } else {
        1.0
    };
    let largest = v
        .bytes_per_message
        .max(if w.commands_per_device_per_day > 0.0 {
            w.command_bytes
        } else {
            0.0
        });
    let infeasible = if largest > s.max_message_bytes.v() {
        Some((
            Blocked::Size,
            format!(
                "a message of {} B is over EMQX Dedicated's {} B limit",
                count(largest),
                count(s.max_message_bytes.v())
            ),
        ))
    } else if chosen.is_none() {
        let top = s.tiers.last();
        Some((
            Blocked::Capacity,
            format!(
                "above {} sessions and {} messages/s EMQX sells by quote ({} sessions, {} messages/s needed)",
                count(top.map_or(0.0, |t| t.sessions.v())),
                count(top.map_or(0.0, |t| t.messages_per_second.v())),
                count(sessions.ceil()),
                count(tps)
            ),
        ))
    } else {
        None
    };
    let outbound_gb = traffic.month_out.bytes / BYTES_PER_GB;
    DedicatedCost {
        sessions,
        traffic,
        chosen,
        factor,
        base_usd: chosen.map_or(0.0, |i| {
            s.tiers[i].usd_per_hour.v() * HOURS_PER_BILLING_MONTH * factor
        }),
        outbound_gb,
        traffic_usd: (outbound_gb - s.free_outbound_gb.v()).max(0.0) * s.outbound_usd_per_gb.v(),
        infeasible,
    }
}

pub fn line_items(c: &DedicatedCost, s: &EmqxDedicatedSheet) -> Vec<LineItem> {
    let Some(i) = c.chosen else {
        return Vec::new();
    };
    let tier = &s.tiers[i];
    let (name, price, hours, factor) = (
        tier.name.clone(),
        tier.usd_per_hour.v(),
        HOURS_PER_BILLING_MONTH,
        c.factor,
    );
    let (free, per_gb) = (s.free_outbound_gb.v(), s.outbound_usd_per_gb.v());
    vec![
        LineItem::averaged(
            Category::CapacityUnits,
            "Deployment tier",
            hours,
            "hours",
            c.base_usd,
            Formula::new(move || {
                let prepay = if factor < 1.0 {
                    format!(" × {} (annual prepayment)", grouped(factor, 2))
                } else {
                    String::new()
                };
                format!(
                    "the cheapest tier for the sessions and messages/s at peak: {name}, {hours} h × ${}/h{prepay}",
                    Num(price)
                )
            }),
        )
        .graded(crate::graded_by![tier.usd_per_hour, tier.sessions, tier.messages_per_second]),
        LineItem::averaged(
            Category::DataTransfer,
            "Outbound traffic",
            c.outbound_gb,
            "GB",
            c.traffic_usd,
            Formula::new(move || {
                format!(
                    "bytes delivered ÷ 10^9 − {} GB free, × ${}/GB (inbound is not billed)",
                    count(free),
                    Num(per_gb)
                )
            }),
        )
        .graded(crate::graded_by![s.free_outbound_gb, s.outbound_usd_per_gb]),
    ]
}

/// Every tier: its monthly base, whether it fits, and why it was or was not chosen.
pub fn tier_rows(c: &DedicatedCost, s: &EmqxDedicatedSheet, m: Money) -> Vec<TierRow> {
    let tps = c.traffic.peak_messages();
    s.tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let monthly = t.usd_per_hour.v() * HOURS_PER_BILLING_MONTH * c.factor;
            let fits = c.sessions <= t.sessions.v() && tps <= t.messages_per_second.v();
            let reason = if Some(i) == c.chosen {
                "the cheapest tier that carries the sessions and messages/s at peak".into()
            } else if !fits {
                let (sessions, rate, needed) =
                    (t.sessions.v(), t.messages_per_second.v(), c.sessions.ceil());
                LazyText::new(move || {
                    format!(
                        "carries {} sessions and {} messages/s; {} sessions and {} messages/s needed",
                        count(sessions),
                        count(rate),
                        count(needed),
                        count(tps)
                    )
                })
            } else {
                let chosen = c.chosen.map_or(0.0, |j| {
                    s.tiers[j].usd_per_hour.v() * HOURS_PER_BILLING_MONTH * c.factor
                });
                LazyText::new(move || {
                    format!(
                        "{} more a month than the tier chosen",
                        m.amount(monthly - chosen)
                    )
                })
            };
            TierRow {
                tier: t.name.clone(),
                units: None,
                monthly_usd: fits.then_some(monthly),
                feasible: fits,
                chosen: Some(i) == c.chosen,
                reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;
    use crate::prices::sheets::Sheets;

    fn sized(w: &Workload) -> DedicatedCost {
        let s = Sheets::embedded();
        cost(w, &volume(w), &Demand::new(w), s.get())
    }

    /// Domain §17: 3,000 devices at the default rates take the 5,000-session tier:
    /// 0.99 × 730 = $722.70 a month.
    #[test]
    fn three_thousand_devices_take_the_5000_session_tier() {
        let c = sized(&Workload {
            devices: 3_000.0,
            ..Workload::default()
        });
        assert_eq!(c.chosen, Some(2));
        assert!((c.total().unwrap() - 722.70).abs() < 1e-9);
    }

    #[test]
    fn annual_prepayment_takes_15_percent_off() {
        let c = sized(&Workload {
            devices: 3_000.0,
            commitment_years: 1.0,
            ..Workload::default()
        });
        assert!((c.base_usd - 722.70 * 0.85).abs() < 1e-9);
    }

    #[test]
    fn outbound_traffic_after_100_gb_and_quotes_above_the_top_tier() {
        // 1,000 devices, each reading delivered to two subscribers: 3,456 GB out.
        let c = sized(&Workload {
            subscribers_per_message: 2.0,
            message_bytes: 100_000.0,
            ..Workload::default()
        });
        assert!((c.outbound_gb - 8_640_000.0 * 100_000.0 * 2.0 / 1e9).abs() < 1e-6);
        assert!((c.traffic_usd - (c.outbound_gb - 100.0) * 0.15).abs() < 1e-9);
        let big = sized(&Workload {
            devices: 10_001.0,
            ..Workload::default()
        });
        assert!(big.total().is_none());
        assert!(big.infeasible.unwrap().1.contains("sells by quote"));
    }
}
