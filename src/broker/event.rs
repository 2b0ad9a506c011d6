//! What the broker tells its driver: replies to requests, deliveries and heartbeat probes,
//! plus a few facts a teaching UI wants to show (stored, evicted, removed clients).

use super::{ConnId, Millis, ReqId, SubId};
use serde::Serialize;
use std::sync::Arc;

/// A `MsgProto` sent to a subscription's inbox.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delivery {
    pub seq: u64,
    pub subject: Arc<str>,
    pub data: Arc<str>,
    pub timestamp: Millis,
    pub redelivered: bool,
    pub redelivery_count: u32,
}

/// Why the server dropped a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RemovalReason {
    /// It sent a close request.
    Closed,
    /// It missed more heartbeats than `hb_fail_count`.
    HeartbeatsFailed,
    /// A new connection with the same client id found it unresponsive.
    Replaced,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Event {
    Connected {
        req: ReqId,
        conn: ConnId,
        client_id: String,
    },
    ConnectFailed {
        req: ReqId,
        client_id: String,
        error: String,
    },
    /// Reply to a close request (`error` e.g. `stan: unknown clientID`).
    Closed {
        req: ReqId,
        conn: ConnId,
        error: Option<String>,
    },
    PubAck {
        req: ReqId,
        conn: ConnId,
        error: Option<String>,
    },
    Subscribed {
        req: ReqId,
        conn: ConnId,
        sub: SubId,
    },
    SubscribeFailed {
        req: ReqId,
        conn: ConnId,
        error: String,
    },
    /// Reply to an unsubscribe or a subscription close.
    SubRemoved {
        req: ReqId,
        conn: ConnId,
        sub: SubId,
        error: Option<String>,
    },
    Deliver {
        conn: ConnId,
        sub: SubId,
        msg: Delivery,
    },
    /// An empty request to the client's heartbeat inbox; a live client replies
    /// with [`super::Command::HeartbeatReply`].
    HeartbeatProbe { conn: ConnId, probe: u64 },
    /// Reply to a client PING.
    Pong {
        req: ReqId,
        conn: ConnId,
        error: Option<String>,
    },
    // ---- facts for observers (no client receives these) ----
    /// A message was stored in a channel.
    Stored { channel: Arc<str>, seq: u64 },
    /// Store limits or max age removed messages `first..=last`.
    Evicted {
        channel: Arc<str>,
        first: u64,
        last: u64,
    },
    /// The server acted on an ack (from the user or internal).
    AckProcessed { sub: SubId, seq: u64 },
    /// A heartbeat went unanswered (`failed` in a row so far).
    HeartbeatMissed { conn: ConnId, failed: u32 },
    /// The server unregistered a client and took its subscriptions down.
    ClientRemoved {
        conn: ConnId,
        client_id: String,
        reason: RemovalReason,
    },
    /// A channel was deleted for inactivity.
    ChannelDeleted { channel: Arc<str> },
}
