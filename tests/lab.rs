//! The concurrency lab: the same account events, under the same failures and the same seed,
//! leave the wrong balance when the accounting service ignores versions and the right one
//! when it applies them in version order. Played through the playground, as a learner would.

use nats_playground::broker::Millis;
use nats_playground::lessons::check::{db_matches_expected, expected_db};
use nats_playground::lessons::Check;
use nats_playground::playground::{
    course_server, Action, ListenerCfg, PanelId, PanelKind, Playground, PublisherCfg,
};
use nats_playground::sim::app::AppSpec;
use nats_playground::sim::SimConfig;
use serde_json::json;

const SUBJECT: &str = "transaction:created";
const GROUP: &str = "accounting-service-queue-group";
const SEED: u64 = 7;

/// What goes wrong in the lab (the chapter's "core concurrency issues").
#[derive(Clone, Copy, Debug)]
enum Trouble {
    /// Copy A's handler throws once on the +$70: it comes back after the AckWait.
    FailsOnce,
    /// Copy A takes 3 s per event: later events overtake earlier ones.
    SlowCopy,
    /// Copy A dies just before the events: the server still hands it one.
    DeadCopy,
    /// Copy A takes 7 s, longer than the 5 s AckWait: its events are delivered twice.
    SlowerThanAckWait,
}

struct Lab {
    pg: Playground,
    bank: PanelId,
    a: PanelId,
}

fn wait(pg: &mut Playground, ms: Millis) {
    let t = pg.now() + ms;
    pg.apply(Action::Seek(t));
}

fn accounting(versioned: bool) -> ListenerCfg {
    ListenerCfg {
        subject: SUBJECT.into(),
        queue_group: GROUP.into(),
        manual_ack: true,
        ack_wait_ms: 5000,
        app: Some(AppSpec::Accounts {
            db: "accounts".into(),
            versioned,
        }),
        ..ListenerCfg::default()
    }
}

/// The lab's canvas: the events' publisher and two accounting copies in a queue group.
fn lab(versioned: bool, trouble: Trouble) -> Lab {
    let mut pg = Playground::new(
        course_server(),
        SimConfig {
            latency_ms: 100,
            seed: SEED,
        },
    );
    let bank = pg.add_panel(PanelKind::Publisher(PublisherCfg {
        subject: SUBJECT.into(),
        ..PublisherCfg::default()
    }));
    let mut a_cfg = accounting(versioned);
    match trouble {
        Trouble::FailsOnce => a_cfg.fail_once_on = Some(r#""amount":70"#.into()),
        Trouble::SlowCopy => a_cfg.processing_ms = 3000,
        Trouble::DeadCopy => {}
        Trouble::SlowerThanAckWait => a_cfg.processing_ms = 7000,
    }
    let a = pg.add_panel(PanelKind::Listener(a_cfg));
    let b = pg.add_panel(PanelKind::Listener(accounting(versioned)));
    for p in [bank, a, b] {
        pg.apply(Action::Connect(p));
        wait(&mut pg, 300);
    }
    for p in [a, b] {
        pg.apply(Action::Subscribe(p));
        wait(&mut pg, 300);
    }
    Lab { pg, bank, a }
}

fn event(kind: &str, amount: i64, version: u64) -> String {
    json!({"account": "u1", "type": kind, "amount": amount, "version": version}).to_string()
}

/// +$70, +$40, -$100 for u1 (versions 1 to 3: a service without versions ignores them),
/// published in quick succession, then a minute for every retry to settle.
fn play(lab: &mut Lab, trouble: Trouble) {
    let pg = &mut lab.pg;
    if let Trouble::DeadCopy = trouble {
        pg.apply(Action::Kill(lab.a));
        wait(pg, 200);
    }
    for (kind, amount, version) in [("deposit", 70, 1), ("deposit", 40, 2), ("withdraw", 100, 3)] {
        let cfg = PublisherCfg {
            subject: SUBJECT.into(),
            data: event(kind, amount, version),
            every_ms: 0,
        };
        pg.apply(Action::EditPublisher(lab.bank, cfg));
        pg.apply(Action::Publish(lab.bank));
        wait(pg, 300);
    }
    wait(pg, 60_000);
}

fn balance(pg: &Playground) -> i64 {
    pg.sim().dbs()["accounts"]["u1"]["balance"]
        .as_i64()
        .expect("u1 has a balance")
}

fn run(versioned: bool, trouble: Trouble) -> Lab {
    let mut l = lab(versioned, trouble);
    play(&mut l, trouble);
    l
}

#[test]
fn without_versions_the_balance_is_wrong_and_with_versions_it_is_right() {
    // (trouble, the wrong balance the service without versions ends with)
    let cases = [
        // The -$100 is refused before the retried +$70 arrives.
        (Trouble::FailsOnce, 110),
        // The -$100 overtakes the slow +$70 and is refused.
        (Trouble::SlowCopy, 110),
        // The dead copy sits on the +$70 until the AckWait: the -$100 is refused.
        (Trouble::DeadCopy, 110),
        // The -$100 is refused, and the slow +$70 is applied twice (by B, then by A).
        (Trouble::SlowerThanAckWait, 180),
    ];
    for (trouble, wrong) in cases {
        let plain = run(false, trouble);
        let versioned = run(true, trouble);

        // Same events, same order, in both runs: the same expected state, $10.
        for l in [&plain, &versioned] {
            let exp = expected_db(&l.pg, "accounts").expect("a lab database");
            assert_eq!(exp["u1"]["balance"], 10, "{trouble:?}: expected");
        }
        let published = |pg: &Playground| {
            pg.sim()
                .trace()
                .iter()
                .filter(|e| e.to_json()["ev"] == "pub_ack")
                .map(|e| e.to_json()["data"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            published(&plain.pg),
            published(&versioned.pg),
            "{trouble:?}"
        );
        assert_eq!(published(&plain.pg).len(), 3, "{trouble:?}");

        assert_eq!(balance(&plain.pg), wrong, "{trouble:?}: without versions");
        assert!(!db_matches_expected(&plain.pg, "accounts"), "{trouble:?}");
        assert_eq!(balance(&versioned.pg), 10, "{trouble:?}: with versions");
        assert!(
            db_matches_expected(&versioned.pg, "accounts"),
            "{trouble:?}"
        );

        // The lesson engine's objectives say the same.
        let right = Check::All(vec![
            Check::Db {
                name: "accounts".into(),
                pointer: "/u1/balance".into(),
                equals: json!(10),
            },
            Check::DbMatchesExpected {
                name: "accounts".into(),
                matches: true,
            },
        ]);
        assert!(right.met(&versioned.pg), "{trouble:?}");
        assert!(!right.met(&plain.pg), "{trouble:?}");
        let wrong_check = Check::DbMatchesExpected {
            name: "accounts".into(),
            matches: false,
        };
        assert!(wrong_check.met(&plain.pg), "{trouble:?}");
    }
}

#[test]
fn the_lab_is_deterministic_under_a_seed() {
    for trouble in [Trouble::FailsOnce, Trouble::SlowerThanAckWait] {
        for versioned in [false, true] {
            let one = run(versioned, trouble);
            let two = run(versioned, trouble);
            assert_eq!(one.pg.sim().trace(), two.pg.sim().trace(), "{trouble:?}");
            assert_eq!(one.pg.sim().dbs(), two.pg.sim().dbs(), "{trouble:?}");
        }
    }
}

/// With versions, a duplicate is acked without being applied and an early event waits.
#[test]
fn the_versioned_service_notes_duplicates_and_early_events() {
    let l = run(true, Trouble::SlowerThanAckWait);
    let notes: Vec<&str> =
        l.pg.sim()
            .db_log()
            .iter()
            .map(|n| n.note.as_str())
            .collect();
    assert!(
        notes.iter().any(|n| n.contains("already applied")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("arrived before")),
        "{notes:?}"
    );
}

/// Two labs on one canvas (accounts and the orders copy of tickets): each database is
/// compared with the events of its own channels only.
#[test]
fn each_lab_database_expects_only_its_own_channels() {
    let mut pg = Playground::new(
        course_server(),
        SimConfig {
            latency_ms: 100,
            seed: SEED,
        },
    );
    let bank = pg.add_panel(PanelKind::Publisher(PublisherCfg {
        subject: SUBJECT.into(),
        data: event("deposit", 70, 1),
        every_ms: 0,
    }));
    let tickets = pg.add_panel(PanelKind::Publisher(PublisherCfg {
        subject: "ticket:created".into(),
        data: json!({"id": "t1", "title": "concert", "price": 20, "version": 0}).to_string(),
        every_ms: 0,
    }));
    let acc = pg.add_panel(PanelKind::Listener(accounting(true)));
    let orders = pg.add_panel(PanelKind::Listener(ListenerCfg {
        subject: "ticket:created".into(),
        manual_ack: true,
        app: Some(AppSpec::Tickets {
            db: "orders".into(),
            versioned: true,
        }),
        ..ListenerCfg::default()
    }));
    for p in [bank, tickets, acc, orders] {
        pg.apply(Action::Connect(p));
        wait(&mut pg, 300);
    }
    for p in [acc, orders] {
        pg.apply(Action::Subscribe(p));
        wait(&mut pg, 300);
    }
    pg.apply(Action::Publish(bank));
    wait(&mut pg, 300);
    pg.apply(Action::Publish(tickets));
    wait(&mut pg, 1000);
    let accounts = expected_db(&pg, "accounts").unwrap();
    assert_eq!(accounts.keys().collect::<Vec<_>>(), ["u1"]);
    let copy = expected_db(&pg, "orders").unwrap();
    assert_eq!(copy.keys().collect::<Vec<_>>(), ["t1"]);
    assert!(db_matches_expected(&pg, "accounts"));
    assert!(db_matches_expected(&pg, "orders"));
}
