//! The playground as saved (autosave, share links, exported files): a scenario in the shared
//! format, extended with the canvas layout (`layout`) and the playground's settings
//! (`playground`). Loading replays the steps, so it reproduces the run exactly. A plain
//! scenario (a golden one, say) loads too: a panel per client, the conformance latency.
//! Everything that comes from outside is checked and bounded before it is used.

use super::panel::{ListenerCfg, Panel, PanelKind, Pos, PublisherCfg, StartChoice};
use super::state::Playground;
use crate::broker::{Millis, StartPosition};
use crate::sim::{Op, Scenario, SimConfig};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub const FORMAT: &str = "nats-streaming-playground";
pub const VERSION: u32 = 1;
/// One-way latency of the headless runner and the conformance tests.
pub const CONFORMANCE_LATENCY_MS: Millis = 1;

const MAX_PANELS: usize = 64;
const MAX_STEPS: usize = 20_000;
const MAX_TEXT: usize = 64 * 1024;
/// A day of virtual time: replaying it stays quick in a browser.
const MAX_TIME_MS: Millis = 24 * 3600 * 1000;
/// Heartbeats and auto-publishing faster than this would make replays crawl.
const MIN_PERIOD_MS: Millis = 10;

/// The `playground` key of a saved scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub format: String,
    pub version: u32,
    pub latency_ms: Millis,
    pub seed: u64,
    /// The moment the learner was at.
    pub now: Millis,
    pub speed: f64,
    #[serde(default)]
    pub lesson: Option<String>,
    /// Zoom, folded columns, presenter mode (`View::to_value`; absent in older saves).
    #[serde(default)]
    pub view: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub scenario: Scenario,
    pub panels: Vec<Panel>,
    pub settings: Settings,
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
    pub fn to_value(&self) -> Value {
        let mut v = self.scenario.to_value();
        v["layout"] = json!({ "panels": self.panels });
        v["playground"] = serde_json::to_value(&self.settings).unwrap_or(Value::Null);
        v
    }

    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// Parses and checks a saved playground or a plain scenario.
    pub fn from_json(text: &str) -> Result<Saved, LoadError> {
        if text.len() > 8 * 1024 * 1024 {
            return Err(err("The file is too large (over 8 MB)."));
        }
        let mut scenario =
            Scenario::parse(text).map_err(|e| err(format!("Not a valid scenario: {e}")))?;
        let settings = match scenario.extra.remove("playground") {
            None => None,
            Some(v) => {
                match v.get("version").and_then(Value::as_u64) {
                    Some(n) if n == VERSION as u64 => {}
                    Some(n) => {
                        return Err(err(format!(
                            "This was saved by another version of the playground (format {n}; this one reads {VERSION})."
                        )))
                    }
                    None => return Err(err("The saved playground has no format version.")),
                }
                Some(
                    serde_json::from_value::<Settings>(v)
                        .map_err(|e| err(format!("The playground settings are damaged ({e}).")))?,
                )
            }
        };
        let panels = match scenario.extra.remove("layout") {
            Some(layout) => serde_json::from_value::<Vec<Panel>>(
                layout.get("panels").cloned().unwrap_or(Value::Null),
            )
            .map_err(|e| err(format!("The canvas layout is damaged ({e}).")))?,
            None => auto_panels(&mut scenario),
        };
        let settings = settings.unwrap_or(Settings {
            format: FORMAT.into(),
            version: VERSION,
            latency_ms: CONFORMANCE_LATENCY_MS,
            seed: 1,
            now: 0,
            speed: 1.0,
            lesson: None,
            view: Value::Null,
        });
        let saved = Saved {
            scenario,
            panels,
            settings,
        };
        saved.check()?;
        Ok(saved)
    }

    fn check(&self) -> Result<(), LoadError> {
        let s = &self.scenario;
        if self.panels.len() > MAX_PANELS {
            return Err(err(format!(
                "Too many panels ({}; at most {MAX_PANELS}).",
                self.panels.len()
            )));
        }
        if s.steps.len() > MAX_STEPS {
            return Err(err(format!(
                "Too long a history ({} steps; at most {MAX_STEPS}).",
                s.steps.len()
            )));
        }
        if self.settings.now > MAX_TIME_MS
            || s.end_ms > MAX_TIME_MS
            || s.steps.iter().any(|st| st.at > MAX_TIME_MS)
        {
            return Err(err("Times beyond a day of simulated time."));
        }
        if !self.settings.speed.is_finite()
            || s.server.hb_interval_ms < MIN_PERIOD_MS
            || s.server.hb_timeout_ms < MIN_PERIOD_MS
            || self.settings.latency_ms > 5000
        {
            return Err(err(
                "The settings are out of range (speed, heartbeat interval or timeout under 10 ms, or latency over 5 s).",
            ));
        }
        super::View::from_value(&self.settings.view).map_err(|e| err(e))?;
        if self.panels.iter().any(|p| {
            p.publisher()
                .is_some_and(|c| c.every_ms > 0 && c.every_ms < MIN_PERIOD_MS)
        }) {
            return Err(err("A publisher publishes more often than every 10 ms."));
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
        for (n, st) in s.steps.iter().enumerate() {
            if let Some(panel) = st.panel {
                if !ids.contains(&panel) {
                    return Err(err(format!(
                        "Step {} names panel {panel}, which is not on the canvas.",
                        n + 1
                    )));
                }
            }
        }
        Ok(())
    }
}

/// A panel for each client a plain scenario names: a listener if it subscribes, else a publisher.
fn auto_panels(scenario: &mut Scenario) -> Vec<Panel> {
    let mut panels: Vec<Panel> = Vec::new();
    let mut client_of_sub = std::collections::HashMap::new();
    for step in &mut scenario.steps {
        let client = match &step.op {
            Op::Connect { client, .. }
            | Op::Subscribe { client, .. }
            | Op::Publish { client, .. }
            | Op::Close { client }
            | Op::Kill { client } => client.clone(),
            Op::Unsubscribe { sub } | Op::SubClose { sub } | Op::Ack { sub, .. } => {
                match client_of_sub.get(sub) {
                    Some(c) => String::clone(c),
                    None => continue,
                }
            }
            Op::Monitor { .. } => continue,
        };
        if let Op::Subscribe { sub, .. } = &step.op {
            client_of_sub.insert(sub.clone(), client.clone());
        }
        let id = match panels.iter().position(|p| p.client_id == client) {
            Some(i) => panels[i].id,
            None => {
                let id = panels.len() as u32 + 1;
                panels.push(Panel {
                    id,
                    name: client.clone(),
                    client_id: client.clone(),
                    pos: Pos::default(),
                    kind: PanelKind::Publisher(PublisherCfg::default()),
                    removed: false,
                    next_auto_publish: None,
                });
                id
            }
        };
        step.panel = Some(id);
        let panel = &mut panels[id as usize - 1];
        match &step.op {
            Op::Subscribe {
                spec, behaviour, ..
            } if !panel.is_listener() => {
                panel.kind = PanelKind::Listener(ListenerCfg {
                    subject: spec.subject.clone(),
                    queue_group: spec.queue.clone().unwrap_or_default(),
                    durable_name: spec.durable.clone().unwrap_or_default(),
                    manual_ack: spec.manual_ack,
                    ack_wait_ms: spec.ack_wait_ms,
                    max_in_flight: spec.max_in_flight,
                    start: match spec.start {
                        StartPosition::NewOnly => StartChoice::NewOnly,
                        StartPosition::First => StartChoice::DeliverAllAvailable,
                        StartPosition::LastReceived => StartChoice::StartWithLastReceived,
                        StartPosition::Sequence(n) => StartChoice::StartAtSequence(n),
                        StartPosition::TimeDelta(ms) => StartChoice::StartAtTimeDelta(ms),
                    },
                    ack: spec.ack.clone(),
                    fail_probability: behaviour.fail_probability,
                    fail_once_on: behaviour.fail_once_on.clone(),
                    processing_ms: behaviour.processing_ms,
                    app: behaviour.app.clone(),
                });
            }
            Op::Publish { subject, data, .. } => {
                if let PanelKind::Publisher(c) = &mut panel.kind {
                    c.subject = subject.clone();
                    c.data = data.clone();
                }
            }
            _ => {}
        }
    }
    let (mut pubs, mut subs) = (0.0, 0.0);
    for p in &mut panels {
        let (x, n) = if p.is_listener() {
            (620.0, &mut subs)
        } else {
            (20.0, &mut pubs)
        };
        p.pos = Pos {
            x,
            y: 20.0 + 190.0 * *n,
        };
        *n += 1.0;
    }
    panels
}

impl Playground {
    pub fn to_saved(&self) -> Saved {
        let mut scenario = self.scenario.clone();
        let started = self.runner.steps_started().max(
            scenario
                .steps
                .iter()
                .rposition(|s| s.at <= self.now())
                .map_or(0, |i| i + 1),
        );
        scenario.steps.truncate(started);
        scenario.end_ms = self.now();
        Saved {
            scenario,
            panels: self.panels.clone(),
            settings: Settings {
                format: FORMAT.into(),
                version: VERSION,
                latency_ms: self.cfg.latency_ms,
                seed: self.cfg.seed,
                now: self.now(),
                speed: self.speed,
                lesson: self.lesson_id.clone(),
                view: self.view.to_value(),
            },
        }
    }

    /// Rebuilds a playground from a saved one and runs it to the saved moment (paused).
    pub fn from_saved(saved: &Saved) -> Playground {
        let st = &saved.settings;
        let cfg = SimConfig {
            latency_ms: st.latency_ms.min(5000),
            seed: st.seed,
        };
        let mut pg = Playground::new(saved.scenario.server.clone(), cfg);
        pg.scenario = saved.scenario.clone();
        pg.panels = saved.panels.clone();
        pg.set_next_panel_id(saved.panels.iter().map(|p| p.id).max().unwrap_or(0) + 1);
        pg.speed = st
            .speed
            .clamp(super::state::MIN_SPEED, super::state::MAX_SPEED);
        pg.playing = false;
        pg.lesson_id = st.lesson.clone();
        pg.view = super::View::from_value(&st.view).unwrap_or_default();
        pg.rebuild_at(st.now);
        pg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Playground {
        crate::playground::fixtures::small_run()
    }

    #[test]
    fn saved_state_reproduces_the_run() {
        let pg = sample();
        assert_eq!(pg.scenario.steps.len(), 4);
        let text = pg.to_saved().to_json();
        let back = Playground::from_saved(&Saved::from_json(&text).unwrap());
        assert_eq!(back.sim().trace(), pg.sim().trace());
        assert_eq!(back.now(), 1500);
        assert_eq!(back.panels.len(), 2);
    }

    #[test]
    fn bad_saved_state_is_refused_with_a_reason() {
        let good = sample().to_saved();
        assert!(Saved::from_json("{")
            .unwrap_err()
            .message
            .contains("invalid JSON"));
        let mut old = good.to_value();
        old["playground"]["version"] = 0.into();
        assert!(Saved::from_json(&old.to_string())
            .unwrap_err()
            .message
            .contains("another version"));
        let mut orphan = good.clone();
        orphan.panels.remove(0);
        assert!(Saved::from_json(&orphan.to_json())
            .unwrap_err()
            .message
            .contains("not on the canvas"));
        let mut bad_step = good.to_value();
        bad_step["steps"][1]["op"] = "dance".into();
        assert!(Saved::from_json(&bad_step.to_string())
            .unwrap_err()
            .message
            .contains("step 2"));
    }

    #[test]
    fn the_view_travels_with_the_playground_and_is_checked() {
        let mut pg = sample();
        pg.view = crate::playground::View {
            zoom: Some(1.25),
            lessons_folded: true,
            inspector_folded: true,
            presenter: true,
            server: Some(Pos { x: 400.0, y: 20.0 }),
        };
        let back = Playground::from_saved(&Saved::from_json(&pg.to_saved().to_json()).unwrap());
        assert_eq!(back.view, pg.view);
        let mut bad = pg.to_saved().to_value();
        bad["playground"]["view"]["zoom"] = 50.into();
        let mut worse = pg.to_saved().to_value();
        worse["playground"]["view"]["server"] = json!([1, "a"]);
        assert!(Saved::from_json(&worse.to_string())
            .unwrap_err()
            .message
            .contains("server"));
        assert!(Saved::from_json(&bad.to_string())
            .unwrap_err()
            .message
            .contains("zoom"));
        // Older saves have no view: the defaults.
        let mut old = pg.to_saved().to_value();
        old["playground"].as_object_mut().unwrap().remove("view");
        let loaded = Saved::from_json(&old.to_string()).unwrap();
        assert_eq!(
            crate::playground::View::from_value(&loaded.settings.view),
            Ok(crate::playground::View::default())
        );
    }
}
