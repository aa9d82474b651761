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
    // Secondary text at WCAG AA (4.5:1) in both themes: egui's default is the text colour at
    // 60 % alpha, 2.9:1 on the light panel.
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            let v = &mut style.visuals;
            v.weak_text_color = Some(readable(v.text_color().gamma_multiply(0.6), v.panel_fill));
            // Scroll bars always shown where content continues, not floating in on hover.
            style.spacing.scroll = egui::style::ScrollStyle::solid();
            // A visible ring on the focused widget, in both themes.
            style.visuals.selection.stroke.width = style.visuals.selection.stroke.width.max(2.0);
        });
    }
}

/// WCAG relative luminance of a colour (alpha ignored).
fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, darkened on a light background or lightened on a dark one just enough that text in
/// it reads at WCAG AA (4.5:1, with a little margin for striped rows).
pub fn readable(color: Color32, background: Color32) -> Color32 {
    let toward = if luminance(background) > 0.18 {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    let color = color.to_opaque();
    (0..=20u8)
        .map(|step| color.lerp_to_gamma(toward, f32::from(step) / 20.0))
        .find(|c| contrast(*c, background) >= 4.7)
        .unwrap_or(toward)
}

/// A palette colour as text on this `ui`'s panel: the theme's readable variant.
pub fn text(ui: &egui::Ui, color: Color32) -> Color32 {
    readable(color, ui.visuals().panel_fill)
}

/// A platform's colour, as its module describes it.
pub fn platform(id: PlatformId) -> Color32 {
    let [r, g, b] = id.colour();
    Color32::from_rgb(r, g, b)
}

/// What a line item pays for, one colour per category on every bar.
pub fn category(c: crate::core::report::Category) -> Color32 {
    use crate::core::report::Category as K;
    match c {
        K::Connectivity => Color32::from_rgb(31, 119, 180),
        K::Messaging => Color32::from_rgb(255, 127, 14),
        K::RulesEngine => Color32::from_rgb(44, 160, 44),
        K::DeviceState => Color32::from_rgb(214, 39, 40),
        K::CapacityUnits => Color32::from_rgb(0, 90, 160),
        K::Compute => Color32::from_rgb(148, 103, 189),
        K::Disks => Color32::from_rgb(140, 86, 75),
        K::Database => Color32::from_rgb(227, 119, 194),
        K::Storage => Color32::from_rgb(120, 160, 60),
        K::Serverless => Color32::from_rgb(255, 187, 120),
        K::DataTransfer => Color32::from_rgb(23, 190, 207),
        K::FirmwareJobs => Color32::from_rgb(188, 189, 34),
        K::Operations => Color32::from_rgb(127, 127, 127),
        K::Ingestion => Color32::from_rgb(236, 137, 0),
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

/// The "your fleet" marker: the strong text colour, so it stands out on grey gridlines in both
/// themes.
pub fn fleet_marker(ui: &egui::Ui) -> Color32 {
    ui.visuals().strong_text_color()
}

/// A verdict's colour: red for a blocker, amber for a warning, blue for advice.
pub fn severity(s: crate::core::report::Severity) -> Color32 {
    use crate::core::report::Severity;
    match s {
        Severity::Blocker => BAD,
        Severity::Warning => WARN,
        Severity::Advice => SERIES[0],
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every palette colour used as text, and secondary text, reads at WCAG AA in both themes.
    #[test]
    fn text_colours_pass_wcag_aa_in_both_themes() {
        let ctx = egui::Context::default();
        apply(&ctx, ThemeChoice::Light);
        let mut palette = vec![OK, WARN, BAD, SERIES[0]];
        palette.extend(crate::core::platforms::ids().map(platform));
        palette.extend(TIERS);
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            let visuals = ctx.style_of(theme).visuals.clone();
            let background = visuals.panel_fill;
            for color in &palette {
                let ratio = contrast(readable(*color, background), background);
                assert!(ratio >= 4.5, "{theme:?} {color:?}: {ratio:.2}");
            }
            let weak = contrast(visuals.weak_text_color(), background);
            assert!(weak >= 4.5, "{theme:?} secondary text: {weak:.2}");
        }
        // The raw orange fails on white, which is why text goes through `readable`.
        assert!(contrast(Color32::from_rgb(236, 137, 0), Color32::WHITE) < 4.5);
    }
}
