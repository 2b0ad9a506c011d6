//! The simulation end to end: 10 minutes of virtual time at 100 messages per second, with a
//! queue group of 2, a plain listener whose handler fails 2% of the time (AckWait 1 s, so
//! some redeliveries), heartbeats and 1 ms network hops. Run: `cargo bench --bench sim`.

use criterion::{criterion_group, criterion_main, Criterion};
use nats_playground::broker::ServerOptions;
use nats_playground::sim::{AckPolicy, Handler, Sim, SimConfig, SubSpec};
use std::hint::black_box;

pub fn ten_minutes_at_100_per_second() -> usize {
    let opts = ServerOptions {
        cluster_id: "ticketing".into(),
        hb_interval_ms: 5000,
        hb_timeout_ms: 5000,
        hb_fail_count: 2,
        ..ServerOptions::default()
    };
    let mut sim = Sim::new(
        opts,
        SimConfig {
            latency_ms: 1,
            seed: 7,
        },
    );
    let (publisher, _) = sim.connect("tickets", None);
    let mut listeners = Vec::new();
    for name in ["orders-a", "orders-b", "audit"] {
        listeners.push(sim.connect(name, None).0);
    }
    sim.run_until(10);
    for (i, p) in listeners.iter().enumerate() {
        let queue = (i < 2).then(|| "orders-service".to_string());
        let spec = SubSpec {
            queue,
            manual_ack: true,
            ack_wait_ms: 1000,
            ..SubSpec::new("ticket:created")
        };
        let fail = if i == 2 { 0.02 } else { 0.0 };
        sim.subscribe(
            *p,
            &format!("s{i}"),
            spec,
            Handler {
                ack: AckPolicy::Immediate,
                fail_probability: fail,
                ..Handler::default()
            },
        );
    }
    sim.run_until(20);
    for i in 0..60_000u64 {
        sim.run_until(20 + i * 10);
        sim.publish(
            publisher,
            "ticket:created",
            r#"{"id":"t1","title":"concert","price":20}"#,
        );
    }
    sim.run_until(20 + 600_000 + 2000);
    sim.trace().len()
}

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
