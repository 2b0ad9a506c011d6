//! The moves a lesson's "show me" makes: the same actions a learner's clicks dispatch.

use crate::broker::Millis;
use crate::playground::{
    Action, ListenerCfg, MarkKind, PanelId, PanelKind, Playground, PublisherCfg,
};
use serde::{Deserialize, Serialize};

/// Read by hand from the lesson file (`super::parse::show_me`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Do {
    Connect(PanelId),
    Close(PanelId),
    Kill(PanelId),
    Publish(PanelId),
    /// Sets the publisher's data, then publishes.
    PublishData(PanelId, String),
    Subscribe(PanelId),
    Unsubscribe(PanelId),
    CloseSubscription(PanelId),
    Ack(PanelId, u64),
    SetClientId(PanelId, String),
    EditListener(PanelId, ListenerCfg),
    EditPublisher(PanelId, PublisherCfg),
    /// Lets virtual time run.
    Wait(Millis),
    /// Runs until the next mark of this kind.
    Jump(MarkKind),
    /// The Server tab's "Apply and restart the server", settings unchanged.
    RestartServer,
}

impl<'de> Deserialize<'de> for Do {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        super::parse::show_me(&v).map_err(serde::de::Error::custom)
    }
}

impl Do {
    pub fn perform(&self, pg: &mut Playground) {
        match self.clone() {
            Do::Connect(p) => pg.apply(Action::Connect(p)),
            Do::Close(p) => pg.apply(Action::Close(p)),
            Do::Kill(p) => pg.apply(Action::Kill(p)),
            Do::Publish(p) => pg.apply(Action::Publish(p)),
            Do::PublishData(p, data) => {
                if let Some(PanelKind::Publisher(cfg)) = pg.panel(p).map(|x| x.kind.clone()) {
                    pg.apply(Action::EditPublisher(p, PublisherCfg { data, ..cfg }));
                    pg.apply(Action::Publish(p));
                }
            }
            Do::Subscribe(p) => pg.apply(Action::Subscribe(p)),
            Do::Unsubscribe(p) => pg.apply(Action::Unsubscribe(p)),
            Do::CloseSubscription(p) => pg.apply(Action::CloseSubscription(p)),
            Do::Ack(p, seq) => pg.apply(Action::Ack(p, seq)),
            Do::SetClientId(p, id) => pg.apply(Action::SetClientId(p, id)),
            Do::EditListener(p, cfg) => pg.apply(Action::EditListener(p, cfg)),
            Do::EditPublisher(p, cfg) => pg.apply(Action::EditPublisher(p, cfg)),
            Do::Wait(ms) => {
                let t = pg.now() + ms;
                pg.apply(Action::Seek(t));
            }
            Do::Jump(kind) => pg.apply(Action::JumpTo(kind)),
            Do::RestartServer => {
                let opts = pg.server().clone();
                pg.apply(Action::SetServer(opts));
            }
        }
    }
}
