//! The trace: what the clients observed, one JSON object per line (FORMAT.md).

use serde_json::{json, Value};

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
        let mut v = match &self.kind {
            TraceKind::Connected { client } => json!({"ev": "connected", "client": client}),
            TraceKind::ConnectError { client, error } => {
                json!({"ev": "connect_error", "client": client, "error": error})
            }
            TraceKind::Subscribed { client, sub } => {
                json!({"ev": "subscribed", "client": client, "sub": sub})
            }
            TraceKind::SubscribeError { client, sub, error } => {
                json!({"ev": "subscribe_error", "client": client, "sub": sub, "error": error})
            }
            TraceKind::PubAck {
                client,
                subject,
                data,
                error,
            } => {
                json!({"ev": "pub_ack", "client": client, "subject": subject, "data": data, "error": error})
            }
            TraceKind::Deliver {
                client,
                sub,
                subject,
                seq,
                data,
                redelivered,
                redelivery_count,
            } => json!({
                "ev": "deliver", "client": client, "sub": sub, "subject": subject, "seq": seq,
                "data": data, "redelivered": redelivered, "redelivery_count": redelivery_count
            }),
            TraceKind::Ack { client, sub, seq } => {
                json!({"ev": "ack", "client": client, "sub": sub, "seq": seq})
            }
            TraceKind::Closed { client } => json!({"ev": "closed", "client": client}),
            TraceKind::Monitor { path, body } => {
                json!({"ev": "monitor", "path": path, "body": body})
            }
        };
        // `t` first, as in the recorded traces.
        let mut out = serde_json::Map::new();
        out.insert("t".into(), json!(self.t));
        if let Value::Object(m) = &mut v {
            out.append(m);
        }
        Value::Object(out)
    }

    pub fn to_line(&self) -> String {
        self.to_json().to_string()
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
            let v: Value = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
            TraceEvent::from_json(&v).map_err(|e| format!("line {}: {e}", i + 1))
        })
        .collect()
}
