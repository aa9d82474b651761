//! AWS `IoT` Core's monthly charges and their line items (domain §3, §11).

use super::sheet::AwsIotCoreSheet;
use crate::format::Num;
use crate::inputs::volume::{DAYS_PER_USAGE_MONTH, MINUTES_PER_USAGE_MONTH, blocks, tiered};
use crate::inputs::workload::{FreeTier, Workload};
use crate::platforms::egress::{ota_gb, transfer_usd};
use crate::prices::sheets::AwsStackSheet;
use crate::report::grade::GradedFigure;
use crate::report::{Category, Formula, LineItem, Volume};

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
    /// The metered messages by kind (domain §11); their sum is `metered_messages`.
    pub by_kind: Metered,
    /// Firmware sent out over the air, GB per month, and its transfer charge.
    pub ota_gb: f64,
    pub ota_usd: f64,
    /// AWS IoT Jobs remote actions per month (one per device per update) and their charge.
    pub ota_jobs: f64,
    pub ota_jobs_usd: f64,
    /// The weakest transfer figure the firmware is priced with (the stack's sheet).
    pub ota_grade: GradedFigure,
}

/// Metered messages per month by kind: each MQTT message to or from the broker in 5 KB blocks.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metered {
    /// Telemetry publishes received (not charged with Basic Ingest).
    pub telemetry: f64,
    /// Each telemetry message delivered to every subscriber.
    pub fan_out: f64,
    /// Command (and method request) publishes received from the back end and delivered.
    pub commands: f64,
    /// The devices' PUBACKs of commands at QoS 1 (one block each).
    pub acks: f64,
    /// CONNECT of every new session.
    pub connects: f64,
    /// SUBSCRIBE of every topic filter on every connect.
    pub subscribes: f64,
    /// The RETAINED message metered beside each retained publish.
    pub retained: f64,
    /// Method responses published by the devices.
    pub methods: f64,
}

impl Metered {
    /// Every kind that is charged: all but telemetry under Basic Ingest.
    pub fn charged(&self, basic_ingest: bool) -> f64 {
        let telemetry = if basic_ingest { 0.0 } else { self.telemetry };
        telemetry
            + self.fan_out
            + self.commands
            + self.acks
            + self.connects
            + self.subscribes
            + self.retained
            + self.methods
    }

    pub fn total(&self) -> f64 {
        self.charged(false)
    }

    /// The breakdown in words, for the messaging item's formula.
    pub fn breakdown(&self) -> String {
        use crate::format::count;
        let kinds = [
            ("telemetry", self.telemetry),
            ("fan-out", self.fan_out),
            ("commands", self.commands),
            ("acknowledgements", self.acks),
            ("connects", self.connects),
            ("subscribes", self.subscribes),
            ("retained", self.retained),
            ("method responses", self.methods),
        ];
        kinds
            .iter()
            .filter(|(_, n)| *n > 0.0)
            .map(|(kind, n)| format!("{kind} {}", count(*n)))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// Metered messages per month by kind (domain §11).
pub fn metered(w: &Workload, v: &Volume, s: &AwsIotCoreSheet) -> Metered {
    let meter = s.message_meter_bytes.v();
    let per_month = w.devices * DAYS_PER_USAGE_MONTH;
    let message_blocks = blocks(v.bytes_per_message, meter);
    let telemetry = v.messages_per_month * message_blocks;
    let commands = per_month * w.commands_per_device_per_day;
    let methods = per_month * w.direct_methods_per_device_per_day;
    let reconnects = per_month * w.reconnects_per_device_per_day;
    let qos1 = if w.command_qos >= 1.0 { 1.0 } else { 0.0 };
    Metered {
        telemetry,
        fan_out: telemetry * w.subscribers_per_message,
        // Received from the back end, then delivered to the device: twice.
        commands: 2.0
            * (commands * blocks(w.command_bytes, meter)
                + methods * blocks(w.method_request_bytes, meter)),
        acks: (commands + methods) * qos1,
        connects: reconnects,
        subscribes: reconnects * w.subscriptions_per_connection,
        retained: telemetry * w.retained_fraction,
        methods: methods * blocks(w.method_response_bytes, meter),
    }
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
            self.ota_usd,
            self.ota_jobs_usd,
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

/// The first message over AWS IoT Core's payload limit, in words: telemetry, a command, a method
/// request or response (domain §7: they are rejected, so the platform cannot carry the workload).
fn too_large(w: &Workload, v: &Volume, s: &AwsIotCoreSheet) -> Option<String> {
    let max = s.max_message_bytes.v();
    [
        (v.bytes_per_message, "message", true),
        (w.command_bytes, "command", w.commands_per_device_per_day > 0.0),
        (
            w.method_request_bytes,
            "method request",
            w.direct_methods_per_device_per_day > 0.0,
        ),
        (
            w.method_response_bytes,
            "method response",
            w.direct_methods_per_device_per_day > 0.0,
        ),
    ]
    .into_iter()
    .find(|&(bytes, _, used)| used && bytes > max)
    .map(|(bytes, what, _)| {
        format!(
            "a {}-byte {what} exceeds AWS IoT Core's {}-byte (128 KB) payload limit; publishes that large are rejected",
            crate::format::count(bytes),
            crate::format::count(max)
        )
    })
}

pub fn cost(w: &Workload, v: &Volume, s: &AwsIotCoreSheet, stack: &AwsStackSheet) -> AwsCost {
    let infeasible = too_large(w, v, s);
    let free = w.aws_free_tier == FreeTier::Legacy;
    let connection_minutes = w.devices * w.connected_fraction * MINUTES_PER_USAGE_MONTH;
    let billed_minutes = after_free(connection_minutes, s.free_tier_connection_minutes.v(), free);
    let message_blocks = blocks(v.bytes_per_message, s.message_meter_bytes.v());
    let by_kind = metered(w, v, s);
    let metered_messages = by_kind.total();
    // Every MQTT message counts toward the same monthly tiers as telemetry (domain §11).
    let messaging_usd = tiered(
        after_free(
            by_kind.charged(w.aws_basic_ingest),
            s.free_tier_messages.v(),
            free,
        ),
        &messaging_tiers(s),
    );
    let ota_gb = ota_gb(w);
    // One job execution (a remote action) per device per update (domain §11).
    let ota_jobs = w.devices * w.firmware_updates_per_year / 12.0;
    let rule_triggers = v.messages_per_month * w.rules_per_message * message_blocks;
    let actions = rule_triggers * w.actions_per_rule;
    // Updates in shadow-size blocks, and full-document reads in the document's blocks.
    let shadow_ops = w.devices
        * DAYS_PER_USAGE_MONTH
        * (w.shadow_ops_per_device_per_day * blocks(w.shadow_bytes, s.shadow_meter_bytes.v())
            + w.twin_reads_per_device_per_day
                * blocks(w.twin_document_bytes, s.shadow_meter_bytes.v()));
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
        by_kind,
        ota_gb,
        ota_usd: transfer_usd(ota_gb, stack),
        ota_grade: crate::platforms::egress::transfer_grade(ota_gb, stack),
        ota_jobs,
        ota_jobs_usd: jobs_usd(
            after_free(ota_jobs, s.free_tier_remote_actions.v(), free),
            s,
        ),
    }
}

/// The messaging item's formula: the meter, the free tier and the volume tiers.
fn messaging_formula(
    c: &AwsCost,
    w: &Workload,
    v: &Volume,
    s: &AwsIotCoreSheet,
    free: &'static str,
) -> Formula {
    // Beyond telemetry, every other MQTT message joins the same tiers (domain §11).
    let k = c.by_kind;
    let basic_ingest = w.aws_basic_ingest;
    let bytes = v.bytes_per_message;
    let meter = s.message_meter_bytes.v();
    let tiers = [
        s.messaging_tier1_per_million.v(),
        s.messaging_tier1_up_to_millions.v(),
        s.messaging_tier2_per_million.v(),
        s.messaging_tier2_up_to_millions.v(),
        s.messaging_tier3_per_million.v(),
    ];
    Formula::new(move || {
        let breakdown = if k.total() > k.telemetry {
            format!("; metered: {}", k.breakdown())
        } else {
            String::new()
        };
        if basic_ingest {
            return format!(
                "Basic Ingest ($aws/rules/…): no messaging charge for telemetry; rules still billed{breakdown}"
            );
        }
        let [p1, up1, p2, up2, p3] = tiers.map(Num);
        format!(
            "messages × ceil({bytes} B ÷ {} B) = {} metered each{free}; ${p1}/M for the first {up1} M, ${p2}/M to {up2} M, ${p3}/M beyond{breakdown}",
            Num(meter),
            blocks(bytes, meter),
        )
    })
}

pub fn line_items(c: &AwsCost, w: &Workload, v: &Volume, s: &AwsIotCoreSheet) -> Vec<LineItem> {
    let free = if w.aws_free_tier == FreeTier::Legacy {
        ", less the free tier's allowance"
    } else {
        ""
    };
    let blocks = blocks(v.bytes_per_message, s.message_meter_bytes.v());
    let (connected, connectivity) = (w.connected_fraction, s.connectivity_per_million_minutes.v());
    let mut items = vec![
        LineItem::averaged(
            Category::Connectivity,
            "Connectivity",
            c.connection_minutes,
            "connection-minutes",
            c.connectivity_usd,
            connectivity_formula(connected, connectivity, free),
        )
        .graded(crate::graded_by![s.connectivity_per_million_minutes]),
        LineItem::averaged(
            Category::Messaging,
            "Messaging",
            c.metered_messages,
            "metered messages",
            c.messaging_usd,
            messaging_formula(c, w, v, s, free),
        )
        .graded(messaging_grades(c, s)),
        LineItem::averaged(
            Category::DeviceState,
            "Device Shadow / Registry",
            c.shadow_ops,
            "operations",
            c.shadow_usd,
            shadow_formula(w, s, free),
        )
        .graded(crate::graded_by![
            s.shadow_ops_per_million,
            s.shadow_meter_bytes
        ]),
    ];
    items.splice(2..2, rules_items(c, w, s, free, blocks));
    if c.ota_gb > 0.0 {
        items.push(ota_item(c, w));
    }
    if c.ota_jobs > 0.0 {
        items.push(ota_jobs_item(c, w, s));
    }
    items
}

/// Connection-minutes at the per-million price.
fn connectivity_formula(connected: f64, price: f64, free: &'static str) -> Formula {
    Formula::new(move || {
        format!(
            "devices × {} connected × 43,200 min × ${} per million minutes{free}",
            Num(connected),
            Num(price)
        )
    })
}

/// Firmware downloads out to the internet (domain §11).
fn ota_item(c: &AwsCost, w: &Workload) -> LineItem {
    let (updates, bytes) = (w.firmware_updates_per_year, w.firmware_bytes);
    LineItem::averaged(
        Category::DataTransfer,
        "Firmware (OTA) transfer",
        c.ota_gb,
        "GB",
        c.ota_usd,
        Formula::new(move || {
            format!(
                "devices × {} updates/year ÷ 12 × {} B out to the internet, at the transfer tiers (100 GB free)",
                Num(updates),
                Num(bytes)
            )
        }),
    )
        .graded([c.ota_grade])
}

/// Rules triggered and their actions, each in 5 KB blocks of the message.
fn rules_items(
    c: &AwsCost,
    w: &Workload,
    s: &AwsIotCoreSheet,
    free: &'static str,
    blocks: f64,
) -> [LineItem; 2] {
    let (rules, rules_price) = (w.rules_per_message, s.rules_per_million.v());
    let (actions, actions_price) = (w.actions_per_rule, s.actions_per_million.v());
    [
        LineItem::averaged(
            Category::RulesEngine,
            "Rules triggered",
            c.rule_triggers,
            "rules",
            c.rules_usd,
            Formula::new(move || {
                format!(
                    "messages × {} rules × {blocks} blocks of 5 KB × ${}/M{free}",
                    Num(rules),
                    Num(rules_price)
                )
            }),
        )
        .graded(crate::graded_by![
            s.rules_per_million,
            s.message_meter_bytes
        ]),
        LineItem::averaged(
            Category::RulesEngine,
            "Rule actions",
            c.actions,
            "actions",
            c.actions_usd,
            Formula::new(move || {
                format!(
                    "rules triggered × {} actions × ${}/M{free}",
                    Num(actions),
                    Num(actions_price)
                )
            }),
        )
        .graded(crate::graded_by![s.actions_per_million]),
    ]
}

/// The grades of the messaging figures: the meter and each volume tier the messages reach.
fn messaging_grades(c: &AwsCost, s: &AwsIotCoreSheet) -> Vec<GradedFigure> {
    let [tier1, tier2, tier3] = crate::graded_by![
        s.messaging_tier1_per_million,
        s.messaging_tier2_per_million,
        s.messaging_tier3_per_million
    ];
    let reached = [
        (0.0, tier1),
        (s.messaging_tier1_up_to_millions.v() * 1e6, tier2),
        (s.messaging_tier2_up_to_millions.v() * 1e6, tier3),
    ];
    reached
        .into_iter()
        .filter(|(from, _)| c.metered_messages > *from)
        .map(|(_, figure)| figure)
        .chain(crate::graded_by![s.message_meter_bytes])
        .collect()
}

/// The grades of the Jobs figures: the first tier's price, and the second's once reached.
fn jobs_grades(c: &AwsCost, s: &AwsIotCoreSheet) -> Vec<GradedFigure> {
    let mut grades = crate::graded_by![s.jobs_per_remote_action].to_vec();
    if c.ota_jobs > s.jobs_tier1_remote_actions.v() {
        grades.extend(crate::graded_by![s.jobs_beyond_tier1_per_remote_action]);
    }
    grades
}

/// Billable remote actions at the two Jobs tiers: the first-tier price up to the tier's width a
/// month, the lower price beyond it.
fn jobs_usd(billable: f64, s: &AwsIotCoreSheet) -> f64 {
    let tier = s.jobs_tier1_remote_actions.v();
    billable.min(tier) * s.jobs_per_remote_action.v()
        + (billable - tier).max(0.0) * s.jobs_beyond_tier1_per_remote_action.v()
}

/// One AWS IoT Jobs remote action per device per update, at the sheet's two tiers.
fn ota_jobs_item(c: &AwsCost, w: &Workload, s: &AwsIotCoreSheet) -> LineItem {
    let updates = w.firmware_updates_per_year;
    let (price, tier, beyond_price) = (
        s.jobs_per_remote_action.v(),
        s.jobs_tier1_remote_actions.v(),
        s.jobs_beyond_tier1_per_remote_action.v(),
    );
    let free = if w.aws_free_tier == FreeTier::Legacy {
        ", less the free tier's 50 a month"
    } else {
        ""
    };
    let beyond = c.ota_jobs > tier;
    LineItem::averaged(
        Category::FirmwareJobs,
        "Firmware (OTA) job executions",
        c.ota_jobs,
        "remote actions",
        c.ota_jobs_usd,
        Formula::new(move || {
            let note = if beyond {
                format!(
                    " for the first {} a month, ${} beyond",
                    crate::format::count(tier),
                    Num(beyond_price)
                )
            } else {
                String::new()
            };
            format!(
                "devices × {} updates/year ÷ 12 job executions × ${} per remote action{note}{free}",
                Num(updates),
                Num(price)
            )
        }),
    )
    .graded(jobs_grades(c, s))
}

/// Shadow updates in shadow-size blocks, plus full-document reads (domain §11).
fn shadow_formula(w: &Workload, s: &AwsIotCoreSheet, free: &'static str) -> Formula {
    let (reads, document) = (w.twin_reads_per_device_per_day, w.twin_document_bytes);
    let (ops, bytes) = (w.shadow_ops_per_device_per_day, w.shadow_bytes);
    let price = s.shadow_ops_per_million.v();
    Formula::new(move || {
        let reads = if reads > 0.0 {
            format!(
                " + devices × {} reads/day × 30 days × ceil({} B ÷ 1,024 B)",
                Num(reads),
                Num(document)
            )
        } else {
            String::new()
        };
        format!(
            "devices × {} ops/day × 30 days × ceil({} B ÷ 1,024 B){reads} × ${}/M{free}",
            Num(ops),
            Num(bytes),
            Num(price)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;
    use crate::prices::sheets::Sheets;

    fn aws(w: &Workload) -> AwsCost {
        let s = Sheets::embedded();
        cost(w, &volume(w), s.get(), s.aws_stack())
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
        let sheets = Sheets::embedded();
        let s: &AwsIotCoreSheet = sheets.get();
        // 2 billion 1-KB messages cost $1,800; 6 billion cost $4,900 (domain §3).
        assert!((tiered(2e9, &messaging_tiers(s)) - 1800.0).abs() < 1e-6);
        assert!((tiered(6e9, &messaging_tiers(s)) - 4900.0).abs() < 1e-6);
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
            aws_free_tier: FreeTier::Legacy,
            rules_per_message: 0.5,
            ..Workload::default()
        };
        assert_eq!(aws(&w).total(), Some(0.0));
    }

    fn section_11_fleet() -> Workload {
        // Domain §11: 10,000 devices × 60 messages/h × 2,048 B with 2 subscribers.
        Workload {
            devices: 10_000.0,
            messages_per_device_per_hour: 60.0,
            message_bytes: 2048.0,
            subscribers_per_message: 2.0,
            ..Workload::default()
        }
    }

    #[test]
    fn section_11_fan_out_and_commands_reproduce_to_the_cent() {
        let w = section_11_fleet();
        let c = aws(&w);
        assert_eq!(c.by_kind.telemetry, 432_000_000.0);
        assert_eq!(c.by_kind.fan_out, 864_000_000.0);
        assert_eq!(c.metered_messages, 1_296_000_000.0);
        assert!(
            (c.messaging_usd - 1_236.80).abs() < 0.005,
            "{}",
            c.messaging_usd
        );
        // Add 24 commands a day of 300 B at QoS 1: 7,200,000 × 3 metered, all at $0.80/M.
        let w = Workload {
            commands_per_device_per_day: 24.0,
            command_bytes: 300.0,
            command_qos: 1.0,
            ..w
        };
        let c = aws(&w);
        assert_eq!(c.by_kind.commands, 14_400_000.0);
        assert_eq!(c.by_kind.acks, 7_200_000.0);
        assert!(
            (c.messaging_usd - 1_254.08).abs() < 0.005,
            "{}",
            c.messaging_usd
        );
    }

    #[test]
    fn each_kind_of_message_is_metered_as_section_11_says() {
        let base = Workload {
            devices: 1_000.0,
            messages_per_device_per_hour: 1.0,
            message_bytes: 6_000.0, // 2 blocks of 5 KB
            ..Workload::default()
        };
        let month = 1_000.0 * 30.0;
        let telemetry = 1_000.0 * 720.0 * 2.0;
        let kind = |w: Workload| aws(&w).by_kind;
        assert_eq!(kind(base.clone()).telemetry, telemetry);
        // Commands: received + delivered in their own blocks; QoS 0 has no PUBACK.
        let k = kind(Workload {
            commands_per_device_per_day: 2.0,
            command_bytes: 11_000.0, // 3 blocks
            command_qos: 0.0,
            ..base.clone()
        });
        assert_eq!((k.commands, k.acks), (2.0 * month * 2.0 * 3.0, 0.0));
        // Retained publishes: one more message per retained publish, in its blocks.
        let k = kind(Workload {
            retained_fraction: 0.25,
            ..base.clone()
        });
        assert_eq!(k.retained, telemetry * 0.25);
        // Reconnects: CONNECT plus one SUBSCRIBE per topic filter, one block each.
        let k = kind(Workload {
            reconnects_per_device_per_day: 4.0,
            subscriptions_per_connection: 3.0,
            ..base.clone()
        });
        assert_eq!((k.connects, k.subscribes), (4.0 * month, 12.0 * month));
        // A direct method: the request twice, its PUBACK at QoS 1, the response once.
        let k = kind(Workload {
            direct_methods_per_device_per_day: 1.0,
            method_request_bytes: 512.0,
            method_response_bytes: 6_000.0,
            ..base.clone()
        });
        assert_eq!(
            (k.commands, k.acks, k.methods),
            (2.0 * month, month, 2.0 * month)
        );
        // Twin reads are Device Shadow operations in 1 KB blocks, not messaging.
        let c = aws(&Workload {
            twin_reads_per_device_per_day: 2.0,
            twin_document_bytes: 3_000.0,
            ..base.clone()
        });
        assert_eq!(c.shadow_ops, 2.0 * month * 3.0);
        assert_eq!(c.metered_messages, telemetry);
        // Basic Ingest drops the telemetry charge only: fan-out is still billed.
        let c = aws(&Workload {
            aws_basic_ingest: true,
            subscribers_per_message: 1.0,
            ..base
        });
        assert!(
            (c.messaging_usd - telemetry * 1.0 / 1e6).abs() < 1e-9,
            "{}",
            c.messaging_usd
        );
    }

    #[test]
    fn firmware_is_its_own_transfer_item() {
        // 100,000 devices × 12 updates/year of 10 MB: 1,000 GB a month; 900 GB past the free
        // 100 GB at $0.09.
        let w = Workload {
            devices: 100_000.0,
            firmware_updates_per_year: 12.0,
            firmware_bytes: 10_000_000.0,
            ..Workload::default()
        };
        let c = aws(&w);
        assert!((c.ota_gb - 1_000.0).abs() < 1e-9);
        assert!((c.ota_usd - 81.0).abs() < 1e-9, "{}", c.ota_usd);
        let items = line_items(&c, &w, &volume(&w), Sheets::embedded().get());
        assert!(items.iter().any(|i| i.name == "Firmware (OTA) transfer"));
    }

    #[test]
    fn each_firmware_update_is_a_job_execution() {
        // 100,000 devices × 12 updates/year: 100,000 remote actions a month × $0.003 = $300;
        // with the legacy free tier, 50 of them are free: $299.85.
        let w = Workload {
            devices: 100_000.0,
            firmware_updates_per_year: 12.0,
            ..Workload::default()
        };
        let c = aws(&w);
        assert!((c.ota_jobs - 100_000.0).abs() < 1e-6);
        assert!((c.ota_jobs_usd - 300.0).abs() < 1e-9, "{}", c.ota_jobs_usd);
        let legacy = aws(&Workload {
            aws_free_tier: FreeTier::Legacy,
            ..w.clone()
        });
        assert!((legacy.ota_jobs_usd - 299.85).abs() < 1e-9);
        // Past 250,000 a month the second tier's $0.0015: 1,000,000 executions are
        // 250,000 × $0.003 + 750,000 × $0.0015 = $750 + $1,125 = $1,875, and the item is graded
        // by that second price (one secondary source: L).
        let big = Workload {
            devices: 1_000_000.0,
            ..w.clone()
        };
        let c = aws(&big);
        let items = line_items(&c, &big, &volume(&big), Sheets::embedded().get());
        let jobs = items
            .iter()
            .find(|i| i.name == "Firmware (OTA) job executions")
            .unwrap();
        assert!(
            jobs.formula
                .text()
                .contains("for the first 250,000 a month, $0.0015 beyond"),
            "{}",
            jobs.formula.text()
        );
        assert!(
            (jobs.monthly_usd - 1_875.0).abs() < 1e-6,
            "{}",
            jobs.monthly_usd
        );
        assert_eq!(jobs.grade, crate::report::Grade::L);
        assert_eq!(
            jobs.weakest_figure,
            Some("jobs_beyond_tier1_per_remote_action")
        );
        // Within the first tier, only the first price (M) grades it.
        let small = line_items(&aws(&w), &w, &volume(&w), Sheets::embedded().get());
        let jobs = small
            .iter()
            .find(|i| i.name == "Firmware (OTA) job executions")
            .unwrap();
        assert_eq!(jobs.grade, crate::report::Grade::M);
    }
}
