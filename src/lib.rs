//! iotplan: what an `IoT` fleet costs per month on AWS `IoT` Core, Azure `IoT` Hub and self-hosted,
//! where the platforms throttle it, what its data costs tiered, and what is missing before launch.
//!
//! `core` computes (pure, no I/O, no GUI); `io` reads and writes files; `cli` prints reports;
//! `ui` draws the core's report; `update` reads the vendors' price lists into a new sheet set.

pub mod cli;
pub use iotplan_core as core;
pub mod export;
pub mod io;
pub mod mcp;
pub mod ui;
pub mod update;
