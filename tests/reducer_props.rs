//! Property test of the playground's reducer: random sequences of what a learner can do
//! (add, start, connect, close, kill, subscribe, unsubscribe, close sub, edit options and
//! apply them, publish, ack, run, seek back, act in the past, undo the fork, seek forward).
//! After every action each panel's displayed state agrees with the server's: a listener shown
//! subscribed has a live subscription on the server made with the options in force, a panel
//! shown connected has a registered client, "stalled" and "durable kept offline" are the
//! server's. Seeking to a moment and then to the end gives the state of never having sought.
//!
//! `cargo test` runs 64 sequences; the long run:
//! `PROPTEST_CASES=10000 cargo test --release --test reducer_props`.

use nats_playground::playground::{
    listener_view, Action, ListenerCfg, MarkKind, Playground, SubView,
};
use nats_playground::sim::{AckPolicy, ProcState};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Do {
    AddListener,
    AddPublisher,
    Start(usize),
    Connect(usize),
    Close(usize),
    Kill(usize),
    Subscribe(usize),
    Unsubscribe(usize),
    CloseSub(usize),
    Edit(usize, u8, bool, bool, bool),
    Apply(usize),
    Publish(usize),
    Ack(usize, u64),
    Run(u64),
    /// Seek back to this per mille of the way, act there (a fork) or not.
    SeekBack(u16, Option<usize>),
    UndoFork,
    SeekEnd,
    Jump(u8),
    /// Seek to a moment, then to the end: the state must be as before.
    RoundTrip(u16),
}

fn op() -> impl Strategy<Value = Do> {
    let p = 0..6usize;
    prop_oneof![
        1 => Just(Do::AddListener),
        1 => Just(Do::AddPublisher),
        3 => p.clone().prop_map(Do::Start),
        2 => p.clone().prop_map(Do::Connect),
        2 => p.clone().prop_map(Do::Close),
        2 => p.clone().prop_map(Do::Kill),
        2 => p.clone().prop_map(Do::Subscribe),
        1 => p.clone().prop_map(Do::Unsubscribe),
        1 => p.clone().prop_map(Do::CloseSub),
        2 => (p.clone(), 0..4u8, any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(i, a, m, d, q)| Do::Edit(i, a, m, d, q)),
        2 => p.clone().prop_map(Do::Apply),
        4 => p.clone().prop_map(Do::Publish),
        1 => (p.clone(), 1..6u64).prop_map(|(i, s)| Do::Ack(i, s)),
        3 => (1..4000u64).prop_map(Do::Run),
        3 => (1..250u64).prop_map(Do::Run),
        2 => (0..1000u16, proptest::option::of(p.clone())).prop_map(|(f, a)| Do::SeekBack(f, a)),
        1 => Just(Do::UndoFork),
        1 => Just(Do::SeekEnd),
        1 => (0..3u8).prop_map(Do::Jump),
        1 => (0..1000u16).prop_map(Do::RoundTrip),
    ]
}

fn panel_id(pg: &Playground, i: usize) -> Option<u32> {
    let ids: Vec<u32> = pg.visible_panels().map(|p| p.id).collect();
    (!ids.is_empty()).then(|| ids[i % ids.len()])
}

fn listener_cfg(a: u8, manual: bool, durable: bool, queue: bool) -> ListenerCfg {
    ListenerCfg {
        manual_ack: manual,
        ack_wait_ms: if a % 2 == 0 { 1000 } else { 2000 },
        ack: match a {
            0 => AckPolicy::Immediate,
            1 => AckPolicy::Never,
            2 => AckPolicy::Manual,
            _ => AckPolicy::OnDelivery(2),
        },
        durable_name: if durable {
            "keep".into()
        } else {
            String::new()
        },
        queue_group: if queue {
            "workers".into()
        } else {
            String::new()
        },
        ..ListenerCfg::default()
    }
}

/// What can be seen of a run: the clock, the whole trace and the server's log, the
/// server's monitoring answers.
fn fingerprint(pg: &Playground) -> String {
    let sim = pg.sim();
    let mut s = format!(
        "{} {:?} {:?}",
        pg.now(),
        sim.trace().to_vec(),
        sim.log().to_vec()
    );
    for path in ["/streaming/clientsz?subs=1", "/streaming/channelsz?subs=1"] {
        s.push_str(&sim.monitor(path).map(|v| v.to_string()).unwrap_or_default());
    }
    s
}

/// The server's name of a queue group: a durable queue group is `durable:queue`.
fn queue_key(spec: &nats_playground::sim::SubSpec) -> Option<String> {
    let q = spec.queue.as_deref()?;
    Some(match spec.durable.as_deref() {
        Some(d) => format!("{d}:{q}"),
        None => q.to_string(),
    })
}

/// Every panel's displayed state agrees with the broker.
fn check_panels(pg: &Playground) -> Result<(), TestCaseError> {
    let broker = pg.sim().broker();
    for panel in pg.visible_panels() {
        let id = panel.id;
        let state = pg.proc_state(id);
        if let Some(ProcState::Connected(conn)) = state {
            let c = broker.client_by_conn(conn);
            prop_assert!(
                c.is_some_and(|c| c.id == pg.sim().proc(pg.proc_of(id).unwrap()).unwrap().client_id),
                "panel {id} shown connected, the server has no such client"
            );
        }
        let Some(cfg) = panel.listener() else {
            continue;
        };
        let v = listener_view(pg, id);
        match v.sub {
            SubView::Ready => {
                let b = v
                    .broker_sub
                    .and_then(|s| broker.subscription(s))
                    .filter(|s| !s.is_offline());
                prop_assert!(
                    b.is_some(),
                    "panel {id} shown subscribed, no live subscription on the server"
                );
                let b = b.unwrap();
                let i = pg
                    .sim()
                    .subs()
                    .iter()
                    .rposition(|s| Some(s.proc) == pg.proc_of(id))
                    .unwrap();
                let spec = &pg.sim().subs()[i].spec;
                prop_assert_eq!(
                    b.ack_wait_ms as i64,
                    spec.ack_wait_ms,
                    "panel {}: AckWait",
                    id
                );
                prop_assert_eq!(
                    b.queue.as_deref().map(str::to_string),
                    queue_key(spec),
                    "panel {}: queue",
                    id
                );
                prop_assert_eq!(&*b.channel, spec.subject.as_str(), "panel {}: subject", id);
                prop_assert_eq!(
                    b.is_durable,
                    spec.durable.is_some(),
                    "panel {}: durable",
                    id
                );
                prop_assert_eq!(v.stalled, b.stalled, "panel {}: stalled", id);
                if v.pending.is_empty() {
                    // what the panel shows as its options is what the server has
                    let want = cfg.spec();
                    prop_assert_eq!(
                        b.ack_wait_ms as i64,
                        want.ack_wait_ms,
                        "panel {}: shown AckWait",
                        id
                    );
                    prop_assert_eq!(
                        b.queue.as_deref().map(str::to_string),
                        queue_key(&want),
                        "panel {}: shown queue",
                        id
                    );
                    prop_assert_eq!(
                        spec.manual_ack,
                        want.manual_ack,
                        "panel {}: shown ack mode",
                        id
                    );
                }
            }
            _ => {
                prop_assert!(v.broker_sub.is_none() || v.sub == SubView::Subscribing);
                prop_assert!(!v.stalled, "panel {id} stalled without a subscription");
                prop_assert!(
                    v.pending.is_empty() || v.sub == SubView::Subscribing,
                    "panel {id}: pending options without a subscription"
                );
            }
        }
        if v.offline_durable {
            prop_assert!(
                broker.subscriptions().any(|s| s.is_offline()
                    && s.client_id == panel.client_id
                    && s.durable_name.as_deref() == Some(cfg.durable_name.trim())),
                "panel {id}: offline durable the server does not keep"
            );
        }
    }
    Ok(())
}

fn apply(pg: &mut Playground, d: &Do) -> Result<(), TestCaseError> {
    let id = |pg: &Playground, i: &usize| panel_id(pg, *i);
    match d {
        Do::AddListener => pg.apply(Action::AddListener),
        Do::AddPublisher => pg.apply(Action::AddPublisher),
        Do::Start(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Start(p))),
        Do::Connect(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Connect(p))),
        Do::Close(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Close(p))),
        Do::Kill(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Kill(p))),
        Do::Subscribe(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Subscribe(p))),
        Do::Unsubscribe(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Unsubscribe(p))),
        Do::CloseSub(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::CloseSubscription(p))),
        Do::Edit(i, a, m, dur, q) => {
            if let Some(p) = id(pg, i).filter(|p| pg.panel(*p).is_some_and(|x| x.is_listener())) {
                pg.apply(Action::EditListener(p, listener_cfg(*a, *m, *dur, *q)));
            }
        }
        Do::Apply(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::ApplyListenerOptions(p))),
        Do::Publish(i) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Publish(p))),
        Do::Ack(i, s) => id(pg, i)
            .into_iter()
            .for_each(|p| pg.apply(Action::Ack(p, *s))),
        Do::Run(ms) => {
            let t = pg.now() + ms;
            pg.apply(Action::Seek(t));
        }
        Do::SeekBack(f, act) => {
            let t = pg.horizon() * u64::from(*f) / 1000;
            pg.apply(Action::Seek(t));
            prop_assert_eq!(pg.now(), t);
            if let Some(p) = act.and_then(|i| panel_id(pg, i)) {
                pg.apply(Action::Publish(p));
            }
        }
        Do::UndoFork => pg.apply(Action::UndoFork),
        Do::SeekEnd => {
            let end = pg.horizon();
            pg.apply(Action::Seek(end));
            prop_assert_eq!(pg.now(), end);
        }
        Do::Jump(k) => pg.apply(Action::JumpTo(match k {
            0 => MarkKind::Redelivery,
            1 => MarkKind::HeartbeatFailure,
            _ => MarkKind::ClientRemoved,
        })),
        Do::RoundTrip(f) => {
            let end = pg.horizon();
            pg.apply(Action::Seek(end));
            let before = fingerprint(pg);
            let marks = pg.marks();
            let t = end * u64::from(*f) / 1000;
            let (trace, log) = (pg.sim().trace().to_vec(), pg.sim().log().to_vec());
            pg.apply(Action::Seek(t));
            // The history up to t is the start of the whole run's (a checkpoint takes its
            // history back from the end of the known run).
            let (back_trace, back_log) = (pg.sim().trace().to_vec(), pg.sim().log().to_vec());
            prop_assert!(
                trace.starts_with(&back_trace),
                "the trace at {} is the run's start",
                t
            );
            prop_assert!(
                log.starts_with(&back_log),
                "the log at {} is the run's start",
                t
            );
            prop_assert!(
                back_trace.iter().all(|e| e.t <= t as f64),
                "nothing after {} is in the trace",
                t
            );
            prop_assert!(
                trace[back_trace.len()..].iter().all(|e| e.t >= t as f64),
                "nothing before {} is missing from the trace",
                t
            );
            prop_assert_eq!(pg.horizon(), end, "the timeline keeps its length");
            prop_assert_eq!(pg.marks(), marks, "marks ahead stay drawn");
            check_panels(pg)?;
            pg.apply(Action::Seek(end));
            prop_assert_eq!(fingerprint(pg), before, "seek to {} then to the end", t);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn panels_agree_with_the_server_and_seeking_changes_nothing(
        ops in proptest::collection::vec(op(), 1..40)
    ) {
        let mut pg = Playground::default();
        pg.apply(Action::AddPublisher);
        pg.apply(Action::AddListener);
        pg.apply(Action::AddListener);
        for d in &ops {
            apply(&mut pg, d)?;
            check_panels(&pg)?;
        }
        // the end state once more, after a trip back to the start
        apply(&mut pg, &Do::RoundTrip(0))?;
    }
}
