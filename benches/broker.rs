//! Broker throughput: publish -> deliver -> ack cycles with a queue group of 4 members and
//! 2 plain listeners, and the cost per message when the channel already holds 10^3, 10^5
//! and 10^6 messages. Run: `cargo bench --bench broker`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nats_playground::broker::ServerOptions;

mod support;
use support::Bench;

fn throughput(c: &mut Criterion) {
    let mut g = c.benchmark_group("publish_deliver_ack");
    g.throughput(Throughput::Elements(1));
    let mut b = Bench::new(ServerOptions::default(), 0);
    g.bench_function("queue4_plain2", |bench| bench.iter(|| b.cycle()));
    g.finish();
}

fn cost_vs_log_size(c: &mut Criterion) {
    let mut g = c.benchmark_group("cycle_with_stored_messages");
    g.throughput(Throughput::Elements(1));
    g.sample_size(30);
    for prefill in [1_000u64, 100_000, 1_000_000] {
        let mut b = Bench::new(ServerOptions::default(), prefill);
        g.bench_with_input(
            BenchmarkId::from_parameter(prefill),
            &prefill,
            |bench, _| bench.iter(|| b.cycle()),
        );
    }
    g.finish();
}

criterion_group!(benches, throughput, cost_vs_log_size);
criterion_main!(benches);
