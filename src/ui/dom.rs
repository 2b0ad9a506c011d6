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

/// Whether Space is the control's own key even so: a checkbox or radio button (Enter does
/// not toggle them). Buttons are not: Space plays and pauses, Enter presses them.
pub fn space_toggles(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| matches!(i.type_().as_str(), "checkbox" | "radio"))
}

/// Calls a method of `target` that may return a promise, ignoring a refusal (fullscreen is
/// a wish: a browser or a frame may say no).
fn call_quietly(target: &JsValue, method: &str) {
    let f = js_sys::Reflect::get(target, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(p) = f.and_then(|f| f.call0(target).ok()) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            // One small closure per fullscreen change, kept for the page's life.
            let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
            let _ = p.catch(&ignore);
            ignore.forget();
        }
    }
}

/// Puts the page in fullscreen (`on`) or takes it out, where the browser allows.
pub fn fullscreen(on: bool) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if on {
        if let Some(el) = doc.document_element() {
            call_quietly(&el, "requestFullscreen");
        }
    } else if doc.fullscreen_element().is_some() {
        call_quietly(&doc, "exitFullscreen");
    }
}

/// Calls `f(width, height)` with `el`'s inner size now and whenever it changes; the returned
/// function stops watching.
pub fn watch_size(el: &Element, f: impl Fn(f64, f64) + 'static) -> impl FnOnce() {
    let target = el.clone();
    let measure = move || {
        f(
            f64::from(target.client_width()),
            f64::from(target.client_height()),
        )
    };
    measure();
    let cb = Closure::<dyn FnMut()>::new(measure);
    let observer = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok();
    if let Some(o) = &observer {
        o.observe(el);
    }
    move || {
        if let Some(o) = observer {
            o.disconnect();
        }
        drop(cb);
    }
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
