//! A listener panel is the course's listener program: starting it connects and, once
//! connected, subscribes with its options (as `listener.ts` does in `on('connect')`). What the
//! panel shows is read from the simulation and the broker here, never kept as the panel's own
//! flags: the subscription of the panel's *current* process, the options that subscription
//! was made with, and what the server holds for it.

use super::panel::{ListenerCfg, PanelId};
use super::state::Playground;
use crate::broker::{StartPosition, SubId};
use crate::sim::{AckPolicy, Handler, ProcState, SimSub, SubSpec, SubState};

/// The subscription of a listener's current connection, as the learner sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum SubView {
    /// No subscription on the current connection.
    None,
    /// Started: the subscribe waits for the connection (`on('connect')`).
    Starting,
    Subscribing,
    Ready,
    Failed(String),
    /// Closed or unsubscribed by the program.
    Closed,
}

impl SubView {
    /// A short word for the panel's status line ("" when there is nothing to say).
    pub fn short(&self) -> &'static str {
        match self {
            SubView::None | SubView::Closed => "",
            SubView::Starting => "subscribes once connected",
            SubView::Subscribing => "subscribing…",
            SubView::Ready => "subscribed",
            SubView::Failed(_) => "subscribe failed",
        }
    }

    pub fn word(&self) -> String {
        match self {
            SubView::None => "not subscribed".into(),
            SubView::Starting => "subscribes in on('connect')".into(),
            SubView::Subscribing => "subscribing…".into(),
            SubView::Ready => "subscribed".into(),
            SubView::Failed(e) => format!("subscribe failed: {e}"),
            SubView::Closed => "no subscription".into(),
        }
    }
}

/// Everything a listener panel says about its subscription.
#[derive(Clone, Debug, PartialEq)]
pub struct ListenerView {
    pub sub: SubView,
    /// The broker's subscription behind the panel, when the server has it live.
    pub broker_sub: Option<SubId>,
    /// The server holds this panel's durable while no client is attached to it.
    pub offline_durable: bool,
    /// The server has stopped sending (MaxInFlight reached).
    pub stalled: bool,
    /// Edited options that the live subscription does not have yet, as client calls.
    pub pending: Vec<String>,
}

/// The simulation's subscription (index) made by the panel's current process, if any.
pub fn current_sim_sub(pg: &Playground, id: PanelId) -> Option<usize> {
    let proc = pg.proc_of(id)?;
    pg.sim().subs().iter().rposition(|s| s.proc == proc)
}

pub fn listener_view(pg: &Playground, id: PanelId) -> ListenerView {
    let state = pg.proc_state(id);
    // Once `stan.close()` is called the subscriptions go with the connection: the server may
    // already have dropped them before the client hears back.
    let live = matches!(state, Some(ProcState::Connected(_)));
    let starting = matches!(state, Some(ProcState::Connecting));
    let sim_sub: Option<&SimSub> = current_sim_sub(pg, id).and_then(|i| pg.sim().subs().get(i));
    let sub = match sim_sub.map(|s| &s.state).filter(|_| live) {
        None if (live || starting) && pg.subscribe_waiting(id) => SubView::Starting,
        None => SubView::None,
        Some(SubState::Subscribing) => SubView::Subscribing,
        Some(SubState::Ready(_)) => SubView::Ready,
        Some(SubState::Failed(e)) => SubView::Failed(e.clone()),
        Some(SubState::Closed) => SubView::Closed,
    };
    let broker = pg.sim().broker();
    let bsub = sim_sub
        .filter(|_| live)
        .and_then(SimSub::sub_id)
        .and_then(|s| broker.subscription(s))
        .filter(|b| !b.is_offline());
    let cfg = pg.panel(id).and_then(|p| p.listener());
    let offline_durable = bsub.is_none()
        && cfg.is_some_and(|c| {
            let client = pg.panel(id).map(|p| p.client_id.as_str()).unwrap_or("");
            let durable = c.durable_name.trim();
            !durable.is_empty()
                && broker
                    .channel_view(&c.subject)
                    .and_then(|v| v.durable(client, durable))
                    .is_some_and(|s| s.is_offline())
        });
    let pending = match (cfg, sim_sub, &sub) {
        (Some(c), Some(s), SubView::Ready | SubView::Subscribing) => {
            pending_calls(c, &s.spec, &s.handler)
        }
        _ => Vec::new(),
    };
    ListenerView {
        sub,
        broker_sub: bsub.map(|b| b.id),
        offline_durable,
        stalled: bsub.is_some_and(|b| b.stalled),
        pending,
    }
}

/// The options and handler the panel's current subscription was made with.
pub fn live_options(pg: &Playground, id: PanelId) -> Option<(&SubSpec, &Handler)> {
    let s = current_sim_sub(pg, id).and_then(|i| pg.sim().subs().get(i))?;
    Some((&s.spec, &s.handler))
}

/// The events a person can ack by hand on this listener now: delivered to its current
/// subscription in "ack by button" mode, not acked by the handler yet, and still pending
/// on the server. In sequence order.
pub fn awaiting_ack(pg: &Playground, id: PanelId) -> Vec<u64> {
    let Some(s) = current_sim_sub(pg, id).and_then(|i| pg.sim().subs().get(i)) else {
        return Vec::new();
    };
    let by_person = s.spec.manual_ack && s.handler.ack == AckPolicy::Manual;
    let Some(b) = s
        .sub_id()
        .filter(|_| by_person)
        .and_then(|sub| pg.sim().broker().subscription(sub))
    else {
        return Vec::new();
    };
    let mut seqs: Vec<u64> = b
        .pending
        .by_expiry()
        .map(|(_, seq)| seq)
        .filter(|&seq| {
            // the newest receipt of the event says whether the handler acked it
            s.received
                .iter()
                .rev()
                .find(|r| r.seq == seq)
                .is_some_and(|r| r.acked_at.is_none())
        })
        .collect();
    seqs.sort_unstable();
    seqs
}

/// The node-nats-streaming call that asks for a start position (none for new messages
/// only, the client's default).
pub fn start_option(s: &StartPosition) -> Option<String> {
    Some(match s {
        StartPosition::NewOnly => return None,
        StartPosition::First => ".setDeliverAllAvailable()".into(),
        StartPosition::LastReceived => ".setStartWithLastReceived()".into(),
        StartPosition::Sequence(n) => format!(".setStartAtSequence({n})"),
        StartPosition::TimeDelta(ms) => format!(".setStartAtTimeDelta({ms})"),
    })
}

fn start_call(s: &StartPosition) -> String {
    start_option(s).unwrap_or_else(|| "no start option (new messages only)".into())
}

fn ack_words(a: &AckPolicy) -> String {
    match a {
        AckPolicy::Immediate => "msg.ack() at once".into(),
        AckPolicy::Never => "never calls msg.ack()".into(),
        AckPolicy::OnDelivery(n) => format!("msg.ack() from delivery {n} on"),
        AckPolicy::AfterMs(ms) => format!("msg.ack() after {ms} ms"),
        AckPolicy::Manual => "msg.ack() by button".into(),
    }
}

/// The differences between the edited options and those the subscription was made with,
/// written as the node-nats-streaming calls that would make them.
pub fn pending_calls(cfg: &ListenerCfg, spec: &SubSpec, handler: &Handler) -> Vec<String> {
    let want = cfg.spec();
    let want_h = cfg.handler();
    let mut out = Vec::new();
    if want.subject != spec.subject {
        out.push(format!("stan.subscribe('{}', …)", want.subject));
    }
    if want.queue != spec.queue {
        out.push(match &want.queue {
            Some(q) => format!("queue group '{q}'"),
            None => "no queue group".into(),
        });
    }
    if want.manual_ack != spec.manual_ack {
        out.push(format!(".setManualAckMode({})", want.manual_ack));
    }
    if want.ack_wait_ms != spec.ack_wait_ms {
        out.push(format!(".setAckWait({})", want.ack_wait_ms));
    }
    if want.max_in_flight != spec.max_in_flight {
        out.push(match want.max_in_flight {
            Some(n) => format!(".setMaxInFlight({n})"),
            None => "default max in flight".into(),
        });
    }
    if want.start != spec.start {
        out.push(start_call(&want.start));
    }
    if want.durable != spec.durable {
        out.push(match &want.durable {
            Some(d) => format!(".setDurableName('{d}')"),
            None => "no durable name".into(),
        });
    }
    // The handler's ack policy only matters in manual-ack mode.
    if want.manual_ack && want_h.ack != handler.ack {
        out.push(format!("handler: {}", ack_words(&want_h.ack)));
    }
    if want_h.fail_probability != handler.fail_probability
        || want_h.fail_once_on != handler.fail_once_on
        || want_h.processing_ms != handler.processing_ms
        || want_h.app != handler.app
    {
        out.push("handler: new behaviour".into());
    }
    out
}
