//! The long-run workload of the playground's benchmarks: a class leaves the playground
//! running through a lecture. One publisher publishes every N ms; a queue group of two
//! manual-ack listeners shares the events. Used by `benches/playground.rs` and the browser
//! benchmark (`tests/web_bench.rs`).

use super::panel::{ListenerCfg, PanelKind, PublisherCfg};
use super::state::{Action, Playground};
use crate::broker::Millis;
use crate::sim::AckPolicy;

/// The playground with the three panels started, at the moment everything is connected.
pub fn lecture(every_ms: Millis, latency_ms: Millis) -> Playground {
    let mut pg = Playground::default();
    pg.apply(Action::SetLatency(latency_ms));
    for _ in 0..2 {
        let id = pg.add_panel(PanelKind::Listener(ListenerCfg {
            queue_group: "orders-service".into(),
            manual_ack: true,
            ack: AckPolicy::Immediate,
            ..ListenerCfg::default()
        }));
        pg.apply(Action::Start(id));
    }
    let p = pg.add_panel(PanelKind::Publisher(PublisherCfg::default()));
    pg.apply(Action::Connect(p));
    pg.settle();
    let cfg = PublisherCfg {
        every_ms,
        ..PublisherCfg::default()
    };
    pg.apply(Action::EditPublisher(p, cfg));
    pg
}

/// Events published so far (acked by the server).
pub fn published(pg: &Playground) -> u64 {
    pg.sim().broker().stats().in_msgs
}
