//! One panel on the canvas: dragged by its title bar with pointer events, or
//! moved with the arrow keys once focused (Shift: larger steps).

use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::geometry::{drag_to, nudge_delta, Bounds, Pos};
use super::state::{Action, Panel};

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub panel: Panel,
    /// The canvas the panel must stay inside.
    pub canvas: NodeRef,
    pub on_action: Callback<Action>,
}

/// Remembered between `pointerdown` and `pointerup`.
#[derive(Clone, Copy)]
struct Drag {
    pointer_id: i32,
    pointer_start: Pos,
    panel_start: Pos,
    bounds: Bounds,
}

/// Canvas size minus panel size; unbounded if either cannot be measured.
fn measure_bounds(canvas: &NodeRef, panel: &NodeRef) -> Bounds {
    match (canvas.cast::<Element>(), panel.cast::<HtmlElement>()) {
        (Some(c), Some(p)) => Bounds::fit(
            f64::from(c.client_width()),
            f64::from(c.client_height()),
            f64::from(p.offset_width()),
            f64::from(p.offset_height()),
        ),
        _ => Bounds::UNBOUNDED,
    }
}

fn pointer_pos(e: &PointerEvent) -> Pos {
    Pos::new(f64::from(e.client_x()), f64::from(e.client_y()))
}

#[component(PanelView)]
pub fn panel_view(props: &PanelProps) -> Html {
    let drag = use_mut_ref(|| None::<Drag>);
    let panel_ref = use_node_ref();
    let handle_ref = use_node_ref();
    let dragging = use_state(|| false);
    let id = props.panel.id;

    let onpointerdown = {
        let drag = drag.clone();
        let dragging = dragging.clone();
        let (canvas, panel_ref, handle_ref) =
            (props.canvas.clone(), panel_ref.clone(), handle_ref.clone());
        let start = props.panel.pos;
        Callback::from(move |e: PointerEvent| {
            if !e.is_primary() || e.button() != 0 {
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
                bounds: measure_bounds(&canvas, &panel_ref),
            });
            dragging.set(true);
        })
    };

    let onpointermove = {
        let drag = drag.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |e: PointerEvent| {
            let current = *drag.borrow();
            if let Some(d) = current.filter(|d| d.pointer_id == e.pointer_id()) {
                e.prevent_default();
                let to = drag_to(d.panel_start, d.pointer_start, pointer_pos(&e), d.bounds);
                on_action.emit(Action::MovePanel {
                    id,
                    to,
                    bounds: d.bounds,
                });
            }
        })
    };

    let end_drag = {
        let drag = drag.clone();
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| {
            if drag.borrow_mut().take().is_some() {
                dragging.set(false);
            }
        })
    };

    let onkeydown = {
        let on_action = props.on_action.clone();
        let (canvas, panel_ref) = (props.canvas.clone(), panel_ref.clone());
        Callback::from(move |e: KeyboardEvent| {
            if let Some((dx, dy)) = nudge_delta(&e.key(), e.shift_key()) {
                e.prevent_default();
                let bounds = measure_bounds(&canvas, &panel_ref);
                on_action.emit(Action::NudgePanel { id, dx, dy, bounds });
            }
        })
    };

    let Pos { x, y } = props.panel.pos;
    let title = props.panel.title();
    html! {
        <section
            ref={panel_ref}
            class={classes!("panel", (*dragging).then_some("dragging"))}
            data-testid={format!("panel-{id}")}
            data-x={x.to_string()}
            data-y={y.to_string()}
            style={format!("left: {x}px; top: {y}px;")}
            tabindex="0"
            aria-roledescription="movable panel"
            aria-label={format!("{title}. Arrow keys move it, Shift moves it further.")}
            {onkeydown}
        >
            <header
                ref={handle_ref}
                class="panel-handle"
                data-testid={format!("panel-{id}-handle")}
                {onpointerdown}
                {onpointermove}
                onpointerup={end_drag.clone()}
                onpointercancel={end_drag.clone()}
                onlostpointercapture={end_drag}
            >
                <span class="panel-kind" aria-hidden="true">{ "PUB" }</span>
                <h2 class="panel-title">{ title }</h2>
            </header>
            <p class="panel-body">{ "Drag me by the title bar, or focus me and use the arrow keys." }</p>
        </section>
    }
}
