//! §5 Queue groups: identity, member pick, joining, leaving, redelivery, durable groups.

use crate::support::*;
use serde_json::{json, Value};

fn one(name: &str) -> String {
    format!("/streaming/channelsz?channel={name}&subs=1")
}

fn q(extra: Value) -> Value {
    let mut v = json!({"queue": "g"});
    if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
        m.extend(e);
    }
    v
}

fn dq(extra: Value) -> Value {
    let mut v = q(extra);
    v["durable"] = json!("d");
    v
}

// Not recorded in a golden trace: follows stan-semantics.md §5.3 (processSub: a member joining
// an existing group ignores its start position and shares the group's cursor;
// TestSubStartPositionWithQueueSub).
#[test]
fn queue_join_ignores_start_position() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .publish_n(10, 10, "p", "orders", 3)
        .sub_with(
            100,
            "a",
            "qa",
            "orders",
            q(json!({"start": {"at_sequence": 2}})),
        )
        .sub_with(200, "b", "qb", "orders", q(json!({"start": "all"})))
        .publish(300, "p", "orders", "m4")
        .publish(350, "p", "orders", "m5")
        .end(400)
        .run();
    assert_eq!(
        t.seqs("qa")[..2],
        [2, 3],
        "the creator's start position counts"
    );
    assert!(
        t.seqs("qb").iter().all(|&s| s >= 4),
        "the joiner's `all` is ignored: {:?}",
        t.seqs("qb")
    );
    let mut group: Vec<u64> = t.seqs("qa").into_iter().chain(t.seqs("qb")).collect();
    group.sort();
    assert_eq!(group, vec![2, 3, 4, 5]);
}

// Not recorded in a golden trace: follows stan-semantics.md §5.4 (last member of a non-durable
// group leaves by close or unsubscribe -> group deleted; the next subscriber creates a new
// group honouring its start position; TestQueueGroupRemovedOnLastMemberLeaving).
#[test]
fn queue_last_member_leaving_deletes_non_durable_group() {
    let all = q(json!({"start": "all"}));
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .publish_n(10, 10, "p", "orders", 2)
        .sub_with(100, "a", "q1", "orders", all.clone())
        .sub_close(200, "q1")
        .monitor(250, &one("orders"))
        .sub_with(300, "a", "q2", "orders", all.clone())
        .unsubscribe(400, "q2")
        .sub_with(500, "a", "q3", "orders", all)
        .end(600)
        .run();
    assert_eq!(t.seqs("q1"), vec![1, 2]);
    assert!(
        subs_of(&t.monitor(&one("orders"))).is_empty(),
        "group gone after close"
    );
    assert_eq!(t.seqs("q2"), vec![1, 2], "a new group, from the start");
    assert_eq!(t.seqs("q3"), vec![1, 2], "gone after unsubscribe too");
}

// Not recorded in a golden trace (monitoring-endpoints only shows online durable members):
// follows stan-semantics.md §5.6 (last member closes -> offline shadow with the group's
// lastSent and pending; the next member takes it over, gets the pending redelivered at once
// in sequence order, then resumes after lastSent; start position ignored;
// TestBasicDurableQueueSub, TestDurableQueueSubRedeliveryOnRejoin).
#[test]
fn durable_queue_group_survives_last_member_close_as_shadow_and_redelivers_on_rejoin() {
    let path = one("orders");
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(
            0,
            "a",
            "dq1",
            "orders",
            dq(json!({"manual_ack": true, "ack": "never", "ack_wait_ms": 1000})),
        )
        .publish_n(100, 10, "p", "orders", 2)
        .sub_close(1500, "dq1")
        .monitor(1550, &path)
        .publish(1600, "p", "orders", "m3")
        .sub_with(
            1700,
            "b",
            "dq2",
            "orders",
            dq(json!({"manual_ack": true, "start": "new"})),
        )
        .monitor(1800, &path)
        .end(1900)
        .run();
    let shadow = t.monitors(&path)[0].clone();
    let subs = subs_of(&shadow);
    assert_eq!(subs.len(), 1, "{shadow:#}");
    let s = &subs[0];
    assert_eq!(s["queue_name"], "d:g");
    assert!(
        s.get("durable_name").is_none(),
        "durable queue members have no durable_name"
    );
    assert_eq!(
        (s["is_durable"].clone(), s["is_offline"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(
        (s["last_sent"].clone(), s["pending_count"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(t.first_seqs("dq1"), vec![1, 2]);
    assert!(
        t.deliveries("dq1").iter().all(|d| d.t < 1500.0),
        "nothing delivered while shadowed"
    );
    let d = t.deliveries("dq2");
    assert_eq!(
        d.iter()
            .map(|d| (d.seq, d.redelivered, d.count))
            .collect::<Vec<_>>(),
        vec![(1, true, 2), (2, true, 2), (3, false, 0)],
        "pending first (the group's redelivery counts go on), then new"
    );
    assert!(
        d.iter().all(|d| d.t < 1710.0),
        "no AckWait to wait for: {d:?}"
    );
    let member = sub_of_client(&t.monitors(&path)[1], "b");
    assert_eq!(
        (
            member["is_offline"].clone(),
            member["pending_count"].clone()
        ),
        (json!(false), json!(0))
    );
}

// Not recorded in a golden trace: follows stan-semantics.md §5.6 (the last member's
// unsubscribe deletes a durable group; a later member starts a new group at its start).
#[test]
fn durable_queue_group_deleted_when_last_member_unsubscribes() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .sub_with(0, "a", "dq1", "orders", dq(json!({})))
        .publish_n(100, 10, "p", "orders", 2)
        .unsubscribe(200, "dq1")
        .monitor(250, &one("orders"))
        .sub_with(300, "a", "dq2", "orders", dq(json!({"start": "all"})))
        .end(400)
        .run();
    assert!(
        subs_of(&t.monitor(&one("orders"))).is_empty(),
        "no shadow left"
    );
    assert_eq!(t.seqs("dq2"), vec![1, 2]);
    assert!(t.deliveries("dq2").iter().all(|d| !d.redelivered));
}

// Not recorded in a golden trace: follows stan-semantics.md §5.6 ("a non-last member's
// unsubscribe does not destroy the group"; issues #659, #1001).
#[test]
fn durable_queue_non_last_member_unsubscribe_keeps_the_group() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .connect(0, "c")
        .sub_with(0, "a", "dq1", "orders", dq(json!({})))
        .sub_with(0, "b", "dq2", "orders", dq(json!({})))
        .publish_n(100, 10, "p", "orders", 2)
        .unsubscribe(200, "dq1")
        .publish(250, "p", "orders", "m3")
        .sub_close(300, "dq2")
        .sub_with(400, "c", "dq3", "orders", dq(json!({"start": "all"})))
        .publish(500, "p", "orders", "m4")
        .end(600)
        .run();
    let mut before: Vec<u64> = t.seqs("dq1").into_iter().chain(t.seqs("dq2")).collect();
    before.sort();
    assert_eq!(before, vec![1, 2, 3]);
    assert_eq!(
        t.seqs("dq3"),
        vec![4],
        "the group (and its cursor) survived"
    );
}

// Not recorded in a golden trace (the golden covers heartbeat removal): follows
// stan-semantics.md §5.4 (a member's close hands its unacked messages to the remaining
// members with an expiry in the past; they are redelivered ~100 ms later;
// TestQueueSubscriberTransferPendingMsgsOnClose).
#[test]
fn queue_member_close_transfers_unacked_messages() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(
            0,
            "a",
            "qa",
            "orders",
            q(json!({"manual_ack": true, "ack": "never"})),
        )
        .sub_with(0, "b", "qb", "orders", q(json!({"manual_ack": true})))
        .publish(100, "p", "orders", "m1")
        .publish(150, "p", "orders", "m2")
        .sub_close(1000, "qa")
        .monitor(1500, &one("orders"))
        .end(2000)
        .run();
    assert_eq!(t.seqs("qa"), vec![1]);
    let moved: Vec<Dlv> = t
        .deliveries("qb")
        .into_iter()
        .filter(|d| d.seq == 1)
        .collect();
    assert_eq!(moved.len(), 1);
    assert!(moved[0].redelivered);
    assert_eq!(moved[0].count, 1);
    assert!(
        (1095.0..1115.0).contains(&moved[0].t),
        "about 100 ms after the close: {}",
        moved[0].t
    );
    let subs = subs_of(&t.monitor(&one("orders")));
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["pending_count"], 0, "b acked it");
}

// Not recorded in a golden trace: follows stan-semantics.md §5.5 (processAck: a user ack for
// a sequence no longer pending on this member settles it on the member that owns it;
// TestQueueAckRemovesFromOwningMember).
#[test]
fn late_ack_from_queue_member_settles_message_on_new_owner() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(
            0,
            "a",
            "slow",
            "orders",
            q(json!({"manual_ack": true, "ack_wait_ms": 1000, "ack": {"after_ms": 1500}})),
        )
        .sub_with(
            0,
            "b",
            "mute",
            "orders",
            q(json!({"manual_ack": true, "ack_wait_ms": 1000, "ack": "never"})),
        )
        .publish(100, "p", "orders", "m1")
        .monitor(1800, &one("orders"))
        .end(5000)
        .run();
    assert_eq!(t.seqs("slow"), vec![1]);
    let moved = t.deliveries("mute");
    assert_eq!(
        moved.len(),
        1,
        "redelivered once to the other member, then settled: {moved:?}"
    );
    assert!(moved[0].redelivered);
    let ch = t.monitor(&one("orders"));
    assert_eq!(sub_of_client(&ch, "a")["pending_count"], 0);
    assert_eq!(sub_of_client(&ch, "b")["pending_count"], 0);
}

// Not recorded in a golden trace: follows stan-semantics.md §4.7 / §5.5 (redelivery goes to
// the best member, which may be another one; the count is kept per group;
// TestQueueRedeliveryCount).
#[test]
fn redelivery_count_shared_by_queue_group() {
    let never = q(json!({"manual_ack": true, "ack_wait_ms": 1000, "ack": "never"}));
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(0, "a", "qa", "orders", never.clone())
        .sub_with(0, "b", "qb", "orders", never)
        .publish(100, "p", "orders", "m1")
        .end(3500)
        .run();
    let got: Vec<(String, u32, bool)> = t
        .all_deliveries()
        .into_iter()
        .map(|d| (d.sub, d.count, d.redelivered))
        .collect();
    assert_eq!(
        got,
        vec![
            ("qa".into(), 0, false),
            ("qb".into(), 1, true),
            ("qa".into(), 2, true),
            ("qb".into(), 3, true),
        ]
    );
}

// Not recorded in a golden trace (queue-group-and-plain-listener has equal load): follows
// stan-semantics.md §5.2 (findBestQueueSub: fewest pending wins, ties to the list head).
#[test]
fn queue_pick_prefers_the_member_with_fewest_pending() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(
            0,
            "a",
            "qa",
            "orders",
            q(json!({"manual_ack": true, "ack": "never"})),
        )
        .sub_with(0, "b", "qb", "orders", q(json!({"manual_ack": true})))
        .publish_n(100, 50, "p", "orders", 4)
        .end(500)
        .run();
    assert_eq!(t.seqs("qa"), vec![1]);
    assert_eq!(t.seqs("qb"), vec![2, 3, 4]);
}

// Not recorded in a golden trace: follows stan-semantics.md §5.2 ("the first member to join
// gets up to MaxInFlight messages at once", issue #925; stan.js default 16384).
#[test]
fn first_queue_member_takes_the_backlog_up_to_its_max_in_flight() {
    let never = |extra: Value| {
        let mut v = q(json!({"manual_ack": true, "ack": "never", "start": "all"}));
        if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
            m.extend(e);
        }
        v
    };
    let mut g2 = never(json!({}));
    g2["queue"] = json!("g2");
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .publish_n(10, 10, "p", "orders", 5)
        .sub_with(100, "a", "qa", "orders", never(json!({"max_in_flight": 3})))
        .sub_with(100, "a", "g2a", "orders", g2.clone())
        .sub_with(200, "b", "qb", "orders", never(json!({})))
        .sub_with(200, "b", "g2b", "orders", g2)
        .end(300)
        .run();
    assert_eq!(t.seqs("qa"), vec![1, 2, 3]);
    assert_eq!(t.seqs("qb"), vec![4, 5]);
    assert_eq!(
        t.seqs("g2a"),
        vec![1, 2, 3, 4, 5],
        "default MaxInFlight: the whole backlog"
    );
    assert!(t.seqs("g2b").is_empty());
}

// Not recorded in a golden trace: follows stan-semantics.md §5.2 (MaxInFlight is per member:
// a stalled member is skipped, the group keeps going; TestQueueWithOneStalledMemberDoesNotStallGroup).
#[test]
fn one_stalled_member_does_not_stall_the_group() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(
            0,
            "a",
            "qa",
            "orders",
            q(json!({"manual_ack": true, "ack": "never", "max_in_flight": 1})),
        )
        .sub_with(
            0,
            "b",
            "qb",
            "orders",
            q(json!({"manual_ack": true, "ack": "never"})),
        )
        .publish_n(100, 50, "p", "orders", 4)
        .monitor(400, &one("orders"))
        .end(500)
        .run();
    assert_eq!(t.seqs("qa"), vec![1]);
    assert_eq!(t.seqs("qb"), vec![2, 3, 4]);
    let ch = t.monitor(&one("orders"));
    assert_eq!(sub_of_client(&ch, "a")["is_stalled"], true);
    assert_eq!(sub_of_client(&ch, "b")["is_stalled"], false);
}

// Not recorded in a golden trace: follows stan-semantics.md §5.1 (key `group` vs
// `durable:group`: different groups; TestDurableAndNonDurableQueueSub).
#[test]
fn durable_and_non_durable_queue_groups_with_the_same_name_are_distinct() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(0, "a", "plain-g", "orders", q(json!({})))
        .sub_with(0, "b", "durable-g", "orders", dq(json!({})))
        .publish_n(100, 10, "p", "orders", 2)
        .monitor(200, &one("orders"))
        .run();
    assert_eq!(t.seqs("plain-g"), vec![1, 2]);
    assert_eq!(t.seqs("durable-g"), vec![1, 2]);
    let ch = t.monitor(&one("orders"));
    assert_eq!(sub_of_client(&ch, "a")["queue_name"], "g");
    assert_eq!(sub_of_client(&ch, "a")["is_durable"], false);
    assert_eq!(sub_of_client(&ch, "b")["queue_name"], "d:g");
    assert_eq!(sub_of_client(&ch, "b")["is_durable"], true);
}

// Not recorded in a golden trace: follows stan-semantics.md §1.6 / §5.5 (findBestQueueSub
// skips members whose client has failed heartbeats, for new messages and for redeliveries,
// which are not skipped for queue members; TestIgnoreFailedHBInAckRedeliveryForQGroup).
#[test]
fn queue_pick_avoids_member_with_failed_heartbeats() {
    let mut d = Driver::new(opts_hb(1000, 1000, 10));
    let a = d.connect("a");
    let b = d.connect("b");
    let p = d.connect("p");
    let member = |r: &mut nats_playground::broker::SubscribeRequest| {
        r.queue = Some("g".into());
        r.ack_wait_secs = 3;
    };
    let sa = d.subscribe(a, req_for("orders", member)).unwrap();
    let sb = d.subscribe(b, req_for("orders", member)).unwrap();
    d.set_live(a, false);
    d.publish(p, "orders", "m1"); // a: head of the list
    d.run_until(2500); // a's heartbeat of 1 s has failed at 2 s
    d.publish(p, "orders", "m2"); // b (a is avoided, and busier anyway)
    d.run_until(3200); // m1 expires on a at 3 s: a tie on pending, but a is avoided
    d.publish(p, "orders", "m3"); // a has nothing pending now, b has 2: still b
    let seqs = |s| {
        d.deliveries(s)
            .iter()
            .map(|x| (x.1, x.2))
            .collect::<Vec<_>>()
    };
    assert_eq!(seqs(sa), vec![(1, false)]);
    assert_eq!(seqs(sb), vec![(2, false), (1, true), (3, false)]);
    let ch = d.monitor("/streaming/channelsz?channel=orders&subs=1");
    assert_eq!(sub_of_client(&ch, "a")["pending_count"], 0);
    assert_eq!(sub_of_client(&ch, "b")["pending_count"], 3);
}

// Not recorded in a golden trace: follows stan-semantics.md §5.4 (a leaving member's pending,
// sorted by expiry, is dealt round-robin from the head of the remaining list, after the
// swap-with-last removal; receivers' LastSent is bumped; each receiver's
// ack timer fires 100 ms later and the normal pass redelivers every message once, to the
// best member at that moment).
#[test]
fn transferred_messages_are_dealt_round_robin_then_redelivered_once() {
    let never = |start: &str| q(json!({"manual_ack": true, "ack": "never", "start": start}));
    let path = one("orders");
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .connect(0, "c")
        .publish_n(10, 10, "p", "orders", 4)
        .sub_with(100, "a", "qa", "orders", never("all"))
        .sub_with(200, "b", "qb", "orders", never("new"))
        .sub_with(200, "c", "qc", "orders", never("new"))
        .sub_close(1000, "qa")
        .monitor(1050, &path)
        .monitor(1300, &path)
        .end(1500)
        .run();
    assert_eq!(t.seqs("qa"), vec![1, 2, 3, 4]);
    let dealt = t.monitors(&path)[0].clone();
    assert_eq!(sub_of_client(&dealt, "b")["pending_count"], 2, "{dealt:#}");
    assert_eq!(sub_of_client(&dealt, "c")["pending_count"], 2, "{dealt:#}");
    // deleteFromList swaps the last member into a's place: [c, b]; c gets m1 and m3, b m2 and
    // m4, and each receiver's last_sent is bumped to what it was handed.
    assert_eq!(sub_of_client(&dealt, "c")["last_sent"], 3, "{dealt:#}");
    assert_eq!(sub_of_client(&dealt, "b")["last_sent"], 4, "{dealt:#}");
    let mut moved: Vec<(u64, bool, u32)> = t
        .all_deliveries()
        .into_iter()
        .filter(|d| d.sub != "qa")
        .map(|d| (d.seq, d.redelivered, d.count))
        .collect();
    moved.sort();
    assert_eq!(
        moved,
        vec![(1, true, 1), (2, true, 1), (3, true, 1), (4, true, 1)]
    );
    let after = t.monitors(&path)[1].clone();
    let total: u64 = subs_of(&after)
        .iter()
        .filter_map(|s| s["pending_count"].as_u64())
        .sum();
    assert_eq!(total, 4);
}

// Not recorded in a golden trace (the goldens' groups are created on empty channels):
// follows stan-semantics.md §4.2 / §5.3 and processSub (`setSubStartSequence` runs for the
// member that creates a group, setting its own LastSent, which monitoring shows; a member
// joining an existing group starts with LastSent 0).
#[test]
fn queue_group_creator_last_sent_starts_at_its_start_position() {
    let path = one("orders");
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .publish_n(10, 10, "p", "orders", 3)
        .sub_with(100, "a", "creator", "orders", q(json!({"start": "new"})))
        .sub_with(200, "b", "joiner", "orders", q(json!({"start": "all"})))
        .monitor(300, &path)
        .run();
    let ch = t.monitor(&path);
    assert_eq!(sub_of_client(&ch, "a")["last_sent"], 3, "{ch:#}");
    assert_eq!(sub_of_client(&ch, "b")["last_sent"], 0, "{ch:#}");
    assert!(t.seqs("creator").is_empty() && t.seqs("joiner").is_empty());
}

// Not recorded in a golden trace: follows stan-semantics.md Appendix B `on ack` and server
// 0.17 `processAck` (a member's late ack settles the message on its owner, but the stall
// check is made on the member the ack came in on: the owner stays stalled, with fewer pending
// than its MaxInFlight, until its own next ack).
#[test]
fn late_ack_from_queue_member_unstalls_the_acking_member_not_the_owner() {
    let path = one("orders");
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(0, "a", "slow", "orders", q(json!({"manual_ack": true, "ack_wait_ms": 1000, "max_in_flight": 10, "ack": {"after_ms": 1500}})))
        .sub_with(0, "b", "mute", "orders", q(json!({"manual_ack": true, "max_in_flight": 2, "ack": "never"})))
        .publish(100, "p", "orders", "m1") // a; redelivered to b at ~1.1 s
        .publish(1200, "p", "orders", "m2") // a (b has 1 pending)
        .publish(1250, "p", "orders", "m3") // b (tie, head): b is full and stalls
        .publish(1300, "p", "orders", "m4") // a
        .monitor(1650, &path) // a's late ack of m1 (~1.6 s) took it off b
        .publish(1700, "p", "orders", "m5") // b is still stalled: a
        .end(1800)
        .run();
    assert!(t
        .deliveries("mute")
        .iter()
        .any(|d| d.seq == 1 && d.redelivered));
    assert_eq!(t.first_seqs("mute"), vec![3]);
    assert_eq!(t.first_seqs("slow"), vec![1, 2, 4, 5]);
    let b = sub_of_client(&t.monitor(&path), "b");
    assert_eq!(
        (
            b["pending_count"].clone(),
            b["max_inflight"].clone(),
            b["is_stalled"].clone()
        ),
        (json!(1), json!(2), json!(true))
    );
}

// Not recorded in a golden trace and not in stan-semantics.md: server 0.17 `subStore.Remove`
// (`storageUpdate`: a leaving member that holds the group's lastSent, and does not hand that
// message over, has it recorded on the first remaining member, which monitoring shows).
#[test]
fn queue_member_leaving_with_the_groups_last_sent_passes_it_to_the_first_member() {
    let path = one("orders");
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(0, "a", "qa", "orders", q(json!({})))
        .sub_with(0, "b", "qb", "orders", q(json!({})))
        .publish_n(100, 50, "p", "orders", 3)
        .monitor(300, &path)
        .sub_close(400, "qa")
        .monitor(500, &path)
        .run();
    assert_eq!(t.seqs("qa"), vec![1, 3]);
    assert_eq!(t.seqs("qb"), vec![2]);
    let snaps = t.monitors(&path);
    assert_eq!(sub_of_client(&snaps[0], "b")["last_sent"], 2);
    assert_eq!(sub_of_client(&snaps[1], "b")["last_sent"], 3);
}

// Not recorded (the probes' durable groups never stall): `subStore.Remove` keeps the last
// member of a durable group as the group's shadow with its state as it was, the stalled flag
// included (0.17 clears only the group's count of stalled members); the member that takes
// the shadow over starts unstalled.
#[test]
fn the_last_member_of_a_durable_queue_group_leaving_keeps_its_stalled_flag() {
    let path = one("orders");
    let t = scn()
        .connect(0, "p")
        .connect(0, "a")
        .connect(0, "b")
        .sub_with(
            0,
            "a",
            "dq1",
            "orders",
            dq(json!({"manual_ack": true, "ack": "never", "max_in_flight": 1})),
        )
        .publish_n(100, 10, "p", "orders", 2)
        .monitor(300, &path)
        .sub_close(400, "dq1")
        .monitor(450, &path)
        .sub_with(
            500,
            "b",
            "dq2",
            "orders",
            dq(json!({"manual_ack": true, "ack": "never", "max_in_flight": 5})),
        )
        .monitor(600, &path)
        .end(700)
        .run();
    let flags = |i: usize| {
        let ch = t.monitors(&path)[i].clone();
        let subs = subs_of(&ch);
        assert_eq!(subs.len(), 1, "{ch:#}");
        (
            subs[0]["is_offline"].clone(),
            subs[0]["is_stalled"].clone(),
            subs[0]["pending_count"].clone(),
        )
    };
    assert_eq!(flags(0), (json!(false), json!(true), json!(1)), "stalled");
    assert_eq!(
        flags(1),
        (json!(true), json!(true), json!(1)),
        "the shadow keeps the flag"
    );
    // The new member clears it, gets m1 again (redelivered, count 1), then m2.
    assert_eq!(flags(2), (json!(false), json!(false), json!(2)));
    let got: Vec<(u64, bool, u32)> = t
        .deliveries("dq2")
        .iter()
        .map(|d| (d.seq, d.redelivered, d.count))
        .collect();
    assert_eq!(got, vec![(1, true, 1), (2, false, 0)]);
}

// Not recorded: `sendAvailableMessagesToQueue` stops as soon as `sendMsgToSub` answers "send
// no more", i.e. at the send that fills the picked member's window, even when another member
// could take the next message; the next publish or ack carries on. To have a backlog while a
// member has room, the roomy member is failing heartbeats (picked only as the list's head).
#[test]
fn a_queue_groups_send_loop_stops_at_the_send_that_fills_the_picked_member() {
    let mut d = Driver::new(opts_hb(1000, 1000, 10));
    let p = d.connect("p");
    let (w1, w2, w3) = (d.connect("w1"), d.connect("w2"), d.connect("w3"));
    let queue = |mif| {
        req_for("orders", |r| {
            r.queue = Some("g".into());
            r.max_in_flight = mif;
        })
    };
    let a = d.subscribe(w1, queue(5)).unwrap();
    let b = d.subscribe(w2, queue(1)).unwrap();
    let c = d.subscribe(w3, queue(1)).unwrap(); // the list is [a, b, c]
    d.set_live(w1, false);
    d.run_until(2500); // w1 missed the probe of 1 s: a is avoided (its removal is at 24 s)
    assert!(d.b.subscription(a).unwrap().has_failed_hb);
    let got =
        |d: &Driver| [a, b, c].map(|s| d.deliveries(s).iter().map(|x| x.1).collect::<Vec<_>>());
    d.publish(p, "orders", "m1"); // b (fewest pending, usable) takes it and is full
    d.publish(p, "orders", "m2"); // so does c
    d.publish(p, "orders", "m3"); // nobody usable: the head a takes it; [b, c, a]
    d.publish(p, "orders", "m4"); // the head b is full: refused; [c, a, b]
    d.publish(p, "orders", "m5"); // the head c is full: refused; [a, b, c]
    assert_eq!(got(&d), [vec![3], vec![1], vec![2]]);
    d.ack(b, 1); // b has room: it takes m4, is full again, and the loop stops there
    assert_eq!(
        got(&d),
        [vec![3], vec![1, 4], vec![2]],
        "m5 waits although the head a has room"
    );
    d.publish(p, "orders", "m6"); // the next loop carries on from m5: the head a takes it
    assert_eq!(got(&d)[0], vec![3, 5]);
}
