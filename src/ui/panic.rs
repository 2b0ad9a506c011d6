//! The last line of defence: if anything panics, save the work and show a plain message
//! instead of a dead page.
//!
//! The hook is installed with `yew::set_custom_panic_hook` (yew's renderer replaces any
//! hook set otherwise). A panic inside the reducer finds the playground borrowed, so the
//! store also hands a copy of the last good state here after every change it made
//! ([`keep_last_good`]), outside any borrow; the saver falls back on it. Before the
//! message is shown the link's fragment is removed, so a reload opens the saved work
//! instead of replaying the link that may have caused the crash.

use crate::playground::Saved;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;

/// Writes a state; returns whether it saved.
type Saver = Box<dyn Fn(&Saved) -> bool>;
/// Reads the playground now, if it is not borrowed.
type Reader = Box<dyn Fn() -> Option<Saved>>;

thread_local! {
    static SAVER: RefCell<Option<(Reader, Saver)>> = const { RefCell::new(None) };
    static LAST_GOOD: RefCell<Option<Saved>> = const { RefCell::new(None) };
    static FRAMES: Cell<u32> = const { Cell::new(0) };
}

/// How to read and save the work when a panic happens.
pub fn on_panic_save(
    read: impl Fn() -> Option<Saved> + 'static,
    save: impl Fn(&Saved) -> bool + 'static,
) {
    SAVER.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = Some((Box::new(read), Box::new(save)));
        }
    });
}

/// Keeps a copy of a state the reducer finished with (what a panic saves if the playground
/// is borrowed at that moment).
pub fn keep_last_good(saved: Saved) {
    LAST_GOOD.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            *l = Some(saved);
        }
    });
}

/// Whether this animation frame should refresh the last good state (one frame in 30:
/// a copy of the history at every frame would cost more than the frame).
pub fn frame_due() -> bool {
    FRAMES.with(|f| {
        let n = f.get().wrapping_add(1);
        f.set(n);
        n % 30 == 1
    })
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

/// Saves what can be saved: the playground as it is if it can be read, else the last good
/// state the store kept.
fn save_work() -> bool {
    SAVER.with(|s| {
        let Ok(s) = s.try_borrow() else { return false };
        let Some((read, save)) = s.as_ref() else {
            return false;
        };
        if let Some(now) = read() {
            return save(&now);
        }
        LAST_GOOD.with(|l| l.try_borrow().is_ok_and(|l| l.as_ref().is_some_and(save)))
    })
}

/// Saves the work, removes the link from the address bar, and covers the page with the
/// message (what the hook does).
pub fn report_crash() {
    let saved = save_work();
    super::persist::browser::replace_fragment(None);
    show(message(saved));
}

/// Installs the panic hook (once, at startup, before the app is rendered).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("{info}").into());
        report_crash();
    }));
}
