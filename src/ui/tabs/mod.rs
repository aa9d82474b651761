//! One module per tab. Each draws a part of the report; edits go to the workload or checklist.

pub mod costs;
pub mod optimise;
pub mod readiness;
pub mod storage;
pub mod throttling;

use crate::core::report::PlatformId;

/// A row of toggle buttons choosing one platform.
pub fn platform_picker(ui: &mut egui::Ui, selected: &mut usize) {
    ui.horizontal(|ui| {
        for (i, id) in PlatformId::ALL.iter().enumerate() {
            let text = egui::RichText::new(id.title()).color(super::theme::platform(*id));
            if ui.selectable_label(*selected == i, text).clicked() {
                *selected = i;
            }
        }
    });
}
