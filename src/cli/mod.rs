//! The command line: `iotplan report`, `simulate`, `validate`, `fields`. Parsing is clap's; the
//! figures are the core's; this module only wires files, overrides and output formats together.

// Printing is this module's job (and `main`'s): it is the command line.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

mod compose;
mod fields;
mod gate;
mod quota;
mod sheets;
mod simulate;

pub use compose::{ExportComposeArgs, export_compose};
pub use fields::{fields, fields_json, fields_markdown};
pub use quota::quota_request;
pub use sheets::{
    SheetsCommand, SheetsDiffArgs, SheetsUpdateArgs, sheets_diff, sheets_list, sheets_update,
};
pub use simulate::simulate;

use crate::core::checklist::ChecklistState;
use crate::core::{Context, Workload, full_report};
use crate::export;
use crate::io::{self, preset};

#[derive(Debug, Parser)]
#[command(
    name = "iotplan",
    version,
    about = "What an IoT fleet costs, where it throttles, and what is missing before launch"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open the window, save a PNG of it once the layout settles, and exit
    #[arg(long, value_name = "FILE.png")]
    pub screenshot: Option<PathBuf>,
    /// The tab to show (with --screenshot, or on start)
    #[arg(long, value_enum)]
    pub tab: Option<TabArg>,
    /// A preset to open in the window
    #[arg(long, value_name = "FILE.ron")]
    pub preset: Option<PathBuf>,
    /// Date to take as today (YYYY-MM-DD), for reproducible screenshots
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Window size in points, as 1280x800 (at least the minimum 1100x700)
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,
    /// Colour theme (with --screenshot the default is light)
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,
    /// Zoom factor, as Ctrl+= sets it (1.25 is 125 %)
    #[arg(long, value_name = "FACTOR", value_parser = parse_zoom)]
    pub zoom: Option<f32>,
    /// A preset to pin as the baseline every figure is compared with
    #[arg(long, value_name = "BASE.ron")]
    pub baseline: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

/// `1100x700` → `[1100.0, 700.0]`, no smaller than the window's minimum.
fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let expected = || "expected WIDTHxHEIGHT, at least 1100x700 and at most 7680x4320".to_owned();
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(expected)?;
    let (w, h): (u16, u16) = (
        w.parse().map_err(|_| expected())?,
        h.parse().map_err(|_| expected())?,
    );
    if !(1100..=7680).contains(&w) || !(700..=4320).contains(&h) {
        return Err(expected());
    }
    Ok([f32::from(w), f32::from(h)])
}

fn parse_zoom(text: &str) -> Result<f32, String> {
    text.trim()
        .parse::<f32>()
        .ok()
        .filter(|z| (0.5..=3.0).contains(z))
        .ok_or_else(|| "expected a zoom factor from 0.5 to 3".to_owned())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TabArg {
    Costs,
    Throttling,
    Storage,
    Readiness,
    Optimise,
    Projection,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the cost, throttling, storage and readiness report for a workload
    Report(ReportArgs),
    /// Check a preset, price sheet or checklist file; exit 2 with the problem if it is invalid
    Validate {
        /// The file to check
        file: PathBuf,
    },
    /// List every workload field (for --set) and every price-sheet figure that can be overridden
    Fields {
        /// `json`: the same list as data (what the MCP server's `fields` tool returns)
        #[arg(long, value_enum, default_value = "text")]
        format: FieldsFormat,
    },
    /// Price-sheet sets: `update` fetches current prices into a new set, `list` shows the sets,
    /// `diff A B` lists every figure that differs
    #[command(subcommand)]
    Sheets(SheetsCommand),
    /// Serve `report`, `diff`, `fields`, `simulate` and `quota_request` to an assistant: a Model
    /// Context Protocol server on stdin and stdout (reads only the files it is given and the
    /// sheet sets of the data folder)
    Mcp,
    /// The quota increases the launch platform needs before launch: the AWS Service Quotas
    /// commands, or the text of a support request
    QuotaRequest(QuotaRequestArgs),
    /// Simulate a reconnect storm: N devices connecting at once against a connect-rate limit
    Simulate(SimulateArgs),
    /// Write the self-hosted lab (Mosquitto, Telegraf, InfluxDB, Grafana) as a Docker Compose
    /// file for a workload, with its credentials in an .env file beside it
    ExportCompose(ExportComposeArgs),
    /// What moved between two workloads: totals, line items, volume, storage, limits, checklist
    Diff(DiffArgs),
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The baseline preset
    pub base: PathBuf,
    /// The new preset
    pub new: PathBuf,
    /// `github`: a pull-request comment (its first line `<!-- iotplan -->`)
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: ReportFormat,
    /// Date to take as today (YYYY-MM-DD) for sheet ages and checklist dates
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

/// Runs `iotplan diff BASE NEW`.
pub fn diff(args: &DiffArgs, today: NaiveDate) -> Result<String, Failure> {
    let plain = |path: &Path| WorkloadArgs {
        preset: Some(path.to_path_buf()),
        set: Vec::new(),
        range: Vec::new(),
        sheets: None,
        today: args.today,
    };
    let (base_inputs, new_inputs) = (
        build_inputs(&plain(&args.base), None, today)?,
        build_inputs(&plain(&args.new), None, today)?,
    );
    let (base, mut new) = (base_inputs.report()?, new_inputs.report()?);
    let name = file_name(&args.base);
    let mut d = crate::core::compare::diff(&base, &new, &name);
    d.comparison = comparison((&base_inputs, &base), (&new_inputs, &new), &name)?;
    if let Some(format) = args.format.plain() {
        return export::render_diff(&d, format).map_err(Failure::output);
    }
    new.comparison = Some(d.comparison.clone());
    Ok(export::github::diff_comment(&new, &d))
}

/// A preset's file name, as comparisons name their baseline.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Devices that connect (1 to 10,000,000)
    #[arg(long)]
    pub devices: u64,
    /// The connect-rate limit
    #[arg(long)]
    pub connects_per_second: f64,
    /// How rejected clients retry
    #[arg(long, value_parser = ["none", "exponential", "full-jitter", "equal-jitter", "decorrelated-jitter"])]
    pub backoff: String,
    #[arg(long, default_value_t = 100.0)]
    pub base_ms: f64,
    #[arg(long, default_value_t = 30_000.0)]
    pub cap_ms: f64,
    /// Spread first attempts over this many seconds (0: all at once)
    #[arg(long, default_value_t = 0.0)]
    pub window_s: f64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

/// `iotplan fields --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FieldsFormat {
    Text,
    Json,
}

/// `--format`, mapped onto the shared [`export::Format`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Markdown,
    Csv,
}

impl From<Format> for export::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Json => Self::Json,
            Format::Markdown => Self::Markdown,
            Format::Csv => Self::Csv,
        }
    }
}

/// `--format` of `report` and `diff`: the three export formats and a pull-request comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Json,
    Markdown,
    Csv,
    Github,
}

impl ReportFormat {
    /// The export format, or `None` for the pull-request comment.
    fn plain(self) -> Option<export::Format> {
        match self {
            Self::Json => Some(export::Format::Json),
            Self::Markdown => Some(export::Format::Markdown),
            Self::Csv => Some(export::Format::Csv),
            Self::Github => None,
        }
    }
}

/// What a command is computed for: a preset (or the default workload), `--set`s and ranges, the
/// sheets and the day; shared by `report` and `quota-request`.
#[derive(Debug, clap::Args)]
pub struct WorkloadArgs {
    /// A preset file (RON); without one, the default workload
    pub preset: Option<PathBuf>,
    /// Override a workload field or a sheet figure: --set devices=45000 --set `aws_iot_core.inbound_publish_per_account=100`
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Give a numeric field a low and high around its value: --range devices=5000..20000; the
    /// report adds P10/P50/P90 per platform (the JSON `ranges` block)
    #[arg(long = "range", value_name = "FIELD=LOW..HIGH")]
    pub range: Vec<String>,
    /// The price sheets: a folder (`aws_iot_core.ron`, …; absent files are the embedded ones), a
    /// set's name from `iotplan sheets list`, or `built-in` (default: the newest set, else built-in)
    #[arg(long, value_name = "DIR|SET")]
    pub sheets: Option<PathBuf>,
    /// Date to take as today (YYYY-MM-DD) for sheet ages and checklist dates
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub workload: WorkloadArgs,
    /// `github`: a pull-request comment (its first line `<!-- iotplan -->`, for a CI step to
    /// find and update)
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: ReportFormat,
    /// Exit with code 3 when the launch platform's (or --platform's) monthly total exceeds this
    /// many USD
    #[arg(long, value_name = "USD")]
    pub budget: Option<f64>,
    /// Exit with code 3 when a limit of the launch platform (or --platform) is above this share
    /// of its value at peak × safety: 80%
    #[arg(long, value_name = "80%")]
    pub max_utilization: Option<String>,
    /// The platform the gates check (default: the launch platform; for --max-increase and
    /// --max-change, the baseline's)
    #[arg(long, value_name = "ID")]
    pub platform: Option<String>,
    /// A baseline preset: the report adds what moved against it (the JSON `comparison` block)
    #[arg(long, value_name = "BASE.ron")]
    pub compare_to: Option<PathBuf>,
    /// With --compare-to: exit with code 3 when the platform's monthly total rises by more
    /// than this, a percentage of the baseline (10%) or US dollars (250)
    #[arg(long, value_name = "10%|USD", requires = "compare_to")]
    pub max_increase: Option<String>,
    /// With --compare-to: exit with code 3 when the platform's monthly total moves by more than
    /// this in either direction, a percentage (10%) or US dollars (250)
    #[arg(long, value_name = "10%|USD", requires = "compare_to")]
    pub max_change: Option<String>,
    /// Exit with code 2, naming the figure, when a line item of the launch platform (or
    /// --platform) is priced with a figure graded L (one secondary source, conflicting
    /// sources, or another region's figure)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, clap::Args)]
pub struct QuotaRequestArgs {
    #[command(flatten)]
    pub workload: WorkloadArgs,
    /// The platform to request quotas on (default: the launch platform)
    #[arg(long, value_name = "ID")]
    pub platform: Option<String>,
    /// The requests as text and commands (markdown) or as data (json)
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

/// Prints a command-line error as one line (plus one hint line) and returns the exit code:
/// 0 for `--help` and `--version`, 2 for anything wrong.
pub fn argument_error(err: &clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) || err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        let _ = err.print();
        return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            2
        } else {
            0
        };
    }
    // clap's own text, first paragraph only (the usage block and tips follow a blank line),
    // joined into one line.
    let rendered = err.render().to_string();
    let first: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let line = first.join(" ");
    let line = line.trim_start_matches("error: ");
    eprintln!("iotplan: {}", crate::core::sheets::escape_controls(line));
    eprintln!("iotplan: run `iotplan --help` (or `iotplan COMMAND --help`) for usage");
    2
}

/// Parses a `YYYY-MM-DD` date within the planning horizon, for `--today`.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| crate::core::workload::date_in_range(*d))
        .ok_or_else(|| "expected a real date YYYY-MM-DD from 2000-01-01 to 2200-12-31".to_owned())
}

/// A failure that ends the command with a one-line message and an exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    /// Output that could not be made or written: exit code 1.
    fn output(err: impl std::fmt::Display) -> Self {
        Self {
            code: 1,
            message: err.to_string(),
        }
    }

    fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
}

/// Adds where to look when a message names an unknown field or figure.
fn with_hint(message: &str) -> String {
    if message.starts_with("unknown ") {
        format!("{message}; run `iotplan fields` for the list")
    } else {
        message.to_owned()
    }
}

/// Applies `--set FIELD=VALUE` arguments in order.
pub fn apply_sets(w: &mut Workload, sets: &[String]) -> Result<(), Failure> {
    apply_edits(w, sets, &[])
}

/// Applies `--set FIELD=VALUE` then `--range FIELD=LOW..HIGH` arguments, and checks the result
/// (a range against the value every `--set` left).
fn apply_edits(w: &mut Workload, sets: &[String], ranges: &[String]) -> Result<(), Failure> {
    for set in sets {
        let (field, value) = set
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("--set {set}: expected FIELD=VALUE")))?;
        w.set(field.trim(), value)
            .map_err(|e| Failure::usage(format!("--set {}", with_hint(&e.to_string()))))?;
    }
    for range in ranges {
        let expected = || Failure::usage(format!("--range {range}: expected FIELD=LOW..HIGH"));
        let (field, span) = range.split_once('=').ok_or_else(expected)?;
        let (low, high) = span.split_once("..").ok_or_else(expected)?;
        w.set_range(field.trim(), low, high)
            .map_err(|e| Failure::usage(format!("--range {}", with_hint(&e.to_string()))))?;
    }
    w.validate().map_err(|e| Failure::usage(e.to_string()))
}

/// The full report of a preset (or the default workload) with `--set`s applied, on the sheets
/// of `--sheets` (else the preset's own, else the embedded ones of its region); `launch`, when
/// given, is the platform to launch on.
fn build_report(
    args: &WorkloadArgs,
    launch: Option<crate::core::report::PlatformId>,
    today: NaiveDate,
) -> Result<crate::core::report::Report, Failure> {
    build_inputs(args, launch, today)?.report()
}

/// What a report is computed from: the workload, its sheets and the day.
struct Inputs {
    workload: Workload,
    sheets: crate::core::Sheets,
    ctx: Context,
}

impl Inputs {
    fn report(&self) -> Result<crate::core::report::Report, Failure> {
        full_report(&self.workload, &self.sheets, &self.ctx)
            .map_err(|e| Failure::usage(with_hint(&e.to_string())))
    }

    /// This workload on `base`'s prices (its sheets and its figure overrides): what the
    /// workload alone changed, for splitting a change by its cause (domain §18).
    fn on_prices_of(&self, base: &Self) -> Result<crate::core::report::Report, Failure> {
        let workload = Workload {
            overrides: base.workload.overrides.clone(),
            ..self.workload.clone()
        };
        full_report(&workload, &base.sheets, &self.ctx)
            .map_err(|e| Failure::usage(with_hint(&e.to_string())))
    }
}

/// Reads a preset (or the default workload), applies `--set`s and ranges and loads its sheets.
fn build_inputs(
    args: &WorkloadArgs,
    launch: Option<crate::core::report::PlatformId>,
    today: NaiveDate,
) -> Result<Inputs, Failure> {
    let (mut workload, manual, preset_sheets) = match &args.preset {
        Some(path) => {
            let loaded = preset::load(path).map_err(|e| Failure::usage(e.to_string()))?;
            for warning in &loaded.warnings {
                eprintln!("warning: {warning}");
            }
            let sheets = loaded.preset.sheets.map(|dir| {
                let base = path.parent().unwrap_or(Path::new("."));
                base.join(dir)
            });
            (loaded.preset.workload, loaded.preset.checklist, sheets)
        }
        None => (Workload::default(), ChecklistState::default(), None),
    };
    apply_edits(&mut workload, &args.set, &args.range)?;
    if let Some(id) = launch {
        workload.launch_platform = crate::core::workload::LaunchPlatform::Platform(id);
    }
    let sheets_dir = args.sheets.clone().or(preset_sheets);
    let sheets = io::load_sheets(sheets_dir.as_deref(), workload.region)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let ctx = Context {
        manual,
        ..Context::new(args.today.unwrap_or(today))
    };
    Ok(Inputs {
        workload,
        sheets,
        ctx,
    })
}

/// The comparison of `new` against `base`, each platform's change split by its cause.
fn comparison(
    base: (&Inputs, &crate::core::report::Report),
    new: (&Inputs, &crate::core::report::Report),
    name: &str,
) -> Result<crate::core::report::Comparison, Failure> {
    let mut c = crate::core::compare::compare(base.1, new.1, name);
    crate::core::compare::split_by_cause(&mut c, &new.0.on_prices_of(base.0)?);
    Ok(c)
}

/// A preset alone, as a baseline is read: no `--set`, the same sheets folder and day.
fn baseline_args(path: &Path, args: &WorkloadArgs) -> WorkloadArgs {
    WorkloadArgs {
        preset: Some(path.to_path_buf()),
        set: Vec::new(),
        range: Vec::new(),
        sheets: args.sheets.clone(),
        today: args.today,
    }
}

/// Runs `iotplan report` (`today` is the clock's date, unless `--today` says otherwise);
/// returns the text to print and the exit code.
pub fn report(args: &ReportArgs, today: NaiveDate) -> Result<(String, i32), Failure> {
    let inputs = build_inputs(&args.workload, None, today)?;
    let mut report = inputs.report()?;
    if args.strict {
        gate::strict(args, &report)?;
    }
    if let Some(base) = &args.compare_to {
        let base_inputs = build_inputs(&baseline_args(base, &args.workload), None, today)?;
        let baseline = base_inputs.report()?;
        report.comparison = Some(comparison(
            (&base_inputs, &baseline),
            (&inputs, &report),
            &file_name(base),
        )?);
    }
    let text = match args.format.plain() {
        Some(format) => export::render(&report, format).map_err(Failure::output)?,
        None => export::github::report_comment(&report),
    };
    let reasons = gate::reasons(args, &report)?;
    if reasons.is_empty() {
        return Ok((text, 0));
    }
    // The report is still printed: a CI log shows what went over.
    for reason in reasons {
        eprintln!("iotplan: {reason}");
    }
    Ok((text, 3))
}

/// Runs `iotplan validate FILE`: a sheet or checklist by its file name, anything else as a preset.
pub fn validate(file: &Path) -> Result<String, Failure> {
    let text = io::read_text(file).map_err(|e| Failure::usage(e.to_string()))?;
    if let Some(result) = io::validate_sheet(file, &text) {
        result.map_err(|e| Failure::usage(e.to_string()))?;
        return Ok(format!("{}: valid", file.display()));
    }
    let loaded = preset::parse(&file.display().to_string(), &text)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let mut out = format!(
        "{}: valid preset \"{}\"",
        file.display(),
        loaded.preset.title
    );
    for warning in loaded.warnings {
        let _ = write!(out, "\nwarning: {warning}");
    }
    Ok(out)
}
