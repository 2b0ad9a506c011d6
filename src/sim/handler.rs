//! What a simulated listener's message handler does.

use super::app::AppSpec;
use crate::broker::Millis;
use serde::{Deserialize, Serialize};

/// When a manual-ack listener calls `msg.ack()` (FORMAT.md's `ack`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AckPolicy {
    /// At once.
    #[default]
    Immediate,
    /// Never: the server redelivers after every AckWait.
    Never,
    /// Only when it sees that message for the N-th time (and after).
    OnDelivery(u32),
    /// N ms after receiving it (a slow handler).
    AfterMs(Millis),
    /// Only when a person presses "ack" in the playground.
    Manual,
}

/// A listener's behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Handler {
    pub ack: AckPolicy,
    /// Chance in [0, 1] that the handler throws: no ack is sent, even in auto-ack mode.
    pub fail_probability: f64,
    /// The handler throws the first time it sees a message whose data contains this text.
    #[serde(default)]
    pub fail_once_on: Option<String>,
    /// How long the business logic takes before it writes and acks (services only).
    #[serde(default)]
    pub processing_ms: Millis,
    /// Business logic writing to a shared database (the concurrency lab).
    #[serde(default)]
    pub app: Option<AppSpec>,
}
