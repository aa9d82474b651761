//! AWS `IoT` Core ingestion cost (domain §3).

use crate::core::format::Num;
use crate::core::report::{LineItem, Volume};
use crate::core::sheets::AwsIotCoreSheet;
use crate::core::volume::{DAYS_PER_USAGE_MONTH, MINUTES_PER_USAGE_MONTH, blocks, tiered};
use crate::core::workload::Workload;

/// The quantities and charges of one month, before any text is made.
#[derive(Clone, Debug, PartialEq)]
pub struct AwsCost {
    /// `Some(reason)` when AWS `IoT` Core cannot carry the workload.
    pub infeasible: Option<String>,
    pub connection_minutes: f64,
    pub connectivity_usd: f64,
    pub metered_messages: f64,
    pub messaging_usd: f64,
    pub rule_triggers: f64,
    pub rules_usd: f64,
    pub actions: f64,
    pub actions_usd: f64,
    pub shadow_ops: f64,
    pub shadow_usd: f64,
}

impl AwsCost {
    /// The monthly total, summed in line-item order so it equals the items' sum exactly.
    pub fn total(&self) -> Option<f64> {
        if self.infeasible.is_some() {
            return None;
        }
        let parts = [
            self.connectivity_usd,
            self.messaging_usd,
            self.rules_usd,
            self.actions_usd,
            self.shadow_usd,
        ];
        Some(parts.iter().sum())
    }
}

fn after_free(quantity: f64, allowance: f64, free_tier: bool) -> f64 {
    if free_tier {
        (quantity - allowance).max(0.0)
    } else {
        quantity
    }
}

pub fn messaging_tiers(s: &AwsIotCoreSheet) -> [(f64, f64); 3] {
    let t1 = s.messaging_tier1_up_to_millions.v() * 1e6;
    let t2 = s.messaging_tier2_up_to_millions.v() * 1e6;
    [
        (t1, s.messaging_tier1_per_million.v() / 1e6),
        ((t2 - t1).max(0.0), s.messaging_tier2_per_million.v() / 1e6),
        (f64::INFINITY, s.messaging_tier3_per_million.v() / 1e6),
    ]
}

pub fn cost(w: &Workload, v: &Volume, s: &AwsIotCoreSheet) -> AwsCost {
    let infeasible = (v.bytes_per_message > s.max_message_bytes.v()).then(|| {
        format!(
            "a {}-byte message exceeds AWS IoT Core's {}-byte (128 KB) payload limit; publishes that large are rejected",
            v.bytes_per_message,
            Num(s.max_message_bytes.v())
        )
    });
    let free = w.aws_free_tier;
    let connection_minutes = w.devices * w.connected_fraction * MINUTES_PER_USAGE_MONTH;
    let billed_minutes = after_free(connection_minutes, s.free_tier_connection_minutes.v(), free);
    let message_blocks = blocks(v.bytes_per_message, s.message_meter_bytes.v());
    let metered_messages = v.messages_per_month * message_blocks;
    let messaging_usd = if w.aws_basic_ingest {
        0.0
    } else {
        tiered(
            after_free(metered_messages, s.free_tier_messages.v(), free),
            &messaging_tiers(s),
        )
    };
    let rule_triggers = v.messages_per_month * w.rules_per_message * message_blocks;
    let actions = rule_triggers * w.actions_per_rule;
    let shadow_ops = w.devices
        * w.shadow_ops_per_device_per_day
        * DAYS_PER_USAGE_MONTH
        * blocks(w.shadow_bytes, s.shadow_meter_bytes.v());
    AwsCost {
        infeasible,
        connection_minutes,
        connectivity_usd: billed_minutes * s.connectivity_per_million_minutes.v() / 1e6,
        metered_messages,
        messaging_usd,
        rule_triggers,
        rules_usd: after_free(rule_triggers, s.free_tier_rules.v(), free) * s.rules_per_million.v()
            / 1e6,
        actions,
        actions_usd: after_free(actions, s.free_tier_actions.v(), free) * s.actions_per_million.v()
            / 1e6,
        shadow_ops,
        shadow_usd: after_free(shadow_ops, s.free_tier_shadow_ops.v(), free)
            * s.shadow_ops_per_million.v()
            / 1e6,
    }
}

/// The messaging item's formula: the meter, the free tier and the volume tiers.
fn messaging_formula(w: &Workload, v: &Volume, s: &AwsIotCoreSheet, free: &str) -> String {
    if w.aws_basic_ingest {
        return "Basic Ingest ($aws/rules/…): no messaging charge; rules still billed".to_owned();
    }
    let blocks = blocks(v.bytes_per_message, s.message_meter_bytes.v());
    format!(
        "messages × ceil({} B ÷ {} B) = {blocks} metered each{free}; ${}/M for the first {} M, ${}/M to {} M, ${}/M beyond",
        v.bytes_per_message,
        Num(s.message_meter_bytes.v()),
        Num(s.messaging_tier1_per_million.v()),
        Num(s.messaging_tier1_up_to_millions.v()),
        Num(s.messaging_tier2_per_million.v()),
        Num(s.messaging_tier2_up_to_millions.v()),
        Num(s.messaging_tier3_per_million.v()),
    )
}

pub fn line_items(c: &AwsCost, w: &Workload, v: &Volume, s: &AwsIotCoreSheet) -> Vec<LineItem> {
    let free = if w.aws_free_tier {
        ", less the free tier's allowance"
    } else {
        ""
    };
    let blocks = blocks(v.bytes_per_message, s.message_meter_bytes.v());
    vec![
        LineItem::averaged(
            "Connectivity",
            c.connection_minutes,
            "connection-minutes",
            c.connectivity_usd,
            format!(
                "devices × {} connected × 43,200 min × ${} per million minutes{free}",
                Num(w.connected_fraction),
                Num(s.connectivity_per_million_minutes.v())
            ),
        ),
        LineItem::averaged(
            "Messaging",
            c.metered_messages,
            "metered messages",
            c.messaging_usd,
            messaging_formula(w, v, s, free),
        ),
        LineItem::averaged(
            "Rules triggered",
            c.rule_triggers,
            "rules",
            c.rules_usd,
            format!(
                "messages × {} rules × {blocks} blocks of 5 KB × ${}/M{free}",
                Num(w.rules_per_message),
                Num(s.rules_per_million.v())
            ),
        ),
        LineItem::averaged(
            "Rule actions",
            c.actions,
            "actions",
            c.actions_usd,
            format!(
                "rules triggered × {} actions × ${}/M{free}",
                Num(w.actions_per_rule),
                Num(s.actions_per_million.v())
            ),
        ),
        LineItem::averaged(
            "Device Shadow / Registry",
            c.shadow_ops,
            "operations",
            c.shadow_usd,
            format!(
                "devices × {} ops/day × 30 days × ceil({} B ÷ 1,024 B) × ${}/M{free}",
                Num(w.shadow_ops_per_device_per_day),
                Num(w.shadow_bytes),
                Num(s.shadow_ops_per_million.v())
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sheets::Sheets;
    use crate::core::volume::volume;

    fn aws(w: &Workload) -> AwsCost {
        cost(w, &volume(w), &Sheets::embedded().aws_iot_core)
    }

    #[test]
    fn domain_worked_example() {
        // Domain §3: 10,000 devices, 60 msg/h, 2,048 B, always connected, 1 rule, 1 action.
        let w = Workload {
            devices: 10_000.0,
            messages_per_device_per_hour: 60.0,
            message_bytes: 2048.0,
            ..Workload::default()
        };
        let c = aws(&w);
        assert_eq!(volume(&w).messages_per_month, 432_000_000.0);
        assert!(
            (c.connectivity_usd - 34.56).abs() < 1e-9,
            "{}",
            c.connectivity_usd
        );
        assert!((c.messaging_usd - 432.00).abs() < 1e-9);
        assert!((c.rules_usd - 64.80).abs() < 1e-9);
        assert!((c.actions_usd - 64.80).abs() < 1e-9);
        assert!((c.total().unwrap() - 596.16).abs() < 1e-9);
    }

    #[test]
    fn messaging_volume_tiers() {
        let s = Sheets::embedded().aws_iot_core;
        // 2 billion 1-KB messages cost $1,800; 6 billion cost $4,900 (domain §3).
        assert!((tiered(2e9, &messaging_tiers(&s)) - 1800.0).abs() < 1e-6);
        assert!((tiered(6e9, &messaging_tiers(&s)) - 4900.0).abs() < 1e-6);
    }

    #[test]
    fn five_kb_boundary_adds_a_metered_message() {
        let at = aws(&Workload {
            message_bytes: 5120.0,
            ..Workload::default()
        });
        let over = aws(&Workload {
            message_bytes: 5121.0,
            ..Workload::default()
        });
        assert_eq!(over.metered_messages, 2.0 * at.metered_messages);
    }

    #[test]
    fn over_128_kb_is_infeasible_with_a_reason() {
        let c = aws(&Workload {
            message_bytes: 131_073.0,
            ..Workload::default()
        });
        assert!(c.total().is_none());
        assert!(c.infeasible.unwrap().contains("128 KB"));
    }

    #[test]
    fn basic_ingest_drops_messaging_only() {
        let w = Workload {
            aws_basic_ingest: true,
            ..Workload::default()
        };
        let c = aws(&w);
        assert_eq!(c.messaging_usd, 0.0);
        assert!(c.rules_usd > 0.0);
    }

    #[test]
    fn free_tier_covers_a_small_fleet() {
        // The vendor's sizing: 50 devices, 300 msgs/day, fits the allowances.
        let w = Workload {
            devices: 50.0,
            messages_per_device_per_hour: 12.5,
            aws_free_tier: true,
            rules_per_message: 0.5,
            ..Workload::default()
        };
        assert_eq!(aws(&w).total(), Some(0.0));
    }
}
