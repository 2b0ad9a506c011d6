//! A panel's connection as the learner sees it: read from the simulated process and, once
//! it is killed, from whether the server has dropped the client yet.

use super::panel::PanelId;
use super::state::Playground;
use crate::broker::{RemovalReason, SubId};
use crate::sim::ProcState;

/// A panel's connection, as the learner sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Conn {
    Idle,
    Connecting,
    Connected,
    Closing,
    Closed,
    Failed,
    /// Killed; the server has not noticed yet.
    Killed,
    /// The server dropped the client (heartbeats failed, or replaced).
    Removed(RemovalReason),
}

impl Conn {
    /// The word shown next to the colour (never colour alone).
    pub fn word(&self) -> &'static str {
        match self {
            Conn::Idle => "not connected",
            Conn::Connecting => "connecting…",
            Conn::Connected => "connected",
            Conn::Closing => "closing…",
            Conn::Closed => "closed",
            Conn::Failed => "connect failed",
            Conn::Killed => "killed ✕",
            Conn::Removed(RemovalReason::HeartbeatsFailed) => "killed ✕ · removed by server",
            Conn::Removed(RemovalReason::Replaced) => "replaced by a new connection",
            Conn::Removed(RemovalReason::Closed) => "closed",
        }
    }

    pub fn class(&self) -> &'static str {
        match self {
            Conn::Idle | Conn::Closed | Conn::Removed(RemovalReason::Closed) => "idle",
            Conn::Connecting | Conn::Closing => "busy",
            Conn::Connected => "live",
            Conn::Failed => "failed",
            Conn::Killed | Conn::Removed(_) => "dead",
        }
    }

    /// Whether the panel still has a line to the server.
    pub fn has_edge(&self) -> bool {
        matches!(
            self,
            Conn::Connecting | Conn::Connected | Conn::Closing | Conn::Killed
        )
    }
}

/// The connection of the panel's current process.
pub fn connection(pg: &Playground, id: PanelId) -> Conn {
    match pg.proc_state(id) {
        None => Conn::Idle,
        Some(ProcState::Connecting) => Conn::Connecting,
        Some(ProcState::Connected(_)) => Conn::Connected,
        Some(ProcState::Closing(_)) => Conn::Closing,
        Some(ProcState::Closed) => Conn::Closed,
        Some(ProcState::Failed) => Conn::Failed,
        Some(ProcState::Killed) => match pg.removal(id) {
            Some(r) => Conn::Removed(r),
            None => Conn::Killed,
        },
    }
}

/// Heartbeats the server counts as missed for the panel's client, and the limit (-hbf).
pub fn missed_heartbeats(pg: &Playground, id: PanelId) -> Option<(u32, u32)> {
    pg.proc_of(id)
        .and_then(|p| pg.sim().proc(p))
        .and_then(|p| p.connected_as)
        .and_then(|c| pg.sim().broker().client_by_conn(c))
        .map(|c| (c.failed_hb, pg.server().hb_fail_count))
}

/// The broker's subscription (its id) behind a panel's current subscription, while the
/// server holds it (also after a kill the server has not noticed).
pub fn broker_sub(pg: &Playground, id: PanelId) -> Option<SubId> {
    let i = super::listener::current_sim_sub(pg, id)?;
    let sub_id = pg.sim().subs().get(i)?.sub_id()?;
    pg.sim().broker().subscription(sub_id).map(|s| s.id)
}
