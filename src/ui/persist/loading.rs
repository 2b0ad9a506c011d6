//! Opening saved work (a link, a file, an autosave): its history is replayed in slices of a
//! few milliseconds between frames, so the page stays responsive; a progress line with a
//! Cancel button shows when it takes more than a moment; the replay runs under the work
//! budget and says which bound stopped it and what was kept.

use super::browser;
use super::storage::{self, Opening};
use crate::playground::{NoticeKind, Replay, Saved, Stopped};
use crate::ui::store::{Loaded, Msg, Store};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Wall-clock time one slice of replay may take before the page gets the thread back.
const SLICE_WALL_MS: f64 = 12.0;
/// After this long, the progress line shows.
const SHOW_PROGRESS_AFTER_MS: f64 = 300.0;

thread_local! {
    /// What is being opened, if anything (the autosave and the panic hook leave the saved
    /// work alone meanwhile: the playground on screen is not the one being opened).
    static OPENING: Cell<Option<Opening>> = const { Cell::new(None) };
    /// Set by Cancel.
    static CANCEL: Cell<bool> = const { Cell::new(false) };
}

/// What is being opened now, if anything.
pub fn opening() -> Option<Opening> {
    OPENING.with(Cell::get)
}

/// Marks something as being opened before its replay starts (a link the browser unpacks),
/// or nothing.
pub fn hold(what: Option<Opening>) {
    OPENING.with(|o| o.set(what));
}

/// The progress line: what is opened, and how far the replay is.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub what: &'static str,
    pub percent: u32,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn what(o: Opening) -> &'static str {
    match o {
        Opening::Link => "Opening the shared playground",
        Opening::File => "Opening the file",
        Opening::Autosave(_) => "Reopening your saved playground",
    }
}

/// Cancels the opening in progress (the playground on screen stays).
pub fn cancel() {
    CANCEL.with(|c| c.set(true));
}

/// Replays `saved` in slices and then puts it in the store, telling `told` (plus why the
/// replay stopped short, if it did). A second opening while one runs replaces it.
pub fn open(
    saved: Saved,
    source: Opening,
    told: String,
    dispatch: UseReducerDispatcher<Store>,
    progress: UseStateSetter<Option<Progress>>,
) {
    CANCEL.with(|c| c.set(false));
    OPENING.with(|o| o.set(Some(source)));
    let job = Rc::new(RefCell::new(Some(Replay::start(
        &saved,
        Some(crate::playground::Budget::default()),
    ))));
    let generation = Rc::new(());
    JOB.with(|j| *j.borrow_mut() = Some(Rc::clone(&generation)));
    yew::platform::spawn_local(async move {
        let started = now_ms();
        loop {
            // A newer opening took over.
            if !JOB.with(|j| {
                j.borrow()
                    .as_ref()
                    .is_some_and(|g| Rc::ptr_eq(g, &generation))
            }) {
                return;
            }
            if CANCEL.with(Cell::get) {
                finish_cancelled(source, &dispatch, &progress);
                return;
            }
            let t0 = now_ms();
            let mut done = false;
            if let Some(r) = job.borrow_mut().as_mut() {
                while !done && now_ms() - t0 < SLICE_WALL_MS {
                    done = r.step();
                }
                if !done && now_ms() - started > SHOW_PROGRESS_AFTER_MS {
                    let percent = (r.fraction() * 100.0).floor() as u32;
                    progress.set(Some(Progress {
                        what: what(source),
                        percent: percent.min(99),
                    }));
                }
            }
            if done {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        let Some(replay) = job.borrow_mut().take() else {
            return;
        };
        let (pg, stopped) = replay.finish();
        OPENING.with(|o| o.set(None));
        JOB.with(|j| *j.borrow_mut() = None);
        progress.set(None);
        dispatch.dispatch(Msg::Replace(Rc::new(Loaded(RefCell::new(Some(pg))))));
        if let Some(text) = message(source, told, stopped) {
            let kind = if stopped.is_some() {
                NoticeKind::Error
            } else {
                NoticeKind::Info
            };
            dispatch.dispatch(Msg::Tell(kind, text));
        }
        if stopped.is_some() {
            // The link holds more than this tab keeps: a reload opens what was kept.
            browser::replace_fragment(None);
        } else if source == Opening::Link {
            // A reload of this link from now on carries on with the work done since.
            if let Some(s) = browser::session_storage() {
                browser::set(
                    &s,
                    storage::LINK_KEY,
                    &storage::fingerprint(&browser::fragment()),
                );
            }
        }
    });
}

thread_local! {
    /// The opening in progress (a token: a newer one replaces it).
    static JOB: RefCell<Option<Rc<()>>> = const { RefCell::new(None) };
}

fn message(source: Opening, told: String, stopped: Option<Stopped>) -> Option<String> {
    let Some(s) = stopped else {
        return (!told.is_empty()).then_some(told);
    };
    let lead = if told.is_empty() {
        "Your saved playground was reopened only in part.".to_string()
    } else {
        told
    };
    let tail = match source {
        Opening::Link => {
            " The link was removed from the address bar; Share makes a new one of what was kept."
        }
        _ => "",
    };
    Some(format!("{lead} {}{tail}", s.explain()))
}

fn finish_cancelled(
    source: Opening,
    dispatch: &UseReducerDispatcher<Store>,
    progress: &UseStateSetter<Option<Progress>>,
) {
    OPENING.with(|o| o.set(None));
    JOB.with(|j| *j.borrow_mut() = None);
    progress.set(None);
    let text = match source {
        Opening::Link => {
            browser::replace_fragment(None);
            "Opening the shared playground was cancelled: the playground is as it was, and the link was removed from the address bar (open it again to retry)."
        }
        Opening::File => "Opening the file was cancelled: the playground is as it was.",
        Opening::Autosave(origin) => {
            // Set aside, so that autosaving the fresh playground does not write over it.
            let aside = storage::own_autosave()
                .map(|(text, _)| super::startup::take_aside(&text, origin))
                .unwrap_or_default();
            dispatch.dispatch(Msg::Tell(
                NoticeKind::Info,
                format!("Reopening your saved playground was cancelled: you start with a fresh playground. {aside}"),
            ));
            return;
        }
    };
    dispatch.dispatch(Msg::Tell(NoticeKind::Info, text.into()));
}
