//! Writes the `nats-test` project of several canvases, for the export test
//! (`e2e/tests/export-project.test.mjs`), which unpacks, installs and type-checks them:
//!
//! ```text
//! cargo run --example export_projects -- OUT_DIR
//! ```
//!
//! For every canvas (each lesson's setup, each lesson once its show-me path is done, and a
//! few made-up canvases with every option and hostile texts) it writes `NAME.zip`,
//! `NAME.saved.json` (the canvas, to open in the app) and, in `manifest.json`, what every
//! panel's file must say, taken from the panel's own settings.

use nats_playground::broker::ServerOptions;
use nats_playground::lessons::{Lesson, LessonRun};
use nats_playground::playground::{
    course_server, project, ListenerCfg, Panel, PanelKind, Playground, Pos, PublisherCfg,
    StartChoice,
};
use nats_playground::sim::AckPolicy;
use serde_json::{json, Value};

/// What a panel's TypeScript file must hold, from the panel's settings.
fn expected(cluster_id: &str, p: &Panel, file: &str, script: &str) -> Value {
    let random = nats_playground::playground::codegen::random_style(&p.client_id);
    let common = json!({
        "file": file,
        "script": script,
        "cluster_id": cluster_id,
        "client_id": if random { Value::Null } else { json!(p.client_id) },
    });
    let mut v = common;
    match &p.kind {
        PanelKind::Publisher(c) => {
            let text = c.data.trim();
            v["kind"] = json!("publisher");
            v["subject"] = json!(c.subject);
            // Either the JSON the data holds, or (not JSON) the exact text.
            match serde_json::from_str::<Value>(text) {
                Ok(d) => v["data_json"] = d,
                Err(_) => v["data_text"] = json!(c.data),
            }
            v["every_ms"] = json!(c.every_ms);
        }
        PanelKind::Listener(c) => {
            let opt = |s: &str| {
                let s = s.trim();
                if s.is_empty() {
                    Value::Null
                } else {
                    json!(s)
                }
            };
            let (start, at) = match &c.start {
                StartChoice::NewOnly => ("new_only", Value::Null),
                StartChoice::DeliverAllAvailable => ("setDeliverAllAvailable", Value::Null),
                StartChoice::StartWithLastReceived => ("setStartWithLastReceived", Value::Null),
                StartChoice::StartAtSequence(n) => ("setStartAtSequence", json!(n)),
                StartChoice::StartAtTimeDelta(ms) => ("setStartAtTimeDelta", json!(ms)),
            };
            v["kind"] = json!("listener");
            v["subject"] = json!(c.subject);
            v["queue_group"] = opt(&c.queue_group);
            v["durable_name"] = opt(&c.durable_name);
            v["manual_ack"] = json!(c.manual_ack);
            v["ack_wait_ms"] = json!(c.ack_wait_ms);
            v["max_in_flight"] = json!(c.max_in_flight);
            v["start"] = json!(start);
            v["start_at"] = at;
            // Whether the handler calls msg.ack() itself.
            v["acks_in_code"] = json!(
                c.manual_ack
                    && matches!(
                        c.ack,
                        AckPolicy::Immediate | AckPolicy::OnDelivery(_) | AckPolicy::AfterMs(_)
                    )
            );
        }
    }
    v
}

fn panel(id: u32, name: &str, client_id: &str, kind: PanelKind) -> Panel {
    Panel {
        id,
        name: name.into(),
        client_id: client_id.into(),
        pos: Pos {
            x: if matches!(kind, PanelKind::Listener(_)) {
                620.0
            } else {
                20.0
            },
            y: 20.0 + 190.0 * id as f64,
        },
        kind,
        removed: false,
        next_auto_publish: None,
    }
}

/// Canvases made up for the test: every start option and ack policy, and hostile texts in
/// every field that reaches a generated file.
fn made_up() -> Vec<(String, ServerOptions, Vec<Panel>)> {
    let l = |cfg: ListenerCfg| PanelKind::Listener(cfg);
    let every_option = vec![
        panel(
            1,
            "Ticker",
            "ticker",
            PanelKind::Publisher(PublisherCfg {
                every_ms: 2000,
                ..PublisherCfg::default()
            }),
        ),
        panel(
            2,
            "Raw text",
            "raw",
            PanelKind::Publisher(PublisherCfg {
                subject: "ticket:updated".into(),
                data: "not json, just text".into(),
                every_ms: 0,
            }),
        ),
        panel(
            3,
            "All options",
            "3f9a61c2",
            l(ListenerCfg {
                queue_group: "orders-service-queue-group".into(),
                manual_ack: true,
                ack_wait_ms: 5000,
                max_in_flight: Some(1),
                start: StartChoice::DeliverAllAvailable,
                durable_name: "orders-service".into(),
                ack: AckPolicy::OnDelivery(3),
                ..ListenerCfg::default()
            }),
        ),
        panel(
            4,
            "Last received",
            "l4",
            l(ListenerCfg {
                start: StartChoice::StartWithLastReceived,
                manual_ack: true,
                ack: AckPolicy::AfterMs(1500),
                ..ListenerCfg::default()
            }),
        ),
        panel(
            5,
            "At sequence",
            "l5",
            l(ListenerCfg {
                start: StartChoice::StartAtSequence(7),
                manual_ack: true,
                ack: AckPolicy::Never,
                ..ListenerCfg::default()
            }),
        ),
        panel(
            6,
            "Time delta",
            "l6",
            l(ListenerCfg {
                start: StartChoice::StartAtTimeDelta(60_000),
                manual_ack: true,
                ack: AckPolicy::Manual,
                ..ListenerCfg::default()
            }),
        ),
    ];
    let evil = "x'); require('child_process').execSync('touch pwned'); ('";
    let hostile = vec![
        panel(
            1,
            "$(touch pwned) `x` ../../etc",
            evil,
            PanelKind::Publisher(PublisherCfg {
                subject: "ticket:created'); process.exit(1); ('".into(),
                data: r#"{"id":"1"}); require('child_process').execSync('touch pwned'); ({"#.into(),
                every_ms: 0,
            }),
        ),
        panel(
            2,
            "json */ with \u{2028} tricks",
            "line\nbreak\u{2028}*/",
            PanelKind::Publisher(PublisherCfg {
                data: "{\"t\":\"</script>\\u2028'\\\"`${x}`\",\"n\":[1,-2.5e3,true,null],\"o\":{}}"
                    .into(),
                ..PublisherCfg::default()
            }),
        ),
        panel(
            3,
            "Hostile listener",
            "a\\b'c\"d`e${f}",
            l(ListenerCfg {
                subject: "s\n}); evil(); ({".into(),
                queue_group: "q'\u{0}\u{1b}[31m".into(),
                durable_name: " d`${process.exit()}` ".into(),
                manual_ack: true,
                ..ListenerCfg::default()
            }),
        ),
    ];
    let hostile_server = ServerOptions {
        cluster_id: "ticketing'); $(touch pwned)\n---\nkind: Pod".into(),
        ..course_server()
    };
    vec![
        ("every-option".into(), course_server(), every_option),
        ("hostile".into(), hostile_server, hostile),
    ]
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .expect("usage: export_projects OUT_DIR");
    let out = std::path::Path::new(&out);
    std::fs::create_dir_all(out).expect("create the output directory");
    let mut canvases: Vec<(String, ServerOptions, Vec<Panel>, Option<Value>)> = Vec::new();
    for lesson in Lesson::all() {
        let mut pg: Playground = lesson.playground().expect("the lesson's setup loads");
        let saved = pg.to_saved().to_value();
        canvases.push((
            format!("lesson-{}", lesson.id),
            pg.server().clone(),
            pg.panels.clone(),
            Some(saved),
        ));
        let mut run = LessonRun::new(lesson.clone());
        while !run.complete() {
            let before = run.done.clone();
            run.show_me(&mut pg);
            assert_ne!(before, run.done, "{}: show me made no progress", lesson.id);
        }
        canvases.push((
            format!("lesson-{}-done", lesson.id),
            pg.server().clone(),
            pg.panels.clone(),
            None,
        ));
    }
    for (name, server, panels) in made_up() {
        let mut pg = Playground::new(server.clone(), Default::default());
        pg.panels = panels.clone();
        canvases.push((name, server, panels, Some(pg.to_saved().to_value())));
    }
    let mut manifest = Vec::new();
    for (name, server, panels, saved) in &canvases {
        let zip = project::zip(server, panels).expect("the project zips");
        std::fs::write(out.join(format!("{name}.zip")), zip).expect("write the zip");
        if let Some(s) = saved {
            std::fs::write(out.join(format!("{name}.saved.json")), s.to_string())
                .expect("write the canvas");
        }
        let files: Vec<Value> = project::entries(panels)
            .iter()
            .map(|(p, stem, script)| {
                expected(&server.cluster_id, p, &format!("src/{stem}.ts"), script)
            })
            .collect();
        manifest.push(json!({
            "name": name,
            "zip": format!("{name}.zip"),
            "server_args": nats_playground::playground::server_cmd::args(server),
            "panels": files,
        }));
    }
    std::fs::write(
        out.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).unwrap(),
    )
    .expect("write the manifest");
    println!("{} projects in {}", canvases.len(), out.display());
}
