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

criterion_group!(benches, core, storms);
criterion_main!(benches);

// The application's allocator (see main.rs), so the figures match what the app does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
