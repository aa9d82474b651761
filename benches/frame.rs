//! Whole-UI frames of each tab in a headless egui context at 1280×800, with the device count
//! changing every frame as a dragged slider would (so each frame re-evaluates the report and
//! redraws every chart), including tessellation. The primary button is held, as in a drag: the
//! storms and the Optimise figures wait for its release, as they do in the window.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use iotplan::ui::{IotplanApp, Tab};
use std::hint::black_box;
use strum::IntoEnumIterator as _;

fn input(time: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        time: Some(time),
        ..Default::default()
    }
}

/// Runs a frame whose output is not measured.
fn settle(ctx: &egui::Context, raw: egui::RawInput, app: &mut IotplanApp) {
    let mut out = ctx.run_ui(raw, |ui| app.show(ui));
    out.textures_delta.clear();
}

fn frames(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a valid date");
    for tab in Tab::iter() {
        let ctx = egui::Context::default();
        let mut app = IotplanApp::with_defaults(today);
        app.state.preferences.tab = tab;
        let mut frame = 0u64;
        // Let fonts and layout settle, as the first frames of a real window do; the tab's
        // figures are computed before the drag starts.
        for _ in 0..5 {
            frame += 1;
            settle(&ctx, input(frame as f64 / 60.0), &mut app);
        }
        let held = egui::pos2(1275.0, 795.0);
        let mut press = input(frame as f64 / 60.0);
        press.events = vec![
            egui::Event::PointerMoved(held),
            egui::Event::PointerButton {
                pos: held,
                button: egui::PointerButton::Primary,
                pressed: true,
                modifiers: egui::Modifiers::NONE,
            },
        ];
        frame += 1;
        settle(&ctx, press, &mut app);
        c.bench_function(&format!("frame/{}", tab.title().to_lowercase()), |b| {
            b.iter(|| {
                frame += 1;
                app.workload_mut().devices = 1_000.0 + (frame % 997) as f64 * 37.0;
                let mut out = ctx.run_ui(input(frame as f64 / 60.0), |ui| app.show(ui));
                // No renderer takes the font atlas updates here; say so, as egui asks.
                out.textures_delta.clear();
                black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
            });
        });
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);

// The application's allocator (see main.rs), so the figures match what the app does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
