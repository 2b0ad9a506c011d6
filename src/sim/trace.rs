//! The trace: what the clients observed, one JSON object per line (FORMAT.md).

use crate::broker::monitor::json::Obj;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum TraceKind {
    Connected {
        client: String,
    },
    ConnectError {
        client: String,
        error: String,
    },
    Subscribed {
        client: String,
        sub: String,
    },
    SubscribeError {
        client: String,
        sub: String,
        error: String,
    },
    PubAck {
        client: String,
        subject: String,
        data: String,
        error: Option<String>,
    },
    Deliver {
        client: String,
        sub: String,
        subject: String,
        seq: u64,
        data: String,
        redelivered: bool,
        redelivery_count: u32,
    },
    Ack {
        client: String,
        sub: String,
        seq: u64,
    },
    Closed {
        client: String,
    },
    Monitor {
        path: String,
        body: Value,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraceEvent {
    /// Milliseconds since the scenario's start.
    pub t: f64,
    pub kind: TraceKind,
    /// The simulated process that observed it (not part of the trace format).
    pub proc: Option<usize>,
}

impl TraceEvent {
    pub fn to_json(&self) -> Value {
        // `t` first, as in the recorded traces. Built with `Obj` (one insertion routine)
        // rather than `json!`, which expands into a serializer call per field.
        let o = Obj::new().put("t", self.t);
        match &self.kind {
            TraceKind::Connected { client } => {
                o.put("ev", "connected").put("client", client.as_str())
            }
            TraceKind::ConnectError { client, error } => o
                .put("ev", "connect_error")
                .put("client", client.as_str())
                .put("error", error.as_str()),
            TraceKind::Subscribed { client, sub } => o
                .put("ev", "subscribed")
                .put("client", client.as_str())
                .put("sub", sub.as_str()),
            TraceKind::SubscribeError { client, sub, error } => o
                .put("ev", "subscribe_error")
                .put("client", client.as_str())
                .put("sub", sub.as_str())
                .put("error", error.as_str()),
            TraceKind::PubAck {
                client,
                subject,
                data,
                error,
            } => o
                .put("ev", "pub_ack")
                .put("client", client.as_str())
                .put("subject", subject.as_str())
                .put("data", data.as_str())
                .put("error", error.as_deref()),
            TraceKind::Deliver {
                client,
                sub,
                subject,
                seq,
                data,
                redelivered,
                redelivery_count,
            } => o
                .put("ev", "deliver")
                .put("client", client.as_str())
                .put("sub", sub.as_str())
                .put("subject", subject.as_str())
                .put("seq", *seq)
                .put("data", data.as_str())
                .put("redelivered", *redelivered)
                .put("redelivery_count", *redelivery_count),
            TraceKind::Ack { client, sub, seq } => o
                .put("ev", "ack")
                .put("client", client.as_str())
                .put("sub", sub.as_str())
                .put("seq", *seq),
            TraceKind::Closed { client } => o.put("ev", "closed").put("client", client.as_str()),
            TraceKind::Monitor { path, body } => o
                .put("ev", "monitor")
                .put("path", path.as_str())
                .put("body", body.clone()),
        }
        .done()
    }

    pub fn to_line(&self) -> String {
        crate::json::to_string(&self.to_json())
    }

    /// Reads one trace line back (the golden files, or an imported trace).
    pub fn from_json(v: &Value) -> Result<TraceEvent, String> {
        let s = |k: &str| -> Result<String, String> {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("field `{k}`: expected a string"))
        };
        let u = |k: &str| -> Result<u64, String> {
            v.get(k)
                .and_then(Value::as_u64)
                .ok_or_else(|| format!("field `{k}`: expected an integer"))
        };
        let t = v
            .get("t")
            .and_then(Value::as_f64)
            .ok_or("field `t`: expected a number")?;
        let ev = s("ev")?;
        let kind = match ev.as_str() {
            "connected" => TraceKind::Connected {
                client: s("client")?,
            },
            "connect_error" => TraceKind::ConnectError {
                client: s("client")?,
                error: s("error")?,
            },
            "subscribed" => TraceKind::Subscribed {
                client: s("client")?,
                sub: s("sub")?,
            },
            "subscribe_error" => TraceKind::SubscribeError {
                client: s("client")?,
                sub: s("sub")?,
                error: s("error")?,
            },
            "pub_ack" => TraceKind::PubAck {
                client: s("client")?,
                subject: s("subject")?,
                data: s("data")?,
                error: v.get("error").and_then(Value::as_str).map(str::to_string),
            },
            "deliver" => TraceKind::Deliver {
                client: s("client")?,
                sub: s("sub")?,
                subject: s("subject")?,
                seq: u("seq")?,
                data: s("data")?,
                redelivered: v
                    .get("redelivered")
                    .and_then(Value::as_bool)
                    .ok_or("field `redelivered`: expected a boolean")?,
                redelivery_count: u("redelivery_count")? as u32,
            },
            "ack" => TraceKind::Ack {
                client: s("client")?,
                sub: s("sub")?,
                seq: u("seq")?,
            },
            "closed" => TraceKind::Closed {
                client: s("client")?,
            },
            "monitor" => TraceKind::Monitor {
                path: s("path")?,
                body: v.get("body").cloned().unwrap_or(Value::Null),
            },
            other => return Err(format!("field `ev`: unknown event {other:?}")),
        };
        Ok(TraceEvent {
            t,
            kind,
            proc: None,
        })
    }
}

/// Parses JSON Lines; errors name the line.
pub fn parse_trace(text: &str) -> Result<Vec<TraceEvent>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v = crate::json::parse(l).map_err(|e| format!("line {}: {e}", i + 1))?;
            TraceEvent::from_json(&v).map_err(|e| format!("line {}: {e}", i + 1))
        })
        .collect()
}
