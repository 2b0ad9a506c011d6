//! View models: small, comparable values derived from the playground for each component.
//!
//! Components get these as props (`PartialEq`), so an animation frame re-renders only the
//! parts whose picture changed. Nothing here decides anything: it reads the playground
//! (the server's rows, connections, consoles and which messages await an ack are the
//! playground's, see `playground::server_rows`, `connection`, `console`, `listener`) and
//! lays it out.

use crate::vecmap::VecMap;
use std::rc::Rc;

use super::format;
use super::geometry::{self, Block, Metrics, Pos, ServerLayout};
use crate::playground::connection::{broker_sub, connection};
use crate::playground::console::{console_line, makes_line, ConsoleLine};
use crate::playground::server_rows::server_rows;
pub use crate::playground::server_rows::{
    narration, owners, BlockVm, ChannelVm, ClientVm, Owners, PendingVm, SubRowVm,
};
pub use crate::playground::Conn;
use crate::playground::{
    listener_view, AckPolicy, LineKind, PacketKind, Panel, PanelId, PanelKind, Playground, SubSpec,
    SubView,
};

/// At most this many console lines are drawn per panel (the newest).
pub const CONSOLE_LINES: usize = 60;
/// A listener's current subscription (the playground's view of it).
pub type SubStatus = SubView;

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

/// Which of a panel's buttons do something now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Can {
    /// Start and Connect: no connection live or on its way.
    pub connect: bool,
    /// Close, Kill, Publish and Resubscribe: connected.
    pub act: bool,
    /// Subscribe: connected, with no subscription live or on its way.
    pub subscribe: bool,
    /// Unsubscribe and Close sub: the subscription is ready.
    pub end_sub: bool,
}

impl Can {
    pub fn of(conn: &Conn, sub: &SubStatus) -> Can {
        let act = *conn == Conn::Connected;
        Can {
            connect: !matches!(conn, Conn::Connecting | Conn::Connected | Conn::Closing),
            act,
            subscribe: act && !matches!(sub, SubStatus::Ready | SubStatus::Subscribing),
            end_sub: act && *sub == SubStatus::Ready,
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
    pub can: Can,
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
fn listener_summary(spec: &SubSpec, ack: &AckPolicy) -> String {
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

/// While playing, timeline marks are rebuilt at most every this many frames.
const MARKS_EVERY_FRAMES: u32 = 15;

/// A console line as drawn (the ack button is decided per frame, see [`panel_vm`]).
fn line_of(l: ConsoleLine) -> Line {
    Line {
        t: l.t,
        text: l.text,
        kind: l.kind,
        // Only a delivery's line may carry an ack button.
        seq: l
            .seq
            .filter(|_| matches!(l.kind, LineKind::Message | LineKind::Redelivered)),
        ackable: false,
    }
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
            let mut new: VecMap<PanelId, Vec<_>> = VecMap::new();
            for e in trace.iter_since(self.seen) {
                if let Some(&id) = e.proc.and_then(|p| owner.get(&p)) {
                    new.get_or_default(id).push(e);
                }
            }
            for (id, events) in new.iter() {
                let c = self.consoles.get_or_default(*id);
                // Only the newest lines are kept: older ones are counted, not written out.
                let n = events.iter().filter(|e| makes_line(e)).count();
                c.count += n;
                let skip = n.saturating_sub(CONSOLE_LINES);
                c.lines.extend(
                    events
                        .iter()
                        .filter(|e| makes_line(e))
                        .skip(skip)
                        .filter_map(|e| console_line(e).map(line_of)),
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
    let conn = connection(pg, id);
    let (sub, stalled, offline_durable, pending) = match panel.is_listener() {
        true => {
            let v = listener_view(pg, id);
            (v.sub, v.stalled, v.offline_durable, v.pending)
        }
        false => (SubStatus::None, false, false, Vec::new()),
    };
    let (hidden_lines, mut lines) = cache.console(pg, id);
    let waiting = crate::playground::listener::awaiting_ack(pg, id);
    if !waiting.is_empty() {
        // The newest line of each event the person still has to ack gets the button.
        let mut seen = VecMap::new();
        for l in Rc::make_mut(&mut lines).iter_mut().rev() {
            if let Some(seq) = l.seq {
                if seen.insert(seq, ()).is_none() && waiting.binary_search(&seq).is_ok() {
                    l.ackable = true;
                }
            }
        }
    }
    let missed_hb = crate::playground::connection::missed_heartbeats(pg, id);
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
        summary: match crate::playground::listener::live_options(pg, id)
            .filter(|_| matches!(sub, SubStatus::Ready | SubStatus::Subscribing))
        {
            Some((spec, handler)) => listener_summary(spec, &handler.ack),
            None => summary(panel),
        },
        can: Can::of(&conn, &sub),
        conn,
        missed_hb,
        sub,
        stalled,
        offline_durable,
        pending,
        lines,
        hidden_lines,
    }
}

// ---------------------------------------------------------------- the server

/// The monitoring endpoints the course uses (port 8222), then the index page and an
/// endpoint 0.17.0 does not have (their answers are not JSON: shown with their status).
pub const MONITOR_PATHS: [&str; 6] = [
    "/streaming/serverz",
    "/streaming/storez",
    "/streaming/clientsz?subs=1",
    "/streaming/channelsz?subs=1",
    "/streaming",
    "/streaming/isFTActive",
];

/// The Monitoring tab: the query picked (an index into [`MONITOR_PATHS`]), its answer, and
/// the clients' heartbeat counts.
#[derive(Clone, Debug, PartialEq)]
pub struct MonitorVm {
    pub path: usize,
    pub json: String,
    pub clients: Vec<ClientVm>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServerVm {
    pub cluster_id: String,
    pub channels: Vec<ChannelVm>,
    pub clients: Vec<ClientVm>,
    pub layout: ServerLayout,
}

pub fn server_vm(pg: &Playground, own: &Owners, at: Pos, m: &Metrics) -> ServerVm {
    let (channels, clients) = server_rows(pg, own);
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
    pub style: EdgeStyle,
    pub hue: Option<u32>,
    /// Packets on this edge, counted when no dot is drawn (high speed or reduced motion).
    pub in_flight: Option<usize>,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeStyle {
    Live,
    /// Killed: dotted, with a cross.
    Dead,
    /// Stalled (MaxInFlight reached): dashed, labelled.
    Stalled,
}

impl EdgeStyle {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            EdgeStyle::Live => "live",
            EdgeStyle::Dead => "dead",
            EdgeStyle::Stalled => "stalled",
        }
    }
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
    pub kind: DotKind,
    pub label: String,
    pub hue: Option<u32>,
}

/// What a dot carries (its shape and colour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotKind {
    Publish,
    Deliver,
    Redeliver,
    /// A message's ack, or the server's publish ack.
    Ack,
    Heartbeat,
    Other,
}

impl DotKind {
    /// The CSS class and the `data-kind` test hook.
    pub fn name(self) -> &'static str {
        match self {
            DotKind::Publish => "publish",
            DotKind::Deliver => "deliver",
            DotKind::Redeliver => "redeliver",
            DotKind::Ack => "ack",
            DotKind::Heartbeat => "heartbeat",
            DotKind::Other => "other",
        }
    }
}

/// The server row (offset from the server's top) a panel's edge ends on, and the channel's hue.
fn anchor_row(
    server: &ServerVm,
    subject: &str,
    sub: Option<u64>,
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
                        Some(s) => m.id == s,
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
                broker_sub(pg, p.id).map(|s| s.0)
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
                    EdgeStyle::Dead
                } else if p.stalled {
                    EdgeStyle::Stalled
                } else {
                    EdgeStyle::Live
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
            let (row, hue) = anchor_row(server, &p.subject, f.sub.map(|s| s.0), None);
            let (panel_end, server_end) = geometry::edge_ends(p.pos, row, &server.layout, m);
            let t = format::progress(now, f.depart, f.arrive);
            let at = if f.to_broker {
                geometry::lerp(panel_end, server_end, t)
            } else {
                geometry::lerp(server_end, panel_end, t)
            };
            let seq = f.seq.map(|s| s.to_string()).unwrap_or_default();
            let (kind, label) = match f.what {
                PacketKind::Publish => (DotKind::Publish, "pub".to_string()),
                PacketKind::Deliver if f.redelivered => (DotKind::Redeliver, format!("#{seq}")),
                PacketKind::Deliver => (DotKind::Deliver, format!("#{seq}")),
                PacketKind::Ack => (DotKind::Ack, format!("✓{seq}")),
                PacketKind::PubAck => (DotKind::Ack, "✓".to_string()),
                PacketKind::Heartbeat => (DotKind::Heartbeat, String::new()),
                PacketKind::Subscribe | PacketKind::Request | PacketKind::Reply => {
                    (DotKind::Other, String::new())
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
