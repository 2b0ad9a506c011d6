//! What travels between the clients and the server, and what a packet on the wire is, for
//! drawing: its kind is an enum, so nothing above the simulation compares strings.

use super::client::ProcId;
use crate::broker::{Command, Event, Millis, SubId};

/// A packet: a request or reply going to the server, or the server's event going to a client.
#[derive(Clone, Debug)]
pub enum Packet {
    ToBroker(ProcId, Command),
    ToClient(ProcId, Event),
}

/// What a packet carries, as the canvas tells packets apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PacketKind {
    /// `PubMsg` (client to server).
    Publish,
    /// `SubscriptionRequest`.
    Subscribe,
    /// Any other request: connect, close, unsubscribe, subscription close, ping.
    Request,
    /// An `Ack` (client to server).
    Ack,
    /// A heartbeat probe (server to client) or its reply (client to server).
    Heartbeat,
    /// A `MsgProto` (server to client).
    Deliver,
    /// A `PubAck` (server to client).
    PubAck,
    /// Any other reply of the server.
    Reply,
}

impl PacketKind {
    /// Whether the learner follows it on the canvas (not a heartbeat, a request or its reply).
    pub fn is_watched(self) -> bool {
        matches!(
            self,
            PacketKind::Publish | PacketKind::Deliver | PacketKind::Ack
        )
    }
}

/// A packet on the wire, for drawing: who sent it, where it goes, when it left and lands.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlight {
    /// The packet's number on the wire: stable while it travels.
    pub id: u64,
    pub proc: ProcId,
    pub to_broker: bool,
    pub depart: Millis,
    pub arrive: Millis,
    pub what: PacketKind,
    pub sub: Option<SubId>,
    pub seq: Option<u64>,
    pub redelivered: bool,
    /// How many times the server has redelivered it (0 for a first delivery).
    pub redelivery_count: u32,
}

impl Packet {
    /// The process that sent it or that it goes to.
    pub fn proc(&self) -> ProcId {
        match self {
            Packet::ToBroker(p, _) | Packet::ToClient(p, _) => *p,
        }
    }

    /// The packet as the canvas draws it, numbered `id`, on the wire from `depart` to `arrive`.
    pub fn in_flight(&self, id: u64, depart: Millis, arrive: Millis) -> InFlight {
        let mut f = InFlight {
            id,
            proc: self.proc(),
            to_broker: matches!(self, Packet::ToBroker(..)),
            depart,
            arrive,
            what: PacketKind::Request,
            sub: None,
            seq: None,
            redelivered: false,
            redelivery_count: 0,
        };
        match self {
            Packet::ToBroker(_, cmd) => match cmd {
                Command::Publish { .. } => f.what = PacketKind::Publish,
                Command::Ack { sub, seq } => {
                    f.what = PacketKind::Ack;
                    f.sub = Some(*sub);
                    f.seq = Some(*seq);
                }
                Command::HeartbeatReply { .. } => f.what = PacketKind::Heartbeat,
                Command::Subscribe { .. } => f.what = PacketKind::Subscribe,
                _ => {}
            },
            Packet::ToClient(_, ev) => match ev {
                Event::Deliver { sub, msg, .. } => {
                    f.what = PacketKind::Deliver;
                    f.sub = Some(*sub);
                    f.seq = Some(msg.seq);
                    f.redelivered = msg.redelivered;
                    f.redelivery_count = msg.redelivery_count;
                }
                Event::PubAck { .. } => f.what = PacketKind::PubAck,
                Event::HeartbeatProbe { .. } => f.what = PacketKind::Heartbeat,
                _ => f.what = PacketKind::Reply,
            },
        }
        f
    }
}
