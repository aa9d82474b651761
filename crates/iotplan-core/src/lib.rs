//! The calculation core: workload + sheets in, report out. No egui, no eframe, no file I/O —
//! strings in, plain data out — so the GUI, the CLI and the tests all compute the same figures.

pub mod availability;
pub mod compare;
pub mod currency;
pub mod fields;
pub mod figure;
pub mod format;
pub mod optimise;
pub mod parse;
pub mod platforms;
pub mod projection;
pub mod ranges;
pub mod readiness;
pub mod report;
pub mod sheets;
pub mod simulate;
pub mod stack;
pub mod storage;
pub mod sweep;
pub mod throttle;
pub mod volume;
pub mod workload;

use chrono::NaiveDate;

use platforms::{aws_iot_core, azure_iot_hub, self_hosted, self_hosted_lab};
use readiness::{Checklist, ChecklistState};
use report::{AzureSummary, PlatformCost, PlatformId, Report};
pub use sheets::Sheets;
pub use workload::Workload;

/// What the report needs besides workload and prices: the date, the checklist and its ticks.
/// `today` is injected so that reports (and screenshots) are reproducible.
#[derive(Clone, Debug, PartialEq)]
pub struct Context {
    pub today: NaiveDate,
    pub checklist: Checklist,
    pub manual: ChecklistState,
}

impl Context {
    /// The embedded checklist with no ticks, on `today`. The core never reads the clock: the
    /// caller (`main`, the window) says what day it is, so every report is reproducible.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            today,
            checklist: Checklist::embedded(),
            manual: ChecklistState::new(),
        }
    }
}

/// The day tests take as today (the core's and the application's), so their reports are
/// reproducible.
pub fn test_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
}

/// Why a report could not be made: the workload or an override is invalid.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    #[error(transparent)]
    Workload(#[from] workload::WorkloadError),
    #[error(transparent)]
    Override(#[from] sheets::OverrideError),
}

/// Why a set of line items cannot be totalled: an item whose figures are not finite numbers.
/// The ranges of fields and sheet figures rule this out; this is the last guard, so that no
/// option is ever priced (or called cheapest) on a number that is not one.
pub fn uncomputable(items: &[report::LineItem]) -> Option<String> {
    let bad = items
        .iter()
        .find(|i| !(i.quantity.is_finite() && i.unit_usd.is_finite() && i.monthly_usd.is_finite()));
    match bad {
        Some(item) => Some(format!(
            "{} could not be computed from these inputs (not a finite number)",
            item.name
        )),
        None if !report::total(items).is_finite() => Some(
            "the total could not be computed from these inputs (not a finite number)".to_owned(),
        ),
        None => None,
    }
}

fn platform(
    id: PlatformId,
    infeasible: Option<String>,
    line_items: Vec<report::LineItem>,
    devices: f64,
    notes: Vec<String>,
) -> PlatformCost {
    let infeasible = infeasible.or_else(|| uncomputable(&line_items));
    let feasible = infeasible.is_none();
    let monthly = feasible.then(|| report::total(&line_items));
    PlatformCost {
        id,
        feasible,
        reason: infeasible,
        monthly_usd: monthly,
        per_device_monthly_usd: monthly.map(|m| m / devices),
        line_items: if feasible { line_items } else { Vec::new() },
        notes,
    }
}

fn aws_notes(w: &Workload, s: &Sheets) -> Vec<String> {
    let mut notes =
        vec!["Ingestion only: storage, compute and egress are in the reference stack".to_owned()];
    if w.aws_free_tier == workload::FreeTier::Credits {
        let a = &s.aws_iot_core;
        notes.push(format!(
            "Free Tier credits (up to {} over the first {} months, sources differ on 6 or 12) are spent over time, so a month's figure is shown before them",
            format::usd(a.free_tier_credits_usd.v()),
            format::Num(a.free_tier_credits_months.v())
        ));
    }
    if w.aws_basic_ingest && w.subscribers_per_message > 0.0 {
        notes.push(
            "Inconsistent: Basic Ingest topics cannot be subscribed to, yet subscribers per message is set; their deliveries are metered here as if they could"
                .to_owned(),
        );
    }
    notes
}

/// The three platforms' costs, each feasible with its items or infeasible with the reason.
fn platforms(
    w: &Workload,
    s: &Sheets,
    aws: (&aws_iot_core::AwsCost, Vec<report::LineItem>),
    azure: &azure_iot_hub::AzureCost,
    hosted: &self_hosted::SelfHostedCost,
    lab: &self_hosted_lab::LabCost,
) -> Vec<PlatformCost> {
    let azure_infeasible = azure
        .chosen
        .is_none()
        .then(|| "no Azure IoT Hub tier can carry the workload (see the tier table)".to_owned());
    vec![
        platform(
            PlatformId::AwsIotCore,
            aws.0.infeasible.clone(),
            aws.1,
            w.devices,
            aws_notes(w, s),
        ),
        platform(
            PlatformId::AzureIotHub,
            azure_infeasible,
            azure_iot_hub::line_items(azure, &s.azure_iot_hub),
            w.devices,
            vec!["Ingestion only; units are billed per whole month".to_owned()],
        ),
        platform(
            PlatformId::SelfHosted,
            None,
            self_hosted::line_items(hosted, w, &s.self_hosted),
            w.devices,
            vec![format!(
                "{} on {}; {} node(s) carry the load",
                s.self_hosted.broker, s.self_hosted.instance, hosted.base_nodes
            )],
        ),
        platform(
            PlatformId::SelfHostedLab,
            lab.infeasible(),
            self_hosted_lab::line_items(lab, w, &s.self_hosted_lab),
            w.devices,
            lab_notes(w, s, lab),
        ),
    ]
}

/// What the lab is, how far it goes at this rate, and what one VM means for availability.
fn lab_notes(w: &Workload, s: &Sheets, lab: &self_hosted_lab::LabCost) -> Vec<String> {
    let l = &s.self_hosted_lab;
    let mut notes = vec![format!(
        "Mosquitto, InfluxDB, Telegraf and Grafana on one {} (iotplan export-compose writes its Docker Compose file)",
        l.instance
    )];
    if let Some(n) = lab.carries_devices {
        notes.push(format!(
            "The lab carries up to {} devices at this rate",
            format::count(n)
        ));
    }
    notes.push(format!(
        "One VM, no failover: availability {} against a target of {}",
        format::availability(l.sla.v()),
        format::availability(w.availability_target)
    ));
    notes
}

/// Evaluates a workload against the sheets: costs, limits, storage, availability, readiness.
/// Break-even device counts are a sweep, costlier than the rest: see [`sweep::break_even`].
pub fn evaluate(w: &Workload, sheets: &Sheets, ctx: &Context) -> Result<Report, EvaluateError> {
    let mut report = figures(w, sheets, ctx)?;
    report.readiness = readiness::readiness(&ctx.checklist, &ctx.manual, w, &report, ctx.today);
    Ok(report)
}

/// [`evaluate`] without the checklist: what a month of the projection or a sample of the
/// ranges needs, evaluated many times.
pub fn figures(w: &Workload, sheets: &Sheets, ctx: &Context) -> Result<Report, EvaluateError> {
    w.validate()?;
    let s = sheets.with_overrides(&w.overrides)?;
    let s = s.as_ref();
    let v = volume::volume(w);

    let aws = aws_iot_core::cost(w, &v, &s.aws_iot_core, &s.aws_stack);
    let azure = azure_iot_hub::cost(w, &v, &s.azure_iot_hub);
    let hosted = self_hosted::cost(w, &v, &s.self_hosted, &s.aws_stack);
    let lab = self_hosted_lab::cost(w, &v, &s.self_hosted_lab, &s.aws_stack);
    let aws_items = aws_iot_core::line_items(&aws, w, &v, &s.aws_iot_core);
    let platforms = platforms(w, s, (&aws, aws_items), &azure, &hosted, &lab);
    let cheapest = platforms
        .iter()
        .filter_map(|p| p.monthly_usd.map(|m| (p.id, m)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id);
    let storage = storage::storage(w, &s.storage, &s.aws_stack);
    let stack = stack::stack(
        w,
        &v,
        &aws,
        platforms[0].monthly_usd,
        &storage,
        &s.aws_stack,
    );
    let chosen_tier = azure
        .chosen
        .map(|i| s.azure_iot_hub.tiers()[i].name.clone());
    let report = Report {
        assumptions: volume::ASSUMPTIONS.to_vec(),
        throttle: throttle::throttle(w, s, &azure, (&hosted, &lab), &v),
        azure: AzureSummary {
            metered_messages_per_day: azure.metered_per_day,
            chosen_tier,
        },
        azure_tiers: azure_iot_hub::tier_rows(&azure, &s.azure_iot_hub),
        serverless: availability::serverless(w, &v, s),
        volume: v,
        platforms,
        cheapest,
        stack,
        availability: availability::availability(w, s),
        storage,
        break_even: Vec::new(),
        readiness: report::Readiness::default(),
        sheets: sheets.infos(ctx.today),
        comparison: None,
        ranges: None,
        projection: None,
        region: w.region,
        currency: currency::CurrencyInfo::new(w.currency, &s.currency),
    };
    Ok(report)
}

/// Adds the growth projection to a report of `w`, and decides the checklist with its crossings.
pub fn with_projection(
    report: &mut Report,
    w: &Workload,
    sheets: &Sheets,
    ctx: &Context,
) -> Result<(), EvaluateError> {
    report.projection = Some(projection::projection(w, sheets, ctx)?);
    report.readiness = readiness::readiness(&ctx.checklist, &ctx.manual, w, report, ctx.today);
    Ok(())
}

/// [`evaluate`] plus the break-even device counts, the projection and the ranges: what the CLI prints and the
/// GUI shows (the window samples the ranges on a worker thread).
pub fn full_report(w: &Workload, sheets: &Sheets, ctx: &Context) -> Result<Report, EvaluateError> {
    // The checklist is decided once, by `with_projection`, when the crossings are known.
    let mut report = figures(w, sheets, ctx)?;
    report.break_even = sweep::break_even(w, sheets.with_overrides(&w.overrides)?.as_ref());
    with_projection(&mut report, w, sheets, ctx)?;
    report.ranges = match ranges::ranges(w, sheets, ctx, &|| false) {
        Ok(r) => r,
        Err(ranges::RangesError::Evaluate(e)) => return Err(e),
        Err(ranges::RangesError::Cancelled) => None,
    };
    Ok(report)
}
