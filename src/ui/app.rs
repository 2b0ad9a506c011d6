//! The app: header, lesson column, canvas, inspector and time bar around ONE store.
//!
//! The store's playground decides everything; this file derives small view models from it
//! for each component (so a frame re-renders only what changed), drives the virtual clock
//! with `requestAnimationFrame`, and maps the keyboard shortcuts to actions.

use std::rc::Rc;

use yew::prelude::*;

use super::action_bar::action_bar;
use super::canvas::Canvas;
use super::dom::{self, Frames};
use super::format::{self, Shortcut};
use super::inspector::{Inspector, Tab};
use super::lessons::{caption, LessonColumn};
use super::persist::HeaderActions;
use super::screen;
use super::store::{Msg, Store};
use super::theme::ThemeButton;
use super::timebar::TimeBar;
use super::vm;
use crate::playground::{Action, NoticeKind, View};

/// UI-only state (nothing the simulation needs to know).
#[derive(Clone, Debug, PartialEq)]
struct Ui {
    tab: Tab,
    help: bool,
    monitor_path: usize,
    /// Bumped when a panel is opened from the canvas: the inspector focuses its form.
    focus_form: u32,
}

enum UiMsg {
    Tab(Tab),
    Open,
    ToggleHelp,
    CloseHelp,
    MonitorPath(usize),
}

impl Reducible for Ui {
    type Action = UiMsg;

    fn reduce(self: Rc<Self>, msg: UiMsg) -> Rc<Self> {
        let mut ui = (*self).clone();
        match msg {
            UiMsg::Tab(t) => ui.tab = t,
            UiMsg::Open => {
                ui.tab = Tab::Panel;
                ui.focus_form = ui.focus_form.wrapping_add(1);
            }
            UiMsg::ToggleHelp => ui.help = !ui.help,
            UiMsg::CloseHelp => ui.help = false,
            UiMsg::MonitorPath(i) => ui.monitor_path = i.min(vm::MONITOR_PATHS.len() - 1),
        }
        Rc::new(ui)
    }
}

/// A fresh store with one publisher on the canvas, so there is something to try at once.
fn initial_store() -> Store {
    let store = Store::default();
    // Each browser its own seed (so thirty students get thirty sets of client ids); the
    // seed is saved with the playground, so replays and share links stay the same.
    store.pg.borrow_mut().cfg.seed = (js_sys::Math::random() * 9e15) as u64 | 1;
    // (setting the latency restarts the simulation with the new seed)
    store.update(Msg::Act(Action::SetLatency(100)));
    store.update(Msg::Act(Action::AddPublisher));
    store
}

fn help_dialog(close: Callback<MouseEvent>) -> Html {
    let keys = [
        (
            "Space",
            "play / pause (even on a button: Enter presses buttons)",
        ),
        (".", "step to the next thing that happens"),
        ("[  ]", "slower / faster"),
        ("← →", "scrub back / forward 0.5 s (Shift: 5 s)"),
        (
            "PgDn PgUp",
            "the lesson's next / previous step (a clicker's keys)",
        ),
        ("p", "presenter mode on / off"),
        (
            "Tab",
            "go to a panel; arrows move it (Shift: 50 px); Enter edits it",
        ),
        ("?", "show / hide this list"),
    ];
    html! {
        <div class="help" role="dialog" aria-modal="false" aria-labelledby="help-title" data-testid="help">
            <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
            <dl>
                { for keys.iter().map(|(k, v)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *v }</dd></> }) }
            </dl>
            <p class="muted">{ "Shortcuts are off while you type in a field." }</p>
            <button type="button" data-testid="help-close" onclick={close}>{ "Close" }</button>
        </div>
    }
}

/// Presenter mode on or off: fullscreen where the browser allows, columns folded by CSS
/// (their own folds are kept, so leaving restores the desk as it was).
fn set_presenter(dispatch: &UseReducerDispatcher<Store>, view: &View, on: bool) {
    dom::fullscreen(on);
    dispatch.dispatch(Msg::View(View {
        presenter: on,
        ..view.clone()
    }));
}

#[component(App)]
pub fn app() -> Html {
    let store = use_reducer(initial_store);
    let ui = use_reducer(|| Ui {
        tab: Tab::Panel,
        help: false,
        // the course's: /streaming/channelsz?subs=1
        monitor_path: 3,
        focus_form: 0,
    });
    let motion = use_memo((), |_| !dom::prefers_reduced_motion());
    let cache = use_mut_ref(vm::Cache::default);

    // The virtual clock follows the wall clock while playing, slower while a message the
    // learner follows is on the wire (so that each hop can be watched).
    {
        let pg = store.pg.clone();
        let dispatch = store.dispatcher();
        let size_dispatch = store.dispatcher();
        let motion = *motion;
        use_effect_with((), move |_| {
            let frames = Frames::start(move |dt| {
                let pace = pg.try_borrow().ok().filter(|p| p.playing).map(|p| {
                    if screen::slowed(&p, motion) {
                        format::slow_motion(p.cfg.latency_ms)
                    } else {
                        1.0
                    }
                });
                if let Some(pace) = pace {
                    dispatch.dispatch(Msg::Frame(dt * pace));
                }
            });
            // The canvas's size on screen: lessons are laid out for it, the fit follows it.
            let canvas = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("canvas"));
            let d = size_dispatch;
            let stop = canvas.map(|el| {
                dom::watch_size(&el, move |w, h| {
                    if w > 0.0 && h > 0.0 {
                        d.dispatch(Msg::Avail(w, h));
                    }
                })
            });
            move || {
                frames.stop();
                if let Some(stop) = stop {
                    stop();
                }
            }
        });
    }

    // Global shortcuts (not while typing).
    {
        let pg = store.pg.clone();
        let lesson = store.lesson.clone();
        let dispatch = store.dispatcher();
        let ui_dispatch = ui.dispatcher();
        use_effect_with((), move |_| {
            dom::on_document_keydown(move |e: KeyboardEvent| {
                if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                if e.key() == "Escape" {
                    ui_dispatch.dispatch(UiMsg::CloseHelp);
                    return;
                }
                if dom::is_typing(e.target()) {
                    return;
                }
                let Some(sc) = format::shortcut(&e.key(), e.shift_key()) else {
                    return;
                };
                if sc == Shortcut::TogglePlay && dom::space_toggles(e.target()) {
                    return;
                }
                let Ok((speed, now, horizon, view)) = pg
                    .try_borrow()
                    .map(|p| (p.speed, p.now(), p.horizon(), p.view.clone()))
                else {
                    return;
                };
                let step = lesson
                    .try_borrow()
                    .ok()
                    .and_then(|l| l.as_ref().map(|r| r.step));
                if matches!(sc, Shortcut::LessonStep(_)) && step.is_none() {
                    return; // PageDown scrolls as usual outside a lesson
                }
                // Also keeps Space from pressing the focused button.
                e.prevent_default();
                let act = |a: Action| dispatch.dispatch(Msg::Act(a));
                match sc {
                    Shortcut::TogglePlay => act(Action::TogglePlay),
                    Shortcut::Step => act(Action::Step),
                    Shortcut::Slower => act(Action::SetSpeed(format::speed_step(speed, false))),
                    Shortcut::Faster => act(Action::SetSpeed(format::speed_step(speed, true))),
                    Shortcut::Scrub(d) => act(Action::Seek(format::scrub_target(now, d, horizon))),
                    Shortcut::Help => ui_dispatch.dispatch(UiMsg::ToggleHelp),
                    Shortcut::Presenter => set_presenter(&dispatch, &view, !view.presenter),
                    Shortcut::LessonStep(next) => {
                        let n = step.unwrap_or(0);
                        dispatch.dispatch(Msg::Narrate(if next {
                            n + 1
                        } else {
                            n.saturating_sub(1)
                        }));
                    }
                }
            })
        });
    }

    let on_tab = {
        let ui = ui.dispatcher();
        use_callback((), move |t: Tab, _| ui.dispatch(UiMsg::Tab(t)))
    };
    let on_open = {
        let ui = ui.dispatcher();
        let dispatch = store.dispatcher();
        let pg = store.pg.clone();
        use_callback((), move |id, _| {
            dispatch.dispatch(Msg::Act(Action::Select(Some(id))));
            // Opening a panel unfolds the inspector.
            if let Some(v) = pg.try_borrow().ok().map(|p| p.view.clone()) {
                if v.inspector_folded {
                    dispatch.dispatch(Msg::View(View {
                        inspector_folded: false,
                        ..v
                    }));
                }
            }
            ui.dispatch(UiMsg::Open);
        })
    };
    let on_monitor_path = {
        let ui = ui.dispatcher();
        use_callback((), move |i: usize, _| ui.dispatch(UiMsg::MonitorPath(i)))
    };
    let toggle_help = {
        let ui = ui.dispatcher();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiMsg::ToggleHelp))
    };
    let close_help = {
        let ui = ui.dispatcher();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiMsg::CloseHelp))
    };
    let dismiss = {
        let d = store.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::Act(Action::DismissNotice)))
    };

    let avail = store.avail.get();
    let ask = screen::Ask {
        code: ui.tab == Tab::Code,
        monitor: (ui.tab == Tab::Monitoring).then_some(ui.monitor_path),
    };
    let derived = store
        .pg
        .try_borrow()
        .ok()
        .map(|pg| match cache.try_borrow_mut() {
            Ok(mut c) => screen::derive(&pg, &ask, *motion, avail, &mut c),
            Err(_) => screen::derive(&pg, &ask, *motion, avail, &mut vm::Cache::default()),
        });

    let Some(v) = derived else {
        return html! { <div class="app" /> };
    };
    let dispatch = store.dispatcher();
    // Keyed by its count: a notice said again is a new element, so it fades in anew.
    let notice = match &v.notice {
        Some((kind, text)) => html! {
            <div key={store.notices.get()} class={classes!("notice", if *kind == NoticeKind::Error { "error" } else { "info" })}
                role={if *kind == NoticeKind::Error { "alert" } else { "status" }} data-testid="notice">
                <span class="notice-icon" aria-hidden="true">{ if *kind == NoticeKind::Error { "⚠" } else { "ℹ" } }</span>
                <p>{ text }</p>
                <button type="button" class="icon" data-testid="notice-dismiss" aria-label="Dismiss" onclick={dismiss}>{ "×" }</button>
            </div>
        },
        None => html! {},
    };

    let view = v.view.clone();
    let presenting = view.presenter;
    let present = {
        let d = store.dispatcher();
        let view = view.clone();
        Callback::from(move |_: MouseEvent| set_presenter(&d, &view, !view.presenter))
    };
    let caption = if presenting {
        caption(&store)
    } else {
        html! {}
    };

    // A phone's controls for the selected panel: drawn for a canvas under 600 px wide only
    // (CSS shows them under a 600 px screen only).
    let panels = v.panels.clone();
    let bar = panels
        .iter()
        .find(|p| p.selected && !presenting && avail.0 < 600.0);

    html! {
        <div class={classes!("app", presenting.then_some("presenter"))} data-testid="app"
            data-presenter={presenting.to_string()}>
            <header class="app-header">
                <h1 id="app-title">{ "NATS Streaming Playground" }</h1>
                <p class="app-tagline">{ "Publish, subscribe, ack and replay — and watch the server do it." }</p>
                <div class="header-right">
                    <HeaderActions store={store.clone()} />
                    <ThemeButton />
                    <button type="button" class="present-btn" data-testid="presenter-toggle"
                        aria-pressed={presenting.to_string()} title="Presenter mode (p)" onclick={present}>
                        { if presenting { "✕ Leave presenter mode" } else { "Present" } }
                    </button>
                    <button type="button" class="icon help-btn" data-testid="help-button" aria-label="Keyboard shortcuts"
                        aria-expanded={ui.help.to_string()} onclick={toggle_help}>{ "?" }</button>
                </div>
            </header>
            <div class="toasts" aria-live="polite">{ notice }</div>
            if ui.help { { help_dialog(close_help) } }
            <main class={classes!("main", view.lessons_folded.then_some("lessons-folded"), view.inspector_folded.then_some("inspector-folded"))}>
                <LessonColumn store={store.clone()} />
                <Canvas panels={v.panels} server={v.server} edges={v.edges} dots={v.dots} world={v.world}
                    dispatch={dispatch.clone()} on_open={on_open.clone()} view={view.clone()} avail={avail}
                    slowed={v.slowed} {caption} />
                <Inspector tab={ui.tab} on_tab={on_tab} panel={v.selected} code={v.code} monitor={v.monitor}
                    on_monitor_path={on_monitor_path} focus_request={ui.focus_form} server={v.server_opts} latency_ms={v.latency_ms}
                    folded={view.inspector_folded} view={view.clone()} dispatch={dispatch.clone()} />
                // Last, so that its coming and going never re-creates the canvas (whose size
                // is watched) or the inspector.
                if let Some(p) = bar {
                    { action_bar(p, &dispatch, &on_open) }
                }
            </main>
            <TimeBar playing={v.playing} speed={v.speed} now={v.now} horizon={v.horizon} can_undo_fork={v.can_undo_fork} marks={v.marks}
                reached={v.reached} dispatch={dispatch} />
            <div class="sr-only" aria-live="polite" data-testid="narration">{ v.narration }</div>
        </div>
    }
}
