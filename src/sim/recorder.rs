//! The trace recorder: what the clients observed (the trace, FORMAT.md) and what the broker
//! did that no client sees (its log, for timelines and narration). Both are stored in chunks
//! behind `Arc`s, so a copy of the simulation shares the history instead of copying it.

use super::client::ProcId;
use super::trace::{TraceEvent, TraceKind};
use crate::broker::{Event, Millis};
use crate::chunked::Chunked;

/// Something the broker did that no client sees, kept for timelines and narration.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub t: Millis,
    pub event: Event,
}

#[derive(Clone, Debug, Default)]
pub struct Recorder {
    trace: Chunked<TraceEvent>,
    log: Chunked<LogEntry>,
    /// In a checkpoint: how long the trace and the log were. The history itself is not
    /// copied: it is taken back from a later moment of the same run ([`Recorder::resume`]:
    /// a copy of that recorder, whose chunks are shared, cut to the length).
    cut: Option<(usize, usize)>,
}

impl Recorder {
    /// What a checkpoint keeps of the history: its length.
    pub fn cut(&self) -> Recorder {
        Recorder {
            cut: Some((self.trace.len(), self.log.len())),
            ..Recorder::default()
        }
    }

    /// Whether this is a checkpoint's cut (the history left out).
    pub fn is_cut(&self) -> bool {
        self.cut.is_some()
    }

    /// A cut takes its history back from `later`, a recorder of a later moment of the same
    /// run; false (and nothing changes) if `later` does not reach the cut.
    pub fn resume(&mut self, later: &Recorder) -> bool {
        let Some((trace, log)) = self.cut else {
            return true;
        };
        if later.is_cut() || later.trace.len() < trace || later.log.len() < log {
            return false;
        }
        *self = later.clone();
        self.trace.truncate(trace);
        self.log.truncate(log);
        true
    }

    pub fn trace(&self) -> &Chunked<TraceEvent> {
        &self.trace
    }

    pub fn log(&self) -> &Chunked<LogEntry> {
        &self.log
    }

    /// A process observed something at `t`.
    pub fn observe(&mut self, t: Millis, proc: ProcId, kind: TraceKind) {
        self.trace.push(TraceEvent {
            t: t as f64,
            kind,
            proc: Some(proc),
        });
    }

    /// An observation made by a driver (a monitoring response).
    pub fn push(&mut self, ev: TraceEvent) {
        self.trace.push(ev);
    }

    /// The broker did something no client sees.
    pub fn log_event(&mut self, t: Millis, event: Event) {
        self.log.push(LogEntry { t, event });
    }
}
