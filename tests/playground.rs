//! The playground's reducer, driven the way the UI drives it: the four walkthroughs the
//! browser tests also perform, plus time travel.

use nats_playground::playground::{
    listener_view, Action, LineKind, ListenerCfg, MarkKind, Playground, StartChoice, SubView,
};
use nats_playground::sim::AckPolicy;

fn listener(pg: &mut Playground, cfg: ListenerCfg) -> u32 {
    pg.apply(Action::AddListener);
    let id = pg.panels.last().unwrap().id;
    pg.apply(Action::EditListener(id, cfg));
    pg.apply(Action::Connect(id));
    pg.apply(Action::Tick(250.0));
    pg.apply(Action::Subscribe(id));
    pg.apply(Action::Tick(250.0));
    id
}

fn publisher(pg: &mut Playground) -> u32 {
    pg.apply(Action::AddPublisher);
    let id = pg.panels.last().unwrap().id;
    pg.apply(Action::Connect(id));
    pg.apply(Action::Tick(250.0));
    id
}

fn received(pg: &Playground, id: u32) -> Vec<String> {
    pg.console(id)
        .into_iter()
        .filter(|l| matches!(l.kind, LineKind::Message | LineKind::Redelivered))
        .map(|l| l.text)
        .collect()
}

fn run(pg: &mut Playground, ms: u64) {
    let t = pg.now() + ms;
    pg.apply(Action::Seek(t));
}

#[test]
fn queue_members_alternate_and_the_plain_listener_gets_everything() {
    let mut pg = Playground::default();
    let q = ListenerCfg {
        queue_group: "orders-service".into(),
        ..ListenerCfg::default()
    };
    let a = listener(&mut pg, q.clone());
    let b = listener(&mut pg, q);
    let plain = listener(&mut pg, ListenerCfg::default());
    let p = publisher(&mut pg);
    for _ in 0..4 {
        pg.apply(Action::Publish(p));
        run(&mut pg, 300);
    }
    assert_eq!(received(&pg, a).len(), 2);
    assert_eq!(received(&pg, b).len(), 2);
    assert_eq!(received(&pg, plain).len(), 4);
    assert!(received(&pg, a)[0].starts_with("Received event #1"));
    assert!(received(&pg, b)[0].starts_with("Received event #2"));
    assert!(
        pg.console(p)
            .iter()
            .filter(|l| l.text == "Event published")
            .count()
            == 4
    );
}

#[test]
fn manual_ack_that_never_acks_is_redelivered_after_ack_wait() {
    let mut pg = Playground::default();
    let cfg = ListenerCfg {
        manual_ack: true,
        ack_wait_ms: 1000,
        ack: AckPolicy::Never,
        ..ListenerCfg::default()
    };
    let l = listener(&mut pg, cfg);
    let p = publisher(&mut pg);
    pg.apply(Action::Publish(p));
    let published = pg.now();
    pg.apply(Action::JumpTo(MarkKind::Redelivery));
    let lines = received(&pg, l);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].starts_with("↻1 Received event #1"), "{lines:?}");
    let redelivery = pg
        .console(l)
        .into_iter()
        .find(|l| l.kind == LineKind::Redelivered)
        .unwrap();
    let first = pg
        .console(l)
        .into_iter()
        .find(|l| l.kind == LineKind::Message)
        .unwrap();
    assert_eq!(
        redelivery.t - first.t,
        1000,
        "redelivered one AckWait after the first delivery"
    );
    assert!(redelivery.t > published);
}

#[test]
fn killed_queue_member_lingers_until_heartbeats_fail_then_its_message_moves() {
    let mut pg = Playground::default(); // -hbi 5s -hbt 5s -hbf 2
    let q = ListenerCfg {
        queue_group: "orders-service".into(),
        manual_ack: true,
        ack: AckPolicy::Manual,
        ..ListenerCfg::default()
    };
    let victim = listener(&mut pg, q.clone());
    let survivor = listener(
        &mut pg,
        ListenerCfg {
            ack: AckPolicy::Immediate,
            ..q
        },
    );
    let p = publisher(&mut pg);
    pg.apply(Action::Publish(p));
    run(&mut pg, 500);
    assert_eq!(
        received(&pg, victim).len(),
        1,
        "the first event goes to the first member"
    );
    pg.apply(Action::Kill(victim));
    run(&mut pg, 1000);
    let clients = pg.sim().monitor("/streaming/clientsz").unwrap();
    assert_eq!(clients["total"], 3, "the dead client is still registered");
    // Removed after (hbi + hbt) * (hbf + 1) = 30 s without a heartbeat reply.
    pg.apply(Action::JumpTo(MarkKind::ClientRemoved));
    let clients = pg.sim().monitor("/streaming/clientsz").unwrap();
    assert_eq!(clients["total"], 2);
    run(&mut pg, 500);
    let got = received(&pg, survivor);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("↻1 Received event #1"), "{got:?}");
}

#[test]
fn closed_durable_gets_only_new_events_after_reconnecting() {
    let mut pg = Playground::default();
    let cfg = ListenerCfg {
        durable_name: "orders-durable".into(),
        manual_ack: true,
        start: StartChoice::DeliverAllAvailable,
        ..ListenerCfg::default()
    };
    let l = listener(&mut pg, cfg);
    let p = publisher(&mut pg);
    pg.apply(Action::Publish(p));
    run(&mut pg, 300);
    pg.apply(Action::Close(l));
    run(&mut pg, 300);
    pg.apply(Action::Publish(p));
    run(&mut pg, 300);
    pg.apply(Action::Publish(p));
    run(&mut pg, 300);
    pg.apply(Action::Connect(l));
    run(&mut pg, 300);
    pg.apply(Action::Subscribe(l));
    run(&mut pg, 500);
    let got = received(&pg, l);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got[1].starts_with("Received event #2") && got[2].starts_with("Received event #3"),
        "{got:?}"
    );
}

#[test]
fn going_back_replays_the_same_history_and_acting_forks_it() {
    let mut pg = Playground::default();
    let l = listener(&mut pg, ListenerCfg::default());
    let p = publisher(&mut pg);
    for _ in 0..3 {
        pg.apply(Action::Publish(p));
        run(&mut pg, 400);
    }
    let end = pg.now();
    let before = pg.sim().trace().to_vec();
    pg.apply(Action::Seek(800));
    assert!(received(&pg, l).len() < 3);
    pg.apply(Action::Seek(end));
    assert_eq!(
        pg.sim().trace().to_vec(),
        before,
        "replay reproduces the run exactly"
    );
    pg.apply(Action::Seek(800));
    pg.apply(Action::Publish(p));
    assert!(pg.notice.as_ref().unwrap().text.contains("forked"));
    run(&mut pg, 3000);
    assert_eq!(
        received(&pg, l).len(),
        2,
        "the publish made at 750 ms, before the fork, and the one made after it"
    );
}

#[test]
fn invalid_json_is_refused_and_nothing_is_sent() {
    let mut pg = Playground::default();
    let p = publisher(&mut pg);
    let mut cfg = pg.panel(p).unwrap().publisher().unwrap().clone();
    cfg.data = "{not json".into();
    pg.apply(Action::EditPublisher(p, cfg));
    let inputs = pg.scenario.steps.len();
    pg.apply(Action::Publish(p));
    assert_eq!(pg.scenario.steps.len(), inputs);
    assert!(pg.notice.as_ref().unwrap().text.contains("not valid JSON"));
}

/// One engine, two drivers: every golden scenario loaded into the playground and played to
/// its end delivers exactly what the headless runner delivers.
#[test]
fn golden_scenarios_play_the_same_in_the_playground_as_headless() {
    use nats_playground::playground::Saved;
    use nats_playground::sim::{run_scenario, RunConfig, Scenario, TraceKind};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".scenario.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let headless = run_scenario(&Scenario::parse(&text).unwrap(), &RunConfig::default());
        let saved = Saved::from_json(&text).unwrap();
        assert!(!saved.panels.is_empty());
        let mut pg = Playground::from_saved(&saved);
        pg.apply(Action::Seek(saved.scenario.end_ms));
        let deliveries = |t: &[nats_playground::sim::TraceEvent]| -> Vec<String> {
            t.iter()
                .filter(|e| matches!(e.kind, TraceKind::Deliver { .. }))
                .map(|e| format!("{} {:?}", e.t, e.kind))
                .collect()
        };
        assert_eq!(
            deliveries(&pg.sim().trace().to_vec()),
            deliveries(&headless),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 12);
}

/// The course's point about auto ack: the client library acks on receipt, so when the
/// service's (asynchronous) database write fails the event is gone; in manual-ack mode the
/// missing ack makes the server redeliver it.
#[test]
fn auto_ack_loses_an_event_whose_write_fails_and_manual_ack_gets_it_back() {
    use nats_playground::sim::app::AppSpec;
    for manual in [false, true] {
        let mut pg = Playground::default();
        let cfg = ListenerCfg {
            subject: "account:changed".into(),
            manual_ack: manual,
            ack_wait_ms: 1000,
            fail_once_on: Some("\"amount\":70".into()),
            app: Some(AppSpec::Accounts {
                db: "accounts".into(),
                versioned: false,
            }),
            ..ListenerCfg::default()
        };
        let _l = listener(&mut pg, cfg);
        let p = publisher(&mut pg);
        let mut pc = pg.panel(p).unwrap().publisher().unwrap().clone();
        pc.subject = "account:changed".into();
        pc.data = r#"{"account":"u1","type":"deposit","amount":70,"version":1}"#.into();
        pg.apply(Action::EditPublisher(p, pc));
        pg.apply(Action::Publish(p));
        run(&mut pg, 3000);
        let balance = pg
            .sim()
            .dbs()
            .get("accounts")
            .and_then(|d| d.get("u1"))
            .map(|r| r["balance"].clone());
        if manual {
            assert_eq!(
                balance,
                Some(serde_json::json!(70)),
                "redelivered after AckWait and applied"
            );
        } else {
            assert_eq!(balance, None, "acked on receipt, the failed write lost it");
        }
    }
}

#[test]
fn a_publisher_that_publishes_every_n_ms_carries_on_after_a_reload() {
    use nats_playground::playground::Saved;
    let mut pg = Playground::default();
    let p = publisher(&mut pg);
    let mut cfg = pg.panel(p).unwrap().publisher().unwrap().clone();
    cfg.every_ms = 500;
    pg.apply(Action::EditPublisher(p, cfg));
    run(&mut pg, 2000);
    let published = |pg: &Playground| {
        pg.console(p)
            .iter()
            .filter(|l| l.text == "Event published")
            .count()
    };
    let before = published(&pg);
    assert!(before >= 3, "{before}");
    let mut back = Playground::from_saved(&Saved::from_json(&pg.to_saved().to_json()).unwrap());
    assert_eq!(
        published(&back),
        before,
        "the reload replays the same publishes"
    );
    run(&mut back, 2000);
    assert!(published(&back) >= before + 3, "and then keeps publishing");
}

#[test]
fn a_fork_in_a_reloaded_run_uses_the_settings_in_force_at_that_moment() {
    use nats_playground::playground::Saved;
    let mut pg = Playground::default();
    let p = publisher(&mut pg);
    let every = |pg: &Playground| pg.panel(p).unwrap().publisher().unwrap().every_ms;
    let set_every = |pg: &mut Playground, ms: u64| {
        let mut cfg = pg.panel(p).unwrap().publisher().unwrap().clone();
        cfg.every_ms = ms;
        pg.apply(Action::EditPublisher(p, cfg));
    };
    set_every(&mut pg, 1000);
    run(&mut pg, 10_000);
    let changed_at = pg.now();
    set_every(&mut pg, 400);
    run(&mut pg, 10_000);
    let end = pg.now();
    let published_between = |pg: &Playground, from: u64, to: u64| {
        pg.console(p)
            .iter()
            .filter(|l| l.text == "Event published" && l.t > from && l.t <= to)
            .count()
    };
    for reloaded in [false, true] {
        let mut pg = if reloaded {
            Playground::from_saved(&Saved::from_json(&pg.to_saved().to_json()).unwrap())
        } else {
            pg.clone()
        };
        assert_eq!(every(&pg), 400, "today's settings at the end");
        let back = changed_at - 5_000;
        pg.apply(Action::Seek(back));
        assert_eq!(every(&pg), 1000, "the settings in force then are shown");
        // Acting there forks; the publisher carries on at the rate in force then.
        pg.apply(Action::Publish(p));
        assert!(pg.can_undo_fork());
        run(&mut pg, 4_000);
        let n = published_between(&pg, back, back + 4_000);
        assert!(
            (4..=6).contains(&n),
            "every second after the fork, not every 400 ms (reloaded: {reloaded}): {n}"
        );
        pg.apply(Action::UndoFork);
        pg.apply(Action::Seek(end));
        assert_eq!(
            every(&pg),
            400,
            "undoing the fork brings the later change back"
        );
    }
}

#[test]
fn a_lesson_canvas_remembers_its_lesson_when_saved() {
    use nats_playground::lessons::Lesson;
    use nats_playground::playground::Saved;
    let lesson = Lesson::all().into_iter().nth(5).unwrap();
    let mut pg = lesson.playground().unwrap();
    pg.lesson_id = Some(lesson.id.clone());
    let back = Playground::from_saved(&Saved::from_json(&pg.to_saved().to_json()).unwrap());
    assert_eq!(back.lesson_id.as_deref(), Some(lesson.id.as_str()));
}

/// Durations from a scenario, a link or a file can be anything: none may overflow the clock
/// (the test build checks overflow, so this panics without saturating arithmetic).
#[test]
fn huge_durations_from_outside_do_not_overflow_the_clock() {
    use nats_playground::sim::{run_scenario, RunConfig, Scenario};
    let text = r#"{"server":{"hb_interval_ms":18446744073709551615,"hb_timeout_ms":18446744073709551615},
      "steps":[{"op":"connect","client":"a"},
               {"op":"subscribe","client":"a","sub":"s","subject":"x","manual_ack":true,
                "ack_wait_ms":2147483647000,"ack":{"after_ms":18446744073709551615},
                "processing_ms":18446744073709551615},
               {"op":"publish","client":"a","subject":"x","data":"d"}],"end_ms":5000}"#;
    let trace = run_scenario(&Scenario::parse(text).unwrap(), &RunConfig::default());
    assert!(trace
        .iter()
        .any(|e| matches!(e.kind, nats_playground::sim::TraceKind::Deliver { .. })));
}

/// A panel dragged from the toolbar lands where it was dropped (top-left clamped to the
/// canvas), is selected, and is the same kind of panel the button adds.
#[test]
fn a_panel_dropped_on_the_canvas_lands_where_it_was_dropped() {
    use nats_playground::playground::{PanelKind, Pos};
    let mut pg = Playground::default();
    pg.apply(Action::AddListenerAt(Pos { x: 640.0, y: 380.0 }));
    let l = pg.panels.last().unwrap().clone();
    assert!(matches!(l.kind, PanelKind::Listener(_)));
    assert_eq!((l.pos.x, l.pos.y), (640.0, 380.0));
    assert_eq!(pg.selected, Some(l.id));
    pg.apply(Action::AddPublisherAt(Pos { x: -30.0, y: 12.5 }));
    let p = pg.panels.last().unwrap().clone();
    assert!(matches!(p.kind, PanelKind::Publisher(_)));
    assert_eq!((p.pos.x, p.pos.y), (0.0, 12.5));
    assert_ne!(p.id, l.id);
}

// ---------------------------------------------------------------- the listener program

fn started_listener(pg: &mut Playground, cfg: ListenerCfg) -> u32 {
    pg.apply(Action::AddListener);
    let id = pg.panels.last().unwrap().id;
    pg.apply(Action::EditListener(id, cfg));
    pg.apply(Action::Start(id));
    run(pg, 500);
    id
}

/// The broker's live subscription behind a listener, if the server has one.
fn server_sub(pg: &Playground, id: u32) -> Option<nats_playground::broker::SubId> {
    listener_view(pg, id).broker_sub
}

#[test]
fn start_connects_then_subscribes_and_a_restart_after_kill_subscribes_again() {
    let mut pg = Playground::default();
    let l = started_listener(&mut pg, ListenerCfg::default());
    assert_eq!(listener_view(&pg, l).sub, SubView::Ready);
    assert!(server_sub(&pg, l).is_some());
    let p = publisher(&mut pg);
    pg.apply(Action::Publish(p));
    run(&mut pg, 500);
    assert_eq!(received(&pg, l).len(), 1);

    pg.apply(Action::Kill(l));
    run(&mut pg, 100);
    assert_eq!(listener_view(&pg, l).sub, SubView::None);
    assert!(server_sub(&pg, l).is_none());
    // crash-restart: the same client id comes back while the server still has the old one
    pg.apply(Action::Start(l));
    run(&mut pg, 2000);
    assert_eq!(listener_view(&pg, l).sub, SubView::Ready);
    let sub = server_sub(&pg, l).expect("the new connection's subscription is on the server");
    assert!(pg.sim().broker().subscription(sub).is_some());
    pg.apply(Action::Publish(p));
    run(&mut pg, 500);
    assert_eq!(received(&pg, l).len(), 2, "{:?}", received(&pg, l));

    // close, then start again
    pg.apply(Action::Close(l));
    run(&mut pg, 500);
    assert_eq!(listener_view(&pg, l).sub, SubView::None);
    pg.apply(Action::Start(l));
    run(&mut pg, 500);
    assert_eq!(listener_view(&pg, l).sub, SubView::Ready);
    pg.apply(Action::Publish(p));
    run(&mut pg, 500);
    assert_eq!(received(&pg, l).len(), 3);
}

#[test]
fn a_killed_then_reconnected_listener_is_not_shown_subscribed() {
    let mut pg = Playground::default();
    let l = listener(&mut pg, ListenerCfg::default());
    assert_eq!(listener_view(&pg, l).sub, SubView::Ready);
    pg.apply(Action::Kill(l));
    run(&mut pg, 100);
    pg.apply(Action::Connect(l));
    run(&mut pg, 2000);
    assert!(pg.is_connected(l));
    assert_eq!(listener_view(&pg, l).sub, SubView::None);
    assert!(server_sub(&pg, l).is_none());
    pg.apply(Action::Subscribe(l));
    run(&mut pg, 500);
    assert_eq!(listener_view(&pg, l).sub, SubView::Ready);
}

#[test]
fn options_edited_while_subscribed_are_pending_until_applied() {
    let mut pg = Playground::default();
    let l = started_listener(&mut pg, ListenerCfg::default());
    let p = publisher(&mut pg);
    let never = ListenerCfg {
        manual_ack: true,
        ack_wait_ms: 2000,
        ack: AckPolicy::Never,
        ..ListenerCfg::default()
    };
    pg.apply(Action::EditListener(l, never));
    let v = listener_view(&pg, l);
    assert_eq!(
        v.pending,
        vec![
            ".setManualAckMode(true)".to_string(),
            ".setAckWait(2000)".into(),
            "handler: never calls msg.ack()".into()
        ]
    );
    // the live subscription still auto-acks
    pg.apply(Action::Publish(p));
    run(&mut pg, 5000);
    assert_eq!(received(&pg, l).len(), 1);
    pg.apply(Action::ApplyListenerOptions(l));
    run(&mut pg, 500);
    let v = listener_view(&pg, l);
    assert!(v.pending.is_empty(), "{:?}", v.pending);
    assert_eq!(v.sub, SubView::Ready);
    let b = pg
        .sim()
        .broker()
        .subscription(v.broker_sub.unwrap())
        .unwrap();
    assert_eq!(b.ack_wait_ms, 2000);
    pg.apply(Action::Publish(p));
    run(&mut pg, 3000);
    let lines = received(&pg, l);
    assert!(
        lines.iter().any(|t| t.starts_with("↻1 Received event #2")),
        "{lines:?}"
    );
}

#[test]
fn a_durable_left_by_close_sub_is_shown_offline() {
    let mut pg = Playground::default();
    let cfg = ListenerCfg {
        durable_name: "orders".into(),
        ..ListenerCfg::default()
    };
    let l = started_listener(&mut pg, cfg);
    assert!(!listener_view(&pg, l).offline_durable);
    pg.apply(Action::CloseSubscription(l));
    run(&mut pg, 500);
    assert!(listener_view(&pg, l).offline_durable);
    pg.apply(Action::Subscribe(l));
    run(&mut pg, 500);
    assert!(!listener_view(&pg, l).offline_durable);
}

// ---------------------------------------------------------------- the timeline

/// What the learner can see of a run: the clock, the whole trace, the server's state.
fn fingerprint(pg: &Playground) -> (u64, usize, String) {
    let sim = pg.sim();
    let mut server = String::new();
    for path in ["/streaming/clientsz?subs=1", "/streaming/channelsz?subs=1"] {
        server.push_str(&sim.monitor(path).unwrap().to_string());
    }
    (
        pg.now(),
        sim.trace().len(),
        format!("{:?}{server}", sim.trace().last()),
    )
}

fn redelivery_run() -> (Playground, u32, u32) {
    let mut pg = Playground::default();
    let cfg = ListenerCfg {
        manual_ack: true,
        ack_wait_ms: 1000,
        ack: AckPolicy::Never,
        ..ListenerCfg::default()
    };
    let l = started_listener(&mut pg, cfg);
    let p = publisher(&mut pg);
    pg.apply(Action::Publish(p));
    run(&mut pg, 3000);
    (pg, l, p)
}

#[test]
fn seeking_back_keeps_the_marks_ahead_and_seeking_to_the_end_changes_nothing() {
    let (mut pg, _, _) = redelivery_run();
    let end = pg.now();
    let before = fingerprint(&pg);
    let marks = pg.marks();
    let first_redelivery = marks
        .iter()
        .find(|m| m.kind == MarkKind::Redelivery)
        .expect("a redelivery")
        .t;
    pg.apply(Action::Seek(first_redelivery - 200));
    assert!(pg.now() < first_redelivery);
    assert_eq!(pg.marks(), marks, "marks ahead stay drawn");
    assert_eq!(pg.horizon(), end, "the timeline keeps its length");
    for t in [100, end - 10, 700] {
        pg.apply(Action::Seek(t));
        assert_eq!(pg.now(), t);
        assert_eq!(pg.horizon(), end);
    }
    pg.apply(Action::Seek(end));
    assert_eq!(fingerprint(&pg), before);
}

#[test]
fn acting_in_the_past_forks_and_undo_fork_brings_the_old_future_back() {
    let (mut pg, _, p) = redelivery_run();
    let end = pg.now();
    let before = fingerprint(&pg);
    let steps = pg.scenario.steps.clone();
    let marks = pg.marks();
    pg.apply(Action::Seek(1200));
    pg.apply(Action::Publish(p));
    assert!(pg.can_undo_fork());
    assert!(pg.notice.as_ref().unwrap().text.contains("Undo fork"));
    assert_eq!(pg.horizon(), 1200, "the old future is set aside");
    run(&mut pg, 1000);
    assert_ne!(pg.scenario.steps, steps);
    pg.apply(Action::UndoFork);
    assert!(!pg.can_undo_fork());
    assert_eq!(pg.now(), 1200);
    assert_eq!(pg.scenario.steps, steps);
    assert_eq!(pg.marks(), marks);
    assert_eq!(pg.horizon(), end);
    pg.apply(Action::Seek(end));
    assert_eq!(fingerprint(&pg), before);
}

#[test]
fn a_jump_with_nothing_of_that_kind_due_stays_put_and_says_so() {
    let mut pg = Playground::default();
    let l = started_listener(&mut pg, ListenerCfg::default());
    let now = pg.now();
    let before = fingerprint(&pg);
    pg.apply(Action::JumpTo(MarkKind::Redelivery));
    assert_eq!(pg.now(), now);
    assert_eq!(fingerprint(&pg), before);
    assert!(pg.notice.as_ref().unwrap().text.contains("No redelivery"));
    // a due one is found
    pg.apply(Action::EditListener(
        l,
        ListenerCfg {
            manual_ack: true,
            ack_wait_ms: 1000,
            ack: AckPolicy::Never,
            ..ListenerCfg::default()
        },
    ));
    pg.apply(Action::ApplyListenerOptions(l));
    let p = publisher(&mut pg);
    run(&mut pg, 1000);
    pg.apply(Action::Publish(p));
    pg.apply(Action::JumpTo(MarkKind::Redelivery));
    assert!(
        pg.now() > now + 1000,
        "{} {now} {:?} {:?}",
        pg.now(),
        pg.notice,
        received(&pg, l)
    );
    assert!(received(&pg, l).iter().any(|t| t.starts_with("↻")));
}

#[test]
fn an_auto_publisher_keeps_its_rate_and_nothing_piles_up() {
    let mut pg = Playground::default();
    let l = started_listener(&mut pg, ListenerCfg::default());
    let p = publisher(&mut pg);
    let mut cfg = pg.panel(p).unwrap().publisher().unwrap().clone();
    cfg.every_ms = 10;
    pg.apply(Action::EditPublisher(p, cfg));
    let every = pg.panel(p).unwrap().publisher().unwrap().every_ms;
    assert_eq!(every, pg.fastest_auto_publish());
    assert!(pg.notice.as_ref().unwrap().text.contains("publishes every"));
    let start = pg.now();
    let before = received(&pg, l).len();
    run(&mut pg, 20_000);
    let got = (received(&pg, l).len() - before) as u64;
    let want = 20_000 / every;
    assert!(
        got + 2 >= want && got <= want + 1,
        "{got} events, {want} expected"
    );
    let waiting = pg.scenario.steps.len() - pg.runner.steps_started();
    assert!(waiting <= 1, "{waiting} steps wait");
    assert!(pg.now() >= start + 20_000);
}

#[test]
fn publishers_whose_connect_is_answered_after_their_first_due_time_still_publish() {
    // Recorded steps start one after another, so the third publisher's connect is answered
    // ~600 ms after the click, later than its first "every N" time: its schedule must wait for
    // the connect instead of ending. The three share one lane of steps, so the playground
    // offers each only a third of the lane's rate, and each publishes at the rate it says.
    let mut pg = Playground::default();
    let l = started_listener(&mut pg, ListenerCfg::default());
    let mut pubs = Vec::new();
    for _ in 0..3 {
        pg.apply(Action::AddPublisher);
        let id = pg.panels.last().unwrap().id;
        let mut cfg = pg.panel(id).unwrap().publisher().unwrap().clone();
        cfg.every_ms = 10;
        pg.apply(Action::EditPublisher(id, cfg));
        pubs.push(id);
    }
    for &id in &pubs {
        pg.apply(Action::Connect(id));
    }
    let before = received(&pg, l).len();
    run(&mut pg, 20_000);
    let got = received(&pg, l).len() - before;
    let every = pg.fastest_auto_publish() as usize;
    assert!(got + 3 >= 20_000 / every, "{got} events in all");
    assert_eq!(every as u64, 3 * (2 * pg.cfg.latency_ms + 1));
    for &id in &pubs {
        let says = pg.panel(id).unwrap().publisher().unwrap().every_ms;
        assert_eq!(says, every as u64, "every publisher says the rate it keeps");
        let published = pg
            .console(id)
            .iter()
            .filter(|line| line.text.contains("published"))
            .count();
        let want = 20_000 / every;
        assert!(
            published + 2 >= want && published <= want + 1,
            "publisher {id}: {published} published in 20 s at every {every} ms"
        );
    }
    assert!(
        pg.notice.as_ref().unwrap().text.contains("take turns"),
        "{:?}",
        pg.notice
    );
}

#[test]
fn a_frame_runs_only_as_far_as_its_budget_owes_nothing_and_pause_stops_the_clock_at_once() {
    let mut pg = Playground::default();
    let _l = started_listener(&mut pg, ListenerCfg::default());
    pg.apply(Action::SetSpeed(100.0));
    pg.apply(Action::Play);
    let t0 = pg.now();
    // A frame whose work budget ends after its first slice (2 ms of wall time at 100x).
    pg.play_frame(16.0, || false);
    assert_eq!(pg.now(), t0 + 200);
    // What the budget did not reach is not owed: a full frame then gains 1.6 s, no more.
    let t1 = pg.now();
    pg.play_frame(16.0, || true);
    assert_eq!(pg.now(), t1 + 1600);
    assert_eq!(pg.pace.behind(), None);
    for _ in 0..60 {
        pg.play_frame(16.0, || false);
    }
    let reached = pg
        .pace
        .behind()
        .expect("the clock falls behind and says so");
    assert!((reached - 12.5).abs() < 0.5, "{reached}");
    pg.apply(Action::Pause);
    let t2 = pg.now();
    pg.play_frame(16.0, || true);
    pg.apply(Action::Tick(16.0));
    assert_eq!(pg.now(), t2, "paused: no frame moves the clock");
}

#[test]
fn a_publisher_slowed_by_another_keeps_the_slower_rate_after_a_trip_in_time() {
    // Editing a second publisher to publish every N ms slows the first one down; that change
    // is a settings change in time like the learner's own, so seeking back before it shows
    // the first rate and seeking past it the slower one again.
    let mut pg = Playground::default();
    let a = publisher(&mut pg);
    let b = publisher(&mut pg);
    let mut cfg = pg.panel(a).unwrap().publisher().unwrap().clone();
    cfg.every_ms = 10;
    pg.apply(Action::EditPublisher(a, cfg));
    let alone = pg.panel(a).unwrap().publisher().unwrap().every_ms;
    run(&mut pg, 1000);
    let edited = pg.now();
    let mut cfg = pg.panel(b).unwrap().publisher().unwrap().clone();
    cfg.every_ms = 10;
    pg.apply(Action::EditPublisher(b, cfg));
    let slowed = pg.panel(a).unwrap().publisher().unwrap().every_ms;
    assert!(slowed > alone, "{slowed} vs {alone}");
    run(&mut pg, 1000);
    let end = pg.now();
    pg.apply(Action::Seek(edited - 500));
    assert_eq!(pg.panel(a).unwrap().publisher().unwrap().every_ms, alone);
    pg.apply(Action::Seek(end));
    assert_eq!(pg.panel(a).unwrap().publisher().unwrap().every_ms, slowed);
}
