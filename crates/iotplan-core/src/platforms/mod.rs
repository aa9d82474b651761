//! The platforms compared side by side (domain §3–§5, §17), in one registry.
//!
//! A platform is one module: its description (`PlatformInfo`: id, title, colour), its sheet
//! (`SheetSpec`), and an implementation of [`Platform`] that prices a workload and states its
//! limits. [`REGISTRY`] lists them once; every analysis, output, chart and CLI choice iterates
//! over it, so adding a platform is its module, its sheet and one line in `registry.rs`.

pub mod aws_iot_core;
pub mod azure_event_grid;
pub mod azure_iot_hub;
pub mod egress;
pub mod emqx_dedicated;
pub mod emqx_serverless;
pub mod limit;
pub mod platform;
pub mod registry;
pub mod self_hosted;
pub mod self_hosted_lab;
pub mod traffic;

pub use platform::{Evaluated, Inputs, Platform, json, priced, uncomputable};
pub use registry::{REGISTRY, find, get, id_list, ids, index, sheet_spec, sheet_specs};
