//! The server in the middle of the canvas: each channel as a strip of numbered message
//! cells, each subscription hanging off its channel with its last sent message and its
//! unacked messages (with their AckWait countdowns), queue groups framed together, offline
//! durables greyed, and the clients the server knows with their heartbeat state.
//!
//! Every row has the fixed height `geometry::server_layout` gives it, so edges and dots can
//! end on it without measuring the DOM.

use std::rc::Rc;

use yew::prelude::*;

use super::format;
use super::geometry::Rows;
use super::vm::{BlockVm, PendingVm, ServerVm, SubRowVm};
use crate::num::{Fixed, Num};

#[derive(Properties, PartialEq)]
pub struct ServerProps {
    pub vm: Rc<ServerVm>,
}

/// A hollow cell with a ring that shrinks as the AckWait runs out.
fn pending_cell(p: &PendingVm) -> Html {
    let total = p.total_ms.max(1) as f64;
    let left = (p.left_ms.max(0) as f64 / total).clamp(0.0, 1.0);
    let circ = 2.0 * std::f64::consts::PI * 6.0;
    html! {
        <span class="pcell" data-seq={p.seq.to_string()} data-left-ms={p.left_ms.to_string()}
            title={format!("#{} unacked: redelivered in {}", p.seq, format::countdown(p.left_ms))}>
            <svg class="ring" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <circle cx="8" cy="8" r="6" class="ring-bg" />
                <circle cx="8" cy="8" r="6" class="ring-fg"
                    stroke-dasharray={Fixed(circ, 2).to_string()}
                    stroke-dashoffset={Fixed(circ * (1.0 - left), 2).to_string()} />
            </svg>
            { format!("#{} ", p.seq) }
            <small>{ format::countdown(p.left_ms) }</small>
        </span>
    }
}

fn sub_row(r: &SubRowVm, top: f64, h: f64) -> Html {
    html! {
        <div
            class={classes!("sub-row", r.offline.then_some("offline"), r.stalled.then_some("stalled"))}
            data-testid={format!("sub-{}", r.id)}
            data-who={r.who.clone()}
            data-last-sent={r.last_sent.to_string()}
            data-pending={(r.pending.len() + r.more_pending).to_string()}
            style={format!("top: {}px; height: {}px;", Num(top), Num(h))}
        >
            <div class="sub-line">
                <span class="who">{ &r.who }</span>
                if let Some(d) = &r.durable { <span class="tag durable">{ format!("durable {d}") }</span> }
                if r.offline { <span class="tag offline">{ "offline durable" }</span> }
                if r.stalled { <span class="tag stalled" title={format!("MaxInFlight {} reached", r.max_in_flight)}>{ "stalled" }</span> }
                if r.failed_hb { <span class="tag hb">{ "♥ heartbeats failing" }</span> }
            </div>
            <div class="sub-line">
                <span class="last-sent" title="last sent">{ format!("sent #{}", r.last_sent) }</span>
                if r.pending.is_empty() {
                    <span class="none">{ "all acked" }</span>
                } else {
                    <span class="pending" aria-label="unacked">
                        { for r.pending.iter().map(pending_cell) }
                        if r.more_pending > 0 { <span class="more">{ format!("+{}", r.more_pending) }</span> }
                    </span>
                }
            </div>
        </div>
    }
}

#[component(ServerView)]
pub fn server_view(props: &ServerProps) -> Html {
    let renders = use_mut_ref(|| 0_u32);
    *renders.borrow_mut() += 1;
    let vm = &props.vm;
    let l = &vm.layout;
    let k: Rows = l.r;
    let channels = vm.channels.iter().zip(l.channels.iter()).map(|(ch, rows)| {
        let blocks = ch.blocks.iter().zip(rows.blocks.iter()).map(|(b, br)| {
            let top = br.top - rows.top;
            match b {
                BlockVm::Single(r) => sub_row(r, top, k.sub),
                BlockVm::Queue { name, last_sent, members } => html! {
                    <div class="queue" data-testid={format!("queue-{name}")}
                        style={format!("top: {}px; height: {}px;", Num(top), Num(br.height))}>
                        <div class="queue-head" style={format!("height: {}px;", Num(k.queue_head))}
                            title={format!("queue group {name}: {} member{}, last sent #{last_sent}",
                                members.len(), if members.len() == 1 { "" } else { "s" })}>
                            { "queue group " }<b>{ name }</b>
                            <span class="muted">{ format!(" · sent #{last_sent}") }</span>
                        </div>
                        { for members.iter().zip(br.rows.iter()).map(|(m, y)| sub_row(m, y - br.top, k.sub)) }
                    </div>
                },
            }
        });
        html! {
            <div class="channel" data-testid={format!("channel-{}", ch.name)}
                style={format!("top: {}px; height: {}px; --hue: {};", Num(rows.top), Num(rows.height), ch.hue)}>
                <div class="channel-title" style={format!("height: {}px;", Num(k.title))}>
                    <span class="muted">{ "channel " }</span><b>{ &ch.name }</b>
                    <span class="muted">{ format!(" · {} msg{}", ch.msgs, if ch.msgs == 1 { "" } else { "s" }) }</span>
                </div>
                <ol class="cells" style={format!("top: {}px; height: {}px;", Num(k.title), Num(k.cells))}
                    aria-label={format!("messages #{} to #{}", ch.first_seq, ch.last_seq)}>
                    if ch.msgs > ch.cells.len() { <li class="cell more" aria-hidden="true">{ "…" }</li> }
                    { for ch.cells.iter().map(|s| html! { <li class="cell" data-seq={s.to_string()}>{ s }</li> }) }
                </ol>
                { for blocks }
            </div>
        }
    });
    let clients = vm.clients.iter().enumerate().map(|(i, c)| {
        let (cls, word) = if c.failed_hb > 0 {
            ("warn", format!("♥ missed {}/{}", c.failed_hb, c.limit))
        } else {
            ("ok", "♥ ok".to_string())
        };
        html! {
            <li class={classes!("client-row", c.dead.then_some("dead"))}
                data-testid={format!("client-{}", c.id)} data-failed-hb={c.failed_hb.to_string()}
                style={format!("top: {}px; height: {}px;", Num(k.clients_head + i as f64 * k.client), Num(k.client))}>
                <code>{ &c.id }</code>
                if let Some(w) = &c.who { <span class="muted">{ format!(" {w}") }</span> }
                if c.dead { <span class="tag dead">{ "✕ killed" }</span> }
                <span class={classes!("hb", cls)}>{ word }</span>
            </li>
        }
    });
    html! {
        <div class="server" id="server" data-testid="server" data-renders={renders.borrow().to_string()} role="group" aria-label="NATS Streaming server"
            style={format!("left: {}px; top: {}px; width: {}px; height: {}px;", Num(l.at.x), Num(l.at.y), Num(l.w), Num(l.height))}>
            <div class="server-head" style={format!("height: {}px;", Num(k.head))}>
                <div><strong>{ "NATS Streaming server" }</strong></div>
                <div class="muted">{ format!("cluster id {} · {} channel{} · {} client{}",
                    vm.cluster_id,
                    vm.channels.len(), if vm.channels.len() == 1 { "" } else { "s" },
                    vm.clients.len(), if vm.clients.len() == 1 { "" } else { "s" }) }</div>
            </div>
            if vm.channels.is_empty() {
                <p class="server-empty" style={format!("top: {}px;", Num(k.head))}>
                    { "No channels yet: publish or subscribe to create one." }
                </p>
            }
            { for channels }
            <div class="clients" style={format!("top: {}px;", Num(l.clients_top))}>
                <div class="clients-head" style={format!("height: {}px;", Num(k.clients_head))}>{ "clients (heartbeats)" }</div>
                <ol>{ for clients }</ol>
            </div>
        </div>
    }
}
