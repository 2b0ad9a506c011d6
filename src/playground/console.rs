//! A panel's console: the lines the course's terminal would print for its processes, worded
//! from the trace. Each line carries the facts it was written from (its kind and the event's
//! sequence), so nothing downstream reads them back out of the text.

use super::panel::PanelId;
use super::state::Playground;
use crate::broker::Millis;
use crate::sim::{ProcId, TraceEvent, TraceKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Info,
    Error,
    Message,
    Redelivered,
    Ack,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleLine {
    pub t: Millis,
    pub text: String,
    pub kind: LineKind,
    /// The event's sequence on a delivery or an ack line.
    pub seq: Option<u64>,
}

impl Playground {
    /// Lines for a panel's console, like the course's terminal output (of the records kept).
    pub fn console(&self, id: PanelId) -> Vec<ConsoleLine> {
        let procs: Vec<ProcId> = self.procs_of(id).collect();
        self.sim()
            .trace()
            .iter()
            .filter(|e| e.proc.is_some_and(|p| procs.contains(&p)))
            .filter_map(console_line)
            .collect()
    }
}

/// Whether a trace entry makes a console line (see [`console_line`]), without wording it.
pub fn makes_line(e: &TraceEvent) -> bool {
    !matches!(e.kind, TraceKind::Monitor { .. })
}

/// A trace entry as a console line, if it makes one.
pub fn console_line(e: &TraceEvent) -> Option<ConsoleLine> {
    let mut seq_of = None;
    let (text, kind) = match &e.kind {
        TraceKind::Connected { .. } => ("Connected to NATS".to_string(), LineKind::Info),
        TraceKind::ConnectError { error, .. } => (format!("Error: {error}"), LineKind::Error),
        TraceKind::Subscribed { .. } => ("Subscription ready".to_string(), LineKind::Info),
        TraceKind::SubscribeError { error, .. } => (format!("Error: {error}"), LineKind::Error),
        TraceKind::PubAck { error: None, .. } => ("Event published".to_string(), LineKind::Info),
        TraceKind::PubAck { error: Some(e), .. } => {
            (format!("Publish failed: {e}"), LineKind::Error)
        }
        TraceKind::Deliver {
            seq,
            data,
            redelivered,
            redelivery_count,
            ..
        } => {
            seq_of = Some(*seq);
            let mark = if *redelivered {
                format!("↻{redelivery_count} ")
            } else {
                String::new()
            };
            (
                format!("{mark}Received event #{seq}, with data: {data}"),
                if *redelivered {
                    LineKind::Redelivered
                } else {
                    LineKind::Message
                },
            )
        }
        TraceKind::Ack { seq, .. } => {
            seq_of = Some(*seq);
            (format!("Acked #{seq}"), LineKind::Ack)
        }
        TraceKind::Closed { .. } => ("NATS connection closed!".to_string(), LineKind::Info),
        TraceKind::Monitor { .. } => return None,
    };
    Some(ConsoleLine {
        t: e.t as Millis,
        text,
        kind,
        seq: seq_of,
    })
}
