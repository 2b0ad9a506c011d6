//! The simulated world: one broker, client processes, and the network between them,
//! driven by a virtual clock. Deterministic: same inputs and seed, same run.

use super::app::{self, Db};
use super::client::{Proc, ProcId, ProcState, Received, SimSub, SubState};
use super::handler::{AckPolicy, Handler};
use super::rng::Rng;
use super::scenario::SubSpec;
use super::trace::{TraceEvent, TraceKind};
use crate::broker::monitor::MonitorError;
use crate::broker::{
    Broker, Command, ConnId, Event, Millis, ReqId, ServerOptions, SubId, SubscribeRequest,
};
use crate::chunked::Chunked;
use crate::vecmap::VecMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// node-nats-streaming's `connectTimeout` (also for subscribe, unsubscribe and close requests).
pub const CONNECT_TIMEOUT_MS: Millis = 2000;
/// node-nats-streaming's `ackTimeout`: how long a publish waits for its PubAck.
pub const PUB_ACK_TIMEOUT_MS: Millis = 30_000;
pub use crate::broker::DEFAULT_MAX_IN_FLIGHT;

pub const ERR_CONNECT_TIMEOUT: &str = "stan: connect request timeout";
pub const ERR_SUBSCRIBE_TIMEOUT: &str = "stan: subscribe request timeout";
pub const ERR_PUB_ACK_TIMEOUT: &str = "stan: publish ack timeout";
pub const ERR_CONNECTION_CLOSED: &str = "stan: Connection closed";
pub const ERR_NO_CLIENT_ID: &str = "stan: client ID must be supplied";
pub const ERR_NO_CLUSTER_ID: &str = "stan: cluster ID must be supplied";
pub const ERR_NO_SUBJECT: &str = "stan: subject must be supplied";
/// google-protobuf refuses a non-integer `ack_wait_in_secs`: `setAckWait` must be whole seconds.
pub const ERR_ACK_WAIT_ASSERTION: &str = "Assertion failed";
pub const ERR_MAX_PAYLOAD: &str = "NatsError: MAX_PAYLOAD_EXCEEDED";

#[derive(Clone, Debug)]
pub struct SimConfig {
    /// One-way network latency between any client and the server.
    pub latency_ms: Millis,
    /// Seed of the simulation's random source (handler failures, generated ids).
    pub seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            latency_ms: 1,
            seed: 1,
        }
    }
}

#[derive(Clone, Debug)]
enum ClientTimer {
    RequestTimeout(ReqId),
    AckLater {
        sub: usize,
        seq: u64,
    },
    /// A service's business logic finishes with a message.
    Process {
        sub: usize,
        seq: u64,
        subject: Arc<str>,
        data: Arc<str>,
    },
}

/// What a service did with an event, for the lab's database panel.
#[derive(Clone, Debug, PartialEq)]
pub struct DbNote {
    pub t: Millis,
    pub db: String,
    pub proc: ProcId,
    pub seq: u64,
    pub applied: bool,
    pub acked: bool,
    pub note: String,
}

#[derive(Clone, Debug)]
enum Packet {
    ToBroker(ProcId, Command),
    ToClient(ProcId, Event),
    Timer(ProcId, ClientTimer),
}

/// A packet on the wire, for drawing: who sent it, where it goes, when it left and lands.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlight {
    /// The packet's number on the wire: stable while it travels.
    pub id: u64,
    pub proc: ProcId,
    pub to_broker: bool,
    pub depart: Millis,
    pub arrive: Millis,
    pub what: &'static str,
    pub sub: Option<SubId>,
    pub seq: Option<u64>,
    pub redelivered: bool,
    /// How many times the server has redelivered it (0 for a first delivery).
    pub redelivery_count: u32,
}

/// Something the broker did that no client sees, kept for timelines and narration.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub t: Millis,
    pub event: Event,
}

#[derive(Clone, Debug)]
enum ReqKind {
    Connect,
    Subscribe(usize),
    Publish { subject: String, data: String },
    Close,
    SubRemove,
}

#[derive(Clone, Debug)]
struct Request {
    proc: ProcId,
    kind: ReqKind,
    /// Where its timeout waits on the wire (taken off once the request is answered).
    timer: (Millis, u64),
}

#[derive(Clone, Debug)]
pub struct Sim {
    pub broker: Broker,
    cfg: SimConfig,
    now: Millis,
    /// Packets and timers by (arrival, order). A B-tree, not a [`VecMap`]: under load it holds
    /// thousands of entries and is drained from the front.
    net: BTreeMap<(Millis, u64), (Millis, Packet)>,
    order: u64,
    procs: Vec<Proc>,
    pub(super) subs: Vec<SimSub>,
    sub_by_id: VecMap<SubId, usize>,
    conn_owner: VecMap<ConnId, ProcId>,
    /// Requests awaiting their answer, by id (ids grow: in the order they were made).
    requests: VecMap<ReqId, Request>,
    next_req: u64,
    rng: Rng,
    pub(super) trace: Chunked<TraceEvent>,
    pub(super) log: Chunked<LogEntry>,
    dbs: VecMap<String, Db>,
    db_log: Vec<DbNote>,
    /// The work budget of a run of outside input (`budget.rs`); `None` for a learner's run.
    pub(super) meter: Option<Box<super::budget::Meter>>,
}

impl Sim {
    pub fn new(opts: ServerOptions, cfg: SimConfig) -> Self {
        let rng = Rng::new(cfg.seed);
        Self {
            broker: Broker::new(opts),
            cfg,
            now: 0,
            net: BTreeMap::new(),
            order: 0,
            procs: Vec::new(),
            subs: Vec::new(),
            sub_by_id: VecMap::new(),
            conn_owner: VecMap::new(),
            requests: VecMap::new(),
            next_req: 0,
            rng,
            trace: Chunked::new(),
            log: Chunked::new(),
            dbs: VecMap::new(),
            db_log: Vec::new(),
            meter: None,
        }
    }

    // ---------------------------------------------------------------- reading

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    pub fn trace(&self) -> &Chunked<TraceEvent> {
        &self.trace
    }

    pub fn log(&self) -> &Chunked<LogEntry> {
        &self.log
    }

    /// The lab's databases, by name.
    pub fn dbs(&self) -> &VecMap<String, Db> {
        &self.dbs
    }

    pub fn db_log(&self) -> &[DbNote] {
        &self.db_log
    }

    pub fn procs(&self) -> &[Proc] {
        &self.procs
    }

    pub fn proc(&self, id: ProcId) -> Option<&Proc> {
        self.procs.get(id)
    }

    pub fn subs(&self) -> &[SimSub] {
        &self.subs
    }

    pub fn sub_index(&self, label: &str) -> Option<usize> {
        self.subs.iter().rposition(|s| s.label == label)
    }

    /// Packets and timers waiting on the wire.
    pub fn wire_len(&self) -> usize {
        self.net.len()
    }

    pub fn request_done(&self, req: ReqId) -> bool {
        !self.requests.contains_key(&req)
    }

    /// Packets on the wire at the current time.
    pub fn in_flight(&self) -> Vec<InFlight> {
        self.net
            .iter()
            .filter_map(|(&(arrive, id), (depart, p))| {
                let (proc, to_broker, what, sub, seq, (redelivered, redelivery_count)) = match p {
                    Packet::Timer(..) => return None,
                    Packet::ToBroker(proc, cmd) => {
                        let (what, sub, seq) = match cmd {
                            Command::Publish { .. } => ("publish", None, None),
                            Command::Ack { sub, seq } => ("ack", Some(*sub), Some(*seq)),
                            Command::HeartbeatReply { .. } => ("heartbeat", None, None),
                            Command::Subscribe { .. } => ("subscribe", None, None),
                            _ => ("request", None, None),
                        };
                        (*proc, true, what, sub, seq, (false, 0))
                    }
                    Packet::ToClient(proc, ev) => match ev {
                        Event::Deliver { sub, msg, .. } => (
                            *proc,
                            false,
                            "deliver",
                            Some(*sub),
                            Some(msg.seq),
                            (msg.redelivered, msg.redelivery_count),
                        ),
                        Event::PubAck { .. } => (*proc, false, "pub_ack", None, None, (false, 0)),
                        Event::HeartbeatProbe { .. } => {
                            (*proc, false, "heartbeat", None, None, (false, 0))
                        }
                        _ => (*proc, false, "reply", None, None, (false, 0)),
                    },
                };
                Some(InFlight {
                    id,
                    proc,
                    to_broker,
                    depart: *depart,
                    arrive,
                    what,
                    sub,
                    seq,
                    redelivered,
                    redelivery_count,
                })
            })
            .collect()
    }

    /// When something next happens (a packet lands, a client timer or a broker timer fires).
    pub fn next_time(&self) -> Option<Millis> {
        if self.budget_halted() {
            return None;
        }
        let net = self.net.keys().next().map(|k| k.0);
        match (net, self.broker.next_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn monitor(&self, path: &str) -> Result<serde_json::Value, MonitorError> {
        self.broker.monitor(path)
    }

    // ---------------------------------------------------------------- running

    /// Processes everything due by `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Millis) {
        while let Some(n) = self.next_time() {
            if n > t {
                break;
            }
            self.step_at(n);
        }
        if self.budget_halted() {
            return;
        }
        self.now = self.now.max(t);
        self.broker.handle_timeout(self.now);
        self.route();
    }

    /// Processes the next single happening; false when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        match self.next_time() {
            Some(n) => {
                self.step_at(n);
                true
            }
            None => false,
        }
    }

    fn step_at(&mut self, n: Millis) {
        if !self.budget_allows_step() {
            return;
        }
        self.now = self.now.max(n);
        let broker_due = self.broker.next_deadline().is_some_and(|d| d <= n);
        let net_first = self.net.keys().next().map(|k| k.0);
        if broker_due
            && net_first.is_none_or(|a| self.broker.next_deadline().is_some_and(|d| d <= a))
        {
            self.broker.handle_timeout(self.now);
            self.route();
            return;
        }
        let Some((_, (_, packet))) = self.net.pop_first() else {
            return;
        };
        match packet {
            Packet::ToBroker(_, cmd) => {
                self.broker.handle(self.now, cmd);
                self.route();
            }
            Packet::ToClient(proc, ev) => self.client_receive(proc, ev),
            Packet::Timer(proc, t) => self.client_timer(proc, t),
        }
    }

    fn schedule(&mut self, at: Millis, packet: Packet) -> (Millis, u64) {
        self.order += 1;
        self.net.insert((at, self.order), (self.now, packet));
        (at, self.order)
    }

    fn send_to_broker(&mut self, proc: ProcId, cmd: Command) {
        let at = self.now.saturating_add(self.cfg.latency_ms);
        self.schedule(at, Packet::ToBroker(proc, cmd));
    }

    fn new_request(&mut self, proc: ProcId, kind: ReqKind, timeout: Millis) -> ReqId {
        self.next_req += 1;
        let req = ReqId(self.next_req);
        let at = self.now.saturating_add(timeout);
        let timer = self.schedule(at, Packet::Timer(proc, ClientTimer::RequestTimeout(req)));
        self.requests.insert(req, Request { proc, kind, timer });
        req
    }

    /// Marks a request answered (or given up) and forgets it; None if it already was.
    fn finish(&mut self, req: ReqId) -> Option<Request> {
        let r = self.requests.remove(&req)?;
        // An answered request's timeout would fire for nothing: it leaves the wire now, so
        // the wire holds what is still to happen, not a publish ack timeout per message.
        self.net.remove(&r.timer);
        Some(r)
    }

    /// Adds an observation made by a driver (a monitoring response).
    pub fn push_trace(&mut self, ev: TraceEvent) {
        self.trace.push(ev);
    }

    fn record(&mut self, proc: ProcId, kind: TraceKind) {
        self.trace.push(TraceEvent {
            t: self.now as f64,
            kind,
            proc: Some(proc),
        });
    }

    /// Sends the broker's events on their way to the clients.
    fn route(&mut self) {
        let events: Vec<Event> = self.broker.drain_events().collect();
        let at = self.now.saturating_add(self.cfg.latency_ms);
        for ev in events {
            let proc = match &ev {
                Event::Connected { req, conn, .. } => {
                    let p = self.requests.get(req).map(|r| r.proc);
                    if let Some(p) = p {
                        self.conn_owner.insert(*conn, p);
                    }
                    p
                }
                Event::ConnectFailed { req, .. }
                | Event::Closed { req, .. }
                | Event::PubAck { req, .. }
                | Event::Subscribed { req, .. }
                | Event::SubscribeFailed { req, .. }
                | Event::SubRemoved { req, .. }
                | Event::Pong { req, .. } => self.requests.get(req).map(|r| r.proc),
                Event::Deliver { conn, .. } | Event::HeartbeatProbe { conn, .. } => {
                    self.conn_owner.get(conn).copied()
                }
                _ => {
                    self.log.push(LogEntry {
                        t: self.now,
                        event: ev,
                    });
                    continue;
                }
            };
            if let Some(p) = proc {
                self.schedule(at, Packet::ToClient(p, ev));
            }
        }
    }

    // ---------------------------------------------------------------- client side

    // `finish` marks a request answered, so it stays inside the arms rather than in guards.
    #[allow(clippy::collapsible_match)]
    fn client_receive(&mut self, p: ProcId, ev: Event) {
        if self
            .procs
            .get(p)
            .is_none_or(|pr| pr.state == ProcState::Killed)
        {
            return;
        }
        match ev {
            Event::Connected { req, conn, .. } => {
                if self.finish(req).is_some() && self.procs[p].state == ProcState::Connecting {
                    self.procs[p].state = ProcState::Connected(conn);
                    self.procs[p].connected_as = Some(conn);
                    let client = self.procs[p].client_id.clone();
                    self.record(p, TraceKind::Connected { client });
                }
            }
            Event::ConnectFailed { req, error, .. } => {
                if self.finish(req).is_some() {
                    self.procs[p].state = ProcState::Failed;
                    let client = self.procs[p].client_id.clone();
                    self.record(p, TraceKind::ConnectError { client, error });
                }
            }
            Event::Closed { req, .. } => {
                if self.finish(req).is_some() {
                    self.mark_closed(p);
                }
            }
            Event::PubAck { req, error, .. } => self.publish_done(p, req, error),
            Event::Subscribed { req, sub, .. } => {
                if let Some(Request {
                    kind: ReqKind::Subscribe(i),
                    ..
                }) = self.finish(req)
                {
                    self.subs[i].state = SubState::Ready(sub);
                    self.sub_by_id.insert(sub, i);
                    let client = self.procs[p].client_id.clone();
                    let label = self.subs[i].label.clone();
                    self.record(p, TraceKind::Subscribed { client, sub: label });
                }
            }
            Event::SubscribeFailed { req, error, .. } => {
                if let Some(Request {
                    kind: ReqKind::Subscribe(i),
                    ..
                }) = self.finish(req)
                {
                    self.sub_failed(i, error);
                }
            }
            Event::SubRemoved { req, .. } => {
                self.finish(req);
            }
            Event::Deliver { sub, msg, .. } => self.on_message(p, sub, msg),
            Event::HeartbeatProbe { conn, probe } => {
                if self.procs[p].conn() == Some(conn) {
                    self.send_to_broker(p, Command::HeartbeatReply { conn, probe });
                }
            }
            _ => {}
        }
    }

    /// A publish's callback fires: with the server's answer, or `stan: Connection closed`.
    fn publish_done(&mut self, p: ProcId, req: ReqId, error: Option<String>) {
        if let Some(Request {
            kind: ReqKind::Publish { subject, data },
            ..
        }) = self.finish(req)
        {
            let client = self.procs[p].client_id.clone();
            self.record(
                p,
                TraceKind::PubAck {
                    client,
                    subject,
                    data,
                    error,
                },
            );
        }
    }

    fn sub_failed(&mut self, i: usize, error: String) {
        self.subs[i].state = SubState::Failed(error.clone());
        let client = self
            .procs
            .get(self.subs[i].proc)
            .map(|p| p.client_id.clone())
            .unwrap_or_default();
        let sub = self.subs[i].label.clone();
        self.record(
            self.subs[i].proc,
            TraceKind::SubscribeError { client, sub, error },
        );
    }

    fn mark_closed(&mut self, p: ProcId) {
        self.procs[p].state = ProcState::Closed;
        for i in self.procs[p].subs.clone() {
            if !matches!(self.subs[i].state, SubState::Failed(_)) {
                self.subs[i].state = SubState::Closed;
            }
        }
        let client = self.procs[p].client_id.clone();
        self.record(p, TraceKind::Closed { client });
    }

    fn on_message(&mut self, p: ProcId, sub: SubId, msg: crate::broker::Delivery) {
        let Some(&i) = self.sub_by_id.get(&sub) else {
            return;
        };
        if !self.procs[p].is_connected() || self.subs[i].state != SubState::Ready(sub) {
            return;
        }
        let client = self.procs[p].client_id.clone();
        let label = self.subs[i].label.clone();
        self.record(
            p,
            TraceKind::Deliver {
                client: client.clone(),
                sub: label.clone(),
                subject: msg.subject.to_string(),
                seq: msg.seq,
                data: msg.data.to_string(),
                redelivered: msg.redelivered,
                redelivery_count: msg.redelivery_count,
            },
        );
        let fail_p = self.subs[i].handler.fail_probability;
        let mut failed = fail_p > 0.0 && self.rng.next_f64() < fail_p;
        if let Some(text) = self.subs[i].handler.fail_once_on.clone() {
            if msg.data.contains(text.as_str())
                && self.subs[i].failed_once.insert(msg.seq, ()).is_none()
            {
                failed = true;
            }
        }
        let s = &mut self.subs[i];
        // Counted only for the policy that reads it: the map would grow with every message.
        let seen = if matches!(s.handler.ack, AckPolicy::OnDelivery(_)) {
            let seen = s.seen.entry(msg.seq).or_insert(0);
            *seen += 1;
            *seen
        } else {
            0
        };
        s.received.push(Received {
            t: self.now,
            seq: msg.seq,
            data: msg.data.to_string(),
            redelivered: msg.redelivered,
            redelivery_count: msg.redelivery_count,
            failed,
            acked_at: None,
        });
        if let Some(app) = s.handler.app.clone() {
            let manual = s.spec.manual_ack;
            let processing_ms = s.handler.processing_ms;
            // A service's work is asynchronous (a database write): in auto-ack mode the client
            // library has acked on receipt, so a failed write loses the event. In manual-ack
            // mode a failed write sends no ack and the server redelivers it after AckWait.
            if !manual {
                self.send_ack(i, msg.seq, false);
            }
            if failed {
                let acked = !manual;
                self.db_log.push(DbNote {
                    t: self.now,
                    db: app.db().to_string(),
                    proc: p,
                    seq: msg.seq,
                    applied: false,
                    acked,
                    note: format!(
                        "#{}: the write failed{}",
                        msg.seq,
                        if acked {
                            " (already acked: lost)"
                        } else {
                            "; not acked"
                        }
                    ),
                });
                return;
            }
            let at = self.now.saturating_add(processing_ms);
            let timer = ClientTimer::Process {
                sub: i,
                seq: msg.seq,
                subject: msg.subject,
                data: msg.data,
            };
            self.schedule(at, Packet::Timer(p, timer));
            return;
        }
        if failed {
            // A throwing handler: no ack, even in auto-ack mode.
            return;
        }
        if !s.spec.manual_ack {
            self.send_ack(i, msg.seq, false);
            return;
        }
        match s.handler.ack.clone() {
            AckPolicy::Immediate => self.send_ack(i, msg.seq, true),
            AckPolicy::OnDelivery(n) if seen >= n => self.send_ack(i, msg.seq, true),
            AckPolicy::AfterMs(ms) => {
                let at = self.now.saturating_add(ms);
                self.schedule(
                    at,
                    Packet::Timer(
                        p,
                        ClientTimer::AckLater {
                            sub: i,
                            seq: msg.seq,
                        },
                    ),
                );
            }
            _ => {}
        }
    }

    /// `msg.ack()`: a no-op once the subscription is closed.
    fn send_ack(&mut self, i: usize, seq: u64, record: bool) {
        let p = self.subs[i].proc;
        let Some(sub) = self.subs[i].sub_id() else {
            return;
        };
        if !self.procs[p].is_connected() {
            return;
        }
        if let Some(r) = self.subs[i].received.rfind_mut(|r| r.seq == seq) {
            r.acked_at = Some(self.now);
        }
        self.send_to_broker(p, Command::Ack { sub, seq });
        if record {
            let client = self.procs[p].client_id.clone();
            let label = self.subs[i].label.clone();
            self.record(
                p,
                TraceKind::Ack {
                    client,
                    sub: label,
                    seq,
                },
            );
        }
    }

    fn client_timer(&mut self, p: ProcId, t: ClientTimer) {
        if self
            .procs
            .get(p)
            .is_none_or(|pr| pr.state == ProcState::Killed)
        {
            return;
        }
        match t {
            ClientTimer::AckLater { sub, seq } => self.send_ack(sub, seq, true),
            ClientTimer::Process {
                sub,
                seq,
                subject,
                data,
            } => self.process(p, sub, seq, &subject, &data),
            ClientTimer::RequestTimeout(req) => {
                let Some(r) = self.finish(req) else { return };
                let client = self.procs[p].client_id.clone();
                match r.kind {
                    ReqKind::Connect => {
                        self.procs[p].state = ProcState::Failed;
                        self.record(
                            p,
                            TraceKind::ConnectError {
                                client,
                                error: ERR_CONNECT_TIMEOUT.into(),
                            },
                        );
                    }
                    ReqKind::Subscribe(i) => self.sub_failed(i, ERR_SUBSCRIBE_TIMEOUT.into()),
                    ReqKind::Publish { subject, data } => self.record(
                        p,
                        TraceKind::PubAck {
                            client,
                            subject,
                            data,
                            error: Some(ERR_PUB_ACK_TIMEOUT.into()),
                        },
                    ),
                    ReqKind::Close => self.mark_closed(p),
                    ReqKind::SubRemove => {}
                }
            }
        }
    }

    /// A service's business logic runs on a message and writes to its database.
    fn process(&mut self, p: ProcId, i: usize, seq: u64, subject: &str, data: &str) {
        let Some(spec) = self.subs[i].handler.app.clone() else {
            return;
        };
        let db = self.dbs.get_or_default(spec.db().to_string());
        let out = app::handle(&spec, db, subject, data);
        let manual = self.subs[i].spec.manual_ack;
        if manual && out.ack {
            self.send_ack(i, seq, true);
        }
        self.db_log.push(DbNote {
            t: self.now,
            db: spec.db().to_string(),
            proc: p,
            seq,
            applied: out.applied,
            acked: out.ack || !manual,
            note: out.note,
        });
    }

    // ---------------------------------------------------------------- operations

    /// `nats.connect(cluster_id, client_id)` in a new process. The cluster id defaults to the server's.
    pub fn connect(&mut self, client_id: &str, cluster_id: Option<&str>) -> (ProcId, ReqId) {
        let p = self.procs.len();
        self.procs.push(Proc {
            client_id: client_id.to_string(),
            state: ProcState::Connecting,
            subs: Vec::new(),
            connected_as: None,
        });
        let cluster_id = cluster_id
            .unwrap_or(&self.broker.options().cluster_id)
            .to_string();
        let req = self.new_request(p, ReqKind::Connect, CONNECT_TIMEOUT_MS);
        let thrown = if client_id.is_empty() {
            Some(ERR_NO_CLIENT_ID)
        } else if cluster_id.is_empty() {
            Some(ERR_NO_CLUSTER_ID)
        } else {
            None
        };
        if let Some(error) = thrown {
            self.finish(req);
            self.procs[p].state = ProcState::Failed;
            self.record(
                p,
                TraceKind::ConnectError {
                    client: client_id.to_string(),
                    error: error.into(),
                },
            );
            return (p, req);
        }
        self.send_to_broker(
            p,
            Command::Connect {
                req,
                cluster_id,
                client_id: client_id.to_string(),
            },
        );
        (p, req)
    }

    /// A process that has not connected (yet): its requests fail with `stan: Connection closed`.
    pub fn unconnected_proc(&mut self, client_id: &str) -> ProcId {
        self.procs.push(Proc {
            client_id: client_id.to_string(),
            state: ProcState::Failed,
            subs: Vec::new(),
            connected_as: None,
        });
        self.procs.len() - 1
    }

    /// `stan.subscribe(subject, queue, opts)` with a handler; `label` names it in the trace.
    pub fn subscribe(
        &mut self,
        p: ProcId,
        label: &str,
        spec: SubSpec,
        handler: Handler,
    ) -> Option<ReqId> {
        let i = self.subs.len();
        self.subs.push(SimSub {
            label: label.to_string(),
            proc: p,
            spec: spec.clone(),
            handler,
            state: SubState::Subscribing,
            seen: Default::default(),
            failed_once: Default::default(),
            received: Chunked::new(),
        });
        let Some(conn) = self
            .procs
            .get(p)
            .filter(|pr| pr.is_connected())
            .and_then(Proc::conn)
        else {
            self.sub_failed(i, ERR_CONNECTION_CLOSED.into());
            return None;
        };
        self.procs[p].subs.push(i);
        let thrown = if spec.subject.is_empty() {
            Some(ERR_NO_SUBJECT)
        } else if spec.ack_wait_ms % 1000 != 0 {
            Some(ERR_ACK_WAIT_ASSERTION)
        } else {
            None
        };
        if let Some(error) = thrown {
            self.sub_failed(i, error.into());
            return None;
        }
        let req = self.new_request(p, ReqKind::Subscribe(i), CONNECT_TIMEOUT_MS);
        let request = SubscribeRequest {
            subject: spec.subject.clone(),
            queue: spec.queue.clone(),
            durable: spec.durable.clone(),
            max_in_flight: spec.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT),
            ack_wait_secs: spec.ack_wait_ms / 1000,
            start: spec.start.clone(),
        };
        self.send_to_broker(p, Command::Subscribe { req, conn, request });
        Some(req)
    }

    /// `stan.publish(subject, data, cb)`.
    pub fn publish(&mut self, p: ProcId, subject: &str, data: &str) -> ReqId {
        let kind = ReqKind::Publish {
            subject: subject.to_string(),
            data: data.to_string(),
        };
        let req = self.new_request(p, kind, PUB_ACK_TIMEOUT_MS);
        let conn = self
            .procs
            .get(p)
            .filter(|pr| pr.is_connected())
            .and_then(Proc::conn);
        let error = match conn {
            None => Some(ERR_CONNECTION_CLOSED),
            Some(_) if data.len() as u64 > self.broker.options().max_payload => {
                Some(ERR_MAX_PAYLOAD)
            }
            Some(_) => None,
        };
        match (conn, error) {
            (Some(conn), None) => self.send_to_broker(
                p,
                Command::Publish {
                    req,
                    conn,
                    subject: subject.to_string(),
                    data: Arc::from(data),
                },
            ),
            (_, error) => {
                self.finish(req);
                let client = self
                    .procs
                    .get(p)
                    .map(|pr| pr.client_id.clone())
                    .unwrap_or_default();
                self.record(
                    p,
                    TraceKind::PubAck {
                        client,
                        subject: subject.to_string(),
                        data: data.to_string(),
                        error: error.map(str::to_string),
                    },
                );
            }
        }
        req
    }

    fn remove_sub(&mut self, label: &str, unsubscribe: bool) -> Option<ReqId> {
        let i = self.sub_index(label)?;
        let p = self.subs[i].proc;
        let sub = self.subs[i].sub_id()?;
        let conn = self.procs[p]
            .conn()
            .filter(|_| self.procs[p].is_connected())?;
        // isClosed() is true at once: later messages are dropped, acks become no-ops.
        self.subs[i].state = SubState::Closed;
        let req = self.new_request(p, ReqKind::SubRemove, CONNECT_TIMEOUT_MS);
        let cmd = if unsubscribe {
            Command::Unsubscribe { req, conn, sub }
        } else {
            Command::SubClose { req, conn, sub }
        };
        self.send_to_broker(p, cmd);
        Some(req)
    }

    /// `subscription.unsubscribe()`.
    pub fn unsubscribe(&mut self, label: &str) -> Option<ReqId> {
        self.remove_sub(label, true)
    }

    /// `subscription.close()`.
    pub fn sub_close(&mut self, label: &str) -> Option<ReqId> {
        self.remove_sub(label, false)
    }

    /// `stan.close()`: pending publishes fail with `stan: Connection closed`, then the close request.
    pub fn close(&mut self, p: ProcId) -> Option<ReqId> {
        let conn = self
            .procs
            .get(p)
            .filter(|pr| pr.is_connected())
            .and_then(Proc::conn)?;
        // In the order they were made (the map is ordered by id).
        let outstanding: Vec<ReqId> = self
            .requests
            .iter()
            .filter(|(_, r)| r.proc == p && matches!(r.kind, ReqKind::Publish { .. }))
            .map(|(id, _)| *id)
            .collect();
        for req in outstanding {
            self.publish_done(p, req, Some(ERR_CONNECTION_CLOSED.into()));
        }
        self.procs[p].state = ProcState::Closing(conn);
        let req = self.new_request(p, ReqKind::Close, CONNECT_TIMEOUT_MS);
        self.send_to_broker(p, Command::Close { req, conn });
        Some(req)
    }

    /// SIGKILL: the process stops at once, without a word to the server.
    pub fn kill(&mut self, p: ProcId) {
        if let Some(pr) = self.procs.get_mut(p) {
            pr.state = ProcState::Killed;
        }
    }

    /// A person presses "ack" on a message in the playground.
    pub fn ack(&mut self, label: &str, seq: u64) {
        if let Some(i) = self.sub_index(label) {
            self.send_ack(i, seq, true);
        }
    }

    /// A fresh random client id, as `randomBytes(4).toString('hex')`.
    pub fn random_client_id(&mut self) -> String {
        self.rng.hex_id()
    }
}
