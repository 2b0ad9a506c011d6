//! What a driver can ask of the broker: the requests clients send on the wire.

use super::{ConnId, Millis, ReqId, SubId};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Where a new subscription starts (`pb.StartPosition`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum StartPosition {
    /// Only messages published after the subscription is created (the default).
    #[default]
    NewOnly,
    /// The last message stored in the channel, then new ones.
    LastReceived,
    /// The first message whose timestamp is at most this many ms old.
    TimeDelta(Millis),
    /// A given sequence (clamped to what is stored).
    Sequence(u64),
    /// Everything still stored (`setDeliverAllAvailable`).
    First,
}

/// A `SubscriptionRequest` as the server receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscribeRequest {
    pub subject: String,
    pub queue: Option<String>,
    pub durable: Option<String>,
    /// Sent as given; the server refuses `<= 0`.
    pub max_in_flight: i64,
    /// Whole seconds on the wire; the server refuses `<= 0`.
    pub ack_wait_secs: i64,
    pub start: StartPosition,
}

impl SubscribeRequest {
    /// node-nats-streaming's defaults: MaxInFlight 16384, AckWait 30 s, new only.
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            queue: None,
            durable: None,
            max_in_flight: super::DEFAULT_MAX_IN_FLIGHT,
            ack_wait_secs: (super::DEFAULT_ACK_WAIT_MS / 1000) as i64,
            start: StartPosition::NewOnly,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `ConnectRequest` sent to `_STAN.discover.<cluster_id>`.
    Connect {
        req: ReqId,
        cluster_id: String,
        client_id: String,
    },
    /// `CloseRequest`: the graceful shutdown of a connection.
    Close { req: ReqId, conn: ConnId },
    /// `PubMsg`.
    Publish {
        req: ReqId,
        conn: ConnId,
        subject: String,
        data: Arc<str>,
    },
    Subscribe {
        req: ReqId,
        conn: ConnId,
        request: SubscribeRequest,
    },
    /// `subscription.unsubscribe()`: a durable's state is deleted.
    Unsubscribe {
        req: ReqId,
        conn: ConnId,
        sub: SubId,
    },
    /// `subscription.close()`: a durable keeps its state, offline.
    SubClose {
        req: ReqId,
        conn: ConnId,
        sub: SubId,
    },
    /// An `Ack` on the subscription's ack inbox.
    Ack { sub: SubId, seq: u64 },
    /// The client's empty reply to a heartbeat probe.
    HeartbeatReply { conn: ConnId, probe: u64 },
    /// A client PING (`_STAN.discover.<cid>.pings`).
    Ping { req: ReqId, conn: ConnId },
}
