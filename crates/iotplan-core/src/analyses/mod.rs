//! What the report works out from the platforms' figures: limits and fleet times, storage
//! tiers, the reference stack, availability, the checklist, sweeps over fleet sizes, reconnect
//! storms and the optimisation strategies.

pub mod availability;
pub mod optimise;
pub mod readiness;
pub mod simulate;
pub mod stack;
pub mod storage;
pub mod sweep;
pub mod throttle;
pub mod verdicts;
