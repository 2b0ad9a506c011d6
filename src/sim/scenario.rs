//! The scenario format (FORMAT.md): server options and timed client steps.
//!
//! The reader is strict: a key it does not know (in the document, the `server` object or a
//! step), a value of the wrong type or out of range is refused with the step (number, index
//! and op) and the key, so that a typo (`"manul_ack": true`) never silently changes what runs.
//! It reads through `serde_json::Value` with explicit key lists (no derived deserializer).

use super::handler::{AckPolicy, Handler};
use crate::broker::monitor::json::Obj;
use crate::broker::{Millis, ServerOptions, StartPosition, DEFAULT_ACK_WAIT_MS};
use serde_json::{Map, Value};

/// What a listener subscribes with: node-nats-streaming's subscription options, one to one
/// with the broker's `SubscribeRequest` (the handler, what the program does with each
/// message, is the [`Handler`] beside it).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SubSpec {
    pub subject: String,
    pub queue: Option<String>,
    pub durable: Option<String>,
    pub manual_ack: bool,
    /// `setAckWait(ms)`: the client refuses anything but whole seconds.
    pub ack_wait_ms: i64,
    /// `setMaxInFlight(n)`; `None` is the client's default (16384).
    pub max_in_flight: Option<i64>,
    pub start: StartPosition,
}

impl SubSpec {
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            queue: None,
            durable: None,
            manual_ack: false,
            ack_wait_ms: DEFAULT_ACK_WAIT_MS as i64,
            max_in_flight: None,
            start: StartPosition::NewOnly,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Connect {
        client: String,
        cluster_id: Option<String>,
    },
    /// The options are boxed: the playground records a step per auto-publish, and a step is
    /// as large as its largest kind.
    Subscribe {
        client: String,
        sub: String,
        spec: SubSpec,
        /// `ack` and the playground's extensions (`fail_probability`, `fail_once_on`,
        /// `processing_ms`, `app`).
        handler: Handler,
    },
    Publish {
        client: String,
        subject: String,
        data: String,
    },
    Unsubscribe {
        sub: String,
    },
    SubClose {
        sub: String,
    },
    Close {
        client: String,
    },
    Kill {
        client: String,
    },
    Monitor {
        path: String,
    },
    /// Playground extension: a person acks a message by hand (`msg.ack()` later).
    Ack {
        sub: String,
        seq: u64,
    },
}

impl Op {
    pub fn name(&self) -> &'static str {
        match self {
            Op::Connect { .. } => "connect",
            Op::Subscribe { .. } => "subscribe",
            Op::Publish { .. } => "publish",
            Op::Unsubscribe { .. } => "unsubscribe",
            Op::SubClose { .. } => "sub_close",
            Op::Close { .. } => "close",
            Op::Kill { .. } => "kill",
            Op::Monitor { .. } => "monitor",
            Op::Ack { .. } => "ack",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at: Millis,
    pub op: Op,
    /// Playground extension: the panel that did it.
    pub panel: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub server: ServerOptions,
    pub steps: Vec<Step>,
    pub end_ms: Millis,
    /// The playground's keys (`layout`, `playground`), kept for round trips; the runner
    /// does not use them.
    pub extra: Map<String, Value>,
}

/// Where a scenario went wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// Step index (0-based) if the problem is in a step.
    pub step: Option<usize>,
    /// The step's op, once it is known.
    pub op: Option<String>,
    /// The key (`server.max_msgs`, `start.at_sequence`, ...), or `(document)` / `(step)`.
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.step, &self.op) {
            (Some(i), Some(op)) => write!(f, "step {} (index {i}, {op}): ", i + 1)?,
            (Some(i), None) => write!(f, "step {} (index {i}): ", i + 1)?,
            _ => {}
        }
        write!(f, "key `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// The document's keys (`layout` and `playground` belong to the playground).
const DOCUMENT_KEYS: &[&str] = &[
    "name",
    "description",
    "server",
    "steps",
    "end_ms",
    "layout",
    "playground",
];
const SERVER_KEYS: &[&str] = &[
    "cluster_id",
    "hb_interval_ms",
    "hb_timeout_ms",
    "hb_fail_count",
    "max_channels",
    "max_subs",
    "max_msgs",
    "max_bytes",
    "max_age_ms",
    "max_inactivity_ms",
    "max_payload",
    "seed",
];
/// Keys every step may have (`panel` is the playground's).
const STEP_KEYS: &[&str] = &["at", "op", "panel"];

/// The keys an op takes besides [`STEP_KEYS`].
fn op_keys(op: &str) -> Option<&'static [&'static str]> {
    Some(match op {
        "connect" => &["client", "cluster_id"],
        "subscribe" => &[
            "client",
            "sub",
            "subject",
            "queue",
            "durable",
            "manual_ack",
            "ack_wait_ms",
            "max_in_flight",
            "start",
            "ack",
            "fail_probability",
            "fail_once_on",
            "processing_ms",
            "app",
        ],
        "publish" => &["client", "subject", "data"],
        "unsubscribe" | "sub_close" => &["sub"],
        "close" | "kill" => &["client"],
        "monitor" => &["path"],
        "ack" => &["sub", "seq"],
        _ => return None,
    })
}

/// Edit distance of two short ASCII keys (longer ones count as far apart), for "did you mean".
fn distance(a: &[u8], b: &[u8]) -> usize {
    const MAX: usize = 32;
    if a.len() >= MAX || b.len() >= MAX {
        return usize::MAX;
    }
    let mut row = [0usize; MAX];
    for (j, r) in row.iter_mut().enumerate().take(b.len() + 1) {
        *r = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(row[j] + 1).min(up + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// "unknown key; did you mean `x`? (a subscribe step takes ...)".
fn unknown_key(key: &str, known: &[&[&str]], what: &str) -> String {
    let mut list = String::new();
    let mut near: Option<(usize, &str)> = None;
    for &k in known.iter().flat_map(|k| k.iter()) {
        if !list.is_empty() {
            list.push_str(", ");
        }
        list.push_str(k);
        let d = distance(key.as_bytes(), k.as_bytes());
        if d <= 2 && near.is_none_or(|(best, _)| d < best) {
            near = Some((d, k));
        }
    }
    let hint = near.map_or(String::new(), |(_, k)| format!(" did you mean `{k}`?"));
    format!("unknown key;{hint} ({what} takes {list})")
}

const INT32: std::ops::RangeInclusive<i64> = i32::MIN as i64..=i32::MAX as i64;
/// AckWait goes on the wire as int32 seconds.
const ACK_WAIT_MS_RANGE: std::ops::RangeInclusive<i64> =
    i32::MIN as i64 * 1000..=i32::MAX as i64 * 1000;

/// Largest scenario text accepted (bounds the work before parsing anything).
pub const MAX_SCENARIO_BYTES: usize = 2 * 1024 * 1024;

struct Fields<'a> {
    obj: &'a Map<String, Value>,
    step: Option<usize>,
    op: Option<&'a str>,
    prefix: &'static str,
}

impl<'a> Fields<'a> {
    fn err(&self, field: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            step: self.step,
            op: self.op.map(str::to_string),
            field: format!("{}{field}", self.prefix),
            message: message.into(),
        }
    }

    /// Refuses the first key not in `known`.
    fn only(&self, known: &[&[&str]], what: &str) -> Result<(), ScenarioError> {
        match self
            .obj
            .keys()
            .find(|k| !known.iter().any(|list| list.contains(&k.as_str())))
        {
            Some(k) => Err(self.err(k, unknown_key(k, known, what))),
            None => Ok(()),
        }
    }

    /// A whole number in `range` (both ends included).
    fn opt_in(
        &self,
        k: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<Option<i64>, ScenarioError> {
        match self.opt_i64(k)? {
            Some(n) if !range.contains(&n) => Err(self.err(
                k,
                format!(
                    "{n} is out of range (from {} to {})",
                    range.start(),
                    range.end()
                ),
            )),
            other => Ok(other),
        }
    }

    fn present(&self, k: &str) -> Option<&'a Value> {
        self.obj.get(k).filter(|v| !v.is_null())
    }

    fn string(&self, k: &str) -> Result<String, ScenarioError> {
        self.opt_string(k)?
            .ok_or_else(|| self.err(k, "required (a string)"))
    }

    fn opt_string(&self, k: &str) -> Result<Option<String>, ScenarioError> {
        match self.present(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.err(k, "expected a string")),
        }
    }

    fn opt_u64(&self, k: &str) -> Result<Option<u64>, ScenarioError> {
        match self.present(k) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.err(k, "expected a whole number >= 0")),
        }
    }

    fn opt_i64(&self, k: &str) -> Result<Option<i64>, ScenarioError> {
        match self.present(k) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.err(k, "expected a whole number")),
        }
    }

    fn opt_f64(&self, k: &str) -> Result<Option<f64>, ScenarioError> {
        match self.present(k) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.err(k, "expected a number")),
        }
    }

    fn opt_bool(&self, k: &str) -> Result<Option<bool>, ScenarioError> {
        match self.present(k) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.err(k, "expected true or false")),
        }
    }
}

fn parse_server(v: Option<&Value>) -> Result<ServerOptions, ScenarioError> {
    let mut o = ServerOptions::default();
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(o);
    };
    let obj = v.as_object().ok_or_else(|| ScenarioError {
        step: None,
        op: None,
        field: "server".into(),
        message: "expected an object".into(),
    })?;
    let f = Fields {
        obj,
        step: None,
        op: None,
        prefix: "server.",
    };
    f.only(&[SERVER_KEYS], "the server object")?;
    if let Some(s) = f.opt_string("cluster_id")? {
        o.cluster_id = s;
    }
    macro_rules! num {
        ($key:literal, $target:expr) => {
            if let Some(n) = f.opt_u64($key)? {
                $target = n.try_into().map_err(|_| f.err($key, "too large"))?;
            }
        };
    }
    num!("hb_interval_ms", o.hb_interval_ms);
    num!("hb_timeout_ms", o.hb_timeout_ms);
    for (key, ms) in [
        ("hb_interval_ms", o.hb_interval_ms),
        ("hb_timeout_ms", o.hb_timeout_ms),
    ] {
        if ms == 0 {
            return Err(f.err(key, "0 is out of range (at least 1 ms)"));
        }
    }
    num!("hb_fail_count", o.hb_fail_count);
    num!("max_channels", o.limits.max_channels);
    num!("max_subs", o.limits.max_subs);
    num!("max_msgs", o.limits.max_msgs);
    num!("max_bytes", o.limits.max_bytes);
    num!("max_age_ms", o.limits.max_age_ms);
    num!("max_inactivity_ms", o.limits.max_inactivity_ms);
    num!("max_payload", o.max_payload);
    num!("seed", o.seed);
    Ok(o)
}

fn parse_start(f: &Fields) -> Result<StartPosition, ScenarioError> {
    let Some(v) = f.present("start") else {
        return Ok(StartPosition::NewOnly);
    };
    let bad = || {
        f.err("start", "expected \"new\", \"all\", \"last_received\", {\"at_sequence\": N} or {\"time_delta_ms\": N}")
    };
    match v {
        Value::String(s) => match s.as_str() {
            "new" => Ok(StartPosition::NewOnly),
            "all" => Ok(StartPosition::First),
            "last_received" => Ok(StartPosition::LastReceived),
            _ => Err(bad()),
        },
        Value::Object(m) if m.len() == 1 => {
            if let Some(k) = m
                .keys()
                .find(|k| !["at_sequence", "time_delta_ms"].contains(&k.as_str()))
            {
                return Err(f.err(
                    &format!("start.{k}"),
                    unknown_key(k, &[&["at_sequence", "time_delta_ms"]], "start"),
                ));
            }
            if let Some(n) = m.get("at_sequence") {
                n.as_u64()
                    .map(StartPosition::Sequence)
                    .ok_or_else(|| f.err("start.at_sequence", "expected a whole number >= 0"))
            } else if let Some(n) = m.get("time_delta_ms") {
                n.as_u64()
                    .map(StartPosition::TimeDelta)
                    .ok_or_else(|| f.err("start.time_delta_ms", "expected a whole number >= 0"))
            } else {
                Err(bad())
            }
        }
        _ => Err(bad()),
    }
}

fn parse_ack(f: &Fields) -> Result<AckPolicy, ScenarioError> {
    let Some(v) = f.present("ack") else {
        return Ok(AckPolicy::Immediate);
    };
    let bad = || {
        f.err("ack", "expected \"immediate\", \"never\", \"manual\", {\"on_delivery\": N} or {\"after_ms\": N}")
    };
    match v {
        Value::String(s) => match s.as_str() {
            "immediate" => Ok(AckPolicy::Immediate),
            "never" => Ok(AckPolicy::Never),
            "manual" => Ok(AckPolicy::Manual),
            _ => Err(bad()),
        },
        Value::Object(m) if m.len() == 1 => {
            if let Some(k) = m
                .keys()
                .find(|k| !["on_delivery", "after_ms"].contains(&k.as_str()))
            {
                return Err(f.err(
                    &format!("ack.{k}"),
                    unknown_key(k, &[&["on_delivery", "after_ms"]], "ack"),
                ));
            }
            if let Some(n) = m.get("on_delivery") {
                n.as_u64()
                    .filter(|n| (1..=u32::MAX as u64).contains(n))
                    .map(|n| AckPolicy::OnDelivery(n as u32))
                    .ok_or_else(|| f.err("ack.on_delivery", "expected a whole number >= 1"))
            } else if let Some(n) = m.get("after_ms") {
                n.as_u64()
                    .map(AckPolicy::AfterMs)
                    .ok_or_else(|| f.err("ack.after_ms", "expected a whole number >= 0"))
            } else {
                Err(bad())
            }
        }
        _ => Err(bad()),
    }
}

fn parse_step(i: usize, v: &Value) -> Result<Step, ScenarioError> {
    let obj = v.as_object().ok_or_else(|| ScenarioError {
        step: Some(i),
        op: None,
        field: "(step)".into(),
        message: "expected an object".into(),
    })?;
    let f = Fields {
        obj,
        step: Some(i),
        op: None,
        prefix: "",
    };
    let op_name = f.string("op")?;
    let Some(keys) = op_keys(&op_name) else {
        return Err(f.err(
            "op",
            format!("unknown op {op_name:?} (connect, subscribe, publish, unsubscribe, sub_close, close, kill, monitor, ack)"),
        ));
    };
    let f = Fields {
        op: Some(&op_name),
        ..f
    };
    f.only(&[STEP_KEYS, keys], &format!("a {op_name} step"))?;
    let at = f.opt_u64("at")?.unwrap_or(0);
    let op = match op_name.as_str() {
        "connect" => Op::Connect {
            client: f.string("client")?,
            cluster_id: f.opt_string("cluster_id")?,
        },
        "subscribe" => Op::Subscribe {
            client: f.string("client")?,
            sub: f.string("sub")?,
            spec: SubSpec {
                subject: f.string("subject")?,
                queue: f.opt_string("queue")?,
                durable: f.opt_string("durable")?,
                manual_ack: f.opt_bool("manual_ack")?.unwrap_or(false),
                // Sent as int32 fields (seconds, count); the server and the client judge
                // the values themselves (a learner may try 0 or 1500 ms).
                ack_wait_ms: f
                    .opt_in("ack_wait_ms", ACK_WAIT_MS_RANGE)?
                    .unwrap_or(DEFAULT_ACK_WAIT_MS as i64),
                max_in_flight: f.opt_in("max_in_flight", INT32)?,
                start: parse_start(&f)?,
            },
            handler: parse_handler(&f)?,
        },
        "publish" => Op::Publish {
            client: f.string("client")?,
            subject: f.string("subject")?,
            data: f.opt_string("data")?.unwrap_or_default(),
        },
        "unsubscribe" => Op::Unsubscribe {
            sub: f.string("sub")?,
        },
        "sub_close" => Op::SubClose {
            sub: f.string("sub")?,
        },
        "close" => Op::Close {
            client: f.string("client")?,
        },
        "kill" => Op::Kill {
            client: f.string("client")?,
        },
        "monitor" => Op::Monitor {
            path: f.string("path")?,
        },
        "ack" => Op::Ack {
            sub: f.string("sub")?,
            seq: f
                .opt_u64("seq")?
                .ok_or_else(|| f.err("seq", "required (a whole number)"))?,
        },
        _ => unreachable!("op_keys lists every op"),
    };
    let panel = match f.opt_u64("panel")? {
        Some(n) => Some(u32::try_from(n).map_err(|_| f.err("panel", "too large"))?),
        None => None,
    };
    Ok(Step { at, op, panel })
}

fn parse_handler(f: &Fields) -> Result<Handler, ScenarioError> {
    let fail_probability = f.opt_f64("fail_probability")?.unwrap_or(0.0);
    if !(0.0..=1.0).contains(&fail_probability) {
        return Err(f.err("fail_probability", "expected a number from 0 to 1"));
    }
    let app = match f.present("app") {
        None => None,
        Some(v) => Some(
            super::tagged::app_from_value(v)
                .map_err(|e| f.err("app", format!("expected {{\"Accounts\": {{\"db\", \"versioned\"}}}} or {{\"Tickets\": ...}} ({e})")))?,
        ),
    };
    Ok(Handler {
        ack: parse_ack(f)?,
        fail_probability,
        fail_once_on: f.opt_string("fail_once_on")?.filter(|t| !t.is_empty()),
        processing_ms: f.opt_u64("processing_ms")?.unwrap_or(0),
        app,
    })
}

impl Scenario {
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let top = |message: String| ScenarioError {
            step: None,
            op: None,
            field: "(document)".into(),
            message,
        };
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(top(format!(
                "too large: {} bytes (at most {MAX_SCENARIO_BYTES})",
                text.len()
            )));
        }
        let v = crate::json::parse(text).map_err(|e| top(format!("invalid JSON: {e}")))?;
        Scenario::from_value(&v)
    }

    pub fn from_value(v: &Value) -> Result<Scenario, ScenarioError> {
        let obj = v.as_object().ok_or_else(|| ScenarioError {
            step: None,
            op: None,
            field: "(document)".into(),
            message: "expected a JSON object".into(),
        })?;
        let f = Fields {
            obj,
            step: None,
            op: None,
            prefix: "",
        };
        f.only(&[DOCUMENT_KEYS], "a scenario")?;
        let steps_v = f
            .present("steps")
            .ok_or_else(|| f.err("steps", "required (a list)"))?;
        let steps_a = steps_v
            .as_array()
            .ok_or_else(|| f.err("steps", "expected a list"))?;
        let steps = steps_a
            .iter()
            .enumerate()
            .map(|(i, s)| parse_step(i, s))
            .collect::<Result<Vec<_>, _>>()?;
        // A sorted vector, as the model's other maps: no hash set in the wasm.
        let mut subs = crate::vecmap::VecMap::new();
        for (i, s) in steps.iter().enumerate() {
            if let Op::Subscribe { sub, .. } = &s.op {
                if subs.insert(sub.as_str(), ()).is_some() {
                    return Err(ScenarioError {
                        step: Some(i),
                        op: Some("subscribe".into()),
                        field: "sub".into(),
                        message: format!("label {sub:?} is already used by an earlier step"),
                    });
                }
            }
        }
        let extra = obj
            .iter()
            .filter(|(k, _)| ["layout", "playground"].contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Scenario {
            name: f.opt_string("name")?.unwrap_or_default(),
            description: f.opt_string("description")?.unwrap_or_default(),
            server: parse_server(obj.get("server"))?,
            end_ms: f.opt_u64("end_ms")?.unwrap_or(0),
            steps,
            extra,
        })
    }

    /// The scenario as JSON (the same format it was read from).
    pub fn to_value(&self) -> Value {
        let d = ServerOptions::default();
        let s = &self.server;
        let (l, dl) = (&s.limits, &d.limits);
        let differs = |v: u64, dv: u64| (v != dv).then_some(v);
        let server = Obj::new()
            .put("cluster_id", s.cluster_id.as_str())
            .put("hb_interval_ms", s.hb_interval_ms)
            .put("hb_timeout_ms", s.hb_timeout_ms)
            .put("hb_fail_count", s.hb_fail_count)
            .put_some("max_channels", differs(l.max_channels, dl.max_channels))
            .put_some("max_subs", differs(l.max_subs, dl.max_subs))
            .put_some("max_msgs", differs(l.max_msgs, dl.max_msgs))
            .put_some("max_bytes", differs(l.max_bytes, dl.max_bytes))
            .put_some("max_age_ms", differs(l.max_age_ms, dl.max_age_ms))
            .put_some(
                "max_inactivity_ms",
                differs(l.max_inactivity_ms, dl.max_inactivity_ms),
            )
            .put_some("max_payload", differs(s.max_payload, d.max_payload))
            .put_some("seed", differs(s.seed, d.seed))
            .done();
        let steps: Vec<Value> = self.steps.iter().map(step_to_value).collect();
        let mut out = Obj::new()
            .put("name", self.name.as_str())
            .put("description", self.description.as_str())
            .put("server", server)
            .put("steps", steps)
            .put("end_ms", self.end_ms);
        for (k, v) in &self.extra {
            out = out.put(k, v.clone());
        }
        out.done()
    }
}

/// `{"key": n}`.
fn one(key: &str, n: impl Into<Value>) -> Value {
    Obj::new().put(key, n).done()
}

fn start_to_value(s: &StartPosition) -> Value {
    match s {
        StartPosition::NewOnly => "new".into(),
        StartPosition::First => "all".into(),
        StartPosition::LastReceived => "last_received".into(),
        StartPosition::Sequence(n) => one("at_sequence", *n),
        StartPosition::TimeDelta(ms) => one("time_delta_ms", *ms),
    }
}

fn ack_to_value(a: &AckPolicy) -> Value {
    match a {
        AckPolicy::Immediate => "immediate".into(),
        AckPolicy::Never => "never".into(),
        AckPolicy::Manual => "manual".into(),
        AckPolicy::OnDelivery(n) => one("on_delivery", *n),
        AckPolicy::AfterMs(n) => one("after_ms", *n),
    }
}

fn step_to_value(s: &Step) -> Value {
    let o = Obj::new().put("at", s.at).put("op", s.op.name());
    let o = match &s.op {
        Op::Connect { client, cluster_id } => o
            .put("client", client.as_str())
            .put_some("cluster_id", cluster_id.as_deref()),
        Op::Subscribe {
            client,
            sub,
            spec,
            handler: b,
        } => o
            .put("client", client.as_str())
            .put("sub", sub.as_str())
            .put("subject", spec.subject.as_str())
            .put("queue", spec.queue.as_deref())
            .put("durable", spec.durable.as_deref())
            .put("manual_ack", spec.manual_ack)
            .put("ack_wait_ms", spec.ack_wait_ms)
            .put("max_in_flight", spec.max_in_flight)
            .put("start", start_to_value(&spec.start))
            .put("ack", ack_to_value(&b.ack))
            .put_some(
                "fail_probability",
                (b.fail_probability > 0.0).then_some(b.fail_probability),
            )
            .put_some("fail_once_on", b.fail_once_on.as_deref())
            .put_some(
                "processing_ms",
                (b.processing_ms > 0).then_some(b.processing_ms),
            )
            .put_some("app", b.app.as_ref().map(super::tagged::app_to_value)),
        Op::Publish {
            client,
            subject,
            data,
        } => o
            .put("client", client.as_str())
            .put("subject", subject.as_str())
            .put("data", data.as_str()),
        Op::Unsubscribe { sub } | Op::SubClose { sub } => o.put("sub", sub.as_str()),
        Op::Close { client } | Op::Kill { client } => o.put("client", client.as_str()),
        Op::Monitor { path } => o.put("path", path.as_str()),
        Op::Ack { sub, seq } => o.put("sub", sub.as_str()).put("seq", *seq),
    };
    o.put_some("panel", s.panel).done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_name_the_step_and_the_field() {
        let e = Scenario::parse(r#"{"steps":[{"op":"connect","client":"a"},{"op":"subscribe","client":"a","sub":"s","subject":"x","ack_wait_ms":"soon"}]}"#)
            .unwrap_err();
        assert_eq!(e.step, Some(1));
        assert_eq!(e.field, "ack_wait_ms");
        assert!(
            e.to_string()
                .starts_with("step 2 (index 1, subscribe): key `ack_wait_ms`"),
            "{e}"
        );
        let e = Scenario::parse(r#"{"steps":[{"op":"dance"}]}"#).unwrap_err();
        assert_eq!(e.field, "op");
        let e = Scenario::parse("{not json").unwrap_err();
        assert!(e.message.contains("invalid JSON"));
        let e = Scenario::parse(r#"{"server":{"hb_interval_ms":-5},"steps":[]}"#).unwrap_err();
        assert_eq!(e.field, "server.hb_interval_ms");
    }

    fn refusal(text: &str) -> ScenarioError {
        Scenario::parse(text).expect_err("refused")
    }

    #[test]
    fn an_unknown_key_in_a_step_is_refused_with_the_step_op_and_key() {
        let e = refusal(
            r#"{"steps":[{"op":"connect","client":"a"},
            {"op":"subscribe","client":"a","sub":"s","subject":"x","manul_ack":true}]}"#,
        );
        assert_eq!(
            (e.step, e.op.as_deref(), e.field.as_str()),
            (Some(1), Some("subscribe"), "manul_ack")
        );
        let text = e.to_string();
        assert!(
            text.starts_with("step 2 (index 1, subscribe): key `manul_ack`: unknown key;"),
            "{text}"
        );
        assert!(text.contains("did you mean `manual_ack`?"), "{text}");
        // A key of another op is unknown too.
        let e = refusal(r#"{"steps":[{"op":"publish","client":"a","subject":"x","queue":"q"}]}"#);
        assert_eq!(
            (e.op.as_deref(), e.field.as_str()),
            (Some("publish"), "queue")
        );
    }

    #[test]
    fn a_subscription_label_used_twice_is_refused_at_the_second_use() {
        let e = refusal(
            r#"{"steps":[{"op":"subscribe","client":"a","sub":"b","subject":"x"},
            {"op":"subscribe","client":"a","sub":"s","subject":"x"},
            {"op":"subscribe","client":"a","sub":"a","subject":"x"},
            {"op":"subscribe","client":"c","sub":"s","subject":"y"},
            {"op":"subscribe","client":"c","sub":"b","subject":"y"}]}"#,
        );
        assert_eq!(
            (e.step, e.op.as_deref(), e.field.as_str()),
            (Some(3), Some("subscribe"), "sub")
        );
        assert_eq!(e.message, "label \"s\" is already used by an earlier step");
    }

    #[test]
    fn an_unknown_key_in_the_document_or_the_server_is_refused() {
        let e = refusal(r#"{"steps":[],"sever":{}}"#);
        assert_eq!((e.step, e.field.as_str()), (None, "sever"));
        assert!(e.message.contains("did you mean `server`?"), "{e}");
        let e = refusal(r#"{"server":{"hb_intervl_ms":1000},"steps":[]}"#);
        assert_eq!(e.field, "server.hb_intervl_ms");
        assert!(e.message.contains("`hb_interval_ms`"), "{e}");
        let e = refusal(
            r#"{"steps":[{"op":"subscribe","client":"a","sub":"s","subject":"x","start":{"at_seq":2}}]}"#,
        );
        assert_eq!(e.field, "start.at_seq");
        let e = refusal(
            r#"{"steps":[{"op":"subscribe","client":"a","sub":"s","subject":"x","ack":{"after":2}}]}"#,
        );
        assert_eq!(e.field, "ack.after");
    }

    #[test]
    fn a_wrong_type_or_an_out_of_range_value_is_refused() {
        let e = refusal(
            r#"{"steps":[{"op":"subscribe","client":"a","sub":"s","subject":"x","manual_ack":"yes"}]}"#,
        );
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("manual_ack", "expected true or false")
        );
        let e = refusal(r#"{"steps":[{"op":"publish","client":"a","subject":"x","data":5}]}"#);
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("data", "expected a string")
        );
        let e = refusal(r#"{"steps":[{"at":"soon","op":"kill","client":"a"}]}"#);
        assert_eq!((e.op.as_deref(), e.field.as_str()), (Some("kill"), "at"));
        let e = refusal(
            r#"{"steps":[{"op":"subscribe","client":"a","sub":"s","subject":"x","max_in_flight":3000000000}]}"#,
        );
        assert_eq!(e.field, "max_in_flight");
        assert!(e.message.contains("out of range"), "{e}");
        let e = refusal(r#"{"server":{"hb_timeout_ms":0},"steps":[]}"#);
        assert_eq!(e.field, "server.hb_timeout_ms");
        let e = refusal(r#"{"server":{"hb_fail_count":5000000000},"steps":[]}"#);
        assert_eq!(e.field, "server.hb_fail_count");
        let e = refusal(r#"{"server":{"max_msgs":-1},"steps":[]}"#);
        assert_eq!(e.field, "server.max_msgs");
        // Values the client or the server judge themselves stay (0, 1500 ms, a negative window).
        Scenario::parse(
            r#"{"steps":[{"op":"subscribe","client":"a","sub":"s","subject":"x","ack_wait_ms":1500,"max_in_flight":0}]}"#,
        )
        .unwrap();
    }

    #[test]
    fn round_trips_through_json() {
        let text = r#"{"name":"n","server":{"cluster_id":"ticketing","max_msgs":5},"steps":[
            {"at":0,"op":"connect","client":"a"},
            {"at":1,"op":"subscribe","client":"a","sub":"s","subject":"x","queue":"q","manual_ack":true,
             "start":{"at_sequence":2},"ack":{"after_ms":30}},
            {"at":2,"op":"publish","client":"a","subject":"x","data":"d"}],"end_ms":9,"layout":{"k":1}}"#;
        let s = Scenario::parse(text).unwrap();
        assert_eq!(s.server.limits.max_msgs, 5);
        assert_eq!(s.extra.get("layout"), Some(&json!({"k":1})));
        let again = Scenario::from_value(&s.to_value()).unwrap();
        assert_eq!(again, s);
    }
}
