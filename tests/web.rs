//! Browser tests for the Yew app, run in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web`
//! (runner: wasm-bindgen-test-runner, set in `.cargo/config.toml`; browser options
//! in `webdriver.json`).
//!
//! Each test mounts its own `App` into a fresh `<div>` (see [`mount`]) and queries
//! inside that root only, so tests do not see each other's DOM. Tests that run the
//! simulation pause the clock first and then press "Step", so they do not depend on
//! the speed of the machine.
#![cfg(target_arch = "wasm32")]

use nats_playground::ui::App;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

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
    fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    }

    fn el(&self, selector: &str) -> HtmlElement {
        self.find(selector)
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

    fn tid(&self, id: &str) -> HtmlElement {
        self.el(&format!("[data-testid='{id}']"))
    }

    fn tid_text(&self, id: &str) -> String {
        self.tid(id).text_content().unwrap_or_default()
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

    async fn click(&self, testid: &str) {
        self.tid(testid).click();
        yew::scheduler::flush().await;
    }

    /// Types into a text field, textarea or number field (an `input` event).
    async fn type_into(&self, testid: &str, value: &str) {
        let el = self.tid(testid);
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            i.set_value(value);
        } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
            t.set_value(value);
        }
        event(&el, "input");
        yew::scheduler::flush().await;
    }

    async fn choose(&self, testid: &str, value: &str) {
        let el = self.tid(testid);
        if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
            s.set_value(value);
        }
        event(&el, "change");
        yew::scheduler::flush().await;
    }

    /// Pauses the virtual clock (the app starts playing).
    async fn pause(&self) {
        if self.tid("play").get_attribute("aria-pressed").as_deref() == Some("true") {
            self.click("play").await;
        }
        assert_eq!(
            self.tid("play").get_attribute("aria-pressed").as_deref(),
            Some("false")
        );
    }

    /// Presses "Step" until `done` holds (at most `max` times).
    async fn step_until(&self, what: &str, max: usize, done: impl Fn(&Mounted) -> bool) {
        for _ in 0..max {
            if done(self) {
                return;
            }
            self.click("step").await;
        }
        assert!(done(self), "after {max} steps: {what}");
    }

    fn enabled(&self, testid: &str) -> bool {
        !self.tid(testid).has_attribute("disabled")
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
    let app = Mounted {
        root,
        handle: Some(handle),
    };
    // Once the canvas is measured, a window this size (1280 px) folds the inspector of a
    // fresh tab; these tests use it open.
    sleep(100).await;
    assert!(app.find("[data-testid=inspector-fold]").is_some());
    if app
        .find("[data-testid=inspector-fold][aria-expanded=false]")
        .is_some()
    {
        app.click("inspector-fold").await;
    }
    app
}

/// Dispatches a bubbling event of `kind` (e.g. `input`, `change`).
fn event(el: &Element, kind: &str) {
    let f = js_sys::Function::new_with_args(
        "el, kind",
        "return el.dispatchEvent(new Event(kind, {bubbles: true}));",
    );
    f.call2(&JsValue::NULL, el, &JsValue::from_str(kind))
        .expect("dispatch event");
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

/// Connects panel `id` and waits (stepping) until it is connected.
async fn connect(app: &Mounted, id: u32) {
    app.click(&format!("panel-{id}-connect")).await;
    let status = format!("panel-{id}-status");
    app.step_until("connected", 20, |a| a.tid_text(&status) == "connected")
        .await;
}

/// Subscribes listener `id` and waits until the subscription is ready.
async fn subscribe(app: &Mounted, id: u32) {
    app.click(&format!("panel-{id}-subscribe")).await;
    let sub = format!("panel-{id}-sub");
    app.step_until("subscribed", 20, |a| {
        a.tid_text(&sub).starts_with("subscribed")
    })
    .await;
}

fn console(app: &Mounted, id: u32) -> String {
    app.tid_text(&format!("panel-{id}-console"))
}

#[wasm_bindgen_test]
async fn renders_header_canvas_server_inspector_and_a_starter_publisher() {
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
    assert!(app.tid_text("server").contains("cluster id ticketing"));
    assert!(app.tid_text("server").contains("No channels yet"));
    assert_eq!(app.count("[role=tab]"), 4);
    assert!(app.tid_text("clock").contains("00:00"));
    // the starter publisher is selected: its form is in the inspector
    assert_eq!(
        app.tid("form-subject")
            .dyn_into::<HtmlInputElement>()
            .map(|i| i.value())
            .as_deref()
            .unwrap_or(""),
        "ticket:created"
    );
    assert_eq!(app.tid_text("panel-1-status"), "not connected");
}

#[wasm_bindgen_test]
async fn add_listener_shows_its_panel_and_its_form() {
    let app = mount().await;
    app.click("add-listener").await;
    assert_eq!(app.count(".panel"), 2);
    assert_eq!(app.text("#panel-count"), "2 panels");
    assert_eq!(app.count("[data-testid=panel-2].listener"), 1);
    assert_eq!(app.text("[data-testid=panel-2] .panel-title"), "Listener 2");
    assert_ne!(app.panel_pos(1), app.panel_pos(2));
    // its form: the builder's options, by their names
    for id in [
        "form-queue",
        "form-manual-ack",
        "form-ack-wait",
        "form-max-in-flight",
        "form-start",
        "form-durable",
        "form-handler",
        "form-fail",
    ] {
        assert!(app.find(&format!("[data-testid={id}]")).is_some(), "{id}");
    }
    assert!(app
        .tid_text("panel-form")
        .contains("setManualAckMode(true)"));
    // the handler only matters in manual-ack mode
    assert!(app.tid("form-handler").has_attribute("disabled"));
    app.click("form-manual-ack").await;
    assert!(!app.tid("form-handler").has_attribute("disabled"));
    assert!(app.tid_text("panel-2").contains("manual ack"));
    // the panel's buttons wait for a connection
    assert!(app.enabled("panel-2-connect"));
    for b in ["close", "kill", "subscribe", "unsubscribe", "close-sub"] {
        assert!(!app.enabled(&format!("panel-2-{b}")), "{b}");
    }
}

#[wasm_bindgen_test]
async fn pointer_drag_moves_the_panel_by_the_pointer_delta() {
    let app = mount().await;
    app.click("zoom-reset").await; // at 100% (else the canvas fits itself)
    let (x0, y0) = app.panel_pos(1);
    let handle = app.el("[data-testid=panel-1-handle] .panel-title");
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
async fn drag_stays_on_the_canvas() {
    let app = mount().await;
    let handle = app.el("[data-testid=panel-1-handle] .panel-title");
    pointer(&handle, "pointerdown", 100.0, 100.0);
    pointer(&handle, "pointermove", -5000.0, -5000.0);
    pointer(&handle, "pointerup", -5000.0, -5000.0);
    yew::scheduler::flush().await;
    assert_eq!(app.panel_pos(1), (0.0, 0.0));
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_focused_panel_and_enter_opens_it() {
    let app = mount().await;
    app.click("add-listener").await;
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
    // x: 20 + 10 - 50 would be negative: clamped to the canvas edge
    assert_eq!(app.panel_pos(1), ((x0 - 40.0).max(0.0), y0 + 40.0));
    // the arrows moved the panel, not the time
    assert!(app.tid_text("clock").contains("00:00"));
    // Enter opens the (publisher) panel in the inspector
    assert!(
        app.find("[data-testid=form-queue]").is_some(),
        "listener 2 was selected"
    );
    key(&panel, "Enter", false);
    yew::scheduler::flush().await;
    assert!(app.find("[data-testid=form-queue]").is_none());
    assert!(app.find("[data-testid=form-data]").is_some());
    assert_eq!(app.count("[data-testid=panel-1].selected"), 1);
}

#[wasm_bindgen_test]
async fn publish_reaches_a_listener_through_the_ui() {
    let app = mount().await;
    app.pause().await;
    app.click("add-listener").await;
    connect(&app, 1).await;
    connect(&app, 2).await;
    subscribe(&app, 2).await;
    app.click("panel-1-publish").await;
    app.step_until("delivered", 20, |a| {
        console(a, 2).contains("Received event #1")
    })
    .await;
    assert!(console(&app, 1).contains("Event published"));
    assert!(
        console(&app, 2).contains("Received event #1, with data: {\"id\":\"123\""),
        "{}",
        console(&app, 2)
    );
    // the server draws the channel with its message cell and the subscription
    assert_eq!(
        app.count("[data-testid='channel-ticket:created'] .cell[data-seq='1']"),
        1
    );
    assert!(app.tid_text("server").contains("Listener 2"));
    // the live region says it in words
    assert_eq!(app.tid_text("narration"), "Listener 2 received event #1");
    // the timeline has a publish mark
    assert!(app.count(".mark-p") >= 1);
}

#[wasm_bindgen_test]
async fn invalid_json_is_an_error_and_nothing_is_sent() {
    let app = mount().await;
    app.pause().await;
    connect(&app, 1).await;
    app.type_into("form-data", "{oops").await;
    assert!(app.tid_text("form-data-check").contains("not valid JSON"));
    app.click("panel-1-publish").await;
    let notice = app.tid("notice");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert!(app.tid_text("notice").contains("nothing was sent"));
    for _ in 0..5 {
        app.click("step").await;
    }
    assert!(!console(&app, 1).contains("Event published"));
    app.click("notice-dismiss").await;
    assert!(app.find("[data-testid=notice]").is_none());
}

#[wasm_bindgen_test]
async fn manual_ack_by_button() {
    let app = mount().await;
    app.pause().await;
    app.click("add-listener").await;
    app.click("form-manual-ack").await;
    app.choose("form-handler", "button").await;
    assert!(app.tid_text("panel-2").contains("ack by button"));
    connect(&app, 1).await;
    connect(&app, 2).await;
    subscribe(&app, 2).await;
    app.click("panel-1-publish").await;
    app.step_until("an ack button", 20, |a| {
        a.find("[data-testid=panel-2-ack-1]").is_some()
    })
    .await;
    // unacked: a pending cell with its AckWait countdown on the server
    assert_eq!(app.count("[data-testid=server] .pcell[data-seq='1']"), 1);
    app.click("panel-2-ack-1").await;
    assert!(app.find("[data-testid=panel-2-ack-1]").is_none());
    app.step_until("acked", 20, |a| a.count("[data-testid=server] .pcell") == 0)
        .await;
    assert!(console(&app, 2).contains("Acked #1"));
}

#[wasm_bindgen_test]
async fn keyboard_shortcuts_drive_time() {
    let app = mount().await;
    let body = document().body().expect("body");
    let playing = |a: &Mounted| a.tid("play").get_attribute("aria-pressed");
    assert_eq!(playing(&app).as_deref(), Some("true"));
    key(&body, " ", false);
    yew::scheduler::flush().await;
    assert_eq!(playing(&app).as_deref(), Some("false"));
    key(&body, "]", false);
    yew::scheduler::flush().await;
    assert_eq!(app.tid_text("speed-label"), "2×");
    key(&body, "[", false);
    key(&body, "[", false);
    yew::scheduler::flush().await;
    assert_eq!(app.tid_text("speed-label"), "0.5×");
    // `.` steps: nothing is scheduled yet, and the notice says so
    key(&body, ".", false);
    yew::scheduler::flush().await;
    assert!(app.tid_text("notice").contains("Nothing is scheduled"));
    // typing in a field is not a shortcut
    let field = app.tid("form-subject");
    key(&field, "]", false);
    yew::scheduler::flush().await;
    assert_eq!(app.tid_text("speed-label"), "0.5×");
    // `?` shows the list of shortcuts
    key(&body, "?", true);
    yew::scheduler::flush().await;
    assert!(app.tid_text("help").contains("play / pause"));
    key(&body, "Escape", false);
    yew::scheduler::flush().await;
    assert!(app.find("[data-testid=help]").is_none());
}

#[wasm_bindgen_test]
async fn code_monitoring_and_server_tabs() {
    let app = mount().await;
    app.pause().await;
    connect(&app, 1).await;
    app.click("tab-code").await;
    let code = app.tid_text("code");
    assert!(code.contains("node-nats-streaming"), "{code}");
    assert!(code.contains("nats.connect('ticketing'"), "{code}");
    assert!(code.contains("stan.publish('ticket:created'"), "{code}");

    app.click("tab-monitoring").await;
    // it opens on the course's endpoint, /streaming/channelsz?subs=1
    let path = js_sys::Reflect::get(&app.tid("monitor-path"), &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string());
    assert_eq!(path.as_deref(), Some("3"));
    assert!(app.tid_text("monitor-json").contains("\"limit\""));
    app.choose("monitor-path", "2").await;
    let json = app.tid_text("monitor-json");
    assert!(json.contains("\"clients\""), "{json}");
    assert!(app.tid_text("monitor-clients").contains("♥ ok"));
    app.choose("monitor-path", "0").await;
    assert!(app
        .tid_text("monitor-json")
        .contains("\"cluster_id\": \"ticketing\""));
    // Answers that are not JSON show their status and body as sent.
    app.choose("monitor-path", "5").await;
    assert_eq!(
        app.tid_text("monitor-json"),
        "HTTP 404 Not Found\n\n404 page not found\n"
    );
    app.choose("monitor-path", "4").await;
    let index = app.tid_text("monitor-json");
    assert!(index.starts_with("HTTP 200 OK\n\n<html"), "{index}");

    app.click("tab-server").await;
    assert!(app.tid_text("server-cmd").contains("-cid ticketing"));
    assert!(app
        .tid_text("server-yaml")
        .contains("nats-streaming:0.17.0"));
    assert!(!app.enabled("server-apply"));
    app.type_into("server-hbf", "3").await;
    assert!(app.enabled("server-apply"));
    app.click("server-apply").await;
    assert!(app.tid_text("server-cmd").contains("-hbf 3"));
}

#[wasm_bindgen_test]
async fn move_buttons_are_the_alternative_to_dragging() {
    let app = mount().await;
    let (x0, y0) = app.panel_pos(1);
    app.click("move-right").await;
    app.click("move-down").await;
    assert_eq!(app.panel_pos(1), (x0 + 50.0, y0 + 50.0));
    app.click("move-left").await;
    app.click("move-up").await;
    assert_eq!(app.panel_pos(1), (x0, y0));
    app.type_into("form-name", "Tickets").await;
    assert_eq!(app.text("[data-testid=panel-1] .panel-title"), "Tickets");
    app.click("form-remove").await;
    assert_eq!(app.count(".panel"), 0);
    assert_eq!(app.text("#panel-count"), "0 panels");
}

/// Resolves after `ms` of wall-clock time (animation frames keep running meanwhile).
async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn frames_that_change_nothing_do_not_render_the_panels() {
    let app = mount().await;
    app.click("add-listener").await;
    let renders = |a: &Mounted, sel: &str| -> u32 {
        a.el(sel)
            .get_attribute("data-renders")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let ms = |a: &Mounted| -> u64 {
        a.tid("clock")
            .get_attribute("data-ms")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    sleep(100).await;
    let (p1, p2, server, t0) = (
        renders(&app, "[data-testid=panel-1]"),
        renders(&app, "[data-testid=panel-2]"),
        renders(&app, "[data-testid=server]"),
        ms(&app),
    );
    sleep(400).await;
    assert!(ms(&app) > t0, "the clock runs ({t0} → {})", ms(&app));
    assert_eq!(renders(&app, "[data-testid=panel-1]"), p1);
    assert_eq!(renders(&app, "[data-testid=panel-2]"), p2);
    assert_eq!(renders(&app, "[data-testid=server]"), server);
    // a change to one panel renders that panel only
    app.type_into("form-name", "Orders").await;
    assert_eq!(renders(&app, "[data-testid=panel-1]"), p1);
    assert!(renders(&app, "[data-testid=panel-2]") > p2);
}
