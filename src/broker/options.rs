//! Server options with the real defaults (`server.go` consts, `stores/store.go: DefaultStoreLimits`).
//!
//! The rules it follows: docs/semantics.md §1.6, §2.3.

use super::Millis;
use serde::{Deserialize, Serialize};

/// Per-channel store limits. `0` means unlimited, as in the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoreLimits {
    /// `-mc`: channels the server accepts (100).
    pub max_channels: u64,
    /// `-msu`: subscriptions per channel, offline durables included (1000).
    pub max_subs: u64,
    /// `-mm`: messages per channel (1,000,000).
    pub max_msgs: u64,
    /// `-mb`: bytes per channel (1,024,000,000).
    pub max_bytes: u64,
    /// `-ma`: message age in ms (0: unlimited).
    pub max_age_ms: Millis,
    /// `-mi`: a channel with no active subscription and no new message for this long is deleted (0: never).
    pub max_inactivity_ms: Millis,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            max_channels: 100,
            max_subs: 1000,
            max_msgs: 1_000_000,
            max_bytes: 1_024_000_000,
            max_age_ms: 0,
            max_inactivity_ms: 0,
        }
    }
}

/// `nats-streaming-server` 0.17.0 options that change behaviour in a memory-store, standalone
/// server. Only options 0.17.0 has (`--replace_durable` came with 0.20.0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerOptions {
    /// `-cid` (default `test-cluster`).
    pub cluster_id: String,
    /// `-hbi`: server-to-client heartbeat interval (30 s).
    pub hb_interval_ms: Millis,
    /// `-hbt`: how long each heartbeat waits for its reply (10 s).
    pub hb_timeout_ms: Millis,
    /// `-hbf`: the client is closed when failures exceed this (10).
    pub hb_fail_count: u32,
    /// Store limits (`-mc -msu -mm -mb -ma -mi`).
    pub limits: StoreLimits,
    /// NATS `max_payload` (1 MB): larger publishes are refused by the NATS connection.
    pub max_payload: u64,
    /// Seed of the generator for server id and inbox names.
    pub seed: u64,
}

// The one definition of every default, used by the broker, the simulated client, the scenario
// format, the playground's panels and the generated code.

pub const DEFAULT_CLUSTER_ID: &str = "test-cluster";
pub const DEFAULT_MAX_PAYLOAD: u64 = 1024 * 1024;
/// `-hbi` (`DefaultHeartBeatInterval`).
pub const DEFAULT_HB_INTERVAL_MS: Millis = 30_000;
/// `-hbt` (`DefaultClientHBTimeout`).
pub const DEFAULT_HB_TIMEOUT_MS: Millis = 10_000;
/// `-hbf` (`DefaultMaxFailedHeartBeats`: five minutes of 30 s heartbeats).
pub const DEFAULT_HB_FAIL_COUNT: u32 = 10;
/// node-nats-streaming's `ackWait` when `setAckWait` is not called (the server's own default).
pub const DEFAULT_ACK_WAIT_MS: Millis = 30_000;
/// node-nats-streaming's `maxInFlight` when `setMaxInFlight` is not called.
pub const DEFAULT_MAX_IN_FLIGHT: i64 = 16_384;

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            cluster_id: DEFAULT_CLUSTER_ID.to_string(),
            hb_interval_ms: DEFAULT_HB_INTERVAL_MS,
            hb_timeout_ms: DEFAULT_HB_TIMEOUT_MS,
            hb_fail_count: DEFAULT_HB_FAIL_COUNT,
            limits: StoreLimits::default(),
            max_payload: DEFAULT_MAX_PAYLOAD,
            seed: 1,
        }
    }
}
