//! Where the work is kept in this browser, and which saved work a tab opens.
//!
//! - `localStorage[AUTOSAVE_KEY]`: the work saved last by any tab (a new tab opens it), with
//!   `AUTOSAVE_TAB_KEY` naming the tab that wrote it;
//! - `sessionStorage[TAB_AUTOSAVE_KEY]`: this tab's own work (it survives reloads), which a
//!   reload opens when another tab has saved since: two tabs never open each other's work;
//! - `BACKUP_KEY`, `BACKUP_KEY-2`, `BACKUP_KEY-3`: a ring of saved states that could not be
//!   restored, set aside; one is never deleted to make room, nor the autosave when there is
//!   no room for its backup (this tab then saves only for itself).

use super::browser;
use crate::playground::Saved;
use std::cell::Cell;
use web_sys::Storage;

/// The autosaved playground (`Saved::to_json`), the latest of any tab.
pub const AUTOSAVE_KEY: &str = "nats-playground/autosave";
/// Which tab wrote [`AUTOSAVE_KEY`].
const AUTOSAVE_TAB_KEY: &str = "nats-playground/autosave-tab";
/// The first slot of the ring where saved states that cannot be restored are set aside.
pub const BACKUP_KEY: &str = "nats-playground/autosave-backup";
const BACKUPS: u32 = 3;
/// The ring's next slot once every slot is taken (the oldest).
const BACKUP_NEXT_KEY: &str = "nats-playground/autosave-backup-next";
/// (sessionStorage) This tab's id and its own autosave.
const TAB_KEY: &str = "nats-playground/tab";
const TAB_AUTOSAVE_KEY: &str = "nats-playground/tab-autosave";
/// (sessionStorage) A fingerprint of the link this tab opened or shared: reloading the same
/// link reopens the work done since instead of the link's older state.
pub const LINK_KEY: &str = "nats-playground/link";
/// (sessionStorage) Set by the panic hook when the page crashed while opening saved work:
/// what it was opening (`link`, `file` or `autosave`).
const CRASHED_KEY: &str = "nats-playground/crashed-while-opening";

thread_local! {
    /// No room to set a damaged autosave aside: this tab must not write over it.
    static HOLD_SHARED: Cell<bool> = const { Cell::new(false) };
    /// Whether this tab has written the shared autosave (so a different writer is news).
    static WROTE_SHARED: Cell<bool> = const { Cell::new(false) };
}

/// The slot `n` (0-based) of the backup ring.
pub fn backup_key(n: u32) -> String {
    if n == 0 {
        BACKUP_KEY.to_string()
    } else {
        format!("{BACKUP_KEY}-{}", n + 1)
    }
}

/// This tab's id (made once per tab, kept across reloads).
fn tab_id() -> String {
    let Some(s) = browser::session_storage() else {
        return String::new();
    };
    if let Some(id) = browser::get(&s, TAB_KEY) {
        return id;
    }
    let id = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    browser::set(&s, TAB_KEY, &id);
    id
}

/// Sets `text` aside in the backup ring: the first free slot, else the oldest. Returns the
/// key it is under, or `None` if the browser had no room (nothing is deleted to make room).
pub fn set_aside(local: &Storage, text: &str) -> Option<String> {
    let free = (0..BACKUPS).find(|&n| browser::get(local, &backup_key(n)).is_none());
    let n = free.unwrap_or_else(|| {
        browser::get(local, BACKUP_NEXT_KEY)
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|&n| n < BACKUPS)
            .unwrap_or(0)
    });
    let key = backup_key(n);
    if !browser::set(local, &key, text) {
        return None;
    }
    browser::set(local, BACKUP_NEXT_KEY, &((n + 1) % BACKUPS).to_string());
    Some(key)
}

/// Where an autosave came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The latest of any tab (`localStorage`).
    Shared,
    /// This tab's own (`sessionStorage`): another tab saved since.
    Tab,
}

/// The autosave this tab reopens: the shared one if this tab wrote it last (or it is a new
/// tab), else this tab's own.
pub fn own_autosave() -> Option<(String, Origin)> {
    let local = browser::local_storage();
    let session = browser::session_storage();
    let own = session
        .as_ref()
        .and_then(|s| browser::get(s, TAB_AUTOSAVE_KEY));
    let writer = local
        .as_ref()
        .and_then(|l| browser::get(l, AUTOSAVE_TAB_KEY));
    let other_tab_wrote = writer.is_some_and(|w| w != tab_id());
    match own {
        Some(text) if other_tab_wrote => {
            // This tab had saved before the other one: its next save is news to tell.
            WROTE_SHARED.with(|w| w.set(true));
            Some((text, Origin::Tab))
        }
        _ => local
            .as_ref()
            .and_then(|l| browser::get(l, AUTOSAVE_KEY))
            .map(|t| (t, Origin::Shared)),
    }
}

/// Removes an autosave that could not be restored (once it is set aside).
pub fn forget(origin: Origin) {
    match origin {
        Origin::Shared => {
            if let Some(l) = browser::local_storage() {
                browser::remove(&l, AUTOSAVE_KEY);
            }
        }
        Origin::Tab => {
            if let Some(s) = browser::session_storage() {
                browser::remove(&s, TAB_AUTOSAVE_KEY);
            }
        }
    }
}

/// From now on this tab does not write the shared autosave (a damaged one stays there).
pub fn hold_shared() {
    HOLD_SHARED.with(|h| h.set(true));
}

/// What writing the autosave did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// Kept somewhere (this tab's copy or the shared one).
    pub kept: bool,
    /// Another tab had written the shared autosave since this tab last did.
    pub other_tab: bool,
}

/// Writes `json` as this tab's autosave and (unless held) the shared one.
pub fn write_autosave(json: &str) -> Written {
    let tab = browser::session_storage().is_some_and(|s| browser::set(&s, TAB_AUTOSAVE_KEY, json));
    let mut other_tab = false;
    let mut shared = false;
    if !HOLD_SHARED.with(Cell::get) {
        if let Some(l) = browser::local_storage() {
            let me = tab_id();
            let writer = browser::get(&l, AUTOSAVE_TAB_KEY);
            other_tab = WROTE_SHARED.with(Cell::get) && writer.is_some_and(|w| w != me);
            shared = browser::set(&l, AUTOSAVE_KEY, json);
            if shared {
                browser::set(&l, AUTOSAVE_TAB_KEY, &me);
                WROTE_SHARED.with(|w| w.set(true));
            }
        }
    }
    Written {
        kept: tab || shared,
        other_tab,
    }
}

/// Writes `saved` (or the part of it that fits) at once; whether it was kept.
pub fn save_now(saved: &Saved) -> bool {
    saved
        .fitting()
        .is_ok_and(|(s, _)| write_autosave(&s.to_json()).kept)
}

/// What was being opened (for [`mark_crash`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    Link,
    File,
    Autosave(Origin),
}

impl Opening {
    fn tag(self) -> &'static str {
        match self {
            Opening::Link => "link",
            Opening::File => "file",
            Opening::Autosave(Origin::Shared) => "autosave",
            Opening::Autosave(Origin::Tab) => "tab-autosave",
        }
    }
}

/// Records that the page crashed while opening `what` (read by [`crashed_opening`]).
pub fn mark_crash(what: Opening) {
    if let Some(s) = browser::session_storage() {
        browser::set(&s, CRASHED_KEY, what.tag());
    }
}

/// What the page was opening when it last crashed in this tab, if it did (read once).
pub fn crashed_opening() -> Option<Opening> {
    let s = browser::session_storage()?;
    let tag = browser::get(&s, CRASHED_KEY)?;
    browser::remove(&s, CRASHED_KEY);
    [
        Opening::Link,
        Opening::File,
        Opening::Autosave(Origin::Shared),
        Opening::Autosave(Origin::Tab),
    ]
    .into_iter()
    .find(|o| o.tag() == tag)
}

/// A fingerprint of a link (FNV-1a, 64 bits), so the tab remembers which link it opened
/// without storing the link.
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", crate::fnv::fnv1a(text.as_bytes()))
}
