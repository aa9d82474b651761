//! The calculation core of iotplan: workload + sheets in, report out. No egui, no eframe, no
//! file I/O, no clock — strings in, plain data out — so the GUI, the CLI and the tests all
//! compute the same figures (its `clippy.toml` refuses files, the environment, the network,
//! processes, the clock and unseeded randomness).
//!
//! Layers, each using only those above it in this list: `report` (output types) and `format`;
//! `prices` (sheets) and `inputs` (the workload); `platforms` (one module each, in a registry);
//! `analyses`; `evaluate` (the pipeline); `scenarios` (ranges, projection, comparison).

pub mod analyses;
pub mod evaluate;
pub mod format;
pub mod inputs;
pub mod platforms;
pub mod prices;
pub mod report;
pub mod scenarios;

pub use analyses::{availability, optimise, readiness, simulate, stack, storage, sweep, throttle};
pub use evaluate::{Context, EvaluateError, decide, evaluate, figures, test_today};
pub use inputs::workload::Workload;
pub use inputs::{checklist, fields, volume, workload};
pub use prices::sheets::Sheets;
pub use prices::{currency, sheets};
pub use scenarios::{compare, full_report, projection, ranges, with_projection};
