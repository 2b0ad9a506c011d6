//! Share, export, import and autosave: the header's Share / Export / Import buttons, and the
//! session that opens a share link (`#s=...`) or restores the autosave at start.
//!
//! - `policy` (pure, unit-tested on the host): what a tab opens with (a new link, this tab's
//!   work, a fresh playground), and the wording of what was opened.
//! - `startup` reads the browser and does what `policy` decided; `session` runs it once and
//!   then autosaves (`autosave`); `loading` replays what opens in slices; `storage` and
//!   `browser` hold the keys and the browser calls.
//! - `share`, `export`, `import`: one component per header button.
//!
//! Everything that comes in (a link, a file, saved state) goes through `Saved::from_json`,
//! which checks and bounds it; a refusal is shown with its reason and the app keeps working.
//! All of it is shown as text: the views never interpret it as HTML.

pub mod policy;

#[cfg(target_arch = "wasm32")]
mod autosave;
#[cfg(target_arch = "wasm32")]
pub(crate) mod browser;
#[cfg(target_arch = "wasm32")]
mod export;
#[cfg(target_arch = "wasm32")]
mod header;
#[cfg(target_arch = "wasm32")]
mod import;
#[cfg(target_arch = "wasm32")]
mod link;
#[cfg(target_arch = "wasm32")]
mod loading;
#[cfg(target_arch = "wasm32")]
mod session;
#[cfg(target_arch = "wasm32")]
mod share;
#[cfg(target_arch = "wasm32")]
mod startup;
#[cfg(target_arch = "wasm32")]
mod storage;

#[cfg(target_arch = "wasm32")]
pub use header::HeaderActions;
#[cfg(target_arch = "wasm32")]
pub use import::MAX_IMPORT_BYTES;
#[cfg(target_arch = "wasm32")]
pub use storage::{backup_key, AUTOSAVE_KEY, BACKUP_KEY};

#[cfg(target_arch = "wasm32")]
fn tell(
    dispatch: &yew::UseReducerDispatcher<super::store::Store>,
    kind: crate::playground::NoticeKind,
    text: impl Into<String>,
) {
    dispatch.dispatch(super::store::Msg::Tell(kind, text.into()));
}
