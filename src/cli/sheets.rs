//! `iotplan sheets diff | update | list`: sheet sets, what differs between two, and a new one
//! from the vendors' price lists (domain §18).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;

use super::{Failure, FieldsFormat};
use crate::io;

#[derive(Debug, Subcommand)]
pub enum SheetsCommand {
    /// Every figure that differs between two sheet sets (folders such as `assets/sheets` and
    /// `assets/sheets/eu-west-1`, a set's name, or `built-in`), old → new with the change in %
    Diff(SheetsDiffArgs),
    /// Fetch current prices from the vendors' public price lists (ECB reference rates, AWS Price
    /// List, Azure Retail Prices) and write them as a new dated sheet set beside the earlier ones
    Update(SheetsUpdateArgs),
    /// The sheet sets `sheets update` wrote, oldest first, and which one each region uses
    List,
}

#[derive(Debug, clap::Args)]
pub struct SheetsUpdateArgs {
    /// The region whose prices to fetch
    #[arg(long, value_name = "REGION", default_value = "us-east-1", value_parser = parse_region)]
    pub region: crate::core::sheets::Region,
    /// Read responses saved earlier in this folder instead of the network (see the README)
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// Write the set into this folder instead of the data folder (`…/iotplan/sheets`)
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// The date the set carries (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// The AWS Price List host (tests use a local server)
    #[arg(long, hide = true, default_value = crate::update::AWS_PRICING)]
    pub aws_url: String,
    /// The Azure Retail Prices host (tests use a local server)
    #[arg(long, hide = true, default_value = crate::update::AZURE_PRICES)]
    pub azure_url: String,
    /// The ECB reference-rate host (tests use a local server)
    #[arg(long, hide = true, default_value = crate::update::ecb::HOST)]
    pub ecb_url: String,
    /// Seconds one request may take
    #[arg(long, hide = true, default_value_t = crate::update::TIMEOUT.as_secs_f64())]
    pub timeout: f64,
}

#[derive(Debug, clap::Args)]
pub struct SheetsDiffArgs {
    /// The first sheet set (a folder of `*.ron` sheets, a set's name, or `built-in`)
    pub a: PathBuf,
    /// The second sheet set
    pub b: PathBuf,
    /// Whose embedded sheets stand in for a file a folder lacks
    #[arg(long, value_name = "REGION", default_value = "us-east-1", value_parser = parse_region)]
    pub region: crate::core::sheets::Region,
    #[arg(long, value_enum, default_value = "text")]
    pub format: FieldsFormat,
}

fn parse_region(text: &str) -> Result<crate::core::sheets::Region, String> {
    crate::core::sheets::Region::parse(text)
        .ok_or_else(|| "expected us-east-1 or eu-west-1".to_owned())
}

/// A figure that differs: its key, old and new value, and unit.
type Changed<'a> = (&'a str, f64, f64, &'a str);

/// The change as a fraction of the old value (none from zero).
fn change(was: f64, now: f64) -> Option<f64> {
    (was != 0.0).then(|| (now - was) / was)
}

/// Runs `iotplan sheets diff A B`: each figure whose value differs, `sheet.figure old → new
/// (±x %)`, then the figures only one set has (domain §18).
pub fn sheets_diff(args: &SheetsDiffArgs) -> Result<String, Failure> {
    use crate::core::format::Num;
    let load = |dir: &Path| {
        io::load_sheets(Some(dir), args.region)
            .map(|sheets| sheets.figures())
            .map_err(|e| Failure::usage(e.to_string()))
    };
    let (a, b) = (load(&args.a)?, load(&args.b)?);
    let old: BTreeMap<&str, (f64, &str)> = a
        .iter()
        .map(|(key, value, unit, _)| (key.as_str(), (*value, unit.as_str())))
        .collect();
    let new: BTreeMap<&str, f64> = b
        .iter()
        .map(|(key, value, ..)| (key.as_str(), *value))
        .collect();
    let changed: Vec<Changed<'_>> = old
        .iter()
        .filter_map(|(key, (was, unit))| {
            let now = *new.get(key)?;
            (now != *was).then_some((*key, *was, now, *unit))
        })
        .collect();
    let only_a: Vec<&str> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .copied()
        .collect();
    let only_b: Vec<&str> = new
        .keys()
        .filter(|k| !old.contains_key(*k))
        .copied()
        .collect();
    if args.format == FieldsFormat::Json {
        return as_json(args, &changed, &only_a, &only_b);
    }
    // Each change is one line: a unit or folder name cannot break it (U+2028, NEL, controls).
    let safe = crate::core::sheets::escape_controls;
    let mut out = format!(
        "{} → {}: {} of {} figures differ\n",
        safe(&args.a.display().to_string()),
        safe(&args.b.display().to_string()),
        changed.len(),
        old.len()
    );
    for (key, was, now, unit) in &changed {
        let percent =
            change(*was, *now).map_or_else(|| "new".to_owned(), |f| format!("{:+.1} %", f * 100.0));
        let _ = writeln!(
            out,
            "{key} {} → {} {} ({percent})",
            Num(*was),
            Num(*now),
            safe(unit)
        );
    }
    for (side, keys) in [(&args.a, &only_a), (&args.b, &only_b)] {
        for key in keys {
            let _ = writeln!(out, "{key}: only in {}", safe(&side.display().to_string()));
        }
    }
    Ok(out)
}

fn as_json(
    args: &SheetsDiffArgs,
    changed: &[Changed<'_>],
    only_a: &[&str],
    only_b: &[&str],
) -> Result<String, Failure> {
    let rows: Vec<serde_json::Value> = changed
        .iter()
        .map(|(key, was, now, unit)| {
            serde_json::json!({"figure": key, "old": was, "new": now, "unit": unit,
                               "change_fraction": change(*was, *now)})
        })
        .collect();
    let out = serde_json::json!({
        "a": args.a.display().to_string(),
        "b": args.b.display().to_string(),
        "changed": rows,
        "only_in_a": only_a,
        "only_in_b": only_b,
    });
    serde_json::to_string_pretty(&out)
        .map(|text| text + "\n")
        .map_err(Failure::output)
}

/// Runs `iotplan sheets update`: exit 1 with the reason when a list cannot be read, is not in
/// its expected shape or holds a figure out of its kind's range; nothing is written then.
pub fn sheets_update(args: &SheetsUpdateArgs, today: chrono::NaiveDate) -> Result<String, Failure> {
    use crate::update::{Origin, run};
    let timeout = std::time::Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| Failure::usage("--timeout: expected seconds"))?;
    let origin = match &args.from {
        Some(dir) if !dir.is_dir() => {
            return Err(Failure::usage(format!(
                "--from {}: not a folder",
                dir.display()
            )));
        }
        Some(dir) => Origin::Saved(dir.clone()),
        None => Origin::http([&args.aws_url, &args.azure_url, &args.ecb_url], timeout),
    };
    let to = match (&args.to, crate::io::sets::sets_dir()) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => dir,
        (None, None) => {
            return Err(Failure::usage(
                "no data folder (neither XDG_DATA_HOME nor HOME is set): give --to DIR",
            ));
        }
    };
    run(&origin, args.region, &to, args.today.unwrap_or(today))
        .map_err(|e| Failure::output(format!("sheets update: {e}; nothing written")))
}

/// Runs `iotplan sheets list`: the sets in the data folder, and the one each region uses.
pub fn sheets_list() -> String {
    use crate::core::sheets::Region;
    use strum::IntoEnumIterator as _;
    let Some(dir) = crate::io::sets::sets_dir() else {
        return "No data folder: every region uses the built-in sheets\n".to_owned();
    };
    let mut out = format!("Sheet sets in {}:\n", safe_path(&dir));
    let all = crate::io::sets::list(&dir, None);
    if all.is_empty() {
        out.push_str("  none yet: `iotplan sheets update` writes one\n");
    }
    for name in &all {
        let _ = writeln!(out, "  {name}");
    }
    for region in Region::iter() {
        let using =
            crate::io::sets::newest(region).map_or_else(|| "built-in".to_owned(), |(n, _)| n);
        let _ = writeln!(out, "{} uses {using}", region.id());
    }
    out
}

fn safe_path(path: &Path) -> String {
    crate::core::sheets::escape_controls(&path.display().to_string())
}
