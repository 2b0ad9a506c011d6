//! Long runs stay healthy: what the playground keeps for display and rewinding stays
//! bounded while the run itself stays exact, and what the autosave keeps is what a reload
//! reopens (its replay stays within the reopening tab's work budget).

use nats_playground::playground::state::{CHECKPOINT_RECORDS, RECORDS_KEPT};
use nats_playground::playground::timeline::CHECKPOINT_BYTES;
use nats_playground::playground::{
    Action, ListenerCfg, PanelKind, Playground, PublisherCfg, Replay, Saved,
};
use nats_playground::sim::{AckPolicy, Budget};

/// A publisher at the fastest rate and a listener that never acks (AckWait 1 s), 1 ms of
/// latency: thousands of redeliveries per virtual second.
fn heavy() -> Playground {
    let mut pg = Playground::default();
    pg.apply(Action::SetLatency(1));
    let l = pg.add_panel(PanelKind::Listener(ListenerCfg {
        manual_ack: true,
        ack: AckPolicy::Never,
        ack_wait_ms: 1000,
        ..ListenerCfg::default()
    }));
    pg.apply(Action::Start(l));
    let p = pg.add_panel(PanelKind::Publisher(PublisherCfg::default()));
    pg.apply(Action::EditPublisher(
        p,
        PublisherCfg {
            every_ms: 1,
            ..PublisherCfg::default()
        },
    ));
    pg.apply(Action::Connect(p));
    pg
}

#[test]
fn a_heavy_run_keeps_bounded_records_and_autosaves_only_what_a_reload_replays() {
    let mut pg = heavy();
    let mut t = 0;
    while t < 90_000 {
        t += 1000;
        pg.apply(Action::Seek(t));
        let trace = pg.sim().trace();
        assert!(trace.len() < RECORDS_KEPT + 256, "{}", trace.len());
        assert!(pg.timeline.weight() <= CHECKPOINT_BYTES + (64 << 20));
    }
    let out = pg.sim().broker().stats().out_msgs;
    assert!(out > 250_000, "{out} deliveries");
    assert!(pg.sim().trace().total() > 2 * RECORDS_KEPT);
    // The history kept by the autosave ends before now, where its replay fits the budget.
    let (saved, cut) = pg.to_saved_reopenable();
    let cut = cut.expect("the run outgrew what a reload replays");
    assert!(cut > 0 && cut < pg.now());
    let saved = Saved::from_json(&saved.to_json()).expect("it reads back");
    let (back, stopped) = Replay::start(&saved, Some(Budget::default())).run();
    assert_eq!(stopped, None, "a reload reopens all the autosave kept");
    assert_eq!(back.now(), cut);
    assert_eq!(back.horizon(), cut);
    // Rewinding restores a checkpoint with fewer records, and the run is the same again.
    let end = pg.now();
    let stats = format!("{:?}", pg.sim().broker().stats());
    pg.apply(Action::Seek(end / 2));
    assert!(pg.sim().trace().len() <= CHECKPOINT_RECORDS + RECORDS_KEPT);
    pg.apply(Action::Seek(end));
    assert_eq!(format!("{:?}", pg.sim().broker().stats()), stats);
}

#[test]
fn a_light_run_is_saved_whole() {
    let mut pg = Playground::default();
    let l = pg.add_panel(PanelKind::Listener(ListenerCfg::default()));
    pg.apply(Action::Start(l));
    let p = pg.add_panel(PanelKind::Publisher(PublisherCfg::default()));
    pg.apply(Action::Connect(p));
    pg.apply(Action::Seek(2_000));
    pg.apply(Action::Publish(p));
    pg.apply(Action::Seek(60_000));
    let (saved, cut) = pg.to_saved_reopenable();
    assert_eq!(cut, None);
    assert_eq!(saved.settings.now, 60_000);
}
