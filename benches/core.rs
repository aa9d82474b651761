//! Core speed: one evaluation of the default workload, and the 256-point device sweep a cost
//! chart needs per frame.

use criterion::{Criterion, criterion_group, criterion_main};
use iotplan::core::sweep::{log_space, sweep_devices};
use iotplan::core::{Context, Sheets, Workload, evaluate};
use std::hint::black_box;

fn core(c: &mut Criterion) {
    let sheets = Sheets::embedded();
    let ctx = Context::default();
    let w = Workload::default();
    c.bench_function("evaluate/default", |b| {
        b.iter(|| evaluate(black_box(&w), &sheets, &ctx))
    });
    let grid = log_space(1.0, 1e8, 256);
    c.bench_function("sweep/devices_256", |b| {
        b.iter(|| sweep_devices(black_box(&w), &sheets, &grid))
    });
}

criterion_group!(benches, core);
criterion_main!(benches);
