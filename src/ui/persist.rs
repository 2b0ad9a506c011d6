//! Share, export, import and autosave: the header's Share / Export / Import buttons, and the
//! startup that opens a share link (`#s=...`) or restores the autosave.
//!
//! Everything that comes in (a link, a file, saved state) goes through `Saved::from_json`,
//! which checks and bounds it; a refusal is shown with its reason and the app keeps working.
//! All of it is shown as text: the views never interpret it as HTML.

mod autosave;
pub(crate) mod browser;
mod loading;
mod startup;
mod storage;

use super::store::{Msg, Store};
use crate::num::Fixed;
use crate::playground::diagram::sequence_svg;
use crate::playground::project;
use crate::playground::saved::MAX_BYTES;
use crate::playground::share::{self, COMFORTABLE_LINK_CHARS};
use crate::playground::{NoticeKind, Saved};
use loading::Progress;
use std::rc::Rc;
use storage::{Opening, LINK_KEY};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

pub use storage::{backup_key, AUTOSAVE_KEY, BACKUP_KEY};

/// Files larger than this are refused before they are read (what the app saves, it reads).
pub const MAX_IMPORT_BYTES: f64 = MAX_BYTES as f64;
/// Autosave at most this often (wall time), and when the page is hidden or closed.
const AUTOSAVE_EVERY_MS: u32 = 2000;

/// Puts a share link in the address bar and the clipboard, or, when it would be too long,
/// offers the playground as a file instead.
fn offer_link(dispatch: &UseReducerDispatcher<Store>, saved: &Saved, frag: &str) {
    let url = format!("{}#{frag}", browser::url_without_fragment());
    if url.len() > COMFORTABLE_LINK_CHARS {
        let name = format!("{}.scenario.json", file_stem(&saved.scenario.name));
        let pretty = crate::json::to_string_pretty(&saved.to_value());
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
        browser::set(&s, LINK_KEY, &storage::fingerprint(frag));
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

pub(super) fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// "2 panels, 8 steps, 600 ms".
pub(super) fn summary(saved: &Saved) -> String {
    let panels = saved.panels.iter().filter(|p| !p.removed).count();
    let steps = saved.scenario.steps.len();
    format!(
        "{panels} panel{}, {steps} step{}",
        if panels == 1 { "" } else { "s" },
        if steps == 1 { "" } else { "s" }
    )
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

    let progress = use_state(|| None::<Progress>);

    // Startup and autosave.
    {
        let pg = Rc::clone(&pg);
        let dispatch = store.dispatcher();
        let set_progress = progress.setter();
        use_effect_with((), move |_| {
            let start = startup::startup();
            for (kind, text) in start.tell {
                tell(&dispatch, kind, text);
            }
            if let Some((saved, source, told)) = start.open {
                loading::open(saved, source, told, dispatch.clone(), set_progress);
            }
            {
                // After a panic: write what can be written, without touching the UI. While
                // saved work is being opened the playground on screen is not the learner's:
                // nothing is written, and the next start knows what crashed.
                let pg = Rc::clone(&pg);
                super::panic::on_panic_save(
                    move || {
                        loading::opening()
                            .is_none()
                            .then(|| pg.try_borrow().ok().map(|p| p.to_saved()))
                            .flatten()
                    },
                    |saved| match loading::opening() {
                        Some(what) => {
                            storage::mark_crash(what);
                            false
                        }
                        None => storage::save_now(saved),
                    },
                );
            }
            #[cfg(feature = "test-hooks")]
            let test_panic = {
                let dispatch = dispatch.clone();
                let c: Closure<dyn FnMut(web_sys::Event)> =
                    Closure::new(move |_| dispatch.dispatch(Msg::TestPanic));
                if let Some(w) = web_sys::window() {
                    let _ = w.add_event_listener_with_callback(
                        "nats-playground-test-panic",
                        c.as_ref().unchecked_ref(),
                    );
                }
                c
            };
            let saver = Rc::new(autosave::Autosaver::new(pg, dispatch));
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
                #[cfg(feature = "test-hooks")]
                if let Some(w) = web_sys::window() {
                    let _ = w.remove_event_listener_with_callback(
                        "nats-playground-test-panic",
                        test_panic.as_ref().unchecked_ref(),
                    );
                }
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
                offer_link(&dispatch, &saved, &share::fragment(&deflated));
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
                "scenario" => {
                    let name = format!("{stem}.scenario.json");
                    // What Export writes, Import reads: the part that fits, compact if the
                    // indented form would not.
                    let (whole, work_cut) = pg.to_saved_reopenable();
                    match whole.fitting() {
                        Ok((saved, until)) => {
                            let until = until.or(work_cut);
                            let pretty = crate::json::to_string_pretty(&saved.to_value()) + "\n";
                            if let Some(t) = until {
                                tell(
                                    &dispatch,
                                    NoticeKind::Info,
                                    format!(
                                        "This run is too long for one scenario file (at most {} MB, and no more than a reload or Import replays): {name} holds its history up to {} s.",
                                        MAX_BYTES / (1024 * 1024),
                                        Fixed(t as f64 / 1000.0, 1)
                                    ),
                                );
                            }
                            let text = if pretty.len() <= MAX_BYTES {
                                pretty
                            } else {
                                saved.to_json()
                            };
                            (name, "application/json", text)
                        }
                        Err(e) => {
                            tell(
                                &dispatch,
                                NoticeKind::Error,
                                format!(
                                    "This playground cannot be exported as a scenario file: {}",
                                    sentence(&e.message)
                                ),
                            );
                            return;
                        }
                    }
                }
                "trace" => {
                    let trace = pg.sim().trace();
                    if let Some(first) = trace.front().filter(|_| trace.total() > trace.len()) {
                        tell(
                            &dispatch,
                            NoticeKind::Info,
                            format!(
                                "A long run keeps only its recent trace: this file holds its last {} entries, from {} s on.",
                                trace.len(),
                                Fixed(first.t / 1000.0, 1)
                            ),
                        );
                    }
                    let mut out = String::new();
                    for e in trace {
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
        let set_progress = progress.setter();
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
            let set_progress = set_progress.clone();
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
                        loading::open(saved, Opening::File, msg, d_ok, set_progress);
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

    let on_cancel = Callback::from(|_: MouseEvent| loading::cancel());
    let progress_line = match &*progress {
        Some(p) => html! {
            <div class="loading" data-testid="loading" role="status" aria-live="polite">
                <span data-testid="loading-text">{ format!("{}… {} %", p.what, p.percent) }</span>
                <progress max="100" value={p.percent.to_string()}></progress>
                <button type="button" data-testid="loading-cancel" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        },
        None => html! {},
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
            { progress_line }
        </div>
    }
}
