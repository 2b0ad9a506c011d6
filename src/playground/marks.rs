//! Timeline marks: publishes, redeliveries, kills and heartbeat failures.

use crate::broker::{Event, Millis, RemovalReason};
use crate::sim::{LogEntry, Sim, TraceEvent, TraceKind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    Publish,
    Redelivery,
    HeartbeatFailure,
    ClientRemoved,
    Kill,
}

impl MarkKind {
    /// One letter for the timeline (never colour alone).
    pub fn letter(self) -> &'static str {
        match self {
            MarkKind::Publish => "p",
            MarkKind::Redelivery => "r",
            MarkKind::HeartbeatFailure => "h",
            MarkKind::ClientRemoved => "x",
            MarkKind::Kill => "k",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub t: Millis,
    pub kind: MarkKind,
}

/// Marks seen so far in a simulation (kills come from the inputs, see `Playground::marks`).
pub fn sim_marks(sim: &Sim) -> Vec<Mark> {
    marks_in(sim.trace().iter(), sim.log().iter())
}

/// Marks in a part of a trace and of the broker's log.
pub fn marks_in<'a>(
    trace: impl Iterator<Item = &'a TraceEvent>,
    log: impl Iterator<Item = &'a LogEntry>,
) -> Vec<Mark> {
    let mut out: Vec<Mark> = trace
        .filter_map(|e| {
            match &e.kind {
                TraceKind::PubAck { error: None, .. } => Some(MarkKind::Publish),
                TraceKind::Deliver {
                    redelivered: true, ..
                } => Some(MarkKind::Redelivery),
                _ => None,
            }
            .map(|kind| Mark {
                t: e.t as Millis,
                kind,
            })
        })
        .collect();
    out.extend(log.filter_map(|l| match &l.event {
        Event::HeartbeatMissed { .. } => Some(Mark {
            t: l.t,
            kind: MarkKind::HeartbeatFailure,
        }),
        Event::ClientRemoved {
            reason: RemovalReason::HeartbeatsFailed | RemovalReason::Replaced,
            ..
        } => Some(Mark {
            t: l.t,
            kind: MarkKind::ClientRemoved,
        }),
        _ => None,
    }));
    in_time_order(&mut out);
    out
}

/// Sorts marks by time, keeping the order of marks at the same time.
pub fn in_time_order(marks: &mut [Mark]) {
    marks.sort_by_key(|m| m.t);
}
