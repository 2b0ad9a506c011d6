//! The inspector (right column): the selected panel's form, its node-nats-streaming code,
//! the live monitoring endpoints, and the server's flags.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::dom;
use super::forms::{PanelForm, ServerForm};
use super::store::{Msg, Store};
use super::vm::{ClientVm, MonitorVm, MONITOR_PATHS};
use crate::playground::server_cmd;
use crate::playground::{Panel, ServerOptions, View};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Panel,
    Code,
    Monitoring,
    Server,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Panel, Tab::Code, Tab::Monitoring, Tab::Server];

    pub fn name(self) -> &'static str {
        match self {
            Tab::Panel => "Panel",
            Tab::Code => "Code",
            Tab::Monitoring => "Monitoring",
            Tab::Server => "Server",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Tab::Panel => "panel",
            Tab::Code => "code",
            Tab::Monitoring => "monitoring",
            Tab::Server => "server",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub tab: Tab,
    pub on_tab: Callback<Tab>,
    pub panel: Option<Panel>,
    /// The selected panel's code (only on the Code tab).
    pub code: Option<Rc<String>>,
    /// Only on the Monitoring tab.
    pub monitor: Option<Rc<MonitorVm>>,
    pub on_monitor_path: Callback<usize>,
    /// Bumped when a panel is opened from the canvas: focus its form's first field.
    pub focus_request: u32,
    pub server: ServerOptions,
    pub latency_ms: u64,
    /// Folded away to a strip at the edge (the canvas takes the room).
    pub folded: bool,
    pub view: View,
    pub dispatch: UseReducerDispatcher<Store>,
}

#[derive(Properties, PartialEq)]
struct CopyProps {
    text: Rc<String>,
    testid: String,
    label: String,
}

/// A "Copy" button with its result said in words.
#[component(CopyButton)]
fn copy_button(props: &CopyProps) -> Html {
    let status = use_state(|| None::<bool>);
    let onclick = {
        let status = status.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            dom::copy_text(&text, Callback::from(move |ok: bool| status.set(Some(ok))));
        })
    };
    html! {
        <span class="copy">
            <button type="button" data-testid={props.testid.clone()} aria-label={props.label.clone()} {onclick}>
                { "Copy" }
            </button>
            <span class="copy-status" role="status">
                { match *status {
                    Some(true) => "✓ copied",
                    Some(false) => "✗ copy refused by the browser: select the text instead",
                    None => "",
                } }
            </span>
        </span>
    }
}

fn hb_table(clients: &[ClientVm]) -> Html {
    html! {
        <table class="hb-table" data-testid="monitor-clients">
            <caption>{ "Clients the server knows, and their heartbeats" }</caption>
            <thead><tr><th>{ "client id" }</th><th>{ "panel" }</th><th>{ "heartbeats" }</th></tr></thead>
            <tbody>
                { for clients.iter().map(|c| html! {
                    <tr data-client={c.id.clone()} data-failed-hb={c.failed_hb.to_string()}>
                        <td><code>{ &c.id }</code></td>
                        <td>{ c.who.clone().unwrap_or_default() }
                            if c.dead { <span class="tag dead">{ " ✕ killed" }</span> }</td>
                        <td class={if c.failed_hb > 0 { "warn" } else { "ok" }}>
                            { if c.failed_hb > 0 { format!("♥ missed {} of {}", c.failed_hb, c.limit) } else { "♥ ok".into() } }
                        </td>
                    </tr>
                }) }
                if clients.is_empty() { <tr><td colspan="3" class="muted">{ "none connected" }</td></tr> }
            </tbody>
        </table>
    }
}

#[component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let body_ref = use_node_ref();
    {
        let body_ref = body_ref.clone();
        use_effect_with(props.focus_request, move |n| {
            // The form gets the focus, not its first field: a shortcut typed next must not
            // land in a field the learner did not choose (Tab goes on to the fields).
            if *n > 0 {
                if let Some(el) = body_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let tabs = Tab::ALL.iter().map(|&t| {
        let on_tab = props.on_tab.clone();
        let selected = t == props.tab;
        html! {
            <button type="button" role="tab" id={format!("tab-{}", t.key())} data-testid={format!("tab-{}", t.key())}
                aria-selected={selected.to_string()} aria-controls="inspector-body"
                tabindex={if selected { "0" } else { "-1" }}
                class={classes!("tab", selected.then_some("active"))}
                onclick={Callback::from(move |_: MouseEvent| on_tab.emit(t))}>
                { t.name() }
            </button>
        }
    });
    // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
    let onkeydown = {
        let on_tab = props.on_tab.clone();
        let tab = props.tab;
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == tab).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => Tab::ALL[(i + 1) % Tab::ALL.len()],
                "ArrowLeft" => Tab::ALL[(i + Tab::ALL.len() - 1) % Tab::ALL.len()],
                _ => return,
            };
            e.prevent_default();
            on_tab.emit(next);
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", next.key())))
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
            {
                let _ = el.focus();
            }
        })
    };

    let body = match props.tab {
        Tab::Panel => match &props.panel {
            Some(p) => {
                html! { <PanelForm key={p.id} panel={p.clone()} dispatch={props.dispatch.clone()} /> }
            }
            None => html! {
                <p class="empty">{ "Select a panel: click it, or Tab to it and press Enter. Add one with + Publisher or + Listener." }</p>
            },
        },
        Tab::Code => match (&props.panel, &props.code) {
            (Some(p), Some(code)) => html! {
                <div class="code-view">
                    <div class="row">
                        <span class="muted">{ format!("{}: node-nats-streaming (TypeScript)", p.name) }</span>
                        <CopyButton text={code.clone()} testid="copy-code" label="Copy the code" />
                    </div>
                    <pre><code data-testid="code">{ code.as_str() }</code></pre>
                </div>
            },
            _ => html! { <p class="empty">{ "Select a panel to see its code." }</p> },
        },
        Tab::Monitoring => match &props.monitor {
            Some(m) => {
                let on_path = props.on_monitor_path.clone();
                let onchange = Callback::from(move |e: Event| {
                    if let Some(i) = e
                        .target_dyn_into::<HtmlSelectElement>()
                        .and_then(|s| s.value().parse::<usize>().ok())
                    {
                        on_path.emit(i);
                    }
                });
                html! {
                    <div class="monitor-view">
                        { hb_table(&m.clients) }
                        <label for="monitor-path">{ "GET http://localhost:8222" }</label>
                        <select id="monitor-path" data-testid="monitor-path" {onchange}>
                            { for MONITOR_PATHS.iter().enumerate().map(|(i, p)| html! {
                                <option value={i.to_string()} selected={i == m.path}>{ *p }</option>
                            }) }
                        </select>
                        <pre data-testid="monitor-json" aria-live="off">{ &m.json }</pre>
                    </div>
                }
            }
            None => html! {},
        },
        Tab::Server => {
            let cmd = Rc::new(server_cmd::command_line(&props.server));
            let yaml = Rc::new(server_cmd::kubernetes_yaml(&props.server));
            html! {
                <div class="server-view">
                    <ServerForm opts={props.server.clone()} latency_ms={props.latency_ms} dispatch={props.dispatch.clone()} />
                    <div class="row">
                        <h3>{ "Command line" }</h3>
                        <CopyButton text={cmd.clone()} testid="copy-cmd" label="Copy the command line" />
                    </div>
                    <pre><code data-testid="server-cmd">{ cmd.as_str() }</code></pre>
                    <div class="row">
                        <h3>{ "Kubernetes Deployment" }</h3>
                        <CopyButton text={yaml.clone()} testid="copy-yaml" label="Copy the Kubernetes YAML" />
                    </div>
                    <pre><code data-testid="server-yaml">{ yaml.as_str() }</code></pre>
                </div>
            }
        }
    };
    let fold = {
        let d = props.dispatch.clone();
        let view = props.view.clone();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Msg::View(View {
                inspector_folded: !view.inspector_folded,
                ..view.clone()
            }))
        })
    };
    if props.folded {
        return html! {
            <aside class="inspector folded" id="inspector" data-testid="inspector" aria-label="Inspector">
                <button type="button" class="fold" data-testid="inspector-fold" aria-expanded="false"
                    title="Show the inspector" onclick={fold}>{ "◂ Inspector" }</button>
            </aside>
        };
    }
    html! {
        <aside class="inspector" id="inspector" data-testid="inspector" aria-label="Inspector">
            <div class="tabs" role="tablist" aria-label="Inspector tabs" {onkeydown}>
                { for tabs }
                <button type="button" class="fold" data-testid="inspector-fold" aria-expanded="true"
                    title="Fold the inspector away" aria-label="Fold the inspector away" onclick={fold}>{ "▸" }</button>
            </div>
            <div id="inspector-body" ref={body_ref} class="inspector-body" role="tabpanel" tabindex="-1"
                aria-labelledby={format!("tab-{}", props.tab.key())} data-testid={format!("inspector-{}", props.tab.key())}>
                { body }
            </div>
        </aside>
    }
}
