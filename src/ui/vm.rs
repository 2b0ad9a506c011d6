//! View models: small, comparable values derived from the playground for each component.
//!
//! Components get these as props (`PartialEq`), so an animation frame re-renders only the
//! parts whose picture changed. Nothing here decides anything: it reads the playground,
//! the simulation and the broker.

use crate::vecmap::VecMap;
use std::rc::Rc;

use super::format;
use super::geometry::{self, Block, Metrics, Pos, ServerLayout};
use crate::broker::{ChannelView, RemovalReason, SubId, Subscription};
use crate::playground::state::console_line;
use crate::playground::{listener_view, LineKind, Panel, PanelId, PanelKind, Playground, SubView};
use crate::sim::{AckPolicy, PacketKind, ProcId, ProcState, TraceKind};

/// At most this many console lines are drawn per panel (the newest).
pub const CONSOLE_LINES: usize = 60;
/// At most this many message cells are drawn per channel (the newest).
pub const CHANNEL_CELLS: usize = 8;
/// At most this many pending messages are drawn per subscription.
pub const PENDING_CELLS: usize = 4;

/// A panel's connection, as the learner sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Conn {
    Idle,
    Connecting,
    Connected,
    Closing,
    Closed,
    Failed,
    /// Killed; the server has not noticed yet.
    Killed,
    /// The server dropped the client (heartbeats failed, or replaced).
    Removed(RemovalReason),
}

impl Conn {
    /// The word shown next to the colour (never colour alone).
    pub fn word(&self) -> &'static str {
        match self {
            Conn::Idle => "not connected",
            Conn::Connecting => "connecting…",
            Conn::Connected => "connected",
            Conn::Closing => "closing…",
            Conn::Closed => "closed",
            Conn::Failed => "connect failed",
            Conn::Killed => "killed ✕",
            Conn::Removed(RemovalReason::HeartbeatsFailed) => "killed ✕ · removed by server",
            Conn::Removed(RemovalReason::Replaced) => "replaced by a new connection",
            Conn::Removed(RemovalReason::Closed) => "closed",
        }
    }

    pub fn class(&self) -> &'static str {
        match self {
            Conn::Idle | Conn::Closed | Conn::Removed(RemovalReason::Closed) => "idle",
            Conn::Connecting | Conn::Closing => "busy",
            Conn::Connected => "live",
            Conn::Failed => "failed",
            Conn::Killed | Conn::Removed(_) => "dead",
        }
    }

    /// Whether the panel still has a line to the server.
    pub fn has_edge(&self) -> bool {
        matches!(
            self,
            Conn::Connecting | Conn::Connected | Conn::Closing | Conn::Killed
        )
    }
}

/// A listener's current subscription.
#[derive(Clone, Debug, PartialEq)]
pub enum SubStatus {
    None,
    /// The program has started: it subscribes once connected.
    Starting,
    Subscribing,
    Ready,
    Failed(String),
    Closed,
}

impl SubStatus {
    /// A short word for the panel's status line ("" when there is nothing to say).
    pub fn short(&self) -> &'static str {
        match self {
            SubStatus::None | SubStatus::Closed => "",
            SubStatus::Starting => "subscribes once connected",
            SubStatus::Subscribing => "subscribing…",
            SubStatus::Ready => "subscribed",
            SubStatus::Failed(_) => "subscribe failed",
        }
    }

    pub fn word(&self) -> String {
        match self {
            SubStatus::None => "not subscribed".into(),
            SubStatus::Starting => "subscribes in on('connect')".into(),
            SubStatus::Subscribing => "subscribing…".into(),
            SubStatus::Ready => "subscribed".into(),
            SubStatus::Failed(e) => format!("subscribe failed: {e}"),
            SubStatus::Closed => "no subscription".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub t: u64,
    pub text: String,
    pub kind: LineKind,
    pub seq: Option<u64>,
    /// Shows an "ack" button (manual ack by a person, still unacked).
    pub ackable: bool,
}

impl Line {
    pub fn class(&self) -> &'static str {
        match self.kind {
            LineKind::Info => "info",
            LineKind::Error => "error",
            LineKind::Message => "message",
            LineKind::Redelivered => "redelivered",
            LineKind::Ack => "ack",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PanelVm {
    pub id: PanelId,
    pub name: String,
    pub client_id: String,
    pub pos: Pos,
    pub listener: bool,
    pub selected: bool,
    pub subject: String,
    /// One line about the options (queue group, durable, manual ack…).
    pub summary: String,
    pub conn: Conn,
    /// Heartbeats the server counts as missed for this client, and the limit (-hbf).
    pub missed_hb: Option<(u32, u32)>,
    pub sub: SubStatus,
    pub stalled: bool,
    /// The server keeps this listener's durable while it is not subscribed.
    pub offline_durable: bool,
    /// Edited options the live subscription does not have yet (client calls).
    pub pending: Vec<String>,
    pub lines: Rc<Vec<Line>>,
    pub hidden_lines: usize,
}

fn conn_of(pg: &Playground, id: PanelId) -> Conn {
    match pg.proc_state(id) {
        None => Conn::Idle,
        Some(ProcState::Connecting) => Conn::Connecting,
        Some(ProcState::Connected(_)) => Conn::Connected,
        Some(ProcState::Closing(_)) => Conn::Closing,
        Some(ProcState::Closed) => Conn::Closed,
        Some(ProcState::Failed) => Conn::Failed,
        Some(ProcState::Killed) => match pg.removal(id) {
            Some(r) => Conn::Removed(r),
            None => Conn::Killed,
        },
    }
}

/// The simulation's subscription (index into `sim.subs()`) of the panel's current connection.
fn sim_sub_of(pg: &Playground, id: PanelId) -> Option<usize> {
    crate::playground::listener::current_sim_sub(pg, id)
}

/// The broker's subscription behind a panel's current subscription, if it is live.
pub fn broker_sub_of(pg: &Playground, id: PanelId) -> Option<&Subscription> {
    let i = sim_sub_of(pg, id)?;
    let sub_id = pg.sim().subs().get(i)?.sub_id()?;
    pg.sim().broker().subscription(sub_id)
}

fn summary(panel: &Panel) -> String {
    match &panel.kind {
        PanelKind::Publisher(c) => {
            if c.every_ms > 0 {
                format!("every {} s", crate::num::Num(c.every_ms as f64 / 1000.0))
            } else {
                String::new()
            }
        }
        PanelKind::Listener(c) => listener_summary(&c.spec(), &c.handler().ack),
    }
}

/// One line about a listener's options (queue group, durable, manual ack…).
fn listener_summary(spec: &crate::sim::SubSpec, ack: &AckPolicy) -> String {
    let mut parts = Vec::new();
    if let Some(q) = &spec.queue {
        parts.push(format!("queue {q}"));
    }
    if let Some(d) = &spec.durable {
        parts.push(format!("durable {d}"));
    }
    if spec.manual_ack {
        parts.push(
            match ack {
                AckPolicy::Immediate => "manual ack",
                AckPolicy::Manual => "ack by button",
                AckPolicy::Never => "never acks",
                AckPolicy::AfterMs(_) => "acks late",
                AckPolicy::OnDelivery(_) => "acks on retry",
            }
            .into(),
        );
    }
    parts.join(" · ")
}

/// What a frame can reuse from the previous one. Consoles follow the trace as it grows:
/// each frame reads only the entries added since the last one (a long run's trace is not
/// read again on every animation frame), and starts over when the run is replaced
/// ([`Playground::history_gen`]). Timeline marks are rebuilt from the records kept when the
/// history moved, at most every few frames while playing.
#[derive(Default)]
pub struct Cache {
    key: (usize, usize, usize, usize, u64),
    gen: u64,
    /// Trace entries read so far ([`crate::chunked::Chunked::total`]).
    seen: usize,
    consoles: VecMap<PanelId, Console>,
    marks: Option<Rc<Vec<crate::playground::Mark>>>,
    /// Frames since the marks were rebuilt.
    marks_age: u32,
    /// Frames refreshed so far, and whether time runs fast (playing above the dots' speed).
    frame: u64,
    fast: bool,
}

/// A panel's newest console lines and how many it has had in all.
#[derive(Default)]
struct Console {
    count: usize,
    lines: std::collections::VecDeque<Line>,
    /// The lines last drawn, the frame they were made at, and whether newer ones wait.
    shown: Option<Rc<Vec<Line>>>,
    shown_at: u64,
    shown_hidden: usize,
    stale: bool,
}

/// While time runs fast, a console is redrawn at most every this many frames (lines
/// scrolling by at 60 Hz are not read, and 40 consoles rewritten every frame cost the frame).
const CONSOLE_EVERY_FRAMES: u64 = 8;

/// Whether a trace entry makes a console line (see [`console_line`]).
fn console_line_kind(e: &crate::sim::TraceEvent) -> bool {
    !matches!(e.kind, TraceKind::Monitor { .. })
}

/// While playing, timeline marks are rebuilt at most every this many frames.
const MARKS_EVERY_FRAMES: u32 = 15;

/// A trace entry's console line, with the event number of a delivery.
fn line_of(e: &crate::sim::TraceEvent) -> Option<Line> {
    let l = console_line(e)?;
    let seq = match e.kind {
        TraceKind::Deliver { seq, .. } => Some(seq),
        _ => None,
    };
    Some(Line {
        t: l.t,
        text: l.text,
        kind: l.kind,
        seq,
        ackable: false,
    })
}

impl Cache {
    /// Reads what the history gained since the last frame (or all of it, for a new run).
    pub fn refresh(&mut self, pg: &Playground) {
        self.frame += 1;
        self.fast = pg.playing && pg.speed > DOTS_UP_TO_SPEED;
        let sim = pg.sim();
        let trace = sim.trace();
        if pg.history_gen() != self.gen || trace.total() < self.seen {
            self.gen = pg.history_gen();
            self.seen = 0;
            self.consoles.clear();
            self.marks = None;
        }
        if trace.total() > self.seen {
            // The panel behind each process.
            let owner: VecMap<usize, PanelId> = pg
                .runner
                .connects()
                .iter()
                .filter_map(|(panel, proc)| panel.map(|id| (*proc, id)))
                .collect();
            let mut new: VecMap<PanelId, Vec<&crate::sim::TraceEvent>> = VecMap::new();
            for e in trace.iter_since(self.seen) {
                if let Some(&id) = e.proc.and_then(|p| owner.get(&p)) {
                    new.get_or_default(id).push(e);
                }
            }
            for (id, events) in new.iter() {
                let c = self.consoles.get_or_default(*id);
                // Only the newest lines are kept: older ones are counted, not written out.
                let n = events.iter().filter(|e| console_line_kind(e)).count();
                c.count += n;
                let skip = n.saturating_sub(CONSOLE_LINES);
                c.lines.extend(
                    events
                        .iter()
                        .filter(|e| console_line_kind(e))
                        .skip(skip)
                        .filter_map(|e| line_of(e)),
                );
                while c.lines.len() > CONSOLE_LINES {
                    c.lines.pop_front();
                }
                c.stale = true;
            }
            self.seen = trace.total();
        }
        let key = (
            trace.total(),
            sim.log().total(),
            pg.scenario.steps.len(),
            pg.runner.steps_started(),
            trace.last().map_or(0, |e| e.t.to_bits()),
        );
        self.marks_age = self.marks_age.saturating_add(1);
        if key != self.key && (!pg.playing || self.marks_age >= MARKS_EVERY_FRAMES) {
            self.key = key;
            self.marks = None;
        }
    }

    pub fn marks(&mut self, pg: &Playground) -> Rc<Vec<crate::playground::Mark>> {
        if self.marks.is_none() {
            self.marks_age = 0;
        }
        self.marks
            .get_or_insert_with(|| Rc::new(pg.marks()))
            .clone()
    }

    /// A panel's newest console lines (without ack buttons) and how many older ones are hidden.
    fn console(&mut self, _pg: &Playground, id: PanelId) -> (usize, Rc<Vec<Line>>) {
        let (frame, fast) = (self.frame, self.fast);
        let c = self.consoles.get_or_default(id);
        let due = !fast || frame.saturating_sub(c.shown_at) >= CONSOLE_EVERY_FRAMES;
        if c.shown.is_none() || (c.stale && due) {
            c.shown = Some(Rc::new(c.lines.iter().cloned().collect()));
            c.shown_at = frame;
            c.shown_hidden = c.count.saturating_sub(c.lines.len());
            c.stale = false;
        }
        (c.shown_hidden, c.shown.clone().unwrap_or_default())
    }
}

pub fn panel_vm(pg: &Playground, panel: &Panel, cache: &mut Cache) -> PanelVm {
    let id = panel.id;
    let conn = conn_of(pg, id);
    let sim_sub = sim_sub_of(pg, id).and_then(|i| pg.sim().subs().get(i));
    let view = panel.is_listener().then(|| listener_view(pg, id));
    let sub = match view.as_ref().map(|v| &v.sub) {
        None | Some(SubView::None) => SubStatus::None,
        Some(SubView::Starting) => SubStatus::Starting,
        Some(SubView::Subscribing) => SubStatus::Subscribing,
        Some(SubView::Ready) => SubStatus::Ready,
        Some(SubView::Failed(e)) => SubStatus::Failed(e.clone()),
        Some(SubView::Closed) => SubStatus::Closed,
    };
    let bsub = broker_sub_of(pg, id);
    let person_acks = sim_sub.is_some_and(|s| {
        s.spec.manual_ack && s.handler.ack == AckPolicy::Manual && s.sub_id().is_some()
    });
    let (hidden_lines, mut lines) = cache.console(pg, id);
    if let (true, Some(b), Some(s)) = (person_acks, bsub, sim_sub) {
        // The newest line of each event still unacked by the person (and by the server).
        let mut seen = VecMap::new();
        for l in Rc::make_mut(&mut lines).iter_mut().rev() {
            if let Some(seq) = l.seq {
                let unacked = s
                    .received
                    .iter()
                    .rev()
                    .find(|r| r.seq == seq)
                    .is_some_and(|r| r.acked_at.is_none());
                if seen.insert(seq, ()).is_none() && unacked && b.pending.contains(seq) {
                    l.ackable = true;
                }
            }
        }
    }
    let missed_hb = pg
        .proc_of(id)
        .and_then(|p| pg.sim().proc(p))
        .and_then(|p| p.connected_as)
        .and_then(|c| pg.sim().broker().client_by_conn(c))
        .map(|c| (c.failed_hb, pg.server().hb_fail_count));
    PanelVm {
        id,
        name: panel.name.clone(),
        client_id: panel.client_id.clone(),
        pos: Pos::new(panel.pos.x, panel.pos.y),
        listener: panel.is_listener(),
        selected: pg.selected == Some(id),
        subject: match &panel.kind {
            PanelKind::Publisher(c) => c.subject.clone(),
            PanelKind::Listener(c) => c.subject.clone(),
        },
        // A live subscription keeps the options it was made with: say those.
        summary: match sim_sub.filter(|_| matches!(sub, SubStatus::Ready | SubStatus::Subscribing))
        {
            Some(s) => listener_summary(&s.spec, &s.handler.ack),
            None => summary(panel),
        },
        conn,
        missed_hb,
        sub,
        stalled: view.as_ref().is_some_and(|v| v.stalled),
        offline_durable: view.as_ref().is_some_and(|v| v.offline_durable),
        pending: view.map(|v| v.pending).unwrap_or_default(),
        lines,
        hidden_lines,
    }
}

// ---------------------------------------------------------------- the server

#[derive(Clone, Debug, PartialEq)]
pub struct PendingVm {
    pub seq: u64,
    pub left_ms: i64,
    pub total_ms: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SubRowVm {
    pub id: u64,
    /// The panel's name, or the client id when no panel owns it.
    pub who: String,
    pub panel: Option<PanelId>,
    pub client_id: String,
    pub durable: Option<String>,
    pub offline: bool,
    pub last_sent: u64,
    pub pending: Vec<PendingVm>,
    pub more_pending: usize,
    pub stalled: bool,
    pub failed_hb: bool,
    pub max_in_flight: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BlockVm {
    Single(SubRowVm),
    Queue {
        name: String,
        last_sent: u64,
        members: Vec<SubRowVm>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChannelVm {
    pub name: String,
    pub hue: u32,
    pub first_seq: u64,
    pub last_seq: u64,
    pub msgs: usize,
    pub cells: Vec<u64>,
    pub blocks: Vec<BlockVm>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClientVm {
    pub id: String,
    pub who: Option<String>,
    pub failed_hb: u32,
    pub limit: u32,
    pub dead: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServerVm {
    pub cluster_id: String,
    pub channels: Vec<ChannelVm>,
    pub clients: Vec<ClientVm>,
    pub layout: ServerLayout,
}

/// Which panel owns each live broker subscription, and each process.
pub struct Owners {
    pub by_sub: VecMap<SubId, PanelId>,
    pub by_proc: VecMap<ProcId, PanelId>,
}

pub fn owners(pg: &Playground) -> Owners {
    let by_proc: VecMap<ProcId, PanelId> = pg
        .runner
        .connects()
        .iter()
        .filter_map(|(panel, proc)| panel.map(|p| (*proc, p)))
        .collect();
    let by_sub = pg
        .sim()
        .subs()
        .iter()
        .filter_map(|s| Some((s.sub_id()?, *by_proc.get(&s.proc)?)))
        .collect();
    Owners { by_sub, by_proc }
}

fn panel_name(pg: &Playground, id: PanelId) -> Option<String> {
    pg.panel(id).filter(|p| !p.removed).map(|p| p.name.clone())
}

fn sub_row(pg: &Playground, own: &Owners, s: &Subscription) -> SubRowVm {
    let now = pg.now();
    let panel = own.by_sub.get(&s.id).copied().or_else(|| {
        pg.visible_panels()
            .find(|p| p.is_listener() && p.client_id == s.client_id)
            .map(|p| p.id)
    });
    // In sequence order. The sequences are sorted as plain numbers (the same sort as
    // `Pending::seqs`, no second copy of the sort in the wasm), then each finds its expiry
    // (a live entry's expiry is the one the index holds).
    let mut seqs: Vec<u64> = s.pending.by_expiry().map(|(_, seq)| seq).collect();
    seqs.sort_unstable();
    // Only the cells drawn are made (a never-acking listener has thousands pending).
    let more_pending = seqs.len().saturating_sub(PENDING_CELLS);
    let pending: Vec<PendingVm> = seqs
        .into_iter()
        .take(PENDING_CELLS)
        .filter_map(|seq| {
            let expire = s.pending.expiry(seq)?;
            Some(PendingVm {
                seq,
                left_ms: expire as i64 - now as i64,
                total_ms: s.ack_wait_ms,
            })
        })
        .collect();
    SubRowVm {
        id: s.id.0,
        who: panel
            .and_then(|p| panel_name(pg, p))
            .unwrap_or_else(|| s.client_id.clone()),
        panel,
        client_id: s.client_id.clone(),
        durable: s.durable_name.clone().filter(|_| s.is_durable),
        offline: s.is_offline(),
        last_sent: s.last_sent,
        pending,
        more_pending,
        stalled: s.stalled,
        failed_hb: s.has_failed_hb,
        max_in_flight: s.max_in_flight,
    }
}

fn channel_vm(pg: &Playground, own: &Owners, v: &ChannelView) -> ChannelVm {
    let ch = v.channel;
    let mut blocks: Vec<BlockVm> = v
        .singles
        .iter()
        .map(|s| BlockVm::Single(sub_row(pg, own, s)))
        .collect();
    for q in &v.queues {
        blocks.push(BlockVm::Queue {
            // The group's name as the learner typed it.
            name: match q.durable {
                Some(d) => format!("{} (durable {d})", q.group),
                None => q.group.to_string(),
            },
            last_sent: q.last_sent,
            members: q.shown().into_iter().map(|s| sub_row(pg, own, s)).collect(),
        });
    }
    let skip = ch.msgs.len().saturating_sub(CHANNEL_CELLS);
    ChannelVm {
        name: ch.name.to_string(),
        hue: format::channel_hue(&ch.name),
        first_seq: ch.first_seq,
        last_seq: ch.last_seq,
        msgs: ch.msgs.len(),
        cells: ch.msgs.iter().skip(skip).map(|m| m.seq).collect(),
        blocks,
    }
}

pub fn server_vm(pg: &Playground, own: &Owners, at: Pos, m: &Metrics) -> ServerVm {
    let broker = pg.sim().broker();
    let channels: Vec<ChannelVm> = broker
        .channel_views()
        .map(|v| channel_vm(pg, own, &v))
        .collect();
    let limit = pg.server().hb_fail_count;
    let clients: Vec<ClientVm> = broker
        .clients()
        .map(|c| {
            let proc = pg
                .sim()
                .procs()
                .iter()
                .position(|p| p.connected_as == Some(c.conn));
            let who = proc
                .and_then(|p| own.by_proc.get(&p))
                .and_then(|id| panel_name(pg, *id));
            let dead = proc
                .and_then(|p| pg.sim().proc(p))
                .is_some_and(|p| p.state == ProcState::Killed);
            ClientVm {
                id: c.id.clone(),
                who,
                failed_hb: c.failed_hb,
                limit,
                dead,
            }
        })
        .collect();
    let shapes: Vec<Vec<Block>> = channels
        .iter()
        .map(|c| {
            c.blocks
                .iter()
                .map(|b| match b {
                    BlockVm::Single(_) => Block::Single,
                    BlockVm::Queue { members, .. } => Block::Queue(members.len()),
                })
                .collect()
        })
        .collect();
    let layout = geometry::server_layout(&shapes, clients.len(), at, m);
    ServerVm {
        cluster_id: pg.server().cluster_id.clone(),
        channels,
        clients,
        layout,
    }
}

// ---------------------------------------------------------------- edges and dots

#[derive(Clone, Debug, PartialEq)]
pub struct EdgeVm {
    pub panel: PanelId,
    pub from: Pos,
    pub to: Pos,
    /// `live`, `dead` (killed: dotted, with a cross) or `stalled` (dashed).
    pub style: &'static str,
    pub hue: Option<u32>,
    /// Packets on this edge, counted when no dot is drawn (high speed or reduced motion).
    pub in_flight: Option<usize>,
}

/// Above this speed a packet crosses an edge in less than a frame or two: instead of dots
/// that flicker, each edge says how many packets are on it.
pub const DOTS_UP_TO_SPEED: f64 = 10.0;

/// Packets on the wire per panel (what each edge carries).
pub fn in_flight_by_panel(pg: &Playground, own: &Owners) -> VecMap<PanelId, usize> {
    let mut counts = VecMap::new();
    for f in pg.sim().in_flight() {
        if let Some(&panel) = own.by_proc.get(&f.proc) {
            *counts.get_or_default(panel) += 1;
        }
    }
    counts
}

#[derive(Clone, Debug, PartialEq)]
pub struct DotVm {
    /// The packet it draws (a key: a dot keeps its element while it moves).
    pub id: u64,
    /// Towards the server (publish, ack) or away from it (deliver).
    pub up: bool,
    /// `↻2` on a redelivery.
    pub badge: Option<String>,
    pub at: Pos,
    /// `publish`, `deliver`, `redeliver`, `ack`, `heartbeat` or `other`.
    pub kind: &'static str,
    pub label: String,
    pub hue: Option<u32>,
}

/// The server row (offset from the server's top) a panel's edge ends on, and the channel's hue.
fn anchor_row(
    server: &ServerVm,
    subject: &str,
    sub: Option<SubId>,
    client_id: Option<&str>,
) -> (f64, Option<u32>) {
    for (ci, ch) in server.channels.iter().enumerate() {
        let Some(rows) = server.layout.channels.get(ci) else {
            continue;
        };
        if sub.is_some() || client_id.is_some() {
            for (bi, b) in ch.blocks.iter().enumerate() {
                let members: Vec<&SubRowVm> = match b {
                    BlockVm::Single(r) => vec![r],
                    BlockVm::Queue { members, .. } => members.iter().collect(),
                };
                for (mi, m) in members.iter().enumerate() {
                    let hit = match sub {
                        Some(s) => m.id == s.0,
                        None => client_id == Some(m.client_id.as_str()),
                    };
                    if hit {
                        if let Some(y) = rows.blocks.get(bi).and_then(|b| b.rows.get(mi)) {
                            return (y + server.layout.r.sub / 2.0, Some(ch.hue));
                        }
                    }
                }
            }
        }
        if ch.name == subject {
            return (rows.cells_top + server.layout.r.cells / 2.0, Some(ch.hue));
        }
    }
    (server.layout.r.head / 2.0, None)
}

/// The edges from panels to the server; `counts` (packets per panel) when they are labelled.
pub fn edges(
    pg: &Playground,
    panels: &[PanelVm],
    server: &ServerVm,
    counts: Option<&VecMap<PanelId, usize>>,
    m: &Metrics,
) -> Vec<EdgeVm> {
    panels
        .iter()
        .filter(|p| p.conn.has_edge())
        .map(|p| {
            let sub = if p.listener {
                broker_sub_of(pg, p.id).map(|s| s.id)
            } else {
                None
            };
            let (row, hue) = anchor_row(server, &p.subject, sub, None);
            let (from, to) = geometry::edge_ends(p.pos, row, &server.layout, m);
            EdgeVm {
                panel: p.id,
                from,
                to,
                style: if matches!(p.conn, Conn::Killed) {
                    "dead"
                } else if p.stalled {
                    "stalled"
                } else {
                    "live"
                },
                hue,
                in_flight: counts.map(|c| c.get(&p.id).copied().unwrap_or(0)),
            }
        })
        .collect()
}

pub fn dots(
    pg: &Playground,
    own: &Owners,
    panels: &[PanelVm],
    server: &ServerVm,
    m: &Metrics,
) -> Vec<DotVm> {
    let now = pg.now();
    pg.sim()
        .in_flight()
        .into_iter()
        .filter_map(|f| {
            let panel_id = own.by_proc.get(&f.proc)?;
            let p = panels.iter().find(|p| p.id == *panel_id)?;
            let (row, hue) = anchor_row(server, &p.subject, f.sub, None);
            let (panel_end, server_end) = geometry::edge_ends(p.pos, row, &server.layout, m);
            let t = format::progress(now, f.depart, f.arrive);
            let at = if f.to_broker {
                geometry::lerp(panel_end, server_end, t)
            } else {
                geometry::lerp(server_end, panel_end, t)
            };
            let seq = f.seq.map(|s| s.to_string()).unwrap_or_default();
            let (kind, label) = match f.what {
                PacketKind::Publish => ("publish", "pub".to_string()),
                PacketKind::Deliver if f.redelivered => ("redeliver", format!("#{seq}")),
                PacketKind::Deliver => ("deliver", format!("#{seq}")),
                PacketKind::Ack => ("ack", format!("✓{seq}")),
                PacketKind::PubAck => ("ack", "✓".to_string()),
                PacketKind::Heartbeat => ("heartbeat", String::new()),
                PacketKind::Subscribe | PacketKind::Request | PacketKind::Reply => {
                    ("other", String::new())
                }
            };
            Some(DotVm {
                id: f.id,
                up: f.to_broker,
                // the redelivery mark rides above the dot, before it arrives
                badge: f
                    .redelivered
                    .then(|| format!("↻{}", f.redelivery_count.max(1))),
                at,
                kind,
                label,
                hue,
            })
        })
        .collect()
}

/// The latest delivery, said in words for the screen reader's live region.
pub fn narration(pg: &Playground, own: &Owners) -> String {
    pg.sim()
        .trace()
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            TraceKind::Deliver {
                seq,
                redelivered,
                redelivery_count,
                ..
            } => {
                let who = e
                    .proc
                    .and_then(|p| own.by_proc.get(&p))
                    .and_then(|id| panel_name(pg, *id))
                    .unwrap_or_else(|| "A listener".into());
                Some(if *redelivered {
                    format!("{who} received event #{seq} again (redelivery {redelivery_count})")
                } else {
                    format!("{who} received event #{seq}")
                })
            }
            _ => None,
        })
        .unwrap_or_default()
}
