//! Browser glue that the components share: animation frames, the clipboard, media
//! queries, keyboard targets. Every call that can fail is handled (no panics).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::Callback;

use super::format;

type FrameClosure = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Calls `on_frame(wall ms since the previous frame)` on every animation frame until the
/// returned guard's `stop()` is called.
pub struct Frames {
    alive: Rc<Cell<bool>>,
    handle: Rc<Cell<Option<i32>>>,
    closure: FrameClosure,
}

impl Frames {
    pub fn start(mut on_frame: impl FnMut(f64) + 'static) -> Frames {
        let alive = Rc::new(Cell::new(true));
        let handle = Rc::new(Cell::new(None));
        let closure: FrameClosure = Rc::new(RefCell::new(None));
        let last = Cell::new(None::<f64>);
        let (a, h, c) = (alive.clone(), handle.clone(), closure.clone());
        let cb = Closure::<dyn FnMut(f64)>::new(move |ts: f64| {
            if !a.get() {
                return;
            }
            let dt = last.replace(Some(ts)).map_or(0.0, |l| ts - l);
            if dt > 0.0 && dt.is_finite() {
                on_frame(dt);
            }
            if a.get() {
                h.set(request(&c));
            }
        });
        *closure.borrow_mut() = Some(cb);
        handle.set(request(&closure));
        Frames {
            alive,
            handle,
            closure,
        }
    }

    pub fn stop(&self) {
        self.alive.set(false);
        if let (Some(w), Some(h)) = (web_sys::window(), self.handle.take()) {
            let _ = w.cancel_animation_frame(h);
        }
        // Breaks the closure's reference to itself; it is not running now.
        if let Ok(mut c) = self.closure.try_borrow_mut() {
            c.take();
        }
    }
}

fn request(closure: &FrameClosure) -> Option<i32> {
    let w = web_sys::window()?;
    let c = closure.try_borrow().ok()?;
    let f = c.as_ref()?;
    w.request_animation_frame(f.as_ref().unchecked_ref()).ok()
}

/// Adds a `keydown` listener to the document; the returned function removes it.
pub fn on_document_keydown(handler: impl FnMut(web_sys::KeyboardEvent) + 'static) -> impl FnOnce() {
    let cb = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(handler);
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(d) = &doc {
        let _ = d.add_event_listener_with_callback("keydown", cb.as_ref().unchecked_ref());
    }
    move || {
        if let Some(d) = doc {
            let _ = d.remove_event_listener_with_callback("keydown", cb.as_ref().unchecked_ref());
        }
        drop(cb);
    }
}

/// Whether the learner asked the system for less motion.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Whether a key event's target is a field the learner types into.
pub fn is_typing(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    let input_type = el
        .dyn_ref::<HtmlInputElement>()
        .map(|i| i.type_())
        .unwrap_or_default();
    let editable = el
        .dyn_ref::<HtmlElement>()
        .is_some_and(|h| h.is_content_editable());
    format::is_typing_target(&el.tag_name(), &input_type, editable)
}

/// Whether the target is a control that Space activates (a button, a link, a checkbox).
pub fn space_activates(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().to_ascii_lowercase().as_str(),
                "button" | "a" | "summary" | "input"
            ) || el.get_attribute("role").as_deref() == Some("tab")
        })
}

/// Copies `text` to the clipboard; `done(true)` once written, `done(false)` if refused or
/// unavailable (an insecure page, no permission).
pub fn copy_text(text: &str, done: Callback<bool>) {
    let nav = web_sys::window().map(|w| w.navigator());
    let available = nav
        .as_ref()
        .and_then(|n| js_sys::Reflect::get(n, &JsValue::from_str("clipboard")).ok())
        .is_some_and(|c| !c.is_undefined() && !c.is_null());
    let Some(nav) = nav.filter(|_| available) else {
        done.emit(false);
        return;
    };
    let promise = nav.clipboard().write_text(text);
    let ok = done.clone();
    let resolve = Closure::once_into_js(move |_: JsValue| ok.emit(true));
    let reject = Closure::once_into_js(move |_: JsValue| done.emit(false));
    // `then(resolve, reject)` through Reflect: each closure frees itself when called.
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(then) = then {
        let _ = then.call2(&promise, &resolve, &reject);
    }
}
