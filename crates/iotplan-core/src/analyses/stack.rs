//! The reference AWS stack (domain §9): AWS IoT Core with app servers, PostgreSQL, S3 and
//! Glacier, Lambda and data transfer out, as one monthly bill.

use crate::format::Num;
use crate::inputs::volume::{HOURS_PER_BILLING_MONTH, ceil_whole};
use crate::inputs::workload::Workload;
use crate::platforms::egress::transfer_item;
use crate::platforms::uncomputable;
use crate::prices::sheets::AwsStackSheet;
use crate::report::{Category, Formula, LineItem, PlatformCost, Stack, Storage, Volume};

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
pub fn infeasible(reason: String) -> Stack {
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
            Category::Compute,
            "App servers",
            servers * hours,
            "instance-hours",
            servers * hours * s.app_server_usd_per_hour.v() * server_factor,
            Formula::new(move || {
                format!(
                    "ceil(peak ÷ {} msg/s) = {servers} × {instance} × {hours} h × ${}/h × {} (commitment, auto-scaling)",
                    crate::format::count(per_server),
                    Num(price),
                    crate::format::grouped(server_factor, 2)
                )
            }),
        )
        .graded(crate::graded_by![s.app_server_usd_per_hour, s.app_server_messages_per_second]),
        LineItem::averaged(
            Category::Database,
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
        )
        .graded(crate::graded_by![s.database_usd_per_hour, s.database_max_connections]),
    ]
}

/// Storage: tiered (hot in PostgreSQL, the rest in S3 and Glacier, requests) or all hot.
fn storage_items(w: &Workload, storage: &Storage) -> Vec<LineItem> {
    if !w.tiering {
        return vec![
            LineItem::flat(
                Category::Storage,
                "PostgreSQL storage (all hot)",
                storage.all_hot_gb,
                "GiB-month",
                storage.tiers[0].usd_per_gb_month,
                "GiB/day × retention days, all kept hot (lifecycle tiering is off)",
            )
            .graded([(storage.tiers[0].grade, "usd_per_gb_month")]),
        ];
    }
    let hot = &storage.tiers[0];
    let cold: f64 = storage.tiers[1..].iter().map(|t| t.monthly_usd).sum();
    let gb: f64 = storage.tiers[1..].iter().map(|t| t.gb).sum();
    let extra: f64 = storage.extra_items.iter().map(|i| i.monthly_usd).sum();
    vec![
        LineItem::flat(
            Category::Storage,
            "PostgreSQL storage (hot tier)",
            hot.gb,
            "GiB-month",
            hot.usd_per_gb_month,
            Formula::new({
                let days = hot.span_days;
                move || format!("GiB/day × {days} hot days (Storage tab)")
            }),
        )
        .graded([(hot.grade, "usd_per_gb_month")]),
        LineItem::averaged(
            Category::Storage,
            "S3 / Glacier storage",
            gb,
            "GiB-month",
            cold,
            "warm, cold and archive tiers (Storage tab)",
        )
        .graded(
            storage.tiers[1..]
                .iter()
                .filter(|t| t.gb > 0.0)
                .map(|t| (t.grade, "usd_per_gb_month")),
        ),
        LineItem::averaged(
            Category::Storage,
            "Storage requests and retrievals",
            storage.extra_items.len() as f64,
            "items",
            extra,
            "lifecycle transitions, landing PUTs, retrievals, early deletion (Storage tab)",
        )
        .graded(storage.extra_items.iter().map(LineItem::graded_figure)),
    ]
}

/// Lambda requests and duration, and data transfer out at the volume tiers.
fn serverless_and_transfer_items(w: &Workload, v: &Volume, s: &AwsStackSheet) -> [LineItem; 3] {
    let invocations = v.messages_per_month * w.lambda_invocations_per_message;
    let gb_seconds = invocations * w.lambda_duration_ms / 1000.0 * w.lambda_memory_mb / 1024.0;
    let per_message = w.lambda_invocations_per_message;
    let (duration, memory) = (w.lambda_duration_ms, w.lambda_memory_mb);
    [
        LineItem::flat(
            Category::Serverless,
            "Lambda requests",
            invocations / 1e6,
            "million invocations",
            s.lambda_per_million_requests.v(),
            Formula::new(move || format!("messages × {} invocations each", Num(per_message))),
        )
        .graded(crate::graded_by![s.lambda_per_million_requests]),
        LineItem::flat(
            Category::Serverless,
            "Lambda duration",
            gb_seconds,
            "GB-seconds",
            s.lambda_per_gb_second.v(),
            Formula::new(move || format!("invocations × {duration} ms × {memory} MB ÷ 1,024")),
        )
        .graded(crate::graded_by![s.lambda_per_gb_second]),
        transfer_item(w, v, s),
    ]
}

/// The reference stack (domain §9). `aws_total` is the platform total of AWS IoT Core: without one
/// (infeasible, or not computable) the stack cannot be priced either.
pub fn stack(
    w: &Workload,
    v: &Volume,
    aws: &PlatformCost,
    storage: &Storage,
    s: &AwsStackSheet,
) -> Stack {
    if let Some(reason) = &aws.reason {
        return infeasible(format!("AWS IoT Core cannot carry the workload: {reason}"));
    }
    let Some(aws_total) = aws.monthly_usd else {
        return infeasible("AWS IoT Core's total could not be computed".to_owned());
    };
    // Firmware goes out with the stack's other egress, at one set of transfer tiers.
    let ota_usd: f64 = aws
        .line_items
        .iter()
        .filter(|i| i.category == Category::DataTransfer)
        .map(|i| i.monthly_usd)
        .sum();
    let (iot_core, formula) = if ota_usd > 0.0 {
        (
            aws_total - ota_usd,
            "the AWS IoT Core platform total less its firmware transfer, which is counted below with the other egress",
        )
    } else {
        (
            aws_total,
            "the AWS IoT Core platform total (Costs: line items)",
        )
    };
    let mut items = vec![
        LineItem::averaged(
            Category::Ingestion,
            "AWS IoT Core",
            1.0,
            "month",
            iot_core,
            formula,
        )
        .graded(
            aws.line_items
                .iter()
                .filter(|i| i.category != Category::DataTransfer)
                .map(LineItem::graded_figure),
        ),
    ];
    items.extend(compute_items(w, v, s));
    items.extend(storage_items(w, storage));
    items.extend(serverless_and_transfer_items(w, v, s));
    if let Some(reason) = uncomputable(&items) {
        return infeasible(reason);
    }
    let total = crate::report::total(&items);
    Stack {
        feasible: true,
        reason: None,
        monthly_usd: Some(total),
        per_device_monthly_usd: Some(total / w.devices),
        line_items: items,
    }
}
