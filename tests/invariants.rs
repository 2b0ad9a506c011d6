//! Property tests: random sequences of client operations (connect, close, kill, subscribe
//! with random options, unsubscribe, close a subscription, publish, advance time) against the
//! simulated broker; after every step the model's invariants must hold.
//!
//! `PROPTEST_CASES` sets the number of sequences (CI uses the default below; the long run
//! documented in BENCHMARKS.md uses 10,000).

use nats_playground::broker::{Broker, Event, ServerOptions, StartPosition, StoreLimits, SubId};
use nats_playground::sim::{AckPolicy, Handler, Sim, SimConfig, SubSpec, TraceKind};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const CLIENTS: usize = 4;
const SUBJECTS: [&str; 2] = ["ticket:created", "order:created"];

#[derive(Clone, Debug)]
enum OpGen {
    Connect(usize),
    Close(usize),
    Kill(usize),
    Subscribe {
        client: usize,
        subject: usize,
        queue: Option<u8>,
        durable: Option<u8>,
        manual: bool,
        mif: Option<i64>,
        ack_wait_s: i64,
        start: u8,
        ack: u8,
    },
    Unsubscribe(usize),
    SubClose(usize),
    Publish(usize, usize),
    Advance(u64),
}

fn op() -> impl Strategy<Value = OpGen> {
    prop_oneof![
        2 => (0..CLIENTS).prop_map(OpGen::Connect),
        1 => (0..CLIENTS).prop_map(OpGen::Close),
        1 => (0..CLIENTS).prop_map(OpGen::Kill),
        3 => (0..CLIENTS, 0..2usize, proptest::option::of(0..2u8), proptest::option::of(0..2u8), any::<bool>(),
              proptest::option::of(1..4i64), 1..3i64, 0..5u8, 0..4u8)
            .prop_map(|(client, subject, queue, durable, manual, mif, ack_wait_s, start, ack)| OpGen::Subscribe {
                client, subject, queue, durable, manual, mif, ack_wait_s, start, ack }),
        1 => (0..16usize).prop_map(OpGen::Unsubscribe),
        1 => (0..16usize).prop_map(OpGen::SubClose),
        5 => (0..CLIENTS, 0..2usize).prop_map(|(c, s)| OpGen::Publish(c, s)),
        3 => (0..6000u64).prop_map(OpGen::Advance),
    ]
}

/// Pending sets worth keeping: per queue group (channel, key) the union over members and
/// shadow; per durable (channel, key) its own.
type Held = BTreeMap<(String, String), BTreeSet<u64>>;

/// What every group and durable holds, and which subscription belongs to which of them.
struct Snapshot {
    groups: Held,
    durables: Held,
    owner: HashMap<SubId, (String, String)>,
}

fn held(b: &Broker) -> Snapshot {
    let (mut groups, mut durables, mut owner) = (Held::new(), Held::new(), HashMap::new());
    for v in b.channel_views() {
        let ch = v.channel;
        for q in &v.queues {
            let k = (ch.name.to_string(), q.key.to_string());
            let set = groups.entry(k.clone()).or_default();
            for s in q.members.iter().chain(q.shadow.iter()) {
                set.extend(pending_of(b, s.id));
                owner.insert(s.id, k.clone());
            }
        }
        for (key, s) in &v.durables {
            let k = (ch.name.to_string(), key.to_string());
            durables.insert(k.clone(), pending_of(b, s.id).into_iter().collect());
            owner.insert(s.id, k);
        }
    }
    Snapshot {
        groups,
        durables,
        owner,
    }
}

fn pending_of(b: &Broker, id: SubId) -> Vec<u64> {
    b.subscription(id)
        .map(|s| s.pending.seqs())
        .unwrap_or_default()
}

struct World {
    sim: Sim,
    procs: HashMap<usize, usize>,
    labels: Vec<String>,
    log_seen: usize,
    trace_seen: usize,
}

impl World {
    fn new() -> Self {
        let opts = ServerOptions {
            cluster_id: "ticketing".into(),
            hb_interval_ms: 1000,
            hb_timeout_ms: 1000,
            hb_fail_count: 2,
            limits: StoreLimits {
                max_msgs: 6,
                max_subs: 6,
                max_channels: 2,
                ..StoreLimits::default()
            },
            ..ServerOptions::default()
        };
        World {
            sim: Sim::new(
                opts,
                SimConfig {
                    latency_ms: 1,
                    seed: 3,
                },
            ),
            procs: HashMap::new(),
            labels: Vec::new(),
            log_seen: 0,
            trace_seen: 0,
        }
    }

    fn apply(&mut self, op: &OpGen) {
        match op.clone() {
            OpGen::Connect(c) => {
                let (p, _) = self.sim.connect(&format!("client-{c}"), None);
                self.procs.insert(c, p);
            }
            OpGen::Close(c) => {
                if let Some(&p) = self.procs.get(&c) {
                    self.sim.close(p);
                }
            }
            OpGen::Kill(c) => {
                if let Some(&p) = self.procs.get(&c) {
                    self.sim.kill(p);
                }
            }
            OpGen::Subscribe {
                client,
                subject,
                queue,
                durable,
                manual,
                mif,
                ack_wait_s,
                start,
                ack,
            } => {
                let Some(&p) = self.procs.get(&client) else {
                    return;
                };
                let label = format!("s{}", self.labels.len());
                let spec = SubSpec {
                    queue: queue.map(|q| format!("q{q}")),
                    durable: durable.map(|d| format!("d{d}")),
                    manual_ack: manual,
                    ack_wait_ms: ack_wait_s * 1000,
                    max_in_flight: mif,
                    start: match start {
                        0 => StartPosition::NewOnly,
                        1 => StartPosition::First,
                        2 => StartPosition::LastReceived,
                        3 => StartPosition::Sequence(2),
                        _ => StartPosition::TimeDelta(1500),
                    },
                    ..SubSpec::new(SUBJECTS[subject])
                };
                let ack = match ack {
                    0 => AckPolicy::Immediate,
                    1 => AckPolicy::Never,
                    2 => AckPolicy::OnDelivery(2),
                    _ => AckPolicy::AfterMs(700),
                };
                self.sim.subscribe(
                    p,
                    &label,
                    spec,
                    Handler {
                        ack,
                        ..Handler::default()
                    },
                );
                self.labels.push(label);
            }
            OpGen::Unsubscribe(i) => {
                if let Some(l) = self.labels.get(i).cloned() {
                    self.sim.unsubscribe(&l);
                }
            }
            OpGen::SubClose(i) => {
                if let Some(l) = self.labels.get(i).cloned() {
                    self.sim.sub_close(&l);
                }
            }
            OpGen::Publish(c, s) => {
                if let Some(&p) = self.procs.get(&c) {
                    self.sim
                        .publish(p, SUBJECTS[s], &format!("m{}", self.sim.now()));
                }
            }
            OpGen::Advance(_) => {}
        }
        let dt = match op {
            OpGen::Advance(ms) => *ms,
            _ => 5,
        };
        let t = self.sim.now() + dt;
        self.sim.run_until(t);
    }
}

/// Everything that must hold after every step.
fn check(
    w: &mut World,
    op: &OpGen,
    before: &Snapshot,
    stalled_before: &BTreeMap<SubId, (u64, bool)>,
) -> Result<(), TestCaseError> {
    let b = w.sim.broker();
    let lim = &b.options().limits;
    let new_log: Vec<&Event> = w
        .sim
        .log()
        .iter_from(w.log_seen)
        .map(|l| &l.event)
        .collect();
    let acked: BTreeSet<(SubId, u64)> = new_log
        .iter()
        .filter_map(|e| match e {
            Event::AckProcessed { sub, seq } => Some((*sub, *seq)),
            _ => None,
        })
        .collect();
    // First deliveries (not redeliveries) in this step, by subscription.
    let fresh: BTreeSet<SubId> = new_log
        .iter()
        .filter_map(|e| match e {
            Event::Deliver { sub, msg, .. } if !msg.redelivered => Some(*sub),
            _ => None,
        })
        .collect();
    // An ack counts for a group or durable when one of its own subscriptions sent it.
    let acked_by = |k: &(String, String), seq: u64| {
        acked
            .iter()
            .any(|(id, s)| *s == seq && before.owner.get(id) == Some(k))
    };

    // Store limits hold.
    prop_assert!(b.channels().count() as u64 <= lim.max_channels);
    for ch in b.channels() {
        prop_assert!(
            ch.msgs.len() as u64 <= lim.max_msgs,
            "max_msgs on {}",
            ch.name
        );
        prop_assert!(
            ch.total_subs() as u64 <= lim.max_subs,
            "max_subs on {}",
            ch.name
        );
    }

    let Snapshot {
        groups, durables, ..
    } = held(b);
    // Each unacked queue message is held by exactly one member.
    for v in b.channel_views() {
        for q in &v.queues {
            let mut seen = BTreeSet::new();
            for s in q.members.iter().chain(q.shadow.iter()) {
                for seq in pending_of(b, s.id) {
                    prop_assert!(
                        seen.insert(seq),
                        "seq {seq} held twice in group {} of {}",
                        q.key,
                        v.channel.name
                    );
                }
            }
        }
    }
    // Nothing a group or a durable held is lost, except by an ack, the store limits, or an
    // unsubscribe that deleted it (a non-durable group also goes with its last member).
    for (map, now, kind) in [
        (&before.groups, &groups, "group"),
        (&before.durables, &durables, "durable"),
    ] {
        for (k, seqs) in map {
            let Some(after) = now.get(k) else { continue };
            for seq in seqs.difference(after) {
                let evicted = b.channel(&k.0).is_none_or(|c| c.msg(*seq).is_none());
                prop_assert!(
                    acked_by(k, *seq) || evicted,
                    "{kind} {} on {} lost seq {seq}",
                    k.1,
                    k.0
                );
            }
        }
    }
    // Only an unsubscribe deletes a durable (close, kill and heartbeat removal keep it).
    for (chan, key) in before.durables.keys() {
        if !durables.contains_key(&(chan.clone(), key.clone())) {
            prop_assert!(
                matches!(op, OpGen::Unsubscribe(_)),
                "durable {key} on {chan} vanished after {op:?}"
            );
        }
    }

    for s in b.subscriptions() {
        let ch = b
            .channel(&s.channel)
            .expect("a subscription's channel exists");
        // A stalled flag means a full window.
        if s.stalled {
            prop_assert!(
                s.pending.len() as u64 >= s.max_in_flight,
                "stalled with room on {:?}",
                s.id
            );
        }
        // Only forced sends go past MaxInFlight: a queue member given another member's
        // message (redelivery or hand-over), or a durable resumed with a smaller window.
        // A plain non-durable subscription never holds more than its window.
        if s.pending.len() as u64 > s.max_in_flight {
            prop_assert!(
                s.queue.is_some() || s.is_durable,
                "plain {:?} holds {} > MaxInFlight {}",
                s.id,
                s.pending.len(),
                s.max_in_flight
            );
        }
        // A stalled subscription that got no ack (its own or a silent one for a message the
        // store limits removed) receives nothing new: no first delivery reaches it. Forced
        // sends may (a redelivery picked for it while every member is stalled, a leaving
        // member's hand-over): they ignore MaxInFlight and raise its LastSent, but only up to
        // what its group already sent. A resume clears the flag, so an offline subscription
        // that resumed in this step is not held to it.
        if let Some(&(last, was_offline)) = stalled_before.get(&s.id) {
            if s.stalled && !was_offline && !acked.iter().any(|(id, _)| *id == s.id) {
                prop_assert!(
                    !fresh.contains(&s.id),
                    "stalled {:?} got a new message after {op:?}",
                    s.id
                );
                let view = b.channel_view(&s.channel).expect("its channel");
                match s.queue.as_ref().and_then(|k| view.queue(k)) {
                    Some(q) => prop_assert!(
                        s.last_sent <= q.last_sent,
                        "stalled {:?} got a message its group never sent: {} > {}",
                        s.id,
                        s.last_sent,
                        q.last_sent
                    ),
                    None => {
                        prop_assert_eq!(s.last_sent, last, "stalled {:?} got new messages", s.id)
                    }
                }
            }
        }
        // An online plain subscription that is not stalled has everything stored.
        if !s.is_offline() && s.queue.is_none() && !s.stalled {
            prop_assert!(
                s.last_sent >= ch.last_seq,
                "plain {:?} behind: {} < {}",
                s.id,
                s.last_sent,
                ch.last_seq
            );
        }
    }
    for v in b.channel_views() {
        for q in &v.queues {
            let usable = q.members.iter().any(|s| !s.stalled && !s.has_failed_hb);
            if usable {
                prop_assert!(
                    q.last_sent >= v.channel.last_seq,
                    "group {} behind on {}",
                    q.key,
                    v.channel.name
                );
            }
        }
    }

    // Redelivery counts only grow, per subscription and sequence; first deliveries come in order.
    let mut counts: HashMap<(String, u64), u32> = HashMap::new();
    let mut firsts: HashMap<String, u64> = HashMap::new();
    for e in w.sim.trace() {
        if let TraceKind::Deliver {
            sub,
            seq,
            redelivered,
            redelivery_count,
            ..
        } = &e.kind
        {
            if *redelivered {
                let c = counts.entry((sub.clone(), *seq)).or_insert(0);
                prop_assert!(*redelivery_count > *c, "count of {sub}#{seq} did not grow");
                *c = *redelivery_count;
            } else {
                let last = firsts.entry(sub.clone()).or_insert(0);
                prop_assert!(*seq > *last, "{sub} got #{seq} after #{last}");
                *last = *seq;
            }
        }
    }

    // The monitoring JSON agrees with the state.
    let serverz = b.monitor("/streaming/serverz").unwrap();
    prop_assert_eq!(
        serverz["clients"].as_u64(),
        Some(b.clients().count() as u64)
    );
    prop_assert_eq!(
        serverz["channels"].as_u64(),
        Some(b.channels().count() as u64)
    );
    let subs: usize = b.channels().map(|c| c.total_subs()).sum();
    prop_assert_eq!(serverz["subscriptions"].as_u64(), Some(subs as u64));
    let chz = b.monitor("/streaming/channelsz?subs=1").unwrap();
    for c in chz["channels"].as_array().cloned().unwrap_or_default() {
        let name = c["name"].as_str().unwrap().to_string();
        let ch = b.channel(&name).unwrap();
        prop_assert_eq!(c["msgs"].as_u64(), Some(ch.msgs.len() as u64));
        let mut from_json: Vec<String> = c["subscriptions"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {}",
                    s["client_id"], s["pending_count"], s["is_offline"], s["is_stalled"]
                )
            })
            .collect();
        let mut from_model: Vec<String> = b
            .channel_subscriptions(ch)
            .iter()
            .map(|s| {
                format!(
                    "\"{}\" {} {} {}",
                    s.client_id,
                    s.pending.len(),
                    s.is_offline(),
                    s.stalled
                )
            })
            .collect();
        from_json.sort();
        from_model.sort();
        prop_assert_eq!(from_json, from_model);
    }

    w.log_seen = w.sim.log().len();
    w.trace_seen = w.sim.trace().len();
    Ok(())
}

/// Stalled subscriptions with their LastSent and whether they are offline.
fn stalled(b: &Broker) -> BTreeMap<SubId, (u64, bool)> {
    b.subscriptions()
        .filter(|s| s.stalled)
        .map(|s| (s.id, (s.last_sent, s.is_offline())))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_step(ops in proptest::collection::vec(op(), 1..60)) {
        run(&ops)?;
    }
}

fn run(ops: &[OpGen]) -> Result<(), TestCaseError> {
    run_checked(ops).map(drop)
}

/// Runs `ops`, checking every invariant after each one, and returns the world.
fn run_checked(ops: &[OpGen]) -> Result<World, TestCaseError> {
    let mut w = World::new();
    for op in ops {
        let before = held(w.sim.broker());
        let st = stalled(w.sim.broker());
        w.apply(op);
        check(&mut w, op, &before, &st)?;
    }
    Ok(w)
}

fn queue_sub(client: usize, mif: Option<i64>, ack: u8) -> OpGen {
    OpGen::Subscribe {
        client,
        subject: 0,
        queue: Some(1),
        durable: None,
        manual: true,
        mif,
        ack_wait_s: 1,
        start: 0,
        ack,
    }
}

/// Found by a 10,000-case run: a stalled queue member (MaxInFlight 1) is given what a leaving
/// member held, and that is not a new message sent to a stalled subscription. Two cases:
/// the leaving member held the group's LastSent without holding the message (it was acked),
/// so the first remaining member records that LastSent (`storageUpdate`); and the leaving
/// member held an unacked message, which is handed over past MaxInFlight (a forced send) and
/// leaves the stalled flag alone, so the member then holds more than MaxInFlight.
#[test]
fn a_stalled_member_may_receive_a_leaving_members_message() {
    // Case 1: the group's LastSent passes to the stalled member.
    let w = run_checked(&[
        OpGen::Connect(0),
        OpGen::Connect(2),
        queue_sub(0, Some(1), 1),
        OpGen::Publish(2, 0),
        OpGen::Publish(2, 0),
        queue_sub(2, None, 0),
        OpGen::Close(2),
    ])
    .unwrap();
    let b = w.sim.broker();
    let s = b.subscriptions().find(|s| s.queue.is_some()).unwrap();
    assert!(s.stalled);
    assert_eq!(s.pending.seqs(), vec![1], "no new message was sent to it");
    assert_eq!(s.last_sent, 2, "it records the group's LastSent");

    // Case 2: an unacked message is handed to the stalled member, then redelivered to it at
    // its pass 100 ms later; it keeps its flag and holds two messages with MaxInFlight 1.
    let w = run_checked(&[
        OpGen::Connect(0),
        OpGen::Connect(2),
        queue_sub(0, Some(1), 1),
        OpGen::Publish(2, 0),
        queue_sub(2, Some(1), 1),
        OpGen::Publish(2, 0),
        OpGen::Close(2),
        OpGen::Advance(200),
    ])
    .unwrap();
    let b = w.sim.broker();
    let members: Vec<_> = b.subscriptions().filter(|s| s.queue.is_some()).collect();
    assert_eq!(members.len(), 1);
    let s = members[0];
    assert_eq!(s.pending.seqs(), vec![1, 2]);
    assert!(s.pending.len() as u64 > s.max_in_flight);
    assert!(s.stalled, "forced sends leave the flag as it was");
    let redelivered = w.sim.trace().iter().any(|e| {
        matches!(&e.kind, TraceKind::Deliver { seq: 2, redelivered: true, sub, .. } if *sub == "s0")
    });
    assert!(
        redelivered,
        "the handed-over message comes again at the pass"
    );
}
