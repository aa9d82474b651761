//! The CI gates of `iotplan report`: `--budget` and `--max-utilization` on the launch platform
//! (or `--platform`), `--max-increase` and `--max-change` on the baseline's launch platform (or
//! `--platform`), so like is compared with like (domain §15, §16). Each fails closed: a platform
//! that cannot carry the workload trips it.

use crate::core::compare::Threshold;
use crate::core::format::{amount, percent, usd};
use crate::core::report::{Grade, PlatformId, Report};

use super::{Failure, ReportArgs};

/// A platform id as typed after `--platform`.
pub(super) fn parse_platform(id: &str) -> Result<PlatformId, Failure> {
    crate::core::platforms::find(id).ok_or_else(|| {
        Failure::usage(format!(
            "--platform {id}: expected {}",
            crate::core::platforms::id_list()
        ))
    })
}

/// `--strict`: the first line item of the launch platform (or `--platform`) priced with a figure
/// graded L, as a usage error (exit 2) naming the figure (domain §18).
pub(super) fn strict(args: &ReportArgs, report: &Report) -> Result<(), Failure> {
    let chosen = args.platform.as_deref().map(parse_platform).transpose()?;
    let Some(id) = chosen.or(report.launch_platform.id) else {
        return Ok(());
    };
    let Some(platform) = report.platforms.iter().find(|p| p.id == id) else {
        return Ok(());
    };
    match platform.line_items.iter().find(|i| i.grade == Grade::L) {
        Some(item) => Err(Failure::usage(format!(
            "--strict: {} on {} is priced with {}, graded L ({}); check it against the vendor's page and override it with --set, or drop --strict",
            item.name,
            id.title(),
            item.weakest_figure.unwrap_or("a sheet figure"),
            Grade::L.meaning()
        ))),
        None => Ok(()),
    }
}

/// Every gate that trips, in words; an argument that makes no sense is a usage error.
pub(super) fn reasons(args: &ReportArgs, report: &Report) -> Result<Vec<String>, Failure> {
    let gated = args.strict
        || args.budget.is_some()
        || args.max_utilization.is_some()
        || args.max_increase.is_some()
        || args.max_change.is_some();
    let chosen = match &args.platform {
        Some(_) if !gated => {
            return Err(Failure::usage(
                "--platform needs --strict, --budget, --max-utilization, --max-increase or --max-change: it names the platform they check",
            ));
        }
        Some(id) => Some(parse_platform(id)?),
        None => None,
    };
    let launch = chosen.or(report.launch_platform.id);
    // Like with like: the platform the baseline launched on, unless one is named.
    let compared = chosen.or_else(|| {
        report
            .comparison
            .as_ref()
            .and_then(|c| c.baseline_launch_platform)
    });
    let mut out = Vec::new();
    if let Some(budget) = args.budget {
        out.extend(over_budget(budget, launch, report)?);
    }
    if let Some(share) = &args.max_utilization {
        out.extend(over_utilization(share, launch, report)?);
    }
    if let Some(threshold) = &args.max_increase {
        out.extend(over_change(
            "--max-increase",
            threshold,
            compared,
            report,
            false,
        )?);
    }
    if let Some(threshold) = &args.max_change {
        out.extend(over_change(
            "--max-change",
            threshold,
            compared,
            report,
            true,
        )?);
    }
    Ok(out)
}

fn over_budget(
    budget: f64,
    platform: Option<PlatformId>,
    report: &Report,
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
                usd(cost),
                usd(budget)
            )),
            Some(_) => None,
        },
    )
}

/// `80%`, `0.8` or `80`: a share of a limit, above 0.
fn parse_share(text: &str) -> Option<f64> {
    let text = text.trim();
    let share = if let Some(n) = text.strip_suffix('%') {
        n.trim().parse::<f64>().ok()? / 100.0
    } else {
        let v: f64 = text.parse().ok()?;
        if v > 1.0 { v / 100.0 } else { v }
    };
    (share.is_finite() && share > 0.0).then_some(share)
}

/// Every limit of `platform` above `share` of its value at peak × safety, named.
fn over_utilization(
    share: &str,
    platform: Option<PlatformId>,
    report: &Report,
) -> Result<Option<String>, Failure> {
    let limit = parse_share(share).ok_or_else(|| {
        Failure::usage(format!(
            "--max-utilization {share}: expected a share of a limit above 0, as 80%"
        ))
    })?;
    let Some(p) = platform else {
        return Ok(Some(
            "utilization: no platform can carry the workload".to_owned(),
        ));
    };
    if !report.platform(p).feasible {
        return Ok(Some(format!(
            "utilization: {} cannot carry the workload",
            p.id()
        )));
    }
    let over: Vec<String> = report
        .throttle
        .limits
        .iter()
        .filter(|l| l.platform == p && l.needed > limit * l.limit_per_second)
        .map(|l| {
            format!(
                "{} needs {} of {} ({})",
                l.name,
                amount(l.needed, &l.unit),
                amount(l.limit_per_second, &l.unit),
                percent(l.needed / l.limit_per_second.max(1.0))
            )
        })
        .collect();
    Ok((!over.is_empty()).then(|| {
        format!(
            "utilization over {} on {} at peak × safety: {}",
            percent(limit),
            p.id(),
            over.join("; ")
        )
    }))
}

/// The compared platform's change against the baseline beyond the threshold (a rise only, or
/// either way).
fn over_change(
    flag: &str,
    threshold: &str,
    platform: Option<PlatformId>,
    report: &Report,
    both_ways: bool,
) -> Result<Option<String>, Failure> {
    let limit = Threshold::parse(threshold).ok_or_else(|| {
        Failure::usage(format!(
            "{flag} {threshold}: expected a percentage (10%) or US dollars (250), not negative"
        ))
    })?;
    let Some(p) = platform else {
        return Ok(Some(format!(
            "{flag}: the baseline had no platform that could carry it, so nothing to compare"
        )));
    };
    let delta = report
        .comparison
        .as_ref()
        .and_then(|c| c.platform(p))
        .copied()
        .unwrap_or(crate::core::compare::Delta::new(None, None));
    let why = if both_ways {
        limit.changed_beyond(&delta)
    } else {
        limit.exceeded(&delta)
    };
    Ok(why.map(|why| format!("{flag}: {} {why}", p.id())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_as_percentages_or_fractions() {
        assert_eq!(parse_share("80%"), Some(0.8));
        assert_eq!(parse_share("0.8"), Some(0.8));
        assert_eq!(parse_share("80"), Some(0.8));
        assert_eq!(parse_share("-5%"), None);
        assert_eq!(parse_share("lots"), None);
    }
}
