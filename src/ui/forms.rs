//! The inspector's forms: a panel's name and client id, a publisher's subject and data, a
//! listener's options (named like node-nats-streaming's builder), and the server's flags.
//! Every change is an `Action`; the reducer refuses what is invalid and says why.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::format;
use crate::num::{Fixed, Num};

use super::store::{Msg, Store};
use crate::broker::ServerOptions;
use crate::playground::{
    Action, ListenerCfg, Panel, PanelId, PanelKind, PublisherCfg, StartChoice,
};
use crate::sim::AckPolicy;

fn input_value(e: &InputEvent) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value())
}

fn checked(e: &Event) -> Option<bool> {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.checked())
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// A labelled field.
fn field(id: &str, label: Html, control: Html, hint: Option<&str>) -> Html {
    html! {
        <div class="field">
            <label for={id.to_string()}>{ label }</label>
            { control }
            if let Some(h) = hint { <p class="hint">{ h }</p> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelFormProps {
    pub panel: Panel,
    pub dispatch: UseReducerDispatcher<Store>,
}

/// The selected panel's form.
#[component(PanelForm)]
pub fn panel_form(props: &PanelFormProps) -> Html {
    let p = &props.panel;
    let id = p.id;
    let d = props.dispatch.clone();
    let rename = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                d.dispatch(Msg::Act(Action::Rename(id, v)));
            }
        })
    };
    let client = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                d.dispatch(Msg::Act(Action::SetClientId(id, v.trim().to_string())));
            }
        })
    };
    let remove = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::Act(Action::Remove(id))))
    };
    // Buttons that move the panel: the alternative to dragging it.
    let nudge = |dx: f64, dy: f64| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::Act(Action::Nudge(id, dx, dy))))
    };
    let body = match &p.kind {
        PanelKind::Publisher(cfg) => html! {
            <PublisherForm id={id} cfg={cfg.clone()} dispatch={d.clone()} />
        },
        PanelKind::Listener(cfg) => html! {
            <ListenerForm id={id} cfg={cfg.clone()} dispatch={d.clone()} />
        },
    };
    html! {
        <form class="form" data-testid="panel-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <h3>{ &p.name }</h3>
            { field("f-name", html!{ "Name" },
                html! { <input id="f-name" data-testid="form-name" type="text" value={p.name.clone()} oninput={rename} /> },
                None) }
            { field("f-client-id", html!{ "Client id" },
                html! { <input id="f-client-id" data-testid="form-client-id" type="text" value={p.client_id.clone()}
                    spellcheck="false" oninput={client} /> },
                Some("nats.connect(clusterId, clientId): used at the next Connect. Two live connections may not share one.")) }
            { body }
            <div class="form-actions">
                <span class="move" role="group" aria-label="Move the panel">
                    <span class="muted">{ "Move " }</span>
                    <button type="button" data-testid="move-left" aria-label="Move left" onclick={nudge(-50.0, 0.0)}>{ "←" }</button>
                    <button type="button" data-testid="move-up" aria-label="Move up" onclick={nudge(0.0, -50.0)}>{ "↑" }</button>
                    <button type="button" data-testid="move-down" aria-label="Move down" onclick={nudge(0.0, 50.0)}>{ "↓" }</button>
                    <button type="button" data-testid="move-right" aria-label="Move right" onclick={nudge(50.0, 0.0)}>{ "→" }</button>
                </span>
                <button type="button" class="danger" data-testid="form-remove" onclick={remove}>{ "Remove panel" }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct PublisherFormProps {
    pub id: PanelId,
    pub cfg: PublisherCfg,
    pub dispatch: UseReducerDispatcher<Store>,
}

#[component(PublisherForm)]
pub fn publisher_form(props: &PublisherFormProps) -> Html {
    let id = props.id;
    let edit = |f: fn(&mut PublisherCfg, String)| {
        let d = props.dispatch.clone();
        let cfg = props.cfg.clone();
        move |v: String| {
            let mut c = cfg.clone();
            f(&mut c, v);
            d.dispatch(Msg::Act(Action::EditPublisher(id, c)));
        }
    };
    let subject = {
        let set = edit(|c, v| c.subject = v.trim().to_string());
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                set(v)
            }
        })
    };
    let data = {
        let set = edit(|c, v| c.data = v);
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<HtmlTextAreaElement>()
                .map(|t| t.value())
            {
                set(v)
            }
        })
    };
    let every = {
        let set = edit(|c, v| {
            if let Some(s) = format::parse_decimal(&v) {
                if s.is_finite() && s >= 0.0 {
                    c.every_ms = (s * 1000.0).round() as u64;
                }
            }
        });
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                set(v)
            }
        })
    };
    let json = crate::json::parse(&props.cfg.data);
    let publish = {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::Act(Action::Publish(id))))
    };
    html! {
        <fieldset class="group">
            <legend>{ "stan.publish(subject, data)" }</legend>
            { field("f-subject", html!{ "Subject (channel)" },
                html! { <input id="f-subject" data-testid="form-subject" type="text" value={props.cfg.subject.clone()}
                    spellcheck="false" oninput={subject} /> }, None) }
            { field("f-data", html!{ "Data (JSON)" },
                html! { <textarea id="f-data" data-testid="form-data" rows="4" spellcheck="false"
                    aria-invalid={json.is_err().to_string()} aria-describedby="f-data-check"
                    value={props.cfg.data.clone()} oninput={data} /> }, None) }
            <p id="f-data-check" data-testid="form-data-check"
                class={classes!("check", if json.is_ok() { "ok" } else { "bad" })}>
                { match &json {
                    Ok(_) => "✓ valid JSON: sent as JSON.stringify(data)".to_string(),
                    Err(e) => format!("✗ not valid JSON ({e}): Publish sends nothing"),
                } }
            </p>
            { field("f-every", html!{ "Publish every N s (0: off)" },
                html! { <input id="f-every" data-testid="form-every" type="number" min="0" step="0.5"
                    value={Num(props.cfg.every_ms as f64 / 1000.0).to_string()} oninput={every} /> }, None) }
            <button type="button" class="primary" data-testid="form-publish" onclick={publish}>{ "Publish" }</button>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct ListenerFormProps {
    pub id: PanelId,
    pub cfg: ListenerCfg,
    pub dispatch: UseReducerDispatcher<Store>,
}

fn start_key(s: &StartChoice) -> &'static str {
    match s {
        StartChoice::NewOnly => "new",
        StartChoice::DeliverAllAvailable => "all",
        StartChoice::StartWithLastReceived => "last",
        StartChoice::StartAtSequence(_) => "seq",
        StartChoice::StartAtTimeDelta(_) => "delta",
    }
}

fn ack_key(a: &AckPolicy) -> &'static str {
    match a {
        AckPolicy::Immediate => "now",
        AckPolicy::Manual => "button",
        AckPolicy::Never => "never",
        AckPolicy::AfterMs(_) => "after",
        AckPolicy::OnDelivery(_) => "nth",
    }
}

/// Applies a field's text to a copy of the listener's options.
type Edit = Box<dyn Fn(&mut ListenerCfg, String)>;

#[component(ListenerForm)]
pub fn listener_form(props: &ListenerFormProps) -> Html {
    let id = props.id;
    let cfg = &props.cfg;
    // Builds a callback that edits a copy of the options and dispatches it.
    let edit = |f: Edit| {
        let d = props.dispatch.clone();
        let cfg = props.cfg.clone();
        move |v: String| {
            let mut c = cfg.clone();
            f(&mut c, v);
            if c != cfg {
                d.dispatch(Msg::Act(Action::EditListener(id, c)));
            }
        }
    };
    let on_input = |f: Edit| {
        let set = edit(f);
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                set(v)
            }
        })
    };
    let on_select = |f: Edit| {
        let set = edit(f);
        Callback::from(move |e: Event| {
            if let Some(v) = select_value(&e) {
                set(v)
            }
        })
    };
    let subject = on_input(Box::new(|c, v| c.subject = v.trim().to_string()));
    let queue = on_input(Box::new(|c, v| c.queue_group = v));
    let durable = on_input(Box::new(|c, v| c.durable_name = v));
    let manual = {
        let set = edit(Box::new(|c, v| c.manual_ack = v == "true"));
        Callback::from(move |e: Event| {
            if let Some(b) = checked(&e) {
                set(b.to_string())
            }
        })
    };
    let ack_wait = on_input(Box::new(|c, v| {
        if let Some(ms) = format::parse_u64(&v).filter(|ms| *ms <= i64::MAX as u64) {
            c.ack_wait_ms = ms as i64;
        }
    }));
    let max_in_flight = on_input(Box::new(|c, v| {
        if v.trim().is_empty() {
            c.max_in_flight = None;
        } else if let Some(n) = format::parse_u64(&v).filter(|n| *n <= i64::MAX as u64) {
            c.max_in_flight = Some(n as i64);
        }
    }));
    let start = on_select(Box::new(|c, v| {
        let arg = match &c.start {
            StartChoice::StartAtSequence(n) | StartChoice::StartAtTimeDelta(n) => *n,
            _ => 0,
        };
        c.start = match v.as_str() {
            "all" => StartChoice::DeliverAllAvailable,
            "last" => StartChoice::StartWithLastReceived,
            "seq" => StartChoice::StartAtSequence(arg.max(1)),
            "delta" => StartChoice::StartAtTimeDelta(if arg == 0 { 30_000 } else { arg }),
            _ => StartChoice::NewOnly,
        };
    }));
    let start_arg = on_input(Box::new(|c, v| {
        if let Some(n) = format::parse_u64(&v) {
            match &mut c.start {
                StartChoice::StartAtSequence(s) => *s = n,
                StartChoice::StartAtTimeDelta(ms) => *ms = n,
                _ => {}
            }
        }
    }));
    let handler = on_select(Box::new(|c, v| {
        let arg = match &c.ack {
            AckPolicy::AfterMs(ms) => *ms,
            AckPolicy::OnDelivery(n) => u64::from(*n),
            _ => 0,
        };
        c.ack = match v.as_str() {
            "button" => AckPolicy::Manual,
            "never" => AckPolicy::Never,
            "after" => AckPolicy::AfterMs(if arg == 0 { 2000 } else { arg }),
            "nth" => AckPolicy::OnDelivery(arg.clamp(2, 100) as u32),
            _ => AckPolicy::Immediate,
        };
    }));
    let handler_arg = on_input(Box::new(|c, v| {
        if let Some(n) = format::parse_u64(&v) {
            match &mut c.ack {
                AckPolicy::AfterMs(ms) => *ms = n,
                AckPolicy::OnDelivery(k) => *k = n.clamp(1, 1000) as u32,
                _ => {}
            }
        }
    }));
    let fail = on_input(Box::new(|c, v| {
        if let Some(p) = format::parse_probability(&v) {
            c.fail_probability = p;
        }
    }));

    let start_arg_field = match &cfg.start {
        StartChoice::StartAtSequence(n) => Some(("Sequence", *n)),
        StartChoice::StartAtTimeDelta(ms) => Some(("Time delta (ms)", *ms)),
        _ => None,
    };
    let handler_arg_field = match &cfg.ack {
        AckPolicy::AfterMs(ms) => Some(("after (ms)", *ms)),
        AckPolicy::OnDelivery(n) => Some(("on delivery number", u64::from(*n))),
        _ => None,
    };
    let opt = |value: &'static str, current: &str, text: &'static str| {
        html! { <option value={value} selected={value == current}>{ text }</option> }
    };
    let sk = start_key(&cfg.start);
    let ak = ack_key(&cfg.ack);
    html! {
        <>
        <fieldset class="group">
            <legend>{ "stan.subscribe(subject, queueGroup, options)" }</legend>
            { field("f-subject", html!{ "Subject (channel)" },
                html! { <input id="f-subject" data-testid="form-subject" type="text" value={cfg.subject.clone()}
                    spellcheck="false" oninput={subject} /> }, None) }
            { field("f-queue", html!{ "Queue group" },
                html! { <input id="f-queue" data-testid="form-queue" type="text" value={cfg.queue_group.clone()}
                    placeholder="none" spellcheck="false" oninput={queue} /> },
                Some("Members of one queue group share the events: each goes to one member.")) }
            <div class="field check-field">
                <input id="f-manual" data-testid="form-manual-ack" type="checkbox" checked={cfg.manual_ack} onchange={manual} />
                <label for="f-manual"><code>{ "setManualAckMode(true)" }</code></label>
            </div>
            { field("f-ack-wait", html!{ <code>{ "setAckWait(ms)" }</code> },
                html! { <input id="f-ack-wait" data-testid="form-ack-wait" type="number" min="1000" step="1000"
                    value={cfg.ack_wait_ms.to_string()} oninput={ack_wait} /> },
                Some("Unacked events come back after this long. The client insists on whole seconds.")) }
            { field("f-max-in-flight", html!{ <code>{ "setMaxInFlight(n)" }</code> },
                html! { <input id="f-max-in-flight" data-testid="form-max-in-flight" type="number" min="1"
                    placeholder={crate::broker::DEFAULT_MAX_IN_FLIGHT.to_string()} value={cfg.max_in_flight.map(|n| n.to_string()).unwrap_or_default()}
                    oninput={max_in_flight} /> }, None) }
            { field("f-start", html!{ "Start" },
                html! {
                    <select id="f-start" data-testid="form-start" onchange={start}>
                        { opt("new", sk, "new events only (default)") }
                        { opt("all", sk, "setDeliverAllAvailable()") }
                        { opt("last", sk, "setStartWithLastReceived()") }
                        { opt("seq", sk, "setStartAtSequence(n)") }
                        { opt("delta", sk, "setStartAtTimeDelta(ms)") }
                    </select>
                }, None) }
            if let Some((label, v)) = start_arg_field {
                { field("f-start-arg", html!{ label },
                    html! { <input id="f-start-arg" data-testid="form-start-arg" type="number" min="0"
                        value={v.to_string()} oninput={start_arg} /> }, None) }
            }
            { field("f-durable", html!{ <code>{ "setDurableName(name)" }</code> },
                html! { <input id="f-durable" data-testid="form-durable" type="text" value={cfg.durable_name.clone()}
                    placeholder="none" spellcheck="false" oninput={durable} /> },
                Some("A durable remembers what it acked across reconnects (same client id).")) }
        </fieldset>
        <fieldset class="group">
            <legend>{ "The handler: on('message', msg => …)" }</legend>
            { field("f-handler", html!{ "msg.ack()" },
                html! {
                    <select id="f-handler" data-testid="form-handler" onchange={handler} disabled={!cfg.manual_ack}>
                        { opt("now", ak, "at once") }
                        { opt("button", ak, "by a button (you ack)") }
                        { opt("never", ak, "never") }
                        { opt("after", ak, "after N ms") }
                        { opt("nth", ak, "on the N-th delivery") }
                    </select>
                },
                Some(if cfg.manual_ack { "Manual ack mode: the handler decides when to ack." }
                     else { "Auto-ack mode: the client acks every event by itself." })) }
            if let Some((label, v)) = handler_arg_field {
                { field("f-handler-arg", html!{ label },
                    html! { <input id="f-handler-arg" data-testid="form-handler-arg" type="number" min="0"
                        value={v.to_string()} oninput={handler_arg} /> }, None) }
            }
            { field("f-fail", html!{ "Throws with probability (0–1)" },
                html! { <input id="f-fail" data-testid="form-fail" type="number" min="0" max="1" step="0.05"
                    value={Fixed(cfg.fail_probability, 6).to_string()} oninput={fail} /> },
                Some("A throwing handler sends no ack, even in auto-ack mode.")) }
        </fieldset>
        <p class="hint">{ "Options apply at the next Subscribe." }</p>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ServerFormProps {
    pub opts: ServerOptions,
    /// One-way network latency between any client and the server (virtual ms).
    pub latency_ms: u64,
    pub dispatch: UseReducerDispatcher<Store>,
}

/// The server's flags, edited as a draft and applied with a restart (the memory store
/// starts empty, like a restarted pod).
#[component(ServerForm)]
pub fn server_form(props: &ServerFormProps) -> Html {
    let draft = use_state(|| props.opts.clone());
    {
        let draft = draft.clone();
        use_effect_with(props.opts.clone(), move |o| draft.set(o.clone()));
    }
    let num = |f: fn(&mut ServerOptions, u64)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(n) = input_value(&e).and_then(|v| format::parse_u64(&v)) {
                let mut o = (*draft).clone();
                f(&mut o, n);
                draft.set(o);
            }
        })
    };
    let cid = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                let mut o = (*draft).clone();
                o.cluster_id = v.trim().to_string();
                draft.set(o);
            }
        })
    };
    let apply = {
        let d = props.dispatch.clone();
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Msg::Act(Action::SetServer((*draft).clone())))
        })
    };
    let latency = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(ms) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| format::parse_u64(&i.value()))
            {
                d.dispatch(Msg::Act(Action::SetLatency(ms)));
            }
        })
    };
    let changed = *draft != props.opts;
    let o = &*draft;
    let row = |id: &str, flag: &str, what: &str, value: String, cb: Callback<InputEvent>| {
        html! {
            <div class="field flag">
                <label for={id.to_string()}><code>{ flag }</code>{ " " }<span class="muted">{ what }</span></label>
                <input id={id.to_string()} data-testid={format!("server-{}", flag.trim_start_matches('-'))}
                    type="number" min="0" value={value} oninput={cb} />
            </div>
        }
    };
    html! {
        <form class="form" data-testid="server-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="field flag">
                <label for="s-cid"><code>{ "-cid" }</code>{ " " }<span class="muted">{ "cluster id" }</span></label>
                <input id="s-cid" data-testid="server-cid" type="text" value={o.cluster_id.clone()} oninput={cid} />
            </div>
            <div class="field flag"><label><code>{ "-p 4222 -m 8222" }</code>{ " " }
                <span class="muted">{ "client and monitoring ports" }</span></label></div>
            { row("s-hbi", "-hbi", "heartbeat interval (ms)", o.hb_interval_ms.to_string(), num(|o, n| o.hb_interval_ms = n)) }
            { row("s-hbt", "-hbt", "heartbeat timeout (ms)", o.hb_timeout_ms.to_string(), num(|o, n| o.hb_timeout_ms = n)) }
            { row("s-hbf", "-hbf", "failed heartbeats before removal", o.hb_fail_count.to_string(),
                num(|o, n| o.hb_fail_count = n.min(u64::from(u32::MAX)) as u32)) }
            <div class="field flag"><label><code>{ "-SD" }</code>{ " " }
                <span class="muted">{ "debug logging (always on here: the timeline is the log)" }</span></label></div>
            <fieldset class="group">
                <legend>{ "Store limits (0: unlimited)" }</legend>
                { row("s-mc", "-mc", "max channels", o.limits.max_channels.to_string(), num(|o, n| o.limits.max_channels = n)) }
                { row("s-msu", "-msu", "max subscriptions per channel", o.limits.max_subs.to_string(), num(|o, n| o.limits.max_subs = n)) }
                { row("s-mm", "-mm", "max messages per channel", o.limits.max_msgs.to_string(), num(|o, n| o.limits.max_msgs = n)) }
                { row("s-mb", "-mb", "max bytes per channel", o.limits.max_bytes.to_string(), num(|o, n| o.limits.max_bytes = n)) }
                { row("s-ma", "-ma", "max message age (ms)", o.limits.max_age_ms.to_string(), num(|o, n| o.limits.max_age_ms = n)) }
                { row("s-mi", "-mi", "max channel inactivity (ms)", o.limits.max_inactivity_ms.to_string(), num(|o, n| o.limits.max_inactivity_ms = n)) }
            </fieldset>
            <div class="field flag">
                <label for="s-latency">{ "Network latency" }{ " " }<span class="muted">{ "(ms, one way; applies at once)" }</span></label>
                <input id="s-latency" data-testid="server-latency" type="number" min="0" max="5000"
                    value={props.latency_ms.to_string()} onchange={latency} />
            </div>
            <div class="form-actions">
                <button type="button" class="primary" data-testid="server-apply" disabled={!changed} onclick={apply}>
                    { "Apply and restart the server" }
                </button>
                <span class="hint">{ "A restart empties the memory store and the timeline." }</span>
            </div>
        </form>
    }
}
