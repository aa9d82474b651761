#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")] // no console window on Windows
// The command line prints; that is what it is for.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use clap::Parser as _;

// A report is many small strings; mimalloc makes each evaluation about a quarter faster than
// the system allocator (measured with `cargo bench --bench core`). Built without transparent
// huge pages (`no_thp`): with them the window held 10 MB more for the same heap.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use iotplan::cli::{self, Cli, Command};

fn main() {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(err) => std::process::exit(cli::argument_error(&err)),
    };
    let code = match args.command {
        Some(Command::Report(report)) => finish(cli::report(&report, today())),
        Some(Command::Validate { file }) => finish(cli::validate(&file).map(line)),
        Some(Command::Simulate(sim)) => finish(cli::simulate(&sim).map(ok)),
        Some(Command::Diff(diff)) => finish(cli::diff(&diff, today()).map(ok)),
        Some(Command::ExportCompose(export)) => finish(cli::export_compose(&export).map(line)),
        Some(Command::QuotaRequest(args)) => finish(cli::quota_request(&args, today()).map(ok)),
        Some(Command::Fields { format }) => finish(match format {
            cli::FieldsFormat::Text => Ok(ok(cli::fields())),
            cli::FieldsFormat::Json => cli::fields_json().map(ok),
        }),
        Some(Command::Sheets(cli::SheetsCommand::Diff(args))) => {
            finish(cli::sheets_diff(&args).map(ok))
        }
        Some(Command::Sheets(cli::SheetsCommand::Update(args))) => {
            finish(cli::sheets_update(&args, today()).map(ok))
        }
        Some(Command::Sheets(cli::SheetsCommand::List)) => finish(Ok(ok(cli::sheets_list()))),
        Some(Command::Mcp) => match iotplan::mcp::serve() {
            Ok(()) => 0,
            Err(failure) => fail(&failure),
        },
        None => iotplan::ui::run(&iotplan::ui::LaunchOptions {
            screenshot: args.screenshot,
            tab: args.tab.map(|t| match t {
                cli::TabArg::Costs => iotplan::ui::Tab::Costs,
                cli::TabArg::Throttling => iotplan::ui::Tab::Throttling,
                cli::TabArg::Storage => iotplan::ui::Tab::Storage,
                cli::TabArg::Readiness => iotplan::ui::Tab::Readiness,
                cli::TabArg::Optimise => iotplan::ui::Tab::Optimise,
                cli::TabArg::Projection => iotplan::ui::Tab::Projection,
            }),
            preset: args.preset,
            today: args.today,
            size: args.size,
            theme: args.theme.map(|t| match t {
                cli::ThemeArg::Light => iotplan::ui::theme::ThemeChoice::Light,
                cli::ThemeArg::Dark => iotplan::ui::theme::ThemeChoice::Dark,
            }),
            zoom: args.zoom,
            baseline: args.baseline,
        }),
    };
    std::process::exit(code);
}

/// The only place the command line reads the clock.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Text to print with exit code 0.
fn ok(text: String) -> (String, i32) {
    (text, 0)
}

/// A message to print as one line, with exit code 0.
fn line(text: String) -> (String, i32) {
    (text + "\n", 0)
}

/// Prints a command's output and returns its exit code. A reader that closed the pipe early
/// (`| head`) ends the output quietly with the command's own code; any other write failure (a
/// full disk) is one line on stderr and exit code 1.
fn finish(outcome: Result<(String, i32), cli::Failure>) -> i32 {
    use std::io::Write as _;
    let (text, code) = match outcome {
        Ok(done) => done,
        Err(failure) => return fail(&failure),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            let why = e.to_string();
            eprintln!(
                "iotplan: cannot write the output: {}",
                why.split(" (os error").next().unwrap_or(&why)
            );
            1
        }
    }
}

fn fail(failure: &cli::Failure) -> i32 {
    eprintln!(
        "iotplan: {}",
        iotplan::core::sheets::escape_controls(&failure.message)
    );
    failure.code
}
