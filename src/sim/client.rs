//! Simulated client processes and their subscriptions, as node-nats-streaming 0.3.2 runs them.

use super::handler::Handler;
use super::scenario::SubSpec;
use crate::broker::hash::SeqMap;
use crate::broker::{ConnId, Millis, SubId};

/// Index of a client process in the simulation.
pub type ProcId = usize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcState {
    /// The connect request is out.
    Connecting,
    Connected(ConnId),
    /// `stan.close()` was called; waiting for the server's reply.
    Closing(ConnId),
    Closed,
    /// The connect failed (refused or timed out).
    Failed,
    /// SIGKILL: it sends nothing more and answers nothing.
    Killed,
}

/// A process running node-nats-streaming with one connection.
#[derive(Clone, Debug)]
pub struct Proc {
    pub client_id: String,
    pub state: ProcState,
    /// Indexes into the simulation's subscriptions.
    pub subs: Vec<usize>,
    /// The connection it had, once connected (kept after it closes or dies).
    pub connected_as: Option<ConnId>,
}

impl Proc {
    pub fn conn(&self) -> Option<ConnId> {
        match self.state {
            ProcState::Connected(c) | ProcState::Closing(c) => Some(c),
            _ => None,
        }
    }

    pub fn is_connected(&self) -> bool {
        matches!(self.state, ProcState::Connected(_))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubState {
    Subscribing,
    Ready(SubId),
    Failed(String),
    /// `unsubscribe()` or `close()` was called (or the connection went away).
    Closed,
}

/// One message as the listener's console shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Received {
    pub t: Millis,
    pub seq: u64,
    pub data: String,
    pub redelivered: bool,
    pub redelivery_count: u32,
    /// The handler threw (no ack was sent).
    pub failed: bool,
    pub acked_at: Option<Millis>,
}

/// A subscription as the listener's process knows it.
#[derive(Clone, Debug)]
pub struct SimSub {
    pub label: String,
    pub proc: ProcId,
    pub spec: SubSpec,
    pub handler: Handler,
    pub state: SubState,
    /// How many times each sequence was seen (for "ack on the N-th delivery").
    pub seen: SeqMap<u32>,
    /// Sequences on which `fail_once_on` already made the handler throw.
    pub failed_once: SeqMap<()>,
    pub received: crate::chunked::Chunked<Received>,
}

impl SimSub {
    pub fn sub_id(&self) -> Option<SubId> {
        match self.state {
            SubState::Ready(id) => Some(id),
            _ => None,
        }
    }
}
