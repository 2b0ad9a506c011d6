//! Compares a model trace with a recorded one under FORMAT.md's rules:
//! 1. per sub, the ordered (seq, data, redelivered, redelivery_count) of its deliveries;
//! 2. per delivery, times within max(50 ms, 2% of the recorded t);
//! 3. connect and subscribe errors: same clients (and subs), same strings, in order;
//! 4. publish acks: same count per client, same errors;
//! 5. monitoring bodies, except volatile fields, lists compared as sets.

use super::trace::{TraceEvent, TraceKind};
use crate::json;
use serde_json::Value;
use std::collections::BTreeMap;

/// Fields whose values depend on the process, the host or the wall clock.
const IGNORED: &[&str] = &[
    "server_id",
    "now",
    "start_time",
    "inbox",
    "ack_inbox",
    "hb_inbox",
    "bytes",
    "total_bytes",
    "in_bytes",
    "out_bytes",
    "open_fds",
    "max_fds",
    "mem",
    "cores",
    "version",
    "go",
    "uptime",
    "state",
    "role",
    "store_type",
    "feature_flags",
    "pid",
];

fn ignored(key: &str) -> bool {
    IGNORED.contains(&key) || key.ends_with("_time")
}

/// Drops ignored fields and sorts lists, so equal bodies compare equal.
pub fn normalize(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !ignored(k))
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect(),
        ),
        Value::Array(a) => {
            let mut items: Vec<Value> = a.iter().map(normalize).collect();
            items.sort_by_key(json::to_string);
            Value::Array(items)
        }
        other => other.clone(),
    }
}

/// Where two normalized JSON values differ (empty when equal).
fn json_diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => json_diff(&p, u, v, out),
                    (Some(u), None) => out.push(format!(
                        "{p}: recorded {}, model has no such field",
                        json::to_string(u)
                    )),
                    (None, Some(v)) => out.push(format!(
                        "{p}: model has {}, recorded has no such field",
                        json::to_string(v)
                    )),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_diff(&format!("{path}[{i}]"), u, v, out);
            }
        }
        _ if a != b => out.push(format!(
            "{path}: recorded {}, model {}",
            json::to_string(a),
            json::to_string(b)
        )),
        _ => {}
    }
}

type Delivery = (u64, String, bool, u32);

fn deliveries(trace: &[TraceEvent]) -> BTreeMap<String, Vec<(f64, Delivery)>> {
    let mut by_sub: BTreeMap<String, Vec<(f64, Delivery)>> = BTreeMap::new();
    for e in trace {
        if let TraceKind::Deliver {
            sub,
            seq,
            data,
            redelivered,
            redelivery_count,
            ..
        } = &e.kind
        {
            by_sub
                .entry(sub.clone())
                .or_default()
                .push((e.t, (*seq, data.clone(), *redelivered, *redelivery_count)));
        }
    }
    by_sub
}

fn errors(trace: &[TraceEvent]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in trace {
        match &e.kind {
            TraceKind::ConnectError { client, error } => out
                .entry(format!("connect_error of {client}"))
                .or_default()
                .push(error.clone()),
            TraceKind::SubscribeError { client, sub, error } => out
                .entry(format!("subscribe_error of {client}/{sub}"))
                .or_default()
                .push(error.clone()),
            TraceKind::PubAck { client, error, .. } => out
                .entry(format!("pub_ack of {client}"))
                .or_default()
                .push(error.clone().unwrap_or_else(|| "ok".into())),
            _ => {}
        }
    }
    out
}

fn show(d: &Delivery) -> String {
    format!(
        "#{} {}{}",
        d.0,
        if d.2 { "redelivered x" } else { "" },
        if d.2 { d.3.to_string() } else { String::new() }
    )
}

/// Every difference between a recorded (golden) trace and a model trace; empty when they match.
pub fn compare(golden: &[TraceEvent], model: &[TraceEvent]) -> Vec<String> {
    let mut diffs = Vec::new();
    let (g, m) = (deliveries(golden), deliveries(model));
    let subs: std::collections::BTreeSet<&String> = g.keys().chain(m.keys()).collect();
    for sub in subs {
        let empty = Vec::new();
        let gs = g.get(sub).unwrap_or(&empty);
        let ms = m.get(sub).unwrap_or(&empty);
        let gl: Vec<&Delivery> = gs.iter().map(|(_, d)| d).collect();
        let ml: Vec<&Delivery> = ms.iter().map(|(_, d)| d).collect();
        if gl != ml {
            diffs.push(format!(
                "sub {sub}: deliveries differ\n    recorded: [{}]\n    model:    [{}]",
                gl.iter().map(|d| show(d)).collect::<Vec<_>>().join(", "),
                ml.iter().map(|d| show(d)).collect::<Vec<_>>().join(", ")
            ));
            continue;
        }
        for ((gt, d), (mt, _)) in gs.iter().zip(ms) {
            let tol = 50f64.max(0.02 * gt);
            if (gt - mt).abs() > tol {
                diffs.push(format!(
                    "sub {sub}: {} at t={mt} in the model, recorded t={gt} (tolerance {tol:.1} ms)",
                    show(d)
                ));
            }
        }
    }
    let (ge, me) = (errors(golden), errors(model));
    let keys: std::collections::BTreeSet<&String> = ge.keys().chain(me.keys()).collect();
    for k in keys {
        let (a, b) = (ge.get(k), me.get(k));
        if a != b {
            diffs.push(format!(
                "{k}: recorded {:?}, model {:?}",
                a.cloned().unwrap_or_default(),
                b.cloned().unwrap_or_default()
            ));
        }
    }
    let monitors = |t: &[TraceEvent]| -> Vec<(String, Value)> {
        t.iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Monitor { path, body } => Some((path.clone(), body.clone())),
                _ => None,
            })
            .collect()
    };
    let (gm, mm) = (monitors(golden), monitors(model));
    if gm.len() != mm.len() {
        diffs.push(format!(
            "monitor responses: recorded {}, model {}",
            gm.len(),
            mm.len()
        ));
    }
    for (i, ((gp, gb), (mp, mb))) in gm.iter().zip(&mm).enumerate() {
        if gp != mp {
            diffs.push(format!(
                "monitor #{}: recorded path {gp}, model path {mp}",
                i + 1
            ));
            continue;
        }
        let mut out = Vec::new();
        json_diff("", &normalize(gb), &normalize(mb), &mut out);
        for d in out {
            diffs.push(format!("monitor #{} {gp}: {d}", i + 1));
        }
    }
    diffs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(t: f64, kind: TraceKind) -> TraceEvent {
        TraceEvent {
            t,
            kind,
            proc: None,
        }
    }

    fn deliver(sub: &str, seq: u64, redelivered: bool) -> TraceKind {
        TraceKind::Deliver {
            client: "c".into(),
            sub: sub.into(),
            subject: "s".into(),
            seq,
            data: "d".into(),
            redelivered,
            redelivery_count: u32::from(redelivered),
        }
    }

    #[test]
    fn tolerates_time_within_the_rule_and_catches_the_rest() {
        let g = vec![
            ev(100.0, deliver("a", 1, false)),
            ev(5000.0, deliver("a", 1, true)),
        ];
        let ok = vec![
            ev(140.0, deliver("a", 1, false)),
            ev(5090.0, deliver("a", 1, true)),
        ];
        assert!(compare(&g, &ok).is_empty());
        let late = vec![
            ev(160.0, deliver("a", 1, false)),
            ev(5090.0, deliver("a", 1, true)),
        ];
        assert_eq!(compare(&g, &late).len(), 1);
        let wrong = vec![ev(100.0, deliver("a", 1, false))];
        assert!(compare(&g, &wrong)[0].contains("deliveries differ"));
    }

    #[test]
    fn monitor_bodies_ignore_volatile_fields_and_list_order() {
        let g = vec![ev(
            1.0,
            TraceKind::Monitor {
                path: "/p".into(),
                body: json!({"now": "x", "list": [{"a": 1, "inbox": "i"}, {"a": 2}], "n": 3}),
            },
        )];
        let same = vec![ev(
            2.0,
            TraceKind::Monitor {
                path: "/p".into(),
                body: json!({"now": "y", "list": [{"a": 2}, {"a": 1, "inbox": "j"}], "n": 3}),
            },
        )];
        assert!(compare(&g, &same).is_empty());
        let other = vec![ev(
            2.0,
            TraceKind::Monitor {
                path: "/p".into(),
                body: json!({"list": [], "n": 4}),
            },
        )];
        assert!(!compare(&g, &other).is_empty());
    }
}
