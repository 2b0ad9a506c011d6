//! One subscription (`subState`): plain, durable, queue member or durable-queue shadow.
//!
//! The rules it follows: docs/semantics.md §4.5, §6, §8.5.

use super::hash::SeqMap;
use super::pending::Pending;
use super::{ConnId, Millis, SubId};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Subscription {
    pub id: SubId,
    pub channel: Arc<str>,
    /// The connection it is attached to; `None` for an offline durable or a queue shadow.
    pub conn: Option<ConnId>,
    /// Client id shown by monitoring (kept when it goes offline).
    pub client_id: String,
    pub inbox: String,
    pub ack_inbox: String,
    /// Plain durables only (durable queue members have it cleared, as in the server).
    pub durable_name: Option<String>,
    /// Queue group key: `group` or `durable:group`.
    pub queue: Option<Arc<str>>,
    pub is_durable: bool,
    pub max_in_flight: u64,
    pub ack_wait_ms: Millis,
    /// Highest sequence ever sent to this subscription.
    pub last_sent: u64,
    pub pending: Pending,
    pub stalled: bool,
    /// The client missed heartbeats (not yet removed).
    pub has_failed_hb: bool,
    /// When the ack timer fires next, and its generation (stale timers are ignored).
    pub ack_timer: Option<Millis>,
    pub ack_timer_gen: u64,
    /// Redelivery counts per sequence for plain subscriptions (queue groups keep theirs).
    pub rdlv_count: SeqMap<u32>,
    /// Order of creation, for stable iteration.
    pub created: u64,
}

impl Subscription {
    pub fn is_offline(&self) -> bool {
        self.conn.is_none()
    }

    pub fn durable_key(client_id: &str, subject: &str, durable: &str) -> String {
        format!("{client_id}-{subject}-{durable}")
    }
}
