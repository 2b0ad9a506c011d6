//! §1 Connection: client ids, duplicate connects, heartbeats, PINGs, close.

use crate::support::*;
use nats_playground::broker::{
    Command, ConnId, Event, RemovalReason, ServerOptions, ERR_CLIENT_ID_REGISTERED,
    ERR_CLIENT_REPLACED, ERR_INVALID_CLIENT_ID, ERR_INVALID_PUBLISH, ERR_UNKNOWN_CLIENT,
};
use nats_playground::sim::world::{ERR_CONNECTION_CLOSED, ERR_NO_CLIENT_ID, ERR_NO_CLUSTER_ID};

// Not recorded in a golden trace: follows stan-semantics.md §1.2 (server regex
// `^[a-zA-Z0-9_-]+$`, TestClientIDIsValid) and stan.js's "non-empty string" check.
#[test]
fn invalid_client_id_is_refused() {
    let bad = [
        "id with spaces",
        "id:with:columns",
        "id,with,commas",
        "id.with.dots",
        "id!",
    ];
    let good = ["id", "id_with_underscores", "id-with-hypens", "A1"];
    let mut s = scn().connect(0, "");
    for c in bad.iter().chain(good.iter()) {
        s = s.connect(0, c);
    }
    let t = s.monitor(100, "/streaming/clientsz").run();
    for c in bad {
        assert_eq!(t.connect_errors(c).len(), 1, "{c}");
        assert_eq!(t.connect_errors(c)[0].1, ERR_INVALID_CLIENT_ID, "{c}");
        assert!(t.connected(c).is_empty(), "{c}");
    }
    for c in good {
        assert_eq!(t.connected(c).len(), 1, "{c}");
    }
    // stan.js throws from the constructor: nothing reaches the server.
    assert_eq!(t.connect_errors("")[0].1, ERR_NO_CLIENT_ID);
    assert_eq!(t.connect_errors("")[0].0, 0.0);
    let mut ids = client_ids(&t.monitor("/streaming/clientsz"));
    ids.sort();
    let mut want: Vec<String> = good.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(ids, want);
}

// Not recorded in a golden trace: follows stan-semantics.md §1.1 (stan.js constructor).
#[test]
fn empty_cluster_id_is_refused_by_the_client() {
    let t = scn().connect_to(0, "orders-1", "").run();
    assert_eq!(
        t.connect_errors("orders-1"),
        vec![(0.0, ERR_NO_CLUSTER_ID.to_string())]
    );
}

// Not recorded in a golden trace: follows stan-semantics.md §1.2 (client ids are
// case-sensitive map keys).
#[test]
fn client_ids_are_case_sensitive() {
    let t = scn()
        .connect(0, "orders")
        .connect(0, "Orders")
        .monitor(100, "/streaming/clientsz")
        .run();
    assert_eq!(t.connected("orders").len(), 1);
    assert_eq!(t.connected("Orders").len(), 1);
    assert!(t.connect_errors("Orders").is_empty());
    assert_eq!(t.monitor("/streaming/clientsz")["total"], 2);
}

// Not recorded in a golden trace (the golden duplicate-client-id has a live holder):
// follows stan-semantics.md §1.3 (500 ms check, then closeClient) and §1.6 step 2.
#[test]
fn replaced_client_when_old_holder_is_dead_after_500ms() {
    let t = scn()
        .connect(0, "pub")
        .connect(0, "w")
        .sub(0, "w", "plain", "orders")
        .sub_with(
            0,
            "w",
            "dur",
            "orders",
            serde_json::json!({"durable": "d", "manual_ack": true, "ack": "never"}),
        )
        .publish(50, "pub", "orders", "m1")
        .kill(100, "w")
        .connect(200, "w")
        .monitor(300, "/streaming/channelsz?channel=orders&subs=1")
        .sub_with(
            400,
            "w",
            "dur-again",
            "orders",
            serde_json::json!({"durable": "d", "manual_ack": true}),
        )
        .end(600)
        .run();
    let times = t.connected("w");
    assert_eq!(times.len(), 2, "the second connect succeeds");
    let waited = times[1] - 200.0;
    assert!(
        (500.0..520.0).contains(&waited),
        "replaced after the 500 ms check, took {waited} ms"
    );
    assert!(t.connect_errors("w").is_empty());
    // closeClient took the old instance's subscriptions down: the plain one is gone, the
    // durable is offline with its unacked message.
    let ch = t.monitor("/streaming/channelsz?channel=orders&subs=1");
    let subs = subs_of(&ch);
    assert_eq!(subs.len(), 1, "{ch:#}");
    assert_eq!(subs[0]["durable_name"], "d");
    assert_eq!(subs[0]["is_offline"], true);
    assert_eq!(subs[0]["pending_count"], 1);
    // ... and the new instance resumes it.
    assert!(t.subscribed("dur-again"));
    let again = t.deliveries("dur-again");
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].seq, again[0].redelivered), (1, true));
}

// Not recorded in a golden trace: follows stan-semantics.md §1.3 ("if a duplicate check for
// that ID is already in progress, the new request is rejected at once").
#[test]
fn duplicate_connect_while_check_in_progress_is_refused() {
    let mut r = scn().connect(0, "w").kill(10, "w").end(100).runner();
    r.sim.connect("w", None);
    r.sim.connect("w", None);
    r.sim.run_until(1000);
    let t = Trace::from_events(r.sim.trace());
    let errors = t.connect_errors("w");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].1, ERR_CLIENT_ID_REGISTERED);
    assert!(
        errors[0].0 < 110.0,
        "refused at once, not after the check: {}",
        errors[0].0
    );
    let connected = t.connected("w");
    assert_eq!(
        connected.len(),
        2,
        "the first request still replaces the dead holder"
    );
    assert!(connected[1] >= 600.0);
}

// Not recorded in a golden trace: follows stan-semantics.md §1.3 (after replacement the old
// instance's publishes get `stan: invalid publish request`, its PINGs the "replaced" error).
#[test]
fn replaced_client_old_connection_is_refused() {
    let mut d = Driver::new(ServerOptions::default());
    let old = d.connect("w");
    d.set_live(old, false);
    let req = d.req();
    let evs = d.send(Command::Connect {
        req,
        cluster_id: "test-cluster".into(),
        client_id: "w".into(),
    });
    assert!(evs
        .iter()
        .all(|e| !matches!(e, Event::Connected { .. } | Event::ConnectFailed { .. })));
    d.run_until(499);
    assert!(d.removals("w").is_empty(), "still checking");
    d.run_until(500);
    assert_eq!(d.removals("w"), vec![(500, RemovalReason::Replaced)]);
    let new = d
        .log
        .iter()
        .find_map(|(_, e)| match e {
            Event::Connected { req: r, conn, .. } if *r == req => Some(*conn),
            _ => None,
        })
        .expect("the new connection is registered");
    assert_ne!(new, old);
    assert_eq!(
        d.publish(old, "orders", "x").as_deref(),
        Some(ERR_INVALID_PUBLISH)
    );
    assert_eq!(d.publish(new, "orders", "x"), None);
    let ping = |d: &mut Driver, conn: ConnId| {
        let req = d.req();
        d.send(Command::Ping { req, conn })
            .into_iter()
            .find_map(|e| match e {
                Event::Pong { error, .. } => Some(error),
                _ => None,
            })
    };
    assert_eq!(
        ping(&mut d, old),
        Some(Some(ERR_CLIENT_REPLACED.to_string()))
    );
    assert_eq!(ping(&mut d, new), Some(None));
}

// Not recorded in a golden trace (queue-member-killed-hb-removal uses 1s/1s/2 and only
// samples monitoring): follows stan-semantics.md §1.6, exact time of removal.
#[test]
fn heartbeat_removal_timing_is_hbi_plus_hbt_times_hbf_plus_one() {
    // Server defaults: 30 s, 10 s, 10 -> 440 s after the last successful heartbeat.
    let mut d = Driver::new(ServerOptions::default());
    let c = d.connect("w");
    d.set_live(c, false);
    d.run_until(439_999);
    assert_eq!(client_ids(&d.monitor("/streaming/clientsz")), vec!["w"]);
    d.run_until(500_000);
    assert_eq!(
        d.removals("w"),
        vec![(440_000, RemovalReason::HeartbeatsFailed)]
    );
    assert!(client_ids(&d.monitor("/streaming/clientsz")).is_empty());

    // Counted from the last answered heartbeat: hbi 1 s, hbt 0.5 s, hbf 3; the client answers
    // the heartbeats of 1 s and 2 s, then dies -> removed at 2 s + 1.5 s x 4 = 8 s.
    let mut d = Driver::new(opts_hb(1000, 500, 3));
    let c = d.connect("w");
    d.run_until(2600);
    d.set_live(c, false);
    d.run_until(7999);
    assert!(d.removals("w").is_empty());
    d.run_until(9000);
    assert_eq!(
        d.removals("w"),
        vec![(8000, RemovalReason::HeartbeatsFailed)]
    );
}

// Not recorded in a golden trace: follows stan-semantics.md §1.6 (closeClient on heartbeat
// death: plain durable goes offline, keeps LastSent and pending; a plain sub is deleted).
#[test]
fn heartbeat_removal_takes_durables_offline_with_their_pending() {
    let t = scn()
        .server("hb_interval_ms", serde_json::json!(1000))
        .server("hb_timeout_ms", serde_json::json!(1000))
        .server("hb_fail_count", serde_json::json!(2))
        .connect(0, "pub")
        .connect(0, "w")
        .sub(0, "w", "plain", "orders")
        .sub_with(
            0,
            "w",
            "dur",
            "orders",
            serde_json::json!({"durable": "d", "manual_ack": true, "ack": "never"}),
        )
        .publish(50, "pub", "orders", "m1")
        .kill(100, "w")
        .monitor(5000, "/streaming/channelsz?channel=orders&subs=1")
        .monitor(7000, "/streaming/channelsz?channel=orders&subs=1")
        .monitor(7000, "/streaming/clientsz")
        .connect(7100, "w")
        .sub_with(
            7200,
            "w",
            "dur-again",
            "orders",
            serde_json::json!({"durable": "d", "manual_ack": true}),
        )
        .end(7500)
        .run();
    let before = t.monitors("/streaming/channelsz?channel=orders&subs=1");
    // Until the server gives up on it, the crashed client's subs look online.
    assert_eq!(subs_of(&before[0]).len(), 2);
    assert!(subs_of(&before[0]).iter().all(|s| s["is_offline"] == false));
    let after = &before[1];
    let subs = subs_of(after);
    assert_eq!(subs.len(), 1, "{after:#}");
    assert_eq!(subs[0]["durable_name"], "d");
    assert_eq!(subs[0]["is_offline"], true);
    assert_eq!(
        subs[0]["client_id"], "w",
        "the saved client id is still reported"
    );
    assert_eq!(subs[0]["last_sent"], 1);
    assert_eq!(subs[0]["pending_count"], 1);
    assert_eq!(client_ids(&t.monitor("/streaming/clientsz")), vec!["pub"]);
    // The id is free at once (no 500 ms check: nobody holds it).
    assert!(t.connected("w")[1] - 7100.0 < 10.0);
    let again = t.deliveries("dur-again");
    assert_eq!(
        again
            .iter()
            .map(|d| (d.seq, d.redelivered))
            .collect::<Vec<_>>(),
        vec![(1, true)]
    );
}

// Not recorded in a golden trace: follows stan-semantics.md §1.6 (while fhb > 0, plain subs
// skip AckWait redelivery; Appendix B `on ackTimer`).
#[test]
fn plain_sub_skips_redelivery_while_client_fails_heartbeats() {
    let mut d = Driver::new(opts_hb(5000, 1000, 10));
    let w = d.connect("w");
    let p = d.connect("p");
    let s = d
        .subscribe(w, req_for("orders", |r| r.ack_wait_secs = 1))
        .unwrap();
    d.run_until(10);
    assert_eq!(d.publish(p, "orders", "m1"), None);
    d.run_until(5500);
    d.set_live(w, false); // misses the heartbeat of 10 s (fails at 11 s) ...
    d.run_until(14_000);
    d.set_live(w, true); // ... and answers the one of 16 s.
    d.run_until(18_500);
    let times: Vec<u64> = d.deliveries(s).iter().map(|x| x.0).collect();
    assert_eq!(times.first(), Some(&10));
    assert!(
        times.iter().any(|&t| (10_000..11_000).contains(&t)),
        "redelivered while healthy: {times:?}"
    );
    assert!(
        !times.iter().any(|&t| (11_000..16_000).contains(&t)),
        "no redelivery while heartbeats fail: {times:?}"
    );
    assert!(
        times.iter().any(|&t| (16_000..17_100).contains(&t)),
        "resumes once healthy: {times:?}"
    );
    // The message stayed pending throughout.
    let ch = d.monitor("/streaming/channelsz?channel=orders&subs=1");
    assert_eq!(sub_of_client(&ch, "w")["pending_count"], 1);
}

// Not recorded in a golden trace: follows stan-semantics.md §1.5 (a PING from a client with
// failed heartbeats resets the heartbeat timer to fire in 1 ms).
#[test]
fn ping_from_client_with_failed_heartbeats_triggers_a_heartbeat_at_once() {
    let mut d = Driver::new(opts_hb(1000, 1000, 10));
    let c = d.connect("w");
    d.set_live(c, false);
    d.run_until(2100); // probe at 1 s, failed at 2 s, next probe due at 3 s
    d.set_live(c, true);
    let req = d.req();
    let evs = d.send(Command::Ping { req, conn: c });
    assert!(evs.contains(&Event::Pong {
        req,
        conn: c,
        error: None
    }));
    d.run_until(2500);
    let probes: Vec<u64> = d
        .log
        .iter()
        .filter(|(_, e)| matches!(e, Event::HeartbeatProbe { conn, .. } if *conn == c))
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(probes, vec![1000, 2101]);
}

// Not recorded in a golden trace: follows stan-semantics.md §1.7 (close request from a client
// that is not registered -> `stan: unknown clientID`).
#[test]
fn close_of_unknown_client() {
    let mut d = Driver::new(opts_hb(1000, 1000, 0));
    let req = d.req();
    let evs = d.send(Command::Close {
        req,
        conn: ConnId(4242),
    });
    assert!(evs.contains(&Event::Closed {
        req,
        conn: ConnId(4242),
        error: Some(ERR_UNKNOWN_CLIENT.to_string()),
    }));
    // Already removed by heartbeats (hbf 0: the first miss is fatal).
    let c = d.connect("w");
    d.set_live(c, false);
    d.run_until(2000);
    assert_eq!(d.removals("w").len(), 1);
    let req = d.req();
    let evs = d.send(Command::Close { req, conn: c });
    assert!(evs.contains(&Event::Closed {
        req,
        conn: c,
        error: Some(ERR_UNKNOWN_CLIENT.to_string()),
    }));
    // A registered client closes without error.
    let ok = d.connect("ok");
    let req = d.req();
    let evs = d.send(Command::Close { req, conn: ok });
    assert!(evs.contains(&Event::Closed {
        req,
        conn: ok,
        error: None
    }));
}

// Not recorded in a golden trace: follows stan-semantics.md §1.7 (publish after close: the
// callback gets `stan: Connection closed`; subscribe after close emits it as an error).
#[test]
fn publish_after_close_fails_with_connection_closed() {
    let t = scn()
        .connect(0, "p")
        .close(100, "p")
        .publish(200, "p", "orders", "late")
        .sub(300, "p", "late-sub", "orders")
        .monitor(400, "/streaming/channelsz")
        .run();
    assert_eq!(t.closed("p").len(), 1);
    assert_eq!(
        t.pub_acks("p"),
        vec![(
            "orders".to_string(),
            Some(ERR_CONNECTION_CLOSED.to_string())
        )]
    );
    assert_eq!(
        t.sub_error("late-sub").as_deref(),
        Some(ERR_CONNECTION_CLOSED)
    );
    // Nothing reached the server: no channel was created.
    let body = t.monitor("/streaming/channelsz");
    assert_eq!(body["total"], 0);
    assert!(body.get("names").is_none());
}

// Not recorded in a golden trace: follows stan-semantics.md §1.7 (`close()` first calls every
// pending publish callback with `stan: Connection closed`; the late PubAck is ignored).
#[test]
fn close_fails_pending_publishes() {
    let mut r = scn().connect(0, "p").end(10).runner();
    let p = r.client("p").unwrap();
    r.sim.publish(p, "orders", "a");
    r.sim.publish(p, "orders", "b");
    r.sim.close(p);
    r.sim.run_until(3000);
    let t = Trace::from_events(r.sim.trace());
    let closed = Some(ERR_CONNECTION_CLOSED.to_string());
    assert_eq!(
        t.pub_acks("p"),
        vec![
            ("orders".to_string(), closed.clone()),
            ("orders".to_string(), closed)
        ],
        "one callback per publish, with the close error"
    );
    let close_t = t.closed("p");
    assert_eq!(close_t.len(), 1);
    // The PubMsgs were already on the wire before the close request: the server stored them.
    assert_eq!(
        r.sim.broker().channel("orders").map(|c| c.msgs.len()),
        Some(2)
    );
}

// Not recorded: `checkClientHealth` pushes the failed-heartbeat flag down to the client's
// subscriptions only when the heartbeats start (or stop) failing. A subscription made while
// its client is already failing starts without the flag, so its redeliveries go on while an
// older subscription of the same client skips them.
#[test]
fn a_subscription_made_while_its_client_fails_heartbeats_starts_without_the_flag() {
    let mut d = Driver::new(opts_hb(5000, 1000, 10));
    let w = d.connect("w");
    let p = d.connect("p");
    let old = d
        .subscribe(w, req_for("orders", |r| r.ack_wait_secs = 1))
        .unwrap();
    d.run_until(10);
    assert_eq!(d.publish(p, "orders", "m1"), None);
    d.run_until(5500);
    d.set_live(w, false); // misses the heartbeat of 10 s (fails at 11 s)
    d.run_until(11_500);
    let new = d
        .subscribe(w, req_for("tickets", |r| r.ack_wait_secs = 1))
        .unwrap();
    assert_eq!(d.publish(p, "tickets", "t1"), None);
    d.run_until(14_000);
    assert!(d.b.subscription(old).unwrap().has_failed_hb);
    assert!(!d.b.subscription(new).unwrap().has_failed_hb);
    let in_window = |s| {
        d.deliveries(s)
            .iter()
            .filter(|x| x.2 && (11_000..14_000).contains(&x.0))
            .count()
    };
    assert_eq!(in_window(old), 0, "the flagged one skips its passes");
    assert!(in_window(new) >= 2, "{:?}", d.deliveries(new));
}
