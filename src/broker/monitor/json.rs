//! The monitoring JSON of nats-streaming-server 0.17, field for field and in order
//! (`server/monitor.go`; 0.17 has no `subs_count`, which later versions added).

use crate::vecmap::VecMap;
use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct Serverz {
    pub cluster_id: String,
    pub server_id: String,
    pub version: &'static str,
    pub go: &'static str,
    pub state: &'static str,
    pub now: String,
    pub start_time: String,
    pub uptime: String,
    pub clients: usize,
    pub subscriptions: usize,
    pub channels: usize,
    pub total_msgs: u64,
    pub total_bytes: u64,
    pub in_msgs: u64,
    pub in_bytes: u64,
    pub out_msgs: u64,
    pub out_bytes: u64,
    pub open_fds: u64,
    pub max_fds: u64,
}

#[derive(Serialize, Debug)]
pub struct Limits {
    pub max_channels: u64,
    pub max_msgs: u64,
    pub max_bytes: u64,
    /// Nanoseconds.
    pub max_age: u64,
    pub max_subscriptions: u64,
    /// Nanoseconds.
    pub max_inactivity: u64,
}

#[derive(Serialize, Debug)]
pub struct Storez {
    pub cluster_id: String,
    pub server_id: String,
    pub now: String,
    #[serde(rename = "type")]
    pub store_type: &'static str,
    pub limits: Limits,
    pub total_msgs: u64,
    pub total_bytes: u64,
}

#[derive(Serialize, Debug, Clone)]
pub struct Subz {
    pub client_id: String,
    pub inbox: String,
    pub ack_inbox: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub durable_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_name: Option<String>,
    pub is_durable: bool,
    pub is_offline: bool,
    pub max_inflight: u64,
    /// Seconds.
    pub ack_wait: u64,
    pub last_sent: u64,
    pub pending_count: usize,
    pub is_stalled: bool,
}

#[derive(Serialize, Debug)]
pub struct Clientz {
    pub id: String,
    pub hb_inbox: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriptions: Option<VecMap<String, Vec<Subz>>>,
}

#[derive(Serialize, Debug)]
pub struct Clientsz {
    pub cluster_id: String,
    pub server_id: String,
    pub now: String,
    pub offset: i64,
    pub limit: i64,
    pub count: usize,
    pub total: usize,
    pub clients: Vec<Clientz>,
}

#[derive(Serialize, Debug)]
pub struct Channelz {
    pub name: String,
    pub msgs: usize,
    pub bytes: u64,
    pub first_seq: u64,
    pub last_seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriptions: Option<Vec<Subz>>,
}

#[derive(Serialize, Debug)]
pub struct Channelsz {
    pub cluster_id: String,
    pub server_id: String,
    pub now: String,
    pub offset: i64,
    pub limit: i64,
    pub count: usize,
    pub total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channelz>>,
}
