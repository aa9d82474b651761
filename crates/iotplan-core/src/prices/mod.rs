//! What the vendors charge and allow: sourced, dated sheets, their figures' kinds and ranges,
//! and the exchange rates figures are shown in.

pub mod currency;
pub mod figure;
pub mod parse;
pub mod sheets;
