//! The header's Share button: the playground as a link (`#s=…`) in the address bar and the
//! clipboard, or as a file when the link would be too long to paste.

use super::policy::sentence;
use super::storage::{self, LINK_KEY};
use super::{browser, tell};
use crate::playground::export::file_stem;
use crate::playground::share::{self, COMFORTABLE_LINK_CHARS};
use crate::playground::{NoticeKind, Saved};
use crate::ui::store::Store;
use std::rc::Rc;
use yew::prelude::*;

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

/// The Share button (a function rather than a component: it renders inside the header's
/// group and costs the bundle no component of its own).
pub fn share_button(store: &UseReducerHandle<Store>) -> Html {
    let pg = Rc::clone(&store.pg);
    let on_share = {
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

    html! {
        <button id="share" data-testid="share" type="button" onclick={on_share}
            title="Copy a link that opens this playground, at this moment">
            { "Share" }
        </button>
    }
}
