//! The header's Export menu: the files `playground::export` makes, downloaded. The menu
//! closes on a choice, a click elsewhere and Escape.

use super::{browser, tell};
use crate::playground::export::{export, ExportKind};
use crate::playground::NoticeKind;
use crate::ui::store::Store;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The Export menu (a hook rather than a component: it renders inside the header's group
/// and costs the bundle no component of its own).
#[hook]
pub fn use_export_menu(store: &UseReducerHandle<Store>) -> Html {
    let pg = Rc::clone(&store.pg);
    let export_menu = use_node_ref();

    // The export menu closes on a click elsewhere and on Escape.
    {
        let export_menu = export_menu.clone();
        use_effect_with((), move |_| {
            let doc = web_sys::window().and_then(|w| w.document());
            let close_outside = move |e: web_sys::Event| {
                let Some(menu) = export_menu.cast::<web_sys::Element>() else {
                    return;
                };
                if !menu.has_attribute("open") {
                    return;
                }
                let escape = e
                    .dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape");
                let inside = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .is_some_and(|n| menu.contains(Some(&n)));
                if escape || (e.type_() == "click" && !inside) {
                    let _ = menu.remove_attribute("open");
                }
            };
            let listener: Closure<dyn FnMut(web_sys::Event)> = Closure::new(close_outside);
            for ev in ["click", "keydown"] {
                if let Some(d) = &doc {
                    let _ =
                        d.add_event_listener_with_callback(ev, listener.as_ref().unchecked_ref());
                }
            }
            move || {
                for ev in ["click", "keydown"] {
                    if let Some(d) = &doc {
                        let _ = d.remove_event_listener_with_callback(
                            ev,
                            listener.as_ref().unchecked_ref(),
                        );
                    }
                }
                drop(listener);
            }
        });
    }

    let close_menu = {
        let export_menu = export_menu.clone();
        move || {
            if let Some(m) = export_menu.cast::<web_sys::Element>() {
                let _ = m.remove_attribute("open");
            }
        }
    };

    let export = |kind: ExportKind| {
        let pg = Rc::clone(&pg);
        let dispatch = store.dispatcher();
        let close_menu = close_menu.clone();
        Callback::from(move |_: MouseEvent| {
            close_menu();
            let made = export(&pg.borrow(), kind);
            match made {
                Ok(file) => {
                    if let Some(note) = file.note {
                        tell(&dispatch, NoticeKind::Info, note);
                    }
                    if let Err(e) = browser::download(&file.name, file.mime, &file.bytes) {
                        let name = file.name;
                        tell(
                            &dispatch,
                            NoticeKind::Error,
                            format!("{name} could not be saved: {e}."),
                        );
                    }
                }
                Err(why) => tell(&dispatch, NoticeKind::Error, why),
            }
        })
    };

    html! {
        <details class="menu export-menu" data-testid="export-menu" ref={export_menu}>
            <summary id="export" data-testid="export" class="button-like">{ "Export" }</summary>
            <div class="menu-items">
                <button type="button" data-testid="export-scenario" onclick={export(ExportKind::Scenario)}>
                    { "Scenario file (.json)" }
                </button>
                <button type="button" data-testid="export-trace" onclick={export(ExportKind::Trace)}>
                    { "Trace (JSON Lines)" }
                </button>
                <button type="button" data-testid="export-diagram" onclick={export(ExportKind::Diagram)}>
                    { "Sequence diagram (.svg)" }
                </button>
                <button type="button" data-testid="export-project" onclick={export(ExportKind::Project)}
                    title="The course's nats-test project: one TypeScript file and npm script per panel, and the server's Kubernetes YAML">
                    { "nats-test project (.zip)" }
                </button>
            </div>
        </details>
    }
}
