//! The playground's whole state and its reducer. The UI draws this and dispatches
//! [`Action`]s; every delivery decision stays in the broker and the simulation.
//!
//! The history is a scenario in the shared format: each learner action becomes a step at
//! the virtual time it happened, played by the same [`Runner`] as the headless runner and the
//! conformance tests. The [`Timeline`] keeps checkpoints of the whole simulation: going to a
//! moment restores the nearest one before it and runs forward. Acting after going back forks
//! history; the abandoned future is kept and [`Action::UndoFork`] brings it back.

use super::marks::{marks_in, sim_marks, Mark, MarkKind};
use super::panel::{ListenerCfg, Panel, PanelId, PanelKind, Pos, PublisherCfg};
use super::settings_log::SettingsLog;
use super::timeline::{Branch, Snapshot, Timeline};
use crate::broker::{Event, Millis, RemovalReason, ServerOptions};
use crate::sim::budget::{usage, Budget};
use crate::sim::runner::{RunConfig, Runner};
use crate::sim::{Op, ProcId, ProcState, Scenario, Sim, SimConfig, Step};

/// Virtual time the playground may skip in one "jump to next ..." (10 minutes).
const JUMP_LIMIT_MS: Millis = 600_000;
pub const MIN_SPEED: f64 = 0.1;
/// Heartbeats and auto-publishing are never faster than this (a replay must stay quick).
pub const MIN_PERIOD_MS: Millis = 10;
pub const MAX_SPEED: f64 = 100.0;
/// The trace, the server's log and each subscription's receipts keep about this many recent
/// entries (the consoles and timeline show the recent past; the run itself stays exact).
pub const RECORDS_KEPT: usize = 32_768;
/// A history is saved only as far as its replay stays within this share of the work budget
/// a reopened tab replays under (two replays of one history count about the same work).
const REPLAY_SHARE: f64 = 0.9;
/// A checkpoint keeps fewer of them (after going back, the consoles show these and what
/// happens from there). Few, so that a 60-minute run keeps a checkpoint every few seconds
/// within [`super::timeline::CHECKPOINT_BYTES`] and a seek replays little.
pub const CHECKPOINT_RECORDS: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    AddPublisher,
    AddListener,
    /// A panel dragged from the toolbar and dropped at this canvas position (its top-left).
    AddPublisherAt(Pos),
    AddListenerAt(Pos),
    Remove(PanelId),
    Move(PanelId, Pos),
    Nudge(PanelId, f64, f64),
    Rename(PanelId, String),
    Select(Option<PanelId>),
    SetClientId(PanelId, String),
    EditPublisher(PanelId, PublisherCfg),
    EditListener(PanelId, ListenerCfg),
    Connect(PanelId),
    /// Starts the panel's program: a publisher connects; a listener connects and then
    /// subscribes with its options (`listener.ts`'s `on('connect')`).
    Start(PanelId),
    /// Makes a listener's edited options take effect: `subscription.close()`, then
    /// `stan.subscribe(...)` with the new options.
    ApplyListenerOptions(PanelId),
    Close(PanelId),
    Kill(PanelId),
    Publish(PanelId),
    Subscribe(PanelId),
    Unsubscribe(PanelId),
    CloseSubscription(PanelId),
    Ack(PanelId, u64),
    Play,
    Pause,
    TogglePlay,
    SetSpeed(f64),
    /// Wall-clock milliseconds since the last tick (the UI's animation frame).
    Tick(f64),
    Step,
    JumpTo(MarkKind),
    Seek(Millis),
    /// Brings back the future the last fork abandoned.
    UndoFork,
    SetServer(ServerOptions),
    SetLatency(Millis),
    DismissNotice,
}

#[derive(Clone, Debug)]
pub struct Playground {
    /// The history so far, in the shared scenario format.
    pub scenario: Scenario,
    pub cfg: SimConfig,
    pub runner: Runner,
    pub panels: Vec<Panel>,
    pub playing: bool,
    pub speed: f64,
    pub selected: Option<PanelId>,
    pub notice: Option<Notice>,
    /// The lesson this canvas belongs to, if any (saved with it).
    pub lesson_id: Option<String>,
    /// How the canvas is shown (saved with it; the simulation never reads it).
    pub view: super::View,
    /// Checkpoints, the end of the known run, the abandoned future.
    pub timeline: Timeline,
    /// The panels' settings in time (saved with the playground).
    pub settings_log: SettingsLog,
    next_panel: PanelId,
    frac_ms: f64,
    /// See [`Playground::history_gen`].
    gen: u64,
    /// See [`Playground::replay_fits_until`].
    fits_until: Millis,
    /// How fast the clock really went lately, while playing (the frames' work budget may
    /// not reach the asked speed).
    pub pace: super::pace::Pace,
}

/// A learner's run: not bounded, but its work is counted ([`Playground::replay_fits_until`]).
fn counted_runner(scenario: &Scenario, cfg: &SimConfig) -> Runner {
    let mut r = Runner::new(scenario, &RunConfig { sim: cfg.clone() });
    r.sim.count_work();
    r
}

/// A number no playground's run had before ([`Playground::history_gen`]).
fn new_gen() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The course's server: `-cid ticketing -hbi 5s -hbt 5s -hbf 2`.
pub fn course_server() -> ServerOptions {
    ServerOptions {
        cluster_id: "ticketing".into(),
        hb_interval_ms: 5000,
        hb_timeout_ms: 5000,
        hb_fail_count: 2,
        ..ServerOptions::default()
    }
}

impl Default for Playground {
    fn default() -> Self {
        Self::new(
            course_server(),
            SimConfig {
                latency_ms: 100,
                seed: 1,
            },
        )
    }
}

impl Playground {
    pub fn new(server: ServerOptions, cfg: SimConfig) -> Self {
        let scenario = Scenario {
            name: "playground".into(),
            description: String::new(),
            server,
            steps: Vec::new(),
            end_ms: 0,
            extra: Default::default(),
        };
        let runner = counted_runner(&scenario, &cfg);
        Self {
            scenario,
            cfg,
            runner,
            panels: Vec::new(),
            playing: true,
            speed: 1.0,
            selected: None,
            notice: None,
            lesson_id: None,
            view: super::View::default(),
            timeline: Timeline::default(),
            settings_log: SettingsLog::default(),
            next_panel: 1,
            frac_ms: 0.0,
            gen: new_gen(),
            fits_until: 0,
            pace: Default::default(),
        }
    }

    pub fn sim(&self) -> &Sim {
        &self.runner.sim
    }

    pub fn server(&self) -> &ServerOptions {
        &self.scenario.server
    }

    pub fn now(&self) -> Millis {
        self.runner.sim.now()
    }

    pub(super) fn set_next_panel_id(&mut self, id: PanelId) {
        self.next_panel = id;
    }

    /// The panels on the canvas (not removed).
    pub fn visible_panels(&self) -> impl Iterator<Item = &Panel> {
        self.panels.iter().filter(|p| !p.removed)
    }

    pub fn panel(&self, id: PanelId) -> Option<&Panel> {
        self.panels.iter().find(|p| p.id == id)
    }

    fn panel_mut(&mut self, id: PanelId) -> Option<&mut Panel> {
        self.panels.iter_mut().find(|p| p.id == id)
    }

    /// The processes a panel has had (oldest first).
    pub fn procs_of(&self, id: PanelId) -> impl Iterator<Item = ProcId> + '_ {
        self.runner
            .connects()
            .iter()
            .filter(move |(p, _)| *p == Some(id))
            .map(|(_, pr)| *pr)
    }

    /// The process behind a panel now (its latest connection).
    pub fn proc_of(&self, id: PanelId) -> Option<ProcId> {
        self.procs_of(id).last()
    }

    pub fn is_connected(&self, id: PanelId) -> bool {
        self.proc_of(id)
            .and_then(|p| self.sim().proc(p))
            .is_some_and(|p| p.is_connected())
    }

    pub fn proc_state(&self, id: PanelId) -> Option<ProcState> {
        self.proc_of(id)
            .and_then(|p| self.sim().proc(p))
            .map(|p| p.state.clone())
    }

    /// The label of the subscription made by the panel's current connection, if any.
    pub fn sub_label(&self, id: PanelId) -> Option<String> {
        let i = super::listener::current_sim_sub(self, id)?;
        self.sim().subs().get(i).map(|s| s.label.clone())
    }

    /// Whether a subscribe of this panel is recorded but has not started yet (it waits for
    /// the connection, as a program subscribes in `on('connect')`).
    pub fn subscribe_waiting(&self, id: PanelId) -> bool {
        let started = self.runner.steps_started().min(self.scenario.steps.len());
        self.scenario.steps[started..]
            .iter()
            .any(|s| s.panel == Some(id) && matches!(s.op, Op::Subscribe { .. }))
    }

    /// The client id of the panel's current connection.
    fn client_name(&self, id: PanelId) -> Option<String> {
        self.proc_of(id)
            .and_then(|p| self.sim().proc(p))
            .map(|p| p.client_id.clone())
    }

    /// Timeline marks of the whole known run (also those ahead after going back).
    pub fn marks(&self) -> Vec<Mark> {
        let sim = match &self.timeline.head {
            Some(h) => &h.runner.sim,
            None => self.sim(),
        };
        let mut marks = sim_marks(sim);
        marks.extend(self.scenario.steps.iter().filter_map(|s| match s.op {
            Op::Kill { .. } => Some(Mark {
                t: s.at,
                kind: MarkKind::Kill,
            }),
            _ => None,
        }));
        super::marks::in_time_order(&mut marks);
        marks
    }

    /// The latest moment the history reaches (the end of the timeline).
    pub fn horizon(&self) -> Millis {
        self.scenario
            .steps
            .last()
            .map_or(0, |s| s.at)
            .max(self.now())
            .max(self.timeline.known_end())
    }

    /// The known run ends at the last recorded step or now (a replay cut short).
    pub(super) fn end_known_run_here(&mut self) {
        self.timeline.head = None;
        self.timeline.branch = None;
        self.timeline.known_end = self
            .scenario
            .steps
            .last()
            .map_or(0, |s| s.at)
            .max(self.now());
    }

    /// Whether the last fork can be undone.
    pub fn can_undo_fork(&self) -> bool {
        self.timeline.branch().is_some()
    }

    fn error(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            kind: NoticeKind::Error,
            text: text.into(),
        });
    }

    fn info(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            kind: NoticeKind::Info,
            text: text.into(),
        });
    }

    fn free_spot(&self, listener: bool) -> Pos {
        let col = if listener { 620.0 } else { 20.0 };
        let n = self
            .visible_panels()
            .filter(|p| p.is_listener() == listener)
            .count() as f64;
        Pos {
            x: col,
            y: 20.0 + 190.0 * n,
        }
    }

    /// Adds a panel and returns its id.
    pub fn add_panel(&mut self, kind: PanelKind) -> PanelId {
        let id = self.next_panel;
        self.next_panel += 1;
        let listener = matches!(kind, PanelKind::Listener(_));
        let pos = self.free_spot(listener);
        let client_id = self.runner.sim.random_client_id();
        let name = format!("{} {}", if listener { "Listener" } else { "Publisher" }, id);
        self.settings_log.record(self.now(), id, &kind);
        self.panels.push(Panel {
            id,
            name,
            client_id,
            pos,
            kind,
            removed: false,
            next_auto_publish: None,
        });
        self.selected = Some(id);
        id
    }

    // ------------------------------------------------------------------ reducer

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::AddPublisher => {
                self.add_panel(PanelKind::Publisher(PublisherCfg::default()));
            }
            Action::AddListener => {
                self.add_panel(PanelKind::Listener(ListenerCfg::default()));
            }
            Action::AddPublisherAt(pos) => {
                let id = self.add_panel(PanelKind::Publisher(PublisherCfg::default()));
                self.apply(Action::Move(id, pos));
            }
            Action::AddListenerAt(pos) => {
                let id = self.add_panel(PanelKind::Listener(ListenerCfg::default()));
                self.apply(Action::Move(id, pos));
            }
            Action::Remove(id) => {
                if self.is_connected(id) {
                    self.close(id);
                }
                if let Some(p) = self.panel_mut(id) {
                    p.removed = true;
                    p.next_auto_publish = None;
                }
                if self.selected == Some(id) {
                    self.selected = None;
                }
            }
            Action::Move(id, pos) => {
                if let Some(p) = self.panel_mut(id) {
                    p.pos = Pos {
                        x: pos.x.max(0.0),
                        y: pos.y.max(0.0),
                    };
                }
            }
            Action::Nudge(id, dx, dy) => {
                if let Some(p) = self.panel_mut(id) {
                    p.pos = Pos {
                        x: (p.pos.x + dx).max(0.0),
                        y: (p.pos.y + dy).max(0.0),
                    };
                }
            }
            Action::Rename(id, name) => {
                if let Some(p) = self.panel_mut(id) {
                    p.name = name;
                }
            }
            Action::Select(id) => self.selected = id,
            Action::SetClientId(id, client_id) => {
                if let Some(p) = self.panel_mut(id) {
                    p.client_id = client_id;
                }
            }
            Action::EditPublisher(id, cfg) => self.edit_publisher(id, cfg),
            Action::EditListener(id, cfg) => {
                if let Some(p) = self.panel_mut(id) {
                    if let PanelKind::Listener(old) = &mut p.kind {
                        *old = cfg;
                    }
                }
                self.record_settings(id);
            }
            Action::Connect(id) => self.connect(id),
            Action::Start(id) => self.start_program(id),
            Action::ApplyListenerOptions(id) => self.apply_listener_options(id),
            Action::Close(id) => self.close(id),
            Action::Kill(id) => {
                if let Some(client) = self.client_name(id).filter(|_| self.is_connected(id)) {
                    self.step(id, Op::Kill { client });
                }
            }
            Action::Publish(id) => self.publish_from(id),
            Action::Subscribe(id) => self.subscribe_from(id),
            Action::Unsubscribe(id) => {
                if let Some(sub) = self.sub_label(id) {
                    self.step(id, Op::Unsubscribe { sub });
                }
            }
            Action::CloseSubscription(id) => {
                if let Some(sub) = self.sub_label(id) {
                    self.step(id, Op::SubClose { sub });
                }
            }
            Action::Ack(id, seq) => {
                if let Some(sub) = self.sub_label(id) {
                    self.step(id, Op::Ack { sub, seq });
                }
            }
            Action::Play => self.playing = true,
            Action::Pause => self.playing = false,
            Action::TogglePlay => self.playing = !self.playing,
            Action::SetSpeed(s) => {
                self.pace = Default::default();
                self.speed = if s.is_finite() {
                    s.clamp(MIN_SPEED, MAX_SPEED)
                } else {
                    1.0
                };
            }
            Action::Tick(wall_ms) => self.play_frame(wall_ms, || true),
            Action::Step => match self.next_happening() {
                Some(t) => self.advance_to(t.max(self.now())),
                None => self.info("Nothing is scheduled: publish something or connect a client."),
            },
            Action::JumpTo(kind) => self.jump_to(kind),
            Action::Seek(t) => self.seek(t),
            Action::UndoFork => self.undo_fork(),
            Action::SetServer(mut opts) => {
                opts.hb_interval_ms = opts.hb_interval_ms.max(MIN_PERIOD_MS);
                opts.hb_timeout_ms = opts.hb_timeout_ms.max(MIN_PERIOD_MS);
                let had_history = !self.scenario.steps.is_empty();
                self.scenario.server = opts;
                self.scenario.steps.clear();
                self.rebuild_at(0);
                if had_history {
                    self.info(
                        "Server restarted with the new settings: the memory store starts empty.",
                    );
                }
            }
            Action::SetLatency(ms) => {
                self.cfg.latency_ms = ms.min(5000);
                let now = self.now();
                self.rebuild_at(now);
            }
            Action::DismissNotice => self.notice = None,
        }
    }

    fn connect(&mut self, id: PanelId) {
        let Some(client) = self.panel(id).map(|p| p.client_id.clone()) else {
            return;
        };
        if self.is_connected(id) || self.proc_state(id) == Some(ProcState::Connecting) {
            self.error("Already connected: close or kill it first.");
            return;
        }
        self.step(
            id,
            Op::Connect {
                client,
                cluster_id: None,
            },
        );
        let now = self.now();
        if let Some(p) = self.panel_mut(id) {
            if let PanelKind::Publisher(c) = &p.kind {
                p.next_auto_publish = (c.every_ms > 0).then_some(now.saturating_add(c.every_ms));
            }
        }
    }

    /// Starts the panel's program (a new process with a new connection).
    fn start_program(&mut self, id: PanelId) {
        let Some(panel) = self.panel(id) else { return };
        let Some(cfg) = panel.listener().cloned() else {
            self.connect(id);
            return;
        };
        let client = panel.client_id.clone();
        if matches!(
            self.proc_state(id),
            Some(ProcState::Connecting | ProcState::Connected(_) | ProcState::Closing(_))
        ) {
            self.error("Already running: close or kill it first.");
            return;
        }
        self.step(
            id,
            Op::Connect {
                client: client.clone(),
                cluster_id: None,
            },
        );
        // Recorded now, started by the runner once the connect has its answer.
        self.record_subscribe(id, client, &cfg);
    }

    /// Closes the live subscription and subscribes again with the panel's options.
    fn apply_listener_options(&mut self, id: PanelId) {
        let Some(sub) = self.sub_label(id) else {
            self.error("No subscription to change: subscribe first.");
            return;
        };
        if !self.is_connected(id) {
            self.error("stan: Connection closed. Connect the listener first.");
            return;
        }
        self.step(id, Op::SubClose { sub });
        self.subscribe_from(id);
    }

    fn close(&mut self, id: PanelId) {
        match self.client_name(id).filter(|_| self.is_connected(id)) {
            Some(client) => self.step(id, Op::Close { client }),
            None => self.error("Not connected."),
        }
    }

    fn publish_from(&mut self, id: PanelId) {
        let Some(cfg) = self.panel(id).and_then(Panel::publisher).cloned() else {
            return;
        };
        if let Err(e) = crate::json::parse(&cfg.data) {
            self.error(format!(
                "The data is not valid JSON ({e}); nothing was sent."
            ));
            return;
        }
        let Some(client) = self.client_name(id).filter(|_| self.is_connected(id)) else {
            self.error("stan: Connection closed. Connect the publisher first.");
            return;
        };
        self.step(
            id,
            Op::Publish {
                client,
                subject: cfg.subject,
                data: cfg.data,
            },
        );
    }

    fn subscribe_from(&mut self, id: PanelId) {
        let Some(cfg) = self.panel(id).and_then(Panel::listener).cloned() else {
            return;
        };
        let Some(client) = self.client_name(id).filter(|_| self.is_connected(id)) else {
            self.error("stan: Connection closed. Connect the listener first.");
            return;
        };
        self.record_subscribe(id, client, &cfg);
    }

    /// The shortest auto-publish period the model keeps for each of `n` publishers that
    /// publish every N ms: recorded steps run one after another and a publish waits for its
    /// ack (one round trip) before the next starts, so `n` of them share that lane.
    pub fn fastest_auto_publish_for(&self, n: usize) -> Millis {
        let round_trip = self.cfg.latency_ms.saturating_mul(2).saturating_add(1);
        MIN_PERIOD_MS.max(round_trip.saturating_mul(n.max(1) as Millis))
    }

    /// [`Playground::fastest_auto_publish_for`] the publishers on the canvas that publish
    /// every N ms now (at least one).
    pub fn fastest_auto_publish(&self) -> Millis {
        self.fastest_auto_publish_for(self.auto_publishers(None) + 1)
    }

    /// Publishers on the canvas (but `except`) that publish every N ms.
    fn auto_publishers(&self, except: Option<PanelId>) -> usize {
        self.visible_panels()
            .filter(|p| Some(p.id) != except)
            .filter(|p| p.publisher().is_some_and(|c| c.every_ms > 0))
            .count()
            .saturating_sub(usize::from(except.is_none()))
    }

    /// A publisher's new settings. "Every N ms" is never faster than the model keeps: with
    /// other publishers publishing every N ms, they all slow down to what the lane of steps
    /// holds, and the notice says so.
    fn edit_publisher(&mut self, id: PanelId, mut cfg: PublisherCfg) {
        if cfg.every_ms > 0 {
            let n = self.auto_publishers(Some(id)) + 1;
            let fastest = self.fastest_auto_publish_for(n);
            let mut slowed: Vec<String> = Vec::new();
            let mut slowed_ids: Vec<PanelId> = Vec::new();
            let now = self.now();
            for i in 0..self.panels.len() {
                if self.panels[i].id == id || self.panels[i].removed {
                    continue;
                }
                let connected = self.is_connected(self.panels[i].id);
                let p = &mut self.panels[i];
                if let PanelKind::Publisher(c) = &mut p.kind {
                    if c.every_ms > 0 && c.every_ms < fastest {
                        c.every_ms = fastest;
                        p.next_auto_publish = connected.then_some(now.saturating_add(fastest));
                        slowed.push(p.name.clone());
                        slowed_ids.push(p.id);
                    }
                }
            }
            for other in slowed_ids {
                self.record_settings(other);
            }
            let latency = self.cfg.latency_ms;
            let turns = if n > 1 {
                format!(", and the {n} publishers that publish every N ms take turns (recorded steps run one after another)")
            } else {
                String::new()
            };
            let others = if slowed.is_empty() {
                String::new()
            } else {
                format!(" {} now publish every {fastest} ms too.", slowed.join(", "))
            };
            if cfg.every_ms < fastest {
                self.info(format!(
                    "Every {} ms is faster than the model keeps here: a publish waits for its ack ({latency} ms of latency each way){turns}. It publishes every {fastest} ms.{others}",
                    cfg.every_ms
                ));
                cfg.every_ms = fastest;
            } else if !slowed.is_empty() {
                self.info(format!(
                    "A publish waits for its ack ({latency} ms of latency each way){turns}.{others}"
                ));
            }
        }
        let now = self.now();
        let connected = self.is_connected(id);
        if let Some(p) = self.panel_mut(id) {
            if let PanelKind::Publisher(old) = &mut p.kind {
                let every_changed = old.every_ms != cfg.every_ms;
                *old = cfg;
                if every_changed {
                    p.next_auto_publish =
                        (old.every_ms > 0 && connected).then_some(now.saturating_add(old.every_ms));
                }
            }
        }
        self.record_settings(id);
    }

    /// Records a learner's action as a step now and starts it. Acting before the end of the
    /// known run forks history: the steps that lay ahead are kept aside for [`Action::UndoFork`].
    fn step(&mut self, panel: PanelId, op: Op) {
        let now = self.now();
        if now < self.timeline.known_end {
            self.fork(now);
        }
        self.scenario.steps.push(Step {
            at: now,
            op,
            panel: Some(panel),
        });
        self.runner.advance(&self.scenario.steps, now);
    }

    fn fork(&mut self, now: Millis) {
        let shared = self
            .scenario
            .steps
            .iter()
            .rposition(|s| s.at <= now)
            .map_or(0, |i| i + 1)
            .max(self.runner.steps_started());
        let steps = self.scenario.steps.split_off(shared);
        let checkpoints = self.timeline.cut_from(now);
        let settings = self.settings_log.split_after(now);
        self.timeline.branch = Some(Branch {
            at: now,
            shared,
            steps,
            settings,
            checkpoints,
            head: self.timeline.head.take(),
            known_end: self.timeline.known_end,
        });
        self.timeline.known_end = now;
        self.info(
            "You changed the past: history forked here, and what lay ahead is gone. \"Undo fork\" brings it back.",
        );
    }

    fn undo_fork(&mut self) {
        let Some(b) = self.timeline.branch.take() else {
            self.error("There is no fork to undo.");
            return;
        };
        self.scenario.steps.truncate(b.shared);
        self.scenario.steps.extend(b.steps);
        self.timeline.cut_from(b.at);
        self.timeline.checkpoints.extend(b.checkpoints);
        self.timeline.known_end = b.known_end;
        self.timeline.head = None;
        self.settings_log.put_back(b.at, b.settings);
        self.go_back_to(b.at);
        self.timeline.head = b.head;
        self.settings_in_force();
        self.info("Fork undone: the future you had left is back.");
    }

    /// The whole simulation now, for a checkpoint.
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            runner: self.runner.clone(),
            auto: self
                .panels
                .iter()
                .map(|p| (p.id, p.next_auto_publish))
                .collect(),
            fits_until: self.fits_until,
            weight: 0,
        }
    }

    /// Records a panel's settings as they are now.
    fn record_settings(&mut self, id: PanelId) {
        let now = self.now();
        if let Some(kind) = self.panel(id).map(|p| p.kind.clone()) {
            self.settings_log.record(now, id, &kind);
        }
    }

    /// Gives each panel the settings in force now (after a move in time).
    pub(super) fn settings_in_force(&mut self) {
        let now = self.now();
        let log = &self.settings_log;
        for p in &mut self.panels {
            if let Some(kind) = log.at(now, p.id) {
                if p.kind != *kind {
                    p.kind = kind.clone();
                }
            }
        }
        // A replayed run (a reloaded one) has no auto-publish schedule in its checkpoints:
        // a connected publisher that publishes every N ms carries on from here.
        let idle: Vec<(PanelId, Millis)> = self
            .panels
            .iter()
            .filter(|p| p.next_auto_publish.is_none() && !p.removed)
            .filter_map(|p| Some((p.id, p.publisher()?.every_ms)))
            .filter(|&(id, every)| every > 0 && self.is_connected(id))
            .collect();
        for (id, every) in idle {
            if let Some(p) = self.panel_mut(id) {
                p.next_auto_publish = Some(now.saturating_add(every));
            }
        }
    }

    /// A checkpoint: the whole simulation with fewer of its records, and its weight.
    fn checkpoint(&self) -> Snapshot {
        let mut snap = self.snapshot();
        snap.runner.sim.keep_recent(CHECKPOINT_RECORDS);
        snap.weight = snap.runner.sim.weight();
        snap
    }

    fn restore(&mut self, snap: &Snapshot) {
        self.gen = new_gen();
        self.fits_until = snap.fits_until;
        self.runner = snap.runner.clone();
        for p in &mut self.panels {
            p.next_auto_publish = snap
                .auto
                .iter()
                .find(|(id, _)| *id == p.id)
                .and_then(|(_, t)| *t);
        }
    }

    fn next_auto_publish(&self) -> Option<Millis> {
        self.panels.iter().filter_map(|p| p.next_auto_publish).min()
    }

    /// When anything next happens: a recorded step, the simulation, an auto-publish.
    pub fn next_wake(&self) -> Option<Millis> {
        [
            self.runner.next_wake(&self.scenario.steps),
            self.sim().next_time(),
            self.next_auto_publish(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn next_happening(&self) -> Option<Millis> {
        self.next_wake()
    }

    /// Runs to `t`: recorded steps start as they come due, auto-publishers fire, and
    /// checkpoints are taken on the way.
    pub fn advance_to(&mut self, t: Millis) {
        if t >= self.timeline.known_end {
            if let Some(head) = self.timeline.head.take() {
                // The end of the known run: continue from its state as it was.
                if head.t() >= self.now() {
                    self.restore(&head);
                }
            }
        }
        loop {
            let due = self.timeline.next_checkpoint();
            if due > t {
                break;
            }
            if due > self.now() {
                self.run_to(due);
            }
            if self.now() < due {
                // The run cannot go on (a work budget stopped it).
                return;
            }
            self.runner.sim.keep_recent(RECORDS_KEPT);
            let snap = self.checkpoint();
            self.timeline.offer(self.now(), || snap);
        }
        self.run_to(t);
        self.runner.sim.keep_recent(RECORDS_KEPT);
        self.note_replay_work();
        if self.timeline.head.is_none() {
            self.timeline.known_end = self.timeline.known_end.max(self.now());
        } else {
            // Replaying the known run: its recorded settings changes come as it goes.
            self.settings_in_force();
        }
    }

    /// Plays one animation frame: `wall_ms` of wall time at the chosen speed, in small
    /// slices, as long as `more()` says the frame has time left. What the budget does not
    /// reach is dropped, not owed: the clock falls behind the asked speed (and [`Playground::pace`]
    /// says so) rather than queueing work, so Pause takes effect at the next frame.
    pub fn play_frame(&mut self, wall_ms: f64, mut more: impl FnMut() -> bool) {
        if !(self.playing && wall_ms.is_finite() && wall_ms > 0.0) {
            self.pace = Default::default();
            return;
        }
        // A long pause of the tab is not a reason to jump minutes ahead.
        let wall = wall_ms.min(250.0);
        let virt = wall * self.speed + self.frac_ms;
        let whole = virt.floor();
        self.frac_ms = virt - whole;
        let from = self.now();
        let target = from + whole as Millis;
        // Slices of about 2 ms of wall time at this speed.
        let slice = ((self.speed * 2.0) as Millis).max(1);
        while self.now() < target {
            let next = target.min(self.now().saturating_add(slice));
            self.advance_to(next);
            if self.now() < next || !more() {
                break;
            }
        }
        if self.now() < target {
            self.frac_ms = 0.0;
        }
        let gained = self.now().saturating_sub(from) as f64;
        self.pace.frame(wall, gained, self.speed);
    }

    /// The latest moment seen so far (up to now) whose history a reopened tab replays within
    /// its work budget (with a margin): saving more than this would reopen only in part.
    pub fn replay_fits_until(&self) -> Millis {
        self.fits_until.min(self.now())
    }

    fn note_replay_work(&mut self) {
        let sim = self.sim();
        if Budget::default().holds(REPLAY_SHARE, |b| usage(sim, b)) {
            self.fits_until = self.now();
        } else {
            self.fits_until = self.fits_until.min(self.now());
        }
    }

    /// Records the panel's subscribe step with the listener options `cfg`.
    fn record_subscribe(&mut self, id: PanelId, client: String, cfg: &ListenerCfg) {
        let sub = format!("panel{id}-sub{}", self.scenario.steps.len() + 1);
        self.step(
            id,
            Op::Subscribe {
                client,
                sub,
                spec: Box::new(cfg.spec()),
                handler: Box::new(cfg.handler()),
            },
        );
    }

    /// Whether this panel has a recorded step that has not started yet.
    fn has_waiting_step(&self, id: PanelId) -> bool {
        let started = self.runner.steps_started().min(self.scenario.steps.len());
        self.scenario.steps[started..]
            .iter()
            .any(|s| s.panel == Some(id))
    }

    fn run_to(&mut self, t: Millis) {
        while let Some(a) = self.next_auto_publish().filter(|&a| a <= t) {
            self.runner.advance(&self.scenario.steps, a);
            let due: Vec<PanelId> = self
                .panels
                .iter()
                .filter(|p| p.next_auto_publish == Some(a))
                .map(|p| p.id)
                .collect();
            // Within the known run the publishes are already recorded.
            let recorded = a <= self.timeline.known_end;
            for id in due {
                let connected = self.is_connected(id);
                // A connect still on its way (recorded steps start one after another, so a
                // second publisher's connect may not be answered yet) keeps the schedule: the
                // publishes begin once it is answered.
                let connecting = !connected
                    && (self.has_waiting_step(id)
                        || matches!(self.proc_state(id), Some(ProcState::Connecting)));
                let in_force = match self.settings_log.at(a, id) {
                    Some(PanelKind::Publisher(c)) => Some(c.every_ms),
                    _ => None,
                };
                if let Some(p) = self.panel_mut(id) {
                    let every = in_force.unwrap_or_else(|| p.publisher().map_or(0, |c| c.every_ms));
                    p.next_auto_publish =
                        (every > 0 && (connected || connecting)).then_some(a.saturating_add(every));
                }
                // One publish waiting to start per panel at most: nothing piles up.
                if connected && !recorded && !self.has_waiting_step(id) {
                    self.publish_from(id);
                }
            }
        }
        self.runner.advance(&self.scenario.steps, t);
    }

    /// Runs until every recorded step has started and been answered (a lesson's setup).
    pub fn settle(&mut self) {
        while let Some(w) = self.runner.next_wake(&self.scenario.steps) {
            self.advance_to(w.max(self.now()));
        }
    }

    fn jump_to(&mut self, kind: MarkKind) {
        let before = self.snapshot();
        let (steps, timeline, playing) = (
            self.scenario.steps.len(),
            self.timeline.clone(),
            self.playing,
        );
        let limit = self.now() + JUMP_LIMIT_MS;
        let (mut trace_seen, mut log_seen) = (self.sim().trace().total(), self.sim().log().total());
        while let Some(t) = self.next_happening().filter(|&t| t <= limit) {
            self.advance_to(t.max(self.now()));
            let sim = self.sim();
            let found = marks_in(
                sim.trace().iter_since(trace_seen),
                sim.log().iter_since(log_seen),
            )
            .iter()
            .any(|m| m.kind == kind);
            (trace_seen, log_seen) = (sim.trace().total(), sim.log().total());
            if found {
                self.playing = false;
                return;
            }
        }
        // Nothing of that kind: stay where we were.
        self.restore(&before);
        self.scenario.steps.truncate(steps);
        self.timeline = timeline;
        self.playing = playing;
        let what = match kind {
            MarkKind::Redelivery => "No redelivery",
            MarkKind::HeartbeatFailure => "No heartbeat failure",
            MarkKind::ClientRemoved => "No client removal",
            MarkKind::Publish => "No publish",
            MarkKind::Kill => "No kill",
        };
        self.info(format!(
            "{what} is due in the next 10 minutes of simulated time: time stays here."
        ));
    }

    /// Goes to any moment: from the nearest checkpoint before it (or from here, when that is
    /// nearer), then forward.
    pub fn seek(&mut self, t: Millis) {
        let now = self.now();
        if t < now && self.timeline.head.is_none() && now >= self.timeline.known_end {
            // Leaving the end of the known run: keep its state to come back to.
            self.timeline.head = Some(std::sync::Arc::new(self.snapshot()));
        }
        if t >= self.timeline.known_end {
            self.advance_to(t);
            self.settings_in_force();
            return;
        }
        self.seek_run(t, now);
        self.settings_in_force();
    }

    fn seek_run(&mut self, t: Millis, now: Millis) {
        match self.timeline.before(t) {
            Some(_) if t < now => self.go_back_to(t),
            Some(cp) if cp.t() > now => {
                // A checkpoint ahead is nearer than here (else this runs on from here).
                self.restore(&cp);
                self.advance_to(t);
            }
            Some(_) => self.advance_to(t),
            None if t < now => self.go_back_to(t),
            None => self.advance_to(t),
        }
    }

    /// Replays to a moment before now from the nearest checkpoint (or from the start).
    fn go_back_to(&mut self, t: Millis) {
        match self.timeline.before(t) {
            Some(cp) => self.restore(&cp),
            None => {
                self.gen = new_gen();
                self.fits_until = 0;
                self.runner = counted_runner(&self.scenario, &self.cfg);
                for p in &mut self.panels {
                    p.next_auto_publish = None;
                }
            }
        }
        self.advance_to(t);
    }

    pub(super) fn rebuild_at(&mut self, t: Millis) {
        self.gen = new_gen();
        self.fits_until = 0;
        self.runner = counted_runner(&self.scenario, &self.cfg);
        self.timeline.reset(0);
        for p in &mut self.panels {
            p.next_auto_publish = None;
        }
        self.advance_to(t);
        self.timeline.known_end = self.horizon();
        // Publishers that publish every N ms carry on from here (replayed history already
        // holds the publishes they made before).
        let now = self.now();
        let running: Vec<(PanelId, u64)> = self
            .panels
            .iter()
            .filter_map(|p| {
                p.publisher()
                    .filter(|c| c.every_ms > 0)
                    .map(|c| (p.id, c.every_ms))
            })
            .filter(|(id, _)| self.is_connected(*id))
            .collect();
        for (id, every) in running {
            if let Some(p) = self.panel_mut(id) {
                p.next_auto_publish = Some(now.saturating_add(every));
            }
        }
    }

    /// Changes whenever the run is replaced by another (a checkpoint restored, a replay from
    /// the start, another playground): what was derived from the trace so far may not
    /// belong to the new one. While only running forward it stays the same.
    pub fn history_gen(&self) -> u64 {
        self.gen
    }

    /// Whether the server has dropped the client behind a panel, and why.
    pub fn removal(&self, id: PanelId) -> Option<RemovalReason> {
        let p = self.proc_of(id)?;
        let conn = self.sim().proc(p)?.connected_as;
        self.sim().log().iter().rev().find_map(|l| match &l.event {
            Event::ClientRemoved {
                conn: c, reason, ..
            } if Some(*c) == conn => Some(*reason),
            _ => None,
        })
    }
}
