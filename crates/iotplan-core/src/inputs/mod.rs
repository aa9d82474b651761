//! What the user says: the workload, its field table, the checklist and its ticks, and the
//! volumes and rates that follow from the workload alone.

pub mod checklist;
pub mod fields;
pub mod volume;
pub mod workload;
