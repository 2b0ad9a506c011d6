//! §6 Durable subscriptions (non-queue).

use crate::support::*;
use nats_playground::broker::ERR_DUPLICATE_DURABLE;
use nats_playground::sim::Scenario;
use serde_json::json;

fn one(name: &str) -> String {
    format!("/streaming/channelsz?channel={name}&subs=1")
}

// Not recorded in a golden trace: follows stan-semantics.md §6 ("cannot resume while online":
// same connection, same channel, same durable name -> `stan: duplicate durable registration`;
// TestDurableCanReconnect).
#[test]
fn duplicate_durable_registration() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "w")
        .sub_with(0, "w", "dur", "orders", json!({"durable": "d"}))
        .sub_with(10, "w", "dur-twice", "orders", json!({"durable": "d"}))
        .sub_with(
            20,
            "w",
            "other-channel",
            "payments",
            json!({"durable": "d"}),
        )
        .publish(100, "p", "orders", "m1")
        .monitor(200, &one("orders"))
        .run();
    assert_eq!(
        t.sub_error("dur-twice").as_deref(),
        Some(ERR_DUPLICATE_DURABLE)
    );
    assert!(
        t.subscribed("other-channel"),
        "another channel is another durable"
    );
    assert_eq!(t.seqs("dur"), vec![1], "the first one is untouched");
    assert_eq!(subs_of(&t.monitor(&one("orders"))).len(), 1);
}

// Not recorded: `--replace_durable` (replace an online durable instead of refusing the
// duplicate) came with server 0.20.0. The 0.17.0 model has no such option: a scenario asking
// for it is refused by name, and a second subscription to an online durable always fails.
#[test]
fn the_0_17_server_has_no_replace_durable_option() {
    let e = Scenario::parse(r#"{"server":{"replace_durable":true},"steps":[]}"#).unwrap_err();
    assert_eq!(e.field, "server.replace_durable");
    assert!(e.message.starts_with("unknown key"), "{e}");
    let t = scn()
        .connect(0, "w")
        .sub_with(0, "w", "dur1", "orders", json!({"durable": "d"}))
        .sub_with(100, "w", "dur2", "orders", json!({"durable": "d"}))
        .run();
    assert_eq!(t.sub_error("dur2").as_deref(), Some(ERR_DUPLICATE_DURABLE));
}

// Not recorded in a golden trace (durable-close-reconnect acks everything): follows
// stan-semantics.md §6 (resume: pending redelivered first, then from LastSent + 1; acked
// messages are not re-sent; start position ignored; TestNewOnHoldSetOnDurableRestart,
// TestSubStartPositionWithDurable).
#[test]
fn durable_resume_redelivers_pending_first_then_continues_after_last_sent() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "w")
        .sub_with(
            0,
            "w",
            "before",
            "orders",
            json!({"durable": "d", "manual_ack": true, "ack": {"after_ms": 300}}),
        )
        .publish(100, "p", "orders", "m1")
        .publish(450, "p", "orders", "m2")
        .close(500, "w")
        .publish(600, "p", "orders", "m3")
        .connect(700, "w")
        .sub_with(
            800,
            "w",
            "after",
            "orders",
            json!({"durable": "d", "manual_ack": true, "start": "all"}),
        )
        .end(1000)
        .run();
    assert_eq!(t.seqs("before"), vec![1, 2]);
    let after: Vec<(u64, bool, u32)> = t
        .deliveries("after")
        .iter()
        .map(|d| (d.seq, d.redelivered, d.count))
        .collect();
    assert_eq!(after, vec![(2, true, 1), (3, false, 0)]);
}

// Not recorded in a golden trace: follows stan-semantics.md §6 (resume takes MaxInFlight and
// AckWait from the new request).
#[test]
fn durable_resume_takes_new_max_in_flight_and_ack_wait() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "w")
        .sub_with(0, "w", "before", "orders", json!({"durable": "d", "manual_ack": true, "ack": "never", "max_in_flight": 10}))
        .publish(100, "p", "orders", "m1")
        .close(200, "w")
        .connect(300, "w")
        .sub_with(400, "w", "after", "orders", json!({"durable": "d", "manual_ack": true, "ack": "never", "max_in_flight": 2, "ack_wait_ms": 1000}))
        .monitor(450, &one("orders"))
        .publish_n(500, 10, "p", "orders", 3)
        .end(1600)
        .run();
    let s = sub_of_client(&t.monitor(&one("orders")), "w");
    assert_eq!(
        (s["max_inflight"].clone(), s["ack_wait"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        t.first_seqs("after"),
        vec![2],
        "MaxInFlight 2: m1 (pending) + m2"
    );
    let m2: Vec<f64> = t
        .deliveries("after")
        .iter()
        .filter(|d| d.seq == 2)
        .map(|d| d.t)
        .collect();
    assert_eq!(
        m2.len(),
        2,
        "m2 redelivered after the new 1 s AckWait: {m2:?}"
    );
    assert!((m2[1] - m2[0] - 1000.0).abs() < 20.0, "{m2:?}");
}

// Not recorded in a golden trace: follows stan-semantics.md §6 / §4.6 and server 0.17
// `sendMsgToSub` (the resume redelivers a message that is still pending, so its expiry moves
// by AckWait from the old one, not from now; `processSub` arms the timer for one AckWait and
// the pass then waits for that expiry).
#[test]
fn durable_resume_redelivery_moves_the_old_expiry_by_ack_wait() {
    let never = json!({"durable": "d", "manual_ack": true, "ack": "never", "ack_wait_ms": 10_000});
    let t = scn()
        .connect(0, "p")
        .connect(0, "w")
        .sub_with(0, "w", "before", "orders", never.clone())
        .publish(100, "p", "orders", "m1")
        .close(1000, "w")
        .connect(1500, "w")
        .sub_with(2000, "w", "after", "orders", never)
        .end(21_000)
        .run();
    let times: Vec<f64> = t.deliveries("after").iter().map(|d| d.t).collect();
    assert_eq!(times.len(), 2, "{times:?}");
    assert!(
        times[0] < 2010.0,
        "redelivered at once on resume: {times:?}"
    );
    // First sent at ~100 (expiry ~10.1 s), resumed at ~2 s: next expiry ~20.1 s, not ~12 s.
    assert!((times[1] - 20_100.0).abs() < 20.0, "{times:?}");
}

// Not recorded in a golden trace: follows stan-semantics.md §6 (key
// `clientID-channel-durable`: another client id with the same durable name is a new durable).
#[test]
fn durable_is_keyed_by_client_id_and_channel() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "w")
        .connect(0, "x")
        .sub_with(0, "w", "w-dur", "orders", json!({"durable": "d"}))
        .publish(100, "p", "orders", "m1")
        .close(200, "w")
        .sub_with(
            300,
            "x",
            "x-dur",
            "orders",
            json!({"durable": "d", "start": "all"}),
        )
        .monitor(400, &one("orders"))
        .run();
    assert_eq!(t.seqs("w-dur"), vec![1]);
    let x: Vec<(u64, bool)> = t
        .deliveries("x-dur")
        .iter()
        .map(|d| (d.seq, d.redelivered))
        .collect();
    assert_eq!(
        x,
        vec![(1, false)],
        "a brand-new durable honouring its start position"
    );
    let ch = t.monitor(&one("orders"));
    assert_eq!(sub_of_client(&ch, "w")["is_offline"], true);
    assert_eq!(sub_of_client(&ch, "x")["is_offline"], false);
}
