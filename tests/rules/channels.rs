//! §2 Channels: names, auto-creation, store limits, eviction, sequences, max_inactivity.

use crate::support::*;
use nats_playground::broker::{
    err_case_conflict, Event, ServerOptions, ERR_DURABLE_QUEUE_COLON, ERR_INVALID_PUBLISH,
    ERR_INVALID_SUBJECT, ERR_TOO_MANY_CHANNELS, ERR_TOO_MANY_SUBS,
};
use nats_playground::sim::world::ERR_NO_SUBJECT;
use serde_json::json;

const CH: &str = "/streaming/channelsz";

fn one(name: &str) -> String {
    format!("/streaming/channelsz?channel={name}&subs=1")
}

// Not recorded in a golden trace: follows stan-semantics.md §2.1 (IsChannelNameValid without
// wildcards: publish -> `stan: invalid publish request`, subscribe -> `stan: invalid subject`;
// stan.js refuses an empty subscribe subject itself, but not an empty publish subject).
#[test]
fn wildcard_and_empty_subjects_are_refused() {
    let t = scn()
        .connect(0, "c")
        .publish(10, "c", "orders.*", "x")
        .publish(20, "c", "orders.>", "x")
        .publish(30, "c", "*", "x")
        .publish(40, "c", "", "x")
        .sub(50, "c", "star", "orders.*")
        .sub(60, "c", "gt", "orders.>")
        .sub(70, "c", "empty", "")
        .monitor(100, CH)
        .run();
    let acks = t.pub_acks("c");
    assert_eq!(acks.len(), 4);
    for (subject, error) in &acks {
        assert_eq!(
            error.as_deref(),
            Some(ERR_INVALID_PUBLISH),
            "publish to {subject:?}"
        );
    }
    assert_eq!(t.sub_error("star").as_deref(), Some(ERR_INVALID_SUBJECT));
    assert_eq!(t.sub_error("gt").as_deref(), Some(ERR_INVALID_SUBJECT));
    assert_eq!(t.sub_error("empty").as_deref(), Some(ERR_NO_SUBJECT));
    assert_eq!(t.monitor(CH)["total"], 0, "no channel was created");
}

// Not recorded in a golden trace: follows stan-semantics.md §2.1 (leading `.`, trailing `.`,
// empty token, `/`, `*`/`>` inside a token are invalid; `:` and inner dots are fine).
#[test]
fn channel_names_with_bad_dots_slashes_or_wildcard_characters_are_refused() {
    let bad = [
        ".orders",
        "orders.",
        "orders..created",
        "orders/created",
        "ord*ers",
        "ord>ers",
    ];
    let good = ["ticket:created", "a.b.c", "Foo-1_x"];
    let mut s = scn().connect(0, "c");
    for (i, subject) in bad.iter().chain(good.iter()).enumerate() {
        s = s
            .publish(10, "c", subject, "x")
            .sub(10, "c", &format!("s{i}"), subject);
    }
    let t = s.monitor(100, CH).run();
    let acks = t.pub_acks("c");
    for (i, subject) in bad.iter().enumerate() {
        assert_eq!(acks[i].1.as_deref(), Some(ERR_INVALID_PUBLISH), "{subject}");
        assert_eq!(
            t.sub_error(&format!("s{i}")).as_deref(),
            Some(ERR_INVALID_SUBJECT),
            "{subject}"
        );
    }
    for (j, subject) in good.iter().enumerate() {
        let i = bad.len() + j;
        assert_eq!(acks[i].1, None, "{subject}");
        assert!(t.subscribed(&format!("s{i}")), "{subject}");
    }
    assert_eq!(t.monitor(CH)["total"], good.len());
}

// Not recorded in a golden trace: follows stan-semantics.md §2.1 (channelStore.checkCase,
// the server's text with its "alreay" typo).
#[test]
fn case_conflict_channel_is_refused_with_the_server_string() {
    let t = scn()
        .connect(0, "c")
        .publish(10, "c", "orders", "x")
        .publish(20, "c", "Orders", "x")
        .sub(30, "c", "upper", "ORDERS")
        .monitor(100, CH)
        .run();
    let acks = t.pub_acks("c");
    assert_eq!(acks[0].1, None);
    assert_eq!(
        acks[1].1.as_deref(),
        Some(
            r#"rejecting channel "Orders" because channel "orders" alreay exists (different cases not allowed)"#
        )
    );
    assert_eq!(
        t.sub_error("upper"),
        Some(err_case_conflict("ORDERS", "orders"))
    );
    assert_eq!(t.monitor(CH)["names"], json!(["orders"]));
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 (canAddChannel;
// TestTooManyChannelsOnCreateSub / TestTooManyChannelsOnPublish: the channel is not created).
#[test]
fn max_channels_refuses_a_new_channel_on_publish_and_on_subscribe() {
    let t = scn()
        .server("max_channels", json!(2))
        .connect(0, "c")
        .publish(10, "c", "a", "x")
        .sub(20, "c", "on-b", "b")
        .publish(30, "c", "c", "x")
        .sub(40, "c", "on-d", "d")
        .publish(50, "c", "a", "y")
        .sub(60, "c", "on-a", "a")
        .monitor(100, CH)
        .run();
    let errors: Vec<Option<String>> = t.pub_acks("c").into_iter().map(|(_, e)| e).collect();
    assert_eq!(
        errors,
        vec![None, Some(ERR_TOO_MANY_CHANNELS.to_string()), None]
    );
    assert!(t.subscribed("on-b"));
    assert_eq!(t.sub_error("on-d").as_deref(), Some(ERR_TOO_MANY_CHANNELS));
    assert!(
        t.subscribed("on-a"),
        "existing channels still accept subscriptions"
    );
    let body = t.monitor(CH);
    assert_eq!(body["total"], 2);
    assert_eq!(body["names"], json!(["a", "b"]));
}

// Not recorded in a golden trace: follows stan-semantics.md §2.2 (created by the first valid
// publish or subscription request, before processSub, so even a subscription that then fails
// leaves the channel; a new channel reports first/last 0/0 — §2.4).
#[test]
fn channel_is_created_by_subscribe_even_when_the_subscription_fails() {
    let t = scn()
        .connect(0, "c")
        .sub(10, "c", "ok", "subbed")
        .sub_with(
            20,
            "c",
            "colon",
            "failed",
            json!({"queue": "g", "durable": "a:b"}),
        )
        .monitor(100, CH)
        .monitor(100, &one("subbed"))
        .monitor(100, &one("failed"))
        .run();
    assert_eq!(
        t.sub_error("colon").as_deref(),
        Some(ERR_DURABLE_QUEUE_COLON)
    );
    assert_eq!(t.monitor(CH)["names"], json!(["failed", "subbed"]));
    for name in ["subbed", "failed"] {
        let ch = t.monitor(&one(name));
        assert_eq!(
            (
                ch["msgs"].clone(),
                ch["first_seq"].clone(),
                ch["last_seq"].clone()
            ),
            (json!(0), json!(0), json!(0))
        );
    }
    assert_eq!(subs_of(&t.monitor(&one("failed"))).len(), 0);
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 (MemoryMsgStore.Store:
// FIFO eviction while count > max_msgs; TestMaxMsgs).
#[test]
fn max_msgs_evicts_the_oldest_message() {
    let t = scn()
        .server("max_msgs", json!(3))
        .connect(0, "p")
        .connect(0, "s")
        .publish_n(10, 10, "p", "orders", 5)
        .monitor(100, &one("orders"))
        .sub_with(200, "s", "all", "orders", json!({"start": "all"}))
        .end(300)
        .run();
    assert!(
        t.pub_acks("p").iter().all(|(_, e)| e.is_none()),
        "eviction is not an error"
    );
    let ch = t.monitor(&one("orders"));
    assert_eq!(
        (
            ch["msgs"].clone(),
            ch["first_seq"].clone(),
            ch["last_seq"].clone()
        ),
        (json!(3), json!(3), json!(5))
    );
    let got: Vec<(u64, String)> = t
        .deliveries("all")
        .into_iter()
        .map(|d| (d.seq, d.data))
        .collect();
    assert_eq!(
        got,
        vec![(3, "m3".into()), (4, "m4".into()), (5, "m5".into())]
    );
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 (bytes = MsgProto size,
// `foo`/`hello`/seq 1 = 24 bytes; the message just stored is always kept; TestMaxBytes).
#[test]
fn max_bytes_evicts_the_oldest_message() {
    let big = "x".repeat(100);
    let t = scn()
        .server("max_bytes", json!(50))
        .connect(0, "p")
        .publish(10, "p", "foo", "hello")
        .publish(20, "p", "foo", "hello")
        .monitor(30, &one("foo"))
        .publish(40, "p", "foo", "hello")
        .monitor(50, &one("foo"))
        .publish(60, "p", "foo", &big)
        .monitor(70, &one("foo"))
        .run();
    let snaps = t.monitors(&one("foo"));
    let view = |v: &serde_json::Value| {
        (
            v["msgs"].as_u64(),
            v["bytes"].as_u64(),
            v["first_seq"].as_u64(),
        )
    };
    assert_eq!(view(&snaps[0]), (Some(2), Some(48), Some(1)));
    assert_eq!(
        view(&snaps[1]),
        (Some(2), Some(48), Some(2)),
        "the third 24-byte message pushes out the first"
    );
    assert_eq!(
        snaps[2]["msgs"], 1,
        "a message over the limit is kept alone"
    );
    assert_eq!(snaps[2]["first_seq"], 4);
    assert_eq!(snaps[2]["last_seq"], 4);
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 (expireMsgs removes from the
// front while now - timestamp >= max_age) and §2.4 (all gone: first_seq = last_seq + 1).
#[test]
fn max_age_removes_expired_messages() {
    let t = scn()
        .server("max_age_ms", json!(1000))
        .connect(0, "p")
        .publish(100, "p", "orders", "m1")
        .publish(600, "p", "orders", "m2")
        .monitor(1050, &one("orders"))
        .monitor(1150, &one("orders"))
        .monitor(1700, &one("orders"))
        .monitor(1700, "/streaming/storez")
        .run();
    let snaps = t.monitors(&one("orders"));
    let view = |v: &serde_json::Value| {
        (
            v["msgs"].as_u64(),
            v["first_seq"].as_u64(),
            v["last_seq"].as_u64(),
        )
    };
    assert_eq!(
        view(&snaps[0]),
        (Some(2), Some(1), Some(2)),
        "not yet 1 s old"
    );
    assert_eq!(view(&snaps[1]), (Some(1), Some(2), Some(2)));
    assert_eq!(view(&snaps[2]), (Some(0), Some(3), Some(2)));
    assert_eq!(t.monitor("/streaming/storez")["total_msgs"], 0);
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 ("messages are never removed
// because they were consumed/acked").
#[test]
fn acked_messages_stay_in_the_store() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "s")
        .sub(0, "s", "first", "orders")
        .publish_n(10, 10, "p", "orders", 3)
        .monitor(200, &one("orders"))
        .sub_with(300, "s", "later", "orders", json!({"start": "all"}))
        .end(400)
        .run();
    assert_eq!(t.seqs("first"), vec![1, 2, 3]);
    let ch = t.monitor(&one("orders"));
    assert_eq!(ch["msgs"], 3);
    assert_eq!(sub_of_client(&ch, "s")["pending_count"], 0, "all acked");
    assert_eq!(t.seqs("later"), vec![1, 2, 3]);
}

// Not recorded in a golden trace: follows stan-semantics.md §2.4 (per-channel sequence
// starting at 1, +1 per stored message).
#[test]
fn sequences_are_per_channel_and_start_at_one() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "s")
        .publish_n(10, 10, "p", "a", 3)
        .publish(50, "p", "b", "b1")
        .publish(60, "p", "b", "b2")
        .sub_with(100, "s", "on-a", "a", json!({"start": "all"}))
        .sub_with(100, "s", "on-b", "b", json!({"start": "all"}))
        .end(200)
        .run();
    assert_eq!(t.seqs("on-a"), vec![1, 2, 3]);
    assert_eq!(t.seqs("on-b"), vec![1, 2]);
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 (getMsgForRedelivery: a
// pending message that was evicted is acked on the subscriber's behalf at its next
// redelivery attempt; TestDroppedMessagesOnRedelivery).
#[test]
fn evicted_pending_message_is_implicitly_acked() {
    let path = one("orders");
    let t = scn()
        .server("max_msgs", json!(2))
        .connect(0, "p")
        .connect(0, "s")
        .sub_with(
            0,
            "s",
            "never",
            "orders",
            json!({"manual_ack": true, "ack": "never", "ack_wait_ms": 1000}),
        )
        .publish(100, "p", "orders", "m1")
        .publish(200, "p", "orders", "m2")
        .publish(300, "p", "orders", "m3")
        .monitor(1050, &path)
        .monitor(1500, &path)
        .end(2500)
        .run();
    let snaps = t.monitors(&path);
    assert_eq!(snaps[0]["first_seq"], 2, "m1 evicted");
    assert_eq!(
        sub_of_client(&snaps[0], "s")["pending_count"],
        3,
        "still pending until its redelivery is due"
    );
    assert_eq!(sub_of_client(&snaps[1], "s")["pending_count"], 2);
    let d = t.deliveries("never");
    assert_eq!(
        d.iter().filter(|d| d.seq == 1).count(),
        1,
        "m1 is never redelivered"
    );
    assert!(d.iter().any(|d| d.seq == 2 && d.redelivered));
    assert!(d.iter().any(|d| d.seq == 3 && d.redelivered));
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 (getNextMsg: nextSeq < first
// -> jump to first available; TestDroppedMessagesOnSendToSub / ...ToQueueSub).
#[test]
fn subscriber_behind_evicted_messages_jumps_to_first_available() {
    let slow = json!({"manual_ack": true, "max_in_flight": 1, "ack": {"after_ms": 500}});
    let mut slow_q = slow.clone();
    slow_q["queue"] = json!("g");
    let t = scn()
        .server("max_msgs", json!(2))
        .connect(0, "p")
        .connect(0, "s")
        .connect(0, "q")
        .sub_with(0, "s", "plain", "orders", slow)
        .sub_with(0, "q", "member", "orders", slow_q)
        .publish_n(100, 10, "p", "orders", 5)
        .end(2000)
        .run();
    assert_eq!(t.first_seqs("plain"), vec![1, 4, 5]);
    assert_eq!(t.first_seqs("member"), vec![1, 4, 5]);
}

// Not recorded in a golden trace: follows stan-semantics.md §2.5 (handleChannelDelete: no
// active subscription and nothing stored for max_inactivity -> the channel and its offline
// durables go; a later subscribe/publish recreates it from sequence 1; a channel with an
// active subscription is kept).
#[test]
fn max_inactivity_deletes_idle_channel_with_offline_durables() {
    let t = scn()
        .server("max_inactivity_ms", json!(1000))
        .connect(0, "p")
        .connect(0, "w")
        .sub_with(0, "w", "dur", "idle", json!({"durable": "d"}))
        .sub(0, "w", "live", "busy")
        .publish(100, "p", "idle", "m1")
        .sub_close(200, "dur")
        .publish(300, "p", "busy", "b1")
        .monitor(1150, CH)
        .monitor(1150, "/streaming/serverz")
        .monitor(1300, CH)
        .monitor(1300, "/streaming/serverz")
        .sub_with(
            1400,
            "w",
            "dur-again",
            "idle",
            json!({"durable": "d", "start": "all"}),
        )
        .publish(1500, "p", "idle", "again")
        .monitor(5000, CH)
        .run();
    let names = t.monitors(CH);
    assert_eq!(names[0]["names"], json!(["busy", "idle"]));
    assert_eq!(
        t.monitors("/streaming/serverz")[0]["subscriptions"],
        2,
        "live + offline durable"
    );
    assert_eq!(
        names[1]["names"],
        json!(["busy"]),
        "idle deleted 1 s after its durable went offline"
    );
    assert_eq!(
        t.monitors("/streaming/serverz")[1]["subscriptions"],
        1,
        "the offline durable went with it"
    );
    // The durable is brand new (honours `all`), the channel restarts at sequence 1.
    let d = t.deliveries("dur-again");
    assert_eq!(
        d.iter()
            .map(|d| (d.seq, d.data.as_str(), d.redelivered))
            .collect::<Vec<_>>(),
        vec![(1, "again", false)]
    );
    assert_eq!(
        names[2]["names"],
        json!(["busy", "idle"]),
        "channels with an active subscription stay"
    );
}

// Not recorded in a golden trace: follows stan-semantics.md §2.3 (max_subs counts offline
// durables and durable-queue shadows; resuming does not create; TestTooManySubs).
#[test]
fn max_subs_counts_offline_durables() {
    let t = scn()
        .server("max_subs", json!(2))
        .connect(0, "w")
        .connect(0, "x")
        .sub_with(0, "w", "dur", "orders", json!({"durable": "d"}))
        .sub_with(
            0,
            "x",
            "dq",
            "orders",
            json!({"durable": "d", "queue": "g"}),
        )
        .sub_close(100, "dur")
        .sub_close(100, "dq")
        .sub(200, "x", "third", "orders")
        .sub_with(300, "w", "dur-again", "orders", json!({"durable": "d"}))
        .sub_with(
            300,
            "x",
            "dq-again",
            "orders",
            json!({"durable": "d", "queue": "g"}),
        )
        .monitor(400, &one("orders"))
        .run();
    assert_eq!(t.sub_error("third").as_deref(), Some(ERR_TOO_MANY_SUBS));
    assert!(
        t.subscribed("dur-again"),
        "resuming a durable creates nothing"
    );
    assert!(
        t.subscribed("dq-again"),
        "taking over a shadow creates nothing"
    );
    assert_eq!(subs_of(&t.monitor(&one("orders"))).len(), 2);
}

// Found by the property test (tests/invariants.rs). Not recorded in a golden trace: follows
// stan-semantics.md §2.3 and §4.5. sendAvailableMessages loops only while the subscription is
// not stalled, and the jump past messages the store limits removed (getNextMsg: LastSent =
// first - 1) happens inside that loop, so a stalled subscription keeps its LastSent while its
// next messages are evicted; the jump comes with the ack that un-stalls it.
#[test]
fn a_stalled_subscription_keeps_its_last_sent_while_messages_are_evicted() {
    let mut opts = ServerOptions::default();
    opts.limits.max_msgs = 2;
    let mut d = Driver::new(opts);
    let c = d.connect("w");
    let p = d.connect("p");
    let s = d
        .subscribe(c, req_for("orders", |r| r.max_in_flight = 1))
        .unwrap();
    for m in ["m1", "m2", "m3", "m4"] {
        d.publish(p, "orders", m);
    }
    let last_sent =
        |d: &mut Driver| sub_of_client(&d.monitor(&one("orders")), "w")["last_sent"].clone();
    assert_eq!(
        last_sent(&mut d),
        json!(1),
        "stalled on #1 while #2 was evicted"
    );
    d.ack(s, 1);
    let got: Vec<u64> = d
        .log
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Deliver { msg, .. } => Some(msg.seq),
            _ => None,
        })
        .collect();
    assert_eq!(
        got,
        vec![1, 3],
        "un-stalled, it jumps to the first message stored"
    );
    assert_eq!(last_sent(&mut d), json!(3));
}
