//! The time bar: play/pause, step, speed (log scale), jumps to the next redelivery or
//! heartbeat failure, and a timeline to go back to any moment, with marks.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::format;
use super::store::{Msg, Store};
use crate::num::Fixed;
use crate::playground::{Action, Mark, MarkKind};

#[derive(Properties, PartialEq)]
pub struct TimeBarProps {
    pub playing: bool,
    pub speed: f64,
    pub now: u64,
    pub horizon: u64,
    /// A fork abandoned a future that "Undo fork" can bring back.
    pub can_undo_fork: bool,
    pub marks: Rc<Vec<Mark>>,
    /// The speed the clock really keeps, when it falls short of the asked one.
    pub reached: Option<u32>,
    pub dispatch: UseReducerDispatcher<Store>,
}

fn mark_name(k: MarkKind) -> &'static str {
    match k {
        MarkKind::Publish => "publish",
        MarkKind::Redelivery => "redelivery",
        MarkKind::HeartbeatFailure => "heartbeat failure",
        MarkKind::ClientRemoved => "client removed",
        MarkKind::Kill => "kill",
    }
}

/// Marks share two rows (publishes and redeliveries above; failures, removals and kills
/// below); in each row at most one mark per 0.5 % of the timeline, the most telling one.
fn thin(marks: &[Mark], horizon: u64) -> Vec<(f64, MarkKind, u64)> {
    let row = |k: MarkKind| match k {
        MarkKind::Publish | MarkKind::Redelivery => 0,
        _ => 1,
    };
    let rank = |k: MarkKind| match k {
        MarkKind::Publish => 0,
        MarkKind::Redelivery => 1,
        MarkKind::HeartbeatFailure => 0,
        MarkKind::Kill => 1,
        MarkKind::ClientRemoved => 2,
    };
    let mut out: Vec<(f64, MarkKind, u64)> = Vec::new();
    // (row, bucket) -> its place in `out`: one look-up per mark, however many there are.
    let mut slots = [[usize::MAX; 201]; 2];
    let span = horizon.max(1) as f64;
    for m in marks {
        let pct = (m.t as f64 / span * 100.0).clamp(0.0, 100.0);
        let bucket = ((pct * 2.0).floor() as usize).min(200);
        let at = &mut slots[row(m.kind)][bucket];
        match out.get_mut(*at) {
            Some(slot) if rank(m.kind) > rank(slot.1) => *slot = (pct, m.kind, m.t),
            Some(_) => {}
            None => {
                *at = out.len();
                out.push((pct, m.kind, m.t));
            }
        }
    }
    out
}

#[component(TimeBar)]
pub fn time_bar(props: &TimeBarProps) -> Html {
    let act = |a: Action| {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::Act(a.clone())))
    };
    let on_speed = {
        let d = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<HtmlInputElement>()
                // the browser reads the number: no float parsing in the wasm
                .map(|i| i.value_as_number())
                .filter(|v| !v.is_nan())
            {
                d.dispatch(Msg::Act(Action::SetSpeed(format::slider_to_speed(v))));
            }
        })
    };
    let on_seek = {
        let d = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<HtmlInputElement>()
                // the browser reads the number: no float parsing in the wasm
                .map(|i| i.value_as_number())
                .filter(|v| !v.is_nan())
                .filter(|v| v.is_finite() && *v >= 0.0)
            {
                d.dispatch(Msg::Act(Action::Seek(v.round() as u64)));
            }
        })
    };
    let horizon = props.horizon.max(props.now).max(1);
    let marks = thin(&props.marks, horizon);
    let clock = format::clock(props.now);
    html! {
        <footer class="timebar" role="region" aria-label="Time">
            <div class="time-controls">
                <button type="button" class="primary" data-testid="play" aria-pressed={props.playing.to_string()}
                    title="Space" onclick={act(Action::TogglePlay)}>
                    if props.playing {
                        <svg class="ico" viewBox="0 0 12 12" aria-hidden="true"><rect x="2" y="1.5" width="3" height="9" /><rect x="7" y="1.5" width="3" height="9" /></svg>
                        { " Pause" }
                    } else {
                        <svg class="ico" viewBox="0 0 12 12" aria-hidden="true"><path d="M2.5 1.5 L10.5 6 L2.5 10.5 Z" /></svg>
                        { " Play" }
                    }
                </button>
                <button type="button" data-testid="step" title=". (next thing that happens)" onclick={act(Action::Step)}>
                    <svg class="ico" viewBox="0 0 12 12" aria-hidden="true"><path d="M1.5 1.5 L7.5 6 L1.5 10.5 Z" /><rect x="8.5" y="1.5" width="2" height="9" /></svg>
                    { " Step" }
                </button>
                <label class="speed">
                    <span>{ "speed" }</span>
                    <input type="range" data-testid="speed" min="-1" max="2" step="0.05"
                        value={Fixed(format::speed_to_slider(props.speed), 4).to_string()}
                        aria-valuetext={format::speed_label(props.speed)}
                        title="[ slower, ] faster" oninput={on_speed} />
                    <output data-testid="speed-label">{ format::speed_label(props.speed) }</output>
                    if let Some(n) = props.reached {
                        <output class="behind" data-testid="speed-reached" data-reached={n.to_string()}
                            title="This run is too heavy for the asked speed here: each frame gives the simulation a bounded amount of work, so the clock runs slower than asked.">
                            { format!("really {n}×") }
                        </output>
                    }
                </label>
                <button type="button" data-testid="jump-redelivery" onclick={act(Action::JumpTo(MarkKind::Redelivery))}>
                    { "↻ " }<span class="long">{ "next " }</span>{ "redelivery" }
                </button>
                <button type="button" data-testid="jump-hb-failure" onclick={act(Action::JumpTo(MarkKind::HeartbeatFailure))}>
                    { "♥ " }<span class="long">{ "next " }</span>{ "heartbeat failure" }
                </button>
                <button type="button" data-testid="jump-removed" onclick={act(Action::JumpTo(MarkKind::ClientRemoved))}>
                    { "x " }<span class="long">{ "next " }</span>{ "client removed" }
                </button>
                if props.can_undo_fork {
                    <button type="button" class="warn" data-testid="undo-fork"
                        title="Bring back the future that acting in the past replaced"
                        onclick={act(Action::UndoFork)}>{ "↶ Undo fork" }</button>
                }
                <span class="clock" data-testid="clock" data-ms={props.now.to_string()} aria-label={format!("time {clock}")}>
                    { format!("t = {clock}") }
                </span>
            </div>
            <div class="timeline">
                <div class="marks" aria-hidden="true">
                    { for marks.iter().map(|(pct, k, t)| html! {
                        <span class={classes!("mark", format!("mark-{}", k.letter()),
                            (!matches!(k, MarkKind::Publish | MarkKind::Redelivery)).then_some("row-1"))} data-kind={k.letter()}
                            style={format!("left: {}%;", Fixed(*pct, 2))}
                            title={format!("{} at {}", mark_name(*k), format::clock(*t))}>{ k.letter() }</span>
                    }) }
                </div>
                <input type="range" class="scrubber" data-testid="scrubber" min="0" max={horizon.to_string()} step="1"
                    value={props.now.to_string()} aria-label="Timeline: go back to any moment"
                    aria-valuetext={clock.clone()} oninput={on_seek} />
                <div class="legend" aria-hidden="true">
                    { "marks: p publish · r redelivery · h heartbeat failure · x client removed · k kill" }
                </div>
            </div>
        </footer>
    }
}
