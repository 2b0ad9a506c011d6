//! The header's Import button: a scenario file (a saved playground or a plain scenario),
//! bounded in size before it is read, checked by `Saved::from_json`, then replayed.

use super::loading::{self, Progress};
use super::policy::{sentence, summary};
use super::storage::Opening;
use super::{browser, tell};
use crate::num::Fixed;
use crate::playground::saved::MAX_BYTES;
use crate::playground::{NoticeKind, Saved};
use crate::ui::store::Store;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Files larger than this are refused before they are read (what the app saves, it reads).
pub const MAX_IMPORT_BYTES: f64 = MAX_BYTES as f64;

/// The Import button and its hidden file input, `file_input` (a function rather than a
/// component: it renders inside the header's group and costs the bundle no component of its
/// own). `set_progress` shows the replay's progress.
pub fn import_button(
    store: &UseReducerHandle<Store>,
    file_input: &NodeRef,
    set_progress: &UseStateSetter<Option<Progress>>,
) -> Html {
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
        let set_progress = set_progress.clone();
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

    html! {
        <>
        <button id="import" data-testid="import" type="button" onclick={on_import_click}
            title="Open a scenario file (.json): a saved playground or a plain scenario">
            { "Import" }
        </button>
        <input
            ref={file_input.clone()}
            id="import-file"
            data-testid="import-file"
            type="file"
            accept=".json,application/json"
            hidden=true
            aria-label="Scenario file to import"
            onchange={on_file}
        />
        </>
    }
}
