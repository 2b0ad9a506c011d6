//! The playground as saved (autosave, share links, exported files): a scenario in the shared
//! format, extended with the canvas layout (`layout`) and the playground's settings
//! (`playground`). Loading replays the steps, so it reproduces the run exactly. A plain
//! scenario (a golden one, say) loads too: a panel per client, the conformance latency.
//! Everything that comes from outside is checked and bounded before it is used.

use super::panel::{ListenerCfg, Panel, PanelKind, Pos, PublisherCfg};
use super::settings_log::Change;
use super::state::Playground;
use crate::broker::monitor::json::Obj;
use crate::broker::Millis;
use crate::sim::{Op, Scenario};
use serde::Serialize;
use serde_json::Value;

/// A message with a full stop (a refusal's reason, said in a notice).
pub fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

pub const FORMAT: &str = "nats-streaming-playground";
pub const VERSION: u32 = 1;
/// One-way latency of the headless runner and the conformance tests.
pub const CONFORMANCE_LATENCY_MS: Millis = 1;

/// The most a saved playground may take as JSON (autosave, file, link), the scenario format's
/// own limit: what the app writes it can read back.
pub const MAX_BYTES: usize = crate::sim::scenario::MAX_SCENARIO_BYTES;
const MAX_PANELS: usize = 64;
/// Panel ids above this (from outside) are renumbered, so the next new panel's id never wraps.
const MAX_PANEL_ID: u32 = 1_000_000;
/// Panels are placed within this many CSS pixels of the canvas origin.
const MAX_POS: f64 = 100_000.0;
const MAX_STEPS: usize = 20_000;
const MAX_TEXT: usize = 64 * 1024;
/// A day of virtual time: replaying it stays quick in a browser.
const MAX_TIME_MS: Millis = 24 * 3600 * 1000;
/// Heartbeats and auto-publishing faster than this would make replays crawl.
const MIN_PERIOD_MS: Millis = 10;

/// The `playground` key of a saved scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settings {
    pub format: String,
    pub version: u32,
    pub latency_ms: Millis,
    pub seed: u64,
    /// The moment the learner was at.
    pub now: Millis,
    pub speed: f64,
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
    /// The panels' settings in time (`layout.changes`; none in older files).
    pub changes: Vec<Change>,
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

/// The refusal of a saved playground written by another version, if it is one.
fn other_version(text: &str) -> Option<LoadError> {
    let v = crate::json::parse(text).ok()?;
    let n = v.get("playground")?.get("version")?.as_u64()?;
    (n != VERSION as u64).then(|| {
        err(format!(
            "This was saved by another version of the playground (format {n}; this one reads {VERSION})."
        ))
    })
}

impl Saved {
    pub fn to_value(&self) -> Value {
        let mut v = self.scenario.to_value();
        let mut layout = Obj::new().put("panels", super::panel_write::panels(&self.panels));
        if !self.changes.is_empty() {
            let changes: Vec<Value> = self.changes.iter().map(Change::to_value).collect();
            layout = layout.put("changes", changes);
        }
        v["layout"] = layout.done();
        v["playground"] = super::panel_write::settings(&self.settings);
        v
    }

    pub fn to_json(&self) -> String {
        crate::json::to_string(&self.to_value())
    }

    /// Parses and checks a saved playground or a plain scenario.
    pub fn from_json(text: &str) -> Result<Saved, LoadError> {
        if text.len() > MAX_BYTES {
            return Err(err(format!(
                "It is too large ({} bytes; at most {MAX_BYTES}).",
                text.len()
            )));
        }
        let mut scenario = Scenario::parse(text).map_err(|e| {
            // One saved by another version may hold keys this one refuses: say that first.
            other_version(text).unwrap_or_else(|| err(format!("Not a valid scenario: {e}")))
        })?;
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
                    super::panel_read::settings(&v)
                        .map_err(|e| err(format!("The playground settings are damaged ({e}).")))?,
                )
            }
        };
        let (panels, changes) = match scenario.extra.remove("layout") {
            Some(layout) => {
                let damaged = |e| err(format!("The canvas layout is damaged ({e})."));
                let panels =
                    super::panel_read::panels(layout.get("panels").unwrap_or(&Value::Null))
                        .map_err(damaged)?;
                let changes = match layout.get("changes") {
                    None => Vec::new(),
                    Some(c) => super::panel_read::changes(c).map_err(damaged)?,
                };
                (panels, changes)
            }
            None => (auto_panels(&mut scenario), Vec::new()),
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
        let mut saved = Saved {
            scenario,
            panels,
            settings,
            changes,
        };
        saved.check()?;
        saved.renumber_panels();
        // What is accepted must be savable again (a plain scenario gains a layout).
        let again = saved.to_json().len();
        if again > MAX_BYTES {
            return Err(err(format!(
                "It would be too large to save again ({again} bytes once the canvas is added; at most {MAX_BYTES})."
            )));
        }
        Ok(saved)
    }

    /// Ids from outside beyond [`MAX_PANEL_ID`] are renumbered 1, 2, ... in canvas order
    /// (steps follow), so that the next panel's id cannot wrap around into a used one.
    fn renumber_panels(&mut self) {
        if self
            .panels
            .iter()
            .all(|p| (1..=MAX_PANEL_ID).contains(&p.id))
        {
            return;
        }
        // At most MAX_PANELS panels: a search is as quick as a map, and smaller in the wasm.
        let old: Vec<u32> = self.panels.iter().map(|p| p.id).collect();
        let new_id = |id: u32| old.iter().position(|&o| o == id).map(|i| i as u32 + 1);
        for p in &mut self.panels {
            p.id = new_id(p.id).unwrap_or(p.id);
        }
        for st in &mut self.scenario.steps {
            st.panel = st.panel.and_then(new_id);
        }
        for c in &mut self.changes {
            c.panel = new_id(c.panel).unwrap_or(c.panel);
        }
    }

    /// This playground, or when it is too large to save, its history up to the latest
    /// moment that fits ([`MAX_BYTES`]) and that moment. `Err` when even the start does
    /// not fit or something else (a text too long) keeps it from being saved.
    pub fn fitting(&self) -> Result<(Saved, Option<Millis>), LoadError> {
        self.fitting_near(None).map(|(s, at, _)| (s, at))
    }

    /// [`Saved::fitting`], trying first the prefix of `hint` steps (the last answer: a
    /// growing history keeps the same prefix, found in two tries instead of a search).
    /// Also returns how many steps were kept.
    pub fn fitting_near(
        &self,
        hint: Option<usize>,
    ) -> Result<(Saved, Option<Millis>, usize), LoadError> {
        let fits =
            |s: &Saved| s.scenario.steps.len() <= MAX_STEPS && s.to_json().len() <= MAX_BYTES;
        let all = self.scenario.steps.len();
        if fits(self) {
            return Saved::from_json(&self.to_json()).map(|_| (self.clone(), None, all));
        }
        // Copies only the steps it keeps.
        let prefix = |k: usize| {
            let at = self.scenario.steps[k].at;
            let sc = &self.scenario;
            Saved {
                scenario: Scenario {
                    name: sc.name.clone(),
                    description: sc.description.clone(),
                    server: sc.server.clone(),
                    steps: sc.steps[..k].to_vec(),
                    end_ms: at,
                    extra: sc.extra.clone(),
                },
                changes: self
                    .changes
                    .iter()
                    .filter(|c| c.at <= at)
                    .cloned()
                    .collect(),
                panels: self.panels.clone(),
                settings: Settings {
                    now: at,
                    ..self.settings.clone()
                },
            }
        };
        // The largest k (< all steps) whose prefix fits: the prefix grows with k.
        let (mut lo, mut hi) = (0usize, all);
        if let Some(h) = hint.filter(|&h| h < all) {
            if fits(&prefix(h)) && (h + 1 == all || !fits(&prefix(h + 1))) {
                (lo, hi) = (h, h + 1);
            }
        }
        if hi - lo > 1 && !fits(&prefix(0)) {
            return Err(err(format!(
                "Even its canvas alone is too large to save (over {MAX_BYTES} bytes)."
            )));
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(&prefix(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let kept = prefix(lo);
        Saved::from_json(&kept.to_json())?;
        let at = kept.settings.now;
        Ok((kept, Some(at), lo))
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
        super::View::from_value(&self.settings.view).map_err(err)?;
        if self.panels.iter().any(|p| {
            p.publisher()
                .is_some_and(|c| c.every_ms > 0 && c.every_ms < MIN_PERIOD_MS)
        }) {
            return Err(err("A publisher publishes more often than every 10 ms."));
        }
        // At most MAX_PANELS panels (checked above): a search, no hash set in the wasm.
        let mut ids: Vec<u32> = Vec::with_capacity(self.panels.len());
        for p in &self.panels {
            if ids.contains(&p.id) {
                return Err(err(format!("Two panels share the id {}.", p.id)));
            }
            ids.push(p.id);
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
            if !((0.0..=MAX_POS).contains(&p.pos.x) && (0.0..=MAX_POS).contains(&p.pos.y)) {
                return Err(err(format!(
                    "Panel {} is placed off the canvas (x and y from 0 to 100000).",
                    p.id
                )));
            }
        }
        for (n, c) in self.changes.iter().enumerate() {
            if !ids.contains(&c.panel) {
                return Err(err(format!(
                    "Settings change {} names panel {}, which is not on the canvas.",
                    n + 1,
                    c.panel
                )));
            }
            if c.at > self.settings.now.max(s.end_ms) {
                return Err(err(format!(
                    "Settings change {} is after the saved moment.",
                    n + 1
                )));
            }
            let panel = self.panels.iter().find(|p| p.id == c.panel);
            if panel.is_none_or(|p| p.is_listener() != matches!(c.kind, PanelKind::Listener(_))) {
                return Err(err(format!(
                    "Settings change {} gives panel {} the settings of another kind of panel.",
                    n + 1,
                    c.panel
                )));
            }
            if let PanelKind::Publisher(p) = &c.kind {
                if p.every_ms > 0 && p.every_ms < MIN_PERIOD_MS {
                    return Err(err("A publisher publishes more often than every 10 ms."));
                }
            }
            if has_too_long_text(&c.kind) {
                return Err(err("A text in a panel's settings is too long."));
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

/// Whether a panel's settings hold a text longer than a save may (a data editor filled
/// with megabytes, say).
fn has_too_long_text(kind: &PanelKind) -> bool {
    let texts: [&str; 3] = match kind {
        PanelKind::Publisher(c) => [&c.subject, &c.data, ""],
        PanelKind::Listener(c) => [&c.subject, &c.queue_group, &c.durable_name],
    };
    texts.iter().any(|t| t.len() > MAX_TEXT)
}

/// A panel for each client a plain scenario names: a listener if it subscribes, else a publisher.
fn auto_panels(scenario: &mut Scenario) -> Vec<Panel> {
    let mut panels: Vec<Panel> = Vec::new();
    let mut client_of_sub: crate::vecmap::VecMap<String, String> = crate::vecmap::VecMap::new();
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
            Op::Subscribe { spec, handler, .. } if !panel.is_listener() => {
                panel.kind = PanelKind::Listener(ListenerCfg::from_subscribe(spec, handler));
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

/// The autosave keeps the history only up to `t`: a reload replays no more than that.
pub fn work_cut_text(t: Millis) -> String {
    let b = crate::sim::Budget::default();
    format!(
        "This run has grown past what a reload replays (at most {} {}, {} {} and {} {}): the autosave keeps its history up to {} s, and a reload reopens it there.",
        b.deliveries,
        crate::sim::Bound::Deliveries.what(),
        b.messages,
        crate::sim::Bound::Messages.what(),
        b.events,
        crate::sim::Bound::Events.what(),
        crate::num::Fixed(t as f64 / 1000.0, 1)
    )
}

impl Saved {
    /// This history up to moment `t` (its steps until then; it ends and shows `t`).
    pub fn until(mut self, t: Millis) -> Saved {
        self.scenario.steps.retain(|s| s.at <= t);
        self.scenario.end_ms = self.scenario.end_ms.min(t);
        self.settings.now = self.settings.now.min(t);
        self
    }
}

impl Playground {
    /// What a reopened tab replays in full under its work budget: the playground up to
    /// [`Playground::replay_fits_until`], and that moment when it is before now.
    pub fn to_saved_reopenable(&self) -> (Saved, Option<Millis>) {
        let fits = self.replay_fits_until();
        if fits >= self.now() {
            (self.to_saved(), None)
        } else {
            (self.saved_steps_to(Some(fits)).until(fits), Some(fits))
        }
    }

    pub fn to_saved(&self) -> Saved {
        self.saved_steps_to(None)
    }

    /// The saved playground with the history up to now, or up to `until`: only those steps
    /// are copied (a long run's autosave copies the part it keeps, not all of it).
    fn saved_steps_to(&self, until: Option<Millis>) -> Saved {
        let all = &self.scenario.steps;
        let started = self
            .runner
            .steps_started()
            .max(
                all.iter()
                    .rposition(|s| s.at <= self.now())
                    .map_or(0, |i| i + 1),
            )
            .min(all.len());
        // Steps are in time order: those up to `until` are a prefix.
        let n = until.map_or(started, |t| started.min(all.partition_point(|s| s.at <= t)));
        let mut scenario = Scenario {
            name: self.scenario.name.clone(),
            description: self.scenario.description.clone(),
            server: self.scenario.server.clone(),
            steps: all[..n].to_vec(),
            end_ms: self.now(),
            extra: self.scenario.extra.clone(),
        };
        // A publish the client refused for its size reached no server and changed nothing
        // but a console line; its data (over max_payload) would make the history unsavable.
        let max_payload = scenario.server.max_payload;
        scenario.steps.retain(
            |st| !matches!(&st.op, Op::Publish { data, .. } if data.len() as u64 > max_payload),
        );
        let now = self.now();
        Saved {
            scenario,
            changes: self
                .settings_log
                .changes()
                .iter()
                // Settings that could not be saved (a text over the limit) were in force
                // for a while only: the save keeps the others.
                .filter(|c| c.at <= now && !has_too_long_text(&c.kind))
                .cloned()
                .collect(),
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

    /// Rebuilds a playground from a saved one and runs it to the saved moment (paused), with
    /// no bound on the work (trusted input: lessons, tests). Outside input goes through
    /// [`super::Replay`] with a budget.
    pub fn from_saved(saved: &Saved) -> Playground {
        super::Replay::start(saved, None).run().0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        // Even when it holds a key this version's strict reader refuses.
        old["steps"][0]["retired_key"] = true.into();
        assert!(Saved::from_json(&old.to_string())
            .unwrap_err()
            .message
            .contains("another version of the playground (format 0;"));
        let mut typo = good.to_value();
        typo["steps"][0]["clinet"] = "x".into();
        let message = Saved::from_json(&typo.to_string()).unwrap_err().message;
        assert!(
            message.contains(
                "step 1 (index 0, connect): key `clinet`: unknown key; did you mean `client`?"
            ),
            "{message}"
        );
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

    #[test]
    fn panel_ids_from_outside_are_renumbered_and_far_positions_refused() {
        let mut v = sample().to_saved().to_value();
        v["layout"]["panels"][0]["id"] = u32::MAX.into();
        for st in v["steps"].as_array_mut().unwrap() {
            if st["panel"] == 1 {
                st["panel"] = u32::MAX.into();
            }
        }
        for c in v["layout"]["changes"].as_array_mut().unwrap() {
            if c["panel"] == 1 {
                c["panel"] = u32::MAX.into();
            }
        }
        let saved = Saved::from_json(&v.to_string()).unwrap();
        assert!(saved.changes.iter().all(|c| c.panel <= 2), "changes follow");
        let ids: Vec<u32> = saved.panels.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 2]);
        let mut pg = Playground::from_saved(&saved);
        pg.apply(crate::playground::Action::AddPublisher);
        assert_eq!(pg.panels.last().unwrap().id, 3, "the next id does not wrap");
        assert_eq!(pg.sim().trace(), sample().sim().trace());

        let mut far = sample().to_saved().to_value();
        far["layout"]["panels"][1]["pos"]["x"] = 1e308.into();
        let e = Saved::from_json(&far.to_string()).unwrap_err();
        assert!(
            e.message.contains("Panel 2 is placed off the canvas"),
            "{e}"
        );
    }

    #[test]
    fn two_panels_with_one_id_are_refused_naming_the_id() {
        let mut v = sample().to_saved().to_value();
        v["layout"]["panels"][1]["id"] = v["layout"]["panels"][0]["id"].clone();
        let e = Saved::from_json(&v.to_string()).unwrap_err();
        assert!(e.message.contains("Two panels share the id 1."), "{e}");
    }

    #[test]
    fn a_plain_scenario_gets_a_panel_per_client_and_its_sub_steps_follow_the_subscriber() {
        let text = r#"{"steps":[
            {"op":"connect","client":"pub"},
            {"op":"connect","client":"sub"},
            {"op":"ack","sub":"early","seq":1},
            {"op":"subscribe","client":"sub","sub":"s1","subject":"x"},
            {"op":"publish","client":"pub","subject":"x","data":"a"},
            {"op":"unsubscribe","sub":"s1"}]}"#;
        let saved = Saved::from_json(text).unwrap();
        let names: Vec<(&str, bool)> = saved
            .panels
            .iter()
            .map(|p| (p.client_id.as_str(), p.is_listener()))
            .collect();
        assert_eq!(names, [("pub", false), ("sub", true)]);
        let panels: Vec<Option<u32>> = saved.scenario.steps.iter().map(|s| s.panel).collect();
        // The ack names a label no earlier step subscribed: no panel.
        assert_eq!(panels, [Some(1), Some(2), None, Some(2), Some(1), Some(2)]);
    }

    #[test]
    fn a_publish_refused_for_its_size_is_not_kept_in_the_history() {
        let mut pg = sample();
        let mut cfg = pg.panel(2).unwrap().publisher().unwrap().clone();
        cfg.data = format!("\"{}\"", "x".repeat(1_100_000));
        pg.apply(crate::playground::Action::EditPublisher(2, cfg.clone()));
        pg.apply(crate::playground::Action::Publish(2));
        // Later, with the clock running: the oversized settings were in force for a while.
        let later = pg.now() + 1_000;
        pg.apply(crate::playground::Action::Seek(later));
        cfg.data = "{}".into();
        pg.apply(crate::playground::Action::EditPublisher(2, cfg));
        let saved = pg.to_saved();
        assert_eq!(saved.scenario.steps.len(), 4);
        assert!(
            saved.changes.iter().all(|c| !has_too_long_text(&c.kind)),
            "the settings that cannot be saved are left out"
        );
        assert!(saved.to_json().len() < 100_000);
        assert!(Saved::from_json(&saved.to_json()).is_ok());
    }

    #[test]
    fn too_large_a_history_saves_its_longest_prefix_that_fits() {
        let mut pg = sample();
        let mut cfg = pg.panel(2).unwrap().publisher().unwrap().clone();
        cfg.data = format!("\"{}\"", "y".repeat(60_000));
        pg.apply(crate::playground::Action::EditPublisher(2, cfg));
        for i in 0..40 {
            pg.apply(crate::playground::Action::Seek(2_000 + i * 100));
            pg.apply(crate::playground::Action::Publish(2));
        }
        let saved = pg.to_saved();
        assert!(saved.to_json().len() > MAX_BYTES);
        let (kept, at) = saved.fitting().unwrap();
        let at = at.expect("only a part fits");
        assert!(kept.to_json().len() <= MAX_BYTES);
        assert!(kept.scenario.steps.len() > 4 && kept.scenario.steps.len() < 44);
        assert_eq!(kept.settings.now, at);
        assert!(Saved::from_json(&kept.to_json()).is_ok());
        let n = kept.scenario.steps.len();
        let (again, at2, k) = saved.fitting_near(Some(n)).unwrap();
        assert_eq!(
            (again, at2, k),
            (kept.clone(), Some(at), n),
            "the hint gives the same answer"
        );
        let (_, _, k) = saved.fitting_near(Some(1)).unwrap();
        assert_eq!(k, n, "a wrong hint falls back on the search");
        let (small, none) = sample().to_saved().fitting().unwrap();
        assert_eq!((small, none), (sample().to_saved(), None));
    }

    #[test]
    fn a_file_accepted_is_one_the_app_can_save_again() {
        // A plain scenario just under the limit gains a canvas and settings when saved.
        let head = r#"{"name":"big","description":""#;
        let tail = r#"","steps":[{"at":0,"op":"connect","client":"a"}],"end_ms":0}"#;
        let pad = "d".repeat(MAX_BYTES - head.len() - tail.len() - 10);
        let text = format!("{head}{pad}{tail}");
        assert!(text.len() <= MAX_BYTES);
        let e = Saved::from_json(&text).unwrap_err();
        assert!(e.message.contains("too large to save again"), "{e}");
        let small = format!("{head}{}{tail}", &pad[..1000]);
        let saved = Saved::from_json(&small).unwrap();
        assert!(Saved::from_json(&saved.to_json()).is_ok());
    }
}
