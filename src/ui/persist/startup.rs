//! Start-up: reads what the browser holds (the address bar, this tab's saved work, what
//! crashed last time), lets `policy` decide what opens, and does what it decided: sets
//! damaged work aside, clears a refused link, says why.

use super::policy::{self, sentence, Open};
use super::storage::{self, Opening, Origin, LINK_KEY};
use super::{browser, link, loading};
use crate::playground::{share, NoticeKind, Saved};

/// What to open (replayed by `loading`), and what to tell first.
pub struct Start {
    pub tell: Vec<(NoticeKind, String)>,
    pub open: Option<(Saved, Opening, String)>,
}

/// Reads what opens; a link in the address bar is unpacked first (by the browser, so this
/// waits; the autosave and the panic hook leave the saved work alone meanwhile).
pub async fn startup() -> Start {
    let frag = browser::fragment();
    let link = if frag.starts_with("s=") {
        loading::hold(Some(Opening::Link));
        let read = link::read(&frag).await;
        loading::hold(None);
        Some(read)
    } else {
        None
    };
    let mut tell = Vec::new();
    if let Some(what) = storage::crashed_opening() {
        tell.push((NoticeKind::Error, crashed(what)));
    }
    let link_seen = frag.starts_with("s=")
        && browser::session_storage()
            .and_then(|s| browser::get(&s, LINK_KEY))
            .is_some_and(|seen| seen == storage::fingerprint(&frag));
    let origin = std::cell::Cell::new(None);
    let plan = policy::plan(
        &frag,
        link_seen,
        || {
            let (text, o) = storage::own_autosave()?;
            origin.set(Some(o));
            Some(text)
        },
        || link.unwrap_or_else(|| Err(share::cut_short())),
    );
    let origin = origin.into_inner();
    if let (Some(why), Some(o)) = (&plan.damaged, origin) {
        let aside = storage::own_autosave()
            .map(|(text, _)| take_aside(&text, o))
            .unwrap_or_default();
        tell.push((
            NoticeKind::Error,
            format!(
                "Your saved playground could not be restored. {} {aside} You start with a fresh playground.",
                sentence(why)
            ),
        ));
    }
    if let Some(why) = &plan.bad_link {
        tell.push((
            NoticeKind::Error,
            format!(
                "This share link cannot be opened. {} Ask for the link again, copied whole (it is long). Meanwhile the playground works as usual.",
                sentence(why)
            ),
        ));
        browser::replace_fragment(None);
    }
    let open = match plan.open {
        // The tab remembers the link once it is open (`loading`): a reload while it is
        // still opening opens the link again, not older work.
        Open::Link(saved) => {
            let text = policy::link_opened(&saved);
            Some((*saved, Opening::Link, text))
        }
        Open::Saved(saved) => origin.map(|o| (*saved, Opening::Autosave(o), String::new())),
        Open::Fresh => None,
    };
    Start { tell, open }
}

fn crashed(what: Opening) -> String {
    match what {
        Opening::Link => {
            "The page stopped while it was opening a share link; the link was not opened again."
                .into()
        }
        Opening::File => {
            "The page stopped while it was opening a file; the file was not opened again.".into()
        }
        Opening::Autosave(origin) => {
            // The saved work that crashed the page is set aside, not opened again.
            let aside = storage::own_autosave()
                .map(|(text, _)| take_aside(&text, origin))
                .unwrap_or_default();
            format!("The page stopped while it was reopening your saved playground, so it was not reopened. {aside}")
        }
    }
}

/// Sets this tab's autosave aside in the backup ring and says where. With no room, it
/// stays where it is and this tab stops writing over it.
pub(super) fn take_aside(text: &str, origin: Origin) -> String {
    let local = browser::local_storage();
    match local.as_ref().and_then(|l| storage::set_aside(l, text)) {
        Some(key) => {
            storage::forget(origin);
            format!("It was set aside in this browser's storage (under “{key}”).")
        }
        None => {
            storage::hold_shared();
            format!(
                "There was no room to set it aside, so it stays where it is (under “{}”) and this tab will not save over it: free some space, or use Export.",
                storage::AUTOSAVE_KEY
            )
        }
    }
}
