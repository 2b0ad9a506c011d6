//! A registered client (`client` in `clientStore`) and its heartbeat state.
//!
//! The rules it follows: docs/semantics.md §1.2, §1.6.

use super::{ConnId, Millis, SubId};

#[derive(Clone, Debug)]
pub struct Client {
    pub id: String,
    pub conn: ConnId,
    pub hb_inbox: String,
    /// Subscriptions in creation order.
    pub subs: Vec<SubId>,
    /// Consecutive failed heartbeats (`fhb`).
    pub failed_hb: u32,
    /// The heartbeat probe awaiting its reply, and when it times out.
    pub hb_probe: Option<(u64, Millis)>,
    /// When the next heartbeat is due, and the generation that makes older timers stale.
    pub next_hb: Millis,
    pub hb_gen: u64,
    pub connected_at: Millis,
}
