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

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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
///
/// A bottom-up merge sort written out: the standard library's stable sort would be a
/// second sort algorithm in the wasm (about 4 KB of code) for this one use.
pub fn in_time_order(marks: &mut [Mark]) {
    let n = marks.len();
    if n < 2 {
        return;
    }
    let mut buf = marks.to_vec();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut buf[lo..hi] {
                // `<=`: at the same time the left run's mark (the earlier one) goes first.
                if i < mid && (j >= hi || marks[i].t <= marks[j].t) {
                    *slot = marks[i];
                    i += 1;
                } else {
                    *slot = marks[j];
                    j += 1;
                }
            }
            lo = hi;
        }
        marks.copy_from_slice(&buf);
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_order_is_stable_like_the_standard_sort() {
        let kinds = [
            MarkKind::Kill,
            MarkKind::HeartbeatFailure,
            MarkKind::ClientRemoved,
        ];
        for n in 0..70u64 {
            let mut marks: Vec<Mark> = (0..n)
                .map(|i| Mark {
                    t: (i * 7919 + n * 31) % 13,
                    kind: kinds[(i % 3) as usize],
                })
                .collect();
            let mut want = marks.clone();
            want.sort_by_key(|m| m.t);
            in_time_order(&mut marks);
            assert_eq!(marks, want, "{n} marks");
        }
    }
}
