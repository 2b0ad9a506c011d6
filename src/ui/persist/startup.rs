//! What a tab opens with: a share link in the address bar (a link this tab did not open
//! before always wins), else this tab's work (see `storage`), else a fresh playground.
//! Everything goes through `Saved::from_json`; a refusal is said, and set aside.

use super::storage::{self, Opening, Origin, LINK_KEY};
use super::{browser, sentence, summary};
use crate::playground::share;
use crate::playground::{NoticeKind, Saved};

/// What to open (replayed by `loading`), and what to tell first.
pub struct Start {
    pub tell: Vec<(NoticeKind, String)>,
    pub open: Option<(Saved, Opening, String)>,
}

/// The message for a link that was opened: what it holds.
pub fn link_opened(saved: &Saved) -> String {
    format!(
        "Opened the shared playground “{}” ({}). It is yours to change: nothing goes back to whoever sent the link.",
        saved.scenario.name,
        summary(saved)
    )
}

pub fn startup() -> Start {
    let mut start = Start {
        tell: Vec::new(),
        open: None,
    };
    if let Some(what) = storage::crashed_opening() {
        start.tell.push((NoticeKind::Error, crashed(what)));
    }
    let frag = browser::fragment();
    if !frag.starts_with("s=") {
        start.open = restore(&mut start.tell);
        return start;
    }
    let fp = storage::fingerprint(&frag);
    let session = browser::session_storage();
    let reopened = session
        .as_ref()
        .and_then(|s| browser::get(s, LINK_KEY))
        .is_some_and(|seen| seen == fp);
    if reopened {
        // A reload of the link this tab opened or shared: carry on where the learner was
        // (if that cannot be restored, open the link itself after saying so).
        if let Some(open) = restore(&mut start.tell) {
            start.open = Some(open);
            return start;
        }
    }
    match share::decode(&frag) {
        Ok(saved) => {
            // The tab remembers the link once it is open (`loading`): a reload while it is
            // still opening opens the link again, not older work.
            let text = link_opened(&saved);
            start.open = Some((saved, Opening::Link, text));
        }
        Err(e) => {
            start.open = restore(&mut start.tell);
            start.tell.push((
                NoticeKind::Error,
                format!(
                    "This share link cannot be opened. {} Ask for the link again, copied whole (it is long). Meanwhile the playground works as usual.",
                    sentence(&e.message)
                ),
            ));
            browser::replace_fragment(None);
        }
    }
    start
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

/// This tab's saved work, if there is any and it can be opened; a damaged one (or one from
/// another version) is set aside and the learner is told.
fn restore(tell: &mut Vec<(NoticeKind, String)>) -> Option<(Saved, Opening, String)> {
    let (text, origin) = storage::own_autosave()?;
    match Saved::from_json(&text) {
        Ok(saved) => Some((saved, Opening::Autosave(origin), String::new())),
        Err(e) => {
            let aside = take_aside(&text, origin);
            tell.push((
                NoticeKind::Error,
                format!(
                    "Your saved playground could not be restored. {} {aside} You start with a fresh playground.",
                    sentence(&e.message)
                ),
            ));
            None
        }
    }
}
