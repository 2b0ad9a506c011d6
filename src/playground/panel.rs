//! Publisher and listener panels: what a learner configures on the canvas.

use crate::broker::StartPosition;
use crate::sim::app::AppSpec;
use crate::sim::{AckPolicy, Handler, SubSpec};
use serde::Serialize;

pub type PanelId = u32;

/// Where a panel sits on the canvas (CSS pixels, top-left corner).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Default)]
pub struct Pos {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublisherCfg {
    pub subject: String,
    /// The JSON data editor's text.
    pub data: String,
    /// Publish every N ms while connected (0: off).
    pub every_ms: u64,
}

impl Default for PublisherCfg {
    fn default() -> Self {
        Self {
            subject: "ticket:created".into(),
            data: r#"{"id":"123","title":"concert","price":20}"#.into(),
            every_ms: 0,
        }
    }
}

/// A listener's options, named after node-nats-streaming's builder.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListenerCfg {
    pub subject: String,
    pub queue_group: String,
    pub manual_ack: bool,
    /// `setAckWait` in ms (the client insists on whole seconds).
    pub ack_wait_ms: i64,
    /// `setMaxInFlight` (None: the client's default 16384).
    pub max_in_flight: Option<i64>,
    pub start: StartChoice,
    pub durable_name: String,
    /// What the handler does in manual-ack mode.
    pub ack: AckPolicy,
    /// Chance that the handler throws (no ack).
    pub fail_probability: f64,
    /// The handler throws the first time it sees data containing this text.
    pub fail_once_on: Option<String>,
    /// How long the service's business logic takes.
    pub processing_ms: u64,
    /// Business logic writing to a shared database (the concurrency lab).
    pub app: Option<AppSpec>,
}

/// The start options a listener can pick.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub enum StartChoice {
    #[default]
    NewOnly,
    DeliverAllAvailable,
    StartWithLastReceived,
    StartAtSequence(u64),
    StartAtTimeDelta(u64),
}

impl StartChoice {
    /// The start position the client asks the server for (this and `from_position` are
    /// the one mapping between the two).
    pub fn position(&self) -> StartPosition {
        match self {
            StartChoice::NewOnly => StartPosition::NewOnly,
            StartChoice::DeliverAllAvailable => StartPosition::First,
            StartChoice::StartWithLastReceived => StartPosition::LastReceived,
            StartChoice::StartAtSequence(n) => StartPosition::Sequence(*n),
            StartChoice::StartAtTimeDelta(ms) => StartPosition::TimeDelta(*ms),
        }
    }

    pub fn from_position(p: &StartPosition) -> StartChoice {
        match p {
            StartPosition::NewOnly => StartChoice::NewOnly,
            StartPosition::First => StartChoice::DeliverAllAvailable,
            StartPosition::LastReceived => StartChoice::StartWithLastReceived,
            StartPosition::Sequence(n) => StartChoice::StartAtSequence(*n),
            StartPosition::TimeDelta(ms) => StartChoice::StartAtTimeDelta(*ms),
        }
    }
}

impl Default for ListenerCfg {
    fn default() -> Self {
        Self {
            subject: "ticket:created".into(),
            queue_group: String::new(),
            manual_ack: false,
            ack_wait_ms: crate::broker::DEFAULT_ACK_WAIT_MS as i64,
            max_in_flight: None,
            start: StartChoice::NewOnly,
            durable_name: String::new(),
            ack: AckPolicy::Immediate,
            fail_probability: 0.0,
            fail_once_on: None,
            processing_ms: 0,
            app: None,
        }
    }
}

impl ListenerCfg {
    /// The simulated handler this listener runs: what it does with each message.
    pub fn handler(&self) -> Handler {
        Handler {
            ack: self.ack.clone(),
            fail_probability: self.fail_probability.clamp(0.0, 1.0),
            fail_once_on: self.fail_once_on.clone().filter(|t| !t.is_empty()),
            processing_ms: self.processing_ms,
            app: self.app.clone(),
        }
    }

    /// The panel's options as a subscribe step records them, read back (a saved or shared
    /// playground's panels are rebuilt from their history).
    pub fn from_subscribe(spec: &SubSpec, handler: &Handler) -> ListenerCfg {
        ListenerCfg {
            subject: spec.subject.clone(),
            queue_group: spec.queue.clone().unwrap_or_default(),
            durable_name: spec.durable.clone().unwrap_or_default(),
            manual_ack: spec.manual_ack,
            ack_wait_ms: spec.ack_wait_ms,
            max_in_flight: spec.max_in_flight,
            start: StartChoice::from_position(&spec.start),
            ack: handler.ack.clone(),
            fail_probability: handler.fail_probability,
            fail_once_on: handler.fail_once_on.clone(),
            processing_ms: handler.processing_ms,
            app: handler.app.clone(),
        }
    }

    pub fn spec(&self) -> SubSpec {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        SubSpec {
            subject: self.subject.clone(),
            queue: opt(&self.queue_group),
            durable: opt(&self.durable_name),
            manual_ack: self.manual_ack,
            ack_wait_ms: self.ack_wait_ms,
            max_in_flight: self.max_in_flight,
            start: self.start.position(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum PanelKind {
    Publisher(PublisherCfg),
    Listener(ListenerCfg),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Panel {
    pub id: PanelId,
    pub name: String,
    pub client_id: String,
    pub pos: Pos,
    pub kind: PanelKind,
    /// Removed from the canvas (kept so that the history that names it still replays).
    pub removed: bool,
    /// Next auto-publish time (virtual ms).
    #[serde(skip)]
    pub next_auto_publish: Option<u64>,
}

impl Panel {
    pub fn is_listener(&self) -> bool {
        matches!(self.kind, PanelKind::Listener(_))
    }

    pub fn listener(&self) -> Option<&ListenerCfg> {
        match &self.kind {
            PanelKind::Listener(l) => Some(l),
            _ => None,
        }
    }

    pub fn publisher(&self) -> Option<&PublisherCfg> {
        match &self.kind {
            PanelKind::Publisher(p) => Some(p),
            _ => None,
        }
    }
}
