//! `iotplan simulate`: a reconnect storm against a connect-rate limit.

use std::fmt::Write as _;

use super::{Failure, Format, SimulateArgs};

/// Runs `iotplan simulate`.
pub fn simulate(args: &SimulateArgs) -> Result<String, Failure> {
    use crate::core::format::{count, duration};
    use crate::core::simulate::{Backoff, StormConfig, simulate};
    let backoff = Backoff::parse(&args.backoff)
        .ok_or_else(|| Failure::usage(format!("--backoff {}: unknown strategy", args.backoff)))?;
    let config = StormConfig {
        devices: args.devices,
        connects_per_second: args.connects_per_second,
        backoff,
        base_ms: args.base_ms,
        cap_ms: args.cap_ms,
        window_s: args.window_s,
        seed: args.seed,
    };
    let result = simulate(&config).map_err(|e| Failure::usage(format!("--{e}")))?;
    Ok(match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&result).map_err(|e| Failure {
                code: 1,
                message: format!("cannot write JSON: {e}"),
            })? + "\n"
        }
        Format::Csv => {
            let mut out = String::from("second,accepted,rejected,waiting\n");
            for s in &result.series {
                let _ = writeln!(
                    out,
                    "{},{},{},{}",
                    s.second, s.accepted, s.rejected, s.waiting
                );
            }
            out
        }
        Format::Markdown => {
            let time = |t: Option<f64>| {
                t.map_or_else(
                    || ": not within a day".to_owned(),
                    |t| format!(" after {}", duration(t)),
                )
            };
            format!(
                "# Reconnect storm: {} devices at {}/s, {}\n\n- Floor (devices ÷ rate): {}\n- 99 % connected{}\n- All connected{}\n- Connect attempts: {} ({} per device)\n- Simulated in steps of {}\n",
                count(result.devices as f64),
                count(result.connects_per_second),
                backoff.title(),
                duration(result.floor_seconds),
                time(result.seconds_to_99_percent),
                time(result.seconds_to_all_connected),
                count(result.attempts as f64),
                count((result.attempts as f64 / result.devices as f64 * 100.0).round() / 100.0),
                duration(result.bucket_seconds)
            )
        }
    })
}
