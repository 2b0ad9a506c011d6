//! Panels and the playground's settings written as saved JSON, key for key and in the order
//! the derived writers put them (`panel_read` reads them back): enums tagged by their Rust
//! names, `next_auto_publish` left out. Written by hand so that no derived serializer is in
//! the wasm.

use super::panel::{ListenerCfg, Panel, PanelKind, PublisherCfg, StartChoice};
use super::saved::Settings;
use crate::broker::monitor::json::Obj;
use crate::sim::tagged;
use serde_json::Value;

fn publisher(p: &PublisherCfg) -> Value {
    Obj::new()
        .put("subject", p.subject.as_str())
        .put("data", p.data.as_str())
        .put("every_ms", p.every_ms)
        .done()
}

fn start(s: &StartChoice) -> Value {
    match s {
        StartChoice::NewOnly => "NewOnly".into(),
        StartChoice::DeliverAllAvailable => "DeliverAllAvailable".into(),
        StartChoice::StartWithLastReceived => "StartWithLastReceived".into(),
        StartChoice::StartAtSequence(n) => Obj::new().put("StartAtSequence", *n).done(),
        StartChoice::StartAtTimeDelta(n) => Obj::new().put("StartAtTimeDelta", *n).done(),
    }
}

fn listener(l: &ListenerCfg) -> Value {
    Obj::new()
        .put("subject", l.subject.as_str())
        .put("queue_group", l.queue_group.as_str())
        .put("manual_ack", l.manual_ack)
        .put("ack_wait_ms", l.ack_wait_ms)
        .put("max_in_flight", l.max_in_flight)
        .put("start", start(&l.start))
        .put("durable_name", l.durable_name.as_str())
        .put("ack", tagged::ack_to_value(&l.ack))
        .put("fail_probability", l.fail_probability)
        .put("fail_once_on", l.fail_once_on.as_deref())
        .put("processing_ms", l.processing_ms)
        .put("app", l.app.as_ref().map(tagged::app_to_value))
        .done()
}

/// A panel's `kind`: `{"Publisher": {..}}` or `{"Listener": {..}}`.
pub fn kind(k: &PanelKind) -> Value {
    match k {
        PanelKind::Publisher(c) => Obj::new().put("Publisher", publisher(c)),
        PanelKind::Listener(c) => Obj::new().put("Listener", listener(c)),
    }
    .done()
}

fn panel(p: &Panel) -> Value {
    Obj::new()
        .put("id", p.id)
        .put("name", p.name.as_str())
        .put("client_id", p.client_id.as_str())
        .put("pos", Obj::new().put("x", p.pos.x).put("y", p.pos.y).done())
        .put("kind", kind(&p.kind))
        .put("removed", p.removed)
        .done()
}

/// The `layout.panels` list.
pub fn panels(list: &[Panel]) -> Value {
    Value::Array(list.iter().map(panel).collect())
}

/// The `playground` key.
pub fn settings(s: &Settings) -> Value {
    Obj::new()
        .put("format", s.format.as_str())
        .put("version", s.version)
        .put("latency_ms", s.latency_ms)
        .put("seed", s.seed)
        .put("now", s.now)
        .put("speed", s.speed)
        .put("lesson", s.lesson.as_deref())
        .put("view", s.view.clone())
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::panel::Pos;
    use crate::sim::app::AppSpec;
    use crate::sim::AckPolicy;

    #[test]
    fn writes_what_the_derived_writers_wrote() {
        let listener = |start, ack, app| ListenerCfg {
            queue_group: "q".into(),
            manual_ack: true,
            ack_wait_ms: -5,
            max_in_flight: Some(3),
            start,
            durable_name: "d".into(),
            ack,
            fail_probability: 0.25,
            fail_once_on: Some("x\"y".into()),
            processing_ms: 7,
            app,
            ..ListenerCfg::default()
        };
        let kinds = [
            PanelKind::Publisher(PublisherCfg::default()),
            PanelKind::Publisher(PublisherCfg {
                subject: "é".into(),
                data: "{\n}".into(),
                every_ms: 250,
            }),
            PanelKind::Listener(ListenerCfg::default()),
            PanelKind::Listener(listener(
                StartChoice::DeliverAllAvailable,
                AckPolicy::Never,
                None,
            )),
            PanelKind::Listener(listener(
                StartChoice::StartWithLastReceived,
                AckPolicy::Manual,
                Some(AppSpec::Tickets {
                    db: "t".into(),
                    versioned: true,
                }),
            )),
            PanelKind::Listener(listener(
                StartChoice::StartAtSequence(9),
                AckPolicy::OnDelivery(2),
                Some(AppSpec::Accounts {
                    db: "a".into(),
                    versioned: false,
                }),
            )),
            PanelKind::Listener(listener(
                StartChoice::StartAtTimeDelta(60_000),
                AckPolicy::AfterMs(100),
                None,
            )),
        ];
        let list: Vec<Panel> = kinds
            .into_iter()
            .enumerate()
            .map(|(i, kind)| Panel {
                id: i as u32 + 1,
                name: format!("panel {i}"),
                client_id: format!("c{i}"),
                pos: Pos {
                    x: i as f64 * 10.5,
                    y: -3.0,
                },
                kind,
                removed: i == 2,
                next_auto_publish: Some(5),
            })
            .collect();
        let v = panels(&list);
        assert_eq!(v, serde_json::to_value(&list).unwrap());
        assert_eq!(
            crate::json::to_string(&v),
            serde_json::to_string(&list).unwrap()
        );
        let s = Settings {
            format: "f".into(),
            version: 1,
            latency_ms: 100,
            seed: u64::MAX,
            now: 12,
            speed: 1.5,
            lesson: Some("event-bus".into()),
            view: serde_json::json!({"zoom": 2}),
        };
        assert_eq!(settings(&s), serde_json::to_value(&s).unwrap());
        let none = Settings {
            lesson: None,
            view: Value::Null,
            ..s
        };
        assert_eq!(settings(&none), serde_json::to_value(&none).unwrap());
    }
}
