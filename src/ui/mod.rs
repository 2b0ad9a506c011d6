//! The Yew app (wasm32 only).
//!
//! - [`geometry`], [`format`]: pure logic (no yew, no web-sys). Also compiled on the
//!   host by `tests/ui_model.rs`, so their unit tests run with plain `cargo test`.
//! - `layout`: where panels go for the space on screen (lessons, new panels, presenter mode).
//! - [`store`]: the one store (the playground reducer and the open lesson).
//! - `vm`: small comparable view models derived from the store for each component.
//! - `app`, `canvas`, `add_button`, `panel`, `action_bar` (a phone's panel controls), `server_view`, `inspector`, `forms`, `timebar`,
//!   `lessons`, `database`, `theme`: Yew function components; `lesson_fetch`: lesson files
//!   fetched on demand; `dom`: browser glue (animation frames, clipboard, keys).

pub mod format;
pub mod geometry;

mod action_bar;
mod add_button;
mod app;
mod canvas;
mod database;
mod dom;
mod forms;
mod inspector;
mod layout;
mod lesson_fetch;
pub mod lessons;
mod panel;
pub mod panic;
pub mod persist;
mod server_view;
pub mod store;
mod theme;
mod timebar;
mod vm;

pub use app::App;
