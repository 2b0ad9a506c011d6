//! §3 Publishing.

use crate::support::*;
use nats_playground::sim::world::ERR_MAX_PAYLOAD;
use nats_playground::sim::TraceKind;
use serde_json::json;

// Not recorded in a golden trace: follows stan-semantics.md §3.1 step 6 (messages are
// dispatched to subscribers, then the PubAck is sent).
#[test]
fn messages_reach_subscribers_before_the_publisher_gets_its_pub_ack() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "s")
        .sub(0, "s", "s", "orders")
        .publish(100, "p", "orders", "m1")
        .run();
    let idx = |f: &dyn Fn(&TraceKind) -> bool| t.0.iter().position(|e| f(&e.kind)).unwrap();
    let deliver = idx(&|k| matches!(k, TraceKind::Deliver { .. }));
    let ack = idx(&|k| matches!(k, TraceKind::PubAck { .. }));
    assert!(
        deliver < ack,
        "deliver at index {deliver}, pub_ack at {ack}"
    );
    assert!(t.0[deliver].t <= t.0[ack].t);
}

// Not recorded in a golden trace, and not in stan-semantics.md: the NATS connection refuses a
// publish larger than the server's max_payload before anything is sent (nats.js
// `MAX_PAYLOAD_EXCEEDED`); the model compares the payload with `max_payload`.
#[test]
fn payload_over_max_payload_is_refused_by_the_client() {
    let t = scn()
        .server("max_payload", json!(10))
        .connect(0, "p")
        .publish(10, "p", "orders", "0123456789")
        .publish(20, "p", "orders", "0123456789A")
        .monitor(100, "/streaming/serverz")
        .run();
    let acks = t.pub_acks("p");
    assert_eq!(acks[0].1, None);
    assert_eq!(acks[1].1.as_deref(), Some(ERR_MAX_PAYLOAD));
    let serverz = t.monitor("/streaming/serverz");
    assert_eq!(
        serverz["in_msgs"], 1,
        "the refused publish never reached the server"
    );
    assert_eq!(serverz["total_msgs"], 1);
}
