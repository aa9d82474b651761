//! The window never loses state (issue 8): a bad saved state is set aside and reported, edits are
//! saved soon after they happen, a preset from the command line keeps the preferences, an
//! approved "discard" does not fake a save, storms run off the UI thread, and files can be chosen
//! without a system dialog.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use iotplan::io::preset::Preset;
use iotplan::ui::command::Command;
use iotplan::ui::persist::{self, Autosave};
use iotplan::ui::state::Preferences;
use iotplan::ui::{AppState, IotplanApp, Tab, ThemeChoice};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iotplan-window-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn harness(app: IotplanApp) -> Harness<'static, IotplanApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut IotplanApp| app.show(ui), app)
}

/// The built-in chooser (`egui_file` 0.29) leaves its two text fields without accessible names,
/// which kittest's check refuses; everything of iotplan's own is still checked elsewhere.
fn chooser_harness(app: IotplanApp) -> Harness<'static, IotplanApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut IotplanApp| app.show(ui), app)
}

fn shows(h: &Harness<'_, IotplanApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_corrupt_or_invalid_state_is_set_aside_and_reported_once() {
    for (name, text) in [
        (
            "garbage",
            "(preset: (workload: (devices: \"many\"".to_owned(),
        ),
        ("binary", "\u{0}\u{1}\u{2}".to_owned()),
        (
            "far-date",
            "(document: (preset: (workload: (launch_date: \"2999-01-01\"))))".to_owned(),
        ),
    ] {
        let dir = scratch(name);
        std::fs::write(dir.join(persist::FILE), &text).unwrap();
        let restored = persist::load(&dir);
        assert!(restored.state.is_none(), "{name}");
        let notice = restored.notice.expect("the user is told");
        assert!(notice.contains("state.ron.bad-"), "{notice}");
        assert!(!restored.blocked);
        // The bad file is kept aside, byte for byte, and the name is free for a good save.
        let aside: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".bad-"))
            .collect();
        assert_eq!(aside.len(), 1, "{name}");
        assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), text);
        assert!(!dir.join(persist::FILE).exists());
        // Nothing to report on the next start.
        assert!(persist::load(&dir).notice.is_none());
    }
}

#[test]
fn the_state_round_trips_and_an_edit_is_saved_within_a_second() {
    let dir = scratch("autosave");
    let ctx = egui::Context::default();
    let mut state = AppState::default();
    let mut autosave = Autosave::new(dir.clone(), None, true);
    // Unchanged since start: nothing written.
    let mut same = Autosave::new(dir.clone(), Some(state.clone()), true);
    assert!(same.tick(&ctx, 10.0, &state).is_none());
    assert!(!dir.join(persist::FILE).exists());

    state.document.preset.workload.devices = 4_321.0;
    state.preferences.theme = ThemeChoice::Dark;
    assert!(autosave.tick(&ctx, 1.0, &state).is_none());
    assert!(!dir.join(persist::FILE).exists(), "not before the delay");
    assert!(
        autosave
            .tick(&ctx, 1.0 + persist::SAVE_AFTER_SECONDS, &state)
            .is_none()
    );
    // The write happens on its own thread; flushing waits for it, as on exit.
    assert!(autosave.flush(&state).is_none());
    let restored = persist::load(&dir).state.expect("saved and readable");
    assert_eq!(restored, state);
}

#[test]
fn a_preset_from_the_command_line_keeps_the_preferences() {
    let remembered = AppState {
        preferences: Preferences {
            theme: ThemeChoice::Dark,
            recent: vec![PathBuf::from("/tmp/a.ron"), PathBuf::from("/tmp/b.ron")],
            tab: Tab::Storage,
            ..Preferences::default()
        },
        ..AppState::default()
    };
    let mut preset = Preset::default();
    preset.workload.devices = 77.0;
    let state = iotplan::ui::initial_state(
        Some(remembered.clone()),
        Some((preset.clone(), PathBuf::from("/tmp/c.ron"))),
    );
    assert_eq!(state.preferences, remembered.preferences);
    assert_eq!(state.document.preset, preset);
    assert_eq!(state.document.path, Some(PathBuf::from("/tmp/c.ron")));
    assert!(!state.document.is_dirty(), "a preset just opened is clean");
}

#[test]
fn a_fresh_window_is_clean_and_quitting_it_asks_nothing() {
    let mut h = harness(IotplanApp::with_defaults(today()));
    h.run();
    assert!(!h.state().is_dirty());
    // No "*", and an ASCII separator (X11's Latin-1 WM_NAME shows UTF-8 as mojibake).
    assert_eq!(h.state().window_title(), "Untitled - iotplan");
    h.state_mut().command(Command::New);
    h.run();
    assert!(!shows(&h, "Unsaved changes"));
}

#[test]
fn discarding_then_cancelling_an_open_keeps_the_changes_marked() {
    let mut app = IotplanApp::with_defaults(today());
    app.state.preferences.builtin_file_dialog = true;
    let mut h = chooser_harness(app);
    h.run();
    h.state_mut().workload_mut().devices = 5_555.0;
    h.run();
    assert!(h.state().is_dirty());
    h.state_mut().command(Command::Open);
    h.run();
    assert!(shows(&h, "Unsaved changes"));
    h.get_by_label("Discard changes").click();
    h.run();
    h.run();
    assert!(h.state().chooser_open(), "the built-in chooser opened");
    // The user closes the chooser: nothing was opened, the edit stays, and stays unsaved.
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().chooser_open());
    assert_eq!(h.state().workload().devices, 5_555.0);
    assert!(h.state().is_dirty(), "still marked unsaved");
    // So New asks again.
    h.state_mut().command(Command::New);
    h.run();
    assert!(shows(&h, "Unsaved changes"));
}

#[test]
fn the_built_in_chooser_opens_a_preset() {
    let dir = scratch("chooser");
    let mut preset = Preset::default();
    preset.workload.devices = 2_468.0;
    iotplan::io::preset::save(&dir.join("fleet.ron"), &preset).unwrap();
    // A file of another type is not listed for Open.
    std::fs::write(dir.join("notes.txt"), "not a preset").unwrap();
    let mut app = IotplanApp::with_defaults(today());
    app.state.preferences.builtin_file_dialog = true;
    // The chooser starts in the open preset's folder.
    app.state.document.path = Some(dir.join("current.ron"));
    let mut h = chooser_harness(app);
    h.run();
    h.state_mut().command(Command::Open);
    h.run();
    h.run();
    assert!(
        h.query_by_label_contains("notes.txt").is_none(),
        "only presets listed"
    );
    h.get_by_label_contains("fleet.ron").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    h.run();
    assert_eq!(h.state().workload().devices, 2_468.0);
    assert_eq!(h.state().state.document.path, Some(dir.join("fleet.ron")));
    // The next chooser starts in the folder of the file chosen.
    assert_eq!(h.state().state.preferences.last_folder, Some(dir.clone()));
}

#[test]
fn a_huge_storm_runs_off_the_ui_thread() {
    let mut app = IotplanApp::with_defaults(today());
    app.state.preferences.tab = Tab::Throttling;
    app.state.document.preset.workload.devices = 10_000_000.0;
    let mut h = harness(app);
    // The frame returns while the storms are simulated, and says so.
    h.run_steps(2);
    assert!(h.state().busy());
    assert!(shows(
        &h,
        "Simulating the reconnect storm of 10,000,000 devices"
    ));
    // A new input cancels that run and starts another.
    h.state_mut().workload_mut().devices = 2_000.0;
    h.run_steps(2);
    for _ in 0..600 {
        if !h.state().busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    assert!(!h.state().busy(), "the small storm finished");
    h.run_steps(2);
    assert!(shows(&h, "2,000 devices reconnecting at once"));
}

#[test]
fn undo_covers_the_whole_document_and_a_save_is_a_revision() {
    let dir = scratch("undo");
    let mut h = harness(IotplanApp::with_defaults(today()));
    h.run();
    // One edit of the title and a tick together: one undo step.
    h.state_mut().state.document.preset.title = "Renamed".to_owned();
    h.state_mut().state.document.preset.checklist.insert(
        "load-test-3x".to_owned(),
        iotplan::core::checklist::ManualState {
            done: true,
            ..Default::default()
        },
    );
    h.run();
    h.state_mut().command(Command::SaveTo(dir.join("doc.ron")));
    h.run();
    assert!(!h.state().is_dirty());
    let saved = h.state().state.document.revision;
    h.state_mut().command(Command::Undo);
    h.run();
    let document = &h.state().state.document;
    assert_eq!(
        document.preset.title, "Untitled",
        "the title is part of the document"
    );
    assert!(document.preset.checklist.is_empty(), "so are the ticks");
    assert_ne!(document.revision, saved);
    assert!(h.state().is_dirty());
}

#[test]
fn a_pinned_baseline_shows_its_deltas_and_survives_a_restart() {
    let mut h = harness(IotplanApp::with_defaults(today()));
    h.run();
    assert!(!shows(&h, "vs baseline"));
    h.get_by_label("Pin as baseline").click();
    h.run();
    assert!(shows(&h, "Compared with Untitled as of 2026-11-26"));
    assert!(shows(&h, "no input differs"));
    // Double the fleet: AWS IoT Core doubles too ($14.69 → $29.38, +100 %).
    h.state_mut().workload_mut().devices = 2_000.0;
    h.run();
    assert!(
        shows(&h, "Δ +$14.69 (+100.0 %) vs baseline"),
        "the AWS card's delta"
    );
    assert!(shows(&h, "What changed: Devices: 1,000 to 2,000"));
    assert!(
        shows(&h, "Δ vs baseline"),
        "the line items gain a delta column"
    );
    // Saved with the preferences and read back after a restart.
    let dir = scratch("baseline");
    persist::save(&dir, &h.state().state).unwrap();
    let restored = persist::load(&dir).state.unwrap();
    let baseline = restored.preferences.baseline.clone().unwrap();
    assert_eq!(baseline.preset.workload.devices, 1_000.0);
    let mut again = harness(IotplanApp::new(
        restored,
        iotplan::core::Sheets::embedded(),
        today(),
    ));
    again.run();
    assert!(shows(&again, "Δ +$14.69 (+100.0 %) vs baseline"));
    again.get_by_label("Clear baseline").click();
    again.run();
    assert!(!shows(&again, "vs baseline"));
}

/// A saved state whose baseline is no longer valid keeps the report of the workload on screen:
/// the baseline is set aside with one notice that names it.
#[test]
fn an_invalid_baseline_is_set_aside_and_the_report_stays() {
    let mut state = AppState::default();
    let mut bad = Preset::default();
    bad.workload.devices = 0.0;
    state.preferences.baseline = Some(iotplan::ui::state::Baseline {
        name: "old.ron".to_owned(),
        preset: bad,
    });
    let mut h = harness(IotplanApp::new(
        state,
        iotplan::core::Sheets::embedded(),
        today(),
    ));
    h.run();
    assert!(h.state().report().is_some(), "the workload has its report");
    assert!(!shows(&h, "No report yet"));
    assert!(h.state().state.preferences.baseline.is_none());
    let notice = h
        .state()
        .last(iotplan::ui::app::Level::Warning)
        .cloned()
        .unwrap();
    assert!(
        notice.text.contains("baseline \"old.ron\" was set aside")
            && notice.text.contains("Pin a baseline again"),
        "{}",
        notice.text
    );
}

/// An export from the window carries the pinned baseline's comparison, as `--compare-to` does.
#[test]
fn an_export_carries_the_pinned_baseline() {
    let mut h = harness(IotplanApp::with_defaults(today()));
    h.run();
    h.get_by_label("Pin as baseline").click();
    h.run();
    h.state_mut().workload_mut().devices = 2_000.0;
    h.run();
    let dir = scratch("export-baseline");
    let (json, md) = (dir.join("r.json"), dir.join("r.md"));
    h.state_mut().command(Command::ExportReportTo(
        iotplan::export::Format::Json,
        json.clone(),
    ));
    h.state_mut().command(Command::ExportReportTo(
        iotplan::export::Format::Markdown,
        md.clone(),
    ));
    h.run();
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let aws = r["comparison"]["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "aws-iot-core")
        .unwrap();
    assert!(
        (aws["delta_usd"].as_f64().unwrap() - 14.688).abs() < 0.01,
        "{aws}"
    );
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.contains("Untitled as of 2026-11-26"),
        "the Markdown names the baseline"
    );
}
