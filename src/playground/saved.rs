//! The playground as saved (autosave, share links, exported files): the inputs, not the
//! simulated state. Loading replays the inputs, so it reproduces the run exactly.
//! Everything that comes from outside is checked and bounded before it is used.

use super::input::{Input, InputKind};
use super::panel::{Panel, PanelKind};
use super::state::Playground;
use crate::broker::{Millis, ServerOptions};
use crate::sim::SimConfig;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "nats-streaming-playground";
pub const VERSION: u32 = 1;

const MAX_PANELS: usize = 64;
const MAX_INPUTS: usize = 20_000;
const MAX_TEXT: usize = 64 * 1024;
/// A week of virtual time.
const MAX_TIME_MS: Millis = 7 * 24 * 3600 * 1000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub format: String,
    pub version: u32,
    pub server: ServerOptions,
    pub latency_ms: Millis,
    pub seed: u64,
    pub panels: Vec<Panel>,
    pub inputs: Vec<Input>,
    /// The moment the learner was at.
    pub now: Millis,
    pub speed: f64,
    /// The open lesson, if any.
    #[serde(default)]
    pub lesson: Option<String>,
}

/// Why saved data could not be loaded; the UI shows `message` and keeps the data aside.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn err(message: impl Into<String>) -> LoadError {
    LoadError {
        message: message.into(),
    }
}

impl Saved {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses and checks saved JSON.
    pub fn from_json(text: &str) -> Result<Saved, LoadError> {
        if text.len() > 8 * 1024 * 1024 {
            return Err(err("The saved data is too large (over 8 MB)."));
        }
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| err(format!("The saved data is not valid JSON ({e}).")))?;
        if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(err("This is not a NATS Streaming Playground save."));
        }
        match v.get("version").and_then(|n| n.as_u64()) {
            Some(n) if n == VERSION as u64 => {}
            Some(n) => {
                return Err(err(format!(
                    "This was saved by another version of the playground (format {n}; this one reads {VERSION})."
                )))
            }
            None => return Err(err("The saved data has no format version.")),
        }
        let saved: Saved = serde_json::from_value(v)
            .map_err(|e| err(format!("The saved data is damaged ({e}).")))?;
        saved.check()?;
        Ok(saved)
    }

    fn check(&self) -> Result<(), LoadError> {
        if self.panels.len() > MAX_PANELS {
            return Err(err(format!(
                "Too many panels ({}; at most {MAX_PANELS}).",
                self.panels.len()
            )));
        }
        if self.inputs.len() > MAX_INPUTS {
            return Err(err(format!(
                "Too long a history ({} steps; at most {MAX_INPUTS}).",
                self.inputs.len()
            )));
        }
        if self.now > MAX_TIME_MS || self.inputs.iter().any(|i| i.at > MAX_TIME_MS) {
            return Err(err("Times beyond a week of simulated time."));
        }
        if !self.speed.is_finite()
            || self.server.hb_interval_ms == 0
            || self.server.hb_timeout_ms == 0
        {
            return Err(err("The saved settings are out of range."));
        }
        let mut ids = std::collections::HashSet::new();
        for p in &self.panels {
            if !ids.insert(p.id) {
                return Err(err(format!("Two panels share the id {}.", p.id)));
            }
            let texts: Vec<&str> = match &p.kind {
                PanelKind::Publisher(c) => vec![&c.subject, &c.data],
                PanelKind::Listener(c) => vec![&c.subject, &c.queue_group, &c.durable_name],
            };
            if texts
                .iter()
                .chain([&p.name.as_str(), &p.client_id.as_str()])
                .any(|t| t.len() > MAX_TEXT)
            {
                return Err(err("A text in a panel is too long."));
            }
            if !(p.pos.x.is_finite() && p.pos.y.is_finite()) {
                return Err(err("A panel has no valid position."));
            }
        }
        let mut last = 0;
        for (n, i) in self.inputs.iter().enumerate() {
            if i.at < last {
                return Err(err(format!("History step {} goes back in time.", n + 1)));
            }
            last = i.at;
            let panel = match &i.kind {
                InputKind::Connect { panel, .. }
                | InputKind::Close { panel }
                | InputKind::Kill { panel }
                | InputKind::Publish { panel, .. }
                | InputKind::Subscribe { panel, .. }
                | InputKind::Unsubscribe { panel }
                | InputKind::CloseSubscription { panel }
                | InputKind::Ack { panel, .. } => *panel,
            };
            if !ids.contains(&panel) {
                return Err(err(format!(
                    "History step {} names panel {panel}, which does not exist.",
                    n + 1
                )));
            }
        }
        Ok(())
    }
}

impl Playground {
    pub fn to_saved(&self) -> Saved {
        Saved {
            format: FORMAT.into(),
            version: VERSION,
            server: self.server.clone(),
            latency_ms: self.cfg.latency_ms,
            seed: self.cfg.seed,
            panels: self.panels.clone(),
            inputs: self.inputs[..self.applied].to_vec(),
            now: self.now(),
            speed: self.speed,
            lesson: None,
        }
    }

    /// Rebuilds a playground from saved inputs and runs it to the saved moment.
    pub fn from_saved(saved: &Saved) -> Playground {
        let cfg = SimConfig {
            latency_ms: saved.latency_ms.min(5000),
            seed: saved.seed,
        };
        let mut pg = Playground::new(saved.server.clone(), cfg);
        pg.panels = saved.panels.clone();
        pg.set_next_panel_id(saved.panels.iter().map(|p| p.id).max().unwrap_or(0) + 1);
        pg.inputs = saved.inputs.clone();
        pg.applied = 0;
        pg.speed = saved
            .speed
            .clamp(super::state::MIN_SPEED, super::state::MAX_SPEED);
        pg.playing = false;
        pg.advance_to(saved.now);
        pg
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::Action;

    fn sample() -> Playground {
        let mut pg = Playground::default();
        pg.apply(Action::AddListener);
        pg.apply(Action::AddPublisher);
        pg.apply(Action::Connect(1));
        pg.apply(Action::Connect(2));
        pg.apply(Action::Seek(300));
        pg.apply(Action::Subscribe(1));
        pg.apply(Action::Seek(600));
        pg.apply(Action::Publish(2));
        pg.apply(Action::Seek(1500));
        pg
    }

    #[test]
    fn saved_state_reproduces_the_run() {
        let pg = sample();
        let text = pg.to_saved().to_json();
        let back = Playground::from_saved(&Saved::from_json(&text).unwrap());
        assert_eq!(back.sim.trace(), pg.sim.trace());
        assert_eq!(back.now(), 1500);
        assert_eq!(back.panels.len(), 2);
    }

    #[test]
    fn bad_saved_state_is_refused_with_a_reason() {
        let good = sample().to_saved();
        assert!(Saved::from_json("{")
            .unwrap_err()
            .message
            .contains("not valid JSON"));
        let mut old = serde_json::to_value(&good).unwrap();
        old["version"] = 0.into();
        assert!(Saved::from_json(&old.to_string())
            .unwrap_err()
            .message
            .contains("another version"));
        let mut orphan = good.clone();
        orphan.panels.remove(0);
        assert!(Saved::from_json(&orphan.to_json())
            .unwrap_err()
            .message
            .contains("does not exist"));
        let mut back = good.clone();
        back.inputs.swap(0, 3);
        assert!(Saved::from_json(&back.to_json())
            .unwrap_err()
            .message
            .contains("back in time"));
        assert!(Saved::from_json(r#"{"format":"other"}"#).is_err());
    }
}
