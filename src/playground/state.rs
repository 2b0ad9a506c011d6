//! The playground's whole state and its reducer. The UI draws this and dispatches
//! [`Action`]s; every delivery decision stays in the broker and the simulation.

use super::input::{Input, InputKind};
use super::marks::{sim_marks, Mark, MarkKind};
use super::panel::{ListenerCfg, Panel, PanelId, PanelKind, Pos, PublisherCfg};
use crate::broker::{Event, Millis, RemovalReason, ServerOptions};
use crate::sim::{ProcState, Sim, SimConfig, TraceKind};

/// Virtual time the playground may skip in one "jump to next ..." (10 minutes).
const JUMP_LIMIT_MS: Millis = 600_000;
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 100.0;

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
    Remove(PanelId),
    Move(PanelId, Pos),
    Nudge(PanelId, f64, f64),
    Rename(PanelId, String),
    Select(Option<PanelId>),
    SetClientId(PanelId, String),
    EditPublisher(PanelId, PublisherCfg),
    EditListener(PanelId, ListenerCfg),
    Connect(PanelId),
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
    SetServer(ServerOptions),
    SetLatency(Millis),
    DismissNotice,
}

#[derive(Clone, Debug)]
pub struct Playground {
    pub server: ServerOptions,
    pub cfg: SimConfig,
    pub sim: Sim,
    pub panels: Vec<Panel>,
    /// Every input so far; `applied` of them are in `sim` (the rest lie ahead after a rewind).
    pub inputs: Vec<Input>,
    pub applied: usize,
    pub playing: bool,
    pub speed: f64,
    pub selected: Option<PanelId>,
    pub notice: Option<Notice>,
    next_panel: PanelId,
    frac_ms: f64,
    /// Processes each panel has had, for its console.
    procs_of: Vec<(PanelId, usize)>,
}

impl Default for Playground {
    fn default() -> Self {
        let server = ServerOptions {
            cluster_id: "ticketing".into(),
            hb_interval_ms: 5000,
            hb_timeout_ms: 5000,
            hb_fail_count: 2,
            ..ServerOptions::default()
        };
        Self::new(
            server,
            SimConfig {
                latency_ms: 100,
                seed: 1,
            },
        )
    }
}

impl Playground {
    pub fn new(server: ServerOptions, cfg: SimConfig) -> Self {
        Self {
            sim: Sim::new(server.clone(), cfg.clone()),
            server,
            cfg,
            panels: Vec::new(),
            inputs: Vec::new(),
            applied: 0,
            playing: true,
            speed: 1.0,
            selected: None,
            notice: None,
            next_panel: 1,
            frac_ms: 0.0,
            procs_of: Vec::new(),
        }
    }

    pub fn now(&self) -> Millis {
        self.sim.now()
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
    pub fn procs_of(&self, id: PanelId) -> impl Iterator<Item = usize> + '_ {
        self.procs_of
            .iter()
            .filter(move |(p, _)| *p == id)
            .map(|(_, pr)| *pr)
    }

    pub fn is_connected(&self, id: PanelId) -> bool {
        self.panel(id)
            .and_then(|p| p.proc)
            .and_then(|pr| self.sim.proc(pr))
            .is_some_and(|pr| pr.is_connected())
    }

    pub fn proc_state(&self, id: PanelId) -> Option<ProcState> {
        let p = self.panel(id)?.proc?;
        self.sim.proc(p).map(|pr| pr.state.clone())
    }

    /// Timeline marks up to now.
    pub fn marks(&self) -> Vec<Mark> {
        let mut marks = sim_marks(&self.sim);
        marks.extend(
            self.inputs[..self.applied]
                .iter()
                .filter_map(|i| match i.kind {
                    InputKind::Kill { .. } => Some(Mark {
                        t: i.at,
                        kind: MarkKind::Kill,
                    }),
                    _ => None,
                }),
        );
        marks.sort_by_key(|m| m.t);
        marks
    }

    /// The latest moment the history reaches (the end of the timeline).
    pub fn horizon(&self) -> Millis {
        self.inputs.last().map_or(0, |i| i.at).max(self.now())
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
            .panels
            .iter()
            .filter(|p| p.is_listener() == listener)
            .count() as f64;
        Pos {
            x: col,
            y: 20.0 + 190.0 * n,
        }
    }

    fn add_panel(&mut self, kind: PanelKind) -> PanelId {
        let id = self.next_panel;
        self.next_panel += 1;
        let listener = matches!(kind, PanelKind::Listener(_));
        let pos = self.free_spot(listener);
        let client_id = self.sim.random_client_id();
        let name = format!("{} {}", if listener { "Listener" } else { "Publisher" }, id);
        self.panels.push(Panel {
            id,
            name,
            client_id,
            pos,
            kind,
            removed: false,
            proc: None,
            sub_label: None,
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
            Action::Remove(id) => {
                if self.is_connected(id) {
                    self.input(InputKind::Close { panel: id });
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
            Action::EditPublisher(id, cfg) => {
                let now = self.now();
                if let Some(p) = self.panel_mut(id) {
                    if let PanelKind::Publisher(old) = &mut p.kind {
                        let every_changed = old.every_ms != cfg.every_ms;
                        *old = cfg;
                        if every_changed {
                            p.next_auto_publish = (old.every_ms > 0).then_some(now + old.every_ms);
                        }
                    }
                }
            }
            Action::EditListener(id, cfg) => {
                if let Some(p) = self.panel_mut(id) {
                    if let PanelKind::Listener(old) = &mut p.kind {
                        *old = cfg;
                    }
                }
            }
            Action::Connect(id) => {
                if let Some(p) = self.panel(id) {
                    if self.is_connected(id) {
                        self.error("Already connected: close or kill it first.");
                    } else {
                        let client_id = p.client_id.clone();
                        self.input(InputKind::Connect {
                            panel: id,
                            client_id,
                        });
                    }
                }
            }
            Action::Close(id) => self.input(InputKind::Close { panel: id }),
            Action::Kill(id) => self.input(InputKind::Kill { panel: id }),
            Action::Publish(id) => self.publish_from(id),
            Action::Subscribe(id) => self.subscribe_from(id),
            Action::Unsubscribe(id) => self.input(InputKind::Unsubscribe { panel: id }),
            Action::CloseSubscription(id) => self.input(InputKind::CloseSubscription { panel: id }),
            Action::Ack(id, seq) => self.input(InputKind::Ack { panel: id, seq }),
            Action::Play => self.playing = true,
            Action::Pause => self.playing = false,
            Action::TogglePlay => self.playing = !self.playing,
            Action::SetSpeed(s) => {
                self.speed = if s.is_finite() {
                    s.clamp(MIN_SPEED, MAX_SPEED)
                } else {
                    1.0
                };
            }
            Action::Tick(wall_ms) => {
                if self.playing && wall_ms.is_finite() && wall_ms > 0.0 {
                    // A long pause of the tab is not a reason to jump minutes ahead.
                    let virt = wall_ms.min(250.0) * self.speed + self.frac_ms;
                    let whole = virt.floor();
                    self.frac_ms = virt - whole;
                    let target = self.now() + whole as Millis;
                    self.advance_to(target);
                }
            }
            Action::Step => {
                let next = [
                    self.sim.next_time(),
                    self.next_auto_publish(),
                    self.next_input_time(),
                ]
                .into_iter()
                .flatten()
                .min();
                match next {
                    Some(t) => self.advance_to(t.max(self.now())),
                    None => {
                        self.info("Nothing is scheduled: publish something or connect a client.")
                    }
                }
            }
            Action::JumpTo(kind) => self.jump_to(kind),
            Action::Seek(t) => self.seek(t),
            Action::SetServer(opts) => {
                if self.inputs.is_empty() {
                    self.server = opts.clone();
                    self.sim = Sim::new(opts, self.cfg.clone());
                } else {
                    self.server = opts;
                    self.rebuild_at(0);
                    self.inputs.clear();
                    self.applied = 0;
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

    fn next_auto_publish(&self) -> Option<Millis> {
        self.panels.iter().filter_map(|p| p.next_auto_publish).min()
    }

    fn next_input_time(&self) -> Option<Millis> {
        self.inputs.get(self.applied).map(|i| i.at)
    }

    fn publish_from(&mut self, id: PanelId) {
        let Some(cfg) = self.panel(id).and_then(Panel::publisher).cloned() else {
            return;
        };
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&cfg.data) {
            self.error(format!(
                "The data is not valid JSON ({e}); nothing was sent."
            ));
            return;
        }
        self.input(InputKind::Publish {
            panel: id,
            subject: cfg.subject,
            data: cfg.data,
        });
    }

    fn subscribe_from(&mut self, id: PanelId) {
        let Some(cfg) = self.panel(id).and_then(Panel::listener).cloned() else {
            return;
        };
        let label = format!("panel{id}-sub{}", self.inputs.len() + 1);
        let handler = cfg.handler();
        self.input(InputKind::Subscribe {
            panel: id,
            label,
            spec: cfg.spec(),
            handler,
        });
    }

    /// Records a new input at the current time and applies it. Doing something after going back
    /// in time forks history: what used to follow is dropped.
    fn input(&mut self, kind: InputKind) {
        if self.applied < self.inputs.len() {
            self.inputs.truncate(self.applied);
            self.info("You went back in time and changed something: history forked from here.");
        }
        let input = Input {
            at: self.now(),
            kind,
        };
        self.apply_input(&input);
        self.inputs.push(input);
        self.applied = self.inputs.len();
    }

    /// Carries one input out on the simulation.
    fn apply_input(&mut self, input: &Input) {
        let sim = &mut self.sim;
        match &input.kind {
            InputKind::Connect { panel, client_id } => {
                let (p, _) = sim.connect(client_id, None);
                self.procs_of.push((*panel, p));
                if let Some(pn) = self.panels.iter_mut().find(|x| x.id == *panel) {
                    pn.proc = Some(p);
                    pn.sub_label = None;
                    if let PanelKind::Publisher(c) = &pn.kind {
                        pn.next_auto_publish = (c.every_ms > 0).then_some(input.at + c.every_ms);
                    }
                }
            }
            InputKind::Close { panel } => {
                if let Some(p) = self.panel(*panel).and_then(|p| p.proc) {
                    self.sim.close(p);
                }
            }
            InputKind::Kill { panel } => {
                if let Some(p) = self.panel(*panel).and_then(|p| p.proc) {
                    self.sim.kill(p);
                }
            }
            InputKind::Publish {
                panel,
                subject,
                data,
            } => {
                let p = self.panel(*panel).and_then(|p| p.proc);
                match p {
                    Some(p) => {
                        self.sim.publish(p, subject, data);
                    }
                    None => self.error("Connect the publisher first (stan: Connection closed)."),
                }
            }
            InputKind::Subscribe {
                panel,
                label,
                spec,
                handler,
            } => {
                let Some(p) = self.panel(*panel).and_then(|p| p.proc) else {
                    self.error("Connect the listener first (stan: Connection closed).");
                    return;
                };
                self.sim.subscribe(p, label, spec.clone(), handler.clone());
                if let Some(pn) = self.panels.iter_mut().find(|x| x.id == *panel) {
                    pn.sub_label = Some(label.clone());
                }
            }
            InputKind::Unsubscribe { panel } | InputKind::CloseSubscription { panel } => {
                let unsub = matches!(input.kind, InputKind::Unsubscribe { .. });
                if let Some(label) = self.panel(*panel).and_then(|p| p.sub_label.clone()) {
                    if unsub {
                        self.sim.unsubscribe(&label);
                    } else {
                        self.sim.sub_close(&label);
                    }
                }
            }
            InputKind::Ack { panel, seq } => {
                if let Some(label) = self.panel(*panel).and_then(|p| p.sub_label.clone()) {
                    self.sim.ack(&label, *seq);
                }
            }
        }
    }

    /// Runs the simulation to `t`, firing auto-publishers and re-applying recorded inputs
    /// (after a rewind) on the way.
    pub fn advance_to(&mut self, t: Millis) {
        loop {
            let auto = self.next_auto_publish().filter(|&a| a <= t);
            let recorded = self.next_input_time().filter(|&a| a <= t);
            match (auto, recorded) {
                (Some(a), r) if r.is_none_or(|r| a < r) => {
                    self.sim.run_until(a);
                    let due: Vec<PanelId> = self
                        .panels
                        .iter()
                        .filter(|p| p.next_auto_publish == Some(a))
                        .map(|p| p.id)
                        .collect();
                    for id in due {
                        let connected = self.is_connected(id);
                        if let Some(p) = self.panel_mut(id) {
                            let every = p.publisher().map_or(0, |c| c.every_ms);
                            p.next_auto_publish = (every > 0 && connected).then_some(a + every);
                        }
                        if connected && self.applied == self.inputs.len() {
                            self.publish_from(id);
                        }
                    }
                }
                (_, Some(r)) => {
                    self.sim.run_until(r);
                    let input = self.inputs[self.applied].clone();
                    self.apply_input(&input);
                    self.applied += 1;
                }
                _ => break,
            }
        }
        self.sim.run_until(t);
    }

    fn jump_to(&mut self, kind: MarkKind) {
        let before = self.marks().iter().filter(|m| m.kind == kind).count();
        let limit = self.now() + JUMP_LIMIT_MS;
        while self.now() < limit {
            let next = [
                self.sim.next_time(),
                self.next_auto_publish(),
                self.next_input_time(),
            ]
            .into_iter()
            .flatten()
            .min();
            let Some(t) = next.filter(|&t| t <= limit) else {
                break;
            };
            self.advance_to(t.max(self.now()));
            if self.marks().iter().filter(|m| m.kind == kind).count() > before {
                self.playing = false;
                return;
            }
        }
        self.info("Nothing of that kind happens in the next 10 minutes of simulated time.");
    }

    /// Goes to any moment: forward by running, back by replaying the history from the start.
    pub fn seek(&mut self, t: Millis) {
        if t >= self.now() {
            self.advance_to(t);
        } else {
            self.rebuild_at(t);
        }
    }

    fn rebuild_at(&mut self, t: Millis) {
        self.sim = Sim::new(self.server.clone(), self.cfg.clone());
        self.procs_of.clear();
        for p in &mut self.panels {
            p.proc = None;
            p.sub_label = None;
            p.next_auto_publish = None;
        }
        self.applied = 0;
        self.advance_to(t);
    }

    /// Lines for a panel's console, like the course's terminal output.
    pub fn console(&self, id: PanelId) -> Vec<ConsoleLine> {
        let procs: Vec<usize> = self.procs_of(id).collect();
        self.sim
            .trace()
            .iter()
            .filter(|e| e.proc.is_some_and(|p| procs.contains(&p)))
            .filter_map(|e| {
                let (text, kind) = match &e.kind {
                    TraceKind::Connected { .. } => {
                        ("Connected to NATS".to_string(), LineKind::Info)
                    }
                    TraceKind::ConnectError { error, .. } => {
                        (format!("Error: {error}"), LineKind::Error)
                    }
                    TraceKind::Subscribed { .. } => {
                        ("Subscription ready".to_string(), LineKind::Info)
                    }
                    TraceKind::SubscribeError { error, .. } => {
                        (format!("Error: {error}"), LineKind::Error)
                    }
                    TraceKind::PubAck { error: None, .. } => {
                        ("Event published".to_string(), LineKind::Info)
                    }
                    TraceKind::PubAck { error: Some(e), .. } => {
                        (format!("Publish failed: {e}"), LineKind::Error)
                    }
                    TraceKind::Deliver {
                        seq,
                        data,
                        redelivered,
                        redelivery_count,
                        ..
                    } => {
                        let mark = if *redelivered {
                            format!("↻{redelivery_count} ")
                        } else {
                            String::new()
                        };
                        (
                            format!("{mark}Received event #{seq}, with data: {data}"),
                            if *redelivered {
                                LineKind::Redelivered
                            } else {
                                LineKind::Message
                            },
                        )
                    }
                    TraceKind::Ack { seq, .. } => (format!("Acked #{seq}"), LineKind::Ack),
                    TraceKind::Closed { .. } => {
                        ("NATS connection closed!".to_string(), LineKind::Info)
                    }
                    TraceKind::Monitor { .. } => return None,
                };
                Some(ConsoleLine {
                    t: e.t as Millis,
                    text,
                    kind,
                })
            })
            .collect()
    }

    /// Whether the server has dropped the client behind a panel, and why.
    pub fn removal(&self, id: PanelId) -> Option<RemovalReason> {
        let p = self.panel(id)?.proc?;
        let conn = self.sim.proc(p)?.conn();
        self.sim.log().iter().rev().find_map(|l| match &l.event {
            Event::ClientRemoved {
                conn: c, reason, ..
            } if Some(*c) == conn => Some(*reason),
            _ => None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Info,
    Error,
    Message,
    Redelivered,
    Ack,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleLine {
    pub t: Millis,
    pub text: String,
    pub kind: LineKind,
}
