//! The client processes as one machine: node-nats-streaming 0.3.2 as each process runs it
//! (connect, subscribe, publish, close and their timeouts, message handlers, acks), with the
//! broker's handle / poll / next-deadline shape. Events from the server come in with
//! [`Clients::handle`], its own timers fire with [`Clients::handle_timeout`], the learner's
//! and the scenario's calls are its other methods; what it sends, observes and hands to a
//! service comes out of [`Clients::poll_output`].

use super::app::AppSpec;
use super::client::{Proc, ProcId, ProcState, Received, SimSub, SubState};
use super::clock::Clock;
use super::handler::{AckPolicy, Handler};
use super::lab::Job;
use super::net::Due;
use super::rng::Rng;
use super::scenario::SubSpec;
use super::trace::TraceKind;
use crate::broker::{Command, ConnId, Event, Millis, ReqId, SubId, SubscribeRequest};
use crate::chunked::Chunked;
use crate::vecmap::VecMap;
use std::collections::VecDeque;
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

mod calls;

#[derive(Clone, Debug)]
enum ClientTimer {
    RequestTimeout(ReqId),
    AckLater { sub: usize, seq: u64 },
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
    /// Where its timeout waits (taken off once the request is answered).
    timer: Due,
}

/// What the clients produce, in the order they produced it.
#[derive(Debug)]
pub enum Output {
    /// A packet for the server, numbered when it was made.
    Send {
        order: u64,
        proc: ProcId,
        cmd: Command,
    },
    /// A process observed something (a trace line).
    Observe { proc: ProcId, kind: TraceKind },
    /// A service starts working on a message; its write is due at `due`.
    Work { due: Due, job: Job },
    /// A service's handler threw on a message before its write.
    WorkFailed {
        proc: ProcId,
        seq: u64,
        app: AppSpec,
        acked: bool,
    },
}

/// Where an event of the broker goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    To(ProcId),
    /// Addressed to a request or connection no process has (any more).
    Nobody,
    /// A fact for observers: no client receives it.
    Log,
}

#[derive(Clone, Debug)]
pub struct Clients {
    /// The server's cluster id (a connect without one uses it) and payload limit.
    cluster_id: String,
    max_payload: u64,
    procs: Vec<Proc>,
    subs: Vec<SimSub>,
    sub_by_id: VecMap<SubId, usize>,
    conn_owner: VecMap<ConnId, ProcId>,
    /// Requests awaiting their answer, by id (ids grow: in the order they were made).
    requests: VecMap<ReqId, Request>,
    next_req: u64,
    /// Timers by (due, order): a few (an answered request's timeout goes at once), so a
    /// sorted vector rather than another B-tree in the wasm.
    timers: VecMap<Due, (ProcId, ClientTimer)>,
    rng: Rng,
    out: Outbox,
}

/// What the clients produced and the simulation has not taken yet. It is taken after every
/// call, so a copy of the machine (a checkpoint) never holds any: copying starts empty, and
/// the wasm has no code to copy packets in the making.
#[derive(Debug, Default)]
struct Outbox(VecDeque<Output>);

impl Clone for Outbox {
    fn clone(&self) -> Self {
        debug_assert!(self.0.is_empty(), "outputs left untaken");
        Outbox::default()
    }
}

impl Clients {
    pub fn new(seed: u64, cluster_id: String, max_payload: u64) -> Self {
        Self {
            cluster_id,
            max_payload,
            procs: Vec::new(),
            subs: Vec::new(),
            sub_by_id: VecMap::new(),
            conn_owner: VecMap::new(),
            requests: VecMap::new(),
            next_req: 0,
            timers: VecMap::new(),
            rng: Rng::new(seed),
            out: Outbox::default(),
        }
    }

    // ---------------------------------------------------------------- reading

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

    pub fn request_done(&self, req: ReqId) -> bool {
        !self.requests.contains_key(&req)
    }

    /// Keeps about the last `n` receipts of each subscription, dropping older ones whole
    /// chunks at a time.
    pub fn keep_receipts(&mut self, n: usize) {
        for s in &mut self.subs {
            s.received.keep_last(n);
        }
    }

    /// Whether the process runs (exists and was not killed).
    pub fn is_alive(&self, p: ProcId) -> bool {
        self.procs
            .get(p)
            .is_some_and(|pr| pr.state != ProcState::Killed)
    }

    // ---------------------------------------------------------------- sans-IO surface

    /// When the next client timer fires, and its order.
    pub fn next_deadline(&self) -> Option<Due> {
        self.timers.keys().next().copied()
    }

    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.0.pop_front()
    }

    /// Which process an event of the broker goes to (a connect's answer makes the
    /// connection that process's).
    pub fn route(&mut self, ev: &Event) -> Route {
        let proc = match ev {
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
            _ => return Route::Log,
        };
        proc.map_or(Route::Nobody, Route::To)
    }

    /// Fires the earliest client timer if it is due by now (one: the simulation's loop
    /// interleaves the machines' entries by their order).
    pub fn handle_timeout(&mut self, clk: &mut Clock) {
        match self.timers.first_key_value() {
            Some((&(at, _), _)) if at <= clk.now() => {}
            _ => return,
        }
        let Some((_, (p, t))) = self.timers.pop_first() else {
            return;
        };
        if !self.is_alive(p) {
            return;
        }
        match t {
            ClientTimer::AckLater { sub, seq } => self.send_ack(clk, sub, seq, true),
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

    /// A service finished its write and its handler acks (manual-ack mode).
    pub fn service_ack(&mut self, clk: &mut Clock, sub: usize, seq: u64) {
        self.send_ack(clk, sub, seq, true);
    }

    fn send(&mut self, clk: &mut Clock, proc: ProcId, cmd: Command) {
        let order = clk.stamp();
        self.out.0.push_back(Output::Send { order, proc, cmd });
    }

    fn record(&mut self, proc: ProcId, kind: TraceKind) {
        self.out.0.push_back(Output::Observe { proc, kind });
    }

    fn arm(&mut self, clk: &mut Clock, at: Millis, p: ProcId, t: ClientTimer) -> Due {
        let due = (at, clk.stamp());
        self.timers.insert(due, (p, t));
        due
    }

    fn new_request(
        &mut self,
        clk: &mut Clock,
        proc: ProcId,
        kind: ReqKind,
        timeout: Millis,
    ) -> ReqId {
        self.next_req += 1;
        let req = ReqId(self.next_req);
        let at = clk.after(timeout);
        let timer = self.arm(clk, at, proc, ClientTimer::RequestTimeout(req));
        self.requests.insert(req, Request { proc, kind, timer });
        req
    }

    /// Marks a request answered (or given up) and forgets it; None if it already was.
    fn finish(&mut self, req: ReqId) -> Option<Request> {
        let r = self.requests.remove(&req)?;
        // An answered request's timeout would fire for nothing: it goes now, so the timers
        // hold what is still to happen, not a publish ack timeout per message.
        self.timers.remove(&r.timer);
        Some(r)
    }

    // ---------------------------------------------------------------- events from the server

    /// An event of the server reaches process `p`.
    // `finish` marks a request answered, so it stays inside the arms rather than in guards.
    #[allow(clippy::collapsible_match)]
    pub fn handle(&mut self, clk: &mut Clock, p: ProcId, ev: Event) {
        if !self.is_alive(p) {
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
            Event::Deliver { sub, msg, .. } => self.on_message(clk, p, sub, msg),
            Event::HeartbeatProbe { conn, probe } => {
                if self.procs[p].conn() == Some(conn) {
                    self.send(clk, p, Command::HeartbeatReply { conn, probe });
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

    fn on_message(&mut self, clk: &mut Clock, p: ProcId, sub: SubId, msg: crate::broker::Delivery) {
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
                client,
                sub: label,
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
        let now = clk.now();
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
            t: now,
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
                self.send_ack(clk, i, msg.seq, false);
            }
            if failed {
                self.out.0.push_back(Output::WorkFailed {
                    proc: p,
                    seq: msg.seq,
                    app,
                    acked: !manual,
                });
                return;
            }
            let due = (clk.after(processing_ms), clk.stamp());
            let job = Job {
                proc: p,
                sub: i,
                seq: msg.seq,
                app,
                manual_ack: manual,
                subject: msg.subject,
                data: msg.data,
            };
            self.out.0.push_back(Output::Work { due, job });
            return;
        }
        if failed {
            // A throwing handler: no ack, even in auto-ack mode.
            return;
        }
        if !s.spec.manual_ack {
            self.send_ack(clk, i, msg.seq, false);
            return;
        }
        match s.handler.ack.clone() {
            AckPolicy::Immediate => self.send_ack(clk, i, msg.seq, true),
            AckPolicy::OnDelivery(n) if seen >= n => self.send_ack(clk, i, msg.seq, true),
            AckPolicy::AfterMs(ms) => {
                let at = clk.after(ms);
                self.arm(
                    clk,
                    at,
                    p,
                    ClientTimer::AckLater {
                        sub: i,
                        seq: msg.seq,
                    },
                );
            }
            _ => {}
        }
    }

    /// `msg.ack()`: a no-op once the subscription is closed.
    fn send_ack(&mut self, clk: &mut Clock, i: usize, seq: u64, record: bool) {
        let p = self.subs[i].proc;
        let Some(sub) = self.subs[i].sub_id() else {
            return;
        };
        if !self.procs[p].is_connected() {
            return;
        }
        let now = clk.now();
        if let Some(r) = self.subs[i].received.rfind_mut(|r| r.seq == seq) {
            r.acked_at = Some(now);
        }
        self.send(clk, p, Command::Ack { sub, seq });
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
}
