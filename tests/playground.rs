//! The playground's reducer, driven the way the UI drives it: the four walkthroughs the
//! browser tests also perform, plus time travel.

use nats_playground::playground::{
    Action, LineKind, ListenerCfg, MarkKind, Playground, StartChoice,
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
        pg.sim().trace(),
        &before[..],
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
            deliveries(pg.sim().trace()),
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
