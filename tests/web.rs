//! Browser tests for the Yew app, run in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web`
//! (runner: wasm-bindgen-test-runner, set in `.cargo/config.toml`; browser options
//! in `webdriver.json`).
//!
//! Each test mounts its own `App` into a fresh `<div>` (see [`mount`]) and queries
//! inside that root only, so tests do not see each other's DOM.
#![cfg(target_arch = "wasm32")]

use nats_playground::ui::App;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The app's real stylesheet, so layout (canvas size, panel size) is as in the app.
const APP_CSS: &str = include_str!("../static/style.css");

/// A mounted app; the app is destroyed when this is dropped.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

impl Mounted {
    fn el(&self, selector: &str) -> HtmlElement {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .map(|l| l.length())
            .unwrap_or(0)
    }

    fn text(&self, selector: &str) -> String {
        self.el(selector).text_content().unwrap_or_default()
    }

    /// A panel's position as rendered (`data-x`, `data-y`).
    fn panel_pos(&self, id: u32) -> (f64, f64) {
        let panel = self.el(&format!("[data-testid=panel-{id}]"));
        let num = |attr: &str| -> f64 {
            panel
                .get_attribute(attr)
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        (num("data-x"), num("data-y"))
    }
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Mounts a fresh `App` (with the app's CSS) and waits until it has rendered.
async fn mount() -> Mounted {
    let doc = document();
    if doc.get_element_by_id("app-css").is_none() {
        let style = doc.create_element("style").expect("style");
        style.set_id("app-css");
        style.set_text_content(Some(APP_CSS));
        doc.head()
            .expect("head")
            .append_child(&style)
            .expect("append style");
    }
    let root = doc.create_element("div").expect("div");
    doc.body()
        .expect("body")
        .append_child(&root)
        .expect("append root");
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

/// Dispatches a synthetic `PointerEvent` (bubbling, primary, left button).
fn pointer(el: &Element, kind: &str, x: f64, y: f64) {
    let f = js_sys::Function::new_with_args(
        "el, kind, x, y",
        "return el.dispatchEvent(new PointerEvent(kind, {clientX: x, clientY: y, \
         pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons: 1, \
         bubbles: true, cancelable: true}));",
    );
    let args = js_sys::Array::of4(el, &JsValue::from_str(kind), &x.into(), &y.into());
    f.apply(&JsValue::NULL, &args)
        .expect("dispatch pointer event");
}

/// Dispatches a synthetic `keydown` (bubbling).
fn key(el: &Element, key: &str, shift: bool) {
    let f = js_sys::Function::new_with_args(
        "el, key, shift",
        "return el.dispatchEvent(new KeyboardEvent('keydown', \
         {key: key, shiftKey: shift, bubbles: true, cancelable: true}));",
    );
    let args = js_sys::Array::of3(el, &JsValue::from_str(key), &shift.into());
    f.apply(&JsValue::NULL, &args).expect("dispatch key event");
}

#[wasm_bindgen_test]
async fn renders_header_canvas_and_one_panel() {
    let app = mount().await;
    assert_eq!(app.text("#app-title"), "NATS Streaming Playground");
    assert_eq!(app.count("#canvas"), 1);
    assert_eq!(app.count("[data-testid=canvas] .panel"), 1);
    assert_eq!(
        app.text("[data-testid=panel-1] .panel-title"),
        "Publisher 1"
    );
    assert_eq!(app.text("#panel-count"), "1 panel");
    assert_eq!(app.el("[data-testid=panel-1]").tab_index(), 0);
}

#[wasm_bindgen_test]
async fn add_publisher_button_adds_a_panel_in_free_space() {
    let app = mount().await;
    app.el("#add-publisher").click();
    yew::scheduler::flush().await;
    assert_eq!(app.count(".panel"), 2);
    assert_eq!(app.text("#panel-count"), "2 panels");
    assert_eq!(
        app.text("[data-testid=panel-2] .panel-title"),
        "Publisher 2"
    );
    assert_ne!(app.panel_pos(1), app.panel_pos(2));
}

#[wasm_bindgen_test]
async fn pointer_drag_moves_the_panel_by_the_pointer_delta() {
    let app = mount().await;
    let (x0, y0) = app.panel_pos(1);
    let handle = app.el("[data-testid=panel-1-handle]");
    pointer(&handle, "pointerdown", 100.0, 100.0);
    pointer(&handle, "pointermove", 130.0, 110.0);
    yew::scheduler::flush().await;
    pointer(&handle, "pointermove", 160.0, 140.0);
    pointer(&handle, "pointerup", 160.0, 140.0);
    yew::scheduler::flush().await;
    assert_eq!(app.panel_pos(1), (x0 + 60.0, y0 + 40.0));

    // after pointerup, moving the pointer does nothing
    pointer(&handle, "pointermove", 300.0, 300.0);
    yew::scheduler::flush().await;
    assert_eq!(app.panel_pos(1), (x0 + 60.0, y0 + 40.0));
}

#[wasm_bindgen_test]
async fn drag_stays_inside_the_canvas() {
    let app = mount().await;
    let handle = app.el("[data-testid=panel-1-handle]");
    pointer(&handle, "pointerdown", 100.0, 100.0);
    pointer(&handle, "pointermove", -5000.0, -5000.0);
    pointer(&handle, "pointerup", -5000.0, -5000.0);
    yew::scheduler::flush().await;
    assert_eq!(app.panel_pos(1), (0.0, 0.0));
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_focused_panel() {
    let app = mount().await;
    let (x0, y0) = app.panel_pos(1);
    let panel = app.el("[data-testid=panel-1]");
    panel.focus().expect("focus");
    key(&panel, "ArrowRight", false);
    yew::scheduler::flush().await;
    assert_eq!(app.panel_pos(1), (x0 + 10.0, y0));
    key(&panel, "ArrowDown", true);
    yew::scheduler::flush().await;
    assert_eq!(app.panel_pos(1), (x0 + 10.0, y0 + 50.0));
    key(&panel, "ArrowLeft", true);
    key(&panel, "ArrowUp", false);
    yew::scheduler::flush().await;
    // x: 24 + 10 - 50 would be negative: clamped to the canvas edge
    assert_eq!(app.panel_pos(1), ((x0 - 40.0).max(0.0), y0 + 40.0));
    key(&panel, "Enter", false);
    yew::scheduler::flush().await;
    assert_eq!(app.panel_pos(1), ((x0 - 40.0).max(0.0), y0 + 40.0));
}
