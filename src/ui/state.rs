//! The app state and its pure reducer.
//!
//! Pure (no yew, no web-sys), host-tested through `tests/ui_model.rs`. The yew
//! `Reducible` glue lives in `app.rs`.

use super::geometry::{Bounds, Pos};

/// What a panel on the canvas stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelKind {
    Publisher,
}

impl PanelKind {
    pub fn label(self) -> &'static str {
        match self {
            PanelKind::Publisher => "Publisher",
        }
    }
}

/// One movable panel on the canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// Stable for the panel's life; used in `data-testid="panel-{id}"`.
    pub id: u32,
    pub kind: PanelKind,
    /// Top-left corner on the canvas, CSS pixels.
    pub pos: Pos,
}

impl Panel {
    pub fn title(&self) -> String {
        format!("{} {}", self.kind.label(), self.id)
    }
}

/// Everything the UI can do to the state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Add a publisher panel in the first free slot.
    AddPublisher,
    /// Put a panel at `to` (drag), kept inside `bounds`.
    MovePanel { id: u32, to: Pos, bounds: Bounds },
    /// Move a panel by (dx, dy) (keyboard), kept inside `bounds`.
    NudgePanel {
        id: u32,
        dx: f64,
        dy: f64,
        bounds: Bounds,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub panels: Vec<Panel>,
    next_id: u32,
}

impl Default for AppState {
    /// The first screen: one publisher panel.
    fn default() -> Self {
        AppState {
            panels: Vec::new(),
            next_id: 1,
        }
        .apply(Action::AddPublisher)
    }
}

/// Grid of places where new panels appear (CSS pixels). A slot is wider and
/// taller than a panel, so panels in neighbouring slots do not overlap.
pub const SLOT_MARGIN: f64 = 24.0;
pub const SLOT_WIDTH: f64 = 232.0;
pub const SLOT_HEIGHT: f64 = 136.0;
pub const SLOT_COLUMNS: u32 = 3;
const MAX_SLOTS: u32 = 60;

/// Top-left corner of slot `i` (row by row).
pub fn slot_pos(i: u32) -> Pos {
    Pos::new(
        SLOT_MARGIN + f64::from(i % SLOT_COLUMNS) * SLOT_WIDTH,
        SLOT_MARGIN + f64::from(i / SLOT_COLUMNS) * SLOT_HEIGHT,
    )
}

/// The first slot that no panel's corner is near (within half a slot).
/// If every slot is taken, new panels pile up on the first one.
pub fn free_slot(panels: &[Panel]) -> Pos {
    (0..MAX_SLOTS)
        .map(slot_pos)
        .find(|s| {
            panels.iter().all(|p| {
                (p.pos.x - s.x).abs() >= SLOT_WIDTH / 2.0
                    || (p.pos.y - s.y).abs() >= SLOT_HEIGHT / 2.0
            })
        })
        .unwrap_or(slot_pos(0))
}

impl AppState {
    /// The reducer: a new state, `self` untouched. Unknown panel ids are ignored.
    pub fn apply(&self, action: Action) -> AppState {
        let mut next = self.clone();
        match action {
            Action::AddPublisher => {
                let pos = free_slot(&next.panels);
                next.panels.push(Panel {
                    id: next.next_id,
                    kind: PanelKind::Publisher,
                    pos,
                });
                next.next_id = next.next_id.saturating_add(1);
            }
            Action::MovePanel { id, to, bounds } => {
                if let Some(p) = next.panels.iter_mut().find(|p| p.id == id) {
                    p.pos = bounds.clamp(to);
                }
            }
            Action::NudgePanel { id, dx, dy, bounds } => {
                if let Some(p) = next.panels.iter_mut().find(|p| p.id == id) {
                    p.pos = bounds.clamp(Pos::new(p.pos.x + dx, p.pos.y + dy));
                }
            }
        }
        next
    }

    pub fn panel(&self, id: u32) -> Option<&Panel> {
        self.panels.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_one_publisher_in_the_first_slot() {
        let s = AppState::default();
        assert_eq!(s.panels.len(), 1);
        assert_eq!(s.panels[0].id, 1);
        assert_eq!(s.panels[0].title(), "Publisher 1");
        assert_eq!(s.panels[0].pos, slot_pos(0));
    }

    #[test]
    fn add_publisher_uses_the_next_free_slot() {
        let s = AppState::default().apply(Action::AddPublisher);
        assert_eq!(s.panels.len(), 2);
        assert_eq!(s.panels[1].id, 2);
        assert_eq!(s.panels[1].pos, slot_pos(1));
        // move panel 1 away: slot 0 is free again and is reused
        let s = s
            .apply(Action::MovePanel {
                id: 1,
                to: Pos::new(600.0, 400.0),
                bounds: Bounds::UNBOUNDED,
            })
            .apply(Action::AddPublisher);
        assert_eq!(s.panel(3).map(|p| p.pos), Some(slot_pos(0)));
    }

    #[test]
    fn slots_wrap_into_rows() {
        assert_eq!(slot_pos(0), Pos::new(24.0, 24.0));
        assert_eq!(slot_pos(3), Pos::new(24.0, 24.0 + SLOT_HEIGHT));
    }

    #[test]
    fn full_canvas_piles_up_on_the_first_slot() {
        let mut s = AppState::default();
        for _ in 0..MAX_SLOTS {
            s = s.apply(Action::AddPublisher);
        }
        assert_eq!(s.panels.last().map(|p| p.pos), Some(slot_pos(0)));
    }

    #[test]
    fn move_and_nudge_are_clamped() {
        let b = Bounds {
            max_x: 100.0,
            max_y: 100.0,
        };
        let s = AppState::default()
            .apply(Action::MovePanel {
                id: 1,
                to: Pos::new(90.0, -3.0),
                bounds: b,
            })
            .apply(Action::NudgePanel {
                id: 1,
                dx: 50.0,
                dy: 10.0,
                bounds: b,
            });
        assert_eq!(s.panel(1).map(|p| p.pos), Some(Pos::new(100.0, 10.0)));
    }

    #[test]
    fn reducer_is_pure_and_ignores_unknown_ids() {
        let s = AppState::default();
        let before = s.clone();
        let t = s.apply(Action::NudgePanel {
            id: 99,
            dx: 1.0,
            dy: 1.0,
            bounds: Bounds::UNBOUNDED,
        });
        assert_eq!(s, before);
        assert_eq!(t, before);
    }
}
