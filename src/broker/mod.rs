//! NATS Streaming server 0.17 (memory store) as a pure, deterministic state machine.
//!
//! Sans-IO in the style of quinn-proto and raft-rs: the driver hands the broker the current
//! (virtual) time with every [`Command`] and on every timeout; the broker answers with
//! [`Event`]s (drained with [`Broker::poll_event`]) and says when it next needs to wake
//! ([`Broker::next_deadline`]). No clocks, no timers, no global randomness: the only source
//! of "random" names (server id, inboxes) is a generator seeded from [`ServerOptions::seed`].
//!
//! The rules follow the NATS Streaming server source; each file names the server function
//! it models.

mod ack;
pub mod case;
mod channel;
mod client;
mod command;
mod connect;
mod delivery;
mod errors;
mod event;
pub(crate) mod hash;
mod heartbeat;
mod ids;
mod leave;
pub mod monitor;
mod options;
mod pending;
mod publish;
mod queue;
mod redelivery;
mod state;
mod subject;
mod subscribe;
mod subscription;
mod timers;
mod view;

pub use channel::{Channel, Msg};
pub use client::Client;
pub use command::{Command, StartPosition, SubscribeRequest};
pub use errors::*;
pub use event::{Delivery, Event, RemovalReason};
pub use ids::{ConnId, ReqId, SubId};
pub use options::{
    ServerOptions, StoreLimits, DEFAULT_ACK_WAIT_MS, DEFAULT_CLUSTER_ID, DEFAULT_HB_FAIL_COUNT,
    DEFAULT_HB_INTERVAL_MS, DEFAULT_HB_TIMEOUT_MS, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_PAYLOAD,
};
pub use queue::QueueGroup;
pub use state::Broker;
pub use subject::is_channel_name_valid;
pub use subscription::Subscription;
pub use view::{ChannelView, QueueView};

/// Virtual time in milliseconds since the start of the run.
pub type Millis = u64;
