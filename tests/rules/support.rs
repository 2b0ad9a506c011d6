//! Helpers for the rule tests: a scenario builder (FORMAT.md), trace queries, and a small
//! driver for the sans-IO broker when a test must play the wire itself (heartbeat replies,
//! requests from a stale connection, PINGs).

use nats_playground::broker::{
    Broker, Command, ConnId, Event, Millis, ReqId, ServerOptions, SubId, SubscribeRequest,
};
use nats_playground::sim::runner::Runner;
use nats_playground::sim::{RunConfig, Scenario, TraceEvent, TraceKind};
use serde_json::{json, Map, Value};
use std::collections::HashSet;

// ------------------------------------------------------------------ scenario builder

/// A scenario under construction. The server starts with the real defaults
/// (`test-cluster`, heartbeats 30 s / 10 s / 10); `server` overrides any key.
pub struct Scn {
    server: Map<String, Value>,
    steps: Vec<Value>,
    end_ms: Millis,
}

pub fn scn() -> Scn {
    Scn {
        server: Map::new(),
        steps: Vec::new(),
        end_ms: 0,
    }
}

impl Scn {
    pub fn server(mut self, key: &str, value: Value) -> Self {
        self.server.insert(key.into(), value);
        self
    }

    fn step(mut self, at: Millis, op: &str, fields: Value) -> Self {
        let mut s = Map::new();
        s.insert("at".into(), json!(at));
        s.insert("op".into(), json!(op));
        if let Value::Object(m) = fields {
            s.extend(m);
        }
        self.steps.push(Value::Object(s));
        self
    }

    pub fn connect(self, at: Millis, client: &str) -> Self {
        self.step(at, "connect", json!({ "client": client }))
    }

    pub fn connect_to(self, at: Millis, client: &str, cluster_id: &str) -> Self {
        self.step(
            at,
            "connect",
            json!({ "client": client, "cluster_id": cluster_id }),
        )
    }

    /// A subscription with the client's defaults (auto ack, new only, AckWait 30 s).
    pub fn sub(self, at: Millis, client: &str, label: &str, subject: &str) -> Self {
        self.sub_with(at, client, label, subject, json!({}))
    }

    /// A subscription with FORMAT.md options (`queue`, `durable`, `manual_ack`, `ack_wait_ms`,
    /// `max_in_flight`, `start`, `ack`).
    pub fn sub_with(
        self,
        at: Millis,
        client: &str,
        label: &str,
        subject: &str,
        opts: Value,
    ) -> Self {
        let mut fields = json!({ "client": client, "sub": label, "subject": subject });
        if let (Value::Object(f), Value::Object(o)) = (&mut fields, opts) {
            f.extend(o);
        }
        self.step(at, "subscribe", fields)
    }

    pub fn publish(self, at: Millis, client: &str, subject: &str, data: &str) -> Self {
        self.step(
            at,
            "publish",
            json!({ "client": client, "subject": subject, "data": data }),
        )
    }

    /// `n` publishes `m1..mn`, `every` ms apart from `at`.
    pub fn publish_n(
        mut self,
        at: Millis,
        every: Millis,
        client: &str,
        subject: &str,
        n: u64,
    ) -> Self {
        for i in 0..n {
            self = self.publish(at + i * every, client, subject, &format!("m{}", i + 1));
        }
        self
    }

    pub fn unsubscribe(self, at: Millis, label: &str) -> Self {
        self.step(at, "unsubscribe", json!({ "sub": label }))
    }

    pub fn sub_close(self, at: Millis, label: &str) -> Self {
        self.step(at, "sub_close", json!({ "sub": label }))
    }

    pub fn close(self, at: Millis, client: &str) -> Self {
        self.step(at, "close", json!({ "client": client }))
    }

    pub fn kill(self, at: Millis, client: &str) -> Self {
        self.step(at, "kill", json!({ "client": client }))
    }

    pub fn monitor(self, at: Millis, path: &str) -> Self {
        self.step(at, "monitor", json!({ "path": path }))
    }

    pub fn end(mut self, ms: Millis) -> Self {
        self.end_ms = ms;
        self
    }

    pub fn scenario(&self) -> Scenario {
        let v = json!({
            "name": "rule",
            "server": Value::Object(self.server.clone()),
            "steps": self.steps,
            "end_ms": self.end_ms,
        });
        Scenario::parse(&v.to_string()).unwrap_or_else(|e| panic!("bad test scenario: {e}"))
    }

    /// Runs the whole scenario (FORMAT.md semantics) and returns the trace.
    pub fn run(&self) -> Trace {
        Trace(nats_playground::sim::run_scenario(
            &self.scenario(),
            &RunConfig::default(),
        ))
    }

    /// Runs every step and the clock up to `end_ms`, then hands over the runner so the test
    /// can keep driving the simulation (manual acks, concurrent requests ...).
    pub fn runner(&self) -> Runner {
        let s = self.scenario();
        let mut r = Runner::new(&s, &RunConfig::default());
        for step in &s.steps {
            let start = step.at.max(r.sim.now());
            r.sim.run_until(start);
            r.apply(&step.op);
        }
        let end = s.end_ms.max(r.sim.now());
        r.sim.run_until(end);
        r
    }
}

// ------------------------------------------------------------------ trace queries

/// One `deliver` event.
#[derive(Clone, Debug, PartialEq)]
pub struct Dlv {
    pub t: f64,
    pub sub: String,
    pub seq: u64,
    pub data: String,
    pub redelivered: bool,
    pub count: u32,
}

pub struct Trace(pub Vec<TraceEvent>);

impl Trace {
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a TraceEvent>) -> Trace {
        Trace(events.into_iter().cloned().collect())
    }

    /// Every delivery, in trace order.
    pub fn all_deliveries(&self) -> Vec<Dlv> {
        self.0
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Deliver {
                    sub,
                    seq,
                    data,
                    redelivered,
                    redelivery_count,
                    ..
                } => Some(Dlv {
                    t: e.t,
                    sub: sub.clone(),
                    seq: *seq,
                    data: data.clone(),
                    redelivered: *redelivered,
                    count: *redelivery_count,
                }),
                _ => None,
            })
            .collect()
    }

    pub fn deliveries(&self, label: &str) -> Vec<Dlv> {
        self.all_deliveries()
            .into_iter()
            .filter(|d| d.sub == label)
            .collect()
    }

    /// Sequences a subscription received, redeliveries included, in order.
    pub fn seqs(&self, label: &str) -> Vec<u64> {
        self.deliveries(label).iter().map(|d| d.seq).collect()
    }

    /// Sequences a subscription received for the first time (not flagged redelivered).
    pub fn first_seqs(&self, label: &str) -> Vec<u64> {
        self.deliveries(label)
            .iter()
            .filter(|d| !d.redelivered)
            .map(|d| d.seq)
            .collect()
    }

    pub fn subscribed(&self, label: &str) -> bool {
        self.0
            .iter()
            .any(|e| matches!(&e.kind, TraceKind::Subscribed { sub, .. } if sub == label))
    }

    pub fn sub_error(&self, label: &str) -> Option<String> {
        self.0.iter().find_map(|e| match &e.kind {
            TraceKind::SubscribeError { sub, error, .. } if sub == label => Some(error.clone()),
            _ => None,
        })
    }

    /// Times at which `client` connected.
    pub fn connected(&self, client: &str) -> Vec<f64> {
        self.0
            .iter()
            .filter(|e| matches!(&e.kind, TraceKind::Connected { client: c } if c == client))
            .map(|e| e.t)
            .collect()
    }

    pub fn connect_errors(&self, client: &str) -> Vec<(f64, String)> {
        self.0
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::ConnectError { client: c, error } if c == client => {
                    Some((e.t, error.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// The publish callbacks of `client`: (subject, error), in order.
    pub fn pub_acks(&self, client: &str) -> Vec<(String, Option<String>)> {
        self.0
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::PubAck {
                    client: c,
                    subject,
                    error,
                    ..
                } if c == client => Some((subject.clone(), error.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn closed(&self, client: &str) -> Vec<f64> {
        self.0
            .iter()
            .filter(|e| matches!(&e.kind, TraceKind::Closed { client: c } if c == client))
            .map(|e| e.t)
            .collect()
    }

    /// Bodies of the monitor steps on `path`, in order.
    pub fn monitors(&self, path: &str) -> Vec<Value> {
        self.0
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Monitor { path: p, body } if p == path => Some(body.clone()),
                _ => None,
            })
            .collect()
    }

    /// The only monitor body for `path`.
    pub fn monitor(&self, path: &str) -> Value {
        let all = self.monitors(path);
        assert_eq!(all.len(), 1, "expected exactly one monitor step on {path}");
        all.into_iter().next().unwrap()
    }
}

// ------------------------------------------------------------------ monitoring JSON

/// The `subscriptions` list of a channel object (empty when omitted).
pub fn subs_of(channel: &Value) -> Vec<Value> {
    channel
        .get("subscriptions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The subscriptions of a channel object that satisfy `pred` on their JSON.
pub fn subs_where(channel: &Value, pred: impl Fn(&Value) -> bool) -> Vec<Value> {
    subs_of(channel).into_iter().filter(|s| pred(s)).collect()
}

/// The only subscription of `client_id` in a channel object.
pub fn sub_of_client(channel: &Value, client_id: &str) -> Value {
    let found = subs_where(channel, |s| s["client_id"] == client_id);
    assert_eq!(
        found.len(),
        1,
        "one subscription of {client_id} in {channel:#}"
    );
    found.into_iter().next().unwrap()
}

/// Client ids listed by a `/streaming/clientsz` body.
pub fn client_ids(clientsz: &Value) -> Vec<String> {
    clientsz["clients"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

// ------------------------------------------------------------------ broker driver

/// Drives a [`Broker`] directly with zero latency: the test sends commands and moves the
/// clock; connections marked live answer heartbeat probes at once, the others stay silent.
pub struct Driver {
    pub b: Broker,
    pub now: Millis,
    /// Every event the broker emitted, with the time it was emitted.
    pub log: Vec<(Millis, Event)>,
    live: HashSet<ConnId>,
    next_req: u64,
}

impl Driver {
    pub fn new(opts: ServerOptions) -> Self {
        Self {
            b: Broker::new(opts),
            now: 0,
            log: Vec::new(),
            live: HashSet::new(),
            next_req: 0,
        }
    }

    pub fn req(&mut self) -> ReqId {
        self.next_req += 1;
        ReqId(self.next_req)
    }

    fn pump(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        while let Some(ev) = self.b.poll_event() {
            if let Event::HeartbeatProbe { conn, probe } = ev {
                if self.live.contains(&conn) {
                    self.b
                        .handle(self.now, Command::HeartbeatReply { conn, probe });
                }
            }
            self.log.push((self.now, ev.clone()));
            out.push(ev);
        }
        out
    }

    /// Sends one command at the current time; returns what the broker emitted.
    pub fn send(&mut self, cmd: Command) -> Vec<Event> {
        self.b.handle(self.now, cmd);
        self.pump()
    }

    /// Runs every broker timer due by `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Millis) {
        while let Some(d) = self.b.next_deadline() {
            if d > t {
                break;
            }
            self.now = self.now.max(d);
            self.b.handle_timeout(self.now);
            self.pump();
        }
        self.now = self.now.max(t);
        self.b.handle_timeout(self.now);
        self.pump();
    }

    /// Whether `conn` answers heartbeat probes from now on.
    pub fn set_live(&mut self, conn: ConnId, live: bool) {
        if live {
            self.live.insert(conn);
        } else {
            self.live.remove(&conn);
        }
    }

    /// A connect request answered at once: the connection or the error.
    pub fn try_connect(&mut self, client_id: &str) -> Result<ConnId, String> {
        let req = self.req();
        let cluster_id = self.b.options().cluster_id.clone();
        let evs = self.send(Command::Connect {
            req,
            cluster_id,
            client_id: client_id.into(),
        });
        for ev in evs {
            match ev {
                Event::Connected { req: r, conn, .. } if r == req => {
                    self.live.insert(conn);
                    return Ok(conn);
                }
                Event::ConnectFailed { req: r, error, .. } if r == req => return Err(error),
                _ => {}
            }
        }
        Err("no answer yet".into())
    }

    pub fn connect(&mut self, client_id: &str) -> ConnId {
        self.try_connect(client_id)
            .unwrap_or_else(|e| panic!("connect {client_id}: {e}"))
    }

    pub fn subscribe(&mut self, conn: ConnId, request: SubscribeRequest) -> Result<SubId, String> {
        let req = self.req();
        let evs = self.send(Command::Subscribe { req, conn, request });
        evs.into_iter()
            .find_map(|ev| match ev {
                Event::Subscribed { req: r, sub, .. } if r == req => Some(Ok(sub)),
                Event::SubscribeFailed { req: r, error, .. } if r == req => Some(Err(error)),
                _ => None,
            })
            .expect("a subscribe request is answered at once")
    }

    /// Publishes and returns the PubAck's error (None when stored).
    pub fn publish(&mut self, conn: ConnId, subject: &str, data: &str) -> Option<String> {
        let req = self.req();
        let evs = self.send(Command::Publish {
            req,
            conn,
            subject: subject.into(),
            data: data.into(),
        });
        evs.into_iter()
            .find_map(|ev| match ev {
                Event::PubAck { req: r, error, .. } if r == req => Some(error),
                _ => None,
            })
            .expect("a publish is answered at once")
    }

    pub fn ack(&mut self, sub: SubId, seq: u64) {
        self.send(Command::Ack { sub, seq });
    }

    /// Deliveries to `sub`: (time, seq, redelivered, redelivery count).
    pub fn deliveries(&self, sub: SubId) -> Vec<(Millis, u64, bool, u32)> {
        self.log
            .iter()
            .filter_map(|(t, ev)| match ev {
                Event::Deliver { sub: s, msg, .. } if *s == sub => {
                    Some((*t, msg.seq, msg.redelivered, msg.redelivery_count))
                }
                _ => None,
            })
            .collect()
    }

    /// Times at which the broker removed `client_id` and why.
    pub fn removals(
        &self,
        client_id: &str,
    ) -> Vec<(Millis, nats_playground::broker::RemovalReason)> {
        self.log
            .iter()
            .filter_map(|(t, ev)| match ev {
                Event::ClientRemoved {
                    client_id: c,
                    reason,
                    ..
                } if c == client_id => Some((*t, *reason)),
                _ => None,
            })
            .collect()
    }

    pub fn monitor(&self, path: &str) -> Value {
        self.b
            .monitor(path)
            .unwrap_or_else(|e| panic!("GET {path}: {} {}", e.status, e.body))
    }
}

/// Server options with heartbeats `hbi`/`hbt`/`hbf`.
pub fn opts_hb(hbi: Millis, hbt: Millis, hbf: u32) -> ServerOptions {
    ServerOptions {
        hb_interval_ms: hbi,
        hb_timeout_ms: hbt,
        hb_fail_count: hbf,
        ..ServerOptions::default()
    }
}

/// A subscribe request with node-nats-streaming's defaults, adjusted by `f`.
pub fn req_for(subject: &str, f: impl FnOnce(&mut SubscribeRequest)) -> SubscribeRequest {
    let mut r = SubscribeRequest::new(subject);
    f(&mut r);
    r
}
