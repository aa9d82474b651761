//! EMQX Platform Dedicated (domain §17): the same broker as the self-hosted cluster, run by its
//! vendor in a tier of sessions and messages per second, billed per hour plus outbound
//! traffic. "Managed against self-run EMQX" is the comparison buyers make.

mod cost;
mod sheet;

use crate::report::LazyText;
use std::sync::Arc;

pub use cost::{DedicatedCost, cost, line_items, tier_rows};
pub use sheet::{EmqxDedicatedSheet, EmqxDedicatedTier};

use super::limit::{RowInput, row};
use super::{Evaluated, Inputs, Platform, priced};
use crate::inputs::workload::Workload;
use crate::prices::sheets::{Region, SheetSpec, Sheets};
use crate::report::{LimitRow, PlatformId, PlatformInfo, Remedy, Text, TierRow};

pub const ID: PlatformId = PlatformId::new(&PlatformInfo {
    id: "emqx-dedicated",
    title: "EMQX Dedicated",
    colour: [20, 120, 100],
});

pub static SHEET: SheetSpec = SheetSpec::of::<EmqxDedicatedSheet>("emqx_dedicated", embedded);

/// One list price for every cloud and region (the vendor's page says prices may vary).
fn embedded(_region: Region) -> &'static str {
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sheets/emqx_dedicated.ron"
    ))
}

/// This platform's sheet among `s`.
pub fn sheet(s: &Sheets) -> &EmqxDedicatedSheet {
    s.get()
}

pub struct EmqxDedicated;

impl Platform for EmqxDedicated {
    fn id(&self) -> PlatformId {
        ID
    }

    fn sheet(&self) -> &'static SheetSpec {
        &SHEET
    }

    fn total(&self, x: &Inputs) -> Option<f64> {
        cost(x.w, x.v, x.d, sheet(x.sheets)).total()
    }

    fn evaluate(&self, x: &Inputs) -> Evaluated {
        let s = sheet(x.sheets);
        let c = cost(x.w, x.v, x.d, s);
        let mut platform = priced(
            ID,
            c.infeasible.clone(),
            line_items(&c, s),
            x.w.devices,
            notes(&c),
        );
        platform.tier = c.chosen.map(|i| s.tiers[i].name.clone());
        platform.tiers = Arc::<[TierRow]>::from(tier_rows(&c, s, x.m));
        Evaluated::new(platform, limits(x.w, s, &c), s.sla.v())
    }
}

fn notes(c: &DedicatedCost) -> Vec<LazyText> {
    let mut notes = vec![
        "No limit on messages, API calls or rule actions; only outbound public traffic is billed"
            .into(),
    ];
    if c.factor < 1.0 {
        notes.push("Annual prepayment: 15 % off the tier".into());
    }
    notes
}

/// What the tier carries: sessions and messages per second in + out; a larger tier raises
/// both. Without a tier, the largest one's.
fn limits(w: &Workload, s: &EmqxDedicatedSheet, c: &DedicatedCost) -> Vec<LimitRow> {
    const PRICING: &str = "https://docs.emqx.com/en/cloud/latest/price/pricing.html";
    let Some(tier) = c
        .chosen
        .or(s.tiers.len().checked_sub(1))
        .map(|i| &s.tiers[i])
    else {
        return Vec::new();
    };
    let rate = |name: &'static str, unit: &'static str, limit: f64, demand: f64| {
        row(
            w,
            RowInput::rate(
                ID,
                (Text::Static(name), Text::Static(unit)),
                limit,
                Remedy::TierOrUnits,
                (demand, Some(demand / w.devices)),
                Arc::from(PRICING),
            ),
        )
    };
    vec![
        rate(
            "Sessions of the tier",
            "sessions",
            tier.sessions.v(),
            c.sessions,
        ),
        rate(
            "Messages per second in + out of the tier",
            "per second",
            tier.messages_per_second.v(),
            c.traffic.peak_messages(),
        ),
    ]
}
