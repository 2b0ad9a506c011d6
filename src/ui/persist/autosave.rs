//! Autosave: writes the playground when it changed since the last write (see `storage` for
//! where). Says once if the browser will not keep it, once if another tab saves too, and
//! plainly how much is kept when the history has grown past what can be saved.

use super::storage;
use super::{loading, sentence};
use crate::playground::{NoticeKind, Playground};
use crate::ui::store::{Msg, Store};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

pub struct Autosaver {
    pub pg: Rc<RefCell<Playground>>,
    pub dispatch: UseReducerDispatcher<Store>,
    pub last: RefCell<String>,
    pub warned: Cell<bool>,
    pub told_other_tab: Cell<bool>,
    /// The moment the autosave keeps the history up to, when it keeps only a part.
    pub kept_until: Cell<Option<u64>>,
    /// How many steps the last autosave kept (where the next one looks first).
    pub kept_steps: Cell<Option<usize>>,
    /// Whether it said that the history is kept only as far as a reload replays it.
    pub told_work_cut: Cell<bool>,
}

impl Autosaver {
    pub fn new(pg: Rc<RefCell<Playground>>, dispatch: UseReducerDispatcher<Store>) -> Self {
        Self {
            pg,
            dispatch,
            last: RefCell::new(String::new()),
            warned: Cell::new(false),
            told_other_tab: Cell::new(false),
            kept_until: Cell::new(None),
            kept_steps: Cell::new(None),
            told_work_cut: Cell::new(false),
        }
    }

    fn tell(&self, kind: NoticeKind, text: String) {
        self.dispatch.dispatch(Msg::Tell(kind, text));
    }

    fn warn(&self, text: String) {
        if !self.warned.replace(true) {
            self.tell(NoticeKind::Error, text);
        }
    }

    pub fn save(&self) {
        // Not while saved work is being opened (the playground on screen is not it yet).
        if loading::opening().is_some() {
            return;
        }
        // Never while the reducer holds the playground (a save from an event mid-update).
        let Ok(pg) = self.pg.try_borrow() else {
            return;
        };
        // Save only what a reload reopens in full: the history up to where its replay
        // stays within the reopening tab's work budget, and of that the longest part that
        // fits in storage; say so when that is not all of it.
        let (saved, work_cut) = pg.to_saved_reopenable();
        // Said once no warning is shown (a stopped replay's notice stays readable).
        let quiet = pg
            .notice
            .as_ref()
            .is_none_or(|n| n.kind != NoticeKind::Error);
        drop(pg);
        let (kept, until, size_cut) = match saved.fitting_near(self.kept_steps.get()) {
            Ok((kept, size_cut, steps)) => {
                self.kept_steps.set(size_cut.map(|_| steps));
                if size_cut.is_none() {
                    if let Some(t) = work_cut.filter(|_| quiet && !self.told_work_cut.get()) {
                        self.told_work_cut.set(true);
                        self.tell(NoticeKind::Info, crate::playground::saved::work_cut_text(t));
                    }
                }
                (kept, size_cut.or(work_cut), size_cut)
            }
            Err(e) => {
                self.warn(format!(
                    "This playground can no longer be saved in the browser: {} A reload would lose it; export the scenario to keep a copy.",
                    sentence(&e.message)
                ));
                return;
            }
        };
        let json = kept.to_json();
        if *self.last.borrow() == json {
            return;
        }
        let written = storage::write_autosave(&json);
        if !written.kept {
            self.warn(
                "This browser is not keeping your work (its storage is unavailable or full): a reload will start afresh. Use Share or Export to keep the playground."
                    .into(),
            );
            return;
        }
        *self.last.borrow_mut() = json;
        if written.other_tab && !self.told_other_tab.replace(true) {
            self.tell(
                NoticeKind::Info,
                "The playground is open in another tab too. Each tab keeps its own work when it is reloaded; a new tab opens whichever saved last (this one, now).".into(),
            );
        }
        if size_cut.is_some() && self.kept_until.get().is_none() {
            self.tell(
                NoticeKind::Error,
                format!(
                    "This run has grown too large to keep whole in the browser (over {} MB): the autosave keeps its history up to {} s and no further. Export the trace to keep the rest.",
                    crate::playground::saved::MAX_BYTES / (1024 * 1024),
                    crate::num::Fixed(until.unwrap_or(0) as f64 / 1000.0, 1)
                ),
            );
        }
        self.kept_until.set(until);
    }
}
