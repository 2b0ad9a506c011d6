//! Where a panel may go on the canvas: drag maths and keyboard nudges.
//!
//! Pure (no yew, no web-sys): compiled into the wasm app and, on the host, into
//! `tests/ui_model.rs`, which runs the unit tests below with plain `cargo test`.

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
// The canvas is a world of CSS pixels; the server box sits at a fixed place between the
// publishers' column (x = 20) and the listeners' column (x = 620) where new panels appear.
// Every row of the server box has a fixed height, so the edges and the travelling dots can
// end exactly on a channel's strip or a subscription's row without measuring the DOM.

/// Width of a panel on the canvas.
pub const PANEL_W: f64 = 236.0;
/// Height a panel takes at most (used for the world's size).
pub const PANEL_H: f64 = 185.0;
/// How far below a panel's top its edge to the server starts.
pub const PANEL_ANCHOR_DY: f64 = 36.0;
pub const SERVER_X: f64 = 276.0;
pub const SERVER_Y: f64 = 20.0;
pub const SERVER_W: f64 = 300.0;
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
/// The world is at least this big (the canvas scrolls when it is larger than the screen).
pub const WORLD_MIN_W: f64 = 900.0;
pub const WORLD_MIN_H: f64 = 560.0;

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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerLayout {
    pub channels: Vec<ChannelRows>,
    pub clients_top: f64,
    pub height: f64,
}

/// Lays out the server box: `channels[i]` lists channel i's subscription blocks.
pub fn server_layout(channels: &[Vec<Block>], clients: usize) -> ServerLayout {
    let mut y = SERVER_HEAD_H;
    let mut out = Vec::with_capacity(channels.len());
    if channels.is_empty() {
        y += EMPTY_H;
    }
    for blocks in channels {
        let top = y;
        let cells_top = top + CHANNEL_TITLE_H;
        y = cells_top + CELLS_H;
        let mut rows = Vec::with_capacity(blocks.len());
        for b in blocks {
            let block_top = y;
            let members = match b {
                Block::Single => {
                    let r = vec![y];
                    y += SUB_ROW_H;
                    r
                }
                Block::Queue(n) => {
                    y += QUEUE_HEAD_H;
                    let r: Vec<f64> = (0..*n).map(|i| y + i as f64 * SUB_ROW_H).collect();
                    y += *n as f64 * SUB_ROW_H + QUEUE_PAD;
                    r
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
    y += CLIENTS_HEAD_H + clients as f64 * CLIENT_ROW_H + SERVER_PAD;
    ServerLayout {
        channels: out,
        clients_top,
        height: y,
    }
}

/// Where a panel's edge to the server starts (the side facing the server), and where it
/// ends on the server box, for a row at `row_y` (offset from the server's top).
pub fn edge_ends(panel: Pos, row_y: f64) -> (Pos, Pos) {
    let server_mid = SERVER_X + SERVER_W / 2.0;
    let left_of_server = panel.x + PANEL_W / 2.0 < server_mid;
    let from = Pos::new(
        if left_of_server {
            panel.x + PANEL_W
        } else {
            panel.x
        },
        panel.y + PANEL_ANCHOR_DY,
    );
    let to = Pos::new(
        if left_of_server {
            SERVER_X
        } else {
            SERVER_X + SERVER_W
        },
        SERVER_Y + row_y,
    );
    (from, to)
}

/// The world's size for panels at `panels` and a server box `server_h` tall.
pub fn world_size(panels: impl IntoIterator<Item = Pos>, server_h: f64) -> (f64, f64) {
    let mut w = WORLD_MIN_W.max(SERVER_X + SERVER_W + 40.0);
    let mut h = WORLD_MIN_H.max(SERVER_Y + server_h + 40.0);
    for p in panels {
        w = w.max(p.x + PANEL_W + 40.0);
        h = h.max(p.y + PANEL_H + 40.0);
    }
    (w, h)
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
        let empty = server_layout(&[], 0);
        assert_eq!(empty.clients_top, SERVER_HEAD_H + EMPTY_H);
        let l = server_layout(&[vec![Block::Single, Block::Queue(2)], vec![]], 3);
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
    }

    #[test]
    fn edges_leave_from_the_side_facing_the_server() {
        let (from, to) = edge_ends(Pos::new(20.0, 20.0), 100.0);
        assert_eq!(from, Pos::new(20.0 + PANEL_W, 20.0 + PANEL_ANCHOR_DY));
        assert_eq!(to, Pos::new(SERVER_X, SERVER_Y + 100.0));
        let (from, to) = edge_ends(Pos::new(620.0, 210.0), 50.0);
        assert_eq!(from, Pos::new(620.0, 210.0 + PANEL_ANCHOR_DY));
        assert_eq!(to, Pos::new(SERVER_X + SERVER_W, SERVER_Y + 50.0));
    }

    #[test]
    fn the_world_holds_every_panel() {
        assert_eq!(world_size([], 100.0), (WORLD_MIN_W, WORLD_MIN_H));
        let (w, h) = world_size([Pos::new(1000.0, 900.0)], 100.0);
        assert_eq!((w, h), (1000.0 + PANEL_W + 40.0, 900.0 + PANEL_H + 40.0));
        let (_, h) = world_size([], 2000.0);
        assert_eq!(h, SERVER_Y + 2000.0 + 40.0);
    }
}
