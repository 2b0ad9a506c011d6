//! The simulation end to end (see `sim::workload`). Run: `cargo bench --bench sim`.

use criterion::{criterion_group, criterion_main, Criterion};
use nats_playground::sim::workload::ten_minutes_at_100_per_second;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("sim");
    g.sample_size(10);
    g.bench_function("ten_minutes_at_100_msgs_per_s", |b| {
        b.iter(|| black_box(ten_minutes_at_100_per_second()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
