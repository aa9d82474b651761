//! `iotplan quota-request`: the quota increases the launch platform needs (domain §16).

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{Failure, Format, QuotaRequestArgs, build_report, gate};

/// Runs `iotplan quota-request`: for each adjustable quota of the launch platform (or
/// `--platform`) that peak × safety exceeds, the AWS Service Quotas command or the text of a
/// support request (domain §16).
pub fn quota_request(args: &QuotaRequestArgs, today: NaiveDate) -> Result<String, Failure> {
    let launch = args
        .platform
        .as_deref()
        .map(gate::parse_platform)
        .transpose()?;
    let report = build_report(&args.workload, launch, today)?;
    let Some(platform) = report.launch() else {
        return Err(Failure {
            code: 3,
            message: "no platform can carry the workload: there is no quota to request".to_owned(),
        });
    };
    if !platform.feasible {
        return Err(Failure {
            code: 3,
            message: format!(
                "{} cannot carry the workload ({}): no quota increase makes it",
                platform.id.title(),
                platform.reason.as_deref().unwrap_or("infeasible")
            ),
        });
    }
    let requests = &report.throttle.requests;
    Ok(match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "launch_platform": report.launch_platform,
                "region": report.region,
                "requests": requests,
            }))
            .map_err(Failure::output)?
                + "\n"
        }
        Format::Markdown | Format::Csv => quota_text(&report, platform.id, requests),
    })
}

/// The requests in words: a command to run for an AWS quota with a code, the text of a support
/// request otherwise.
fn quota_text(
    report: &crate::core::report::Report,
    platform: crate::core::report::PlatformId,
    requests: &[crate::core::report::QuotaRequest],
) -> String {
    use crate::core::format::amount;
    if requests.is_empty() {
        return format!(
            "No quota of {} needs raising: every adjustable limit holds peak × safety.\n",
            platform.title()
        );
    }
    let mut out = format!("# Quota increases for {}\n", platform.title());
    for q in requests {
        let by = q.request_by.map_or_else(
            || "at least 21 days before launch".to_owned(),
            |d| format!("by {d}"),
        );
        let _ = writeln!(
            out,
            "\n## {}: {} (now {}), {by}\n",
            q.limit,
            amount(q.requested, &q.unit),
            amount(q.current, &q.unit)
        );
        match &q.quota_code {
            Some(code) => {
                let _ = writeln!(
                    out,
                    "```sh\naws service-quotas request-service-quota-increase --service-code iotcore --quota-code {code} --desired-value {} --region {}\n```",
                    q.requested,
                    report.region.id()
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "Support request to {}: please raise \"{}\" from {} to {} for this account ({}). Why: peak demand × a safety factor of {} reaches {} at the planned fleet ({} devices). Needed {by}. Source of the current limit: {}",
                    platform.title(),
                    q.limit,
                    amount(q.current, &q.unit),
                    amount(q.requested, &q.unit),
                    report.region.id(),
                    crate::core::format::count(
                        report
                            .throttle
                            .limits
                            .iter()
                            .find(|l| l.name == q.limit)
                            .map_or(1.0, |l| l.needed / l.demand_per_second.max(1e-9))
                    ),
                    amount(q.requested, &q.unit),
                    crate::core::format::count(
                        report
                            .projection
                            .as_ref()
                            .and_then(|p| p.months.last())
                            .map_or(0.0, |m| m.devices)
                    ),
                    q.source
                );
            }
        }
    }
    out
}
