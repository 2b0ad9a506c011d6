//! The concurrency lab's services as their own machine: a listener with business logic hands
//! each message over with [`Lab::start`]; the work finishes [`super::app`]'s handler after
//! its processing time ([`Lab::next_deadline`], [`Lab::poll`]) and writes to the shared
//! databases, which [`Lab::finish`] records as the lab's database panel shows them.

use super::app::{self, AppSpec, Db};
use super::client::ProcId;
use super::net::Due;
use crate::broker::Millis;
use crate::vecmap::VecMap;
use std::sync::Arc;

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

/// A service working on one message.
#[derive(Clone, Debug)]
pub struct Job {
    pub proc: ProcId,
    /// The simulation's subscription (index) that received it.
    pub sub: usize,
    pub seq: u64,
    pub app: AppSpec,
    /// The subscription acks by hand: the service acks once its write is done.
    pub manual_ack: bool,
    pub subject: Arc<str>,
    pub data: Arc<str>,
}

#[derive(Clone, Debug, Default)]
pub struct Lab {
    dbs: VecMap<String, Db>,
    notes: Vec<DbNote>,
    /// Work in progress by (due, order): a sorted vector (a few entries).
    work: VecMap<Due, Job>,
}

impl Lab {
    /// The databases, by name.
    pub fn dbs(&self) -> &VecMap<String, Db> {
        &self.dbs
    }

    pub fn notes(&self) -> &[DbNote] {
        &self.notes
    }

    /// A service starts on a message; its write is due at `due`.
    pub fn start(&mut self, due: Due, job: Job) {
        self.work.insert(due, job);
    }

    /// A service's write failed at once (the handler threw).
    pub fn failed(&mut self, now: Millis, proc: ProcId, seq: u64, app: &AppSpec, acked: bool) {
        self.notes.push(DbNote {
            t: now,
            db: app.db().to_string(),
            proc,
            seq,
            applied: false,
            acked,
            note: format!(
                "#{seq}: the write failed{}",
                if acked {
                    " (already acked: lost)"
                } else {
                    "; not acked"
                }
            ),
        });
    }

    /// When the next piece of work finishes, and its order.
    pub fn next_deadline(&self) -> Option<Due> {
        self.work.keys().next().copied()
    }

    /// The next piece of work done by `now`.
    pub fn poll(&mut self, now: Millis) -> Option<Job> {
        if self.next_deadline()?.0 > now {
            return None;
        }
        self.work.pop_first().map(|(_, j)| j)
    }

    /// Runs the business logic of a finished job on its database; true if the service now
    /// acks the message (a manual-ack subscription whose handler decided to ack).
    pub fn finish(&mut self, now: Millis, job: &Job) -> bool {
        let db = self.dbs.get_or_default(job.app.db().to_string());
        let out = app::handle(&job.app, db, &job.subject, &job.data);
        self.notes.push(DbNote {
            t: now,
            db: job.app.db().to_string(),
            proc: job.proc,
            seq: job.seq,
            applied: out.applied,
            acked: out.ack || !job.manual_ack,
            note: out.note,
        });
        job.manual_ack && out.ack
    }
}
