//! The tab's session: at start, what opens (`startup`, deciding by `policy`) and the save
//! written after a panic; then the autosave, every few seconds and when the page is hidden.

use super::loading::Progress;
use super::{autosave, loading, startup, storage, tell};
#[cfg(feature = "test-hooks")]
use crate::ui::store::Msg;
use crate::ui::store::Store;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Autosave at most this often (wall time), and when the page is hidden or closed.
const AUTOSAVE_EVERY_MS: u32 = 2000;

/// Opens what the tab starts with and autosaves while the app is mounted.
#[hook]
pub fn use_session(
    store: &UseReducerHandle<Store>,
    set_progress: UseStateSetter<Option<Progress>>,
) {
    let pg = Rc::clone(&store.pg);
    {
        let dispatch = store.dispatcher();
        use_effect_with((), move |_| {
            {
                let dispatch = dispatch.clone();
                yew::platform::spawn_local(async move {
                    let start = startup::startup().await;
                    for (kind, text) in start.tell {
                        tell(&dispatch, kind, text);
                    }
                    if let Some((saved, source, told)) = start.open {
                        loading::open(saved, source, told, dispatch, set_progress);
                    }
                });
            }
            {
                // After a panic: write what can be written, without touching the UI. While
                // saved work is being opened the playground on screen is not the learner's:
                // nothing is written, and the next start knows what crashed.
                let pg = Rc::clone(&pg);
                crate::ui::panic::on_panic_save(
                    move || {
                        loading::opening()
                            .is_none()
                            .then(|| pg.try_borrow().ok().map(|p| p.to_saved()))
                            .flatten()
                    },
                    |saved| match loading::opening() {
                        Some(what) => {
                            storage::mark_crash(what);
                            false
                        }
                        None => storage::save_now(saved),
                    },
                );
            }
            #[cfg(feature = "test-hooks")]
            let test_panic = {
                let dispatch = dispatch.clone();
                let c: Closure<dyn FnMut(web_sys::Event)> =
                    Closure::new(move |_| dispatch.dispatch(Msg::TestPanic));
                if let Some(w) = web_sys::window() {
                    let _ = w.add_event_listener_with_callback(
                        "nats-playground-test-panic",
                        c.as_ref().unchecked_ref(),
                    );
                }
                c
            };
            let saver = Rc::new(autosave::Autosaver::new(pg, dispatch));
            let interval = {
                let saver = Rc::clone(&saver);
                gloo_timers::callback::Interval::new(AUTOSAVE_EVERY_MS, move || saver.save())
            };
            let on_hide: Closure<dyn FnMut(web_sys::Event)> = {
                let saver = Rc::clone(&saver);
                Closure::new(move |_| saver.save())
            };
            let window = web_sys::window();
            for ev in ["pagehide", "beforeunload"] {
                if let Some(w) = &window {
                    let _ =
                        w.add_event_listener_with_callback(ev, on_hide.as_ref().unchecked_ref());
                }
            }
            move || {
                drop(interval);
                if let Some(w) = &window {
                    for ev in ["pagehide", "beforeunload"] {
                        let _ = w.remove_event_listener_with_callback(
                            ev,
                            on_hide.as_ref().unchecked_ref(),
                        );
                    }
                }
                drop(on_hide);
                #[cfg(feature = "test-hooks")]
                if let Some(w) = web_sys::window() {
                    let _ = w.remove_event_listener_with_callback(
                        "nats-playground-test-panic",
                        test_panic.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
}
