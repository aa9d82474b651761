#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")] // no console window on Windows
// The command line prints; that is what it is for.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use clap::Parser as _;

// A report is many small strings; mimalloc makes each evaluation about a quarter faster than
// the system allocator (measured with `cargo bench --bench core`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use iotplan::cli::{self, Cli, Command};

fn main() {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(err) => std::process::exit(cli::argument_error(&err)),
    };
    let code = match args.command {
        Some(Command::Report(report)) => match cli::report(&report, today()) {
            Ok((text, code)) => {
                print!("{text}");
                code
            }
            Err(failure) => fail(&failure),
        },
        Some(Command::Validate { file }) => match cli::validate(&file) {
            Ok(text) => {
                println!("{text}");
                0
            }
            Err(failure) => fail(&failure),
        },
        Some(Command::Simulate(sim)) => match cli::simulate(&sim) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err(failure) => fail(&failure),
        },
        Some(Command::Diff(diff)) => match cli::diff(&diff, today()) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err(failure) => fail(&failure),
        },
        Some(Command::ExportCompose(export)) => match cli::export_compose(&export) {
            Ok(text) => {
                println!("{text}");
                0
            }
            Err(failure) => fail(&failure),
        },
        Some(Command::Fields) => {
            print!("{}", cli::fields());
            0
        }
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

fn fail(failure: &cli::Failure) -> i32 {
    eprintln!(
        "iotplan: {}",
        iotplan::core::sheets::escape_controls(&failure.message)
    );
    failure.code
}
