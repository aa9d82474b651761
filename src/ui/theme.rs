//! The one palette: platform, tier and status colours, readable on light and dark backgrounds.

use egui::Color32;
use serde::{Deserialize, Serialize};

use crate::core::report::PlatformId;

/// Light, dark, or whatever the desktop uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
}

pub fn platform(id: PlatformId) -> Color32 {
    match id {
        PlatformId::AwsIotCore => Color32::from_rgb(236, 137, 0),
        PlatformId::AzureIotHub => Color32::from_rgb(0, 120, 212),
        PlatformId::SelfHosted => Color32::from_rgb(150, 90, 205),
    }
}

/// Hot, warm, cold, archive.
pub const TIERS: [Color32; 4] = [
    Color32::from_rgb(214, 69, 65),
    Color32::from_rgb(236, 160, 50),
    Color32::from_rgb(70, 140, 210),
    Color32::from_rgb(125, 130, 150),
];

pub const OK: Color32 = Color32::from_rgb(46, 160, 67);
pub const WARN: Color32 = Color32::from_rgb(220, 150, 0);
pub const BAD: Color32 = Color32::from_rgb(214, 50, 50);

/// Distinct colours for line items stacked in one bar.
pub const SERIES: [Color32; 8] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(255, 127, 14),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(214, 39, 40),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(227, 119, 194),
    Color32::from_rgb(23, 190, 207),
];

/// Utilisation colour: green up to 50 %, amber to 100 %, red beyond.
pub fn utilization(u: f64) -> Color32 {
    if u > 1.0 {
        BAD
    } else if u > 0.5 {
        WARN
    } else {
        OK
    }
}
