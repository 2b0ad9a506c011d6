//! Where a panel may go on the canvas: drag maths and keyboard nudges.
//!
//! Pure (no yew, no web-sys), unit-tested on the host.

/// A point on the canvas, in CSS pixels from its top-left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pos {
    pub x: f64,
    pub y: f64,
}

impl Pos {
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

/// The largest top-left position a panel may take: the canvas size minus the
/// panel size. The smallest is always (0, 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub max_x: f64,
    pub max_y: f64,
}

impl Bounds {
    /// Used when the canvas cannot be measured (not in the DOM, not laid out yet).
    pub const UNBOUNDED: Bounds = Bounds {
        max_x: f64::INFINITY,
        max_y: f64::INFINITY,
    };

    /// Bounds for a `panel_w` x `panel_h` panel inside a `canvas_w` x `canvas_h` canvas.
    /// A canvas with no size (not laid out) does not constrain the panel.
    pub fn fit(canvas_w: f64, canvas_h: f64, panel_w: f64, panel_h: f64) -> Bounds {
        if !(canvas_w > 0.0 && canvas_h > 0.0) {
            return Bounds::UNBOUNDED;
        }
        Bounds {
            max_x: (canvas_w - panel_w).max(0.0),
            max_y: (canvas_h - panel_h).max(0.0),
        }
    }

    /// The nearest allowed position. Never panics, even on NaN (NaN becomes 0).
    pub fn clamp(self, p: Pos) -> Pos {
        Pos {
            x: p.x.max(0.0).min(self.max_x.max(0.0)),
            y: p.y.max(0.0).min(self.max_y.max(0.0)),
        }
    }
}

/// Where a panel that was at `start` when the pointer went down at
/// `pointer_start` goes now that the pointer is at `pointer_now`.
pub fn drag_to(start: Pos, pointer_start: Pos, pointer_now: Pos, bounds: Bounds) -> Pos {
    bounds.clamp(Pos {
        x: start.x + (pointer_now.x - pointer_start.x),
        y: start.y + (pointer_now.y - pointer_start.y),
    })
}

/// Pixels an arrow key moves a focused panel.
pub const NUDGE_STEP: f64 = 10.0;
/// Pixels Shift + arrow key moves a focused panel.
pub const NUDGE_STEP_LARGE: f64 = 50.0;

/// The move (dx, dy) a key press asks for (`KeyboardEvent.key` values), or
/// `None` if the key is not an arrow key.
pub fn nudge_delta(key: &str, shift: bool) -> Option<(f64, f64)> {
    let step = if shift { NUDGE_STEP_LARGE } else { NUDGE_STEP };
    match key {
        "ArrowLeft" => Some((-step, 0.0)),
        "ArrowRight" => Some((step, 0.0)),
        "ArrowUp" => Some((0.0, -step)),
        "ArrowDown" => Some((0.0, step)),
        _ => None,
    }
}

/// A point `t` (0…1) of the way from `a` to `b`.
pub fn lerp(a: Pos, b: Pos, t: f64) -> Pos {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    Pos {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    }
}

// ---------------------------------------------------------------- the canvas world
//
// The canvas is a world of CSS pixels. The server box sits between the publishers (on its
// left, or above it on a tall screen) and the listeners (on its right, or below it), with a
// gap wide enough that a message visibly travels. Every row of the server box has a fixed
// height, so edges and travelling dots end exactly on a channel's strip or a subscription's
// row without measuring the DOM. Two sets of sizes: at a desk, and in presenter mode (type
// for the back of a room); `static/style.css` matches both.

/// The heights of the server box's rows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rows {
    pub head: f64,
    pub title: f64,
    pub cells: f64,
    pub sub: f64,
    pub queue_head: f64,
    pub clients_head: f64,
    pub client: f64,
}

/// Sizes on the canvas for one way of presenting it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    pub rows: Rows,
    /// Whether the server box lists its clients (presenter mode leaves that to the panels'
    /// heartbeat meters: what a room must see is the channels and subscriptions).
    pub clients: bool,
    pub panel_w: f64,
    /// Every panel is exactly this tall (the CSS fixes it).
    pub panel_h: f64,
    /// How far below a panel's top its edge to the server starts.
    pub anchor: f64,
    /// Room between a column of panels and the server: the length of an edge.
    pub gap: f64,
    pub server_w: f64,
    /// Space around the world's content.
    pub margin: f64,
}

/// At a desk (learner, 1366×768 laptop).
pub const DESK: Metrics = Metrics {
    rows: Rows {
        head: SERVER_HEAD_H,
        title: CHANNEL_TITLE_H,
        cells: CELLS_H,
        sub: SUB_ROW_H,
        queue_head: QUEUE_HEAD_H,
        clients_head: CLIENTS_HEAD_H,
        client: CLIENT_ROW_H,
    },
    clients: true,
    panel_w: 236.0,
    panel_h: 185.0,
    anchor: 36.0,
    gap: 96.0,
    server_w: 300.0,
    margin: MARGIN,
};

/// Presenter mode: no text under 16 px at a zoom of 1; one line per subscription.
pub const STAGE: Metrics = Metrics {
    rows: Rows {
        head: 40.0,
        title: 30.0,
        cells: 38.0,
        sub: 30.0,
        queue_head: 28.0,
        clients_head: 30.0,
        client: 28.0,
    },
    clients: false,
    panel_w: 244.0,
    panel_h: 212.0,
    anchor: 40.0,
    gap: 88.0,
    server_w: 300.0,
    margin: 8.0,
};

/// Room kept below the server for it to grow when it is above the listeners.
pub const GROWTH: f64 = 60.0;
/// Space around the world's content, and between two panels side by side.
pub const MARGIN: f64 = 20.0;
pub const SPACING: f64 = 12.0;
/// Zoom limits (the zoom buttons and Fit).
pub const MIN_ZOOM: f64 = 0.3;
pub const MAX_ZOOM: f64 = 2.0;
/// Fit goes further down than the zoom buttons: a phone shows everything, however small.
pub const MIN_FIT: f64 = 0.1;

// The server's rows at a desk (`STAGE` has presenter mode's).
pub const SERVER_HEAD_H: f64 = 46.0;
pub const CHANNEL_TITLE_H: f64 = 24.0;
pub const CELLS_H: f64 = 34.0;
pub const SUB_ROW_H: f64 = 34.0;
pub const QUEUE_HEAD_H: f64 = 22.0;
pub const QUEUE_PAD: f64 = 6.0;
pub const CHANNEL_GAP: f64 = 10.0;
pub const EMPTY_H: f64 = 42.0;
pub const CLIENTS_HEAD_H: f64 = 24.0;
pub const CLIENT_ROW_H: f64 = 22.0;
pub const SERVER_PAD: f64 = 8.0;

/// A rectangle on the canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the two overlap by more than a hair.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() - 0.5
            && o.x < self.right() - 0.5
            && self.y < o.bottom() - 0.5
            && o.y < self.bottom() - 0.5
    }

    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x - 0.5
            && o.y >= self.y - 0.5
            && o.right() <= self.right() + 0.5
            && o.bottom() <= self.bottom() + 0.5
    }
}

/// A panel's rectangle at `p`.
pub fn panel_rect(p: Pos, m: &Metrics) -> Rect {
    Rect {
        x: p.x,
        y: p.y,
        w: m.panel_w,
        h: m.panel_h,
    }
}

/// Where the server box goes by default: right of one column of publishers.
pub fn default_server(m: &Metrics) -> Pos {
    Pos::new(MARGIN + m.panel_w + m.gap, MARGIN)
}

/// A subscription block of a channel: one subscription, or a queue group of `n` members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    Single,
    Queue(usize),
}

/// One channel's rows, in y offsets from the server box's top.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChannelRows {
    pub top: f64,
    pub cells_top: f64,
    /// Per block: the queue frame's top (or the row's top for a single subscription),
    /// the frame's height, and each member row's top.
    pub blocks: Vec<BlockRows>,
    pub height: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockRows {
    pub top: f64,
    pub height: f64,
    pub rows: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServerLayout {
    pub channels: Vec<ChannelRows>,
    pub clients_top: f64,
    pub height: f64,
    /// The box's top-left corner and width on the canvas.
    pub at: Pos,
    pub w: f64,
    pub r: Rows,
}

impl ServerLayout {
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.at.x,
            y: self.at.y,
            w: self.w,
            h: self.height,
        }
    }
}

/// Lays out the server box at `at`: `channels[i]` lists channel i's subscription blocks.
pub fn server_layout(
    channels: &[Vec<Block>],
    clients: usize,
    at: Pos,
    m: &Metrics,
) -> ServerLayout {
    let r = m.rows;
    let mut y = r.head;
    let mut out = Vec::with_capacity(channels.len());
    if channels.is_empty() {
        y += EMPTY_H;
    }
    for blocks in channels {
        let top = y;
        let cells_top = top + r.title;
        y = cells_top + r.cells;
        let mut rows = Vec::with_capacity(blocks.len());
        for b in blocks {
            let block_top = y;
            let members = match b {
                Block::Single => {
                    let v = vec![y];
                    y += r.sub;
                    v
                }
                Block::Queue(n) => {
                    y += r.queue_head;
                    let v: Vec<f64> = (0..*n).map(|i| y + i as f64 * r.sub).collect();
                    y += *n as f64 * r.sub + QUEUE_PAD;
                    v
                }
            };
            rows.push(BlockRows {
                top: block_top,
                height: y - block_top,
                rows: members,
            });
            if matches!(b, Block::Queue(_)) {
                y += QUEUE_PAD;
            }
        }
        out.push(ChannelRows {
            top,
            cells_top,
            blocks: rows,
            height: y - top,
        });
        y += CHANNEL_GAP;
    }
    let clients_top = y;
    if m.clients {
        y += r.clients_head + clients as f64 * r.client;
    }
    y += SERVER_PAD;
    ServerLayout {
        channels: out,
        clients_top,
        height: y,
        at,
        w: m.server_w,
        r,
    }
}

/// Where a panel's edge to the server starts (the side facing the server), and where it
/// ends on the server box, for a row at `row_y` (offset from the server's top).
pub fn edge_ends(panel: Pos, row_y: f64, s: &ServerLayout, m: &Metrics) -> (Pos, Pos) {
    let r = panel_rect(panel, m);
    let mid = panel.x + m.panel_w / 2.0;
    let left_of_server = mid < s.at.x + s.w / 2.0;
    let beside = r.right() <= s.at.x || r.x >= s.at.x + s.w;
    let from = if beside {
        Pos::new(if left_of_server { r.right() } else { r.x }, r.y + m.anchor)
    } else if r.y >= s.at.y + s.height {
        Pos::new(mid, r.y)
    } else {
        Pos::new(mid, r.bottom())
    };
    let to = Pos::new(
        if left_of_server { s.at.x } else { s.at.x + s.w },
        s.at.y + row_y,
    );
    (from, to)
}

/// The world's size: everything on it, plus a margin.
pub fn world_size(
    panels: impl IntoIterator<Item = Pos>,
    s: &ServerLayout,
    m: &Metrics,
) -> (f64, f64) {
    let mut w = s.at.x + s.w + m.margin;
    let mut h = s.at.y + s.height + m.margin;
    for p in panels {
        w = w.max(p.x + m.panel_w + m.margin);
        h = h.max(p.y + m.panel_h + m.margin);
    }
    (w, h)
}

/// The zoom that shows a `world` in an `avail` box (both in CSS px), within `lo..=hi`.
pub fn fit_zoom(world: (f64, f64), avail: (f64, f64), lo: f64, hi: f64) -> f64 {
    let z = (avail.0 / world.0).min(avail.1 / world.1);
    if z.is_finite() && z > 0.0 {
        // (not `clamp`: its panic message would bring float formatting into the wasm)
        z.max(lo).min(hi)
    } else {
        1.0
    }
}

/// Where the server and every panel go: publishers first, then listeners.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrangement {
    pub server: Pos,
    pub publishers: Vec<Pos>,
    pub listeners: Vec<Pos>,
    pub size: (f64, f64),
}

/// `n` panels in `cols` columns (filled column by column) from `(x, y)`.
fn grid(n: usize, cols: usize, x: f64, y: f64, m: &Metrics) -> Vec<Pos> {
    let rows = n.div_ceil(cols.max(1)).max(1);
    (0..n)
        .map(|i| {
            Pos::new(
                x + (i / rows) as f64 * (m.panel_w + SPACING),
                y + (i % rows) as f64 * (m.panel_h + SPACING),
            )
        })
        .collect()
}

/// Width and height of `n` panels (at least one slot) in `cols` columns.
fn grid_size(n: usize, cols: usize, m: &Metrics) -> (f64, f64) {
    let cols = cols.min(n).max(1);
    let rows = n.div_ceil(cols).max(1);
    (
        cols as f64 * (m.panel_w + SPACING) - SPACING,
        rows as f64 * (m.panel_h + SPACING) - SPACING,
    )
}

/// Lays out `pubs` publishers, the server (`server_h` tall) and `lis` listeners for a canvas
/// of `avail` CSS px: side by side (publishers, server, listeners in one to three columns)
/// or stacked (publishers above the server, listeners below), whichever needs the least
/// shrinking to fit.
pub fn arrange(
    pubs: usize,
    lis: usize,
    server_h: f64,
    avail: (f64, f64),
    m: &Metrics,
) -> Arrangement {
    let mut best: Option<(f64, Arrangement)> = None;
    for stacked in [false, true] {
        for pc in 1..=2usize {
            for lc in 1..=3usize {
                if (pc > 1 && pubs < pc) || (lc > 1 && lis < lc) {
                    continue;
                }
                let (pw, ph) = grid_size(pubs, pc, m);
                let (lw, lh) = grid_size(lis, lc, m);
                let a = if stacked {
                    let cw = pw.max(lw).max(m.server_w);
                    let server =
                        Pos::new(m.margin + (cw - m.server_w) / 2.0, m.margin + ph + m.gap);
                    // room for the server to grow as clients connect and subscribe
                    let ly = server.y + server_h + GROWTH + m.gap;
                    Arrangement {
                        server,
                        publishers: grid(pubs, pc, m.margin + (cw - pw) / 2.0, m.margin, m),
                        listeners: grid(lis, lc, m.margin + (cw - lw) / 2.0, ly, m),
                        size: (cw + 2.0 * m.margin, ly + lh + m.margin),
                    }
                } else {
                    let server = Pos::new(m.margin + pw + m.gap, m.margin);
                    let lx = server.x + m.server_w + m.gap;
                    let h = ph.max(lh).max(server_h);
                    Arrangement {
                        server,
                        publishers: grid(pubs, pc, m.margin, m.margin, m),
                        listeners: grid(lis, lc, lx, m.margin, m),
                        size: (lx + lw + m.margin, h + 2.0 * m.margin),
                    }
                };
                // Fewer columns win a tie; side by side on a wide canvas and stacked on a tall
                // one, unless the other is much larger.
                let against = if avail.0 > avail.1 { stacked } else { !stacked };
                let z = fit_zoom(a.size, avail, 0.0, 1.0) * if against { 0.8 } else { 1.0 }
                    - 0.01 * (pc + lc) as f64;
                if best.as_ref().is_none_or(|(bz, _)| z > *bz) {
                    best = Some((z, a));
                }
            }
        }
    }
    best.map(|(_, a)| a).unwrap_or(Arrangement {
        server: default_server(m),
        publishers: Vec::new(),
        listeners: Vec::new(),
        size: (0.0, 0.0),
    })
}

/// A free place for a new panel: on the server's publisher side (left, or above) or its
/// listener side (right, or below), clear of every panel in `taken` and of the server,
/// preferring places inside `view` (the part of the world on screen), then near the server.
pub fn free_slot(listener: bool, taken: &[Pos], server: &Rect, view: &Rect, m: &Metrics) -> Pos {
    let stacked = server.y > MARGIN + m.panel_h / 2.0;
    let (cw, ch) = (m.panel_w + SPACING, m.panel_h + SPACING);
    let mut spots = Vec::new();
    for i in 0..8 {
        for j in 0..8 {
            let (fi, fj) = (i as f64, j as f64);
            spots.push(match (listener, stacked) {
                (true, false) => Pos::new(server.right() + m.gap + fi * cw, MARGIN + fj * ch),
                (false, false) => {
                    Pos::new(server.x - m.gap - m.panel_w - fi * cw, MARGIN + fj * ch)
                }
                (true, true) => {
                    Pos::new(MARGIN + fi * cw, server.bottom() + GROWTH + m.gap + fj * ch)
                }
                (false, true) => Pos::new(MARGIN + fi * cw, server.y - m.gap - m.panel_h - fj * ch),
            });
        }
    }
    let clear = |p: &Pos| {
        let r = panel_rect(*p, m);
        p.x >= 0.0
            && p.y >= 0.0
            && !r.overlaps(server)
            && taken.iter().all(|t| !r.overlaps(&panel_rect(*t, m)))
    };
    let anchor = if listener {
        Pos::new(server.right(), server.y)
    } else {
        Pos::new(server.x, server.y)
    };
    let cost = |p: &Pos| {
        let outside = if view.contains(&panel_rect(*p, m)) {
            0.0
        } else {
            1e6
        };
        outside + (p.x - anchor.x).abs() + (p.y - anchor.y).abs()
    };
    spots
        .into_iter()
        .filter(clear)
        .min_by(|a, b| cost(a).total_cmp(&cost(b)))
        // Everything near is taken: below everything else.
        .unwrap_or_else(|| {
            let low = taken
                .iter()
                .map(|t| t.y + m.panel_h)
                .fold(server.bottom(), f64::max);
            Pos::new(MARGIN, low + m.gap)
        })
}

/// A panel at `p` moved off the server box if it lies on it (to the nearer side that has
/// room), else `p` itself.
pub fn clear_of_server(p: Pos, server: &Rect, m: &Metrics) -> Pos {
    if !panel_rect(p, m).overlaps(server) {
        return p;
    }
    let left = server.x - SPACING - m.panel_w;
    let right = server.right() + SPACING;
    let go_left = p.x + m.panel_w / 2.0 < server.x + server.w / 2.0 && left >= 0.0;
    Pos::new(if go_left { left } else { right }, p.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drag_moves_by_the_pointer_delta() {
        let p = drag_to(
            Pos::new(10.0, 20.0),
            Pos::new(100.0, 100.0),
            Pos::new(130.0, 90.0),
            Bounds::UNBOUNDED,
        );
        assert_eq!(p, Pos::new(40.0, 10.0));
    }

    #[test]
    fn drag_stays_inside_the_canvas() {
        let b = Bounds::fit(400.0, 300.0, 100.0, 50.0);
        assert_eq!(
            b,
            Bounds {
                max_x: 300.0,
                max_y: 250.0
            }
        );
        let far = drag_to(Pos::default(), Pos::default(), Pos::new(1000.0, -50.0), b);
        assert_eq!(far, Pos::new(300.0, 0.0));
    }

    #[test]
    fn panel_larger_than_canvas_sticks_to_the_corner() {
        let b = Bounds::fit(100.0, 100.0, 200.0, 200.0);
        assert_eq!(b.clamp(Pos::new(50.0, 50.0)), Pos::new(0.0, 0.0));
    }

    #[test]
    fn unmeasured_canvas_does_not_constrain() {
        assert_eq!(Bounds::fit(0.0, 0.0, 100.0, 50.0), Bounds::UNBOUNDED);
        assert_eq!(Bounds::fit(f64::NAN, 10.0, 1.0, 1.0), Bounds::UNBOUNDED);
        let p = Bounds::UNBOUNDED.clamp(Pos::new(5000.0, 7000.0));
        assert_eq!(p, Pos::new(5000.0, 7000.0));
    }

    #[test]
    fn clamp_never_panics_on_nan() {
        let b = Bounds {
            max_x: f64::NAN,
            max_y: -5.0,
        };
        assert_eq!(b.clamp(Pos::new(f64::NAN, 3.0)), Pos::new(0.0, 0.0));
    }

    #[test]
    fn arrow_keys_nudge_by_10_or_50_with_shift() {
        assert_eq!(nudge_delta("ArrowRight", false), Some((10.0, 0.0)));
        assert_eq!(nudge_delta("ArrowLeft", false), Some((-10.0, 0.0)));
        assert_eq!(nudge_delta("ArrowUp", true), Some((0.0, -50.0)));
        assert_eq!(nudge_delta("ArrowDown", true), Some((0.0, 50.0)));
        assert_eq!(nudge_delta("Enter", false), None);
        assert_eq!(nudge_delta("a", true), None);
    }

    #[test]
    fn lerp_goes_along_the_line() {
        let a = Pos::new(0.0, 0.0);
        let b = Pos::new(100.0, 50.0);
        assert_eq!(lerp(a, b, 0.5), Pos::new(50.0, 25.0));
        assert_eq!(lerp(a, b, 2.0), b);
        assert_eq!(lerp(a, b, f64::NAN), a);
    }

    #[test]
    fn server_rows_stack_channels_blocks_and_clients() {
        let at = default_server(&DESK);
        let empty = server_layout(&[], 0, at, &DESK);
        assert_eq!(empty.clients_top, SERVER_HEAD_H + EMPTY_H);
        let l = server_layout(
            &[vec![Block::Single, Block::Queue(2)], vec![]],
            3,
            at,
            &DESK,
        );
        assert_eq!(l.channels.len(), 2);
        let c = &l.channels[0];
        assert_eq!(c.top, SERVER_HEAD_H);
        assert_eq!(c.cells_top, SERVER_HEAD_H + CHANNEL_TITLE_H);
        let first_row = c.cells_top + CELLS_H;
        assert_eq!(c.blocks[0].rows, vec![first_row]);
        let q = &c.blocks[1];
        assert_eq!(q.top, first_row + SUB_ROW_H);
        assert_eq!(q.rows[0], q.top + QUEUE_HEAD_H);
        assert_eq!(q.rows[1], q.rows[0] + SUB_ROW_H);
        assert_eq!(q.height, QUEUE_HEAD_H + 2.0 * SUB_ROW_H + QUEUE_PAD);
        let second = &l.channels[1];
        assert_eq!(second.top, c.top + c.height + CHANNEL_GAP);
        assert_eq!(
            l.height,
            l.clients_top + CLIENTS_HEAD_H + 3.0 * CLIENT_ROW_H + SERVER_PAD
        );
        // Presenter mode: its own rows, and no client list.
        let stage = server_layout(
            &[vec![Block::Single, Block::Queue(2)], vec![]],
            3,
            at,
            &STAGE,
        );
        let r = STAGE.rows;
        assert_eq!(
            stage.channels[0].blocks[1].rows[1],
            r.head + r.title + r.cells + r.sub + r.queue_head + r.sub
        );
        assert_eq!(stage.height, stage.clients_top + SERVER_PAD);
    }

    #[test]
    fn edges_leave_from_the_side_facing_the_server() {
        let s = server_layout(&[], 0, Pos::new(356.0, 20.0), &DESK);
        let (from, to) = edge_ends(Pos::new(20.0, 20.0), 100.0, &s, &DESK);
        assert_eq!(from, Pos::new(20.0 + DESK.panel_w, 20.0 + DESK.anchor));
        assert_eq!(to, Pos::new(356.0, 20.0 + 100.0));
        let (from, to) = edge_ends(Pos::new(760.0, 210.0), 50.0, &s, &DESK);
        assert_eq!(from, Pos::new(760.0, 210.0 + DESK.anchor));
        assert_eq!(to, Pos::new(356.0 + 300.0, 20.0 + 50.0));
        // Below the server: from the panel's top.
        let (from, _) = edge_ends(Pos::new(400.0, 400.0), 50.0, &s, &DESK);
        assert_eq!(from, Pos::new(400.0 + DESK.panel_w / 2.0, 400.0));
    }

    #[test]
    fn the_world_holds_everything() {
        let s = server_layout(&[], 0, default_server(&DESK), &DESK);
        let (w, h) = world_size([], &s, &DESK);
        assert_eq!(
            (w, h),
            (s.at.x + s.w + DESK.margin, s.at.y + s.height + DESK.margin)
        );
        let (w, h) = world_size([Pos::new(1000.0, 900.0)], &s, &DESK);
        assert_eq!(
            (w, h),
            (
                1000.0 + DESK.panel_w + MARGIN,
                900.0 + DESK.panel_h + MARGIN
            )
        );
    }

    #[test]
    fn fit_shows_the_whole_world_within_limits() {
        assert_eq!(fit_zoom((1000.0, 500.0), (500.0, 500.0), 0.3, 1.0), 0.5);
        assert_eq!(fit_zoom((100.0, 100.0), (500.0, 500.0), 0.3, 1.0), 1.0);
        assert_eq!(fit_zoom((10000.0, 100.0), (500.0, 500.0), 0.3, 1.0), 0.3);
        assert_eq!(fit_zoom((0.0, 0.0), (500.0, 500.0), 0.3, 1.0), 1.0);
        assert_eq!(fit_zoom((100.0, 100.0), (0.0, f64::NAN), 0.3, 1.0), 1.0);
    }

    fn no_overlaps(a: &Arrangement, server_h: f64, m: &Metrics) {
        let server = Rect {
            x: a.server.x,
            y: a.server.y,
            w: m.server_w,
            h: server_h,
        };
        let all: Vec<Rect> = a
            .publishers
            .iter()
            .chain(&a.listeners)
            .map(|p| panel_rect(*p, m))
            .collect();
        let world = Rect {
            x: 0.0,
            y: 0.0,
            w: a.size.0,
            h: a.size.1,
        };
        for (i, r) in all.iter().enumerate() {
            assert!(!r.overlaps(&server), "panel {i} on the server: {r:?}");
            assert!(world.contains(r), "panel {i} outside the world");
            for o in &all[i + 1..] {
                assert!(!r.overlaps(o), "{r:?} overlaps {o:?}");
            }
        }
        assert!(world.contains(&server));
    }

    #[test]
    fn arrangements_fit_the_space_without_overlaps() {
        // A wide canvas: side by side, publishers left of the server, listeners right.
        let a = arrange(2, 4, 400.0, (1280.0, 600.0), &STAGE);
        no_overlaps(&a, 400.0, &STAGE);
        assert!(a
            .publishers
            .iter()
            .all(|p| p.x + STAGE.panel_w < a.server.x));
        assert!(a
            .listeners
            .iter()
            .all(|p| p.x > a.server.x + STAGE.server_w));
        assert!(a.size.0 <= 1280.0 && a.size.1 <= 600.0, "{:?}", a.size);
        // A phone: stacked, publishers above, listeners below.
        let p = arrange(1, 2, 300.0, (390.0, 600.0), &DESK);
        no_overlaps(&p, 300.0, &DESK);
        assert!(p.publishers[0].y + DESK.panel_h < p.server.y);
        assert!(p.listeners.iter().all(|l| l.y > p.server.y + 300.0));
        for n in 0..7 {
            for (w, h) in [(700.0, 560.0), (1000.0, 600.0), (390.0, 500.0)] {
                no_overlaps(&arrange(n % 3, n, 250.0, (w, h), &DESK), 250.0, &DESK);
            }
        }
    }

    #[test]
    fn new_panels_go_to_free_places_beside_the_server() {
        let m = DESK;
        let server = Rect {
            x: 356.0,
            y: 20.0,
            w: 300.0,
            h: 300.0,
        };
        let view = Rect {
            x: 0.0,
            y: 0.0,
            w: 2000.0,
            h: 2000.0,
        };
        let mut taken: Vec<Pos> = Vec::new();
        for _ in 0..5 {
            let p = free_slot(true, &taken, &server, &view, &m);
            assert!(p.x > server.right(), "{p:?}");
            assert!(!panel_rect(p, &m).overlaps(&server));
            assert!(taken
                .iter()
                .all(|t| !panel_rect(*t, &m).overlaps(&panel_rect(p, &m))));
            taken.push(p);
        }
        let p = free_slot(false, &taken, &server, &view, &m);
        assert!(p.x + m.panel_w < server.x);
        // A narrow view: the place inside it wins over one nearer the server.
        let narrow = Rect {
            x: 0.0,
            y: 0.0,
            w: 1100.0,
            h: 700.0,
        };
        let q = free_slot(true, &taken[..2], &server, &narrow, &m);
        assert!(narrow.contains(&panel_rect(q, &m)), "{q:?}");
    }

    #[test]
    fn a_panel_dropped_on_the_server_moves_off_it() {
        let m = DESK;
        let server = Rect {
            x: 356.0,
            y: 20.0,
            w: 300.0,
            h: 300.0,
        };
        let p = clear_of_server(Pos::new(500.0, 50.0), &server, &m);
        assert!(!panel_rect(p, &m).overlaps(&server));
        assert_eq!(p.y, 50.0);
        let q = clear_of_server(Pos::new(300.0, 50.0), &server, &m);
        assert!(q.x + m.panel_w <= server.x);
        assert_eq!(
            clear_of_server(Pos::new(700.0, 0.0), &server, &m),
            Pos::new(700.0, 0.0)
        );
    }
}
