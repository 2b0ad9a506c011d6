//! Share, export, import and autosave: the header's Share / Export / Import buttons, and the
//! startup that opens a share link (`#s=...`) or restores the autosave.
//!
//! Everything that comes in (a link, a file, saved state) goes through `Saved::from_json`,
//! which checks and bounds it; a refusal is shown with its reason and the app keeps working.
//! All of it is shown as text: the views never interpret it as HTML.

pub(crate) mod browser;

use super::store::{Msg, Store};
use crate::num::Fixed;
use crate::playground::diagram::sequence_svg;
use crate::playground::project;
use crate::playground::share::{self, COMFORTABLE_LINK_CHARS};
use crate::playground::{NoticeKind, Playground, Saved};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, Storage};
use yew::prelude::*;

/// The autosaved playground (`Saved::to_json`).
pub const AUTOSAVE_KEY: &str = "nats-playground/autosave";
/// Where an autosave that cannot be restored is set aside.
pub const BACKUP_KEY: &str = "nats-playground/autosave-backup";
/// (sessionStorage) A fingerprint of the link this tab opened or shared: reloading the same
/// link restores the autosave (the work done since) instead of the link's older state.
const LINK_KEY: &str = "nats-playground/link";
/// Files larger than this are refused before they are read.
pub const MAX_IMPORT_BYTES: f64 = 2.0 * 1024.0 * 1024.0;
/// Autosave at most this often (wall time), and when the page is hidden or closed.
const AUTOSAVE_EVERY_MS: u32 = 2000;

/// Puts a share link in the address bar and the clipboard, or, when it would be too long,
/// offers the playground as a file instead.
fn offer_link(dispatch: &UseReducerDispatcher<Store>, saved: &Saved, json: String, frag: &str) {
    let url = format!("{}#{frag}", browser::url_without_fragment());
    if url.len() > COMFORTABLE_LINK_CHARS {
        let name = format!("{}.scenario.json", file_stem(&saved.scenario.name));
        let pretty = serde_json::to_string_pretty(&saved.to_value()).unwrap_or(json);
        let text = match browser::download(&name, "application/json", pretty.as_bytes()) {
            Ok(()) => format!(
                "The link would be {} characters long, too long to paste safely into chat or email (over {COMFORTABLE_LINK_CHARS}). The playground was saved as the file {name} instead: send that, and open it with Import.",
                url.len()
            ),
            Err(e) => format!(
                "The link would be {} characters long, too long to share (over {COMFORTABLE_LINK_CHARS}), and the file could not be saved: {e}.",
                url.len()
            ),
        };
        tell(dispatch, NoticeKind::Info, text);
        return;
    }
    browser::replace_fragment(Some(frag));
    if let Some(s) = browser::session_storage() {
        browser::set(&s, LINK_KEY, &fingerprint(frag));
    }
    let dispatch = dispatch.clone();
    browser::copy_text(&url, move |copied| {
        let text = if copied {
            "Link copied. Whoever opens it sees this playground at this moment; it is all in the link, nothing is uploaded."
        } else {
            "The link is in the address bar: copy it from there (this browser did not let the page use the clipboard). It holds the whole playground; nothing is uploaded."
        };
        tell(&dispatch, NoticeKind::Info, text);
    });
}

#[derive(Properties, PartialEq)]
pub struct HeaderActionsProps {
    pub store: UseReducerHandle<Store>,
}

/// A fingerprint of a link (FNV-1a, 64 bits), so the tab remembers which link it opened
/// without storing the link.
fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A file name from a scenario name: letters, digits, `-` and `_` only.
fn file_stem(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "playground".into()
    } else {
        s
    }
}

fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// "2 panels, 8 steps, 600 ms".
fn summary(saved: &Saved) -> String {
    let panels = saved.panels.iter().filter(|p| !p.removed).count();
    let steps = saved.scenario.steps.len();
    format!(
        "{panels} panel{}, {steps} step{}",
        if panels == 1 { "" } else { "s" },
        if steps == 1 { "" } else { "s" }
    )
}

/// What the tab opens with: a share link, else the autosave. Returns the messages to dispatch.
fn startup() -> Vec<Msg> {
    let mut msgs = Vec::new();
    let local = browser::local_storage();
    let session = browser::session_storage();
    let frag = browser::fragment();
    if frag.starts_with("s=") {
        let fp = fingerprint(&frag);
        let reopened = session
            .as_ref()
            .and_then(|s| browser::get(s, LINK_KEY))
            .is_some_and(|seen| seen == fp);
        let has_autosave = local
            .as_ref()
            .and_then(|s| browser::get(s, AUTOSAVE_KEY))
            .is_some();
        if reopened && has_autosave {
            // A reload of the link this tab opened or shared: carry on where the learner was
            // (if that saved state cannot be restored, open the link itself after saying so).
            let restored = restore(local.as_ref());
            let ok = matches!(restored.first(), Some(Msg::Load(_)));
            msgs.extend(restored);
            if ok {
                return msgs;
            }
        }
        match share::decode(&frag) {
            Ok(saved) => {
                let text = format!(
                    "Opened the shared playground “{}” ({}). It is yours to change: nothing goes back to whoever sent the link.",
                    saved.scenario.name,
                    summary(&saved)
                );
                msgs.push(Msg::Load(Rc::new(saved)));
                msgs.push(Msg::Tell(NoticeKind::Info, text));
                if let Some(s) = &session {
                    browser::set(s, LINK_KEY, &fp);
                }
            }
            Err(e) => {
                msgs.extend(restore(local.as_ref()));
                msgs.push(Msg::Tell(
                    NoticeKind::Error,
                    format!(
                        "This share link cannot be opened. {} Ask for the link again, copied whole (it is long). Meanwhile the playground works as usual.",
                        sentence(&e.message)
                    ),
                ));
                browser::replace_fragment(None);
            }
        }
    } else {
        msgs.extend(restore(local.as_ref()));
    }
    msgs
}

/// Restores the autosave. A damaged one (or one from another version) is set aside under
/// [`BACKUP_KEY`] and the learner is told; the playground starts fresh.
fn restore(local: Option<&Storage>) -> Vec<Msg> {
    let Some(storage) = local else {
        return Vec::new();
    };
    let Some(text) = browser::get(storage, AUTOSAVE_KEY) else {
        return Vec::new();
    };
    match Saved::from_json(&text) {
        Ok(saved) => vec![Msg::Load(Rc::new(saved))],
        Err(e) => {
            let kept = browser::set(storage, BACKUP_KEY, &text);
            browser::remove(storage, AUTOSAVE_KEY);
            let aside = if kept {
                format!("It was set aside in this browser's storage (under “{BACKUP_KEY}”).")
            } else {
                "There was no room to keep a copy.".to_string()
            };
            vec![Msg::Tell(
                NoticeKind::Error,
                format!(
                    "Your saved playground could not be restored. {} {aside} You start with a fresh playground.",
                    sentence(&e.message)
                ),
            )]
        }
    }
}

/// Autosaves: writes the playground when it changed since the last write. Says once if the
/// browser will not keep it (no storage, storage full, or a history too long to restore).
struct Autosaver {
    pg: Rc<RefCell<Playground>>,
    dispatch: UseReducerDispatcher<Store>,
    last: RefCell<String>,
    warned: Cell<bool>,
}

impl Autosaver {
    fn warn(&self, text: String) {
        if !self.warned.replace(true) {
            self.dispatch.dispatch(Msg::Tell(NoticeKind::Error, text));
        }
    }

    fn save(&self) {
        // Never while the reducer holds the playground (a save from an event mid-update).
        let Ok(pg) = self.pg.try_borrow() else {
            return;
        };
        let saved = pg.to_saved();
        drop(pg);
        let json = saved.to_json();
        if *self.last.borrow() == json {
            return;
        }
        // Save only what can be loaded again (the limits of `Saved`: history length, texts).
        if let Err(e) = Saved::from_json(&json) {
            *self.last.borrow_mut() = json;
            self.warn(format!(
                "This playground can no longer be saved in the browser: {} A reload would lose it; export the scenario to keep a copy.",
                sentence(&e.message)
            ));
            return;
        }
        let ok = browser::local_storage().is_some_and(|s| browser::set(&s, AUTOSAVE_KEY, &json));
        if ok {
            *self.last.borrow_mut() = json;
        } else {
            self.warn(
                "This browser is not keeping your work (its storage is unavailable or full): a reload will start afresh. Use Share or Export to keep the playground."
                    .into(),
            );
        }
    }
}

fn tell(dispatch: &UseReducerDispatcher<Store>, kind: NoticeKind, text: impl Into<String>) {
    dispatch.dispatch(Msg::Tell(kind, text.into()));
}

/// The header's Share / Export / Import buttons; also opens a share link or the autosave at
/// startup and autosaves.
#[component(HeaderActions)]
pub fn header_actions(props: &HeaderActionsProps) -> Html {
    let store = &props.store;
    let pg = Rc::clone(&store.pg);
    let file_input = use_node_ref();
    let export_menu = use_node_ref();

    // Startup and autosave.
    {
        let pg = Rc::clone(&pg);
        let dispatch = store.dispatcher();
        use_effect_with((), move |_| {
            for msg in startup() {
                dispatch.dispatch(msg);
            }
            {
                // After a panic: write what can be written, without touching the UI.
                let pg = Rc::clone(&pg);
                super::panic::on_panic_save(move || {
                    let Ok(p) = pg.try_borrow() else { return false };
                    let json = p.to_saved().to_json();
                    Saved::from_json(&json).is_ok()
                        && browser::local_storage()
                            .is_some_and(|s| browser::set(&s, AUTOSAVE_KEY, &json))
                });
            }
            let saver = Rc::new(Autosaver {
                pg,
                dispatch,
                last: RefCell::new(String::new()),
                warned: Cell::new(false),
            });
            let interval = {
                let saver = Rc::clone(&saver);
                gloo_timers::callback::Interval::new(AUTOSAVE_EVERY_MS, move || saver.save())
            };
            let on_hide: Closure<dyn FnMut(web_sys::Event)> = {
                let saver = Rc::clone(&saver);
                Closure::new(move |_| saver.save())
            };
            let window = web_sys::window();
            for ev in ["pagehide", "beforeunload"] {
                if let Some(w) = &window {
                    let _ =
                        w.add_event_listener_with_callback(ev, on_hide.as_ref().unchecked_ref());
                }
            }
            move || {
                drop(interval);
                if let Some(w) = &window {
                    for ev in ["pagehide", "beforeunload"] {
                        let _ = w.remove_event_listener_with_callback(
                            ev,
                            on_hide.as_ref().unchecked_ref(),
                        );
                    }
                }
                drop(on_hide);
            }
        });
    }

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

    let on_share = {
        let pg = Rc::clone(&pg);
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let saved = pg.borrow().to_saved();
            let json = saved.to_json();
            if let Err(e) = Saved::from_json(&json) {
                tell(
                    &dispatch,
                    NoticeKind::Error,
                    format!(
                        "This playground cannot be shared: {} Export the scenario instead.",
                        sentence(&e.message)
                    ),
                );
                return;
            }
            // The browser deflates (no encoder in the wasm); a browser without
            // CompressionStream gets a longer link of stored blocks.
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                let deflated = match browser::deflate_raw(json.as_bytes()).await {
                    Ok(d) => d,
                    Err(_) => share::stored(json.as_bytes()),
                };
                offer_link(&dispatch, &saved, json, &share::fragment(&deflated));
            });
        })
    };

    let export = |what: &'static str| {
        let pg = Rc::clone(&pg);
        let dispatch = store.dispatcher();
        let close_menu = close_menu.clone();
        Callback::from(move |_: MouseEvent| {
            close_menu();
            let pg = pg.borrow();
            let stem = file_stem(&pg.scenario.name);
            let (name, mime, text) = match what {
                "scenario" => (
                    format!("{stem}.scenario.json"),
                    "application/json",
                    serde_json::to_string_pretty(&pg.to_saved().to_value()).unwrap_or_default()
                        + "\n",
                ),
                "trace" => {
                    let mut out = String::new();
                    for e in pg.sim().trace() {
                        out.push_str(&e.to_line());
                        out.push('\n');
                    }
                    (format!("{stem}.trace.jsonl"), "application/jsonl", out)
                }
                "project" => {
                    let zip = project::zip(pg.server(), &pg.panels);
                    drop(pg);
                    if let Err(e) =
                        zip.and_then(|z| browser::download("nats-test.zip", "application/zip", &z))
                    {
                        tell(&dispatch, NoticeKind::Error, format!("nats-test.zip: {e}."));
                    }
                    return;
                }
                _ => {
                    let names: Vec<(String, String)> = pg
                        .panels
                        .iter()
                        .map(|p| (p.client_id.clone(), p.name.clone()))
                        .collect();
                    (
                        format!("{stem}.sequence.svg"),
                        "image/svg+xml",
                        sequence_svg(pg.sim().trace(), &pg.scenario.name, &names),
                    )
                }
            };
            drop(pg);
            if let Err(e) = browser::download(&name, mime, text.as_bytes()) {
                tell(
                    &dispatch,
                    NoticeKind::Error,
                    format!("{name} could not be saved: {e}."),
                );
            }
        })
    };

    let on_import_click = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = file_input.cast::<HtmlElement>() {
                input.click();
            }
        })
    };

    let on_file = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|l| l.get(0));
            // Let the same file be chosen again later.
            input.set_value("");
            let Some(file) = file else {
                return;
            };
            let name = file.name();
            let size = file.size();
            if size > MAX_IMPORT_BYTES {
                tell(
                    &dispatch,
                    NoticeKind::Error,
                    format!(
                        "“{name}” is too large to import ({} MB; at most {} MB). Scenario files are small: is it the right file?",
                        Fixed(size / 1_048_576.0, 1),
                        Fixed(MAX_IMPORT_BYTES / 1_048_576.0, 0)
                    ),
                );
                return;
            }
            let (d_ok, d_err) = (dispatch.clone(), dispatch.clone());
            let (n_ok, n_err) = (name.clone(), name);
            browser::read_text(
                &file,
                move |text| match Saved::from_json(&text) {
                    Ok(saved) => {
                        let end = saved.scenario.end_ms;
                        let at_start = saved.settings.now == 0;
                        let msg = format!(
                            "Opened “{n_ok}” ({}).{}",
                            summary(&saved),
                            if at_start && end > 0 {
                                format!(" Press play to watch it; it runs to {end} ms.")
                            } else {
                                String::new()
                            }
                        );
                        browser::replace_fragment(None);
                        d_ok.dispatch(Msg::Load(Rc::new(saved)));
                        tell(&d_ok, NoticeKind::Info, msg);
                    }
                    Err(e) => tell(
                        &d_ok,
                        NoticeKind::Error,
                        format!(
                            "“{n_ok}” cannot be opened: {} The playground is unchanged.",
                            sentence(&e.message)
                        ),
                    ),
                },
                move |why| {
                    tell(
                        &d_err,
                        NoticeKind::Error,
                        format!("“{n_err}” could not be read: {why}."),
                    )
                },
            );
        })
    };

    html! {
        <div id="header-actions" class="header-actions" role="group" aria-label="Share, export and import">
            <button id="share" data-testid="share" type="button" onclick={on_share}
                title="Copy a link that opens this playground, at this moment">
                { "Share" }
            </button>
            <details class="menu export-menu" data-testid="export-menu" ref={export_menu}>
                <summary id="export" data-testid="export" class="button-like">{ "Export" }</summary>
                <div class="menu-items">
                    <button type="button" data-testid="export-scenario" onclick={export("scenario")}>
                        { "Scenario file (.json)" }
                    </button>
                    <button type="button" data-testid="export-trace" onclick={export("trace")}>
                        { "Trace (JSON Lines)" }
                    </button>
                    <button type="button" data-testid="export-diagram" onclick={export("diagram")}>
                        { "Sequence diagram (.svg)" }
                    </button>
                    <button type="button" data-testid="export-project" onclick={export("project")}
                        title="The course's nats-test project: one TypeScript file and npm script per panel, and the server's Kubernetes YAML">
                        { "nats-test project (.zip)" }
                    </button>
                </div>
            </details>
            <button id="import" data-testid="import" type="button" onclick={on_import_click}
                title="Open a scenario file (.json): a saved playground or a plain scenario">
                { "Import" }
            </button>
            <input
                ref={file_input}
                id="import-file"
                data-testid="import-file"
                type="file"
                accept=".json,application/json"
                hidden=true
                aria-label="Scenario file to import"
                onchange={on_file}
            />
        </div>
    }
}
