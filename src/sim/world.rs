//! The simulated world: one broker, the client processes, the lab's services and the network
//! between them, each its own machine with the broker's handle / poll / next-deadline shape,
//! and one loop that runs whichever is due first on the virtual clock. Deterministic: same
//! inputs and seed, same run.

use super::app::Db;
use super::client::{Proc, ProcId, SimSub};
use super::clients::{Clients, Output, Route};
use super::clock::Clock;
use super::handler::Handler;
use super::lab::{DbNote, Lab};
use super::net::{Due, Network};
use super::packet::{InFlight, Packet};
use super::recorder::{LogEntry, Recorder};
use super::scenario::SubSpec;
use super::trace::TraceEvent;
use crate::broker::monitor::MonitorError;
use crate::broker::{Broker, Millis, ReqId, ServerOptions};
use crate::chunked::Chunked;
use crate::vecmap::VecMap;

pub use super::clients::{
    CONNECT_TIMEOUT_MS, DEFAULT_MAX_IN_FLIGHT, ERR_ACK_WAIT_ASSERTION, ERR_CONNECTION_CLOSED,
    ERR_CONNECT_TIMEOUT, ERR_MAX_PAYLOAD, ERR_NO_CLIENT_ID, ERR_NO_CLUSTER_ID, ERR_NO_SUBJECT,
    ERR_PUB_ACK_TIMEOUT, ERR_SUBSCRIBE_TIMEOUT, PUB_ACK_TIMEOUT_MS,
};

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

/// The machine whose entry is due first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    Broker,
    Net,
    Clients,
    Lab,
}

#[derive(Clone, Debug)]
pub struct Sim {
    broker: Broker,
    cfg: SimConfig,
    clock: Clock,
    net: Network,
    pub(super) clients: Clients,
    lab: Lab,
    pub(super) recorder: Recorder,
    /// The work budget of a run of outside input (`budget.rs`); `None` for a learner's run.
    pub(super) meter: Option<Box<super::budget::Meter>>,
}

impl Sim {
    pub fn new(opts: ServerOptions, cfg: SimConfig) -> Self {
        let clients = Clients::new(cfg.seed, opts.cluster_id.clone(), opts.max_payload);
        Self {
            broker: Broker::new(opts),
            net: Network::new(cfg.latency_ms),
            cfg,
            clock: Clock::default(),
            clients,
            lab: Lab::default(),
            recorder: Recorder::default(),
            meter: None,
        }
    }

    // ---------------------------------------------------------------- reading

    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// The server, read-only: everything above the simulation reads it, nothing drives it.
    pub fn broker(&self) -> &Broker {
        &self.broker
    }

    pub fn trace(&self) -> &Chunked<TraceEvent> {
        self.recorder.trace()
    }

    pub fn log(&self) -> &Chunked<LogEntry> {
        self.recorder.log()
    }

    /// The lab's databases, by name.
    pub fn dbs(&self) -> &VecMap<String, Db> {
        self.lab.dbs()
    }

    pub fn db_log(&self) -> &[DbNote] {
        self.lab.notes()
    }

    pub fn procs(&self) -> &[Proc] {
        self.clients.procs()
    }

    pub fn proc(&self, id: ProcId) -> Option<&Proc> {
        self.clients.proc(id)
    }

    pub fn subs(&self) -> &[SimSub] {
        self.clients.subs()
    }

    pub fn sub_index(&self, label: &str) -> Option<usize> {
        self.clients.sub_index(label)
    }

    /// Packets and timers waiting on the wire.
    pub fn wire_len(&self) -> usize {
        self.net.len()
    }

    pub fn request_done(&self, req: ReqId) -> bool {
        self.clients.request_done(req)
    }

    /// Packets on the wire at the current time.
    pub fn in_flight(&self) -> Vec<InFlight> {
        self.net.in_flight()
    }

    /// Which machine is due first, and when: the broker's timers go before anything else due
    /// at the same moment; the others in the order their entries were made.
    fn next(&self) -> Option<(Millis, Next)> {
        let mut first: Option<(Due, Next)> = self.net.next_deadline().map(|d| (d, Next::Net));
        for (due, m) in [
            (self.clients.next_deadline(), Next::Clients),
            (self.lab.next_deadline(), Next::Lab),
        ] {
            if let Some(d) = due {
                if first.is_none_or(|(f, _)| d < f) {
                    first = Some((d, m));
                }
            }
        }
        match (self.broker.next_deadline(), first) {
            (Some(b), Some(((at, _), _))) if b <= at => Some((b, Next::Broker)),
            (Some(b), None) => Some((b, Next::Broker)),
            (_, Some(((at, _), m))) => Some((at, m)),
            (None, None) => None,
        }
    }

    /// What is due first, unless a work budget stopped the run.
    fn due(&self) -> Option<(Millis, Next)> {
        if self.budget_halted() {
            return None;
        }
        self.next()
    }

    /// When something next happens (a packet lands, a timer fires, a service's work ends).
    pub fn next_time(&self) -> Option<Millis> {
        if self.budget_halted() {
            return None;
        }
        self.due().map(|(t, _)| t)
    }

    pub fn monitor(&self, path: &str) -> Result<serde_json::Value, MonitorError> {
        self.broker.monitor(path)
    }

    /// The recorded history (trace and log).
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    // ---------------------------------------------------------------- running

    /// Processes everything due by `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Millis) {
        while let Some((n, m)) = self.due() {
            if n > t {
                break;
            }
            self.step_at(n, m);
        }
        if self.budget_halted() {
            return;
        }
        self.clock.advance_to(t);
        self.broker.handle_timeout(self.clock.now());
        self.route();
    }

    /// Processes the next single happening; false when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        match self.due() {
            Some((n, m)) => {
                self.step_at(n, m);
                true
            }
            None => false,
        }
    }

    /// Runs the entry due first (at `n`, held by `m`).
    fn step_at(&mut self, n: Millis, m: Next) {
        if !self.budget_allows_step() {
            return;
        }
        self.clock.advance_to(n);
        let now = self.clock.now();
        match m {
            Next::Broker => {
                self.broker.handle_timeout(now);
                self.route();
            }
            Next::Net => match self.net.poll(now) {
                Some(Packet::ToBroker(_, cmd)) => {
                    self.broker.handle(now, cmd);
                    self.route();
                }
                Some(Packet::ToClient(p, ev)) => {
                    self.clients.handle(&mut self.clock, p, ev);
                    self.drain();
                }
                None => {}
            },
            Next::Clients => {
                self.clients.handle_timeout(&mut self.clock);
                self.drain();
            }
            Next::Lab => {
                if let Some(job) = self.lab.poll(now) {
                    if self.clients.is_alive(job.proc) && self.lab.finish(now, &job) {
                        self.clients.service_ack(&mut self.clock, job.sub, job.seq);
                    }
                    self.drain();
                }
            }
        }
    }

    /// Sends the broker's events on their way to the clients; the rest goes to the log.
    fn route(&mut self) {
        let now = self.clock.now();
        while let Some(ev) = self.broker.poll_event() {
            match self.clients.route(&ev) {
                Route::To(p) => {
                    let order = self.clock.stamp();
                    self.net.send(now, order, Packet::ToClient(p, ev));
                }
                Route::Nobody => {}
                Route::Log => self.recorder.log_event(now, ev),
            }
        }
    }

    /// Takes what the clients produced to the network, the recorder and the lab.
    fn drain(&mut self) {
        let now = self.clock.now();
        while let Some(out) = self.clients.poll_output() {
            match out {
                Output::Send { order, proc, cmd } => {
                    self.net.send(now, order, Packet::ToBroker(proc, cmd))
                }
                Output::Observe { proc, kind } => self.recorder.observe(now, proc, kind),
                Output::Work { due, job } => self.lab.start(due, job),
                Output::WorkFailed {
                    proc,
                    seq,
                    app,
                    acked,
                } => self.lab.failed(now, proc, seq, &app, acked),
            }
        }
    }

    /// Adds an observation made by a driver (a monitoring response).
    pub fn push_trace(&mut self, ev: TraceEvent) {
        self.recorder.push(ev);
    }

    // ---------------------------------------------------------------- operations

    /// `nats.connect(cluster_id, client_id)` in a new process. The cluster id defaults to the server's.
    pub fn connect(&mut self, client_id: &str, cluster_id: Option<&str>) -> (ProcId, ReqId) {
        let r = self.clients.connect(&mut self.clock, client_id, cluster_id);
        self.drain();
        r
    }

    /// A process that has not connected (yet): its requests fail with `stan: Connection closed`.
    pub fn unconnected_proc(&mut self, client_id: &str) -> ProcId {
        self.clients.unconnected_proc(client_id)
    }

    /// `stan.subscribe(subject, queue, opts)` with a handler; `label` names it in the trace.
    pub fn subscribe(
        &mut self,
        p: ProcId,
        label: &str,
        spec: SubSpec,
        handler: Handler,
    ) -> Option<ReqId> {
        let r = self
            .clients
            .subscribe(&mut self.clock, p, label, spec, handler);
        self.drain();
        r
    }

    /// `stan.publish(subject, data, cb)`.
    pub fn publish(&mut self, p: ProcId, subject: &str, data: &str) -> ReqId {
        let r = self.clients.publish(&mut self.clock, p, subject, data);
        self.drain();
        r
    }

    /// `subscription.unsubscribe()`.
    pub fn unsubscribe(&mut self, label: &str) -> Option<ReqId> {
        let r = self.clients.remove_sub(&mut self.clock, label, true);
        self.drain();
        r
    }

    /// `subscription.close()`.
    pub fn sub_close(&mut self, label: &str) -> Option<ReqId> {
        let r = self.clients.remove_sub(&mut self.clock, label, false);
        self.drain();
        r
    }

    /// `stan.close()`: pending publishes fail with `stan: Connection closed`, then the close request.
    pub fn close(&mut self, p: ProcId) -> Option<ReqId> {
        let r = self.clients.close(&mut self.clock, p);
        self.drain();
        r
    }

    /// SIGKILL: the process stops at once, without a word to the server.
    pub fn kill(&mut self, p: ProcId) {
        self.clients.kill(p);
    }

    /// A person presses "ack" on a message in the playground.
    pub fn ack(&mut self, label: &str, seq: u64) {
        self.clients.ack(&mut self.clock, label, seq);
        self.drain();
    }

    /// A fresh random client id, as `randomBytes(4).toString('hex')`.
    pub fn random_client_id(&mut self) -> String {
        self.clients.random_client_id()
    }
}
