//! Where things go on the canvas for the space the screen gives it: a lesson's panels laid
//! out when it opens, new panels put in free places, panels kept off the server box, and
//! presenter mode's own arrangement (computed, never stored: leaving it restores the desk).

use super::geometry::{self as g, Metrics, Pos, Rect};
use super::vm;
use crate::playground::{Playground, Pos as PgPos};

/// The sizes for the way the canvas is shown.
pub fn metrics(pg: &Playground) -> &'static Metrics {
    if pg.view.presenter {
        &g::STAGE
    } else {
        &g::DESK
    }
}

/// Where the server box is (desk mode).
pub fn server_at(pg: &Playground) -> Pos {
    pg.view
        .server
        .map_or_else(|| g::default_server(&g::DESK), |p| Pos::new(p.x, p.y))
}

fn server_h(pg: &Playground, m: &Metrics) -> f64 {
    let own = vm::owners(pg);
    vm::server_vm(pg, &own, Pos::default(), m).layout.height
}

/// Presenter mode's arrangement of the visible panels (in their order) for `avail`.
pub fn stage(pg: &Playground, avail: (f64, f64)) -> g::Arrangement {
    let m = &g::STAGE;
    let pubs = pg.visible_panels().filter(|p| !p.is_listener()).count();
    let lis = pg.visible_panels().filter(|p| p.is_listener()).count();
    g::arrange(pubs, lis, server_h(pg, m), avail, m)
}

/// Lays every visible panel (and the server) out for `avail` at a desk.
#[inline(never)]
pub fn arrange(pg: &mut Playground, avail: (f64, f64)) {
    if !(avail.0 > 0.0 && avail.1 > 0.0) {
        return;
    }
    let m = &g::DESK;
    let pubs = pg.visible_panels().filter(|p| !p.is_listener()).count();
    let lis = pg.visible_panels().filter(|p| p.is_listener()).count();
    let a = g::arrange(pubs, lis, server_h(pg, m), avail, m);
    let (mut ps, mut ls) = (a.publishers.into_iter(), a.listeners.into_iter());
    for p in pg.panels.iter_mut().filter(|p| !p.removed) {
        let next = if p.is_listener() {
            ls.next()
        } else {
            ps.next()
        };
        if let Some(at) = next {
            p.pos = PgPos { x: at.x, y: at.y };
        }
    }
    pg.view.server = Some(PgPos {
        x: a.server.x,
        y: a.server.y,
    });
}

/// The server box's rectangle at a desk.
fn server_rect(pg: &Playground) -> Rect {
    let at = server_at(pg);
    Rect {
        x: at.x,
        y: at.y,
        w: g::DESK.server_w,
        h: server_h(pg, &g::DESK),
    }
}

/// A free place for a new panel, inside the part of the canvas on screen if there is room.
pub fn free_place(pg: &Playground, listener: bool, avail: (f64, f64)) -> PgPos {
    let m = &g::DESK;
    let server = server_rect(pg);
    let taken: Vec<Pos> = pg
        .visible_panels()
        .map(|p| Pos::new(p.pos.x, p.pos.y))
        .collect();
    let world = g::world_size(
        taken.iter().copied(),
        &g::server_layout(&[], 0, server_at(pg), m),
        m,
    );
    let world = (
        world.0.max(server.right() + g::MARGIN),
        world.1.max(server.bottom() + g::MARGIN),
    );
    let z = pg
        .view
        .zoom
        .unwrap_or_else(|| g::fit_zoom(world, avail, g::MIN_FIT, 1.0));
    let view = if avail.0 > 0.0 {
        Rect {
            x: 0.0,
            y: 0.0,
            w: avail.0 / z,
            h: avail.1 / z,
        }
    } else {
        Rect {
            x: 0.0,
            y: 0.0,
            w: f64::INFINITY,
            h: f64::INFINITY,
        }
    };
    let p = g::free_slot(listener, &taken, &server, &view, m);
    PgPos { x: p.x, y: p.y }
}

/// Moves every panel that lies on the server box off it (after a drop, or a loaded canvas).
pub fn clear_server(pg: &mut Playground) {
    let server = server_rect(pg);
    for p in pg.panels.iter_mut().filter(|p| !p.removed) {
        let to = g::clear_of_server(Pos::new(p.pos.x, p.pos.y), &server, &g::DESK);
        p.pos = PgPos { x: to.x, y: to.y };
    }
}
