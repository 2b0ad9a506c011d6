//! The exact error strings of nats-streaming-server (server.go var block, stores/store.go).

pub const ERR_INVALID_SUBJECT: &str = "stan: invalid subject";
pub const ERR_INVALID_START_POSITION: &str = "stan: invalid start position";
pub const ERR_INVALID_SUBSCRIPTION: &str = "stan: invalid subscription";
pub const ERR_CLIENT_ID_REGISTERED: &str = "stan: clientID already registered";
pub const ERR_CLIENT_ID_MISSING: &str = "stan: clientID missing";
pub const ERR_INVALID_CLIENT_ID: &str =
    "stan: invalid clientID: only alphanumeric and `-` or `_` characters allowed";
pub const ERR_INVALID_ACK_WAIT: &str = "stan: invalid ack wait time, should be >= 1s";
pub const ERR_INVALID_MAX_IN_FLIGHT: &str = "stan: invalid MaxInflight, should be >= 1";
pub const ERR_INVALID_PUBLISH: &str = "stan: invalid publish request";
pub const ERR_DUPLICATE_DURABLE: &str = "stan: duplicate durable registration";
pub const ERR_DURABLE_QUEUE_COLON: &str =
    "stan: durable name of a durable queue subscriber can't contain the character ':'";
pub const ERR_UNKNOWN_CLIENT: &str = "stan: unknown clientID";
pub const ERR_UNKNOWN_CHANNEL: &str = "stan: unknown channel";
pub const ERR_CHANNEL_BEING_DELETED: &str = "stan: channel is being deleted";
pub const ERR_TOO_MANY_CHANNELS: &str = "too many channels";
pub const ERR_TOO_MANY_SUBS: &str = "too many subscriptions per channel";
pub const ERR_CLIENT_REPLACED: &str = "client has been replaced or is no longer registered";

/// `channelStore.checkCase` (sic: "alreay" is the server's spelling).
pub fn err_case_conflict(new: &str, existing: &str) -> String {
    format!(
        "rejecting channel {new:?} because channel {existing:?} alreay exists (different cases not allowed)"
    )
}
