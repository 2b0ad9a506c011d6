//! Standard workloads for the benchmarks (native and in the browser).

use super::{AckPolicy, Handler, Sim, SimConfig, SubSpec};
use crate::broker::ServerOptions;

/// 10 minutes of virtual time at 100 messages per second: a queue group of 2 and a plain
/// listener whose handler fails 2% of the time (AckWait 1 s, so some redeliveries), with
/// heartbeats and 1 ms network hops. Returns the number of trace events.
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
    let listeners: Vec<_> = ["orders-a", "orders-b", "audit"]
        .iter()
        .map(|n| sim.connect(n, None).0)
        .collect();
    sim.run_until(10);
    for (i, p) in listeners.iter().enumerate() {
        let queue = (i < 2).then(|| "orders-service".to_string());
        let spec = SubSpec {
            queue,
            manual_ack: true,
            ack_wait_ms: 1000,
            ..SubSpec::new("ticket:created")
        };
        let fail_probability = if i == 2 { 0.02 } else { 0.0 };
        let handler = Handler {
            ack: AckPolicy::Immediate,
            fail_probability,
            ..Handler::default()
        };
        sim.subscribe(*p, &format!("s{i}"), spec, handler);
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
