//! Reads panels and the playground's settings from saved JSON by hand, with the rules the
//! derived readers had: a listener's or publisher's missing keys take their defaults,
//! unknown keys are ignored, a key of the wrong type is refused with its path. Written by
//! hand because the derived readers weighed about 30 KB in the wasm.

use super::panel::{ListenerCfg, Panel, PanelKind, Pos, PublisherCfg, StartChoice};
use super::saved::Settings;
use super::settings_log::{Change, MAX_CHANGES};
use crate::sim::tagged;
use serde_json::{Map, Value};

type Res<T> = Result<T, String>;

/// An object being read, with its path for messages (`panels[0].pos`).
struct Obj<'a> {
    map: &'a Map<String, Value>,
    at: String,
}

fn object<'a>(v: &'a Value, at: &str) -> Res<Obj<'a>> {
    match v {
        Value::Object(map) => Ok(Obj {
            map,
            at: at.to_string(),
        }),
        _ => Err(format!("`{at}`: expected an object")),
    }
}

impl<'a> Obj<'a> {
    fn path(&self, k: &str) -> String {
        if self.at.is_empty() {
            k.to_string()
        } else {
            format!("{}.{k}", self.at)
        }
    }

    fn wrong(&self, k: &str, what: &str) -> String {
        format!("`{}`: expected {what}", self.path(k))
    }

    /// The value of `k`: `Ok(None)` when it is missing (and `optional`), an error naming it
    /// when it is required.
    fn get(&self, k: &str, optional: bool) -> Res<Option<&'a Value>> {
        match self.map.get(k) {
            Some(v) => Ok(Some(v)),
            None if optional => Ok(None),
            None => Err(format!("`{}`: missing", self.path(k))),
        }
    }

    fn u64(&self, k: &str, or: Option<u64>) -> Res<u64> {
        match self.get(k, or.is_some())? {
            None => Ok(or.unwrap_or_default()),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| self.wrong(k, "a whole number >= 0")),
        }
    }

    fn u32(&self, k: &str, or: Option<u32>) -> Res<u32> {
        let n = self.u64(k, or.map(u64::from))?;
        u32::try_from(n).map_err(|_| self.wrong(k, "a whole number up to 4294967295"))
    }

    fn i64(&self, k: &str, or: i64) -> Res<i64> {
        match self.get(k, true)? {
            None => Ok(or),
            Some(v) => v.as_i64().ok_or_else(|| self.wrong(k, "a whole number")),
        }
    }

    fn f64(&self, k: &str, or: Option<f64>) -> Res<f64> {
        match self.get(k, or.is_some())? {
            None => Ok(or.unwrap_or_default()),
            Some(v) => v.as_f64().ok_or_else(|| self.wrong(k, "a number")),
        }
    }

    fn bool(&self, k: &str, or: bool) -> Res<bool> {
        match self.get(k, true)? {
            None => Ok(or),
            Some(v) => v.as_bool().ok_or_else(|| self.wrong(k, "true or false")),
        }
    }

    fn string(&self, k: &str, or: Option<&str>) -> Res<String> {
        match self.get(k, or.is_some())? {
            None => Ok(or.unwrap_or_default().to_string()),
            Some(v) => v
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| self.wrong(k, "a string")),
        }
    }

    /// A key that may be missing or `null` (both `None`).
    fn opt<T>(
        &self,
        k: &str,
        read: impl FnOnce(&Value) -> Option<T>,
        what: &str,
    ) -> Res<Option<T>> {
        match self.get(k, true)? {
            None | Some(Value::Null) => Ok(None),
            Some(v) => read(v).map(Some).ok_or_else(|| self.wrong(k, what)),
        }
    }

    /// A value read by `read` (an enum in serde's shape, `crate::sim::tagged`).
    fn tagged<T>(&self, k: &str, read: fn(&Value) -> Res<T>) -> Res<Option<T>> {
        match self.get(k, true)? {
            None => Ok(None),
            Some(v) => read(v)
                .map(Some)
                .map_err(|e| format!("`{}`: {e}", self.path(k))),
        }
    }
}

/// An enum as serde writes it: `"Unit"` or `{"Variant": content}`.
fn variant<'a>(v: &'a Value, at: &str) -> Res<(&'a str, Option<&'a Value>)> {
    match v {
        Value::String(s) => Ok((s, None)),
        Value::Object(m) if m.len() == 1 => {
            let (k, c) = m.iter().next().expect("one key");
            Ok((k, Some(c)))
        }
        _ => Err(format!("`{at}`: expected a name or an object with one key")),
    }
}

pub fn publisher(v: &Value, at: &str) -> Res<PublisherCfg> {
    let o = object(v, at)?;
    let d = PublisherCfg::default();
    Ok(PublisherCfg {
        subject: o.string("subject", Some(&d.subject))?,
        data: o.string("data", Some(&d.data))?,
        every_ms: o.u64("every_ms", Some(d.every_ms))?,
    })
}

fn start(v: &Value, at: &str) -> Res<StartChoice> {
    let (name, content) = variant(v, at)?;
    let n = |c: Option<&Value>| {
        c.and_then(Value::as_u64)
            .ok_or_else(|| format!("`{at}.{name}`: expected a whole number >= 0"))
    };
    // A unit variant may also come as `{"NewOnly": null}`, as the derived reader allowed.
    let unit = content.is_none_or(Value::is_null);
    Ok(match (name, content) {
        ("NewOnly", _) if unit => StartChoice::NewOnly,
        ("DeliverAllAvailable", _) if unit => StartChoice::DeliverAllAvailable,
        ("StartWithLastReceived", _) if unit => StartChoice::StartWithLastReceived,
        ("StartAtSequence", c) => StartChoice::StartAtSequence(n(c)?),
        ("StartAtTimeDelta", c) => StartChoice::StartAtTimeDelta(n(c)?),
        _ => {
            return Err(format!(
                "`{at}`: unknown start `{name}` (NewOnly, DeliverAllAvailable, StartWithLastReceived, StartAtSequence, StartAtTimeDelta)"
            ))
        }
    })
}

pub fn listener(v: &Value, at: &str) -> Res<ListenerCfg> {
    let o = object(v, at)?;
    let d = ListenerCfg::default();
    Ok(ListenerCfg {
        subject: o.string("subject", Some(&d.subject))?,
        queue_group: o.string("queue_group", Some(&d.queue_group))?,
        manual_ack: o.bool("manual_ack", d.manual_ack)?,
        ack_wait_ms: o.i64("ack_wait_ms", d.ack_wait_ms)?,
        max_in_flight: o.opt("max_in_flight", Value::as_i64, "a whole number or null")?,
        start: match o.get("start", true)? {
            None => d.start,
            Some(s) => start(s, &o.path("start"))?,
        },
        durable_name: o.string("durable_name", Some(&d.durable_name))?,
        ack: o.tagged("ack", tagged::ack_from_value)?.unwrap_or(d.ack),
        fail_probability: o.f64("fail_probability", Some(d.fail_probability))?,
        fail_once_on: o.opt(
            "fail_once_on",
            |x| x.as_str().map(str::to_string),
            "a string or null",
        )?,
        processing_ms: o.u64("processing_ms", Some(d.processing_ms))?,
        app: match o.get("app", true)? {
            None | Some(Value::Null) => None,
            Some(_) => o.tagged("app", tagged::app_from_value)?,
        },
    })
}

/// A panel's `kind`: `{"Publisher": {..}}` or `{"Listener": {..}}`.
fn kind(v: &Value, kind_at: &str) -> Res<PanelKind> {
    Ok(match variant(v, kind_at)? {
        ("Publisher", Some(c)) => PanelKind::Publisher(publisher(c, &format!("{kind_at}.Publisher"))?),
        ("Listener", Some(c)) => PanelKind::Listener(listener(c, &format!("{kind_at}.Listener"))?),
        (name, _) => {
            return Err(format!(
                "`{kind_at}`: expected {{\"Publisher\": {{..}}}} or {{\"Listener\": {{..}}}}, not `{name}`"
            ))
        }
    })
}

fn panel(v: &Value, at: &str) -> Res<Panel> {
    let o = object(v, at)?;
    let pos = object(o.get("pos", false)?.unwrap_or(&Value::Null), &o.path("pos"))?;
    let kind = kind(
        o.get("kind", false)?.unwrap_or(&Value::Null),
        &o.path("kind"),
    )?;
    Ok(Panel {
        id: o.u32("id", None)?,
        name: o.string("name", None)?,
        client_id: o.string("client_id", None)?,
        pos: Pos {
            x: pos.f64("x", None)?,
            y: pos.f64("y", None)?,
        },
        kind,
        removed: o.bool("removed", false)?,
        next_auto_publish: None,
    })
}

/// The `layout.panels` list.
pub fn panels(v: &Value) -> Res<Vec<Panel>> {
    let Value::Array(list) = v else {
        return Err("`panels`: expected a list".into());
    };
    list.iter()
        .enumerate()
        .map(|(i, p)| panel(p, &format!("panels[{i}]")))
        .collect()
}

/// The `layout.changes` list: the panels' settings in time.
pub fn changes(v: &Value) -> Res<Vec<Change>> {
    let Value::Array(list) = v else {
        return Err("`changes`: expected a list".into());
    };
    if list.len() > MAX_CHANGES {
        return Err(format!(
            "`changes`: {} settings changes (at most {MAX_CHANGES})",
            list.len()
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, c)| {
            let o = object(c, &format!("changes[{i}]"))?;
            Ok(Change {
                at: o.u64("at", None)?,
                panel: o.u32("panel", None)?,
                kind: kind(
                    o.get("kind", false)?.unwrap_or(&Value::Null),
                    &o.path("kind"),
                )?,
            })
        })
        .collect()
}

/// The `playground` key.
pub fn settings(v: &Value) -> Res<Settings> {
    let o = object(v, "")?;
    Ok(Settings {
        format: o.string("format", None)?,
        version: o.u32("version", None)?,
        latency_ms: o.u64("latency_ms", None)?,
        seed: o.u64("seed", None)?,
        now: o.u64("now", None)?,
        speed: o.f64("speed", None)?,
        lesson: o.opt(
            "lesson",
            |x| x.as_str().map(str::to_string),
            "a string or null",
        )?,
        // Checked where it is used (`View::from_value`); absent in older saves.
        view: o.get("view", true)?.cloned().unwrap_or(Value::Null),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_the_app_writes() {
        let mut l = ListenerCfg {
            queue_group: "q".into(),
            manual_ack: true,
            ack_wait_ms: 5000,
            max_in_flight: Some(3),
            start: StartChoice::StartAtTimeDelta(1500),
            durable_name: "d".into(),
            ack: crate::sim::AckPolicy::OnDelivery(2),
            fail_probability: 0.25,
            fail_once_on: Some("boom".into()),
            processing_ms: 40,
            ..ListenerCfg::default()
        };
        let panels = vec![
            Panel {
                id: 7,
                name: "L".into(),
                client_id: "c".into(),
                pos: Pos { x: 1.5, y: -2.0 },
                kind: PanelKind::Listener(l.clone()),
                removed: true,
                next_auto_publish: None,
            },
            Panel {
                id: 8,
                name: "P".into(),
                client_id: "p".into(),
                pos: Pos { x: 3.0, y: 4.0 },
                kind: PanelKind::Publisher(PublisherCfg {
                    every_ms: 250,
                    ..PublisherCfg::default()
                }),
                removed: false,
                next_auto_publish: None,
            },
        ];
        let v = serde_json::to_value(&panels).unwrap();
        assert_eq!(super::panels(&v).unwrap(), panels);
        assert_eq!(
            start(&json!({"DeliverAllAvailable": null}), "s"),
            Ok(StartChoice::DeliverAllAvailable)
        );
        assert!(start(&json!({"NewOnly": 1}), "s").is_err());
        for start in [StartChoice::NewOnly, StartChoice::StartAtSequence(9)] {
            l.start = start;
            l.app = Some(crate::sim::app::AppSpec::Tickets {
                db: "db".into(),
                versioned: true,
            });
            let v = serde_json::to_value(&l).unwrap();
            assert_eq!(listener(&v, "x").unwrap(), l);
        }
    }

    #[test]
    fn missing_keys_take_defaults_and_nulls_are_none() {
        assert_eq!(listener(&json!({}), "l").unwrap(), ListenerCfg::default());
        assert_eq!(publisher(&json!({}), "p").unwrap(), PublisherCfg::default());
        let l = listener(
            &json!({"max_in_flight": null, "app": null, "fail_once_on": null, "extra": 1}),
            "l",
        )
        .unwrap();
        assert_eq!(l, ListenerCfg::default());
    }

    #[test]
    fn refusals_name_the_key() {
        let p = |v: Value| super::panels(&v).unwrap_err();
        assert_eq!(p(json!(null)), "`panels`: expected a list");
        let base = json!({"id": 1, "name": "a", "client_id": "c", "pos": {"x": 0, "y": 0},
            "kind": {"Listener": {}}});
        let mut bad = base.clone();
        bad["id"] = json!(-1);
        assert_eq!(
            p(json!([base, bad])),
            "`panels[1].id`: expected a whole number >= 0"
        );
        let mut bad = base.clone();
        bad["pos"]["y"] = json!("0");
        assert_eq!(p(json!([bad])), "`panels[0].pos.y`: expected a number");
        let mut bad = base.clone();
        bad["kind"]["Listener"]["start"] = json!("Later");
        assert!(p(json!([bad])).starts_with("`panels[0].kind.Listener.start`: unknown start"));
        let mut bad = base.clone();
        bad["kind"] = json!("Listener");
        assert!(p(json!([bad])).starts_with("`panels[0].kind`: expected"));
        let mut bad = base.clone();
        bad["kind"]["Listener"]["ack"] = json!("Sometimes");
        assert!(p(json!([bad])).starts_with("`panels[0].kind.Listener.ack`: unknown variant"));
        let mut bad = base;
        bad.as_object_mut().unwrap().remove("client_id");
        assert_eq!(p(json!([bad])), "`panels[0].client_id`: missing");
        assert_eq!(
            settings(&json!({"format": "f", "version": 1})).unwrap_err(),
            "`latency_ms`: missing"
        );
    }
}
