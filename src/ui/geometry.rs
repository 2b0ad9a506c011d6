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
}
