//! The Yew app, and the view model it renders.
//!
//! Compiled everywhere (unit-tested on the host with plain `cargo test`):
//! - [`screen`], [`vm`]: the view model: what the screen shows, derived from the playground
//!   in one borrow (panels, consoles with their ack buttons, the server box, edges, dots).
//! - [`geometry`], [`format`]: pure helpers (sizes and positions; clock text, the speed scale).
//! - [`lab`]: the concurrency lab's databases as the screen shows them.
//! - [`marks`]: which timeline marks the time bar draws.
//! - [`layout`]: where panels go for the space on screen (lessons, new panels, presenter mode).
//! - [`persist`]`::policy`: what a tab opens with (the rest of `persist` is wasm32 only).
//!
//! wasm32 only (they render the view model and send actions, nothing else):
//! - [`store`]: the one store (the playground reducer and the open lesson).
//! - `app`, `canvas`, `add_button`, `panel`, `action_bar` (a phone's panel controls), `server_view`, `inspector`, `forms`, `timebar`,
//!   `lessons`, `database`, `theme`: Yew function components; `lesson_fetch`: lesson files
//!   fetched on demand; `dom`: browser glue (animation frames, clipboard, keys).

pub mod format;
pub mod geometry;
pub mod lab;
pub mod layout;
pub mod marks;
pub mod persist;
pub mod screen;
pub mod vm;
#[cfg(test)]
mod vm_tests;

#[cfg(target_arch = "wasm32")]
mod action_bar;
#[cfg(target_arch = "wasm32")]
mod add_button;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod canvas;
#[cfg(target_arch = "wasm32")]
mod database;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod forms;
#[cfg(target_arch = "wasm32")]
mod inspector;
#[cfg(target_arch = "wasm32")]
mod lesson_fetch;
#[cfg(target_arch = "wasm32")]
pub mod lessons;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
pub mod panic;
#[cfg(target_arch = "wasm32")]
mod server_view;
#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
mod theme;
#[cfg(target_arch = "wasm32")]
mod timebar;

#[cfg(target_arch = "wasm32")]
pub use app::App;
