//! The crash screen: what the panic hook does (save first, then a plain message).
//! A real panic aborts the wasm instance, so this drives the hook's body directly.
#![cfg(target_arch = "wasm32")]

use nats_playground::ui::panic::{message, on_panic_save, report_crash};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The text of the newest crash message.
fn crash_text() -> String {
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("#crash-message").ok())
    else {
        return String::new();
    };
    list.item(list.length().saturating_sub(1))
        .and_then(|n| n.text_content())
        .unwrap_or_default()
}

// One test: the saver is process-wide, so two tests would race for it.
#[wasm_bindgen_test]
fn a_crash_saves_the_work_first_then_shows_a_plain_message() {
    let called = Rc::new(Cell::new(false));
    let c = Rc::clone(&called);
    on_panic_save(move || {
        c.set(true);
        true
    });
    report_crash();
    assert!(called.get(), "the work is saved first");
    let text = crash_text();
    assert!(text.starts_with(message(true)), "{text}");
    assert!(text.contains("Reload"));

    on_panic_save(|| false);
    report_crash();

    let text = crash_text();
    assert!(text.starts_with(message(false)), "{text}");
    assert!(text.contains("last autosave"), "{text}");
}
