//! Runs a scenario (FORMAT.md) against the simulation.
//!
//! Steps run in file order; a step starts at `max(at, end of the previous step)` and ends when
//! its reply is in (connect, subscribe, publish, close, monitor) or at once (the others).
//! The same engine serves the headless runner, the conformance tests and the playground,
//! which feeds it steps as a learner acts and advances it with the virtual clock.

use super::client::ProcId;
use super::scenario::{Op, Scenario, Step};
use super::trace::{TraceEvent, TraceKind};
use super::world::{Sim, SimConfig};
use crate::broker::{Millis, ReqId};
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct RunConfig {
    pub sim: SimConfig,
}

/// The step in progress, if it waits for something.
#[derive(Clone, Debug)]
enum Waiting {
    Reply(ReqId),
    /// A monitoring GET sent at `sent`: the server answers one hop later, the body lands one
    /// more hop later.
    Monitor {
        path: String,
        sent: Millis,
        body: Option<serde_json::Value>,
    },
}

#[derive(Clone, Debug)]
pub struct Runner {
    pub sim: Sim,
    /// The scenario's client names -> the process currently behind each.
    clients: VecMap<String, ProcId>,
    /// Steps started so far.
    next_step: usize,
    waiting: Option<Waiting>,
    /// When the previous step ended.
    ready_at: Millis,
    /// Connections made by each step that named a panel: (panel, process).
    connects: Vec<(Option<u32>, ProcId)>,
}

impl Runner {
    pub fn new(scenario: &Scenario, cfg: &RunConfig) -> Self {
        Self {
            sim: Sim::new(scenario.server.clone(), cfg.sim.clone()),
            clients: VecMap::new(),
            next_step: 0,
            waiting: None,
            ready_at: 0,
            connects: Vec::new(),
        }
    }

    pub fn client(&self, name: &str) -> Option<ProcId> {
        self.clients.get(name).copied()
    }

    /// How many steps have started.
    pub fn steps_started(&self) -> usize {
        self.next_step
    }

    /// Whether the current step still waits for its reply.
    pub fn is_waiting(&self) -> bool {
        self.waiting.is_some()
    }

    /// The processes connected on behalf of each panel, oldest first.
    pub fn connects(&self) -> &[(Option<u32>, ProcId)] {
        &self.connects
    }

    /// The process behind a client name; one that never connected gets a process that is not
    /// connected, so its requests fail the way the client library fails them.
    fn proc_for(&mut self, name: &str) -> ProcId {
        match self.clients.get(name) {
            Some(&p) => p,
            None => {
                let p = self.sim.unconnected_proc(name);
                self.clients.insert(name.to_string(), p);
                p
            }
        }
    }

    /// Starts one step now; returns what it waits for.
    fn start(&mut self, op: &Op, panel: Option<u32>) -> Option<Waiting> {
        match op {
            Op::Connect { client, cluster_id } => {
                let (p, req) = self.sim.connect(client, cluster_id.as_deref());
                self.connects.push((panel, p));
                // Until the reply, the name keeps meaning the process it meant before.
                if !self.clients.contains_key(client) {
                    self.clients.insert(client.clone(), p);
                }
                Some(Waiting::Reply(req))
            }
            Op::Subscribe {
                client,
                sub,
                spec,
                handler,
            } => {
                let p = self.proc_for(client);
                self.sim
                    .subscribe(p, sub, (**spec).clone(), (**handler).clone())
                    .map(Waiting::Reply)
            }
            Op::Publish {
                client,
                subject,
                data,
            } => {
                let p = self.proc_for(client);
                Some(Waiting::Reply(self.sim.publish(p, subject, data)))
            }
            Op::Unsubscribe { sub } => {
                self.sim.unsubscribe(sub);
                None
            }
            Op::SubClose { sub } => {
                self.sim.sub_close(sub);
                None
            }
            Op::Close { client } => {
                let p = self.proc_for(client);
                self.sim.close(p).map(Waiting::Reply)
            }
            Op::Kill { client } => {
                let p = self.proc_for(client);
                self.sim.kill(p);
                None
            }
            Op::Monitor { path } => Some(Waiting::Monitor {
                path: path.clone(),
                sent: self.sim.now(),
                body: None,
            }),
            Op::Ack { sub, seq } => {
                self.sim.ack(sub, *seq);
                None
            }
        }
    }

    /// A connect that succeeded makes its process the one behind the client name.
    fn on_step_done(&mut self, op: &Op) {
        if let Op::Connect { client, .. } = op {
            if let Some(&(_, p)) = self.connects.last() {
                if self.sim.proc(p).is_some_and(|pr| pr.is_connected()) {
                    self.clients.insert(client.clone(), p);
                }
            }
        }
        self.ready_at = self.sim.now();
    }

    /// When this runner next has something to do for these steps, if anything.
    pub fn next_wake(&self, steps: &[Step]) -> Option<Millis> {
        let latency = self.sim.config().latency_ms;
        match &self.waiting {
            Some(Waiting::Reply(_)) => self.sim.next_time(),
            Some(Waiting::Monitor {
                sent, body: None, ..
            }) => Some(sent + latency),
            Some(Waiting::Monitor { sent, .. }) => Some(sent + 2 * latency),
            None => steps
                .get(self.next_step)
                .map(|s| s.at.max(self.ready_at).max(self.sim.now())),
        }
    }

    /// Advances to virtual time `t`, starting the steps that come due and waiting for their
    /// replies on the way.
    pub fn advance(&mut self, steps: &[Step], t: Millis) {
        let latency = self.sim.config().latency_ms;
        loop {
            match self.waiting.take() {
                Some(Waiting::Reply(req)) => {
                    if self.sim.request_done(req) {
                        self.finish_current(steps);
                        continue;
                    }
                    match self.sim.next_time() {
                        Some(n) if n <= t => {
                            self.waiting = Some(Waiting::Reply(req));
                            self.sim.step();
                        }
                        _ => {
                            self.waiting = Some(Waiting::Reply(req));
                            break;
                        }
                    }
                }
                Some(Waiting::Monitor { path, sent, body }) => {
                    let (due, next) = match body {
                        None => (sent + latency, None),
                        Some(b) => (sent + 2 * latency, Some(b)),
                    };
                    if due > t {
                        self.waiting = Some(Waiting::Monitor {
                            path,
                            sent,
                            body: next,
                        });
                        break;
                    }
                    self.sim.run_until(due);
                    match next {
                        None => {
                            let b = self.sim.monitor(&path).unwrap_or_else(|e| e.recorded());
                            self.waiting = Some(Waiting::Monitor {
                                path,
                                sent,
                                body: Some(b),
                            });
                        }
                        Some(b) => {
                            self.sim.push_trace(TraceEvent {
                                t: self.sim.now() as f64,
                                kind: TraceKind::Monitor { path, body: b },
                                proc: None,
                            });
                            self.finish_current(steps);
                        }
                    }
                }
                None => {
                    let Some(step) = steps.get(self.next_step) else {
                        break;
                    };
                    let start = step.at.max(self.ready_at).max(self.sim.now());
                    if start > t {
                        break;
                    }
                    self.sim.run_until(start);
                    self.next_step += 1;
                    self.waiting = self.start(&step.op, step.panel);
                    if self.waiting.is_none() {
                        self.on_step_done(&step.op);
                    }
                }
            }
        }
        if self.waiting.is_none() || matches!(self.waiting, Some(Waiting::Reply(_))) {
            self.sim.run_until(t.max(self.sim.now()));
        }
    }

    fn finish_current(&mut self, steps: &[Step]) {
        if let Some(step) = self.next_step.checked_sub(1).and_then(|i| steps.get(i)) {
            self.on_step_done(&step.op);
        }
    }

    /// Runs one step at once and waits for it (for tests that drive the simulation by hand).
    pub fn apply(&mut self, op: &Op) {
        let steps = [Step {
            at: self.sim.now(),
            op: op.clone(),
            panel: None,
        }];
        let started = self.next_step;
        self.next_step = 0;
        self.waiting = None;
        self.ready_at = self.sim.now();
        while let Some(w) = self.next_wake(&steps) {
            self.advance(&steps, w);
        }
        self.next_step = started;
    }
}

/// Runs the whole scenario and returns the trace.
pub fn run_scenario(scenario: &Scenario, cfg: &RunConfig) -> Vec<TraceEvent> {
    let mut r = Runner::new(scenario, cfg);
    while let Some(w) = r.next_wake(&scenario.steps) {
        r.advance(&scenario.steps, w);
    }
    let end = scenario.end_ms.max(r.sim.now());
    r.sim.run_until(end);
    r.sim.trace().to_vec()
}
