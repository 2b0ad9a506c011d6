//! A phone's action bar. The canvas shows the whole flow at 40 to 90 %, where a panel's
//! buttons would be a few pixels tall: on a phone they are not drawn there (style.css), and
//! the panel itself is the target. Tapping a panel selects it, and this bar under the canvas
//! shows its buttons at full size (at least 44 px), its state, its newest console line and
//! its pending acks. Wider screens never show it (CSS).

use yew::prelude::*;

use super::panel::{act, controls};
use super::store::Store;
use super::vm::PanelVm;
use crate::playground::{Action, PanelId};

/// The bar for `vm` (drawn by the app each time it renders: a plain function, no component
/// of its own, which would weigh 2 KB of wasm).
pub fn action_bar(
    vm: &PanelVm,
    d: &UseReducerDispatcher<Store>,
    on_open: &Callback<PanelId>,
) -> Html {
    let id = vm.id;
    let tid = |what: &str| format!("action-{what}");
    let open = {
        let on_open = on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(id))
    };
    let last = vm.lines.last().map_or("", |l| l.text.as_str());
    let acks = vm
        .lines
        .iter()
        .filter(|l| l.ackable)
        .filter_map(|l| l.seq)
        .map(|seq| {
            html! {
                <button type="button" class="ack-btn" data-testid={format!("action-ack-{seq}")}
                    onclick={act(d, Action::Ack(id, seq))}>{ format!("ack #{seq}") }</button>
            }
        });
    html! {
        <section class={classes!("action-bar", if vm.listener { "listener" } else { "publisher" })}
            data-testid="action-bar" data-panel={id.to_string()} aria-label={format!("{}: controls", vm.name)}>
            <div class="ab-head">
                <p class="ab-what">
                    <strong>{ &vm.name }</strong>{ " " }
                    <span class={classes!("conn", vm.conn.class())}>{ vm.conn.word() }</span>{ " " }
                    <span class="sub-state">{ vm.sub.short() }</span>
                    <code class="ab-last" data-testid="action-last">{ last }</code>
                </p>
                <button type="button" data-testid="action-edit" onclick={open}>{ "⚙ Edit" }</button>
                <button type="button" class="icon" data-testid="action-hide" aria-label="Hide these controls"
                    onclick={act(d, Action::Select(None))}>{ "×" }</button>
            </div>
            <div class="ab-buttons">
                { controls(vm, d, &tid) }
                { for acks }
            </div>
        </section>
    }
}
