//! "+ Publisher" and "+ Listener": a click adds the panel in free space; dragging the button
//! onto the canvas drops the panel there (a ghost follows the pointer). Pointer events, so a
//! finger drags as well as a mouse; the keyboard and a plain click keep working.

use std::rc::Rc;

use web_sys::{Element, PointerEvent};
use yew::prelude::*;

use super::geometry::{Pos, DESK};

const PANEL_W: f64 = DESK.panel_w;
use super::panel::pointer_pos as client;
use super::store::{Msg, Store};
use crate::num::Num;
use crate::playground::{Action, Pos as PgPos};

/// Pixels the pointer must travel before a press becomes a drag.
const DRAG_THRESHOLD: f64 = 5.0;
/// Where the pointer holds the dropped panel: the middle of its title bar.
const GRIP_DY: f64 = 14.0;

#[derive(Properties, PartialEq)]
pub struct AddButtonProps {
    pub listener: bool,
    /// The canvas (the scroll box holding the zoomed world).
    pub canvas: NodeRef,
    pub zoom: f64,
    pub dispatch: UseReducerDispatcher<Store>,
}

#[derive(Clone, Copy, PartialEq)]
struct Drag {
    start: Pos,
    at: Pos,
    moved: bool,
}

/// The canvas position (a panel's top-left) for a drop at `at`, if `at` is over the canvas.
fn drop_spot(canvas: &NodeRef, zoom: f64, at: Pos) -> Option<PgPos> {
    let c = canvas.cast::<Element>()?;
    let r = c.get_bounding_client_rect();
    let inside = at.x >= r.left() && at.x <= r.right() && at.y >= r.top() && at.y <= r.bottom();
    let zoom = if zoom.is_finite() && zoom > 0.0 {
        zoom
    } else {
        1.0
    };
    inside.then(|| PgPos {
        x: (at.x - r.left() + f64::from(c.scroll_left())) / zoom - PANEL_W / 2.0,
        y: (at.y - r.top() + f64::from(c.scroll_top())) / zoom - GRIP_DY,
    })
}

#[component(AddButton)]
pub fn add_button(props: &AddButtonProps) -> Html {
    let drag = use_state(|| None::<Drag>);
    // The click that ends a drag must not add a second panel.
    let dragged = use_mut_ref(|| false);
    let listener = props.listener;
    let (id, label, word, title) = if listener {
        (
            "add-listener",
            "+ Listener",
            "Listener",
            "Click to add a listener, or drag it onto the canvas",
        )
    } else {
        (
            "add-publisher",
            "+ Publisher",
            "Publisher",
            "Click to add a publisher, or drag it onto the canvas",
        )
    };

    let onclick = {
        let d = props.dispatch.clone();
        let dragged = Rc::clone(&dragged);
        Callback::from(move |_: MouseEvent| {
            if std::mem::take(&mut *dragged.borrow_mut()) {
                return;
            }
            d.dispatch(Msg::Add(listener));
        })
    };
    let onpointerdown = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if !e.is_primary() || e.button() != 0 {
                return;
            }
            if let Some(t) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
            {
                // Keep the pointer's events while it travels over the canvas.
                let _ = t.set_pointer_capture(e.pointer_id());
            }
            let p = client(&e);
            drag.set(Some(Drag {
                start: p,
                at: p,
                moved: false,
            }));
        })
    };
    let onpointermove = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(d) = *drag {
                let at = client(&e);
                let far = (at.x - d.start.x).hypot(at.y - d.start.y) > DRAG_THRESHOLD;
                drag.set(Some(Drag {
                    at,
                    moved: d.moved || far,
                    ..d
                }));
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        let dragged = Rc::clone(&dragged);
        let (canvas, zoom, d) = (props.canvas.clone(), props.zoom, props.dispatch.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(state) = *drag else { return };
            drag.set(None);
            if !state.moved {
                return; // a click: onclick adds the panel in free space
            }
            *dragged.borrow_mut() = true;
            if let Some(pos) = drop_spot(&canvas, zoom, client(&e)) {
                let a = if listener {
                    Action::AddListenerAt(pos)
                } else {
                    Action::AddPublisherAt(pos)
                };
                d.dispatch(Msg::Act(a));
                d.dispatch(Msg::Dropped);
            }
        })
    };
    let oncancel = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.set(None))
    };

    // Always in the tree (hidden while not dragging), so that showing it does not disturb
    // the button, which holds the pointer capture.
    let ghost = (*drag).filter(|d| d.moved);
    let at = ghost.map_or(Pos::new(0.0, 0.0), |d| d.at);
    html! {
        <>
            <button {id} data-testid={id} type="button" class="add-button"
                {title}
                {onclick} {onpointerdown} {onpointermove} {onpointerup} onpointercancel={oncancel}>
                { label }
            </button>
            <div class={classes!("drag-ghost", listener.then_some("listener"))} aria-hidden="true"
                data-testid={ghost.is_some().then_some("drag-ghost")} hidden={ghost.is_none()}
                style={format!("left: {}px; top: {}px;", Num(at.x - PANEL_W / 2.0), Num(at.y - GRIP_DY))}>
                { format!("New {word}: drop it on the canvas") }
            </div>
        </>
    }
}
