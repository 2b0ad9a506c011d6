//! The view model on the host: what the screen shows after learner actions, read from the
//! same [`screen::derive`] the app calls on every frame.

use super::screen::{self, Ask, Screen};
use super::vm::{Cache, Can, DotKind, EdgeStyle, PanelVm, SubStatus};
use crate::playground::{AckPolicy, Action, LineKind, ListenerCfg, PanelId, Playground};

fn screen_of(pg: &Playground) -> Screen {
    screen::derive(
        pg,
        &Ask::default(),
        true,
        (1280.0, 720.0),
        &mut Cache::default(),
    )
}

fn panel(s: &Screen, id: PanelId) -> &PanelVm {
    s.panels
        .iter()
        .find(|p| p.id == id)
        .expect("panel on screen")
}

fn run(pg: &mut Playground, ms: u64) {
    let t = pg.now() + ms;
    pg.apply(Action::Seek(t));
}

/// A listener with `cfg`, started, and a connected publisher (ids 1 and 2).
fn listener_and_publisher(cfg: ListenerCfg) -> Playground {
    let mut pg = Playground::default();
    pg.apply(Action::AddListener);
    pg.apply(Action::EditListener(1, cfg));
    pg.apply(Action::Start(1));
    pg.apply(Action::AddPublisher);
    pg.apply(Action::Connect(2));
    run(&mut pg, 600);
    pg
}

fn by_button() -> ListenerCfg {
    ListenerCfg {
        manual_ack: true,
        ack: AckPolicy::Manual,
        ack_wait_ms: 5000,
        ..ListenerCfg::default()
    }
}

/// (sequence, ackable) of each delivery line, oldest first.
fn deliveries(p: &PanelVm) -> Vec<(Option<u64>, bool)> {
    p.lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Message | LineKind::Redelivered))
        .map(|l| (l.seq, l.ackable))
        .collect()
}

#[test]
fn ack_buttons_are_on_the_deliveries_the_server_still_waits_for() {
    let mut pg = listener_and_publisher(by_button());
    assert_eq!(panel(&screen_of(&pg), 1).sub, SubStatus::Ready);
    // Data that reads like a console line must not change what the line is about.
    pg.apply(Action::EditPublisher(
        2,
        crate::playground::PublisherCfg {
            data: r#"{"note":"Received event #99"}"#.into(),
            ..Default::default()
        },
    ));
    for _ in 0..2 {
        pg.apply(Action::Publish(2));
        run(&mut pg, 400);
    }
    let s = screen_of(&pg);
    assert_eq!(deliveries(panel(&s, 1)), [(Some(1), true), (Some(2), true)]);

    pg.apply(Action::Ack(1, 1));
    run(&mut pg, 400);
    let s = screen_of(&pg);
    assert_eq!(
        deliveries(panel(&s, 1)),
        [(Some(1), false), (Some(2), true)],
        "acked #1 loses its button, #2 keeps it"
    );
    let acked = s.panels[0]
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Ack)
        .expect("an ack line");
    assert!(!acked.ackable && acked.seq.is_none(), "{acked:?}");
}

#[test]
fn after_a_redelivery_only_the_newest_line_of_the_event_has_the_button() {
    let mut pg = listener_and_publisher(ListenerCfg {
        ack_wait_ms: 1000,
        ..by_button()
    });
    pg.apply(Action::Publish(2));
    run(&mut pg, 1600);
    let s = screen_of(&pg);
    let p = panel(&s, 1);
    assert_eq!(deliveries(p), [(Some(1), false), (Some(1), true)]);
    assert_eq!(p.lines.last().map(|l| l.kind), Some(LineKind::Redelivered));
}

#[test]
fn a_listener_that_acks_by_itself_never_shows_ack_buttons() {
    let mut pg = listener_and_publisher(ListenerCfg {
        manual_ack: true,
        ack: AckPolicy::Never,
        ..ListenerCfg::default()
    });
    pg.apply(Action::Publish(2));
    run(&mut pg, 400);
    let s = screen_of(&pg);
    assert_eq!(deliveries(panel(&s, 1)), [(Some(1), false)]);
    assert_eq!(panel(&s, 1).summary, "never acks");
}

#[test]
fn edges_say_live_stalled_and_dead() {
    let mut pg = listener_and_publisher(ListenerCfg {
        max_in_flight: Some(1),
        ..by_button()
    });
    let style = |pg: &Playground, id| {
        screen_of(pg)
            .edges
            .iter()
            .find(|e| e.panel == id)
            .map(|e| e.style)
    };
    assert_eq!(style(&pg, 1), Some(EdgeStyle::Live));
    pg.apply(Action::Publish(2));
    run(&mut pg, 400);
    assert!(panel(&screen_of(&pg), 1).stalled);
    assert_eq!(style(&pg, 1), Some(EdgeStyle::Stalled));
    pg.apply(Action::Kill(1));
    run(&mut pg, 10);
    assert_eq!(style(&pg, 1), Some(EdgeStyle::Dead));
    assert_eq!(style(&pg, 2), Some(EdgeStyle::Live));
}

#[test]
fn dots_follow_a_publish_to_the_server_and_its_delivery_back() {
    let mut pg = listener_and_publisher(ListenerCfg::default());
    pg.apply(Action::Publish(2));
    run(&mut pg, 10);
    let s = screen_of(&pg);
    let d = s.dots.first().expect("the publish on the wire");
    assert_eq!(
        (d.kind, d.up, d.label.as_str()),
        (DotKind::Publish, true, "pub")
    );
    assert!(s.slowed, "the clock slows while a publish travels");
    // 100 ms each way (the playground's latency): the delivery is on its way down at 150 ms.
    run(&mut pg, 140);
    let s = screen_of(&pg);
    let d = s
        .dots
        .iter()
        .find(|d| d.kind == DotKind::Deliver)
        .unwrap_or_else(|| panic!("a delivery among {:?}", s.dots));
    assert_eq!(
        (d.up, d.label.as_str(), d.badge.as_deref()),
        (false, "#1", None)
    );
}

#[test]
fn the_server_box_lists_the_channel_and_a_queue_group_by_its_typed_name() {
    let mut pg = listener_and_publisher(ListenerCfg {
        queue_group: "orders".into(),
        durable_name: "svc".into(),
        ..ListenerCfg::default()
    });
    pg.apply(Action::Publish(2));
    run(&mut pg, 400);
    let s = screen_of(&pg);
    let ch = &s.server.channels[0];
    assert_eq!(
        (ch.name.as_str(), ch.last_seq, ch.cells.as_slice()),
        ("ticket:created", 1, &[1][..])
    );
    match &ch.blocks[..] {
        [super::vm::BlockVm::Queue { name, members, .. }] => {
            assert_eq!(name, "orders (durable svc)");
            assert_eq!(members.len(), 1);
            assert_eq!(members[0].panel, Some(1));
        }
        other => panic!("one queue group, got {other:?}"),
    }
    assert!(
        s.narration.ends_with("received event #1"),
        "{}",
        s.narration
    );
}

#[test]
fn buttons_do_something_only_when_the_model_allows_it() {
    let mut pg = Playground::default();
    pg.apply(Action::AddListener);
    let idle = Can {
        connect: true,
        ..Can::default()
    };
    assert_eq!(panel(&screen_of(&pg), 1).can, idle);
    pg.apply(Action::Start(1));
    assert_eq!(panel(&screen_of(&pg), 1).can, Can::default(), "connecting");
    run(&mut pg, 600);
    let ready = Can {
        connect: false,
        act: true,
        subscribe: false,
        end_sub: true,
    };
    assert_eq!(panel(&screen_of(&pg), 1).can, ready);
    pg.apply(Action::CloseSubscription(1));
    run(&mut pg, 400);
    let closed = Can {
        subscribe: true,
        end_sub: false,
        ..ready
    };
    assert_eq!(panel(&screen_of(&pg), 1).can, closed);
    pg.apply(Action::Kill(1));
    run(&mut pg, 10);
    assert_eq!(
        panel(&screen_of(&pg), 1).can,
        idle,
        "a killed program can start again"
    );
}
