//! The last line of defence: if anything panics, save the work and show a plain message
//! instead of a dead page.

use std::cell::RefCell;
use wasm_bindgen::JsCast;

type Saver = Box<dyn Fn() -> bool>;

thread_local! {
    static SAVER: RefCell<Option<Saver>> = const { RefCell::new(None) };
}

/// What to run to save the work when a panic happens (returns whether it saved).
pub fn on_panic_save(save: impl Fn() -> bool + 'static) {
    SAVER.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = Some(Box::new(save));
        }
    });
}

/// The message shown after a panic.
pub fn message(saved: bool) -> &'static str {
    if saved {
        "Something went wrong; your work is saved. Reload the page to carry on where you were."
    } else {
        "Something went wrong. Your work up to the last autosave (at most a few seconds ago) is kept: reload the page to carry on."
    }
}

fn show(text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("crash-message");
    let _ = div.set_attribute("role", "alert");
    let _ = div.set_attribute(
        "style",
        "position:fixed;inset:0;display:flex;align-items:center;justify-content:center;\
         padding:2rem;background:rgba(0,0,0,.6);color:#fff;font:1.2rem/1.5 system-ui,sans-serif;\
         text-align:center;z-index:100000",
    );
    div.set_text_content(Some(text));
    if let Ok(button) = doc.create_element("button") {
        button.set_text_content(Some("Reload"));
        let _ = button.set_attribute("onclick", "location.reload()");
        let _ = button.set_attribute("style", "margin-left:1rem;font:inherit;padding:.3rem 1rem");
        let _ = div.append_child(&button);
    }
    let _ = body.append_child(&div);
    if let Some(el) = div.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Saves what can be saved and covers the page with the message (what the hook does).
pub fn report_crash() {
    let saved = SAVER.with(|s| {
        s.try_borrow()
            .ok()
            .and_then(|f| f.as_ref().map(|f| f()))
            .unwrap_or(false)
    });
    show(message(saved));
}

/// Installs the panic hook (once, at startup).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("{info}").into());
        report_crash();
    }));
}
