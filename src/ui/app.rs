//! The app: header, lesson column, canvas, inspector and time bar around ONE store.
//!
//! The store's playground decides everything; this file derives small view models from it
//! for each component (so a frame re-renders only what changed), drives the virtual clock
//! with `requestAnimationFrame`, and maps the keyboard shortcuts to actions.

use std::rc::Rc;

use yew::prelude::*;

use super::canvas::Canvas;
use super::dom::{self, Frames};
use super::format::{self, Shortcut};
use super::geometry;
use super::inspector::{Inspector, MonitorVm, Tab, MONITOR_PATHS};
use super::layout;
use super::lessons::{caption, LessonColumn};
use super::persist::HeaderActions;
use super::store::{Msg, Store};
use super::theme::ThemeButton;
use super::timebar::TimeBar;
use super::vm;
use crate::playground::{codegen, Action, NoticeKind, Playground, View};

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
            UiMsg::MonitorPath(i) => ui.monitor_path = i.min(MONITOR_PATHS.len() - 1),
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

/// Everything the components draw, derived from the playground in one borrow.
struct Derived {
    /// The speed the clock really keeps (whole ×), when it falls short of the asked one.
    reached: Option<u32>,
    panels: Rc<Vec<vm::PanelVm>>,
    server: Rc<vm::ServerVm>,
    edges: Rc<Vec<vm::EdgeVm>>,
    dots: Rc<Vec<vm::DotVm>>,
    world: (f64, f64),
    narration: String,
    notice: Option<(NoticeKind, String)>,
    playing: bool,
    speed: f64,
    now: u64,
    horizon: u64,
    can_undo_fork: bool,
    marks: Rc<Vec<crate::playground::Mark>>,
    selected: Option<crate::playground::Panel>,
    code: Option<Rc<String>>,
    monitor: Option<Rc<MonitorVm>>,
    server_opts: crate::broker::ServerOptions,
    latency_ms: u64,
    view: View,
    /// The clock runs slow: messages are travelling.
    slowed: bool,
}

/// Whether travelling dots are drawn (ordinary speeds, motion allowed) and one of them is
/// in flight: then the clock slows down so that each hop can be followed.
fn slowed(pg: &Playground, motion: bool) -> bool {
    motion
        && pg.speed <= vm::DOTS_UP_TO_SPEED
        && pg.sim().in_flight().iter().any(|f| f.what.is_watched())
}

fn derive(
    pg: &Playground,
    ui: &Ui,
    motion: bool,
    avail: (f64, f64),
    cache: &mut vm::Cache,
) -> Derived {
    cache.refresh(pg);
    let own = vm::owners(pg);
    let m = layout::metrics(pg);
    let mut panels: Vec<vm::PanelVm> = pg
        .visible_panels()
        .map(|p| vm::panel_vm(pg, p, cache))
        .collect();
    // Presenter mode lays the panels out for the room; the desk's places stay as they were.
    let server_at = if pg.view.presenter {
        let a = layout::stage(pg, avail);
        let (mut ps, mut ls) = (a.publishers.into_iter(), a.listeners.into_iter());
        for p in &mut panels {
            if let Some(at) = if p.listener { ls.next() } else { ps.next() } {
                p.pos = at;
            }
        }
        a.server
    } else {
        layout::server_at(pg)
    };
    let server = vm::server_vm(pg, &own, server_at, m);
    // Travelling dots at ordinary speeds; at high speed (or with reduced motion) each edge
    // counts its packets instead.
    let draw_dots = motion && pg.speed <= vm::DOTS_UP_TO_SPEED;
    let counts = (!draw_dots).then(|| vm::in_flight_by_panel(pg, &own));
    let edges = vm::edges(pg, &panels, &server, counts.as_ref(), m);
    let dots = if draw_dots {
        vm::dots(pg, &own, &panels, &server, m)
    } else {
        Vec::new()
    };
    let world = geometry::world_size(panels.iter().map(|p| p.pos), &server.layout, m);
    let selected = pg
        .selected
        .and_then(|id| pg.panel(id))
        .filter(|p| !p.removed)
        .cloned();
    let code = match (ui.tab, &selected) {
        (Tab::Code, Some(p)) => Some(Rc::new(codegen::for_panel(&pg.server().cluster_id, p))),
        _ => None,
    };
    let monitor = (ui.tab == Tab::Monitoring).then(|| {
        let path = MONITOR_PATHS[ui.monitor_path.min(MONITOR_PATHS.len() - 1)];
        let json = match pg.sim().monitor(path) {
            Ok(v) => crate::json::to_string_pretty(&v),
            Err(e) => format!("{}\n\n{}", e.status_line(), e.body),
        };
        Rc::new(MonitorVm {
            path: ui.monitor_path,
            json,
            clients: server.clients.clone(),
        })
    });
    Derived {
        narration: vm::narration(pg, &own),
        notice: pg.notice.as_ref().map(|n| (n.kind, n.text.clone())),
        playing: pg.playing,
        speed: pg.speed,
        reached: pg
            .pace
            .behind()
            .filter(|_| pg.playing)
            .map(|r| r.round().clamp(0.0, 1e4) as u32),
        now: pg.now(),
        horizon: pg.horizon(),
        can_undo_fork: pg.can_undo_fork(),
        marks: cache.marks(pg),
        selected,
        code,
        monitor,
        server_opts: pg.server().clone(),
        latency_ms: pg.cfg.latency_ms,
        view: pg.view.clone(),
        slowed: draw_dots && slowed(pg, motion),
        panels: Rc::new(panels),
        server: Rc::new(server),
        edges: Rc::new(edges),
        dots: Rc::new(dots),
        world,
    }
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
                    if slowed(&p, motion) {
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
    let derived = store
        .pg
        .try_borrow()
        .ok()
        .map(|pg| match cache.try_borrow_mut() {
            Ok(mut c) => derive(&pg, &ui, *motion, avail, &mut c),
            Err(_) => derive(&pg, &ui, *motion, avail, &mut vm::Cache::default()),
        });

    let Some(v) = derived else {
        return html! { <div class="app" /> };
    };
    let dispatch = store.dispatcher();
    let notice = match &v.notice {
        Some((kind, text)) => html! {
            <div class={classes!("notice", if *kind == NoticeKind::Error { "error" } else { "info" })}
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
                    dispatch={dispatch.clone()} on_open={on_open} view={view.clone()} avail={avail}
                    slowed={v.slowed} {caption} />
                <Inspector tab={ui.tab} on_tab={on_tab} panel={v.selected} code={v.code} monitor={v.monitor}
                    on_monitor_path={on_monitor_path} focus_request={ui.focus_form} server={v.server_opts} latency_ms={v.latency_ms}
                    folded={view.inspector_folded} view={view.clone()} dispatch={dispatch.clone()} />
            </main>
            <TimeBar playing={v.playing} speed={v.speed} now={v.now} horizon={v.horizon} can_undo_fork={v.can_undo_fork} marks={v.marks}
                reached={v.reached} dispatch={dispatch} />
            <div class="sr-only" aria-live="polite" data-testid="narration">{ v.narration }</div>
        </div>
    }
}
