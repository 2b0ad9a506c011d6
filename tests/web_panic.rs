//! The crash screen, with a real panic: a test-only message (`Msg::TestPanic`, compiled with
//! the `test-hooks` feature only) panics inside the reducer while it holds the playground.
//! Run with `cargo test --target wasm32-unknown-unknown --features test-hooks --test web_panic`.
//!
//! One test: a panic aborts the wasm instance's work in progress (and the panic count stays
//! up), so nothing runs after it but reading the page and the storage.
#![cfg(target_arch = "wasm32")]

use nats_playground::ui::panic::{install, message};
use nats_playground::ui::persist::AUTOSAVE_KEY;
use nats_playground::ui::App;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn storage() -> web_sys::Storage {
    window()
        .local_storage()
        .ok()
        .flatten()
        .expect("localStorage")
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

#[wasm_bindgen_test]
async fn a_real_panic_in_the_reducer_saves_the_last_good_state_and_shows_the_crash_screen() {
    let _ = storage().clear();
    if let Some(s) = window().session_storage().ok().flatten() {
        let _ = s.clear();
    }
    install();
    let doc = window().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let _app = yew::Renderer::<App>::with_root(root.clone()).render();
    sleep(50).await;

    // A little work: two more panels.
    let panels = || root.query_selector_all("#canvas .panel").unwrap().length() as usize;
    let before = panels();
    for _ in 0..2 {
        let button: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
            root.query_selector("#add-publisher")
                .unwrap()
                .expect("the + Publisher button"),
        );
        button.click();
        sleep(20).await;
    }
    assert_eq!(panels(), before + 2);
    // Whatever the autosave wrote is gone: only the panic can write it from here.
    storage().remove_item(AUTOSAVE_KEY).unwrap();
    // A link in the address bar, as if the crash came from opening it.
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some("#s=crashing-link"))
        .unwrap();

    // The panic happens in an event listener: the browser reports it, this test goes on.
    let ev = web_sys::Event::new("nats-playground-test-panic").unwrap();
    let _ = window().dispatch_event(&ev);
    sleep(50).await;

    let crash = doc
        .get_element_by_id("crash-message")
        .expect("the crash screen is shown");
    let text = crash.text_content().unwrap_or_default();
    assert!(text.starts_with(message(true)), "{text}");
    assert!(text.contains("Reload"), "{text}");
    let saved = storage()
        .get_item(AUTOSAVE_KEY)
        .unwrap()
        .expect("the last good state is in storage");
    let saved = nats_playground::playground::Saved::from_json(&saved).expect("it loads again");
    let on_canvas = saved.panels.iter().filter(|p| !p.removed).count();
    assert_eq!(on_canvas, before + 2, "the panels added were saved");
    assert_eq!(
        window().location().hash().unwrap(),
        "",
        "the link left the address bar"
    );
}
