//! One publisher or listener panel on the canvas: its title bar (drag it with a mouse,
//! finger or pen; or focus the panel and use the arrow keys), its connection state, its main
//! buttons and its console. The forms live in the inspector.

use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::geometry::{drag_to, nudge_delta, Bounds, Pos};
use super::store::{Msg, Store};
use super::vm::{Can, Line, PanelVm, SubStatus};
use crate::num::Num;
use crate::playground::{Action, PanelId, Pos as PgPos};

/// Panels stay within this much of the world's origin.
const FAR: Bounds = Bounds {
    max_x: 4000.0,
    max_y: 4000.0,
};

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub vm: PanelVm,
    pub dispatch: UseReducerDispatcher<Store>,
    /// Enter (or the ⚙ button): show this panel's form in the inspector.
    pub on_open: Callback<PanelId>,
    /// The canvas zoom: pointer moves are divided by it.
    pub zoom: f64,
    /// Presenter mode: the panel stays where the layout put it (no stray drag loses a demo).
    pub fixed: bool,
}

/// Remembered between `pointerdown` and `pointerup`.
#[derive(Clone, Copy)]
struct Drag {
    pointer_id: i32,
    pointer_start: Pos,
    panel_start: Pos,
    zoom: f64,
}

/// Where a pointer event happened, in the page's (client) coordinates.
pub(super) fn pointer_pos(e: &PointerEvent) -> Pos {
    Pos::new(f64::from(e.client_x()), f64::from(e.client_y()))
}

/// Whether the event started on a button inside the title bar (no drag then).
fn on_button(e: &PointerEvent) -> bool {
    e.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
        .and_then(|el| el.closest("button").ok().flatten())
        .is_some()
}

pub(super) fn act(dispatch: &UseReducerDispatcher<Store>, a: Action) -> Callback<MouseEvent> {
    let d = dispatch.clone();
    Callback::from(move |_: MouseEvent| d.dispatch(Msg::Act(a.clone())))
}

#[component(PanelView)]
pub fn panel_view(props: &PanelProps) -> Html {
    let drag = use_mut_ref(|| None::<Drag>);
    let panel_ref = use_node_ref();
    let handle_ref = use_node_ref();
    let dragging = use_state(|| false);
    // How often this panel rendered (`data-renders`): frames that change nothing on it
    // must not render it (checked by the browser tests).
    let renders = use_mut_ref(|| 0_u32);
    *renders.borrow_mut() += 1;
    let vm = &props.vm;
    let id = vm.id;

    let onpointerdown = {
        let drag = drag.clone();
        let dragging = dragging.clone();
        let (panel_ref, handle_ref) = (panel_ref.clone(), handle_ref.clone());
        let start = vm.pos;
        let zoom = if props.zoom.is_finite() && props.zoom > 0.0 {
            props.zoom
        } else {
            1.0
        };
        let fixed = props.fixed;
        Callback::from(move |e: PointerEvent| {
            if fixed || !e.is_primary() || e.button() != 0 || on_button(&e) {
                return;
            }
            e.prevent_default();
            if let Some(p) = panel_ref.cast::<HtmlElement>() {
                // preventDefault also stops the focus change: keep the keyboard in sync
                let _ = p.focus();
            }
            // Capture, so the drag continues when the pointer leaves the handle.
            // Fails for synthetic events (no active pointer): dragging still works.
            if let Some(h) = handle_ref.cast::<Element>() {
                let _ = h.set_pointer_capture(e.pointer_id());
            }
            *drag.borrow_mut() = Some(Drag {
                pointer_id: e.pointer_id(),
                pointer_start: pointer_pos(&e),
                panel_start: start,
                zoom,
            });
            dragging.set(true);
        })
    };

    let onpointermove = {
        let drag = drag.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: PointerEvent| {
            let current = *drag.borrow();
            if let Some(d) = current.filter(|d| d.pointer_id == e.pointer_id()) {
                e.prevent_default();
                let now = pointer_pos(&e);
                let moved = Pos::new(
                    d.pointer_start.x + (now.x - d.pointer_start.x) / d.zoom,
                    d.pointer_start.y + (now.y - d.pointer_start.y) / d.zoom,
                );
                let to = drag_to(d.panel_start, d.pointer_start, moved, FAR);
                dispatch.dispatch(Msg::Act(Action::Move(id, PgPos { x: to.x, y: to.y })));
            }
        })
    };

    let end_drag = {
        let drag = drag.clone();
        let dragging = dragging.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: PointerEvent| {
            if drag.borrow_mut().take().is_some() {
                dragging.set(false);
                dispatch.dispatch(Msg::Dropped);
            }
        })
    };

    // Clicking anywhere on the panel selects it.
    let select = {
        let dispatch = props.dispatch.clone();
        let selected = vm.selected;
        Callback::from(move |_: PointerEvent| {
            if !selected {
                dispatch.dispatch(Msg::Act(Action::Select(Some(id))));
            }
        })
    };

    let onkeydown = {
        let dispatch = props.dispatch.clone();
        let on_open = props.on_open.clone();
        let panel_ref = panel_ref.clone();
        let fixed = props.fixed;
        Callback::from(move |e: KeyboardEvent| {
            // Only keys pressed on the panel itself, not on its buttons.
            let on_panel = match (e.target(), panel_ref.get()) {
                (Some(t), Some(p)) => {
                    let p: &wasm_bindgen::JsValue = p.as_ref();
                    let t: &wasm_bindgen::JsValue = t.as_ref();
                    t == p
                }
                _ => false,
            };
            if !on_panel {
                return;
            }
            if let Some((dx, dy)) = nudge_delta(&e.key(), e.shift_key()).filter(|_| !fixed) {
                e.prevent_default();
                dispatch.dispatch(Msg::Act(Action::Nudge(id, dx, dy)));
            } else if e.key() == "Enter" {
                e.prevent_default();
                on_open.emit(id);
            }
        })
    };

    let open = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(id))
    };

    let d = &props.dispatch;
    let tid = |what: &str| format!("panel-{id}-{what}");
    let actions = controls(vm, d, &tid);

    let line = |l: &Line| {
        let ack = match (l.ackable, l.seq) {
            (true, Some(seq)) => html! {
                <button type="button" class="ack-btn" data-testid={format!("panel-{id}-ack-{seq}")}
                    aria-label={format!("ack event #{seq}")}
                    onclick={act(d, Action::Ack(id, seq))}>{ "ack" }</button>
            },
            _ => html! {},
        };
        html! {
            <li class={classes!("line", l.class())} data-kind={l.class()} data-t={l.t.to_string()}
                data-seq={l.seq.map(|s| s.to_string())}>
                <span class="line-text">{ &l.text }</span>{ ack }
            </li>
        }
    };

    let hb = match vm.missed_hb {
        Some((n, limit)) if n > 0 => html! {
            <span class="hb-meter" data-testid={tid("hb")} title="heartbeats the server counts as missed">
                { format!("♥ missed {n}/{limit}") }
            </span>
        },
        _ => html! {},
    };
    let sub_line = if vm.listener {
        html! {
            <span class={classes!("sub-state", matches!(vm.sub, SubStatus::Failed(_)).then_some("error"))}
                data-testid={tid("sub")} title={vm.sub.word()}>
                { vm.sub.short() }
                if vm.stalled { <span class="tag stalled">{ "stalled" }</span> }
                if vm.offline_durable {
                    <span class="tag offline" data-testid={tid("offline-durable")}
                        title="the server keeps the durable's position until it resumes">{ "durable kept offline" }</span>
                }
            </span>
        }
    } else {
        html! {}
    };

    let Pos { x, y } = vm.pos;
    let kind = if vm.listener { "listener" } else { "publisher" };
    html! {
        <section
            ref={panel_ref}
            class={classes!(
                "panel",
                kind,
                format!("conn-{}", vm.conn.class()),
                vm.selected.then_some("selected"),
                (*dragging).then_some("dragging"),
            )}
            data-testid={format!("panel-{id}")}
            data-x={Num(x).to_string()}
            data-y={Num(y).to_string()}
            data-conn={vm.conn.class()}
            data-renders={renders.borrow().to_string()}
            style={format!("left: {}px; top: {}px;", Num(x), Num(y))}
            tabindex="0"
            aria-roledescription="movable panel"
            aria-label={format!("{} ({}), {}. Arrow keys move it, Shift moves it further, Enter edits it.",
                vm.name, kind, vm.conn.word())}
            onpointerdown={select}
            {onkeydown}
        >
            <header
                ref={handle_ref}
                class="panel-handle"
                data-testid={tid("handle")}
                {onpointerdown}
                {onpointermove}
                onpointerup={end_drag.clone()}
                onpointercancel={end_drag.clone()}
                onlostpointercapture={end_drag}
            >
                <span class="panel-kind" aria-hidden="true">{ if vm.listener { "SUB" } else { "PUB" } }</span>
                <h2 class="panel-title">{ &vm.name }</h2>
                <button type="button" class="icon" data-testid={tid("edit")}
                    aria-label={format!("Edit {} in the inspector", vm.name)} title="Edit" onclick={open}>{ "⚙" }</button>
                <button type="button" class="icon" data-testid={tid("remove")}
                    aria-label={format!("Remove {}", vm.name)} title="Remove"
                    onclick={act(d, Action::Remove(id))}>{ "×" }</button>
            </header>
            <div class="panel-status">
                <span class={classes!("conn", vm.conn.class())} data-testid={tid("status")}>{ vm.conn.word() }</span>
                { sub_line }
                { hb }
            </div>
            <div class="panel-info">
                <code class="client-id" title="client id">{ &vm.client_id }</code>
                <code class="subject" title="subject (channel)">{ &vm.subject }</code>
                if !vm.summary.is_empty() { <span class="summary">{ &vm.summary }</span> }
            </div>
            { actions }
            // The scroll box keeps the newest line in view by itself (CSS column-reverse):
            // no script reads its height, which would force a layout per panel per frame.
            <div class="console" tabindex="-1">
                <ol class="console-lines" data-testid={tid("console")}
                    aria-label={format!("{} console", vm.name)}>
                    if vm.hidden_lines > 0 {
                        <li class="line info">{ format!("… {} earlier lines", vm.hidden_lines) }</li>
                    }
                    { for vm.lines.iter().map(line) }
                </ol>
            </div>
        </section>
    }
}

/// A panel's buttons (connection, subscription, resubscribe), each named by `tid(what)`:
/// drawn on the panel, and at full size in a phone's action bar (`action_bar.rs`).
pub(super) fn controls(
    vm: &PanelVm,
    d: &UseReducerDispatcher<Store>,
    tid: &dyn Fn(&str) -> String,
) -> Html {
    let id = vm.id;
    let Can {
        connect: can_connect,
        act: connected,
        subscribe: can_subscribe,
        end_sub,
    } = vm.can;

    if vm.listener {
        html! {
            <>
                <div class="panel-actions" role="group" aria-label="Connection">
                    <button type="button" class="primary" data-testid={tid("start")} disabled={!can_connect}
                        title="Runs the listener: connect, then subscribe in on('connect')"
                        onclick={act(d, Action::Start(id))}>{ "Start" }</button>
                    <button type="button" class="quiet" data-testid={tid("connect")} disabled={!can_connect}
                        title="Only nats.connect(), without subscribing"
                        onclick={act(d, Action::Connect(id))}>{ "Connect" }</button>
                    <button type="button" class="quiet" data-testid={tid("close")} disabled={!connected}
                        title="stan.close(): a graceful shutdown" onclick={act(d, Action::Close(id))}>{ "Close" }</button>
                    <button type="button" class="danger" data-testid={tid("kill")} disabled={!connected}
                        title="SIGKILL: the server notices only when heartbeats fail" onclick={act(d, Action::Kill(id))}>{ "Kill" }</button>
                </div>
                <div class="panel-actions" role="group" aria-label="Subscription">
                    <button type="button" data-testid={tid("subscribe")} disabled={!can_subscribe}
                        onclick={act(d, Action::Subscribe(id))}>{ "Subscribe" }</button>
                    <button type="button" class="quiet" data-testid={tid("unsubscribe")}
                        disabled={!end_sub}
                        title="subscription.unsubscribe(): a durable forgets its position"
                        onclick={act(d, Action::Unsubscribe(id))}>{ "Unsubscribe" }</button>
                    <button type="button" class="quiet" data-testid={tid("close-sub")}
                        disabled={!end_sub}
                        title="subscription.close(): a durable keeps its position"
                        onclick={act(d, Action::CloseSubscription(id))}>{ "Close sub" }</button>
                </div>
                if !vm.pending.is_empty() {
                    <div class="panel-pending" data-testid={tid("pending")} role="status">
                        <span>{ format!("Not in force yet: {}", vm.pending.join(", ")) }</span>
                        <button type="button" data-testid={tid("apply")} disabled={!connected}
                            title="subscription.close(), then stan.subscribe() with the new options"
                            onclick={act(d, Action::ApplyListenerOptions(id))}>{ "Resubscribe" }</button>
                    </div>
                }
            </>
        }
    } else {
        html! {
            <div class="panel-actions" role="group" aria-label="Connection">
                <button type="button" data-testid={tid("connect")} disabled={!can_connect}
                    onclick={act(d, Action::Connect(id))}>{ "Connect" }</button>
                <button type="button" class="quiet" data-testid={tid("close")} disabled={!connected}
                    onclick={act(d, Action::Close(id))}>{ "Close" }</button>
                <button type="button" class="danger" data-testid={tid("kill")} disabled={!connected}
                    onclick={act(d, Action::Kill(id))}>{ "Kill" }</button>
                <button type="button" class="primary" data-testid={tid("publish")} disabled={!connected}
                    onclick={act(d, Action::Publish(id))}>{ "Publish" }</button>
            </div>
        }
    }
}
