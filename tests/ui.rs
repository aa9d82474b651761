//! The window driven headless through `egui_kittest`: inputs found by their labels, figures read
//! back off the screen and compared with the core's.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use iotplan::core::format::usd;
use iotplan::core::{Context, Sheets, Workload, evaluate};
use iotplan::ui::{IotplanApp, Tab};
use strum::IntoEnumIterator as _;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// Frames a run may take to settle (kittest's default is 4).
const STEPS_TO_SETTLE: u64 = 12;

fn harness() -> Harness<'static, IotplanApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // A storm finishing on its worker thread asks for a frame per strategy: on a loaded
        // machine that lands inside a run, which then needs a few more frames to settle.
        .with_max_steps(STEPS_TO_SETTLE)
        .build_ui_state(
            |ui, app: &mut IotplanApp| app.show(ui),
            IotplanApp::with_defaults(today()),
        )
}

fn aws_total(w: &Workload) -> f64 {
    let r = evaluate(
        w,
        &Sheets::embedded(),
        &Context {
            today: today(),
            ..Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
        },
    )
    .unwrap();
    r.platform(iotplan::core::platforms::aws_iot_core::ID)
        .monthly_usd
        .unwrap()
}

fn shows(h: &Harness<'_, IotplanApp>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

fn set_devices(h: &mut Harness<'_, IotplanApp>, devices: f64) {
    h.get_by_role_and_label(Role::SpinButton, "Devices")
        .set_value_accesskit(devices);
    h.run();
}

#[test]
fn changing_devices_updates_the_aws_total_shown() {
    let mut h = harness();
    h.run();
    let before = usd(aws_total(&Workload::default()));
    assert!(shows(&h, &before), "default AWS total {before} on screen");
    set_devices(&mut h, 45_000.0);
    assert_eq!(h.state().workload().devices, 45_000.0);
    let expected = usd(aws_total(&Workload {
        devices: 45_000.0,
        ..Workload::default()
    }));
    assert_ne!(expected, before);
    assert!(shows(&h, &expected), "new AWS total {expected} on screen");
    assert!(!shows(&h, &before), "old AWS total {before} gone");
}

#[test]
fn undo_and_redo_restore_the_figure() {
    let mut h = harness();
    h.run();
    let original = usd(aws_total(&Workload::default()));
    set_devices(&mut h, 20_000.0);
    let changed = usd(aws_total(&Workload {
        devices: 20_000.0,
        ..Workload::default()
    }));
    assert!(shows(&h, &changed));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().workload().devices, 1000.0);
    assert!(shows(&h, &original), "undo shows {original} again");
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(h.state().workload().devices, 20_000.0);
    assert!(shows(&h, &changed), "redo shows {changed} again");
}

#[test]
fn every_tab_opens() {
    let mut h = harness();
    h.run();
    // Every tab, starting away from the one a fresh window shows; the match names a text
    // only that tab draws, and stops compiling when a tab is added without one.
    for tab in Tab::iter().rev() {
        let marker = match tab {
            Tab::Costs => "Azure IoT Hub tiers",
            Tab::Throttling => "Demand against limits as the fleet grows",
            Tab::Storage => "From launch to one full retention",
            Tab::Readiness => "Capacity & limits",
            Tab::Optimise => "Waterfall of the enabled strategies",
            Tab::Projection => "Limits crossed as the fleet grows",
        };
        h.get_by_role_and_label(Role::Button, tab.title()).click();
        h.run();
        assert_eq!(h.state().state.preferences.tab, tab);
        assert!(shows(&h, marker), "{} shows {marker}", tab.title());
    }
}

#[test]
fn ticking_a_manual_item_raises_progress() {
    let mut h = harness();
    h.state_mut().state.preferences.tab = Tab::Readiness;
    h.run();
    let report = h.state().report().unwrap().readiness.clone();
    let before = format!("{} of {} passed", report.passed, report.applicable);
    assert!(shows(&h, &before), "{before}");
    h.get_by_role_and_label(Role::CheckBox, "Load test at 3× peak")
        .click();
    h.run();
    let after = format!("{} of {} passed", report.passed + 1, report.applicable);
    assert!(shows(&h, &after), "{after}");
    assert!(h.state().state.document.preset.checklist["load-test-3x"].done);
    assert!(h.state().is_dirty(), "a tick is an unsaved change");
}

#[test]
fn storage_boundary_edit_changes_the_tiered_figure() {
    let mut h = harness();
    h.state_mut().state.preferences.tab = Tab::Storage;
    h.state_mut().workload_mut().retention_days = 1095.0;
    h.state_mut().workload_mut().tiering = true;
    h.run();
    let before = h.state().report().unwrap().storage.tiered_monthly_usd;
    // With tiering on, the headline is what is paid: the tiered figure.
    assert!(shows(&h, &format!("Tiered {} per month", usd(before))));
    h.get_by_role_and_label(Role::SpinButton, "Hot until")
        .set_value_accesskit(30.0);
    h.run();
    let after = h.state().report().unwrap().storage.tiered_monthly_usd;
    assert!(
        after > before,
        "more days hot costs more: {before} → {after}"
    );
    assert!(shows(&h, &format!("Tiered {} per month", usd(after))));
    // Off, the headline is all hot, and the tiered figure is what it would be.
    h.state_mut().workload_mut().tiering = false;
    h.run();
    let all_hot = h.state().report().unwrap().storage.all_hot_monthly_usd;
    assert!(shows(&h, &format!("All hot {} per month", usd(all_hot))));
}

#[test]
fn a_preset_saved_in_the_window_reopens_identically() {
    use iotplan::ui::command::Command;
    let dir = std::env::temp_dir().join(format!("iotplan-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("saved.ron");
    let mut h = harness();
    h.run();
    set_devices(&mut h, 12_345.0);
    h.state_mut().state.document.preset.title = "Saved in the window".to_owned();
    h.state_mut().command(Command::SaveTo(path.clone()));
    h.run();
    assert!(!h.state().is_dirty(), "saved");
    assert!(shows(&h, &format!("Saved {}", path.display())));
    let saved = h.state().state.document.preset.clone();

    // Change it, then reopen the file: the unsaved change is asked about first.
    set_devices(&mut h, 99.0);
    h.state_mut().command(Command::OpenPath(path.clone()));
    h.run();
    assert!(shows(&h, "Unsaved changes"));
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(h.state().state.document.preset, saved);
    assert_eq!(h.state().workload().devices, 12_345.0);

    // A broken file leaves everything on screen as it was and says why.
    let broken = dir.join("broken.ron");
    std::fs::write(&broken, "(\n  workload: (\n    devices: \"many\",\n  ),\n)").unwrap();
    let shown = usd(aws_total(&Workload {
        devices: 12_345.0,
        ..Workload::default()
    }));
    h.state_mut().command(Command::OpenPath(broken.clone()));
    h.run();
    assert_eq!(h.state().state.document.preset, saved);
    assert!(shows(&h, &shown));
    let message = h
        .state()
        .last(iotplan::ui::app::Level::Error)
        .cloned()
        .unwrap();
    assert!(message.text.contains("broken.ron:3:"), "{}", message.text);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_text_the_report_can_show_has_glyphs() {
    // kittest refuses a label whose glyphs the fonts lack (it would draw as boxes in the
    // window). Render every formula, reason, warning and help text of busy workloads.
    let mut texts: Vec<String> = iotplan::core::fields::FIELDS
        .iter()
        .map(|f| format!("{} {} {}", f.label, f.help, f.range_text()))
        .collect();
    for path in [
        "presets/vehicle-fleet.ron",
        "presets/water-utility.ron",
        "presets/launch-day.ron",
    ] {
        let w = iotplan::io::preset::load(std::path::Path::new(path))
            .unwrap()
            .preset
            .workload;
        let r = iotplan::core::full_report(
            &w,
            &Sheets::embedded(),
            &Context {
                today: today(),
                ..Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
            },
        )
        .unwrap();
        let items = r
            .platforms
            .iter()
            .flat_map(|p| &p.line_items)
            .chain(&r.stack.line_items)
            .chain(&r.storage.extra_items);
        texts.extend(items.map(|i| format!("{} {} {}", i.name, i.unit, i.formula)));
        texts.extend(
            r.platforms
                .iter()
                .flat_map(|p| p.tiers.iter().map(|t| t.reason.text())),
        );
        texts.extend(
            r.readiness
                .items
                .iter()
                .map(|i| format!("{} {} {}", i.item.title, i.item.why, i.reason)),
        );
        texts.extend(r.storage.warnings.clone());
        texts.extend(
            r.throttle
                .limits
                .iter()
                .map(|l| format!("{} {}", l.name, l.unit)),
        );
        texts.extend(r.platforms.iter().filter_map(|p| p.reason.clone()));
    }
    let mut h = Harness::new_ui(|ui| {
        for t in &texts {
            ui.label(t);
        }
    });
    h.run();
}

#[test]
fn the_per_device_figure_keeps_its_digits_at_100m_devices() {
    let mut h = harness();
    h.run();
    set_devices(&mut h, 100_000_000.0);
    let r = h.state().report().unwrap().clone();
    let hosted = r.platform(iotplan::core::platforms::self_hosted::ID);
    let per_device = hosted.per_device_monthly_usd.unwrap();
    assert!(per_device < 0.01, "{per_device}");
    let shown = iotplan::core::format::per_device(Some(per_device));
    assert!(
        shown.trim_start_matches(['$', '0', '.']).len() >= 2,
        "{shown}"
    );
    assert!(
        shows(&h, &format!("{shown} per device per month")),
        "{shown}"
    );
}

#[test]
fn ctrl_and_a_digit_shows_that_tab() {
    let mut h = harness();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    assert_eq!(h.state().state.preferences.tab, Tab::Throttling);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num5);
    h.run();
    assert_eq!(h.state().state.preferences.tab, Tab::Optimise);
}

/// A window tall enough that every group of the side panel is on screen.
fn tall_harness() -> Harness<'static, IotplanApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 2400.0))
        .with_max_steps(STEPS_TO_SETTLE)
        .build_ui_state(
            |ui, app: &mut IotplanApp| app.show(ui),
            IotplanApp::with_defaults(today()),
        )
}

fn label_contains(h: &Harness<'_, IotplanApp>, text: &str) -> bool {
    h.query_all(egui_kittest::kittest::By::new().label_contains(text))
        .next()
        .is_some()
}

/// Chooses `title` in Launch, Launch on, as a user does: open the group, open the list, click.
fn launch_on(h: &mut Harness<'_, IotplanApp>, title: &str) {
    if h.query_by_role_and_label(Role::ComboBox, "Launch on")
        .is_none()
    {
        h.get_by_label("Launch").click();
        h.run();
    }
    h.get_by_role_and_label(Role::ComboBox, "Launch on").click();
    h.run();
    // The open list is drawn last: its entry is the last node with that label.
    h.query_all_by_label(title).last().unwrap().click();
    h.run();
}

#[test]
fn the_throttling_headline_is_the_launch_platforms_worst_limit() {
    let mut h = tall_harness();
    // Chosen on a tab that draws no other "AWS IoT Core" label.
    h.state_mut().state.preferences.tab = Tab::Readiness;
    h.run();
    launch_on(&mut h, "AWS IoT Core");
    // Back to a window whose storm chart is below the fold: its spinner would never settle.
    h.set_size(egui::vec2(1280.0, 800.0));
    h.state_mut().state.preferences.tab = Tab::Throttling;
    h.run();
    assert!(shows(&h, "Launch on AWS IoT Core"));
    assert!(shows(&h, "Every limit holds peak × 3 within 80 %"));
    set_devices(&mut h, 10_000_000.0);
    let r = h.state().report().unwrap();
    let worst = r
        .worst_limit(iotplan::core::platforms::aws_iot_core::ID)
        .unwrap();
    // The headline is the worst limit, whatever its kind, in the words every output uses.
    assert!(
        shows(&h, &format!("— {}: {}", worst.name, worst.verdict)),
        "{}",
        worst.verdict
    );
    assert!(label_contains(
        &h,
        "Inbound publish requests per second per account: request 100,000/s"
    ));
}

#[test]
fn choosing_launch_on_azure_judges_the_checklist_on_azure() {
    let mut h = tall_harness();
    h.state_mut().state.preferences.tab = Tab::Readiness;
    h.run();
    launch_on(&mut h, "Azure IoT Hub");
    assert_eq!(
        h.state().workload().launch_platform.id(),
        iotplan::core::platforms::azure_iot_hub::ID.id()
    );
    assert!(label_contains(
        &h,
        "Judged on Azure IoT Hub, the launch platform"
    ));
    assert!(label_contains(&h, "Azure IoT Hub reconnects the fleet in"));
    launch_on(&mut h, "AWS IoT Core");
    assert!(label_contains(
        &h,
        "Judged on AWS IoT Core, the launch platform"
    ));
    assert!(label_contains(&h, "AWS IoT Core reconnects the fleet in"));
    assert!(!label_contains(&h, "Azure IoT Hub reconnects the fleet in"));
}

#[test]
fn a_fresh_window_has_no_blockers_and_nothing_overdue() {
    let mut h = harness();
    h.state_mut().state.preferences.tab = Tab::Readiness;
    h.run();
    assert_eq!(
        h.state().workload().launch_date,
        Some(NaiveDate::from_ymd_opt(2027, 2, 24).unwrap()),
        "a new document launches 90 days from today"
    );
    assert!(!h.state().is_dirty(), "a fresh window is clean");
    assert!(shows(&h, "0 blockers"));
    assert!(h.state().report().unwrap().readiness.blockers.is_empty());
    assert!(!label_contains(&h, "overdue"));
    for tab in [Tab::Throttling, Tab::Projection] {
        h.state_mut().state.preferences.tab = tab;
        h.run();
        assert!(!label_contains(&h, "overdue"), "{tab:?}");
    }
}

#[test]
fn at_130000_devices_no_item_says_no_platform_can_carry() {
    let mut h = harness();
    h.state_mut().state.preferences.tab = Tab::Readiness;
    h.run();
    set_devices(&mut h, 130_000.0);
    let r = h.state().report().unwrap();
    assert!(r.platforms.iter().any(|p| p.feasible));
    assert!(!label_contains(&h, "no platform can carry"));
    assert!(!label_contains(&h, "No platform can carry"));
    // The fleet reconnect item is judged on the launch platform and says so.
    let launch = r.launch_platform.id.unwrap();
    let reconnect = r
        .readiness
        .items
        .iter()
        .find(|i| &*i.item.id == "reconnect-time")
        .unwrap();
    assert!(
        reconnect.reason.text().starts_with(launch.title()),
        "{}",
        reconnect.reason
    );
    assert!(shows(&h, &reconnect.reason.text()));
}

#[test]
fn a_readiness_reason_shows_its_arithmetic() {
    // 20,000 devices × 60/h with the rule of thumb of 100 publishes/s, launching on AWS.
    let w = Workload {
        devices: 20_000.0,
        messages_per_device_per_hour: 60.0,
        overrides: [("aws_iot_core.inbound_publish_per_account".to_owned(), 100.0)].into(),
        launch_platform: iotplan::core::workload::LaunchPlatform::Platform(
            iotplan::core::platforms::aws_iot_core::ID,
        ),
        ..Workload::default()
    };
    let r = evaluate(&w, &Sheets::embedded(), &Context::new(today())).unwrap();
    let reason = r
        .readiness
        .items
        .iter()
        .map(|i| i.reason.text())
        .find(|t| t.contains(" = ") && t.contains("peak "))
        .expect("a limit is exceeded");
    // "… peak P/s × S = Q/s against L/s: …": P × S is Q, and Q exceeds L.
    let number = |t: &str| {
        t.trim()
            .trim_end_matches("/s")
            .replace(',', "")
            .parse::<f64>()
            .unwrap()
    };
    let inside = reason.split("peak ").nth(1).unwrap();
    let (peak, rest) = inside.split_once(" × ").unwrap();
    let (safety, rest) = rest.split_once(" = ").unwrap();
    let (product, rest) = rest.split_once(" against ").unwrap();
    let limit = rest.split([' ', ':']).next().unwrap();
    let (peak, safety, product, limit) =
        (number(peak), number(safety), number(product), number(limit));
    assert!(
        (peak * safety - product).abs() <= 0.01 * product,
        "{reason}"
    );
    assert!(product > limit, "{reason}");
}

#[test]
fn log_axes_never_label_a_tick_zero() {
    use iotplan::ui::widgets::log_label;
    assert_eq!(log_label(-3.0, ""), "0.001");
    assert_eq!(log_label(-2.0, ""), "0.01");
    assert_eq!(log_label(3.0, "$"), "$1k");
    for k in -8..=9 {
        let text = log_label(f64::from(k), "");
        assert!(text != "0" && !text.is_empty(), "10^{k} → {text}");
    }
}

#[test]
fn the_availability_target_is_edited_as_a_percentage() {
    let mut h = harness();
    h.run();
    h.get_by_role_and_label(Role::SpinButton, "Availability target")
        .set_value_accesskit(99.95);
    h.run();
    let target = h.state().workload().availability_target;
    assert!((target - 0.9995).abs() < 1e-9, "{target}");
    // The slider on the nines reads as the percentage to assistive technology.
    let slider = h.get_by_role_and_label(Role::Slider, "Availability target");
    assert_eq!(slider.value().as_deref(), Some("99.95 %"));
}

#[test]
fn a_line_items_formula_shows_over_its_whole_row() {
    // Tall enough that the line items are on screen below seven platform cards.
    let mut h = tall_harness();
    h.run();
    let r = h.state().report().unwrap().clone();
    let messaging = r
        .platform(iotplan::core::platforms::aws_iot_core::ID)
        .line_items
        .iter()
        .find(|i| i.name == "Messaging")
        .unwrap()
        .clone();
    let formula = messaging.formula.text();
    assert!(formula.contains("metered each"), "{formula}");
    assert!(!shows(&h, &formula), "the formula waits for the pointer");
    // The quantity cell, not the name: the tooltip belongs to the row.
    let quantity = format!(
        "{} {}",
        iotplan::core::format::count(messaging.quantity),
        messaging.unit
    );
    h.ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    h.get_by_label(&quantity).hover();
    h.run();
    assert!(shows(&h, &formula), "{formula} over {quantity}");
}

/// egui answers every input event with one more pass, and a moved pointer with another
/// (`InputState::wants_repaint_after`): a bare egui app draws 3 frames per pointer move. iotplan
/// must add none of its own (no repaint requests from its panels, tabs or caches).
#[test]
fn a_pointer_move_costs_no_more_frames_than_bare_egui() {
    let tabs: Vec<&str> = Tab::iter().map(Tab::title).collect();
    let mut bare = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui(|ui| {
            ui.horizontal(|ui| {
                for tab in Tab::iter() {
                    // Drawn for the harness to find; a click does nothing here.
                    let _ = ui.button(tab.title());
                }
            });
        });
    bare.run();
    let mut iotplan = harness();
    iotplan.run();
    for tab in tabs {
        bare.get_by_role_and_label(Role::Button, tab).hover();
        let baseline = bare.run();
        iotplan.get_by_role_and_label(Role::Button, tab).hover();
        let frames = iotplan.run();
        assert!(
            frames <= baseline,
            "{tab}: {frames} frames, bare egui {baseline}"
        );
    }
}

#[test]
fn choosing_a_currency_converts_the_figures_shown() {
    use iotplan::core::currency::Currency;
    // Tall enough that the Platforms group is on screen without scrolling the side panel.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 2400.0))
        .with_max_steps(STEPS_TO_SETTLE)
        .build_ui_state(
            |ui, app: &mut IotplanApp| app.show(ui),
            IotplanApp::with_defaults(today()),
        );
    h.run();
    let aws = aws_total(&Workload::default());
    assert!(shows(&h, &usd(aws)));
    h.get_by_label("Platforms").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Currency").click();
    h.run();
    h.get_by_label("EUR (€)").click();
    h.run();
    assert_eq!(h.state().workload().currency, Currency::Eur);
    // The sheet's 0.85172 EUR per USD (1 ÷ the ECB's 1.1741 USD per EUR).
    let euros = iotplan::core::format::Money {
        code: "EUR",
        symbol: "€",
        rate: 0.85172,
    }
    .amount(aws);
    assert!(euros.starts_with('€'), "{euros}");
    assert!(shows(&h, &euros), "{euros} on screen");
    assert!(!shows(&h, &usd(aws)), "the USD figure is gone");
    assert!(
        h.query_all(
            egui_kittest::kittest::By::new().label_contains("EUR at 0.85172 per USD (2025-03-03)")
        )
        .next()
        .is_some(),
        "the status bar names the rate and its date"
    );
}

#[test]
fn arrow_keys_move_the_log_devices_slider_along_its_scale() {
    let mut h = harness();
    h.run();
    h.get_by_role_and_label(Role::Slider, "Devices").focus();
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let after = h.state().workload().devices;
    // 1,000 devices, one press: a step on the log rail (several percent), not one device.
    assert!(after > 1_020.0 && after < 2_000.0, "{after}");
    assert_eq!(after, after.round(), "devices stay whole");
}

#[test]
fn tab_scrolls_the_focused_widget_into_view() {
    let mut h = harness();
    h.run();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    for _ in 0..40 {
        h.key_press(egui::Key::Tab);
        h.run();
    }
    let focused = h
        .query_all(egui_kittest::kittest::By::new())
        .find(egui_kittest::Node::is_focused)
        .expect("a widget has focus after 40 Tabs");
    let rect = focused.rect();
    assert!(screen.contains_rect(rect), "{rect:?} is off screen");
}

#[test]
fn help_shows_how_the_figures_are_computed() {
    let mut h = harness();
    h.run();
    h.get_by_label("Help").click();
    h.run();
    // The menu button's name carries its shortcut.
    h.get_by_role_and_label(Role::Button, "How the figures are computed F1")
        .click();
    h.run();
    assert!(shows(&h, "How iotplan computes its figures"));
    assert!(
        h.query_all(egui_kittest::kittest::By::new().label_contains("A usage month is 30 days"))
            .next()
            .is_some(),
        "the conventions are shown"
    );
}

#[test]
fn the_lab_is_priced_beside_the_cluster_and_says_how_far_it_goes() {
    let mut h = tall_harness();
    h.run();
    let r = h.state().report().unwrap().clone();
    let lab = r.platform(iotplan::core::platforms::self_hosted_lab::ID);
    assert!(
        shows(&h, &usd(lab.monthly_usd.unwrap())),
        "the lab's total on its card"
    );
    h.get_by_role_and_label(Role::Button, "Self-hosted lab")
        .click();
    h.run();
    // 1,000 devices at 12 readings/h: the disk for 30 days binds at 154,320 devices.
    assert!(shows(
        &h,
        "The lab carries up to 154,320 devices at this rate"
    ));
    assert!(shows(&h, "Lab VM"));
    // Beyond that, the card says it cannot carry the workload, with the reason.
    set_devices(&mut h, 200_000.0);
    let r = h.state().report().unwrap().clone();
    let reason = r
        .platform(iotplan::core::platforms::self_hosted_lab::ID)
        .reason
        .clone()
        .unwrap();
    assert!(reason.contains("carries up to 154,320 devices"), "{reason}");
    assert!(shows(&h, &reason));
}

#[test]
fn a_range_toggle_adds_the_p10_p90_band_the_core_computes() {
    use iotplan::core::ranges::ranges;
    use iotplan::core::workload::Range;
    let mut h = harness();
    h.run();
    assert!(shows(
        &h,
        "No field has a range. Press ± beside a field's name in the workload panel to give it a low and a high: every total then shows its P10 to P90 band and how often each platform is the cheapest."
    ));
    h.get_by_label("Range of Devices").click();
    // Sampling runs on a worker thread (a spinner meanwhile): step, then wait for it.
    h.run_steps(2);
    // Half to one and a half times the value.
    assert_eq!(
        h.state().workload().ranges["devices"],
        Range {
            low: 500.0,
            high: 1_500.0
        }
    );
    h.state_mut().wait_for_ranges();
    h.run();
    let expect = |w: &Workload| {
        let ctx = Context::new(today());
        let r = ranges(w, &Sheets::embedded(), &ctx, &|| false)
            .unwrap()
            .unwrap();
        let aws = r.platforms[0].clone();
        (
            format!(
                "P10 {}, P90 {}",
                usd(aws.spread.p10.unwrap()),
                usd(aws.spread.p90.unwrap())
            ),
            format!(
                "cheapest in {} of cases",
                iotplan::core::format::percent(aws.probability_cheapest)
            ),
        )
    };
    let (band, cheapest) = expect(h.state().workload());
    assert!(shows(&h, &band), "{band} on the AWS card");
    assert!(shows(&h, &cheapest), "{cheapest} on the AWS card");
    assert!(shows(&h, "Ranges: how sure the totals are"));

    // Moving the high end moves the band.
    h.get_by_role_and_label(Role::SpinButton, "high")
        .set_value_accesskit(3_000.0);
    h.run_steps(2);
    assert_eq!(h.state().workload().ranges["devices"].high, 3_000.0);
    h.state_mut().wait_for_ranges();
    h.run();
    let (wider, _) = expect(h.state().workload());
    assert_ne!(wider, band);
    assert!(shows(&h, &wider), "{wider} after the edit");

    // The Throttling tab gives each fleet-wide limit its share of exceeding samples.
    h.get_by_role_and_label(Role::Button, "Throttling").click();
    h.run();
    assert!(shows(&h, "Over the ranges"));
    assert!(shows(&h, "exceeded in 0 %"));
    h.get_by_role_and_label(Role::Button, "Costs").click();
    h.run();

    // Off again: no range, no band.
    h.get_by_label("Range of Devices").click();
    h.run();
    assert!(h.state().workload().ranges.is_empty());
    assert!(!shows(&h, &wider));
}

#[test]
fn the_projection_tab_marks_when_a_limit_is_crossed() {
    let mut h = harness();
    h.run();
    {
        let w = h.state_mut().workload_mut();
        w.devices = 1_000_000.0;
        w.messages_per_device_per_hour = 60.0;
        w.launch_date = NaiveDate::from_ymd_opt(2027, 3, 1);
        w.projection_months = 12.0;
    }
    h.run();
    h.get_by_role_and_label(Role::Button, "Projection").click();
    h.run();
    assert!(shows(
        &h,
        "12 months from 2027-03-01: the fleet grows from 1,000,000 to 1,000,000 devices"
    ));
    // A ramp from 100,000 devices, 100,000 more a month, set in the workload panel.
    h.get_by_role_and_label(Role::SpinButton, "Devices at launch")
        .set_value_accesskit(100_000.0);
    h.run();
    h.get_by_role_and_label(Role::SpinButton, "Devices added a month")
        .set_value_accesskit(100_000.0);
    h.run();
    assert_eq!(h.state().workload().devices_at_launch, Some(100_000.0));
    assert!(shows(
        &h,
        "12 months from 2027-03-01: the fleet grows from 100,000 to 1,000,000 devices"
    ));
    // AWS's 20,000 publishes/s: month 5 (500,000 devices × 1/min × 3) crosses it.
    assert!(shows(&h, "month 5 (2027-07-01)"), "the crossing's month");
    assert!(shows(&h, "request more by 2027-06-10"), "and when to ask");
    let report = h.state().report().unwrap();
    let c = report
        .projection
        .as_ref()
        .unwrap()
        .crossings
        .iter()
        .find(|c| c.limit.starts_with("Inbound publish"))
        .unwrap();
    assert_eq!(
        (c.month, c.request_by.to_string()),
        (5, "2027-06-10".to_owned())
    );
}

#[test]
fn the_window_keeps_the_cost_curve_of_the_report_when_the_fleet_moves() {
    // The curve and break-even points are kept when only the fleet changes: they must still be
    // exactly what `iotplan report` computes for the new workload, and change with other inputs.
    let mut h = harness();
    h.run();
    set_devices(&mut h, 45_000.0);
    let ctx = Context::new(today());
    let full = |w: &Workload| iotplan::core::full_report(w, &Sheets::embedded(), &ctx).unwrap();
    let shown = h.state().report().unwrap().break_even.clone();
    assert_eq!(shown, full(h.state().workload()).break_even);
    h.get_by_role_and_label(Role::SpinButton, "Reading size")
        .set_value_accesskit(2_000.0);
    h.run();
    let moved = h.state().report().unwrap().break_even.clone();
    assert_ne!(moved, shown);
    assert_eq!(moved, full(h.state().workload()).break_even);
}

/// View ▸ Platforms: a hidden platform leaves the cards and the charts' legends, the choice
/// is a preference, and the last platform shown cannot be hidden.
#[test]
fn view_platforms_chooses_what_is_compared() {
    let mut h = tall_harness();
    h.run();
    let card = |h: &Harness<'_, IotplanApp>| shows(h, "EMQX Serverless");
    assert!(card(&h), "every platform is compared at first");
    h.get_by_label("View").click();
    h.run();
    // The submenu's button (the workload panel's "Platforms" group is a disclosure triangle).
    h.get_by_role_and_label(Role::Button, "Platforms").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "EMQX Serverless")
        .click();
    h.run();
    assert_eq!(
        h.state().state.preferences.hidden_platforms,
        vec!["emqx-serverless".to_owned()]
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!card(&h), "its card and legend entries are gone");
    assert!(shows(&h, "EMQX Dedicated"));
    // The report still holds it: exports and the CLI compare every platform.
    assert!(
        h.state()
            .report()
            .unwrap()
            .platforms
            .iter()
            .any(|p| p.id.id() == "emqx-serverless")
    );
    // Hiding all but one leaves that one.
    let ids: Vec<String> = iotplan::core::platforms::ids()
        .map(|p| p.id().to_owned())
        .collect();
    h.state_mut().state.preferences.hidden_platforms = ids;
    assert_eq!(h.state().state.preferences.shown_platforms().len(), 7);
}

/// Typing into a ranged field commits on Enter, never per keystroke: the range keeps its low
/// end while 150000 is typed, and only the committed value moves its high end (with a notice).
/// Escape restores the value from before the edit.
#[test]
fn typing_into_a_ranged_field_keeps_the_range() {
    let mut h = harness();
    h.run();
    h.get_by_label("Range of Devices").click();
    h.run();
    let range = |h: &Harness<'_, IotplanApp>| {
        let r = h.state().workload().ranges["devices"];
        (r.low, r.high)
    };
    assert_eq!(range(&h), (500.0, 1_500.0));
    // Click into the number: it becomes a text field with its text selected.
    h.get_by_role_and_label(Role::SpinButton, "Devices").click();
    h.run();
    for key in ["1", "5", "0", "0", "0", "0"] {
        // Keys go to the focused text field.
        h.event(egui::Event::Text(key.to_owned()));
        h.run();
        assert_eq!(
            h.state().workload().devices,
            1_000.0,
            "nothing applied while typing"
        );
        assert_eq!(range(&h), (500.0, 1_500.0), "the range stays while typing");
    }
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().workload().devices, 150_000.0);
    assert_eq!(range(&h), (500.0, 150_000.0), "only the passed end moves");
    assert!(label_contains(
        &h,
        "Range of Devices moved to 500 – 150,000"
    ));
    // Escape drops an edit.
    h.get_by_role_and_label(Role::SpinButton, "Devices").click();
    h.run();
    h.event(egui::Event::Text("7".to_owned()));
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().workload().devices, 150_000.0);
}

/// "Unsaved changes" → Save saves, then carries on with the Open that asked.
#[test]
fn save_in_the_unsaved_question_carries_on_with_the_open() {
    use iotplan::ui::command::Command;
    let dir = std::env::temp_dir().join(format!("iotplan-ui-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (mine, other) = (dir.join("mine.ron"), dir.join("other.ron"));
    std::fs::write(
        &other,
        "(\n  title: \"Other\",\n  workload: (devices: 777),\n)\n",
    )
    .unwrap();
    let mut h = harness();
    h.run();
    h.state_mut().command(Command::SaveTo(mine.clone()));
    h.run();
    set_devices(&mut h, 4_321.0);
    assert!(h.state().is_dirty());
    h.state_mut().command(Command::OpenPath(other.clone()));
    h.run();
    assert!(shows(&h, "Unsaved changes"));
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    h.run();
    // Saved first…
    let saved = iotplan::io::preset::load(&mine).unwrap().preset;
    assert_eq!(saved.workload.devices, 4_321.0);
    // …then the Open happened.
    assert_eq!(
        h.state().state.document.path.as_deref(),
        Some(other.as_path())
    );
    assert_eq!(h.state().workload().devices, 777.0);
    assert!(!h.state().is_dirty());
    std::fs::remove_dir_all(dir).unwrap();
}

/// Save over a hand-written preset asks before dropping its comments and the fields iotplan
/// does not read, naming them; Cancel leaves the file as it was.
#[test]
fn save_asks_before_dropping_comments_and_unknown_fields() {
    use iotplan::ui::command::Command;
    let dir = std::env::temp_dir().join(format!("iotplan-ui-keep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hand.ron");
    let text = "// Our pilot, written by hand.\n(\n  title: \"Pilot\",\n  workload: (\n    devices: 250,\n    colour: \"blue\",\n  ),\n)\n";
    std::fs::write(&path, text).unwrap();
    let mut h = harness();
    h.run();
    h.state_mut().command(Command::OpenPath(path.clone()));
    h.run();
    set_devices(&mut h, 300.0);
    h.state_mut().command(Command::Save);
    h.run();
    assert!(shows(&h, "Save drops part of the file"));
    assert!(label_contains(
        &h,
        "its comments, the unknown field `workload.colour`"
    ));
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the file is untouched"
    );
    assert!(h.state().is_dirty());
    // Asked again, and this time the user drops them.
    h.state_mut().command(Command::Save);
    h.run();
    h.get_by_role_and_label(Role::Button, "Save and drop them")
        .click();
    h.run();
    h.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        !saved.contains("colour") && !saved.contains("//"),
        "{saved}"
    );
    assert_eq!(
        iotplan::io::preset::load(&path)
            .unwrap()
            .preset
            .workload
            .devices,
        300.0
    );
    assert!(!h.state().is_dirty());
    // Nothing left to drop: the next save does not ask.
    set_devices(&mut h, 310.0);
    h.state_mut().command(Command::Save);
    h.run();
    assert!(!shows(&h, "Save drops part of the file"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Desktop shortcuts: F1 opens the model, Ctrl+N a new document, and Help lists every
/// shortcut with About.
#[test]
fn desktop_shortcuts_and_help() {
    let mut h = harness();
    h.run();
    h.get_by_label("Help").click();
    h.run();
    assert!(shows(&h, "About"));
    for keys in ["Ctrl+N", "Ctrl+Shift+S", "Ctrl+Q", "F1"] {
        assert!(shows(&h, keys), "{keys} listed");
    }
    h.key_press(egui::Key::Escape);
    h.run();
    h.key_press(egui::Key::F1);
    h.run();
    assert!(shows(&h, "How iotplan computes its figures"));
    set_devices(&mut h, 2_000.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(
        shows(&h, "Unsaved changes"),
        "a new document asks about the changes first"
    );
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(h.state().workload().devices, 1_000.0);
}

/// Arrow keys on a focused ± toggle leave the focus on it (not on a widget in another panel).
#[test]
fn arrow_keys_keep_the_focus_on_a_range_toggle() {
    let mut h = harness();
    h.run();
    h.get_by_label("Range of Devices").focus();
    h.run();
    h.run();
    assert!(h.get_by_label("Range of Devices").is_focused());
    for key in [
        egui::Key::ArrowRight,
        egui::Key::ArrowDown,
        egui::Key::ArrowLeft,
    ] {
        h.key_press(key);
        h.run();
        assert!(
            h.get_by_label("Range of Devices").is_focused(),
            "{key:?} moved the focus"
        );
    }
}

/// Every chart is named for assistive technology with what it shows and its key figures.
#[test]
fn charts_have_accessible_summaries() {
    let mut h = tall_harness();
    h.run();
    let figure = |h: &Harness<'_, IotplanApp>, text: &str| {
        h.query_all(
            egui_kittest::kittest::By::new()
                .role(Role::Figure)
                .label_contains(text),
        )
        .next()
        .is_some()
    };
    let aws = usd(aws_total(&Workload::default()));
    assert!(figure(
        &h,
        &format!("Line items by platform, stacked, per month: AWS IoT Core {aws}")
    ));
    assert!(figure(&h, "Monthly cost against fleet size, log–log"));
    // Three years kept: the storage timeline has months to chart.
    h.state_mut().workload_mut().retention_days = 1095.0;
    for (tab, text) in [
        (
            Tab::Throttling,
            "Demand against AWS IoT Core limits as the fleet grows",
        ),
        (Tab::Projection, "Devices month by month"),
        (Tab::Optimise, "Which input moves the"),
        (Tab::Storage, "GiB held per tier month by month"),
    ] {
        h.state_mut().state.preferences.tab = tab;
        h.run();
        assert!(figure(&h, text), "{tab:?}: {text}");
    }
}

/// A line item's formula is reachable by keyboard: its name takes the focus and shows it.
#[test]
fn a_focused_line_item_shows_its_formula() {
    let mut h = tall_harness();
    h.run();
    let formula = h
        .state()
        .report()
        .unwrap()
        .platform(iotplan::core::platforms::aws_iot_core::ID)
        .line_items
        .iter()
        .find(|i| i.name == "Messaging")
        .unwrap()
        .formula
        .text();
    assert!(!shows(&h, &formula));
    h.get_by_label("Messaging").focus();
    h.run();
    h.run();
    assert!(shows(&h, &formula), "{formula}");
}

#[test]
fn grades_are_on_the_status_bar_and_beside_each_weak_line_item() {
    let mut h = harness();
    h.run();
    // us-east-1: the exchange rates (2), Event Grid's operations per CONNECT and SUBSCRIBE and
    // the AWS Jobs second tier are graded L.
    let report = h.state().view.as_ref().unwrap().report.clone();
    let graded_l: usize = report.sheets.iter().map(|s| s.graded_l).sum();
    assert_eq!(graded_l, 5, "{:?}", report.sheets);
    assert!(
        label_contains(&h, "5 figures graded L"),
        "the status bar counts them"
    );
    // Ireland: the launch platform's items priced from copied figures carry an (L).
    h.state_mut()
        .workload_mut()
        .set("region", "eu-west-1")
        .unwrap();
    h.run();
    let report = h.state().view.as_ref().unwrap().report.clone();
    let launch = report.launch().unwrap();
    let weak = launch
        .line_items
        .iter()
        .filter(|i| i.grade == iotplan::core::report::Grade::L)
        .count();
    assert!(weak > 0, "{:?}", launch.id);
    assert!(
        h.query_all_by_label("(L)").count() >= weak,
        "each L item of the shown platform is marked"
    );
}

/// View ▸ Price sheets: the newest set `sheets update` wrote, the built-in sheets or an earlier
/// set; the status bar names it and every figure follows.
#[test]
fn view_price_sheets_switches_the_set_and_the_figures_follow() {
    use iotplan::core::sheets::Region;
    let dir = tempfile::tempdir().unwrap();
    let cheaper = std::collections::BTreeMap::from([(
        "aws_iot_core.messaging_tier1_per_million".to_owned(),
        0.5,
    )]);
    let sheets = Sheets::embedded()
        .with_overrides(&cheaper)
        .unwrap()
        .into_owned();
    let set =
        iotplan::io::sets::write(dir.path(), today(), Region::UsEast1, &sheets, "log").unwrap();
    assert_eq!(set, "2026-11-26-us-east-1");
    let mut h = harness();
    h.state_mut().sheet_sets = Some(dir.path().to_path_buf());
    h.run();
    let total = |h: &Harness<'_, IotplanApp>| {
        let r = h.state().report().unwrap();
        (
            r.sheet_set.to_string(),
            r.platform(iotplan::core::platforms::aws_iot_core::ID)
                .monthly_usd
                .unwrap(),
        )
    };
    let (name, built_in) = total(&h);
    assert_eq!(name, "built-in");
    assert!(label_contains(&h, "Prices (built-in) as of"));
    let choose = |h: &mut Harness<'_, IotplanApp>, label: &str| {
        h.get_by_label("View").click();
        h.run();
        h.get_by_role_and_label(Role::Button, "Price sheets")
            .click();
        h.run();
        h.get_by_label(label).click();
        h.run();
        h.key_press(egui::Key::Escape);
        h.run();
    };
    choose(&mut h, "Newest (2026-11-26-us-east-1)");
    let (name, on_set) = total(&h);
    assert_eq!(name, "2026-11-26-us-east-1");
    assert!(on_set < built_in, "{on_set} !< {built_in}");
    assert!(label_contains(&h, "Prices (2026-11-26-us-east-1) as of"));
    choose(&mut h, "Built-in");
    assert_eq!(total(&h), ("built-in".to_owned(), built_in));
    // The menu lists the folder when it opens: a set written since it last closed is there.
    let second =
        iotplan::io::sets::write(dir.path(), today(), Region::UsEast1, &sheets, "log").unwrap();
    assert_eq!(second, "2026-11-26-us-east-1-2");
    choose(&mut h, "Newest (2026-11-26-us-east-1-2)");
    assert_eq!(total(&h).0, second);
    choose(&mut h, "Built-in");
    // The choice is a preference: a window started with it (and the sets folder) uses it.
    let mut state = h.state().state.clone();
    assert_eq!(
        state.preferences.sheet_choice,
        iotplan::ui::state::SheetChoice::BuiltIn
    );
    state.preferences.sheet_choice = iotplan::ui::state::SheetChoice::Set(set.clone());
    let mut restarted = IotplanApp::new(state, Sheets::embedded(), today());
    assert_eq!(restarted.report().unwrap().sheet_set.as_ref(), "built-in");
    restarted.use_sheet_sets(Some(dir.path().to_path_buf()));
    assert_eq!(restarted.report().unwrap().sheet_set.as_ref(), set);
}

/// A baseline pinned in another region is priced on that region's sheets as the window chose
/// them (the newest set there), as `iotplan diff` would, not on the built-in ones.
#[test]
fn a_baseline_in_another_region_uses_that_regions_set() {
    use iotplan::core::sheets::Region;
    let dir = tempfile::tempdir().unwrap();
    let sheets = Sheets::embedded_for(Region::EuWest1);
    iotplan::io::sets::write(dir.path(), today(), Region::EuWest1, &sheets, "log").unwrap();
    let mut h = harness();
    h.state_mut().sheet_sets = Some(dir.path().to_path_buf());
    let mut ireland = h.state().state.document.preset.clone();
    ireland.workload.region = Region::EuWest1;
    h.state_mut().state.preferences.baseline = Some(iotplan::ui::state::Baseline {
        name: "Ireland".to_owned(),
        preset: ireland,
    });
    h.state_mut().refresh();
    h.run();
    let diff = h.state().baseline_diff().expect("the baseline is compared");
    assert_eq!(diff.sheet_set.baseline.as_ref(), "2026-11-26-eu-west-1");
    assert_eq!(diff.sheet_set.now.as_ref(), "built-in");
}

/// While a slider is dragged, what lies below the fold is not laid out on each frame (its
/// figures all change, and laying out changed text is most of a frame) but keeps its space;
/// released, every section is drawn again, so the accessibility tree holds all of it at rest.
#[test]
fn a_drag_skips_what_is_below_the_fold_and_a_release_draws_it_again() {
    let mut h = harness();
    h.run();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let below = |h: &Harness<'_, IotplanApp>| {
        h.query_all(egui_kittest::kittest::By::new().label_contains("cheapest feasible tier"))
            .map(|n| n.rect())
            .next()
    };
    let reason = below(&h).expect("the tier table's reason is laid out at rest");
    assert!(!screen.intersects(reason), "{reason:?} is below the fold");
    let panel_field = |h: &Harness<'_, IotplanApp>| {
        h.query_by_role_and_label(Role::Slider, "Cold until")
            .map(|n| n.rect())
    };
    let cold = panel_field(&h).expect("every field is laid out at rest");
    assert!(!screen.intersects(cold), "{cold:?} is below the fold");
    let before = h.state().workload().devices;
    let slider = h.get_by_role_and_label(Role::Slider, "Devices").rect();
    h.hover_at(slider.center());
    h.drag_at(slider.center());
    h.run();
    h.hover_at(slider.center() + egui::vec2(30.0, 0.0));
    h.run();
    let dragged = h.state().workload().devices;
    assert!(
        dragged > before,
        "{dragged} > {before}: the drag moves the slider"
    );
    assert!(below(&h).is_none(), "not laid out while dragging");
    assert!(panel_field(&h).is_none(), "not laid out while dragging");
    h.drop_at(slider.center() + egui::vec2(30.0, 0.0));
    h.run();
    assert_eq!(h.state().workload().devices, dragged);
    // The tier table is there again (lower: the figures above it grew with the fleet); the
    // field is where it was, the space kept for it while it was not drawn.
    assert!(below(&h).is_some_and(|r| !screen.intersects(r)));
    assert_eq!(panel_field(&h), Some(cold));
}
