//! Core speed: one evaluation of the default workload, the 256-point device sweep a cost chart
//! needs per frame, 2,000 samples over two ranged fields, a 120-month projection, and
//! reconnect storms.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use iotplan::core::projection::projection;
use iotplan::core::ranges::ranges;
use iotplan::core::simulate::{Backoff, StormConfig, simulate};
use iotplan::core::sweep::{log_space, sweep_devices};
use iotplan::core::workload::Range;
use iotplan::core::{Context, Sheets, Workload, evaluate};
use std::hint::black_box;
use strum::IntoEnumIterator as _;

fn core(c: &mut Criterion) {
    let sheets = Sheets::embedded();
    let ctx = Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    let w = Workload::default();
    c.bench_function("evaluate/default", |b| {
        b.iter(|| evaluate(black_box(&w), &sheets, &ctx));
    });
    // Its two halves: the figures, then the verdicts and the checklist.
    c.bench_function("evaluate/figures", |b| {
        b.iter(|| iotplan::core::figures(black_box(&w), &sheets, &ctx));
    });
    let figures = iotplan::core::figures(&w, &sheets, &ctx).unwrap();
    c.bench_function("evaluate/decide", |b| {
        b.iter(|| {
            let mut r = figures.clone();
            iotplan::core::decide(black_box(&mut r), &w, &ctx);
            r
        });
    });
    let grid = log_space(1.0, 1e8, 256);
    c.bench_function("sweep/devices_256", |b| {
        b.iter(|| sweep_devices(black_box(&w), &sheets, &grid));
    });
    // The default workload with two ranged fields, 2,000 samples (the default): target 50 ms.
    let mut ranged = w.clone();
    ranged.ranges.insert(
        "devices".to_owned(),
        Range {
            low: 500.0,
            high: 2_000.0,
        },
    );
    ranged.ranges.insert(
        "messages_per_device_per_hour".to_owned(),
        Range {
            low: 6.0,
            high: 60.0,
        },
    );
    c.bench_function("ranges/2000", |b| {
        b.iter(|| ranges(black_box(&ranged), &sheets, &ctx, &|| false).unwrap());
    });
    // 120 months of the default workload: target 2 ms, so it follows a slider.
    let months = Workload {
        projection_months: 120.0,
        ..Workload::default()
    };
    c.bench_function("projection/120", |b| {
        b.iter(|| projection(black_box(&months), &sheets, &ctx).unwrap());
    });
    // One million devices against AWS IoT Core's 3,000 connects/s, full jitter.
    let storm = StormConfig {
        devices: 1_000_000,
        connects_per_second: 3_000.0,
        backoff: Backoff::FullJitter,
        ..StormConfig::default()
    };
    c.bench_function("simulate/1m_full_jitter", |b| {
        b.iter(|| simulate(black_box(&storm)));
    });
}

/// Ten million devices against 3,000 connects/s with each strategy: every one should take at
/// most about three times full jitter.
fn storms(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    for backoff in Backoff::iter() {
        let storm = StormConfig {
            devices: 10_000_000,
            connects_per_second: 3_000.0,
            backoff,
            ..StormConfig::default()
        };
        group.bench_function(format!("10m_{}", backoff.id()), |b| {
            b.iter(|| simulate(black_box(&storm)));
        });
    }
    group.finish();
}

/// The corners that once ran for minutes or held a gigabyte: a fleet that cannot connect
/// within the day, a cap of an hour, a 1 ms base for a whole day, a day-long window. Each must
/// stay well under 3 s.
fn worst_storms(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate_worst");
    group.sample_size(10);
    let corners = [
        (
            "1k_at_0.01_per_s_cap_1h",
            1_000,
            0.01,
            Backoff::DecorrelatedJitter,
            100.0,
            3_600_000.0,
            0.0,
        ),
        (
            "10m_cap_1h",
            10_000_000,
            3_000.0,
            Backoff::DecorrelatedJitter,
            100.0,
            3_600_000.0,
            0.0,
        ),
        (
            "8m_at_100_per_s_full_jitter",
            8_000_000,
            100.0,
            Backoff::FullJitter,
            1.0,
            3_600_000.0,
            0.0,
        ),
        (
            "1m_base_1ms_all_day",
            1_000_000,
            10.0,
            Backoff::FullJitter,
            1.0,
            30_000.0,
            0.0,
        ),
        (
            "10m_window_1d",
            10_000_000,
            1_000.0,
            Backoff::EqualJitter,
            1.0,
            30_000.0,
            86_400.0,
        ),
    ];
    for (name, devices, rate, backoff, base_ms, cap_ms, window_s) in corners {
        let storm = StormConfig {
            devices,
            connects_per_second: rate,
            backoff,
            base_ms,
            cap_ms,
            window_s,
            seed: 1,
        };
        group.bench_function(name, |b| b.iter(|| simulate(black_box(&storm))));
    }
    group.finish();
}

criterion_group!(benches, core, storms, worst_storms);
criterion_main!(benches);

// The application's allocator (see main.rs), so the figures match what the app does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
