//! The app shell: header, toolbar and the canvas holding the panels.

use std::rc::Rc;

use yew::prelude::*;

use super::panel::PanelView;
use super::state::{Action, AppState};

/// Yew glue: the pure reducer (`AppState::apply`) drives `use_reducer`.
impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let canvas = use_node_ref();

    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let add_publisher = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::AddPublisher))
    };

    let count = state.panels.len();
    html! {
        <div class="app">
            <header class="app-header">
                <h1 id="app-title">{ "NATS Streaming Playground" }</h1>
                <p class="app-tagline">{ "Publish, subscribe, ack and replay — and watch the server do it." }</p>
            </header>
            <main class="workspace">
                <div class="toolbar" role="toolbar" aria-label="Canvas tools">
                    <button
                        id="add-publisher"
                        data-testid="add-publisher"
                        type="button"
                        onclick={add_publisher}
                    >
                        { "+ Publisher" }
                    </button>
                    <span id="panel-count" data-testid="panel-count" aria-live="polite">
                        { format!("{count} panel{}", if count == 1 { "" } else { "s" }) }
                    </span>
                </div>
                <div id="canvas" data-testid="canvas" class="canvas" ref={canvas.clone()}>
                    { for state.panels.iter().map(|p| html! {
                        <PanelView
                            key={p.id}
                            panel={p.clone()}
                            canvas={canvas.clone()}
                            on_action={on_action.clone()}
                        />
                    }) }
                </div>
            </main>
        </div>
    }
}
