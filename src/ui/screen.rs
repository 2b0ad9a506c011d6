//! The whole screen's view model: everything the components draw, derived from the
//! playground in one borrow (the components only render it and send actions).

use std::rc::Rc;

use super::geometry;
use super::layout;
use super::vm::{self, MonitorVm, MONITOR_PATHS};
use crate::playground::{codegen, NoticeKind, Playground, View};

/// What the inspector shows that costs work to derive: the selected panel's code, and
/// which monitoring query (an index into [`MONITOR_PATHS`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ask {
    pub code: bool,
    pub monitor: Option<usize>,
}

/// Everything the components draw, derived from the playground in one borrow.
pub struct Screen {
    /// The speed the clock really keeps (whole ×), when it falls short of the asked one.
    pub reached: Option<u32>,
    pub panels: Rc<Vec<vm::PanelVm>>,
    pub server: Rc<vm::ServerVm>,
    pub edges: Rc<Vec<vm::EdgeVm>>,
    pub dots: Rc<Vec<vm::DotVm>>,
    pub world: (f64, f64),
    pub narration: String,
    pub notice: Option<(NoticeKind, String)>,
    pub playing: bool,
    pub speed: f64,
    pub now: u64,
    pub horizon: u64,
    pub can_undo_fork: bool,
    pub marks: Rc<Vec<crate::playground::Mark>>,
    pub selected: Option<crate::playground::Panel>,
    pub code: Option<Rc<String>>,
    pub monitor: Option<Rc<MonitorVm>>,
    pub server_opts: crate::playground::ServerOptions,
    pub latency_ms: u64,
    pub view: View,
    /// The clock runs slow: messages are travelling.
    pub slowed: bool,
}

/// Whether travelling dots are drawn (ordinary speeds, motion allowed) and one of them is
/// in flight: then the clock slows down so that each hop can be followed.
pub fn slowed(pg: &Playground, motion: bool) -> bool {
    motion
        && pg.speed <= vm::DOTS_UP_TO_SPEED
        && pg.sim().in_flight().iter().any(|f| f.what.is_watched())
}

pub fn derive(
    pg: &Playground,
    ask: &Ask,
    motion: bool,
    avail: (f64, f64),
    cache: &mut vm::Cache,
) -> Screen {
    cache.refresh(pg);
    let own = vm::owners(pg);
    let m = layout::metrics(pg);
    let mut panels: Vec<vm::PanelVm> = pg
        .visible_panels()
        .map(|p| vm::panel_vm(pg, p, cache))
        .collect();
    // Presenter mode lays the panels out for the room; the desk's places stay as they were.
    let server_at = if pg.view.presenter {
        let a = layout::stage(pg, avail);
        let (mut ps, mut ls) = (a.publishers.into_iter(), a.listeners.into_iter());
        for p in &mut panels {
            if let Some(at) = if p.listener { ls.next() } else { ps.next() } {
                p.pos = at;
            }
        }
        a.server
    } else {
        layout::server_at(pg)
    };
    let server = vm::server_vm(pg, &own, server_at, m);
    // Travelling dots at ordinary speeds; at high speed (or with reduced motion) each edge
    // counts its packets instead.
    let draw_dots = motion && pg.speed <= vm::DOTS_UP_TO_SPEED;
    let counts = (!draw_dots).then(|| vm::in_flight_by_panel(pg, &own));
    let edges = vm::edges(pg, &panels, &server, counts.as_ref(), m);
    let dots = if draw_dots {
        vm::dots(pg, &own, &panels, &server, m)
    } else {
        Vec::new()
    };
    let world = geometry::world_size(panels.iter().map(|p| p.pos), &server.layout, m);
    let selected = pg
        .selected
        .and_then(|id| pg.panel(id))
        .filter(|p| !p.removed)
        .cloned();
    let code = match (ask.code, &selected) {
        (true, Some(p)) => Some(Rc::new(codegen::for_panel(&pg.server().cluster_id, p))),
        _ => None,
    };
    let monitor = ask.monitor.map(|i| {
        let i = i.min(MONITOR_PATHS.len() - 1);
        let path = MONITOR_PATHS[i];
        let json = match pg.sim().monitor(path) {
            Ok(v) => crate::json::to_string_pretty(&v),
            Err(e) => format!("{}\n\n{}", e.status_line(), e.body),
        };
        Rc::new(MonitorVm {
            path: i,
            json,
            clients: server.clients.clone(),
        })
    });
    Screen {
        narration: vm::narration(pg, &own),
        notice: pg.notice.as_ref().map(|n| (n.kind, n.text.clone())),
        playing: pg.playing,
        speed: pg.speed,
        reached: pg
            .pace
            .behind()
            .filter(|_| pg.playing)
            .map(|r| r.round().clamp(0.0, 1e4) as u32),
        now: pg.now(),
        horizon: pg.horizon(),
        can_undo_fork: pg.can_undo_fork(),
        marks: cache.marks(pg),
        selected,
        code,
        monitor,
        server_opts: pg.server().clone(),
        latency_ms: pg.cfg.latency_ms,
        view: pg.view.clone(),
        slowed: draw_dots && slowed(pg, motion),
        panels: Rc::new(panels),
        server: Rc::new(server),
        edges: Rc::new(edges),
        dots: Rc::new(dots),
        world,
    }
}
