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
}

impl Recorder {
    /// Keeps about the last `n` trace and log entries, dropping older ones whole chunks at a
    /// time ([`Chunked::keep_last`]).
    pub fn keep_last(&mut self, n: usize) {
        self.trace.keep_last(n);
        self.log.keep_last(n);
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
