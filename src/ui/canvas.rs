//! The canvas: the toolbar, the server in the middle, the panels, the edges between them
//! and the messages travelling along the edges.

use std::rc::Rc;

use yew::prelude::*;

use super::add_button::AddButton;
use super::geometry::{self, Pos};
use super::panel::PanelView;
use super::server_view::ServerView;
use super::store::{Msg, Store};
use super::vm::{DotKind, DotVm, EdgeStyle, EdgeVm, PanelVm, ServerVm};
use crate::num::{Fixed, Num};
use crate::playground::{PanelId, View};

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub panels: Rc<Vec<PanelVm>>,
    pub server: Rc<ServerVm>,
    pub edges: Rc<Vec<EdgeVm>>,
    pub dots: Rc<Vec<DotVm>>,
    pub world: (f64, f64),
    pub dispatch: UseReducerDispatcher<Store>,
    pub on_open: Callback<PanelId>,
    pub view: View,
    /// The canvas's size on screen (CSS px), as last measured.
    pub avail: (f64, f64),
    /// The clock runs slow while messages travel.
    pub slowed: bool,
    /// Presenter mode's lesson caption (above the canvas).
    pub caption: Html,
}

fn stroke(hue: Option<u32>) -> String {
    match hue {
        Some(h) => format!("hsl({h} 65% 48%)"),
        None => "var(--text-muted)".into(),
    }
}

#[derive(Properties, PartialEq)]
struct EdgesProps {
    edges: Rc<Vec<EdgeVm>>,
    world: (f64, f64),
}

#[component(Edges)]
fn edges_layer(props: &EdgesProps) -> Html {
    let (w, h) = props.world;
    html! {
        <svg class="edges" width={Num(w).to_string()} height={Num(h).to_string()} aria-hidden="true">
            { for props.edges.iter().map(|e| {
                let mid = Pos::new((e.from.x + e.to.x) / 2.0, (e.from.y + e.to.y) / 2.0);
                html! {
                    <g class={classes!("edge", e.style.class())} data-testid={format!("edge-{}", e.panel)}>
                        <line x1={Num(e.from.x).to_string()} y1={Num(e.from.y).to_string()}
                            x2={Num(e.to.x).to_string()} y2={Num(e.to.y).to_string()} stroke={stroke(e.hue)} />
                        if e.style == EdgeStyle::Dead {
                            <text x={Num(mid.x).to_string()} y={Num(mid.y - 4.0).to_string()} class="edge-label">{ "✕" }</text>
                        }
                        if e.style == EdgeStyle::Stalled {
                            <text x={Num(mid.x).to_string()} y={Num(mid.y - 4.0).to_string()} class="edge-label">{ "stalled" }</text>
                        }
                        if let Some(n) = e.in_flight.filter(|n| *n > 0) {
                            <text x={Num(mid.x).to_string()} y={Num(mid.y + 14.0).to_string()}
                                class="edge-label edge-count" data-testid={format!("edge-{}-count", e.panel)}>
                                { format!("{n} in flight") }
                            </text>
                        }
                    </g>
                }
            }) }
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct DotsProps {
    dots: Rc<Vec<DotVm>>,
    world: (f64, f64),
    /// Dots keep their size on screen when the canvas is zoomed out (up to twice).
    grow: f64,
}

#[component(Dots)]
fn dots_layer(props: &DotsProps) -> Html {
    let (w, h) = props.world;
    html! {
        <svg class="dots" width={Num(w).to_string()} height={Num(h).to_string()} aria-hidden="true" data-testid="dots">
            { for props.dots.iter().map(|d| {
                let fill = stroke(d.hue);
                // Drawn around the origin and moved by one attribute: a frame that moves a dot
                // changes only its transform. Big enough to read the event's number on.
                let shape = match d.kind {
                    DotKind::Ack => html! { <rect x="-13" y="-10" width="26" height="20" rx="5" /> },
                    DotKind::Heartbeat | DotKind::Other => html! { <circle r="4" /> },
                    DotKind::Redeliver => html! { <circle r="15" stroke={fill.clone()} /> },
                    _ => html! { <circle r="15" fill={fill.clone()} /> },
                };
                html! {
                    <g key={d.id.to_string()} class={classes!("dot", d.kind.name())} data-kind={d.kind.name()}
                        data-testid={format!("msg-{}", d.id)} data-hop={if d.up { "up" } else { "down" }}
                        transform={format!("translate({} {}) scale({})", Fixed(d.at.x, 1), Fixed(d.at.y, 1), Fixed(props.grow, 2))}>
                        { shape }
                        if !d.label.is_empty() {
                            <text y="5">{ &d.label }</text>
                        }
                        if let Some(b) = &d.badge {
                            <text class="badge" y="-20">{ b }</text>
                        }
                    </g>
                }
            }) }
        </svg>
    }
}

#[component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let count = props.panels.len();
    let (w, h) = props.world;
    let canvas_ref = use_node_ref();
    let view = &props.view;
    // Fitted (until zoomed by hand; always in presenter mode), a hair under the exact fit so
    // that rounding never brings up scroll bars.
    let fitted = view.presenter || view.zoom.is_none();
    let fit = geometry::fit_zoom((w, h), props.avail, geometry::MIN_FIT, 1.0);
    let fit = if fit < 1.0 { fit * 0.999 } else { fit };
    let z = if fitted {
        fit
    } else {
        view.zoom.unwrap_or(1.0)
    };

    let set_zoom = |to: Option<f64>| {
        let d = props.dispatch.clone();
        let view = view.clone();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Msg::View(View {
                zoom: to.map(|f| (z * f).clamp(geometry::MIN_ZOOM, geometry::MAX_ZOOM)),
                ..view.clone()
            }))
        })
    };
    html! {
        <section class="canvas-area" aria-label="Canvas">
            <div class="toolbar" role="toolbar" aria-label="Canvas tools">
                <AddButton listener={false} canvas={canvas_ref.clone()} zoom={z} dispatch={props.dispatch.clone()} />
                <AddButton listener={true} canvas={canvas_ref.clone()} zoom={z} dispatch={props.dispatch.clone()} />
                <span id="panel-count" data-testid="panel-count">
                    { format!("{count} panel{}", if count == 1 { "" } else { "s" }) }
                </span>
                <span class="zoom" role="group" aria-label="Zoom">
                    <button type="button" class="quiet" data-testid="zoom-out" aria-label="Zoom out" onclick={set_zoom(Some(1.0 / 1.25))}>{ "−" }</button>
                    <button type="button" class="quiet" data-testid="zoom-reset" aria-label="Actual size" onclick={set_zoom(Some(1.0 / z))}>
                        { format!("{}%", Fixed(z * 100.0, 0)) }
                    </button>
                    <button type="button" class="quiet" data-testid="zoom-in" aria-label="Zoom in" onclick={set_zoom(Some(1.25))}>{ "+" }</button>
                    <button type="button" class={classes!("quiet", fitted.then_some("on"))} data-testid="zoom-fit"
                        aria-pressed={fitted.to_string()} title="Keep everything in view" onclick={set_zoom(None)}>{ "Fit" }</button>
                </span>
                if props.slowed {
                    <span class="slowmo" data-testid="slow-motion" title="The clock runs slower while messages travel, so that you can follow them">
                        { "slow motion: messages in flight" }
                    </span>
                }
                <span class="hint">{ "Drag a + button onto the canvas to place a new panel; drag panels by their title bar, or Tab to one and use the arrow keys." }</span>
            </div>
            { props.caption.clone() }
            <div id="canvas" data-testid="canvas" class={classes!("canvas", fitted.then_some("fitted"))} ref={canvas_ref}>
                <div class="world-size" style={format!("width: {}px; height: {}px;", Num(w * z), Num(h * z))}>
                <div class="world" data-zoom={Fixed(z, 6).to_string()}
                    style={format!("width: {}px; height: {}px;{}", Num(w), Num(h),
                        if z == 1.0 { String::new() } else { format!(" transform: scale({}); transform-origin: 0 0;", Fixed(z, 6)) })}>
                    <Edges edges={props.edges.clone()} world={props.world} />
                    <ServerView vm={props.server.clone()} />
                    { for props.panels.iter().map(|p| html! {
                        <PanelView key={p.id} vm={p.clone()} dispatch={props.dispatch.clone()}
                            on_open={props.on_open.clone()} zoom={z} fixed={view.presenter} />
                    }) }
                    <Dots dots={props.dots.clone()} world={props.world} grow={(1.0 / z).clamp(1.0, 2.0)} />
                </div>
                </div>
            </div>
        </section>
    }
}
