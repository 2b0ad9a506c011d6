//! Runs a scenario (FORMAT.md) and returns its trace.
//!
//! Steps run in file order; a step starts at `max(at, end of the previous step)` and ends when
//! its reply is in (connect, subscribe, publish, close, monitor) or at once (the others).

use super::client::ProcId;
use super::handler::Handler;
use super::scenario::{Op, Scenario};
use super::trace::{TraceEvent, TraceKind};
use super::world::{Sim, SimConfig};
use crate::broker::ReqId;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct RunConfig {
    pub sim: SimConfig,
}

/// Drives a [`Sim`] through a scenario's steps, one at a time (also used step by step by the UI).
#[derive(Clone, Debug)]
pub struct Runner {
    pub sim: Sim,
    /// The scenario's client names -> the process currently behind each.
    clients: HashMap<String, ProcId>,
}

impl Runner {
    pub fn new(scenario: &Scenario, cfg: &RunConfig) -> Self {
        Self {
            sim: Sim::new(scenario.server.clone(), cfg.sim.clone()),
            clients: HashMap::new(),
        }
    }

    pub fn client(&self, name: &str) -> Option<ProcId> {
        self.clients.get(name).copied()
    }

    /// Runs until `req` is answered (every request has a client-side timeout, so this ends).
    fn wait(&mut self, req: Option<ReqId>) {
        let Some(req) = req else { return };
        while !self.sim.request_done(req) {
            if !self.sim.step() {
                break;
            }
        }
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

    /// Runs one step starting now (the caller has advanced the clock to its start).
    pub fn apply(&mut self, op: &Op) {
        let latency = self.sim.config().latency_ms;
        match op {
            Op::Connect { client, cluster_id } => {
                let (p, req) = self.sim.connect(client, cluster_id.as_deref());
                self.wait(Some(req));
                let connected = self.sim.proc(p).is_some_and(|pr| pr.is_connected());
                if connected || !self.clients.contains_key(client) {
                    self.clients.insert(client.clone(), p);
                }
            }
            Op::Subscribe { client, sub, spec } => {
                let p = self.proc_for(client);
                let handler = Handler {
                    ack: spec.ack.clone(),
                    ..Handler::default()
                };
                let req = self.sim.subscribe(p, sub, spec.clone(), handler);
                self.wait(req);
            }
            Op::Publish {
                client,
                subject,
                data,
            } => {
                let p = self.proc_for(client);
                let req = self.sim.publish(p, subject, data);
                self.wait(Some(req));
            }
            Op::Unsubscribe { sub } => {
                self.sim.unsubscribe(sub);
            }
            Op::SubClose { sub } => {
                self.sim.sub_close(sub);
            }
            Op::Close { client } => {
                let p = self.proc_for(client);
                let req = self.sim.close(p);
                self.wait(req);
            }
            Op::Kill { client } => {
                let p = self.proc_for(client);
                self.sim.kill(p);
            }
            Op::Monitor { path } => {
                // The request reaches the server one hop later; the answer lands one more hop later.
                let t = self.sim.now();
                self.sim.run_until(t + latency);
                let body = match self.sim.monitor(path) {
                    Ok(v) => v,
                    Err(e) => serde_json::Value::String(e.body),
                };
                self.sim.run_until(t + 2 * latency);
                self.record_monitor(path, body);
            }
        }
    }

    fn record_monitor(&mut self, path: &str, body: serde_json::Value) {
        self.sim.push_trace(TraceEvent {
            t: self.sim.now() as f64,
            kind: TraceKind::Monitor {
                path: path.to_string(),
                body,
            },
            proc: None,
        });
    }
}

/// Runs the whole scenario and returns the trace.
pub fn run_scenario(scenario: &Scenario, cfg: &RunConfig) -> Vec<TraceEvent> {
    let mut r = Runner::new(scenario, cfg);
    for step in &scenario.steps {
        let start = step.at.max(r.sim.now());
        r.sim.run_until(start);
        r.apply(&step.op);
    }
    let end = scenario.end_ms.max(r.sim.now());
    r.sim.run_until(end);
    r.sim.trace().to_vec()
}
