//! The evaluation pipeline: a workload and the sheets in, one report out. Every platform in the
//! registry is priced and states its limits; storage, the reference stack, availability and the
//! serverless check follow; the checklist is decided last.

use chrono::NaiveDate;

use crate::analyses::{availability, readiness, stack, storage, throttle, verdicts};
use crate::inputs::checklist::{Checklist, ChecklistState};
use crate::inputs::volume::{self, volume};
use crate::inputs::workload::{LaunchPlatform, Workload, WorkloadError};
use crate::platforms::limit::Demand;
use crate::platforms::{Evaluated, Inputs, REGISTRY, aws_iot_core};
use crate::prices::currency::CurrencyInfo;
use crate::prices::sheets::{OverrideError, Sheets};
use crate::report::items::ExtraKeys;
use crate::report::{LaunchPlatformChoice, PlatformId, Readiness, Report};

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
    Workload(#[from] WorkloadError),
    #[error(transparent)]
    Override(#[from] OverrideError),
}

/// Evaluates a workload against the sheets: costs, limits, storage, availability, readiness.
/// Break-even device counts are a sweep, costlier than the rest: see
/// [`crate::analyses::sweep::break_even`].
pub fn evaluate(w: &Workload, sheets: &Sheets, ctx: &Context) -> Result<Report, EvaluateError> {
    let mut report = figures(w, sheets, ctx)?;
    decide(&mut report, w, ctx);
    Ok(report)
}

/// The verdicts of `report`'s limits and its checklist, with whatever projection it carries
/// (crossings date the requests): the last step of every report shown.
pub fn decide(report: &mut Report, w: &Workload, ctx: &Context) {
    verdicts::judge(report, w, ctx.today);
    report.readiness = readiness::readiness(&ctx.checklist, &ctx.manual, w, report, ctx.today);
}

/// The launch platform (domain §16): the user's, else the cheapest that can carry the workload.
fn launch_choice(w: &Workload, cheapest: Option<PlatformId>) -> LaunchPlatformChoice {
    match w.launch_platform {
        LaunchPlatform::Platform(id) => LaunchPlatformChoice {
            id: Some(id),
            chosen_by: "user",
        },
        LaunchPlatform::Auto => LaunchPlatformChoice {
            id: cheapest,
            chosen_by: "auto",
        },
    }
}

/// [`evaluate`] without the verdicts and the checklist: what a month of the projection or a
/// sample of the ranges needs, evaluated many times.
pub fn figures(w: &Workload, sheets: &Sheets, ctx: &Context) -> Result<Report, EvaluateError> {
    w.validate()?;
    let s = sheets.with_overrides(&w.overrides)?;
    let s = s.as_ref();
    let v = volume(w);
    let d = Demand::new(w);
    let currency = CurrencyInfo::new(w.currency, s.currency());
    let x = Inputs {
        w,
        v: &v,
        d: &d,
        sheets: s,
        m: crate::format::Money::of(&currency),
    };
    let mut evaluated: Vec<Evaluated> = REGISTRY.iter().map(|p| p.evaluate(&x)).collect();
    let cheapest = evaluated
        .iter()
        .filter_map(|e| e.cost.monthly_usd.map(|m| (e.cost.id, m)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id);
    let launch_platform = launch_choice(w, cheapest);
    let storage = storage::storage(w, s.storage(), s.aws_stack(), x.m);
    let throttle = throttle::throttle(w, &mut evaluated, launch_platform.id);
    let availability = availability::availability(w, s, &evaluated);
    let extra = ExtraKeys(
        evaluated
            .iter_mut()
            .flat_map(|e| std::mem::take(&mut e.extra))
            .collect(),
    );
    let platforms: Vec<_> = evaluated.into_iter().map(|e| e.cost).collect();
    let stack = {
        let aws = platforms.iter().find(|p| p.id == aws_iot_core::ID);
        aws.map(|aws| stack::stack(w, &v, aws, &storage, s.aws_stack()))
    };
    Ok(Report {
        assumptions: volume::ASSUMPTIONS.to_vec(),
        throttle,
        extra,
        serverless: availability::serverless(w, &v, s),
        volume: v,
        platforms,
        cheapest,
        launch_platform,
        stack: stack.unwrap_or_else(|| stack::infeasible("AWS IoT Core is not priced".to_owned())),
        availability,
        storage,
        break_even: Vec::new(),
        readiness: Readiness::default(),
        sheets: sheets.infos(ctx.today),
        sheet_set: std::sync::Arc::clone(sheets.set_name()),
        comparison: None,
        ranges: None,
        projection: None,
        region: w.region,
        currency,
    })
}
