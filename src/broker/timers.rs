//! The broker's wake-ups. Each entry carries a generation so that re-arming a timer only
//! needs a new entry: stale ones are skipped when they come due.

use super::{ConnId, Millis, SubId};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// A subscription's ack timer (`performAckExpirationRedelivery`).
    Ack { sub: SubId, gen: u64 },
    /// Time to send a heartbeat to a client (`checkClientHealth`).
    Heartbeat { conn: ConnId, gen: u64 },
    /// A heartbeat probe's reply did not come in `hb_timeout`.
    HeartbeatTimeout { conn: ConnId, probe: u64 },
    /// The 500 ms duplicate-client-id check found no reply.
    DupCheckTimeout { client_id: String, probe: u64 },
    /// The oldest message of a channel reaches `max_age`.
    MaxAge { channel: Arc<str>, gen: u64 },
    /// A channel may have been inactive for `max_inactivity`.
    Inactivity { channel: Arc<str>, gen: u64 },
}

#[derive(Clone, Debug, Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<(Millis, u64, Timer)>>,
    order: u64,
}

impl Timers {
    pub fn arm(&mut self, at: Millis, timer: Timer) {
        self.order += 1;
        self.heap.push(Reverse((at, self.order, timer)));
    }

    /// Entries armed, stale ones included.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn peek(&self) -> Option<Millis> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    /// The next timer due at or before `now`.
    pub fn pop_due(&mut self, now: Millis) -> Option<(Millis, Timer)> {
        if self.peek()? > now {
            return None;
        }
        self.heap.pop().map(|Reverse((at, _, t))| (at, t))
    }
}
