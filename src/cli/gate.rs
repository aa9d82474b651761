//! The CI gates of `iotplan report`: `--budget` and `--max-increase`, on the cheapest platform
//! or `--platform`'s. Each fails closed: a platform that cannot carry the workload trips it.

use crate::core::report::PlatformId;

use super::{Failure, ReportArgs};

/// The platform the gates check: `--platform` (only with a gate), else the cheapest.
pub(super) fn gated_platform(
    args: &ReportArgs,
    report: &crate::core::report::Report,
) -> Result<Option<PlatformId>, Failure> {
    match &args.platform {
        Some(_) if args.budget.is_none() && args.max_increase.is_none() => Err(Failure::usage(
            "--platform needs --budget or --max-increase: it names the platform they check",
        )),
        Some(id) => crate::core::platforms::find(id).map(Some).ok_or_else(|| {
            Failure::usage(format!(
                "--platform {id}: expected {}",
                crate::core::platforms::id_list()
            ))
        }),
        None => Ok(report.cheapest),
    }
}

pub(super) fn over_budget(
    budget: f64,
    platform: Option<PlatformId>,
    report: &crate::core::report::Report,
) -> Result<Option<String>, Failure> {
    if !budget.is_finite() || budget < 0.0 {
        return Err(Failure::usage(format!(
            "--budget {budget}: expected a non-negative number of USD"
        )));
    }
    Ok(
        match platform.map(|p| (p, report.platform(p).monthly_usd)) {
            None => Some("over budget: no platform can carry the workload".to_owned()),
            Some((p, None)) => Some(format!("over budget: {} cannot carry the workload", p.id())),
            Some((p, Some(cost))) if cost > budget => Some(format!(
                "over budget: {} costs {} per month, budget {}",
                p.id(),
                crate::core::format::usd(cost),
                crate::core::format::usd(budget)
            )),
            Some(_) => None,
        },
    )
}

pub(super) fn over_increase(
    threshold: &str,
    platform: Option<PlatformId>,
    report: &crate::core::report::Report,
) -> Result<Option<String>, Failure> {
    let limit = crate::core::compare::Threshold::parse(threshold).ok_or_else(|| {
        Failure::usage(format!(
            "--max-increase {threshold}: expected a percentage (10%) or US dollars (250), not negative"
        ))
    })?;
    let Some(p) = platform else {
        return Ok(Some(
            "increase: no platform can carry the workload".to_owned(),
        ));
    };
    let delta = report
        .comparison
        .as_ref()
        .and_then(|c| c.platform(p))
        .copied()
        .unwrap_or(crate::core::compare::Delta::new(None, None));
    Ok(limit
        .exceeded(&delta)
        .map(|why| format!("increase over the limit: {} {why}", p.id())))
}
