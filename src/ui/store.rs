//! The one store the whole UI reads and writes: the playground (its reducer decides
//! everything) and the open lesson. Components dispatch [`Msg`]s; nothing else mutates state.
//!
//! The playground is large (a whole simulation), so the store shares it behind `Rc<RefCell>`
//! and bumps `version` on every change instead of cloning it: `use_reducer` re-renders on the
//! new version, and components compare the small props they derive from it.

use super::layout;
use crate::lessons::{Lesson, LessonRun};
use crate::playground::{Action, Notice, NoticeKind, Playground, Pos, View};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// Anything the playground reducer understands.
    Act(Action),
    /// An animation frame: wall-clock ms since the last one.
    Frame(f64),
    /// Lesson number `n` of the catalogue is being fetched (`None`: no longer).
    LessonLoading(Option<usize>),
    /// Opens a (fetched) lesson, resetting the canvas to its setup.
    OpenLesson(Rc<Lesson>),
    /// Follows a (fetched) lesson on the canvas as it is: a restored or loaded playground
    /// that was made in that lesson. Ignored if the canvas has left the lesson meanwhile.
    AttachLesson(Rc<Lesson>),
    CloseLesson,
    /// Performs the next unticked task's moves.
    ShowMe,
    /// Restarts the open lesson from its setup.
    ResetLesson,
    /// Shows narration paragraph `n` of the open lesson.
    Narrate(usize),
    /// Replaces the playground with one already replayed (share link, import, autosave:
    /// replayed in slices under a work budget, see `persist::loading`).
    Replace(Rc<Loaded>),
    /// Shows a message (e.g. why an import failed).
    Tell(NoticeKind, String),
    /// Zoom, folded columns, presenter mode.
    View(View),
    /// The canvas's size on screen (CSS px) changed.
    Avail(f64, f64),
    /// Adds a publisher (`false`) or listener in a free place on screen.
    Add(bool),
    /// A drag ended: nothing stays on the server box.
    Dropped,
    /// Panics inside the reducer (test builds only: the crash screen's browser test).
    #[cfg(feature = "test-hooks")]
    TestPanic,
}

/// A replayed playground on its way into the store (taken once).
pub struct Loaded(pub RefCell<Option<Playground>>);

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loaded")
    }
}

#[derive(Clone)]
pub struct Store {
    pub pg: Rc<RefCell<Playground>>,
    pub lesson: Rc<RefCell<Option<LessonRun>>>,
    /// The catalogue number of the lesson being fetched, if any.
    pub loading: Rc<Cell<Option<usize>>>,
    /// The canvas's size on screen (CSS px): lessons are laid out for it.
    pub avail: Rc<Cell<(f64, f64)>>,
    /// Counts the notices shown: the same text twice is two notices (each fades in anew).
    pub notices: Rc<Cell<u32>>,
    /// Saved work was opened here: the first measurement of the canvas rearranges nothing.
    pub opened: Rc<Cell<bool>>,
    pub version: u64,
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.pg, &other.pg)
    }
}

impl Default for Store {
    fn default() -> Self {
        Self {
            pg: Rc::new(RefCell::new(Playground::default())),
            lesson: Rc::new(RefCell::new(None)),
            loading: Rc::new(Cell::new(None)),
            avail: Rc::new(Cell::new((0.0, 0.0))),
            notices: Rc::new(Cell::new(0)),
            opened: Rc::new(Cell::new(false)),
            version: 0,
        }
    }
}

impl Store {
    /// Applies one message (pure state change; no DOM, no timers).
    pub fn update(&self, msg: Msg) {
        let mut pg = self.pg.borrow_mut();
        let mut lesson = self.lesson.borrow_mut();
        let keep = !matches!(msg, Msg::Frame(_)) || super::panic::frame_due();
        let notice = pg.notice.clone();
        // A notice set by this message, even one saying what the last one said.
        let mut said = false;
        match msg {
            Msg::Act(a) => {
                // An error goes once the learner does something that works (a new step).
                let steps = pg.scenario.steps.len();
                // Whether this action says something (even what was said before).
                let dismiss = matches!(a, Action::DismissNotice);
                let before = pg.notice.take();
                pg.apply(a);
                if pg.notice.is_some() {
                    said = true;
                } else if !dismiss {
                    pg.notice = before;
                }
                if pg.scenario.steps.len() > steps
                    && pg
                        .notice
                        .as_ref()
                        .is_some_and(|n| n.kind == NoticeKind::Error)
                {
                    pg.notice = None;
                }
            }
            Msg::Frame(ms) => pg.play_frame(ms, frame_budget()),
            Msg::LessonLoading(n) => self.loading.set(n),
            Msg::OpenLesson(l) => match l.playground() {
                Ok(p) => {
                    let view = pg.view.clone();
                    *pg = p;
                    fresh_layout(&mut pg, view, self.avail.get());
                    pg.lesson_id = Some(l.id.clone());
                    *lesson = Some(LessonRun::new(Lesson::clone(&l)));
                }
                Err(e) => {
                    pg.notice = Some(Notice {
                        kind: NoticeKind::Error,
                        text: format!(
                            "The lesson “{}” could not set up its canvas: {}",
                            l.title, e.message
                        ),
                    })
                }
            },
            Msg::AttachLesson(l) => {
                if pg.lesson_id.as_deref() == Some(l.id.as_str()) {
                    *lesson = Some(LessonRun::new(Lesson::clone(&l)));
                }
            }
            Msg::CloseLesson => {
                *lesson = None;
                pg.lesson_id = None;
            }
            Msg::ShowMe => {
                if let Some(run) = lesson.as_mut() {
                    run.show_me(&mut pg);
                }
            }
            Msg::ResetLesson => {
                if let Some(run) = lesson.as_mut() {
                    if let Ok(p) = run.lesson.playground() {
                        let view = pg.view.clone();
                        *pg = p;
                        fresh_layout(&mut pg, view, self.avail.get());
                        pg.lesson_id = Some(run.lesson.id.clone());
                        *run = LessonRun::new(run.lesson.clone());
                    }
                }
            }
            Msg::Narrate(n) => {
                if let Some(run) = lesson.as_mut() {
                    run.step = n.min(run.lesson.narration.len().saturating_sub(1));
                }
            }
            Msg::Replace(loaded) => {
                if let Some(p) = loaded.0.borrow_mut().take() {
                    *pg = p;
                    self.opened.set(true);
                    layout::clear_server(&mut pg);
                    reattach(&pg, &mut lesson);
                }
            }
            Msg::Tell(kind, text) => {
                pg.notice = Some(Notice { kind, text });
                said = true;
            }
            #[cfg(feature = "test-hooks")]
            Msg::TestPanic => panic!("a test panic inside the reducer"),
            Msg::View(v) => pg.view = v,
            Msg::Avail(w, h) => {
                let first = self.avail.get().0 <= 0.0;
                self.avail.set((w, h));
                // The first canvas of a fresh tab is laid out for this screen.
                if first && !self.opened.get() && pg.scenario.steps.is_empty() && lesson.is_none() {
                    // A phone starts on the canvas (lessons and inspector are sheets there);
                    // a laptop with the inspector folded (see `fold_inspector`).
                    let narrow = super::persist::browser::narrow_screen();
                    let fold = !narrow && fold_inspector(w);
                    pg.view.lessons_folded |= narrow;
                    pg.view.inspector_folded |= narrow || fold;
                    layout::arrange(&mut pg, (if fold { w + UNFOLDED } else { w }, h));
                }
            }
            Msg::Add(listener) => {
                let at = layout::free_place(&pg, listener, self.avail.get());
                pg.apply(if listener {
                    Action::AddListenerAt(at)
                } else {
                    Action::AddPublisherAt(at)
                });
            }
            Msg::Dropped => layout::clear_server(&mut pg),
        }
        if said || (pg.notice.is_some() && pg.notice != notice) {
            self.notices.set(self.notices.get().wrapping_add(1));
        }
        if let Some(run) = lesson.as_mut() {
            run.update(&pg);
        }
        if keep {
            // Outside the playground's borrow once the reducer is done: what a panic saves.
            super::panic::keep_last_good(pg.to_saved());
        }
    }
}

/// What the canvas gains in width when the open inspector folds to its strip (CSS px).
const UNFOLDED: f64 = 300.0;

/// Whether the inspector starts folded: the canvas is under 1100 px wide with it open (a
/// laptop or a projector, where free play would fit at about 65 % beside it). Opening a
/// panel (⚙ or Enter) or its fold button opens it; the choice is saved with the view.
fn fold_inspector(canvas_w: f64) -> bool {
    canvas_w > 0.0 && canvas_w < 1100.0
}

/// Wall time one animation frame may spend on the simulation (the rest of a 60 Hz frame
/// is for drawing it).
const FRAME_BUDGET_MS: f64 = 8.0;

/// Whether this frame still has time for the simulation: true until [`FRAME_BUDGET_MS`]
/// after the call. Without a clock (no `performance`), one slice per frame.
fn frame_budget() -> impl FnMut() -> bool {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = perf.as_ref().map(|p| p.now());
    move || match (&perf, start) {
        (Some(p), Some(s)) => p.now() - s < FRAME_BUDGET_MS,
        _ => false,
    }
}

/// A lesson's fresh canvas keeps how the playground was shown (presenter mode, folded
/// columns) and is laid out for the screen, fitted anew. On a laptop the inspector folds
/// (nothing is selected yet; opening a panel unfolds it), so the lesson gets the room.
#[inline(never)]
fn fresh_layout(pg: &mut Playground, view: View, avail: (f64, f64)) {
    let fold = !view.inspector_folded && fold_inspector(avail.0);
    pg.view = View {
        zoom: None,
        server: None::<Pos>,
        inspector_folded: view.inspector_folded || fold,
        ..view
    };
    let grown = if fold { avail.0 + UNFOLDED } else { avail.0 };
    layout::arrange(pg, (grown, avail.1));
}

/// A saved lesson canvas reopens its lesson (objectives tick again from the run): at once
/// if it is the lesson already open, else once the lesson column has fetched it
/// (`AttachLesson`).
fn reattach(pg: &Playground, lesson: &mut Option<LessonRun>) {
    let same = lesson
        .as_ref()
        .map(|r| r.lesson.clone())
        .filter(|l| pg.lesson_id.as_deref() == Some(l.id.as_str()));
    *lesson = same.map(LessonRun::new);
}

impl Reducible for Store {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        self.update(msg);
        Rc::new(Store {
            pg: Rc::clone(&self.pg),
            lesson: Rc::clone(&self.lesson),
            loading: Rc::clone(&self.loading),
            avail: Rc::clone(&self.avail),
            notices: Rc::clone(&self.notices),
            opened: Rc::clone(&self.opened),
            version: self.version.wrapping_add(1),
        })
    }
}
