//! What a learner did to the simulation, with the virtual time it happened at. The list of
//! inputs is the whole history: replaying it rebuilds any earlier moment exactly.

use super::panel::PanelId;
use crate::broker::Millis;
use crate::sim::{Handler, SubSpec};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InputKind {
    Connect {
        panel: PanelId,
        client_id: String,
    },
    Close {
        panel: PanelId,
    },
    Kill {
        panel: PanelId,
    },
    Publish {
        panel: PanelId,
        subject: String,
        data: String,
    },
    Subscribe {
        panel: PanelId,
        label: String,
        spec: SubSpec,
        handler: Handler,
    },
    Unsubscribe {
        panel: PanelId,
    },
    CloseSubscription {
        panel: PanelId,
    },
    Ack {
        panel: PanelId,
        seq: u64,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Input {
    pub at: Millis,
    pub kind: InputKind,
}
