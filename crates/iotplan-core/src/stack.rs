//! The reference AWS stack behind `IoT` Core (domain §9): app servers, `PostgreSQL`, tiered storage,
//! Lambda and data transfer out.

use super::platforms::aws_iot_core::AwsCost;
use super::report::{Formula, LineItem, Stack, Storage, Volume};
use super::sheets::AwsStackSheet;
use super::volume::{BYTES_PER_GB, HOURS_PER_BILLING_MONTH, ceil_whole, tiered};
use super::workload::Workload;
use crate::format::Num;

/// Data transfer out to the internet: the first 100 GB free, then the volume tiers.
pub fn transfer_usd(gb: f64, s: &AwsStackSheet) -> f64 {
    let t1 = s.transfer_tier1_up_to_gb.v();
    let t2 = s.transfer_tier2_up_to_gb.v();
    let t3 = s.transfer_tier3_up_to_gb.v();
    tiered(
        gb,
        &[
            (s.transfer_free_gb.v(), 0.0),
            (t1, s.transfer_tier1_per_gb.v()),
            ((t2 - t1).max(0.0), s.transfer_tier2_per_gb.v()),
            ((t3 - t2).max(0.0), s.transfer_tier3_per_gb.v()),
            (f64::INFINITY, s.transfer_tier4_per_gb.v()),
        ],
    )
}

/// App servers needed for the peak rate.
pub fn app_servers(v: &Volume, s: &AwsStackSheet) -> f64 {
    ceil_whole(v.peak_messages_per_second / s.app_server_messages_per_second.v()).max(1.0)
}

/// Lambda price of one invocation (requests + duration).
pub fn lambda_usd_per_invocation(w: &Workload, s: &AwsStackSheet) -> f64 {
    s.lambda_per_million_requests.v() / 1e6
        + w.lambda_duration_ms / 1000.0 * w.lambda_memory_mb / 1024.0 * s.lambda_per_gb_second.v()
}

/// The stack that cannot be priced, and why.
fn infeasible(reason: String) -> Stack {
    Stack {
        feasible: false,
        reason: Some(reason),
        monthly_usd: None,
        per_device_monthly_usd: None,
        line_items: Vec::new(),
    }
}

/// App servers and the database instance, after commitments and auto-scaling.
fn compute_items(w: &Workload, v: &Volume, s: &AwsStackSheet) -> [LineItem; 2] {
    let hours = HOURS_PER_BILLING_MONTH;
    let servers = app_servers(v, s);
    let server_factor = w.commitment_factor() * w.autoscaling_factor();
    let commitment = w.commitment_factor();
    let (per_server, instance, price) = (
        s.app_server_messages_per_second.v(),
        s.app_server_instance.clone(),
        s.app_server_usd_per_hour.v(),
    );
    let (database, database_price) = (s.database_instance.clone(), s.database_usd_per_hour.v());
    [
        LineItem::averaged(
            "App servers",
            servers * hours,
            "instance-hours",
            servers * hours * s.app_server_usd_per_hour.v() * server_factor,
            Formula::new(move || {
                format!(
                    "ceil(peak ÷ {} msg/s) = {servers} × {instance} × {hours} h × ${}/h × {} (commitment, auto-scaling)",
                    crate::format::count(per_server),
                    Num(price),
                    super::format::grouped(server_factor, 2)
                )
            }),
        ),
        LineItem::averaged(
            "PostgreSQL instance",
            hours,
            "instance-hours",
            hours * s.database_usd_per_hour.v() * w.commitment_factor(),
            Formula::new(move || {
                format!(
                    "{database}: {hours} h × ${}/h × {commitment:.2} (commitment)",
                    Num(database_price),
                )
            }),
        ),
    ]
}

/// Storage: tiered (hot in PostgreSQL, the rest in S3 and Glacier, requests) or all hot.
fn storage_items(w: &Workload, storage: &Storage) -> Vec<LineItem> {
    if !w.tiering {
        return vec![LineItem::flat(
            "PostgreSQL storage (all hot)",
            storage.all_hot_gb,
            "GiB-month",
            storage.tiers[0].usd_per_gb_month,
            "GiB/day × retention days, all kept hot (lifecycle tiering is off)",
        )];
    }
    let hot = &storage.tiers[0];
    let cold: f64 = storage.tiers[1..].iter().map(|t| t.monthly_usd).sum();
    let gb: f64 = storage.tiers[1..].iter().map(|t| t.gb).sum();
    let extra: f64 = storage.extra_items.iter().map(|i| i.monthly_usd).sum();
    vec![
        LineItem::flat(
            "PostgreSQL storage (hot tier)",
            hot.gb,
            "GiB-month",
            hot.usd_per_gb_month,
            Formula::new({
                let days = hot.span_days;
                move || format!("GiB/day × {days} hot days (Storage tab)")
            }),
        ),
        LineItem::averaged(
            "S3 / Glacier storage",
            gb,
            "GiB-month",
            cold,
            "warm, cold and archive tiers (Storage tab)",
        ),
        LineItem::averaged(
            "Storage requests and retrievals",
            storage.extra_items.len() as f64,
            "items",
            extra,
            "lifecycle transitions, landing PUTs, retrievals, early deletion (Storage tab)",
        ),
    ]
}

/// Lambda requests and duration, and data transfer out at the volume tiers.
fn serverless_and_transfer_items(w: &Workload, v: &Volume, s: &AwsStackSheet) -> [LineItem; 3] {
    let invocations = v.messages_per_month * w.lambda_invocations_per_message;
    let gb_seconds = invocations * w.lambda_duration_ms / 1000.0 * w.lambda_memory_mb / 1024.0;
    let ota_gb = super::platforms::aws_iot_core::ota_gb(w);
    let egress_gb = v.bytes_per_month * w.egress_fraction / BYTES_PER_GB + ota_gb;
    let firmware = if ota_gb > 0.0 {
        " + firmware (OTA) downloads"
    } else {
        ""
    };
    let per_message = w.lambda_invocations_per_message;
    let (duration, memory) = (w.lambda_duration_ms, w.lambda_memory_mb);
    let egress_share = w.egress_fraction;
    let transfer = [
        s.transfer_tier1_per_gb.v(),
        s.transfer_tier2_per_gb.v(),
        s.transfer_tier3_per_gb.v(),
        s.transfer_tier4_per_gb.v(),
    ];
    [
        LineItem::flat(
            "Lambda requests",
            invocations / 1e6,
            "million invocations",
            s.lambda_per_million_requests.v(),
            Formula::new(move || format!("messages × {} invocations each", Num(per_message))),
        ),
        LineItem::flat(
            "Lambda duration",
            gb_seconds,
            "GB-seconds",
            s.lambda_per_gb_second.v(),
            Formula::new(move || format!("invocations × {duration} ms × {memory} MB ÷ 1,024")),
        ),
        LineItem::averaged(
            "Data transfer out",
            egress_gb,
            "GB",
            transfer_usd(egress_gb, s),
            Formula::new(move || {
                let [t1, t2, t3, t4] = transfer.map(Num);
                format!(
                    "ingested GB × {} egress share{firmware}; 100 GB free, ${t1}/GB to 10 TB, ${t2} next 40 TB, ${t3} next 100 TB, ${t4} beyond",
                    Num(egress_share),
                )
            }),
        ),
    ]
}

/// The reference stack (domain §9). `aws_total` is the platform total of AWS IoT Core: without one
/// (infeasible, or not computable) the stack cannot be priced either.
pub fn stack(
    w: &Workload,
    v: &Volume,
    aws: &AwsCost,
    aws_total: Option<f64>,
    storage: &Storage,
    s: &AwsStackSheet,
) -> Stack {
    if let Some(reason) = &aws.infeasible {
        return infeasible(format!("AWS IoT Core cannot carry the workload: {reason}"));
    }
    let Some(aws_total) = aws_total else {
        return infeasible("AWS IoT Core's total could not be computed".to_owned());
    };
    // Firmware goes out with the stack's other egress, at one set of transfer tiers.
    let (iot_core, formula) = if aws.ota_usd > 0.0 {
        (
            aws_total - aws.ota_usd,
            "the AWS IoT Core platform total less its firmware transfer, which is counted below with the other egress",
        )
    } else {
        (
            aws_total,
            "the AWS IoT Core platform total (Costs: line items)",
        )
    };
    let mut items = vec![LineItem::averaged(
        "AWS IoT Core",
        1.0,
        "month",
        iot_core,
        formula,
    )];
    items.extend(compute_items(w, v, s));
    items.extend(storage_items(w, storage));
    items.extend(serverless_and_transfer_items(w, v, s));
    if let Some(reason) = super::uncomputable(&items) {
        return infeasible(reason);
    }
    let total = super::report::total(&items);
    Stack {
        feasible: true,
        reason: None,
        monthly_usd: Some(total),
        per_device_monthly_usd: Some(total / w.devices),
        line_items: items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheets::Sheets;

    #[test]
    fn transfer_tiers() {
        let s = Sheets::embedded().aws_stack;
        assert_eq!(transfer_usd(50.0, &s), 0.0);
        assert!((transfer_usd(1100.0, &s) - 90.0).abs() < 1e-9);
        // 100 free + 10,240 at 0.09 + 40,960 at 0.085.
        let full = 10_240.0 * 0.09 + 40_960.0 * 0.085;
        assert!((transfer_usd(100.0 + 51_200.0, &s) - full).abs() < 1e-6);
    }
}
